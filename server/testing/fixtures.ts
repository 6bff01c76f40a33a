import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { AppError } from '../http/errors.ts';
import { queryRows, type Database } from '../db/index.ts';
import type { SessionUser } from '../modules/auth/scope.ts';
import { DEMO_PASSWORD, seedDemo } from '../seed/seed.service.ts';
import { buildServices, type Services } from '../services.ts';
import { freshDatabase } from './database.ts';

/**
 * A fresh database with a small demo district (full region tree, ~1,800 residents at 0.002).
 * The services' clock stands still at the fixture's start, so no test straddles a change of shift.
 */
export async function demoFixture(scale = 0.002, opts: { clock?: () => Date } = {}) {
  const { database, drop } = await freshDatabase();
  const frozen = new Date();
  const services = buildServices(database, { clock: opts.clock ?? (() => frozen) });
  await seedDemo(database, services, { scale });
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

/** The AppError a service call was refused with, or undefined when it succeeded. */
export async function refusal(p: Promise<unknown>): Promise<AppError | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

/**
 * Runs `act` while another transaction has closed the response and not committed yet, and commits
 * once `act` has finished or waits on a lock: a check made before `act`'s transaction would see the
 * response still active. On PostgreSQL that is the race; the embedded engine runs one transaction
 * at a time, so there `act` runs after the commit. Returns `act`'s promise, for `refusal`.
 */
export async function duringClose<T>(database: Database, responseId: number, act: () => Promise<T>): Promise<T> {
  let running!: Promise<T>;
  await database.transaction(async (tx) => {
    await tx.db.execute(sql`update responses set status = 'closed', closed_at = now() where id = ${responseId}`);
    let done = false;
    running = act();
    running.then(() => (done = true), () => (done = true));
    if (database.kind !== 'postgres') return;
    const waiting = () => scalar(database, sql`select count(*)::int from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    while (!done && (await waiting()) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  });
  return running;
}

/**
 * Runs `close` while another transaction holds the response's shared row lock (as an assignment
 * in flight does), then `meanwhile` once `close` is waiting for it, and lets the holder commit after
 * `meanwhile` has. On PostgreSQL that is the race between a close and work under the shared lock;
 * the embedded engine runs one transaction at a time, so there the three run one after another.
 */
export async function whileShared<T, M>(database: Database, responseId: number, close: () => Promise<T>, meanwhile: () => Promise<M>): Promise<{ closed: T; meanwhile: M }> {
  if (database.kind !== 'postgres') {
    const first = await meanwhile();
    return { closed: await close(), meanwhile: first };
  }
  let closing!: Promise<T>;
  let result!: M;
  await database.transaction(async (tx) => {
    await tx.db.execute(sql`select id from responses where id = ${responseId} for share`);
    let settled = false;
    closing = close();
    closing.then(() => (settled = true), () => (settled = true));
    const waiting = () => scalar(database, sql`select count(*)::int from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    while (!settled && (await waiting()) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // A close that did not wait for the lock shows the race was not set up: say so rather than pass.
    if (settled) throw new Error('the close did not wait for the shared lock');
    result = await meanwhile();
  });
  return { closed: await closing, meanwhile: result };
}

/** The HTTP status a service call maps to: 200, or its refusal's status. */
export const statusOf = async (p: Promise<unknown>) => (await refusal(p))?.status ?? 200;

/** Logs a demo account in through the HTTP API and returns its session cookie header. */
export async function loginCookie(app: FastifyInstance, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  const cookie = res.cookies.find((c) => c.name === 'gridline_session');
  if (!cookie) throw new Error(`login as ${username} failed: ${res.statusCode}`);
  return `gridline_session=${cookie.value}`;
}
