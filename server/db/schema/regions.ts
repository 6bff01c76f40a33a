import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgTable, text, timestamp, unique, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const REGION_LEVELS = ['district', 'town', 'community', 'grid'] as const;

/**
 * The administrative tree down to the grid (区 → 镇/街道 → 村/社区 → 网格).
 * `path` is the chain of ancestor ids, `/1/4/37/`, so "is X inside Y" is a prefix test.
 * The counts are maintained by the regions repository whenever residents change.
 */
export const regions = pgTable(
  'regions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => regions.id),
    level: text('level', { enum: REGION_LEVELS }).notNull(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    path: text('path').notNull(),
    buildingCount: integer('building_count').notNull().default(0),
    householdCount: integer('household_count').notNull().default(0),
    residentCount: integer('resident_count').notNull().default(0),
    /** A representative spot (a community's centre): travel distances for redeployment go by it. */
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('regions_parent_name_uq').on(t.parentId, t.name),
    index('regions_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    check('regions_level_ck', sql`${t.level} in ('district','town','community','grid')`),
    check('regions_root_ck', sql`(${t.level} = 'district') = (${t.parentId} is null)`),
    check('regions_coords_ck', sql`(${t.lat} is null) = (${t.lng} is null) and (${t.lat} is null or (${t.lat} between -90 and 90 and ${t.lng} between -180 and 180))`),
    check('regions_counts_ck', sql`${t.buildingCount} >= 0 and ${t.householdCount} >= 0 and ${t.residentCount} >= 0`),
  ],
);

/** 楼栋: a building (or a compound's block) inside one grid. */
export const buildings = pgTable(
  'buildings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    gridId: integer('grid_id').notNull().references(() => regions.id),
    name: text('name').notNull(),
    householdCount: integer('household_count').notNull().default(0),
    residentCount: integer('resident_count').notNull().default(0),
  },
  (t) => [unique('buildings_grid_name_uq').on(t.gridId, t.name)],
);

/** 户: a household at a door of a building. */
export const households = pgTable(
  'households',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    buildingId: integer('building_id').notNull().references(() => buildings.id),
    door: text('door').notNull(),
  },
  (t) => [unique('households_building_door_uq').on(t.buildingId, t.door)],
);
