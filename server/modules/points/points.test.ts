import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { POINT_COUNT } from '../../seed/demo-district.ts';
import { SHORT_TEAMS } from '../../seed/demo-points.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';
import { pointsService } from './points.service.ts';
import { shiftAt } from './shift.ts';

describe('shifts on the district clock', () => {
  it('runs the day shift 08:00–20:00 China time and gives a night shift the date it began', () => {
    expect(shiftAt(new Date('2022-07-08T00:00:00Z'))).toEqual({ shiftDate: '2022-07-08', shift: 'day' });
    expect(shiftAt(new Date('2022-07-08T11:59:59Z'))).toEqual({ shiftDate: '2022-07-08', shift: 'day' });
    expect(shiftAt(new Date('2022-07-08T12:00:00Z'))).toEqual({ shiftDate: '2022-07-08', shift: 'night' });
    expect(shiftAt(new Date('2022-07-08T23:59:00Z'))).toEqual({ shiftDate: '2022-07-08', shift: 'night' });
    expect(shiftAt(new Date('2022-07-07T22:00:00Z'))).toEqual({ shiftDate: '2022-07-07', shift: 'night' });
  });
});

describe('sampling points and their 1+3+10+N teams', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  const pointNamed = (name: string) => scalar<number>(database, sql`select id from points where name = ${name}`);
  const community = (name: string) => scalar<number>(database, sql`select id from regions where level = 'community' and name = ${name}`);

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
  });
  afterAll(async () => drop());

  it('seeds the article\'s 146 points, open, with their chiefs and this shift\'s teams, and shows the weak ones', async () => {
    const list = await services.points.list(command, {});
    expect(list.total).toBe(POINT_COUNT);
    expect(list.byStatus).toEqual({ open: POINT_COUNT });
    expect(list.items.filter((p) => p.chief === null)).toHaveLength(1);
    expect(list.items.filter((p) => !p.teamComplete).map((p) => p.name).length).toBe(SHORT_TEAMS + 1);

    const hengfu = await services.points.get(command, await pointNamed('恒福尚城北门A点'));
    expect(hengfu.site.address).toBe('站前街道恒福尚城北门');
    expect(hengfu.where).toBe('站前街道 / 恒福社区');
    expect(hengfu.chiefs).toHaveLength(1);
    expect(hengfu.team.complete).toBe(true);
    // The list shows a team as present of required: 14/14.
    expect(hengfu).toMatchObject({ teamPresent: 14, teamRequired: 14 });
    expect(list.items.every((p) => p.teamRequired === 14)).toBe(true);
    expect(hengfu.team.roles).toEqual([
      { role: 'point_chief', required: 1, present: 1 },
      { role: 'medical_lead', required: 1, present: 1 },
      { role: 'volunteer_captain', required: 1, present: 1 },
      { role: 'community_cadre', required: 1, present: 1 },
      { role: 'medical', required: 10, present: 10 },
      { role: 'volunteer', required: 0, present: 0 },
    ]);
    expect(hengfu.servedRegions.length).toBeGreaterThan(0);
    expect(hengfu.servedRegions.every((r) => r.level === 'grid')).toBe(true);
  });

  it('lists the gaps: a point without a chief and points short of their team, until someone fills them', async () => {
    const responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    const gaps = await services.responses.gaps(command, responseId, 'zh-CN');
    expect(gaps.byKind.point_without_chief).toBe(1);
    expect(gaps.byKind.point_team_incomplete).toBe(SHORT_TEAMS + 1);
    const chiefless = gaps.items.find((g) => g.kind === 'point_without_chief')!;
    expect(chiefless).toMatchObject({ unitType: 'point', fix: '指派点长', fixUrl: `/points/${chiefless.unitId}` });
    expect(chiefless.where).toMatch(/^鳌头镇 \/ /);

    // A point chief comes from the leadership teams: a medical worker is refused, a cadre is taken.
    const medic = await scalar<number>(database, sql`select id from people where kind = 'medical' limit 1`);
    expect((await refusal(services.assignments.assign(command, { unitType: 'point', unitId: chiefless.unitId, role: 'point_chief', personId: medic })))?.messageKey).toBe('point_chief_not_cadre');
    const cadre = await scalar<number>(database, sql`select id from people where kind = 'cadre' and title like '%一线指挥部指挥长' limit 1`);
    await services.assignments.assign(command, { unitType: 'point', unitId: chiefless.unitId, role: 'point_chief', personId: cadre });
    const second = await scalar<number>(database, sql`select id from people where kind = 'leader' limit 1`);
    const taken = await refusal(services.assignments.assign(command, { unitType: 'point', unitId: chiefless.unitId, role: 'point_chief', personId: second }));
    expect(taken?.status).toBe(409);
    expect(taken?.messageKey).toBe('unit_role_taken');

    // The chief checks in: the point is still short of nothing else it had.
    await services.points.checkIn(command, chiefless.unitId, { personId: cadre, role: 'point_chief' });
    const after = await services.responses.gaps(command, responseId, 'zh-CN');
    expect(after.byKind.point_without_chief).toBeUndefined();
    expect(after.byKind.point_team_incomplete).toBe(SHORT_TEAMS);
  });

  it('sets up a point in a community, refusing bad places, names taken and roles that may not', async () => {
    const hengfu = await community('恒福社区');
    const grids = await scalar<number[]>(database, sql`select array_agg(id order by id) from regions where parent_id = ${hengfu}`);
    const req = { name: '恒福社区第二采样点', regionId: hengfu, address: '恒福社区党群服务中心', desks: 2, opensAt: '07:30', closesAt: '22:00', servedRegionIds: grids.slice(0, 1) };
    const created = await services.points.create(command, req);
    expect(created.status).toBe('planned');
    expect((await refusal(services.points.create(command, req)))?.messageKey).toBe('point_name_taken');
    expect((await refusal(services.points.create(command, { ...req, name: 'x', regionId: grids[0] })))?.messageKey).toBe('point_region_level');
    const town = await scalar<number>(database, sql`select id from regions where level = 'town' limit 1`);
    expect((await refusal(services.points.create(command, { ...req, name: 'y', servedRegionIds: [town] })))?.messageKey).toBe('point_served_level');
    expect((await refusal(services.points.create(await asUser(services, 'volunteer'), { ...req, name: 'z' })))?.status).toBe(403);
    expect(await scalar(database, sql`select count(*)::int from points where name in ('x','y','z')`)).toBe(0);
  });

  it('moves along its lifecycle only by the allowed steps, keeps the history, and refuses a stale change', async () => {
    const id = await pointNamed('恒福社区第二采样点');
    expect((await refusal(services.points.setStatus(command, id, 'open')))?.messageKey).toBe('point_transition');
    await services.points.setStatus(command, id, 'setting_up', 'planned');
    await services.points.setStatus(command, id, 'open');
    const stale = await refusal(services.points.setStatus(command, id, 'paused', 'setting_up'));
    expect(stale?.status).toBe(409);
    await services.points.setStatus(command, id, 'paused', 'open');
    await services.points.setStatus(command, id, 'open', 'paused');
    const point = await services.points.get(command, id);
    expect(point.history.map((h) => [h.from, h.to])).toEqual([['paused', 'open'], ['open', 'paused'], ['setting_up', 'open'], ['planned', 'setting_up'], [null, 'planned']]);
    expect(point.history[0].by).toBe('区指挥部');
    expect(point.next).toEqual(['paused', 'relocating', 'closed']);
    expect(await scalar(database, sql`select count(*)::int from audit_log where action = 'set_point_status' and subject_id = ${String(id)}`)).toBe(4);
  });

  it('relocates a point with its team and history; its old site points to the new one for residents', async () => {
    const id = await pointNamed('恒福尚城北门A点');
    const chief = await asUser(services, 'pointchief');
    const before = await services.points.get(chief, id);
    expect(before.mayRun).toBe(true);
    // Another point's chief may not move this one.
    const other = await pointNamed('恒福社区第二采样点');
    expect((await services.points.get(chief, other)).mayRun).toBe(false);
    expect((await refusal(services.points.relocate(chief, other, { address: 'x', reason: 'y' })))?.status).toBe(403);

    await services.points.relocate(chief, id, { address: '恒福尚城南门广场', lat: 21.66, lng: 110.91, reason: '北门需设为封控区出入口' });
    const moved = await services.points.get(chief, id);
    expect(moved.status).toBe('relocating');
    expect(moved.site).toMatchObject({ address: '恒福尚城南门广场', lat: 21.66, lng: 110.91, until: null });
    expect(moved.previousSites).toEqual([expect.objectContaining({ address: '站前街道恒福尚城北门', movedReason: '北门需设为封控区出入口' })]);
    // Same point, same team: nobody had to check in again.
    expect(moved.team.members.map((m) => m.checkinId)).toEqual(before.team.members.map((m) => m.checkinId));
    expect(moved.chiefs).toEqual(before.chiefs);

    const pub = (await services.points.publicList()).items.find((p) => p.id === id)!;
    expect(pub).toMatchObject({ status: 'relocating', address: '恒福尚城南门广场', movedFrom: '站前街道恒福尚城北门' });
    await services.points.setStatus(chief, id, 'open', 'relocating');
    await services.points.reportQueue(chief, id, 'over_25');
    expect((await services.points.publicList()).items.find((p) => p.id === id)).toMatchObject({ status: 'open', queueStatus: 'over_25', queueSource: 'chief' });

    // An hour later the report is stale: with no round on nothing is claimed; during a round with no
    // one swabbed here for 20 minutes the point shows as resting.
    const later = pointsService(database, services.audit, () => new Date(Date.now() + 3600_000));
    expect((await later.publicList()).items.find((p) => p.id === id)).toMatchObject({ queueStatus: null, queueSource: null });
    const responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    const district = await scalar<number>(database, sql`select id from regions where level = 'district'`);
    await services.rounds.open(command, responseId, { name: '排队推算', startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 3 * 3600_000), regionIds: [district], zoneIds: [], defaultPoolSize: 10, poolSizes: [] });
    expect((await later.publicList()).items.find((p) => p.id === id)).toMatchObject({ queueStatus: 'resting', queueSource: 'scans' });
  });

  it('checks a team in by role: the right kind of person, one point per shift, and exactly one of two racing check-ins', async () => {
    const a = await pointNamed('恒福社区第二采样点');
    const b = await pointNamed('恒福尚城北门A点');
    const grid = await scalar<number>(database, sql`select id from people where kind = 'grid_worker' limit 1`);
    expect((await refusal(services.points.checkIn(command, a, { personId: grid, role: 'medical' })))?.messageKey).toBe('checkin_needs_medical');
    expect((await refusal(services.points.checkIn(command, a, { personId: grid, role: 'point_chief' })))?.messageKey).toBe('checkin_not_point_chief');
    expect((await refusal(services.points.checkIn(command, a, { personId: grid, role: 'cook' })))?.messageKey).toBe('unknown_team_role');
    const nonMember = await scalar<number>(database, sql`select id from people where kind = 'grid_worker' and not party_member limit 1`);
    expect((await refusal(services.points.checkIn(command, a, { personId: nonMember, role: 'volunteer_captain' })))?.messageKey).toBe('checkin_needs_party_member');

    await services.points.checkIn(command, a, { personId: grid, role: 'community_cadre' });
    const twice = await refusal(services.points.checkIn(command, b, { personId: grid, role: 'volunteer' }));
    expect(twice?.status).toBe(409);
    expect(twice?.messageKey).toBe('checked_in_elsewhere');
    expect(twice?.params).toMatchObject({ point: '恒福社区第二采样点' });

    // Checked out, they may go elsewhere.
    const team = await services.points.team(command, a);
    const mine = team.members.find((m) => m.personId === grid)!;
    await services.points.checkOut(command, mine.checkinId);
    expect((await refusal(services.points.checkOut(command, mine.checkinId)))?.status).toBe(409);

    const medic = await scalar<number>(database, sql`select p.id from people p where kind = 'medical' and not exists (select 1 from point_checkins c where c.person_id = p.id) limit 1`);
    const results = await Promise.allSettled([
      services.points.checkIn(command, a, { personId: medic, role: 'medical' }),
      services.points.checkIn(command, b, { personId: medic, role: 'medical' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await scalar(database, sql`select count(*)::int from point_checkins where person_id = ${medic} and checked_out_at is null`)).toBe(1);
  });

  it('refuses check-ins at a closed point and answers the public list without a login', async () => {
    const id = await pointNamed('恒福社区第二采样点');
    await services.points.setStatus(command, id, 'closed');
    const medic = await scalar<number>(database, sql`select p.id from people p where kind = 'medical' and not exists (select 1 from point_checkins c where c.person_id = p.id) limit 1`);
    expect((await refusal(services.points.checkIn(command, id, { personId: medic, role: 'medical' })))?.messageKey).toBe('point_not_running');

    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const pub = await app.inject({ url: '/api/public/points', headers: { 'x-gridline-locale': 'en' } });
      expect(pub.statusCode).toBe(200);
      const items = pub.json().items as Array<{ name: string; serves: string[] }>;
      expect(items).toHaveLength(POINT_COUNT);
      expect(items.some((p) => p.name === '恒福社区第二采样点')).toBe(false);
      expect(items.every((p) => p.serves.length > 0)).toBe(true);
      // Residents read where a point serves as place names, grids under their community, in order.
      const hengfuServes = items.find((p) => p.name === '恒福尚城北门A点')!.serves;
      expect(hengfuServes[0]).toBe('恒福社区第1网格');
      expect(hengfuServes.every((s) => s.startsWith('恒福社区第'))).toBe(true);

      expect((await app.inject({ url: '/api/points' })).statusCode).toBe(401);
      const cookie = await loginCookie(app, 'pointchief');
      const own = await app.inject({ url: '/api/points', headers: { cookie } });
      expect(own.json().items.map((p: { name: string }) => p.name)).toContain('恒福尚城北门A点');
      const bad = await app.inject({ method: 'POST', url: `/api/points/${id}/status`, headers: { cookie, 'x-gridline-locale': 'en' }, payload: { status: 'open' } });
      expect(bad.statusCode).toBe(403);
      const en = await app.inject({ method: 'POST', url: '/api/points', headers: { cookie: await loginCookie(app, 'command'), 'x-gridline-locale': 'en' }, payload: { name: '恒福尚城北门A点', regionId: await community('恒福社区'), address: 'x', servedRegionIds: [await community('恒福社区')] } });
      expect(en.statusCode).toBe(409);
      expect(en.json().message).toBe('There is already a sampling point named “恒福尚城北门A点”');
    } finally {
      await app.close();
    }
  });
});
