/**
 * The redeployment plan as a transportation problem, solved exactly: supply groups (people of one
 * home community who may take the same kinds of gap) send people to demand groups (one kind of gap
 * at one place), most gaps filled first, then least total travel. This is a min-cost maximum flow;
 * the solver is pure, so a test can hold it against brute force.
 *
 * The full bipartite graph of a district (a thousand groups a side) is large, so the flow is first
 * solved over each group's nearest partners only, then checked against every pair: a pair that would
 * shorten the travel (negative reduced cost under the final potentials) or an augmenting path that
 * uses a left-out pair sends the solver round again with those pairs added. What it returns is
 * therefore optimal over the whole graph, not over the pruned one.
 */

export interface SupplyGroup {
  count: number;
  /** Bit `1 << need` set for every kind of demand this group's people may fill. */
  caps: number;
}

export interface DemandGroup {
  count: number;
  /** Which kind of demand this is: a bit index into the supply groups' `caps`. */
  need: number;
}

export interface TransportSolution {
  /** People sent from supply group `s` to demand group `d`. */
  flows: Array<{ s: number; d: number; n: number }>;
  filled: number;
  meters: number;
  /** How many times the pruned graph had to grow before the optimum was proven (0: first try). */
  rounds: number;
}

const INF = Number.MAX_SAFE_INTEGER;
const NEAREST = 12;

/**
 * Min-cost max-flow over the candidate pairs: successive shortest paths with Johnson potentials
 * (Dijkstra on reduced costs, stopped once the sink is settled). Returns the flow per pair and the
 * final potentials, which certify optimality.
 */
function solveOver(supplies: readonly SupplyGroup[], demands: readonly DemandGroup[], pairs: ReadonlyArray<[number, number]>, cost: (s: number, d: number) => number) {
  const S = supplies.length;
  const D = demands.length;
  const N = S + D + 2;
  const source = S + D;
  const sink = source + 1;
  // The edges in typed arrays (the hot loop of the Dijkstras below reads them), sized for every edge.
  const E = 2 * (S + D + pairs.length);
  const to = new Int32Array(E);
  const cap = new Float64Array(E);
  const cst = new Float64Array(E);
  const next = new Int32Array(E);
  const head = new Int32Array(N).fill(-1);
  let edges = 0;
  const add = (u: number, v: number, c: number, w: number) => {
    (to[edges] = v), (cap[edges] = c), (cst[edges] = w), (next[edges] = head[u]), (head[u] = edges++);
    (to[edges] = u), (cap[edges] = 0), (cst[edges] = -w), (next[edges] = head[v]), (head[v] = edges++);
  };
  for (let s = 0; s < S; s++) if (supplies[s].count > 0) add(source, s, supplies[s].count, 0);
  for (let d = 0; d < D; d++) if (demands[d].count > 0) add(S + d, sink, demands[d].count, 0);
  const pairEdge: number[] = [];
  for (const [s, d] of pairs) {
    pairEdge.push(edges);
    add(s, S + d, INF, cost(s, d));
  }

  const h = new Float64Array(N);
  const dist = new Float64Array(N);
  const prevEdge = new Int32Array(N);
  const done = new Uint8Array(N);
  // A binary heap of (distance, node), lazily deleted.
  const heapD: number[] = [];
  const heapN: number[] = [];
  const push = (dd: number, n: number) => {
    let i = heapD.length;
    heapD.push(dd), heapN.push(n);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapD[p] <= dd) break;
      heapD[i] = heapD[p], heapN[i] = heapN[p];
      i = p;
    }
    heapD[i] = dd, heapN[i] = n;
  };
  const pop = () => {
    const n = heapN[0];
    const lastD = heapD.pop()!;
    const lastN = heapN.pop()!;
    const len = heapD.length;
    if (len > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= len) break;
        if (c + 1 < len && heapD[c + 1] < heapD[c]) c++;
        if (heapD[c] >= lastD) break;
        heapD[i] = heapD[c], heapN[i] = heapN[c];
        i = c;
      }
      heapD[i] = lastD, heapN[i] = lastN;
    }
    return n;
  };

  let filled = 0;
  for (;;) {
    dist.fill(Infinity);
    done.fill(0);
    prevEdge.fill(-1);
    dist[source] = 0;
    heapD.length = 0, heapN.length = 0;
    push(0, source);
    while (heapD.length) {
      const dd = heapD[0];
      const u = pop();
      if (done[u] || dd > dist[u]) continue;
      done[u] = 1;
      if (u === sink) break;
      for (let e = head[u]; e !== -1; e = next[e]) {
        if (cap[e] <= 0) continue;
        const v = to[e];
        const nd = dd + cst[e] + h[u] - h[v];
        if (nd < dist[v]) {
          dist[v] = nd;
          prevEdge[v] = e;
          push(nd, v);
        }
      }
    }
    if (!done[sink]) break;
    // Nodes beyond the sink's distance keep valid potentials when clamped to it.
    const ds = dist[sink];
    for (let v = 0; v < N; v++) h[v] += Math.min(dist[v], ds);
    let push1 = INF;
    for (let v = sink; v !== source; v = to[prevEdge[v] ^ 1]) push1 = Math.min(push1, cap[prevEdge[v]]);
    for (let v = sink; v !== source; v = to[prevEdge[v] ^ 1]) {
      cap[prevEdge[v]] -= push1;
      cap[prevEdge[v] ^ 1] += push1;
    }
    filled += push1;
  }
  const flow = pairEdge.map((e) => cap[e ^ 1]);
  const supplyLeft = supplies.map((g) => g.count);
  const demandLeft = demands.map((g) => g.count);
  pairs.forEach(([s, d], i) => {
    supplyLeft[s] -= flow[i];
    demandLeft[d] -= flow[i];
  });
  return { flow, filled, h, supplyLeft, demandLeft };
}

/**
 * The optimal plan: as many people placed as the groups allow, and among those plans the least
 * total metres. `cost(s, d)` is the travel of one person from group `s` to group `d`, an integer.
 */
export function solveTransport(supplies: readonly SupplyGroup[], demands: readonly DemandGroup[], cost: (s: number, d: number) => number, opts: { nearest?: number } = {}): TransportSolution {
  const nearest = opts.nearest ?? NEAREST;
  const S = supplies.length;
  const D = demands.length;
  const fits = (s: number, d: number) => (supplies[s].caps & (1 << demands[d].need)) !== 0;
  // Costs of every compatible pair, computed once (-1: the group cannot fill that gap).
  const matrix = new Float64Array(S * D);
  for (let s = 0; s < S; s++) for (let d = 0; d < D; d++) matrix[s * D + d] = fits(s, d) && supplies[s].count > 0 && demands[d].count > 0 ? cost(s, d) : -1;
  const at = (s: number, d: number) => matrix[s * D + d];

  // Start from each group's nearest partners.
  const chosen = new Set<number>();
  for (let s = 0; s < S; s++) {
    for (const d of byCost(D, (d) => at(s, d)).slice(0, nearest)) chosen.add(s * D + d);
  }
  // A scarce kind of person (fewer than twice the places that need them) may have to travel far:
  // such a need gets every candidate from the start rather than after several rounds.
  const offered = new Map<number, number>();
  const wanted = new Map<number, number>();
  for (const g of demands) wanted.set(g.need, (wanted.get(g.need) ?? 0) + g.count);
  for (const need of wanted.keys()) offered.set(need, supplies.reduce((n, g) => (g.caps & (1 << need) ? n + g.count : n), 0));
  for (let d = 0; d < D; d++) {
    const need = demands[d].need;
    const scarce = offered.get(need)! < 2 * wanted.get(need)!;
    const near = byCost(S, (s) => at(s, d));
    for (const s of scarce ? near : near.slice(0, Math.max(nearest, demands[d].count))) chosen.add(s * D + d);
  }

  for (let rounds = 0; ; rounds++) {
    const pairs = [...chosen].sort((a, b) => a - b).map((k): [number, number] => [Math.floor(k / D), k % D]);
    const { flow, filled, h, supplyLeft, demandLeft } = solveOver(supplies, demands, pairs, at);
    const flowOf = new Map<number, number>();
    pairs.forEach(([s, d], i) => flow[i] > 0 && flowOf.set(s * D + d, flow[i]));

    // 1. No left-out pair has a negative reduced cost: no cheaper way to place the same number.
    const missing: number[] = [];
    for (let s = 0; s < S; s++) {
      for (let d = 0; d < D; d++) {
        const c = at(s, d);
        if (c < 0 || chosen.has(s * D + d)) continue;
        if (c + h[s] - h[S + d] < -1e-9) missing.push(s * D + d);
      }
    }
    // 2. No augmenting path over the whole graph: no way to place one more.
    if (missing.length === 0) {
      const path = augmentingPath(S, D, supplyLeft, demandLeft, at, flowOf);
      if (path) missing.push(...path.filter((k) => !chosen.has(k)));
    }
    if (missing.length === 0) {
      let meters = 0;
      const flows: TransportSolution['flows'] = [];
      for (const [k, n] of [...flowOf].sort((a, b) => a[0] - b[0])) {
        const s = Math.floor(k / D);
        const d = k % D;
        flows.push({ s, d, n });
        meters += n * at(s, d);
      }
      return { flows, filled, meters, rounds };
    }
    for (const k of missing) chosen.add(k);
  }
}

/** The indexes 0..n-1 with a cost (not -1), cheapest first, ties by index: one numeric sort of packed keys. */
function byCost(n: number, costOf: (i: number) => number): number[] {
  const keys = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = costOf(i);
    if (c >= 0) keys[k++] = c * 1_048_576 + i;
  }
  const sorted = keys.subarray(0, k).sort();
  return Array.from(sorted, (x) => x % 1_048_576);
}

/** A path source → supply → demand (→ supply → demand …) → sink in the full residual graph, as its forward pairs. */
function augmentingPath(S: number, D: number, supplyLeft: number[], demandLeft: number[], at: (s: number, d: number) => number, flowOf: Map<number, number>): number[] | null {
  const fromSupply = new Int32Array(D).fill(-1);
  const fromDemand = new Int32Array(S).fill(-1);
  const seenS = new Uint8Array(S);
  const seenD = new Uint8Array(D);
  const queue: number[] = [];
  for (let s = 0; s < S; s++) if (supplyLeft[s] > 0) (seenS[s] = 1), queue.push(s);
  while (queue.length) {
    const s = queue.shift()!;
    for (let d = 0; d < D; d++) {
      if (seenD[d] || at(s, d) < 0) continue;
      seenD[d] = 1;
      fromSupply[d] = s;
      if (demandLeft[d] > 0) {
        const forward: number[] = [];
        for (let x = d; x !== -1; ) {
          const sx = fromSupply[x];
          forward.push(sx * D + x);
          x = fromDemand[sx];
        }
        return forward;
      }
      for (let s2 = 0; s2 < S; s2++) {
        if (!seenS[s2] && (flowOf.get(s2 * D + d) ?? 0) > 0) {
          seenS[s2] = 1;
          fromDemand[s2] = d;
          queue.push(s2);
        }
      }
    }
  }
  return null;
}

/** Great-circle distance in whole metres. */
export function haversineMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const x = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * R * Math.asin(Math.min(1, Math.sqrt(x))));
}
