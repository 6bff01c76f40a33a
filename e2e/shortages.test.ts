import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { apiGet, apiPost, freshPage, pageTitle, PHONE, settle, waitForText } from './helpers.ts';

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

const getJson = <T>(path: string) => apiGet<T>(page, env.baseUrl, path);
const postJson = <T>(path: string, data: unknown, status: number) => apiPost<T>(page, env.baseUrl, path, data, status);

/** `HH:MM` in the district's local time (UTC+8), `ms` from now. */
const localHour = (ms: number) => new Date(Date.now() + 8 * 3600_000 + ms).toISOString().slice(11, 16);

describe('shortages in the browser', () => {
  it('a new point scans with no stock of its own: its tubes show short with a transfer from the nearest holder, which the command makes with one tap', async () => {
    const hengfu = (await getJson<{ items: Array<{ id: number; name: string; region: { id: number } }> }>('/points')).items.find((p) => p.name === '恒福尚城北门A点')!;
    // A second point for 恒福社区, open from two hours ago for six more (whenever the test runs), no stock yet.
    const point = await postJson<{ id: number }>('/points', {
      name: '恒福尚城南门B点', regionId: hengfu.region.id, address: '站前街道恒福尚城南门', lat: 21.662, lng: 110.921,
      opensAt: localHour(-2 * 3600_000), closesAt: localHour(6 * 3600_000), servedRegionIds: [hengfu.region.id],
    }, 201);
    await postJson(`/points/${point.id}/status`, { status: 'setting_up' }, 200);
    await postJson(`/points/${point.id}/status`, { status: 'open' }, 200);

    const responseId = (await getJson<{ items: Array<{ id: number; code: string }> }>('/responses')).items.find((r) => r.code === '0708')!.id;
    const districtId = (await getJson<{ region: { id: number } }>('/regions/root')).region.id;
    const now = Date.now();
    const roundId = (await postJson<{ id: number }>(`/responses/${responseId}/rounds`, {
      name: '物资预警演练轮', startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 12 * 3600_000).toISOString(), regionIds: [districtId],
    }, 201)).id;
    // Five people of 恒福社区's biggest grid in one 10-in-1 tube at the new point.
    const grids = (await getJson<{ rows: Array<{ id: number; residents: number }> }>(`/rounds/${roundId}/coverage?regionId=${hengfu.region.id}&level=grid`)).rows;
    const grid = [...grids].sort((a, b) => b.residents - a.residents)[0];
    const people = (await getJson<{ items: Array<{ idNumber: string }> }>(`/rounds/${roundId}/untested?gridId=${grid.id}`)).items.slice(0, 5);
    expect(people).toHaveLength(5);
    await postJson(`/rounds/${roundId}/scans`, { submissionId: randomUUID(), pointId: point.id, tubes: [{ code: 'SB-0001', persons: people }] }, 201);

    await page.goto(`${env.baseUrl}/materials/shortages`);
    await pageTitle(page, '缺货预警');
    // The scan is queued; posting it now (the server would within seconds) takes the tube and swabs off the point's books.
    await page.getByTestId('post-consumption').click();
    await settle(page);
    const row = page.getByTestId('shortage-list').locator('tr', { hasText: '恒福尚城南门B点' }).filter({ hasText: '10混1' });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('超出账面'); // used a tube it never had on its books
    await waitForText(row, /从.+调 \d+ 支/);
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('forecast-export').click()]);
    expect(file.suggestedFilename()).toMatch(/^缺货预警-\d{12}\.xlsx$/);
    await page.getByTestId(`transfer-${point.id}-tube_10`).click();
    await row.waitFor({ state: 'detached' });

    // The point's stock now holds what was sent.
    const stock = await getJson<{ rows: Array<{ pointId: number; itemCode: string; balance: number; short: boolean }> }>('/materials/forecast');
    const after = stock.rows.find((r) => r.pointId === point.id && r.itemCode === 'tube_10')!;
    expect(after.balance).toBeGreaterThan(0);
    expect(after.short).toBe(false);
  });

  it('the shortage page works on a phone without sideways scrolling', async () => {
    const phone = await freshPage(env.browser, PHONE);
    await login(phone, env.baseUrl, 'command');
    await phone.goto(`${env.baseUrl}/materials/shortages`);
    await pageTitle(phone, '缺货预警');
    await phone.getByTestId('shortage-list').waitFor();
    await settle(phone);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // A point chief is not shown the district's list.
    const chief = await freshPage(env.browser, PHONE);
    await login(chief, env.baseUrl, 'pointchief');
    await chief.goto(`${env.baseUrl}/materials/shortages`);
    await chief.getByText('缺货预警由区指挥部物资组查看').waitFor();
  });
});
