import type { Database } from '../../db/index.ts';
import { DEMO_PASSWORD } from '../../seed/seed.service.ts';
import type { Services } from '../../services.ts';
import { queryRows } from '../../db/index.ts';
import { DEMO_TEAMS } from '../../seed/demo-teams.ts';
import { scalar, sql } from '../../testing/fixtures.ts';

/**
 * What the requests tests need on top of the demo district: accounts for the captain and two members
 * of the 跑腿小分队 in 荔枝园村, a volunteer of another team who must see nothing of theirs, a grid
 * worker of No. 37's grid; six more doors in No. 37 and a building outside the high-risk area.
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

  // The demo's 红旗街道 team and its 跑腿小分队 in 荔枝园村 (the teams seed), its captain and two of its members.
  const team = await q(sql`select id from teams where name = ${DEMO_TEAMS.errandTeam}`);
  const squad = await q(sql`select id from squads where team_id = ${team} and name = ${DEMO_TEAMS.errandSquad}`);
  const captain = await q(sql`select person_id from assignments where unit_type = 'team' and unit_id = ${team} and role = 'team_captain' and ends_at is null`);
  const [vol1, vol2] = (await queryRows<{ personId: number }>(database.db, sql`
    select m.person_id as "personId" from team_members m where m.squad_id = ${squad} and m.left_at is null
      and m.person_id not in (select person_id from users where person_id is not null) order by m.id limit 2`)).map((r) => r.personId);
  const otherTeam = await q(sql`select id from teams where name = ${DEMO_TEAMS.captainTeam}`);
  const outsider = await q(sql`select person_id from team_members where team_id = ${otherTeam} and left_at is null and person_id <> (select person_id from assignments where unit_type = 'team' and unit_id = ${otherTeam} and role = 'team_captain' and ends_at is null) order by id limit 1`);
  const account = (username: string, role: 'volunteer' | 'team_captain' | 'grid_worker', scopeRegionId: number, personId: number | null) =>
    services.auth.createUser({ username, displayName: username, role, scopeRegionId, personId, password: DEMO_PASSWORD });
  await account('t-captain', 'team_captain', hongqi, captain);
  await account('t-vol1', 'volunteer', lizhiyuan, vol1);
  await account('t-vol2', 'volunteer', lizhiyuan, vol2);
  await account('t-outsider', 'volunteer', zhanqian, outsider);
  await account('t-grid37', 'grid_worker', grid37, null);
  return { hongqi, lizhiyuan, no37, no38, grid37, zhanqian, team, squad, otherTeam, captain, vol1, vol2, outsider };
}
