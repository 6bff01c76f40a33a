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

const HENGFU = '恒福尚城北门A点';
const OLD_ADDRESS = '站前街道恒福尚城北门';
const NEW_ADDRESS = '恒福尚城南门广场';
const REASON = '北门需设为封控区出入口';

/** A dialog by its test id, once it has finished opening. */
async function dialogOf(testId: string, on: Page = page): Promise<Locator> {
  const dialog = on.getByTestId(testId);
  await dialog.waitFor();
  await settle(on);
  return dialog;
}

/** The options of the open Select that may be chosen. */
const enabledOptions = (on: Page = page) => on.locator(`${OPEN_LIST} .ant-select-item-option:not(.ant-select-item-option-disabled)`);

/** Chooses an option of a Select by its exact text. */
async function choose(select: Locator, text: string, on: Page = page) {
  await openSelect(select, on);
  await enabledOptions(on).filter({ hasText: new RegExp(`^${text}`) }).first().click();
  await settle(on);
}

/** The toast the app shows after a change. */
const toast = (text: string, on: Page = page) => waitForText(on.locator('.ant-message-notice'), text);

/** The points list, narrowed to names containing `name`; returns the row of the point so named. */
async function findPoint(name: string, on: Page = page): Promise<Locator> {
  await on.goto(`${env.baseUrl}/points`);
  await on.getByTestId('points-table').locator('tbody tr[data-row-key]').first().waitFor();
  await on.getByTestId('points-name').fill(name);
  await on.getByTestId('points-name').press('Enter');
  const row = on.locator(`tr[data-name="${name}"]`);
  await row.waitFor();
  return row;
}

/** Opens a point from the list; returns its id. */
async function openPoint(name: string, on: Page = page): Promise<number> {
  await (await findPoint(name, on)).getByTestId('point-link').click();
  await on.getByTestId('point-page').waitFor();
  expect(await pageTitle(on, name)).toBe(name);
  return Number(new URL(on.url()).pathname.split('/')[2]);
}

/** "9/10" of a role in this shift's team. */
const present = (role: string, on: Page = page) => on.getByTestId(`team-role-${role}`).getByTestId('team-present');

async function openGaps(): Promise<number> {
  await page.goto(`${env.baseUrl}/responses`);
  await page.getByTestId('response-row-0708').click();
  await page.getByTestId('command-tree').waitFor();
  const id = Number(new URL(page.url()).pathname.split('/')[2]);
  await page.goto(`${env.baseUrl}/responses/${id}/gaps`);
  await page.getByTestId('gaps').waitFor();
  return id;
}
const gapCount = (kind: string) => statisticValue(page, `gap-${kind}`);

describe('the sampling points of the district', () => {
  it('lists the 146 points for the command with counts by status, chiefs, teams and queues', async () => {
    await page.goto(`${env.baseUrl}/points`);
    await page.getByTestId('points-table').locator('tbody tr[data-row-key]').first().waitFor();
    expect(await statisticValue(page, 'points-total')).toBe(146);
    expect(await statisticValue(page, 'count-open')).toBe(146);
    expect(await statisticValue(page, 'count-planned')).toBe(0);
    // The menu has them live, not as "coming soon".
    expect(await page.getByTestId('nav-menu').getByRole('menuitem', { name: '采样点' }).getAttribute('aria-disabled')).not.toBe('true');

    const hengfu = await findPoint(HENGFU);
    expect(await hengfu.getByTestId('point-address').innerText()).toBe(OLD_ADDRESS);
    expect(await hengfu.innerText()).toContain('站前街道 / 恒福社区');
    expect(await hengfu.getByTestId('point-status').innerText()).toBe('开放');
    expect((await hengfu.getByTestId('point-chief').innerText()).length).toBeGreaterThan(1);
    expect(await hengfu.getByTestId('point-team').innerText()).toBe('14/14');
    expect(await hengfu.getByTestId('point-team').getAttribute('data-complete')).toBe('true');
    expect(await hengfu.getByTestId('point-queue').innerText()).toBe('未上报排队');
    expect(await statisticValue(page, 'points-total')).toBe(1);

    // The demo's deliberate weak point: 鳌头镇's first point has no chief.
    await page.getByTestId('points-name').fill('');
    await page.getByTestId('points-name').press('Enter');
    await choose(page.getByTestId('points-region'), '鳌头镇');
    await waitForText(page.getByTestId('points-table').locator('tbody'), '鳌头镇 / ');
    const rows = page.getByTestId('points-table').locator('tbody tr[data-row-key]');
    expect(await rows.count()).toBe(await statisticValue(page, 'points-total'));
    expect(await rows.filter({ hasNotText: '鳌头镇 / ' }).count()).toBe(0);
    expect(await page.getByTestId('points-table').getByTestId('no-chief').count()).toBe(1);
  });

  it('sets up a new point for the command, moves it along its lifecycle, and closes it', async () => {
    await page.goto(`${env.baseUrl}/points`);
    await page.getByTestId('new-point').click();
    const dialog = await dialogOf('point-form');
    await dialog.getByTestId('point-name').fill('恒福社区第二采样点');
    await openSelect(dialog.getByTestId('point-community'), page);
    await page.keyboard.type('恒福社区');
    await enabledOptions().filter({ hasText: '站前街道' }).filter({ hasText: '恒福社区' }).first().click();
    // It serves its own community until told otherwise.
    await waitForText(dialog.getByTestId('point-served'), '恒福社区');
    await dialog.getByTestId('point-address-input').fill('恒福社区党群服务中心');
    await dialog.getByTestId('point-opens').fill('07:30');
    await dialog.getByTestId('point-create-submit').click();
    await toast('已新建采样点“恒福社区第二采样点”');

    expect(await pageTitle(page, '恒福社区第二采样点')).toBe('恒福社区第二采样点');
    expect(await page.getByTestId('point-status').innerText()).toBe('计划中');
    expect(await page.getByTestId('point-site-address').innerText()).toBe('恒福社区党群服务中心');
    expect(await page.getByTestId('point-served-regions').innerText()).toContain('恒福社区');
    expect(await page.getByTestId('point-meta').innerText()).toContain('07:30–20:00');
    await page.getByTestId('no-chief').waitFor();
    // A planned point has no team yet: nobody may check in.
    expect(await page.getByTestId('checkin').count()).toBe(0);

    await page.getByTestId('status-to-setting_up').click();
    await waitForText(page.getByTestId('point-status'), '筹备中');
    expect(await page.getByTestId('point-history-change').allInnerTexts()).toEqual(['计划中 → 筹备中', '设立，状态为计划中']);
    await page.getByTestId('checkin').waitFor();

    await page.getByTestId('status-to-closed').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '关闭采样点' }).click();
    await waitForText(page.getByTestId('point-status'), '已关闭');
    expect(await page.getByTestId('point-run').count()).toBe(0);
    expect(await page.getByTestId('checkin').count()).toBe(0);

    await page.goto(`${env.baseUrl}/points`);
    await page.getByTestId('points-table').locator('tbody tr[data-row-key]').first().waitFor();
    expect(await statisticValue(page, 'points-total')).toBe(147);
    expect(await statisticValue(page, 'count-closed')).toBe(1);
    await page.getByTestId('filter-closed').click();
    await waitForText(page.getByTestId('points-table').locator('tbody'), '恒福社区第二采样点');
    expect(await page.getByTestId('points-table').locator('tbody tr[data-row-key]').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('status')).toBe('closed');
  });
});

describe('relocating a point, as its chief', () => {
  it('moves 恒福尚城北门A点 with a reason, keeps the old site and the team, and reopens it at the new one', async () => {
    const chief = await freshPage(env.browser);
    await login(chief, env.baseUrl, 'pointchief');
    const id = await openPoint(HENGFU, chief);
    expect(await chief.getByTestId('point-status').innerText()).toBe('开放');
    // The chief runs the point but does not appoint chiefs.
    expect(await chief.getByTestId('assign-chief').count()).toBe(0);
    expect(await chief.getByTestId('team-complete').count()).toBe(1);

    await chief.getByTestId('relocate').click();
    const dialog = await dialogOf('relocate-dialog', chief);
    expect(await dialog.getByTestId('relocate-from').innerText()).toBe(OLD_ADDRESS);
    await dialog.getByTestId('relocate-address').fill(NEW_ADDRESS);
    await dialog.getByTestId('relocate-lat').fill('21.66');
    await dialog.getByTestId('relocate-lng').fill('110.91');
    await dialog.getByTestId('relocate-reason').fill(REASON);
    await dialog.getByTestId('relocate-submit').click();
    await toast(`已搬迁至${NEW_ADDRESS}`, chief);
    await dialog.waitFor({ state: 'detached' });

    await waitForText(chief.getByTestId('point-status'), '搬迁中');
    expect(await chief.getByTestId('point-site-address').innerText()).toBe(NEW_ADDRESS);
    expect(await chief.getByTestId('point-site-card').innerText()).toContain('21.66, 110.91');
    const old = chief.getByTestId('previous-site');
    expect(await old.count()).toBe(1);
    expect(await old.innerText()).toContain(`原址 ${OLD_ADDRESS}`);
    expect(await old.getByTestId('previous-site-reason').innerText()).toBe(`原因：${REASON}`);
    // Same point, same team: nobody had to check in again.
    expect(await chief.getByTestId('team-complete').count()).toBe(1);
    expect(await present('medical', chief).innerText()).toBe('10/10');
    // Queues are reported by an open point only.
    expect(await chief.getByTestId('queue-report').count()).toBe(0);

    await chief.getByTestId('status-to-open').click();
    await waitForText(chief.getByTestId('point-status'), '开放');
    expect((await chief.getByTestId('point-history-change').allInnerTexts())[0]).toBe('搬迁中 → 开放');
    await chief.getByTestId('queue-over_25').click();
    await toast('已上报：排队>25分钟', chief);
    await waitForText(chief.getByTestId('point-queue'), '排队>25分钟');
    await chief.context().close();

    // A resident, logged out, on a phone: from the login page to the public list.
    const resident = await freshPage(env.browser, PHONE);
    await resident.goto(`${env.baseUrl}/login`);
    await resident.getByTestId('find-point').click();
    await resident.getByTestId('public-town').first().waitFor();
    expect(new URL(resident.url()).pathname).toBe('/public/points');
    expect(await resident.getByTestId('app-layout').count()).toBe(0);
    expect(await resident.getByTestId('public-count').innerText()).toBe('共 146 个采样点');
    const card = resident.locator('[data-town="站前街道"]').getByTestId(`public-point-${id}`);
    expect(await card.getByTestId('public-address').innerText()).toBe(NEW_ADDRESS);
    expect(await card.getByTestId('public-moved').innerText()).toBe(`已搬迁：原址 ${OLD_ADDRESS} → 现址 ${NEW_ADDRESS}`);
    expect(await card.getByTestId('public-queue').innerText()).toBe('排队>25分钟');
    expect(await card.getByTestId('public-hours').innerText()).toBe('开放时间 08:00–20:00');
    expect(await card.getByTestId('public-serves').innerText()).toMatch(/^服务范围：.+网格/);
    // Points that did not move say nothing of moving.
    expect(await resident.getByTestId('public-moved').count()).toBe(1);
    expect(await resident.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);

    // Someone looking for the old address finds where it went.
    await resident.getByTestId('public-search').locator('input').fill('北门');
    await resident.locator('[data-testid^="public-point-"]').nth(1).waitFor({ state: 'detached' });
    expect(await resident.locator('[data-testid^="public-point-"]').count()).toBe(1);
    expect(await card.count()).toBe(1);

    await resident.getByTestId('lang-switch').getByText('English').click();
    expect(await waitForText(card.getByTestId('public-moved'), 'Moved')).toBe(`Moved: was at ${OLD_ADDRESS} → now at ${NEW_ADDRESS}`);
    expect(await card.getByTestId('public-queue').innerText()).toBe('Queue > 25 min');
    await resident.context().close();
  });
});

describe('the gaps report and the 1+3+10+N team', () => {
  it('follows the gap "point without a chief" to the point, assigns a chief, and the gap closes', async () => {
    await openGaps();
    const before = await gapCount('point_without_chief');
    expect(before).toBeGreaterThanOrEqual(1);
    await page.getByTestId('gap-point_without_chief').click();
    const row = page.locator('[data-testid^="gap-row-point_without_chief-"]').first();
    const name = (await row.locator('.gap-name').innerText()).trim();
    await row.getByRole('link').click();

    expect(await pageTitle(page, name)).toBe(name);
    expect(new URL(page.url()).pathname).toMatch(/^\/points\/\d+$/);
    await page.getByTestId('no-chief').waitFor();
    await page.getByTestId('assign-chief').click();
    const dialog = await dialogOf('assign-dialog');
    expect(await dialog.getByTestId('assign-role').innerText()).toBe('点长');
    await openSelect(dialog.getByTestId('assign-person'), page);
    const option = enabledOptions().first();
    const chief = (await option.locator('.person-option-name').innerText()).trim();
    await option.click();
    await dialog.getByTestId('assign-submit').click();
    await toast(`已指派${chief}为点长`);
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByTestId('point-chiefs-card');
    expect(await waitForText(card.getByTestId('holder-name'), chief)).toBe(chief);
    expect(await page.getByTestId('no-chief').count()).toBe(0);

    await openGaps();
    expect(await gapCount('point_without_chief')).toBe(before - 1);
    expect(await page.getByTestId('gaps-report').locator('tbody tr').filter({ hasText: name }).filter({ hasText: '指派点长' }).count()).toBe(0);
    expect(await (await findPoint(name)).getByTestId('point-chief').innerText()).toBe(chief);
  });

  it('refuses the wrong kind of person for a role in the server\'s words, and checks a medic in where one is short', async () => {
    // A point two sampling staff short this shift, from the gaps report.
    await openGaps();
    await page.getByTestId('gap-point_team_incomplete').click();
    const rows = page.locator('[data-testid^="gap-row-point_team_incomplete-"]');
    await rows.first().waitFor();
    const names = (await rows.locator('.gap-name').allInnerTexts()).map((n) => n.trim());
    let short: string | undefined;
    for (const name of names) {
      await openPoint(name);
      if ((await page.getByTestId('team-role-medical').getAttribute('data-missing')) === 'true') {
        short = name;
        break;
      }
    }
    expect(short).toBeDefined();
    const shortId = Number(new URL(page.url()).pathname.split('/')[2]);
    expect(await present('medical').innerText()).toBe('8/10');

    // A medic of 恒福尚城北门A点, whose team is full.
    await openPoint(HENGFU);
    const medic = page.getByTestId('team-role-medical').locator('[data-person-id]').first();
    const medicId = Number(await medic.getAttribute('data-person-id'));
    const medicName = (await medic.locator('.team-member-name').innerText()).trim();
    const medicCheckin = (await medic.getAttribute('data-testid'))!.replace('member-', '');

    await page.goto(`${env.baseUrl}/points/${shortId}`);
    await page.getByTestId('checkin').click();
    const dialog = await dialogOf('checkin-dialog');
    // The dialog opens on the role the point lacks.
    expect(await dialog.getByTestId('checkin-role').innerText()).toContain('采样医护');
    expect(await dialog.getByTestId('checkin-kind').innerText()).toBe('医护');

    // A grid worker as sampling staff: the server says no, by name.
    await choose(dialog.getByTestId('checkin-kind'), '网格员');
    await openSelect(dialog.getByTestId('checkin-person'), page);
    const worker = enabledOptions().first();
    const workerName = (await worker.locator('.person-option-name').innerText()).trim();
    await worker.click();
    await dialog.getByTestId('checkin-submit').click();
    expect(await waitForText(dialog.getByTestId('checkin-error'), '不是医护人员')).toBe(`${workerName}不是医护人员，不能担任医护岗位`);

    // A medic still checked in elsewhere: the server names the point.
    await choose(dialog.getByTestId('checkin-kind'), '医护');
    await openSelect(dialog.getByTestId('checkin-person'), page);
    await page.keyboard.type(medicName);
    await page.getByTestId(`person-option-${medicId}`).click();
    await dialog.getByTestId('checkin-submit').click();
    expect(await waitForText(dialog.getByTestId('checkin-error'), '请先签退')).toBe(`${medicName}本班次已在“${HENGFU}”签到，请先签退`);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await present('medical').innerText()).toBe('8/10');

    // Checked out there, the medic goes where they are short.
    await openPoint(HENGFU);
    await page.getByTestId(`checkout-${medicCheckin}`).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '签退' }).click();
    await toast(`${medicName}已签退`);
    await waitForText(present('medical'), '9/10');
    expect(await page.getByTestId('team-role-medical').getAttribute('data-missing')).toBe('true');
    await page.getByTestId('team-incomplete').waitFor();

    await page.goto(`${env.baseUrl}/points/${shortId}`);
    await page.getByTestId('checkin').click();
    const again = await dialogOf('checkin-dialog');
    await openSelect(again.getByTestId('checkin-person'), page);
    await page.keyboard.type(medicName);
    await page.getByTestId(`person-option-${medicId}`).click();
    await again.getByTestId('checkin-submit').click();
    await toast(`${medicName}已签到为采样医护`);
    await again.waitFor({ state: 'detached' });
    expect(await waitForText(present('medical'), '9/10')).toBe('9/10');
    expect(await page.getByTestId('team-role-medical').locator(`[data-person-id="${medicId}"]`).count()).toBe(1);
  });
});

describe('for those who may not run a point', () => {
  it('shows a volunteer the points of their community and a point\'s page, with no way to change them', async () => {
    const volunteer = await freshPage(env.browser);
    await login(volunteer, env.baseUrl, 'volunteer');
    const row = await findPoint(HENGFU, volunteer);
    expect(await volunteer.getByTestId('new-point').count()).toBe(0);
    await row.getByTestId('point-link').click();
    await volunteer.getByTestId('point-page').waitFor();
    await volunteer.getByTestId('team-table').locator('[data-person-id]').first().waitFor();
    expect(await volunteer.getByTestId('point-site-address').innerText()).toBe(NEW_ADDRESS);
    const changes = '[data-testid="point-run"], [data-testid^="status-to-"], [data-testid="relocate"], [data-testid="queue-report"], [data-testid="checkin"], [data-testid^="checkout-"], [data-testid="assign-chief"], [data-testid^="end-"]';
    expect(await volunteer.locator(changes).count()).toBe(0);
    await volunteer.context().close();
  });
});

describe('on a 390 px phone', () => {
  const overflow = (on: Page) => on.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  it('gives a point chief the list, the point and its dialogs without sideways scrolling', async () => {
    const chief = await freshPage(env.browser, PHONE);
    await login(chief, env.baseUrl, 'pointchief');
    const row = await findPoint(HENGFU, chief);
    // One column: name and status, where, then chief, team and queue.
    expect(await chief.getByTestId('points-table').locator('thead th').count()).toBe(1);
    expect(await row.getByTestId('point-team').innerText()).toMatch(/^(不全 )?\d+\/14$/);
    expect(await overflow(chief)).toBe(0);

    await row.getByTestId('point-link').click();
    await chief.getByTestId('team-table').locator('[data-person-id]').first().waitFor();
    expect(await overflow(chief)).toBe(0);
    for (const [button, dialogId] of [['relocate', 'relocate-dialog'], ['checkin', 'checkin-dialog']] as const) {
      await chief.getByTestId(button).click();
      const dialog = await dialogOf(dialogId, chief);
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await dialog.getByRole('button', { name: '取消' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await chief.context().close();
  });
});
