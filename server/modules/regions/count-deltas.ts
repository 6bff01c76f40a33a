import type { CountDelta } from './regions.repository.ts';

export interface CountChanges {
  /** Grids that got a new building. */
  createdBuildings: Array<{ gridId: number }>;
  /** Buildings that got a new household. */
  createdHouseholds: Array<{ buildingId: number }>;
  /** Residents written: a new one has no previous household; a mover's previous household differs. */
  residents: Array<{ householdId: number; previousHouseholdId: number | null }>;
  buildingOfHousehold: ReadonlyMap<number, number>;
  gridOfBuilding: ReadonlyMap<number, number>;
}

/** What a write adds to each building's and each grid's counts. Pure. */
export function countDeltas(c: CountChanges) {
  const byBuilding = new Map<number, CountDelta>();
  const byGrid = new Map<number, CountDelta>();
  const bump = (m: Map<number, CountDelta>, id: number, key: keyof CountDelta, n: number) => {
    const d = m.get(id) ?? { buildings: 0, households: 0, residents: 0 };
    d[key] += n;
    m.set(id, d);
  };
  const gridOf = (buildingId: number) => {
    const g = c.gridOfBuilding.get(buildingId);
    if (g === undefined) throw new Error(`building ${buildingId} has no known grid`);
    return g;
  };
  const moveResident = (householdId: number, n: number) => {
    const b = c.buildingOfHousehold.get(householdId);
    if (b === undefined) throw new Error(`household ${householdId} has no known building`);
    bump(byBuilding, b, 'residents', n);
    bump(byGrid, gridOf(b), 'residents', n);
  };
  for (const b of c.createdBuildings) bump(byGrid, b.gridId, 'buildings', 1);
  for (const h of c.createdHouseholds) {
    bump(byBuilding, h.buildingId, 'households', 1);
    bump(byGrid, gridOf(h.buildingId), 'households', 1);
  }
  for (const r of c.residents) {
    if (r.previousHouseholdId === r.householdId) continue;
    moveResident(r.householdId, 1);
    if (r.previousHouseholdId !== null) moveResident(r.previousHouseholdId, -1);
  }
  return { byBuilding, byGrid };
}
