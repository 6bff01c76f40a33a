import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../db/index.ts';
import { demoFixture, scalar, sql } from '../testing/fixtures.ts';
import { DEMO_TEAMS } from './demo-teams.ts';

describe('the demo volunteer teams', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await demoFixture());
  });
  afterAll(async () => drop());

  it('has 43 首善先锋 teams and 4,000+ volunteers, each in one team', async () => {
    expect(await scalar(database, sql`select count(*)::int from teams where name like '%首善先锋党员志愿服务队'`)).toBe(43);
    expect(await scalar(database, sql`select count(*)::int from people p join team_members m on m.person_id = p.id and m.left_at is null where p.kind = 'volunteer'`)).toBeGreaterThan(4000);
    expect(await scalar(database, sql`select count(*)::int from (select person_id from team_members where left_at is null group by 1 having count(*) > 1) x`)).toBe(0);
    expect(await scalar(database, sql`select count(*)::int from team_members where not trained`)).toBeGreaterThan(0);
    expect(await scalar(database, sql`select count(*)::int from team_members m join squads s on s.id = m.squad_id where not m.trained`)).toBe(0);
    const parents = await queryRows<{ parent_unit: string }>(database.db, sql`select parent_unit from teams`);
    expect(parents.map((p) => p.parent_unit)).toEqual(expect.arrayContaining(['区人大常委会', '区审计局', '区司法局', '区人社局', '区市场监管局', '区委宣传部', '区委组织部', '站前街道党工委']));
  });

  it('has the Organisation Department\'s 45 cadres and the 25-person errand squad in 荔枝园村', async () => {
    expect(await scalar(database, sql`select count(*)::int from team_members m join teams t on t.id = m.team_id join people p on p.id = m.person_id where t.name = ${DEMO_TEAMS.cadreTeam} and p.kind = 'cadre'`)).toBe(45);
    const [squad] = await queryRows<{ n: number; needed: number; region: string; kind: string }>(database.db, sql`
      select count(m.id)::int as n, s.needed, r.name as region, s.kind from squads s join regions r on r.id = s.region_id
      left join team_members m on m.squad_id = s.id and m.left_at is null where s.name = ${DEMO_TEAMS.errandSquad} group by s.id, r.name`);
    expect(squad).toEqual({ n: 25, needed: 25, region: '荔枝园村', kind: 'errands' });
  });

  it('leaves one team without a captain and two squads short, every other one full', async () => {
    const captainless = await queryRows<{ name: string }>(database.db, sql`
      select name from teams t where not exists (select 1 from assignments a where a.unit_type = 'team' and a.unit_id = t.id and a.role = 'team_captain' and a.ends_at is null)`);
    expect(captainless.map((t) => t.name)).toEqual([DEMO_TEAMS.captainlessTeam]);
    const short = await queryRows<{ squad: string; team: string }>(database.db, sql`
      select s.name as squad, t.name as team from squads s join teams t on t.id = s.team_id
      where s.needed > (select count(*) from team_members m where m.squad_id = s.id and m.left_at is null) order by t.name`);
    expect(short).toEqual(expect.arrayContaining(DEMO_TEAMS.shortSquads.map((s) => ({ squad: s.squad, team: s.team }))));
    expect(short).toHaveLength(2);
  });

  it('links the captain account to the captain of a 站前街道 team and the volunteer to the errand squad', async () => {
    const [captain] = await queryRows<{ team: string; region: string; scope: string }>(database.db, sql`
      select t.name as team, r.name as region, s.name as scope from users u
      join assignments a on a.person_id = u.person_id and a.unit_type = 'team' and a.ends_at is null
      join teams t on t.id = a.unit_id join regions r on r.id = t.region_id join regions s on s.id = u.scope_region_id where u.username = 'captain'`);
    expect(captain).toEqual({ team: DEMO_TEAMS.captainTeam, region: '站前街道', scope: '站前街道' });
    const [volunteer] = await queryRows<{ squad: string; kind: string }>(database.db, sql`
      select s.name as squad, p.kind from users u join team_members m on m.person_id = u.person_id and m.left_at is null
      join squads s on s.id = m.squad_id join people p on p.id = u.person_id where u.username = 'volunteer'`);
    expect(volunteer).toEqual({ squad: DEMO_TEAMS.errandSquad, kind: 'volunteer' });
  });

  it('has sign-ups waiting for the captain', async () => {
    expect(await scalar(database, sql`select count(*)::int from volunteer_signups s join teams t on t.id = s.team_id where s.status = 'pending' and t.name = ${DEMO_TEAMS.captainTeam}`)).toBeGreaterThanOrEqual(3);
  });
});
