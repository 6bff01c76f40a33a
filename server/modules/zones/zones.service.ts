import type { TDrawZoneRequest, TRiskScheme, TZone, TZonesReport } from '../../../contracts/zones.ts';
import type { Database, Db } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import type { Locale } from '../../../contracts/common.ts';
import { Conflict, NotFound, ValidationError } from '../../http/errors.ts';
import { endUnitAssignments } from '../assignments/assignments.repository.ts';
import { closeCheckpointOrgs } from '../orgs/orgs.repository.ts';
import type { AssignmentsService } from '../assignments/assignments.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertInScope, assertRole, inScope, mayCommand, type SessionUser } from '../auth/scope.ts';
import { findResponse, lockResponse } from '../responses/responses.repository.ts';
import {
  findZone,
  insertCheckpoint,
  insertZone,
  insertZoneMembers,
  levelHistory,
  listCheckpoints,
  listSchemes,
  listZones,
  liftZones,
  memberCandidates,
  overlappingZones,
  setZoneLevel,
  zoneCoverage,
  zoneState,
  type ZoneLevel,
} from './zones.repository.ts';

type Scheme = Awaited<ReturnType<typeof listSchemes>>[number];

/** A name from the data in both languages, for a message's parameter. */
export const named = (n: { nameZh: string; nameEn: string }): Record<Locale, string> => ({ 'zh-CN': n.nameZh, en: n.nameEn });

/** Refuses a level that is not one of the scheme's, naming the level and the scheme in the user's language. */
export function assertLevelOf(schemes: Scheme[], schemeCode: string, level: ZoneLevel) {
  const scheme = schemes.find((s) => s.code === schemeCode)!;
  if (scheme.levels.some((l) => l.code === level)) return;
  const elsewhere = schemes.flatMap((s) => s.levels).find((l) => l.code === level);
  throw ValidationError('level_not_in_scheme', { level: elsewhere ? named(elsewhere) : level, levels: named(scheme) });
}

export function zonesService(database: Database, audit: AuditService, assignments: AssignmentsService) {
  const { db } = database;

  /** The response and its scheme (with every scheme, to name a level of another one). */
  async function schemeOf(responseId: number, on: Db = db) {
    const response = await findResponse(on, responseId);
    if (!response) throw NotFound();
    const schemes = await listSchemes(on);
    return { response, schemes, scheme: schemes.find((s) => s.code === response.zoneScheme)! };
  }

  /**
   * Inside a change's transaction: the response's row lock, and the response still active (its
   * areas are fixed once it closes). Checked under the lock so a change cannot slip past the closing.
   */
  async function lockOpenResponse(tx: Db, responseId: number, mode: 'share' | 'update') {
    if ((await lockResponse(tx, responseId, mode)) !== 'active') throw Conflict('response_closed');
  }

  /** Inside a change's transaction: an area of an active response (locked as lockOpenResponse), not lifted yet (it may still be to start). */
  async function openZone(tx: Db, id: number, mode: 'share' | 'update' = 'share') {
    const found = await findZone(tx, id);
    if (!found) throw NotFound();
    await lockOpenResponse(tx, found.responseId, mode);
    // Read again under the lock: an area lifted meanwhile is seen lifted.
    const zone = (await findZone(tx, id))!;
    if (zoneState(zone, new Date()) === 'lifted') throw Conflict('zone_ended');
    return zone;
  }

  return {
    /**
     * Draws a risk area. Its members are communities, grids or buildings of the district, none
     * inside another, all inside the caller's scope; its level comes from the response's scheme.
     */
    async draw(actor: SessionUser | null, responseId: number, req: TDrawZoneRequest) {
      if (actor) assertRole(actor, mayCommand);
      const { response, schemes, scheme } = await schemeOf(responseId);
      if (response.status !== 'active') throw Conflict('response_closed');
      assertLevelOf(schemes, scheme.code, req.level);
      const startsAt = req.startsAt ?? new Date();
      if (req.endsAt && req.endsAt <= startsAt) throw ValidationError('end_before_start');
      const regionIds = [...new Set(req.regionIds)];
      const buildingIds = [...new Set(req.buildingIds)];
      if (regionIds.length + buildingIds.length === 0) throw ValidationError('zone_empty');
      const found = await memberCandidates(db, regionIds, buildingIds);
      if (found.length !== regionIds.length + buildingIds.length) throw ValidationError('zone_member_outside');
      if (found.some((m) => m.kind === 'region' && m.level !== 'community' && m.level !== 'grid')) throw ValidationError('zone_member_level');
      for (const m of found) {
        if (actor) assertInScope(actor, m.path);
        if (found.some((o) => o !== m && m.path.startsWith(o.path))) throw ValidationError('zone_member_overlap');
      }
      try {
        return await database.transaction(async (tx) => {
          // Under the response's lock, so two areas drawn at once over the same place cannot both pass.
          await lockOpenResponse(tx.db, responseId, 'update');
          const [other] = await overlappingZones(tx.db, responseId, found.map((m) => m.path), startsAt, req.endsAt ?? null);
          // A place in two areas of one response would be counted twice in the per-level totals.
          if (other) throw Conflict('zone_overlaps_zone', { name: other.name });
          const row = await insertZone(tx.db, { responseId, name: req.name, scheme: scheme.code, level: req.level, startsAt, endsAt: req.endsAt, createdBy: actor?.id ?? null });
          await insertZoneMembers(tx.db, row.id, regionIds, buildingIds);
          await audit.record({ userId: actor?.id ?? null, action: 'draw_zone', subjectType: 'zone', subjectId: String(row.id), details: { before: null, after: { ...row, regionIds, buildingIds } } }, tx.db);
          return row;
        });
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('zone_name_taken', { name: req.name });
        throw err;
      }
    },

    /** Changes an area's level; the history keeps every level, who set it and when. */
    async setLevel(actor: SessionUser | null, zoneId: number, level: ZoneLevel, expectedLevel?: ZoneLevel) {
      if (actor) assertRole(actor, mayCommand);
      return database.transaction(async (tx) => {
        const zone = await openZone(tx.db, zoneId);
        const { schemes, scheme } = await schemeOf(zone.responseId, tx.db);
        assertLevelOf(schemes, scheme.code, level);
        if (expectedLevel && expectedLevel !== zone.level) throw Conflict('zone_changed');
        if (zone.level === level) throw ValidationError('level_unchanged');
        // The update only applies to the level read here: a change in between makes it a 409.
        const after = await setZoneLevel(tx.db, zoneId, zone.level, level, actor?.id ?? null);
        if (!after) throw Conflict('zone_changed');
        await audit.record({ userId: actor?.id ?? null, action: 'set_zone_level', subjectType: 'zone', subjectId: String(zoneId), details: { before: { level: zone.level }, after: { level } } }, tx.db);
        return after;
      });
    },

    /**
     * Lifts an area now, and its checkpoints' rosters end with it (a lifted area's checkpoints are
     * no longer manned); the audit entry lists the rosters ended. One drawn to start later ends at
     * its start instead: lifting it means it never comes into force, which is what someone
     * cancelling a planned area expects (a refusal would leave them no way to call it off).
     */
    async end(actor: SessionUser | null, zoneId: number) {
      if (actor) assertRole(actor, mayCommand);
      return database.transaction(async (tx) => {
        // The response's exclusive lock: a roster assigned to one of its checkpoints at the same time waits, then sees the area lifted.
        const zone = await openZone(tx.db, zoneId, 'update');
        // Read after the lock: a roster that committed before it started before `now` and ends below.
        const now = new Date();
        const [after] = await liftZones(tx.db, { zoneId }, now);
        if (!after) throw Conflict('zone_ended');
        const checkpointIds = (await listCheckpoints(tx.db, [zoneId])).map((c) => c.id);
        // No one mans its checkpoints any more: their rosters end, and the branches working there close with their posts.
        const closedBranches = (await closeCheckpointOrgs(tx.db, checkpointIds, now)).map((o) => o.id);
        const by = actor?.id ?? null;
        const ended = [...(await endUnitAssignments(tx.db, 'checkpoint', checkpointIds, now, by)), ...(await endUnitAssignments(tx.db, 'org', closedBranches, now, by))];
        const endedAssignments = ended.map((a) => ({ id: a.id, unitType: a.unitType, unitId: a.unitId, role: a.role, personId: a.personId }));
        await audit.record({ userId: actor?.id ?? null, action: 'end_zone', subjectType: 'zone', subjectId: String(zoneId), details: { before: { endsAt: zone.endsAt }, after: { endsAt: after.endsAt, closedBranches, endedAssignments } } }, tx.db);
        return after;
      });
    },

    async addCheckpoint(actor: SessionUser | null, zoneId: number, req: { name: string; location?: string }) {
      if (actor) assertRole(actor, mayCommand);
      try {
        return await database.transaction(async (tx) => {
          await openZone(tx.db, zoneId);
          const row = await insertCheckpoint(tx.db, { zoneId, name: req.name, location: req.location ?? null });
          await audit.record({ userId: actor?.id ?? null, action: 'create_checkpoint', subjectType: 'checkpoint', subjectId: String(row.id), details: { before: null, after: row } }, tx.db);
          return row;
        });
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('checkpoint_name_taken', { name: req.name });
        throw err;
      }
    },

    /**
     * The response's areas that touch the caller's scope, with what they cover, how many live
     * there (from maintained counts), their level history and checkpoints; and totals per level.
     */
    async report(user: SessionUser | null, responseId: number): Promise<TZonesReport> {
      const { scheme } = await schemeOf(responseId);
      const all = await listZones(db, responseId);
      const coverage = await zoneCoverage(db, all.map((z) => z.id));
      const visible = all.filter((z) => !user || coverage.some((c) => c.zoneId === z.id && inScope(user, c.path)));
      const ids = visible.map((z) => z.id);
      const history = await levelHistory(db, ids);
      const cps = await listCheckpoints(db, ids);
      const rosters = await assignments.holders('checkpoint', cps.map((c) => c.id));
      const now = new Date();
      const zones: TZone[] = visible.map((z) => {
        const members = coverage.filter((c) => c.zoneId === z.id);
        const state = zoneState(z, now);
        return {
          id: z.id,
          name: z.name,
          level: z.level,
          active: state === 'active',
          state,
          startsAt: z.startsAt.toISOString(),
          endsAt: z.endsAt ? z.endsAt.toISOString() : null,
          members: members.map((m) => ({ kind: m.kind, id: m.id, name: m.name, level: m.level })),
          residents: members.reduce((a, m) => a + m.residents, 0),
          households: members.reduce((a, m) => a + m.households, 0),
          history: history.filter((h) => h.zoneId === z.id).map((h) => ({ from: h.fromLevel, to: h.toLevel, at: h.changedAt.toISOString(), by: h.changedBy, byName: h.changedByName })),
          checkpoints: cps.filter((c) => c.zoneId === z.id).map((c) => ({ id: c.id, name: c.name, location: c.location, roster: rosters.get(c.id) ?? [] })),
        };
      });
      const byLevel = scheme.levels.map(({ code: level, rank }) => {
        const active = zones.filter((z) => z.active && z.level === level);
        return { level, rank, zones: active.length, residents: active.reduce((a, z) => a + z.residents, 0), households: active.reduce((a, z) => a + z.households, 0) };
      });
      return { scheme: scheme.code, byLevel, zones };
    },

    /** The classification schemes a response can use, with their levels strictest first. */
    schemes: (): Promise<TRiskScheme[]> => listSchemes(db),
  };
}
export type ZonesService = ReturnType<typeof zonesService>;
