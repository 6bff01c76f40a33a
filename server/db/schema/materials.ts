import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, uniqueIndex, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';

/**
 * Materials: quantities are stored as integer MILLI-UNITS (1 tube = 1000, 0.5 L of disinfectant =
 * 500), so a fractional unit needs no float; an item with whole_units accepts only multiples of 1000.
 */
export const MILLI = 1000;

export const HOLDER_KINDS = ['warehouse', 'point', 'command_unit', 'team'] as const;
export const MOVEMENT_KINDS = ['received', 'transfer_out', 'transfer_in', 'consumed', 'counted', 'written_off', 'reversal'] as const;
export const MATERIAL_REQUEST_STATUSES = ['requested', 'approved', 'dispatched', 'received', 'rejected'] as const;
export const MATERIAL_LINE_STATUSES = ['requested', 'approved', 'rejected', 'dispatched', 'received', 'partial', 'refused'] as const;

/** The catalogue: swabs, tubes by pool size, PPE, disinfectant, and any the command adds. */
export const items = pgTable('items', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull().default(''),
  unit: text('unit').notNull(),
  /** Tubes, swabs, masks are counted whole; disinfectant litres may be fractional. */
  wholeUnits: boolean('whole_units').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Whoever holds stock: a warehouse, a sampling point, a command unit, a team (kind + ref id). */
export const holders = pgTable(
  'holders',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: HOLDER_KINDS }).notNull(),
    /** The point's, unit's or team's id; null for a warehouse. */
    refId: integer('ref_id'),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('holders_kind_ref_uq').on(t.kind, t.refId), unique('holders_name_uq').on(t.name)],
);

/** Requests for materials by a point chief, a command post or a team; owned by the command's materials group. */
export const materialRequests = pgTable(
  'material_requests',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** Client-generated: a resent request files nothing twice. */
    clientId: uuid('client_id').notNull().unique(),
    holderId: integer('holder_id')
      .notNull()
      .references(() => holders.id),
    /** Who owns it until it is received: the command's materials group (a role). */
    owner: text('owner').notNull().default('district_command'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: MATERIAL_REQUEST_STATUSES }).notNull().default('requested'),
    note: text('note').notNull().default(''),
    /** The warehouse it was picked from. */
    fromHolderId: integer('from_holder_id').references(() => holders.id),
    requestedBy: integer('requested_by').references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    approvedBy: integer('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    dispatchedBy: integer('dispatched_by').references(() => users.id),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    receivedBy: integer('received_by').references(() => users.id),
    receivedAt: timestamp('received_at', { withTimezone: true }),
  },
  (t) => [index('material_requests_holder_idx').on(t.holderId), index('material_requests_status_idx').on(t.status)],
);

/** One line of a request: asked, approved, dispatched (maybe a substitute item), received — in milli-units. */
export const materialRequestLines = pgTable(
  'material_request_lines',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    requestId: integer('request_id')
      .notNull()
      .references(() => materialRequests.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    requested: bigint('requested', { mode: 'number' }).notNull(),
    approved: bigint('approved', { mode: 'number' }),
    /** The item actually sent: the asked one or a substitute. */
    dispatchedItemId: integer('dispatched_item_id').references(() => items.id),
    dispatched: bigint('dispatched', { mode: 'number' }),
    received: bigint('received', { mode: 'number' }),
    status: text('status', { enum: MATERIAL_LINE_STATUSES }).notNull().default('requested'),
    note: text('note').notNull().default(''),
  },
  (t) => [
    index('material_request_lines_request_idx').on(t.requestId),
    check('material_request_lines_requested_ck', sql`${t.requested} > 0`),
    check('material_request_lines_received_ck', sql`${t.received} is null or (${t.received} >= 0 and ${t.received} <= coalesce(${t.dispatched}, 0))`),
  ],
);

/** THE ledger: every change of stock is a movement; never updated or deleted (corrections are reversals). */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    holderId: integer('holder_id')
      .notNull()
      .references(() => holders.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    kind: text('kind', { enum: MOVEMENT_KINDS }).notNull(),
    /** Signed, in milli-units: + into the holder, − out of it. */
    quantity: bigint('quantity', { mode: 'number' }).notNull(),
    /** A transfer's two legs share it. */
    pairId: uuid('pair_id'),
    requestLineId: integer('request_line_id').references(() => materialRequestLines.id),
    /** The movement a reversal undoes. */
    reversesId: bigint('reverses_id', { mode: 'number' }),
    reason: text('reason').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    by: integer('by').references(() => users.id),
  },
  (t) => [
    index('stock_movements_holder_item_at_idx').on(t.holderId, t.itemId, t.at),
    index('stock_movements_pair_idx').on(t.pairId),
    index('stock_movements_request_line_idx').on(t.requestLineId),
    /** A movement is reversed at most once. */
    uniqueIndex('stock_movements_reverses_uq').on(t.reversesId),
    check('stock_movements_nonzero_ck', sql`${t.quantity} <> 0 or ${t.kind} = 'counted'`),
  ],
);

/** The running balance per (holder, item), kept in the same transaction as each movement; never negative. */
export const stockBalances = pgTable(
  'stock_balances',
  {
    holderId: integer('holder_id')
      .notNull()
      .references(() => holders.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    balance: bigint('balance', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.holderId, t.itemId] }), check('stock_balances_nonnegative_ck', sql`${t.balance} >= 0`)],
);
