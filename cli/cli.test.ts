import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../contracts/idcard.ts';
import { openDatabase } from '../server/db/index.ts';
import { freshDatabaseConfig } from '../server/testing/database.ts';
import { scalar, sql } from '../server/testing/fixtures.ts';
import type { Config } from '../server/config.ts';

const cli = join(import.meta.dirname, 'gridline.mjs');
const HEADER = '姓名,身份证号,性别,出生日期,手机号,镇街,村社区,网格,楼栋,门牌号,特殊人群';

function residentsCsv(n: number, start = 0): string {
  const rows = [HEADER];
  for (let i = start; i < start + n; i++) {
    // Year, month, day and sequence each take a different part of i, so every number is distinct.
    const body = `440902${1950 + (i % 60)}${String(1 + (Math.floor(i / 60) % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 720) % 28)).padStart(2, '0')}${String(Math.floor(i / 20_160) % 1000).padStart(3, '0')}`;
    rows.push(`测试${i},${body}${idCheckChar(body)},,,,站前街道,恒福社区,第1网格,压测${Math.floor(i / 50)}栋,${i % 50},`);
  }
  return rows.join('\n') + '\n';
}

/** The `gridline` command against this test's own database, as a user would run it. */
describe('the gridline command', () => {
  let dir: string;
  let db: { config: Config['database']; drop(): Promise<void> };
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridline-cli-'));
    db = await freshDatabaseConfig();
    env = { ...process.env, LOG_LEVEL: 'silent' };
    if (db.config.kind === 'postgres') env.DATABASE_URL = db.config.url;
    else {
      delete env.DATABASE_URL;
      env.GRIDLINE_DATA_DIR = join(dir, 'data');
    }
    const dataConfig = db.config.kind === 'postgres' ? db.config : { kind: 'embedded' as const, dataDir: join(dir, 'data') };
    db = { ...db, config: dataConfig };
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
  const count = async (query: ReturnType<typeof sql>) => {
    const database = await openDatabase(db.config);
    try {
      return await scalar(database, query);
    } finally {
      await database.close();
    }
  };

  it('seeds a small demo district, and never twice', async () => {
    const first = run('seed', '--demo', '--scale', '0.002');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Seeded in [\d.]+ s: \d+ residents/);
    const second = run('seed', '--demo', '--scale', '0.002');
    expect(second.stdout).toContain('nothing was seeded');
    expect(await count(sql`select count(*)::int from regions where level = 'grid'`)).toBe(1627);
  });

  it('imports a good file, and again changes nothing', async () => {
    const file = join(dir, 'good.csv');
    writeFileSync(file, residentsCsv(30));
    const first = run('import', 'residents', file, '--lang', 'en');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Imported 30 rows in [\d.]+ s: 30 new, 0 updated, 0 unchanged/);
    const again = run('import', 'residents', file);
    expect(again.stdout).toMatch(/新增 0，更新 0，未变 30/);
  });

  it('exits non-zero on a file with bad rows, listing each, and imports none of it', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, residentsCsv(3, 1000) + '坏人,440902199001011231,,,,站前街道,恒福社区,第1网格,1栋,1,\n无名,,,,,站前街道,恒福社区,不存在网格,1栋,2,\n');
    const before = await count(sql`select count(*)::int from residents`);
    const res = run('import', 'residents', file);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('文件中有 3 处错误，未导入任何数据');
    expect(res.stderr).toContain('第 5 行  [身份证号] “440902199001011231” 身份证号校验位错误');
    expect(res.stderr).toContain('第 6 行  [身份证号] 必填');
    expect(res.stderr).toContain('第 6 行  [网格] “不存在网格” 网格“不存在网格”不在恒福社区');
    expect(await count(sql`select count(*)::int from residents`)).toBe(before);
  });

  it('leaves the database as it was when an import is killed half-way', async () => {
    const file = join(dir, 'big.csv');
    writeFileSync(file, residentsCsv(40_000, 5000));
    const before = await count(sql`select count(*)::int from residents`);
    const child = spawn(process.execPath, [cli, 'import', 'residents', file], { env });
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('writing')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error('the import ended before it was killed')));
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    expect(await count(sql`select count(*)::int from residents`)).toBe(before);
    expect(await count(sql`select count(*)::int from buildings where name like '压测1%栋'`)).toBe(0);
  });

  it('keeps every acknowledged write when the server is killed', async () => {
    // Count first: the embedded database must not be opened by two processes at once.
    const sessionsBefore = await count(sql`select count(*)::int from sessions`);
    const child = spawn(process.execPath, [cli, 'start'], { env: { ...env, PORT: '0', HOST: '127.0.0.1' } });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /running at (http:\/\/localhost:\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${out}`)));
    });
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Gridline-0708' }) });
    expect(res.status).toBe(200);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(await count(sql`select count(*)::int from sessions`)).toBe(sessionsBefore + 1);
  });

  it('creates accounts, refusing bad roles', async () => {
    const ok = run('user', 'add', '--username', 'Liang.Z', '--password', 'secret-123', '--role', 'area_chief', '--scope', '红旗街道', '--name', '梁片长');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('scope: 红旗街道');
    expect(await count(sql`select count(*)::int from users u join regions r on r.id = u.scope_region_id where u.username = 'liang.z' and r.name = '红旗街道'`)).toBe(1);
    const bad = run('user', 'add', '--username', 'x1', '--password', 'secret-123', '--role', 'king');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('role must be one of');
    const dup = run('user', 'add', '--username', 'liang.z', '--password', 'secret-123', '--role', 'volunteer');
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain('taken');
  });
});
