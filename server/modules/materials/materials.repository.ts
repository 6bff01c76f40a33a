import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { numberArray } from '../../db/bulk.ts';
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
/**
 * A holder for every sampling point that has none yet, named after the point (with its number when
 * another holder already has that name, so a clash never leaves a point without one).
 */
export async function ensurePointHolders(db: Db) {
  await db.execute(sql`
    insert into holders (kind, ref_id, name)
    select 'point', p.id, case when exists (select 1 from holders o where o.name = p.name) then p.name || '（' || p.id || '号点）' else p.name end
    from points p
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

/**
 * Balances now (from stock_balances) or at a past time (summed from the ledger). `withZero` keeps the
 * items a holder has held and run out of (an export shows what is gone too).
 */
export async function listBalances(db: Db, filter: { holderIds?: number[]; at?: Date; withZero?: boolean }): Promise<BalanceRow[]> {
  const holderFilter = filter.holderIds ? sql`and h.id in (${sql.join(filter.holderIds.length ? filter.holderIds : [-1], sql`, `)})` : sql``;
  const source = filter.at
    ? sql`(select holder_id, item_id, sum(quantity) as balance from stock_movements where at <= ${filter.at} group by holder_id, item_id)`
    : sql`stock_balances`;
  const rows = await queryRows<{ holder_id: number; kind: HolderKind; name: string; item_id: number; code: string; balance: string | number }>(db, sql`
    select h.id as holder_id, h.kind, h.name, i.id as item_id, i.code, b.balance
    from ${source} b join holders h on h.id = b.holder_id join items i on i.id = b.item_id
    where ${filter.withZero ? sql`true` : sql`b.balance <> 0`} ${holderFilter}
    order by h.id, i.id`);
  return rows.map((r) => ({ holderId: r.holder_id, holderKind: r.kind, holderName: r.name, itemId: r.item_id, itemCode: r.code, balance: Number(r.balance) }));
}

export type MovementEntryRow = MovementRow & { byName: string | null; requestId: number | null; balanceAfter: number };

/**
 * A holder's ledger, newest first, with who made each entry, the request it delivered, and the
 * holder's balance of that item after it. No limit: all of it (an export).
 */
export async function listMovementEntries(db: Db, holderId: number, limit?: number): Promise<MovementEntryRow[]> {
  const rows = await queryRows<{
    id: string | number; holder_id: number; item_id: number; kind: MovementKind; quantity: string | number; pair_id: string | null;
    request_line_id: number | null; reverses_id: string | number | null; reason: string; uncovered: string | number; submission_id: string | null;
    shift_id: number | null; person_id: number | null; donation_id: number | null; at: Date | string; by: number | null;
    by_name: string | null; request_id: number | null; balance_after: string | number;
  }>(db, sql`
    select m.*, u.display_name as by_name, l.request_id,
      sum(m.quantity) over (partition by m.item_id order by m.id) as balance_after
    from stock_movements m
    left join users u on u.id = m.by
    left join material_request_lines l on l.id = m.request_line_id
    where m.holder_id = ${holderId}
    order by m.id desc
    ${limit ? sql`limit ${limit}` : sql``}`);
  return rows.map((r) => ({
    id: Number(r.id),
    holderId: r.holder_id,
    itemId: r.item_id,
    kind: r.kind,
    quantity: Number(r.quantity),
    pairId: r.pair_id,
    requestLineId: r.request_line_id,
    reversesId: r.reverses_id === null ? null : Number(r.reverses_id),
    reason: r.reason,
    uncovered: Number(r.uncovered),
    submissionId: r.submission_id,
    shiftId: r.shift_id,
    personId: r.person_id,
    donationId: r.donation_id,
    at: new Date(r.at),
    by: r.by,
    byName: r.by_name,
    requestId: r.request_id,
    balanceAfter: Number(r.balance_after),
  }));
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

export type RequestLineExportRow = {
  requestId: number; holderName: string; requestedAt: Date; dueAt: Date; status: RequestRow['status']; requestNote: string;
  itemId: number; dispatchedItemId: number | null; requested: number; approved: number | null; dispatched: number | null;
  received: number | null; lineStatus: LineRow['status']; lineNote: string;
};

/** Every line of every request matching the filter (no cap: an export), soonest due first. */
export async function listRequestLinesForExport(db: Db, filter: { holderIds?: number[]; status?: string }): Promise<RequestLineExportRow[]> {
  const holderFilter = filter.holderIds ? sql`and r.holder_id in (${sql.join(filter.holderIds.length ? filter.holderIds : [-1], sql`, `)})` : sql``;
  const statusFilter = filter.status ? sql`and r.status = ${filter.status}` : sql``;
  const rows = await queryRows<{
    request_id: number; holder_name: string; requested_at: Date | string; due_at: Date | string; status: RequestRow['status']; request_note: string;
    item_id: number; dispatched_item_id: number | null; requested: string | number; approved: string | number | null; dispatched: string | number | null;
    received: string | number | null; line_status: LineRow['status']; line_note: string;
  }>(db, sql`
    select r.id as request_id, h.name as holder_name, r.requested_at, r.due_at, r.status, r.note as request_note,
      l.item_id, l.dispatched_item_id, l.requested, l.approved, l.dispatched, l.received, l.status as line_status, l.note as line_note
    from material_requests r
    join holders h on h.id = r.holder_id
    join material_request_lines l on l.request_id = r.id
    where true ${holderFilter} ${statusFilter}
    order by r.due_at, r.id, l.id`);
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    requestId: r.request_id, holderName: r.holder_name, requestedAt: new Date(r.requested_at), dueAt: new Date(r.due_at), status: r.status,
    requestNote: r.request_note, itemId: r.item_id, dispatchedItemId: r.dispatched_item_id, requested: Number(r.requested), approved: num(r.approved),
    dispatched: num(r.dispatched), received: num(r.received), lineStatus: r.line_status, lineNote: r.line_note,
  }));
}

/** The sampling points a person is the live chief of. */
export async function chiefPointIds(db: Db, personId: number): Promise<number[]> {
  const rows = await queryRows<{ unit_id: number }>(db, sql`
    select unit_id from assignments where unit_type = 'point' and role = 'point_chief' and person_id = ${personId} and ends_at is null`);
  return rows.map((r) => r.unit_id);
}

/**
 * Locks (holder, item) balance rows for the rest of the transaction, making the missing ones at 0
 * first — every writer (transfers, counts, receipts, the consumption poster, shift kits) goes through
 * here, creating and then locking in one order (holder, then item), so two writers touching the same
 * balances wait for each other instead of deadlocking. Answers the balances, locked.
 */
export async function lockBalances(db: Db, keys: ReadonlyArray<{ holderId: number; itemId: number }>): Promise<Map<string, number>> {
  const sorted = [...new Map(keys.map((k) => [`${k.holderId}:${k.itemId}`, k])).values()].sort((a, b) => a.holderId - b.holderId || a.itemId - b.itemId);
  if (!sorted.length) return new Map();
  const h = numberArray(sorted.map((k) => k.holderId));
  const i = numberArray(sorted.map((k) => k.itemId));
  await db.execute(sql`
    insert into stock_balances (holder_id, item_id, balance)
    select k.h, k.i, 0 from unnest(${h}::int[], ${i}::int[]) with ordinality as k(h, i, n)
    where not exists (select 1 from stock_balances b where b.holder_id = k.h and b.item_id = k.i)
    order by k.n
    on conflict do nothing`);
  const rows = await queryRows<{ holder_id: number; item_id: number; balance: string | number }>(db, sql`
    select b.holder_id, b.item_id, b.balance from stock_balances b
    join unnest(${h}::int[], ${i}::int[]) as k(h, i) on b.holder_id = k.h and b.item_id = k.i
    order by b.holder_id, b.item_id for update of b`);
  return new Map(rows.map((r) => [`${r.holder_id}:${r.item_id}`, Number(r.balance)]));
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
