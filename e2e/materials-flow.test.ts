import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { chooseOption, freshPage, OPEN_LIST, openSelect, pageTitle, PHONE, waitForText } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;
let chief: Page;
let command: Page;

beforeAll(async () => {
  env = await startE2E();
  chief = await freshPage(env.browser, PHONE);
  await login(chief, env.baseUrl, 'pointchief');
  command = await freshPage(env.browser);
  await login(command, env.baseUrl, 'command');
});

afterAll(async () => {
  await env?.stop();
});

const NOTE = '两项申请（浏览器测试）';
const balance = async (on: Page, code: string) => {
  const cell = on.getByTestId(`balance-${code}`);
  return (await cell.count()) ? Number((await cell.innerText()).trim()) : 0;
};
/** An antd InputNumber by its test id (the id lands on the input or on its wrapper). */
const numberInput = (scope: Locator | Page, id: string) => scope.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
const requestCard = (on: Page) => on.getByTestId('material-request-card').filter({ hasText: NOTE });
const line = (on: Page, n: number) => requestCard(on).getByTestId('material-line').nth(n);
/** Nothing on the page is wider than the phone's screen. */
const fitsScreen = (on: Page) => on.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('the whole materials request flow in the browser', () => {
  it('two lines: approved in part, a substitute sent; the chief on a phone receives one in part and refuses the other; balances, delivery note and export agree', async () => {
    await chief.goto(`${env.baseUrl}/materials`);
    await pageTitle(chief, '物资');
    await chief.getByTestId('balance-swab').waitFor();
    const before = { swab: await balance(chief, 'swab'), tube10: await balance(chief, 'tube_10'), tube20: await balance(chief, 'tube_20') };
    expect(await fitsScreen(chief)).toBe(true);

    // The chief asks for 500 swabs and 100 tubes (10-in-1) in one request.
    await chief.getByTestId('materials-tab-requests').click();
    await chooseOption(chief.getByTestId('material-request-item'), '采样拭子', chief);
    await numberInput(chief, 'material-request-quantity').fill('500');
    await chief.getByTestId('material-request-add-line').click();
    await chooseOption(chief.getByTestId('material-request-item-1'), '采样管（10混1）', chief);
    await numberInput(chief, 'material-request-quantity-1').fill('100');
    await chief.getByTestId('material-request-note').fill(NOTE);
    await chief.getByTestId('material-request-submit').click();
    await waitForText(requestCard(chief).getByTestId('material-request-status'), '已申请');
    expect(await requestCard(chief).getByTestId('material-line').count()).toBe(2);
    expect(await fitsScreen(chief)).toBe(true);

    // The command approves 300 of the swabs and all the tubes.
    await command.goto(`${env.baseUrl}/materials?tab=requests`);
    await pageTitle(command, '物资');
    await numberInput(line(command, 0), 'line-approve-qty').fill('300');
    await line(command, 0).getByTestId('line-approve-note').fill('先发300支');
    await requestCard(command).getByTestId('material-approve').click();
    await waitForText(requestCard(command).getByTestId('material-request-status'), '已批准');
    expect((await line(command, 0).getByTestId('material-line-approved').innerText()).trim()).toBe('300');

    // No 10-in-1 tubes to spare: 50 tubes of 20-in-1 go instead, from the district warehouse.
    await chooseOption(line(command, 1).getByTestId('line-dispatch-item'), '采样管（20混1）', command);
    await numberInput(line(command, 1), 'line-dispatch-qty').fill('50');
    await requestCard(command).getByTestId('material-dispatch').click();
    await waitForText(requestCard(command).getByTestId('material-request-status'), '已发出');
    expect(await line(command, 1).getByTestId('material-line-dispatched').innerText()).toContain('采样管（20混1）');

    // On the phone: 280 swabs arrived (a box short); the substitute tubes are refused.
    await chief.reload();
    await numberInput(line(chief, 0), 'line-receipt-qty').fill('280');
    await line(chief, 0).getByTestId('line-receipt-note').fill('少一盒');
    await numberInput(line(chief, 1), 'line-receipt-qty').fill('0');
    await line(chief, 1).getByTestId('line-receipt-note').fill('型号不对');
    expect(await fitsScreen(chief)).toBe(true);
    await requestCard(chief).getByTestId('material-receipt').click();
    await waitForText(requestCard(chief).getByTestId('material-request-status'), '已签收');
    expect(await requestCard(chief).getByTestId('material-line-status').allInnerTexts()).toEqual(['部分签收', '拒收']);

    // The balances show what arrived: 280 swabs more, no tubes of either kind.
    await chief.getByTestId('materials-tab-stock').click();
    await chief.waitForFunction((want) => document.querySelector('[data-testid="balance-swab"]')?.textContent?.trim() === String(want), before.swab + 280);
    expect(await balance(chief, 'tube_10')).toBe(before.tube10);
    expect(await balance(chief, 'tube_20')).toBe(before.tube20);

    // The delivery note names the substitute, and fits the phone.
    await chief.getByTestId('materials-tab-requests').click();
    await requestCard(chief).getByTestId('material-print-note').click();
    await chief.getByTestId('delivery-note').waitFor();
    const sent = chief.getByTestId('delivery-note-sent-item');
    expect(await sent.nth(0).innerText()).toContain('采样拭子');
    expect(await sent.nth(1).innerText()).toMatch(/采样管（20混1）.*替代/);
    expect(await chief.getByTestId('delivery-note-line').nth(1).innerText()).toContain('型号不对');
    await chief.getByTestId('print-button').waitFor();
    expect(await fitsScreen(chief)).toBe(true);

    // The command's export holds both lines with what was asked, sent and received.
    const [file] = await Promise.all([command.waitForEvent('download'), command.getByTestId('material-export-requests').click()]);
    expect(file.suggestedFilename()).toBe('物资申请明细.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    const rows: ExcelJS.CellValue[][] = [];
    wb.worksheets[0].eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
    const ours = rows.filter((r) => String(r[15] ?? '').includes(NOTE));
    expect(ours.map((r) => [r[6], r[8], r[9], r[10], r[12], r[13], r[14]])).toEqual([
      ['采样拭子', 500, 300, '采样拭子', 300, 280, '部分签收'],
      ['采样管（10混1）', 100, 100, '采样管（20混1）（替代）', 50, 0, '拒收'],
    ]);
  });

  it('the chief counts and writes off on the phone; the command sees it in the ledger and reverses the write-off with a reason', async () => {
    await chief.goto(`${env.baseUrl}/materials`);
    await chief.getByTestId('balance-gown').waitFor();
    const gowns = await balance(chief, 'gown');
    await chooseOption(chief.getByTestId('material-writeoff-item'), '防护服', chief);
    await numberInput(chief, 'material-writeoff-quantity').fill('2');
    await chief.getByTestId('material-writeoff-submit').click();
    // A write-off without a reason is not sent.
    await waitForText(chief.getByTestId('material-writeoff-form').locator('.ant-form-item-explain-error'), '请填写报损原因');
    await chief.getByTestId('material-writeoff-reason').fill('破损');
    await chief.getByTestId('material-writeoff-submit').click();
    await chief.waitForFunction((want) => document.querySelector('[data-testid="balance-gown"]')?.textContent?.trim() === String(want), gowns - 2);

    // A count that finds one gown fewer than the books records −1.
    await chooseOption(chief.getByTestId('material-count-item'), '防护服', chief);
    await numberInput(chief, 'material-count-quantity').fill(String(gowns - 3));
    await chief.getByTestId('material-count-submit').click();
    await chief.waitForFunction((want) => document.querySelector('[data-testid="balance-gown"]')?.textContent?.trim() === String(want), gowns - 3);
    await chief.getByTestId('materials-tab-movements').click();
    await waitForText(chief.getByTestId('material-movement'), '破损');
    expect(await chief.getByTestId('material-reverse').count()).toBe(0);
    expect(await fitsScreen(chief)).toBe(true);

    // The command opens the chief's point and reverses the write-off; a reason is required.
    const holderName = await chief.evaluate(async () => {
      const body = (await (await fetch('/api/materials/balances')).json()) as { items: Array<{ holderName: string }> };
      return body.items[0].holderName;
    });
    await command.goto(`${env.baseUrl}/materials?tab=movements`);
    // Too many holders for the list to draw them all: type to narrow it first.
    await openSelect(command.getByTestId('material-holder-select'), command);
    await command.keyboard.type(holderName);
    await command.locator(`${OPEN_LIST} .ant-select-item-option`).filter({ hasText: holderName }).first().click();
    const writeOff = command.getByTestId('material-movement').filter({ hasText: '破损' });
    await writeOff.getByTestId('material-reverse').click();
    await command.getByTestId('material-reverse-confirm').click();
    await command.getByText('请填写冲销原因').waitFor();
    await command.getByTestId('material-reverse-reason').fill('点长误报');
    await command.getByTestId('material-reverse-confirm').click();
    await waitForText(command.getByTestId('material-movement').first(), '冲销');
    await waitForText(writeOff, '已冲销');

    await chief.getByTestId('materials-tab-stock').click();
    await chief.reload();
    await chief.waitForFunction((want) => document.querySelector('[data-testid="balance-gown"]')?.textContent?.trim() === String(want), gowns - 1);
  });

  it('marks a request past its due time and not received as overdue, first in the list', async () => {
    const note = '超时申请（浏览器测试）';
    await chief.goto(`${env.baseUrl}/materials?tab=requests`);
    await chief.getByTestId('material-request-form').waitFor();
    // Filed by the API with a due time already past (the form offers 2 hours at the least).
    const status = await chief.evaluate(async (note) => {
      const balances = (await (await fetch('/api/materials/balances')).json()) as { items: Array<{ holderId: number; itemId: number }> };
      const res = await fetch('/api/materials/requests', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: crypto.randomUUID(), holderId: balances.items[0].holderId, lines: [{ itemId: balances.items[0].itemId, quantity: 1 }], dueAt: new Date(Date.now() - 60_000).toISOString(), note }),
      });
      return res.status;
    }, note);
    expect(status).toBe(201);
    await chief.reload();
    const first = chief.getByTestId('material-request-card').first();
    await waitForText(first, note);
    expect(await first.getByTestId('material-overdue').innerText()).toBe('超时');
  });
});
