import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSignupRequest } from '../../../contracts/teams.ts';
import { queryRows, type Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { DEMO_TEAMS } from '../../seed/demo-teams.ts';
import { DEMO_PASSWORD } from '../../seed/seed.service.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';
import { ageOn, districtDate } from './teams.service.ts';

const HOUR = 3600_000;

describe('ages on the district calendar', () => {
  it('counts whole years on the UTC+8 day', () => {
    // 16:30 UTC on 7 July is already 8 July in Maoming.
    expect(districtDate(new Date('2026-07-07T16:30:00Z'))).toBe('2026-07-08');
    expect(districtDate(new Date('2026-07-07T15:59:59Z'))).toBe('2026-07-07');
    expect(ageOn('2008-07-08', '2026-07-08')).toBe(18);
    expect(ageOn('2008-07-09', '2026-07-08')).toBe(17);
    expect(ageOn('2008-08-01', '2026-07-08')).toBe(17);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});

describe('volunteer teams, sign-ups and shifts', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let captain: SessionUser;
  // Tomorrow at 16:30 UTC, 00:30 the day after in the district: the UTC date is a day behind.
  let at = new Date(`${new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10)}T16:30:00Z`);
  /** A birth date `years` before the district's today, moved by `days`. */
  const bornYearsAgo = (years: number, days = 0) => {
    const d = new Date(`${districtDate(at)}T00:00:00Z`);
    d.setUTCFullYear(d.getUTCFullYear() - years);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const teamNamed = (name: string) => scalar<number>(database, sql`select id from teams where name = ${name}`);
  const communityNamed = (name: string) => scalar<number>(database, sql`select id from regions where level = 'community' and name = ${name}`);
  const hengfuPoint = () => scalar<number>(database, sql`select id from points where name = '恒福尚城北门A点'`);
  let captainTeam: number;
  let otherTeam: number;

  /** An account for a member of the captain's team, signed in as them. */
  let n = 0;
  async function memberAccount(personId: number): Promise<SessionUser> {
    const username = `member${++n}`;
    await services.auth.createUser({ username, displayName: username, role: 'volunteer', scopeRegionId: captain.scopeRegionId, personId, password: DEMO_PASSWORD });
    return asUser(services, username);
  }
  const membersOf = async (teamId: number, k: number) =>
    (await services.teams.get(command, teamId)).roster.filter((m) => m.personId !== captain.personId).slice(0, k);

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture(0.002, { clock: () => at }));
    command = await asUser(services, 'command');
    captain = await asUser(services, 'captain');
    captainTeam = await teamNamed(DEMO_TEAMS.captainTeam);
    otherTeam = await teamNamed(DEMO_TEAMS.errandTeam);
  });
  afterAll(async () => drop());

  it('lists the captain\'s team with its captain, squads against their needs, and waiting sign-ups', async () => {
    const list = await services.teams.list(captain);
    const mine = list.items.find((t) => t.id === captainTeam)!;
    expect(mine).toMatchObject({ name: DEMO_TEAMS.captainTeam, region: { name: '站前街道' } });
    expect(mine.captain?.personId).toBe(captain.personId);
    expect(mine.captain?.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(mine.squads.map((s) => s.kind).sort()).toEqual(['checkpoint', 'deliveries', 'door_to_door', 'errands', 'point_support']);
    expect(mine.squads.every((s) => s.members === s.needed)).toBe(true);
    expect(mine.pendingSignups).toBeGreaterThanOrEqual(3);
    // A town's captain sees the teams of his town and the district-wide ones, not another town's.
    expect(list.items.every((t) => ['站前街道', '茂南区'].includes(t.region.name))).toBe(true);
    expect((await services.teams.list(command)).items).toHaveLength(DEMO_TEAMS.teamCount);

    const detail = await services.teams.get(captain, captainTeam);
    expect(detail.mayManage).toBe(true);
    expect(detail.signups.length).toBe(mine.pendingSignups);
    expect(detail.roster).toHaveLength(mine.members);
    expect((await services.teams.get(command, otherTeam)).mayManage).toBe(true);

    // The volunteer lives in 站前街道 but runs errands with the 红旗街道 team: he sees it, read-only.
    const volunteer = await asUser(services, 'volunteer');
    expect((await services.teams.list(volunteer)).items.map((t) => t.name)).toContain(DEMO_TEAMS.errandTeam);
    const own = await services.teams.get(volunteer, otherTeam);
    expect(own).toMatchObject({ mayManage: false, signups: [] });
    const stranger = (await services.teams.list(command)).items.find((t) => t.region.name === '金塘镇')!;
    expect((await refusal(services.teams.get(volunteer, stranger.id)))?.status).toBe(403);
  });

  it('reports the team without a captain and the short squads as gaps, and closes one when a captain is assigned', async () => {
    const responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    const gaps = await services.responses.gaps(command, responseId, 'zh-CN');
    expect(gaps.byKind).toMatchObject({ team_without_captain: 1, squad_short: 2 });
    const captainless = gaps.items.find((g) => g.kind === 'team_without_captain')!;
    const teamId = await teamNamed(DEMO_TEAMS.captainlessTeam);
    expect(captainless).toMatchObject({ unitType: 'team', unitId: teamId, fix: '指派队长', fixUrl: `/teams/${teamId}` });
    const short = gaps.items.filter((g) => g.kind === 'squad_short');
    expect(short.map((g) => g.name).sort()).toEqual(DEMO_TEAMS.shortSquads.map((s) => `${s.team} · ${s.squad}`).sort());
    expect(short[0].fix).toBe('为小分队补充队员');

    const member = (await services.teams.get(command, teamId)).roster[0];
    await services.assignments.assign(command, { unitType: 'team', unitId: teamId, role: 'team_captain', personId: member.personId });
    expect((await services.responses.gaps(command, responseId, 'zh-CN')).byKind.team_without_captain).toBeUndefined();
    const second = (await services.teams.get(command, teamId)).roster[1];
    expect((await refusal(services.assignments.assign(command, { unitType: 'team', unitId: teamId, role: 'team_captain', personId: second.personId })))?.messageKey).toBe('unit_role_taken');
  });

  it('lets the command set up teams and squads inside their area, and no one else', async () => {
    const town = await scalar<number>(database, sql`select id from regions where level = 'town' and name = '站前街道'`);
    const hengfu = await communityNamed('恒福社区');
    expect((await refusal(services.teams.create(captain, { name: '新队', parentUnit: '区教育局', regionId: town })))?.status).toBe(403);
    expect((await refusal(services.teams.create(command, { name: '新队', parentUnit: '区教育局', regionId: hengfu })))?.messageKey).toBe('team_region_level');
    expect((await refusal(services.teams.create(command, { name: DEMO_TEAMS.captainTeam, parentUnit: '区教育局', regionId: town })))?.messageKey).toBe('team_name_taken');
    const team = await services.teams.create(command, { name: '区教育局第二志愿服务队', parentUnit: '区教育局', regionId: town });
    const lizhiyuan = await communityNamed('荔枝园村');
    expect((await refusal(services.teams.createSquad(command, team.id, { name: '跑腿组', kind: 'errands', regionId: lizhiyuan, needed: 5 })))?.messageKey).toBe('squad_region_outside');
    expect((await refusal(services.teams.createSquad(captain, team.id, { name: '跑腿组', kind: 'errands', regionId: null, needed: 5 })))?.status).toBe(403);
    await services.teams.createSquad(command, team.id, { name: '跑腿组', kind: 'errands', regionId: hengfu, needed: 5 });
    expect((await refusal(services.teams.createSquad(command, team.id, { name: '跑腿组', kind: 'deliveries', regionId: null, needed: 1 })))?.messageKey).toBe('squad_name_taken');
    const detail = await services.teams.get(command, team.id);
    expect(detail.squads).toEqual([expect.objectContaining({ name: '跑腿组', kind: 'errands', members: 0, needed: 5, region: { id: hengfu, name: '恒福社区' } })]);
    expect(detail.captain).toBeNull();
  });

  it('keeps a person in one team at a time, and a captain to his own team', async () => {
    // Not the first of the errand squad: that is the `volunteer` account's person.
    const [, , stranger] = await membersOf(otherTeam, 3);
    const taken = await refusal(services.teams.addMember(captain, captainTeam, { personId: stranger.personId, squadId: null, skills: [], availability: [], trained: true }));
    expect(taken?.status).toBe(409);
    expect(taken?.messageKey).toBe('already_in_team');
    expect(taken?.params).toEqual({ team: DEMO_TEAMS.errandTeam });

    // The captain may not touch another team.
    expect((await refusal(services.teams.removeMember(captain, otherTeam, (await services.teams.get(command, otherTeam)).roster[1].memberId)))?.status).toBe(403);
    expect((await services.teams.get(captain, otherTeam).catch((e) => e))?.status).toBe(403);

    // Leaving ends the row; then the person may join the captain's team, in one of its squads.
    await services.teams.removeMember(command, otherTeam, stranger.memberId);
    expect(await scalar(database, sql`select count(*)::int from team_members where id = ${stranger.memberId} and left_at is not null`)).toBe(1);
    const squad = (await services.teams.get(captain, captainTeam)).squads[0];
    const added = await services.teams.addMember(captain, captainTeam, { personId: stranger.personId, squadId: squad.id, skills: ['driving'], availability: ['周末全天'], trained: true });
    expect(added.teamId).toBe(captainTeam);
    const otherSquad = (await services.teams.get(command, otherTeam)).squads[0];
    expect((await refusal(services.teams.moveMember(captain, captainTeam, added.id, otherSquad.id)))?.messageKey).toBe('squad_not_of_team');
    await services.teams.moveMember(captain, captainTeam, added.id, null);
    expect((await services.teams.get(captain, captainTeam)).roster.find((m) => m.memberId === added.id)?.squadId).toBeNull();

    // Two teams adding the same person at once: exactly one wins.
    await services.teams.removeMember(captain, captainTeam, added.id);
    const races = await Promise.allSettled([
      services.teams.addMember(command, captainTeam, { personId: stranger.personId, squadId: null, skills: [], availability: [], trained: true }),
      services.teams.addMember(command, otherTeam, { personId: stranger.personId, squadId: null, skills: [], availability: [], trained: true }),
    ]);
    expect(races.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await scalar(database, sql`select count(*)::int from team_members where person_id = ${stranger.personId} and left_at is null`)).toBe(1);
  });

  describe('sign-ups', () => {
    const form = async (over: Partial<TSignupRequest> = {}): Promise<TSignupRequest> => ({
      clientId: randomUUID(),
      name: '林志远',
      phone: '13800138001',
      birthDate: '1990-01-01',
      homeCommunityId: await communityNamed('恒福社区'),
      teamId: captainTeam,
      skills: ['first_aid'],
      availability: ['周末全天'],
      trained: true,
      partyMember: true,
      ...over,
    });

    it('registers a resent form once, without a login', async () => {
      const app = await buildApp(services);
      try {
        const options = await app.inject({ method: 'GET', url: '/api/public/join' });
        expect(options.statusCode).toBe(200);
        const towns = options.json().towns as Array<{ name: string; communities: Array<{ name: string }> }>;
        expect(towns).toHaveLength(11);
        expect(towns.find((t) => t.name === '站前街道')!.communities.map((c) => c.name)).toContain('恒福社区');
        expect(options.json().teams.length).toBeGreaterThanOrEqual(DEMO_TEAMS.teamCount);

        const payload = await form({ phone: '13800138002' });
        const first = await app.inject({ method: 'POST', url: '/api/public/signups', payload });
        const again = await app.inject({ method: 'POST', url: '/api/public/signups', payload });
        expect(first.statusCode).toBe(201);
        expect(again.statusCode).toBe(201);
        expect(again.json().id).toBe(first.json().id);
        expect(await scalar(database, sql`select count(*)::int from volunteer_signups where client_id = ${payload.clientId}`)).toBe(1);
        // The same id for another person's form is refused, not merged.
        const reused = await app.inject({ method: 'POST', url: '/api/public/signups', payload: { ...payload, phone: '13800138003' } });
        expect(reused.statusCode).toBe(409);

        const bad = await app.inject({ method: 'POST', url: '/api/public/signups', payload: { ...(await form()), homeCommunityId: captain.scopeRegionId } });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().message).toBe('请选择所在的村（社区）');
      } finally {
        await app.close();
      }
    });

    it('approves at 18 on the district\'s calendar day, trained, making the person and the membership at once', async () => {
      expect(districtDate(at)).not.toBe(at.toISOString().slice(0, 10));
      const adult = await services.teams.signUp(await form({ phone: '13800138010', birthDate: bornYearsAgo(18) }));
      const minor = await services.teams.signUp(await form({ phone: '13800138011', birthDate: bornYearsAgo(18, 1) }));
      const untrained = await services.teams.signUp(await form({ phone: '13800138012', trained: false }));

      const young = await refusal(services.teams.approve(captain, minor.id));
      expect(young?.status).toBe(400);
      expect(young?.messageKey).toBe('signup_under_age');
      expect(young?.params).toMatchObject({ age: 17, min: 18 });
      expect((await refusal(services.teams.approve(captain, untrained.id)))?.messageKey).toBe('signup_not_trained');
      expect(await scalar(database, sql`select count(*)::int from people where phone in ('13800138011', '13800138012')`)).toBe(0);

      const { member } = await services.teams.approve(captain, adult.id);
      expect(member.teamId).toBe(captainTeam);
      expect(await scalar(database, sql`select kind from people where id = ${member.personId}`)).toBe('volunteer');
      expect(await scalar(database, sql`select status from volunteer_signups where id = ${adult.id}`)).toBe('approved');
      expect((await refusal(services.teams.approve(captain, adult.id)))?.messageKey).toBe('signup_decided');

      await services.teams.reject(captain, untrained.id, '请先参加培训');
      expect(await scalar(database, sql`select reject_reason from volunteer_signups where id = ${untrained.id}`)).toBe('请先参加培训');
    });

    it('lets the community over the home community approve, and no one else', async () => {
      const pointchief = await asUser(services, 'pointchief'); // a community account of 恒福社区
      const home = await services.teams.signUp(await form({ phone: '13800138020' }));
      const elsewhere = await services.teams.signUp(await form({ phone: '13800138021', homeCommunityId: await communityNamed('荔枝园村') }));
      const volunteer = await asUser(services, 'volunteer');
      expect((await refusal(services.teams.approve(volunteer, home.id)))?.status).toBe(403);
      expect((await refusal(services.teams.approve(pointchief, elsewhere.id)))?.status).toBe(403);
      await services.teams.approve(pointchief, home.id);
      // Another team's captain may not decide this team's sign-ups.
      const other = await services.teams.signUp(await form({ phone: '13800138022', teamId: otherTeam, homeCommunityId: await communityNamed('荔枝园村') }));
      expect((await refusal(services.teams.approve(captain, other.id)))?.status).toBe(403);
    });

    it('approves one of two simultaneous approvals', async () => {
      const s = await services.teams.signUp(await form({ phone: '13800138030' }));
      const results = await Promise.allSettled([services.teams.approve(captain, s.id), services.teams.approve(command, s.id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await scalar(database, sql`select count(*)::int from people where phone = '13800138030'`)).toBe(1);
    });

    it('makes one person of two sign-ups of the same phone approved at once', async () => {
      const [one, two] = [await services.teams.signUp(await form({ phone: '13800138040' })), await services.teams.signUp(await form({ phone: '13800138040' }))];
      const results = await Promise.allSettled([services.teams.approve(command, one.id), services.teams.approve(command, two.id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.messageKey).toBe('already_in_team');
      expect(await scalar(database, sql`select count(*)::int from people where phone = '13800138040'`)).toBe(1);
      expect(await scalar(database, sql`select count(*)::int from volunteer_signups where phone = '13800138040' and status = 'pending'`)).toBe(1);
    });
  });

  describe('shifts', () => {
    it('schedules only the captain\'s own members at a post that exists', async () => {
      const [a] = await membersOf(captainTeam, 1);
      const [outsider] = await membersOf(otherTeam, 1);
      const post = await hengfuPoint();
      const req = { postType: 'point' as const, postId: post, startsAt: at, endsAt: new Date(at.getTime() + 4 * HOUR) };
      const notOurs = await refusal(services.teams.scheduleShift(captain, captainTeam, { ...req, personIds: [a.personId, outsider.personId] }));
      expect(notOurs?.messageKey).toBe('shift_not_team_members');
      expect((await refusal(services.teams.scheduleShift(captain, captainTeam, { ...req, postId: 999_999, personIds: [a.personId] })))?.messageKey).toBe('post_not_found');
      expect((await refusal(services.teams.scheduleShift(captain, otherTeam, { ...req, personIds: [outsider.personId] })))?.status).toBe(403);
      expect((await refusal(services.teams.scheduleShift(captain, captainTeam, { ...req, endsAt: at, personIds: [a.personId] })))?.messageKey).toBe('end_before_start');
      // A post outside the team's area is not the captain's to send people to (the command redeploys).
      const [far] = await queryRows<{ id: number; name: string }>(database.db, sql`
        select p.id, p.name from points p join regions r on r.id = p.region_id
        where p.status <> 'closed' and r.path not like (select r2.path || '%' from teams t join regions r2 on r2.id = t.region_id where t.id = ${captainTeam}) order by p.id limit 1`);
      const outside = await refusal(services.teams.scheduleShift(captain, captainTeam, { ...req, postId: far.id, personIds: [a.personId] }));
      expect(outside?.status).toBe(400);
      expect(outside?.messageKey).toBe('post_outside_team_area');
      expect(await scalar(database, sql`select count(*)::int from shifts where post_type = 'point' and post_id = ${far.id}`)).toBe(0);
      const shift = await services.teams.scheduleShift(captain, captainTeam, { ...req, personIds: [a.personId] });
      expect(shift).toMatchObject({ postName: '恒福尚城北门A点', members: [{ personId: a.personId, signedInAt: null }] });
      const posts = await services.teams.posts(captain, captainTeam);
      expect(posts.items.some((p) => p.postType === 'point' && p.postId === post)).toBe(true);
      expect(posts.items.some((p) => p.postType === 'command_unit')).toBe(true);
    });

    it('signs a member in and out on their phone, shows who is on duty, and totals the hours', async () => {
      const [, b] = await membersOf(captainTeam, 2);
      const me = await memberAccount(b.personId);
      const post = await hengfuPoint();
      const start = at;
      const shift = await services.teams.scheduleShift(captain, captainTeam, { postType: 'point', postId: post, startsAt: start, endsAt: new Date(start.getTime() + 8 * HOUR), personIds: [b.personId] });
      expect((await refusal(services.teams.signOut(me, shift.id)))?.messageKey).toBe('shift_not_signed_in');
      const kit = () => scalar<string>(database, sql`
        select string_agg(i.code || '=' || (b.balance / 1000)::text, ',' order by i.code) from stock_balances b
        join items i on i.id = b.item_id join holders h on h.id = b.holder_id
        where h.kind = 'point' and h.ref_id = ${post} and i.code in ('n95', 'gown', 'gloves', 'face_shield')`);
      const before = Object.fromEntries((await kit()).split(',').map((x) => x.split('=').map((v, i) => (i ? Number(v) : v))));
      const kitsAhead = async () => (await services.forecast.forecast(command)).rows.find((r) => r.pointId === post && r.itemCode === 'n95')!.kitsAhead;
      // Scheduled and not yet signed in: the point's forecast counts a kit for them.
      const waiting = await kitsAhead();
      expect(waiting).toBeGreaterThanOrEqual(1);
      await services.teams.signIn(me, shift.id);
      await services.teams.signIn(me, shift.id); // a second tap changes nothing
      // The member's kit came off the point's stock once: an N95, a gown, two pairs of gloves, a face shield.
      const after = Object.fromEntries((await kit()).split(',').map((x) => x.split('=').map((v, i) => (i ? Number(v) : v))));
      expect(after).toEqual({ n95: before.n95 - 1, gown: before.gown - 1, gloves: before.gloves - 2, face_shield: before.face_shield - 1 });
      expect(await scalar(database, sql`select count(*)::int from stock_movements where shift_id = ${shift.id} and person_id = ${b.personId} and kind = 'consumed'`)).toBe(4);
      // A kit is taken once a shift, not by the hour: it is not the point's hourly use of masks.
      const n95 = (await services.forecast.forecast(command)).rows.find((r) => r.pointId === post && r.itemCode === 'n95')!;
      expect(n95.perHour).toBe(0);
      expect(await kitsAhead()).toBe(waiting - 1);
      expect((await services.teams.onDuty(captain, 'point', post)).items.map((d) => d.personId)).toContain(b.personId);

      at = new Date(start.getTime() + 1.5 * HOUR);
      // An open sign-in counts up to now.
      expect((await services.teams.myShifts(me)).hours).toBe(1.5);
      at = new Date(start.getTime() + 2 * HOUR);
      await services.teams.signOut(me, shift.id);
      at = new Date(start.getTime() + 3 * HOUR);
      const mine = await services.teams.myShifts(me);
      expect(mine.hours).toBe(2);
      expect(mine.items.find((s) => s.id === shift.id)?.signedOutAt).not.toBeNull();
      expect((await services.teams.get(captain, captainTeam)).roster.find((m) => m.personId === b.personId)?.hours).toBe(2);
      expect((await services.teams.list(captain)).items.find((t) => t.id === captainTeam)!.hours).toBeGreaterThanOrEqual(2);
      expect((await services.teams.onDuty(captain, 'point', post)).items.map((d) => d.personId)).not.toContain(b.personId);
      expect((await refusal(services.teams.signIn(me, shift.id)))?.messageKey).toBe('shift_signed_out');
      // Someone not on the shift cannot sign into it.
      expect((await refusal(services.teams.signIn(captain, shift.id)))?.status).toBe(404);
    });

    it('refuses a second live sign-in, and of two at once exactly one wins', async () => {
      const [, , c, d] = await membersOf(captainTeam, 4);
      const post = await hengfuPoint();
      const checkpoint = (await services.teams.posts(command, captainTeam)).items.find((p) => p.postType === 'command_unit')!;
      const window = { startsAt: at, endsAt: new Date(at.getTime() + 6 * HOUR) };
      const one = await services.teams.scheduleShift(captain, captainTeam, { postType: 'point', postId: post, ...window, personIds: [c.personId, d.personId] });
      const two = await services.teams.scheduleShift(captain, captainTeam, { postType: checkpoint.postType, postId: checkpoint.postId, ...window, personIds: [c.personId, d.personId] });

      const cUser = await memberAccount(c.personId);
      await services.teams.signIn(cUser, one.id);
      const twice = await refusal(services.teams.signIn(cUser, two.id));
      expect(twice?.status).toBe(409);
      expect(twice?.messageKey).toBe('signed_in_elsewhere');
      expect(twice?.params).toEqual({ post: '恒福尚城北门A点' });

      const dUser = await memberAccount(d.personId);
      const race = await Promise.allSettled([services.teams.signIn(dUser, one.id), services.teams.signIn(dUser, two.id)]);
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason.messageKey).toBe('signed_in_elsewhere');
      expect(await scalar(database, sql`select count(*)::int from shift_members where person_id = ${d.personId} and signed_in_at is not null and signed_out_at is null`)).toBe(1);
    });

    it('stops counting a forgotten sign-out at the shift\'s end', async () => {
      const [, , , , e] = await membersOf(captainTeam, 5);
      expect(e).toBeDefined();
      const me = await memberAccount(e.personId);
      const start = at;
      try {
        const shift = await services.teams.scheduleShift(captain, captainTeam, { postType: 'point', postId: await hengfuPoint(), startsAt: start, endsAt: new Date(start.getTime() + 4 * HOUR), personIds: [e.personId] });
        await services.teams.signIn(me, shift.id);
        at = new Date(start.getTime() + 3 * HOUR);
        expect((await services.teams.myShifts(me)).hours).toBe(3);
        const onDuty = async () => (await services.teams.onDuty(captain, 'point', shift.postId)).items.map((d) => d.personId);
        expect(await onDuty()).toContain(e.personId);
        // Two days later, still not signed out: the shift's 4 hours, not 48.
        at = new Date(start.getTime() + 48 * HOUR);
        expect((await services.teams.myShifts(me)).hours).toBe(4);
        expect((await services.teams.get(captain, captainTeam)).roster.find((m) => m.personId === e.personId)?.hours).toBe(4);
        // Nor is he shown on duty at the post two days after his shift.
        expect(await onDuty()).not.toContain(e.personId);
        // The shift stays on his phone until he signs out (else nothing could sign him out, nor in anywhere else).
        expect((await services.teams.myShifts(me)).items.find((s) => s.id === shift.id)).toMatchObject({ signedOutAt: null });
        await services.teams.signOut(me, shift.id);
        // Signing out late adds nothing past the shift's end, and then the old shift drops off.
        const after = await services.teams.myShifts(me);
        expect(after.hours).toBe(4);
        expect(after.items.some((s) => s.id === shift.id)).toBe(false);
      } finally {
        at = start;
      }
    });

    it('counts no hours before the shift starts for an early sign-in', async () => {
      const [, , , , , , g] = await membersOf(captainTeam, 7);
      expect(g).toBeDefined();
      const me = await memberAccount(g.personId);
      const start = new Date(at.getTime() + 0.5 * HOUR);
      const was = at;
      try {
        const shift = await services.teams.scheduleShift(captain, captainTeam, { postType: 'point', postId: await hengfuPoint(), startsAt: start, endsAt: new Date(start.getTime() + 4 * HOUR), personIds: [g.personId] });
        await services.teams.signIn(me, shift.id); // half an hour early: allowed
        at = new Date(start.getTime() - 0.25 * HOUR);
        expect((await services.teams.myShifts(me)).hours).toBe(0);
        at = new Date(start.getTime() + 1 * HOUR);
        expect((await services.teams.myShifts(me)).hours).toBe(1);
        await services.teams.signOut(me, shift.id);
        expect((await services.teams.get(captain, captainTeam)).roster.find((m) => m.personId === g.personId)?.hours).toBe(1);
      } finally {
        at = was;
      }
    });

    it('refuses sign-in to the team\'s shift once the member has left the team', async () => {
      const [, , , , , f] = await membersOf(captainTeam, 6);
      expect(f).toBeDefined();
      const me = await memberAccount(f.personId);
      const shift = await services.teams.scheduleShift(captain, captainTeam, { postType: 'point', postId: await hengfuPoint(), startsAt: at, endsAt: new Date(at.getTime() + 4 * HOUR), personIds: [f.personId] });
      await services.teams.removeMember(captain, captainTeam, f.memberId);
      const refused = await refusal(services.teams.signIn(me, shift.id));
      expect(refused?.status).toBe(409);
      expect(refused?.messageKey).toBe('shift_left_team');
      expect(refused?.params).toEqual({ team: DEMO_TEAMS.captainTeam });
      expect(await scalar(database, sql`select count(*)::int from shift_members where person_id = ${f.personId} and signed_in_at is not null`)).toBe(0);
    });

    it('serves my shifts and on-duty over HTTP, and sign-in needs the shift to be near', async () => {
      const app = await buildApp(services);
      try {
        const cookie = await loginCookie(app, 'volunteer');
        const mine = await app.inject({ method: 'GET', url: '/api/my/shifts', headers: { cookie } });
        expect(mine.statusCode).toBe(200);
        expect(mine.json()).toMatchObject({ linked: true });
        const volunteer = await asUser(services, 'volunteer');
        const errandTeam = await teamNamed(DEMO_TEAMS.errandTeam);
        const post = (await services.teams.posts(command, errandTeam)).items[0];
        const later = await services.teams.scheduleShift(command, errandTeam, { postType: post.postType, postId: post.postId, startsAt: new Date(at.getTime() + 5 * HOUR), endsAt: new Date(at.getTime() + 9 * HOUR), personIds: [volunteer.personId!] });
        const early = await app.inject({ method: 'POST', url: `/api/shifts/${later.id}/sign-in`, headers: { cookie, 'accept-language': 'en' } });
        expect(early.statusCode).toBe(409);
        expect(early.json().message).toMatch(/has not started/);
        const duty = await app.inject({ method: 'GET', url: `/api/posts/${post.postType}/${post.postId}/on-duty`, headers: { cookie: await loginCookie(app, 'command') } });
        expect(duty.statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });
  });
});

describe('the public sign-up endpoint', () => {
  it('is rate-limited per address', async () => {
    const { database, services, drop } = await demoFixture(0.001);
    const app = await buildApp(services);
    try {
      const teamId = await scalar<number>(database, sql`select id from teams order by id limit 1`);
      const home = await scalar<number>(database, sql`select id from regions where level = 'community' order by id limit 1`);
      const codes: number[] = [];
      for (let i = 0; i < 32; i++) {
        const payload = { clientId: randomUUID(), name: '测试', phone: `1380000${String(i).padStart(4, '0')}`, birthDate: '1990-01-01', homeCommunityId: home, teamId, trained: true };
        codes.push((await app.inject({ method: 'POST', url: '/api/public/signups', payload })).statusCode);
      }
      expect(codes.slice(0, 30).every((c) => c === 201)).toBe(true);
      expect(codes.slice(30)).toEqual([429, 429]);
    } finally {
      await app.close();
      await drop();
    }
  });
});
