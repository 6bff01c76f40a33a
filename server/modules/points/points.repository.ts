import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { pointCheckins, points, pointServedRegions, pointSites, pointStatusChanges, people, regions, teamRoles, users } from '../../db/schema/index.ts';

export type PointRecord = typeof points.$inferSelect;
export type PointStatus = PointRecord['status'];
export type QueueStatus = NonNullable<PointRecord['queueStatus']>;
export type Shift = (typeof pointCheckins.$inferSelect)['shift'];
export interface ShiftRef { shiftDate: string; shift: Shift }

export async function insertPoint(
  db: Db,
  p: Pick<PointRecord, 'name' | 'regionId' | 'desks' | 'opensAt' | 'closesAt'> & { status?: PointStatus; address: string; lat: number | null; lng: number | null; servedRegionIds: number[]; by: number | null; at: Date },
) {
  const [row] = await db
    .insert(points)
    .values({ name: p.name, regionId: p.regionId, desks: p.desks, opensAt: p.opensAt, closesAt: p.closesAt, status: p.status ?? 'planned' })
    .returning();
  await db.insert(pointSites).values({ pointId: row.id, address: p.address, lat: p.lat, lng: p.lng, since: p.at });
  await db.insert(pointServedRegions).values(p.servedRegionIds.map((regionId) => ({ pointId: row.id, regionId })));
  await db.insert(pointStatusChanges).values({ pointId: row.id, fromStatus: null, toStatus: row.status, changedBy: p.by });
  return row;
}

export async function findPoint(db: Db, id: number) {
  const [row] = await db
    .select({ point: points, path: regions.path, regionName: regions.name })
    .from(points)
    .innerJoin(regions, eq(regions.id, points.regionId))
    .where(eq(points.id, id));
  return row;
}

/** Changes the status only if it is still `from`; returns nothing when someone changed it first. */
export async function setPointStatus(db: Db, id: number, from: PointStatus, to: PointStatus, by: number | null) {
  const [row] = await db.update(points).set({ status: to }).where(and(eq(points.id, id), eq(points.status, from))).returning();
  if (row) await db.insert(pointStatusChanges).values({ pointId: id, fromStatus: from, toStatus: to, changedBy: by });
  return row;
}

/** Ends the current site and opens the new one; the point keeps its id, so everything on it moves along. */
export async function moveSite(db: Db, pointId: number, to: { address: string; lat: number | null; lng: number | null }, reason: string, by: number | null, at: Date) {
  const [old] = await db
    .update(pointSites)
    .set({ until: at, movedReason: reason, movedBy: by })
    .where(and(eq(pointSites.pointId, pointId), isNull(pointSites.until)))
    .returning();
  const [site] = await db.insert(pointSites).values({ pointId, address: to.address, lat: to.lat, lng: to.lng, since: at }).returning();
  return { old, site };
}

export async function reportQueue(db: Db, id: number, status: QueueStatus, at: Date) {
  const [row] = await db.update(points).set({ queueStatus: status, queueReportedAt: at }).where(eq(points.id, id)).returning();
  return row;
}

export async function listSites(db: Db, pointId: number) {
  return db.select().from(pointSites).where(eq(pointSites.pointId, pointId)).orderBy(desc(pointSites.since), desc(pointSites.id));
}

export async function listServedRegions(db: Db, pointId: number) {
  return db
    .select({ id: regions.id, name: regions.name, level: regions.level, path: regions.path })
    .from(pointServedRegions)
    .innerJoin(regions, eq(regions.id, pointServedRegions.regionId))
    .where(eq(pointServedRegions.pointId, pointId))
    .orderBy(asc(regions.path));
}

export async function statusHistory(db: Db, pointId: number) {
  return db
    .select({ from: pointStatusChanges.fromStatus, to: pointStatusChanges.toStatus, at: pointStatusChanges.changedAt, by: users.displayName })
    .from(pointStatusChanges)
    .leftJoin(users, eq(users.id, pointStatusChanges.changedBy))
    .where(eq(pointStatusChanges.pointId, pointId))
    .orderBy(desc(pointStatusChanges.changedAt), desc(pointStatusChanges.id));
}

export async function listTeamRoles(db: Db) {
  return db.select().from(teamRoles).orderBy(asc(teamRoles.position));
}

/** Who is checked in (and not out) at a point for a shift. */
export async function liveCheckins(db: Db, pointId: number, s: ShiftRef) {
  return db
    .select({ checkinId: pointCheckins.id, personId: people.id, name: people.name, role: pointCheckins.role, checkedInAt: pointCheckins.checkedInAt })
    .from(pointCheckins)
    .innerJoin(people, eq(people.id, pointCheckins.personId))
    .where(and(eq(pointCheckins.pointId, pointId), eq(pointCheckins.shiftDate, s.shiftDate), eq(pointCheckins.shift, s.shift), isNull(pointCheckins.checkedOutAt)))
    .orderBy(asc(pointCheckins.role), asc(pointCheckins.id));
}

export async function insertCheckin(db: Db, c: ShiftRef & { pointId: number; personId: number; role: string; by: number | null; at: Date }) {
  const [row] = await db
    .insert(pointCheckins)
    .values({ pointId: c.pointId, shiftDate: c.shiftDate, shift: c.shift, personId: c.personId, role: c.role, checkedInBy: c.by, checkedInAt: c.at })
    .returning();
  return row;
}

/** Where a person is checked in for a shift, if anywhere. */
export async function findLiveCheckinOfPerson(db: Db, personId: number, s: ShiftRef) {
  const [row] = await db
    .select({ id: pointCheckins.id, pointId: pointCheckins.pointId, pointName: points.name })
    .from(pointCheckins)
    .innerJoin(points, eq(points.id, pointCheckins.pointId))
    .where(and(eq(pointCheckins.personId, personId), eq(pointCheckins.shiftDate, s.shiftDate), eq(pointCheckins.shift, s.shift), isNull(pointCheckins.checkedOutAt)));
  return row;
}

export async function findCheckin(db: Db, id: number) {
  const [row] = await db.select().from(pointCheckins).where(eq(pointCheckins.id, id));
  return row;
}

export async function checkOut(db: Db, id: number, at: Date) {
  const [row] = await db.update(pointCheckins).set({ checkedOutAt: at }).where(and(eq(pointCheckins.id, id), isNull(pointCheckins.checkedOutAt))).returning();
  return row;
}

export interface PointSummaryRow {
  id: number;
  name: string;
  status: PointStatus;
  regionId: number;
  regionName: string;
  path: string;
  address: string;
  desks: number;
  opensAt: string;
  closesAt: string;
  queueStatus: QueueStatus | null;
  chief: string | null;
  teamPresent: number;
  teamRequired: number;
  teamComplete: boolean;
}

/**
 * Points standing inside `pathPrefix`, each with its current address, its chiefs' names and this
 * shift's team: how many are checked in and whether every role of the composition is filled.
 */
export async function listPointSummaries(db: Db, f: ShiftRef & { pathPrefix: string; status?: PointStatus; name?: string; id?: number }) {
  const name = f.name ? `%${f.name.replace(/[%_\\]/g, '\\$&')}%` : null;
  return queryRows<PointSummaryRow>(db, sql`
    select p.id, p.name, p.status, p.region_id as "regionId", r.name as "regionName", r.path, s.address, p.desks,
      p.opens_at as "opensAt", p.closes_at as "closesAt", p.queue_status as "queueStatus",
      (select string_agg(pe.name, '、' order by a.id) from assignments a join people pe on pe.id = a.person_id
        where a.unit_type = 'point' and a.unit_id = p.id and a.role = 'point_chief' and a.ends_at is null) as chief,
      coalesce(c.present, 0)::int as "teamPresent",
      (select coalesce(sum(tr.required), 0) from team_roles tr)::int as "teamRequired",
      not exists (
        select 1 from team_roles tr
        where tr.required > coalesce((c.by_role ->> tr.role)::int, 0)
      ) as "teamComplete"
    from points p
    join regions r on r.id = p.region_id
    join point_sites s on s.point_id = p.id and s.until is null
    left join lateral (
      select sum(n)::int as present, jsonb_object_agg(role, n) as by_role from (
        select ci.role, count(*)::int as n from point_checkins ci
        where ci.point_id = p.id and ci.shift_date = ${f.shiftDate} and ci.shift = ${f.shift} and ci.checked_out_at is null
        group by ci.role
      ) x
    ) c on true
    where r.path like ${`${f.pathPrefix}%`}
      ${f.status ? sql`and p.status = ${f.status}` : sql``}
      ${name ? sql`and p.name like ${name}` : sql``}
      ${f.id ? sql`and p.id = ${f.id}` : sql``}
    order by r.path, p.name`);
}

export interface PublicPointRow {
  id: number;
  name: string;
  status: 'open' | 'paused' | 'relocating';
  address: string;
  lat: number | null;
  lng: number | null;
  opensAt: string;
  closesAt: string;
  town: string;
  serves: string[];
  queueStatus: QueueStatus | null;
  queueReportedAt: Date | null;
  lastScanAt: Date | null;
  roundOn: boolean;
  movedFrom: string | null;
}

/** Every point residents can go to now, with where it moved from in the last day. */
export async function listPublicPoints(db: Db, at: Date) {
  return queryRows<PublicPointRow>(db, sql`
    select p.id, p.name, p.status, s.address, s.lat, s.lng, p.opens_at as "opensAt", p.closes_at as "closesAt", t.name as town,
      array(
        select case when sr.level = 'grid' then sp.name || sr.name else sr.name end
        from point_served_regions ps join regions sr on sr.id = ps.region_id join regions sp on sp.id = sr.parent_id
        where ps.point_id = p.id order by sp.path, length(sr.name), sr.name) as serves,
      p.queue_status as "queueStatus", p.queue_reported_at as "queueReportedAt",
      (select max(c.last_scan_at) from round_point_counts c join rounds rd on rd.id = c.round_id where c.point_id = p.id and rd.status = 'open') as "lastScanAt",
      exists (select 1 from rounds rd where rd.status = 'open' and ${at.toISOString()}::timestamptz between rd.starts_at and rd.ends_at) as "roundOn",
      (select o.address from point_sites o where o.point_id = p.id and o.until > now() - interval '1 day' order by o.until desc limit 1) as "movedFrom"
    from points p
    join point_sites s on s.point_id = p.id and s.until is null
    join regions r on r.id = p.region_id
    join regions t on t.id = r.parent_id
    where p.status in ('open', 'paused', 'relocating')
    order by t.path, p.name`);
}

/** Whether the person is the live point chief of the point. */
export async function isPointChief(db: Db, pointId: number, personId: number) {
  const rows = await queryRows<{ one: number }>(db, sql`
    select 1 as one from assignments a
    where a.unit_type = 'point' and a.unit_id = ${pointId} and a.role = 'point_chief' and a.person_id = ${personId} and a.ends_at is null`);
  return rows.length > 0;
}

export async function countPoints(db: Db) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(points);
  return n;
}

/** Bulk set-up of many points at once (the demo district's 146), in the caller's transaction. */
export async function insertPointsBulk(
  db: Db,
  rows: Array<{ name: string; regionId: number; status: PointStatus; address: string; lat: number | null; lng: number | null; servedRegionIds: number[] }>,
  at: Date,
) {
  if (rows.length === 0) return [];
  const created = await db.insert(points).values(rows.map((p) => ({ name: p.name, regionId: p.regionId, status: p.status }))).returning({ id: points.id, name: points.name });
  const idOf = new Map(created.map((c) => [c.name, c.id]));
  await db.insert(pointSites).values(rows.map((p) => ({ pointId: idOf.get(p.name)!, address: p.address, lat: p.lat, lng: p.lng, since: at })));
  await db.insert(pointServedRegions).values(rows.flatMap((p) => p.servedRegionIds.map((regionId) => ({ pointId: idOf.get(p.name)!, regionId }))));
  await db.insert(pointStatusChanges).values(rows.map((p) => ({ pointId: idOf.get(p.name)!, fromStatus: null, toStatus: p.status })));
  return created;
}

export async function insertCheckinsBulk(db: Db, rows: Array<ShiftRef & { pointId: number; personId: number; role: string; checkedInAt: Date }>) {
  if (rows.length) await db.insert(pointCheckins).values(rows);
}
