import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { freshPage, MASKED_ID, MASKED_PHONE, pageTitle, statisticValue } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;
let page: Page;

beforeAll(async () => {
  env = await startE2E();
  page = await freshPage(env.browser);
  await login(page, env.baseUrl, 'command');
});

afterAll(async () => {
  await env?.stop();
});

/** The figure a summary statistic shows, as a number. */
const stat = (key: string) => statisticValue(page, `stat-${key}`);

const childRow = (name: string) => page.locator('[data-testid^="region-row-"]').filter({ has: page.getByRole('link', { name, exact: true }) });

describe('region browser', () => {
  it('drills from the district through a town and a community to a grid, its buildings and its grid workers', async () => {
    await page.goto(`${env.baseUrl}/regions`);
    expect(await pageTitle(page, '茂南区')).toBe('茂南区');
    expect(await stat('children')).toBe(11);
    const districtResidents = await stat('residents');
    expect(districtResidents).toBeGreaterThan(5000);
    const towns = await page.locator('[data-testid^="region-row-"]').count();
    expect(towns).toBe(11);

    // A click anywhere on the row drills down.
    const townRow = childRow('站前街道');
    const townResidents = Number((await townRow.locator('td').nth(5).innerText()).replace(/[^\d]/g, ''));
    await townRow.locator('td').nth(3).click();
    expect(await pageTitle(page, '站前街道')).toBe('站前街道');
    expect(await stat('residents')).toBe(townResidents);
    expect(await page.getByTestId('region-breadcrumb').innerText()).toContain('茂南区');

    await childRow('恒福社区').click();
    expect(await pageTitle(page, '恒福社区')).toBe('恒福社区');
    const grids = page.locator('[data-testid^="region-row-"]');
    expect(await grids.count()).toBe(await stat('children'));
    // Every grid row names its grid workers, phones masked.
    const firstGridWorkers = await grids.first().getByTestId('grid-workers').innerText();
    const phone = firstGridWorkers.match(/1\d{2}\*{4}\d{4}/)?.[0];
    expect(phone).toMatch(MASKED_PHONE);

    await page.getByRole('link', { name: '第1网格', exact: true }).click();
    expect(await pageTitle(page, '第1网格')).toBe('第1网格');
    const crumbs = await page.getByTestId('region-breadcrumb').innerText();
    for (const name of ['茂南区', '站前街道', '恒福社区', '第1网格']) expect(crumbs).toContain(name);

    const workers = await page.getByTestId('grid-workers-card').getByTestId('grid-workers').innerText();
    expect(workers).toContain(phone);
    expect(await page.getByTestId('no-grid-worker').count()).toBe(0);

    const buildingRows = page.locator('[data-testid^="building-row-"]');
    expect(await buildingRows.count()).toBe(await stat('buildings'));
    expect(await buildingRows.first().innerText()).toContain('恒福尚城1栋');
    const residentsInBuildings = await buildingRows.evaluateAll((rows) =>
      rows.reduce((sum, r) => sum + Number((r.querySelectorAll('td')[2]?.textContent ?? '0').replace(/[^\d]/g, '')), 0),
    );
    expect(residentsInBuildings).toBe(await stat('residents'));
  });

  it('opens a building with its households and masked residents, and climbs back by the breadcrumb', async () => {
    await page.getByRole('link', { name: '恒福尚城1栋' }).click();
    expect(await pageTitle(page, '恒福尚城1栋')).toBe('恒福尚城1栋');
    await page.getByTestId('building-residents').locator('tbody tr[data-row-key]').first().waitFor();
    const ids = await page.getByTestId('resident-id').allInnerTexts();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(MASKED_ID);

    await page.getByTestId('region-breadcrumb').getByRole('link', { name: '恒福社区' }).click();
    expect(await pageTitle(page, '恒福社区')).toBe('恒福社区');
    expect(new URL(page.url()).pathname).toMatch(/^\/regions\/\d+$/);
  });

  it('finds a region by part of its name and shows where it lies', async () => {
    await page.goto(`${env.baseUrl}/regions`);
    await pageTitle(page, '茂南区');
    await page.getByTestId('region-search').fill('红旗');
    const option = page.locator('[data-testid^="region-option-"]').filter({ hasText: '红旗街道' }).first();
    await option.waitFor();
    await option.click();
    expect(await pageTitle(page, '红旗街道')).toBe('红旗街道');
  });
});
