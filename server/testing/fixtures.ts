import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/index.ts';
import type { SessionUser } from '../modules/auth/scope.ts';
import { DEMO_PASSWORD, seedDemo } from '../seed/seed.service.ts';
import { buildServices, type Services } from '../services.ts';
import { freshDatabase } from './database.ts';

/** A fresh database with a small demo district (full region tree, ~1,800 residents at 0.002). */
export async function demoFixture(scale = 0.002) {
  const { database, drop } = await freshDatabase();
  const services = buildServices(database);
  await seedDemo(database, services.auth, { scale });
  return { database, services, drop };
}

/** Signs in as a demo account through the real auth service. */
export async function asUser(services: Services, username: string): Promise<SessionUser> {
  const { token } = await services.auth.login(username, DEMO_PASSWORD);
  return services.auth.requireUser(await services.auth.resolve(token));
}

/** One value from a SQL query, for assertions on the facts. */
export async function scalar<T = number>(database: Database, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await queryRows<Record<string, T>>(database.db, query);
  return Object.values(row)[0];
}

export { sql };
