import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/index.ts';
import { csvChunks, textArray } from '../../db/bulk.ts';
import { people, regions, shiftMembers, shifts, squads, teamMembers, teams, volunteerSignups } from '../../db/schema/index.ts';
import { zoneNotEnded, zonePlace } from '../zones/zones.repository.ts';

export type TeamRecord = typeof teams.$inferSelect;
export type SquadRecord = typeof squads.$inferSelect;
export type SquadKind = SquadRecord['kind'];
export type TeamMemberRecord = typeof teamMembers.$inferSelect;
export type SignupRecord = typeof volunteerSignups.$inferSelect;

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
    csvChunks(rows, (r) => [r.teamId, r.personId, r.squadId, textArray(r.skills), textArray(r.availability), r.trained]),
  );
}

export async function insertSignupsBulk(
  db: Db,
  rows: Array<Pick<SignupRecord, 'clientId' | 'name' | 'phone' | 'birthDate' | 'partyMember' | 'homeCommunityId' | 'teamId' | 'skills' | 'availability' | 'trained'>>,
) {
  if (rows.length) await db.insert(volunteerSignups).values(rows);
}

// ---- teams and squads ---------------------------------------------------------------------------

export interface TeamRow { id: number; name: string; parentUnit: string; regionId: number; regionName: string; path: string; members: number; hours: number; pending: number }

const ts = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/**
 * Signed-in hours of shift members, as SQL over `sm` joined to its shift `s`: from sign-in to sign-out (an open
 * sign-in up to `now`), counted within the shift only — an early sign-in from its start, a forgotten or late
 * sign-out at most to its end.
 */
const hoursOf = (now: Date) =>
  sql`coalesce(sum(greatest(0, extract(epoch from (least(coalesce(sm.signed_out_at, ${ts(now)}), s.ends_at) - greatest(sm.signed_in_at, s.starts_at))))), 0)::float8 / 3600`;

/** Teams whose region contains the scope or lies inside it (a community account sees its town's teams). */
export async function listTeamRows(db: Db, scopePath: string, now: Date, teamId?: number): Promise<TeamRow[]> {
  return queryRows<TeamRow>(db, sql`
    select t.id, t.name, t.parent_unit as "parentUnit", t.region_id as "regionId", r.name as "regionName", r.path,
      (select count(*)::int from team_members m where m.team_id = t.id and m.left_at is null) as members,
      (select ${hoursOf(now)} from shift_members sm join shifts s on s.id = sm.shift_id where s.team_id = t.id and sm.signed_in_at is not null) as hours,
      (select count(*)::int from volunteer_signups v where v.team_id = t.id and v.status = 'pending') as pending
    from teams t join regions r on r.id = t.region_id
    where (r.path like ${`${scopePath}%`} or ${scopePath} like r.path || '%') ${teamId ? sql`and t.id = ${teamId}` : sql``}
    order by r.path, t.id`);
}

export interface SquadRow { id: number; teamId: number; name: string; kind: SquadKind; regionId: number | null; regionName: string | null; needed: number; members: number }

export async function listSquadRows(db: Db, teamIds: number[]): Promise<SquadRow[]> {
  if (teamIds.length === 0) return [];
  return queryRows<SquadRow>(db, sql`
    select s.id, s.team_id as "teamId", s.name, s.kind, s.region_id as "regionId", r.name as "regionName", s.needed,
      (select count(*)::int from team_members m where m.squad_id = s.id and m.left_at is null) as members
    from squads s left join regions r on r.id = s.region_id
    where s.team_id in (${sql.join(teamIds.map((id) => sql`${id}`), sql`, `)})
    order by s.team_id, s.id`);
}

export async function insertTeam(db: Db, row: Pick<TeamRecord, 'name' | 'parentUnit' | 'regionId'>) {
  const [created] = await db.insert(teams).values(row).returning();
  return created;
}

export async function insertSquad(db: Db, row: Pick<SquadRecord, 'teamId' | 'name' | 'kind' | 'regionId' | 'needed'>) {
  const [created] = await db.insert(squads).values(row).returning();
  return created;
}

export async function findSquad(db: Db, id: number) {
  const [row] = await db.select().from(squads).where(eq(squads.id, id));
  return row;
}

// ---- members -----------------------------------------------------------------------------------

export interface MemberRow {
  memberId: number; personId: number; name: string; phone: string | null; kind: string; partyMember: boolean; homeCommunity: string | null;
  squadId: number | null; skills: string[]; availability: string[]; trained: boolean; joinedAt: Date; hours: number;
}

export async function listMemberRows(db: Db, teamId: number, now: Date): Promise<MemberRow[]> {
  return queryRows<MemberRow>(db, sql`
    select m.id as "memberId", p.id as "personId", p.name, p.phone, p.kind, p.party_member as "partyMember", c.name as "homeCommunity",
      m.squad_id as "squadId", m.skills, m.availability, m.trained, m.joined_at as "joinedAt",
      (select ${hoursOf(now)} from shift_members sm join shifts s on s.id = sm.shift_id where sm.person_id = p.id and s.team_id = m.team_id and sm.signed_in_at is not null) as hours
    from team_members m join people p on p.id = m.person_id left join regions c on c.id = p.home_community_id
    where m.team_id = ${teamId} and m.left_at is null
    order by m.squad_id nulls last, m.id`);
}

export async function findMember(db: Db, id: number) {
  const [row] = await db.select().from(teamMembers).where(eq(teamMembers.id, id));
  return row;
}

/** The team a person is in now, if any. */
export async function findLiveMembership(db: Db, personId: number) {
  const [row] = await db
    .select({ memberId: teamMembers.id, teamId: teamMembers.teamId, teamName: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.personId, personId), isNull(teamMembers.leftAt)));
  return row;
}

export async function insertMember(db: Db, row: Pick<TeamMemberRecord, 'teamId' | 'personId' | 'squadId' | 'skills' | 'availability' | 'trained' | 'joinedAt'>) {
  const [created] = await db.insert(teamMembers).values(row).returning();
  return created;
}

export async function moveMember(db: Db, id: number, squadId: number | null) {
  const [row] = await db.update(teamMembers).set({ squadId }).where(and(eq(teamMembers.id, id), isNull(teamMembers.leftAt))).returning();
  return row;
}

/** Ends a live membership; nothing when it had ended already. */
export async function endMember(db: Db, id: number, at: Date) {
  const [row] = await db.update(teamMembers).set({ leftAt: at }).where(and(eq(teamMembers.id, id), isNull(teamMembers.leftAt))).returning();
  return row;
}

/** Which of these people are live members of the team. */
export async function liveMemberIds(db: Db, teamId: number, personIds: number[]) {
  if (personIds.length === 0) return new Set<number>();
  const rows = await queryRows<{ id: number }>(db, sql`
    select person_id as id from team_members where team_id = ${teamId} and left_at is null
      and person_id in (${sql.join(personIds.map((id) => sql`${id}`), sql`, `)})`);
  return new Set(rows.map((r) => r.id));
}

// ---- sign-ups ----------------------------------------------------------------------------------

export type NewSignup = Pick<SignupRecord, 'clientId' | 'name' | 'phone' | 'birthDate' | 'partyMember' | 'homeCommunityId' | 'teamId' | 'skills' | 'availability' | 'trained'>;

/** Records a sign-up once per client id; returns the row either way. */
export async function insertSignupOnce(db: Db, row: NewSignup) {
  await db.insert(volunteerSignups).values(row).onConflictDoNothing({ target: volunteerSignups.clientId });
  const [found] = await db.select().from(volunteerSignups).where(eq(volunteerSignups.clientId, row.clientId));
  return found;
}

export async function findSignup(db: Db, id: number) {
  const [row] = await db
    .select({ signup: volunteerSignups, homePath: regions.path, homeName: regions.name })
    .from(volunteerSignups)
    .innerJoin(regions, eq(regions.id, volunteerSignups.homeCommunityId))
    .where(eq(volunteerSignups.id, id));
  return row;
}

export async function listPendingSignups(db: Db, teamId: number) {
  return db
    .select({ signup: volunteerSignups, homeName: regions.name, homePath: regions.path })
    .from(volunteerSignups)
    .innerJoin(regions, eq(regions.id, volunteerSignups.homeCommunityId))
    .where(and(eq(volunteerSignups.teamId, teamId), eq(volunteerSignups.status, 'pending')))
    .orderBy(asc(volunteerSignups.id));
}

/** Decides a pending sign-up; nothing when it was decided already (by someone else, a moment ago). */
export async function decideSignup(db: Db, id: number, d: { status: 'approved' | 'rejected'; by: number | null; at: Date; personId?: number; reason?: string }) {
  const [row] = await db
    .update(volunteerSignups)
    .set({ status: d.status, decidedBy: d.by, decidedAt: d.at, personId: d.personId ?? null, rejectReason: d.reason ?? null })
    .where(and(eq(volunteerSignups.id, id), eq(volunteerSignups.status, 'pending')))
    .returning();
  return row;
}

export async function insertVolunteer(db: Db, p: { name: string; phone: string; partyMember: boolean; homeCommunityId: number }) {
  const [row] = await db.insert(people).values({ ...p, kind: 'volunteer', title: '志愿者' }).returning({ id: people.id });
  return row.id;
}

/** Inside a transaction: waits for any other approval of the same phone to finish (two sign-ups of one person). */
export async function lockVolunteerPhone(db: Db, phone: string) {
  await db.execute(sql`select pg_advisory_xact_lock(5, hashtext(${phone}))`);
}

/** A volunteer already on the books with this phone (a second sign-up of the same person). */
export async function findVolunteerByPhone(db: Db, phone: string) {
  const [row] = await db.select({ id: people.id }).from(people).where(and(eq(people.phone, phone), eq(people.kind, 'volunteer'))).orderBy(asc(people.id)).limit(1);
  return row?.id;
}

/** Towns and their communities, for the public sign-up page. */
export async function listTownsAndCommunities(db: Db) {
  return queryRows<{ id: number; name: string; level: 'town' | 'community'; parentId: number | null }>(db, sql`
    select id, name, level, parent_id as "parentId" from regions where level in ('town', 'community') order by code`);
}

export async function listTeamNames(db: Db) {
  return queryRows<{ id: number; name: string; region: string }>(db, sql`
    select t.id, t.name, r.name as region from teams t join regions r on r.id = t.region_id order by r.path, t.id`);
}

// ---- posts and shifts --------------------------------------------------------------------------

/** Every post a shift may be at, with the region path it lies in. */
const POSTS = sql`(
  select 'point' as "postType", p.id as "postId", p.name, r.path from points p join regions r on r.id = p.region_id where p.status <> 'closed'
  union all
  select 'checkpoint', k.id, k.name, coalesce(p.path, '/')
  from checkpoints k join zones z on z.id = k.zone_id left join lateral ${zonePlace(sql`z.id`)} p on true where ${zoneNotEnded('z')}
  union all
  select 'command_unit', u.id, u.name, r.path from command_units u join regions r on r.id = u.region_id join responses s on s.id = u.response_id where s.status = 'active'
)`;

export interface PostRow { postType: 'point' | 'checkpoint' | 'command_unit'; postId: number; name: string; path: string }

export async function findPost(db: Db, postType: string, postId: number) {
  const [row] = await queryRows<PostRow>(db, sql`select * from ${POSTS} posts where "postType" = ${postType} and "postId" = ${postId}`);
  return row;
}

/** Posts inside a region (a team's), checkpoints and command posts first. */
export async function listPosts(db: Db, path: string) {
  return queryRows<PostRow>(db, sql`select * from ${POSTS} posts where path like ${`${path}%`} order by case "postType" when 'command_unit' then 0 when 'checkpoint' then 1 else 2 end, path, "postId"`);
}

export async function insertShift(db: Db, s: { teamId: number; postType: PostRow['postType']; postId: number; startsAt: Date; endsAt: Date; createdBy: number | null }) {
  const [row] = await db.insert(shifts).values(s).returning();
  return row;
}

export async function insertShiftMembers(db: Db, shiftId: number, personIds: number[], by: number | null) {
  if (personIds.length) await db.insert(shiftMembers).values(personIds.map((personId) => ({ shiftId, personId, scheduledBy: by })));
}

export interface ShiftRow { id: number; teamId: number; teamName: string; postType: PostRow['postType']; postId: number; postName: string; startsAt: Date; endsAt: Date }

/** Shifts with their post's name; of a team (recent and coming) or of a person. */
export async function listShiftRows(db: Db, filter: { teamId?: number; personId?: number; shiftId?: number; since: Date }) {
  return queryRows<ShiftRow & { signedInAt: Date | null; signedOutAt: Date | null }>(db, sql`
    select s.id, s.team_id as "teamId", t.name as "teamName", s.post_type as "postType", s.post_id as "postId",
      coalesce(posts.name, '') as "postName", s.starts_at as "startsAt", s.ends_at as "endsAt",
      ${filter.personId ? sql`me.signed_in_at` : sql`null::timestamptz`} as "signedInAt",
      ${filter.personId ? sql`me.signed_out_at` : sql`null::timestamptz`} as "signedOutAt"
    from shifts s join teams t on t.id = s.team_id
    left join ${POSTS} posts on posts."postType" = s.post_type and posts."postId" = s.post_id
    ${filter.personId ? sql`join shift_members me on me.shift_id = s.id and me.person_id = ${filter.personId}` : sql``}
    where (s.ends_at >= ${ts(filter.since)}${filter.personId ? sql` or (me.signed_in_at is not null and me.signed_out_at is null)` : sql``})
      ${filter.teamId ? sql`and s.team_id = ${filter.teamId}` : sql``}
      ${filter.shiftId ? sql`and s.id = ${filter.shiftId}` : sql``}
    order by s.starts_at, s.id
    limit 200`);
}

export async function listShiftMembers(db: Db, shiftIds: number[]) {
  if (shiftIds.length === 0) return [];
  return queryRows<{ shiftId: number; personId: number; name: string; signedInAt: Date | null; signedOutAt: Date | null }>(db, sql`
    select sm.shift_id as "shiftId", p.id as "personId", p.name, sm.signed_in_at as "signedInAt", sm.signed_out_at as "signedOutAt"
    from shift_members sm join people p on p.id = sm.person_id
    where sm.shift_id in (${sql.join(shiftIds.map((id) => sql`${id}`), sql`, `)})
    order by sm.shift_id, p.id`);
}

export async function findShift(db: Db, id: number) {
  const [row] = await db.select().from(shifts).where(eq(shifts.id, id));
  return row;
}

export async function findShiftMember(db: Db, shiftId: number, personId: number) {
  const [row] = await db.select().from(shiftMembers).where(and(eq(shiftMembers.shiftId, shiftId), eq(shiftMembers.personId, personId)));
  return row;
}

/** Signs in; nothing when already signed in. The partial unique index refuses a second live sign-in. */
export async function signIn(db: Db, shiftId: number, personId: number, at: Date) {
  const [row] = await db
    .update(shiftMembers)
    .set({ signedInAt: at })
    .where(and(eq(shiftMembers.shiftId, shiftId), eq(shiftMembers.personId, personId), isNull(shiftMembers.signedInAt)))
    .returning();
  return row;
}

export async function signOut(db: Db, shiftId: number, personId: number, at: Date) {
  const [row] = await db
    .update(shiftMembers)
    .set({ signedOutAt: at })
    .where(and(eq(shiftMembers.shiftId, shiftId), eq(shiftMembers.personId, personId), isNotNull(shiftMembers.signedInAt), isNull(shiftMembers.signedOutAt)))
    .returning();
  return row;
}

/** The shift a person is signed into now, with its post's name. */
export async function findLiveSignIn(db: Db, personId: number) {
  const [row] = await queryRows<{ shiftId: number; postName: string }>(db, sql`
    select s.id as "shiftId", coalesce(posts.name, '') as "postName" from shift_members sm join shifts s on s.id = sm.shift_id
    left join ${POSTS} posts on posts."postType" = s.post_type and posts."postId" = s.post_id
    where sm.person_id = ${personId} and sm.signed_in_at is not null and sm.signed_out_at is null`);
  return row;
}

/** Who is signed in at a post now: a sign-in left open after its shift ended is not on duty. */
export async function listOnDuty(db: Db, postType: string, postId: number, now: Date) {
  return queryRows<{ shiftId: number; personId: number; name: string; teamName: string; signedInAt: Date; endsAt: Date }>(db, sql`
    select s.id as "shiftId", p.id as "personId", p.name, t.name as "teamName", sm.signed_in_at as "signedInAt", s.ends_at as "endsAt"
    from shifts s join shift_members sm on sm.shift_id = s.id join people p on p.id = sm.person_id join teams t on t.id = s.team_id
    where s.post_type = ${postType} and s.post_id = ${postId} and sm.signed_in_at is not null and sm.signed_out_at is null
      and s.ends_at > ${ts(now)}
    order by sm.signed_in_at, p.id`);
}

/** A person's signed-in hours over all shifts. */
export async function personHours(db: Db, personId: number, now: Date) {
  const [row] = await queryRows<{ hours: number }>(db, sql`select ${hoursOf(now)} as hours from shift_members sm join shifts s on s.id = sm.shift_id where sm.person_id = ${personId} and sm.signed_in_at is not null`);
  return row.hours;
}

// ---- gaps --------------------------------------------------------------------------------------

/** Teams without a captain and squads short of members, in a scope (for the gaps report). */
export async function findTeamGaps(db: Db, scopePath: string) {
  const inScope = `${scopePath}%`;
  return queryRows<{ kind: 'team_without_captain' | 'squad_short'; teamId: number; unitId: number; name: string; path: string }>(db, sql`
    select 'team_without_captain' as kind, t.id as "teamId", t.id as "unitId", t.name, r.path
    from teams t join regions r on r.id = t.region_id
    where r.path like ${inScope}
      and not exists (select 1 from assignments a where a.unit_type = 'team' and a.unit_id = t.id and a.role = 'team_captain' and a.ends_at is null)
    union all
    select 'squad_short', t.id, s.id, t.name || ' · ' || s.name, coalesce(sr.path, r.path)
    from squads s join teams t on t.id = s.team_id join regions r on r.id = t.region_id left join regions sr on sr.id = s.region_id
    where coalesce(sr.path, r.path) like ${inScope}
      and s.needed > (select count(*) from team_members m where m.squad_id = s.id and m.left_at is null)
    order by 1, 5`);
}
