import { and, asc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/index.ts';
import { buildings, households, regions, residents } from '../../db/schema/index.ts';

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
};
export type ResidentRecord = Awaited<ReturnType<typeof findResident>> & object;

function located(db: Db) {
  return db
    .select(residentColumns)
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .innerJoin(buildings, eq(buildings.id, households.buildingId))
    .innerJoin(regions, eq(regions.id, residents.gridId));
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
  else match = like(residents.name, `${query.value.replace(/[%_\\]/g, '\\$&')}%`);
  const inScope = like(regions.path, `${scopePath}%`);
  const where = and(match, inScope);
  const rows = await located(db)
    .where(where)
    .orderBy(asc(residents.name), asc(residents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [{ n }] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (
      select 1 from ${residents} join ${regions} on ${regions.id} = ${residents.gridId}
      where ${where} limit ${SEARCH_COUNT_CAP + 1}
    ) t`).then((r) => r.rows);
  return { rows, total: Math.min(n, SEARCH_COUNT_CAP), capped: n > SEARCH_COUNT_CAP };
}

export async function countResidents(db: Db) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(residents);
  return row.n;
}

