import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { apiGet, apiPost, freshPage, pageTitle, statisticValue, waitForText } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;
/** The district command at a desk. */
let page: Page;

beforeAll(async () => {
  env = await startE2E();
  page = await freshPage(env.browser);
  await login(page, env.baseUrl, 'command');
});

afterAll(async () => {
  await env?.stop();
});

interface CoverageReport { rows: Array<{ id: number; name: string; residents: number }> }

/** The JSON API through the command's session. */
const getJson = <T>(path: string) => apiGet<T>(page, env.baseUrl, path);
const postJson = <T>(path: string, data: unknown, status: number) => apiPost<T>(page, env.baseUrl, path, data, status);

/** A lab's result sheet as the lab sends it: 试管编号 and 检测结果. */
async function resultSheet(rows: Array<[string, string]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('检测结果');
  sheet.addRow(['试管编号', '检测结果']);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileInput = () => page.getByTestId('results-upload').locator('input[type="file"]');

describe('after the scans: lab results, recalls and door-to-door sampling', () => {
  let roundId: number;
  /** The five swabbed into the positive pool, by name and full ID number. */
  let pool: Array<{ name: string; idNumber: string }>;
  /** Someone of the same grid who was not in the pool. */
  let bystander: string;

  it('opens a round over the district and scans a tube of five through the API', async () => {
    const responseId = (await getJson<{ items: Array<{ id: number; code: string }> }>('/responses')).items.find((r) => r.code === '0708')!.id;
    const districtId = (await getJson<{ region: { id: number } }>('/regions/root')).region.id;
    const now = Date.now();
    roundId = (await postJson<{ id: number }>(`/responses/${responseId}/rounds`, {
      name: '复核演练轮', startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 12 * 3600_000).toISOString(), regionIds: [districtId],
    }, 201)).id;

    // Five people of the biggest grid of 站前街道 (outside every risk area: 10-in-1, so a tube of five is fine).
    const zhanqian = (await getJson<CoverageReport>(`/rounds/${roundId}/coverage?regionId=${districtId}`)).rows.find((r) => r.name === '站前街道')!;
    const grids = (await getJson<CoverageReport>(`/rounds/${roundId}/coverage?regionId=${zhanqian.id}&level=grid`)).rows;
    const biggest = [...grids].sort((a, b) => b.residents - a.residents || a.id - b.id)[0];
    const untested = await getJson<{ items: Array<{ name: string; idNumber: string }> }>(`/rounds/${roundId}/untested?gridId=${biggest.id}`);
    pool = untested.items.slice(0, 5).map((p) => ({ name: p.name, idNumber: p.idNumber }));
    bystander = untested.items[5].idNumber;
    expect(pool).toHaveLength(5);
    expect(pool.every((p) => /^\d{17}[\dX]$/.test(p.idNumber))).toBe(true);

    const pointId = (await getJson<{ items: Array<{ id: number; name: string }> }>('/points')).items.find((p) => p.name === '恒福尚城北门A点')!.id;
    const scanned = await postJson<{ tubes: number; persons: number }>(`/rounds/${roundId}/scans`, {
      submissionId: randomUUID(), pointId, tubes: [{ code: 'FU-0001', persons: pool.map((p) => ({ idNumber: p.idNumber })) }],
    }, 201);
    expect(scanned).toMatchObject({ tubes: 1, persons: 5 });
  });

  it('uploads the lab\'s file marking the tube 阳性: five recalled, listed 待复核; a file naming an unknown tube is refused', async () => {
    await page.goto(`${env.baseUrl}/rounds/${roundId}`);
    await pageTitle(page, '复核演练轮');
    await page.getByTestId('round-tab-results').click();
    await page.getByTestId('lab-results').waitFor();
    expect(await statisticValue(page, 'results-tubesWithResult')).toBe(0);
    expect(await page.getByTestId('recalls-table').locator('tbody tr[data-row-key]').count()).toBe(0);

    // A file with a tube this round never saw: nothing recorded, the tube named.
    await fileInput().setInputFiles({ name: 'lab-wrong.xlsx', mimeType: XLSX, buffer: await resultSheet([['FU-0001', '阳性'], ['NOPE-9999', '阴性']]) });
    await waitForText(page.getByTestId('results-problem'), 'NOPE-9999');
    expect(await page.getByTestId('results-problem').count()).toBe(1);
    expect(await statisticValue(page, 'results-positivePools')).toBe(0);

    await fileInput().setInputFiles({ name: 'lab.xlsx', mimeType: XLSX, buffer: await resultSheet([['FU-0001', '阳性']]) });
    const outcome = page.getByTestId('results-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-recalled')).toBe('5');
    expect(await outcome.getByTestId('results-recalled').innerText()).toBe('召回复核 5 人');
    expect(await outcome.locator('.ant-alert-title').innerText()).toBe('已登记 1 管结果，其中阳性 1 管');
    expect(await page.getByTestId('results-failure').count()).toBe(0);

    // The figures and the recalls, refreshed without a reload.
    const rows = page.getByTestId('recalls-table').locator('tbody tr[data-row-key]');
    await page.locator('[data-testid="recalls-table"] tbody tr[data-status="open"]').nth(4).waitFor();
    expect(await rows.count()).toBe(5);
    expect(await rows.getByTestId('recall-status').allInnerTexts()).toEqual(Array(5).fill('待复核'));
    expect(await rows.getByTestId('recall-pool').allInnerTexts()).toEqual(Array(5).fill('FU-0001'));
    expect((await rows.getByTestId('recall-name').allInnerTexts()).sort()).toEqual(pool.map((p) => p.name).sort());
    expect(await statisticValue(page, 'results-tubesWithResult')).toBe(1);
    expect(await statisticValue(page, 'results-positivePools')).toBe(1);
    expect(await statisticValue(page, 'results-recallsOpen')).toBe(5);
    expect(await statisticValue(page, 'results-confirmed')).toBe(0);
    await waitForText(page.getByTestId('round-tab-results').locator('.ant-badge'), /^5$/);
  });

  it('generates home-sampling tasks; the recalled five are among them, urgent, for a retest', async () => {
    await page.getByTestId('round-tab-home').click();
    const card = page.getByTestId('home-tasks');
    await card.waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('home');
    // Before generating: the recall already put the five on the list, urgent.
    await waitForText(card.getByTestId('home-total'), '待上门 5 人');

    await card.getByTestId('home-generate').click();
    const generated = page.getByTestId('home-generated');
    await generated.waitFor();
    const opened = Number(await generated.getAttribute('data-opened'));
    const api = await getJson<{ total: number; urgent: number; buildings: Array<{ tasks: Array<{ name: string; reason: string; urgent: boolean }> }> }>(`/rounds/${roundId}/home-tasks`);
    expect(api.total).toBe(opened + 5);
    expect(opened).toBeGreaterThan(0);
    await card.locator(`[data-testid="home-total"][data-total="${api.total}"]`).waitFor();
    expect((await card.getByTestId('home-total').innerText()).replace(/,/g, '')).toContain(`待上门 ${api.total} 人`);
    expect((await card.getByTestId('home-urgent').innerText()).replace(/,/g, '')).toBe(`紧急 ${api.urgent} 人`);
    // The reasons shown add up to what was opened.
    const byReason = await generated.locator('[data-testid^="home-generated-"]').allInnerTexts();
    expect(byReason.reduce((sum, text) => sum + Number(/([\d,]+)$/.exec(text)![1].replace(/,/g, '')), 0)).toBe(opened);

    // Urgent first: the five retests are in the first building groups, each tagged 紧急 in red.
    const retests = card.locator('tr[data-reason="retest"]');
    await retests.nth(4).waitFor();
    expect(await retests.count()).toBe(5);
    expect(await retests.getByTestId('home-task-name').allInnerTexts().then((n) => n.sort())).toEqual(pool.map((p) => p.name).sort());
    for (const row of await retests.all()) {
      expect(await row.getAttribute('data-urgent')).toBe('true');
      const urgent = row.getByTestId('home-task-urgent');
      expect(await urgent.innerText()).toBe('紧急');
      expect(await urgent.getAttribute('class')).toContain('ant-tag-red');
      expect(await row.getByTestId('home-task-reason').innerText()).toBe('阳性混管复核');
    }
    const firstRow = card.locator('tr[data-row-key]').first();
    expect(await firstRow.getAttribute('data-urgent')).toBe('true');
    // Non-urgent tasks (the elderly, bedridden...) carry no urgent tag.
    const calm = card.locator('tr[data-urgent="false"]');
    if ((await calm.count()) > 0) expect(await calm.first().getByTestId('home-task-urgent').count()).toBe(0);

    // Nothing is done yet.
    await card.getByTestId('home-status').getByText('已完成').click();
    await waitForText(card.getByTestId('home-total'), '已完成 0 人');
    await card.getByTestId('home-empty').waitFor();
  });

  it('hands a building\'s tasks to a door-to-door squad and lists that squad\'s tasks', async () => {
    await page.goto(`${env.baseUrl}/rounds/${roundId}?tab=home`);
    const card = page.getByTestId('home-tasks');
    const firstBuilding = card.locator('[data-testid^="home-building-"][data-building]').first();
    await firstBuilding.waitFor();
    const buildingName = await firstBuilding.getAttribute('data-building');
    const squad = '站前街道首善先锋党员志愿服务队 · 入户采样组';

    await firstBuilding.getByTestId('home-handoff').click();
    await page.keyboard.type('站前街道首善先锋');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: squad }).click();
    // How many were handed over, as the server says (not counted off rows that may still be loading).
    const notice = page.locator('.ant-message-notice').filter({ hasText: new RegExp(`${buildingName} 的 \\d+ 项任务已交给 ${squad}`) }).first();
    await notice.waitFor();
    const tasksInIt = Number(/ 的 (\d+) 项任务/.exec(await notice.innerText())![1]);
    expect(tasksInIt).toBeGreaterThan(0);
    await waitForText(firstBuilding.getByTestId('home-building-squad'), squad);

    // The squad's own list: that building and nothing else.
    await card.getByTestId('home-squad-filter').click();
    await page.keyboard.type('站前街道首善先锋');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: squad }).click();
    await card.locator(`[data-testid="home-total"][data-total="${tasksInIt}"]`).waitFor();
    const buildings = card.locator('[data-testid^="home-building-"][data-building]');
    expect(await buildings.count()).toBe(1);
    expect(await buildings.first().getAttribute('data-building')).toBe(buildingName);
  });

  it('takes a recalled person\'s single-tube retest at the desk in 复核单采 mode; someone not recalled is refused; the recall shows the retest tube', async () => {
    const pointId = (await getJson<{ items: Array<{ id: number; name: string }> }>('/points')).items.find((p) => p.name === '恒福尚城北门A点')!.id;
    await page.goto(`${env.baseUrl}/rounds/${roundId}/scan?point=${pointId}`);
    await page.getByTestId('scan-page').waitFor();
    const input = page.getByTestId('scan-input');
    const scan = async (value: string) => {
      await input.fill(value);
      await input.press('Enter');
    };
    await page.getByTestId('scan-purpose').getByText('复核单采').click();
    expect(new URL(page.url()).searchParams.get('purpose')).toBe('retest');
    await page.getByTestId('scan-retest-hint').waitFor();

    // A retest tube takes one person: the pool is fixed at 1.
    await scan('RT-0001');
    expect(await page.getByTestId('scan-counter').innerText()).toBe('0/1');
    await scan(pool[0].idNumber);
    expect(await page.getByTestId('scan-counter').innerText()).toBe('1/1');
    await page.getByTestId('scan-seal').click();
    const synced = page.locator('[data-testid="session-tube"][data-code="RT-0001"]');
    await waitForText(synced.getByTestId('session-tube-status'), '已同步');
    expect(await synced.getByTestId('session-tube-retest').innerText()).toBe('复核单采');

    // Someone who was never recalled: refused, with the server's reason on the tube.
    await scan('RT-0002');
    await scan(bystander);
    await page.getByTestId('scan-seal').click();
    const refused = page.locator('[data-testid="session-tube"][data-code="RT-0002"]');
    await waitForText(refused.getByTestId('session-tube-status'), '需处理');
    expect(await refused.getByTestId('session-tube-refusal').innerText()).toContain('没有待复核的召回');

    // The recall now names its retest tube; the other four still wait.
    const recalls = await getJson<{ items: Array<{ name: string; retestCode: string | null; status: string }> }>(`/rounds/${roundId}/recalls`);
    const mine = recalls.items.find((r) => r.name === pool[0].name)!;
    expect(mine.retestCode).toBe('RT-0001');
    expect(recalls.items.filter((r) => r.retestCode === null)).toHaveLength(4);
  });

  it('fits a phone\'s width, results and home tasks alike', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${env.baseUrl}/rounds/${roundId}`);
    await page.getByTestId('round-tab-results').click();
    await page.getByTestId('recalls-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('round-tab-home').click();
    await page.getByTestId('home-tasks').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
