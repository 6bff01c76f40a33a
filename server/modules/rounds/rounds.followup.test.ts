import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { writeXlsx } from '../../lib/spreadsheet.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

const HOUR = 3600_000;

describe('after the scans: sweeps, door-to-door sampling, lab results and recalls', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let roundId: number;
  let point: number;
  const now = new Date();
  const ids = (query: ReturnType<typeof sql>) => scalar<string[]>(database, query);
  const scan = (tubes: Array<{ code: string; ids: string[] }>, purpose: 'screen' | 'retest' = 'screen') =>
    services.rounds.ingest(command, roundId, { submissionId: randomUUID(), pointId: point, purpose, tubes: tubes.map((t) => ({ code: t.code, persons: t.ids.map((idNumber) => ({ idNumber })) })) });

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture(0.03));
    command = await asUser(services, 'command');
    const responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    const hongqi = await scalar<number>(database, sql`select id from regions where level = 'town' and name = '红旗街道'`);
    const zhanqian = await scalar<number>(database, sql`select id from regions where level = 'town' and name = '站前街道'`);
    roundId = (await services.rounds.open(command, responseId, {
      name: '红旗站前加测', startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + 12 * HOUR),
      regionIds: [hongqi, zhanqian], zoneIds: [], defaultPoolSize: 10, poolSizes: [{ level: 'high', poolSize: 1 }, { level: 'medium', poolSize: 5 }],
    })).id;
    point = await scalar(database, sql`select id from points where name = '恒福尚城北门A点'`);
  });
  afterAll(async () => drop());

  it('opens home-sampling tasks for those who cannot come, sealed areas first, once; a scan closes one', async () => {
    const expected = await scalar<number>(database, sql`
      select count(*)::int from residents r join households h on h.id = r.household_id join regions g on g.id = r.grid_id
      where (g.path like (select path from regions where name = '红旗街道') || '%' or g.path like (select path from regions where name = '站前街道') || '%')
        and (h.building_id in (select building_id from zone_members m join zones z on z.id = m.zone_id where z.level = 'high' and building_id is not null)
          or r.special_groups && array['bedridden','disabled'] or r.birth_date <= (now() - interval '80 years')::date)`);
    const sealed = await scalar<number>(database, sql`
      select count(*)::int from residents r join households h on h.id = r.household_id
      where h.building_id in (select building_id from zone_members m join zones z on z.id = m.zone_id where z.level = 'high' and building_id is not null)`);
    const first = await services.rounds.generateHomeTasks(command, roundId);
    expect(first.opened).toBe(expected);
    expect(first.byReason.sealed_area).toBe(sealed);
    expect((await services.rounds.generateHomeTasks(command, roundId)).opened).toBe(0);

    const tasks = await services.rounds.homeTasks(command, roundId, { status: 'open' });
    expect(tasks.total).toBe(expected);
    expect(tasks.listed).toBe(Math.min(expected, 2000));
    expect(tasks.buildings.reduce((n, b) => n + b.tasks.length, 0)).toBe(tasks.listed);
    expect(tasks.urgent).toBe(sealed);
    expect(tasks.buildings[0]).toMatchObject({ building: '37号' });
    expect(tasks.buildings[0].tasks.every((t) => t.reason === 'sealed_area' && t.urgent)).toBe(true);

    // A point's squads see the tasks in the area the point serves.
    const servedTasks = await scalar<number>(database, sql`
      select count(*)::int from home_tasks t join regions g on g.id = t.grid_id
      where t.round_id = ${roundId} and t.status = 'open'
        and exists (select 1 from point_served_regions ps join regions sr on sr.id = ps.region_id where ps.point_id = ${point} and g.path like sr.path || '%')`);
    const squad = await services.rounds.homeTasks(command, roundId, { status: 'open', pointId: point });
    expect(servedTasks).toBeGreaterThan(0);
    expect(squad.total).toBe(servedTasks);
    expect(squad.total).toBeLessThan(tasks.total);
    expect(squad.buildings.every((b) => b.where.startsWith('站前街道 / 恒福社区'))).toBe(true);

    const someone = await scalar<string>(database, sql`select r.id_number from home_tasks t join residents r on r.id = t.resident_id where t.reason = 'sealed_area' limit 1`);
    await scan([{ code: 'HOME-0001', ids: [someone] }]);
    expect((await services.rounds.homeTasks(command, roundId, { status: 'open' })).total).toBe(expected - 1);
    expect((await services.rounds.homeTasks(command, roundId, { status: 'done' })).total).toBe(1);
    // A volunteer sees the list without full numbers.
    const masked = await services.rounds.homeTasks(await asUser(services, 'volunteer'), roundId, { status: 'open' });
    expect(masked.buildings.flatMap((b) => b.tasks).every((t) => t.idNumber.includes('*'))).toBe(true);
  });

  it('hands a building\'s tasks to a door-to-door squad, which then lists them; other kinds of squad and other captains are refused', async () => {
    const district = await scalar<number>(database, sql`select id from regions where level = 'district'`);
    const team = await scalar<number>(database, sql`insert into teams (name, parent_unit, region_id) values ('上门采样测试队', '区卫健局', ${district}) returning id`);
    const doorToDoor = await scalar<number>(database, sql`insert into squads (team_id, name, kind) values (${team}, '上门采样小分队', 'door_to_door') returning id`);
    const errands = await scalar<number>(database, sql`insert into squads (team_id, name, kind) values (${team}, '跑腿小分队', 'errands') returning id`);
    const open = await services.rounds.homeTasks(command, roundId, { status: 'open' });
    const [first, second] = open.buildings;
    const handed = await services.rounds.handOffHomeTasks(command, roundId, { buildingIds: [first.buildingId], squadId: doorToDoor });
    expect(handed).toEqual({ moved: first.tasks.length, squad: '上门采样测试队 · 上门采样小分队' });

    const mine = await services.rounds.homeTasks(command, roundId, { status: 'open', squadId: doorToDoor });
    expect(mine.total).toBe(first.tasks.length);
    expect(mine.buildings.map((b) => b.buildingId)).toEqual([first.buildingId]);
    expect(mine.buildings[0].tasks.every((t) => t.squadId === doorToDoor && t.squad === '上门采样测试队 · 上门采样小分队')).toBe(true);
    const rest = await services.rounds.homeTasks(command, roundId, { status: 'open' });
    expect(rest.buildings.find((b) => b.buildingId === second.buildingId)!.tasks.every((t) => t.squadId === null)).toBe(true);

    expect((await refusal(services.rounds.handOffHomeTasks(command, roundId, { buildingIds: [second.buildingId], squadId: errands })))?.messageKey).toBe('squad_not_door_to_door');
    // A captain who does not lead this team may not hand its squad work; a grid worker may not hand off at all.
    expect((await refusal(services.rounds.handOffHomeTasks(await asUser(services, 'captain'), roundId, { buildingIds: [second.buildingId], squadId: doorToDoor })))?.status).toBe(403);
    expect((await refusal(services.rounds.handOffHomeTasks(await asUser(services, 'grid'), roundId, { buildingIds: [second.buildingId], squadId: doorToDoor })))?.status).toBe(403);
    expect((await services.rounds.homeTasks(command, roundId, { status: 'open', squadId: doorToDoor })).total).toBe(first.tasks.length);
  });

  it('records door knocks and calls on the untested list; "needs home sampling" opens a task', async () => {
    const grid = await asUser(services, 'grid');
    const list = await services.rounds.untested(grid, roundId, { gridId: grid.scopeRegionId });
    const person = list.items.find((p) => !p.homeTask)!;
    await services.rounds.contact(grid, roundId, { residentId: person.residentId, channel: 'door', outcome: 'no_answer' });
    await services.rounds.contact(grid, roundId, { residentId: person.residentId, channel: 'phone', outcome: 'home_sampling_needed', note: '腿脚不便' });
    const after = (await services.rounds.untested(grid, roundId, { gridId: grid.scopeRegionId })).items.find((p) => p.residentId === person.residentId)!;
    expect(after.lastContact).toMatchObject({ channel: 'phone', outcome: 'home_sampling_needed', note: '腿脚不便', by: '网格员' });
    expect(after.homeTask).toBe(true);
    const far = await scalar<number>(database, sql`select r.id from residents r join regions g on g.id = r.grid_id where g.path not like ${grid.scopePath + '%'} limit 1`);
    expect((await refusal(services.rounds.contact(grid, roundId, { residentId: far, channel: 'door', outcome: 'away' })))?.status).toBe(403);
  });

  it('recalls everyone in a positive pool for a single-tube retest, and closes each recall with its result', async () => {
    const medium = await ids(sql`
      select array_agg(id_number order by id) from residents r
      where r.grid_id in (select m.region_id from zone_members m join zones z on z.id = m.zone_id where z.level = 'medium')
        and not exists (select 1 from samples s where s.resident_id = r.id)`);
    const others = await ids(sql`
      select array_agg(r.id_number order by r.id) from residents r join regions g on g.id = r.grid_id
      where g.path like (select path from regions where name = '站前街道') || '%' and not exists (select 1 from samples s where s.resident_id = r.id)`);
    await scan([{ code: 'POOL-0001', ids: medium.slice(0, 5) }, { code: 'POOL-0002', ids: others.slice(0, 10) }]);

    const report = await services.rounds.recordResults(command, roundId, [{ code: 'POOL-0001', result: 'positive' }, { code: 'POOL-0002', result: 'negative' }]);
    expect(report).toEqual({ recorded: 2, positive: 1, recalled: 5, cleared: 0, confirmed: 0 });
    expect((await services.rounds.recordResults(command, roundId, [{ code: 'POOL-0001', result: 'positive' }])).recorded).toBe(0);
    const differs = await refusal(services.rounds.recordResults(command, roundId, [{ code: 'POOL-0002', result: 'positive' }, { code: 'NOPE-0001', result: 'negative' }], 'en'));
    expect((differs?.details as { problems: Array<{ reason: string }> }).problems.map((p) => p.reason)).toEqual(['result_differs', 'tube_unknown']);
    expect((await refusal(services.rounds.recordResults(await asUser(services, 'grid'), roundId, [{ code: 'POOL-0002', result: 'negative' }])))?.status).toBe(403);

    const round = await services.rounds.get(roundId);
    expect(round.results).toEqual({ tubesWithResult: 2, positivePools: 1, recallsOpen: 5, cleared: 0, confirmed: 0 });
    const recalls = await services.rounds.recalls(command, roundId);
    expect(recalls.items.map((r) => [r.poolCode, r.status])).toEqual(Array(5).fill(['POOL-0001', 'open']));
    const urgent = (await services.rounds.homeTasks(command, roundId, { status: 'open' })).buildings.flatMap((b) => b.tasks).filter((t) => t.reason === 'retest');
    expect(urgent).toHaveLength(5);
    expect(urgent.every((t) => t.urgent)).toBe(true);

    // Retests: single tubes, recalled people only; they do not count twice in the coverage.
    const tested = (await services.rounds.get(roundId)).coverage.tested;
    expect(((await refusal(scan([{ code: 'RT-0000', ids: [others[0]] }], 'retest')))?.details as { problems: Array<{ reason: string }> }).problems[0].reason).toBe('not_recalled');
    expect(((await refusal(scan([{ code: 'RT-0000', ids: medium.slice(0, 2) }], 'retest')))?.details as { problems: Array<{ reason: string }> }).problems[0].reason).toBe('pool_over_size');
    await scan(medium.slice(0, 5).map((id, i) => ({ code: `RT-000${i + 1}`, ids: [id] })), 'retest');
    expect((await services.rounds.get(roundId)).coverage.tested).toBe(tested);
    expect((await services.rounds.homeTasks(command, roundId, { status: 'open' })).buildings.flatMap((b) => b.tasks).filter((t) => t.reason === 'retest')).toHaveLength(0);

    const closing = await services.rounds.recordResults(command, roundId, [1, 2, 3, 4, 5].map((i) => ({ code: `RT-000${i}`, result: i === 3 ? ('positive' as const) : ('negative' as const) })));
    expect(closing).toMatchObject({ recorded: 5, cleared: 4, confirmed: 1 });
    expect((await services.rounds.get(roundId)).results).toMatchObject({ recallsOpen: 0, cleared: 4, confirmed: 1 });
    expect((await services.rounds.recalls(command, roundId)).items.filter((r) => r.status === 'confirmed').map((r) => r.retestCode)).toEqual(['RT-0003']);
  });

  it('reads a lab\'s result file and refuses one with results it cannot read', async () => {
    const file = await writeXlsx([{ name: '结果', columns: [{ header: '试管编号', text: true }, { header: '检测结果' }], rows: [['POOL-0002', '阴性'], ['RT-0001', '阴性']] }]);
    expect(await services.rounds.resultsFromFile('lab.xlsx', file)).toEqual([{ code: 'POOL-0002', result: 'negative' }, { code: 'RT-0001', result: 'negative' }]);
    const bad = await writeXlsx([{ name: '结果', columns: [{ header: 'tube' }, { header: 'result' }], rows: [['POOL-0002', 'unclear']] }]);
    expect((await refusal(services.rounds.resultsFromFile('lab.xlsx', bad)))?.messageKey).toBe('result_value');
    expect((await refusal(services.rounds.resultsFromFile('lab.txt', bad)))?.messageKey).toBe('file_type');
  });

  it('runs a round, home sampling and the care round in a scheme added as data: its rank-1 level is the strictest', async () => {
    await database.db.execute(sql`insert into risk_schemes (code, name_zh, name_en) values ('colour', '红黄绿', 'Red/yellow/green')`);
    await database.db.execute(sql`insert into risk_levels (scheme, code, rank, name_zh, name_en) values ('colour', 'red', 1, '红', 'Red'), ('colour', 'yellow', 2, '黄', 'Yellow'), ('colour', 'green', 3, '绿', 'Green')`);
    const response = await services.responses.declare(command, { code: '0930', name: '“0930”应急响应', startedOn: '2022-09-30', zoneScheme: 'colour', commandPostTownIds: [] });
    // Two grids of 城南街道 with people in buildings, outside the demo's areas and the other round.
    const [red, yellow] = await scalar<number[]>(database, sql`
      select array_agg(id order by id) from (
        select g.id from regions g join regions t on g.path like t.path || '%'
        where t.name = '城南街道' and g.level = 'grid' and exists (select 1 from residents r where r.grid_id = g.id) order by g.id limit 2) x`);
    // In force since before the services' clock, which stands still at the fixture's start.
    const since = new Date(now.getTime() - HOUR);
    await services.zones.draw(command, response.id, { name: '红区', level: 'red', regionIds: [red], buildingIds: [], startsAt: since });
    await services.zones.draw(command, response.id, { name: '黄区', level: 'yellow', regionIds: [yellow], buildingIds: [], startsAt: since });
    const window = { startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + HOUR), regionIds: [red, yellow], zoneIds: [], defaultPoolSize: 10 as const };
    expect((await refusal(services.rounds.open(command, response.id, { ...window, name: '两次', poolSizes: [{ level: 'red', poolSize: 1 }, { level: 'red', poolSize: 5 }] })))?.messageKey).toBe('pool_size_twice');
    const round = await services.rounds.open(command, response.id, { ...window, name: '红黄区核酸', poolSizes: [{ level: 'red', poolSize: 1 }, { level: 'yellow', poolSize: 5 }] });
    expect((await services.rounds.get(round.id)).poolSizes).toEqual(expect.arrayContaining([{ level: 'red', poolSize: 1 }, { level: 'yellow', poolSize: 5 }]));

    // Everyone in the red area is sampled at home, as in a sealed area; the yellow area only its usual cases.
    const generated = await services.rounds.generateHomeTasks(command, round.id);
    expect(generated.byReason.sealed_area).toBe(await scalar<number>(database, sql`select count(*)::int from residents where grid_id = ${red}`));
    expect(await scalar<number>(database, sql`select count(*)::int from home_tasks where round_id = ${round.id} and reason = 'sealed_area' and grid_id <> ${red}`)).toBe(0);

    // The day's care round visits the red area's buildings, not the yellow one's.
    const care = (await services.requests.careRound(command, {})).buildings.map((b) => b.id);
    const buildingsOf = (grid: number) => scalar<number[]>(database, sql`select coalesce(array_agg(id order by id), '{}') from buildings where grid_id = ${grid}`);
    const redBuildings = await buildingsOf(red);
    expect(redBuildings.length).toBeGreaterThan(0);
    expect(care).toEqual(expect.arrayContaining(redBuildings));
    expect((await buildingsOf(yellow)).filter((id) => care.includes(id))).toEqual([]);
  });
});
