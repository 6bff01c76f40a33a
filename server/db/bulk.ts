import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from './client.ts';
import { csvField } from '../lib/csv.ts';

/** Rows → CSV text in chunks, for Tx.copyCsv. */
export function* csvChunks<T>(rows: readonly T[], fields: (row: T) => Array<string | number | boolean | null | undefined>, chunkRows = 20_000) {
  for (let i = 0; i < rows.length; i += chunkRows) {
    let out = '';
    for (const row of rows.slice(i, i + chunkRows)) out += fields(row).map(csvField).join(',') + '\n';
    yield out;
  }
}

/** A Postgres array literal for one parameter (`unnest` and `= any` want one array, not a list of parameters); cast it in SQL (`::int[]`, `::float8[]`). */
export const numberArray = (xs: ReadonlyArray<number | null>) => `{${xs.map((x) => (x === null ? 'NULL' : String(x))).join(',')}}`;
/** The same for text (also a text[] field for COPY): every element quoted, so no value (a comma, a brace, the word NULL) can change the array. */
export const textArray = (xs: ReadonlyArray<string | null>) => `{${xs.map((x) => (x === null ? 'NULL' : `"${x.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

/** After rows were loaded with explicit ids, moves the identity sequence past them. */
export async function syncIdentity(db: Db, table: string): Promise<void> {
  await db.execute(
    sql.raw(`select setval(pg_get_serial_sequence('"${table}"', 'id'), greatest((select max(id) from "${table}"), 1))`),
  );
}

export type { Tx };

/** The PostgreSQL SQLSTATE of an error from either engine (drizzle may wrap it). */
export function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}
export const UNIQUE_VIOLATION = '23505';

/**
 * Runs a bulk load into `table` with its secondary indexes, unique and foreign-key constraints
 * lifted, then puts every one back exactly as the migrations defined it (read from the catalog)
 * — one sort per index and one join per foreign key instead of a check per row.
 * Inside the caller's transaction: if anything fails, nothing was dropped.
 */
export async function withConstraintsLifted<T>(tx: Tx, table: string, load: () => Promise<T>): Promise<T> {
  const rel = `"${table}"`;
  const constraints = await queryRows<{ name: string; def: string }>(tx.db, sql.raw(`
      select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = '${rel}'::regclass and contype in ('f', 'u')
        and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.confrelid = '${rel}'::regclass and f.conindid = pg_constraint.conindid)
      order by contype desc`));
  const indexes = await queryRows<{ name: string; def: string }>(tx.db, sql.raw(`
      select c.relname as name, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = '${rel}'::regclass and not i.indisprimary
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`));
  for (const c of constraints) await tx.db.execute(sql.raw(`alter table ${rel} drop constraint "${c.name}"`));
  for (const i of indexes) await tx.db.execute(sql.raw(`drop index "${i.name}"`));
  const result = await load();
  for (const i of indexes) await tx.db.execute(sql.raw(i.def));
  for (const c of [...constraints].reverse()) await tx.db.execute(sql.raw(`alter table ${rel} add constraint "${c.name}" ${c.def}`));
  return result;
}

/**
 * Refreshes the planner's statistics after a bulk write. The embedded engine has no autovacuum,
 * so without this a freshly loaded table is planned as if empty (seconds instead of milliseconds).
 */
export async function analyze(db: Db, tables: readonly string[]): Promise<void> {
  await db.execute(sql.raw(`analyze ${tables.map((t) => `"${t}"`).join(', ')}`));
}
