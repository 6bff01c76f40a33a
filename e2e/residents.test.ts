import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../contracts/idcard.ts';
import { login, startE2E } from './harness.ts';
import { freshPage, MASKED_ID, pageTitle, waitForText } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;
let page: Page;
let scratch: string;

beforeAll(async () => {
  env = await startE2E();
  scratch = mkdtempSync(join(tmpdir(), 'gridline-e2e-files-'));
  page = await freshPage(env.browser);
  await login(page, env.baseUrl, 'command');
});

afterAll(async () => {
  await env?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const rows = () => page.getByTestId('resident-results').locator('tbody tr[data-row-key]');

async function searchResidents(q: string) {
  await page.goto(`${env.baseUrl}/residents`);
  await pageTitle(page, '居民查询');
  await page.getByTestId('resident-search').fill(q);
  await page.getByTestId('resident-search').press('Enter');
  await page.getByTestId('resident-result-meta').waitFor();
  await page.getByTestId('resident-results').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
}

/** A well-formed identity number (right check character) that the demo data set does not use. */
function validId(first17: string): string {
  return `${first17}${idCheckChar(first17)}`;
}

describe('resident search', () => {
  it('finds residents by surname, with ID numbers masked', async () => {
    await searchResidents('陈');
    expect(await rows().count()).toBeGreaterThan(0);
    const names = await rows().locator('td:first-child').allInnerTexts();
    for (const name of names) expect(name.trim().startsWith('陈')).toBe(true);
    const ids = await page.getByTestId('resident-id').allInnerTexts();
    expect(ids.length).toBe(names.length);
    for (const id of ids) expect(id.trim()).toMatch(MASKED_ID);
    expect(await page.getByTestId('resident-result-meta').innerText()).toContain('按姓名匹配');
  });

  it('reveals a full ID number on request (audited) and finds the resident by it', async () => {
    await searchResidents('陈');
    const first = rows().first();
    const name = (await first.locator('td:first-child').innerText()).trim();
    const masked = (await first.getByTestId('resident-id').innerText()).trim();
    await first.getByRole('button', { name: '查看完整信息' }).click();
    await page.locator('.ant-popconfirm').getByText('审计').waitFor();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '查看', exact: true }).click();
    await first.getByText('已查看').waitFor();
    const full = (await first.getByTestId('resident-id').innerText()).trim();
    expect(full).toMatch(/^\d{17}[\dX]$/);
    expect(full.slice(0, 4)).toBe(masked.slice(0, 4));
    expect(full.slice(-4)).toBe(masked.slice(-4));

    await searchResidents(full);
    expect(await rows().count()).toBe(1);
    expect((await rows().first().locator('td:first-child').innerText()).trim()).toBe(name);
    expect(await page.getByTestId('resident-result-meta').innerText()).toContain('按身份证号匹配');
  });
});

describe('import', () => {
  it('refuses a residents file with a bad row, lists the row, and imports nothing', async () => {
    const good = validId('44090219900101123');
    const bad = `${good.slice(0, 17)}${good[17] === '1' ? '2' : '1'}`;
    const file = join(scratch, '居民.csv');
    writeFileSync(
      file,
      [
        '姓名,身份证号,性别,出生日期,手机号,镇街,村社区,网格,楼栋,门牌号,特殊人群',
        `测试甲,${good},男,1990-01-01,13800000001,站前街道,恒福社区,第1网格,恒福尚城1栋,901,`,
        `测试乙,${bad},男,1990-01-01,13800000002,站前街道,恒福社区,第1网格,恒福尚城1栋,902,独居老人`,
      ].join('\n'),
    );

    await page.goto(`${env.baseUrl}/import`);
    await pageTitle(page, '数据导入');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-submit').click();

    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    expect(await page.getByTestId('import-message').innerText()).toContain('未导入');
    const reported = await errors.locator('tbody tr[data-row-key]').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
    expect(reported).toEqual([['3', '身份证号', '身份证号校验位错误', bad]]);

    // The good row was not written either.
    await searchResidents(good);
    expect(await rows().count()).toBe(0);
    expect(await page.getByTestId('resident-result-meta').innerText()).toContain('共 0 条');
  });

  it('imports a new grid, which shows as a blank spot until it has a grid worker', async () => {
    const file = join(scratch, 'regions.csv');
    writeFileSync(file, ['镇街,村社区,网格', '站前街道,恒福社区,第99网格'].join('\n'));
    await page.goto(`${env.baseUrl}/import`);
    await pageTitle(page, '数据导入');
    await page.getByTestId('import-kind').getByText('区域').click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-report').waitFor();
    expect(await page.getByTestId('import-inserted').locator('.ant-statistic-content').innerText()).toBe('1');

    await page.goto(`${env.baseUrl}/regions`);
    await page.getByTestId('region-search').fill('恒福');
    await page.locator('[data-testid^="region-option-"]').filter({ hasText: '恒福社区' }).first().click();
    expect(await pageTitle(page, '恒福社区')).toBe('恒福社区');
    const newGrid = page.locator('[data-testid^="region-row-"]').filter({ has: page.getByRole('link', { name: '第99网格', exact: true }) });
    expect(await waitForText(newGrid.getByTestId('no-grid-worker'), '无网格员')).toBe('无网格员');
    expect(await page.getByTestId('no-grid-worker').count()).toBe(1);
  });
});
