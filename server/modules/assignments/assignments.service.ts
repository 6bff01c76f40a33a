import { maskPhone } from '../../../contracts/idcard.ts';
import type { TAssignmentHistoryEntry, TAssignRequest, THolder } from '../../../contracts/assignments.ts';
import type { Database, Db } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, NotFound, ValidationError } from '../../http/errors.ts';
import { label } from '../../i18n.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertInScope, assertRole, mayCommand, type SessionUser } from '../auth/scope.ts';
import { findOrg } from '../orgs/orgs.repository.ts';
import { findPerson } from '../people/people.repository.ts';
import { findPoint } from '../points/points.repository.ts';
import { findRegion } from '../regions/regions.repository.ts';
import { findCommandUnit, findResponse, lockResponse, responseOfUnit } from '../responses/responses.repository.ts';
import { findTeam } from '../teams/teams.repository.ts';
import { checkpointPlace } from '../zones/zones.repository.ts';
import { inFuture, PARTY_ROLES, ROLES_OF_UNIT, SINGLE_HOLDER_ROLES } from './assignment-rules.ts';
import { assignmentHistory, endAssignment, findAssignment, insertAssignment, liveAssignments, lockUnitRole, overlappingAssignment, type UnitType } from './assignments.repository.ts';

/** Why a unit takes no new assignments (a closed branch or point, a lifted area's checkpoint), as its refusal's key. */
type ClosedKey = 'unit_closed' | 'point_closed' | 'response_closed' | 'checkpoint_zone_lifted';

/** A command unit's response has closed: its posts ended with it. */
async function responseClosed(db: Db, unitId: number): Promise<ClosedKey | null> {
  const responseId = await responseOfUnit(db, 'command_unit', unitId);
  const response = responseId === null ? undefined : await findResponse(db, responseId);
  return response?.status === 'closed' ? 'response_closed' : null;
}

/** The region path a unit lies in (for scope checks) and whether it is closed, or a refusal when it does not exist. */
async function locateUnit(db: Db, unitType: UnitType, unitId: number): Promise<{ path: string; closed: ClosedKey | null }> {
  const missing = () => ValidationError('unit_not_found', { unitType: label(unitType) });
  const open = (path: string) => ({ path, closed: null });
  if (unitType === 'town') {
    const town = await findRegion(db, unitId);
    if (!town || town.level !== 'town') throw missing();
    return open(town.path);
  }
  if (unitType === 'command_unit') {
    const unit = await findCommandUnit(db, unitId);
    if (!unit) throw missing();
    return { path: (await findRegion(db, unit.regionId))!.path, closed: await responseClosed(db, unitId) };
  }
  if (unitType === 'org') {
    const org = await findOrg(db, unitId);
    if (!org) throw missing();
    const path = org.regionId ? (await findRegion(db, org.regionId))!.path : '/';
    return { path, closed: org.closedAt ? 'unit_closed' : null };
  }
  if (unitType === 'checkpoint') {
    const checkpoint = await checkpointPlace(db, unitId);
    if (!checkpoint) throw missing();
    const closed = checkpoint.responseStatus === 'closed' ? 'response_closed' : checkpoint.lifted ? 'checkpoint_zone_lifted' : null;
    return { path: checkpoint.path ?? '/', closed };
  }
  if (unitType === 'point') {
    const point = await findPoint(db, unitId);
    if (!point) throw missing();
    return { path: point.path, closed: point.point.status === 'closed' ? 'point_closed' : null };
  }
  const team = await findTeam(db, unitId);
  if (!team) throw missing();
  return open(team.path);
}

/** A unit the actor commands: a command role, and the unit inside the actor's scope (no actor: the seed). */
async function commandedUnit(db: Db, actor: SessionUser | null, unitType: UnitType, unitId: number) {
  if (actor) assertRole(actor, mayCommand);
  const unit = await locateUnit(db, unitType, unitId);
  if (actor && unit.path !== '/') assertInScope(actor, unit.path);
  return unit;
}

const notAfterNow = (at: Date) => new Date(Math.min(at.getTime(), Date.now()));

/** Nothing is recorded ahead of time: a period that starts or ends later than now is refused. */
function assertNotAhead(...times: Array<Date | undefined>) {
  const now = new Date();
  if (times.some((at) => at && inFuture(at, now))) throw ValidationError('assignment_in_future');
}

export function presentHolder(h: { id: number; role: THolder['role']; personId: number; name: string; title: string | null; phone: string | null; partyMember: boolean }): THolder {
  return { assignmentId: h.id, role: h.role, personId: h.personId, name: h.name, title: h.title, phone: maskPhone(h.phone), partyMember: h.partyMember };
}

/**
 * 片长制、点长制、队长制 and the posts of branches and command units, as one rule set:
 * a role fits its unit, a party post needs a party member, an area chief is a district leader,
 * a single-holder role has one holder at a time, now and in any past period (the database's unique
 * index decides races for who holds it now), and nothing is recorded ahead of time.
 */
export function assignmentsService(database: Database, audit: AuditService) {
  const { db } = database;

  /** The refusal for a post someone holds now: this person already, or another holder. */
  async function takenRefusal(tx: Db, req: TAssignRequest) {
    const own = (await liveAssignments(tx, req.unitType, [req.unitId])).find((h) => h.personId === req.personId);
    if (own?.role === req.role) return Conflict('already_assigned');
    if (own) return Conflict('holds_other_post', { role: label(own.role) });
    return Conflict('unit_role_taken', { role: label(req.role) });
  }

  /**
   * A single-holder post has one holder in any period, past ones included (the unique index
   * only sees who holds it now). Waits for other assignments to the same post, so two at once
   * are checked one after the other.
   */
  async function assertPeriodFree(tx: Db, req: TAssignRequest, startsAt: Date) {
    if (!SINGLE_HOLDER_ROLES.has(req.role)) return;
    await lockUnitRole(tx, req.unitType, req.unitId, req.role);
    const other = await overlappingAssignment(tx, { unitType: req.unitType, unitId: req.unitId, role: req.role, startsAt, endsAt: req.endsAt ?? null });
    if (!other) return;
    if (other.endsAt === null) throw await takenRefusal(tx, req);
    throw Conflict('period_taken', { role: label(req.role), name: other.name });
  }

  /**
   * Inside the assignment's transaction: the unit still takes people. A unit of a response is read
   * again under the response's shared row lock, so closing the response (or lifting the area of a
   * checkpoint) at the same time either waits for this assignment and ends it, or is seen here.
   */
  async function assertStillOpen(tx: Db, unitType: UnitType, unitId: number) {
    const responseId = unitType === 'command_unit' || unitType === 'org' || unitType === 'checkpoint' ? await responseOfUnit(tx, unitType, unitId) : null;
    if (responseId !== null) await lockResponse(tx, responseId, 'share');
    const { closed } = await locateUnit(tx, unitType, unitId);
    if (closed) throw Conflict(closed);
  }

  async function assign(actor: SessionUser | null, req: TAssignRequest) {
    if (actor) assertRole(actor, mayCommand);
    if (!ROLES_OF_UNIT[req.unitType].includes(req.role)) throw ValidationError('role_not_for_unit', { role: label(req.role), unitType: label(req.unitType) });
    const startsAt = req.startsAt ?? new Date();
    if (req.endsAt && req.endsAt <= startsAt) throw ValidationError('end_before_start');
    assertNotAhead(startsAt, req.endsAt);
    const unit = await commandedUnit(db, actor, req.unitType, req.unitId);
    if (unit.closed) throw Conflict(unit.closed);
    const person = await findPerson(db, req.personId);
    if (!person) throw ValidationError('person_not_found');
    if (req.role === 'area_chief' && person.kind !== 'leader') throw ValidationError('area_chief_not_leader');
    if (req.role === 'point_chief' && !['leader', 'cadre', 'community_cadre'].includes(person.kind)) throw ValidationError('point_chief_not_cadre');
    if (PARTY_ROLES.has(req.role) && req.unitType === 'org' && !person.partyMember) throw ValidationError('not_party_member', { name: person.name });
    try {
      return await database.transaction(async (tx) => {
        await assertStillOpen(tx.db, req.unitType, req.unitId);
        // A start or end within the clock-skew grace is stored as now: a post that began "ahead"
        // would outlive its unit's close and refuse its end until the clock caught up. The period
        // is checked as it is stored.
        const start = notAfterNow(startsAt);
        const end = req.endsAt ? notAfterNow(req.endsAt) : null;
        if (end && end <= start) throw ValidationError('end_before_start');
        await assertPeriodFree(tx.db, { ...req, endsAt: end ?? undefined }, start);
        const by = actor?.id ?? null;
        const row = await insertAssignment(tx.db, {
          unitType: req.unitType, unitId: req.unitId, role: req.role, personId: req.personId,
          startsAt: start, endsAt: end, assignedBy: by, endedBy: req.endsAt ? by : null,
        });
        await audit.record({ userId: actor?.id ?? null, action: 'assign', subjectType: 'assignment', subjectId: String(row.id), details: { before: null, after: row } }, tx.db);
        return row;
      });
    } catch (err) {
      // On PostgreSQL the failed insert aborted the transaction: who holds the post is read after it.
      if (sqlState(err) !== UNIQUE_VIOLATION) throw err;
      throw await takenRefusal(db, req);
    }
  }

  return {
    assign,

    /** Ends an assignment (never deletes it): the history keeps who held what, when. */
    async end(actor: SessionUser | null, id: number, endsAt = new Date()) {
      if (actor) assertRole(actor, mayCommand);
      assertNotAhead(endsAt);
      // An end within the clock-skew grace is stored as now, so the post is free for the next holder at once.
      const at = notAfterNow(endsAt);
      return database.transaction(async (tx) => {
        const before = await findAssignment(tx.db, id);
        if (!before) throw NotFound();
        if (before.endsAt) throw Conflict('assignment_not_live');
        if (at <= before.startsAt) throw ValidationError('end_before_start');
        const after = await endAssignment(tx.db, id, at, actor?.id ?? null);
        if (!after) throw Conflict('assignment_not_live');
        await audit.record({ userId: actor?.id ?? null, action: 'end_assignment', subjectType: 'assignment', subjectId: String(id), details: { before, after } }, tx.db);
        return after;
      });
    },

    /** Every assignment a unit has had, live and ended, newest first, with who made and who ended each. */
    async history(actor: SessionUser, unitType: UnitType, unitId: number): Promise<TAssignmentHistoryEntry[]> {
      await commandedUnit(db, actor, unitType, unitId);
      const rows = await assignmentHistory(db, unitType, unitId);
      return rows.map((r) => ({
        assignmentId: r.id, role: r.role, personId: r.personId, name: r.name,
        startsAt: r.startsAt.toISOString(), endsAt: r.endsAt ? r.endsAt.toISOString() : null,
        assignedBy: r.assignedBy, endedBy: r.endedBy,
      }));
    },

    /** Who holds what in these units now, by unit. */
    async holders(unitType: UnitType, unitIds: number[]) {
      const rows = await liveAssignments(db, unitType, unitIds);
      const by = new Map<number, THolder[]>();
      for (const r of rows) by.set(r.unitId, [...(by.get(r.unitId) ?? []), presentHolder(r)]);
      return by;
    },
  };
}
export type AssignmentsService = ReturnType<typeof assignmentsService>;
