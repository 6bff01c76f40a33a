import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { chooseOption, freshPage, pageTitle, PHONE, settle, statisticValue, waitForText } from './helpers.ts';

/** A tiny PNG (its signature, a header chunk, and filler): the server checks the bytes, not the name. */
const RECEIPT_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452', 'hex'), Buffer.alloc(600, 7)]);

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

    // The receipt's photo, attached to that entry from the phone, is listed and served back as it was.
    await row.getByTestId('fund-entries-open').click();
    const entry = chief.getByTestId('fund-entry').filter({ has: chief.getByTestId('fund-entry-purpose').filter({ hasText: /^采样点医护夜宵$/ }) }).first();
    await entry.waitFor();
    expect(await entry.getByTestId('receipt-link').count()).toBe(0);
    expect(await entry.locator('input[type=file]').getAttribute('accept')).toBe('image/*,application/pdf');
    await entry.locator('input[type=file]').setInputFiles({ name: '夜宵发票.png', mimeType: 'image/png', buffer: RECEIPT_PNG });
    await waitForText(chief.locator('.ant-message-notice'), '票据已上传');
    const link = entry.getByTestId('receipt-link');
    await waitForText(link, /票据 1 \(PNG, 1 KB\)/);
    const served = await chief.evaluate(async (href) => {
      const res = await fetch(href);
      return { type: res.headers.get('content-type'), bytes: [...new Uint8Array(await res.arrayBuffer())] };
    }, (await link.getAttribute('href'))!);
    expect(served.type).toBe('image/png');
    expect(Buffer.from(served.bytes).equals(RECEIPT_PNG)).toBe(true);
    // A file that is not a photo or a PDF is refused with the reason.
    await entry.locator('input[type=file]').setInputFiles({ name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('<html></html>') });
    await waitForText(chief.locator('.ant-message-notice'), /票据只支持 JPEG、PNG、WebP 图片或 PDF 文件/);
    expect(await link.count()).toBe(1);
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
    // On paper: the acknowledgement alone, without the app's header or the print button.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByTestId('ack-print').isVisible()).toBe(false);
    expect(await page.getByTestId('ack-text').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByTestId('ack-print').isVisible()).toBe(true);

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
  it('the command records donated masks into the warehouse, picked from the catalogue, and the stock grows', async () => {
    const stock = () => page.evaluate(async () => {
      const holders = (await (await fetch('/api/materials/holders')).json()) as { items: Array<{ id: number; kind: string }> };
      const warehouse = holders.items.find((h) => h.kind === 'warehouse')!;
      const balances = (await (await fetch(`/api/materials/balances?holderId=${warehouse.id}`)).json()) as { items: Array<{ itemCode: string; quantity: number }> };
      return balances.items.find((b) => b.itemCode === 'n95')?.quantity ?? 0;
    });
    const before = await stock();
    await page.goto(`${env.baseUrl}/donations`);
    await pageTitle(page, '捐赠登记');
    await page.getByTestId('donation-new').click();
    await page.getByTestId('donation-form').waitFor();
    await settle(page);
    await page.getByTestId('donation-donor').fill('茂名市某口罩厂');
    await page.getByTestId('donation-kind').getByText('企业').click();
    await page.getByTestId('donation-what').getByText('物资').click();
    await chooseOption(page.getByTestId('donation-item'), /^N95口罩（只）$/, page);
    await page.getByTestId('donation-item-qty').fill('300');
    await waitForText(page.getByTestId('donation-warehouse'), '茂南区物资仓库');
    await page.getByTestId('donation-submit').click();
    const toast = await waitForText(page.locator('.ant-message-notice'), /JZ-\d{4}-\d{6}/);
    const ackNo = toast.match(/JZ-\d{4}-\d{6}/)![0];
    const row = page.getByTestId('donations-table').locator('tbody tr').filter({ hasText: ackNo });
    await waitForText(row, 'N95口罩 300只');
    expect(await stock()).toBe(before + 300);
  });

  it('prints the fund\'s report with its totals and signature lines, without the app around it', async () => {
    await page.goto(`${env.baseUrl}/funds`);
    await page.getByTestId('fund-report').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="fund-total-spent"]') !== null);
    const spent = await statisticValue(page, 'fund-total-spent');
    await page.getByTestId('fund-print-link').click();
    await waitForText(page.getByTestId('fund-print-title'), '第一批专项党费使用情况报表');
    expect(Number((await page.getByTestId('fund-print-spent').innerText()).replace(/[^\d]/g, ''))).toBe(spent);
    expect(await page.getByTestId('fund-print-unit').count()).toBeGreaterThanOrEqual(14);
    const signatures = await page.getByTestId('fund-print-signatures').innerText();
    for (const label of ['经办人', '审核人', '负责人', '日期']) expect(signatures).toContain(label);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByTestId('fund-print-button').isVisible()).toBe(false);
    expect(await page.getByTestId('fund-print-total').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByTestId('fund-print-button').isVisible()).toBe(true);

    // On a phone the page itself does not scroll sideways.
    const phone = await freshPage(env.browser, PHONE);
    await login(phone, env.baseUrl, 'command');
    await phone.goto(`${env.baseUrl}${new URL(page.url()).pathname}`);
    await phone.getByTestId('fund-print-units').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await phone.context().close();
  });
});
