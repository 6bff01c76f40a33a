import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

describe('risk areas and checkpoints', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let responseId: number;
  const communityNamed = (name: string) => scalar(database, sql`select id from regions where level = 'community' and name = ${name}`);
  const gridsOf = (communityId: number) => scalar<number[]>(database, sql`select array_agg(id order by id) from regions where parent_id = ${communityId}`);

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
    responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
  });
  afterAll(async () => drop());

  it('shows the demo\'s high-risk building with its people, the medium area around it, and the checkpoints', async () => {
    const report = await services.zones.report(command, responseId);
    expect(report.scheme).toBe('high_medium_low');
    const high = report.zones.find((z) => z.level === 'high')!;
    expect(high.members).toEqual([expect.objectContaining({ kind: 'building', name: '37号' })]);
    expect(high.residents).toBe(await scalar(database, sql`select count(*)::int from residents r join households h on h.id = r.household_id where h.building_id = ${high.members[0].id}`));
    expect(high.households).toBe(await scalar(database, sql`select count(*)::int from households where building_id = ${high.members[0].id}`));
    expect(high.checkpoints.map((c) => [c.name, c.roster.length])).toEqual([['37号北门关卡', 2], ['37号南门关卡', 0]]);
    const levels = Object.fromEntries(report.byLevel.map((l) => [l.level, l.zones]));
    expect(levels).toEqual({ high: 1, medium: 1, low: 0 });
    expect(report.byLevel.find((l) => l.level === 'high')!.residents).toBe(high.residents);
  });

  it('draws an area from communities and grids, counting who lives inside from the facts', async () => {
    const community = await communityNamed('恒福社区');
    const otherCommunity = (await scalar<number[]>(database, sql`select array_agg(id order by id) from regions where level = 'community' and name <> '恒福社区' and name <> '荔枝园村'`))[0];
    const grid = (await gridsOf(otherCommunity))[0];
    const zone = await services.zones.draw(command, responseId, { name: '恒福社区封控', level: 'high', regionIds: [community, grid], buildingIds: [] });
    const shown = (await services.zones.report(command, responseId)).zones.find((z) => z.id === zone.id)!;
    const facts = await scalar<string>(database, sql`
      select count(*)::int || '/' || count(distinct r.household_id)::int from residents r join regions g on g.id = r.grid_id
      where g.parent_id = ${community} or g.id = ${grid}`);
    expect(`${shown.residents}/${shown.households}`).toBe(facts);
    expect(shown.history).toEqual([expect.objectContaining({ from: null, to: 'high', by: command.id, byName: command.displayName })]);
  });

  it('refuses areas that break a rule, saying which', async () => {
    const community = await communityNamed('恒福社区');
    const grid = (await gridsOf(community))[0];
    const town = await scalar(database, sql`select id from regions where level = 'town' limit 1`);
    const draw = (level: 'high' | 'sealed', regionIds: number[], buildingIds: number[] = [], name = 'x') => refusal(services.zones.draw(command, responseId, { name, level, regionIds, buildingIds }));
    expect((await draw('sealed', [community]))?.messageKey).toBe('level_not_in_scheme');
    expect((await draw('high', []))?.messageKey).toBe('zone_empty');
    expect((await draw('high', [99_999_999]))?.messageKey).toBe('zone_member_outside');
    expect((await draw('high', [], [99_999_999]))?.messageKey).toBe('zone_member_outside');
    expect((await draw('high', [town]))?.messageKey).toBe('zone_member_level');
    expect((await draw('high', [community, grid]))?.messageKey).toBe('zone_member_overlap');
    const inGrid = await scalar(database, sql`select id from buildings where grid_id = ${grid} limit 1`);
    expect((await draw('high', [grid], [inGrid]))?.messageKey).toBe('zone_member_overlap');
    expect((await draw('high', [grid], [], '恒福社区封控'))?.status).toBe(409);
    const chief = await asUser(services, 'zhanqian');
    expect((await refusal(services.zones.draw(chief, responseId, { name: 'y', level: 'high', regionIds: [grid], buildingIds: [] })))?.status).toBe(403);
    expect(await scalar(database, sql`select count(*)::int from zones where name in ('x', 'y')`)).toBe(0);
  });

  it('keeps the level history, and lets one of two simultaneous changes win', async () => {
    const zone = (await services.zones.report(command, responseId)).zones.find((z) => z.level === 'medium')!;
    await services.zones.setLevel(command, zone.id, 'low');
    expect((await refusal(services.zones.setLevel(command, zone.id, 'low')))?.messageKey).toBe('level_unchanged');
    // Two people who both saw 'low' change it at once: exactly one change lands, whatever the timing.
    const results = await Promise.allSettled([services.zones.setLevel(command, zone.id, 'high', 'low'), services.zones.setLevel(command, zone.id, 'medium', 'low')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    const history = (await services.zones.report(command, responseId)).zones.find((z) => z.id === zone.id)!.history;
    expect(history.map((h) => [h.from, h.to])).toEqual([[null, 'medium'], ['medium', 'low'], ['low', history[2].to]]);
    // The seed drew it (no account); the command changed it since.
    expect(history.map((h) => h.byName)).toEqual([null, '区指挥部', '区指挥部']);
    expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'set_zone_level' and subject_id = ${String(zone.id)}`)).toBe(2);
  });

  it('lifts an area: it leaves the per-level totals and takes no more changes', async () => {
    const before = await services.zones.report(command, responseId);
    const zone = before.zones.find((z) => z.name === '恒福社区封控')!;
    await services.zones.end(command, zone.id);
    const after = await services.zones.report(command, responseId);
    const high = (r: typeof after) => r.byLevel.find((l) => l.level === 'high')!;
    expect(high(after).residents).toBe(high(before).residents - zone.residents);
    expect(after.zones.find((z) => z.id === zone.id)!.active).toBe(false);
    expect((await refusal(services.zones.setLevel(command, zone.id, 'low')))?.messageKey).toBe('zone_ended');
  });

  it('closes the checkpoint gap when the roster is filled', async () => {
    const gaps = await services.responses.gaps(command, responseId, 'zh-CN');
    const gap = gaps.items.find((g) => g.kind === 'checkpoint_without_roster')!;
    expect(gap.name).toBe('37号南门关卡');
    expect(gap.where).toContain('荔枝园村');
    const person = await scalar(database, sql`select id from people where kind = 'community_cadre' limit 1`);
    await services.assignments.assign(command, { unitType: 'checkpoint', unitId: gap.unitId, role: 'roster', personId: person });
    expect((await services.responses.gaps(command, responseId, 'zh-CN')).byKind.checkpoint_without_roster).toBeUndefined();
  });

  it('serves the areas over HTTP, only those touching the caller scope', async () => {
    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const cookieOf = (username: string) => loginCookie(app, username);
      const all = (await app.inject({ url: `/api/responses/${responseId}/zones`, headers: { cookie: await cookieOf('command') } })).json();
      expect(all.zones.length).toBeGreaterThanOrEqual(3);
      const chief = (await app.inject({ url: `/api/responses/${responseId}/zones`, headers: { cookie: await cookieOf('zhanqian') } })).json();
      expect(chief.zones.map((z: { name: string }) => z.name)).toEqual(['恒福社区封控']);
      const bad = await app.inject({ method: 'POST', url: `/api/responses/${responseId}/zones`, headers: { cookie: await cookieOf('command'), 'x-gridline-locale': 'en' }, payload: { name: 'z', level: 'sealed', regionIds: [1] } });
      expect(bad.json()).toMatchObject({ error: 'validation_failed', message: '"sealed area" is not a level of this response\'s scheme (high / medium / low risk)' });
    } finally {
      await app.close();
    }
  });
});
