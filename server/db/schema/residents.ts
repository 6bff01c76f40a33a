import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { households, regions } from './regions.ts';

export const SPECIAL_GROUPS = ['elderly_alone', 'bedridden', 'disabled', 'pregnant', 'chronic_ill'] as const;

/**
 * 居民: a person on the district's population roster. The ID number (GB 11643) is the natural key:
 * imports upsert by it. `gridId` repeats the household's grid so scoped reads need no join.
 */
export const residents = pgTable(
  'residents',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    idNumber: text('id_number').notNull().unique(),
    name: text('name').notNull(),
    gender: text('gender', { enum: ['M', 'F'] }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    phone: text('phone'),
    householdId: integer('household_id').notNull().references(() => households.id),
    gridId: integer('grid_id').notNull().references(() => regions.id),
    specialGroups: text('special_groups').array().notNull().default(sql`'{}'::text[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('residents_grid_idx').on(t.gridId),
    index('residents_household_idx').on(t.householdId),
    index('residents_phone_idx').on(t.phone),
    // Code-point order: serves both `like '陈%'` and the search's ORDER BY, so a page needs no sort.
    index('residents_name_idx').using('btree', sql`${t.name} collate "C"`, t.id),
    check('residents_id_number_ck', sql`${t.idNumber} ~ '^[0-9]{17}[0-9X]$'`),
    check('residents_gender_ck', sql`${t.gender} in ('M','F')`),
    check('residents_phone_ck', sql`${t.phone} is null or ${t.phone} ~ '^1[3-9][0-9]{9}$'`),
    check(
      'residents_special_groups_ck',
      sql`${t.specialGroups} <@ array['elderly_alone','bedridden','disabled','pregnant','chronic_ill']::text[]`,
    ),
  ],
);
