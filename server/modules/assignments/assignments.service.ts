import { maskPhone } from '../../../contracts/idcard.ts';
import type { TAssignRequest, THolder } from '../../../contracts/assignments.ts';
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
import { findCommandUnit } from '../responses/responses.repository.ts';
import { findTeam } from '../teams/teams.repository.ts';
import { findCheckpoint, zoneCoverage } from '../zones/zones.repository.ts';
import { PARTY_ROLES, ROLES_OF_UNIT } from './assignment-rules.ts';
import { endAssignment, findAssignment, insertAssignment, liveAssignments, type UnitType } from './assignments.repository.ts';

/** The region path a unit lies in (for scope checks), or a refusal when it does not exist. */
async function unitPath(db: Db, unitType: UnitType, unitId: number): Promise<string> {
  const missing = () => ValidationError('unit_not_found', { unitType: label(unitType) });
  if (unitType === 'town') {
    const town = await findRegion(db, unitId);
    if (!town || town.level !== 'town') throw missing();
    return town.path;
  }
  if (unitType === 'command_unit') {
    const unit = await findCommandUnit(db, unitId);
    if (!unit) throw missing();
    return (await findRegion(db, unit.regionId))!.path;
  }
  if (unitType === 'org') {
    const org = await findOrg(db, unitId);
    if (!org) throw missing();
    if (org.closedAt) throw Conflict('unit_closed');
    return org.regionId ? (await findRegion(db, org.regionId))!.path : '/';
  }
  if (unitType === 'checkpoint') {
    const checkpoint = await findCheckpoint(db, unitId);
    if (!checkpoint) throw missing();
    const [first] = await zoneCoverage(db, [checkpoint.zoneId]);
    return first?.path ?? '/';
  }
  if (unitType === 'point') {
    const point = await findPoint(db, unitId);
    if (!point) throw missing();
    if (point.point.status === 'closed') throw Conflict('point_closed');
    return point.path;
  }
  const team = await findTeam(db, unitId);
  if (!team) throw missing();
  return team.path;
}

export function presentHolder(h: { id: number; role: THolder['role']; personId: number; name: string; title: string | null; phone: string | null; partyMember: boolean }): THolder {
  return { assignmentId: h.id, role: h.role, personId: h.personId, name: h.name, title: h.title, phone: maskPhone(h.phone), partyMember: h.partyMember };
}

/**
 * 片长制、点长制、队长制 and the posts of branches and command units, as one rule set:
 * a role fits its unit, a party post needs a party member, an area chief is a district leader,
 * a single-holder role has one holder at a time (the database's unique index decides races).
 */
export function assignmentsService(database: Database, audit: AuditService) {
  const { db } = database;

  async function assign(actor: SessionUser | null, req: TAssignRequest) {
    if (actor) assertRole(actor, mayCommand);
    if (!ROLES_OF_UNIT[req.unitType].includes(req.role)) throw ValidationError('role_not_for_unit', { role: label(req.role), unitType: label(req.unitType) });
    if (req.endsAt && req.endsAt <= (req.startsAt ?? new Date())) throw ValidationError('end_before_start');
    const path = await unitPath(db, req.unitType, req.unitId);
    if (actor && path !== '/') assertInScope(actor, path);
    const person = await findPerson(db, req.personId);
    if (!person) throw ValidationError('person_not_found');
    if (req.role === 'area_chief' && person.kind !== 'leader') throw ValidationError('area_chief_not_leader');
    if (req.role === 'point_chief' && !['leader', 'cadre', 'community_cadre'].includes(person.kind)) throw ValidationError('point_chief_not_cadre');
    if (PARTY_ROLES.has(req.role) && req.unitType === 'org' && !person.partyMember) throw ValidationError('not_party_member', { name: person.name });
    try {
      const row = await insertAssignment(db, { unitType: req.unitType, unitId: req.unitId, role: req.role, personId: req.personId, startsAt: req.startsAt, assignedBy: actor?.id ?? null });
      if (req.endsAt) await endAssignment(db, row.id, req.endsAt);
      await audit.record({ userId: actor?.id ?? null, action: 'assign', subjectType: 'assignment', subjectId: String(row.id), details: { before: null, after: row } });
      return (await findAssignment(db, row.id))!;
    } catch (err) {
      if (sqlState(err) !== UNIQUE_VIOLATION) throw err;
      const holders = await liveAssignments(db, req.unitType, [req.unitId]);
      const own = holders.find((h) => h.personId === req.personId);
      if (own?.role === req.role) throw Conflict('already_assigned');
      if (own) throw Conflict('holds_other_post', { role: label(own.role) });
      throw Conflict('unit_role_taken', { role: label(req.role) });
    }
  }

  return {
    assign,

    /** Ends an assignment (never deletes it): the history keeps who held what, when. */
    async end(actor: SessionUser | null, id: number, endsAt = new Date()) {
      if (actor) assertRole(actor, mayCommand);
      const before = await findAssignment(db, id);
      if (!before) throw NotFound();
      if (before.endsAt) throw Conflict('assignment_not_live');
      if (endsAt <= before.startsAt) throw ValidationError('end_before_start');
      const after = await endAssignment(db, id, endsAt);
      if (!after) throw Conflict('assignment_not_live');
      await audit.record({ userId: actor?.id ?? null, action: 'end_assignment', subjectType: 'assignment', subjectId: String(id), details: { before, after } });
      return after;
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
