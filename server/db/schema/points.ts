import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { people } from './people.ts';
import { regions } from './regions.ts';

export const POINT_STATUSES = ['planned', 'setting_up', 'open', 'paused', 'relocating', 'closed'] as const;
export const QUEUE_STATUSES = ['under_25', 'over_25', 'over_50', 'resting'] as const;

/**
 * 采样点: a sampling point. Its address lives in `point_sites`, so a relocation moves the
 * point (its team, tubes, history and counts keep its id) and leaves the old site behind as history.
 */
export const points = pgTable(
  'points',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull().unique(),
    /** The community the point stands in: scope checks and the command's views go by it. */
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    status: text('status', { enum: POINT_STATUSES }).notNull().default('planned'),
    desks: integer('desks').notNull().default(1),
    /** Opening hours, `HH:MM`. */
    opensAt: text('opens_at').notNull().default('08:00'),
    closesAt: text('closes_at').notNull().default('20:00'),
    /** The queue as the point chief last reported it. */
    queueStatus: text('queue_status', { enum: QUEUE_STATUSES }),
    queueReportedAt: timestamp('queue_reported_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('points_region_idx').on(t.regionId),
    check('points_status_ck', sql`${t.status} in ('planned','setting_up','open','paused','relocating','closed')`),
    check('points_desks_ck', sql`${t.desks} between 1 and 200`),
    check('points_hours_ck', sql`${t.opensAt} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.closesAt} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
    check('points_queue_ck', sql`${t.queueStatus} is null or ${t.queueStatus} in ('under_25','over_25','over_50','resting')`),
  ],
);

/** Where a point is and was: the current site has no `until`; a relocation ends it and opens the next. */
export const pointSites = pgTable(
  'point_sites',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    pointId: integer('point_id')
      .notNull()
      .references(() => points.id),
    address: text('address').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
    until: timestamp('until', { withTimezone: true }),
    /** Why the point left this site, when it did. */
    movedReason: text('moved_reason'),
    movedBy: integer('moved_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('point_sites_current_uq').on(t.pointId).where(sql`${t.until} is null`),
    index('point_sites_point_idx').on(t.pointId),
    check('point_sites_coords_ck', sql`(${t.lat} is null) = (${t.lng} is null) and (${t.lat} is null or (${t.lat} between -90 and 90 and ${t.lng} between -180 and 180))`),
    check('point_sites_period_ck', sql`${t.until} is null or ${t.until} >= ${t.since}`),
  ],
);

/** The communities and grids a point serves. */
export const pointServedRegions = pgTable(
  'point_served_regions',
  {
    pointId: integer('point_id')
      .notNull()
      .references(() => points.id),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
  },
  (t) => [primaryKey({ columns: [t.pointId, t.regionId] }), index('point_served_regions_region_idx').on(t.regionId)],
);

/** The lifecycle history: every status a point has had, who set it and when. */
export const pointStatusChanges = pgTable(
  'point_status_changes',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    pointId: integer('point_id')
      .notNull()
      .references(() => points.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: integer('changed_by').references(() => users.id),
  },
  (t) => [index('point_status_changes_point_idx').on(t.pointId)],
);

/**
 * The composition of a point's team, kept as data: "1+3+10+N" is 1 point chief, 1 medical lead,
 * 1 party-volunteer captain, 1 community cadre, 10 medical staff and N volunteers (the migration ships it).
 */
export const teamRoles = pgTable(
  'team_roles',
  {
    role: text('role').primaryKey(),
    /** How many a complete shift needs; 0 for the open-ended "N". */
    required: integer('required').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [check('team_roles_required_ck', sql`${t.required} >= 0`), check('team_roles_role_ck', sql`${t.role} ~ '^[a-z_]+$'`)],
);

/**
 * A shift check-in: a person on a point's team for one shift, by role. A person is on one
 * point per shift (the database refuses a second live check-in).
 */
export const pointCheckins = pgTable(
  'point_checkins',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    pointId: integer('point_id')
      .notNull()
      .references(() => points.id),
    shiftDate: date('shift_date', { mode: 'string' }).notNull(),
    shift: text('shift', { enum: ['day', 'night'] }).notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    role: text('role')
      .notNull()
      .references(() => teamRoles.role),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull().defaultNow(),
    checkedInBy: integer('checked_in_by').references(() => users.id),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('point_checkins_person_shift_uq').on(t.shiftDate, t.shift, t.personId).where(sql`${t.checkedOutAt} is null`),
    index('point_checkins_point_shift_idx').on(t.pointId, t.shiftDate, t.shift),
    check('point_checkins_shift_ck', sql`${t.shift} in ('day','night')`),
    check('point_checkins_period_ck', sql`${t.checkedOutAt} is null or ${t.checkedOutAt} >= ${t.checkedInAt}`),
  ],
);
