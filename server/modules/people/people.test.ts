import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../services.ts';
import { asUser, demoFixture } from '../../testing/fixtures.ts';

describe('people', () => {
  let services: Services;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ services, drop } = await demoFixture());
  });
  afterAll(async () => drop());

  it('lists the 21 district leaders for the district command, phones masked', async () => {
    const command = await asUser(services, 'command');
    const leaders = await services.people.list(command, { kind: 'leader', page: 1, pageSize: 50 });
    expect(leaders.total).toBe(21);
    expect(leaders.items[0].title).toBe('区委书记');
    for (const p of leaders.items) expect(p.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
  });

  it('shows a grid worker the people of their own community, and a town account its town', async () => {
    const grid = await asUser(services, 'grid');
    const seen = await services.people.list(grid, { page: 1, pageSize: 200 });
    expect(seen.total).toBeGreaterThan(3);
    expect(new Set(seen.items.map((p) => p.homeCommunity?.name))).toEqual(new Set(['恒福社区']));

    const town = await asUser(services, 'zhanqian');
    const workers = await services.people.list(town, { kind: 'grid_worker', page: 1, pageSize: 200 });
    expect(workers.total).toBeGreaterThan(0);
    const command = await asUser(services, 'command');
    const all = await services.people.list(command, { kind: 'grid_worker', page: 1, pageSize: 1 });
    expect(all.total).toBeGreaterThanOrEqual(1627);
    expect(workers.total).toBeLessThan(all.total);
  });

  it('filters party members for branch posts, over HTTP as well', async () => {
    const command = await asUser(services, 'command');
    const all = await services.people.list(command, { page: 1, pageSize: 1 });
    const members = await services.people.list(command, { partyMember: true, page: 1, pageSize: 200 });
    const others = await services.people.list(command, { partyMember: false, page: 1, pageSize: 200 });
    expect(members.total).toBeGreaterThan(0);
    expect(others.total).toBeGreaterThan(0);
    expect(members.total + others.total).toBe(all.total);
    expect(members.items.every((p) => p.partyMember)).toBe(true);
    expect(others.items.every((p) => !p.partyMember)).toBe(true);
  });

  it('lets a point chief look for medics district-wide to staff the point, but not a volunteer', async () => {
    const chief = await asUser(services, 'pointchief');
    const near = await services.people.list(chief, { kind: 'medical', page: 1, pageSize: 1 });
    const wide = await services.people.list(chief, { kind: 'medical', anywhere: true, page: 1, pageSize: 1 });
    expect(wide.total).toBe(1606);
    expect(near.total).toBeLessThan(wide.total);
    const volunteer = await asUser(services, 'volunteer');
    expect((await services.people.list(volunteer, { kind: 'medical', anywhere: true, page: 1, pageSize: 1 })).total).toBe(
      (await services.people.list(volunteer, { kind: 'medical', page: 1, pageSize: 1 })).total,
    );
  });
});
