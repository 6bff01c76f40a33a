import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { LIZHIYUAN_BRANCH } from '../../seed/demo-district.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, duringClose, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

const DAY = 24 * 60 * 60 * 1000;
const fromNow = (ms: number) => new Date(Date.now() + ms);

describe('assignments: recorded as they happen, one holder per period, with their history', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let responseId: number;
  /** Party-member cadres, none of them holding a post in the units used here. */
  let cadres: number[];
  const postOf = async (town: string) => (await services.responses.tree(command, responseId)).posts.find((p) => p.region.name === town)!;
  const liveCommanders = (unitId: number) =>
    scalar(database, sql`select count(*)::int from assignments where unit_type = 'command_unit' and unit_id = ${unitId} and role = 'commander' and ends_at is null`);

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
    responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    cadres = await scalar<number[]>(database, sql`select array_agg(id order by id) from (select id from people where kind = 'cadre' and party_member and id not in (select person_id from assignments) order by id limit 6) x`);
  });
  afterAll(async () => drop());

  it('refuses a start or an end in the future, so a post is never counted free while it is held', async () => {
    const post = await postOf('鳌头镇');
    const ahead = await refusal(services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: cadres[0], endsAt: fromNow(7 * DAY) }));
    expect([ahead?.status, ahead?.messageKey]).toEqual([400, 'assignment_in_future']);
    const later = await refusal(services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: cadres[0], startsAt: fromNow(DAY) }));
    expect([later?.status, later?.messageKey]).toEqual([400, 'assignment_in_future']);
    expect(await scalar(database, sql`select count(*)::int from assignments where unit_type = 'command_unit' and unit_id = ${post.id}`)).toBe(0);

    const held = await services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: cadres[0], startsAt: fromNow(-DAY) });
    const endLater = await refusal(services.assignments.end(command, held.id, fromNow(7 * DAY)));
    expect([endLater?.status, endLater?.messageKey]).toEqual([400, 'assignment_in_future']);
    expect(await liveCommanders(post.id)).toBe(1);
    // Still held: a second commander is refused.
    const second = await refusal(services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: cadres[1] }));
    expect([second?.status, second?.messageKey]).toEqual([409, 'unit_role_taken']);
    // A minute's grace for clocks that differ.
    await services.assignments.end(command, held.id, fromNow(20_000));
    expect(await liveCommanders(post.id)).toBe(0);
    // A start within the grace is recorded as now, so the post can be ended at once.
    const early = await services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: cadres[1], startsAt: fromNow(30_000) });
    expect(early.startsAt.getTime()).toBeLessThanOrEqual(Date.now());
    await services.assignments.end(command, early.id);
    expect(await liveCommanders(post.id)).toBe(0);
  });

  it('records past periods, but a single-holder post has one holder in any period', async () => {
    const post = await postOf('羊角镇');
    const past = (from: string, to: string | null, personId: number, role: 'commander' | 'member' = 'commander') =>
      services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role, personId, startsAt: new Date(from), endsAt: to ? new Date(to) : undefined });
    const first = await past('2022-07-08T08:00:00+08:00', '2022-07-20T08:00:00+08:00', cadres[2]);
    expect(first.endsAt).toEqual(new Date('2022-07-20T08:00:00+08:00'));

    const overlapping = await refusal(past('2022-07-15T08:00:00+08:00', '2022-07-25T08:00:00+08:00', cadres[3]));
    expect([overlapping?.status, overlapping?.messageKey, overlapping?.params]).toEqual([409, 'period_taken', { role: 'label:commander', name: expect.any(String) }]);
    const inside = await refusal(past('2022-07-10T08:00:00+08:00', '2022-07-11T08:00:00+08:00', cadres[3]));
    expect(inside?.messageKey).toBe('period_taken');
    // Held from a past day until now: it meets the recorded period too.
    const openSince = await refusal(past('2022-07-19T08:00:00+08:00', null, cadres[3]));
    expect(openSince?.messageKey).toBe('period_taken');
    // One hands over to the next: the periods touch, they do not overlap.
    await past('2022-07-20T08:00:00+08:00', '2022-07-25T08:00:00+08:00', cadres[3]);
    // A live commander (the seed's) holds the post now: a period reaching into it is refused as taken.
    const live = await scalar<string>(database, sql`select starts_at::text from assignments where unit_type = 'command_unit' and unit_id = ${post.id} and role = 'commander' and ends_at is null`);
    const intoLive = await refusal(past(new Date(new Date(live).getTime() - DAY).toISOString(), new Date(new Date(live).getTime() + 1000).toISOString(), cadres[4]));
    expect([intoLive?.status, intoLive?.messageKey]).toEqual([409, 'unit_role_taken']);

    // Members are many at once: overlapping periods are fine.
    await past('2022-07-08T08:00:00+08:00', '2022-07-20T08:00:00+08:00', cadres[4], 'member');
    await past('2022-07-10T08:00:00+08:00', '2022-07-30T08:00:00+08:00', cadres[5], 'member');
    expect(await scalar(database, sql`select count(*)::int from assignments where unit_type = 'command_unit' and unit_id = ${post.id} and role = 'member' and ends_at < now()`)).toBe(2);
  });

  it('refuses a branch secretary who is not a party member', async () => {
    const hongqi = await postOf('红旗街道');
    const branch = hongqi.branches.find((b) => b.name === LIZHIYUAN_BRANCH)!;
    const outsider = await scalar<number>(database, sql`select id from people where not party_member order by id limit 1`);
    const refused = await refusal(services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role: 'secretary', personId: outsider }));
    expect([refused?.status, refused?.messageKey]).toEqual([400, 'not_party_member']);
    expect(await scalar(database, sql`select count(*)::int from assignments where person_id = ${outsider} and unit_type = 'org'`)).toBe(0);
  });

  it('writes the audit entry with the change: before and after, for assigning and for ending', async () => {
    const post = await postOf('城南街道');
    const a = await services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'member', personId: cadres[5], startsAt: fromNow(-DAY) });
    expect(a.assignedBy).toBe(command.id);
    await services.assignments.end(command, a.id);
    type Entry = { action: string; user_id: number; details: { before: { id: number; endsAt: string | null } | null; after: { id: number; endsAt: string | null } } };
    const entries = await scalar<Entry[]>(database, sql`select json_agg(a order by a.id) from audit_log a where subject_type = 'assignment' and subject_id = ${String(a.id)}`);
    expect(entries.map((e) => [e.action, e.user_id])).toEqual([['assign', command.id], ['end_assignment', command.id]]);
    expect(entries[0].details.before).toBeNull();
    expect(entries[0].details.after).toMatchObject({ id: a.id, endsAt: null });
    expect(entries[1].details.before).toMatchObject({ id: a.id, endsAt: null });
    expect(entries[1].details.after.endsAt).not.toBeNull();
  });

  it('lists a unit\'s history over HTTP, live and ended, newest first, with who made and who ended each', async () => {
    const post = await postOf('官渡街道');
    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const cookie = await loginCookie(app, 'command');
      const made = await app.inject({ method: 'POST', url: '/api/assignments', headers: { cookie }, payload: { unitType: 'command_unit', unitId: post.id, role: 'member', personId: cadres[1], startsAt: fromNow(-DAY).toISOString() } });
      expect(made.statusCode).toBe(201);
      expect(made.json().assignedBy).toBe(command.id);
      expect((await app.inject({ method: 'POST', url: `/api/assignments/${made.json().id}/end`, headers: { cookie }, payload: {} })).statusCode).toBe(200);

      const res = await app.inject({ url: `/api/assignments/history?unitType=command_unit&unitId=${post.id}`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Array<{ assignmentId: number; startsAt: string; endsAt: string | null; assignedBy: string | null; endedBy: string | null; name: string }>;
      const ended = items.find((i) => i.assignmentId === made.json().id)!;
      expect(ended).toMatchObject({ role: 'member', personId: cadres[1], assignedBy: '区指挥部', endedBy: '区指挥部' });
      expect(ended.endsAt).not.toBeNull();
      // The seed's commander is live, made by no user.
      expect(items.find((i) => i.endsAt === null)).toMatchObject({ role: 'commander', assignedBy: null, endedBy: null });
      expect(items.map((i) => i.startsAt)).toEqual(items.map((i) => i.startsAt).sort().reverse());
      // A past period recorded with its end was ended by whoever recorded it.
      const past = await app.inject({ method: 'POST', url: '/api/assignments', headers: { cookie }, payload: { unitType: 'command_unit', unitId: post.id, role: 'member', personId: cadres[3], startsAt: '2022-07-09T08:00:00+08:00', endsAt: '2022-07-12T08:00:00+08:00' } });
      expect(past.statusCode).toBe(201);
      const history = (await app.inject({ url: `/api/assignments/history?unitType=command_unit&unitId=${post.id}`, headers: { cookie } })).json().items as typeof items;
      expect(history.find((i) => i.assignmentId === past.json().id)).toMatchObject({ assignedBy: '区指挥部', endedBy: '区指挥部' });

      // Only the command reads it, and the unit must exist.
      const town = await loginCookie(app, 'zhanqian');
      expect((await app.inject({ url: `/api/assignments/history?unitType=command_unit&unitId=${post.id}`, headers: { cookie: town } })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/assignments/history?unitType=command_unit&unitId=999999', headers: { cookie } })).statusCode).toBe(400);
      const future = await app.inject({ method: 'POST', url: '/api/assignments', headers: { cookie, 'x-gridline-locale': 'en' }, payload: { unitType: 'command_unit', unitId: post.id, role: 'member', personId: cadres[2], endsAt: fromNow(7 * DAY).toISOString() } });
      expect(future.statusCode).toBe(400);
      expect(future.json().message).toBe('An assignment\'s start and end cannot be in the future: assignments are recorded as they happen');
    } finally {
      await app.close();
    }
  });

  it('refuses a post of a response that closes while it is being assigned: the check is made again under the response\'s lock', async () => {
    const town = await scalar(database, sql`select id from regions where level = 'town' and name = '城南街道'`);
    const declared = await services.responses.declare(command, { code: '0920', name: '“0920”应急响应', startedOn: '2022-09-20', zoneScheme: 'high_medium_low', commandPostTownIds: [town] });
    const post = (await services.responses.tree(command, declared.id)).posts[0];
    const refused = await refusal(duringClose(database, declared.id, () => services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: cadres[5] })));
    expect(refused?.messageKey).toBe('response_closed');
    expect(await liveCommanders(post.id)).toBe(0);
  });
});
