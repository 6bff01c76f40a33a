import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { orgs } from './command.ts';
import { regions } from './regions.ts';
import { teams } from './teams.ts';

/** The uses a special party-fee fund may pay for (practice.md): nothing else. */
export const FUND_CATEGORIES = ['frontline_comfort', 'medicines_supplies', 'hardship_relief'] as const;
export const FUND_UNIT_TYPES = ['region', 'org', 'team'] as const;
export const DONOR_KINDS = ['person', 'company', 'deputy'] as const;

/** 专项党费: a fund the district allocates to the grassroots, in fen. */
export const funds = pgTable(
  'funds',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull().unique(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    /** Who allocated it, as the report names it, e.g. "区委组织部". */
    allocatedByUnit: text('allocated_by_unit').notNull(),
    allocatedAt: timestamp('allocated_at', { withTimezone: true }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('funds_total_ck', sql`${t.totalFen} > 0`)],
);

/**
 * A share of a fund given to one unit: a town (region), a party organisation or a volunteer team.
 * `spent_fen` is the running net of its expenditures; the CHECK keeps it within the amount, so of two
 * racing expenditures that would overspend, exactly one commits.
 */
export const fundAllocations = pgTable(
  'fund_allocations',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    fundId: integer('fund_id')
      .notNull()
      .references(() => funds.id),
    unitType: text('unit_type', { enum: FUND_UNIT_TYPES }).notNull(),
    regionId: integer('region_id').references(() => regions.id),
    orgId: integer('org_id').references(() => orgs.id),
    teamId: integer('team_id').references(() => teams.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    spentFen: bigint('spent_fen', { mode: 'number' }).notNull().default(0),
    clientId: uuid('client_id').notNull().unique(),
    allocatedBy: integer('allocated_by').references(() => users.id),
    allocatedAt: timestamp('allocated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('fund_allocations_unit_type_ck', sql`${t.unitType} in ('region','org','team')`),
    check(
      'fund_allocations_unit_ck',
      sql`(${t.unitType} = 'region' and ${t.regionId} is not null and ${t.orgId} is null and ${t.teamId} is null)
       or (${t.unitType} = 'org' and ${t.orgId} is not null and ${t.regionId} is null and ${t.teamId} is null)
       or (${t.unitType} = 'team' and ${t.teamId} is not null and ${t.regionId} is null and ${t.orgId} is null)`,
    ),
    check('fund_allocations_amount_ck', sql`${t.amountFen} > 0`),
    check('fund_allocations_spent_ck', sql`${t.spentFen} >= 0 and ${t.spentFen} <= ${t.amountFen}`),
    uniqueIndex('fund_allocations_region_uq').on(t.fundId, t.regionId).where(sql`${t.regionId} is not null`),
    uniqueIndex('fund_allocations_org_uq').on(t.fundId, t.orgId).where(sql`${t.orgId} is not null`),
    uniqueIndex('fund_allocations_team_uq').on(t.fundId, t.teamId).where(sql`${t.teamId} is not null`),
    index('fund_allocations_fund_idx').on(t.fundId),
  ],
);

/**
 * A payment from an allocation, with its receipts. Never edited or deleted: a correction is a
 * reversing entry (same allocation, category and amount) that names the one it reverses.
 */
export const fundExpenditures = pgTable(
  'fund_expenditures',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    allocationId: integer('allocation_id')
      .notNull()
      .references(() => fundAllocations.id),
    category: text('category', { enum: FUND_CATEGORIES }).notNull(),
    /** Always positive; a reversing entry takes its amount off the spent total. */
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    purpose: text('purpose').notNull(),
    payee: text('payee').notNull(),
    /** Receipt links or uploaded photo names. */
    receipts: text('receipts').array().notNull().default(sql`'{}'::text[]`),
    spentAt: timestamp('spent_at', { withTimezone: true }).notNull(),
    reversesId: integer('reverses_id').references((): AnyPgColumn => fundExpenditures.id),
    clientId: uuid('client_id').notNull().unique(),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('fund_expenditures_category_ck', sql`${t.category} in ('frontline_comfort','medicines_supplies','hardship_relief')`),
    check('fund_expenditures_amount_ck', sql`${t.amountFen} > 0`),
    uniqueIndex('fund_expenditures_reverses_uq').on(t.reversesId).where(sql`${t.reversesId} is not null`),
    index('fund_expenditures_allocation_idx').on(t.allocationId),
  ],
);

/** A receipt attached to an expenditure: a photo or PDF kept under the data directory. Never removed. */
export const fundReceipts = pgTable(
  'fund_receipts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    expenditureId: integer('expenditure_id')
      .notNull()
      .references(() => fundExpenditures.id),
    /** `<uuid>.<ext>` under `<files>/funds/`. */
    fileName: text('file_name').notNull().unique(),
    mimetype: text('mimetype').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('fund_receipts_expenditure_idx').on(t.expenditureId),
    check('fund_receipts_mimetype_ck', sql`${t.mimetype} in ('image/jpeg','image/png','image/webp','application/pdf')`),
    check('fund_receipts_size_ck', sql`${t.sizeBytes} > 0`),
  ],
);

/** 捐赠: money (into a fund) or items (into a warehouse), acknowledged with a number like JZ-2022-000123. */
export const donations = pgTable(
  'donations',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    ackNo: text('ack_no').notNull().unique(),
    donorKind: text('donor_kind', { enum: DONOR_KINDS }).notNull(),
    donorName: text('donor_name').notNull(),
    phone: text('phone'),
    moneyFen: bigint('money_fen', { mode: 'number' }),
    items: jsonb('items').$type<Array<{ name: string; quantity: number; unit: string }>>(),
    /** Where it went as the public list says it: a fund's or a warehouse's name. */
    destination: text('destination').notNull(),
    fundId: integer('fund_id').references(() => funds.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    public: boolean('public').notNull().default(true),
    clientId: uuid('client_id').notNull().unique(),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('donations_kind_ck', sql`${t.donorKind} in ('person','company','deputy')`),
    check('donations_what_ck', sql`(${t.moneyFen} is null) <> (${t.items} is null)`),
    check('donations_money_ck', sql`${t.moneyFen} is null or ${t.moneyFen} > 0`),
    check('donations_fund_ck', sql`${t.fundId} is null or ${t.moneyFen} is not null`),
    check('donations_ack_ck', sql`${t.ackNo} ~ '^JZ-[0-9]{4}-[0-9]{6,}$'`),
    index('donations_received_idx').on(t.receivedAt),
  ],
);
