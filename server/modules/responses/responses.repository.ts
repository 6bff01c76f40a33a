import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { commandUnits, responses } from '../../db/schema/index.ts';
import type { GAP_KINDS, TGap } from '../../../contracts/responses.ts';
import { zoneInForce, zonePlace } from '../zones/zones.repository.ts';

export type ResponseRecord = typeof responses.$inferSelect;
export type CommandUnitRecord = typeof commandUnits.$inferSelect;

export async function insertResponse(db: Db, r: Pick<ResponseRecord, 'code' | 'name' | 'startedOn' | 'zoneScheme'> & { createdBy: number | null }) {
  const [row] = await db.insert(responses).values(r).returning();
  return row;
}

export async function findResponse(db: Db, id: number) {
  const [row] = await db.select().from(responses).where(eq(responses.id, id));
  return row;
}

export async function listResponses(db: Db) {
  return db.select().from(responses).orderBy(sql`${responses.startedOn} desc`);
}

/**
 * Inside a transaction: takes the response's row lock and returns its status as it is now, so a
 * change to what lives by the response cannot slip past its closing. 'share' for a change to one
 * of its units (many may run at once; closing waits for them, they wait for closing); 'update'
 * to also run one at a time (two areas drawn at once over the same place, an area lifted while
 * its checkpoint's roster is assigned).
 */
export async function lockResponse(db: Db, id: number, mode: 'share' | 'update') {
  const [row] = await db.select({ status: responses.status }).from(responses).where(eq(responses.id, id)).for(mode);
  return row?.status;
}

export async function closeResponse(db: Db, id: number, at: Date) {
  const [row] = await db.update(responses).set({ status: 'closed', closedAt: at }).where(and(eq(responses.id, id), eq(responses.status, 'active'))).returning();
  return row;
}

export async function insertCommandUnit(db: Db, u: Pick<CommandUnitRecord, 'responseId' | 'kind' | 'name' | 'regionId'>) {
  const [row] = await db.insert(commandUnits).values(u).returning();
  return row;
}

export async function findCommandUnit(db: Db, id: number) {
  const [row] = await db.select().from(commandUnits).where(eq(commandUnits.id, id));
  return row;
}

export async function listCommandUnits(db: Db, responseId: number) {
  return db.select().from(commandUnits).where(eq(commandUnits.responseId, responseId)).orderBy(asc(commandUnits.id));
}

/** The checkpoints of a response's risk areas (checkpoints belong to zones, zones to a response). */
export async function checkpointIdsOfResponse(db: Db, responseId: number) {
  const rows = await queryRows<{ id: number }>(db, sql`select k.id from checkpoints k join zones z on z.id = k.zone_id where z.response_id = ${responseId} order by k.id`);
  return rows.map((r) => r.id);
}

/**
 * The response a command unit, a party organisation or a checkpoint belongs to (null: a standing
 * organisation, or no such unit). For refusing assignments to the units of a closed response.
 */
export async function responseOfUnit(db: Db, unitType: 'command_unit' | 'org' | 'checkpoint', unitId: number) {
  const query =
    unitType === 'command_unit' ? sql`select response_id as id from command_units where id = ${unitId}`
    : unitType === 'org' ? sql`select response_id as id from orgs where id = ${unitId}`
    : sql`select z.response_id as id from checkpoints k join zones z on z.id = k.zone_id where k.id = ${unitId}`;
  const [row] = await queryRows<{ id: number | null }>(db, query);
  return row?.id ?? null;
}

export interface GapRow {
  kind: (typeof GAP_KINDS)[number];
  unitType: TGap['unitType'];
  unitId: number;
  name: string;
  /** The region path the gap lies in, for the caller's scope. */
  path: string;
}

/**
 * 空白点、薄弱点: every place or unit inside `scopePath` that nobody is responsible for.
 * Anti-joins on small tables (a few thousand regions, a few hundred units): no resident row is read.
 */
export async function findGaps(db: Db, responseId: number, scopePath: string, shift: { shiftDate: string; shift: string }): Promise<GapRow[]> {
  const inScope = `${scopePath}%`;
  return queryRows<GapRow>(db, sql`
    select 'town_without_area_chief' as kind, 'region' as "unitType", t.id as "unitId", t.name, t.path
    from regions t
    where t.level = 'town' and t.path like ${inScope}
      and not exists (select 1 from assignments a where a.unit_type = 'town' and a.unit_id = t.id and a.role = 'area_chief' and a.ends_at is null)
    union all
    select 'community_without_pairing', 'region', c.id, c.name, c.path
    from regions c
    where c.level = 'community' and c.path like ${inScope}
      and not exists (select 1 from org_pairings p join orgs o on o.id = p.org_id where p.community_id = c.id and o.closed_at is null)
    union all
    select 'grid_without_grid_worker', 'region', g.id, g.name, g.path
    from regions g
    where g.level = 'grid' and g.path like ${inScope}
      and not exists (select 1 from grid_workers w where w.grid_id = g.id and w.ends_at is null)
    union all
    select 'command_post_without_commander', 'command_unit', u.id, u.name, r.path
    from command_units u join regions r on r.id = u.region_id
    where u.response_id = ${responseId} and u.kind = 'command_post' and r.path like ${inScope}
      and not exists (select 1 from assignments a where a.unit_type = 'command_unit' and a.unit_id = u.id and a.role = 'commander' and a.ends_at is null)
    union all
    select 'branch_without_secretary', 'org', o.id, o.name, coalesce(r.path, '/')
    from orgs o left join regions r on r.id = o.region_id
    where o.response_id = ${responseId} and o.closed_at is null and coalesce(r.path, ${scopePath}) like ${inScope}
      and not exists (select 1 from assignments a where a.unit_type = 'org' and a.unit_id = o.id and a.role = 'secretary' and a.ends_at is null)
    union all
    select 'checkpoint_without_roster', 'checkpoint', k.id, k.name, p.path
    from checkpoints k join zones z on z.id = k.zone_id
    cross join lateral ${zonePlace(sql`z.id`)} p
    where z.response_id = ${responseId} and ${zoneInForce('z')} and p.path like ${inScope}
      and not exists (select 1 from assignments a where a.unit_type = 'checkpoint' and a.unit_id = k.id and a.role = 'roster' and a.ends_at is null)
    union all
    select 'point_without_chief', 'point', p.id, p.name, r.path
    from points p join regions r on r.id = p.region_id
    where p.status <> 'closed' and r.path like ${inScope}
      and not exists (select 1 from assignments a where a.unit_type = 'point' and a.unit_id = p.id and a.role = 'point_chief' and a.ends_at is null)
    union all
    select 'point_team_incomplete', 'point', p.id, p.name, r.path
    from points p join regions r on r.id = p.region_id
    where p.status = 'open' and r.path like ${inScope}
      and exists (
        select 1 from team_roles tr
        where tr.required > (
          select count(*) from point_checkins ci
          where ci.point_id = p.id and ci.shift_date = ${shift.shiftDate} and ci.shift = ${shift.shift} and ci.role = tr.role and ci.checked_out_at is null))
    order by 1, 5`);
}

/** The response the district is running now, if any (the latest started): requests and redeployment plans belong to it. */
export async function activeResponseId(db: Db) {
  const [row] = await queryRows<{ id: number }>(db, sql`select id from responses where status = 'active' order by started_on desc, id desc limit 1`);
  return row?.id ?? null;
}
