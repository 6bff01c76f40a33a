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

  it('sends to a role and to everyone but the sender', async () => {
    expect((await services.notices.send(command, { title: 'r', body: 'b', links: [], scope: { kind: 'role', role: 'grid_worker' } })).recipients).toBe(1);
    // admin, zhanqian, pointchief, grid, captain, volunteer and branch: every account but the command's own.
    expect((await services.notices.send(command, { title: 'all', body: 'b', links: [], scope: { kind: 'all' } })).recipients).toBe(7);
    // The sender is not among the recipients; a scope that reaches no one keeps nothing.
    const before = await scalar(database, sql`select count(*)::int from notices`);
    expect((await refusal(services.notices.send(command, { title: 'x', body: 'b', links: [], scope: { kind: 'role', role: 'district_command' } })))?.messageKey).toBe('notice_no_recipients');
    expect(await scalar(database, sql`select count(*)::int from notices`)).toBe(before);
  });

  describe('to party organisations and a response\'s units', () => {
    let responseId: number;
    /** Party members who hold no post and have no account yet, one per call. */
    let nextMember = 0;
    const freshMember = async () =>
      scalar(database, sql`select p.id from people p where p.party_member and p.kind = 'community_cadre'
        and not exists (select 1 from assignments a where a.person_id = p.id) and not exists (select 1 from users u where u.person_id = p.id)
        order by p.id offset ${nextMember++} limit 1`);
    /** An account for a person, scoped to the district, so only the notice's scope decides whether it is reached. */
    const account = async (username: string, personId: number) => {
      const district = await scalar(database, sql`select id from regions where level = 'district'`);
      await services.auth.createUser({ username, displayName: username, role: 'volunteer', scopeRegionId: district, personId, password: 'Gridline-0708' });
    };
    const recipientsOf = async (id: number) => (await services.notices.receipts(command, id)).items.map((r) => r.username).sort();
    const standingOrg = () => scalar(database, sql`select id from orgs where kind = 'agency' order by id limit 1`);

    beforeAll(async () => {
      responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    });

    it('reaches exactly the post-holders with accounts in open organisations, standing or temporary', async () => {
      // A secretary and a member of a standing organisation, each with an account.
      const org = await standingOrg();
      const [secretary, member, released] = [await freshMember(), await freshMember(), await freshMember()];
      await services.assignments.assign(command, { unitType: 'org', unitId: org, role: 'secretary', personId: secretary });
      await services.assignments.assign(command, { unitType: 'org', unitId: org, role: 'member', personId: member });
      await account('o-secretary', secretary);
      await account('o-member', member);
      // One whose post has ended is no longer reached.
      const ended = await services.assignments.assign(command, { unitType: 'org', unitId: org, role: 'deputy_secretary', personId: released });
      await services.assignments.end(command, ended.id);
      await account('o-released', released);
      // The secretary of a branch that closed with its response is not reached either.
      const town = await scalar(database, sql`select id from regions where name = '金塘镇'`);
      const over = await services.responses.declare(command, { code: '0901', name: '已结束的响应', startedOn: '2022-09-01', zoneScheme: 'high_medium_low', commandPostTownIds: [town] });
      const closedBranch = (await services.responses.tree(command, over.id)).posts[0].branches[0].id;
      const closedSecretary = await freshMember();
      await services.assignments.assign(command, { unitType: 'org', unitId: closedBranch, role: 'secretary', personId: closedSecretary });
      await account('o-closed', closedSecretary);
      await services.responses.close(command, over.id);

      const sent = await services.notices.send(command, { title: '致全体党组织', body: 'b', links: [], scope: { kind: 'orgs' } });
      // `branch` is the secretary of the Lizhiyuan No. 37 temporary branch (the seed); no other demo account holds a post.
      expect(await recipientsOf(sent.id)).toEqual(['branch', 'o-member', 'o-secretary']);
      expect(sent.recipients).toBe(3);
      expect(await scalar(database, sql`select scope_kind from notices where id = ${sent.id}`)).toBe('orgs');
    });

    it('reaches a response\'s command units, branches and checkpoint rosters', async () => {
      const south = await scalar(database, sql`select k.id from checkpoints k join zones z on z.id = k.zone_id where z.response_id = ${responseId} and k.name = '37号南门关卡'`);
      const guard = await freshMember();
      await services.assignments.assign(command, { unitType: 'checkpoint', unitId: south, role: 'roster', personId: guard });
      await account('r-guard', guard);
      // The roster of a checkpoint of an area still to start is not reached: the area is not in force yet.
      const grid = await scalar(database, sql`select g.id from regions g join regions t on g.path like t.path || '%' where t.name = '城南街道' and g.level = 'grid' order by g.id limit 1`);
      const planned = await services.zones.draw(command, responseId, { name: '明日高风险区', level: 'high', regionIds: [grid], buildingIds: [], startsAt: new Date(Date.now() + 86_400_000) });
      const early = await freshMember();
      await services.assignments.assign(command, { unitType: 'checkpoint', unitId: (await services.zones.addCheckpoint(command, planned.id, { name: '明日关卡' })).id, role: 'roster', personId: early });
      await account('r-early', early);
      const sent = await services.notices.send(command, { title: '关卡值守', body: 'b', links: [], scope: { kind: 'response', responseId } });
      // The Lizhiyuan branch's secretary and the checkpoint's guard; the standing organisation's people are not the response's.
      expect(await recipientsOf(sent.id)).toEqual(['branch', 'r-guard']);
    });

    it('refuses a closed response in the user\'s language, keeping nothing', async () => {
      const over = (await services.responses.list()).find((r) => r.code === '0901')!;
      const before = await scalar(database, sql`select count(*)::int from notices`);
      const refused = await refusal(services.notices.send(command, { title: 'x', body: 'b', links: [], scope: { kind: 'response', responseId: over.id } }));
      expect(refused).toMatchObject({ status: 409, messageKey: 'notice_response_closed' });
      expect(await scalar(database, sql`select count(*)::int from notices`)).toBe(before);
      const app = await buildApp(services, { logLevel: 'silent' });
      try {
        const cookie = await loginCookie(app, 'command');
        const send = (lang: string) => app.inject({ method: 'POST', url: '/api/notices', headers: { cookie, 'accept-language': lang }, payload: { title: 'x', body: 'b', scope: { kind: 'response', responseId: over.id } } });
        const zh = await send('zh-CN');
        expect(zh.statusCode).toBe(409);
        expect(zh.json().message).toBe('该应急响应已结束，不能再向其单位发送通知');
        expect((await send('en')).json().message).toBe('This response is closed; notices can no longer be sent to its units');
      } finally {
        await app.close();
      }
    });
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
