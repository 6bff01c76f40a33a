import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TGapsReport, TResponseTree } from '../contracts/responses.ts';
import { login, startE2E } from './harness.ts';
import { apiGet, freshPage, OPEN_LIST, openSelect, PHONE, settle, statisticValue, waitForText } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;
let page: Page;
let responseId: number;

beforeAll(async () => {
  env = await startE2E();
  page = await freshPage(env.browser);
  await login(page, env.baseUrl, 'command');
  const { items } = await apiGet<{ items: Array<{ id: number; code: string }> }>(page, env.baseUrl, '/responses');
  responseId = items.find((r) => r.code === '0708')!.id;
});

afterAll(async () => {
  await env?.stop();
});

/** The response's "1+6+N" page, once its tree shows. */
async function openTree(on: Page = page) {
  await on.goto(`${env.baseUrl}/responses/${responseId}`);
  await on.getByTestId('command-tree').waitFor();
}

/** Opens the new-branch dialog and its list of where the branch may work; returns the dialog. */
async function openPlaces(on: Page) {
  await on.getByTestId('new-branch').click();
  const dialog = on.getByTestId('branch-dialog');
  await dialog.waitFor();
  await settle(on);
  await openSelect(dialog.getByTestId('branch-unit'), on);
  return dialog;
}

/** Chooses where the branch works by typing part of the name. */
async function chooseWhere(on: Page, typed: string, option: string) {
  const dialog = await openPlaces(on);
  await on.keyboard.type(typed);
  const choice = on.locator(`${OPEN_LIST} .ant-select-item-option`).filter({ hasText: option });
  await choice.first().waitFor();
  await choice.first().click();
  await settle(on);
  return dialog;
}

describe('a temporary branch (临时党支部) at a checkpoint', () => {
  const BRANCH = '37号北门关卡临时党支部';
  const branch = () => page.getByTestId('field-branches').locator('.branch').filter({ has: page.locator('.branch-name', { hasText: BRANCH }) });

  it('is set up from the response page at a checkpoint of 0708 and shows in the tree with where it works', async () => {
    await openTree();
    const before = await statisticValue(page, 'count-branches');
    const dialog = await chooseWhere(page, '北门', '37号北门关卡');
    await dialog.getByTestId('branch-name').fill(BRANCH);
    await dialog.getByTestId('branch-submit').click();
    await waitForText(page.locator('.ant-message-notice'), `已成立“${BRANCH}”`);
    // Its assign dialog opens on the secretary it lacks; leave it for now.
    const assign = page.getByTestId('assign-dialog');
    await assign.waitFor();
    await settle(page);
    await assign.getByRole('button', { name: '取消' }).click();
    await assign.waitFor({ state: 'detached' });

    await branch().waitFor();
    expect(await branch().getByTestId('branch-attached').innerText()).toBe('关卡：37号北门关卡');
    expect(await branch().getByTestId('no-secretary').count()).toBe(1);
    expect(await statisticValue(page, 'count-branches')).toBe(before + 1);
    const tree = await apiGet<TResponseTree>(page, env.baseUrl, `/responses/${responseId}`);
    expect(tree.fieldBranches.find((b) => b.name === BRANCH)?.attachedTo?.type).toBe('checkpoint');
    const gaps = await apiGet<TGapsReport>(page, env.baseUrl, `/responses/${responseId}/gaps`);
    expect(gaps.items.some((g) => g.kind === 'branch_without_secretary' && g.name === BRANCH)).toBe(true);
  });

  it('is closed (撤销) after a confirm, shows closed, and leaves the gaps report', async () => {
    const id = (await branch().getAttribute('data-testid'))!.replace('branch-', '');
    await branch().getByTestId(`close-org-${id}`).click();
    const confirm = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
    await waitForText(confirm, `撤销“${BRANCH}”？`);
    await settle(page);
    await confirm.locator('.ant-btn-dangerous').click();
    await waitForText(page.locator('.ant-message-notice'), `已撤销“${BRANCH}”`);
    await branch().getByTestId('branch-closed').waitFor();
    expect(await branch().getByTestId(`close-org-${id}`).count()).toBe(0);
    expect(await branch().getByTestId(`assign-org-${id}`).count()).toBe(0);
    const gaps = await apiGet<TGapsReport>(page, env.baseUrl, `/responses/${responseId}/gaps`);
    expect(gaps.items.some((g) => g.kind === 'branch_without_secretary' && g.name === BRANCH)).toBe(false);
  });

  it('offers the command units, checkpoints and points in the dialog on a 390 px phone without sideways scroll', async () => {
    const phone = await freshPage(env.browser, PHONE);
    await login(phone, env.baseUrl, 'command');
    await openTree(phone);
    await openPlaces(phone);
    const groups = await phone.locator(`${OPEN_LIST} .ant-select-item-group`).allInnerTexts();
    expect(groups[0]).toBe('指挥部');
    await phone.keyboard.type('南门');
    await waitForText(phone.locator(`${OPEN_LIST} .ant-select-item-option`), '37号南门关卡');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await phone.context().close();
  });
});

