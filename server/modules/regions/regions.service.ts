import type { Locale } from '../../../contracts/common.ts';
import type { TBuildingDetail, TRegionDetail, TRegionSummary } from '../../../contracts/regions.ts';
import type { Database } from '../../db/index.ts';
import { Forbidden, ImportRejected, NotFound } from '../../http/errors.ts';
import { t } from '../../i18n.ts';
import { maskPhone } from '../../../contracts/idcard.ts';
import { assertInScope, type SessionUser } from '../auth/scope.ts';
import type { AssignmentsService } from '../assignments/assignments.service.ts';
import { orgsPairedWith } from '../orgs/orgs.repository.ts';
import { presentMaskedResident } from '../residents/residents.presenter.ts';
import { listByHouseholds } from '../residents/residents.repository.ts';
import type { ValidRegionRow } from '../residents/residents.import.ts';
import {
  countChildren,
  findBuilding,
  findRegion,
  findRegionByRef,
  findRoot,
  findRegionsByCodes,
  insertRegions,
  listBuildings,
  listByIds,
  listChildren,
  listGridWorkers,
  listHouseholds,
  listTree,
  lockRegions,
  nextRegionId,
  refreshCounts,
  searchRegions,
  type NewRegion,
} from './regions.repository.ts';

type RegionRow = NonNullable<Awaited<ReturnType<typeof findRegion>>>;

function summary(r: RegionRow, childCount: number): TRegionSummary {
  return {
    id: r.id, level: r.level, code: r.code, name: r.name, childCount,
    buildingCount: r.buildingCount, householdCount: r.householdCount, residentCount: r.residentCount,
  };
}

/** Ids on a region's path, from the top of the user's scope down to the region itself. */
function pathIdsWithinScope(user: SessionUser, path: string): number[] {
  const scopeDepth = user.scopePath.split('/').filter(Boolean).length;
  return path.split('/').filter(Boolean).map(Number).slice(scopeDepth - 1);
}

/**
 * Names a place by its path below the district, e.g. `站前街道 / 恒福社区`: with the region itself
 * for a unit standing in it, without it for a region shown under its own name. Given the paths
 * it will be asked about, it reads only their regions; without, the whole tree.
 */
export async function regionNamer(db: Database['db'], paths?: string[]) {
  const ids = paths && [...new Set(paths.flatMap((p) => p.split('/').filter(Boolean).map(Number)))];
  const names = new Map((ids ? await listByIds(db, ids) : await listTree(db, '/')).map((r) => [r.id, r.name]));
  return (path: string, withSelf: boolean) =>
    path.split('/').filter(Boolean).slice(1, withSelf ? undefined : -1).map((x) => names.get(Number(x))).join(' / ');
}

export function regionsService(database: Database, assignments: AssignmentsService) {
  const { db } = database;

  async function breadcrumb(user: SessionUser, path: string) {
    const ids = pathIdsWithinScope(user, path);
    const rows = await listByIds(db, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)!).map((r) => ({ id: r.id, level: r.level, name: r.name }));
  }

  const presentWorker = (w: { id: number; personId: number; name: string; phone: string | null }) => ({ id: w.id, personId: w.personId, name: w.name, phone: maskPhone(w.phone) });

  return {
    async detail(user: SessionUser, id: number): Promise<TRegionDetail> {
      const region = await findRegion(db, id);
      if (!region) throw NotFound();
      assertInScope(user, region.path);
      const isGrid = region.level === 'grid';
      const children = isGrid ? [] : await listChildren(db, id);
      const grandChildren = await countChildren(db, [id, ...children.map((c) => c.id)]);
      const gridIds = isGrid ? [id] : children.filter((c) => c.level === 'grid').map((c) => c.id);
      const workers = await listGridWorkers(db, gridIds);
      const workersOf = (gridId: number) => workers.filter((w) => w.gridId === gridId).map(presentWorker);
      return {
        region: summary(region, grandChildren.get(id) ?? 0),
        breadcrumb: await breadcrumb(user, region.path),
        children: children.map((c) => ({ ...summary(c, grandChildren.get(c.id) ?? 0), ...(c.level === 'grid' ? { gridWorkers: workersOf(c.id) } : {}) })),
        buildings: isGrid ? await listBuildings(db, id) : [],
        gridWorkers: isGrid ? workersOf(id) : [],
        areaChiefs: region.level === 'town' ? ((await assignments.holders('town', [id])).get(id) ?? []) : [],
        pairedOrgs: region.level === 'community' ? await orgsPairedWith(db, id) : [],
      };
    },

    async building(user: SessionUser, id: number): Promise<TBuildingDetail> {
      const building = await findBuilding(db, id);
      if (!building) throw NotFound();
      const grid = await findRegion(db, building.gridId);
      assertInScope(user, grid!.path);
      const households = await listHouseholds(db, id);
      const residents = await listByHouseholds(db, households.map((h) => h.id));
      return {
        building,
        breadcrumb: await breadcrumb(user, grid!.path),
        households: households.map((h) => ({
          id: h.id,
          door: h.door,
          residents: residents.filter((r) => r.householdId === h.id).map(presentMaskedResident),
        })),
      };
    },

    /** Recounts buildings, households and residents at every level from the facts; returns how many counts were wrong. */
    rebuildCounts: () => database.transaction((tx) => refreshCounts(tx.db)),

    /** A region named by code or unique name (the district when no name is given); for the CLI. */
    async resolve(ref: string | undefined) {
      const region = ref ? await findRegionByRef(db, ref) : await findRoot(db);
      if (!region) throw NotFound();
      return region;
    },

    async search(user: SessionUser, q: string) {
      const rows = await searchRegions(db, user.scopePath, q, 30);
      const all = await listByIds(db, [...new Set(rows.flatMap((r) => pathIdsWithinScope(user, r.path)))]);
      const byId = new Map(all.map((r) => [r.id, r]));
      const childCounts = await countChildren(db, rows.map((r) => r.id));
      return {
        items: rows.map((r) => ({
          ...summary(r, childCounts.get(r.id) ?? 0),
          breadcrumb: pathIdsWithinScope(user, r.path).map((i) => byId.get(i)!).map((x) => ({ id: x.id, level: x.level, name: x.name })),
        })),
      };
    },
  };
}
export type RegionsService = ReturnType<typeof regionsService>;

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * Adds the towns, communities and grids a region file names that do not exist yet.
 * Existing ones are left as they are, so the same file imported twice changes nothing.
 */
export async function importRegionRows(
  database: Database,
  rows: ValidRegionRow[],
  opts: { scopePath: string; dryRun: boolean; locale: Locale },
) {
  return database.transaction(async (tx) => {
    await lockRegions(tx.db);
    const tree = await listTree(tx.db, opts.scopePath);
    const root = tree.find((r) => r.path === opts.scopePath) ?? tree[0];
    if (!root || root.level !== 'district') throw Forbidden(); // only a district-wide account changes the tree
    const byKey = new Map(tree.map((r) => [`${r.parentId}/${r.name}`, r]));
    const childCount = new Map<number, number>();
    for (const r of tree) if (r.parentId !== null) childCount.set(r.parentId, (childCount.get(r.parentId) ?? 0) + 1);
    const taken = new Set(tree.map((r) => r.code));
    const wantedCodes = rows.map((r) => r.gridCode).filter((c): c is string => !!c);
    const existingCodes = new Map((await findRegionsByCodes(tx.db, wantedCodes)).map((r) => [r.code, r.name]));
    for (const c of existingCodes.keys()) taken.add(c);

    let nextId = await nextRegionId(tx.db);
    const created: NewRegion[] = [];
    const errors: Array<{ row: number; column: string; value: string; reason: string }> = [];
    const ensure = (parent: { id: number; code: string; path: string }, level: NewRegion['level'], name: string, wantCode: string | null) => {
      const existing = byKey.get(`${parent.id}/${name}`);
      if (existing) return existing;
      const width = level === 'grid' ? 2 : 3;
      let code = wantCode;
      if (!code) {
        let n = (childCount.get(parent.id) ?? 0) + 1;
        while (taken.has(`${parent.code}${pad(n, width)}`)) n++;
        code = `${parent.code}${pad(n, width)}`;
      }
      taken.add(code);
      childCount.set(parent.id, (childCount.get(parent.id) ?? 0) + 1);
      const id = nextId++;
      const row: NewRegion = { id, parentId: parent.id, level, code, name, path: `${parent.path}${id}/` };
      created.push(row);
      byKey.set(`${parent.id}/${name}`, row);
      return row;
    };
    const levelBelow = { district: 'town', town: 'community', community: 'grid' } as const;
    for (const r of rows) {
      if (r.gridCode && existingCodes.has(r.gridCode)) {
        const community = byKey.get(`${byKey.get(`${root.id}/${r.town}`)?.id}/${r.community}`);
        const grid = community && byKey.get(`${community.id}/${r.grid}`);
        if (!grid || grid.code !== r.gridCode) {
          errors.push({ row: r.row, column: '网格编码', value: r.gridCode, reason: t(opts.locale, 'code_taken', { value: r.gridCode, name: existingCodes.get(r.gridCode)! }) });
          continue;
        }
      }
      const town = ensure(root, levelBelow.district, r.town, null);
      const community = ensure(town, levelBelow.town, r.community, null);
      ensure(community, levelBelow.community, r.grid, r.gridCode);
    }
    if (errors.length) throw ImportRejected(errors.length, { errors });
    if (!opts.dryRun && created.length) await insertRegions(tx, created);
    const inserted = created.filter((c) => c.level === 'grid').length;
    return { inserted, updated: 0, unchanged: rows.length - inserted };
  });
}

