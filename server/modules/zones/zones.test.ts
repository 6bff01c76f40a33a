import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { sqlState } from '../../db/bulk.ts';
import { t } from '../../i18n.ts';
import { asUser, demoFixture, duringClose, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
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
      expect(bad.json()).toMatchObject({ error: 'validation_failed', message: '"Sealed area" is not a level of this response\'s scheme (High / medium / low risk)' });
    } finally {
      await app.close();
    }
  });

  /** Communities no other test draws on, each with its grids: one per test below. */
  const freshCommunity = async (index: number) => {
    const ids = await scalar<number[]>(database, sql`
      select array_agg(id order by id) from regions c where c.level = 'community' and c.name not in ('恒福社区', '荔枝园村')
        and exists (select 1 from regions g where g.parent_id = c.id and exists (select 1 from buildings b where b.grid_id = g.id))`);
    // Skip the first: the drawing test above takes a grid of it.
    const community = ids[index + 1];
    return { community, grids: await gridsOf(community) };
  };
  const DAY = 24 * 3600_000;
  const auditCount = (action: string, subjectId: number) => scalar(database, sql`select count(*)::int from audit_log where action = ${action} and subject_id = ${String(subjectId)}`);

  it('counts an area drawn to start later only from its start; lifting it before then calls it off', async () => {
    const { grids } = await freshCommunity(0);
    const highBefore = (await services.zones.report(command, responseId)).byLevel.find((l) => l.level === 'high')!;
    const startsAt = new Date(Date.now() + DAY);
    const planned = await services.zones.draw(command, responseId, { name: '明日高风险区', level: 'high', regionIds: [grids[0]], buildingIds: [], startsAt });
    const checkpoint = await services.zones.addCheckpoint(command, planned.id, { name: '明日关卡' });
    const report = await services.zones.report(command, responseId);
    expect(report.zones.find((z) => z.id === planned.id)).toMatchObject({ state: 'planned', active: false, startsAt: startsAt.toISOString(), endsAt: null });
    expect(report.byLevel.find((l) => l.level === 'high')).toEqual(highBefore);
    // Its checkpoint has no roster, but the area is not in force yet: not a gap today.
    expect((await services.responses.gaps(command, responseId, 'zh-CN')).items.some((g) => g.unitType === 'checkpoint' && g.unitId === checkpoint.id)).toBe(false);

    const lifted = await services.zones.end(command, planned.id);
    expect(lifted.endsAt).toEqual(startsAt);
    expect((await services.zones.report(command, responseId)).zones.find((z) => z.id === planned.id)).toMatchObject({ state: 'lifted', active: false });
    expect((await refusal(services.zones.end(command, planned.id)))).toMatchObject({ status: 409, messageKey: 'zone_ended' });
    expect(await auditCount('end_zone', planned.id)).toBe(1);
    expect(await auditCount('draw_zone', planned.id)).toBe(1);
    expect(await auditCount('create_checkpoint', checkpoint.id)).toBe(1);
  });

  it('takes an end time after the start, and lifts an area whose end is still to come', async () => {
    const { grids } = await freshCommunity(1);
    const now = Date.now();
    const draw = (startsAt: Date | undefined, endsAt: Date, name = '限时区') => services.zones.draw(command, responseId, { name, level: 'medium', regionIds: [grids[0]], buildingIds: [], startsAt, endsAt });
    expect(await refusal(draw(new Date(now + DAY), new Date(now + DAY)))).toMatchObject({ status: 400, messageKey: 'end_before_start' });
    expect(await refusal(draw(undefined, new Date(now - DAY)))).toMatchObject({ status: 400, messageKey: 'end_before_start' });
    expect(t('en', 'end_before_start')).toBe('The end must be after the start');
    const zone = await draw(undefined, new Date(now + 7 * DAY));
    const shown = (await services.zones.report(command, responseId)).zones.find((z) => z.id === zone.id)!;
    expect(shown).toMatchObject({ state: 'active', active: true, endsAt: new Date(now + 7 * DAY).toISOString() });
    await services.zones.setLevel(command, zone.id, 'low');
    const lifted = await services.zones.end(command, zone.id);
    expect(lifted.endsAt!.getTime()).toBeLessThan(now + DAY);
    expect(await auditCount('set_zone_level', zone.id)).toBe(1);
  });

  it('refuses an area over a place already in another area of the response, naming it', async () => {
    const { community, grids } = await freshCommunity(2);
    const { community: other, grids: otherGrids } = await freshCommunity(3);
    const building = await scalar(database, sql`select id from buildings where grid_id = ${grids[0]} order by id limit 1`);
    const whole = await services.zones.draw(command, responseId, { name: '整村管控', level: 'medium', regionIds: [community], buildingIds: [] });
    const overlapOf = (regionIds: number[], buildingIds: number[] = [], period: { startsAt?: Date; endsAt?: Date } = {}) =>
      refusal(services.zones.draw(command, responseId, { name: '重叠区', level: 'high', regionIds, buildingIds, ...period }));
    // A grid of it, a building of it, the same community.
    for (const refused of [await overlapOf([grids[0]]), await overlapOf([], [building]), await overlapOf([community])]) {
      expect(refused).toMatchObject({ status: 409, messageKey: 'zone_overlaps_zone', params: { name: '整村管控' } });
    }
    // A community containing a grid of another area.
    await services.zones.draw(command, responseId, { name: '单网格', level: 'high', regionIds: [otherGrids[0]], buildingIds: [] });
    expect(await overlapOf([other])).toMatchObject({ status: 409, params: { name: '单网格' } });
    // A grid containing a building of another area.
    const otherBuilding = await scalar(database, sql`select id from buildings where grid_id = ${otherGrids.at(-1)!} order by id limit 1`);
    const byBuilding = await services.zones.draw(command, responseId, { name: '单楼', level: 'high', regionIds: [], buildingIds: [otherBuilding], startsAt: new Date(Date.now() + DAY), endsAt: new Date(Date.now() + 2 * DAY) });
    expect(await overlapOf([otherGrids.at(-1)!])).toMatchObject({ status: 409, params: { name: '单楼' } });
    // Planned for a period that does not meet the other's: allowed.
    const later = await services.zones.draw(command, responseId, { name: '后续单网格', level: 'low', regionIds: [otherGrids.at(-1)!], buildingIds: [], startsAt: new Date(Date.now() + 3 * DAY) });
    expect(later.id).toBeGreaterThan(byBuilding.id);
    // Once lifted, the place can be drawn again.
    await services.zones.end(command, whole.id);
    const redrawn = await services.zones.draw(command, responseId, { name: '重划网格', level: 'high', regionIds: [grids[0]], buildingIds: [] });
    expect(await auditCount('draw_zone', redrawn.id)).toBe(1);
    expect(await scalar(database, sql`select count(*)::int from zones where name = '重叠区'`)).toBe(0);

    // Two people drawing over the same grid at once: exactly one area is drawn.
    const both = await Promise.allSettled(['甲', '乙'].map((name) => services.zones.draw(command, responseId, { name, level: 'high', regionIds: [grids[1]], buildingIds: [] })));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 409, messageKey: 'zone_overlaps_zone' });

    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const res = await app.inject({ method: 'POST', url: `/api/responses/${responseId}/zones`, headers: { cookie: await loginCookie(app, 'command'), 'x-gridline-locale': 'en' }, payload: { name: 'again', level: 'high', regionIds: [grids[0]] } });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe('The chosen areas overlap the risk area "重划网格" of this response: a place belongs to one risk area only');
    } finally {
      await app.close();
    }
  });

  it('keeps the schemes as data: a response picks one, its areas take only its levels, the database refuses others', async () => {
    const schemes = await services.zones.schemes();
    expect(schemes.map((s) => [s.code, s.levels.map((l) => `${l.rank}:${l.code}:${l.nameZh}`)])).toEqual([
      ['high_medium_low', ['1:high:高风险区', '2:medium:中风险区', '3:low:低风险区']],
      ['sealed_controlled_precaution', ['1:sealed:封控区', '2:controlled:管控区', '3:precaution:防范区']],
    ]);
    const declared = await services.responses.declare(command, { code: '0901', name: '“0901”应急响应', startedOn: '2022-09-01', zoneScheme: 'sealed_controlled_precaution', commandPostTownIds: [] });
    expect((await refusal(services.responses.declare(command, { code: '0902', name: 'x', startedOn: '2022-09-02', zoneScheme: 'purple', commandPostTownIds: [] })))?.messageKey).toBe('scheme_unknown');
    const { community } = await freshCommunity(4);
    const sealed = await services.zones.draw(command, declared.id, { name: '封控区一', level: 'sealed', regionIds: [community], buildingIds: [] });
    const report = await services.zones.report(command, declared.id);
    expect(report.scheme).toBe('sealed_controlled_precaution');
    expect(report.byLevel.map((l) => [l.level, l.zones])).toEqual([['sealed', 1], ['controlled', 0], ['precaution', 0]]);
    expect(report.byLevel[0].residents).toBe(await scalar(database, sql`select resident_count from regions where id = ${community}`));
    const refused = await refusal(services.zones.draw(command, declared.id, { name: 'x', level: 'high', regionIds: [community], buildingIds: [] }));
    expect(refused?.messageKey).toBe('level_not_in_scheme');
    expect(t('zh-CN', refused!.messageKey, refused!.params)).toBe('“高风险区”不是本次应急响应所用分级（封控区 / 管控区 / 防范区）');
    expect((await refusal(services.zones.setLevel(command, sealed.id, 'medium')))?.messageKey).toBe('level_not_in_scheme');
    // A round's pool sizes name levels of the response's scheme too.
    const round = { name: '封控区核酸', startsAt: new Date(), endsAt: new Date(Date.now() + DAY), regionIds: [community], zoneIds: [], defaultPoolSize: 10 as const };
    expect((await refusal(services.rounds.open(command, declared.id, { ...round, poolSizes: [{ level: 'high', poolSize: 1 }] })))?.messageKey).toBe('level_not_in_scheme');

    // The last line: a level outside the zone's scheme, or a scheme other than its response's.
    const sqlError = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => sqlState(err) ?? sqlState((err as { cause?: unknown }).cause));
    expect(await sqlError(database.db.execute(sql`update zones set level = 'high' where id = ${sealed.id}`))).toBe('23503');
    expect(await sqlError(database.db.execute(sql`update zones set scheme = 'high_medium_low', level = 'high' where id = ${sealed.id}`))).toBe('23503');

    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      expect((await app.inject({ url: '/api/zones/schemes' })).statusCode).toBe(401);
      const served = await app.inject({ url: '/api/zones/schemes', headers: { cookie: await loginCookie(app, 'volunteer') } });
      expect(served.json()).toEqual(schemes);
    } finally {
      await app.close();
    }
  });

  it('lifting an area ends its checkpoints\' rosters, in the log; its checkpoints take no one new and no new branch', async () => {
    const { grids } = await freshCommunity(5);
    const zone = await services.zones.draw(command, responseId, { name: '短期高风险区', level: 'high', regionIds: [grids[0]], buildingIds: [] });
    const checkpoint = await services.zones.addCheckpoint(command, zone.id, { name: '短期关卡' });
    const [first, second] = await scalar<number[]>(database, sql`select array_agg(id order by id) from (select id from people where kind = 'cadre' and id not in (select person_id from assignments) order by id limit 2) x`);
    const roster = await services.assignments.assign(command, { unitType: 'checkpoint', unitId: checkpoint.id, role: 'roster', personId: first });
    // A branch working at the checkpoint closes with the area, its secretary's post ended.
    const working = await services.orgs.create(command, { name: '短期关卡值守临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: checkpoint.id } });
    const secretaryOf = await scalar<number>(database, sql`select id from people where party_member and kind = 'cadre' and id not in (select person_id from assignments) order by id desc limit 1`);
    const secretary = await services.assignments.assign(command, { unitType: 'org', unitId: working.id, role: 'secretary', personId: secretaryOf });
    await services.zones.end(command, zone.id);
    expect(await scalar(database, sql`select closed_at is not null from orgs where id = ${working.id}`)).toBe(true);
    expect(await scalar(database, sql`select ends_at is not null from assignments where id = ${secretary.id}`)).toBe(true);
    expect(await scalar(database, sql`select count(*)::int from assignments where unit_type = 'checkpoint' and unit_id = ${checkpoint.id} and ends_at is null`)).toBe(0);
    expect(await scalar(database, sql`select ended_by from assignments where id = ${roster.id}`)).toBe(command.id);
    const logged = await scalar<{ after: { closedBranches: number[]; endedAssignments: Array<{ id: number; personId: number }> } }>(database, sql`select details from audit_log where action = 'end_zone' and subject_id = ${String(zone.id)}`);
    expect(logged.after.closedBranches).toEqual([working.id]);
    expect(logged.after.endedAssignments.map((a) => [a.id, a.personId])).toEqual([[roster.id, first], [secretary.id, secretaryOf]]);
    const again = await refusal(services.assignments.assign(command, { unitType: 'checkpoint', unitId: checkpoint.id, role: 'roster', personId: second }));
    expect([again?.status, again?.messageKey]).toEqual([409, 'checkpoint_zone_lifted']);
    expect(t('en', again!.messageKey)).toBe('This area has been lifted; its checkpoints are no longer manned');
    const branch = await refusal(services.orgs.create(command, { name: '短期关卡临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: checkpoint.id } }));
    expect(branch?.messageKey).toBe('checkpoint_zone_lifted');
  });

  it('refuses an area of a response that closes while it is being drawn: the check is made again under the response\'s lock', async () => {
    const { grids } = await freshCommunity(6);
    const declared = await services.responses.declare(command, { code: '0922', name: '“0922”应急响应', startedOn: '2022-09-22', zoneScheme: 'high_medium_low', commandPostTownIds: [] });
    const refused = await refusal(duringClose(database, declared.id, () => services.zones.draw(command, declared.id, { name: '关闭中风险区', level: 'high', regionIds: [grids[0]], buildingIds: [] })));
    expect(refused?.messageKey).toBe('response_closed');
    expect(await scalar(database, sql`select count(*)::int from zones where response_id = ${declared.id}`)).toBe(0);
  });

  it('puts a checkpoint in one place for the gaps report, its branches and who may assign its roster: the smallest place its area covers', async () => {
    const { grids } = await freshCommunity(7);
    const townOf = (path: string) => scalar<string>(database, sql`select path from regions where level = 'town' and ${path} like path || '%'`);
    const gridPath = await scalar<string>(database, sql`select path from regions where id = ${grids[0]}`);
    // A building in another town, whose grid sorts after the grid: the area covers both.
    const building = await scalar<{ id: number; path: string }>(database, sql`
      select json_build_object('id', b.id, 'path', g.path) from buildings b join regions g on g.id = b.grid_id
      where g.path > ${gridPath} and g.path not like ${`${await townOf(gridPath)}%`} order by g.path, b.id limit 1`);
    const declared = await services.responses.declare(command, { code: '0923', name: '“0923”应急响应', startedOn: '2022-09-23', zoneScheme: 'high_medium_low', commandPostTownIds: [] });
    const zone = await services.zones.draw(command, declared.id, { name: '跨镇高风险区', level: 'high', regionIds: [grids[0]], buildingIds: [building.id] });
    const checkpoint = await services.zones.addCheckpoint(command, zone.id, { name: '跨镇关卡' });
    const commandOf = async (path: string): Promise<SessionUser> => ({ ...command, scopePath: await townOf(path), scopeLevel: 'town' });
    const [here, there] = [await commandOf(gridPath), await commandOf(building.path)];
    const gapIn = async (user: SessionUser) => (await services.responses.gaps(user, declared.id, 'zh-CN')).items.some((g) => g.unitId === checkpoint.id && g.kind === 'checkpoint_without_roster');
    expect([await gapIn(here), await gapIn(there)]).toEqual([true, false]);
    const person = await scalar(database, sql`select id from people where kind = 'cadre' and id not in (select person_id from assignments) order by id desc limit 1`);
    expect((await refusal(services.assignments.assign(there, { unitType: 'checkpoint', unitId: checkpoint.id, role: 'roster', personId: person })))?.status).toBe(403);
    await services.assignments.assign(here, { unitType: 'checkpoint', unitId: checkpoint.id, role: 'roster', personId: person });
    const branch = await services.orgs.create(here, { name: '跨镇关卡临时党支部', kind: 'temporary_branch', responseId: declared.id, attachedTo: { type: 'checkpoint', id: checkpoint.id } });
    expect(await scalar(database, sql`select region_id from orgs where id = ${branch.id}`)).toBe(grids[0]);
  });
});
