import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

describe('notices', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
  });
  afterAll(async () => drop());

  it('sends to a town: its accounts and those below it receive it, no one else', async () => {
    const town = await scalar(database, sql`select id from regions where name = '站前街道'`);
    const sent = await services.notices.send(command, { title: '关于开展全员核酸检测的通知', body: '请各网格做好准备。', links: [{ title: '采样点分布', url: 'https://example.org/points' }], scope: { kind: 'region', regionId: town } });
    // zhanqian, captain (town), pointchief, volunteer (community), grid (grid): all inside 站前街道.
    expect(sent.recipients).toBe(5);
    const volunteer = await asUser(services, 'volunteer');
    const inbox = await services.notices.list(volunteer);
    expect(inbox.received.map((n) => n.title)).toEqual(['关于开展全员核酸检测的通知']);
    expect(inbox.sent).toEqual([]);
    const admin = await asUser(services, 'admin');
    expect((await services.notices.list(admin)).received).toEqual([]);
    expect((await refusal(services.notices.open(admin, sent.id)))?.status).toBeUndefined(); // the command may look at any notice
    expect((await refusal(services.notices.acknowledge(admin, sent.id)))?.status).toBe(403);
  });

  it('records reading and acknowledging, shows the sender who has not, and reminds them', async () => {
    const id = (await services.notices.list(command)).sent[0].id;
    const grid = await asUser(services, 'grid');
    const opened = await services.notices.open(grid, id);
    expect(opened.receipt?.readAt).not.toBeNull();
    expect(opened.receipt?.acknowledgedAt).toBeNull();
    const acked = await services.notices.acknowledge(grid, id);
    expect(acked.receipt?.acknowledgedAt).not.toBeNull();
    const receipts = await services.notices.receipts(command, id);
    const byUser = Object.fromEntries(receipts.items.map((r) => [r.username, r]));
    expect(byUser.grid.acknowledgedAt).not.toBeNull();
    expect(byUser.zhanqian.readAt).toBeNull();
    expect((await services.notices.list(command)).sent[0]).toMatchObject({ recipients: 5, read: 1, acknowledged: 1 });
    expect(await services.notices.remind(command, id)).toEqual({ reminded: 4 });
    const zhanqian = await asUser(services, 'zhanqian');
    expect((await services.notices.list(zhanqian)).received[0].receipt?.remindedCount).toBe(1);
    expect((await refusal(services.notices.receipts(zhanqian, id)))?.status).toBe(403);
  });

  it('sends to a role and to a response\'s units', async () => {
    expect((await services.notices.send(command, { title: 'r', body: 'b', links: [], scope: { kind: 'role', role: 'grid_worker' } })).recipients).toBe(1);
    const responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    // Give the volunteer account a person who holds a post in the 0708 structure.
    const cadre = await scalar(database, sql`select person_id from assignments where unit_type = 'org' and role = 'secretary' and ends_at is null limit 1`);
    await database.db.execute(sql`update users set person_id = ${cadre} where username = 'volunteer'`);
    expect((await services.notices.send(command, { title: 'r', body: 'b', links: [], scope: { kind: 'response', responseId } })).recipients).toBe(1);
    expect((await services.notices.send(command, { title: 'all', body: 'b', links: [], scope: { kind: 'all' } })).recipients).toBe(6);
    // The sender is not among the recipients; a scope that reaches no one keeps nothing.
    const before = await scalar(database, sql`select count(*)::int from notices`);
    expect((await refusal(services.notices.send(command, { title: 'x', body: 'b', links: [], scope: { kind: 'role', role: 'district_command' } })))?.messageKey).toBe('notice_no_recipients');
    expect(await scalar(database, sql`select count(*)::int from notices`)).toBe(before);
  });

  it('lets only the command send, and checks the input over HTTP', async () => {
    const volunteer = await asUser(services, 'volunteer');
    expect((await refusal(services.notices.send(volunteer, { title: 't', body: 'b', links: [], scope: { kind: 'all' } })))?.status).toBe(403);
    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const cookie = await loginCookie(app, 'command');
      const bad = await app.inject({ method: 'POST', url: '/api/notices', headers: { cookie }, payload: { title: 't', body: 'b', links: [{ title: 'x', url: 'not a url' }], scope: { kind: 'planet' } } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toBe('validation_failed');
      const ok = await app.inject({ method: 'POST', url: '/api/notices', headers: { cookie }, payload: { title: '提醒', body: '请回复', scope: { kind: 'role', role: 'area_chief' } } });
      expect(ok.statusCode).toBe(201);
      const script = await app.inject({ method: 'POST', url: '/api/notices', headers: { cookie }, payload: { title: 't', body: 'b', links: [{ title: 'x', url: 'javascript:alert(1)' }], scope: { kind: 'all' } } });
      expect(script.statusCode).toBe(400);
      const list = await app.inject({ url: '/api/notices', headers: { cookie } });
      expect(list.json().sent[0].sentAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(ok.json().recipients).toBe(1);
    } finally {
      await app.close();
    }
  });
});
