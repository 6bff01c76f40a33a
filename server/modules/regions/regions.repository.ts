import { and, asc, eq, inArray, isNull, like, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/index.ts';
import { csvChunks, numberArray, syncIdentity } from '../../db/bulk.ts';
import { buildings, gridWorkers, households, people, regions } from '../../db/schema/index.ts';

export type RegionRecord = typeof regions.$inferSelect;
export type NewRegion = Pick<RegionRecord, 'id' | 'parentId' | 'level' | 'code' | 'name' | 'path'>;

const regionColumns = {
  id: regions.id,
  parentId: regions.parentId,
  level: regions.level,
  code: regions.code,
  name: regions.name,
  path: regions.path,
  buildingCount: regions.buildingCount,
  householdCount: regions.householdCount,
  residentCount: regions.residentCount,
};

export async function findRegion(db: Db, id: number) {
  const [row] = await db.select(regionColumns).from(regions).where(eq(regions.id, id));
  return row;
}

export async function findRoot(db: Db) {
  const [row] = await db.select(regionColumns).from(regions).where(eq(regions.level, 'district')).limit(1);
  return row;
}

export async function listChildren(db: Db, parentId: number) {
  return db.select(regionColumns).from(regions).where(eq(regions.parentId, parentId)).orderBy(asc(regions.code));
}

/** Number of child regions under each of the given regions. */
export async function countChildren(db: Db, parentIds: number[]) {
  if (parentIds.length === 0) return new Map<number, number>();
  const rows = await db
    .select({ parentId: regions.parentId, n: sql<number>`count(*)::int` })
    .from(regions)
    .where(inArray(regions.parentId, parentIds))
    .groupBy(regions.parentId);
  return new Map(rows.map((r) => [r.parentId!, r.n]));
}

export async function listByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db.select(regionColumns).from(regions).where(inArray(regions.id, ids));
}

/** Every region under a path, by level, for name lookups in imports. */
export async function listTree(db: Db, pathPrefix = '/') {
  return db
    .select({ id: regions.id, parentId: regions.parentId, level: regions.level, code: regions.code, name: regions.name, path: regions.path })
    .from(regions)
    .where(like(regions.path, `${pathPrefix}%`))
    .orderBy(asc(regions.id));
}

export async function searchRegions(db: Db, pathPrefix: string, q: string, limit: number) {
  return db
    .select(regionColumns)
    .from(regions)
    .where(and(like(regions.path, `${pathPrefix}%`), sql`${regions.name} like ${'%' + q.replace(/[%_\\]/g, '\\$&') + '%'}`))
    .orderBy(asc(regions.path))
    .limit(limit);
}

export async function listBuildings(db: Db, gridId: number) {
  return db
    .select({ id: buildings.id, name: buildings.name, householdCount: buildings.householdCount, residentCount: buildings.residentCount })
    .from(buildings)
    .where(eq(buildings.gridId, gridId))
    .orderBy(asc(buildings.id));
}

export async function findBuilding(db: Db, id: number) {
  const [row] = await db
    .select({ id: buildings.id, gridId: buildings.gridId, name: buildings.name, householdCount: buildings.householdCount, residentCount: buildings.residentCount })
    .from(buildings)
    .where(eq(buildings.id, id));
  return row;
}

export async function listHouseholds(db: Db, buildingId: number) {
  return db
    .select({ id: households.id, door: households.door })
    .from(households)
    .where(eq(households.buildingId, buildingId))
    .orderBy(asc(households.door));
}

/** The grid workers in post on these grids (released ones stay in the table as history). */
export async function listGridWorkers(db: Db, gridIds: number[]) {
  if (gridIds.length === 0) return [];
  return db
    .select({ id: gridWorkers.id, gridId: gridWorkers.gridId, personId: people.id, name: people.name, phone: people.phone })
    .from(gridWorkers)
    .innerJoin(people, eq(people.id, gridWorkers.personId))
    .where(and(inArray(gridWorkers.gridId, gridIds), isNull(gridWorkers.endsAt)))
    .orderBy(asc(gridWorkers.gridId), asc(people.id));
}

export async function countRegions(db: Db) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(regions);
  return row.n;
}

/** Adds regions (new towns, communities, grids) with the ids and paths the caller computed. */
export async function insertRegions(tx: Tx, rows: NewRegion[]) {
  await tx.copyCsv('regions', ['id', 'parent_id', 'level', 'code', 'name', 'path'], csvChunks(rows, (r) => [r.id, r.parentId, r.level, r.code, r.name, r.path]));
  await syncIdentity(tx.db, 'regions');
}

export async function nextRegionId(db: Db) {
  const [row] = await db.select({ n: sql<number>`coalesce(max(${regions.id}), 0)::int + 1` }).from(regions);
  return row.n;
}

export async function copyBuildings(tx: Tx, rows: Array<{ id: number; gridId: number; name: string }>) {
  await tx.copyCsv('buildings', ['id', 'grid_id', 'name'], csvChunks(rows, (r) => [r.id, r.gridId, r.name]));
  await syncIdentity(tx.db, 'buildings');
}

export async function copyHouseholds(tx: Tx, rows: Array<{ id: number; buildingId: number; door: string }>) {
  await tx.copyCsv('households', ['id', 'building_id', 'door'], csvChunks(rows, (r) => [r.id, r.buildingId, r.door]));
  await syncIdentity(tx.db, 'households');
}

/**
 * Recomputes the counts shown at every level from the facts (buildings, households, residents);
 * returns how many buildings and regions had a wrong count.
 * With `gridIds`, only those grids' buildings and grids are recounted; the rollup to communities,
 * towns and the district reads the grid rows, so it costs little either way.
 */
export async function refreshCounts(db: Db, gridIds?: number[]): Promise<number> {
  let corrected = 0;
  const run = async (q: SQL) => {
    corrected += (await queryRows(db, q)).length;
  };
  const only = (column: string) => (gridIds ? sql`and ${sql.raw(column)} = any(${sql.param(gridIds)}::int[])` : sql``);
  await run(sql`
    update buildings b set household_count = coalesce(hc.n, 0), resident_count = coalesce(rc.n, 0)
    from buildings b2
    left join (
      select h.building_id, count(*)::int as n from households h join buildings bb on bb.id = h.building_id
      where true ${only('bb.grid_id')} group by h.building_id
    ) hc on hc.building_id = b2.id
    left join (
      select h.building_id, count(*)::int as n from residents r join households h on h.id = r.household_id
      where true ${only('r.grid_id')} group by h.building_id
    ) rc on rc.building_id = b2.id
    where b.id = b2.id ${only('b2.grid_id')}
      and (b.household_count, b.resident_count) is distinct from (coalesce(hc.n, 0), coalesce(rc.n, 0))
    returning b.id`);
  await run(sql`
    update regions g set building_count = c.buildings, household_count = c.households, resident_count = c.residents
    from (
      select g.id, count(b.id)::int as buildings,
             coalesce(sum(b.household_count), 0)::int as households,
             coalesce(sum(b.resident_count), 0)::int as residents
      from regions g left join buildings b on b.grid_id = g.id
      where g.level = 'grid' ${only('g.id')}
      group by g.id
    ) c
    where c.id = g.id and (g.building_count, g.household_count, g.resident_count) is distinct from (c.buildings, c.households, c.residents)
    returning g.id`);
  for (const [level, childLevel] of [['community', 'grid'], ['town', 'community'], ['district', 'town']] as const) {
    await run(sql`
      update regions p set building_count = c.buildings, household_count = c.households, resident_count = c.residents
      from (
        select parent_id as id, sum(building_count)::int as buildings, sum(household_count)::int as households, sum(resident_count)::int as residents
        from regions where level = ${childLevel} group by parent_id
      ) c
      where c.id = p.id and p.level = ${level}
        and (p.building_count, p.household_count, p.resident_count) is distinct from (c.buildings, c.households, c.residents)
      returning p.id`);
  }
  return corrected;
}


/**
 * Rows of `table` keyed by (parent, name), created where missing — buildings by (grid, name),
 * households by (building, door). `ids` maps `parentId/name` → id; `created` lists the parents
 * that got a new row.
 */
async function ensureChildren(db: Db, table: 'buildings' | 'households', parentColumn: string, nameColumn: string, pairs: Array<{ parentId: number; name: string }>) {
  if (pairs.length === 0) return { ids: new Map<string, number>(), created: [] as Array<{ parentId: number }> };
  const [t, p, n] = [sql.raw(`"${table}"`), sql.raw(`"${parentColumn}"`), sql.raw(`"${nameColumn}"`)];
  const parents = sql.param(pairs.map((x) => x.parentId));
  const names = sql.param(pairs.map((x) => x.name));
  const created = await queryRows<{ parentId: number }>(db, sql`
    insert into ${t} (${p}, ${n}) select * from unnest(${parents}::int[], ${names}::text[])
    on conflict (${p}, ${n}) do nothing
    returning ${p} as "parentId"`);
  const rows = await queryRows<{ id: number; parent: number; name: string }>(db, sql`
    select x.id, x.${p} as parent, x.${n} as name from ${t} x
    join unnest(${parents}::int[], ${names}::text[]) as k(parent, name) on x.${p} = k.parent and x.${n} = k.name`);
  return { ids: new Map(rows.map((r) => [`${r.parent}/${r.name}`, r.id])), created };
}

export const ensureBuildings = (db: Db, pairs: Array<{ gridId: number; name: string }>) =>
  ensureChildren(db, 'buildings', 'grid_id', 'name', pairs.map((x) => ({ parentId: x.gridId, name: x.name })));

export const ensureHouseholds = (db: Db, pairs: Array<{ buildingId: number; door: string }>) =>
  ensureChildren(db, 'households', 'building_id', 'door', pairs.map((x) => ({ parentId: x.buildingId, name: x.door })));

export async function findRegionsByCodes(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  return db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes));
}

/** Serialises region imports: ids and codes are computed from what is there. */
export async function lockRegions(db: Db) {
  await db.execute(sql`lock table regions in share row exclusive mode`);
}

/** A region by its code, or by its name when that name is unique. */
export async function findRegionByRef(db: Db, ref: string) {
  const rows = await db.select(regionColumns).from(regions).where(sql`${regions.code} = ${ref} or ${regions.name} = ${ref}`).limit(2);
  const byCode = rows.find((r) => r.code === ref);
  return byCode ?? (rows.length === 1 ? rows[0] : undefined);
}

/** Where households are: their building and grid. */
export async function householdLocations(db: Db, householdIds: number[]) {
  if (householdIds.length === 0) return [];
  return queryRows<{ householdId: number; buildingId: number; gridId: number }>(db, sql`
    select h.id as "householdId", h.building_id as "buildingId", b.grid_id as "gridId"
    from households h join buildings b on b.id = h.building_id
    where h.id = any(${sql.param(householdIds)}::int[])`);
}

export interface CountDelta {
  buildings: number;
  households: number;
  residents: number;
}

/**
 * Adds count changes to buildings and to grids and every region above them, so the browser's
 * counts stay right on each write without recounting; `refreshCounts` rebuilds them from the facts.
 */
export async function applyCountDeltas(db: Db, byBuilding: Map<number, CountDelta>, byGrid: Map<number, CountDelta>) {
  if (byBuilding.size) {
    const ids = [...byBuilding.keys()];
    await db.execute(sql`
      update buildings b set household_count = b.household_count + d.households, resident_count = b.resident_count + d.residents
      from unnest(${sql.param(ids)}::int[], ${sql.param(ids.map((i) => byBuilding.get(i)!.households))}::int[],
                  ${sql.param(ids.map((i) => byBuilding.get(i)!.residents))}::int[]) as d(id, households, residents)
      where b.id = d.id`);
  }
  if (byGrid.size) {
    const ids = [...byGrid.keys()];
    const col = (k: keyof CountDelta) => sql.param(ids.map((i) => byGrid.get(i)![k]));
    await db.execute(sql`
      update regions r set building_count = r.building_count + a.buildings,
        household_count = r.household_count + a.households, resident_count = r.resident_count + a.residents
      from (
        select anc.id, sum(d.buildings)::int as buildings, sum(d.households)::int as households, sum(d.residents)::int as residents
        from unnest(${sql.param(ids)}::int[], ${col('buildings')}::int[], ${col('households')}::int[], ${col('residents')}::int[])
          as d(grid_id, buildings, households, residents)
        join regions g on g.id = d.grid_id
        join regions anc on g.path like anc.path || '%'
        group by anc.id
      ) a
      where r.id = a.id`);
  }
}

/** A building of a community by name (the demo seed finds Lizhiyuan No. 37 this way). */
export async function findBuildingByName(db: Db, communityId: number, name: string) {
  const [row] = await db
    .select({ id: buildings.id })
    .from(buildings)
    .innerJoin(regions, eq(regions.id, buildings.gridId))
    .where(and(eq(regions.parentId, communityId), eq(buildings.name, name)))
    .limit(1);
  return row?.id;
}

/** Sets regions' representative spots (redeployment measures travel by them), in one statement. */
export async function setRegionSpots(db: Db, rows: ReadonlyArray<{ id: number; lat: number; lng: number }>) {
  if (rows.length === 0) return;
  await db.execute(sql`
    update regions r set lat = v.lat, lng = v.lng
    from (select unnest(${numberArray(rows.map((x) => x.id))}::int[]) as id, unnest(${numberArray(rows.map((x) => x.lat))}::float8[]) as lat, unnest(${numberArray(rows.map((x) => x.lng))}::float8[]) as lng) v
    where r.id = v.id`);
}
