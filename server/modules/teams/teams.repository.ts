import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/index.ts';
import { csvChunks } from '../../db/bulk.ts';
import { people, regions, squads, teamMembers, teams, volunteerSignups } from '../../db/schema/index.ts';

export type TeamRecord = typeof teams.$inferSelect;
export type SquadRecord = typeof squads.$inferSelect;
export type SquadKind = SquadRecord['kind'];
export type TeamMemberRecord = typeof teamMembers.$inferSelect;
export type SignupRecord = typeof volunteerSignups.$inferSelect;

/** A text[] literal for COPY: every element quoted. */
export function pgArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

export async function findTeam(db: Db, id: number) {
  const [row] = await db
    .select({ team: teams, path: regions.path, regionName: regions.name })
    .from(teams)
    .innerJoin(regions, eq(regions.id, teams.regionId))
    .where(eq(teams.id, id));
  return row;
}

// ---- bulk writes for the demo seed -------------------------------------------------------------

/** The next free people id (the seed loads people with explicit ids). */
export async function nextPersonId(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select coalesce(max(id), 0)::int + 1 as n from people`);
  return row.n;
}

export async function insertTeamsBulk(db: Db, rows: Array<Pick<TeamRecord, 'name' | 'parentUnit' | 'regionId'>>) {
  if (rows.length === 0) return [];
  return db.insert(teams).values(rows).returning({ id: teams.id, name: teams.name });
}

export async function insertSquadsBulk(db: Db, rows: Array<Pick<SquadRecord, 'teamId' | 'name' | 'kind' | 'regionId' | 'needed'>>) {
  if (rows.length === 0) return [];
  return db.insert(squads).values(rows).returning({ id: squads.id, teamId: squads.teamId, name: squads.name });
}

export async function copyTeamMembers(
  tx: Tx,
  rows: Array<Pick<TeamMemberRecord, 'teamId' | 'personId' | 'squadId' | 'skills' | 'availability' | 'trained'>>,
) {
  await tx.copyCsv(
    'team_members',
    ['team_id', 'person_id', 'squad_id', 'skills', 'availability', 'trained'],
    csvChunks(rows, (r) => [r.teamId, r.personId, r.squadId, pgArray(r.skills), pgArray(r.availability), r.trained]),
  );
}

export async function insertSignupsBulk(
  db: Db,
  rows: Array<Pick<SignupRecord, 'clientId' | 'name' | 'phone' | 'birthDate' | 'partyMember' | 'homeCommunityId' | 'teamId' | 'skills' | 'availability' | 'trained'>>,
) {
  if (rows.length) await db.insert(volunteerSignups).values(rows);
}

/** The live member rows of a team, in id order. */
export async function liveMembers(db: Db, teamId: number) {
  return db
    .select({ id: teamMembers.id, personId: teamMembers.personId, squadId: teamMembers.squadId, name: people.name })
    .from(teamMembers)
    .innerJoin(people, eq(people.id, teamMembers.personId))
    .where(and(eq(teamMembers.teamId, teamId), isNull(teamMembers.leftAt)))
    .orderBy(asc(teamMembers.id));
}
