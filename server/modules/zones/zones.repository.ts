import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { checkpoints, riskLevels, riskSchemes, users, zoneLevelChanges, zoneMembers, zones } from '../../db/schema/index.ts';

export type ZoneRecord = typeof zones.$inferSelect;
export type ZoneLevel = ZoneRecord['level'];

/** A moment for SQL: the given one, or the database's now. */
const moment = (at?: Date) => (at ? sql`${at.toISOString()}::timestamptz` : sql`now()`);

/**
 * 风险区在生效: the zone row `alias` is in force at `at` (default now): started and not ended.
 * The one definition every query that counts areas uses; zoneState below is its twin in TypeScript.
 */
export const zoneInForce = (alias: string, at?: Date) =>
  sql`(${sql.raw(alias)}.starts_at <= ${moment(at)} and (${sql.raw(alias)}.ends_at is null or ${sql.raw(alias)}.ends_at > ${moment(at)}))`;

/** Not lifted at `at`: in force, or still to start. An end at its start means called off before it started. */
export const zoneNotEnded = (alias: string, at?: Date) =>
  sql`(${sql.raw(alias)}.ends_at is null or ${sql.raw(alias)}.ends_at > greatest(${sql.raw(alias)}.starts_at, ${moment(at)}))`;

/** Where an area is in force at `now`, planned, or lifted: zoneInForce and zoneNotEnded in TypeScript, for rows already read. */
export function zoneState(z: Pick<ZoneRecord, 'startsAt' | 'endsAt'>, now: Date) {
  if (z.endsAt && (z.endsAt <= now || z.endsAt <= z.startsAt)) return 'lifted' as const;
  return z.startsAt > now ? ('planned' as const) : ('active' as const);
}

/**
 * Where an area lies for its checkpoints, as a lateral subquery of the zone id (region_id, path):
 * the smallest path among what it covers (a community or grid, or a building's grid). The gaps
 * report, shift posts and checkpointPlace all use it, so a checkpoint is in one place for all.
 */
export const zonePlace = (zoneId: SQL) => sql`(
  select coalesce(r.id, g.id) as region_id, coalesce(r.path, g.path) as path from zone_members m
  left join regions r on r.id = m.region_id left join buildings b on b.id = m.building_id left join regions g on g.id = b.grid_id
  where m.zone_id = ${zoneId} order by 2 limit 1)`;

/**
 * A checkpoint with where it lies (zonePlace), its area and response, and whether the area is
 * lifted (a lifted area's checkpoints are no longer manned).
 */
export async function checkpointPlace(db: Db, checkpointId: number) {
  const [row] = await queryRows<{ zoneId: number; responseId: number; responseStatus: 'active' | 'closed'; regionId: number | null; path: string | null; lifted: boolean }>(db, sql`
    select z.id as "zoneId", z.response_id as "responseId", rs.status as "responseStatus", p.region_id as "regionId", p.path, not ${zoneNotEnded('z')} as lifted
    from checkpoints k join zones z on z.id = k.zone_id join responses rs on rs.id = z.response_id
    left join lateral ${zonePlace(sql`z.id`)} p on true
    where k.id = ${checkpointId}`);
  return row;
}

/** Every scheme with its levels, strictest first. */
export async function listSchemes(db: Db) {
  const schemes = await db.select().from(riskSchemes).orderBy(asc(riskSchemes.code));
  const levels = await db.select().from(riskLevels).orderBy(asc(riskLevels.scheme), asc(riskLevels.rank));
  return schemes.map((s) => ({ ...s, levels: levels.filter((l) => l.scheme === s.code).map(({ code, rank, nameZh, nameEn }) => ({ code, rank, nameZh, nameEn })) }));
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
    where z.response_id = ${responseId} and ${zoneNotEnded('z')}
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
  const [row] = await db.update(zones).set({ level: to }).where(and(eq(zones.id, id), eq(zones.level, from), zoneNotEnded('zones'))).returning();
  if (row) await db.insert(zoneLevelChanges).values({ zoneId: id, fromLevel: from, toLevel: to, changedBy: by });
  return row;
}

/**
 * Lifts at `at` the areas not lifted yet — one area, or every area of a response — and returns
 * them as they are now. One still to start ends at its start: it is called off and never comes
 * into force (the period check allows an end equal to the start).
 */
export async function liftZones(db: Db, which: { zoneId: number } | { responseId: number }, at: Date) {
  return db
    .update(zones)
    .set({ endsAt: sql`greatest(${zones.startsAt}, ${at.toISOString()}::timestamptz)` })
    .where(and('zoneId' in which ? eq(zones.id, which.zoneId) : eq(zones.responseId, which.responseId), zoneNotEnded('zones', at)))
    .returning();
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

export async function listCheckpoints(db: Db, zoneIds: number[]) {
  if (zoneIds.length === 0) return [];
  return db.select().from(checkpoints).where(inArray(checkpoints.zoneId, zoneIds)).orderBy(asc(checkpoints.id));
}
