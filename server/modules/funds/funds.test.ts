import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { readTable } from '../../lib/spreadsheet.ts';
import { DEMO_FUND } from '../../seed/demo-funds.ts';
import { DEMO_WAREHOUSE } from '../../seed/demo-materials.ts';
import { DEMO_PASSWORD } from '../../seed/seed.service.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';
import { ackNumber, maskName } from './funds.service.ts';

describe('helpers', () => {
  it('masks a person\'s name to the surname and numbers acknowledgements by the year in China', () => {
    expect(maskName('李伟明')).toBe('李**');
    expect(maskName('王五')).toBe('王*');
    expect(ackNumber(123, new Date('2022-07-11T03:00:00Z'))).toBe('JZ-2022-000123');
    expect(ackNumber(7, new Date('2022-12-31T17:00:00Z'))).toBe('JZ-2023-000007');
  });
});

describe('special party-fee funds and donations', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let fundId: number;
  const town = (name: string) => scalar<number>(database, sql`select id from regions where level = 'town' and name = ${name}`);
  const allocationOf = (fund: number, name: string) =>
    scalar<number>(database, sql`select a.id from fund_allocations a left join regions r on r.id = a.region_id left join teams t on t.id = a.team_id left join orgs o on o.id = a.org_id
      where a.fund_id = ${fund} and coalesce(r.name, t.name, o.name) = ${name}`);
  const spendReq = (amountFen: number, category = 'frontline_comfort') => ({ clientId: randomUUID(), category, amountFen, purpose: '一线人员慰问品', payee: '惠民超市', receipts: ['r1.jpg'] });
  const itemId = (code: string) => scalar<number>(database, sql`select id from items where code = ${code}`);
  const warehouseId = () => scalar<number>(database, sql`select id from holders where kind = 'warehouse' and name = ${DEMO_WAREHOUSE}`);
  const newFund = (name: string, totalFen: number) => services.funds.createFund(command, { name, totalFen, allocatedByUnit: '区委组织部' });

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
    fundId = await scalar<number>(database, sql`select id from funds where name = ${DEMO_FUND.name}`);
  });
  afterAll(async () => drop());

  it('seeds the first 1.5 million yuan, allocated to the 11 towns and three teams, and the report adds up to the entries', async () => {
    const report = await services.funds.report(command, fundId);
    expect(report.fund.totalFen).toBe(150_000_000);
    expect(report.units.filter((u) => u.unitType === 'region')).toHaveLength(11);
    expect(report.units.filter((u) => u.unitType === 'team')).toHaveLength(3);
    expect(report.allocatedFen).toBe(11 * DEMO_FUND.perTownFen + 3 * DEMO_FUND.perTeamFen);
    // The facts: every entry, reversals subtracted.
    const net = (cat: string) => scalar<number>(database, sql`
      select coalesce(sum(case when e.reverses_id is null then e.amount_fen else -e.amount_fen end), 0)::float8 from fund_expenditures e
      join fund_allocations a on a.id = e.allocation_id where a.fund_id = ${fundId} and e.category = ${cat}`);
    expect(report.spentByCategory).toEqual({ frontline_comfort: await net('frontline_comfort'), medicines_supplies: await net('medicines_supplies'), hardship_relief: await net('hardship_relief') });
    expect(report.spentByCategory).toEqual({ frontline_comfort: 1_268_000 + 456_000, medicines_supplies: 3_560_050, hardship_relief: 180_000 });
    expect(report.spentFen).toBe(await scalar(database, sql`select sum(spent_fen)::float8 from fund_allocations where fund_id = ${fundId}`));
    // Money donated into it raises what it has: 50,000 + 100,000 + 500 yuan.
    expect(report.fund.donatedFen).toBe(15_050_000);
    expect(report.availableFen).toBe(150_000_000 + 15_050_000);
    expect(report.remainingFen).toBe(report.availableFen - report.spentFen);
    const zhanqian = report.units.find((u) => u.unitName === '站前街道')!;
    expect(zhanqian).toMatchObject({ amountFen: 10_000_000, spentFen: 1_268_000 + 3_560_050 + 180_000, remainingFen: 10_000_000 - 5_008_050, expenditures: 3 });
    for (const u of report.units) expect(u.spentByCategory.frontline_comfort + u.spentByCategory.medicines_supplies + u.spentByCategory.hardship_relief).toBe(u.spentFen);
  });

  it('refuses bad funds and allocations: fractions, negatives, more than the fund, a unit twice, a village, a non-command', async () => {
    expect((await refusal(newFund('x', 100.5)))?.messageKey).toBe('fund_amount_invalid');
    expect((await refusal(newFund('x', -100)))?.messageKey).toBe('fund_amount_invalid');
    expect((await refusal(newFund(DEMO_FUND.name, 100)))?.messageKey).toBe('fund_name_taken');
    expect((await refusal(services.funds.createFund(await asUser(services, 'zhanqian'), { name: 'y', totalFen: 100, allocatedByUnit: 'z' })))?.status).toBe(403);

    const small = await newFund('测试专项党费', 100_000);
    const aotou = await town('鳌头镇');
    const alloc = (amountFen: number, unitId = aotou, unitType: 'region' | 'team' | 'org' = 'region', clientId = randomUUID()) => services.funds.allocate(command, small.id, { clientId, unitType, unitId, amountFen });
    expect((await refusal(alloc(0)))?.messageKey).toBe('fund_amount_invalid');
    expect((await refusal(alloc(1.5)))?.messageKey).toBe('fund_amount_invalid');
    expect((await refusal(alloc(100_001)))?.messageKey).toBe('fund_over_total');
    const community = await scalar<number>(database, sql`select id from regions where level = 'community' limit 1`);
    expect((await refusal(alloc(10, community)))?.messageKey).toBe('fund_unit_level');
    expect((await refusal(alloc(10, 999_999, 'team')))?.messageKey).toBe('fund_unit_unknown');
    const cid = randomUUID();
    const first = await alloc(60_000, aotou, 'region', cid);
    // A retry answers the first; the same town twice is refused.
    expect((await alloc(60_000, aotou, 'region', cid)).id).toBe(first.id);
    expect((await refusal(alloc(1_000)))?.messageKey).toBe('fund_unit_taken');
    const over = await refusal(alloc(40_001, await town('站前街道')));
    expect(over?.messageKey).toBe('fund_over_total');
    expect(over?.params).toMatchObject({ available: '400.00', amount: '400.01' });
    expect(await scalar(database, sql`select count(*)::int from fund_allocations where fund_id = ${small.id}`)).toBe(1);
    expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'allocate_fund' and subject_id = ${String(first.id)}`)).toBe(1);
  });

  it('lets only one of several racing allocations take the rest of a fund', async () => {
    const f = await newFund('并发下拨测试', 100_000);
    const towns = await scalar<number[]>(database, sql`select array_agg(id order by id) from regions where level = 'town'`);
    const results = await Promise.allSettled(
      towns.slice(0, 6).map((unitId) => services.funds.allocate(command, f.id, { clientId: randomUUID(), unitType: 'region', unitId, amountFen: 60_000 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.every((r) => r.reason.messageKey === 'fund_over_total')).toBe(true);
    expect(await scalar(database, sql`select sum(amount_fen)::float8 from fund_allocations where fund_id = ${f.id}`)).toBe(60_000);
  });

  it('records expenditures of the allowed uses within the balance, by the unit\'s own people only', async () => {
    const zhanqianTown = await allocationOf(fundId, '站前街道');
    const otherTown = await allocationOf(fundId, '鳌头镇');
    const chief = await asUser(services, 'zhanqian');
    const captain = await asUser(services, 'captain');
    expect((await refusal(services.funds.spend(chief, zhanqianTown, spendReq(100, 'banquet'))))?.messageKey).toBe('fund_category_disallowed');
    expect((await refusal(services.funds.spend(chief, zhanqianTown, spendReq(-100))))?.messageKey).toBe('fund_amount_invalid');
    expect((await refusal(services.funds.spend(chief, zhanqianTown, spendReq(12.5))))?.messageKey).toBe('fund_amount_invalid');
    expect((await refusal(services.funds.spend(chief, zhanqianTown, spendReq(0))))?.messageKey).toBe('fund_amount_invalid');
    const balance = 10_000_000 - 5_008_050;
    const over = await refusal(services.funds.spend(chief, zhanqianTown, spendReq(balance + 1)));
    expect(over?.status).toBe(409);
    expect(over?.messageKey).toBe('fund_over_balance');
    expect(over?.params).toMatchObject({ remaining: (balance / 100).toFixed(2) });
    // Another town's account, a volunteer, the captain on a branch's money: refused.
    expect((await refusal(services.funds.spend(chief, otherTown, spendReq(100))))?.status).toBe(403);
    expect((await refusal(services.funds.spend(await asUser(services, 'volunteer'), zhanqianTown, spendReq(100))))?.status).toBe(403);
    const captainTeam = await allocationOf(fundId, DEMO_FUND.teams[0]);
    expect((await refusal(services.funds.spend(captain, await allocationOf(fundId, DEMO_FUND.teams[1]), spendReq(100))))?.status).toBe(403);
    // The team's captain on the team's money; a retry with the same id is one entry.
    const req = spendReq(12_345, 'medicines_supplies');
    const e = await services.funds.spend(captain, captainTeam, req);
    expect((await services.funds.spend(captain, captainTeam, req)).id).toBe(e.id);
    expect(e).toMatchObject({ amountFen: 12_345, category: 'medicines_supplies', receipts: ['r1.jpg'], recordedBy: '志愿服务队队长' });
    expect(await scalar(database, sql`select count(*)::int from fund_expenditures where client_id = ${req.clientId}`)).toBe(1);
    expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'fund_expenditure' and details->'after'->>'id' = ${String(e.id)}`)).toBe(1);
    const mine = await services.funds.myAllocations(captain);
    expect(mine.items.find((a) => a.id === captainTeam)).toMatchObject({ mayRecord: true, spentFen: 456_000 + 12_345, remainingFen: 5_000_000 - 468_345 });

    // A party branch's secretary spends the branch's allocation.
    const org = await scalar<{ id: number; name: string; person: number }>(database, sql`
      select json_build_object('id', o.id, 'name', o.name, 'person', a.person_id) from orgs o join assignments a on a.unit_type = 'org' and a.unit_id = o.id and a.role = 'secretary' and a.ends_at is null limit 1`);
    const district = await scalar<number>(database, sql`select id from regions where level = 'district'`);
    await services.auth.createUser({ username: 'secretary1', displayName: '支部书记', role: 'volunteer', scopeRegionId: district, personId: org.person, password: DEMO_PASSWORD });
    const secretary = await asUser(services, 'secretary1');
    const orgAlloc = await services.funds.allocate(command, fundId, { clientId: randomUUID(), unitType: 'org', unitId: org.id, amountFen: 1_000_000 });
    await services.funds.spend(secretary, orgAlloc.id, spendReq(50_000, 'hardship_relief'));
    expect((await refusal(services.funds.spend(chief, orgAlloc.id, spendReq(100))))?.status).toBe(403);
    expect((await services.funds.allocation(secretary, orgAlloc.id)).remainingFen).toBe(950_000);
  });

  it('of two racing expenditures that together overspend, records exactly one', async () => {
    const f = await newFund('并发支出测试', 100_000);
    const alloc = await services.funds.allocate(command, f.id, { clientId: randomUUID(), unitType: 'region', unitId: await town('站前街道'), amountFen: 100_000 });
    const chief = await asUser(services, 'zhanqian');
    const results = await Promise.allSettled([
      services.funds.spend(chief, alloc.id, spendReq(70_000)),
      services.funds.spend(chief, alloc.id, spendReq(70_000)),
      services.funds.spend(command, alloc.id, spendReq(70_000)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.every((r) => r.reason.messageKey === 'fund_over_balance')).toBe(true);
    expect(await scalar(database, sql`select count(*)::int from fund_expenditures where allocation_id = ${alloc.id}`)).toBe(1);
    expect(await scalar(database, sql`select spent_fen::float8 from fund_allocations where id = ${alloc.id}`)).toBe(70_000);
  });

  it('corrects by reversing entries: the original stays, the balance returns, a reversal is once and final', async () => {
    const f = await newFund('冲销测试', 100_000);
    const alloc = await services.funds.allocate(command, f.id, { clientId: randomUUID(), unitType: 'region', unitId: await town('站前街道'), amountFen: 100_000 });
    const chief = await asUser(services, 'zhanqian');
    const e = await services.funds.spend(chief, alloc.id, spendReq(80_000, 'medicines_supplies'));
    expect((await refusal(services.funds.reverse(await asUser(services, 'volunteer'), e.id, { clientId: randomUUID(), reason: 'x' })))?.status).toBe(403);
    const r = await services.funds.reverse(chief, e.id, { clientId: randomUUID(), reason: '录入错误' });
    expect(r).toMatchObject({ reversesId: e.id, amountFen: 80_000, category: 'medicines_supplies' });
    expect((await refusal(services.funds.reverse(chief, e.id, { clientId: randomUUID(), reason: 'again' })))?.messageKey).toBe('fund_reversal_twice');
    expect((await refusal(services.funds.reverse(chief, r.id, { clientId: randomUUID(), reason: 'undo' })))?.messageKey).toBe('fund_reversal_of_reversal');
    const detail = await services.funds.allocation(chief, alloc.id);
    expect(detail).toMatchObject({ spentFen: 0, remainingFen: 100_000 });
    expect(detail.expenditures.find((x) => x.id === e.id)?.reversedById).toBe(r.id);
    expect(detail.expenditures).toHaveLength(2);
    // A reversing entry takes no receipts (they belong to the entry it reverses).
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await refusal(services.funds.attachReceipt(chief, r.id, { data: png, mimetype: 'image/png' })))?.messageKey).toBe('receipt_on_reversal');
    // The money is back: the whole allocation may be spent again.
    await services.funds.spend(chief, alloc.id, spendReq(100_000, 'hardship_relief'));
    const report = await services.funds.report(command, f.id);
    expect(report.spentByCategory).toEqual({ frontline_comfort: 0, medicines_supplies: 0, hardship_relief: 100_000 });
    expect(report.units[0].expenditures).toBe(1);
    expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'fund_reversal'`)).toBeGreaterThanOrEqual(2);
    // The database itself refuses a spent total over the amount and a second reversal.
    await expect(database.db.execute(sql`update fund_allocations set spent_fen = amount_fen + 1 where id = ${alloc.id}`)).rejects.toThrow();
    await expect(database.db.execute(sql`insert into fund_expenditures (allocation_id, category, amount_fen, purpose, payee, spent_at, reverses_id, client_id)
      values (${alloc.id}, 'medicines_supplies', 80000, 'x', 'y', now(), ${e.id}, ${randomUUID()})`)).rejects.toThrow();
    await expect(database.db.execute(sql`insert into fund_expenditures (allocation_id, category, amount_fen, purpose, payee, spent_at, client_id)
      values (${alloc.id}, 'banquet', 100, 'x', 'y', now(), ${randomUUID()})`)).rejects.toThrow();
  });

  it('records donations with acknowledgement numbers; money raises the fund, items stay on the record', async () => {
    const before = (await services.funds.report(command, fundId)).availableFen;
    const req = { clientId: randomUUID(), donorKind: 'deputy' as const, donorName: '区人大代表 张建国', moneyFen: 2_000_000, fundId };
    const d = await services.funds.recordDonation(command, req);
    expect(d.ackNo).toMatch(/^JZ-\d{4}-\d{6}$/);
    expect(d.destination).toBe(DEMO_FUND.name);
    expect((await services.funds.recordDonation(command, req)).id).toBe(d.id);
    expect((await services.funds.report(command, fundId)).availableFen).toBe(before + 2_000_000);
    const items = await services.funds.recordDonation(command, { clientId: randomUUID(), donorKind: 'company', donorName: '某公司', items: [{ itemId: await itemId('gown'), quantity: 100 }], holderId: await warehouseId(), public: false });
    expect(items).toMatchObject({ moneyFen: null, items: [{ name: '防护服', quantity: 100, unit: '套' }], destination: DEMO_WAREHOUSE });
    const ack = await services.funds.acknowledgement(command, items.id, 'zh-CN');
    expect(ack.text).toContain('防护服 100套');
    expect(ack.text).toContain(DEMO_WAREHOUSE);
    expect(ack.ackNo).toBe(items.ackNo);

    const bad = (x: object) => refusal(services.funds.recordDonation(command, { clientId: randomUUID(), donorKind: 'person', donorName: '王五', ...x }));
    expect((await bad({ moneyFen: 100, fundId, items: [{ itemId: await itemId('n95'), quantity: 1 }] }))?.messageKey).toBe('donation_what');
    expect((await bad({}))?.messageKey).toBe('donation_what');
    expect((await bad({ moneyFen: 100 }))?.messageKey).toBe('donation_destination');
    expect((await bad({ moneyFen: 10.5, fundId }))?.messageKey).toBe('fund_amount_invalid');
    expect((await bad({ items: [{ itemId: await itemId('n95'), quantity: 0 }], holderId: await warehouseId() }))?.messageKey).toBe('material_quantity_positive');
    expect((await bad({ items: [{ itemId: await itemId('n95'), quantity: 1 }] }))?.messageKey).toBe('donation_destination');
    expect((await bad({ items: [{ itemId: 999_999, quantity: 1 }], holderId: await warehouseId() }))?.messageKey).toBe('material_item_unknown');
    expect((await refusal(services.funds.recordDonation(await asUser(services, 'zhanqian'), { ...req, clientId: randomUUID() })))?.status).toBe(403);
    expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'record_donation' and subject_id = ${String(d.id)}`)).toBe(1);
  });

  it('answers over HTTP: the public donations list without login, refusals in both languages, the report as .xlsx', async () => {
    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const pub = await app.inject({ url: '/api/public/donations' });
      expect(pub.statusCode).toBe(200);
      const body = pub.json() as { items: Array<{ donor: string; donorKind: string; destination: string }>; totalMoneyFen: number };
      expect(body.items.some((i) => i.donor === '李**' && i.donorKind === 'person')).toBe(true);
      expect(body.items.some((i) => i.donor === '李伟明')).toBe(false);
      expect(body.items.some((i) => i.donor === '区人大代表 陈秀英' && i.destination === DEMO_FUND.name)).toBe(true);
      expect(body.items.some((i) => i.donor === '某公司')).toBe(false); // not public

      const cookie = await loginCookie(app, 'zhanqian');
      const allocationId = await allocationOf(fundId, '站前街道');
      const post = (locale: string, payload: object) =>
        app.inject({ method: 'POST', url: `/api/fund-allocations/${allocationId}/expenditures`, headers: { cookie, 'x-gridline-locale': locale }, payload });
      const zh = await post('zh-CN', spendReq(999_999_999));
      expect(zh.statusCode).toBe(409);
      expect(zh.json().message).toMatch(/^超出该单位专项党费余额：余额 [\d.]+ 元，本次 9999999\.99 元$/);
      const en = await post('en', spendReq(100, 'party_dinner'));
      expect(en.statusCode).toBe(400);
      expect(en.json().message).toContain('not “party_dinner”');
      const ok = await post('zh-CN', spendReq(100, 'hardship_relief'));
      expect(ok.statusCode).toBe(201);
      expect((await app.inject({ url: `/api/funds/${fundId}/report`, headers: { cookie } })).statusCode).toBe(403);

      const cmd = await loginCookie(app, 'command');
      const report = (await app.inject({ url: `/api/funds/${fundId}/report`, headers: { cookie: cmd } })).json();
      const xlsx = await app.inject({ url: `/api/funds/${fundId}/report.xlsx`, headers: { cookie: cmd } });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const summary = await readTable(xlsx.rawPayload, 'xlsx');
      const cell = (label: string) => summary.rows.find((r) => r.cells[0] === label)?.cells[1];
      expect(cell('已支出（元）')).toBe((report.spentFen / 100).toFixed(2));
      expect(cell('已下拨（元）')).toBe((report.allocatedFen / 100).toFixed(2));
      expect(cell('慰问一线人员')).toBe((report.spentByCategory.frontline_comfort / 100).toFixed(2));
    } finally {
      await app.close();
    }
  });
  it('puts donated items on the warehouse\'s books in the donation\'s transaction, once per clientId, whole units only', async () => {
    const warehouse = await warehouseId();
    const [n95, disinfectant] = [await itemId('n95'), await itemId('disinfectant')];
    const balance = (item: number) => scalar<number>(database, sql`select coalesce((select balance::float8 from stock_balances where holder_id = ${warehouse} and item_id = ${item}), 0)`);
    const movements = (donation: number) => scalar<number>(database, sql`select count(*)::int from stock_movements where donation_id = ${donation}`);
    const [n95Before, disBefore] = [await balance(n95), await balance(disinfectant)];
    const req = { clientId: randomUUID(), donorKind: 'company' as const, donorName: '茂名市某医疗器械公司', items: [{ itemId: n95, quantity: 2000 }, { itemId: disinfectant, quantity: 12.5 }], holderId: warehouse };
    const d = await services.funds.recordDonation(command, req);
    expect(d.items).toEqual([{ name: 'N95口罩', quantity: 2000, unit: '只' }, { name: '含氯消毒液', quantity: 12.5, unit: '升' }]);
    expect(d.destination).toBe(DEMO_WAREHOUSE);
    // Balances are kept in thousandths of the unit.
    expect(await balance(n95)).toBe(n95Before + 2_000_000);
    expect(await balance(disinfectant)).toBe(disBefore + 12_500);
    const rows = await scalar<Array<{ item_id: number; kind: string; quantity: number; holder_id: number }>>(database, sql`
      select json_agg(json_build_object('item_id', item_id, 'kind', kind, 'quantity', quantity, 'holder_id', holder_id) order by id) from stock_movements where donation_id = ${d.id}`);
    expect(rows).toEqual([
      { item_id: n95, kind: 'received', quantity: 2_000_000, holder_id: warehouse },
      { item_id: disinfectant, kind: 'received', quantity: 12_500, holder_id: warehouse },
    ]);
    expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'material_received' and (details->>'donationId')::int = ${d.id}`)).toBe(2);

    // Resent (one after the other, or two at once): the first donation, nothing added twice.
    expect((await services.funds.recordDonation(command, req)).id).toBe(d.id);
    const again = { ...req, clientId: randomUUID() };
    const [a, b] = await Promise.all([services.funds.recordDonation(command, again), services.funds.recordDonation(command, again)]);
    expect(a.id).toBe(b.id);
    expect(await movements(d.id)).toBe(2);
    expect(await movements(a.id)).toBe(2);
    expect(await scalar(database, sql`select count(*)::int from donations where client_id in (${req.clientId}, ${again.clientId})`)).toBe(2);
    expect(await balance(n95)).toBe(n95Before + 4_000_000);

    // A fraction of a mask, a point instead of a warehouse: refused, nothing written.
    const donationsBefore = await scalar<number>(database, sql`select count(*)::int from donations`);
    const whole = await refusal(services.funds.recordDonation(command, { ...req, clientId: randomUUID(), items: [{ itemId: n95, quantity: 1.5 }] }));
    expect(whole?.messageKey).toBe('material_quantity_whole');
    expect(whole?.params).toMatchObject({ item: 'N95口罩', unit: '只' });
    const point = await scalar<number>(database, sql`select id from holders where kind = 'point' limit 1`);
    expect((await refusal(services.funds.recordDonation(command, { ...req, clientId: randomUUID(), holderId: point })))?.messageKey).toBe('donation_holder_not_warehouse');
    expect(await scalar(database, sql`select count(*)::int from donations`)).toBe(donationsBefore);
    expect(await balance(n95)).toBe(n95Before + 4_000_000);

    // The seed's donated items went the same way, and the ledger still agrees with the balances.
    expect(await scalar(database, sql`select count(*)::int from stock_movements m join donations d on d.id = m.donation_id where d.donor_name = '区人大代表 梁志强'`)).toBe(2);
    expect((await services.materials.rebuildBalances()).agreed).toBe(true);
  });

  describe('receipts as uploaded files', () => {
    const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452', 'hex'), randomBytes(64)]);
    const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200), Buffer.from('\n%%EOF\n')]);
    const form = (data: Buffer, mimetype: string, field = 'file') => {
      const boundary = `----gridline${randomUUID()}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="receipt"\r\nContent-Type: ${mimetype}\r\n\r\n`),
        data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
    };

    it('are attached by who may record on the allocation, checked by their bytes, served back as they were to who may see it', async () => {
      const app = await buildApp(services, { logLevel: 'silent' });
      try {
        const chief = await asUser(services, 'zhanqian');
        const mine = await services.funds.spend(chief, await allocationOf(fundId, '站前街道'), spendReq(1_000, 'medicines_supplies'));
        const theirs = await services.funds.spend(command, await allocationOf(fundId, '鳌头镇'), spendReq(1_000, 'medicines_supplies'));
        const cookie = await loginCookie(app, 'zhanqian');
        const upload = (expenditureId: number, body: ReturnType<typeof form>, locale = 'zh-CN', who = cookie) =>
          app.inject({ method: 'POST', url: `/api/fund-expenditures/${expenditureId}/receipts`, headers: { ...body.headers, cookie: who, 'x-gridline-locale': locale }, payload: body.payload });

        const photo = await upload(mine.id, form(PNG, 'image/png'));
        expect(photo.statusCode).toBe(201);
        expect(photo.json()).toMatchObject({ expenditureId: mine.id, mimetype: 'image/png', sizeBytes: PNG.length });
        const pdf = await upload(mine.id, form(PDF, 'application/pdf'));
        expect(pdf.statusCode).toBe(201);
        expect(pdf.json()).toMatchObject({ mimetype: 'application/pdf', sizeBytes: PDF.length });

        // Bytes that are not what the type says: refused with a clear message, in either language.
        const html = Buffer.from('<html><script>alert(1)</script></html>');
        const fake = await upload(mine.id, form(html, 'image/png'));
        expect(fake.statusCode).toBe(400);
        expect(fake.json()).toMatchObject({ error: 'validation_failed', message: '票据只支持 JPEG、PNG、WebP 图片或 PDF 文件，且文件内容须与类型相符' });
        expect((await upload(mine.id, form(PNG, 'application/pdf'), 'en')).json().message).toBe('A receipt must be a JPEG, PNG or WebP image or a PDF, and its contents must be of that type');
        expect((await upload(mine.id, form(html, 'text/html'))).json().message).toMatch(/^票据只支持/);
        expect((await upload(mine.id, form(PNG, 'image/png', 'photo'))).json().message).toMatch(/^请选择要上传的票据文件/);
        // Another town's expenditure, no such expenditure, no login.
        expect((await upload(theirs.id, form(PNG, 'image/png'))).statusCode).toBe(403);
        expect((await upload(999_999, form(PNG, 'image/png'))).statusCode).toBe(404);
        expect((await app.inject({ method: 'POST', url: `/api/fund-expenditures/${mine.id}/receipts`, ...form(PNG, 'image/png') })).statusCode).toBe(401);
        expect(await scalar(database, sql`select count(*)::int from fund_receipts where expenditure_id in (${mine.id}, ${theirs.id})`)).toBe(2);
        expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'fund_receipt_attached' and subject_id = ${String(mine.id)}`)).toBe(2);

        // Listed with the expenditure; kept under funds/ in the files directory; served byte-identical with its type.
        const entry = (await services.funds.allocation(chief, mine.allocationId)).expenditures.find((e) => e.id === mine.id)!;
        expect(entry.receiptFiles.map((f) => [f.id, f.mimetype, f.sizeBytes])).toEqual([[photo.json().id, 'image/png', PNG.length], [pdf.json().id, 'application/pdf', PDF.length]]);
        const fileName = await scalar<string>(database, sql`select file_name from fund_receipts where id = ${photo.json().id}`);
        expect((await readFile(join(services.requests.filesDir, 'funds', fileName))).equals(PNG)).toBe(true);
        const got = await app.inject({ url: `/api/fund-receipts/${photo.json().id}`, headers: { cookie } });
        expect(got.statusCode).toBe(200);
        expect(got.headers['content-type']).toBe('image/png');
        expect(got.headers['x-content-type-options']).toBe('nosniff');
        expect(got.rawPayload.equals(PNG)).toBe(true);
        const gotPdf = await app.inject({ url: `/api/fund-receipts/${pdf.json().id}`, headers: { cookie: await loginCookie(app, 'command') } });
        expect(gotPdf.headers['content-type']).toBe('application/pdf');
        expect(gotPdf.rawPayload.equals(PDF)).toBe(true);
        // Those who may not see the allocation get a 404; without a login, a 401.
        expect((await app.inject({ url: `/api/fund-receipts/${photo.json().id}`, headers: { cookie: await loginCookie(app, 'volunteer') } })).statusCode).toBe(404);
        expect((await app.inject({ url: `/api/fund-receipts/${photo.json().id}` })).statusCode).toBe(401);
        expect((await app.inject({ url: '/api/fund-receipts/999999', headers: { cookie } })).statusCode).toBe(404);

        // The report counts each entry's receipt files, in JSON and in the .xlsx.
        const report = await services.funds.report(command, fundId);
        expect(report.expenditures.find((e) => e.id === mine.id)).toMatchObject({ unitName: '站前街道', receiptFiles: 2, amountFen: 1_000 });
        expect(report.expenditures.find((e) => e.id === theirs.id)?.receiptFiles).toBe(0);
        const xlsx = await app.inject({ url: `/api/funds/${fundId}/report.xlsx`, headers: { cookie: await loginCookie(app, 'command') } });
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
        const sheet = wb.getWorksheet('支出明细')!;
        const header = (sheet.getRow(1).values as string[]).indexOf('票据（张）');
        const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => String(r.getCell(1).value) === String(mine.id))!;
        expect(String(row.getCell(header).value)).toBe('2');
      } finally {
        await app.close();
      }
    });
  });
});
