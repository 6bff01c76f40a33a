import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite, type Transaction as PGliteTransaction } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The drizzle handle every repository takes: the same type on both engines. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** What a transaction offers: the drizzle handle, and COPY for bulk loads. */
export interface Tx {
  db: Db;
  /** Streams CSV rows (no header) into `table (columns)` with COPY. */
  copyCsv(table: string, columns: readonly string[], csv: AsyncIterable<string> | Iterable<string>): Promise<void>;
}

export interface Database {
  readonly kind: 'embedded' | 'postgres';
  /** For reads and single statements outside a transaction. */
  readonly db: Db;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

function copySql(table: string, columns: readonly string[], source: string): string {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  return `COPY "${table}" (${cols}) FROM ${source} WITH (FORMAT csv)`;
}

async function collect(csv: AsyncIterable<string> | Iterable<string>): Promise<Blob> {
  const parts: string[] = [];
  for await (const chunk of csv) parts.push(chunk);
  return new Blob(parts);
}

/**
 * The embedded engine. PGlite writes its files through to the operating system on every commit,
 * so an acknowledged write survives the process being killed; PGlite runs PostgreSQL with
 * fsync off, so it does not promise to survive a power loss or an OS crash (use a PostgreSQL
 * server for that). WAL is capped so the data directory stays bounded.
 */
export async function openEmbedded(dataDir: string | undefined): Promise<Database> {
  const client = await PGlite.create({
    dataDir,
    postgresqlconf: ['max_wal_size = 256MB', 'min_wal_size = 32MB', 'checkpoint_timeout = 60s'],
  });
  const wrap = (c: PGlite | PGliteTransaction): Db => drizzlePglite({ client: c as PGlite, schema }) as unknown as Db;
  const db = wrap(client);
  return {
    kind: 'embedded',
    db,
    transaction: (fn) =>
      client.transaction((t) =>
        fn({
          db: wrap(t),
          copyCsv: async (table, columns, csv) => {
            await t.query(copySql(table, columns, `'/dev/blob'`), [], { blob: await collect(csv) });
          },
        }),
      ),
    close: () => client.close(),
  };
}

/** A PostgreSQL server (or a Citus coordinator) reached through DATABASE_URL. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    const safeUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    throw new DatabaseUnavailableError(
      `Cannot reach the PostgreSQL server at ${safeUrl}: ${(err as Error).message}. Check DATABASE_URL and that the server is running.`,
    );
  }
  pool.on('error', () => undefined); // an idle client's error must not crash the process; the next query reports it
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          db: drizzlePg({ client, schema }) as unknown as Db,
          copyCsv: async (table, columns, csv) => {
            const sink = client.query(copyFrom(copySql(table, columns, 'STDIN')));
            await pipeline(Readable.from(csv), sink);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Runs raw SQL and returns its rows; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
