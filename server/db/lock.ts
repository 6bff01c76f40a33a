import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DatabaseBusyError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded engine must never be opened by two processes (or twice in one): that corrupts it.
 * Takes `gridline.lock` in the data directory, or says who holds it; a lock left by a process
 * that has died is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'gridline.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new DatabaseBusyError(
          `The database in ${dataDir} is in use by another gridline process (pid ${holder}${holder === process.pid ? ', this one' : ''}). ` +
            'Stop it first, or use the running server (the web app imports files too).',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseBusyError(`Could not take the lock ${file}.`);
}
