import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../server/config.ts';
import { startServer, type Server } from '../server/main.ts';
import { freshDatabaseConfig } from '../server/testing/database.ts';

export const DEMO_PASSWORD = 'Gridline-0708';

/**
 * The real thing for browser tests: the server on a free port with a small demo district
 * (embedded, or a fresh database on DATABASE_URL's server) and Debian's Chromium.
 * The web app must have been built (`npm test` builds it first).
 */
export async function startE2E(): Promise<{ server: Server; browser: Browser; baseUrl: string; stop(): Promise<void> }> {
  const db = await freshDatabaseConfig();
  const scratch = mkdtempSync(join(tmpdir(), 'gridline-e2e-'));
  const base = loadConfig({ PORT: '0', HOST: '127.0.0.1', GRIDLINE_DATA_DIR: scratch, GRIDLINE_SEED_SCALE: '0.01', LOG_LEVEL: 'warn' });
  const server = await startServer({ ...base, database: db.config }, () => undefined);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  return {
    server,
    browser,
    baseUrl: server.url,
    async stop() {
      await browser.close();
      await server.close();
      await db.drop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login page and waits for the app's layout. */
export async function login(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('app-layout').waitFor();
}
