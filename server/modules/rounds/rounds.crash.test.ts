import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { DEMO_PASSWORD } from '../../seed/seed.service.ts';
import { buildServices } from '../../services.ts';
import { freshDatabaseConfig } from '../../testing/database.ts';

type DatabaseConfig = Config['database'];

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Starts the server in a child process on the given database and waits until it listens. */
async function startChild(database: DatabaseConfig, dataDir: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', GRIDLINE_DATA_DIR: dataDir, GRIDLINE_SEED_SCALE: '0.01' };
  if (database.kind === 'postgres') env.DATABASE_URL = database.url;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/serve.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
  return { child, url };
}

describe('a server killed in the middle of an ingest', () => {
  const children: ChildProcess[] = [];
  let dir: string;
  let db: { config: DatabaseConfig; drop: () => Promise<void> };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridline-crash-'));
    db = process.env.DATABASE_URL ? await freshDatabaseConfig() : { config: loadConfig({ GRIDLINE_DATA_DIR: dir }).database, drop: async () => undefined };
  });
  afterAll(async () => {
    // A failed run must not leave a server behind.
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged scan and, when everything is sent again, counts every person exactly once', async () => {
    const port = await freePort();
    let { child, url } = await startChild(db.config, dir, port);
    children.push(child);
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'command', password: DEMO_PASSWORD }) });
    let cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const api = async (path: string, init: RequestInit = {}) => fetch(`${url}/api${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) } });

    const responses = (await (await api('/responses')).json()) as { items: Array<{ id: number; code: string }> };
    const responseId = responses.items.find((r) => r.code === '0708')!.id;
    const district = ((await (await api('/regions/root')).json()) as { region: { id: number } }).region;
    const round = (await (await api(`/responses/${responseId}/rounds`, { method: 'POST', body: JSON.stringify({ name: '断电演练', startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 6 * 3600_000), regionIds: [district.id], defaultPoolSize: 10, poolSizes: [{ level: 'high', poolSize: 10 }, { level: 'medium', poolSize: 10 }] }) })).json()) as { id: number };
    const point = ((await (await api('/points')).json()) as { items: Array<{ id: number }> }).items[0].id;

    // Real people: the untested lists of the first grids, as the command sees them (full ID numbers).
    if (!round.id) throw new Error(JSON.stringify(round));
    const cov = await (await api(`/rounds/${round.id}/coverage?level=grid`)).json();
    expect(cov.rows, JSON.stringify(cov)).toBeDefined();
    const grids = ((cov) as { rows: Array<{ id: number; residents: number }> }).rows.filter((g) => g.residents > 0);
    const ids: string[] = [];
    for (const g of grids) {
      if (ids.length >= 1200) break;
      const list = (await (await api(`/rounds/${round.id}/untested?gridId=${g.id}`)).json()) as { items: Array<{ idNumber: string }> };
      ids.push(...list.items.map((p) => p.idNumber));
    }
    const batches: Array<{ submissionId: string; pointId: number; tubes: Array<{ code: string; persons: Array<{ idNumber: string }> }> }> = [];
    for (let i = 0, n = 0; i < ids.length; i += 50, n++) {
      const chunk = ids.slice(i, i + 50);
      const tubes = [];
      for (let k = 0; k < chunk.length; k += 10) tubes.push({ code: `CR${n}-${k}`, persons: chunk.slice(k, k + 10).map((idNumber) => ({ idNumber })) });
      batches.push({ submissionId: randomUUID(), pointId: point, tubes });
    }
    expect(batches.length).toBeGreaterThanOrEqual(20);

    // Four clients post batches; after a few are acknowledged the server is killed without warning.
    const acknowledged = new Set<string>();
    let next = 0;
    const client = async () => {
      while (next < batches.length) {
        const b = batches[next++];
        const res = await api(`/rounds/${round.id}/scans`, { method: 'POST', body: JSON.stringify(b) }).catch(() => undefined);
        if (res?.status === 201) acknowledged.add(b.submissionId);
        if (acknowledged.size >= 6 && child.exitCode === null) child.kill('SIGKILL');
        if (!res) return;
      }
    };
    await Promise.all([client(), client(), client(), client()]);
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(6);
    expect(acknowledged.size).toBeLessThan(batches.length);

    ({ child, url } = await startChild(db.config, dir, port));
    children.push(child);
    const again = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'command', password: DEMO_PASSWORD }) });
    cookie = (again.headers.get('set-cookie') ?? '').split(';')[0];
    const replays: string[] = [];
    for (const b of batches) {
      const res = await api(`/rounds/${round.id}/scans`, { method: 'POST', body: JSON.stringify(b) });
      expect([200, 201]).toContain(res.status);
      if ((await res.json()).replay) replays.push(b.submissionId);
    }
    // Every acknowledged batch was there after the crash; every person is counted once.
    for (const id of acknowledged) expect(replays).toContain(id);
    const after = (await (await api(`/rounds/${round.id}`)).json()) as { coverage: { tested: number } };
    expect(after.coverage.tested).toBe(ids.length);
    child.kill('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));

    const database = await openDatabase(db.config);
    try {
      expect((await buildServices(database).rounds.rebuildCounters(round.id)).agreed).toBe(true);
    } finally {
      await database.close();
    }
  });
});
