import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../../contracts/idcard.ts';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { readTable } from '../../lib/spreadsheet.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

const HOUR = 3600_000;
const visitorId = (seq: number) => {
  const first17 = `11010119900101${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

describe('sampling rounds: scans, tubes, counters, coverage', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let responseId: number;
  let roundId: number;
  let hengfuPoint: number;
  let otherGrid: { id: number; ids: string[] };
  const now = new Date();
  const tube = (code: string, ids: string[], scannedAt?: Date) => ({ code, persons: ids.map((idNumber) => ({ idNumber })), scannedAt });
  const batch = (pointId: number, tubes: ReturnType<typeof tube>[], submissionId = randomUUID()) => ({ submissionId, pointId, tubes });
  const idsOfGrid = (gridId: number) => scalar<string[]>(database, sql`select array_agg(id_number order by id) from residents where grid_id = ${gridId}`);
  const gridCount = (gridId: number) => scalar<number>(database, sql`select coalesce((select tested from round_grid_counts where round_id = ${roundId} and grid_id = ${gridId}), 0)`);

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture(0.03));
    command = await asUser(services, 'command');
    responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    hengfuPoint = await scalar(database, sql`select id from points where name = '恒福尚城北门A点'`);
    // A grid of 站前街道 with over a dozen residents, outside any risk area.
    const gridId = await scalar<number>(database, sql`
      select g.id from regions g join regions t on g.path like t.path || '%'
      where t.name = '站前街道' and g.level = 'grid' and g.resident_count >= 13 order by g.id limit 1`);
    otherGrid = { id: gridId, ids: await idsOfGrid(gridId) };
  });
  afterAll(async () => drop());

  it('opens a round over the district with pool sizes by risk level, and refuses a bad one', async () => {
    const district = await scalar<number>(database, sql`select id from regions where level = 'district'`);
    const req = { name: '第一轮全员核酸', startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + 12 * HOUR), regionIds: [district], zoneIds: [], defaultPoolSize: 10 as const, poolSizes: [{ level: 'high' as const, poolSize: 1 as const }, { level: 'medium' as const, poolSize: 5 as const }] };
    roundId = (await services.rounds.open(command, responseId, req)).id;
    expect((await refusal(services.rounds.open(command, responseId, req)))?.messageKey).toBe('round_name_taken');
    expect((await refusal(services.rounds.open(command, responseId, { ...req, name: 'x', regionIds: [] })))?.messageKey).toBe('round_scope_empty');
    expect((await refusal(services.rounds.open(await asUser(services, 'volunteer'), responseId, { ...req, name: 'y' })))?.status).toBe(403);

    const round = await services.rounds.get(roundId);
    const residents = await scalar<number>(database, sql`select count(*)::int from residents`);
    expect(round.coverage).toEqual({ residents, exempt: 0, shouldTest: residents, tested: 0, untested: residents, share: 0 });
    expect(round.poolSizes).toEqual(expect.arrayContaining([{ level: 'high', poolSize: 1 }, { level: 'medium', poolSize: 5 }]));
  });

  it('takes a tube of ten from the point chief, counts it at once, and counts a resend once', async () => {
    const chief = await asUser(services, 'pointchief');
    const b = batch(hengfuPoint, [tube('HF-0001', otherGrid.ids.slice(0, 10))]);
    const first = await services.rounds.ingest(chief, roundId, b);
    expect(first).toEqual({ submissionId: b.submissionId, replay: false, tubes: 1, persons: 10, visitors: 0 });
    expect(await gridCount(otherGrid.id)).toBe(10);
    const again = await services.rounds.ingest(chief, roundId, b);
    expect(again).toMatchObject({ replay: true, persons: 10 });
    expect(await gridCount(otherGrid.id)).toBe(10);
    expect(await scalar(database, sql`select count(*)::int from samples where round_id = ${roundId}`)).toBe(10);
    expect((await services.rounds.pointCoverage(roundId)).items).toEqual([expect.objectContaining({ pointId: hengfuPoint, tubes: 1, persons: 10, visitors: 0 })]);
    // Someone not on this point's team may not scan for it.
    expect((await refusal(services.rounds.ingest(await asUser(services, 'volunteer'), roundId, batch(hengfuPoint, [tube('HF-0002', otherGrid.ids.slice(10, 11))]))))?.status).toBe(403);
  });

  it('refuses a malformed batch whole, naming each tube and field, and writes nothing', async () => {
    const ids = otherGrid.ids;
    const badSum = ids[10].slice(0, 17) + (ids[10][17] === '0' ? '1' : '0');
    const b = batch(hengfuPoint, [
      tube('HF-0101', [ids[10], badSum]),
      tube('HF-0102', [ids[11]]),
      tube('HF-0102', [visitorId(1)]),
      tube('x', [visitorId(2)]),
      tube('HF-0103', [ids[11]]),
      tube('HF-0104', [visitorId(3)], new Date(now.getTime() - 2 * HOUR)),
    ]);
    const err = await refusal(services.rounds.ingest(command, roundId, b, 'en'));
    expect(err?.status).toBe(400);
    const problems = (err?.details as { problems: Array<{ tube: string; person?: number; field: string; reason: string; message: string }> }).problems;
    expect(problems.map((p) => [p.tube, p.field, p.reason])).toEqual([
      ['HF-0101', 'idNumber', 'id_checksum'],
      ['HF-0102', 'code', 'tube_twice'],
      ['x', 'code', 'tube_code_format'],
      ['HF-0103', 'idNumber', 'person_twice'],
      ['HF-0104', 'scannedAt', 'outside_window'],
    ]);
    expect(problems[0].person).toBe(2);
    expect(problems[0].message).toMatch(/^Tube HF-0101, person 2: /);
    expect(await scalar(database, sql`select count(*)::int from samples where round_id = ${roundId}`)).toBe(10);
    expect(await scalar(database, sql`select count(*)::int from scan_submissions where id = ${b.submissionId}`)).toBe(0);
  });

  it('keeps pools to the size where people live: single tubes in the high-risk building, five in the medium area', async () => {
    const high = await scalar<string[]>(database, sql`
      select array_agg(r.id_number order by r.id) from residents r join households h on h.id = r.household_id join buildings b on b.id = h.building_id
      where b.name = '37号' and b.grid_id in (select g.id from regions g join regions c on c.id = g.parent_id where c.name = '荔枝园村')`);
    const medium = await scalar<string[]>(database, sql`
      select array_agg(r.id_number order by r.id) from residents r
      where r.grid_id in (select m.region_id from zone_members m join zones z on z.id = m.zone_id where z.level = 'medium')`);
    expect(high.length).toBeGreaterThanOrEqual(2);
    expect(medium.length).toBeGreaterThanOrEqual(6);
    const over = await refusal(services.rounds.ingest(command, roundId, batch(hengfuPoint, [tube('LZY-0001', high.slice(0, 2)), tube('LZY-0002', medium.slice(0, 6))]), 'zh-CN'));
    expect(((over?.details as { problems: Array<{ tube: string; reason: string; message: string }> }).problems).map((p) => [p.tube, p.reason, p.message])).toEqual([
      ['LZY-0001', 'pool_over_size', '试管 LZY-0001 有 2 人，超出此处的混采规格（1 混 1）'],
      ['LZY-0002', 'pool_over_size', '试管 LZY-0002 有 6 人，超出此处的混采规格（5 混 1）'],
    ]);
    const ok = await services.rounds.ingest(command, roundId, batch(hengfuPoint, [tube('LZY-0001', high.slice(0, 1)), tube('LZY-0002', medium.slice(0, 5))]));
    expect(ok).toMatchObject({ tubes: 2, persons: 6 });
  });

  it('refuses a tube used before and a person tested before, naming them; counts visitors apart', async () => {
    const reused = await refusal(services.rounds.ingest(command, roundId, batch(hengfuPoint, [tube('HF-0001', [otherGrid.ids[11]])])));
    expect(reused?.status).toBe(409);
    expect((reused?.details as { problems: Array<{ reason: string; tube: string }> }).problems).toEqual([expect.objectContaining({ reason: 'tube_used', tube: 'HF-0001' })]);
    const twice = await refusal(services.rounds.ingest(command, roundId, batch(hengfuPoint, [tube('HF-0201', [otherGrid.ids[0]])])));
    expect(twice?.status).toBe(409);
    const problem = (twice?.details as { problems: Array<{ reason: string; message: string }> }).problems[0];
    expect(problem.reason).toBe('already_tested');
    expect(problem.message).toContain('HF-0001');
    expect(problem.message).not.toContain(otherGrid.ids[0]);

    const visit = await services.rounds.ingest(command, roundId, batch(hengfuPoint, [tube('HF-0301', [visitorId(7), otherGrid.ids[10]])]));
    expect(visit).toMatchObject({ persons: 2, visitors: 1 });
    expect(await gridCount(otherGrid.id)).toBe(11);
    expect((await services.rounds.get(roundId)).visitors).toBe(1);
  });

  it('lets exactly one of two batches with the same tube through, and counts one submission sent twice at once once', async () => {
    const [a, b] = await Promise.allSettled([
      services.rounds.ingest(command, roundId, batch(hengfuPoint, [tube('RACE-0001', [otherGrid.ids[11]])])),
      services.rounds.ingest(command, roundId, batch(hengfuPoint, [tube('RACE-0001', [visitorId(20)])])),
    ]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(await scalar(database, sql`select count(*)::int from tubes where round_id = ${roundId} and code = 'RACE-0001'`)).toBe(1);

    const same = batch(hengfuPoint, [tube('RACE-0002', [visitorId(21), visitorId(22)])]);
    const results = await Promise.all([services.rounds.ingest(command, roundId, same), services.rounds.ingest(command, roundId, same)]);
    expect(results.map((r) => r.replay).sort()).toEqual([false, true]);
    expect(await scalar(database, sql`select count(*)::int from samples s join tubes t on t.id = s.tube_id where t.code = 'RACE-0002'`)).toBe(2);
  });

  it('lists who in a grid is still untested, less exemptions, with full numbers only for roles that need them', async () => {
    const grid = await asUser(services, 'grid');
    const gridWorkerGrid = grid.scopeRegionId;
    const ids = await idsOfGrid(gridWorkerGrid);
    const untestedId = await scalar<string>(database, sql`
      select r.id_number from residents r where r.grid_id = ${gridWorkerGrid}
        and not exists (select 1 from samples s where s.round_id = ${roundId} and s.resident_id = r.id) order by r.id limit 1`);
    await services.rounds.exempt(grid, roundId, { idNumber: untestedId, reason: 'in_hospital', note: '市人民医院住院' });
    expect((await refusal(services.rounds.exempt(grid, roundId, { idNumber: untestedId, reason: 'away' })))?.messageKey).toBe('exempt_already');
    const testedId = await scalar<string>(database, sql`select r.id_number from samples s join residents r on r.id = s.resident_id where s.round_id = ${roundId} limit 1`);
    expect((await refusal(services.rounds.exempt(command, roundId, { idNumber: testedId, reason: 'away' })))?.messageKey).toBe('exempt_already_tested');
    const list = await services.rounds.untested(grid, roundId, { gridId: gridWorkerGrid });
    const tested = await gridCount(gridWorkerGrid);
    expect(list.total).toBe(ids.length - 1 - tested);
    expect(list.items.some((p) => p.idNumber === untestedId)).toBe(false);
    expect(list.items[0].idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'reveal_untested_list'`)).toBe(1);

    const masked = await services.rounds.untested(await asUser(services, 'zhanqian'), roundId, { gridId: gridWorkerGrid });
    expect(masked.items[0].idNumber).toContain('*');
    expect(masked.total).toBe(list.total);
    const sheet = await services.rounds.untestedXlsx(await asUser(services, 'zhanqian'), roundId, { gridId: gridWorkerGrid }, 'zh-CN');
    const table = await readTable(sheet.data, 'xlsx');
    expect(table.headers).toEqual(['楼栋', '门牌号', '姓名', '身份证号', '手机号', '年龄', '特殊人群', '扫楼结果']);
    expect(table.rows).toHaveLength(masked.total);
    expect(table.rows[0].cells[3]).toBe(masked.items[0].idNumber);
    expect(sheet.filename).toMatch(/未检测名单\.xlsx$/);
    const coverage = await services.rounds.coverage(grid, roundId, {});
    expect(coverage.total.exempt).toBe(1);
    expect(coverage.total.shouldTest).toBe(ids.length - 1);
    // Outside their scope: refused.
    const farGrid = await scalar<number>(database, sql`select g.id from regions g join regions t on g.path like t.path || '%' where t.name = '鳌头镇' and g.level = 'grid' limit 1`);
    expect((await refusal(services.rounds.untested(grid, roundId, { gridId: farGrid })))?.status).toBe(403);
  });

  it('rolls coverage up from the counters by town, community and grid, and a rebuild agrees with them', async () => {
    const district = await services.rounds.coverage(command, roundId, {});
    expect(district.rows.map((r) => r.level)).toEqual(Array(11).fill('town'));
    const facts = await scalar<number>(database, sql`select count(*)::int from samples where round_id = ${roundId} and resident_id is not null`);
    expect(district.total.tested).toBe(facts);
    const zhanqian = district.rows.find((r) => r.name === '站前街道')!;
    const towns = await services.rounds.coverage(command, roundId, { regionId: zhanqian.id });
    const { id: _id, name: _name, level: _level, ...zhanqianCoverage } = zhanqian;
    expect(towns.total).toEqual(zhanqianCoverage);
    expect(towns.rows.every((r) => r.level === 'community')).toBe(true);
    const grids = await services.rounds.coverage(command, roundId, { level: 'grid' });
    expect(grids.rows).toHaveLength(await scalar<number>(database, sql`select count(*)::int from regions where level = 'grid'`));
    expect(grids.rows.find((r) => r.id === otherGrid.id)!.tested).toBe(await gridCount(otherGrid.id));

    expect((await services.rounds.rebuildCounters(roundId)).agreed).toBe(true);
    await database.db.execute(sql`update round_grid_counts set tested = tested + 5 where round_id = ${roundId} and grid_id = ${otherGrid.id}`);
    const fixed = await services.rounds.rebuildCounters(roundId);
    expect(fixed.agreed).toBe(false);
    expect((await services.rounds.rebuildCounters(roundId)).agreed).toBe(true);
    expect(await gridCount(otherGrid.id)).toBe(await scalar<number>(database, sql`select count(*)::int from samples where round_id = ${roundId} and grid_id = ${otherGrid.id}`));
  });

  it('streams a scan to an open board over Server-Sent Events, and takes batches over HTTP', async () => {
    const app = await buildApp(services, { logLevel: 'silent' });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    try {
      const cookie = await loginCookie(app, 'command');
      const stream = await fetch(`${url}/api/rounds/${roundId}/events`, { headers: { cookie }, signal: controller.signal });
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes(': connected')) text += decoder.decode((await reader.read()).value);

      const body = batch(hengfuPoint, [tube('SSE-0001', [otherGrid.ids[12]])]);
      const posted = await fetch(`${url}/api/rounds/${roundId}/scans`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(posted.status).toBe(201);
      while (!text.includes('event: scan')) text += decoder.decode((await reader.read()).value);
      const data = JSON.parse(text.split('event: scan\ndata: ')[1].split('\n')[0]);
      expect(data).toMatchObject({ roundId, pointId: hengfuPoint, grids: [otherGrid.id], persons: 1 });

      const resend = await fetch(`${url}/api/rounds/${roundId}/scans`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(resend.status).toBe(200);
      expect((await resend.json()).replay).toBe(true);
      const bad = await fetch(`${url}/api/rounds/${roundId}/scans`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-gridline-locale': 'en' }, body: JSON.stringify({ ...body, submissionId: 'not-a-uuid' }) });
      expect(bad.status).toBe(400);
      // Shutting down ends the open stream instead of waiting for it.
      await app.close();
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += decoder.decode(r.value);
      expect(rest).not.toContain('event: scan');
    } finally {
      controller.abort();
      await app.close();
    }
  });

  it('takes someone exempted off the exemptions when they are swabbed after all; a resend elsewhere is refused; any tube code is safe', async () => {
    const free = sql`not exists (select 1 from samples s where s.resident_id = r.id) and not exists (select 1 from round_exemptions e where e.resident_id = r.id)`;
    const grid = await scalar<number>(database, sql`select grid_id from residents r where ${free} group by grid_id having count(*) >= 3 order by grid_id limit 1`);
    const [person] = await scalar<string[]>(database, sql`select array_agg(id_number order by id) from residents r where grid_id = ${grid} and ${free}`);
    // The grid may hold other exemptions (seeded or from earlier tests): count relative to before.
    const untouched = (await services.rounds.coverage(command, roundId, { level: 'grid' })).rows.find((r) => r.id === grid)!;
    await services.rounds.exempt(command, roundId, { idNumber: person, reason: 'away' });
    const exemptBefore = (await services.rounds.coverage(command, roundId, { level: 'grid' })).rows.find((r) => r.id === grid)!;
    expect(exemptBefore.exempt).toBe(untouched.exempt + 1);
    const b = batch(hengfuPoint, [tube('NULL', [person])]);
    expect(await services.rounds.ingest(command, roundId, b)).toMatchObject({ replay: false, persons: 1 });
    const after = (await services.rounds.coverage(command, roundId, { level: 'grid' })).rows.find((r) => r.id === grid)!;
    expect([after.exempt, after.tested]).toEqual([untouched.exempt, exemptBefore.tested + 1]);
    expect(await scalar(database, sql`select code from tubes t join samples s on s.tube_id = t.id join residents r on r.id = s.resident_id where r.id_number = ${person}`)).toBe('NULL');
    expect((await services.rounds.rebuildCounters(roundId)).agreed).toBe(true);
    // The same submission id sent for another point is a mistake, not a replay.
    const other = await scalar<number>(database, sql`select id from points where id <> ${hengfuPoint} order by id limit 1`);
    expect((await refusal(services.rounds.ingest(command, roundId, { ...b, pointId: other })))?.messageKey).toBe('submission_mismatch');
    // A round closed behind this server's back (another instance) takes nothing more.
    const closing = await services.rounds.open(command, responseId, { name: '关闭测试', startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + HOUR), regionIds: [await scalar<number>(database, sql`select id from regions where level = 'district'`)], zoneIds: [], defaultPoolSize: 10, poolSizes: [] });
    await services.rounds.ingest(command, closing.id, batch(hengfuPoint, [tube('CL-0001', [visitorId(40)])]));
    await database.db.execute(sql`update rounds set status = 'closed' where id = ${closing.id}`);
    expect((await refusal(services.rounds.ingest(command, closing.id, batch(hengfuPoint, [tube('CL-0002', [visitorId(41)])]))))?.messageKey).toBe('round_closed');
    expect(await scalar(database, sql`select count(*)::int from tubes where round_id = ${closing.id}`)).toBe(1);
  });

  it('refuses scans at a point outside the round and after the round is closed', async () => {
    const zhanqian = await scalar<number>(database, sql`select id from regions where level = 'town' and name = '站前街道'`);
    const small = await services.rounds.open(command, responseId, { name: '站前加测', startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + HOUR), regionIds: [zhanqian], zoneIds: [], defaultPoolSize: 10, poolSizes: [] });
    const elsewhere = await scalar<number>(database, sql`select p.id from points p join regions r on r.id = p.region_id where r.path not like (select path from regions where id = ${zhanqian}) || '%' limit 1`);
    expect((await refusal(services.rounds.ingest(command, small.id, batch(elsewhere, [tube('ZQ-0001', [visitorId(30)])]))))?.messageKey).toBe('point_outside_round');
    await services.rounds.close(command, small.id);
    expect((await refusal(services.rounds.ingest(command, small.id, batch(hengfuPoint, [tube('ZQ-0002', [visitorId(31)])]))))?.status).toBe(409);
  });
});
