import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { POINT_OPENING } from '../../seed/demo-materials.ts';
import { buildServices, type Services } from '../../services.ts';
import { readTable } from '../../lib/spreadsheet.ts';
import { asUser, demoFixture, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';
import { openHoursLeft, perPersonNeed } from './forecast.service.ts';

const HOUR = 3600_000;

describe('opening hours left and need per person', () => {
  // 2022-07-10 10:30 in Maoming is 02:30 UTC.
  const at = new Date('2022-07-10T02:30:00Z');
  it('counts today\'s opening hours in local time: all before opening, the rest while open, the next day\'s after', () => {
    expect(openHoursLeft('08:00', '20:00', at)).toEqual({ hours: 9.5, nextDay: false });
    expect(openHoursLeft('12:00', '20:00', at)).toEqual({ hours: 8, nextDay: false });
    // Closed for today: the next day's hours.
    expect(openHoursLeft('06:00', '10:00', at)).toEqual({ hours: 4, nextDay: true });
    expect(openHoursLeft('22:00', '06:00', at)).toEqual({ hours: 8, nextDay: false }); // through midnight, before opening
    // Through midnight, still open from last night with 1.5 hours left: those and the next night's 14.
    expect(openHoursLeft('22:00', '12:00', at)).toEqual({ hours: 15.5, nextDay: true });
    // Under two hours left today: the next day's hours too.
    expect(openHoursLeft('08:00', '12:00', at)).toEqual({ hours: 5.5, nextDay: true });
    // Round the clock: the next 24 hours, whatever the time.
    expect(openHoursLeft('00:00', '00:00', at)).toEqual({ hours: 24, nextDay: false });
  });
  it('needs a swab per person and a tube per pool of people, by the rates', () => {
    const rates = [
      { trigger: 'tube', itemId: 1, perUnit: 1000, minPersons: 1, maxPersons: 1 },
      { trigger: 'tube', itemId: 10, perUnit: 1000, minPersons: 2, maxPersons: 10 },
      { trigger: 'swab', itemId: 7, perUnit: 1000, minPersons: 1, maxPersons: 20 },
      { trigger: 'shift_member', itemId: 8, perUnit: 1000, minPersons: 1, maxPersons: 20 },
    ];
    expect([...perPersonNeed(rates, 10).entries()].sort()).toEqual([[10, 100], [7, 1000]].sort());
    expect([...perPersonNeed(rates, 1).entries()].sort()).toEqual([[1, 1000], [7, 1000]].sort());
  });
});

describe('consumption from scans and shifts, and the shortage forecast', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let chief: SessionUser;
  let roundId: number;
  let point: number;
  let holder: number;
  let ids: string[];
  let next = 0;
  /** The services' clock: moved on a second at each scan, so scans and counts have an order. */
  let clockAt = Date.now();
  const tick = (ms = 1000) => (clockAt += ms);
  const item = async (code: string) => (await services.materials.items()).find((i) => i.code === code)!;
  const held = async (holderId: number, code: string) => {
    const b = await services.materials.balances(command, { holderId });
    return b.items.find((x) => x.itemCode === code)?.quantity ?? 0;
  };
  const unrecorded = async (holderId: number, code: string) =>
    Number(await scalar(database, sql`select coalesce((select b.unrecorded from stock_balances b join items i on i.id = b.item_id where b.holder_id = ${holderId} and i.code = ${code}), 0)`)) / 1000;
  /** Scans `tubes` tubes of `size` people each at the chief's point. */
  const scan = async (tubes: number, size: number, submissionId = randomUUID()) => {
    const batch = {
      submissionId,
      pointId: point,
      tubes: Array.from({ length: tubes }, () => ({ code: `CS-${String(++next).padStart(5, '0')}`, persons: ids.splice(0, size).map((idNumber) => ({ idNumber })) })),
    };
    tick();
    await services.rounds.ingest(chief, roundId, batch);
    tick();
    return batch;
  };

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture(0.03, { clock: () => new Date(clockAt) }));
    command = await asUser(services, 'command');
    chief = await asUser(services, 'pointchief');
    point = await scalar(database, sql`select id from points where name = '恒福尚城北门A点'`);
    holder = (await services.materials.holderOfPoint(point))!.id;
    const responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    const district = await scalar<number>(database, sql`select id from regions where level = 'district'`);
    const now = new Date();
    roundId = (await services.rounds.open(command, responseId, { name: '物资消耗测试轮', startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + 12 * HOUR), regionIds: [district], zoneIds: [], defaultPoolSize: 10, poolSizes: [] })).id;
    // Residents outside every risk area (pool 10 everywhere there) and outside the grids this point serves
    // (so the round still has people to test there), oldest grids first.
    ids = await scalar<string[]>(database, sql`
      select array_agg(id_number order by id) from (
        select r.id, r.id_number from residents r
        where not exists (select 1 from zone_members m where m.region_id = r.grid_id)
          and not exists (select 1 from zone_members m join households h on h.building_id = m.building_id where h.id = r.household_id)
          and not exists (select 1 from zone_members m join regions g on g.id = r.grid_id where m.region_id = g.parent_id)
          and not exists (select 1 from point_served_regions s join regions g on g.id = r.grid_id where s.point_id = ${point} and s.region_id in (g.id, g.parent_id))
        order by r.id limit 400) x`);
  });
  afterAll(async () => drop());

  it('takes each scanned tube and swab off the point\'s stock, once, naming the submission', async () => {
    const swabs = await held(holder, 'swab');
    const tubes10 = await held(holder, 'tube_10');
    const tubes1 = await held(holder, 'tube_1');
    const b = await scan(3, 10);
    const single = await scan(1, 1);
    // Queued, not yet posted: the scan itself did not wait for the materials.
    expect(await services.consumption.backlog()).toBe(2);
    expect(await services.consumption.postConsumption()).toEqual({ submissions: 2, movements: 4 });
    expect(await held(holder, 'swab')).toBe(swabs - 31);
    expect(await held(holder, 'tube_10')).toBe(tubes10 - 3);
    expect(await held(holder, 'tube_1')).toBe(tubes1 - 1);
    expect(await services.consumption.backlog()).toBe(0);
    // A resend of the same submission and a second posting take nothing more.
    await services.rounds.ingest(chief, roundId, b);
    expect(await services.consumption.postConsumption()).toEqual({ submissions: 0, movements: 0 });
    expect(await held(holder, 'swab')).toBe(swabs - 31);
    const moves = await services.materials.movements(command, holder);
    const swabMove = moves.find((m) => m.kind === 'consumed' && m.quantity === -30)!;
    expect(await scalar(database, sql`select submission_id::text from stock_movements where id = ${swabMove.id}`)).toBe(b.submissionId);
    // Every movement is audited.
    expect(await scalar(database, sql`select count(*)::int from audit_log where subject_type = 'stock_movement' and subject_id = ${String(swabMove.id)} and action = 'material_consumed'`)).toBe(1);
    expect((await services.materials.rebuildBalances()).agreed).toBe(true);
  });

  it('never takes stock below zero: what the work used beyond it is counted apart until the next count', async () => {
    const swab = await item('swab');
    const have = await held(holder, 'swab');
    await services.materials.writeOff(command, { holderId: holder, itemId: swab.id, quantity: have - 4, reason: '受潮报废' });
    await scan(1, 10);
    await services.consumption.postConsumption();
    expect(await held(holder, 'swab')).toBe(0);
    expect(await unrecorded(holder, 'swab')).toBe(6);
    expect((await services.materials.rebuildBalances()).agreed).toBe(true);
    // Scans are never refused for stock: another tube with nothing left is all "unrecorded".
    await scan(1, 5);
    await services.consumption.postConsumption();
    expect(await held(holder, 'swab')).toBe(0);
    expect(await unrecorded(holder, 'swab')).toBe(11);
    // A count settles it.
    await services.materials.count(chief, { holderId: holder, itemId: swab.id, counted: 0, reason: '盘点' });
    expect(await unrecorded(holder, 'swab')).toBe(0);
    expect((await services.materials.rebuildBalances()).agreed).toBe(true);
    await services.materials.receive(command, { holderId: holder, itemId: swab.id, quantity: 500, reason: '补货' });
  });

  it('uses the rates as data: the command changes one and the next posting follows it', async () => {
    const swab = await item('swab');
    const volunteer = await asUser(services, 'volunteer');
    expect((await refusal(services.consumption.setRate(volunteer, { trigger: 'swab', itemId: swab.id, perUnit: 2, minPersons: 1, maxPersons: 20 })))?.status).toBe(403);
    expect((await refusal(services.consumption.setRate(command, { trigger: 'swab', itemId: swab.id, perUnit: 1.5, minPersons: 1, maxPersons: 20 })))?.messageKey).toBe('material_quantity_whole');
    expect((await refusal(services.consumption.setRate(command, { trigger: 'tube', itemId: swab.id, perUnit: 1, minPersons: 9, maxPersons: 3 })))?.messageKey).toBe('consumption_rate_persons');
    await services.consumption.setRate(command, { trigger: 'swab', itemId: swab.id, perUnit: 2, minPersons: 1, maxPersons: 20 });
    const before = await held(holder, 'swab');
    await scan(1, 4);
    await services.consumption.postConsumption();
    expect(await held(holder, 'swab')).toBe(before - 8);
    await services.consumption.setRate(command, { trigger: 'swab', itemId: swab.id, perUnit: 1, minPersons: 1, maxPersons: 20 });
    expect((await services.consumption.rates()).find((r) => r.trigger === 'swab' && r.itemId === swab.id)?.perUnit).toBe(1);
  });

  it('posts each submission exactly once when two servers post at the same time', async () => {
    for (let i = 0; i < 6; i++) await scan(2, 10);
    const before = await held(holder, 'swab');
    // A second server: its own services over the same database.
    const other = buildServices(database);
    const [a, b] = await Promise.all([services.consumption.postConsumption(), other.consumption.postConsumption()]);
    expect(a.submissions + b.submissions).toBe(6);
    expect(await held(holder, 'swab')).toBe(before - 120);
    expect(await scalar(database, sql`select count(*)::int from stock_movements m join items i on i.id = m.item_id where i.code = 'swab' and m.submission_id is not null
      group by m.submission_id order by count(*) desc limit 1`)).toBe(1);
    expect((await services.materials.rebuildBalances()).agreed).toBe(true);
  });

  it('a count taken while scans wait to be posted is not taken off twice, nor are tubes a phone uploads late', async () => {
    const swab = await item('swab');
    await services.consumption.postConsumption();
    const start = await held(holder, 'swab');
    await scan(2, 10); // queued, not posted
    // The chief counts the shelf: 20 swabs are gone.
    await services.materials.count(chief, { holderId: holder, itemId: swab.id, counted: start - 20, reason: '盘点' });
    await services.consumption.postConsumption();
    expect(await held(holder, 'swab')).toBe(start - 20);
    // A phone offline since before the count uploads a tube swabbed then: the count saw it already.
    const before = await held(holder, 'swab');
    const late = { submissionId: randomUUID(), pointId: point, tubes: [{ code: `CS-LATE-${++next}`, scannedAt: new Date(clockAt - 5000), persons: ids.splice(0, 10).map((idNumber) => ({ idNumber })) }] };
    tick();
    await services.rounds.ingest(chief, roundId, late);
    await services.consumption.postConsumption();
    expect(await held(holder, 'swab')).toBe(before);
    expect(await scalar(database, sql`select stock_posted_at is not null from scan_submissions where id = ${late.submissionId}`)).toBe(true);
    expect((await services.materials.rebuildBalances()).agreed).toBe(true);
  });

  it('refuses a tube rate overlapping a live one of the same item, and a reversal of what moved nothing', async () => {
    const tube10 = await item('tube_10');
    const clash = await refusal(services.consumption.setRate(command, { trigger: 'tube', itemId: tube10.id, perUnit: 1, minPersons: 3, maxPersons: 10 }));
    expect(clash?.messageKey).toBe('consumption_rate_overlap');
    // Retiring the old range first makes room for the new one.
    await services.consumption.setRate(command, { trigger: 'tube', itemId: tube10.id, perUnit: 0, minPersons: 2, maxPersons: 10 });
    await services.consumption.setRate(command, { trigger: 'tube', itemId: tube10.id, perUnit: 1, minPersons: 3, maxPersons: 10 });
    await services.consumption.setRate(command, { trigger: 'tube', itemId: tube10.id, perUnit: 1, minPersons: 2, maxPersons: 2 });
    const before = await held(holder, 'tube_10');
    await scan(1, 10);
    await services.consumption.postConsumption();
    expect(await held(holder, 'tube_10')).toBe(before - 1);
    // A count that found the books right moved nothing: nothing to reverse.
    const count = await services.materials.count(command, { holderId: holder, itemId: tube10.id, counted: before - 1, reason: '盘点' });
    expect((await refusal(services.materials.reverse(command, count.id, '误操作')))?.messageKey).toBe('material_reverse_nothing');
  });

  it('gives a new point a holder even when its name is taken, and lists it with nothing in stock', async () => {
    await services.materials.addHolder(command, { kind: 'warehouse', name: '同名采样点' });
    const created = await services.points.create(command, { name: '同名采样点', regionId: await scalar<number>(database, sql`select region_id from points where id = ${point}`), address: '同名路1号', desks: 1, opensAt: '08:00', closesAt: '20:00', servedRegionIds: [await scalar<number>(database, sql`select region_id from points where id = ${point}`)] });
    const f = await services.forecast.forecast(command);
    const rows = f.rows.filter((r) => r.pointId === created.id);
    expect(rows).toHaveLength((await services.materials.items()).length);
    expect(rows.every((r) => r.balance === 0 && r.hoursLeft === 0)).toBe(true);
    // Empty and needed: first on the list.
    expect(f.shortages[0].balance).toBe(0);
    const h = (await services.materials.holderOfPoint(created.id))!;
    expect(h.name).not.toBe('同名采样点');
  });

  it('lists the point short of tubes with a transfer from the nearest holder with spare, and every point and item with its hours left', async () => {
    const tube10 = await item('tube_10');
    // The point is open from two hours ago for six more hours (local time), whenever the test runs.
    const hhmm = (ms: number) => new Date(Date.now() + 8 * HOUR + ms).toISOString().slice(11, 16);
    await database.db.execute(sql`update points set opens_at = ${hhmm(-2 * HOUR)}, closes_at = ${hhmm(6 * HOUR)} where id = ${point}`);
    // Leave the point two 10-in-1 tubes, then use three in the last hour: 40 minutes left.
    const have = await held(holder, 'tube_10');
    await services.materials.writeOff(command, { holderId: holder, itemId: tube10.id, quantity: have - 5, reason: '破损' });
    await scan(3, 10);
    await services.consumption.postConsumption();
    const f = await services.forecast.forecast(command);
    expect(f.round?.id).toBe(roundId);
    expect(f.points).toBe(await scalar(database, sql`select count(*)::int from points where status <> 'closed'`));
    expect(f.rows).toHaveLength(f.points * (await services.materials.items()).length);
    const row = f.shortages.find((r) => r.pointId === point && r.itemCode === 'tube_10');
    expect(row).toBeDefined();
    expect(row!.balance).toBe(2);
    expect(row!.perHour).toBeGreaterThanOrEqual(3);
    expect(row!.hoursLeft).toBeLessThan(1);
    expect(row!.remainingPeople).toBeGreaterThan(0);
    expect(row!.shortBy).toBeGreaterThan(0);
    expect(row!.proposal).toMatchObject({ quantity: row!.shortBy });
    expect(row!.proposal!.fromHolderId).not.toBe(holder);
    // The list as an .xlsx to hand on: the same row, in the user's language.
    const sheet = await readTable((await services.forecast.forecastXlsx(command, 'zh-CN')).data, 'xlsx');
    expect(sheet.headers.slice(0, 4)).toEqual(['采样点', '物资', '单位', '结存']);
    const line = sheet.rows.find((r) => r.cells[0] === '恒福尚城北门A点' && r.cells[1] === '采样管（10混1）')!;
    expect(line.cells[3]).toBe('2');
    expect(line.cells[11]).toBe(String(row!.shortBy));
    expect(line.cells[12]).toBe(row!.proposal!.fromName);
    expect((await refusal(services.forecast.forecastXlsx(chief, 'zh-CN')))?.status).toBe(403);
    // The proposal is a transfer the command can make as proposed.
    await services.materials.transfer(command, { fromHolderId: row!.proposal!.fromHolderId, toHolderId: holder, itemId: tube10.id, quantity: row!.proposal!.quantity, reason: '缺货调拨' });
    const after = await services.forecast.forecast(command, { shortOnly: true });
    expect(after.rows).toEqual([]);
    const again = after.shortages.find((r) => r.pointId === point && r.itemCode === 'tube_10');
    expect(again?.shortBy ?? 0).toBeLessThan(row!.shortBy);
    // A point chief does not see the district's list.
    expect((await refusal(services.forecast.forecast(chief)))?.status).toBe(403);
  });

  it('a point with its opening stock and nothing used yet is short only by the round\'s people still to test', async () => {
    const f = await services.forecast.forecast(command);
    const quiet = f.rows.filter((r) => r.pointId !== point && r.itemCode === 'swab' && r.perHour === 0 && r.balance > 0);
    expect(quiet.length).toBeGreaterThan(0);
    for (const r of quiet) {
      expect(r.hoursLeft).toBeNull();
      expect(r.short).toBe(r.needRound !== null && r.needRound > r.balance);
      expect(r.balance).toBe(POINT_OPENING.swab);
    }
  });
});
