import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DatabaseBusyError, DatabaseUnavailableError, openDatabase } from './db/index.ts';
import { startServer } from './main.ts';
import { freshDatabaseConfig } from './testing/database.ts';

describe('starting up', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gridline-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad environment with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(loadConfig({}).database).toMatchObject({ kind: 'embedded' });
    expect(loadConfig({ DATABASE_URL: 'postgres://a@b/c' }).database).toEqual({ kind: 'postgres', url: 'postgres://a@b/c' });
  });

  it('refuses a data directory it cannot write, saying which and what to do', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const attempt = openDatabase({ kind: 'embedded', dataDir: join(file, 'data') });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(openDatabase({ kind: 'embedded', dataDir: join(file, 'data') })).rejects.toThrow(/data directory .*a-file\/data is not writable .*GRIDLINE_DATA_DIR/);
  });

  it('refuses to open an embedded database that is already open', async () => {
    const dataDir = join(dir, 'busy');
    const first = await openDatabase({ kind: 'embedded', dataDir });
    try {
      await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toBeInstanceOf(DatabaseBusyError);
      await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(/is in use by another gridline process \(pid \d+, this one\)/);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ kind: 'embedded', dataDir });
    await again.close();
  });

  it('refuses an unreachable PostgreSQL server with a clear message and no password in it', async () => {
    const attempt = openDatabase({ kind: 'postgres', url: 'postgres://gridline:s3cret@127.0.0.1:1/gridline' });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(openDatabase({ kind: 'postgres', url: 'postgres://gridline:s3cret@127.0.0.1:1/gridline' })).rejects.toThrow(
      /^Cannot reach the PostgreSQL server at postgres:\/\/gridline:\*\*\*@127\.0\.0\.1:1\/gridline: .*Check DATABASE_URL/,
    );
  });

  it('seeds an empty database on first start, and keeps everything on the second', async () => {
    const db = await freshDatabaseConfig();
    const database: Config['database'] = db.config.kind === 'postgres' ? db.config : { kind: 'embedded', dataDir: join(dir, 'data') };
    const config = { ...loadConfig({ PORT: '0', HOST: '127.0.0.1', GRIDLINE_SEED_SCALE: '0.002', LOG_LEVEL: 'silent' }), database };
    const lines: string[] = [];
    const first = await startServer(config, (l) => lines.push(l));
    expect(first.seeded).toBe(true);
    expect(lines.join('\n')).toMatch(/demo district seeded in [\d.]+ s/);
    const health = await fetch(`${first.url}/api/health`).then((r) => r.json());
    expect(health).toEqual({ status: 'ok', database: database.kind });
    const login = await fetch(`${first.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Gridline-0708' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    await first.close();

    const second = await startServer(config, () => undefined);
    try {
      expect(second.seeded).toBe(false);
      // The session written before the restart is still there: acknowledged writes were kept.
      const me = await fetch(`${second.url}/api/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      const root = await fetch(`${second.url}/api/regions/root`, { headers: { cookie } }).then((r) => r.json());
      expect(root.children).toHaveLength(11);
    } finally {
      await second.close();
      await db.drop();
    }
  });
});
