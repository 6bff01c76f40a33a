import { describe, expect, it } from 'vitest';
import { rng } from '../../seed/random.ts';
import { haversineMeters, solveTransport, type DemandGroup, type SupplyGroup } from './transport.ts';

/** Every way of sending each person to a gap they fit (or nowhere): the best by (filled desc, metres asc). */
function bruteForce(supplies: SupplyGroup[], demands: DemandGroup[], cost: (s: number, d: number) => number) {
  const persons = supplies.flatMap((g, s) => Array.from({ length: g.count }, () => s));
  const left = demands.map((d) => d.count);
  let best = { filled: 0, meters: 0 };
  const walk = (i: number, filled: number, meters: number) => {
    if (i === persons.length) {
      if (filled > best.filled || (filled === best.filled && meters < best.meters)) best = { filled, meters };
      return;
    }
    walk(i + 1, filled, meters);
    const s = persons[i];
    for (let d = 0; d < demands.length; d++) {
      if (left[d] === 0 || !(supplies[s].caps & (1 << demands[d].need))) continue;
      left[d]--;
      walk(i + 1, filled + 1, meters + cost(s, d));
      left[d]++;
    }
  };
  walk(0, 0, 0);
  return best;
}

describe('the redeployment plan is a min-cost maximum flow', () => {
  it('matches brute force on 400 small random instances', () => {
    const rand = rng(708).next;
    const int = (n: number) => Math.floor(rand() * n);
    for (let round = 0; round < 400; round++) {
      const needs = 1 + int(3);
      const supplies: SupplyGroup[] = Array.from({ length: 1 + int(4) }, () => ({ count: int(3), caps: 1 + int((1 << needs) - 1) }));
      while (supplies.reduce((n, g) => n + g.count, 0) > 7) supplies[int(supplies.length)].count = 0;
      const demands: DemandGroup[] = Array.from({ length: 1 + int(4) }, () => ({ count: int(3), need: int(needs) }));
      const costs = supplies.map(() => demands.map(() => int(5000)));
      const cost = (s: number, d: number) => costs[s][d];
      const plan = solveTransport(supplies, demands, cost);
      const best = bruteForce(supplies, demands, cost);
      expect({ filled: plan.filled, meters: plan.meters }, `instance ${round}`).toEqual(best);
      // With only each group's nearest partner to start from, the certificate must grow the graph to the same optimum.
      const pruned = solveTransport(supplies, demands, cost, { nearest: 1 });
      expect({ filled: pruned.filled, meters: pruned.meters }, `instance ${round}, pruned`).toEqual(best);
      // The flows are a real plan: within each group's size, each pair compatible, totals as said.
      const out = supplies.map(() => 0);
      const into = demands.map(() => 0);
      for (const f of plan.flows) {
        expect(supplies[f.s].caps & (1 << demands[f.d].need)).not.toBe(0);
        out[f.s] += f.n;
        into[f.d] += f.n;
      }
      out.forEach((n, s) => expect(n).toBeLessThanOrEqual(supplies[s].count));
      into.forEach((n, d) => expect(n).toBeLessThanOrEqual(demands[d].count));
      expect(plan.flows.reduce((n, f) => n + f.n, 0)).toBe(plan.filled);
      expect(plan.flows.reduce((n, f) => n + f.n * cost(f.s, f.d), 0)).toBe(plan.meters);
    }
  });

  it('matches brute force when the nearest partners alone cannot fill every gap (the certificate must add pairs)', () => {
    const rand = rng(5).next;
    const int = (n: number) => Math.floor(rand() * n);
    let grew = 0;
    for (let round = 0; round < 400; round++) {
      const needs = 1 + int(2);
      // Many small supply groups crowding the same nearest gap, so the pruned graph places fewer than it could.
      const supplies: SupplyGroup[] = Array.from({ length: 2 + int(5) }, () => ({ count: 1, caps: 1 + int((1 << needs) - 1) }));
      const demands: DemandGroup[] = Array.from({ length: 2 + int(3) }, () => ({ count: 1 + int(2), need: int(needs) }));
      const costs = supplies.map(() => demands.map(() => int(5000)));
      const cost = (s: number, d: number) => costs[s][d];
      const plan = solveTransport(supplies, demands, cost, { nearest: 1 });
      expect({ filled: plan.filled, meters: plan.meters }, `instance ${round}`).toEqual(bruteForce(supplies, demands, cost));
      grew += plan.rounds;
    }
    expect(grew).toBeGreaterThan(0);
  });

  it('proves its pruned graph optimal: the same as the full graph on 60 district-sized-shape instances', () => {
    const rand = rng(37).next;
    const int = (n: number) => Math.floor(rand() * n);
    let grew = 0;
    for (let round = 0; round < 60; round++) {
      const needs = 1 + int(5);
      const spot = () => ({ lat: 21.6 + rand() * 0.2, lng: 110.8 + rand() * 0.25 });
      const supplies = Array.from({ length: 20 + int(40) }, () => ({ count: int(6), caps: 1 + int((1 << needs) - 1), at: spot() }));
      // Demand crowded into one corner, so every group's nearest partners are the same few.
      const demands = Array.from({ length: 20 + int(40) }, () => ({ count: int(5), need: int(needs), at: { lat: 21.6 + rand() * 0.01, lng: 110.8 + rand() * 0.01 } }));
      const cost = (s: number, d: number) => haversineMeters(supplies[s].at, demands[d].at);
      const pruned = solveTransport(supplies, demands, cost, { nearest: 2 });
      const full = solveTransport(supplies, demands, cost, { nearest: Infinity });
      expect({ filled: pruned.filled, meters: pruned.meters }, `instance ${round}`).toEqual({ filled: full.filled, meters: full.meters });
      expect(full.rounds).toBe(0);
      grew += pruned.rounds;
    }
    // The certificate did its work: some instances needed pairs beyond the nearest two.
    expect(grew).toBeGreaterThan(0);
  });

  it('measures travel on the globe in metres', () => {
    // Two points of the district 0.01° of latitude apart are about 1.1 km apart.
    expect(haversineMeters({ lat: 21.66, lng: 110.92 }, { lat: 21.67, lng: 110.92 })).toBe(1112);
    expect(haversineMeters({ lat: 21.66, lng: 110.92 }, { lat: 21.66, lng: 110.92 })).toBe(0);
  });
});
