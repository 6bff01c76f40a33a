import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  GRIDLINE_DATA_DIR: z.string().default('./data'),
  /** Seed the demo district into an empty database at start-up. */
  GRIDLINE_SEED_DEMO: z.enum(['true', 'false']).default('true'),
  GRIDLINE_SEED_SCALE: z.coerce.number().positive().max(1).default(1),
  /** Cookies marked Secure: set when served over HTTPS. */
  GRIDLINE_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For (per-address rate limits go by it). */
  GRIDLINE_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };
  seedDemo: boolean;
  seedScale: number;
  secureCookies: boolean;
  trustProxy: boolean;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  /** Uploaded photos (receipts, deliveries): `<data dir>/files`, or a scratch directory for an in-memory database. */
  filesDir?: string;
};

export class ConfigError extends Error {}

/** GRIDLINE_DATA_DIR=memory:// keeps the embedded database in memory (tests, trials). */
export const MEMORY = 'memory://';

/** Parses the environment once; throws a ConfigError whose message is fit to print. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'embedded', dataDir: e.GRIDLINE_DATA_DIR === MEMORY ? MEMORY : resolve(e.GRIDLINE_DATA_DIR) },
    seedDemo: e.GRIDLINE_SEED_DEMO === 'true',
    seedScale: e.GRIDLINE_SEED_SCALE,
    secureCookies: e.GRIDLINE_SECURE_COOKIES === 'true',
    trustProxy: e.GRIDLINE_TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    filesDir: e.GRIDLINE_DATA_DIR === MEMORY ? undefined : join(resolve(e.GRIDLINE_DATA_DIR), 'files'),
  };
}

/** Makes sure the embedded data directory exists and is writable, with a message a user can act on. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(
      `The data directory ${dir} is not writable (${code}). Set GRIDLINE_DATA_DIR to a writable directory, or DATABASE_URL to use a PostgreSQL server.`,
    );
  }
}
