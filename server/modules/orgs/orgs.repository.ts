import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { assignments, orgPairings, orgs, regions } from '../../db/schema/index.ts';

export type OrgRecord = typeof orgs.$inferSelect;
export type NewOrg = Pick<OrgRecord, 'name' | 'kind'> & Partial<Pick<OrgRecord, 'responseId' | 'attachedType' | 'attachedId' | 'regionId'>>;

export async function insertOrg(db: Db, org: NewOrg) {
  const [row] = await db.insert(orgs).values(org).returning();
  return row;
}

export async function findOrg(db: Db, id: number) {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  return row;
}

export async function listOrgs(db: Db, filter: { responseId?: number; kind?: OrgRecord['kind'] }) {
  const conds = [];
  if (filter.responseId !== undefined) conds.push(eq(orgs.responseId, filter.responseId));
  if (filter.kind) conds.push(eq(orgs.kind, filter.kind));
  return db.select().from(orgs).where(and(...conds)).orderBy(asc(orgs.id));
}

/** Live members (secretary, deputies and members) per organisation. */
export async function memberCounts(db: Db, orgIds: number[]) {
  if (orgIds.length === 0) return new Map<number, number>();
  const rows = await db
    .select({ orgId: assignments.unitId, n: sql<number>`count(distinct ${assignments.personId})::int` })
    .from(assignments)
    .where(and(eq(assignments.unitType, 'org'), inArray(assignments.unitId, orgIds), isNull(assignments.endsAt)))
    .groupBy(assignments.unitId);
  return new Map(rows.map((r) => [r.orgId, r.n]));
}

/** Closes one organisation if it is still open; returns it as it is now, or nothing when it was closed already. */
export async function closeOrg(db: Db, id: number, at: Date) {
  const [row] = await db.update(orgs).set({ closedAt: at }).where(and(eq(orgs.id, id), isNull(orgs.closedAt))).returning();
  return row;
}

/** The checkpoints and sampling points the given branches work at, by name. */
export async function attachedPlaces(db: Db, orgIds: number[]) {
  if (orgIds.length === 0) return new Map<number, { type: 'checkpoint' | 'point'; id: number; name: string }>();
  const rows = await queryRows<{ orgId: number; type: 'checkpoint' | 'point'; id: number; name: string }>(db, sql`
    select o.id as "orgId", o.attached_type as type, o.attached_id as id, coalesce(k.name, p.name) as name
    from orgs o
    left join checkpoints k on o.attached_type = 'checkpoint' and k.id = o.attached_id
    left join points p on o.attached_type = 'point' and p.id = o.attached_id
    where o.id = any(${sql.param(orgIds)}::int[]) and o.attached_type in ('checkpoint', 'point')`);
  return new Map(rows.map(({ orgId, ...place }) => [orgId, place]));
}

export async function closeResponseOrgs(db: Db, responseId: number, at: Date) {
  return db.update(orgs).set({ closedAt: at }).where(and(eq(orgs.responseId, responseId), isNull(orgs.closedAt))).returning({ id: orgs.id });
}

/** Closes the open branches working at these checkpoints (their area was lifted). */
export async function closeCheckpointOrgs(db: Db, checkpointIds: number[], at: Date) {
  if (checkpointIds.length === 0) return [];
  return db
    .update(orgs)
    .set({ closedAt: at })
    .where(and(eq(orgs.attachedType, 'checkpoint'), inArray(orgs.attachedId, checkpointIds), isNull(orgs.closedAt)))
    .returning({ id: orgs.id });
}

export async function insertPairing(db: Db, orgId: number, communityId: number, pairedBy: number | null) {
  await db.insert(orgPairings).values({ orgId, communityId, pairedBy });
}

export async function deletePairing(db: Db, orgId: number, communityId: number) {
  const rows = await db.delete(orgPairings).where(and(eq(orgPairings.orgId, orgId), eq(orgPairings.communityId, communityId))).returning({ orgId: orgPairings.orgId });
  return rows.length > 0;
}

export async function pairingsOfOrgs(db: Db, orgIds: number[]) {
  if (orgIds.length === 0) return [];
  return db
    .select({ orgId: orgPairings.orgId, communityId: regions.id, communityName: regions.name })
    .from(orgPairings)
    .innerJoin(regions, eq(regions.id, orgPairings.communityId))
    .where(inArray(orgPairings.orgId, orgIds))
    .orderBy(asc(regions.code));
}

/** The live organisations paired with a community. */
export async function orgsPairedWith(db: Db, communityId: number) {
  return db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgPairings)
    .innerJoin(orgs, eq(orgs.id, orgPairings.orgId))
    .where(and(eq(orgPairings.communityId, communityId), isNull(orgs.closedAt)))
    .orderBy(asc(orgs.name));
}
