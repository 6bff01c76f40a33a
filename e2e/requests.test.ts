import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../server/db/index.ts';
import { login, startE2E } from './harness.ts';
import { freshPage, PHONE, waitForText } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;
// A tiny valid PNG (1×1), as the receipt photo.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

beforeAll(async () => {
  env = await startE2E();
});

afterAll(async () => {
  await env?.stop();
});

/** The request's card on a page, once it shows `status`. */
async function withStatus(page: Page, testId: string, status: string) {
  const card = page.getByTestId(testId);
  await page.locator(`[data-testid="${testId}"][data-status="${status}"]`).waitFor();
  return card;
}

describe('an errand from a household\'s QR page to its door', () => {
  it('a household files an errand from its code, a volunteer claims it on his phone, buys and delivers it, and the household confirms', async () => {
    // The command prints No. 37's code sheet; each door's QR leads to the household's page.
    const [no37] = await queryRows<{ id: number }>(env.server.database.db, sql`
      select b.id from buildings b join regions g on g.id = b.grid_id join regions c on c.id = g.parent_id where b.name = '37号' and c.name = '荔枝园村'`);
    const command = await freshPage(env.browser);
    await login(command, env.baseUrl, 'command');
    await command.goto(`${env.baseUrl}/household-codes/${no37.id}`);
    const door = command.locator('[data-testid^="code-door-"]').first();
    await door.waitFor();
    expect(await door.locator('canvas, svg').count()).toBeGreaterThan(0);
    const url = (await door.getAttribute('data-url'))!;
    expect(url).toMatch(/\/h\/[A-Za-z0-9_-]{22,}$/);

    // The household, on its phone, without an account.
    const household = await freshPage(env.browser, PHONE);
    await household.goto(url);
    await waitForText(household.getByTestId('h-place'), '37号');
    expect(await household.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await household.getByTestId('h-item-name-0').fill('大米');
    await household.getByTestId('h-item-qty-0').fill('5');
    await household.getByTestId('h-item-unit-0').fill('斤');
    await household.getByTestId('h-add-item').click();
    await household.getByTestId('h-item-name-1').fill('鸡蛋');
    await household.getByTestId('h-item-qty-1').fill('10');
    await household.getByTestId('h-item-unit-1').fill('个');
    await household.getByTestId('h-budget').fill('60');
    await household.getByTestId('h-phone').fill('13712345678');
    const before = await household.locator('[data-testid^="h-request-"]').count();
    await household.getByTestId('h-submit').click();
    await household.locator('[data-testid^="h-request-"]').nth(before).waitFor();
    const filed = household.locator('[data-testid^="h-request-"][data-status="open"]').filter({ hasText: '大米 5斤' }).first();
    const id = Number((await filed.getAttribute('data-testid'))!.replace('h-request-', ''));
    expect(id).toBeGreaterThan(0);

    // The demo volunteer of the errand squad, on a 390 px phone: claims it, records the receipt, delivers.
    const volunteer = await freshPage(env.browser, PHONE);
    await login(volunteer, env.baseUrl, 'volunteer');
    await volunteer.goto(`${env.baseUrl}/requests/mine`);
    const card = await withStatus(volunteer, `v-request-${id}`, 'open');
    expect(await card.innerText()).toContain('13712345678');
    expect(await volunteer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await volunteer.getByTestId(`v-claim-${id}`).click();
    await withStatus(volunteer, `v-request-${id}`, 'claimed');
    await volunteer.getByTestId(`v-receipt-${id}`).fill('58.5');
    await volunteer.getByTestId(`v-receipt-photo-${id}`).setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PNG });
    await volunteer.getByTestId(`v-buy-${id}`).click();
    await withStatus(volunteer, `v-request-${id}`, 'bought');
    await volunteer.getByTestId(`v-note-${id}`).fill('已放门口，电话告知');
    await volunteer.getByTestId(`v-deliver-${id}`).click();
    await volunteer.getByTestId(`v-request-${id}`).waitFor({ state: 'detached' });

    // The household sees it delivered, confirms, and sees it confirmed.
    await household.reload();
    await withStatus(household, `h-request-${id}`, 'delivered');
    expect(await household.getByTestId(`h-request-${id}`).innerText()).toContain('¥58.50');
    await household.getByTestId(`h-confirm-${id}`).click();
    await withStatus(household, `h-request-${id}`, 'confirmed');
    expect(await household.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The command's board has it, confirmed.
    await command.goto(`${env.baseUrl}/requests`);
    await command.locator(`[data-testid="board-row-${id}"][data-status="confirmed"]`).waitFor();
  });

  it('the errand squad\'s volunteer records today\'s home-care visit to a door of No. 37 on his phone; an urgent need becomes a request', async () => {
    const volunteer = await freshPage(env.browser, PHONE);
    await login(volunteer, env.baseUrl, 'volunteer');
    await volunteer.goto(`${env.baseUrl}/care`);
    const first = volunteer.locator('[data-testid^="care-household-"]').first();
    await first.waitFor();
    expect(await volunteer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The code sheet is not his: no link to a page that would refuse him.
    expect(await volunteer.locator('a[href^="/household-codes/"]').count()).toBe(0);
    const door = (await first.getAttribute('data-testid'))!.replace('care-household-', '');
    await first.getByText('紧急').first().click();
    await first.getByPlaceholder('需求（选填）').first().fill('降压药只剩一天的量');
    await volunteer.getByTestId(`care-submit-${door}`).click();
    await waitForText(volunteer.locator('.ant-message-notice'), '生成 1 件诉求');
    await waitForText(volunteer.getByTestId(`care-household-${door}`), '今日已巡访');
    // The request is on the volunteer's list for his team, with its owner.
    await volunteer.goto(`${env.baseUrl}/requests/mine`);
    await waitForText(volunteer.getByTestId('my-requests'), '降压药只剩一天的量');
  });
});
