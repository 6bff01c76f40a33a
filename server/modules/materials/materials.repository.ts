import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { holders, items, materialRequestLines, materialRequests, stockMovements, type MOVEMENT_KINDS, type HOLDER_KINDS } from '../../db/schema/index.ts';

export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export type HolderKind = (typeof HOLDER_KINDS)[number];
export type ItemRow = typeof items.$inferSelect;
export type HolderRow = typeof holders.$inferSelect;
export type MovementRow = typeof stockMovements.$inferSelect;
export type NewMovement = {
  holderId: number;
  itemId: number;
  kind: MovementKind;
  quantity: number;
  pairId?: string | null;
  requestLineId?: number | null;
  reversesId?: number | null;
  /** The donation an item receipt came from. */
  donationId?: number | null;
  reason?: string;
  by: number | null;
};

// ---- catalogue and holders

export const listItems = (db: Db) => db.select().from(items).orderBy(asc(items.id));
export async function findItem(db: Db, id: number) {
  const [row] = await db.select().from(items).where(eq(items.id, id));
  return row;
}
export async function findItemsByIds(db: Db, ids: number[]) {
  return ids.length ? db.select().from(items).where(inArray(items.id, ids)) : [];
}
/** Adds the items whose codes are not yet there; returns how many were added. */
export async function insertItemsIfMissing(db: Db, rows: Array<typeof items.$inferInsert>) {
  if (!rows.length) return 0;
  const added = await db.insert(items).values(rows).onConflictDoNothing({ target: items.code }).returning({ id: items.id });
  return added.length;
}
export async function insertItem(db: Db, row: typeof items.$inferInsert) {
  const [created] = await db.insert(items).values(row).returning();
  return created;
}

export const listHolders = (db: Db) => db.select().from(holders).orderBy(asc(holders.id));
export async function findHolder(db: Db, id: number) {
  const [row] = await db.select().from(holders).where(eq(holders.id, id));
  return row;
}
export async function findHolderByRef(db: Db, kind: HolderKind, refId: number) {
  const [row] = await db.select().from(holders).where(and(eq(holders.kind, kind), eq(holders.refId, refId)));
  return row;
}
export async function insertHolder(db: Db, row: typeof holders.$inferInsert) {
  const [created] = await db.insert(holders).values(row).returning();
  return created;
}
/** A holder for every sampling point that has none yet. */
export async function ensurePointHolders(db: Db) {
  await db.execute(sql`
    insert into holders (kind, ref_id, name)
    select 'point', p.id, p.name from points p
    where not exists (select 1 from holders h where h.kind = 'point' and h.ref_id = p.id)
    on conflict do nothing`);
}

// ---- the ledger and the running balances

/**
 * Appends one movement and moves the running balance by its quantity, in the caller's transaction.
 * A balance that would go below zero violates stock_balances_nonnegative_ck: the caller's
 * transaction fails and nothing is written — of two concurrent spends of the same stock, the second
 * waits for the first's row lock and then fails the check.
 */
export async function appendMovement(db: Db, m: NewMovement, at?: Date) {
  const [row] = await db
    .insert(stockMovements)
    .values({ ...m, reason: m.reason ?? '', ...(at ? { at } : {}) })
    .returning();
  if (m.quantity > 0) {
    await db.execute(sql`
      insert into stock_balances (holder_id, item_id, balance, updated_at) values (${m.holderId}, ${m.itemId}, ${m.quantity}, now())
      on conflict (holder_id, item_id) do update set balance = stock_balances.balance + excluded.balance, updated_at = now()`);
  } else if (m.quantity < 0) {
    // An upsert's proposed row is checked before the conflict is found, so a spend is an update; a
    // spend where nothing was ever held inserts a negative balance, which the CHECK refuses.
    const updated = await queryRows<{ one: number }>(db, sql`
      update stock_balances set balance = balance + ${m.quantity}, updated_at = now()
      where holder_id = ${m.holderId} and item_id = ${m.itemId} returning 1 as one`);
    if (!updated.length) {
      await db.execute(sql`insert into stock_balances (holder_id, item_id, balance, updated_at) values (${m.holderId}, ${m.itemId}, ${m.quantity}, now())`);
    }
  }
  // A count is the truth: what the work used beyond the recorded stock before it is settled.
  if (m.kind === 'counted') await db.execute(sql`update stock_balances set unrecorded = 0 where holder_id = ${m.holderId} and item_id = ${m.itemId} and unrecorded <> 0`);
  return row;
}

export async function balanceOf(db: Db, holderId: number, itemId: number): Promise<number> {
  const rows = await queryRows<{ balance: string | number }>(db, sql`select balance from stock_balances where holder_id = ${holderId} and item_id = ${itemId}`);
  return rows.length ? Number(rows[0].balance) : 0;
}

export type BalanceRow = { holderId: number; holderKind: HolderKind; holderName: string; itemId: number; itemCode: string; balance: number };

/** Balances now (from stock_balances) or at a past time (summed from the ledger). */
export async function listBalances(db: Db, filter: { holderIds?: number[]; at?: Date }): Promise<BalanceRow[]> {
  const holderFilter = filter.holderIds ? sql`and h.id in (${sql.join(filter.holderIds.length ? filter.holderIds : [-1], sql`, `)})` : sql``;
  const source = filter.at
    ? sql`(select holder_id, item_id, sum(quantity) as balance from stock_movements where at <= ${filter.at} group by holder_id, item_id)`
    : sql`stock_balances`;
  const rows = await queryRows<{ holder_id: number; kind: HolderKind; name: string; item_id: number; code: string; balance: string | number }>(db, sql`
    select h.id as holder_id, h.kind, h.name, i.id as item_id, i.code, b.balance
    from ${source} b join holders h on h.id = b.holder_id join items i on i.id = b.item_id
    where b.balance <> 0 ${holderFilter}
    order by h.id, i.id`);
  return rows.map((r) => ({ holderId: r.holder_id, holderKind: r.kind, holderName: r.name, itemId: r.item_id, itemCode: r.code, balance: Number(r.balance) }));
}

export async function listMovements(db: Db, holderId: number, limit = 200) {
  return db
    .select()
    .from(stockMovements)
    .where(eq(stockMovements.holderId, holderId))
    .orderBy(sql`${stockMovements.id} desc`)
    .limit(limit);
}
export async function findMovement(db: Db, id: number) {
  const [row] = await db.select().from(stockMovements).where(eq(stockMovements.id, id));
  return row;
}
export async function isReversed(db: Db, id: number) {
  const rows = await db.select({ id: stockMovements.id }).from(stockMovements).where(eq(stockMovements.reversesId, id)).limit(1);
  return rows.length > 0;
}

/**
 * Recomputes every running balance from the ledger; returns how many (holder, item) balances had
 * disagreed before they were corrected. Runs in the caller's transaction.
 */
export async function rebuildBalances(db: Db): Promise<number> {
  // The truth: the sum of the movements, and what consumption used beyond the stock since the last count.
  const truth = sql`
    with last as (select holder_id, item_id, max(id) filter (where kind = 'counted') as counted_id from stock_movements group by holder_id, item_id)
    select m.holder_id, m.item_id, sum(m.quantity) as balance, coalesce(sum(m.uncovered) filter (where m.id > coalesce(l.counted_id, 0)), 0) as unrecorded
    from stock_movements m join last l on l.holder_id = m.holder_id and l.item_id = m.item_id
    group by m.holder_id, m.item_id`;
  const [{ n }] = await queryRows<{ n: number }>(db, sql`
    with truth as (${truth})
    select count(*)::int as n from truth t full join stock_balances b on b.holder_id = t.holder_id and b.item_id = t.item_id
    where coalesce(t.balance, 0) <> coalesce(b.balance, 0) or coalesce(t.unrecorded, 0) <> coalesce(b.unrecorded, 0)`);
  if (n > 0) {
    await db.execute(sql`delete from stock_balances`);
    await db.execute(sql`
      insert into stock_balances (holder_id, item_id, balance, unrecorded, updated_at)
      select holder_id, item_id, balance, unrecorded, now() from (${truth}) t`);
  }
  return n;
}

// ---- requests

export type RequestRow = typeof materialRequests.$inferSelect;
export type LineRow = typeof materialRequestLines.$inferSelect;

export async function findRequestByClientId(db: Db, clientId: string) {
  const [row] = await db.select().from(materialRequests).where(eq(materialRequests.clientId, clientId));
  return row;
}
export async function findRequest(db: Db, id: number, forUpdate = false) {
  const q = db.select().from(materialRequests).where(eq(materialRequests.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}
export async function insertRequest(db: Db, row: typeof materialRequests.$inferInsert, lines: Array<{ itemId: number; requested: number }>) {
  const [created] = await db.insert(materialRequests).values(row).onConflictDoNothing({ target: materialRequests.clientId }).returning();
  if (!created) return undefined;
  await db.insert(materialRequestLines).values(lines.map((l) => ({ ...l, requestId: created.id })));
  return created;
}
export async function listLines(db: Db, requestId: number) {
  return db.select().from(materialRequestLines).where(eq(materialRequestLines.requestId, requestId)).orderBy(asc(materialRequestLines.id));
}
export async function updateRequest(db: Db, id: number, set: Partial<typeof materialRequests.$inferInsert>) {
  await db.update(materialRequests).set(set).where(eq(materialRequests.id, id));
}
export async function updateLine(db: Db, id: number, set: Partial<typeof materialRequestLines.$inferInsert>) {
  await db.update(materialRequestLines).set(set).where(eq(materialRequestLines.id, id));
}
export async function listRequests(db: Db, filter: { holderIds?: number[]; status?: string }) {
  const conds = [];
  if (filter.holderIds) conds.push(inArray(materialRequests.holderId, filter.holderIds.length ? filter.holderIds : [-1]));
  if (filter.status) conds.push(eq(materialRequests.status, filter.status as RequestRow['status']));
  return db
    .select()
    .from(materialRequests)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(materialRequests.dueAt))
    .limit(500);
}

/** The sampling points a person is the live chief of. */
export async function chiefPointIds(db: Db, personId: number): Promise<number[]> {
  const rows = await queryRows<{ unit_id: number }>(db, sql`
    select unit_id from assignments where unit_type = 'point' and role = 'point_chief' and person_id = ${personId} and ends_at is null`);
  return rows.map((r) => r.unit_id);
}

/** Locks a (holder, item) balance row for the rest of the transaction (a count reads then writes it). */
export async function lockBalance(db: Db, holderId: number, itemId: number) {
  await db.execute(sql`select balance from stock_balances where holder_id = ${holderId} and item_id = ${itemId} for update`);
}
/** Locks a request for the rest of the transaction and answers its status then. */
export async function lockRequestStatus(db: Db, id: number): Promise<string | undefined> {
  const rows = await queryRows<{ status: string }>(db, sql`select status from material_requests where id = ${id} for update`);
  return rows[0]?.status;
}
/** The transfer_out that sent a request line. */
export async function findDispatchOf(db: Db, lineId: number) {
  const [row] = await db
    .select()
    .from(stockMovements)
    .where(and(eq(stockMovements.requestLineId, lineId), eq(stockMovements.kind, 'transfer_out')))
    .limit(1);
  return row;
}
