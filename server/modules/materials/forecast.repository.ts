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
 * consumed movements by time), never the whole ledger.
 */
export async function pointStock(db: Db, since: Date): Promise<PointStockRow[]> {
  const rows = await queryRows<{
    holder_id: number; point_id: number; name: string; status: string; opens_at: string; closes_at: string; lat: number | null; lng: number | null;
    item_id: number; balance: string | number; unrecorded: string | number; used: string | number;
  }>(db, sql`
    with used as (
      select holder_id, item_id, sum(uncovered - quantity) as used
      from stock_movements where kind = 'consumed' and at > ${since.toISOString()}::timestamptz
      group by holder_id, item_id
    )
    select h.id as holder_id, p.id as point_id, p.name, p.status, p.opens_at, p.closes_at, s.lat, s.lng,
      i.id as item_id, coalesce(b.balance, 0) as balance, coalesce(b.unrecorded, 0) as unrecorded, coalesce(u.used, 0) as used
    from holders h
    join points p on p.id = h.ref_id
    left join point_sites s on s.point_id = p.id and s.until is null
    cross join items i
    left join stock_balances b on b.holder_id = h.id and b.item_id = i.id
    left join used u on u.holder_id = h.id and u.item_id = i.id
    where h.kind = 'point' and p.status <> 'closed'
    order by p.id, i.id`);
  return rows.map((r) => ({
    holderId: r.holder_id,
    pointId: r.point_id,
    pointName: r.name,
    pointStatus: r.status,
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    lat: r.lat === null ? null : Number(r.lat),
    lng: r.lng === null ? null : Number(r.lng),
    itemId: r.item_id,
    balance: Number(r.balance),
    unrecorded: Number(r.unrecorded),
    usedLastHour: Number(r.used),
  }));
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
      select distinct ps.point_id, g.id as grid_id, g.path, g.resident_count
      from point_served_regions ps join regions r on r.id = ps.region_id
      join regions g on g.level = 'grid' and (g.id = r.id or g.parent_id = r.id)
    ),
    reached as (select * from served v where exists (select 1 from scope where v.path like scope.path || '%')),
    share as (select grid_id, count(*) as n from reached group by grid_id)
    select v.point_id, sum(greatest(v.resident_count - coalesce(c.tested, 0) - coalesce(c.exempt, 0), 0)::float8 / sh.n) as remaining
    from reached v join share sh on sh.grid_id = v.grid_id
    left join round_grid_counts c on c.round_id = ${roundId} and c.grid_id = v.grid_id
    group by v.point_id`);
  return new Map(rows.map((r) => [r.point_id, Number(r.remaining)]));
}
