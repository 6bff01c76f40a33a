import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../server/db/index.ts';
import { DEMO_TEAMS } from '../server/seed/demo-teams.ts';
import { buildServices } from '../server/services.ts';
import { sql } from '../server/testing/fixtures.ts';
import { DEMO_PASSWORD, login, startE2E } from './harness.ts';
import { freshPage, OPEN_LIST, openSelect, pageTitle, PHONE, settle, waitForText } from './helpers.ts';

let env: Awaited<ReturnType<typeof startE2E>>;
let captain: Page;

const POINT = '恒福尚城北门A点';

beforeAll(async () => {
  env = await startE2E();
  captain = await freshPage(env.browser);
  await login(captain, env.baseUrl, 'captain');
});

afterAll(async () => {
  await env?.stop();
});

/** Chooses the option of a Select whose text contains `text` (typing it first narrows long lists); a multiple one is closed by a click on the dialog's title. */
async function choose(select: Locator, text: string, on: Page, multiple = false) {
  await openSelect(select, on);
  await on.keyboard.type(text);
  await on.locator(`${OPEN_LIST} .ant-select-item-option`).filter({ hasText: text }).first().click();
  if (multiple) await on.locator('.ant-modal-title').click();
  await on.waitForFunction((open) => document.querySelectorAll(open).length === 0, OPEN_LIST);
  await settle(on);
}

const toast = (text: string | RegExp, on: Page) => waitForText(on.locator('.ant-message-notice'), text);
const overflow = (on: Page) => on.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The captain's team page, reached from the list. */
async function openCaptainTeam(on: Page): Promise<number> {
  await on.goto(`${env.baseUrl}/teams`);
  const row = on.locator(`tr[data-name="${DEMO_TEAMS.captainTeam}"]`);
  await row.waitFor();
  await row.getByTestId('team-link').click();
  await on.getByTestId('team-page').waitFor();
  expect(await pageTitle(on, DEMO_TEAMS.captainTeam)).toBe(DEMO_TEAMS.captainTeam);
  return Number(new URL(on.url()).pathname.split('/')[2]);
}

describe('shifts', () => {
  it('a captain schedules a shift and a member signs in', async () => {
    const teamId = await openCaptainTeam(captain);
    // A member of the team with an account of their own, to sign in on their phone.
    const [member] = await queryRows<{ id: number; name: string }>(env.server.database.db, sql`
      select p.id, p.name from team_members m join people p on p.id = m.person_id
      where m.team_id = ${teamId} and m.left_at is null and m.squad_id is not null order by m.id limit 1`);
    const services = buildServices(env.server.database);
    await services.auth.createUser({ username: 'member1', displayName: member.name, role: 'volunteer', scopeRegionId: 1, personId: member.id, password: DEMO_PASSWORD });

    await captain.getByTestId('schedule-shift').click();
    const dialog = captain.getByTestId('shift-dialog');
    await dialog.waitFor();
    await settle(captain);
    await choose(dialog.getByTestId('shift-post'), POINT, captain);
    await choose(dialog.getByTestId('shift-members'), member.name, captain, true);
    await dialog.getByTestId('shift-submit').click();
    await toast(`已在${POINT}排班 1 人`, captain);
    const shift = captain.locator(`[data-testid^="shift-"][data-post="${POINT}"]`).first();
    await shift.waitFor();
    expect(await shift.getByTestId(`shift-member-${member.id}`).getAttribute('data-status')).toBe('waiting');

    // The member, on a 390 px phone: my shifts, one big button.
    const mine = await freshPage(env.browser, PHONE);
    await login(mine, env.baseUrl, 'member1');
    await mine.goto(`${env.baseUrl}/my/shifts`);
    const card = mine.locator('[data-testid^="my-shift-"]').first();
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('waiting');
    expect(await card.innerText()).toContain(POINT);
    expect(await overflow(mine)).toBeLessThanOrEqual(0);
    await card.locator('[data-testid^="sign-in-"]').click();
    await toast(`已在${POINT}签到`, mine);
    await mine.locator('[data-testid^="my-shift-"][data-status="in"]').waitFor();
    await mine.screenshot({ path: '/tmp/teams-my-shifts.png' });

    // The captain sees him on duty.
    await captain.reload();
    await captain.getByTestId(`shift-member-${member.id}`).and(captain.locator('[data-status="in"]')).waitFor();

    // The point sees who is on duty now.
    const pointId = (await queryRows<{ id: number }>(env.server.database.db, sql`select id from points where name = ${POINT}`))[0].id;
    await captain.goto(`${env.baseUrl}/points/${pointId}`);
    await captain.getByTestId('on-duty').getByTestId(`on-duty-${member.id}`).waitFor();

    // Signing out ends the shift for him; the card says so.
    await mine.locator('[data-testid^="sign-out-"]').click();
    await toast(`已从${POINT}签退`, mine);
    await mine.locator('[data-testid^="my-shift-"][data-status="out"]').waitFor();
    await mine.context().close();
  });
});

describe('sign-ups', () => {
  it('a sign-up from /public/join is approved by the captain', async () => {
    const visitor = await freshPage(env.browser, PHONE);
    await visitor.goto(`${env.baseUrl}/public/join`);
    await visitor.getByTestId('join-page').waitFor();
    await visitor.getByTestId('join-phone').fill('13912345678');
    await visitor.getByTestId('join-name').fill('梁晓彤');
    await visitor.getByTestId('join-birth').fill('1995-06-18');
    await choose(visitor.getByTestId('join-town'), '站前街道', visitor);
    await choose(visitor.getByTestId('join-community'), '恒福社区', visitor);
    await choose(visitor.getByTestId('join-team'), DEMO_TEAMS.captainTeam, visitor);
    await visitor.getByTestId('join-trained').check();
    await visitor.getByTestId('join-party').check();
    expect(await overflow(visitor)).toBeLessThanOrEqual(0);
    await visitor.getByTestId('join-submit').click();
    expect(await waitForText(visitor.getByTestId('join-done'), DEMO_TEAMS.captainTeam)).toContain('梁晓彤');
    await visitor.screenshot({ path: '/tmp/teams-join.png' });
    await visitor.context().close();

    await openCaptainTeam(captain);
    const signup = captain.locator('[data-testid^="signup-"][data-name="梁晓彤"]');
    await signup.waitFor();
    await signup.locator('[data-testid^="approve-"]').click();
    await toast('梁晓彤已加入本队', captain);
    await signup.waitFor({ state: 'detached' });
    await captain.getByTestId('members-search').locator('input').fill('梁晓彤');
    await captain.getByTestId('members-table').getByText('梁晓彤').first().waitFor();
  });

  it('refuses to approve a volunteer under 18, saying why', async () => {
    await openCaptainTeam(captain);
    const minor = captain.locator('[data-testid^="signup-"]').filter({ has: captain.locator('.ant-tag', { hasText: '未满18周岁' }) }).first();
    await minor.waitFor();
    await minor.locator('[data-testid^="approve-"]').click();
    expect(await toast(/未满18周岁，不能登记为志愿者/, captain)).toMatch(/未满18周岁/);
    await captain.screenshot({ path: '/tmp/teams-team.png', fullPage: true });
  });
});

describe('members', () => {
  it('refuses to add someone who is in another team, naming it', async () => {
    await openCaptainTeam(captain);
    const [other] = await queryRows<{ name: string }>(env.server.database.db, sql`
      select p.name from users u join people p on p.id = u.person_id where u.username = 'volunteer'`);
    await captain.getByTestId('add-member').click();
    const dialog = captain.getByTestId('member-dialog');
    await dialog.waitFor();
    await settle(captain);
    await choose(dialog.getByTestId('member-person'), other.name, captain);
    await dialog.getByTestId('member-submit').click();
    expect(await waitForText(captain.getByTestId('member-error'), DEMO_TEAMS.errandTeam)).toContain('一人同一时间只能加入一支队伍');
    await captain.keyboard.press('Escape');
  });
});

describe('gaps', () => {
  it('the command follows the gap of a team without a captain to its page and assigns one of its members', async () => {
    const command = await freshPage(env.browser);
    await login(command, env.baseUrl, 'command');
    const [{ id: responseId }] = await queryRows<{ id: number }>(env.server.database.db, sql`select id from responses where code = '0708'`);
    await command.goto(`${env.baseUrl}/responses/${responseId}/gaps`);
    await command.getByTestId('gaps-report').waitFor();
    await command.getByTestId('gap-team_without_captain').click();
    const row = command.locator('[data-testid^="gap-row-team_without_captain-"]').first();
    expect(await row.innerText()).toContain('指派队长');
    await row.getByRole('link').click();
    expect(await pageTitle(command, DEMO_TEAMS.captainlessTeam)).toBe(DEMO_TEAMS.captainlessTeam);
    await command.getByTestId('no-captain').waitFor();

    await command.getByTestId('assign-captain').click();
    const dialog = command.getByTestId('captain-dialog');
    await dialog.waitFor();
    await settle(command);
    await openSelect(dialog.getByTestId('captain-person'), command);
    const option = command.locator(`${OPEN_LIST} .ant-select-item-option`).first();
    const name = (await option.innerText()).split(' · ')[0].trim();
    await option.click();
    await dialog.getByTestId('captain-submit').click();
    await toast(`已指派${name}为队长`, command);
    expect(await waitForText(command.getByTestId('team-meta').getByTestId('captain'), name)).toContain(name);

    await command.goto(`${env.baseUrl}/responses/${responseId}/gaps`);
    await command.getByTestId('gaps-report').waitFor();
    expect(await command.locator('[data-testid^="gap-row-team_without_captain-"]').count()).toBe(0);
    await command.context().close();
  });
});

describe('on a 390 px phone', () => {
  it('gives a captain the list of teams and his team\'s page without sideways scrolling', async () => {
    const onPhone = await freshPage(env.browser, PHONE);
    await login(onPhone, env.baseUrl, 'captain');
    await openCaptainTeam(onPhone);
    await onPhone.getByTestId('members-table').locator('tbody tr').first().waitFor();
    expect(await overflow(onPhone)).toBeLessThanOrEqual(0);
    await onPhone.screenshot({ path: '/tmp/teams-team-phone.png' });
    await onPhone.goto(`${env.baseUrl}/teams`);
    await onPhone.getByTestId('teams-table').locator('tbody tr[data-row-key]').first().waitFor();
    expect(await overflow(onPhone)).toBeLessThanOrEqual(0);
    await onPhone.context().close();
  });
});
