import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A fresh browser context (own cookies and storage) and a page in it. */
export async function freshPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  return context.newPage();
}

/** Waits until the locator shows the text; returns what it shows. */
export async function waitForText(locator: Locator, text: string | RegExp): Promise<string> {
  await locator.filter({ hasText: text }).first().waitFor();
  return (await locator.first().innerText()).trim();
}

/** The page's heading once it reads `text`. */
export function pageTitle(page: Page, text: string | RegExp): Promise<string> {
  return waitForText(page.getByTestId('page-title'), text);
}

/** Masked ID numbers as the server sends them: 4409**********1234. */
export const MASKED_ID = /^\d{4}\*{10}[\dX]{4}$/;
/** Masked mobile numbers: 138****5678. */
export const MASKED_PHONE = /^1\d{2}\*{4}\d{4}$/;

/**
 * Waits until antd's motions (a dialog zooming in, a dropdown sliding open) have finished:
 * a dropdown opened mid-zoom is realigned under the pointer, and a click then lands beside its target.
 */
export async function settle(page: Page): Promise<void> {
  // A motion cut short (a dropdown closed mid-slide) rejects `finished`: it has stopped all the same.
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
}

/** The figure an antd Statistic with this test id shows, as a number. */
export async function statisticValue(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).locator('.ant-statistic-content').innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

/** The antd Select list that is open now (closed ones stay in the page, hidden). */
export const OPEN_LIST = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/** A 390 px phone with touch, for `freshPage(browser, PHONE)`. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } satisfies BrowserContextOptions;

/** Opens an antd Select and waits for its list to stand still (after the last one has closed: one list open at a time). */
export async function openSelect(select: Locator, on: Page): Promise<void> {
  await on.waitForFunction((open) => document.querySelectorAll(open).length === 0, OPEN_LIST);
  await select.click();
  await on.locator(OPEN_LIST).waitFor();
  await settle(on);
}

/** Opens a Select and chooses the first option showing `text`. */
export async function chooseOption(select: Locator, text: string | RegExp, on: Page): Promise<void> {
  await openSelect(select, on);
  await on.locator(`${OPEN_LIST} .ant-select-item-option`).filter({ hasText: text }).first().click();
  await settle(on);
}

/** A JSON GET of the API through a page's session, expecting 200. */
export async function apiGet<T>(on: Page, baseUrl: string, path: string): Promise<T> {
  const res = await on.request.get(`${baseUrl}/api${path}`);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
}

/** A JSON POST to the API through a page's session, expecting `status`. */
export async function apiPost<T>(on: Page, baseUrl: string, path: string, data: unknown, status: number): Promise<T> {
  const res = await on.request.post(`${baseUrl}/api${path}`, { data });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}
