import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../contracts/idcard.ts';
import { login, startE2E } from './harness.ts';
import { apiGet, freshPage, OPEN_LIST, pageTitle, settle, statisticValue, waitForText } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;
/** The district command at a desk: opens the round and watches it. */
let page: Page;
/** The point chief of 恒福尚城北门A点 on a phone: scans. */
let phone: Page;
let phoneContext: BrowserContext;

beforeAll(async () => {
  env = await startE2E();
  page = await freshPage(env.browser);
  await login(page, env.baseUrl, 'command');
  phone = await freshPage(env.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  phoneContext = phone.context();
  await login(phone, env.baseUrl, 'pointchief');
});

afterAll(async () => {
  await env?.stop();
});

interface Coverage { residents: number; exempt: number; shouldTest: number; tested: number; untested: number; share: number }
interface CoverageReport { total: Coverage; rows: Array<Coverage & { id: number; name: string; level: string }> }
interface UntestedList { total: number; items: Array<{ residentId: number; name: string; idNumber: string }> }

/** A JSON GET through the page's session (the command's unless said otherwise). */
const getJson = <T>(path: string, on: Page = page) => apiGet<T>(on, env.baseUrl, path);


/** A dialog by its test id, once it has finished opening. */
async function dialogOf(testId: string): Promise<Locator> {
  const dialog = page.getByTestId(testId);
  await dialog.waitFor();
  await settle(page);
  return dialog;
}

/** The toast the app shows after a change. */
const toast = (text: string) => waitForText(page.locator('.ant-message-notice'), text);

/** One scan at the desk: a keyboard-wedge scanner types the code and presses Enter. */
async function scan(code: string) {
  await phone.keyboard.type(code);
  await phone.keyboard.press('Enter');
}

const syncStatus = () => phone.getByTestId('sync-status');
const sessionTube = (code: string) => phone.locator(`[data-testid="session-tube"][data-code="${code}"]`);
/** A figure in a coverage row of the round page, once it reads `value`. */
async function rowFigure(regionId: number, figure: string, value: number) {
  const cell = page.getByTestId(`coverage-row-${regionId}`).getByTestId(figure);
  await cell.filter({ hasText: new RegExp(`^${value}$`) }).waitFor();
  return Number(await cell.innerText());
}

/** Waits until an antd Statistic with this test id shows the figure. */
const waitForStatistic = (testId: string, value: number) =>
  page.getByTestId(testId).locator('.ant-statistic-content').filter({ hasText: new RegExp(`^${value}$`) }).waitFor();

/** An ID number that passes the checksum but is on no roster: someone from elsewhere. */
const visitorId = (seq: number) => {
  const first17 = `11010119850101${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

describe('sampling rounds (检测轮次)', () => {
  let roundId: number;
  let districtId: number;
  let districtResidents: number;
  /** A grid of 站前街道 with ten or more residents, and another in the same community. */
  let gridA: { id: number; residents: number; ids: string[] };
  let gridB: { id: number; residents: number; ids: string[] };
  let communityId: number;

  it('opens a round on 0708 over the whole district, with single tubes in high-risk and 5-in-1 in medium-risk areas', async () => {
    const root = await getJson<{ region: { id: number; residentCount: number } }>('/regions/root');
    districtId = root.region.id;
    districtResidents = root.region.residentCount;

    await page.goto(`${env.baseUrl}/responses`);
    await page.getByTestId('response-row-0708').click();
    await page.getByTestId('tab-rounds').click();
    await page.getByTestId('rounds').waitFor();
    const responseId = Number(new URL(page.url()).pathname.split('/')[2]);
    expect(new URL(page.url()).pathname).toBe(`/responses/${responseId}/rounds`);
    await page.getByTestId('open-round').click();
    const dialog = await dialogOf('open-round-dialog');

    // Sensible defaults: the first round's name, 10-in-1, single tubes where people stay home, 5-in-1 in the middle level.
    expect(await dialog.getByTestId('open-round-name').inputValue()).toBe('第1轮全员核酸检测');
    expect(await dialog.getByTestId('open-round-pool').locator('.ant-radio-button-wrapper-checked').innerText()).toBe('10混1');
    expect(await dialog.getByTestId('open-round-pool-high').locator('.ant-radio-button-wrapper-checked').innerText()).toBe('单管');
    expect(await dialog.getByTestId('open-round-pool-medium').locator('.ant-radio-button-wrapper-checked').innerText()).toBe('5混1');

    // A round that covers nothing is refused before it is sent.
    await dialog.getByTestId('open-round-submit').click();
    await waitForText(dialog.locator('.ant-form-item-explain-error'), '请至少选择一个区域或风险区');

    await dialog.getByTestId('open-round-region').click();
    await page.locator(OPEN_LIST).waitFor();
    await settle(page);
    await page.getByTestId(`region-option-${districtId}`).click();
    expect(await dialog.getByTestId('open-round-regions').innerText()).toContain('茂南区');
    await dialog.getByTestId('open-round-submit').click();
    await toast('已开启“第1轮全员核酸检测”');

    expect(await pageTitle(page, '第1轮全员核酸检测')).toBe('第1轮全员核酸检测');
    roundId = Number(new URL(page.url()).pathname.split('/')[2]);
    expect(await page.getByTestId('round-status').innerText()).toBe('进行中');
    expect(await statisticValue(page, 'round-shouldTest')).toBe(districtResidents);
    expect(await statisticValue(page, 'round-tested')).toBe(0);
    // The towns of the district, each still at nothing.
    expect(await page.getByTestId('coverage-table').locator('tbody tr[data-row-key]').count()).toBe(11);

    // The window is around now, as the form said (now, for 24 hours).
    const round = await getJson<{ startsAt: string; endsAt: string; defaultPoolSize: number; poolSizes: Array<{ level: string; poolSize: number }>; scope: Array<{ kind: string; id: number }> }>(`/rounds/${roundId}`);
    const now = Date.now();
    expect(Date.parse(round.startsAt)).toBeLessThanOrEqual(now);
    expect(Date.parse(round.endsAt) - Date.parse(round.startsAt)).toBe(24 * 3600_000);
    expect(round.defaultPoolSize).toBe(10);
    expect(round.poolSizes).toEqual(expect.arrayContaining([{ level: 'high', poolSize: 1 }, { level: 'medium', poolSize: 5 }]));
    expect(round.scope).toEqual([expect.objectContaining({ kind: 'region', id: districtId })]);

    // Listed on the response's rounds tab with its progress bar.
    await page.getByRole('link', { name: '返回检测轮次' }).click();
    const row = page.getByTestId(`round-row-${roundId}`);
    await row.waitFor();
    expect(await row.getByTestId('round-coverage').getAttribute('data-should-test')).toBe(String(districtResidents));
    expect(await row.getByTestId('round-coverage').getAttribute('data-tested')).toBe('0');
  });

  it('scans a tube of ten on a phone at 恒福尚城北门A点, and the round page open on the desk counts it live', async () => {
    // Real ID numbers, as only the command sees them: the untested lists of two grids of 站前街道 (outside every risk area).
    const zhanqian = (await getJson<CoverageReport>(`/rounds/${roundId}/coverage?regionId=${districtId}`)).rows.find((r) => r.name === '站前街道')!;
    const grids = (await getJson<CoverageReport>(`/rounds/${roundId}/coverage?regionId=${zhanqian.id}&level=grid`)).rows;
    const biggest = [...grids].sort((a, b) => b.residents - a.residents || a.id - b.id)[0];
    expect(biggest.residents).toBeGreaterThanOrEqual(10);
    const detail = await getJson<{ breadcrumb: Array<{ id: number }> }>(`/regions/${biggest.id}`);
    communityId = detail.breadcrumb.at(-2)!.id;
    const siblings = (await getJson<CoverageReport>(`/rounds/${roundId}/coverage?regionId=${communityId}`)).rows.filter((r) => r.id !== biggest.id);
    const second = siblings.sort((a, b) => b.residents - a.residents)[0];
    expect(second.residents).toBeGreaterThanOrEqual(3);
    const idsOf = async (gridId: number) => (await getJson<UntestedList>(`/rounds/${roundId}/untested?gridId=${gridId}`)).items.map((p) => p.idNumber);
    gridA = { id: biggest.id, residents: biggest.residents, ids: await idsOf(biggest.id) };
    gridB = { id: second.id, residents: second.residents, ids: await idsOf(second.id) };
    expect(gridA.ids.every((id) => /^\d{17}[\dX]$/.test(id))).toBe(true);

    // The desk: the round page at the grids of that community, live.
    await page.goto(`${env.baseUrl}/rounds/${roundId}?region=${communityId}`);
    await page.getByTestId(`coverage-row-${gridA.id}`).waitFor();
    await page.locator('[data-testid="live-indicator"][data-state="live"]').waitFor();
    expect(await rowFigure(gridA.id, 'coverage-tested', 0)).toBe(0);
    // Anything that reloads the page would drop this mark.
    await page.evaluate(() => Object.assign(window, { gridlineMark: 'still here' }));

    // The point chief reaches the scanning page from the round page; their one point is chosen for them.
    await phone.goto(`${env.baseUrl}/rounds/${roundId}`);
    await phone.getByTestId('round-scan').click();
    await phone.getByTestId('scan-page').waitFor();
    await waitForText(phone.getByTestId('scan-point'), '恒福尚城北门A点');
    const input = phone.getByTestId('scan-input');
    await phone.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'scan-input');

    await scan('ZQ-0001');
    expect(await phone.getByTestId('scan-tube-code').innerText()).toBe('ZQ-0001');
    expect(await phone.getByTestId('scan-counter').innerText()).toBe('0/10');
    for (const [i, id] of gridA.ids.slice(0, 10).entries()) {
      await scan(id);
      expect(await phone.getByTestId('scan-counter').innerText()).toBe(`${i + 1}/10`);
    }
    expect(await phone.getByTestId('scan-ok').innerText()).toBe('本管已满 10 人，请封管提交');
    // A full tube takes no one else.
    await scan(gridA.ids.length > 10 ? gridA.ids[10] : visitorId(99));
    expect(await phone.getByTestId('scan-error').innerText()).toBe('本管已满 10 人，请先封管提交');
    // The input has kept the focus the whole time: the scanner never needed a tap.
    expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);

    await phone.getByTestId('scan-seal').click();
    await waitForText(sessionTube('ZQ-0001').getByTestId('session-tube-status'), '已同步');
    expect(await syncStatus().innerText()).toBe('在线 · 已全部同步');
    // A phone's width holds the whole desk.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // On the desk, without a reload: the grid's row, the totals and the point's count.
    expect(await rowFigure(gridA.id, 'coverage-tested', 10)).toBe(10);
    expect(await rowFigure(gridA.id, 'coverage-untested', gridA.residents - 10)).toBe(gridA.residents - 10);
    await waitForStatistic('round-tested', 10);
    const point = page.locator('[data-point="恒福尚城北门A点"]');
    await waitForText(point.getByTestId('point-persons'), /^10$/);
    expect(await point.getByTestId('point-tubes').innerText()).toBe('1');
    expect(await page.evaluate(() => (window as unknown as { gridlineMark?: string }).gridlineMark)).toBe('still here');
  });

  it('refuses on the spot a bad ID checksum, a person twice in a tube and a tube code used earlier', async () => {
    await scan('ZQ-0001');
    expect(await phone.getByTestId('scan-error').innerText()).toBe('采样管 ZQ-0001 本次已经用过，请换一支新管');
    expect(await phone.getByTestId('scan-current').count()).toBe(0);

    await scan('ZQ-0002');
    const good = gridB.ids[0];
    const badSum = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    await scan(badSum);
    expect(await phone.getByTestId('scan-error').innerText()).toBe(`第 1 人：身份证号校验位错误，请核对号码（${badSum}）`);
    expect(await phone.getByTestId('scan-counter').innerText()).toBe('0/10');
    expect(await phone.getByTestId('scan-input').getAttribute('class')).toContain('ant-input-status-error');

    await scan(good);
    expect(await phone.getByTestId('scan-counter').innerText()).toBe('1/10');
    await scan(good);
    expect(await phone.getByTestId('scan-error').innerText()).toMatch(/^此人已在本管中（第 1 人 \d{4}\*{10}[\dX]{4}）$/);
    expect(await phone.getByTestId('scan-counter').innerText()).toBe('1/10');
  });

  it('keeps scanning offline, shows what waits, and sends it once when the network is back', async () => {
    await phoneContext.setOffline(true);
    // Enter on an empty line seals the tube: the scanner's hand never leaves the gun.
    await phone.keyboard.press('Enter');
    await waitForText(syncStatus(), '离线 · 待同步 1');
    await waitForText(sessionTube('ZQ-0002').getByTestId('session-tube-status'), '待同步');
    // Scanning goes on meanwhile.
    await scan('ZQ-0003');
    expect(await phone.getByTestId('scan-counter').innerText()).toBe('0/10');
    await phone.getByTestId('scan-cancel').click();
    const before = (await getJson<CoverageReport>(`/rounds/${roundId}/coverage?regionId=${communityId}`)).rows.find((r) => r.id === gridB.id)!;
    expect(before.tested).toBe(0);

    await phoneContext.setOffline(false);
    await waitForText(syncStatus(), '在线 · 已全部同步');
    await waitForText(sessionTube('ZQ-0002').getByTestId('session-tube-status'), '已同步');
    expect(await rowFigure(gridB.id, 'coverage-tested', 1)).toBe(1);

    // Counted exactly once: the grid went up by the tube's size, and a resend of the same submission changes nothing.
    const submissionId = (await sessionTube('ZQ-0002').getAttribute('data-submission-id'))!;
    const pointId = (await getJson<{ items: Array<{ id: number; name: string }> }>('/points', phone)).items.find((p) => p.name === '恒福尚城北门A点')!.id;
    const resend = await phone.request.post(`${env.baseUrl}/api/rounds/${roundId}/scans`, {
      data: { submissionId, pointId, tubes: [{ code: 'ZQ-0002', persons: [{ idNumber: gridB.ids[0] }] }] },
    });
    expect(resend.status()).toBe(200);
    expect((await resend.json()).replay).toBe(true);
    const after = (await getJson<CoverageReport>(`/rounds/${roundId}/coverage?regionId=${communityId}`)).rows.find((r) => r.id === gridB.id)!;
    expect(after.tested).toBe(before.tested + 1);
    const points = await getJson<{ items: Array<{ name: string; tubes: number; persons: number }> }>(`/rounds/${roundId}/points`);
    expect(points.items.find((p) => p.name === '恒福尚城北门A点')).toMatchObject({ tubes: 2, persons: 11 });
  });

  it('keeps the queue through a reload while the server cannot be reached', async () => {
    // The phone is online but the link to the server is dead.
    await phone.route('**/api/rounds/*/scans', (route) => route.abort('internetdisconnected'));
    await scan('ZQ-0004');
    await scan(visitorId(1));
    await phone.getByTestId('scan-seal').click();
    await waitForText(syncStatus(), '离线 · 待同步 1');

    await phone.reload();
    await phone.getByTestId('scan-page').waitFor();
    await waitForText(sessionTube('ZQ-0004').getByTestId('session-tube-status'), '待同步');
    await waitForText(syncStatus(), '离线 · 待同步 1');

    // The link comes back; the page retries by itself.
    await phone.unroute('**/api/rounds/*/scans');
    await waitForText(sessionTube('ZQ-0004').getByTestId('session-tube-status'), '已同步');
    expect(await syncStatus().innerText()).toBe('在线 · 已全部同步');
    // Someone from elsewhere is counted apart, as a visitor.
    expect((await getJson<{ visitors: number; tubes: number }>(`/rounds/${roundId}`))).toMatchObject({ visitors: 1, tubes: 3 });
  });

  it('puts a tube the server refuses among those needing attention, with the server\'s reason, to fix and resend', async () => {
    // Someone already swabbed into ZQ-0001: the desk cannot know, the server does.
    await scan('ZQ-0005');
    await scan(gridA.ids[0]);
    await phone.getByTestId('scan-seal').click();
    const tube = sessionTube('ZQ-0005');
    await waitForText(tube.getByTestId('session-tube-status'), '需处理');
    expect(await tube.getByTestId('session-tube-refusal').innerText()).toContain('本轮已采样（试管 ZQ-0001）');
    expect(await phone.getByTestId('sync-attention').innerText()).toBe('需处理 1');

    // Back on the desk with the reason; the person comes out and the tube is dropped.
    await tube.getByTestId('session-tube-reopen').click();
    await waitForText(phone.getByTestId('scan-current'), '本轮已采样（试管 ZQ-0001）');
    expect(await phone.getByTestId('scan-tube-code').innerText()).toBe('ZQ-0005');
    await phone.getByTestId('scan-person-remove-1').click();
    expect(await phone.getByTestId('scan-counter').innerText()).toBe('0/10');
    await phone.getByTestId('scan-cancel').click();
    expect(await phone.getByTestId('sync-attention').count()).toBe(0);
    expect(await sessionTube('ZQ-0005').count()).toBe(0);
  });

  it('exports the untested list of a grid as .xlsx, prints it for a sweep, and records an exemption', async () => {
    await page.getByTestId(`coverage-row-${gridB.id}`).getByTestId('coverage-name').click();
    const list = page.getByTestId('untested');
    await list.waitFor();
    const untested = gridB.residents - 1;
    await waitForText(list.getByTestId('untested-total'), `共 ${untested} 人`);
    const names = await list.getByTestId('untested-name').allInnerTexts();
    expect(names).toHaveLength(untested);

    const [download] = await Promise.all([page.waitForEvent('download'), list.getByTestId('untested-export').click()]);
    expect(download.suggestedFilename()).toMatch(/未检测名单\.xlsx$/);
    const book = new ExcelJS.Workbook();
    // exceljs's types predate Node's typed buffers; it reads a Buffer all the same.
    await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const rows = sheet.getSheetValues().slice(1) as unknown[][];
    expect(rows[0].slice(1)).toEqual(['楼栋', '门牌号', '姓名', '身份证号', '手机号', '年龄', '特殊人群', '扫楼结果']);
    const data = rows.slice(1).filter((r) => r?.length);
    expect(data).toHaveLength(untested);
    expect(data.map((r) => String(r[3])).sort()).toEqual([...names].sort());
    // The one swabbed offline is not on it; the rest are, with full numbers for the command.
    expect(data.map((r) => String(r[4])).sort()).toEqual(gridB.ids.slice(1).sort());

    // On paper: the list alone, with a column to write at each door.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByTestId('coverage').isVisible()).toBe(false);
    expect(await page.getByTestId('untested-export').isVisible()).toBe(false);
    expect(await list.locator('.sweep-print-head').innerText()).toContain('扫楼清单 · 第1轮全员核酸检测');
    expect(await list.locator('th.sweep-outcome').innerText()).toBe('扫楼结果');
    await page.emulateMedia({ media: 'screen' });

    // 登记免检 from the list: the person leaves it and the grid counts one exempt.
    const first = list.locator('tbody tr[data-row-key]').first();
    const who = await first.getByTestId('untested-name').innerText();
    await first.locator('[data-testid^="exempt-"]').click();
    const dialog = await dialogOf('exempt-dialog');
    expect(await dialog.getByTestId('exempt-id').inputValue()).toMatch(/^\d{17}[\dX]$/);
    await dialog.getByText('住院', { exact: true }).click();
    await dialog.getByTestId('exempt-note').fill('市人民医院住院');
    await dialog.getByTestId('exempt-submit').click();
    await toast('已登记免检');
    await waitForText(list.getByTestId('untested-total'), `共 ${untested - 1} 人`);
    expect(await list.getByTestId('untested-name').allInnerTexts()).not.toContain(who);
    await waitForText(page.getByTestId('grid-exempt'), /^1$/);

    // 扫楼: a knock at the door finds someone who cannot come; the list shows it as their last contact.
    const next = list.locator('tbody tr[data-row-key]').first();
    const residentId = await next.getAttribute('data-row-key');
    await next.getByTestId(`contact-open-${residentId}`).click();
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu-item').filter({ hasText: '需上门采样' }).first().click();
    await toast('已记录');
    expect(await waitForText(list.getByTestId(`contact-${residentId}`), '上门 · 需上门采样')).toContain('上门 · 需上门采样');
  });
});
