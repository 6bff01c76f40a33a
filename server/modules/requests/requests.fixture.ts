import type { Database } from '../../db/index.ts';
import { DEMO_PASSWORD } from '../../seed/seed.service.ts';
import type { Services } from '../../services.ts';
import { scalar, sql } from '../../testing/fixtures.ts';

/**
 * What the requests tests need on top of the demo district, written directly: a team of 红旗街道
 * with an errand squad for 荔枝园村, its captain and three members with accounts, a grid worker of
 * No. 37's grid, and a second team elsewhere with a volunteer who must see nothing of the first.
 */
export async function requestsFixture(database: Database, services: Services) {
  const q = (query: ReturnType<typeof sql>) => scalar<number>(database, query);
  const hongqi = await q(sql`select id from regions where level = 'town' and name = '红旗街道'`);
  const lizhiyuan = await q(sql`select id from regions where level = 'community' and name = '荔枝园村' and parent_id = ${hongqi}`);
  const no37 = await q(sql`select b.id from buildings b join regions g on g.id = b.grid_id where g.parent_id = ${lizhiyuan} and b.name = '37号'`);
  const grid37 = await q(sql`select grid_id from buildings where id = ${no37}`);
  const zhanqian = await q(sql`select id from regions where level = 'town' and name = '站前街道'`);
  // A second building in No. 37's grid, outside the high-risk area.
  const no38 = await q(sql`insert into buildings (grid_id, name) values (${grid37}, '测试38号') returning id`);
  await database.db.execute(sql`insert into households (building_id, door) values (${no38}, '101'), (${no38}, '102')`);
  // A small demo district gives No. 37 a door or two; the tests want six, each with two residents.
  for (let i = 1; i <= 6; i++) {
    const door = `6${String(i).padStart(2, '0')}`;
    const household = await q(sql`insert into households (building_id, door) values (${no37}, ${door}) on conflict do nothing returning id`).catch(() => undefined);
    if (!household) continue;
    await database.db.execute(sql`insert into residents (id_number, name, gender, birth_date, phone, household_id, grid_id) values
      (${`44090219500101${String(i).padStart(3, '0')}1`}, ${`测试户主${i}`}, 'M', '1950-01-01', ${`1380000010${i}`}, ${household}, ${grid37}),
      (${`44090220150601${String(i).padStart(3, '0')}2`}, ${`测试孩子${i}`}, 'F', '2015-06-01', null, ${household}, ${grid37})`);
  }

  const person = (name: string, kind: string, phone: string) =>
    q(sql`insert into people (name, kind, phone, party_member, home_community_id) values (${name}, ${kind}, ${phone}, true, ${lizhiyuan}) returning id`);
  const team = await q(sql`insert into teams (name, parent_unit, region_id) values ('测试首善先锋红旗队', '区委组织部', ${hongqi}) returning id`);
  const squad = await q(sql`insert into squads (team_id, name, kind, region_id, needed) values (${team}, '荔枝园村跑腿分队', 'errands', ${lizhiyuan}, 25) returning id`);
  const otherTeam = await q(sql`insert into teams (name, parent_unit, region_id) values ('测试站前队', '区人大常委会', ${zhanqian}) returning id`);

  const captain = await person('队长甲', 'cadre', '13900000001');
  const vol1 = await person('志愿者乙', 'volunteer', '13900000002');
  const vol2 = await person('志愿者丙', 'volunteer', '13900000003');
  const outsider = await person('志愿者丁', 'volunteer', '13900000004');
  await database.db.execute(sql`insert into assignments (unit_type, unit_id, role, person_id) values ('team', ${team}, 'team_captain', ${captain})`);
  await database.db.execute(sql`insert into team_members (team_id, person_id, squad_id, trained) values
    (${team}, ${captain}, ${squad}, true), (${team}, ${vol1}, ${squad}, true), (${team}, ${vol2}, ${squad}, true), (${otherTeam}, ${outsider}, null, true)`);

  const account = (username: string, role: 'volunteer' | 'team_captain' | 'grid_worker', scopeRegionId: number, personId: number | null) =>
    services.auth.createUser({ username, displayName: username, role, scopeRegionId, personId, password: DEMO_PASSWORD });
  await account('t-captain', 'team_captain', hongqi, captain);
  await account('t-vol1', 'volunteer', lizhiyuan, vol1);
  await account('t-vol2', 'volunteer', lizhiyuan, vol2);
  await account('t-outsider', 'volunteer', zhanqian, outsider);
  await account('t-grid37', 'grid_worker', grid37, null);
  return { hongqi, lizhiyuan, no37, no38, grid37, zhanqian, team, squad, otherTeam, captain, vol1, vol2, outsider };
}
