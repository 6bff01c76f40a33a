import type { TDrawZoneRequest, TZone, TZonesReport } from '../../../contracts/zones.ts';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { ZONE_LEVELS } from '../../db/schema/index.ts';
import { Conflict, NotFound, ValidationError } from '../../http/errors.ts';
import type { AssignmentsService } from '../assignments/assignments.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertInScope, assertRole, inScope, mayCommand, type SessionUser } from '../auth/scope.ts';
import { findResponse } from '../responses/responses.repository.ts';
import {
  endZone,
  findZone,
  insertCheckpoint,
  insertZone,
  insertZoneMembers,
  levelHistory,
  listCheckpoints,
  listZones,
  memberCandidates,
  setZoneLevel,
  zoneCoverage,
  type ZoneLevel,
} from './zones.repository.ts';

/** Levels the response's scheme allows, in order from the strictest. */
async function schemeOf(database: Database, responseId: number) {
  const response = await findResponse(database.db, responseId);
  if (!response) throw NotFound();
  return { response, levels: ZONE_LEVELS[response.zoneScheme] as readonly ZoneLevel[] };
}

export function zonesService(database: Database, audit: AuditService, assignments: AssignmentsService) {
  const { db } = database;

  async function activeZone(id: number) {
    const zone = await findZone(db, id);
    if (!zone) throw NotFound();
    if (zone.endsAt && zone.endsAt <= new Date()) throw Conflict('zone_ended');
    return zone;
  }

  return {
    /**
     * Draws a risk area. Its members are communities, grids or buildings of the district, none
     * inside another, all inside the caller's scope; its level comes from the response's scheme.
     */
    async draw(actor: SessionUser | null, responseId: number, req: TDrawZoneRequest) {
      if (actor) assertRole(actor, mayCommand);
      const { response, levels } = await schemeOf(database, responseId);
      if (response.status !== 'active') throw Conflict('response_closed');
      if (!levels.includes(req.level)) throw ValidationError('level_not_in_scheme', { level: `label:${req.level}`, levels: `label:scheme_${response.zoneScheme}` });
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
        const zone = await database.transaction(async (tx) => {
          const row = await insertZone(tx.db, { responseId, name: req.name, level: req.level, startsAt: req.startsAt, createdBy: actor?.id ?? null });
          await insertZoneMembers(tx.db, row.id, regionIds, buildingIds);
          return row;
        });
        await audit.record({ userId: actor?.id ?? null, action: 'draw_zone', subjectType: 'zone', subjectId: String(zone.id), details: { before: null, after: { ...zone, regionIds, buildingIds } } });
        return zone;
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('zone_name_taken', { name: req.name });
        throw err;
      }
    },

    /** Changes an area's level; the history keeps every level, who set it and when. */
    async setLevel(actor: SessionUser | null, zoneId: number, level: ZoneLevel, expectedLevel?: ZoneLevel) {
      if (actor) assertRole(actor, mayCommand);
      const zone = await activeZone(zoneId);
      const { response, levels } = await schemeOf(database, zone.responseId);
      if (!levels.includes(level)) throw ValidationError('level_not_in_scheme', { level: `label:${level}`, levels: `label:scheme_${response.zoneScheme}` });
      if (expectedLevel && expectedLevel !== zone.level) throw Conflict('zone_changed');
      if (zone.level === level) throw ValidationError('level_unchanged');
      // The update only applies to the level read here: a change in between makes it a 409.
      const after = await database.transaction((tx) => setZoneLevel(tx.db, zoneId, zone.level, level, actor?.id ?? null));
      if (!after) throw Conflict('zone_changed');
      await audit.record({ userId: actor?.id ?? null, action: 'set_zone_level', subjectType: 'zone', subjectId: String(zoneId), details: { before: { level: zone.level }, after: { level } } });
      return after;
    },

    async end(actor: SessionUser | null, zoneId: number) {
      if (actor) assertRole(actor, mayCommand);
      await activeZone(zoneId);
      const after = await endZone(db, zoneId, new Date());
      if (!after) throw Conflict('zone_ended');
      await audit.record({ userId: actor?.id ?? null, action: 'end_zone', subjectType: 'zone', subjectId: String(zoneId), details: { before: { endsAt: null }, after: { endsAt: after.endsAt } } });
      return after;
    },

    async addCheckpoint(actor: SessionUser | null, zoneId: number, req: { name: string; location?: string }) {
      if (actor) assertRole(actor, mayCommand);
      await activeZone(zoneId);
      try {
        const row = await insertCheckpoint(db, { zoneId, name: req.name, location: req.location ?? null });
        await audit.record({ userId: actor?.id ?? null, action: 'create_checkpoint', subjectType: 'checkpoint', subjectId: String(row.id), details: { before: null, after: row } });
        return row;
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
      const { response, levels } = await schemeOf(database, responseId);
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
        return {
          id: z.id,
          name: z.name,
          level: z.level,
          active: !z.endsAt || z.endsAt > now,
          startsAt: z.startsAt.toISOString(),
          endsAt: z.endsAt ? z.endsAt.toISOString() : null,
          members: members.map((m) => ({ kind: m.kind, id: m.id, name: m.name, level: m.level })),
          residents: members.reduce((a, m) => a + m.residents, 0),
          households: members.reduce((a, m) => a + m.households, 0),
          history: history.filter((h) => h.zoneId === z.id).map((h) => ({ from: (h.fromLevel as ZoneLevel | null) ?? null, to: h.toLevel as ZoneLevel, at: h.changedAt.toISOString(), by: h.changedBy, byName: h.changedByName })),
          checkpoints: cps.filter((c) => c.zoneId === z.id).map((c) => ({ id: c.id, name: c.name, location: c.location, roster: rosters.get(c.id) ?? [] })),
        };
      });
      const byLevel = levels.map((level) => {
        const active = zones.filter((z) => z.active && z.level === level);
        return { level, zones: active.length, residents: active.reduce((a, z) => a + z.residents, 0), households: active.reduce((a, z) => a + z.households, 0) };
      });
      return { scheme: response.zoneScheme, byLevel, zones };
    },
  };
}
export type ZonesService = ReturnType<typeof zonesService>;
