import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, scalar, sql, statusOf as status } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

describe('regions', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let town: SessionUser;
  let grid: SessionUser;
  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    [command, town, grid] = await Promise.all(['command', 'zhanqian', 'grid'].map((u) => asUser(services, u)));
  });
  afterAll(async () => drop());

  it('shows the district with its 11 towns and counts that add up', async () => {
    const d = await services.regions.detail(command, command.scopeRegionId);
    expect(d.region).toMatchObject({ level: 'district', name: '茂南区', childCount: 11 });
    expect(d.children).toHaveLength(11);
    expect(d.children.reduce((a, c) => a + c.residentCount, 0)).toBe(d.region.residentCount);
    expect(d.children.reduce((a, c) => a + c.childCount, 0)).toBe(239);
    expect(d.breadcrumb).toEqual([{ id: d.region.id, level: 'district', name: '茂南区' }]);
  });

  it('drills from a town to a community to a grid, with its buildings and grid workers', async () => {
    const t = await services.regions.detail(command, (await services.regions.detail(command, command.scopeRegionId)).children[0].id);
    expect(t.areaChiefs.length).toBe(2);
    expect(t.areaChiefs.every((a) => a.role === 'area_chief')).toBe(true);
    const c = await services.regions.detail(command, t.children[0].id);
    expect(c.pairedOrgs.length).toBeGreaterThan(0);
    expect(c.region.level).toBe('community');
    expect(c.children.every((g) => g.level === 'grid' && (g.gridWorkers ?? []).length > 0)).toBe(true);
    const g = await services.regions.detail(command, c.children[0].id);
    expect(g.breadcrumb.map((b) => b.level)).toEqual(['district', 'town', 'community', 'grid']);
    expect(g.buildings.length).toBe(g.region.buildingCount);
    expect(g.gridWorkers[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const b = await services.regions.building(command, g.buildings[0].id);
    const residents = b.households.flatMap((h) => h.residents);
    expect(residents.length).toBe(g.buildings[0].residentCount);
    for (const r of residents) expect(r.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
  });

  it('keeps each account inside its scope: 403 outside, breadcrumbs from the scope down', async () => {
    const root = await services.regions.detail(town, town.scopeRegionId);
    expect(root.region.name).toBe('站前街道');
    expect(root.breadcrumb).toEqual([{ id: town.scopeRegionId, level: 'town', name: '站前街道' }]);
    expect(await status(services.regions.detail(town, command.scopeRegionId))).toBe(403);
    const otherTown = (await services.regions.detail(command, command.scopeRegionId)).children[1].id;
    expect(await status(services.regions.detail(town, otherTown))).toBe(403);

    const own = await services.regions.detail(grid, grid.scopeRegionId);
    expect(own.region.level).toBe('grid');
    const sibling = await scalar(database, sql`select id from regions where parent_id = (select parent_id from regions where id = ${grid.scopeRegionId}) and id <> ${grid.scopeRegionId} limit 1`);
    expect(await status(services.regions.detail(grid, sibling))).toBe(403);
    const foreignBuilding = await scalar(database, sql`select id from buildings where grid_id = ${sibling} limit 1`);
    expect(await status(services.regions.building(grid, foreignBuilding))).toBe(403);
    expect(await status(services.regions.building(grid, own.buildings[0].id))).toBe(200);
    expect(await status(services.regions.detail(command, 99_999_999))).toBe(404);
  });

  it('finds regions by name only inside the scope', async () => {
    const all = await services.regions.search(command, '荔枝园');
    expect(all.items.map((i) => i.name)).toEqual(['荔枝园村']);
    expect(all.items[0].childCount).toBeGreaterThan(0);
    expect(all.items[0].breadcrumb.map((b) => b.name)).toEqual(['茂南区', '红旗街道', '荔枝园村']);
    expect((await services.regions.search(town, '荔枝园')).items).toEqual([]);
  });

  it('imports the region tree: adds what is new, leaves what exists, refuses a taken code', async () => {
    const file = Buffer.from('镇街,村社区,网格,网格编码\n站前街道,恒福社区,第1网格,\n站前街道,新建社区,第1网格,\n新城街道,新城社区,第1网格,44090299900101\n');
    const report = await services.residents.importFile(command, 'regions', { filename: 'r.csv', data: file, dryRun: false, locale: 'zh-CN' });
    expect(report).toMatchObject({ inserted: 2, unchanged: 1 });
    const newTown = await scalar<string>(database, sql`select path from regions where name = '新城街道'`);
    const newGrid = await scalar<string>(database, sql`select path || '|' || code from regions where code = '44090299900101'`);
    expect(newGrid.startsWith(newTown)).toBe(true);
    expect(await services.residents.importFile(command, 'regions', { filename: 'r.csv', data: file, dryRun: false, locale: 'zh-CN' })).toMatchObject({ inserted: 0, unchanged: 3 });

    const taken = Buffer.from('镇街,村社区,网格,网格编码\n站前街道,另一社区,第9网格,44090299900101\n');
    const before = await scalar(database, sql`select count(*)::int from regions`);
    expect(await status(services.residents.importFile(command, 'regions', { filename: 'r.csv', data: taken, dryRun: false, locale: 'zh-CN' }))).toBe(422);
    expect(await scalar(database, sql`select count(*)::int from regions`)).toBe(before);
    expect(await status(services.residents.importFile(town, 'regions', { filename: 'r.csv', data: file, dryRun: false, locale: 'zh-CN' }))).toBe(403);
  });
});
