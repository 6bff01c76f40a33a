import type { TCreatePointRequest, TPoint, TPointSummary, TTeam } from '../../../contracts/points.ts';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, Forbidden, NotFound, ValidationError } from '../../http/errors.ts';
import { label } from '../../i18n.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { liveAssignments } from '../assignments/assignments.repository.ts';
import { presentHolder } from '../assignments/assignments.service.ts';
import { assertInScope, assertRole, mayCommand, type SessionUser } from '../auth/scope.ts';
import { findPerson } from '../people/people.repository.ts';
import { listByIds } from '../regions/regions.repository.ts';
import { regionNamer } from '../regions/regions.service.ts';
import {
  checkOut,
  findCheckin,
  findLiveCheckinOfPerson,
  findPoint,
  insertCheckin,
  insertPoint,
  isPointChief,
  listPointSummaries,
  listPublicPoints,
  listServedRegions,
  listSites,
  listTeamRoles,
  liveCheckins,
  moveSite,
  reportQueue,
  setPointStatus,
  statusHistory,
  type PointStatus,
  type PointSummaryRow,
  type QueueStatus,
  type ShiftRef,
} from './points.repository.ts';
import { shiftAt } from './shift.ts';

/**
 * The lifecycle: planned → setting up → open ⇄ paused, relocating from setting up, open or paused
 * and back to open at the new site; closed from anywhere, and final.
 */
export const POINT_TRANSITIONS: Record<PointStatus, readonly PointStatus[]> = {
  planned: ['setting_up', 'closed'],
  setting_up: ['open', 'relocating', 'closed'],
  open: ['paused', 'relocating', 'closed'],
  paused: ['open', 'relocating', 'closed'],
  relocating: ['open', 'closed'],
  closed: [],
};

/** How long a chief's queue report stands, and how long without a scan during a round means the point rests. */
const QUEUE_REPORT_FRESH_MS = 30 * 60_000;
const IDLE_MS = 20 * 60_000;

/** A point whose team may check in: it is being set up, runs, rests or moves. */
export const RUNNING: ReadonlySet<PointStatus> = new Set(['setting_up', 'open', 'paused', 'relocating']);

/** Who may fill a team role: the roles of "1+3+10+N" each need a kind of person. */
export type RoleRule = { kinds?: readonly string[]; party?: boolean; chief?: boolean; message: 'checkin_needs_medical' | 'checkin_needs_cadre' | 'checkin_needs_party_member' | 'checkin_not_point_chief' };
export const ROLE_RULES: Record<string, RoleRule> = {
  point_chief: { chief: true, message: 'checkin_not_point_chief' },
  medical_lead: { kinds: ['medical'], message: 'checkin_needs_medical' },
  medical: { kinds: ['medical'], message: 'checkin_needs_medical' },
  community_cadre: { kinds: ['community_cadre', 'grid_worker'], message: 'checkin_needs_cadre' },
  volunteer_captain: { party: true, message: 'checkin_needs_party_member' },
};

/** Whether a person may take a role: their kind, party membership, and (for the chief's role) being the point's chief. */
export function fitsRole(role: string, person: { kind: string; partyMember: boolean }, isChief: boolean): boolean {
  const rule = ROLE_RULES[role];
  if (!rule) return true;
  return (!rule.kinds || rule.kinds.includes(person.kind)) && (!rule.party || person.partyMember) && (!rule.chief || isChief);
}

/** An incomplete team: each role of the composition with fewer present than it requires, and by how many. */
export function missingRoles(roles: ReadonlyArray<{ role: string; required: number }>, present: ReadonlyMap<string, number>) {
  return roles.filter((r) => (present.get(r.role) ?? 0) < r.required).map((r) => ({ role: r.role, short: r.required - (present.get(r.role) ?? 0) }));
}

/** Two regions are related when one contains the other: a grid worker sees the point of their community. */
const related = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

export function pointsService(database: Database, audit: AuditService, now: () => Date = () => new Date()) {
  const { db } = database;

  async function pointOf(id: number) {
    const found = await findPoint(db, id);
    if (!found) throw NotFound();
    return found;
  }

  /** The command everywhere; a point chief on the point they are chief of. */
  async function mayRun(user: SessionUser, pointId: number) {
    if (mayCommand(user)) return true;
    return user.role === 'point_chief' && user.personId !== null && isPointChief(db, pointId, user.personId);
  }

  async function assertMayRun(user: SessionUser | null, pointId: number) {
    if (user && !(await mayRun(user, pointId))) throw Forbidden();
  }

  async function team(pointId: number, s: ShiftRef): Promise<TTeam> {
    const [roles, members] = await Promise.all([listTeamRoles(db), liveCheckins(db, pointId, s)]);
    const present = new Map<string, number>();
    for (const m of members) present.set(m.role, (present.get(m.role) ?? 0) + 1);
    const rows = roles.map((r) => ({ role: r.role, required: r.required, present: present.get(r.role) ?? 0 }));
    const missing = missingRoles(roles, present);
    return {
      ...s,
      roles: rows,
      complete: missing.length === 0,
      missing,
      members: members.map((m) => ({ ...m, checkedInAt: m.checkedInAt.toISOString() })),
    };
  }

  async function summaries(rows: PointSummaryRow[]): Promise<TPointSummary[]> {
    const where = await regionNamer(db, rows.map((r) => r.path));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      address: r.address,
      region: { id: r.regionId, name: r.regionName },
      where: where(r.path, true),
      chief: r.chief,
      desks: r.desks,
      opensAt: r.opensAt,
      closesAt: r.closesAt,
      queueStatus: r.queueStatus,
      teamPresent: r.teamPresent,
      teamRequired: r.teamRequired,
      teamComplete: r.teamComplete,
    }));
  }

  const service = {
    /** The time this service goes by, and the shift it is now on the district's clock. */
    clock: now,
    currentShift: () => shiftAt(now()),

    /** Sets up a sampling point in a community, serving communities and grids of the district. */
    async create(actor: SessionUser | null, req: TCreatePointRequest) {
      if (actor) assertRole(actor, mayCommand);
      const [home] = await listByIds(db, [req.regionId]);
      if (!home || home.level !== 'community') throw ValidationError('point_region_level');
      if (actor) assertInScope(actor, home.path);
      const servedIds = [...new Set(req.servedRegionIds)];
      const served = await listByIds(db, servedIds);
      if (served.length !== servedIds.length) throw ValidationError('zone_member_outside');
      if (served.some((r) => r.level !== 'community' && r.level !== 'grid')) throw ValidationError('point_served_level');
      if (req.lat === undefined !== (req.lng === undefined)) throw ValidationError('point_coords');
      try {
        const point = await database.transaction((tx) =>
          insertPoint(tx.db, {
            name: req.name, regionId: home.id, desks: req.desks, opensAt: req.opensAt, closesAt: req.closesAt,
            address: req.address, lat: req.lat ?? null, lng: req.lng ?? null, servedRegionIds: servedIds, by: actor?.id ?? null, at: now(),
          }),
        );
        await audit.record({ userId: actor?.id ?? null, action: 'create_point', subjectType: 'point', subjectId: String(point.id), details: { before: null, after: { ...point, address: req.address, servedRegionIds: servedIds } } });
        return point;
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('point_name_taken', { name: req.name });
        throw err;
      }
    },

    /** Points in the caller's scope (or a region of it), with counts per status. */
    async list(user: SessionUser, q: { regionId?: number; status?: PointStatus; name?: string }) {
      let pathPrefix = user.scopeLevel === 'grid' ? user.scopePath.replace(/\d+\/$/, '') : user.scopePath;
      if (q.regionId) {
        const [region] = await listByIds(db, [q.regionId]);
        if (!region) throw NotFound();
        if (!related(region.path, pathPrefix)) throw Forbidden();
        if (region.path.startsWith(pathPrefix)) pathPrefix = region.path;
      }
      const rows = await listPointSummaries(db, { ...service.currentShift(), pathPrefix, status: q.status, name: q.name });
      const byStatus: Record<string, number> = {};
      for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      return { items: await summaries(rows), total: rows.length, byStatus };
    },

    async get(user: SessionUser | null, id: number): Promise<TPoint> {
      const { point, path } = await pointOf(id);
      if (user && !related(path, user.scopePath)) throw Forbidden();
      const s = service.currentShift();
      const [[row], sites, served, chiefs, history, crew] = await Promise.all([
        listPointSummaries(db, { ...s, pathPrefix: '/', id }),
        listSites(db, id),
        listServedRegions(db, id),
        liveAssignments(db, 'point', [id]),
        statusHistory(db, id),
        team(id, s),
      ]);
      const [summary] = await summaries([row]);
      const site = (x: (typeof sites)[number]) => ({ address: x.address, lat: x.lat, lng: x.lng, since: x.since.toISOString(), until: x.until?.toISOString() ?? null, movedReason: x.movedReason });
      return {
        ...summary,
        site: site(sites.find((x) => x.until === null)!),
        previousSites: sites.filter((x) => x.until !== null).map(site),
        servedRegions: served.map((r) => ({ id: r.id, name: r.name, level: r.level })),
        chiefs: chiefs.map(presentHolder),
        queueReportedAt: point.queueReportedAt?.toISOString() ?? null,
        team: crew,
        history: history.map((h) => ({ from: h.from as PointStatus | null, to: h.to as PointStatus, at: h.at.toISOString(), by: h.by })),
        next: [...POINT_TRANSITIONS[point.status]],
        mayRun: user ? await mayRun(user, id) : true,
      };
    },

    /** Moves a point along its lifecycle; a change based on a stale status is a 409. */
    async setStatus(actor: SessionUser | null, id: number, to: PointStatus, expected?: PointStatus) {
      const { point } = await pointOf(id);
      await assertMayRun(actor, id);
      if (expected && expected !== point.status) throw Conflict('point_changed');
      if (!POINT_TRANSITIONS[point.status].includes(to)) throw ValidationError('point_transition', { from: label(point.status), to: label(to) });
      const after = await database.transaction((tx) => setPointStatus(tx.db, id, point.status, to, actor?.id ?? null));
      if (!after) throw Conflict('point_changed');
      await audit.record({ userId: actor?.id ?? null, action: 'set_point_status', subjectType: 'point', subjectId: String(id), details: { before: { status: point.status }, after: { status: to } } });
      return after;
    },

    /**
     * 搬迁: the point moves to a new address. It keeps its id, so its team, tubes, history and counts
     * go with it; the old site stays as history and residents' view points from it to the new one.
     * A running point is `relocating` until its chief opens it at the new site.
     */
    async relocate(actor: SessionUser | null, id: number, req: { address: string; lat?: number; lng?: number; reason: string }) {
      const { point } = await pointOf(id);
      await assertMayRun(actor, id);
      if (!RUNNING.has(point.status) && point.status !== 'planned') throw ValidationError('point_transition', { from: label(point.status), to: label('relocating') });
      if (req.lat === undefined !== (req.lng === undefined)) throw ValidationError('point_coords');
      const at = now();
      const moved = await database.transaction(async (tx) => {
        const sites = await moveSite(tx.db, id, { address: req.address, lat: req.lat ?? null, lng: req.lng ?? null }, req.reason, actor?.id ?? null, at);
        if (point.status === 'open' || point.status === 'paused') {
          if (!(await setPointStatus(tx.db, id, point.status, 'relocating', actor?.id ?? null))) throw Conflict('point_changed');
        }
        return sites;
      });
      await audit.record({ userId: actor?.id ?? null, action: 'relocate_point', subjectType: 'point', subjectId: String(id), details: { before: { address: moved.old?.address, status: point.status }, after: { address: req.address, reason: req.reason } } });
      return moved;
    },

    /** The chief's word on the queue: under 25 minutes, over 25, over 50, or resting. */
    async reportQueue(actor: SessionUser | null, id: number, status: QueueStatus) {
      const { point } = await pointOf(id);
      await assertMayRun(actor, id);
      if (point.status !== 'open' && point.status !== 'paused') throw ValidationError('point_not_open');
      return reportQueue(db, id, status, now());
    },

    /** Who of the team is on this shift, role by role, against the composition. */
    async team(user: SessionUser | null, id: number, s?: ShiftRef) {
      const { path } = await pointOf(id);
      if (user && !related(path, user.scopePath)) throw Forbidden();
      return team(id, s ?? service.currentShift());
    },

    /** Checks a person in to this shift's team in a role of the composition. */
    async checkIn(actor: SessionUser | null, id: number, req: { personId: number; role: string }) {
      const { point } = await pointOf(id);
      await assertMayRun(actor, id);
      if (!RUNNING.has(point.status)) throw ValidationError('point_not_running', { status: label(point.status) });
      const roles = await listTeamRoles(db);
      if (!roles.some((r) => r.role === req.role)) throw ValidationError('unknown_team_role', { role: req.role, roles: roles.map((r) => r.role).join(', ') });
      const person = await findPerson(db, req.personId);
      if (!person) throw ValidationError('person_not_found');
      const rule = ROLE_RULES[req.role];
      if (rule && !fitsRole(req.role, person, !!rule.chief && (await isPointChief(db, id, person.id)))) throw ValidationError(rule.message, { name: person.name });
      const s = service.currentShift();
      const elsewhere = await findLiveCheckinOfPerson(db, person.id, s);
      if (elsewhere) throw Conflict('checked_in_elsewhere', { name: person.name, point: elsewhere.pointName });
      try {
        const row = await insertCheckin(db, { ...s, pointId: id, personId: person.id, role: req.role, by: actor?.id ?? null, at: now() });
        await audit.record({ userId: actor?.id ?? null, action: 'check_in', subjectType: 'point', subjectId: String(id), details: { before: null, after: row } });
        return row;
      } catch (err) {
        // Two check-ins of one person at once: the database's unique index lets one through.
        if (sqlState(err) === UNIQUE_VIOLATION) {
          const winner = await findLiveCheckinOfPerson(db, person.id, s);
          throw Conflict('checked_in_elsewhere', { name: person.name, point: winner?.pointName ?? '' });
        }
        throw err;
      }
    },

    async checkOut(actor: SessionUser | null, checkinId: number) {
      const checkin = await findCheckin(db, checkinId);
      if (!checkin) throw NotFound();
      await assertMayRun(actor, checkin.pointId);
      const row = await checkOut(db, checkinId, now());
      if (!row) throw Conflict('checked_out_already');
      await audit.record({ userId: actor?.id ?? null, action: 'check_out', subjectType: 'point', subjectId: String(checkin.pointId), details: { before: checkin, after: row } });
      return row;
    },

    /** The public list: every point residents can go to, and where a moved one came from. */
    async publicList() {
      const at = now();
      const rows = await listPublicPoints(db, at);
      const age = (d: Date | null) => (d ? at.getTime() - new Date(d).getTime() : Infinity);
      return {
        items: rows.map(({ queueReportedAt, lastScanAt, roundOn, queueStatus, ...r }) => {
          // The chief's word while it is fresh; otherwise what the scans say: a point that has
          // swabbed no one for a while during a round is resting. Nothing is guessed beyond that.
          const queue: { queueStatus: QueueStatus | null; queueSource: 'chief' | 'scans' | null } =
            r.status === 'paused' ? { queueStatus: 'resting', queueSource: 'scans' }
            : queueStatus && age(queueReportedAt) < QUEUE_REPORT_FRESH_MS ? { queueStatus, queueSource: 'chief' }
            : roundOn && age(lastScanAt) > IDLE_MS ? { queueStatus: 'resting', queueSource: 'scans' }
            : { queueStatus: null, queueSource: null };
          return { ...r, ...queue };
        }),
        updatedAt: at.toISOString(),
      };
    },
  };
  return service;
}
export type PointsService = ReturnType<typeof pointsService>;

