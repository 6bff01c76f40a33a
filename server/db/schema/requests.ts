import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { responses } from './command.ts';
import { people } from './people.ts';
import { buildings, households, regions } from './regions.ts';
import { residents } from './residents.ts';
import { squads, teams } from './teams.ts';

export const REQUEST_KINDS = ['errand', 'medicine', 'question', 'problem'] as const;
export const REQUEST_SOURCES = ['household', 'grid_worker', 'hotline', 'care_check'] as const;
export const REQUEST_STATUSES = ['open', 'claimed', 'bought', 'delivered', 'confirmed', 'answered', 'cancelled'] as const;

/**
 * 户码: the hard-to-guess code behind a household's (or a building's) QR page. A wrong, expired or
 * revoked code reveals nothing. A building code asks the resident for their door.
 */
export const householdCodes = pgTable(
  'household_codes',
  {
    /** At least 128 random bits, base32/base64url. */
    code: text('code').primaryKey(),
    householdId: integer('household_id').references(() => households.id),
    buildingId: integer('building_id').references(() => buildings.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    check('household_codes_one_ck', sql`(${t.householdId} is null) <> (${t.buildingId} is null)`),
    check('household_codes_code_ck', sql`length(${t.code}) >= 22`),
    index('household_codes_household_idx').on(t.householdId),
    index('household_codes_building_idx').on(t.buildingId),
  ],
);

/**
 * 诉求: an errand, a medicine need, a question or a problem from a household in a risk area. It has an
 * owner and a due time from the moment it is filed, is routed to a team, claimed by one volunteer, and
 * moves claimed → bought → delivered → confirmed (a question is answered). Money is integer fen.
 */
export const requests = pgTable(
  'requests',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** Client-generated: a resent form files nothing twice. */
    clientId: uuid('client_id').notNull().unique(),
    responseId: integer('response_id').references(() => responses.id),
    kind: text('kind', { enum: REQUEST_KINDS }).notNull(),
    source: text('source', { enum: REQUEST_SOURCES }).notNull(),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    /** The household's building and grid, kept for bundling and routing without joins. */
    buildingId: integer('building_id')
      .notNull()
      .references(() => buildings.id),
    gridId: integer('grid_id')
      .notNull()
      .references(() => regions.id),
    /** Errand items: [{ name, quantity, unit }]. */
    items: jsonb('items').$type<Array<{ name: string; quantity: number; unit: string }>>().notNull().default(sql`'[]'::jsonb`),
    budgetFen: integer('budget_fen'),
    /** What the household or filer wrote: the question, the problem, notes for the errand. */
    body: text('body').notNull().default(''),
    contactPhone: text('contact_phone'),
    filedBy: integer('filed_by').references(() => users.id),
    /** The team it was routed to and the person who owns it until it is closed (captain, then claimer). */
    teamId: integer('team_id').references(() => teams.id),
    squadId: integer('squad_id').references(() => squads.id),
    ownerPersonId: integer('owner_person_id').references(() => people.id),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** 0 with the team, 1 escalated to the captain, 2 to the command post. */
    escalation: integer('escalation').notNull().default(0),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('open'),
    claimedBy: integer('claimed_by').references(() => people.id),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    receiptFen: integer('receipt_fen'),
    receiptPhoto: text('receipt_photo'),
    overBudgetApprovedBy: integer('over_budget_approved_by').references(() => users.id),
    boughtAt: timestamp('bought_at', { withTimezone: true }),
    deliveryProof: text('delivery_proof'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    answer: text('answer'),
    answeredBy: integer('answered_by').references(() => users.id),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('requests_status_due_idx').on(t.status, t.dueAt),
    index('requests_team_status_idx').on(t.teamId, t.status),
    index('requests_building_idx').on(t.buildingId),
    index('requests_household_idx').on(t.householdId),
    check('requests_kind_ck', sql`${t.kind} in ('errand','medicine','question','problem')`),
    check('requests_source_ck', sql`${t.source} in ('household','grid_worker','hotline','care_check')`),
    check('requests_status_ck', sql`${t.status} in ('open','claimed','bought','delivered','confirmed','answered','cancelled')`),
    check('requests_escalation_ck', sql`${t.escalation} between 0 and 2`),
    check('requests_money_ck', sql`(${t.budgetFen} is null or ${t.budgetFen} >= 0) and (${t.receiptFen} is null or ${t.receiptFen} >= 0)`),
    // An errand bought over its budget needs someone's approval.
    check('requests_budget_ck', sql`${t.receiptFen} is null or ${t.budgetFen} is null or ${t.receiptFen} <= ${t.budgetFen} or ${t.overBudgetApprovedBy} is not null`),
    check('requests_claimed_ck', sql`${t.status} in ('open','answered','cancelled') or (${t.claimedBy} is not null and ${t.claimedAt} is not null)`),
    check('requests_bought_ck', sql`${t.status} not in ('bought','delivered','confirmed') or ${t.kind} not in ('errand','medicine') or (${t.receiptFen} is not null and ${t.boughtAt} is not null)`),
    check('requests_delivered_ck', sql`${t.status} not in ('delivered','confirmed') or ${t.deliveredAt} is not null`),
    check('requests_answered_ck', sql`${t.status} <> 'answered' or (${t.answer} is not null and ${t.answeredAt} is not null)`),
  ],
);

/** The request's history: every status it has had, who moved it and when, with a note. */
export const requestEvents = pgTable(
  'request_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    requestId: integer('request_id')
      .notNull()
      .references(() => requests.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    byUser: integer('by_user').references(() => users.id),
    /** 'household' when the household moved it through its code page. */
    byHousehold: boolean('by_household').notNull().default(false),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
  },
  (t) => [index('request_events_request_idx').on(t.requestId)],
);

/** A day's home-care visit to an isolated household: meals and supplies delivered. */
export const careVisits = pgTable(
  'care_visits',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    clientId: uuid('client_id').notNull().unique(),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    /** The district's calendar day (UTC+8). */
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    mealsDelivered: boolean('meals_delivered').notNull().default(false),
    suppliesDelivered: boolean('supplies_delivered').notNull().default(false),
    note: text('note'),
    visitedBy: integer('visited_by').references(() => people.id),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('care_visits_household_day_uq').on(t.householdId, t.visitDate)],
);

export const CARE_CONDITIONS = ['well', 'unwell', 'fever', 'not_seen'] as const;

/** Each person's condition and needs at a visit; anything urgent becomes a request with an owner. */
export const careChecks = pgTable(
  'care_checks',
  {
    visitId: integer('visit_id')
      .notNull()
      .references(() => careVisits.id),
    residentId: integer('resident_id')
      .notNull()
      .references(() => residents.id),
    condition: text('condition', { enum: CARE_CONDITIONS }).notNull(),
    medicineShort: boolean('medicine_short').notNull().default(false),
    needs: text('needs'),
    urgent: boolean('urgent').notNull().default(false),
    requestId: integer('request_id').references(() => requests.id),
  },
  (t) => [
    uniqueIndex('care_checks_visit_resident_uq').on(t.visitId, t.residentId),
    check('care_checks_condition_ck', sql`${t.condition} in ('well','unwell','fever','not_seen')`),
    check('care_checks_urgent_ck', sql`not ${t.urgent} or ${t.requestId} is not null`),
  ],
);

export const GAP_KINDS = ['point_role', 'squad', 'request'] as const;

/** 跨区域调配: a proposed plan that fills staffing gaps with available people, least total travel. */
export const deploymentPlans = pgTable(
  'deployment_plans',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    responseId: integer('response_id').references(() => responses.id),
    status: text('status', { enum: ['proposed', 'accepted', 'partly_accepted', 'discarded'] }).notNull().default('proposed'),
    gapCount: integer('gap_count').notNull(),
    filledCount: integer('filled_count').notNull(),
    totalMeters: bigint('total_meters', { mode: 'number' }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    check('deployment_plans_status_ck', sql`${t.status} in ('proposed','accepted','partly_accepted','discarded')`),
    check('deployment_plans_counts_ck', sql`${t.filledCount} between 0 and ${t.gapCount} and ${t.totalMeters} >= 0`),
  ],
);

/** One move of a plan: a person to a gap (a point's role, a squad, an overdue request). */
export const deploymentMoves = pgTable(
  'deployment_moves',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    planId: integer('plan_id')
      .notNull()
      .references(() => deploymentPlans.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    gapKind: text('gap_kind', { enum: GAP_KINDS }).notNull(),
    /** The point, squad or request the gap is at. */
    targetId: integer('target_id').notNull(),
    /** The point role filled (team_roles.role), when the gap is a point's. */
    role: text('role'),
    meters: integer('meters').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  },
  (t) => [
    unique('deployment_moves_plan_person_uq').on(t.planId, t.personId),
    index('deployment_moves_plan_idx').on(t.planId),
    check('deployment_moves_gap_ck', sql`${t.gapKind} in ('point_role','squad','request')`),
    check('deployment_moves_meters_ck', sql`${t.meters} >= 0`),
  ],
);
