import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { DEMO_WAREHOUSE } from '../../seed/demo-materials.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';
import { appendMovement } from './materials.repository.ts';
import { materialsService } from './materials.service.ts';

type Cell = string | number | null;

/** The first sheet of an .xlsx as exceljs reads it back: the header row and the data rows, numbers kept as numbers. */
async function readSheet(payload: Buffer): Promise<{ name: string; headers: string[]; rows: Cell[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const all: Cell[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    all.push(Array.from({ length: ws.columnCount }, (_, i) => {
      const v = values[i];
      return v === undefined || v === null || v === '' ? null : typeof v === 'number' ? v : String(v);
    }));
  });
  return { name: ws.name, headers: all[0].map(String), rows: all.slice(1) };
}

describe('materials exports (.xlsx)', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let command: SessionUser;
  let chief: SessionUser;
  let warehouse: number;
  let chiefPoint: number;
  let otherPoint: number;
  let cmdCookie: string;
  let chiefCookie: string;
  const item = async (code: string) => (await services.materials.items()).find((i) => i.code === code)!;
  const get = (url: string, cookie: string, locale = 'zh-CN') => app.inject({ url, headers: { cookie, 'x-gridline-locale': locale } });

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
    chief = await asUser(services, 'pointchief');
    const holders = await services.materials.holders();
    warehouse = holders.find((h) => h.name === DEMO_WAREHOUSE)!.id;
    const chiefPointId = await scalar<number>(database, sql`
      select unit_id from assignments where unit_type = 'point' and role = 'point_chief' and ends_at is null and person_id = ${chief.personId} limit 1`);
    chiefPoint = (await services.materials.holderOfPoint(chiefPointId))!.id;
    otherPoint = holders.find((h) => h.kind === 'point' && h.id !== chiefPoint)!.id;
    app = await buildApp(services, { logLevel: 'silent' });
    cmdCookie = await loginCookie(app, 'command');
    chiefCookie = await loginCookie(app, 'pointchief');
  });
  afterAll(async () => {
    await app?.close();
    await drop();
  });

  it('exports the balances of every holder × item the caller may see, in the item\'s unit, now or at a past time', async () => {
    // Half a litre of disinfectant leaves the point: the export shows 0.5-litre steps, not milli-units.
    const dis = await item('disinfectant');
    await services.materials.writeOff(command, { holderId: otherPoint, itemId: dis.id, quantity: 0.5, reason: 'spilt' });
    const res = await get('/api/materials/balances.xlsx', cmdCookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('库存结存.xlsx')}`);
    const sheet = await readSheet(res.rawPayload);
    expect(sheet.name).toBe('库存结存');
    expect(sheet.headers).toEqual(['库存点', '类型', '物资编码', '物资', '单位', '结存']);
    const json = await services.materials.balances(command, {});
    const holders = await services.materials.holders();
    // Every non-zero balance of the JSON answer is a row with the same figure.
    for (const b of json.items) {
      const row = sheet.rows.find((r) => r[0] === b.holderName && r[2] === b.itemCode);
      expect(row, `${b.holderName} ${b.itemCode}`).toBeDefined();
      expect(row![5]).toBe(b.quantity);
    }
    expect(new Set(sheet.rows.map((r) => r[0])).size).toBe(new Set(json.items.map((b) => b.holderId)).size);
    const otherName = holders.find((h) => h.id === otherPoint)!.name;
    const disRow = sheet.rows.find((r) => r[0] === otherName && r[2] === 'disinfectant')!;
    expect(disRow).toEqual([otherName, '采样点', 'disinfectant', dis.name, '升', json.items.find((b) => b.holderId === otherPoint && b.itemCode === 'disinfectant')!.quantity]);
    expect(Number.isInteger(disRow[5] as number)).toBe(false);
    expect(sheet.rows.find((r) => r[0] === DEMO_WAREHOUSE)?.[1]).toBe('仓库');

    // A point chief gets their own point's rows only, and a 403 for anyone else's.
    const mine = await readSheet((await get('/api/materials/balances.xlsx', chiefCookie)).rawPayload);
    const chiefName = holders.find((h) => h.id === chiefPoint)!.name;
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.every((r) => r[0] === chiefName)).toBe(true);
    const refused = await get(`/api/materials/balances.xlsx?holderId=${warehouse}`, chiefCookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toBe('forbidden');

    // The warehouse's gloves before a delivery of 500, from the ledger, in English.
    const m = materialsService(database, services.audit, () => new Date());
    const gloves = await item('gloves');
    const before = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await m.receive(command, { holderId: warehouse, itemId: gloves.id, quantity: 500, reason: 'delivery' });
    const nowHeld = (await services.materials.balances(command, { holderId: warehouse })).items.find((b) => b.itemCode === 'gloves')!.quantity;
    const past = await get(`/api/materials/balances.xlsx?holderId=${warehouse}&at=${encodeURIComponent(before.toISOString())}`, cmdCookie, 'en');
    expect(past.statusCode).toBe(200);
    const en = await readSheet(past.rawPayload);
    expect(en.headers.slice(0, 5)).toEqual(['Holder', 'Kind', 'Code', 'Item', 'Unit']);
    expect(en.headers[5]).toMatch(/^Balance at \d{4}-\d{2}-\d{2} \d{2}:\d{2}Z$/);
    expect(en.rows.every((r) => r[0] === DEMO_WAREHOUSE)).toBe(true);
    expect(en.rows.find((r) => r[2] === 'gloves')).toEqual([DEMO_WAREHOUSE, 'warehouse', 'gloves', gloves.nameEn, gloves.unit, nowHeld - 500]);
  });

  it('exports every request line — asked, approved, sent (the substitute named) and received — with no row cap, scoped like the list', async () => {
    const m = services.materials;
    const [tube10, tube20, swab] = await Promise.all([item('tube_10'), item('tube_20'), item('swab')]);
    const req = await m.request(chief, { clientId: randomUUID(), holderId: chiefPoint, lines: [{ itemId: tube10.id, quantity: 100 }, { itemId: swab.id, quantity: 500 }], note: '队伍很长' });
    const [lTube, lSwab] = req.lines;
    await m.approve(command, req.id, { lines: [{ lineId: lSwab.id, quantity: 300, note: '先发一半' }] });
    await m.dispatch(command, req.id, { fromHolderId: warehouse, lines: [{ lineId: lTube.id, itemId: tube20.id, quantity: 50, note: '' }] });
    const done = await m.confirmReceipt(chief, req.id, { lines: [{ lineId: lTube.id, quantity: 40, note: '少一盒' }, { lineId: lSwab.id, quantity: 0, note: '破损' }] });
    // The delivery note's dates: each step's time is on the request.
    expect([done.approvedAt, done.dispatchedAt, done.receivedAt].every((at) => typeof at === 'string' && !Number.isNaN(Date.parse(at!)))).toBe(true);

    // Another 600 requests of one line each, straight into the tables: more than the JSON list's 500.
    await database.db.execute(sql`
      insert into material_requests (client_id, holder_id, due_at, note, requested_at)
      select gen_random_uuid(), ${otherPoint}, now() - interval '1 hour', 'bulk ' || g, now() - interval '2 hours' from generate_series(1, 600) g`);
    await database.db.execute(sql`
      insert into material_request_lines (request_id, item_id, requested)
      select r.id, ${swab.id}, 1000 from material_requests r where r.note like 'bulk %'`);

    const res = await get('/api/materials/requests.xlsx', cmdCookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('物资申请明细.xlsx'));
    const sheet = await readSheet(res.rawPayload);
    expect(sheet.headers).toEqual(['申请编号', '库存点', '申请时间', '要求送达', '申请状态', '超时', '物资', '单位', '申请数', '批准数', '发出物资', '发出单位', '发出数', '签收数', '明细状态', '备注']);
    expect(sheet.rows).toHaveLength(await scalar<number>(database, sql`select count(*)::int from material_request_lines`));
    const holderName = req.holderName;
    const ours = sheet.rows.filter((r) => r[0] === req.id);
    expect(ours).toHaveLength(2);
    expect(ours[0]).toEqual([req.id, holderName, expect.stringMatching(/Z$/), expect.stringMatching(/Z$/), '已签收', null, tube10.name, '支', 100, 100, `${tube20.name}（替代）`, '支', 50, 40, '部分签收', '队伍很长；少一盒']);
    expect(ours[1]).toEqual([req.id, holderName, expect.any(String), expect.any(String), '已签收', null, swab.name, '支', 500, 300, swab.name, '支', 300, 0, '拒收', '队伍很长；破损']);
    // The bulk requests are past due and not received: marked overdue.
    expect(sheet.rows.filter((r) => r[5] === '是').length).toBeGreaterThanOrEqual(600);

    // Filters, and the chief's scope: their own point only; another holder is refused.
    const received = await readSheet((await get('/api/materials/requests.xlsx?status=received', cmdCookie)).rawPayload);
    expect(received.rows.length).toBeGreaterThan(0);
    expect(received.rows.every((r) => r[4] === '已签收')).toBe(true);
    const mine = await readSheet((await get('/api/materials/requests.xlsx', chiefCookie, 'en')).rawPayload);
    expect(mine.headers[0]).toBe('Request No.');
    expect(mine.rows.length).toBe(await scalar<number>(database, sql`select count(*)::int from material_request_lines l join material_requests r on r.id = l.request_id where r.holder_id = ${chiefPoint}`));
    expect(mine.rows.every((r) => r[1] === holderName)).toBe(true);
    expect(mine.rows.find((r) => r[0] === req.id)?.[10]).toBe(`${tube20.nameEn} (substitute)`);
    expect((await get(`/api/materials/requests.xlsx?holderId=${otherPoint}`, chiefCookie)).statusCode).toBe(403);
  });

  it('exports the whole ledger of one holder with who, why and the balance after each entry; a chief only their own', async () => {
    const gown = await item('gown');
    await services.materials.writeOff(chief, { holderId: chiefPoint, itemId: gown.id, quantity: 2, reason: '撕破' });
    const res = await get(`/api/materials/holders/${chiefPoint}/movements.xlsx`, chiefCookie);
    expect(res.statusCode).toBe(200);
    const holderName = (await services.materials.holders()).find((h) => h.id === chiefPoint)!.name;
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`${holderName}库存流水.xlsx`));
    const sheet = await readSheet(res.rawPayload);
    expect(sheet.headers).toEqual(['流水号', '时间', '类型', '物资', '单位', '数量', '结存', '事由', '经办人', '申请编号', '冲销流水号']);
    expect(sheet.rows).toHaveLength(await scalar<number>(database, sql`select count(*)::int from stock_movements where holder_id = ${chiefPoint}`));
    const newest = sheet.rows[0];
    const gownsNow = (await services.materials.balances(command, { holderId: chiefPoint })).items.find((b) => b.itemCode === 'gown')!.quantity;
    expect(newest).toEqual([expect.any(Number), expect.stringMatching(/Z$/), '报损', gown.name, '套', -2, gownsNow, '撕破', chief.displayName, null, null]);
    // The JSON list shows the same: who, and the balance after.
    const [latest] = await services.materials.movements(chief, chiefPoint);
    expect(latest).toMatchObject({ kind: 'written_off', quantity: -2, byName: chief.displayName, balanceAfter: gownsNow, requestId: null });
    // The receipt of the request delivered in the previous test names its request.
    expect(sheet.rows.some((r) => r[2] === '调入' && typeof r[9] === 'number')).toBe(true);

    // The holders a chief acts for are their own point's, whatever it holds.
    const mine = await get('/api/materials/holders/mine', chiefCookie);
    expect(mine.json().items.map((h: { id: number }) => h.id)).toEqual([chiefPoint]);
    expect((await get('/api/materials/holders/mine', cmdCookie)).json().items.length).toBe((await services.materials.holders()).length);

    const refused = await get(`/api/materials/holders/${warehouse}/movements.xlsx`, chiefCookie);
    expect(refused.statusCode).toBe(403);
    expect((await get('/api/materials/holders/999999/movements.xlsx', cmdCookie)).statusCode).toBe(404);
    // More entries than the JSON list's 200: the export has them all.
    const swab = await item('swab');
    await database.transaction(async (tx) => {
      for (let i = 0; i < 210; i++) await appendMovement(tx.db, { holderId: warehouse, itemId: swab.id, kind: 'received', quantity: 1000, reason: `carton ${i}`, by: command.id });
    });
    const wh = await readSheet((await get(`/api/materials/holders/${warehouse}/movements.xlsx`, cmdCookie, 'en')).rawPayload);
    expect(wh.rows.length).toBe(await scalar<number>(database, sql`select count(*)::int from stock_movements where holder_id = ${warehouse}`));
    expect(wh.rows.length).toBeGreaterThan(200);
    expect(wh.headers[2]).toBe('Kind');
  });
});
