import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { roundExemptions, roundPoolSizes, rounds, roundScope, scanSubmissions, tubes } from '../../db/schema/index.ts';

export type RoundRecord = typeof rounds.$inferSelect;
export type ExemptionReason = (typeof roundExemptions.$inferSelect)['reason'];

/** A Postgres array literal for one parameter (`unnest` wants one array, not a list of parameters). */
const intArray = (xs: ReadonlyArray<number | null>) => `{${xs.map((x) => (x === null ? 'NULL' : String(x))).join(',')}}`;
/** Only for values already checked to be plain `[A-Za-z0-9-]`. */
const textArray = (xs: ReadonlyArray<string | null>) => `{${xs.map((x) => (x === null ? 'NULL' : x)).join(',')}}`;

export async function insertRound(
  db: Db,
  r: Pick<RoundRecord, 'responseId' | 'name' | 'startsAt' | 'endsAt' | 'defaultPoolSize'> & { openedBy: number | null },
  scope: { regionIds: number[]; zoneIds: number[] },
  poolSizes: Array<{ level: string; poolSize: number }>,
) {
  const [row] = await db.insert(rounds).values(r).returning();
  const scopeRows = [...scope.regionIds.map((regionId) => ({ roundId: row.id, regionId })), ...scope.zoneIds.map((zoneId) => ({ roundId: row.id, zoneId }))];
  await db.insert(roundScope).values(scopeRows);
  if (poolSizes.length) await db.insert(roundPoolSizes).values(poolSizes.map((p) => ({ roundId: row.id, ...p })));
  return row;
}

export async function findRound(db: Db, id: number) {
  const [row] = await db.select().from(rounds).where(eq(rounds.id, id));
  return row;
}

export async function listRounds(db: Db, responseId: number) {
  return db.select().from(rounds).where(eq(rounds.responseId, responseId)).orderBy(asc(rounds.startsAt), asc(rounds.id));
}

export async function closeRound(db: Db, id: number) {
  const [row] = await db.update(rounds).set({ status: 'closed' }).where(and(eq(rounds.id, id), eq(rounds.status, 'open'))).returning();
  return row;
}

export async function listPoolSizes(db: Db, roundId: number) {
  return db.select({ level: roundPoolSizes.level, poolSize: roundPoolSizes.poolSize }).from(roundPoolSizes).where(eq(roundPoolSizes.roundId, roundId));
}

/** The round's scope as names, and as region paths and single buildings the scope reaches. */
export async function roundScopeOf(db: Db, roundId: number) {
  return queryRows<{ kind: 'region' | 'zone'; id: number; name: string; paths: string[]; buildingIds: number[] }>(db, sql`
    select 'region' as kind, r.id, r.name, array[r.path] as paths, array[]::int[] as "buildingIds"
    from round_scope s join regions r on r.id = s.region_id where s.round_id = ${roundId}
    union all
    select 'zone', z.id, z.name,
      array(select m.path from zone_members zm join regions m on m.id = zm.region_id where zm.zone_id = z.id),
      array(select zm.building_id from zone_members zm where zm.zone_id = z.id and zm.building_id is not null)
    from round_scope s join zones z on z.id = s.zone_id where s.round_id = ${roundId}
    order by 1, 2`);
}

/** Risk levels in force for a response: by region path (community or grid) and by building. */
export async function activeZoneLevels(db: Db, responseId: number) {
  return queryRows<{ level: string; path: string | null; buildingId: number | null }>(db, sql`
    select z.level, r.path, m.building_id as "buildingId"
    from zones z join zone_members m on m.zone_id = z.id left join regions r on r.id = m.region_id
    where z.response_id = ${responseId} and (z.ends_at is null or z.ends_at > now())`);
}

export async function findSubmission(db: Db, id: string) {
  const [row] = await db.select().from(scanSubmissions).where(eq(scanSubmissions.id, id));
  return row;
}

export interface RosterHit { id: number; idNumber: string; gridId: number; buildingId: number; gridPath: string }

/** Residents on the roster by ID number, with where they live. */
export async function residentsByIdNumbers(db: Db, idNumbers: string[]) {
  if (idNumbers.length === 0) return [];
  return queryRows<RosterHit>(db, sql`
    select r.id, r.id_number as "idNumber", r.grid_id as "gridId", h.building_id as "buildingId", g.path as "gridPath"
    from residents r join households h on h.id = r.household_id join regions g on g.id = r.grid_id
    where r.id_number = any(${textArray(idNumbers)}::text[])`);
}

/** Which of these residents (or visitors) have a swab in this round already, and in which tube. */
export async function alreadySampled(db: Db, roundId: number, residentIds: number[], visitorIds: string[]) {
  if (residentIds.length + visitorIds.length === 0) return [];
  return queryRows<{ residentId: number | null; visitorIdNumber: string | null; code: string }>(db, sql`
    select s.resident_id as "residentId", s.visitor_id_number as "visitorIdNumber", t.code
    from samples s join tubes t on t.id = s.tube_id
    where s.round_id = ${roundId} and s.resident_id = any(${intArray(residentIds)}::int[])
    union all
    select null, s.visitor_id_number, t.code
    from samples s join tubes t on t.id = s.tube_id
    where s.round_id = ${roundId} and s.visitor_id_number = any(${textArray(visitorIds)}::text[])`);
}

export async function usedTubeCodes(db: Db, roundId: number, codes: string[]) {
  const rows = await db.select({ code: tubes.code }).from(tubes).where(and(eq(tubes.roundId, roundId), inArray(tubes.code, codes)));
  return rows.map((r) => r.code);
}

export interface BatchTube { code: string; scannedAt: Date; persons: Array<{ residentId: number | null; gridId: number | null; visitorIdNumber: string | null }> }

/**
 * Writes one submission in the caller's transaction: the submission (first, so a concurrent resend
 * of the same id waits here and then finds it), its tubes, their samples, and the counters per
 * grid and per point, in a fixed order so concurrent batches never deadlock. Returns false when
 * the submission was already there.
 */
export async function writeBatch(
  db: Db,
  b: { submissionId: string; roundId: number; pointId: number; by: number | null; tubes: BatchTube[]; persons: number; visitors: number },
) {
  const inserted = await queryRows<{ id: string }>(db, sql`
    insert into scan_submissions (id, round_id, point_id, tubes, persons, visitors, submitted_by)
    values (${b.submissionId}, ${b.roundId}, ${b.pointId}, ${b.tubes.length}, ${b.persons}, ${b.visitors}, ${b.by})
    on conflict (id) do nothing returning id`);
  if (inserted.length === 0) return false;
  const tubeRows = await queryRows<{ id: number; code: string }>(db, sql`
    insert into tubes (round_id, code, point_id, submission_id, persons, scanned_at)
    select ${b.roundId}, code, ${b.pointId}, ${b.submissionId}, n, at
    from unnest(${textArray(b.tubes.map((t) => t.code))}::text[], ${intArray(b.tubes.map((t) => t.persons.length))}::int[], ${`{${b.tubes.map((t) => `"${t.scannedAt.toISOString()}"`).join(',')}}`}::timestamptz[]) as x(code, n, at)
    returning id, code`);
  const idOf = new Map(tubeRows.map((t) => [t.code, Number(t.id)]));
  const all = b.tubes.flatMap((t) => t.persons.map((p) => ({ ...p, tubeId: idOf.get(t.code)! })));
  await db.execute(sql`
    insert into samples (round_id, tube_id, resident_id, grid_id, visitor_id_number)
    select ${b.roundId}, t, r, g, v
    from unnest(${intArray(all.map((p) => p.tubeId))}::bigint[], ${intArray(all.map((p) => p.residentId))}::int[], ${intArray(all.map((p) => p.gridId))}::int[], ${textArray(all.map((p) => p.visitorIdNumber))}::text[]) as x(t, r, g, v)`);
  await db.execute(sql`
    insert into round_grid_counts (round_id, grid_id, tested)
    select ${b.roundId}, g, count(*)::int from unnest(${intArray(all.map((p) => p.gridId))}::int[]) as x(g)
    where g is not null group by g order by g
    on conflict (round_id, grid_id) do update set tested = round_grid_counts.tested + excluded.tested`);
  await db.execute(sql`
    insert into round_point_counts (round_id, point_id, tubes, persons, visitors, last_scan_at)
    values (${b.roundId}, ${b.pointId}, ${b.tubes.length}, ${b.persons}, ${b.visitors}, now())
    on conflict (round_id, point_id) do update set
      tubes = round_point_counts.tubes + excluded.tubes, persons = round_point_counts.persons + excluded.persons,
      visitors = round_point_counts.visitors + excluded.visitors, last_scan_at = excluded.last_scan_at`);
  return true;
}

export async function insertExemption(db: Db, e: { roundId: number; residentId: number; gridId: number; reason: ExemptionReason; note: string | null; by: number | null }) {
  const rows = await queryRows<{ residentId: number }>(db, sql`
    insert into round_exemptions (round_id, resident_id, grid_id, reason, note, recorded_by)
    values (${e.roundId}, ${e.residentId}, ${e.gridId}, ${e.reason}, ${e.note}, ${e.by})
    on conflict do nothing returning resident_id as "residentId"`);
  if (rows.length === 0) return false;
  await db.execute(sql`
    insert into round_grid_counts (round_id, grid_id, exempt) values (${e.roundId}, ${e.gridId}, 1)
    on conflict (round_id, grid_id) do update set exempt = round_grid_counts.exempt + 1`);
  return true;
}

export interface CoverageRow { id: number; name: string; level: string; residents: number; exempt: number; tested: number }

/**
 * Coverage from the maintained counters: the parts of `parentId` (or every grid inside it when
 * `flat`), summed over the grids that the round's scope reaches. Reads ~1,600 grid rows, never a resident.
 */
export async function coverageRows(db: Db, roundId: number, scopePaths: string[], parentPath: string, parentId: number, flat: boolean) {
  const like = textArrayLike(scopePaths);
  return queryRows<CoverageRow>(db, sql`
    with g as (
      select g.id, g.path, g.resident_count, coalesce(c.tested, 0) as tested, coalesce(c.exempt, 0) as exempt
      from regions g left join round_grid_counts c on c.round_id = ${roundId} and c.grid_id = g.id
      where g.level = 'grid' and g.path like ${`${parentPath}%`} and g.path like any(${like}::text[])
    )
    ${flat
      ? sql`select r.id, r.name, r.level, g.resident_count::int as residents, g.exempt::int as exempt, g.tested::int as tested
            from g join regions r on r.id = g.id order by r.path`
      : sql`select r.id, r.name, r.level, sum(g.resident_count)::int as residents, sum(g.exempt)::int as exempt, sum(g.tested)::int as tested
            from regions r join g on g.path like r.path || '%'
            where r.parent_id = ${parentId} group by r.id, r.name, r.level, r.path order by r.path`}`);
}

/** Scope paths as LIKE patterns in one array parameter (paths hold only digits and slashes). */
function textArrayLike(paths: string[]) {
  return `{${paths.map((p) => `${p}%`).join(',')}}`;
}

export async function pointCounts(db: Db, roundId: number) {
  return queryRows<{ pointId: number; name: string; tubes: number; persons: number; visitors: number; lastScanAt: Date | null }>(db, sql`
    select c.point_id as "pointId", p.name, c.tubes, c.persons, c.visitors, c.last_scan_at as "lastScanAt"
    from round_point_counts c join points p on p.id = c.point_id where c.round_id = ${roundId} order by p.name`);
}

export async function roundTotals(db: Db, roundId: number) {
  const [row] = await queryRows<{ tubes: number; visitors: number }>(db, sql`
    select coalesce(sum(tubes), 0)::int as tubes, coalesce(sum(visitors), 0)::int as visitors from round_point_counts where round_id = ${roundId}`);
  return row;
}

/** Residents of a grid or a building with no swab and no exemption this round: the sweep list (扫楼). */
export async function untested(db: Db, roundId: number, place: { gridId: number } | { buildingId: number }) {
  const where = 'gridId' in place ? sql`r.grid_id = ${place.gridId}` : sql`h.building_id = ${place.buildingId}`;
  return queryRows<{ residentId: number; name: string; idNumber: string; phone: string | null; birthDate: string; building: string; door: string; specialGroups: string[] }>(db, sql`
    select r.id as "residentId", r.name, r.id_number as "idNumber", r.phone, r.birth_date::text as "birthDate",
      b.name as building, h.door, r.special_groups as "specialGroups"
    from residents r join households h on h.id = r.household_id join buildings b on b.id = h.building_id
    where ${where}
      and not exists (select 1 from samples s where s.round_id = ${roundId} and s.resident_id = r.id)
      and not exists (select 1 from round_exemptions e where e.round_id = ${roundId} and e.resident_id = r.id)
    order by b.name, h.door, r.id`);
}

/** Recomputes the round's counters from the facts (samples, exemptions, tubes). */
export async function rebuildCounters(db: Db, roundId: number) {
  await db.execute(sql`delete from round_grid_counts where round_id = ${roundId}`);
  await db.execute(sql`
    insert into round_grid_counts (round_id, grid_id, tested, exempt)
    select ${roundId}, grid_id, sum(tested)::int, sum(exempt)::int from (
      select grid_id, count(*) as tested, 0 as exempt from samples where round_id = ${roundId} and grid_id is not null group by grid_id
      union all
      select grid_id, 0, count(*) from round_exemptions where round_id = ${roundId} group by grid_id
    ) x group by grid_id`);
  await db.execute(sql`delete from round_point_counts where round_id = ${roundId}`);
  await db.execute(sql`
    insert into round_point_counts (round_id, point_id, tubes, persons, visitors, last_scan_at)
    select ${roundId}, t.point_id, count(distinct t.id)::int, count(s.id)::int, count(s.visitor_id_number)::int, max(t.scanned_at)
    from tubes t join samples s on s.tube_id = t.id where t.round_id = ${roundId} group by t.point_id`);
}

/** The counters as they stand, to compare before and after a rebuild. */
export async function counterSnapshot(db: Db, roundId: number) {
  const grids = await queryRows<{ gridId: number; tested: number; exempt: number }>(db, sql`
    select grid_id as "gridId", tested, exempt from round_grid_counts where round_id = ${roundId} and (tested > 0 or exempt > 0) order by grid_id`);
  const points = await queryRows<{ pointId: number; tubes: number; persons: number; visitors: number }>(db, sql`
    select point_id as "pointId", tubes, persons, visitors from round_point_counts where round_id = ${roundId} order by point_id`);
  return { grids, points };
}
