import { sql } from 'drizzle-orm';
import { bigint, boolean, check, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { donations } from './funds.ts';
import { people } from './people.ts';
import { scanSubmissions } from './rounds.ts';
import { shifts } from './teams.ts';

/**
 * Materials: quantities are stored as integer MILLI-UNITS (1 tube = 1000, 0.5 L of disinfectant =
 * 500), so a fractional unit needs no float; an item with whole_units accepts only multiples of 1000.
 */
export const MILLI = 1000;

export const HOLDER_KINDS = ['warehouse', 'point', 'command_unit', 'team'] as const;
export const MOVEMENT_KINDS = ['received', 'transfer_out', 'transfer_in', 'consumed', 'counted', 'written_off', 'reversal'] as const;
export const MATERIAL_REQUEST_STATUSES = ['requested', 'approved', 'dispatched', 'received', 'rejected'] as const;
export const MATERIAL_LINE_STATUSES = ['requested', 'approved', 'rejected', 'dispatched', 'received', 'partial', 'refused'] as const;
/** What consumes stock by itself: each scanned tube (by how many swabs it holds), each swab, each member signed in to a shift. */
export const CONSUMPTION_TRIGGERS = ['tube', 'swab', 'shift_member'] as const;

/** The catalogue: swabs, tubes by pool size, PPE, disinfectant, and any the command adds. */
export const items = pgTable('items', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull().default(''),
  unit: text('unit').notNull(),
  /** Tubes, swabs, masks are counted whole; disinfectant litres may be fractional. */
  wholeUnits: boolean('whole_units').notNull().default(true),
  /** A point whose stock of it would last fewer hours than this is on the shortage list. */
  alertHours: integer('alert_hours').notNull().default(2),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('items_alert_hours_ck', sql`${t.alertHours} between 0 and 168`)]);

/** Whoever holds stock: a warehouse, a sampling point, a command unit, a team (kind + ref id). */
export const holders = pgTable(
  'holders',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: HOLDER_KINDS }).notNull(),
    /** The point's, unit's or team's id; null for a warehouse. */
    refId: integer('ref_id'),
    name: text('name').notNull(),
    /** Where a warehouse or command unit is (a point's place is its current site). */
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('holders_kind_ref_uq').on(t.kind, t.refId),
    unique('holders_name_uq').on(t.name),
    check('holders_coords_ck', sql`(${t.lat} is null) = (${t.lng} is null) and (${t.lat} is null or (${t.lat} between -90 and 90 and ${t.lng} between -180 and 180))`),
  ],
);

/**
 * 消耗定额: how much of an item the work itself uses — per scanned tube holding `min_persons` to
 * `max_persons` swabs (a single tube, a 10-in-1, a 20-in-1), per swab, per member signed in to a shift.
 * Data, not code: the command changes a rate and the next posting uses it.
 */
export const consumptionRates = pgTable(
  'consumption_rates',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    trigger: text('trigger', { enum: CONSUMPTION_TRIGGERS }).notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    /** Milli-units of the item per tube, swab or member. */
    perUnit: bigint('per_unit', { mode: 'number' }).notNull(),
    minPersons: integer('min_persons').notNull().default(1),
    maxPersons: integer('max_persons').notNull().default(20),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('consumption_rates_uq').on(t.trigger, t.itemId, t.minPersons),
    check('consumption_rates_trigger_ck', sql`${t.trigger} in ('tube','swab','shift_member')`),
    check('consumption_rates_per_unit_ck', sql`${t.perUnit} >= 0`),
    check('consumption_rates_persons_ck', sql`${t.minPersons} between 1 and 20 and ${t.maxPersons} between ${t.minPersons} and 20`),
  ],
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
    /** What the work used beyond the recorded stock (a consumption only): the balance stops at 0 and this is counted apart. */
    uncovered: bigint('uncovered', { mode: 'number' }).notNull().default(0),
    /** The scan submission whose tubes and swabs a consumption posts. */
    submissionId: uuid('submission_id').references(() => scanSubmissions.id),
    /** The shift and member whose protective kit a consumption posts. */
    shiftId: integer('shift_id').references(() => shifts.id),
    personId: integer('person_id').references(() => people.id),
    /** The donation an item receipt came from. */
    donationId: integer('donation_id').references(() => donations.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    by: integer('by').references(() => users.id),
  },
  (t) => [
    index('stock_movements_holder_item_at_idx').on(t.holderId, t.itemId, t.at),
    /** The use rate over the last hour reads only recent consumption. */
    index('stock_movements_consumed_at_idx').on(t.at).where(sql`${t.kind} = 'consumed'`),
    index('stock_movements_submission_idx').on(t.submissionId).where(sql`${t.submissionId} is not null`),
    index('stock_movements_donation_idx').on(t.donationId).where(sql`${t.donationId} is not null`),
    /** A member's kit for a shift is posted once. */
    uniqueIndex('stock_movements_shift_kit_uq').on(t.shiftId, t.personId, t.itemId).where(sql`${t.shiftId} is not null and ${t.kind} = 'consumed'`),
    check('stock_movements_uncovered_ck', sql`${t.uncovered} >= 0 and (${t.uncovered} = 0 or ${t.kind} = 'consumed')`),
    index('stock_movements_pair_idx').on(t.pairId),
    index('stock_movements_request_line_idx').on(t.requestLineId),
    /** A movement is reversed at most once. */
    uniqueIndex('stock_movements_reverses_uq').on(t.reversesId),
    check('stock_movements_nonzero_ck', sql`${t.quantity} <> 0 or ${t.kind} = 'counted' or ${t.uncovered} > 0`),
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
    /** Used beyond the recorded stock since the last count: the stock needs counting. A count sets it back to 0. */
    unrecorded: bigint('unrecorded', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.holderId, t.itemId] }), check('stock_balances_nonnegative_ck', sql`${t.balance} >= 0`), check('stock_balances_unrecorded_ck', sql`${t.unrecorded} >= 0`)],
);
