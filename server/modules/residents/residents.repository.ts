import { and, asc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type Db, type Tx } from '../../db/index.ts';
import { analyze, csvChunks } from '../../db/bulk.ts';
import { buildings, households, regions, residents } from '../../db/schema/index.ts';

const community = alias(regions, 'community');
const town = alias(regions, 'town');

export const RESIDENT_COPY_COLUMNS = ['id_number', 'name', 'gender', 'birth_date', 'phone', 'household_id', 'grid_id', 'special_groups'] as const;

/** Loads residents from CSV in RESIDENT_COPY_COLUMNS order; for the demo seed into an empty table. */
export async function copyResidents(tx: Tx, csv: Iterable<string>) {
  await tx.copyCsv('residents', RESIDENT_COPY_COLUMNS, csv);
}

const residentColumns = {
  id: residents.id,
  idNumber: residents.idNumber,
  name: residents.name,
  gender: residents.gender,
  birthDate: residents.birthDate,
  phone: residents.phone,
  specialGroups: residents.specialGroups,
  householdId: residents.householdId,
  gridId: residents.gridId,
  door: households.door,
  buildingId: buildings.id,
  buildingName: buildings.name,
  gridName: regions.name,
  gridPath: regions.path,
  communityName: community.name,
  townName: town.name,
};
export type ResidentRecord = Awaited<ReturnType<typeof findResident>> & object;

function located(db: Db) {
  return db
    .select(residentColumns)
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .innerJoin(regions, eq(regions.id, residents.gridId))
    .innerJoin(community, eq(community.id, regions.parentId))
    .innerJoin(town, eq(town.id, community.parentId));
}

export async function findResident(db: Db, id: number) {
  const [row] = await located(db).where(eq(residents.id, id));
  return row;
}

export async function listByHouseholds(db: Db, householdIds: number[]) {
  if (householdIds.length === 0) return [];
  return located(db).where(inArray(residents.householdId, householdIds)).orderBy(asc(residents.householdId), asc(residents.birthDate));
}

export type ResidentQuery =
  | { kind: 'id_number'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'name'; value: string };

const SEARCH_COUNT_CAP = 1000;

/** Residents inside `scopePath` that match the query, one page of them and a count capped at 1,000. */
export async function searchResidents(db: Db, scopePath: string, query: ResidentQuery, page: number, pageSize: number) {
  let match: SQL;
  if (query.kind === 'id_number') match = eq(residents.idNumber, query.value);
  else if (query.kind === 'phone') match = eq(residents.phone, query.value);
  else match = sql`${residents.name} collate "C" like ${`${query.value.replace(/[%_\\]/g, '\\$&')}%`}`;
  const inScope = like(regions.path, `${scopePath}%`);
  const where = and(match, inScope);
  const rows = await located(db)
    .where(where)
    .orderBy(sql`${residents.name} collate "C"`, asc(residents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [{ n }] = await queryRows<{ n: number }>(db, sql`
    select count(*)::int as n from (
      select 1 from ${residents} join ${regions} on ${regions.id} = ${residents.gridId}
      where ${where} limit ${SEARCH_COUNT_CAP + 1}
    ) t`);
  return { rows, total: Math.min(n, SEARCH_COUNT_CAP), capped: n > SEARCH_COUNT_CAP };
}

export async function countResidents(db: Db) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(residents);
  return row.n;
}


export interface ResidentUpsert {
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  phone: string | null;
  householdId: number;
  gridId: number;
  specialGroups: string[];
}

/**
 * Upserts residents by ID number through a staging table loaded with COPY. A row whose values
 * are all unchanged is not touched, so re-importing a file changes nothing.
 * Returns each changed row's new household and, for an update, its household before.
 */
export async function upsertResidents(tx: Tx, rows: ResidentUpsert[]) {
  await tx.db.execute(sql`
    create temp table import_residents (
      id_number text primary key, name text not null, gender text not null, birth_date date not null,
      phone text, household_id int not null, grid_id int not null, special_groups text[] not null
    ) on commit drop`);
  await tx.copyCsv(
    'import_residents',
    RESIDENT_COPY_COLUMNS,
    csvChunks(rows, (r) => [r.idNumber, r.name, r.gender, r.birthDate, r.phone, r.householdId, r.gridId, `{${r.specialGroups.join(',')}}`]),
  );
  // Every CTE reads the snapshot before the insert, so `before` holds the old households.
  return queryRows<{ householdId: number; previousHouseholdId: number | null }>(tx.db, sql`
    with before as (
      select r.id_number, r.household_id from residents r join import_residents i on i.id_number = r.id_number
    ), up as (
      insert into residents (id_number, name, gender, birth_date, phone, household_id, grid_id, special_groups)
      select id_number, name, gender, birth_date, phone, household_id, grid_id, special_groups from import_residents
      on conflict (id_number) do update set
        name = excluded.name, gender = excluded.gender, birth_date = excluded.birth_date, phone = excluded.phone,
        household_id = excluded.household_id, grid_id = excluded.grid_id, special_groups = excluded.special_groups,
        updated_at = now()
      where (residents.name, residents.gender, residents.birth_date, residents.phone, residents.household_id, residents.grid_id, residents.special_groups)
        is distinct from (excluded.name, excluded.gender, excluded.birth_date, excluded.phone, excluded.household_id, excluded.grid_id, excluded.special_groups)
      returning id_number, household_id
    )
    select up.household_id as "householdId", before.household_id as "previousHouseholdId"
    from up left join before on before.id_number = up.id_number`);
}

/** Planner statistics for the roster tables, after a large write. */
export const analyzeRoster = (db: Db) => analyze(db, ['buildings', 'households', 'residents']);
