import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login, startE2E } from './harness.ts';
import { freshPage, pageTitle, waitForText } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;

beforeAll(async () => {
  env = await startE2E();
});

afterAll(async () => {
  await env?.stop();
});

describe('logging in', () => {
  it('refuses a wrong password and shows the server\'s message', async () => {
    const page = await freshPage(env.browser);
    await page.goto(`${env.baseUrl}/login`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(`${DEMO_PASSWORD}-wrong`);
    await page.getByTestId('login-submit').click();
    const message = await waitForText(page.getByTestId('login-error'), '用户名或密码错误');
    expect(message).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByTestId('app-layout').count()).toBe(0);
    await page.context().close();
  });

  it('is installable: the page links a web app manifest the server hands out without a login', async () => {
    const page = await freshPage(env.browser);
    await page.goto(`${env.baseUrl}/login`);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const res = await page.request.get(new URL(href!, env.baseUrl).toString());
    expect(res.status()).toBe(200);
    const manifest = (await res.json()) as { name: string; start_url: string; display: string; icons: unknown[] };
    expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
    expect(manifest.icons.length).toBeGreaterThan(0);
    await page.context().close();
  });

  it('sends a visitor without a session to the login page', async () => {
    const page = await freshPage(env.browser);
    await page.goto(`${env.baseUrl}/residents`);
    await page.getByTestId('login-username').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });

  it('logs in to the top of the account\'s scope, shows who is signed in, and logs out', async () => {
    const page = await freshPage(env.browser);
    await login(page, env.baseUrl, 'zhanqian');
    // An area chief's scope is one town: the region browser opens on it.
    expect(await pageTitle(page, '站前街道')).toBe('站前街道');
    const user = await page.getByTestId('current-user').innerText();
    expect(user).toContain('片长');
    expect(user).toContain('站前街道');
    // Area chiefs do not import rosters: no menu entry for it.
    const nav = await page.getByTestId('nav-menu').innerText();
    expect(nav).toContain('居民');
    expect(nav).not.toContain('数据导入');

    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').waitFor();
    await page.goto(`${env.baseUrl}/regions`);
    await page.getByTestId('login-username').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });
});

describe('language', () => {
  it('switches the whole app to English, server messages included, remembers it, and switches back', async () => {
    const page = await freshPage(env.browser);
    await login(page, env.baseUrl, 'command');
    const nav = page.getByTestId('nav-menu');
    expect(await waitForText(nav, '区域')).toContain('数据导入');

    await page.getByTestId('lang-switch').getByText('English').click();
    const english = await waitForText(nav, 'Regions');
    for (const item of ['Residents', 'People', 'Import', 'coming soon']) expect(english).toContain(item);
    expect(english).not.toContain('区域');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByTestId('nav-menu').getByText('Residents', { exact: true }).click();
    expect(await pageTitle(page, 'Resident search')).toBe('Resident search');

    // The choice survives a reload, and the server answers in it.
    await page.goto(`${env.baseUrl}/regions/99999999`);
    const error = await waitForText(page.getByTestId('error-alert'), 'Not found');
    expect(error).toContain('Not found');
    expect(await page.getByTestId('nav-menu').innerText()).toContain('Regions');

    await page.getByTestId('lang-switch').getByText('中文').click();
    await waitForText(nav, '区域');
    expect(await page.getByTestId('error-alert').innerText()).toContain('未找到');
    await page.getByTestId('nav-menu').getByText('居民', { exact: true }).click();
    expect(await pageTitle(page, '居民查询')).toBe('居民查询');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.context().close();
  });
});

describe('on a phone', () => {
  it('fits a 390 px screen with the menu behind a toggle', async () => {
    const page = await freshPage(env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await login(page, env.baseUrl, 'grid');
    const toggle = page.getByTestId('menu-toggle');
    expect(await toggle.isVisible()).toBe(true);
    expect(await page.getByTestId('nav-menu').count()).toBe(0);
    // A grid worker's scope is their grid: its buildings are right there.
    expect(await pageTitle(page, '第1网格')).toBe('第1网格');
    await page.getByTestId('grid-buildings').getByText('恒福尚城1栋').waitFor();

    await toggle.click();
    await page.getByTestId('nav-menu').getByText('居民', { exact: true }).click();
    expect(await pageTitle(page, '居民查询')).toBe('居民查询');
    await page.getByTestId('nav-menu').waitFor({ state: 'hidden' });

    // Nothing but tables may scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByTestId('resident-search').isVisible()).toBe(true);
    await page.context().close();
  });
});
