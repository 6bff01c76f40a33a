import type { Database } from '../db/index.ts';
import { analyze, withConstraintsLifted } from '../db/bulk.ts';
import { copyGridWorkers, copyPeople } from '../modules/people/people.repository.ts';
import { copyBuildings, copyHouseholds, countRegions, insertRegions, listTree, refreshCounts } from '../modules/regions/regions.repository.ts';
import { copyResidents } from '../modules/residents/residents.repository.ts';
import type { Role } from '../modules/auth/auth.repository.ts';
import type { Services } from '../services.ts';
import { buildDemoDistrict, LIZHIYUAN_BRANCH_TITLES, NAMED_PLACES } from './demo-district.ts';
import { seedDemoPoints } from './demo-points.ts';
import { seedDemoPlaces } from './demo-places.ts';
import { seedDemoResponse } from './demo-response.ts';
import { seedDemoTeams } from './demo-teams.ts';
import { seedDemoRequests } from './demo-requests.ts';
import { seedDemoMaterials } from './demo-materials.ts';
import { seedDemoFunds } from './demo-funds.ts';

export const DEMO_PASSWORD = 'Gridline-0708';

/** The demo accounts: one per role, and a branch secretary, each scoped as they would be in the field. */
export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; displayName: string; role: Role; scope: 'district' | 'town' | 'community' | 'grid' | 'village' }> = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', scope: 'district' },
  { username: 'command', displayName: '区指挥部', role: 'district_command', scope: 'district' },
  { username: 'zhanqian', displayName: '站前街道片长', role: 'area_chief', scope: 'town' },
  { username: 'pointchief', displayName: '恒福尚城采样点点长', role: 'point_chief', scope: 'community' },
  { username: 'grid', displayName: '网格员', role: 'grid_worker', scope: 'grid' },
  { username: 'captain', displayName: '志愿服务队队长', role: 'team_captain', scope: 'town' },
  { username: 'volunteer', displayName: '党员志愿者', role: 'volunteer', scope: 'community' },
  // The secretary of the Lizhiyuan No. 37 temporary branch, scoped to the village: a notice to all party organisations reaches them.
  { username: 'branch', displayName: LIZHIYUAN_BRANCH_TITLES[0], role: 'volunteer', scope: 'village' },
];

export interface SeedProgress {
  (step: string, detail?: string): void;
}

/**
 * Writes the demo district into an empty database in one transaction, with COPY.
 * Refuses a database that already holds regions: seeding never overwrites.
 */
export async function seedDemo(database: Database, services: Services, opts: { scale: number; onProgress?: SeedProgress }) {
  const { auth } = services;
  const say = opts.onProgress ?? (() => undefined);
  if ((await countRegions(database.db)) > 0) return { seeded: false as const };
  const t0 = performance.now();
  say('generate', `scale ${opts.scale}`);
  const demo = buildDemoDistrict(opts.scale);
  await database.transaction(async (tx) => {
    say('regions', `${demo.regions.length}`);
    await insertRegions(tx, demo.regions);
    say('buildings', `${demo.buildings.length}`);
    await copyBuildings(tx, demo.buildings);
    say('households', `${demo.households.length}`);
    await withConstraintsLifted(tx, 'households', () => copyHouseholds(tx, demo.households));
    say('residents', `${demo.residentCount}`);
    await withConstraintsLifted(tx, 'residents', () => copyResidents(tx, demo.residentCsv));
    say('people', `${demo.people.length}`);
    await copyPeople(tx, demo.people);
    await copyGridWorkers(tx, demo.gridWorkers);
    say('counts');
    await refreshCounts(tx.db);
  });
  await analyze(database.db, ['regions', 'buildings', 'households', 'residents', 'people', 'grid_workers']);
  say('accounts', `${DEMO_ACCOUNTS.length}`);
  const tree = await listTree(database.db);
  const town = tree.find((r) => r.level === 'town' && r.name === NAMED_PLACES.hengfu.town)!;
  const community = tree.find((r) => r.level === 'community' && r.name === NAMED_PLACES.hengfu.community)!;
  const grid = tree.find((r) => r.level === 'grid' && r.parentId === community.id)!;
  const village = tree.find((r) => r.level === 'community' && r.name === NAMED_PLACES.lizhiyuan.community)!;
  const scopeOf = { district: tree[0].id, town: town.id, community: community.id, grid: grid.id, village: village.id };
  const gridWorker = demo.gridWorkers.find((w) => w.gridId === grid.id);
  say('points', `${demo.points.length}`);
  await seedDemoPoints(database, demo, services.points.currentShift(), services.points.clock());
  await seedDemoPlaces(database.db, demo);
  const hengfuChief = demo.points.find((p) => p.name === NAMED_PLACES.hengfu.point)!.chiefId;
  const branchSecretary = demo.people.find((p) => p.title === LIZHIYUAN_BRANCH_TITLES[0])!.id;
  const personOf: Record<string, number | null> = { grid: gridWorker?.personId ?? null, pointchief: hengfuChief, branch: branchSecretary };
  for (const a of DEMO_ACCOUNTS) {
    await auth.createUser({
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      scopeRegionId: scopeOf[a.scope],
      personId: personOf[a.username] ?? null,
      password: DEMO_PASSWORD,
    });
  }
  say('response 0708');
  await seedDemoResponse(database, services);
  say('teams 首善先锋');
  await seedDemoTeams(database);
  say('requests and household codes');
  await seedDemoRequests(database, services, DEMO_PASSWORD);
  say('materials: catalogue, district warehouse, opening stock at every point');
  await seedDemoMaterials(database, services);
  say('funds and donations');
  await seedDemoFunds(database, services);
  return {
    seeded: true as const,
    seconds: (performance.now() - t0) / 1000,
    regions: demo.regions.length,
    buildings: demo.buildings.length,
    households: demo.households.length,
    residents: demo.residentCount,
    people: demo.people.length,
  };
}
