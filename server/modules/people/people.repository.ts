import { and, asc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/index.ts';
import { csvChunks, syncIdentity } from '../../db/bulk.ts';
import { people, regions } from '../../db/schema/index.ts';

export type PersonRecord = typeof people.$inferSelect;
export type PersonKind = PersonRecord['kind'];

export async function copyPeople(tx: Tx, rows: Array<Pick<PersonRecord, 'id' | 'name' | 'kind' | 'phone' | 'title' | 'partyMember' | 'homeCommunityId'>>) {
  await tx.copyCsv(
    'people',
    ['id', 'name', 'kind', 'phone', 'title', 'party_member', 'home_community_id'],
    csvChunks(rows, (r) => [r.id, r.name, r.kind, r.phone, r.title, r.partyMember, r.homeCommunityId]),
  );
  await syncIdentity(tx.db, 'people');
}

export async function copyGridWorkers(tx: Tx, rows: Array<{ gridId: number; personId: number }>) {
  await tx.copyCsv('grid_workers', ['grid_id', 'person_id'], csvChunks(rows, (r) => [r.gridId, r.personId]));
}

export async function findPerson(db: Db, id: number) {
  const [row] = await db.select().from(people).where(eq(people.id, id));
  return row;
}

/** People whose home community lies inside `scopePath` (leaders have the district as scope). */
export async function listPeople(db: Db, filter: { scopePath: string; kind?: PersonKind; name?: string; partyMember?: boolean }, page: number, pageSize: number) {
  const conds: SQL[] = [like(regions.path, `${filter.scopePath}%`)];
  if (filter.kind) conds.push(eq(people.kind, filter.kind));
  if (filter.partyMember !== undefined) conds.push(eq(people.partyMember, filter.partyMember));
  if (filter.name) conds.push(like(people.name, `${filter.name.replace(/[%_\\]/g, '\\$&')}%`));
  const where = and(...conds);
  const rows = await db
    .select({
      id: people.id,
      name: people.name,
      kind: people.kind,
      phone: people.phone,
      title: people.title,
      partyMember: people.partyMember,
      homeCommunityId: people.homeCommunityId,
      homeCommunityName: regions.name,
    })
    .from(people)
    .innerJoin(regions, eq(regions.id, people.homeCommunityId))
    .where(where)
    .orderBy(asc(people.kind), asc(people.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .innerJoin(regions, eq(regions.id, people.homeCommunityId))
    .where(where);
  return { rows, total: n };
}

/** People by their post titles, in id order (the demo seed finds its cadres this way). */
export async function findPeopleByTitles(db: Db, titles: string[]) {
  if (titles.length === 0) return [];
  return db.select({ id: people.id, title: people.title, kind: people.kind }).from(people).where(inArray(people.title, titles)).orderBy(asc(people.id));
}

export async function listPeopleOfKind(db: Db, kind: PersonKind) {
  return db.select({ id: people.id, name: people.name, title: people.title }).from(people).where(eq(people.kind, kind)).orderBy(asc(people.id));
}
