import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { ROLES, type TRole } from '../contracts/auth.ts';
import type { Locale } from '../contracts/common.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { DatabaseBusyError, DatabaseUnavailableError, openDatabase } from '../server/db/index.ts';
import { AppError } from '../server/http/errors.ts';
import { t } from '../server/i18n.ts';
import { demoLoginLines, startServer } from '../server/main.ts';
import { seedDemo } from '../server/seed/seed.service.ts';
import { buildServices } from '../server/services.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const program = new Command('gridline').description('gridline — the command platform a district runs its epidemic response on');

const scaleOption = (v: string) => {
  const n = Number(v);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('a number in (0, 1]');
  return n;
};

async function withServices<T>(fn: (services: ReturnType<typeof buildServices>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    return await fn(buildServices(database));
  } finally {
    await database.close();
  }
}

async function buildWebIfMissing() {
  if (existsSync(`${root}web/dist/index.html`)) return;
  console.log('  building the web app (first start only)…');
  const { build } = await import('vite');
  await build({ logLevel: 'warn', configFile: `${root}vite.config.ts` });
}

program
  .command('start')
  .description('start the server (embedded database in ./data unless DATABASE_URL is set); seeds the demo district into an empty database')
  .action(async () => {
    const config = loadConfig();
    console.log(`gridline starting — database: ${config.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded, ${config.database.dataDir}`}`);
    await buildWebIfMissing();
    const server = await startServer(config);
    console.log(`\n  gridline is running at ${server.url}  (API docs: ${server.url}/api/docs)`);
    for (const line of demoLoginLines()) console.log(line);
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('dev')
  .description('for developers: the API on PORT (default 8080) and the web app with hot reload on :5173')
  .action(async () => {
    const config = loadConfig({ GRIDLINE_SEED_SCALE: '0.05', ...process.env });
    const server = await startServer(config);
    const { createServer } = await import('vite');
    const vite = await createServer({ configFile: `${root}vite.config.ts`, server: { port: 5173, proxy: { '/api': server.url } } });
    await vite.listen();
    console.log(`\n  API ${server.url} · web app with hot reload http://localhost:5173`);
    for (const line of demoLoginLines()) console.log(line);
  });

program
  .command('seed')
  .description('seed the demo district into an empty database')
  .option('--demo', 'the synthetic Maonan district (the only seed there is)', true)
  .option('--scale <n>', 'fraction of the full ~900,000 residents', scaleOption, 1)
  .action(async (opts: { scale: number }) => {
    await withServices(async (services) => {
      const result = await seedDemo(services.database, services, {
        scale: opts.scale,
        onProgress: (step, detail) => console.log(`  ${step}${detail ? ` (${detail})` : ''}`),
      });
      if (!result.seeded) {
        console.log('The database already holds a district; nothing was seeded.');
        return;
      }
      console.log(`Seeded in ${result.seconds.toFixed(1)} s: ${result.residents} residents, ${result.households} households, ${result.buildings} buildings, ${result.regions} regions, ${result.people} people.`);
      for (const line of demoLoginLines()) console.log(line);
    });
  });

program
  .command('import')
  .description('import residents or the region tree from an .xlsx or .csv file with Chinese headers')
  .argument('<kind>', 'residents | regions')
  .argument('<file>', 'path to the .xlsx or .csv file')
  .option('--dry-run', 'check the file and report, writing nothing', false)
  .option('--lang <lang>', 'language of the report: zh-CN | en', 'zh-CN')
  .action(async (kind: string, file: string, opts: { dryRun: boolean; lang: string }) => {
    if (kind !== 'residents' && kind !== 'regions') throw new InvalidArgumentError('kind must be residents or regions');
    const locale: Locale = opts.lang.startsWith('en') ? 'en' : 'zh-CN';
    const data = readFileSync(file);
    const started = performance.now();
    await withServices(async (services) => {
      try {
        const stages = { reading: '读取文件 reading', checking: '逐行检查 checking', writing: '写入数据库 writing', done: '完成 done' };
        const onProgress = (stage: keyof typeof stages, rows?: number) => console.error(`  … ${stages[stage]}${rows !== undefined ? ` (${rows})` : ''}`);
        const report = await services.residents.importFile(null, kind, { filename: basename(file), data, dryRun: opts.dryRun, locale, onProgress });
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          locale === 'en'
            ? `${report.dryRun ? 'Checked' : 'Imported'} ${report.rows} rows in ${secs} s: ${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged.`
            : `${report.dryRun ? '已检查' : '已导入'} ${report.rows} 行，用时 ${secs} 秒：新增 ${report.inserted}，更新 ${report.updated}，未变 ${report.unchanged}。`,
        );
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        console.error(t(locale, err.messageKey, err.params));
        const rows = (err.details as { errors?: Array<{ row: number; column: string; value: string; reason: string }> } | undefined)?.errors ?? [];
        for (const e of rows) console.error(`  ${locale === 'en' ? 'row' : '第'} ${e.row}${locale === 'en' ? '' : ' 行'}  [${e.column}] ${e.value ? `“${e.value}” ` : ''}${e.reason}`);
        process.exitCode = 1;
      }
    });
  });

program
  .command('regions')
  .description('the region tree')
  .command('rebuild-counts')
  .description('recount buildings, households and residents at every level from the facts, and report counts that were wrong')
  .action(async () => {
    await withServices(async (services) => {
      const corrected = await services.regions.rebuildCounts();
      console.log(corrected === 0 ? 'All counts agree with the facts.' : `${corrected} counts were wrong and have been corrected.`);
    });
  });

program
  .command('rounds')
  .description('sampling rounds')
  .command('rebuild-counters')
  .description('recompute a round\'s counters per grid and per point from its scans and exemptions, and say whether they had agreed')
  .argument('<round>', 'round id', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a round id (a positive whole number)');
    return n;
  })
  .action(async (roundId: number) => {
    await withServices(async (services) => {
      const { before, after, agreed } = await services.rounds.rebuildCounters(roundId);
      const tested = (s: typeof after) => s.grids.reduce((a, g) => a + g.tested, 0);
      console.log(`Round ${roundId}: ${after.grids.length} grids, ${tested(after)} tested, ${after.points.length} points.`);
      if (agreed) console.log('The counters agreed with the facts.');
      else {
        console.log(`The counters did not agree (${tested(before)} tested before the rebuild); they now match the facts.`);
        process.exitCode = 2;
      }
    });
  });

program
  .command('materials')
  .description('materials: stock held at warehouses, points, command posts and teams')
  .command('rebuild-balances')
  .description('recompute every running stock balance from the ledger of movements, and say whether they had agreed')
  .action(async () => {
    await withServices(async (services) => {
      const { wrong, agreed } = await services.materials.rebuildBalances();
      if (agreed) console.log('The stock balances agreed with the ledger.');
      else {
        console.log(`${wrong} stock balances did not agree with the ledger; they now match it.`);
        process.exitCode = 2;
      }
    });
  });

const user = program.command('user').description('manage accounts');
user
  .command('add')
  .description('create an account')
  .requiredOption('--username <name>', 'login name: lower-case letters, digits, . _ -')
  .requiredOption('--password <password>', 'at least 8 characters')
  .requiredOption('--role <role>', ROLES.join(' | '))
  .option('--scope <region>', 'region code or name the account sees (default: the whole district)')
  .option('--name <displayName>', 'name shown in the app')
  .action(async (opts: { username: string; password: string; role: string; scope?: string; name?: string }) => {
    if (!(ROLES as readonly string[]).includes(opts.role)) throw new InvalidArgumentError(`role must be one of ${ROLES.join(', ')}`);
    if (opts.password.length < 8) throw new InvalidArgumentError('the password needs at least 8 characters');
    await withServices(async (services) => {
      const scope = await services.regions.resolve(opts.scope);
      await services.auth.createUser({
        username: opts.username.toLowerCase(),
        displayName: opts.name ?? opts.username,
        role: opts.role as TRole,
        scopeRegionId: scope.id,
        password: opts.password,
      });
      console.log(`Account ${opts.username} (${opts.role}) created, scope: ${scope.name}.`);
    });
  });

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof ConfigError || err instanceof DatabaseUnavailableError || err instanceof DatabaseBusyError || err instanceof InvalidArgumentError) {
    console.error(`gridline: ${err.message}`);
  } else if (err instanceof AppError) {
    console.error(`gridline: ${t('en', err.messageKey, err.params)}`);
  } else {
    console.error(err);
  }
  process.exit(1);
}
