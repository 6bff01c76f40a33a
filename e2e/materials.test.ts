import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E } from './harness.ts';
import { chooseOption, freshPage, pageTitle, PHONE, settle, waitForText } from './helpers.ts';

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

const balance = async (on: Page, code: string) => Number((await on.getByTestId(`balance-${code}`).innerText()).trim());

describe('materials in the browser', () => {
  it('a point chief requests tubes on the phone, the command approves and dispatches, the chief confirms receipt and sees the balance', async () => {
    await chief.goto(`${env.baseUrl}/materials`);
    await pageTitle(chief, '物资');
    await chief.getByTestId('balance-tube_10').waitFor();
    const before = await balance(chief, 'tube_10');

    await chief.getByTestId('materials-tab-requests').click();
    await chooseOption(chief.getByTestId('material-request-item'), '采样管（10混1）', chief);
    await chief.locator('input[data-testid="material-request-quantity"], [data-testid="material-request-quantity"] input').first().fill('100');
    await chief.getByTestId('material-request-submit').click();
    await waitForText(chief.getByTestId('material-request-status'), '已申请');

    await command.goto(`${env.baseUrl}/materials?tab=requests`);
    await pageTitle(command, '物资');
    await command.getByTestId('material-approve').first().click();
    await waitForText(command.getByTestId('material-request-status'), '已批准');
    await command.getByTestId('material-dispatch').first().click();
    await waitForText(command.getByTestId('material-request-status'), '已发出');

    await chief.reload();
    await chief.getByTestId('material-receipt').first().click();
    await waitForText(chief.getByTestId('material-request-status'), '已签收');
    await chief.getByTestId('materials-tab-stock').click();
    await chief.waitForFunction(
      ([code, want]) => document.querySelector(`[data-testid="balance-${code}"]`)?.textContent?.trim() === String(want),
      ['tube_10', before + 100] as const,
    );
    expect(await balance(chief, 'tube_10')).toBe(before + 100);
  });
});
