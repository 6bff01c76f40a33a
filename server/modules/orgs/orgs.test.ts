import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, duringClose, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

describe('party organisations', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let responseId: number;
  /** The north checkpoint of Lizhiyuan No. 37 in "0708". */
  let checkpoint: number;
  /** Party members not yet in any organisation, taken one by one. */
  let members: number[];
  const member = () => members.shift()!;
  const auditCount = (action: string, subjectId: number) => scalar(database, sql`select count(*)::int from audit_log where action = ${action} and subject_type = 'org' and subject_id = ${String(subjectId)}`);
  const liveAssignments = (orgId: number) => scalar(database, sql`select count(*)::int from assignments where unit_type = 'org' and unit_id = ${orgId} and ends_at is null`);
  const gapIds = async () => (await services.responses.gaps(command, responseId, 'zh-CN')).items.filter((g) => g.kind === 'branch_without_secretary').map((g) => g.unitId);
  /** The command, narrowed to one town: the scope check, not the role, decides. */
  const commandOfTown = async (town: string) => {
    const path = await scalar<string>(database, sql`select path from regions where level = 'town' and name = ${town}`);
    return { ...command, scopePath: path, scopeLevel: 'town' as const };
  };

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
    responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    checkpoint = await scalar(database, sql`select id from checkpoints where name = '37号北门关卡'`);
    members = await scalar<number[]>(database, sql`
      select array_agg(id order by id) from people p
      where party_member and not exists (select 1 from assignments a where a.person_id = p.id and a.unit_type = 'org')`);
  });
  afterAll(async () => drop());

  it('creates a standing organisation and a temporary branch at a checkpoint, each audited', async () => {
    const community = await scalar(database, sql`select id from regions where level = 'community' order by id limit 1`);
    const agency = await services.orgs.create(command, { name: '区卫健局机关党委', kind: 'agency', regionId: community });
    expect(agency).toMatchObject({ kind: 'agency', responseId: null, closed: false, memberCount: 0, form: 'party_group' });
    const branch = await services.orgs.create(command, { name: '37号北门关卡临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: checkpoint } });
    expect(branch).toMatchObject({ kind: 'temporary_branch', responseId });
    // It sits where the checkpoint is (the grid of building No. 37), so it shows in that scope.
    const where = await scalar<string>(database, sql`select r.name from orgs o join regions r on r.id = o.region_id where o.id = ${branch.id}`);
    expect(where).toMatch(/网格/);
    expect(await auditCount('create_org', agency.id)).toBe(1);
    expect(await auditCount('create_org', branch.id)).toBe(1);
    const tree = await services.responses.tree(command, responseId);
    expect(tree.fieldBranches.find((b) => b.id === branch.id)?.attachedTo).toEqual({ type: 'checkpoint', id: checkpoint, name: '37号北门关卡' });
  });

  it('lets only the command create, and only inside its scope', async () => {
    const town = await asUser(services, 'zhanqian');
    expect((await refusal(services.orgs.create(town, { name: '站前街道某临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: checkpoint } })))?.status).toBe(403);
    // The checkpoint is in 红旗街道: a command narrowed to 站前街道 may not set a branch up there.
    const zhanqian = await commandOfTown('站前街道');
    expect((await refusal(services.orgs.create(zhanqian, { name: '红旗街道关卡临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: checkpoint } })))?.status).toBe(403);
    const hongqiCommunity = await scalar(database, sql`select c.id from regions c join regions t on t.id = c.parent_id where t.name = '红旗街道' and c.level = 'community' limit 1`);
    expect((await refusal(services.orgs.create(zhanqian, { name: '红旗街道某企业党支部', kind: 'enterprise', regionId: hongqiCommunity })))?.status).toBe(403);
    // A standing organisation works at no unit.
    expect((await refusal(services.orgs.create(command, { name: '某企业党支部', kind: 'enterprise', attachedTo: { type: 'checkpoint', id: checkpoint } })))?.messageKey).toBe('attached_needs_branch');
    expect(await scalar(database, sql`select count(*)::int from orgs where name in ('站前街道某临时党支部', '红旗街道关卡临时党支部', '红旗街道某企业党支部', '某企业党支部')`)).toBe(0);
  });

  it('refuses a branch at a checkpoint or command unit of another response, in the user language', async () => {
    const grid = await scalar(database, sql`select g.id from regions g join regions t on g.path like t.path || '%' where g.level = 'grid' and t.name = '鳌头镇' limit 1`);
    const other = await services.responses.declare(command, { code: '0501', name: '“0501”应急响应', startedOn: '2022-05-01', zoneScheme: 'high_medium_low', commandPostTownIds: [] });
    const zone = await services.zones.draw(command, other.id, { name: '鳌头镇中风险区', level: 'medium', regionIds: [grid], buildingIds: [] });
    const foreign = await services.zones.addCheckpoint(command, zone.id, { name: '鳌头镇关卡' });
    const refused = await refusal(services.orgs.create(command, { name: '鳌头镇关卡临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: foreign.id } }));
    expect([refused?.status, refused?.messageKey]).toEqual([400, 'unit_other_response']);
    const otherCommand = (await services.responses.tree(command, other.id)).command!;
    expect((await refusal(services.orgs.create(command, { name: '另一响应指挥部临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'command_unit', id: otherCommand.id } })))?.messageKey).toBe('unit_other_response');

    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const cookie = await loginCookie(app, 'command');
      const payload = { name: '鳌头镇关卡临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: foreign.id } };
      const en = await app.inject({ method: 'POST', url: '/api/orgs', headers: { cookie, 'x-gridline-locale': 'en' }, payload });
      expect([en.statusCode, en.json().message]).toEqual([400, 'This checkpoint belongs to another response']);
      const zh = await app.inject({ method: 'POST', url: '/api/orgs', headers: { cookie, 'x-gridline-locale': 'zh-CN' }, payload });
      expect(zh.json().message).toMatch(/不属于这个应急响应/);
    } finally {
      await app.close();
    }
    expect(await scalar(database, sql`select count(*)::int from orgs where name = '鳌头镇关卡临时党支部'`)).toBe(0);
  });

  it('pairs one organisation with many communities, each pairing audited, and unpairs', async () => {
    const org = await services.orgs.create(command, { name: '区教育局机关党委', kind: 'agency' });
    const communities = await scalar<number[]>(database, sql`select array_agg(id order by id) from (select id from regions where level = 'community' order by id limit 4) c`);
    for (const c of communities) await services.orgs.pair(command, org.id, c);
    const listed = (await services.orgs.list({ kind: 'agency' })).find((o) => o.id === org.id)!;
    expect(listed.pairedCommunities.map((c) => c.id).sort()).toEqual([...communities].sort());
    expect(await auditCount('pair', org.id)).toBe(4);
    await services.orgs.unpair(command, org.id, communities[0]);
    expect(await auditCount('unpair', org.id)).toBe(1);
    expect((await refusal(services.orgs.unpair(command, org.id, communities[0])))?.status).toBe(404);
    expect(await auditCount('unpair', org.id)).toBe(1);
    // A community outside the caller's scope is not theirs to pair.
    const outside = await scalar(database, sql`select c.id from regions c join regions t on t.id = c.parent_id where t.name = '红旗街道' and c.level = 'community' limit 1`);
    expect((await refusal(services.orgs.pair(await commandOfTown('站前街道'), org.id, outside)))?.status).toBe(403);
  });

  it('names the form by the size rule as members join: party group, then branch', async () => {
    const branch = await services.orgs.create(command, { name: '37号南门关卡临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: checkpoint } });
    const read = async () => (await services.orgs.list({ responseId })).find((o) => o.id === branch.id)!;
    expect(await read()).toMatchObject({ memberCount: 0, form: 'party_group' });
    await services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role: 'secretary', personId: member() });
    await services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role: 'deputy_secretary', personId: member() });
    expect(await read()).toMatchObject({ memberCount: 2, form: 'party_group' });
    await services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role: 'member', personId: member() });
    expect(await read()).toMatchObject({ memberCount: 3, form: 'branch' });
  });

  it('closes a temporary branch: its posts end with it, it leaves the gaps report, the log has before and after', async () => {
    const point = await scalar(database, sql`select id from points where status <> 'closed' order by id limit 1`);
    const branch = await services.orgs.create(command, { name: '采样点临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'point', id: point } });
    for (const role of ['deputy_secretary', 'member', 'member'] as const) await services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role, personId: member() });
    expect(await gapIds()).toContain(branch.id);
    expect((await services.responses.tree(command, responseId)).fieldBranches.find((b) => b.id === branch.id)?.attachedTo?.type).toBe('point');

    const closed = await services.orgs.close(command, branch.id);
    expect(closed).toMatchObject({ closed: true, memberCount: 0 });
    expect(await liveAssignments(branch.id)).toBe(0);
    expect(await gapIds()).not.toContain(branch.id);
    const details = await scalar<{ before: { closedAt: string | null; assignments: unknown[] }; after: { closedAt: string; assignments: Array<{ endsAt: string }> } }>(database, sql`select details from audit_log where action = 'close_org' and subject_id = ${String(branch.id)}`);
    expect(details.before.closedAt).toBeNull();
    expect(details.before.assignments).toHaveLength(3);
    expect(details.after.closedAt).not.toBeNull();
    expect(details.after.assignments.every((a) => a.endsAt)).toBe(true);
    expect((await services.responses.tree(command, responseId)).fieldBranches.find((b) => b.id === branch.id)?.closed).toBe(true);
    // The history says who ended each post: whoever closed the branch.
    expect((await services.assignments.history(command, 'org', branch.id)).map((h) => h.endedBy)).toEqual(['区指挥部', '区指挥部', '区指挥部']);

    expect((await refusal(services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role: 'secretary', personId: member() })))?.messageKey).toBe('unit_closed');
    expect((await refusal(services.orgs.close(command, branch.id)))?.messageKey).toBe('org_closed');
    const standing = (await services.orgs.list({ kind: 'agency' }))[0];
    expect((await refusal(services.orgs.close(command, standing.id)))?.messageKey).toBe('not_temporary_branch');
    expect((await refusal(services.orgs.close(await asUser(services, 'zhanqian'), branch.id)))?.status).toBe(403);
  });

  it('ends with the branch a post recorded as starting a few seconds ahead (a clock that runs fast)', async () => {
    const branch = await services.orgs.create(command, { name: '快钟临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: checkpoint } });
    const ahead = await services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role: 'secretary', personId: member(), startsAt: new Date(Date.now() + 30_000) });
    expect(ahead.startsAt.getTime()).toBeLessThanOrEqual(Date.now());
    await services.orgs.close(command, branch.id);
    expect(await liveAssignments(branch.id)).toBe(0);
    expect((await services.assignments.history(command, 'org', branch.id))[0]).toMatchObject({ assignmentId: ahead.id, endedBy: '区指挥部' });
  });

  it('closes a branch over HTTP for the command only', async () => {
    const branch = await services.orgs.create(command, { name: '北门关卡第二临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: checkpoint } });
    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const volunteer = await loginCookie(app, 'volunteer');
      expect((await app.inject({ method: 'POST', url: `/api/orgs/${branch.id}/close`, headers: { cookie: volunteer } })).statusCode).toBe(403);
      const cookie = await loginCookie(app, 'command');
      const res = await app.inject({ method: 'POST', url: `/api/orgs/${branch.id}/close`, headers: { cookie } });
      expect([res.statusCode, res.json().closed]).toEqual([200, true]);
      expect((await app.inject({ method: 'POST', url: '/api/orgs/999999/close', headers: { cookie } })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('refuses a temporary branch with no place: it would be in no part of the tree, its gap leading nowhere', async () => {
    const refused = await refusal(services.orgs.create(command, { name: '无处临时党支部', kind: 'temporary_branch', responseId }));
    expect([refused?.status, refused?.messageKey]).toEqual([400, 'temporary_needs_place']);
    expect(await scalar(database, sql`select count(*)::int from orgs where name = '无处临时党支部'`)).toBe(0);
  });

  it('refuses a branch of a response that closes while it is being set up: the check is made again under the response\'s lock', async () => {
    const town = await scalar(database, sql`select id from regions where level = 'town' and name = '城南街道'`);
    const declared = await services.responses.declare(command, { code: '0921', name: '“0921”应急响应', startedOn: '2022-09-21', zoneScheme: 'high_medium_low', commandPostTownIds: [town] });
    const post = (await services.responses.tree(command, declared.id)).posts[0];
    const refused = await refusal(duringClose(database, declared.id, () => services.orgs.create(command, { name: '关闭中临时党支部', kind: 'temporary_branch', responseId: declared.id, attachedTo: { type: 'command_unit', id: post.id } })));
    expect(refused?.messageKey).toBe('temporary_needs_response');
    expect(await scalar(database, sql`select count(*)::int from orgs where name = '关闭中临时党支部'`)).toBe(0);
  });
});
