import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { readTable } from '../../lib/spreadsheet.ts';
import { SHORT_TEAMS } from '../../seed/demo-points.ts';
import { DEMO_TEAMS } from '../../seed/demo-teams.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import { queryRows } from '../../db/index.ts';
import type { SessionUser } from '../auth/scope.ts';

describe('redeployment across the district (跨区域调配)', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(database.db, q);
  const shift = () => services.points.currentShift();
  const liveCheckins = (personIds: number[]) =>
    personIds.length === 0 ? Promise.resolve(0) : scalar<number>(database, sql`select count(*)::int from point_checkins where checked_out_at is null and shift_date = ${shift().shiftDate} and shift = ${shift().shift} and person_id in (${sql.join(personIds.map((x) => sql`${x}`), sql`, `)})`);

  /** A person of a kind living in a community, outside any team: the fixture's own people. */
  async function newPerson(kind: string, communityName: string, extra: { partyMember?: boolean } = {}) {
    const [row] = await rows<{ id: number }>(sql`
      insert into people (name, kind, party_member, home_community_id, phone)
      select ${`测试${kind}${randomUUID().slice(0, 4)}`}, ${kind}, ${extra.partyMember ?? false}, id, '13800000000' from regions where level = 'community' and name = ${communityName} limit 1
      returning id`);
    return row.id;
  }

  /** An overdue errand from a household of a community's first grid. */
  async function overdueErrand(communityName: string) {
    const [row] = await rows<{ id: number }>(sql`
      insert into requests (client_id, kind, source, household_id, building_id, grid_id, due_at, body)
      select ${randomUUID()}, 'errand', 'hotline', h.id, b.id, g.id, now() - interval '2 hours', '买药'
      from regions c join regions g on g.parent_id = c.id join buildings b on b.grid_id = g.id join households h on h.building_id = b.id
      where c.level = 'community' and c.name = ${communityName} order by g.id, b.id, h.id limit 1
      returning id`);
    return row.id;
  }

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
  });
  afterAll(async () => drop());

  it('shows this shift\'s gaps beside the available people, and never someone on duty', async () => {
    const view = await services.deployments.gaps(command);
    const medical = view.gaps.filter((g) => g.kind === 'point_role' && g.role === 'medical');
    expect(medical).toHaveLength(SHORT_TEAMS);
    expect(medical.every((g) => g.short === 2 && g.fillable)).toBe(true);
    // The point without a chief is a gap a plan cannot fill: a chief is appointed.
    expect(view.gaps.filter((g) => g.role === 'point_chief').map((g) => g.fillable)).toEqual([false]);
    const squads = view.gaps.filter((g) => g.kind === 'squad').map((g) => g.name);
    for (const s of DEMO_TEAMS.shortSquads) expect(squads).toContain(`${s.team} / ${s.squad}`);
    expect(view.totals.point_role).toBe(SHORT_TEAMS * 2 + 1);
    expect(view.available.byKind.medical).toBe(SHORT_TEAMS * 2);
    expect(view.available.byKind.volunteer).toBeGreaterThan(100);
    expect(view.available.byTown.reduce((n, x) => n + x.n, 0)).toBe(view.available.total);
    // Checked in at a point, holding a post, or signed in to a team shift: not available.
    const onDuty = await scalar<number>(database, sql`select count(*)::int from point_checkins where checked_out_at is null`);
    expect(view.available.total).toBeLessThan(await scalar<number>(database, sql`select count(*)::int from people`) - onDuty);
    expect(await refusal(services.deployments.gaps(await asUser(services, 'zhanqian')))).toMatchObject({ status: 403 });
  });

  it('proposes a plan that fills every fillable gap, each by someone who may take it, with the least travel', async () => {
    // A volunteer signed in to a team shift is on duty and stays where they are.
    const [signedIn] = await rows<{ personId: number; teamId: number }>(sql`select person_id as "personId", team_id as "teamId" from team_members where left_at is null and squad_id is null order by id limit 1`);
    await database.db.execute(sql`
      with s as (insert into shifts (team_id, post_type, post_id, starts_at, ends_at) values (${signedIn.teamId}, 'command_unit', 1, now() - interval '1 hour', now() + interval '3 hours') returning id)
      insert into shift_members (shift_id, person_id, signed_in_at) select id, ${signedIn.personId}, now() from s`);
    const request = await overdueErrand('恒福社区');

    const plan = await services.deployments.propose(command);
    const gaps = await services.deployments.gaps(command);
    const fillable = gaps.gaps.filter((g) => g.fillable).reduce((n, g) => n + g.short, 0);
    expect(plan.filledCount).toBe(fillable);
    expect(plan.moves).toHaveLength(fillable);
    expect(plan.gapCount).toBe(fillable + 1);
    expect(plan.totalMeters).toBe(plan.moves.reduce((n, m) => n + m.meters, 0));
    expect(plan.totalMeters).toBeGreaterThan(0);

    const persons = new Map((await rows<{ id: number; kind: string; skills: string[] | null; onDuty: boolean }>(sql`
      select p.id, p.kind, m.skills,
        exists (select 1 from assignments a where a.person_id = p.id and a.ends_at is null)
        or exists (select 1 from point_checkins ci where ci.person_id = p.id and ci.checked_out_at is null)
        or exists (select 1 from shift_members sm where sm.person_id = p.id and sm.signed_in_at is not null and sm.signed_out_at is null) as "onDuty"
      from people p left join team_members m on m.person_id = p.id and m.left_at is null
      where p.id in (${sql.join(plan.moves.map((m) => sql`${m.personId}`), sql`, `)})`)).map((p) => [p.id, p]));
    for (const m of plan.moves) {
      const p = persons.get(m.personId)!;
      expect(p.onDuty, `${m.name} is on duty`).toBe(false);
      if (m.role === 'medical' || m.role === 'medical_lead') expect(p.kind).toBe('medical');
      if (m.gapKind === 'squad' && m.to.endsWith('入户采样组')) expect(p.kind === 'medical' || p.skills?.includes('sampling')).toBe(true);
      if (m.gapKind === 'request') expect(p.kind).not.toBe('medical');
    }
    expect(plan.moves.some((m) => m.personId === signedIn.personId)).toBe(false);
    expect(plan.moves.filter((m) => m.gapKind === 'request').map((m) => m.targetId)).toEqual([request]);
    // Each person is sent once; the plan is saved as it was shown.
    expect(new Set(plan.moves.map((m) => m.personId)).size).toBe(plan.moves.length);
    const saved = await services.deployments.get(command, plan.id, 'zh-CN');
    expect(saved).toMatchObject({ status: 'proposed', filledCount: plan.filledCount, totalMeters: plan.totalMeters });
    expect(saved.moves).toHaveLength(plan.moves.length);
  });

  it('refuses a move whose person went on duty elsewhere since the plan, naming them, and writes nothing', async () => {
    const plan = await services.deployments.propose(command);
    const medic = plan.moves.find((m) => m.role === 'medical')!;
    const elsewhere = await scalar<number>(database, sql`select id from points where id <> ${medic.targetId} order by id limit 1`);
    const checkin = await services.points.checkIn(command, elsewhere, { personId: medic.personId, role: 'volunteer' });
    const notices = await scalar<number>(database, sql`select count(*)::int from notices`);
    const members = await scalar<number>(database, sql`select count(*)::int from team_members`);

    const stale = await refusal(services.deployments.accept(command, plan.id, undefined));
    expect(stale?.status).toBe(409);
    expect(stale?.messageKey).toBe('deployment_moves_stale');
    expect(String(stale?.params.names)).toContain(medic.name);
    expect(stale?.details).toMatchObject({ stale: [{ moveId: medic.id, reason: 'person_on_duty' }] });
    // Nothing half-written: no check-in, membership, claim or notice; the plan is still open.
    expect(await liveCheckins(plan.moves.filter((m) => m.id !== medic.id).map((m) => m.personId))).toBe(0);
    expect(await scalar<number>(database, sql`select count(*)::int from team_members`)).toBe(members);
    expect(await scalar<number>(database, sql`select count(*)::int from notices`)).toBe(notices);
    expect(await scalar<string>(database, sql`select status from requests where status <> 'cancelled' order by id desc limit 1`)).toBe('open');
    expect((await services.deployments.get(command, plan.id, 'zh-CN')).status).toBe('proposed');
    await services.points.checkOut(command, checkin.id);
  });

  it('refuses a move whose gap was filled meanwhile', async () => {
    const plan = await services.deployments.propose(command);
    const target = plan.moves.find((m) => m.role === 'medical')!.targetId;
    // Two medics from elsewhere fill that point's gap first.
    for (let k = 0; k < 2; k++) await services.points.checkIn(command, target, { personId: await newPerson('medical', '恒福社区'), role: 'medical' });
    const toTarget = plan.moves.filter((m) => m.targetId === target && m.gapKind === 'point_role').map((m) => m.id);
    const stale = await refusal(services.deployments.accept(command, plan.id, toTarget));
    expect(stale?.messageKey).toBe('deployment_moves_stale');
    expect(stale?.details).toMatchObject({ stale: toTarget.map((moveId) => ({ moveId, reason: 'gap_filled' })) });
    expect(await liveCheckins(plan.moves.filter((m) => toTarget.includes(m.id)).map((m) => m.personId))).toBe(0);
  });

  it('accepts in part: the chosen moves become check-ins, memberships and claims, the people are notified or listed to call', async () => {
    const plan = await services.deployments.propose(command);
    const byKind = (k: string) => plan.moves.filter((m) => m.gapKind === k);
    const point = byKind('point_role')[0].targetId;
    const chosen = [...plan.moves.filter((m) => m.gapKind === 'point_role' && m.targetId === point), byKind('squad')[0], ...byKind('request')];
    expect(chosen.length).toBeLessThan(plan.moves.length);
    // One of them has an account: they get a notice; the others are on the call list.
    const withAccount = chosen[0];
    await services.auth.createUser({ username: 'redeployed', displayName: withAccount.name, role: 'volunteer', scopeRegionId: command.scopeRegionId, personId: withAccount.personId, password: 'Gridline-0708' });

    const result = await services.deployments.accept(command, plan.id, chosen.map((m) => m.id));
    expect(result).toMatchObject({ status: 'partly_accepted', accepted: chosen.length, notified: 1 });
    expect(result.callList.map((c) => c.personId).sort()).toEqual(chosen.slice(1).map((m) => m.personId).sort());
    expect(result.callList[0]).toMatchObject({ name: expect.any(String), post: expect.any(String), address: expect.any(String) });

    const team = await services.points.team(command, point);
    expect(team.missing.filter((m) => m.role === 'medical')).toEqual([]);
    for (const m of chosen.filter((x) => x.gapKind === 'point_role')) expect(team.members.some((x) => x.personId === m.personId && x.role === m.role)).toBe(true);
    const squad = chosen.find((m) => m.gapKind === 'squad')!;
    expect(await scalar<number>(database, sql`select count(*)::int from team_members where person_id = ${squad.personId} and squad_id = ${squad.targetId} and left_at is null`)).toBe(1);
    for (const r of chosen.filter((m) => m.gapKind === 'request')) {
      const [req] = await rows<{ status: string; claimedBy: number; ownerPersonId: number }>(sql`select status, claimed_by as "claimedBy", owner_person_id as "ownerPersonId" from requests where id = ${r.targetId}`);
      expect(req).toEqual({ status: 'claimed', claimedBy: r.personId, ownerPersonId: r.personId });
    }
    // The moves not chosen were not carried out.
    const others = plan.moves.filter((m) => !chosen.includes(m) && m.gapKind === 'point_role');
    expect(await liveCheckins(others.map((m) => m.personId))).toBe(0);

    const inbox = await services.notices.list(await asUserWith('redeployed'));
    expect(inbox.received[0].title).toContain('调配通知');
    expect(inbox.received[0].body).toContain(withAccount.name);

    // A decided plan is not accepted again.
    expect((await refusal(services.deployments.accept(command, plan.id, undefined)))?.messageKey).toBe('deployment_plan_decided');

    // The call list as a spreadsheet, over HTTP.
    const app = await buildApp(services);
    try {
      const res = await app.inject({ method: 'GET', url: `/api/deployments/plans/${plan.id}/calls.xlsx`, headers: { cookie: await loginCookie(app, 'command') } });
      expect(res.statusCode).toBe(200);
      const table = await readTable(res.rawPayload, 'xlsx');
      expect(table.headers).toEqual(['姓名', '手机号', '新岗位', '地址']);
      expect(table.rows.map((r) => r.cells[0]).sort()).toEqual(result.callList.map((c) => c.name).sort());
    } finally {
      await app.close();
    }
  });

  it('refuses a squad move whose person joined a squad since the plan: two plans sending one volunteer, accepted at once, place them once', async () => {
    const [first, second] = [await services.deployments.propose(command), await services.deployments.propose(command)];
    const members = new Set((await rows<{ personId: number }>(sql`select person_id as "personId" from team_members where left_at is null`)).map((r) => r.personId));
    // A team volunteer sent to a squad still short of more than one, so the squad's count alone does not stop the second.
    const move = first.moves.find((m) => m.gapKind === 'squad' && members.has(m.personId) && first.moves.filter((x) => x.gapKind === 'squad' && x.targetId === m.targetId).length > 1)!;
    const twin = second.moves.find((m) => m.personId === move.personId && m.gapKind === 'squad' && m.targetId === move.targetId)!;
    expect(twin).toBeDefined();
    const outcomes = await Promise.allSettled([services.deployments.accept(command, first.id, [move.id]), services.deployments.accept(command, second.id, [twin.id])]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason.messageKey).toBe('deployment_moves_stale');
    // The losing plan is still open and wrote nothing.
    const plans = await Promise.all([first.id, second.id].map((id) => services.deployments.get(command, id, 'zh-CN')));
    expect(plans.map((p) => p.status).sort()).toEqual(['partly_accepted', 'proposed']);
    expect(plans.flatMap((p) => p.moves).filter((m) => m.acceptedAt)).toHaveLength(1);
    expect(await scalar<number>(database, sql`select count(*)::int from team_members where person_id = ${move.personId} and left_at is null and squad_id = ${move.targetId}`)).toBe(1);
  });

  it('lets exactly one of two simultaneous acceptances of a plan through', async () => {
    const plan = await services.deployments.propose(command);
    expect(plan.moves.length).toBeGreaterThan(0);
    const outcomes = await Promise.allSettled([services.deployments.accept(command, plan.id, undefined), services.deployments.accept(command, plan.id, undefined)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason.status).toBe(409);
    expect((await services.deployments.get(command, plan.id, 'zh-CN')).status).toBe('accepted');
    // Every gap a plan can fill is filled now.
    const after = await services.deployments.gaps(command);
    expect(after.gaps.filter((g) => g.fillable && g.kind === 'point_role')).toEqual([]);
  });

  async function asUserWith(username: string) {
    const { token } = await services.auth.login(username, 'Gridline-0708');
    return services.auth.requireUser(await services.auth.resolve(token));
  }
});
