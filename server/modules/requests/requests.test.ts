import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import { queryRows } from '../../db/index.ts';
import type { SessionUser } from '../auth/scope.ts';
import { requestsFixture } from './requests.fixture.ts';
import { LIST_LIMIT } from './requests.service.ts';
import { DUE_MS, maskName, SECOND_ESCALATION_MS } from './rules.ts';

const HOUR = 3600_000;
// A tiny valid PNG (1×1).
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('requests from households in risk areas, and home care', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let fx: Awaited<ReturnType<typeof requestsFixture>>;
  let nowMs = Date.now();
  let command: SessionUser, captain: SessionUser, vol1: SessionUser, vol2: SessionUser, outsider: SessionUser, grid37: SessionUser, grid: SessionUser;
  let doors: Array<{ id: number; door: string }>;
  const codes = new Map<number, string>();

  const errand = (over: Record<string, unknown> = {}) => ({
    clientId: randomUUID(), kind: 'errand' as const, items: [{ name: '大米', quantity: 5, unit: '斤' }, { name: '鸡蛋', quantity: 10, unit: '个' }], budgetYuan: 50, body: '', ...over,
  });
  const one = <T>(query: ReturnType<typeof sql>) => scalar<T>(database, query);

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture(0.002, { clock: () => new Date(nowMs) }));
    fx = await requestsFixture(database, services);
    // The risk areas were drawn at the database's time during the seed: the clock goes on from after it.
    nowMs = Date.now() + 1000;
    app = await buildApp(services, { logLevel: 'silent' });
    [command, captain, vol1, vol2, outsider, grid37, grid] = await Promise.all(['command', 't-captain', 't-vol1', 't-vol2', 't-outsider', 't-grid37', 'grid'].map((u) => asUser(services, u)));
    doors = await queryRows<{ id: number; door: string }>(database.db, sql`select id, door from households where building_id = ${fx.no37} order by door`);
    expect(doors.length).toBeGreaterThan(3);
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('the demo seeds codes for No. 37\'s doors and requests of its households in every state, none ownerless', async () => {
    const statuses = await queryRows<{ status: string }>(database.db, sql`select distinct status from requests order by status`);
    expect(statuses.map((s) => s.status)).toEqual(['answered', 'claimed', 'confirmed', 'delivered', 'open']);
    expect(await one<number>(sql`select count(*)::int from requests where owner_person_id is null`)).toBe(0);
    expect(await one<number>(sql`select count(*)::int from household_codes hc join households h on h.id = hc.household_id where h.building_id = ${fx.no37}`)).toBeGreaterThan(0);
    expect(await one<number>(sql`select count(*)::int from household_codes where building_id = ${fx.no37}`)).toBe(1);
    // The demo volunteer holds the claimed one.
    const volunteer = await asUser(services, 'volunteer');
    expect((await services.requests.list(volunteer, { mine: true })).items.some((r) => r.status === 'claimed' && r.may.buy)).toBe(true);
  });

  describe('household codes', () => {
    it('a grid worker issues hard-to-guess codes for the doors of a building in their grid, and prints the same ones again', async () => {
      // The demo seed handed out codes for the doors No. 37 had then; the fixture's new doors get theirs now.
      const issued = await services.requests.issueCodes(grid37, { buildingId: fx.no37, per: 'household', validDays: 14 });
      expect(issued.issued + issued.kept).toBe(doors.length);
      expect(issued.issued).toBeGreaterThanOrEqual(6);
      const again = await services.requests.issueCodes(grid37, { buildingId: fx.no37, per: 'household', validDays: 14 });
      expect(again).toMatchObject({ issued: 0, kept: doors.length });
      const sheet = await services.requests.codeSheet(grid37, fx.no37);
      expect(sheet.doors.map((d) => d.door)).toEqual(doors.map((d) => d.door));
      for (const d of sheet.doors) {
        expect(d.code).toMatch(/^[A-Za-z0-9_-]{22,}$/);
        codes.set(d.householdId, d.code!);
      }
      expect(new Set(codes.values()).size).toBe(doors.length);
    });

    it('refuses a grid worker outside the building\'s area and a volunteer', async () => {
      expect((await refusal(services.requests.issueCodes(grid, { buildingId: fx.no37, per: 'household', validDays: 14 })))?.status).toBe(403);
      expect((await refusal(services.requests.issueCodes(vol1, { buildingId: fx.no37, per: 'household', validDays: 14 })))?.status).toBe(403);
      expect((await refusal(services.requests.codeSheet(grid, fx.no37)))?.status).toBe(403);
    });

    it('a wrong, expired or revoked code answers exactly like an unknown one', async () => {
      const good = codes.get(doors[0].id)!;
      const ok = await app.inject({ url: `/api/public/h/${good}` });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ kind: 'household', door: doors[0].door });

      const answers: string[] = [];
      const wrong = await app.inject({ url: `/api/public/h/${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}` });
      answers.push(`${wrong.statusCode} ${wrong.body}`);
      const short = await app.inject({ url: '/api/public/h/x' });
      answers.push(`${short.statusCode} ${short.body}`);
      // An expired code: one issued for one day, a day and a minute later.
      const other = fx.no38;
      await services.requests.issueCodes(grid37, { buildingId: other, per: 'building', validDays: 1 });
      const expiring = (await services.requests.codeSheet(grid37, other)).buildingCode!.code;
      expect((await app.inject({ url: `/api/public/h/${expiring}` })).statusCode).toBe(200);
      nowMs += 24 * HOUR + 60_000;
      const expired = await app.inject({ url: `/api/public/h/${expiring}` });
      answers.push(`${expired.statusCode} ${expired.body}`);
      const filedExpired = await app.inject({ method: 'POST', url: `/api/public/h/${expiring}/requests`, payload: { ...errand(), door: '101' } });
      answers.push(`${filedExpired.statusCode} ${filedExpired.body}`);
      // A revoked one: the building's sheet was lost. Its codes are issued anew afterwards.
      await services.requests.issueCodes(grid37, { buildingId: other, per: 'household', validDays: 14 });
      const revokedCode = (await services.requests.codeSheet(grid37, other)).doors[0].code!;
      expect(await services.requests.revokeCodes(grid37, other)).toEqual({ revoked: expect.any(Number) });
      const revoked = await app.inject({ url: `/api/public/h/${revokedCode}` });
      answers.push(`${revoked.statusCode} ${revoked.body}`);
      expect(new Set(answers).size).toBe(1);
      expect(answers[0]).toMatch(/^404 /);
      expect(answers[0]).not.toContain('37号');
    });
  });

  describe('filing', () => {
    it('a household files an errand from its page: routed to the area\'s errand squad, owned by its captain, due in 4 hours, with its event', async () => {
      const h = doors[0];
      const clientId = randomUUID();
      const res = await app.inject({ method: 'POST', url: `/api/public/h/${codes.get(h.id)}/requests`, payload: errand({ clientId, budgetYuan: 45.5 }) });
      expect(res.statusCode).toBe(201);
      const id = res.json().id as number;
      const row = await queryRows<{ team_id: number; squad_id: number; owner_person_id: number; due_at: Date; budget_fen: number; source: string; household_id: number }>(database.db, sql`select * from requests where id = ${id}`);
      expect(row[0]).toMatchObject({ team_id: fx.team, squad_id: fx.squad, owner_person_id: fx.captain, budget_fen: 4550, source: 'household', household_id: h.id });
      expect(new Date(row[0].due_at).getTime()).toBe(nowMs + DUE_MS.errand);
      expect(await one<number>(sql`select count(*)::int from request_events where request_id = ${id} and to_status = 'open'`)).toBe(1);

      // The same form sent again files nothing twice.
      const again = await app.inject({ method: 'POST', url: `/api/public/h/${codes.get(h.id)}/requests`, payload: errand({ clientId, budgetYuan: 45.5 }) });
      expect(again.statusCode).toBe(201);
      expect(again.json().id).toBe(id);
      expect(await one<number>(sql`select count(*)::int from requests where client_id = ${clientId}`)).toBe(1);
      const page = await app.inject({ url: `/api/public/h/${codes.get(h.id)}` });
      expect(page.json().requests.map((r: { id: number }) => r.id)).toContain(id);
    });

    it('a building\'s code asks for the door: it files for that household, and refuses a door the building does not have', async () => {
      await services.requests.issueCodes(grid37, { buildingId: fx.no37, per: 'building', validDays: 14 });
      const buildingCode = (await services.requests.codeSheet(grid37, fx.no37)).buildingCode!.code;
      const page = await services.requests.householdPage(buildingCode);
      expect(page).toMatchObject({ kind: 'building', door: null, requests: [] });
      expect((await refusal(services.requests.fileByCode(buildingCode, errand())))?.messageKey).toBe('request_door_required');
      expect((await refusal(services.requests.fileByCode(buildingCode, { ...errand(), door: '9999' })))?.messageKey).toBe('request_door_unknown');
      const filed = await services.requests.fileByCode(buildingCode, { ...errand(), door: doors[1].door });
      expect(await one<number>(sql`select household_id from requests where id = ${filed.id}`)).toBe(doors[1].id);
      // The door's own page lists it.
      expect((await services.requests.householdPage(codes.get(doors[1].id)!)).requests.map((r) => r.id)).toContain(filed.id);
    });

    it('refuses a request with no household, or for a household outside the filer\'s area, writing nothing', async () => {
      const before = await one<number>(sql`select count(*)::int from requests`);
      expect((await refusal(services.requests.file(grid37, errand())))?.messageKey).toBe('request_household_required');
      expect((await refusal(services.requests.file(grid37, { ...errand(), buildingId: fx.no37, door: 'no-such-door' })))?.messageKey).toBe('request_household_unknown');
      expect((await refusal(services.requests.file(grid, { ...errand(), householdId: doors[1].id })))?.messageKey).toBe('request_out_of_area');
      expect((await refusal(services.requests.file(vol1, { ...errand(), householdId: doors[1].id })))?.status).toBe(403);
      expect(await one<number>(sql`select count(*)::int from requests`)).toBe(before);
    });

    it('with no captain to own it, the command post for the town owns it, else the district command; with no owner anywhere nothing is filed', async () => {
      // A new town with a household, and a team for it that has no captain (the deepest team there).
      const districtId = await one<number>(sql`select id from regions where level = 'district'`);
      const path = (id: number, parent: string) => `${parent}${id}/`;
      const mk = async (parentId: number, parentPath: string, level: string, name: string) => {
        const id = await one<number>(sql`insert into regions (parent_id, level, code, name, path) values (${parentId}, ${level}, ${`T-${name}`}, ${name}, '') returning id`);
        await database.db.execute(sql`update regions set path = ${path(id, parentPath)} where id = ${id}`);
        return { id, path: path(id, parentPath) };
      };
      const districtPath = await one<string>(sql`select path from regions where id = ${districtId}`);
      const town = await mk(districtId, districtPath, 'town', '测试新镇');
      const community = await mk(town.id, town.path, 'community', '测试新村');
      const grid = await mk(community.id, community.path, 'grid', '测试新网格');
      const building = await one<number>(sql`insert into buildings (grid_id, name) values (${grid.id}, '1栋') returning id`);
      const household = await one<number>(sql`insert into households (building_id, door) values (${building}, '101') returning id`);
      const team = await one<number>(sql`insert into teams (name, parent_unit, region_id) values ('测试新镇无队长队', '测试新镇', ${town.id}) returning id`);
      const file = () => services.requests.file(command, { clientId: randomUUID(), kind: 'question', items: [], body: '封控什么时候解除？', householdId: household });

      const before = await one<number>(sql`select count(*)::int from requests`);
      expect((await refusal(file()))?.messageKey).toBe('request_no_owner');
      expect(await one<number>(sql`select count(*)::int from requests`)).toBe(before);

      const responseId = await one<number>(sql`select id from responses where status = 'active'`);
      const commandUnit = await one<number>(sql`select id from command_units where kind = 'district_command' and response_id = ${responseId}`);
      const [districtCommander, postCommander] = (await queryRows<{ id: number }>(database.db, sql`select id from people where kind = 'leader' order by id limit 2`)).map((r) => r.id);
      await database.db.execute(sql`insert into assignments (unit_type, unit_id, role, person_id) values ('command_unit', ${commandUnit}, 'commander', ${districtCommander})`);
      const first = await file();
      expect(first).toMatchObject({ team: '测试新镇无队长队', source: 'hotline', status: 'open' });
      expect(await one<number>(sql`select owner_person_id from requests where id = ${first.id}`)).toBe(districtCommander);
      expect(new Date(first.dueAt).getTime()).toBe(nowMs + DUE_MS.question);

      const post = await one<number>(sql`insert into command_units (response_id, kind, name, region_id) values (${responseId}, 'command_post', '测试新镇一线指挥部', ${town.id}) returning id`);
      await database.db.execute(sql`insert into assignments (unit_type, unit_id, role, person_id) values ('command_unit', ${post}, 'commander', ${postCommander})`);
      const second = await file();
      expect(await one<number>(sql`select owner_person_id from requests where id = ${second.id}`)).toBe(postCommander);
      expect(await one<number>(sql`select team_id from requests where id = ${second.id}`)).toBe(team);
      expect(await one<number>(sql`select count(*)::int from requests where owner_person_id is null`)).toBe(0);
    });
  });

  describe('the volunteer\'s flow', () => {
    let errandId: number;
    const household = () => doors[2];

    beforeAll(async () => {
      const res = await services.requests.fileByCode(codes.get(household().id)!, errand({ budgetYuan: 30, contactPhone: '13712345678' }));
      errandId = res.id;
    });

    it('shows a volunteer his team\'s open requests with building, door, items and phone — never residents\' names or ID numbers', async () => {
      const list = await services.requests.list(vol1, { mine: true });
      const mine = list.items.find((r) => r.id === errandId)!;
      expect(mine).toMatchObject({ building: '37号', door: household().door, contactPhone: '13712345678', items: [{ name: '大米', quantity: 5, unit: '斤' }, { name: '鸡蛋', quantity: 10, unit: '个' }] });
      expect(mine.may.claim).toBe(true);
      const people = await queryRows<{ name: string; id_number: string }>(database.db, sql`select r.name, r.id_number from residents r join households h on h.id = r.household_id where h.building_id = ${fx.no37}`);
      expect(people.length).toBeGreaterThan(0);
      const text = JSON.stringify(list) + JSON.stringify(await services.requests.get(vol1, errandId));
      for (const p of people) {
        expect(text).not.toContain(p.id_number);
        expect(text).not.toContain(p.name);
      }
      // A volunteer of another team sees none of it.
      expect((await services.requests.list(outsider, { mine: true })).items.find((r) => r.id === errandId)).toBeUndefined();
      expect((await refusal(services.requests.get(outsider, errandId)))?.status).toBe(404);
    });

    it('of two claims at once exactly one wins; the other is told who has it', async () => {
      const results = await Promise.allSettled([services.requests.claim(vol1, [errandId]), services.requests.claim(vol2, [errandId])]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toMatchObject({ status: 409, messageKey: 'request_claimed_already' });
      const claimer = await one<number>(sql`select claimed_by from requests where id = ${errandId}`);
      expect([fx.vol1, fx.vol2]).toContain(claimer);
      expect(await one<number>(sql`select count(*)::int from request_events where request_id = ${errandId} and to_status = 'claimed'`)).toBe(1);
      // Whoever won carries on as vol1 in the rest of the flow.
      if (claimer !== fx.vol1) [vol1, vol2] = [vol2, vol1];
      // Once it is someone else's, the household's phone is no longer the other volunteer's business.
      expect((await services.requests.get(vol1, errandId)).contactPhone).toBe('13712345678');
      expect((await services.requests.get(captain, errandId)).contactPhone).toBe('13712345678');
      const seen = await services.requests.get(vol2, errandId);
      expect(seen.contactPhone).not.toContain('13712345678');
      expect(JSON.stringify(await services.requests.list(vol2, {}))).not.toContain('13712345678');
      // The board does not hand out every household's phone; the request itself shows it to the command, audited.
      expect(JSON.stringify(await services.requests.list(command, {}))).not.toContain('13712345678');
      expect(JSON.stringify(await services.requests.list(captain, {}))).not.toContain('13712345678');
      const audits = () => one<number>(sql`select count(*)::int from audit_log where action = 'reveal_request_contact' and subject_id = ${String(errandId)}`);
      const before = await audits();
      expect((await services.requests.get(command, errandId)).contactPhone).toBe('13712345678');
      expect(await audits()).toBe(before + 1);
      // An already-claimed request is refused with a clear message.
      expect((await refusal(services.requests.claim(vol2, [errandId])))?.messageKey).toBe('request_claimed_already');
    });

    it('refuses a receipt over the budget until the captain approves it, and the database refuses it too', async () => {
      expect((await refusal(services.requests.buy(vol1, errandId, { receiptYuan: 31.2 })))?.messageKey).toBe('request_over_budget');
      expect(await one<string>(sql`select status from requests where id = ${errandId}`)).toBe('claimed');
      // The CHECK is the last line: a write around the service fails.
      const raw = await refusal(database.db.execute(sql`update requests set receipt_fen = 3120, bought_at = now(), status = 'bought' where id = ${errandId}`)).catch((e: unknown) => e);
      expect(String((raw as { cause?: { message?: string } })?.cause?.message ?? raw)).toMatch(/requests_budget_ck/);
      expect((await refusal(services.requests.approveOverBudget(vol2, errandId)))?.status).toBe(403);
      // Two approvals at once (a double tap, a resend): approved once, one event, no error.
      await Promise.all([services.requests.approveOverBudget(captain, errandId), services.requests.approveOverBudget(captain, errandId)]);
      expect(await one<number>(sql`select count(*)::int from request_events where request_id = ${errandId} and note = 'over_budget_approved'`)).toBe(1);
      expect((await services.requests.approveOverBudget(captain, errandId)).overBudgetApproved).toBe(true);
      const bought = await services.requests.buy(vol1, errandId, { receiptYuan: 31.2, photo: { data: PNG, mimetype: 'image/png' } });
      expect(bought).toMatchObject({ status: 'bought', receiptFen: 3120, hasReceiptPhoto: true, overBudgetApproved: true });
    });

    it('serves the receipt photo only to those who may see the request', async () => {
      expect((await services.requests.photo(vol1, errandId, 'receipt')).data.equals(PNG)).toBe(true);
      expect((await services.requests.photo(captain, errandId, 'receipt')).mimetype).toBe('image/png');
      expect((await refusal(services.requests.photo(outsider, errandId, 'receipt')))?.status).toBe(404);
      const cookie = await loginCookie(app, 't-outsider');
      expect((await app.inject({ url: `/api/requests/${errandId}/photos/receipt`, headers: { cookie } })).statusCode).toBe(404);
      expect((await app.inject({ url: `/api/requests/${errandId}/photos/receipt` })).statusCode).toBe(401);
    });

    it('delivers with proof, and the household confirms on its page', async () => {
      expect((await refusal(services.requests.deliver(vol1, errandId, {})))?.messageKey).toBe('request_proof_required');
      expect((await refusal(services.requests.deliver(vol2, errandId, { note: '放门口' })))?.status).toBe(403);
      await services.requests.deliver(vol1, errandId, { note: '已放在门口，电话告知' });
      // Another household's code cannot confirm it.
      const otherCode = codes.get(doors[3].id)!;
      expect((await app.inject({ method: 'POST', url: `/api/public/h/${otherCode}/requests/${errandId}/confirm` })).statusCode).toBe(404);
      const ok = await app.inject({ method: 'POST', url: `/api/public/h/${codes.get(household().id)}/requests/${errandId}/confirm` });
      expect(ok.statusCode).toBe(200);
      const page = (await app.inject({ url: `/api/public/h/${codes.get(household().id)}` })).json();
      expect(page.requests.find((r: { id: number }) => r.id === errandId)).toMatchObject({ status: 'confirmed', receiptFen: 3120 });
      const events = (await services.requests.get(captain, errandId)).events.map((e) => e.toStatus);
      expect(events).toEqual(['open', 'claimed', 'claimed', 'bought', 'delivered', 'confirmed']);
    });

    it('bundles a building\'s open errands into one claim for one trip', async () => {
      const a = await services.requests.fileByCode(codes.get(doors[4 % doors.length].id)!, errand());
      const b = await services.requests.fileByCode(codes.get(doors[5 % doors.length].id)!, errand({ kind: 'medicine', items: [], body: '降压药 一盒' }));
      const { claimed } = await services.requests.claim(vol2, [a.id, b.id]);
      expect(claimed.sort()).toEqual([a.id, b.id].sort());
      // The bundle sent again is no error.
      expect((await services.requests.claim(vol2, [a.id, b.id])).claimed.sort()).toEqual([a.id, b.id].sort());

      // Two volunteers take the same building's bundle at once, listed in opposite orders: each request has one claimer, no deadlock.
      const c = await services.requests.fileByCode(codes.get(doors[4 % doors.length].id)!, errand());
      const d = await services.requests.fileByCode(codes.get(doors[5 % doors.length].id)!, errand());
      const results = await Promise.allSettled([services.requests.claim(vol1, [c.id, d.id]), services.requests.claim(vol2, [d.id, c.id])]);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409, messageKey: 'request_claimed_already' });
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.claimed : []));
      expect(won.sort()).toEqual([c.id, d.id].sort());
      expect(await one<number>(sql`select count(*)::int from request_events where request_id in (${c.id}, ${d.id}) and to_status = 'claimed'`)).toBe(2);
    });

    it('a question gets an answer recorded on it; a problem is claimed, delivered with a note and confirmed', async () => {
      const code = codes.get(doors[1].id)!;
      const question = await services.requests.fileByCode(code, { clientId: randomUUID(), kind: 'question', items: [], body: '核酸几点开始？' });
      expect((await refusal(services.requests.answer(outsider, question.id, '…')))?.status).toBe(404);
      await services.requests.answer(captain, question.id, '明早 8 点在楼下');
      const page = await services.requests.householdPage(code);
      expect(page.requests.find((r) => r.id === question.id)).toMatchObject({ status: 'answered', answer: '明早 8 点在楼下' });

      const problem = await services.requests.fileByCode(code, { clientId: randomUUID(), kind: 'problem', items: [], body: '水管漏水' });
      await services.requests.claim(vol1, [problem.id]);
      expect((await refusal(services.requests.buy(vol1, problem.id, { receiptYuan: 1 })))?.messageKey).toBe('request_transition');
      await services.requests.deliver(vol1, problem.id, { note: '已联系物业维修' });
      await services.requests.confirmByCode(code, problem.id);
      expect(await one<string>(sql`select status from requests where id = ${problem.id}`)).toBe('confirmed');
    });
  });

  it('public code pages are rate-limited: a guesser gets a few tries a minute, then 429', async () => {
    const fresh = await buildApp(services, { logLevel: 'silent' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 62; i++) statuses.push((await fresh.inject({ url: `/api/public/h/guess${String(i).padStart(20, '0')}` })).statusCode);
      expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
      expect(statuses.slice(60)).toEqual([429, 429]);
    } finally {
      await fresh.close();
    }
  });

  describe('escalation', () => {
    it('past its due time a request goes to the captain, past a second interval to the command post; each an event; the board shows it first', async () => {
      const code = codes.get(doors[1].id)!;
      const late = await services.requests.fileByCode(code, { clientId: randomUUID(), kind: 'medicine', items: [], body: '胰岛素', budgetYuan: 100 });
      await services.requests.claim(vol1, [late.id]);
      expect(await one<number>(sql`select owner_person_id from requests where id = ${late.id}`)).toBe(fx.vol1 === vol1.personId ? fx.vol1 : fx.vol2);

      nowMs += DUE_MS.medicine - 60_000;
      await services.requests.escalateOverdue();
      expect(await one<number>(sql`select escalation from requests where id = ${late.id}`)).toBe(0);

      nowMs += 2 * 60_000;
      // Two timers at once (two app instances): the escalation fires once.
      await Promise.all([services.requests.escalateOverdue(), services.requests.escalateOverdue()]);
      expect(await one<number>(sql`select escalation from requests where id = ${late.id}`)).toBe(1);
      expect(await one<number>(sql`select owner_person_id from requests where id = ${late.id}`)).toBe(fx.captain);
      // Running again changes nothing until the second interval passes.
      await services.requests.escalateOverdue();
      expect(await one<number>(sql`select count(*)::int from request_events where request_id = ${late.id} and note like 'escalation_%'`)).toBe(1);

      nowMs += SECOND_ESCALATION_MS;
      await Promise.all([services.requests.escalateOverdue(), services.requests.escalateOverdue()]);
      expect(await one<number>(sql`select escalation from requests where id = ${late.id}`)).toBe(2);
      const commander = await one<number>(sql`
        select a.person_id from command_units cu join regions r on r.id = cu.region_id join assignments a on a.unit_type = 'command_unit' and a.unit_id = cu.id and a.role = 'commander' and a.ends_at is null
        where cu.kind = 'command_post' and r.name = '红旗街道'`);
      expect(await one<number>(sql`select owner_person_id from requests where id = ${late.id}`)).toBe(commander);
      expect(await one<number>(sql`select count(*)::int from request_events where request_id = ${late.id} and note like 'escalation_%'`)).toBe(2);

      const board = await services.requests.list(command, {});
      expect(board.items[0].overdue).toBe(true);
      expect(board.items[0].escalation).toBe(2);
      expect(board.overdue).toBeGreaterThan(0);
      // A delivered or confirmed request never escalates.
      expect(await one<number>(sql`select count(*)::int from requests where status in ('delivered', 'confirmed', 'answered') and escalation > 0`)).toBe(0);

      const xlsx = await app.inject({ url: '/api/requests.xlsx', headers: { cookie: await loginCookie(app, 'command') } });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    });
  });

  describe('home care', () => {
    it('lists No. 37 (high risk) in the day\'s round with each household\'s people, names masked', async () => {
      const round = await services.requests.careRound(grid37, {});
      expect(round.buildings.map((b) => b.name)).toContain('37号');
      const r37 = await services.requests.careRound(grid37, { buildingId: fx.no37 });
      expect(r37.households.map((h) => h.door)).toEqual(doors.map((d) => d.door));
      const names = await queryRows<{ name: string }>(database.db, sql`select r.name from residents r join households h on h.id = r.household_id where h.building_id = ${fx.no37}`);
      const text = JSON.stringify(r37);
      for (const n of names) if ([...n.name].length > 1) expect(text).not.toContain(n.name);
      expect(maskName('王小明')).toBe('王*明');
      // A volunteer of the errand squad for 荔枝园村 works from the same view.
      expect((await services.requests.careRound(vol1, { buildingId: fx.no37 })).households.length).toBe(doors.length);
      expect((await refusal(services.requests.careRound(outsider, { buildingId: fx.no37 })))?.status).toBe(403);
    });

    it('a member of the temporary branch living in No. 37 works from the round, whatever the scope of their account', async () => {
      const member = await one<number>(sql`
        select a.person_id from assignments a join orgs o on o.id = a.unit_id where a.unit_type = 'org' and o.kind = 'temporary_branch' and o.name like '%荔枝园村37号%' and a.ends_at is null order by a.id limit 1`);
      await services.auth.createUser({ username: 't-branch', displayName: '37号党员', role: 'volunteer', scopeRegionId: fx.zhanqian, personId: member, password: 'Gridline-0708' });
      const branchMember = await asUser(services, 't-branch');
      const round = await services.requests.careRound(branchMember, { buildingId: fx.no37 });
      expect(round.households.map((h) => h.door)).toEqual(doors.map((d) => d.door));
    });

    it('a fever becomes a request with an owner in the same transaction; a resend records nothing twice', async () => {
      const h = doors[0];
      const residents = await queryRows<{ id: number }>(database.db, sql`select id from residents where household_id = ${h.id} order by id`);
      expect(residents.length).toBeGreaterThan(0);
      const visit = {
        clientId: randomUUID(), householdId: h.id, mealsDelivered: true, suppliesDelivered: false,
        checks: residents.map((r, i) => ({ residentId: r.id, condition: i === 0 ? ('fever' as const) : ('well' as const), medicineShort: false, urgent: false })),
      };
      const before = await one<number>(sql`select count(*)::int from requests`);
      const result = await services.requests.recordCareVisit(vol1, visit);
      expect(result.requestIds).toHaveLength(1);
      const req = await queryRows<{ kind: string; source: string; owner_person_id: number | null }>(database.db, sql`select kind, source, owner_person_id from requests where id = ${result.requestIds[0]}`);
      expect(req[0]).toMatchObject({ kind: 'problem', source: 'care_check', owner_person_id: fx.captain });
      expect(await one<number>(sql`select request_id from care_checks where visit_id = ${result.visitId} and resident_id = ${residents[0].id}`)).toBe(result.requestIds[0]);

      expect(await services.requests.recordCareVisit(vol1, visit)).toEqual(result);
      expect(await one<number>(sql`select count(*)::int from requests`)).toBe(before + 1);
      // A second visit the same day under a new id is refused plainly.
      expect((await refusal(services.requests.recordCareVisit(vol1, { ...visit, clientId: randomUUID() })))?.messageKey).toBe('care_visit_recorded');

      const round = await services.requests.careRound(vol1, { buildingId: fx.no37 });
      const seen = round.households.find((x) => x.householdId === h.id)!;
      expect(seen).toMatchObject({ visited: true, mealsDelivered: true, suppliesDelivered: false });
      expect(seen.people.find((p) => p.residentId === residents[0].id)!.condition).toBe('fever');
    });

    it('refuses a person of another household and a building outside any risk area, writing nothing', async () => {
      const stranger = await one<number>(sql`select id from residents where household_id = ${doors[1].id} order by id limit 1`);
      const before = await one<number>(sql`select count(*)::int from care_visits`);
      const bad = { clientId: randomUUID(), householdId: doors[2].id, mealsDelivered: true, suppliesDelivered: true, checks: [{ residentId: stranger, condition: 'fever' as const, medicineShort: false, urgent: true }] };
      expect((await refusal(services.requests.recordCareVisit(vol1, bad)))?.messageKey).toBe('care_resident_not_household');
      const safe = await one<number>(sql`select id from households where building_id = ${fx.no38} order by id limit 1`);
      expect((await refusal(services.requests.recordCareVisit(grid37, { ...bad, householdId: safe, checks: [] })))?.messageKey).toBe('care_not_risk_area');
      expect(await one<number>(sql`select count(*)::int from care_visits`)).toBe(before);
    });
  });

  describe('review: retries, photos and queries', () => {
    it('a phone that resends "bought" or "delivered" after a lost answer gets the request back, not an error, and nothing is written twice', async () => {
      const code = codes.get(doors[1].id)!;
      const r = await services.requests.fileByCode(code, errand({ budgetYuan: 80 }));
      await services.requests.claim(vol1, [r.id]);
      // Without the receipt's photo a purchase is not recorded.
      expect((await refusal(services.requests.buy(vol1, r.id, { receiptYuan: 42.5 })))?.messageKey).toBe('request_receipt_photo_required');
      const first = await services.requests.buy(vol1, r.id, { receiptYuan: 42.5, photo: { data: PNG, mimetype: 'image/png' } });
      expect(first.status).toBe('bought');
      const again = await services.requests.buy(vol1, r.id, { receiptYuan: 42.5 });
      expect(again).toMatchObject({ status: 'bought', receiptFen: 4250 });
      // A different amount is not a resend: refused plainly.
      expect((await refusal(services.requests.buy(vol1, r.id, { receiptYuan: 40, photo: { data: PNG, mimetype: 'image/png' } })))?.messageKey).toBe('request_transition');
      await services.requests.deliver(vol1, r.id, { note: '放门口' });
      expect((await services.requests.deliver(vol1, r.id, { note: '放门口' })).status).toBe('delivered');
      // Someone else resending is still refused.
      expect((await refusal(services.requests.deliver(vol2, r.id, { note: '放门口' })))?.status).toBe(403);
      const events = (await services.requests.get(captain, r.id)).events.map((e) => e.toStatus);
      expect(events).toEqual(['open', 'claimed', 'bought', 'delivered']);
      // An answer sent twice is recorded once.
      const q = await services.requests.fileByCode(code, { clientId: randomUUID(), kind: 'question', items: [], body: '快递能送进来吗？' });
      await services.requests.answer(captain, q.id, '可以，放楼下');
      expect((await services.requests.answer(captain, q.id, '可以，放楼下')).status).toBe('answered');
      expect((await services.requests.get(captain, q.id)).events.map((e) => e.toStatus)).toEqual(['open', 'answered']);
    });

    it('a "photo" that is not a JPEG, PNG or WebP image is refused whatever type the client declares; photos are served with nosniff', async () => {
      const code = codes.get(doors[1].id)!;
      const r = await services.requests.fileByCode(code, errand({ budgetYuan: 80 }));
      await services.requests.claim(vol1, [r.id]);
      const html = Buffer.from('<html><script>alert(1)</script></html>');
      expect((await refusal(services.requests.buy(vol1, r.id, { receiptYuan: 10, photo: { data: html, mimetype: 'image/png' } })))?.messageKey).toBe('photo_type');
      expect((await refusal(services.requests.buy(vol1, r.id, { receiptYuan: 10, photo: { data: PNG, mimetype: 'image/jpeg' } })))?.messageKey).toBe('photo_type');
      expect(await one<string>(sql`select status from requests where id = ${r.id}`)).toBe('claimed');
      await services.requests.buy(vol1, r.id, { receiptYuan: 10, photo: { data: PNG, mimetype: 'image/png' } });
      const cookie = await loginCookie(app, vol1.username);
      const res = await app.inject({ url: `/api/requests/${r.id}/photos/receipt`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // The file gone from the data directory (restored without its files): a plain 404, not a 500.
      const name = await one<string>(sql`select receipt_photo from requests where id = ${r.id}`);
      await rm(join(services.requests.filesDir, 'requests', name));
      const gone = await app.inject({ url: `/api/requests/${r.id}/photos/receipt`, headers: { cookie } });
      expect(gone.statusCode).toBe(404);
      expect(gone.json()).toMatchObject({ error: 'not_found' });
    });

    it('the board\'s counts cover every request, not only the first page of the list', async () => {
      const inScope = () => one<number>(sql`select count(*)::int from requests`);
      // More open requests than one list carries, due tomorrow, for a door of No. 37.
      const h = await one<number>(sql`select household_id from requests where building_id = ${fx.no37} limit 1`);
      const base = await queryRows<{ building_id: number; grid_id: number; team_id: number; owner_person_id: number }>(database.db, sql`select building_id, grid_id, team_id, owner_person_id from requests where household_id = ${h} limit 1`);
      const b = base[0];
      await database.db.execute(sql`
        insert into requests (client_id, kind, source, household_id, building_id, grid_id, body, team_id, owner_person_id, due_at)
        select gen_random_uuid(), 'question', 'hotline', ${h}, ${b.building_id}, ${b.grid_id}, 'q' || i, ${b.team_id}, ${b.owner_person_id}, ${new Date(nowMs + 24 * HOUR).toISOString()}::timestamptz
        from generate_series(1, ${LIST_LIMIT}) i`);
      const board = await services.requests.list(command, {});
      expect(board.items).toHaveLength(LIST_LIMIT);
      expect(board.total).toBe(await inScope());
      expect(board.byStatus.open).toBe(await one<number>(sql`select count(*)::int from requests where status = 'open'`));
      expect(board.overdue).toBe(await one<number>(sql`select count(*)::int from requests where status in ('open', 'claimed', 'bought') and due_at < ${new Date(nowMs).toISOString()}::timestamptz`));
      expect(board.overdue).toBeGreaterThan(0);
    });

    it('?mine=false is the board, not the phone list', async () => {
      const cookie = await loginCookie(app, 'command');
      const board = (await app.inject({ url: '/api/requests', headers: { cookie } })).json();
      const notMine = (await app.inject({ url: '/api/requests?mine=false', headers: { cookie } })).json();
      expect(notMine.total).toBe(board.total);
      const mine = (await app.inject({ url: '/api/requests?mine=true', headers: { cookie } })).json();
      expect(mine.total).toBeLessThan(board.total);
    });
  });
});
