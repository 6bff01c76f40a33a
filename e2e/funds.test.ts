import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { chooseOption, freshPage, pageTitle, PHONE, settle, statisticValue, waitForText } from './helpers.ts';

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



describe('special party-fee funds and donations in the browser', () => {
  it('a town spends from its allocation on a phone, and the fund report shows it', async () => {
    await page.goto(`${env.baseUrl}/funds`);
    await pageTitle(page, '专项党费');
    await page.getByTestId('fund-report').waitFor();
    const before = await statisticValue(page, 'fund-cat-frontline_comfort');
    const spentBefore = await statisticValue(page, 'fund-total-spent');

    const chief = await freshPage(env.browser, PHONE);
    await login(chief, env.baseUrl, 'zhanqian');
    await chief.goto(`${env.baseUrl}/funds`);
    const row = chief.getByTestId('funds-table').locator('tbody tr').filter({ has: chief.getByTestId('fund-unit').filter({ hasText: /^站前街道$/ }) });
    await row.waitFor();
    const remainingBefore = Number((await row.getByTestId('fund-remaining').innerText()).replace(/[^\d]/g, ''));
    await row.getByTestId('fund-spend').click();
    await chief.getByTestId('spend-form').waitFor();
    await settle(chief);
    await chooseOption(chief.getByTestId('spend-category'), /^慰问一线人员/, chief);
    await chief.getByTestId('spend-amount').fill('123.45');
    await chief.getByTestId('spend-purpose').fill('采样点医护夜宵');
    await chief.getByTestId('spend-payee').fill('惠民超市');
    await chief.getByTestId('spend-receipts').fill('夜宵发票.jpg');
    await chief.getByTestId('spend-submit').click();
    await waitForText(chief.locator('.ant-message-notice'), '支出已登记');
    await chief.waitForFunction(
      ([want]) => [...document.querySelectorAll('[data-testid="funds-table"] tbody tr')].some((tr) => tr.textContent?.includes('站前街道') && tr.querySelector('[data-testid="fund-remaining"]')?.textContent?.replace(/[^\d]/g, '') === want),
      [String(remainingBefore - 12_345)],
    );
    await chief.context().close();

    await page.reload();
    await page.getByTestId('fund-report').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="fund-total-spent"]') !== null);
    expect(await statisticValue(page, 'fund-cat-frontline_comfort')).toBe(before + 12_345);
    expect(await statisticValue(page, 'fund-total-spent')).toBe(spentBefore + 12_345);
  });

  it('the command records a deputy\'s donation and prints its acknowledgement', async () => {
    await page.goto(`${env.baseUrl}/donations`);
    await pageTitle(page, '捐赠登记');
    await page.getByTestId('donation-new').click();
    await page.getByTestId('donation-form').waitFor();
    await settle(page);
    await page.getByTestId('donation-donor').fill('区人大代表 周立新');
    await page.getByTestId('donation-amount').fill('8000');
    await chooseOption(page.getByTestId('donation-fund'), /^第一批专项党费/, page);
    await page.getByTestId('donation-submit').click();
    const toast = await waitForText(page.locator('.ant-message-notice'), /JZ-\d{4}-\d{6}/);
    const ackNo = toast.match(/JZ-\d{4}-\d{6}/)![0];
    const link = page.getByTestId('donation-ack-link').filter({ hasText: ackNo });
    await link.click();
    await waitForText(page.getByTestId('ack-no'), ackNo);
    const text = await page.getByTestId('ack-text').innerText();
    expect(text).toContain('区人大代表 周立新');
    expect(text).toContain('8000.00');

    // Residents see it on the public list without a login; a private person's name is masked.
    const resident = await freshPage(env.browser, PHONE);
    await resident.goto(`${env.baseUrl}/public/donations`);
    await pageTitle(resident, '捐赠公示');
    const donors = resident.getByTestId('public-donor');
    await waitForText(donors, '区人大代表 周立新');
    const names = await donors.allInnerTexts();
    expect(names.some((n) => n.startsWith('李**'))).toBe(true);
    expect(names.some((n) => n.includes('李伟明'))).toBe(false);
    await resident.context().close();
  });
});
