/**
 * `npm run bench`: seed and import timings on this machine, with ratios against a baseline
 * measured in the same run — a plain COPY of the same rows into a table with no index — so a
 * noisy machine shows in both. Options: --scale 0.1 (smaller district), --rows 100000,
 * and DATABASE_URL to measure a PostgreSQL server instead of the embedded engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { idCheckChar } from '../contracts/idcard.ts';
import { openDatabase, type Database } from '../server/db/index.ts';
import { csvChunks } from '../server/db/bulk.ts';
import { writeXlsx } from '../server/lib/spreadsheet.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/seed/seed.service.ts';
import { buildServices } from '../server/services.ts';
import { freshDatabaseConfig } from '../server/testing/database.ts';
import { queryRows } from '../server/db/index.ts';
import { benchRound } from './rounds.ts';
import { benchMaterials } from './materials.ts';
import { CONSUMPTION_TICK_MS } from '../server/modules/materials/consumption.service.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, rows: { type: 'string', default: '100000' } } });
const scale = Number(values.scale);
const importRows = Number(values.rows);
const HEADERS = ['姓名', '身份证号', '性别', '出生日期', '手机号', '镇街', '村社区', '网格', '楼栋', '门牌号', '特殊人群'];

const seconds = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const result = await fn();
  return [(performance.now() - t0) / 1000, result];
};

/** Rows for grids spread over the whole district, with ID numbers the demo seed never uses. */
async function importFileRows(database: Database, n: number): Promise<string[][]> {
  const grids = await queryRows<{ town: string; community: string; grid: string }>(database.db, sql`
    select t.name as town, c.name as community, g.name as grid from regions g
    join regions c on c.id = g.parent_id join regions t on t.id = c.parent_id where g.level = 'grid' order by g.id`);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const g = grids[i % grids.length];
    const body = `440923${1950 + (i % 60)}${String(1 + (Math.floor(i / 60) % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 720) % 28)).padStart(2, '0')}${String(Math.floor(i / 20_160) % 1000).padStart(3, '0')}`;
    rows.push([`导入${i}`, body + idCheckChar(body), '', '', `139${String(i).padStart(8, '0')}`, g.town, g.community, g.grid, `导入${Math.floor(i / 3000)}栋`, String(i % 3000), i % 50 === 0 ? '独居老人' : '']);
  }
  return rows;
}

async function baselineCopy(database: Database, rows: string[][]): Promise<number> {
  const [secs] = await seconds(() =>
    database.transaction(async (tx) => {
      await tx.db.execute(sql.raw(`create temp table bench_baseline (${HEADERS.map((_, i) => `c${i} text`).join(', ')}) on commit drop`));
      await tx.copyCsv('bench_baseline', HEADERS.map((_, i) => `c${i}`), csvChunks(rows, (r) => r));
    }),
  );
  return secs;
}

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), 'gridline-bench-'));
  const target = process.env.DATABASE_URL ? await freshDatabaseConfig() : { config: { kind: 'embedded' as const, dataDir: join(scratch, 'data') }, drop: async () => undefined };
  const database = await openDatabase(target.config);
  const services = buildServices(database);
  const results: Array<{ what: string; seconds: number; rows: number; ratio?: number; limit?: string }> = [];
  try {
    console.log(`gridline bench — engine: ${database.kind}, scale ${scale}, import ${importRows.toLocaleString('en')} rows, node ${process.version}`);
    const [seedSecs, seed] = await seconds(() => seedDemo(database, services, { scale }));
    if (!seed.seeded) throw new Error('expected an empty database');
    console.log(`  seeded ${seed.residents.toLocaleString('en')} residents`);

    // Search latency on the full roster, against a trivial query's round trip in the same run.
    const { token } = await services.auth.login('command', DEMO_PASSWORD);
    const command = (await services.auth.resolve(token))!;
    const surnames = ['陈', '李', '黄', '梁', '林', '张', '罗', '刘', '吴', '杨'];
    const [searchSecs] = await seconds(async () => {
      for (const q of surnames) await services.residents.search(command, { q, page: 1, pageSize: 20 });
    });
    const [trivialSecs] = await seconds(async () => {
      for (let i = 0; i < surnames.length; i++) await database.db.execute(sql`select 1`);
    });

    const responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
    const [gapsSecs, gaps] = await seconds(async () => {
      let last;
      for (let i = 0; i < 10; i++) last = await services.responses.gaps(command, responseId, 'zh-CN');
      return last!;
    });
    console.log(`  gaps report of "0708" over the whole district (${gaps.total} gaps): ${((gapsSecs / 10) * 1000).toFixed(1)} ms a report (${(gapsSecs / 10 / (trivialSecs / surnames.length)).toFixed(0)}× a 'select 1' round trip; target < 200 ms)`);

    // 跨区域调配 at a change of shift: the next shift's teams are all still to be found, so every
    // point's whole "1+3+10+N" is a gap, beside every medic, cadre and volunteer off duty.
    const nextShift = buildServices(database, { clock: () => new Date(Date.now() + 12 * 3600_000) });
    const [planSecs, plan] = await seconds(() => nextShift.deployments.propose(command));
    const planGaps = await nextShift.deployments.gaps(command);
    const places = new Set(planGaps.gaps.map((g) => `${g.kind}:${g.targetId}`)).size;
    console.log(`  redeployment plan, full district (next shift): ${plan.gapCount.toLocaleString('en')} people short at ${places} places, ${plan.availableCount!.toLocaleString('en')} people available (${plan.supplyGroups} × ${plan.demandGroups} groups) → ${plan.moves.length.toLocaleString('en')} moves, ${(plan.totalMeters / 1000).toFixed(0)} km in all, in ${planSecs.toFixed(2)} s = ${(planSecs / 2).toFixed(2)}× the 2 s target`);

    // As on a server: the scans' tubes and swabs are taken off the points' stock every few seconds during the ingest.
    const poster = setInterval(() => void services.consumption.postConsumption().catch((err) => console.error('posting consumption failed', err)), CONSUMPTION_TICK_MS);
    const r = await benchRound(database, services, command);
    clearInterval(poster);
    await services.consumption.settle();
    const perSec = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
    console.log(`  a full round over HTTP from ${r.points} concurrent points: ${r.persons.toLocaleString('en')} persons in ${r.tubes.toLocaleString('en')} tubes in ${r.ingestSecs.toFixed(1)} s = ${perSec(r.persons, r.ingestSecs)} persons/s (target ${database.kind === 'embedded' ? '10,000' : '20,000'}/s)${r.resends ? `; ${r.resends} batches sent again after a dropped connection, counted once` : ''}`);
    console.log(`    baseline: COPY of the same ${r.persons.toLocaleString('en')} sample rows into samples itself (its indexes, foreign keys, WAL): ${r.copySecs.toFixed(1)} s = ${perSec(r.persons, r.copySecs)} rows/s; ingest/COPY throughput = ${(r.copySecs / r.ingestSecs).toFixed(2)} (goal ≥ 0.5)`);
    console.log(`      and into a temporary table shaped like samples (indexes, no foreign keys, no WAL): ${r.tempCopySecs.toFixed(1)} s = ${perSec(r.persons, r.tempCopySecs)} rows/s; ingest/COPY throughput = ${(r.tempCopySecs / r.ingestSecs).toFixed(2)}`);
    console.log(`    a scan to an open board (SSE) during the ingest: p50 ${r.sse.p50.toFixed(0)} ms, p99 ${r.sse.p99.toFixed(0)} ms, max ${r.sse.max.toFixed(0)} ms over ${r.sse.n} probe scans (target p99 < 1000 ms)`);
    console.log(`    after the round: coverage of all ${r.grids.toLocaleString('en')} grids ${r.coverageMs.toFixed(1)} ms (target < 50 ms); untested list of the largest grid (${r.gridResidents} residents) ${r.untestedMs.toFixed(1)} ms (target < 20 ms); counters rebuilt from the facts in ${r.rebuildSecs.toFixed(1)} s, ${r.rebuildAgreed ? 'agreeing' : 'NOT agreeing'} with the live ones`);

    const ledgerTarget = Math.max(100_000, Math.round(2_000_000 * scale));
    const district = (await queryRows<{ id: number }>(database.db, sql`select id from regions where level = 'district'`))[0].id;
    const nextRound = () => {
      const at = Date.now();
      return services.rounds.open(command, responseId, { name: '第二轮全员核酸 (bench)', startsAt: new Date(at - 60_000), endsAt: new Date(at + 12 * 3600_000), regionIds: [district], zoneIds: [], defaultPoolSize: 10, poolSizes: [] });
    };
    const mat = await benchMaterials(database, services, command, { movements: ledgerTarget, nextRound });
    console.log(`  materials: the round's tubes and swabs on the points' stock as ${mat.roundMoves.toLocaleString('en')} movements (posted every ${CONSUMPTION_TICK_MS / 1000} s during the ingest; the last ${mat.posted.submissions} submissions after it in ${mat.postSecs.toFixed(2)} s); then the next round opened; the ledger grown with earlier rounds to ${mat.ledger.toLocaleString('en')} movements in ${mat.growSecs.toFixed(1)} s`);
    console.log(`    balances of every item at every holder (${mat.balanceRows.toLocaleString('en')} rows): ${mat.balancesMs.toFixed(1)} ms; forecast of all ${mat.forecastRows.toLocaleString('en')} point × item rows with the shortage list (${mat.shortages} short, ${mat.proposals} with a proposed transfer): ${mat.forecastMs.toFixed(1)} ms (target < 100 ms; a 'select 1' round trip ${mat.trivialMs.toFixed(2)} ms); balances rebuilt from the whole ledger in ${mat.rebuildSecs.toFixed(1)} s, ${mat.agreed ? 'agreeing' : 'NOT agreeing'} with the running ones`);

    const rows = await importFileRows(database, importRows);
    const csvBuffer = Buffer.from('\uFEFF' + [HEADERS, ...rows].map((r) => r.join(',')).join('\n'));
    const xlsxBuffer = await writeXlsx([{ name: '居民', columns: HEADERS.map((h) => ({ header: h, text: true })), rows }]);

    const baseline = await baselineCopy(database, rows);
    const seedBaseline = (baseline * seed.residents) / importRows;
    const imp = (name: string, data: Buffer) => services.residents.importFile(null, 'residents', { filename: name, data, dryRun: false, locale: 'zh-CN' });
    const [csvSecs, csvReport] = await seconds(() => imp('bench.csv', csvBuffer));
    const [againSecs, againReport] = await seconds(() => imp('bench.csv', csvBuffer));
    if (csvReport.inserted !== importRows || againReport.unchanged !== importRows) throw new Error('import did not do what it should');
    const [xlsxSecs, xlsxReport] = await seconds(() => imp('bench.xlsx', xlsxBuffer));
    if (xlsxReport.unchanged !== importRows) throw new Error('xlsx import should find every row unchanged');

    console.log(`  resident search by surname over the whole district: ${((searchSecs / surnames.length) * 1000).toFixed(1)} ms a search (${(searchSecs / trivialSecs).toFixed(0)}× a 'select 1' round trip)`);
    results.push(
      { what: 'baseline: COPY rows into a table with no index', seconds: baseline, rows: importRows, ratio: 1 },
      { what: `seed demo district (scale ${scale})`, seconds: seedSecs, rows: seed.residents, ratio: seedSecs / seedBaseline, limit: scale === 1 ? '< 60 s' : undefined },
      { what: 'import residents .csv (new rows)', seconds: csvSecs, rows: importRows, ratio: csvSecs / baseline, limit: importRows === 100_000 ? '< 30 s' : undefined },
      { what: 'import the same .csv again (no change)', seconds: againSecs, rows: importRows, ratio: againSecs / baseline },
      { what: 'import residents .xlsx (same rows)', seconds: xlsxSecs, rows: importRows, ratio: xlsxSecs / baseline, limit: importRows === 100_000 ? '< 30 s' : undefined },
    );
    console.log('');
    console.log('| what | seconds | rows | rows/s | × baseline (per row) | target |');
    console.log('| --- | ---: | ---: | ---: | ---: | --- |');
    for (const r of results) {
      console.log(`| ${r.what} | ${r.seconds.toFixed(2)} | ${r.rows.toLocaleString('en')} | ${Math.round(r.rows / r.seconds).toLocaleString('en')} | ${r.ratio?.toFixed(1) ?? ''} | ${r.limit ?? ''} |`);
    }
  } finally {
    await database.close();
    await target.drop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
