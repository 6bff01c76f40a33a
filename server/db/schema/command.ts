import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { buildings, regions } from './regions.ts';
import { people } from './people.ts';

/**
 * A classification of risk areas, kept as data: 封控区/管控区/防范区 and 高/中/低风险区 both ship
 * (rows in the migration); a response picks one.
 */
export const riskSchemes = pgTable('risk_schemes', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
});

/** The levels of a scheme; rank 1 is the strictest. */
export const riskLevels = pgTable(
  'risk_levels',
  {
    scheme: text('scheme')
      .notNull()
      .references(() => riskSchemes.code),
    code: text('code').notNull(),
    rank: integer('rank').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scheme, t.code] }),
    unique('risk_levels_scheme_rank_uq').on(t.scheme, t.rank),
    check('risk_levels_rank_ck', sql`${t.rank} >= 1`),
  ],
);

/** 应急响应: an outbreak response, named by its start date ("0708"). */
export const responses = pgTable(
  'responses',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['active', 'closed'] }).notNull().default('active'),
    /** Which risk-level scheme this response's areas use. */
    zoneScheme: text('zone_scheme')
      .notNull()
      .default('high_medium_low')
      .references(() => riskSchemes.code),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('responses_code_ck', sql`${t.code} ~ '^[0-9]{4}$'`),
    check('responses_status_ck', sql`${t.status} in ('active','closed')`),
    check('responses_closed_ck', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
    // Lets a zone name its response together with the scheme, so its level is of that scheme.
    unique('responses_id_scheme_uq').on(t.id, t.zoneScheme),
  ],
);

/** The "1" and the "6" of "1+6+N": the district command and its frontline command posts. */
export const commandUnits = pgTable(
  'command_units',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    responseId: integer('response_id')
      .notNull()
      .references(() => responses.id),
    kind: text('kind', { enum: ['district_command', 'command_post'] }).notNull(),
    name: text('name').notNull(),
    /** The district for the command; the town/street (or area) a post runs. */
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
  },
  (t) => [
    unique('command_units_response_name_uq').on(t.responseId, t.name),
    uniqueIndex('command_units_one_command_uq').on(t.responseId).where(sql`${t.kind} = 'district_command'`),
    check('command_units_kind_ck', sql`${t.kind} in ('district_command','command_post')`),
  ],
);

export const ORG_KINDS = ['agency', 'enterprise', 'institution', 'village_branch', 'temporary_branch'] as const;

/** 党组织: standing party organisations and the temporary branches (临时党支部) of a response. */
export const orgs = pgTable(
  'orgs',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull().unique(),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    /** A temporary branch belongs to a response and closes with it. */
    responseId: integer('response_id').references(() => responses.id),
    /** Where a temporary branch works: a command unit, a checkpoint or a sampling point. */
    attachedType: text('attached_type', { enum: ['command_unit', 'checkpoint', 'point'] }),
    attachedId: integer('attached_id'),
    /** Where it is, when that is a place: a village branch's village, a branch inside a sealed area. */
    regionId: integer('region_id').references(() => regions.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('orgs_kind_ck', sql`${t.kind} in ('agency','enterprise','institution','village_branch','temporary_branch')`),
    check('orgs_temporary_ck', sql`(${t.kind} = 'temporary_branch') = (${t.responseId} is not null)`),
    check('orgs_attached_ck', sql`(${t.attachedType} is null) = (${t.attachedId} is null)`),
    index('orgs_response_idx').on(t.responseId),
  ],
);

/** 结对包联: an organisation paired with a community it serves. */
export const orgPairings = pgTable(
  'org_pairings',
  {
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    communityId: integer('community_id')
      .notNull()
      .references(() => regions.id),
    pairedAt: timestamp('paired_at', { withTimezone: true }).notNull().defaultNow(),
    pairedBy: integer('paired_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.communityId] }), index('org_pairings_community_idx').on(t.communityId)],
);

export const UNIT_TYPES = ['town', 'command_unit', 'org', 'checkpoint', 'point', 'team'] as const;
export const ASSIGNMENT_ROLES = ['area_chief', 'commander', 'secretary', 'deputy_secretary', 'member', 'point_chief', 'team_captain', 'roster'] as const;
/**
 * Roles one person holds at a time in a unit: a second live holder is refused by the database
 * (assignments_single_holder_uq, whose list is made from this one); the rules check past periods too.
 */
export const SINGLE_HOLDER_ROLES: ReadonlySet<(typeof ASSIGNMENT_ROLES)[number]> = new Set(['commander', 'secretary', 'point_chief', 'team_captain'] as const);

/**
 * "Unit → responsible person, with role": 片长 on a town, 点长 on a point, 队长 on a team,
 * secretary and members of a branch, commander of a post, the roster of a checkpoint.
 * An assignment is ended, never deleted; the live ones have no `ends_at`.
 */
export const assignments = pgTable(
  'assignments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitType: text('unit_type', { enum: UNIT_TYPES }).notNull(),
    unitId: integer('unit_id').notNull(),
    role: text('role', { enum: ASSIGNMENT_ROLES }).notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    assignedBy: integer('assigned_by').references(() => users.id),
    /** Who ended it: by hand, by closing its unit, or (a past period recorded with its end) who recorded it. */
    endedBy: integer('ended_by').references(() => users.id),
  },
  (t) => [
    check('assignments_unit_type_ck', sql`${t.unitType} in ('town','command_unit','org','checkpoint','point','team')`),
    check('assignments_role_ck', sql`${t.role} in ('area_chief','commander','secretary','deputy_secretary','member','point_chief','team_captain','roster')`),
    check('assignments_period_ck', sql`${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    uniqueIndex('assignments_single_holder_uq')
      .on(t.unitType, t.unitId, t.role)
      .where(sql`${t.endsAt} is null and ${t.role} in (${sql.raw([...SINGLE_HOLDER_ROLES].map((r) => `'${r}'`).join(','))})`),
    // One live post per person in a unit: a secretary is not also a member of the same branch.
    uniqueIndex('assignments_one_post_uq').on(t.unitType, t.unitId, t.personId).where(sql`${t.endsAt} is null`),
    index('assignments_person_idx').on(t.personId),
  ],
);

/** 风险区域: an area drawn as communities, grids and buildings, at a level of its response's scheme. */
export const zones = pgTable(
  'zones',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    responseId: integer('response_id')
      .notNull()
      .references(() => responses.id),
    name: text('name').notNull(),
    /** The response's scheme, repeated so the database can check the level belongs to it. */
    scheme: text('scheme').notNull(),
    level: text('level').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id),
  },
  (t) => [
    unique('zones_response_name_uq').on(t.responseId, t.name),
    foreignKey({ name: 'zones_response_scheme_fk', columns: [t.responseId, t.scheme], foreignColumns: [responses.id, responses.zoneScheme] }),
    foreignKey({ name: 'zones_level_fk', columns: [t.scheme, t.level], foreignColumns: [riskLevels.scheme, riskLevels.code] }),
    // Equal only when an area was lifted before it started: it never came into force.
    check('zones_period_ck', sql`${t.endsAt} is null or ${t.endsAt} >= ${t.startsAt}`),
  ],
);

/** What a zone covers: a community, a grid, or a single building. */
export const zoneMembers = pgTable(
  'zone_members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    zoneId: integer('zone_id')
      .notNull()
      .references(() => zones.id),
    regionId: integer('region_id').references(() => regions.id),
    buildingId: integer('building_id').references(() => buildings.id),
  },
  (t) => [
    check('zone_members_one_ck', sql`(${t.regionId} is null) <> (${t.buildingId} is null)`),
    uniqueIndex('zone_members_region_uq').on(t.zoneId, t.regionId).where(sql`${t.regionId} is not null`),
    uniqueIndex('zone_members_building_uq').on(t.zoneId, t.buildingId).where(sql`${t.buildingId} is not null`),
  ],
);

/** The rule history: every level a zone has had, who set it and when. */
export const zoneLevelChanges = pgTable(
  'zone_level_changes',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    zoneId: integer('zone_id')
      .notNull()
      .references(() => zones.id),
    fromLevel: text('from_level'),
    toLevel: text('to_level').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: integer('changed_by').references(() => users.id),
  },
  (t) => [index('zone_level_changes_zone_idx').on(t.zoneId)],
);

/** 关卡: a checkpoint on a zone's boundary; its roster is assignments with role `roster`. */
export const checkpoints = pgTable(
  'checkpoints',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    zoneId: integer('zone_id')
      .notNull()
      .references(() => zones.id),
    name: text('name').notNull(),
    location: text('location'),
  },
  (t) => [unique('checkpoints_zone_name_uq').on(t.zoneId, t.name)],
);

export const REPORT_IN_POSTS = ['sampling_support', 'door_to_door', 'errands', 'checkpoint', 'publicity', 'care_visits'] as const;

/**
 * 双报到: a serving party member reports in to their home community, saying which posts they
 * can take and when they are free; the community assigns them one of those posts.
 */
export const reportIns = pgTable(
  'report_ins',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    communityId: integer('community_id')
      .notNull()
      .references(() => regions.id),
    posts: text('posts').array().notNull(),
    /** Free time as the member puts it, e.g. "工作日 18:00-21:00". */
    timeSlots: text('time_slots').array().notNull().default(sql`'{}'::text[]`),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
    assignedPost: text('assigned_post'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    assignedBy: integer('assigned_by').references(() => users.id),
  },
  (t) => [
    unique('report_ins_person_community_uq').on(t.personId, t.communityId),
    index('report_ins_community_idx').on(t.communityId),
    check('report_ins_posts_ck', sql`cardinality(${t.posts}) > 0 and ${t.posts} <@ array['sampling_support','door_to_door','errands','checkpoint','publicity','care_visits']::text[]`),
    check('report_ins_assigned_ck', sql`${t.assignedPost} is null or ${t.assignedPost} = any(${t.posts})`),
  ],
);
