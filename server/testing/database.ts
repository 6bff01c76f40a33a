import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { MEMORY, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/index.ts';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (created here, dropped by `drop`).
 */
export async function freshDatabaseConfig(): Promise<{ config: Config['database']; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { config: { kind: 'embedded', dataDir: MEMORY }, drop: async () => undefined };
  const name = `gridline_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: target.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function freshDatabase(): Promise<{ database: Database; drop(): Promise<void> }> {
  const { config, drop } = await freshDatabaseConfig();
  const database = await openDatabase(config);
  return {
    database,
    async drop() {
      await database.close();
      await drop();
    },
  };
}
