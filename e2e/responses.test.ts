import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { freshPage, OPEN_LIST, openSelect, pageTitle, PHONE, settle, statisticValue, waitForText } from './helpers.ts';

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

/** The figure a gap-kind statistic shows, as a number. */
const gapCount = (kind: string) => statisticValue(page, `gap-${kind}`);

/** Opens a response from the list by its code; returns its id. */
async function openResponse(code: string): Promise<number> {
  await page.goto(`${env.baseUrl}/responses`);
  await page.getByTestId(`response-row-${code}`).click();
  await page.getByTestId('command-tree').waitFor();
  return Number(new URL(page.url()).pathname.split('/')[2]);
}

async function openGaps(responseId: number) {
  await page.goto(`${env.baseUrl}/responses/${responseId}/gaps`);
  await page.getByTestId('gaps').waitFor();
}

/** A dialog by its test id, once it has finished opening. */
async function dialogOf(testId: string): Promise<Locator> {
  const dialog = page.getByTestId(testId);
  await dialog.waitFor();
  await settle(page);
  return dialog;
}

/** The options of the open Select, those that may be chosen. */
const enabledOptions = () => page.locator(`${OPEN_LIST} .ant-select-item-option:not(.ant-select-item-option-disabled)`);
/** The options of the open Select that are offered but may not be chosen. */
const disabledOptions = () => page.locator(`${OPEN_LIST} .ant-select-item-option-disabled`);

/** The toast the app shows after a change. */
const toast = (text: string) => waitForText(page.locator('.ant-message-notice'), text);

const gapRow = (name: string) => page.getByTestId('gaps-report').locator('tbody tr').filter({ hasText: name });

describe('the command structure of a response', () => {
  it('declares a response with two command posts and shows them in its "1+6+N" tree', async () => {
    await page.goto(`${env.baseUrl}/responses`);
    expect(await pageTitle(page, '应急响应')).toBe('应急响应');
    await page.getByTestId('declare-response').click();
    await dialogOf('declare-form');
    await page.getByTestId('declare-code').fill('0901');
    // The name follows the code until someone types one.
    expect(await page.getByTestId('declare-name').inputValue()).toBe('“0901”疫情防控应急响应');
    const date = page.getByTestId('declare-form').locator('#declare_startedOn');
    await date.click();
    await date.fill('2022-09-01');
    await date.press('Enter');
    await openSelect(page.getByTestId('declare-towns'), page);
    for (const town of ['羊角镇', '公馆镇']) {
      await page.keyboard.type(town.slice(0, 2));
      await enabledOptions().filter({ hasText: town }).click();
    }
    await page.getByTestId('declare-submit').click();

    expect(await pageTitle(page, '“0901”疫情防控应急响应')).toBe('“0901”疫情防控应急响应');
    const posts = await page.getByTestId('command-posts').getByTestId('unit-name').allInnerTexts();
    expect(posts.sort()).toEqual(['公馆镇一线指挥部', '羊角镇一线指挥部']);
    expect(await page.getByTestId('count-posts').locator('.ant-statistic-content').innerText()).toBe('2');
    // Each post comes with its temporary branch, which has no one in it yet.
    const branches = await page.getByTestId('command-posts').locator('.branch-name').allInnerTexts();
    expect(branches.sort()).toEqual(['“0901”公馆镇一线指挥部临时党支部', '“0901”羊角镇一线指挥部临时党支部']);
    expect(await page.getByTestId('command-posts').getByTestId('no-commander').count()).toBe(2);
    expect(await page.getByTestId('response-status').innerText()).toBe('进行中');

    await page.goto(`${env.baseUrl}/responses`);
    expect(await page.getByTestId('response-row-0901').innerText()).toContain('2022-09-01');
  });

  it('shows the 0708 response with its six posts and the Lizhiyuan No. 37 branch of seven', async () => {
    await openResponse('0708');
    expect(await page.getByTestId('command-posts').getByTestId('unit-name').count()).toBe(6);
    const lizhiyuan = page.locator('.branch').filter({ hasText: '荔枝园村37号' });
    expect(await lizhiyuan.getByTestId('member-count').innerText()).toBe('7 人');
    const roles = await lizhiyuan.locator('[data-role]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-role')));
    expect(roles).toEqual(['secretary', 'deputy_secretary', 'deputy_secretary', 'member', 'member', 'member', 'member']);
    expect(await lizhiyuan.locator('.holder-role').first().innerText()).toBe('书记');
  });

  it('reports the deliberate blank spots and weak points of 0708, each with the server\'s fix', async () => {
    const id = await openResponse('0708');
    await page.getByTestId('tab-gaps').click();
    await page.getByTestId('gaps-report').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/responses/${id}/gaps`);
    expect(await gapCount('command_post_without_commander')).toBe(1);
    expect(await gapCount('branch_without_secretary')).toBe(1);
    expect(await gapCount('community_without_pairing')).toBe(9);
    expect(await gapCount('town_without_area_chief')).toBe(0);
    const post = await gapRow('鳌头镇一线指挥部').innerText();
    expect(post).toContain('指派指挥长');
  });

  it('assigns a commander to 鳌头镇一线指挥部 from the gap\'s link, and the gap closes', async () => {
    const id = await openResponse('0708');
    await openGaps(id);
    await gapRow('鳌头镇一线指挥部').getByRole('link').click();

    // The link lands on the unit, marked, with its assign dialog open on the missing role.
    const dialog = await dialogOf('assign-dialog');
    const unit = page.locator('.unit-card.unit-focus');
    expect(await unit.getByTestId('unit-name').innerText()).toBe('鳌头镇一线指挥部');
    expect(await dialog.locator('.ant-radio-button-wrapper-checked').innerText()).toBe('指挥长');
    await openSelect(dialog.getByTestId('assign-person'), page);
    const option = enabledOptions().filter({ hasText: '鳌头镇一线指挥部指挥长' });
    const name = (await option.locator('.person-option-name').innerText()).trim();
    await option.click();
    await dialog.getByTestId('assign-submit').click();
    await toast(`已指派${name}为指挥长`);

    await dialog.waitFor({ state: 'detached' });
    const commander = unit.locator('[data-role="commander"]');
    expect(await commander.getByTestId('holder-name').innerText()).toBe(name);
    expect(await unit.getByTestId('no-commander').count()).toBe(0);

    await page.getByTestId('tab-gaps').click();
    await page.getByTestId('gaps-report').waitFor();
    expect(await gapCount('command_post_without_commander')).toBe(0);
    expect(await gapRow('鳌头镇一线指挥部').count()).toBe(0);
  });

  it('refuses a second commander with the server\'s message', async () => {
    await openResponse('0708');
    const unit = page.locator('.unit-card').filter({ has: page.getByTestId('unit-name').getByText('站前街道一线指挥部', { exact: true }) });
    await unit.getByTestId(/^assign-command_unit-/).click();
    const dialog = await dialogOf('assign-dialog');
    await dialog.getByText('指挥长', { exact: true }).click();
    // The incumbent is named before anyone tries.
    expect(await dialog.locator('.ant-alert').innerText()).toContain('已有在任的指挥长');
    await openSelect(dialog.getByTestId('assign-person'), page);
    // The commander in post is listed but cannot be chosen again.
    expect(await disabledOptions().first().innerText()).toContain('已在任');
    await enabledOptions().first().click();
    await dialog.getByTestId('assign-submit').click();
    expect(await waitForText(dialog.getByTestId('assign-error'), '请先结束其任职')).toContain('该单位已有在任的指挥长');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows a unit\'s assignment history on a phone, with who assigned and who ended each, in both languages', async () => {
    const phone = await freshPage(env.browser, PHONE);
    await login(phone, env.baseUrl, 'command');
    await phone.goto(`${env.baseUrl}/responses`);
    await phone.getByTestId('response-row-0708').click();
    const unit = phone.locator('.unit-card').filter({ has: phone.getByTestId('unit-name').getByText('鳌头镇一线指挥部', { exact: true }) });
    // The commander assigned from the gap's link leaves the post; it stays in the history.
    const holder = unit.locator('[data-role="commander"]');
    const commander = (await holder.getByTestId('holder-name').innerText()).trim();
    await holder.locator('[data-testid^="end-"]').click();
    await phone.locator('.ant-popconfirm').getByRole('button', { name: '结束任职' }).click();
    await holder.waitFor({ state: 'detached' });

    await unit.getByTestId('holders-history').first().click();
    const history = phone.getByTestId('assignment-history');
    const ended = history.locator('li[data-live="false"]').filter({ hasText: commander });
    expect(await waitForText(ended.getByTestId('history-who'), '结束')).toBe('区指挥部指派 · 区指挥部结束');
    await settle(phone);
    const box = (await phone.locator('.ant-modal-container, .ant-modal-content').first().boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    await phone.locator('.ant-modal-close').click();
    await history.waitFor({ state: 'detached' });
    await phone.getByTestId('lang-switch').getByText('English').click();
    await waitForText(unit.getByTestId('holders-history').first(), 'History');
    await unit.getByTestId('holders-history').first().click();
    expect(await waitForText(ended.getByTestId('history-who'), 'ended by')).toBe('assigned by 区指挥部 · ended by 区指挥部');
    await phone.context().close();
  });

  it('pairs an organisation with an unpaired 金塘镇 community, and the count of such communities drops by one', async () => {
    const id = await openResponse('0708');
    await openGaps(id);
    const before = await gapCount('community_without_pairing');
    const first = page.getByTestId('gaps-report').locator('tbody tr').filter({ hasText: '金塘镇' }).first();
    const community = (await first.locator('.gap-name').innerText()).trim();
    await first.getByRole('link').click();

    expect(await pageTitle(page, community)).toBe(community);
    await page.getByTestId('no-pairing').waitFor();
    await page.getByTestId('pair-org').click();
    await dialogOf('pair-dialog');
    await openSelect(page.getByTestId('pair-org-select'), page);
    await page.keyboard.type('区委办公室');
    await enabledOptions().filter({ hasText: '区委办公室党支部' }).first().click();
    await page.getByTestId('pair-submit').click();
    await toast('区委办公室党支部已与');

    expect(await waitForText(page.getByTestId('paired-orgs'), '区委办公室党支部')).toContain('区委办公室党支部');
    expect(await page.getByTestId('no-pairing').count()).toBe(0);

    await openGaps(id);
    expect(await gapCount('community_without_pairing')).toBe(before - 1);
    expect(await gapRow(community).count()).toBe(0);
  });

  it('assigns a district leader as area chief of a town', async () => {
    await page.goto(`${env.baseUrl}/regions`);
    await page.locator('[data-testid^="region-row-"]').getByRole('link', { name: '站前街道', exact: true }).click();
    expect(await pageTitle(page, '站前街道')).toBe('站前街道');
    const card = page.getByTestId('area-chiefs-card');
    const chiefs = card.locator('[data-role="area_chief"]');
    await chiefs.first().waitFor();
    const before = await chiefs.count();

    await card.getByTestId('assign-area-chief').click();
    const dialog = await dialogOf('assign-dialog');
    // Only district leaders may be area chiefs: the kind is fixed.
    expect(await dialog.getByTestId('assign-kind').innerText()).toContain('区领导');
    await openSelect(dialog.getByTestId('assign-person'), page);
    // Leaders already in post here are offered but cannot be chosen.
    expect(await disabledOptions().count()).toBe(before);
    const free = enabledOptions().first();
    const name = (await free.locator('.person-option-name').innerText()).trim();
    await free.click();
    await dialog.getByTestId('assign-submit').click();
    await toast(`已指派${name}为片长`);

    await waitForText(card.getByTestId('holders'), name);
    expect(await chiefs.count()).toBe(before + 1);
  });
});

describe('for those who may not change the structure', () => {
  it('shows the structure and the gaps, but no way to change them', async () => {
    const volunteer = await freshPage(env.browser);
    await login(volunteer, env.baseUrl, 'volunteer');
    expect(await volunteer.getByTestId('nav-menu').innerText()).toContain('应急响应');
    await volunteer.goto(`${env.baseUrl}/responses`);
    await volunteer.getByTestId('response-row-0708').click();
    await volunteer.getByTestId('command-tree').waitFor();
    await volunteer.getByTestId('unit-name').first().waitFor();
    expect(await volunteer.locator('[data-testid^="assign-"], [data-testid^="end-"]').count()).toBe(0);
    expect(await volunteer.getByTestId('close-response').count()).toBe(0);

    // A link meant to fix a gap only marks the unit for someone who cannot fix it.
    const id = new URL(volunteer.url()).pathname.split('/')[2];
    const unit = await volunteer.locator('.unit-card').first().getAttribute('data-unit');
    await volunteer.goto(`${env.baseUrl}/responses/${id}?unit=${unit}`);
    await volunteer.locator('.unit-focus').waitFor();
    expect(await volunteer.getByTestId('assign-dialog').count()).toBe(0);

    await volunteer.goto(`${env.baseUrl}/responses`);
    await volunteer.getByTestId('responses-table').locator('tbody tr[data-row-key]').first().waitFor();
    expect(await volunteer.getByTestId('declare-response').count()).toBe(0);

    // The volunteer's own community: its paired organisations, read-only.
    await volunteer.goto(`${env.baseUrl}/regions`);
    await volunteer.getByTestId('paired-orgs-card').waitFor();
    expect(await volunteer.locator('[data-testid="pair-org"], [data-testid^="unpair-"]').count()).toBe(0);
    await volunteer.context().close();
  });

  it('shows an area chief their town\'s command post with its people, read-only', async () => {
    const chief = await freshPage(env.browser);
    await login(chief, env.baseUrl, 'zhanqian');
    await chief.goto(`${env.baseUrl}/responses`);
    await chief.getByTestId('response-row-0708').click();
    const posts = chief.getByTestId('command-posts');
    await posts.waitFor();
    expect(await posts.getByTestId('unit-name').allInnerTexts()).toEqual(['站前街道一线指挥部']);
    expect(await posts.locator('[data-role="commander"]').count()).toBe(1);
    expect(await chief.locator('[data-testid^="assign-"], [data-testid^="end-"], [data-testid="close-response"]').count()).toBe(0);

    // The report covers the chief's town only: 金塘镇's unpaired communities are someone else's.
    await chief.getByTestId('tab-gaps').click();
    await chief.getByTestId('gaps').waitFor();
    expect(await chief.getByTestId('gap-community_without_pairing').locator('.ant-statistic-content').innerText()).toBe('0');
    expect(await chief.getByTestId('gaps-none').innerText()).toContain('没有空白点和薄弱点');
    await chief.context().close();
  });
});
