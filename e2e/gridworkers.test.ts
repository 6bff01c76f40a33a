import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { freshPage, OPEN_LIST, openSelect, PHONE, statisticValue, waitForText } from './helpers.ts';

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

const gapCount = () => statisticValue(page, 'gap-grid_without_grid_worker');
const toast = (text: string) => waitForText(page.locator('.ant-message-notice'), text);

/** The "0708" gaps report, shown for the grid gaps. */
async function openGridGaps() {
  await page.goto(`${env.baseUrl}/responses`);
  await page.getByTestId('response-row-0708').click();
  await page.getByTestId('command-tree').waitFor();
  await page.getByTestId('tab-gaps').click();
  await page.getByTestId('gaps-report').waitFor();
}

/** The id of the grid whose gap the report showed first. */
let gridId: number;

describe('网格员: the grid without a grid worker', () => {
  it('is fixed from the gaps report: the link opens the grid with its assign dialog, and the gap is gone', async () => {
    await openGridGaps();
    expect(await gapCount()).toBe(1);
    await page.getByTestId('gap-grid_without_grid_worker').click();
    const row = page.locator('[data-testid^="gap-row-grid_without_grid_worker-"]');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('公馆镇');
    gridId = Number((await row.getAttribute('data-testid'))!.replace('gap-row-grid_without_grid_worker-', ''));

    await row.getByRole('link').click();
    const form = page.getByTestId('grid-worker-form');
    await form.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/regions/${gridId}`);
    // Followed once: the link's parameter is gone, so a reload does not open the dialog again.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByTestId('no-grid-worker').innerText()).toContain('空白点');

    await openSelect(page.getByTestId('grid-worker-person'), page);
    const option = page.locator(`${OPEN_LIST} .ant-select-item-option:not(.ant-select-item-option-disabled)`).first();
    const name = (await option.locator('.person-option-name').innerText()).trim();
    expect(await option.locator('.person-option-meta').innerText()).toContain('网格员');
    await option.click();
    await page.getByTestId('grid-worker-submit').click();
    await toast(`已指派${name}为`);
    await form.waitFor({ state: 'detached' });
    await waitForText(page.getByTestId('grid-workers'), name);
    expect(await page.getByTestId('no-grid-worker').count()).toBe(0);

    await openGridGaps();
    expect(await gapCount()).toBe(0);
    expect(await page.locator(`[data-testid="gap-row-grid_without_grid_worker-${gridId}"]`).count()).toBe(0);
  });

  it('refuses the same worker twice in the picker, and releasing them opens the gap again', async () => {
    await page.goto(`${env.baseUrl}/regions/${gridId}`);
    const worker = page.getByTestId('grid-workers').locator('li.holder');
    await worker.first().waitFor();
    const name = (await worker.first().locator('.holder-name').innerText()).trim();

    await page.getByTestId('assign-grid-worker').click();
    await page.getByTestId('grid-worker-form').waitFor();
    await openSelect(page.getByTestId('grid-worker-person'), page);
    await page.keyboard.type(name);
    const same = page.locator(`${OPEN_LIST} .ant-select-item-option`).filter({ hasText: '已是本网格网格员' });
    await same.first().waitFor();
    expect(await same.first().getAttribute('class')).toContain('ant-select-item-option-disabled');
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal-close').click();
    await page.getByTestId('grid-worker-form').waitFor({ state: 'detached' });

    const id = (await worker.first().getAttribute('data-testid'))!.replace('holder-', '');
    await page.getByTestId(`end-${id}`).click();
    await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
    await toast(`已解除${name}的网格员职务`);
    await page.getByTestId('no-grid-worker').waitFor();

    // The grid's history keeps the post, with who assigned and who released the worker.
    await page.getByTestId('grid-worker-history').click();
    const released = page.getByTestId(`history-${id}`);
    expect(await waitForText(released.getByTestId('history-who'), '结束')).toBe('区指挥部指派 · 区指挥部结束');
    expect(await released.locator('.holder-name').innerText()).toBe(name);
    await page.locator('.ant-modal-close').click();

    await openGridGaps();
    expect(await gapCount()).toBe(1);
  });

  it('shows a volunteer a grid\'s workers with no way to change them, on a 390 px screen', async () => {
    const volunteer = await freshPage(env.browser, PHONE);
    await login(volunteer, env.baseUrl, 'volunteer');
    await volunteer.goto(`${env.baseUrl}/regions`);
    await volunteer.getByRole('link', { name: '第1网格', exact: true }).click();
    await volunteer.getByTestId('grid-workers-card').waitFor(); // the grid's own page (its community's table lists workers too)
    expect(await volunteer.getByTestId('assign-grid-worker').count()).toBe(0);
    expect(await volunteer.locator('[data-testid^="end-"]').count()).toBe(0);
    expect(await volunteer.getByTestId('grid-worker-history').count()).toBe(0);
    expect(await volunteer.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await volunteer.context().close();
  });
});
