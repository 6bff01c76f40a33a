import { ensureWritableDir, MEMORY, type Config } from '../config.ts';
import { openEmbedded, openPostgres, type Database } from './client.ts';
import { migrate } from './migrate.ts';

export type { Database, Db, Tx } from './client.ts';
export { queryRows } from './client.ts';
export { DatabaseUnavailableError } from './client.ts';

/** Opens the configured engine and brings its schema up to date. */
export async function openDatabase(config: Config['database']): Promise<Database> {
  let database: Database;
  if (config.kind === 'postgres') {
    database = await openPostgres(config.url);
  } else {
    const inMemory = config.dataDir === MEMORY;
    if (!inMemory) ensureWritableDir(config.dataDir);
    database = await openEmbedded(inMemory ? undefined : config.dataDir);
  }
  await migrate(database);
  return database;
}
