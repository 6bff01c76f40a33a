import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/index.ts';
import { buildApp } from './http/app.ts';
import { seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/seed.service.ts';
import { buildServices } from './services.ts';
import { ESCALATION_TICK_MS } from './modules/requests/rules.ts';
import { CONSUMPTION_TICK_MS } from './modules/materials/consumption.service.ts';

export interface Server {
  app: FastifyInstance;
  database: Database;
  url: string;
  seeded: boolean;
  close(): Promise<void>;
}

/** config → database → migrate → (seed an empty one) → http. */
export async function startServer(config: Config = loadConfig(), log: (line: string) => void = console.log): Promise<Server> {
  const database = await openDatabase(config.database);
  const services = buildServices(database, { filesDir: config.filesDir });
  await services.materials.ensureCatalogue();
  await services.consumption.ensureRates();
  let seeded = false;
  if (config.seedDemo) {
    const result = await seedDemo(database, services, {
      scale: config.seedScale,
      onProgress: (step, detail) => log(`  seeding demo district: ${step}${detail ? ` (${detail})` : ''}`),
    });
    if (result.seeded) {
      seeded = true;
      log(`  demo district seeded in ${result.seconds.toFixed(1)} s: ${result.residents.toLocaleString('en')} residents, ${result.households.toLocaleString('en')} households, ${result.regions.toLocaleString('en')} regions`);
    }
  }
  const app = await buildApp(services, { logLevel: config.logLevel, secureCookies: config.secureCookies, trustProxy: config.trustProxy });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  const pruner = setInterval(() => void services.auth.pruneSessions().catch(() => undefined), 60 * 60 * 1000);
  pruner.unref();
  const escalator = setInterval(() => void services.requests.escalateOverdue().catch((err) => app.log.error({ err }, 'escalating overdue requests failed')), ESCALATION_TICK_MS);
  escalator.unref();
  // Scans queue their tubes and swabs; this takes them off the points' stock a few seconds later.
  const poster = setInterval(() => void services.consumption.postConsumption().catch((err) => app.log.error({ err }, 'posting consumption failed')), CONSUMPTION_TICK_MS);
  poster.unref();
  return {
    app,
    database,
    url,
    seeded,
    async close() {
      clearInterval(pruner);
      clearInterval(escalator);
      clearInterval(poster);
      await services.consumption.settle();
      await app.close();
      await database.close();
    },
  };
}

export function demoLoginLines(): string[] {
  return [
    `  demo logins (password ${DEMO_PASSWORD} for all; change them before real use):`,
    ...DEMO_ACCOUNTS.map((a) => `    ${a.username.padEnd(11)} ${a.role.padEnd(17)} ${a.displayName}`),
  ];
}
