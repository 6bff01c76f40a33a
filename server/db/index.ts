import { ensureWritableDir, MEMORY, type Config } from '../config.ts';
import { openEmbedded, openPostgres, type Database } from './client.ts';
import { lockDataDir } from './lock.ts';
import { migrate } from './migrate.ts';

export type { Database, Db, Tx } from './client.ts';
export { queryRows } from './client.ts';
export { DatabaseUnavailableError } from './client.ts';
export { DatabaseBusyError } from './lock.ts';

/** Opens the configured engine and brings its schema up to date. */
export async function openDatabase(config: Config['database']): Promise<Database> {
  let database: Database;
  if (config.kind === 'postgres') {
    database = await openPostgres(config.url);
  } else {
    const inMemory = config.dataDir === MEMORY;
    if (!inMemory) ensureWritableDir(config.dataDir);
    const release = inMemory ? () => undefined : lockDataDir(config.dataDir);
    try {
      database = withRelease(await openEmbedded(inMemory ? undefined : config.dataDir), release);
    } catch (err) {
      release();
      throw err;
    }
  }
  await migrate(database);
  return database;
}

function withRelease(database: Database, release: () => void): Database {
  return {
    ...database,
    async close() {
      try {
        await database.close();
      } finally {
        release();
      }
    },
  };
}
