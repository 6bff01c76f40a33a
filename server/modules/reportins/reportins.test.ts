import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

describe('双报到: party members reporting in to their community', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let community: SessionUser;
  let hengfu: number;
  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    community = await asUser(services, 'volunteer'); // scope: 恒福社区
    hengfu = community.scopeRegionId;
  });
  afterAll(async () => drop());

  const member = (partyMember: boolean, home: 'here' | 'elsewhere') =>
    scalar(database, sql`select id from people where party_member = ${partyMember} and ${home === 'here' ? sql`home_community_id = ${hengfu}` : sql`home_community_id <> ${hengfu}`} order by id limit 1`);

  it('takes a report-in with posts and free time, and the community sees it', async () => {
    const personId = await member(true, 'here');
    const r = await services.reportIns.reportIn(community, { personId, communityId: hengfu, posts: ['sampling_support', 'errands'], timeSlots: ['工作日 18:00-21:00'] });
    expect(r).toMatchObject({ personId, posts: ['sampling_support', 'errands'], timeSlots: ['工作日 18:00-21:00'], assignedPost: null });
    expect(r.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect((await services.reportIns.list(community, hengfu)).map((x) => x.personId)).toEqual([personId]);
  });

  it('refuses what breaks a rule, saying which', async () => {
    const again = await refusal(services.reportIns.reportIn(community, { personId: await member(true, 'here'), communityId: hengfu, posts: ['errands'], timeSlots: [] }));
    expect([again?.status, again?.messageKey]).toEqual([409, 'already_reported_in']);
    const notParty = await refusal(services.reportIns.reportIn(community, { personId: await member(false, 'here'), communityId: hengfu, posts: ['errands'], timeSlots: [] }));
    expect(notParty?.messageKey).toBe('not_party_member');
    const command = await asUser(services, 'command');
    const elsewhere = await refusal(services.reportIns.reportIn(command, { personId: await member(true, 'elsewhere'), communityId: hengfu, posts: ['errands'], timeSlots: [] }));
    expect(elsewhere?.messageKey).toBe('not_home_community');
    const grid = await asUser(services, 'grid');
    expect((await refusal(services.reportIns.list(grid, hengfu)))?.status).toBe(403);
  });

  it('assigns one of the offered posts, once', async () => {
    const [r] = await services.reportIns.list(community, hengfu);
    expect((await refusal(services.reportIns.assign(community, r.id, 'checkpoint')))?.messageKey).toBe('post_not_offered');
    expect((await services.reportIns.assign(community, r.id, 'errands')).assignedPost).toBe('errands');
    expect((await refusal(services.reportIns.assign(community, r.id, 'sampling_support')))?.status).toBe(409);
    expect(await scalar(database, sql`select count(*)::int from audit_log where subject_type = 'report_in'`)).toBe(2);
  });
});
