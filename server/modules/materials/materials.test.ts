import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { DEMO_WAREHOUSE, POINT_OPENING, WAREHOUSE_POINTS } from '../../seed/demo-materials.ts';
import { POINT_COUNT } from '../../seed/demo-district.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import { appendMovement } from './materials.repository.ts';
import type { SessionUser } from '../auth/scope.ts';
import { materialsService, toMilli } from './materials.service.ts';

describe('quantities in milli-units', () => {
  const tube = { name: 'tube', unit: '支', wholeUnits: true };
  const litre = { name: 'disinfectant', unit: '升', wholeUnits: false };
  it('stores whole units ×1000 and fractions of a fractional unit, and refuses the rest', () => {
    expect(toMilli(tube, 3)).toBe(3000);
    expect(toMilli(litre, 1.5)).toBe(1500);
    expect(toMilli(litre, 0.001)).toBe(1);
    expect(() => toMilli(tube, 1.5)).toThrow();
    expect(() => toMilli(litre, 0.0005)).toThrow();
    expect(() => toMilli(tube, -1)).toThrow();
    expect(() => toMilli(tube, 0)).toThrow();
    expect(toMilli(tube, 0, { zero: true })).toBe(0);
    expect(() => toMilli(tube, Number.NaN)).toThrow();
  });
});

describe('materials: a ledger of stock, balances, requests and deliveries', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let chief: SessionUser;
  let warehouse: number;
  let chiefPoint: number;
  let otherPoint: number;
  const item = async (code: string) => (await services.materials.items()).find((i) => i.code === code)!;
  const held = async (holderId: number, code: string) => {
    const b = await services.materials.balances(command, { holderId });
    return b.items.find((x) => x.itemCode === code)?.quantity ?? 0;
  };

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
  });
  afterAll(async () => drop());

  it('seeds the catalogue, the district warehouse and opening stock at all 146 points, and the balances agree with the ledger', async () => {
    const codes = (await services.materials.items()).map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['swab', 'tube_10', 'tube_20', 'sealed_bag', 'transfer_box', 'ice_pack', 'n95', 'gown', 'gloves', 'face_shield', 'disinfectant']));
    expect((await services.materials.holders()).filter((h) => h.kind === 'point')).toHaveLength(POINT_COUNT);
    expect(await held(chiefPoint, 'swab')).toBe(POINT_OPENING.swab);
    expect(await held(warehouse, 'tube_10')).toBe(POINT_OPENING.tube_10 * WAREHOUSE_POINTS);
    const all = await services.materials.balances(command, {});
    expect(new Set(all.items.filter((b) => b.holderKind === 'point').map((b) => b.holderId)).size).toBe(POINT_COUNT);
    expect((await services.materials.rebuildBalances()).agreed).toBe(true);
    // Every movement is audited, the opening stock too.
    expect(await scalar<number>(database, sql`select count(*)::int from stock_movements s where not exists (select 1 from audit_log a where a.subject_type = 'stock_movement' and a.subject_id = s.id::text)`)).toBe(0);
    // Seeding again adds nothing.
    expect(await services.materials.ensureCatalogue()).toBe(0);
  });

  it('receives, transfers, counts and writes off as movements, each audited; a balance at a past time comes from the ledger', async () => {
    // The fixture's clock stands still; this service's runs, so the ledger has a past to look back at.
    const m = materialsService(database, services.audit, () => new Date());
    const gloves = await item('gloves');
    const before = new Date();
    await new Promise((r) => setTimeout(r, 5));
    const got = await m.receive(command, { holderId: warehouse, itemId: gloves.id, quantity: 500, reason: 'delivery' });
    expect(got).toMatchObject({ kind: 'received', quantity: 500 });
    const base = await held(warehouse, 'gloves');

    const legs = await m.transfer(command, { fromHolderId: warehouse, toHolderId: otherPoint, itemId: gloves.id, quantity: 40, reason: '' });
    expect(legs.map((l) => [l.kind, l.quantity])).toEqual([['transfer_out', -40], ['transfer_in', 40]]);
    expect(legs[0].pairId).toBe(legs[1].pairId);
    expect(await held(warehouse, 'gloves')).toBe(base - 40);
    expect(await held(otherPoint, 'gloves')).toBe(POINT_OPENING.gloves + 40);

    // A count of 95 where the books say 100 records −5 as its own movement.
    const counted = await m.count(command, { holderId: otherPoint, itemId: gloves.id, counted: POINT_OPENING.gloves + 35, reason: 'stocktake' });
    expect(counted).toMatchObject({ kind: 'counted', quantity: -5 });
    expect(await held(otherPoint, 'gloves')).toBe(POINT_OPENING.gloves + 35);

    const off = await m.writeOff(command, { holderId: otherPoint, itemId: gloves.id, quantity: 5, reason: 'torn' });
    expect(off.quantity).toBe(-5);
    expect(await held(otherPoint, 'gloves')).toBe(POINT_OPENING.gloves + 30);

    // The warehouse's gloves before the delivery, summed from the ledger.
    const past = await m.balances(command, { holderId: warehouse, at: before.toISOString() });
    expect(past.items.find((b) => b.itemCode === 'gloves')!.quantity).toBe(base - 500);

    expect((await services.audit.history('stock_movement', String(got.id)))[0]).toMatchObject({ action: 'material_received', userId: command.id });
    expect(await scalar<number>(database, sql`select count(*)::int from audit_log where subject_type = 'stock_movement' and action = 'material_transferred' and subject_id in (${String(legs[0].id)}, ${String(legs[1].id)})`)).toBe(2);
    expect((await m.rebuildBalances()).agreed).toBe(true);
  });

  it('corrects a mistake with a reversing entry, once; the ledger is never rewritten', async () => {
    const m = services.materials;
    const shields = await item('face_shield');
    const wrong = await m.receive(command, { holderId: warehouse, itemId: shields.id, quantity: 1000, reason: 'typo: 100' });
    const n = await scalar<number>(database, sql`select count(*)::int from stock_movements`);
    const rev = await m.reverse(command, wrong.id, 'typed 1000 for 100');
    expect(rev).toMatchObject({ kind: 'reversal', quantity: -1000, reversesId: wrong.id });
    expect((await refusal(m.reverse(command, wrong.id, 'again')))?.messageKey).toBe('material_reversed_already');
    expect((await refusal(m.reverse(command, rev.id, 'undo the undo')))?.messageKey).toBe('material_reverse_kind');
    expect(await scalar<number>(database, sql`select count(*)::int from stock_movements`)).toBe(n + 1);
    expect(await scalar<number>(database, sql`select quantity::int from stock_movements where id = ${wrong.id}`)).toBe(1000 * 1000);
  });

  it('refuses negative, zero and fractional quantities where the unit forbids them, and more than is held, in the user\'s language', async () => {
    const m = services.materials;
    const tube = await item('tube_10');
    const dis = await item('disinfectant');
    expect((await refusal(m.receive(command, { holderId: warehouse, itemId: tube.id, quantity: -5, reason: '' })))?.messageKey).toBe('material_quantity_positive');
    expect((await refusal(m.receive(command, { holderId: warehouse, itemId: tube.id, quantity: 0, reason: '' })))?.messageKey).toBe('material_quantity_positive');
    const frac = await refusal(m.transfer(command, { fromHolderId: warehouse, toHolderId: otherPoint, itemId: tube.id, quantity: 2.5, reason: '' }));
    expect(frac).toMatchObject({ status: 400, messageKey: 'material_quantity_whole' });
    // Disinfectant is measured in litres: half a litre is fine.
    await m.transfer(command, { fromHolderId: warehouse, toHolderId: otherPoint, itemId: dis.id, quantity: 0.5, reason: '' });
    expect(await held(otherPoint, 'disinfectant')).toBe(POINT_OPENING.disinfectant + 0.5);

    const has = await held(otherPoint, 'tube_10');
    const over = await refusal(m.transfer(command, { fromHolderId: otherPoint, toHolderId: warehouse, itemId: tube.id, quantity: has + 1, reason: '' }));
    expect(over).toMatchObject({ status: 409, messageKey: 'material_insufficient' });
    expect(over?.params).toMatchObject({ held: has, wanted: has + 1 });
    expect((await refusal(m.writeOff(command, { holderId: otherPoint, itemId: tube.id, quantity: has + 1, reason: 'x' })))?.messageKey).toBe('material_insufficient');
    expect(await held(otherPoint, 'tube_10')).toBe(has);

    // The database itself refuses a balance below zero.
    const direct = await refusal(database.db.execute(sql`update stock_balances set balance = -1 where holder_id = ${otherPoint}`).then(() => undefined)).catch((e: unknown) => e);
    expect(direct).toBeDefined();
  });

  it('lets exactly one of two concurrent spends of the same stock win, and the balance is never negative', async () => {
    const m = services.materials;
    const ice = await item('ice_pack');
    const has = await held(otherPoint, 'ice_pack');
    const spend = Math.floor(has / 2) + 1;
    const results = await Promise.allSettled([
      m.transfer(command, { fromHolderId: otherPoint, toHolderId: warehouse, itemId: ice.id, quantity: spend, reason: 'a' }),
      m.transfer(command, { fromHolderId: otherPoint, toHolderId: chiefPoint, itemId: ice.id, quantity: spend, reason: 'b' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ messageKey: 'material_insufficient' });
    expect(await held(otherPoint, 'ice_pack')).toBe(has - spend);
    expect((await m.rebuildBalances()).agreed).toBe(true);
  });

  it('rebuilds the running balances from the ledger and says when they had disagreed', async () => {
    await database.db.execute(sql`update stock_balances set balance = balance + 7000 where holder_id = ${warehouse} and item_id = ${(await item('swab')).id}`);
    const before = await held(warehouse, 'swab');
    expect(await services.materials.rebuildBalances()).toEqual({ wrong: 1, agreed: false });
    expect(await held(warehouse, 'swab')).toBe(before - 7);
    expect((await services.materials.rebuildBalances()).agreed).toBe(true);
  });

  it('carries a point chief\'s request through approval, dispatch from the warehouse and receipt, with partial, substituted and rejected lines', async () => {
    const m = services.materials;
    const [tube10, tube20, swab, n95] = await Promise.all([item('tube_10'), item('tube_20'), item('swab'), item('n95')]);
    const clientId = randomUUID();
    const asked = { clientId, holderId: chiefPoint, lines: [{ itemId: tube10.id, quantity: 100 }, { itemId: swab.id, quantity: 500 }, { itemId: n95.id, quantity: 20 }], note: 'queue is long' };
    const req = await m.request(chief, asked);
    expect(req).toMatchObject({ status: 'requested', owner: 'district_command', holderId: chiefPoint });
    expect(new Date(req.dueAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // A resend files nothing twice.
    expect((await m.request(chief, asked)).id).toBe(req.id);
    expect(await scalar<number>(database, sql`select count(*)::int from material_requests where client_id = ${clientId}`)).toBe(1);

    // A chief acts only for their own point; only the command approves and dispatches.
    expect((await refusal(m.request(chief, { ...asked, clientId: randomUUID(), holderId: otherPoint })))?.status).toBe(403);
    expect((await refusal(m.approve(chief, req.id, { lines: [] })))?.status).toBe(403);
    expect((await refusal(m.dispatch(command, req.id, { fromHolderId: warehouse, lines: [] })))?.messageKey).toBe('material_request_state');

    const [lTube, lSwab, lN95] = req.lines;
    const approved = await m.approve(command, req.id, { lines: [{ lineId: lN95.id, quantity: 0, note: 'masks come with the shift kit' }] });
    expect(approved.status).toBe('approved');
    expect(approved.lines.map((l) => l.status)).toEqual(['approved', 'approved', 'rejected']);

    const whTube20 = await held(warehouse, 'tube_20');
    const whSwab = await held(warehouse, 'swab');
    const ptTube10 = await held(chiefPoint, 'tube_10');
    const ptTube20 = await held(chiefPoint, 'tube_20');
    const ptSwab = await held(chiefPoint, 'swab');
    // No 10-in-1 tubes to spare today: 20-in-1 tubes are sent instead, half as many.
    const sent = await m.dispatch(command, req.id, { fromHolderId: warehouse, lines: [{ lineId: lTube.id, itemId: tube20.id, quantity: 50, note: 'substituted 20-in-1' }] });
    expect(sent.status).toBe('dispatched');
    expect(sent.lines[0]).toMatchObject({ dispatchedItemId: tube20.id, dispatched: 50, status: 'dispatched' });
    expect(sent.lines[1]).toMatchObject({ dispatchedItemId: swab.id, dispatched: 500 });
    expect(await held(warehouse, 'tube_20')).toBe(whTube20 - 50);
    expect(await held(warehouse, 'swab')).toBe(whSwab - 500);

    // A receipt of more than was dispatched is refused; a second dispatch too.
    const over = await refusal(m.confirmReceipt(chief, req.id, { lines: [{ lineId: lTube.id, quantity: 51, note: '' }] }));
    expect(over).toMatchObject({ status: 400, messageKey: 'material_receipt_over_dispatched' });
    expect((await refusal(m.dispatch(command, req.id, { fromHolderId: warehouse, lines: [] })))?.messageKey).toBe('material_request_state');

    // 480 swabs arrived (a carton short); the tubes all did.
    const done = await m.confirmReceipt(chief, req.id, { lines: [{ lineId: lSwab.id, quantity: 480, note: 'one carton missing' }] });
    expect(done.status).toBe('received');
    expect(done.lines.map((l) => [l.status, l.received])).toEqual([['received', 50], ['partial', 480], ['rejected', null]]);
    expect(await held(chiefPoint, 'tube_20')).toBe(ptTube20 + 50);
    expect(await held(chiefPoint, 'tube_10')).toBe(ptTube10);
    expect(await held(chiefPoint, 'swab')).toBe(ptSwab + 480);
    // What did not arrive goes back on the warehouse's books.
    expect(await held(warehouse, 'swab')).toBe(whSwab - 480);
    expect((await refusal(m.confirmReceipt(chief, req.id, { lines: [] })))?.messageKey).toBe('material_request_state');

    // The chief sees their request and their own point's balances, and nobody else's.
    expect((await m.listRequests(chief, {})).items.map((r) => r.id)).toContain(req.id);
    const mine = await m.balances(chief, {});
    expect(new Set(mine.items.map((b) => b.holderId))).toEqual(new Set([chiefPoint]));
    expect((await refusal(m.balances(chief, { holderId: warehouse })))?.status).toBe(403);
    expect(await scalar<number>(database, sql`select count(*)::int from audit_log where subject_type = 'material_request' and subject_id = ${String(req.id)}`)).toBe(2);
    expect((await m.rebuildBalances()).agreed).toBe(true);
  });

  it('lets exactly one of two concurrent dispatches of the same request go out', async () => {
    const m = services.materials;
    const bag = await item('sealed_bag');
    const req = await m.request(chief, { clientId: randomUUID(), holderId: chiefPoint, lines: [{ itemId: bag.id, quantity: 10 }], note: '' });
    await m.approve(command, req.id, { lines: [] });
    const wh = await held(warehouse, 'sealed_bag');
    const results = await Promise.allSettled([
      m.dispatch(command, req.id, { fromHolderId: warehouse, lines: [] }),
      m.dispatch(command, req.id, { fromHolderId: warehouse, lines: [] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await held(warehouse, 'sealed_bag')).toBe(wh - 10);
  });

  it('refuses in the database itself the second of two racing spends that both passed the service\'s check', async () => {
    const gown = await item('gown');
    const has = await held(otherPoint, 'gown');
    // Straight to the ledger, no pre-check: each spends more than half of what is held.
    const spend = (Math.floor(has / 2) + 1) * 1000;
    const spendIn = () => database.transaction((tx) => appendMovement(tx.db, { holderId: otherPoint, itemId: gown.id, kind: 'consumed', quantity: -spend, by: null }));
    const results = await Promise.allSettled([spendIn(), spendIn()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await held(otherPoint, 'gown')).toBe(has - spend / 1000);
    // Spending what a holder never had inserts no negative balance either.
    const never = await services.materials.addHolder(command, { kind: 'command_unit', refId: 999_001, name: '测试指挥部' });
    await expect(database.transaction((tx) => appendMovement(tx.db, { holderId: never.id, itemId: gown.id, kind: 'consumed', quantity: -1000, by: null }))).rejects.toThrow();
    expect((await services.materials.rebuildBalances()).agreed).toBe(true);
  });

  it('answers over HTTP with the refusal in the caller\'s language', async () => {
    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      expect((await app.inject({ url: '/api/materials/balances' })).statusCode).toBe(401);
      const cookie = await loginCookie(app, 'pointchief');
      const tube = await item('tube_10');
      const mine = await app.inject({ url: '/api/materials/balances', headers: { cookie } });
      expect(mine.statusCode).toBe(200);
      expect(mine.json().items.every((b: { holderId: number }) => b.holderId === chiefPoint)).toBe(true);
      const frac = await app.inject({ method: 'POST', url: '/api/materials/requests', headers: { cookie, 'x-gridline-locale': 'en' }, payload: { clientId: randomUUID(), holderId: chiefPoint, lines: [{ itemId: tube.id, quantity: 1.5 }] } });
      expect(frac.statusCode).toBe(400);
      expect(frac.json().message).toBe(`“${tube.name}” is counted in whole units (${tube.unit}): the quantity must be a whole number`);
      const zh = await app.inject({ method: 'POST', url: '/api/materials/requests', headers: { cookie }, payload: { clientId: randomUUID(), holderId: chiefPoint, lines: [{ itemId: tube.id, quantity: -3 }] } });
      expect(zh.json().message).toBe(`“${tube.name}”的数量必须大于 0`);
      const ok = await app.inject({ method: 'POST', url: '/api/materials/requests', headers: { cookie }, payload: { clientId: randomUUID(), holderId: chiefPoint, lines: [{ itemId: tube.id, quantity: 30 }] } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ status: 'requested', lines: [{ requested: 30 }] });
      const cmd = await loginCookie(app, 'command');
      const over = await app.inject({ method: 'POST', url: '/api/materials/transfers', headers: { cookie: cmd, 'x-gridline-locale': 'en' }, payload: { fromHolderId: chiefPoint, toHolderId: warehouse, itemId: tube.id, quantity: 1_000_000 } });
      expect(over.statusCode).toBe(409);
      expect(over.json().message).toMatch(/holds only .* not 1000000/);
    } finally {
      await app.close();
    }
  });
});
