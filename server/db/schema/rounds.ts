import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { responses, riskLevels, zones } from './command.ts';
import { points } from './points.ts';
import { regions } from './regions.ts';
import { residents } from './residents.ts';
import { squads } from './teams.ts';

export const EXEMPTION_REASONS = ['vaccinated_48h', 'under_3', 'away', 'in_hospital'] as const;

/** 检测轮次: a round of mass testing over a scope, in a time window, with pool sizes by risk level. */
export const rounds = pgTable(
  'rounds',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    responseId: integer('response_id')
      .notNull()
      .references(() => responses.id),
    name: text('name').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** Pool size where no risk area says otherwise (e.g. 10-in-1). */
    defaultPoolSize: integer('default_pool_size').notNull().default(10),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    openedBy: integer('opened_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rounds_response_name_uq').on(t.responseId, t.name),
    check('rounds_window_ck', sql`${t.endsAt} > ${t.startsAt}`),
    check('rounds_pool_ck', sql`${t.defaultPoolSize} in (1, 5, 10, 20)`),
    check('rounds_status_ck', sql`${t.status} in ('open','closed')`),
  ],
);

/** What a round covers: regions (the district, towns, communities, grids) and risk areas. */
export const roundScope = pgTable(
  'round_scope',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    regionId: integer('region_id').references(() => regions.id),
    zoneId: integer('zone_id').references(() => zones.id),
  },
  (t) => [check('round_scope_one_ck', sql`(${t.regionId} is null) <> (${t.zoneId} is null)`), index('round_scope_round_idx').on(t.roundId)],
);

/** Pool size by risk level, e.g. single tubes in sealed and high-risk areas. */
export const roundPoolSizes = pgTable(
  'round_pool_sizes',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    /** The level's scheme (the round's response's), so the level is one the database knows. */
    scheme: text('scheme').notNull(),
    level: text('level').notNull(),
    poolSize: integer('pool_size').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.level] }),
    check('round_pool_sizes_ck', sql`${t.poolSize} in (1, 5, 10, 20)`),
    foreignKey({ name: 'round_pool_sizes_level_fk', columns: [t.scheme, t.level], foreignColumns: [riskLevels.scheme, riskLevels.code] }),
  ],
);

/**
 * Who should be tested but need not be this round, and why; who recorded it. The resident's grid is
 * kept so the counters can subtract them per grid.
 */
export const roundExemptions = pgTable(
  'round_exemptions',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    residentId: integer('resident_id')
      .notNull()
      .references(() => residents.id),
    gridId: integer('grid_id')
      .notNull()
      .references(() => regions.id),
    reason: text('reason', { enum: EXEMPTION_REASONS }).notNull(),
    note: text('note'),
    recordedBy: integer('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.residentId] }),
    check('round_exemptions_reason_ck', sql`${t.reason} in ('vaccinated_48h','under_3','away','in_hospital')`),
  ],
);

/**
 * A submission from a registrar's page or another scanning system, under the id its client made up:
 * a resend finds it here and changes nothing.
 */
export const scanSubmissions = pgTable(
  'scan_submissions',
  {
    id: uuid('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    pointId: integer('point_id')
      .notNull()
      .references(() => points.id),
    tubes: integer('tubes').notNull(),
    persons: integer('persons').notNull(),
    visitors: integer('visitors').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    submittedBy: integer('submitted_by').references(() => users.id),
    /** When its tubes and swabs were taken off the point's stock (materials); null until then. */
    stockPostedAt: timestamp('stock_posted_at', { withTimezone: true }),
  },
  (t) => [
    index('scan_submissions_round_idx').on(t.roundId),
    /** The queue of submissions whose consumption is not yet posted. */
    index('scan_submissions_unposted_idx').on(t.receivedAt).where(sql`${t.stockPostedAt} is null`),
  ],
);

/** 采样管: one tube of a round, at a point, holding up to its pool size of swabs. */
export const tubes = pgTable(
  'tubes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    code: text('code').notNull(),
    pointId: integer('point_id')
      .notNull()
      .references(() => points.id),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => scanSubmissions.id),
    persons: integer('persons').notNull(),
    scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
    /** `retest`: a single tube of a recalled person. */
    purpose: text('purpose', { enum: ['screen', 'retest'] }).notNull().default('screen'),
  },
  (t) => [
    uniqueIndex('tubes_round_code_uq').on(t.roundId, t.code),
    unique('tubes_id_round_uq').on(t.id, t.roundId),
    index('tubes_point_idx').on(t.pointId),
    /** The materials poster reads a submission's tubes to take them off the point's stock. */
    index('tubes_submission_idx').on(t.submissionId),
    check('tubes_persons_ck', sql`${t.persons} between 1 and 20`),
    check('tubes_code_ck', sql`${t.code} ~ '^[A-Za-z0-9-]{4,40}$'`),
    check('tubes_purpose_ck', sql`${t.purpose} in ('screen','retest') and (${t.purpose} = 'screen' or ${t.persons} = 1)`),
  ],
);

/**
 * 采样记录: one person's swab in a tube. A resident of the roster is tested once a round (the unique
 * index refuses a second); a visitor (not on the roster) is kept by ID number and counted apart.
 */
export const samples = pgTable(
  'samples',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer('round_id').notNull(),
    tubeId: bigint('tube_id', { mode: 'number' }).notNull(),
    residentId: integer('resident_id').references(() => residents.id),
    /** The resident's grid, for the counters and the untested lists. */
    gridId: integer('grid_id'),
    /** A visitor's ID number (residents are known by `resident_id`). */
    visitorIdNumber: text('visitor_id_number'),
    /** A single-tube retest of someone recalled from a positive pool; not part of the round's coverage. */
    retest: boolean('retest').notNull().default(false),
  },
  (t) => [
    uniqueIndex('samples_round_resident_uq').on(t.roundId, t.residentId).where(sql`not ${t.retest}`),
    uniqueIndex('samples_round_retest_uq').on(t.roundId, t.residentId).where(sql`${t.retest}`),
    uniqueIndex('samples_round_visitor_uq').on(t.roundId, t.visitorIdNumber).where(sql`${t.visitorIdNumber} is not null`),
    // The swab is in a tube of the same round: one check instead of one per column.
    foreignKey({ name: 'samples_tube_round_fk', columns: [t.tubeId, t.roundId], foreignColumns: [tubes.id, tubes.roundId] }),
    index('samples_tube_idx').on(t.tubeId),
    check('samples_who_ck', sql`(${t.residentId} is null) <> (${t.visitorIdNumber} is null) and (${t.residentId} is null) = (${t.gridId} is null)`),
  ],
);

/** Maintained as scans arrive; `gridline rounds rebuild-counters` recomputes them from the facts. */
export const roundGridCounts = pgTable(
  'round_grid_counts',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    gridId: integer('grid_id')
      .notNull()
      .references(() => regions.id),
    tested: integer('tested').notNull().default(0),
    exempt: integer('exempt').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.gridId] }), check('round_grid_counts_ck', sql`${t.tested} >= 0 and ${t.exempt} >= 0`)],
);

export const roundPointCounts = pgTable(
  'round_point_counts',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    pointId: integer('point_id')
      .notNull()
      .references(() => points.id),
    tubes: integer('tubes').notNull().default(0),
    persons: integer('persons').notNull().default(0),
    visitors: integer('visitors').notNull().default(0),
    lastScanAt: timestamp('last_scan_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.pointId] }), check('round_point_counts_ck', sql`${t.tubes} >= 0 and ${t.persons} >= 0 and ${t.visitors} >= 0`)],
);

export const SWEEP_OUTCOMES = ['will_come', 'no_answer', 'away', 'refused', 'home_sampling_needed'] as const;

/** 扫楼 and phone follow-ups: each contact with an untested person, its outcome, who made it and when. */
export const sweepContacts = pgTable(
  'sweep_contacts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    residentId: integer('resident_id')
      .notNull()
      .references(() => residents.id),
    channel: text('channel', { enum: ['door', 'phone'] }).notNull(),
    outcome: text('outcome', { enum: SWEEP_OUTCOMES }).notNull(),
    note: text('note'),
    contactedBy: integer('contacted_by').references(() => users.id),
    contactedAt: timestamp('contacted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sweep_contacts_round_resident_idx').on(t.roundId, t.residentId, t.contactedAt),
    check('sweep_contacts_channel_ck', sql`${t.channel} in ('door','phone')`),
    check('sweep_contacts_outcome_ck', sql`${t.outcome} in ('will_come','no_answer','away','refused','home_sampling_needed')`),
  ],
);

export const HOME_TASK_REASONS = ['bedridden', 'disabled', 'elderly', 'sealed_area', 'requested', 'retest'] as const;

/**
 * 上门采样: a resident who cannot come to a point is sampled at home by a point's squad. One open
 * task per person and round; a scan of that person closes it (a retest task: a single-tube retest scan).
 */
export const homeTasks = pgTable(
  'home_tasks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    residentId: integer('resident_id')
      .notNull()
      .references(() => residents.id),
    gridId: integer('grid_id')
      .notNull()
      .references(() => regions.id),
    reason: text('reason', { enum: HOME_TASK_REASONS }).notNull(),
    urgent: boolean('urgent').notNull().default(false),
    /** The point whose squad goes; null until the point chief takes the building. */
    pointId: integer('point_id').references(() => points.id),
    /** The squad (of a volunteer team) the task was handed to; null until it is. */
    squadId: integer('squad_id').references(() => squads.id),
    status: text('status', { enum: ['open', 'done', 'cancelled'] }).notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('home_tasks_open_uq').on(t.roundId, t.residentId).where(sql`${t.status} = 'open'`),
    index('home_tasks_round_grid_idx').on(t.roundId, t.gridId),
    check('home_tasks_reason_ck', sql`${t.reason} in ('bedridden','disabled','elderly','sealed_area','requested','retest')`),
    check('home_tasks_status_ck', sql`${t.status} in ('open','done','cancelled') and (${t.status} = 'open') = (${t.closedAt} is null)`),
  ],
);

/** A lab's result for a tube, imported from its result file; a tube has one result. */
export const tubeResults = pgTable(
  'tube_results',
  {
    tubeId: bigint('tube_id', { mode: 'number' })
      .primaryKey()
      .references(() => tubes.id),
    result: text('result', { enum: ['negative', 'positive'] }).notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    importedBy: integer('imported_by').references(() => users.id),
  },
  (t) => [check('tube_results_result_ck', sql`${t.result} in ('negative','positive')`)],
);

/**
 * 复核: everyone in a positive pool is recalled for a single-tube retest. The recall closes with the
 * retest's result: cleared when negative, confirmed when positive.
 */
export const recalls = pgTable(
  'recalls',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id),
    residentId: integer('resident_id')
      .notNull()
      .references(() => residents.id),
    /** The positive pool that called them back. */
    poolTubeId: bigint('pool_tube_id', { mode: 'number' })
      .notNull()
      .references(() => tubes.id),
    /** The single tube of the retest, once swabbed. */
    retestTubeId: bigint('retest_tube_id', { mode: 'number' }).references(() => tubes.id),
    status: text('status', { enum: ['open', 'cleared', 'confirmed'] }).notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('recalls_round_resident_uq').on(t.roundId, t.residentId),
    check('recalls_status_ck', sql`${t.status} in ('open','cleared','confirmed') and (${t.status} = 'open') = (${t.closedAt} is null)`),
  ],
);
