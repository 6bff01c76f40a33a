import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';

export interface PointStockRow {
  holderId: number;
  pointId: number;
  pointName: string;
  pointStatus: string;
  opensAt: string;
  closesAt: string;
  lat: number | null;
  lng: number | null;
  itemId: number;
  balance: number;
  unrecorded: number;
  /** Milli-units used in the last hour (taken from stock and beyond it). */
  usedLastHour: number;
}

/**
 * Every point × item with its running balance and what it used in the last hour: reads the running
 * balances (one row per point and item) and only the last hour of consumption (a partial index on
 * consumed movements by time), never the whole ledger. Three small reads put together here: cheaper
 * on the embedded engine than one cross join.
 */
export async function pointStock(db: Db, since: Date, itemIds: number[]): Promise<PointStockRow[]> {
  const [places, balances, used] = await Promise.all([
    queryRows<{ holder_id: number; point_id: number; name: string; status: string; opens_at: string; closes_at: string; lat: number | null; lng: number | null }>(db, sql`
      select h.id as holder_id, p.id as point_id, p.name, p.status, p.opens_at, p.closes_at, s.lat, s.lng
      from holders h join points p on p.id = h.ref_id
      left join point_sites s on s.point_id = p.id and s.until is null
      where h.kind = 'point' and p.status <> 'closed'
      order by p.id`),
    // One row of arrays: the embedded engine hands back ~1,800 rows several times slower than four arrays.
    queryRows<{ h: number[] | null; i: number[] | null; b: number[] | null; u: number[] | null }>(db, sql`
      select array_agg(b.holder_id) as h, array_agg(b.item_id) as i, array_agg(b.balance)::float8[] as b, array_agg(b.unrecorded)::float8[] as u
      from stock_balances b join holders h on h.id = b.holder_id where h.kind = 'point'`),
    queryRows<{ holder_id: number; item_id: number; used: string | number }>(db, sql`
      select holder_id, item_id, sum(uncovered - quantity) as used
      from stock_movements where kind = 'consumed' and at > ${since.toISOString()}::timestamptz
        -- A member's kit is taken once a shift, not by the hour: the shifts still to come say what kits are needed.
        and shift_id is null
      group by holder_id, item_id`),
  ]);
  const key = (h: number, i: number) => h * 100_000 + i;
  const [arrays] = balances;
  const bal = new Map<number, { balance: number; unrecorded: number }>();
  (arrays.h ?? []).forEach((h, k) => bal.set(key(h, arrays.i![k]), { balance: Number(arrays.b![k]), unrecorded: Number(arrays.u![k]) }));
  const use = new Map(used.map((u) => [key(u.holder_id, u.item_id), Number(u.used)]));
  const rows: PointStockRow[] = [];
  for (const p of places) {
    for (const itemId of itemIds) {
      const b = bal.get(key(p.holder_id, itemId));
      rows.push({
        holderId: p.holder_id,
        pointId: p.point_id,
        pointName: p.name,
        pointStatus: p.status,
        opensAt: p.opens_at,
        closesAt: p.closes_at,
        lat: p.lat === null ? null : Number(p.lat),
        lng: p.lng === null ? null : Number(p.lng),
        itemId,
        balance: b?.balance ?? 0,
        unrecorded: b?.unrecorded ?? 0,
        usedLastHour: use.get(key(p.holder_id, itemId)) ?? 0,
      });
    }
  }
  return rows;
}

/** Other holders that may give: warehouses and command units with what they hold (points come from pointStock). */
export async function otherStock(db: Db) {
  const rows = await queryRows<{ holder_id: number; kind: string; name: string; lat: number | null; lng: number | null; item_id: number; balance: string | number }>(db, sql`
    select h.id as holder_id, h.kind, h.name, h.lat, h.lng, b.item_id, b.balance
    from holders h join stock_balances b on b.holder_id = h.id
    where h.kind in ('warehouse', 'command_unit') and b.balance > 0`);
  return rows.map((r) => ({ holderId: r.holder_id, kind: r.kind, name: r.name, lat: r.lat === null ? null : Number(r.lat), lng: r.lng === null ? null : Number(r.lng), itemId: r.item_id, balance: Number(r.balance) }));
}

/** The round the forecast looks at: an open round whose window holds `at`, else the latest open one. */
export async function currentRound(db: Db, at: Date) {
  const [row] = await queryRows<{ id: number; name: string; default_pool_size: number }>(db, sql`
    select id, name, default_pool_size from rounds where status = 'open'
    order by (starts_at <= ${at.toISOString()}::timestamptz and ends_at >= ${at.toISOString()}::timestamptz) desc, starts_at desc, id desc limit 1`);
  return row ? { id: row.id, name: row.name, poolSize: row.default_pool_size } : undefined;
}

/**
 * People of the round still to test at each point: over the grids the round reaches (its regions, its
 * risk areas' communities, grids and buildings' grids) that a point serves (the grid itself or its
 * community), residents less those tested or exempt — a grid served by several points split evenly.
 */
export async function remainingByPoint(db: Db, roundId: number): Promise<Map<number, number>> {
  const rows = await queryRows<{ point_id: number; remaining: number }>(db, sql`
    with scope as (
      select r.path from round_scope s join regions r on r.id = s.region_id where s.round_id = ${roundId}
      union select r.path from round_scope s join zone_members m on m.zone_id = s.zone_id join regions r on r.id = m.region_id where s.round_id = ${roundId}
      union select g.path from round_scope s join zone_members m on m.zone_id = s.zone_id join buildings b on b.id = m.building_id join regions g on g.id = b.grid_id
        where s.round_id = ${roundId}
    ),
    served as (
      select ps.point_id, g.id as grid_id, g.path, g.resident_count
      from point_served_regions ps join regions g on g.id = ps.region_id where g.level = 'grid'
      union
      select ps.point_id, g.id, g.path, g.resident_count
      from point_served_regions ps join regions g on g.parent_id = ps.region_id where g.level = 'grid'
    ),
    reached as (select * from served v where exists (select 1 from scope where v.path like scope.path || '%')),
    share as (select grid_id, count(*) as n from reached group by grid_id)
    select v.point_id, sum(greatest(v.resident_count - coalesce(c.tested, 0) - coalesce(c.exempt, 0), 0)::float8 / sh.n) as remaining
    from reached v join share sh on sh.grid_id = v.grid_id
    left join round_grid_counts c on c.round_id = ${roundId} and c.grid_id = v.grid_id
    group by v.point_id`);
  return new Map(rows.map((r) => [r.point_id, Number(r.remaining)]));
}

/**
 * Members still to sign in at each point: on shifts under way or starting before `until`, not yet
 * signed in — each will take a kit from the point's stock. Answers per point the start times of those
 * shifts, one per member.
 */
export async function kitsAhead(db: Db, at: Date, until: Date): Promise<Map<number, Date[]>> {
  const rows = await queryRows<{ post_id: number; starts: number[] }>(db, sql`
    select s.post_id, array_agg(extract(epoch from s.starts_at) * 1000)::float8[] as starts
    from shifts s join shift_members m on m.shift_id = s.id
    where s.post_type = 'point' and m.signed_in_at is null
      and s.ends_at > ${at.toISOString()}::timestamptz and s.starts_at < ${until.toISOString()}::timestamptz
    group by s.post_id`);
  return new Map(rows.map((r) => [r.post_id, (r.starts ?? []).map((ms) => new Date(Number(ms)))]));
}
