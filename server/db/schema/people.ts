import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { regions } from './regions.ts';

export const PERSON_KINDS = ['leader', 'cadre', 'medical', 'community_cadre', 'grid_worker', 'volunteer'] as const;

/** 工作力量: the people who do the work — leaders, cadres, medical staff, grid workers, volunteers. */
export const people = pgTable(
  'people',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    kind: text('kind', { enum: PERSON_KINDS }).notNull(),
    phone: text('phone'),
    /** Post and unit, e.g. "区委常委、组织部部长". */
    title: text('title'),
    partyMember: boolean('party_member').notNull().default(false),
    homeCommunityId: integer('home_community_id').references(() => regions.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('people_kind_idx').on(t.kind),
    index('people_home_community_idx').on(t.homeCommunityId),
    check('people_kind_ck', sql`${t.kind} in ('leader','cadre','medical','community_cadre','grid_worker','volunteer')`),
    check('people_phone_ck', sql`${t.phone} is null or ${t.phone} ~ '^1[3-9][0-9]{9}$'`),
  ],
);

/**
 * 网格员: who works which grid, and since and until when. A grid with no live row (no `ends_at`) is a
 * blank spot. A post is ended, never deleted, so the history keeps who answered for a grid when.
 */
export const gridWorkers = pgTable(
  'grid_workers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    gridId: integer('grid_id').notNull().references(() => regions.id),
    personId: integer('person_id').notNull().references(() => people.id),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    assignedBy: integer('assigned_by').references(() => users.id),
    endedBy: integer('ended_by').references(() => users.id),
  },
  (t) => [
    // One live post per person and grid: assigning the same worker twice is refused by the database.
    uniqueIndex('grid_workers_live_uq').on(t.gridId, t.personId).where(sql`${t.endsAt} is null`),
    index('grid_workers_person_idx').on(t.personId),
    check('grid_workers_period_ck', sql`${t.endsAt} is null or ${t.endsAt} >= ${t.since}`),
  ],
);
