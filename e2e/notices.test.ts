import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { freshPage, OPEN_LIST, pageTitle, settle, statisticValue, waitForText } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;
let command: Page;

const TITLE = '关于开展站前街道全员核酸检测的通知';
const BODY = '各社区、各网格：\n请于明日 7:00 前完成采样点布设。\n\n区指挥部';
const LINK = { title: '采样点分布图', url: 'https://example.org/points?town=zhanqian' };
/** The accounts inside 站前街道 (see the seed): the town's area chief and captain, a community's point chief and volunteer, a grid's worker. */
const ZHANQIAN_ACCOUNTS = ['captain', 'grid', 'pointchief', 'volunteer', 'zhanqian'];

/** The id of the notice sent in the first test; the others follow it through. */
let noticeId: number;

beforeAll(async () => {
  env = await startE2E();
  command = await freshPage(env.browser);
  await login(command, env.baseUrl, 'command');
});

afterAll(async () => {
  await env?.stop();
});


/** The toast the app shows after a change. */
const toast = (page: Page, text: string) => waitForText(page.locator('.ant-message-notice'), text);

/** The validation messages the form shows now. */
const formErrors = (form: Locator) => form.locator('.ant-form-item-explain-error').allInnerTexts();

/** The unread figure on the menu's notices entry; 0 when the badge is gone. */
async function navUnread(page: Page): Promise<number> {
  const badge = page.getByTestId('nav-menu').locator('.nav-with-count .ant-badge-count');
  if ((await badge.count()) === 0) return 0;
  return Number((await badge.getAttribute('title')) ?? (await badge.innerText()));
}

/** A row of a table by its test id, with the state the app marks it with. */
const rowState = (row: Locator) => row.getAttribute('data-state');

describe('sending a notice', () => {
  it('sends a notice with a link to 站前街道 after the form has said what is missing', async () => {
    await command.getByTestId('nav-menu').getByText('通知公告', { exact: true }).click();
    expect(await pageTitle(command, '通知公告')).toBe('通知公告');
    await command.getByTestId('tab-sent').click();
    await waitForText(command.getByTestId('notices-sent'), '还没有发送过通知');

    await command.getByTestId('send-notice').click();
    const form = command.getByTestId('send-form');
    await form.waitFor();
    await settle(command);
    await command.getByTestId('send-submit').click();
    await waitForText(form.locator('.ant-form-item-explain-error'), '请输入通知标题');
    expect(await formErrors(form)).toEqual(['请输入通知标题', '请输入通知正文']);

    await command.getByTestId('send-title').fill(TITLE);
    await command.getByTestId('send-body').fill(BODY);
    await command.getByTestId('send-add-link').click();
    await command.getByTestId('send-link-title-0').fill(LINK.title);
    await command.getByTestId('send-link-url-0').fill('javascript:alert(1)');
    // A second link, added and removed again: only the first is sent.
    await command.getByTestId('send-add-link').click();
    await command.getByTestId('send-link-1').waitFor();
    await command.getByTestId('send-link-remove-1').click();
    await command.getByTestId('send-link-1').waitFor({ state: 'detached' });
    await command.getByTestId('send-scope-region').click();
    await command.getByTestId('send-submit').click();
    await waitForText(form.locator('.ant-form-item-explain-error'), '请选择区域');
    expect(await formErrors(form)).toEqual(['请输入以 http:// 或 https:// 开头的完整网址', '请选择区域']);

    await command.getByTestId('send-link-url-0').fill(LINK.url);
    await command.getByTestId('send-region').click();
    await command.locator(OPEN_LIST).waitFor();
    await settle(command);
    await command.keyboard.type('站前');
    await command.locator(`${OPEN_LIST} .region-option`).filter({ has: command.locator('.region-option-name', { hasText: /^站前街道$/ }) }).click();
    expect(await command.getByTestId('send-region').innerText()).toContain('站前街道');
    await command.getByTestId('send-submit').click();

    await toast(command, '通知已发送，共 5 人接收');
    await form.waitFor({ state: 'detached' });
    expect(new URL(command.url()).pathname).toBe('/notices/sent');
    const row = command.locator('[data-testid^="sent-row-"]').filter({ hasText: TITLE });
    await row.waitFor();
    noticeId = Number((await row.getAttribute('data-testid'))!.replace('sent-row-', ''));
    expect(await row.getByTestId('sent-recipients').innerText()).toBe('5');
    expect(await row.getByTestId('sent-read').innerText()).toBe('0');
    expect(await row.getByTestId('sent-acknowledged').innerText()).toBe('0');
  });
});

describe('receiving a notice', () => {
  it('shows the grid worker the notice unread; opening reads it, and acknowledging records when', async () => {
    const grid = await freshPage(env.browser);
    await login(grid, env.baseUrl, 'grid');
    await grid.getByTestId('nav-menu').locator('.nav-with-count .ant-badge-count').waitFor();
    expect(await navUnread(grid)).toBe(1);

    await grid.getByTestId('nav-menu').getByText('通知公告', { exact: true }).click();
    const row = grid.getByTestId(`notice-row-${noticeId}`);
    await row.waitFor();
    expect(await rowState(row)).toBe('unread');
    expect(await row.getByTestId('notice-state').innerText()).toBe('未读');
    expect(await row.innerText()).toContain(TITLE);
    // A grid worker receives but does not send.
    expect(await grid.getByTestId('send-notice').count()).toBe(0);

    await row.getByRole('link', { name: TITLE }).click();
    expect(await pageTitle(grid, TITLE)).toBe(TITLE);
    // Line breaks as written.
    expect(await grid.getByTestId('notice-body').innerText()).toBe(BODY);
    const link = grid.getByTestId('notice-links').getByRole('link', { name: LINK.title });
    expect(await link.getAttribute('href')).toBe(LINK.url);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await grid.getByTestId('notice-state').innerText()).toBe('已读未确认');
    // No receipts of others for a grid worker.
    expect(await grid.getByTestId('receipts').count()).toBe(0);
    // Opening it was the read receipt: the menu's badge is gone.
    await grid.getByTestId('nav-menu').locator('.nav-with-count .ant-badge-count').waitFor({ state: 'detached' });
    expect(await navUnread(grid)).toBe(0);

    await grid.getByTestId('notice-ack').click();
    const acked = await waitForText(grid.getByTestId('notice-acked'), '确认收到');
    expect(acked).toMatch(/^已于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 确认收到$/);
    expect(await grid.getByTestId('notice-ack').count()).toBe(0);
    expect(await grid.getByTestId('notice-state').innerText()).toBe('已确认');

    await grid.getByTestId('notice-back').click();
    await grid.getByTestId(`notice-row-${noticeId}`).waitFor();
    expect(await rowState(grid.getByTestId(`notice-row-${noticeId}`))).toBe('acknowledged');
    await grid.context().close();
  });
});

describe('following a notice up', () => {
  it('shows the command who has read and acknowledged, and reminds the rest', async () => {
    await command.goto(`${env.baseUrl}/notices/sent`);
    const row = command.getByTestId(`sent-row-${noticeId}`);
    await row.waitFor();
    expect(await row.getByTestId('sent-recipients').innerText()).toBe('5');
    expect(await row.getByTestId('sent-read').innerText()).toBe('1');
    expect(await row.getByTestId('sent-acknowledged').innerText()).toBe('1');
    expect(await row.locator('.ant-progress').innerText()).toContain('1/5');

    await row.click();
    const receipts = command.getByTestId('receipts');
    await receipts.waitFor();
    expect(await pageTitle(command, TITLE)).toBe(TITLE);
    // The command is not among the recipients: nothing to acknowledge.
    expect(await command.getByTestId('notice-ack').count()).toBe(0);
    expect(await statisticValue(command, 'receipts-recipients')).toBe(5);
    expect(await statisticValue(command, 'receipts-read')).toBe(1);
    expect(await statisticValue(command, 'receipts-acknowledged')).toBe(1);
    expect(await statisticValue(command, 'receipts-unacknowledged')).toBe(4);

    const table = command.getByTestId('receipts-table');
    const rows = table.locator('[data-testid^="receipt-row-"]');
    const accounts = async () => (await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-testid')!.replace('receipt-row-', '')))).sort();
    expect(await accounts()).toEqual(ZHANQIAN_ACCOUNTS);
    expect(await rowState(table.getByTestId('receipt-row-grid'))).toBe('acknowledged');
    expect(await table.getByTestId('receipt-row-grid').innerText()).toContain('已确认');
    for (const other of ZHANQIAN_ACCOUNTS.filter((a) => a !== 'grid')) expect(await rowState(table.getByTestId(`receipt-row-${other}`))).toBe('unread');

    // Only those who have not acknowledged.
    await command.getByTestId('receipts-filter-unacknowledged').click();
    await table.getByTestId('receipt-row-grid').waitFor({ state: 'detached' });
    expect(await accounts()).toEqual(ZHANQIAN_ACCOUNTS.filter((a) => a !== 'grid'));

    await command.getByTestId('remind').click();
    await toast(command, '已提醒 4 名未确认人员');
    expect(await command.getByTestId('remind-result').innerText()).toContain('已提醒 4 名未确认人员');
    // Each of them now shows one reminder.
    await waitForText(table.getByTestId('receipt-row-volunteer'), '已提醒 1 次');
    expect(await table.locator('[data-testid^="receipt-row-"]', { hasText: '已提醒 1 次' }).count()).toBe(4);
  });
});

describe('for those who may not send', () => {
  it('shows a volunteer the notice and the reminder, but no way to send or to see receipts', async () => {
    const volunteer = await freshPage(env.browser);
    await login(volunteer, env.baseUrl, 'volunteer');
    await volunteer.goto(`${env.baseUrl}/notices/sent`);
    const row = volunteer.getByTestId(`notice-row-${noticeId}`);
    await row.waitFor();
    expect(await pageTitle(volunteer, '通知公告')).toBe('通知公告');
    expect(await volunteer.getByTestId('send-notice').count()).toBe(0);
    expect(await volunteer.getByTestId('tab-sent').count()).toBe(0);
    expect(await volunteer.getByTestId('notices-sent').count()).toBe(0);
    expect(await rowState(row)).toBe('unread');
    expect(await row.getByTestId('notice-reminded').innerText()).toBe('已提醒 1 次');

    await row.click();
    await volunteer.getByTestId('notice-ack').waitFor();
    expect(await volunteer.getByTestId('notice-reminder').innerText()).toContain('指挥部已提醒您 1 次');
    expect(await volunteer.getByTestId('receipts').count()).toBe(0);
    await volunteer.context().close();
  });
});

describe('to all party organisations', () => {
  const ORGS_TITLE = '关于各级党组织做好封控区党员服务的通知';

  it('reaches the secretary of the Lizhiyuan No. 37 branch, who acknowledges it', async () => {
    await command.goto(`${env.baseUrl}/notices`);
    await command.getByTestId('send-notice').click();
    const form = command.getByTestId('send-form');
    await form.waitFor();
    await settle(command);
    await command.getByTestId('send-title').fill(ORGS_TITLE);
    await command.getByTestId('send-body').fill('各党组织书记、委员：请组织党员亮身份、做表率。');
    await command.getByTestId('send-scope-orgs').click();
    // The scope's help follows the choice once the form has re-rendered.
    await waitForText(form, '担任书记、副书记或成员的人员');
    // In the demo only `branch` holds a post in a party organisation and has an account.
    await command.getByTestId('send-submit').click();
    await toast(command, '通知已发送，共 1 人接收');
    const row = command.locator('[data-testid^="sent-row-"]').filter({ hasText: ORGS_TITLE });
    await row.waitFor();
    const id = Number((await row.getAttribute('data-testid'))!.replace('sent-row-', ''));

    const branch = await freshPage(env.browser);
    await login(branch, env.baseUrl, 'branch');
    await branch.goto(`${env.baseUrl}/notices`);
    const mine = branch.getByTestId(`notice-row-${id}`);
    await mine.waitFor();
    expect(await rowState(mine)).toBe('unread');
    // The notice to 站前街道 did not reach her.
    expect(await branch.getByTestId(`notice-row-${noticeId}`).count()).toBe(0);
    await mine.getByRole('link', { name: ORGS_TITLE }).click();
    await branch.getByTestId('notice-ack').click();
    await waitForText(branch.getByTestId('notice-acked'), '确认收到');
    await branch.context().close();

    await command.goto(`${env.baseUrl}/notices/${id}`);
    const receipt = command.getByTestId('receipt-row-branch');
    await receipt.waitFor();
    expect(await rowState(receipt)).toBe('acknowledged');
    expect(await command.locator('[data-testid^="receipt-row-"]').count()).toBe(1);
  });
});

describe('on a phone', () => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  it('lets a point chief read and acknowledge a notice on a 390 px screen', async () => {
    const chief = await freshPage(env.browser, phone);
    await login(chief, env.baseUrl, 'pointchief');
    await chief.goto(`${env.baseUrl}/notices`);
    const row = chief.getByTestId(`notice-row-${noticeId}`);
    await row.waitFor();
    expect(await overflow(chief)).toBeLessThanOrEqual(0);
    // The menu is behind its toggle: a dot on the toggle tells of the unread notice.
    const dot = chief.getByTestId('menu-unread').locator('.ant-badge-dot');
    await dot.waitFor();
    await row.getByRole('link', { name: TITLE }).click();
    await chief.getByTestId('notice-ack').click();
    await waitForText(chief.getByTestId('notice-acked'), '确认收到');
    await dot.waitFor({ state: 'detached' });
    expect(await overflow(chief)).toBeLessThanOrEqual(0);
    await chief.context().close();
  });

  it('fits the receipts and the send dialog for the command on a 390 px screen', async () => {
    const page = await freshPage(env.browser, phone);
    await login(page, env.baseUrl, 'command');
    await page.goto(`${env.baseUrl}/notices/${noticeId}`);
    await page.getByTestId('receipt-row-pointchief').waitFor();
    expect(await rowState(page.getByTestId('receipt-row-pointchief'))).toBe('acknowledged');
    expect(await statisticValue(page, 'receipts-acknowledged')).toBe(2);
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    await page.goto(`${env.baseUrl}/notices`);
    await page.getByTestId('send-notice').click();
    const form = page.getByTestId('send-form');
    await form.waitFor();
    await settle(page);
    await page.getByTestId('send-add-link').click();
    await page.getByTestId('send-scope-role').click();
    await page.getByTestId('send-role').waitFor();
    const box = await page.locator('.ant-modal-container, .ant-modal-content').first().boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
