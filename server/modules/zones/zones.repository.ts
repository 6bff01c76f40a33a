import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { checkpoints, responses, riskLevels, riskSchemes, users, zoneLevelChanges, zoneMembers, zones } from '../../db/schema/index.ts';

export type ZoneRecord = typeof zones.$inferSelect;
export type ZoneLevel = ZoneRecord['level'];

/** Not lifted yet: no end, or an end still to come that is after its start (equal: called off before it started). */
const notEnded = (at: Date) => or(isNull(zones.endsAt), gt(zones.endsAt, sql`greatest(${zones.startsAt}, ${at.toISOString()}::timestamptz)`));

/** Every scheme with its levels, strictest first. */
export async function listSchemes(db: Db) {
  const schemes = await db.select().from(riskSchemes).orderBy(asc(riskSchemes.code));
  const levels = await db.select().from(riskLevels).orderBy(asc(riskLevels.scheme), asc(riskLevels.rank));
  return schemes.map((s) => ({ ...s, levels: levels.filter((l) => l.scheme === s.code).map(({ code, rank, nameZh, nameEn }) => ({ code, rank, nameZh, nameEn })) }));
}

/** Takes the response's row lock, so two areas of one response are drawn one after the other. */
export async function lockResponse(db: Db, responseId: number) {
  await db.select({ id: responses.id }).from(responses).where(eq(responses.id, responseId)).for('update');
}

/**
 * Areas of the response, not lifted, whose period meets [startsAt, endsAt) and which cover one of
 * the given paths or lie inside one of them (a path inside another: a grid of a community, a building
 * of a grid — building paths as memberCandidates makes them). One row per area.
 */
export async function overlappingZones(db: Db, responseId: number, paths: string[], startsAt: Date, endsAt: Date | null) {
  return queryRows<{ id: number; name: string }>(db, sql`
    select distinct z.id, z.name from zones z
    join zone_members m on m.zone_id = z.id
    left join regions r on r.id = m.region_id
    left join buildings b on b.id = m.building_id left join regions g on g.id = b.grid_id
    cross join lateral (select coalesce(r.path, g.path || 'b' || b.id || '/') as path) p
    join unnest(${sql.param(paths)}::text[]) as mine(path) on mine.path like p.path || '%' or p.path like mine.path || '%'
    where z.response_id = ${responseId} and (z.ends_at is null or z.ends_at > greatest(z.starts_at, now()))
      and (z.ends_at is null or z.ends_at > ${startsAt.toISOString()}::timestamptz)
      and (${endsAt?.toISOString() ?? null}::timestamptz is null or z.starts_at < ${endsAt?.toISOString() ?? null}::timestamptz)
    order by z.id`);
}

export async function insertZone(db: Db, z: Pick<ZoneRecord, 'responseId' | 'name' | 'scheme' | 'level'> & { startsAt?: Date; endsAt?: Date; createdBy: number | null }) {
  const [row] = await db.insert(zones).values(z).returning();
  await db.insert(zoneLevelChanges).values({ zoneId: row.id, fromLevel: null, toLevel: row.level, changedBy: z.createdBy });
  return row;
}

export async function insertZoneMembers(db: Db, zoneId: number, regionIds: number[], buildingIds: number[]) {
  const rows = [...regionIds.map((regionId) => ({ zoneId, regionId })), ...buildingIds.map((buildingId) => ({ zoneId, buildingId }))];
  if (rows.length) await db.insert(zoneMembers).values(rows);
}

export async function findZone(db: Db, id: number) {
  const [row] = await db.select().from(zones).where(eq(zones.id, id));
  return row;
}

export async function listZones(db: Db, responseId: number) {
  return db.select().from(zones).where(eq(zones.responseId, responseId)).orderBy(asc(zones.id));
}

export async function setZoneLevel(db: Db, id: number, from: ZoneLevel, to: ZoneLevel, by: number | null) {
  const [row] = await db.update(zones).set({ level: to }).where(and(eq(zones.id, id), eq(zones.level, from), notEnded(new Date()))).returning();
  if (row) await db.insert(zoneLevelChanges).values({ zoneId: id, fromLevel: from, toLevel: to, changedBy: by });
  return row;
}

/** Ends an area not lifted yet at `at`, or at its start if that is still to come (it never comes into force). */
export async function endZone(db: Db, id: number, at: Date) {
  const [row] = await db
    .update(zones)
    .set({ endsAt: sql`greatest(${zones.startsAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(zones.id, id), notEnded(at)))
    .returning();
  return row;
}

/** Every level change of the zones, oldest first, with the display name of the account that made it. */
export async function levelHistory(db: Db, zoneIds: number[]) {
  if (zoneIds.length === 0) return [];
  return db
    .select({ zoneId: zoneLevelChanges.zoneId, fromLevel: zoneLevelChanges.fromLevel, toLevel: zoneLevelChanges.toLevel, changedAt: zoneLevelChanges.changedAt, changedBy: zoneLevelChanges.changedBy, changedByName: users.displayName })
    .from(zoneLevelChanges)
    .leftJoin(users, eq(users.id, zoneLevelChanges.changedBy))
    .where(inArray(zoneLevelChanges.zoneId, zoneIds))
    .orderBy(asc(zoneLevelChanges.changedAt), asc(zoneLevelChanges.id));
}

/**
 * What each zone covers and how many live there, from the maintained counts of its regions
 * and buildings (no resident row is read). `path` lets the caller check scope.
 */
export async function zoneCoverage(db: Db, zoneIds: number[]) {
  if (zoneIds.length === 0) return [];
  return queryRows<{ zoneId: number; kind: 'region' | 'building'; id: number; name: string; level: string; path: string; residents: number; households: number }>(db, sql`
    select m.zone_id as "zoneId", 'region' as kind, r.id, r.name, r.level, r.path, r.resident_count as residents, r.household_count as households
    from zone_members m join regions r on r.id = m.region_id where m.zone_id = any(${sql.param(zoneIds)}::int[])
    union all
    select m.zone_id, 'building', b.id, b.name, 'building', g.path, b.resident_count, b.household_count
    from zone_members m join buildings b on b.id = m.building_id join regions g on g.id = b.grid_id where m.zone_id = any(${sql.param(zoneIds)}::int[])
    order by 1, 2, 3`);
}

/** Regions and buildings by id with their paths, to check a zone's members before it is drawn. */
export async function memberCandidates(db: Db, regionIds: number[], buildingIds: number[]) {
  return queryRows<{ kind: 'region' | 'building'; id: number; level: string; path: string }>(db, sql`
    select 'region' as kind, id, level, path from regions where id = any(${sql.param(regionIds)}::int[])
    union all
    select 'building', b.id, 'building', g.path || 'b' || b.id || '/' from buildings b join regions g on g.id = b.grid_id where b.id = any(${sql.param(buildingIds)}::int[])`);
}

export async function insertCheckpoint(db: Db, c: { zoneId: number; name: string; location: string | null }) {
  const [row] = await db.insert(checkpoints).values(c).returning();
  return row;
}

export async function findCheckpoint(db: Db, id: number) {
  const [row] = await db.select().from(checkpoints).where(eq(checkpoints.id, id));
  return row;
}

export async function listCheckpoints(db: Db, zoneIds: number[]) {
  if (zoneIds.length === 0) return [];
  return db.select().from(checkpoints).where(inArray(checkpoints.zoneId, zoneIds)).orderBy(asc(checkpoints.id));
}
