import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import { MILLI } from '../db/schema/index.ts';
import type { Services } from '../services.ts';

export const DEMO_WAREHOUSE = '茂南区物资仓库';
/** Where the demo warehouse stands (central Maonan), so transfers can be proposed from the nearest holder. */
export const DEMO_WAREHOUSE_PLACE = { lat: 21.6433, lng: 110.9213 };

/**
 * Opening stock of a point, per item (practice.md: per 1,000 people 1,000 swabs, 100 tubes at
 * 10-in-1 plus spares, bags, boxes, ice packs; per swabber per shift an N95, a gown, two pairs of
 * gloves, a face shield — ten swabbers, three shifts).
 */
export const POINT_OPENING: Record<string, number> = {
  swab: 1000,
  tube_1: 50,
  tube_10: 120,
  tube_20: 20,
  sealed_bag: 120,
  transfer_box: 4,
  ice_pack: 16,
  n95: 30,
  gown: 30,
  gloves: 60,
  face_shield: 30,
  disinfectant: 20,
};
/** The district warehouse holds this many points' worth of each item. */
export const WAREHOUSE_POINTS = 50;

/**
 * The catalogue, a district warehouse and a holder for every sampling point, each with its opening
 * stock as a 'received' movement on the ledger (balances rebuilt from it).
 */
export async function seedDemoMaterials(database: Database, services: Services) {
  const m = services.materials;
  await m.ensureCatalogue();
  await services.consumption.ensureRates();
  await m.ensurePointHolders();
  if (!(await m.holders()).some((h) => h.name === DEMO_WAREHOUSE)) await m.addHolder(null, { kind: 'warehouse', name: DEMO_WAREHOUSE, ...DEMO_WAREHOUSE_PLACE });
  const opening = Object.entries(POINT_OPENING);
  const codes = sql.join(opening.map(([c]) => sql`${c}`), sql`, `);
  const perPoint = sql.join(opening.map(([c, q]) => sql`when ${c} then ${q * MILLI}`), sql` `);
  await database.transaction(async (tx) => {
    await tx.db.execute(sql`
      insert into stock_movements (holder_id, item_id, kind, quantity, reason)
      select h.id, i.id, 'received', (case i.code ${perPoint} end)::bigint * (case when h.kind = 'warehouse' then ${WAREHOUSE_POINTS} else 1 end), '期初库存 opening stock'
      from holders h cross join items i
      where i.code in (${codes}) and (h.kind = 'point' or h.name = ${DEMO_WAREHOUSE})
        and not exists (select 1 from stock_movements s where s.holder_id = h.id)
      order by h.id, i.id`);
    // Every movement is audited, the opening stock too.
    await tx.db.execute(sql`
      insert into audit_log (user_id, action, subject_type, subject_id, details)
      select null, 'material_received', 'stock_movement', s.id::text,
        jsonb_build_object('holderId', s.holder_id, 'itemId', s.item_id, 'kind', s.kind, 'quantity', s.quantity::numeric / ${MILLI}, 'reason', s.reason)
      from stock_movements s
      where not exists (select 1 from audit_log a where a.subject_type = 'stock_movement' and a.subject_id = s.id::text)`);
  });
  return m.rebuildBalances();
}
