import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { LIZHIYUAN_BRANCH } from '../../seed/demo-district.ts';
import { SHORT_TEAMS } from '../../seed/demo-points.ts';
import { UNPAIRED_COMMUNITIES } from '../../seed/demo-response.ts';
import { DEMO_TEAMS } from '../../seed/demo-teams.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql, whileShared } from '../../testing/fixtures.ts';
import { orgForm } from '../assignments/assignment-rules.ts';
import type { SessionUser } from '../auth/scope.ts';

describe('the command structure', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let responseId: number;
  const personOf = (kind: string, partyMember?: boolean) =>
    scalar(database, sql`select id from people where kind = ${kind} ${partyMember === undefined ? sql`` : sql`and party_member = ${partyMember}`} order by id limit 1`);
  const postOf = async (town: string) => (await services.responses.tree(command, responseId)).posts.find((p) => p.region.name === town)!;

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
    responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
  });
  afterAll(async () => drop());

  it('seeds the article\'s "0708": the command, six posts with branches, and the Lizhiyuan No. 37 branch', async () => {
    const tree = await services.responses.tree(command, responseId);
    expect(tree.response).toMatchObject({ code: '0708', status: 'active', startedOn: '2022-07-08' });
    expect(tree.command?.kind).toBe('district_command');
    expect(tree.posts.map((p) => p.region.name)).toEqual(['站前街道', '官渡街道', '红旗街道', '城南街道', '羊角镇', '鳌头镇']);
    const hongqi = tree.posts.find((p) => p.region.name === '红旗街道')!;
    const lizhiyuan = hongqi.branches.find((b) => b.name === LIZHIYUAN_BRANCH)!;
    expect(lizhiyuan).toMatchObject({ memberCount: 7, form: 'branch', closed: false });
    const roles = lizhiyuan.people.map((p) => p.role).sort();
    expect(roles).toEqual(['deputy_secretary', 'deputy_secretary', 'member', 'member', 'member', 'member', 'secretary']);
    expect(await scalar(database, sql`select count(*)::int from orgs where kind <> 'temporary_branch'`)).toBeGreaterThanOrEqual(200);
    expect(await scalar(database, sql`select count(*)::int from assignments where role = 'area_chief' and ends_at is null`)).toBe(21);
  });

  it('reports every blank spot and weak point, each with a fix, and only the deliberate ones', async () => {
    const report = await services.responses.gaps(command, responseId, 'zh-CN');
    expect(report.byKind).toEqual({
      community_without_pairing: UNPAIRED_COMMUNITIES, grid_without_grid_worker: 1, command_post_without_commander: 1, branch_without_secretary: 1, checkpoint_without_roster: 1,
      point_without_chief: 1, point_team_incomplete: SHORT_TEAMS + 1, team_without_captain: 1, squad_short: DEMO_TEAMS.shortSquads.length,
    });
    const post = report.items.find((g) => g.kind === 'command_post_without_commander')!;
    expect(post).toMatchObject({ name: '鳌头镇一线指挥部', where: '鳌头镇', fix: '指派指挥长', fixUrl: `/responses/${responseId}?unit=command_unit:${post.unitId}` });
    const community = report.items.find((g) => g.kind === 'community_without_pairing')!;
    expect(community.where).toBe('金塘镇');
    expect(community.fixUrl).toBe(`/regions/${community.unitId}`);
    expect((await services.responses.gaps(command, responseId, 'en')).items[0].fix).toMatch(/^[A-Z]/);
  });

  it('shows a town account only the gaps of its town', async () => {
    const town = await asUser(services, 'zhanqian');
    expect((await services.responses.gaps(town, responseId, 'zh-CN')).total).toBe(0);
    const tree = await services.responses.tree(town, responseId);
    expect(tree.posts.map((p) => p.region.name)).toEqual(['站前街道']);
    // An account inside a town sees that town's post too.
    const volunteer = await asUser(services, 'volunteer');
    expect((await services.responses.tree(volunteer, responseId)).posts.map((p) => p.region.name)).toEqual(['站前街道']);
  });

  it('closes a gap when someone is assigned, and opens it again when the assignment ends', async () => {
    const post = await postOf('鳌头镇');
    const cadre = await personOf('cadre', true);
    const a = await services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: cadre });
    expect((await services.responses.gaps(command, responseId, 'zh-CN')).byKind.command_post_without_commander).toBeUndefined();
    await services.assignments.end(command, a.id);
    expect((await services.responses.gaps(command, responseId, 'zh-CN')).byKind.command_post_without_commander).toBe(1);
    expect(await scalar(database, sql`select count(*)::int from audit_log where subject_type = 'assignment' and subject_id = ${String(a.id)}`)).toBe(2);
    const details = await scalar<{ before: { endsAt: string | null }; after: { endsAt: string } }>(database, sql`select details from audit_log where action = 'end_assignment' and subject_id = ${String(a.id)}`);
    expect(details.before.endsAt).toBeNull();
    expect(details.after.endsAt).not.toBeNull();
    expect((await refusal(services.assignments.end(command, a.id)))?.code).toBe('conflict');
  });

  it('refuses assignments that break a rule, saying which', async () => {
    const hongqi = await postOf('红旗街道');
    const cadre = await personOf('cadre', true);
    const volunteerish = await personOf('medical', false);
    const gridWorker = await personOf('grid_worker');
    const town = await scalar(database, sql`select id from regions where level = 'town' order by id limit 1`);
    const branch = hongqi.branches.find((b) => b.name === LIZHIYUAN_BRANCH)!;

    const taken = await refusal(services.assignments.assign(command, { unitType: 'command_unit', unitId: hongqi.id, role: 'commander', personId: cadre }));
    expect([taken?.status, taken?.messageKey]).toEqual([409, 'unit_role_taken']);
    const notLeader = await refusal(services.assignments.assign(command, { unitType: 'town', unitId: town, role: 'area_chief', personId: gridWorker }));
    expect([notLeader?.status, notLeader?.messageKey]).toEqual([400, 'area_chief_not_leader']);
    const notParty = await refusal(services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role: 'member', personId: volunteerish }));
    expect([notParty?.status, notParty?.messageKey]).toEqual([400, 'not_party_member']);
    const wrongRole = await refusal(services.assignments.assign(command, { unitType: 'town', unitId: town, role: 'secretary', personId: cadre }));
    expect([wrongRole?.status, wrongRole?.messageKey]).toEqual([400, 'role_not_for_unit']);
    const backwards = await refusal(services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role: 'member', personId: cadre, startsAt: new Date('2022-07-10'), endsAt: new Date('2022-07-09') }));
    expect([backwards?.status, backwards?.messageKey]).toEqual([400, 'end_before_start']);
    const noUnit = await refusal(services.assignments.assign(command, { unitType: 'command_unit', unitId: 999_999, role: 'commander', personId: cadre }));
    expect(noUnit?.status).toBe(400);
    const volunteer = await asUser(services, 'volunteer');
    expect((await refusal(services.assignments.assign(volunteer, { unitType: 'org', unitId: branch.id, role: 'member', personId: cadre })))?.status).toBe(403);
    const leader = await personOf('leader');
    const twice = await refusal(services.assignments.assign(command, { unitType: 'town', unitId: (await scalar(database, sql`select unit_id from assignments where person_id = ${leader} and role = 'area_chief'`)), role: 'area_chief', personId: leader }));
    expect([twice?.status, twice?.messageKey]).toEqual([409, 'already_assigned']);
    // One post per person in a unit: the branch's secretary is not also its member.
    const secretary = await scalar<number>(database, sql`select person_id from assignments where unit_type = 'org' and role = 'secretary' and ends_at is null limit 1`);
    const unitOf = await scalar<number>(database, sql`select unit_id from assignments where unit_type = 'org' and role = 'secretary' and person_id = ${secretary} and ends_at is null`);
    const double = await refusal(services.assignments.assign(command, { unitType: 'org', unitId: unitOf, role: 'member', personId: secretary }));
    expect([double?.status, double?.messageKey, double?.params]).toEqual([409, 'holds_other_post', { role: 'label:secretary' }]);
    // A branch is attached to something that exists, in its own response.
    const nowhere = await refusal(services.orgs.create(command, { name: '不存在的关卡临时党支部', kind: 'temporary_branch', responseId, attachedTo: { type: 'checkpoint', id: 999_999 } }));
    expect(nowhere?.messageKey).toBe('unit_not_found');
  });

  it('lets exactly one of two simultaneous assignments to the same post win', async () => {
    const post = await postOf('鳌头镇');
    const [a, b] = await scalar<number[]>(database, sql`select array_agg(id order by id) from (select id from people where kind = 'cadre' and party_member order by id limit 2) x`);
    const results = await Promise.allSettled([a, b].map((personId) => services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ status: 409, messageKey: 'unit_role_taken' });
    expect(await scalar(database, sql`select count(*)::int from assignments where unit_type = 'command_unit' and unit_id = ${post.id} and role = 'commander' and ends_at is null`)).toBe(1);
  });

  it('applies the size rule to party organisations', () => {
    expect([0, 2, 3, 99, 100, 250].map(orgForm)).toEqual(['party_group', 'party_group', 'branch', 'branch', 'committee', 'committee']);
  });

  it('pairs organisations with communities only, once', async () => {
    const org = (await services.orgs.list({ kind: 'agency' }))[0];
    const grid = await scalar(database, sql`select id from regions where level = 'grid' limit 1`);
    expect((await refusal(services.orgs.pair(command, org.id, grid)))?.messageKey).toBe('not_a_community');
    const already = org.pairedCommunities[0].id;
    expect((await refusal(services.orgs.pair(command, org.id, already)))?.messageKey).toBe('already_paired');
    const unpaired = (await services.responses.gaps(command, responseId, 'zh-CN')).items.find((g) => g.kind === 'community_without_pairing')!;
    await services.orgs.pair(command, org.id, unpaired.unitId);
    expect((await services.responses.gaps(command, responseId, 'zh-CN')).byKind.community_without_pairing).toBe(UNPAIRED_COMMUNITIES - 1);
  });

  it('declares a response with its posts and branches, refusing a taken code or a post outside a town', async () => {
    const towns = await scalar<number[]>(database, sql`select array_agg(id order by id) from (select id from regions where level = 'town' order by id limit 2) t`);
    const created = await services.responses.declare(command, { code: '0323', name: '“0323”应急响应', startedOn: '2022-03-23', zoneScheme: 'sealed_controlled_precaution', commandPostTownIds: towns });
    const tree = await services.responses.tree(command, created.id);
    expect(tree.posts).toHaveLength(2);
    expect(tree.posts.every((p) => p.branches.length === 1 && p.branches[0].form === 'party_group')).toBe(true);
    const gaps = await services.responses.gaps(command, created.id, 'zh-CN');
    expect(gaps.byKind).toMatchObject({ command_post_without_commander: 2, branch_without_secretary: 2 });

    expect((await refusal(services.responses.declare(command, { code: '0323', name: 'x', startedOn: '2022-03-23', zoneScheme: 'high_medium_low', commandPostTownIds: [] })))?.messageKey).toBe('response_code_taken');
    const grid = await scalar(database, sql`select id from regions where level = 'grid' limit 1`);
    expect((await refusal(services.responses.declare(command, { code: '0401', name: 'x', startedOn: '2022-04-01', zoneScheme: 'high_medium_low', commandPostTownIds: [grid] })))?.messageKey).toBe('not_a_town');
    expect(await scalar(database, sql`select count(*)::int from responses where code = '0401'`)).toBe(0);

    // Closing it closes its temporary branches: no one can join them, and they leave the gaps report.
    await services.responses.close(command, created.id);
    const branch = tree.posts[0].branches[0];
    const cadre = await personOf('cadre', true);
    expect((await refusal(services.assignments.assign(command, { unitType: 'org', unitId: branch.id, role: 'secretary', personId: cadre })))?.messageKey).toBe('unit_closed');
    expect((await services.responses.gaps(command, created.id, 'zh-CN')).byKind.branch_without_secretary).toBeUndefined();
    expect((await refusal(services.responses.close(command, created.id)))?.messageKey).toBe('response_closed');
  });

  it('shows a town without an area chief once all its area chiefs leave, and not once one is assigned again', async () => {
    const town = await scalar<number>(database, sql`select unit_id from assignments where role = 'area_chief' and ends_at is null order by unit_id limit 1`);
    const chiefs = await scalar<Array<{ id: number; person_id: number }>>(database, sql`select json_agg(a) from (select id, person_id from assignments where unit_type = 'town' and unit_id = ${town} and ends_at is null) a`);
    const townGap = async () => (await services.responses.gaps(command, responseId, 'zh-CN')).items.filter((g) => g.kind === 'town_without_area_chief').map((g) => g.unitId);
    expect(await townGap()).toEqual([]);
    for (const c of chiefs) await services.assignments.end(command, c.id);
    expect(await townGap()).toEqual([town]);
    await services.assignments.assign(command, { unitType: 'town', unitId: town, role: 'area_chief', personId: chiefs[0].person_id });
    expect(await townGap()).toEqual([]);
  });

  it('ends a post assigned while the close waits for the response\'s lock, with the rest', async () => {
    const town = await scalar(database, sql`select id from regions where level = 'town' and name = '羊角镇'`);
    const declared = await services.responses.declare(command, { code: '0930', name: '“0930”应急响应', startedOn: '2022-09-30', zoneScheme: 'high_medium_low', commandPostTownIds: [town] });
    const post = (await services.responses.tree(command, declared.id)).posts[0];
    const cadre = await scalar<number>(database, sql`select id from people where kind = 'cadre' and id not in (select person_id from assignments) order by id limit 1`);
    const { meanwhile: commander } = await whileShared(database, declared.id, () => services.responses.close(command, declared.id), () =>
      services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: cadre }));
    expect(await scalar(database, sql`select status from responses where id = ${declared.id}`)).toBe('closed');
    // The commander assigned while the close waited was ended by it, as the rest were.
    expect(await scalar(database, sql`select ends_at = (select closed_at from responses where id = ${declared.id}) and ended_by = ${command.id} from assignments where id = ${commander.id}`)).toBe(true);
    expect(await scalar(database, sql`select count(*)::int from assignments where unit_type = 'command_unit' and unit_id = ${post.id} and ends_at is null`)).toBe(0);
  });

  it('closes a response with everything that lives by it: posts ended, areas lifted, all in the log', async () => {
    const town = await scalar(database, sql`select id from regions where level = 'town' and name = '城南街道'`);
    const grids = await scalar<number[]>(database, sql`select array_agg(id order by id) from (select g.id from regions g join regions t on g.path like t.path || '%' where t.id = ${town} and g.level = 'grid' order by g.id limit 3) x`);
    const created = await services.responses.declare(command, { code: '0915', name: '“0915”应急响应', startedOn: '2022-09-15', zoneScheme: 'high_medium_low', commandPostTownIds: [town] });
    const declared = await scalar<{ after: { commandUnits: unknown[]; branches: unknown[] } }>(database, sql`select details from audit_log where action = 'declare_response' and subject_id = ${String(created.id)}`);
    expect([declared.after.commandUnits.length, declared.after.branches.length]).toEqual([2, 1]);
    const zone = await services.zones.draw(command, created.id, { name: '城南中风险区', level: 'medium', regionIds: [grids[0]], buildingIds: [] });
    // An area drawn to start later is called off at its start when the response closes.
    const later = await services.zones.draw(command, created.id, { name: '城南低风险区', level: 'low', regionIds: [grids[1]], buildingIds: [], startsAt: new Date(Date.now() + 86_400_000) });
    const checkpoint = await services.zones.addCheckpoint(command, zone.id, { name: '城南关卡' });
    const post = (await services.responses.tree(command, created.id)).posts[0];
    const [a, b, c, d] = await scalar<number[]>(database, sql`select array_agg(id order by id) from (select id from people where party_member and kind = 'cadre' order by id desc limit 4) x`);
    await services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: a });
    await services.assignments.assign(command, { unitType: 'org', unitId: post.branches[0].id, role: 'secretary', personId: b });
    await services.assignments.assign(command, { unitType: 'checkpoint', unitId: checkpoint.id, role: 'roster', personId: c });
    // A branch at the checkpoint shows in the tree, with where it works and its people.
    const atCheckpoint = await services.orgs.create(command, { name: '城南关卡临时党支部', kind: 'temporary_branch', responseId: created.id, attachedTo: { type: 'checkpoint', id: checkpoint.id } });
    await services.assignments.assign(command, { unitType: 'org', unitId: atCheckpoint.id, role: 'secretary', personId: d });
    const field = (await services.responses.tree(command, created.id)).fieldBranches;
    expect(field.map((f) => [f.name, f.attachedTo?.name, f.people.map((p) => p.personId)])).toEqual([['城南关卡临时党支部', '城南关卡', [d]]]);

    await services.responses.close(command, created.id);
    const live = await scalar(database, sql`
      select count(*)::int from assignments
      where ends_at is null and ((unit_type = 'command_unit' and unit_id = ${post.id}) or (unit_type = 'org' and unit_id in (${post.branches[0].id}, ${atCheckpoint.id})) or (unit_type = 'checkpoint' and unit_id = ${checkpoint.id}))`);
    expect(live).toBe(0);
    expect(await scalar(database, sql`select ends_at is not null from zones where id = ${zone.id}`)).toBe(true);
    expect(await scalar(database, sql`select ends_at = starts_at from zones where id = ${later.id}`)).toBe(true);
    expect((await services.zones.report(command, created.id)).zones.map((z) => [z.name, z.state])).toEqual([['城南中风险区', 'lifted'], ['城南低风险区', 'lifted']]);
    const closed = await scalar<{ after: { closedBranches: number[]; endedZones: number[]; endedAssignments: Array<{ unitType: string; personId: number }> } }>(database, sql`select details from audit_log where action = 'close_response' and subject_id = ${String(created.id)}`);
    expect(closed.after.closedBranches.sort()).toEqual([post.branches[0].id, atCheckpoint.id].sort());
    expect(closed.after.endedZones.sort()).toEqual([zone.id, later.id].sort());
    expect(closed.after.endedAssignments.map((x) => [x.unitType, x.personId]).sort()).toEqual([['checkpoint', c], ['command_unit', a], ['org', b], ['org', d]].sort());
    expect((await services.responses.tree(command, created.id)).fieldBranches[0].closed).toBe(true);
    // The units' histories say who ended each post: whoever closed the response.
    for (const [unitType, unitId] of [['command_unit', post.id], ['org', post.branches[0].id], ['org', atCheckpoint.id], ['checkpoint', checkpoint.id]] as const) {
      expect((await services.assignments.history(command, unitType, unitId)).map((h) => h.endedBy)).toEqual(['区指挥部']);
    }
    // Its posts and checkpoints take no one new.
    expect((await refusal(services.assignments.assign(command, { unitType: 'command_unit', unitId: post.id, role: 'commander', personId: a })))?.messageKey).toBe('response_closed');
    expect((await refusal(services.assignments.assign(command, { unitType: 'checkpoint', unitId: checkpoint.id, role: 'roster', personId: c })))?.messageKey).toBe('response_closed');
    // Its areas are fixed: none is drawn, changed, lifted or given a checkpoint.
    const refusedKey = async (p: Promise<unknown>) => (await refusal(p))?.messageKey;
    expect(await refusedKey(services.zones.draw(command, created.id, { name: '城南新区', level: 'high', regionIds: [grids[2]], buildingIds: [] }))).toBe('response_closed');
    expect(await refusedKey(services.zones.setLevel(command, later.id, 'high'))).toBe('response_closed');
    expect(await refusedKey(services.zones.end(command, later.id))).toBe('response_closed');
    expect(await refusedKey(services.zones.addCheckpoint(command, later.id, { name: '城南新关卡' }))).toBe('response_closed');
  });

  it('serves the gaps report and the rules over HTTP in the user language', async () => {
    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const cookie = await loginCookie(app, 'command');
      const gaps = await app.inject({ url: `/api/responses/${responseId}/gaps`, headers: { cookie } });
      expect(gaps.statusCode).toBe(200);
      expect(gaps.json().items.length).toBe(gaps.json().total);
      const gridWorker = await personOf('grid_worker');
      const town = await scalar(database, sql`select id from regions where level = 'town' order by id limit 1`);
      const res = await app.inject({ method: 'POST', url: '/api/assignments', headers: { cookie, 'x-gridline-locale': 'en' }, payload: { unitType: 'town', unitId: town, role: 'area_chief', personId: gridWorker } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'validation_failed', message: 'An area chief must be a district leader' });
      const bad = await app.inject({ method: 'POST', url: '/api/assignments', headers: { cookie }, payload: { unitType: 'planet', unitId: 1, role: 'area_chief', personId: 1 } });
      expect(bad.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
