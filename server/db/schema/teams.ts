import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { people } from './people.ts';
import { regions } from './regions.ts';

export const SQUAD_KINDS = ['errands', 'door_to_door', 'point_support', 'checkpoint', 'deliveries'] as const;
export const SHIFT_POST_TYPES = ['point', 'checkpoint', 'command_unit'] as const;

/**
 * 志愿服务队: a volunteer team ("首善先锋" and the like) under a parent unit (a bureau, a town, the
 * People's Congress). Its captain (队长) is an `assignments` row with unit type `team`.
 */
export const teams = pgTable(
  'teams',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull().unique(),
    /** The unit that raised the team, e.g. "区人大常委会", "区委组织部". */
    parentUnit: text('parent_unit').notNull(),
    /** Where the team works: a town or the district. Requests are routed by it. */
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('teams_region_idx').on(t.regionId)],
);

/** 小分队: a squad of a team for one kind of work, optionally for one area. */
export const squads = pgTable(
  'squads',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: SQUAD_KINDS }).notNull(),
    /** The community or town it serves, when it serves one area (the errand squad inside a sealed area). */
    regionId: integer('region_id').references(() => regions.id),
    /** How many members it needs; a squad below it is a staffing gap. */
    needed: integer('needed').notNull().default(0),
  },
  (t) => [
    unique('squads_team_name_uq').on(t.teamId, t.name),
    index('squads_team_idx').on(t.teamId),
    check('squads_kind_ck', sql`${t.kind} in ('errands','door_to_door','point_support','checkpoint','deliveries')`),
    check('squads_needed_ck', sql`${t.needed} >= 0`),
  ],
);

/**
 * A member of a team (a person of any kind: a cadre of the 45-cadre team is a member too). A person is
 * in one team at a time; leaving ends the row, it is never deleted.
 */
export const teamMembers = pgTable(
  'team_members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    squadId: integer('squad_id').references(() => squads.id),
    /** e.g. 'driving', 'first_aid', 'sampling', 'dialect', 'publicity'. */
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** Free time as the member puts it, e.g. "工作日 18:00-21:00". */
    availability: text('availability').array().notNull().default(sql`'{}'::text[]`),
    trained: boolean('trained').notNull().default(false),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('team_members_one_team_uq').on(t.personId).where(sql`${t.leftAt} is null`),
    index('team_members_team_idx').on(t.teamId),
    index('team_members_squad_idx').on(t.squadId),
    check('team_members_skills_ck', sql`array_to_string(${t.skills}, ',') ~ '^[a-z_,]*$'`),
    check('team_members_period_ck', sql`${t.leftAt} is null or ${t.leftAt} >= ${t.joinedAt}`),
  ],
);

/**
 * A volunteer's registration from the public sign-up page, waiting for a captain or the community.
 * Approval makes a `people` row and a `team_members` row; eligibility (18 or over, trained) is
 * checked then and the database refuses an approved row that is not trained.
 */
export const volunteerSignups = pgTable(
  'volunteer_signups',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** Client-generated: a resent form makes no second registration. */
    clientId: uuid('client_id').notNull().unique(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    partyMember: boolean('party_member').notNull().default(false),
    homeCommunityId: integer('home_community_id')
      .notNull()
      .references(() => regions.id),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    availability: text('availability').array().notNull().default(sql`'{}'::text[]`),
    trained: boolean('trained').notNull().default(false),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] }).notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    personId: integer('person_id').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('volunteer_signups_team_status_idx').on(t.teamId, t.status),
    check('volunteer_signups_status_ck', sql`${t.status} in ('pending','approved','rejected')`),
    check('volunteer_signups_phone_ck', sql`${t.phone} ~ '^1[3-9][0-9]{9}$'`),
    check('volunteer_signups_decided_ck', sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
    check('volunteer_signups_approved_ck', sql`${t.status} <> 'approved' or (${t.trained} and ${t.personId} is not null)`),
  ],
);

/** A shift a captain schedules at a post: a sampling point, a checkpoint or a command post. */
export const shifts = pgTable(
  'shifts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id),
    postType: text('post_type', { enum: SHIFT_POST_TYPES }).notNull(),
    postId: integer('post_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('shifts_post_idx').on(t.postType, t.postId, t.startsAt),
    index('shifts_team_idx').on(t.teamId, t.startsAt),
    check('shifts_post_type_ck', sql`${t.postType} in ('point','checkpoint','command_unit')`),
    check('shifts_period_ck', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * Who is scheduled on a shift, and when they signed in and out on their phone. A person is signed in
 * to one shift at a time: the database refuses a second live sign-in. Hours are `signed_out - signed_in`.
 */
export const shiftMembers = pgTable(
  'shift_members',
  {
    shiftId: integer('shift_id')
      .notNull()
      .references(() => shifts.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    scheduledBy: integer('scheduled_by').references(() => users.id),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull().defaultNow(),
    signedInAt: timestamp('signed_in_at', { withTimezone: true }),
    signedOutAt: timestamp('signed_out_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.shiftId, t.personId] }),
    index('shift_members_person_idx').on(t.personId),
    uniqueIndex('shift_members_one_live_uq').on(t.personId).where(sql`${t.signedInAt} is not null and ${t.signedOutAt} is null`),
    check('shift_members_sign_ck', sql`${t.signedOutAt} is null or (${t.signedInAt} is not null and ${t.signedOutAt} >= ${t.signedInAt})`),
  ],
);
