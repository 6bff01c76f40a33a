import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { deploymentMoves, deploymentPlans, requestEvents, requests, teamMembers } from '../../db/schema/index.ts';
import type { ShiftRef } from '../points/points.repository.ts';

export type PlanRecord = typeof deploymentPlans.$inferSelect;
export type MoveRecord = typeof deploymentMoves.$inferSelect;
export type GapKind = MoveRecord['gapKind'];

/** Where something is on the map, falling back from a community to its town to the district. */
const spot = (lat: SQL, lng: SQL) => sql`${lat} as lat, ${lng} as lng`;
const DISTRICT_LAT = sql`(select d.lat from regions d where d.level = 'district' limit 1)`;
const DISTRICT_LNG = sql`(select d.lng from regions d where d.level = 'district' limit 1)`;

/**
 * On duty now, so never moved: checked in at a point this shift, signed in to a team shift, or
 * holding a live post (a point chief, a command post, a branch, a checkpoint roster, a captaincy).
 */
const onDuty = (person: SQL, s: ShiftRef) => sql`(
  exists (select 1 from point_checkins ci where ci.person_id = ${person} and ci.shift_date = ${s.shiftDate} and ci.shift = ${s.shift} and ci.checked_out_at is null)
  or exists (select 1 from shift_members sm where sm.person_id = ${person} and sm.signed_in_at is not null and sm.signed_out_at is null)
  or exists (select 1 from assignments a where a.person_id = ${person} and a.ends_at is null))`;

export interface PointTeamRow {
  id: number;
  name: string;
  address: string;
  lat: number | null;
  lng: number | null;
  town: string;
  community: string;
  /** People checked in this shift, by role. */
  present: Record<string, number>;
}

/** Running points with their current site and this shift's team by role. */
export async function runningPointTeams(db: Db, s: ShiftRef, statuses: readonly string[]) {
  return queryRows<PointTeamRow>(db, sql`
    select p.id, p.name, st.address, ${spot(sql`coalesce(st.lat, c.lat, t.lat, ${DISTRICT_LAT})`, sql`coalesce(st.lng, c.lng, t.lng, ${DISTRICT_LNG})`)},
      t.name as town, c.name as community,
      coalesce((select jsonb_object_agg(x.role, x.n) from (
        select ci.role, count(*)::int as n from point_checkins ci
        where ci.point_id = p.id and ci.shift_date = ${s.shiftDate} and ci.shift = ${s.shift} and ci.checked_out_at is null
        group by ci.role) x), '{}'::jsonb) as present
    from points p
    join point_sites st on st.point_id = p.id and st.until is null
    join regions c on c.id = p.region_id
    join regions t on t.id = c.parent_id
    where p.status in (${sql.join(statuses.map((x) => sql`${x}`), sql`, `)})
    order by c.path, p.name`);
}

export interface SquadGapRow {
  id: number;
  name: string;
  kind: string;
  teamId: number;
  team: string;
  needed: number;
  members: number;
  place: string;
  lat: number | null;
  lng: number | null;
}

/** Squads with fewer live members than they need. */
export async function shortSquads(db: Db) {
  return queryRows<SquadGapRow>(db, sql`
    select q.id, q.name, q.kind, q.team_id as "teamId", tm.name as team, q.needed, count(m.id)::int as members,
      coalesce(r.name, tr.name) as place,
      ${spot(sql`coalesce(r.lat, rp.lat, tr.lat, ${DISTRICT_LAT})`, sql`coalesce(r.lng, rp.lng, tr.lng, ${DISTRICT_LNG})`)}
    from squads q
    join teams tm on tm.id = q.team_id
    join regions tr on tr.id = tm.region_id
    left join regions r on r.id = q.region_id
    left join regions rp on rp.id = r.parent_id
    left join team_members m on m.squad_id = q.id and m.left_at is null
    group by q.id, tm.id, tr.id, r.id, rp.id
    having count(m.id) < q.needed
    order by tm.name, q.name`);
}

export interface RequestGapRow {
  id: number;
  kind: string;
  communityId: number;
  town: string;
  community: string;
  building: string;
  door: string;
  lat: number | null;
  lng: number | null;
}

/** Requests waiting past their due time with no one on them (questions are answered, not run). */
export async function overdueRequests(db: Db, at: Date) {
  return queryRows<RequestGapRow>(db, sql`
    select rq.id, rq.kind, c.id as "communityId", t.name as town, c.name as community, b.name as building, h.door,
      ${spot(sql`coalesce(c.lat, t.lat, ${DISTRICT_LAT})`, sql`coalesce(c.lng, t.lng, ${DISTRICT_LNG})`)}
    from requests rq
    join buildings b on b.id = rq.building_id
    join households h on h.id = rq.household_id
    join regions g on g.id = rq.grid_id
    join regions c on c.id = g.parent_id
    join regions t on t.id = c.parent_id
    where rq.status = 'open' and rq.claimed_by is null and rq.kind <> 'question' and rq.due_at < ${at.toISOString()}::timestamptz
    order by rq.due_at, rq.id`);
}

export interface AvailableRow {
  id: number;
  name: string;
  kind: string;
  partyMember: boolean;
  homeCommunityId: number | null;
  town: string | null;
  lat: number | null;
  lng: number | null;
  teamMember: boolean;
  /** Already in a squad: not taken from it for another squad (that would open a gap there). */
  inSquad: boolean;
  skills: string[];
  /** Posts the person offered when reporting in to a community (双报到); empty when they did not. */
  reportPosts: string[];
}

/**
 * People free to be sent: cadres, community cadres, medical staff, team members and report-in party
 * members who are not on duty now.
 */
export async function availablePeople(db: Db, s: ShiftRef) {
  return queryRows<AvailableRow>(db, sql`
    select p.id, p.name, p.kind, p.party_member as "partyMember", p.home_community_id as "homeCommunityId", t.name as town,
      ${spot(sql`coalesce(c.lat, t.lat, ${DISTRICT_LAT})`, sql`coalesce(c.lng, t.lng, ${DISTRICT_LNG})`)},
      (m.id is not null) as "teamMember", (m.squad_id is not null) as "inSquad", coalesce(m.skills, '{}'::text[]) as skills,
      coalesce((select array_agg(distinct x order by x) from report_ins ri, unnest(ri.posts) x where ri.person_id = p.id), '{}'::text[]) as "reportPosts"
    from people p
    left join team_members m on m.person_id = p.id and m.left_at is null
    left join regions c on c.id = p.home_community_id
    left join regions t on t.id = c.parent_id
    where (p.kind in ('cadre', 'community_cadre', 'medical') or m.id is not null or exists (select 1 from report_ins ri where ri.person_id = p.id))
      and not ${onDuty(sql`p.id`, s)}
    order by p.id`);
}

/** Which of these people are on duty now. */
export async function peopleOnDuty(db: Db, personIds: readonly number[], s: ShiftRef) {
  if (personIds.length === 0) return new Set<number>();
  const rows = await queryRows<{ id: number }>(db, sql`
    select p.id from people p where p.id in (${sql.join(personIds.map((x) => sql`${x}`), sql`, `)}) and ${onDuty(sql`p.id`, s)}`);
  return new Set(rows.map((r) => r.id));
}

export async function insertPlan(db: Db, p: Pick<PlanRecord, 'responseId' | 'gapCount' | 'filledCount' | 'totalMeters' | 'createdBy'>, moves: Array<Pick<MoveRecord, 'personId' | 'gapKind' | 'targetId' | 'role' | 'meters'>>) {
  const [plan] = await db.insert(deploymentPlans).values(p).returning();
  for (let i = 0; i < moves.length; i += 2000) {
    await db.insert(deploymentMoves).values(moves.slice(i, i + 2000).map((m) => ({ ...m, planId: plan.id })));
  }
  return plan;
}

export async function findPlan(db: Db, id: number) {
  const [row] = await db.select().from(deploymentPlans).where(eq(deploymentPlans.id, id));
  return row;
}

export interface MoveRow {
  id: number;
  personId: number;
  name: string;
  personKind: string;
  phone: string | null;
  hasAccount: boolean;
  from: string;
  gapKind: GapKind;
  targetId: number;
  to: string;
  address: string;
  role: string | null;
  meters: number;
  acceptedAt: Date | null;
}

/** A plan's moves with who, from where, to which post and its address. */
export async function listMoves(db: Db, planId: number, ids?: readonly number[]) {
  return queryRows<MoveRow>(db, sql`
    select mv.id, mv.person_id as "personId", pe.name, pe.kind as "personKind", pe.phone,
      exists (select 1 from users u where u.person_id = pe.id and not u.disabled) as "hasAccount",
      coalesce(ht.name || ' / ' || hc.name, '') as "from",
      mv.gap_kind as "gapKind", mv.target_id as "targetId", mv.role, mv.meters, mv.accepted_at as "acceptedAt",
      case mv.gap_kind
        when 'point_role' then pt.name
        when 'squad' then tm.name || ' / ' || q.name
        else rt.name || rc.name || ' ' || b.name || ' ' || h.door end as "to",
      case mv.gap_kind
        when 'point_role' then st.address
        when 'squad' then coalesce(qr.name, tmr.name)
        else rt.name || rc.name || ' ' || b.name || ' ' || h.door end as address
    from deployment_moves mv
    join people pe on pe.id = mv.person_id
    left join regions hc on hc.id = pe.home_community_id
    left join regions ht on ht.id = hc.parent_id
    left join points pt on mv.gap_kind = 'point_role' and pt.id = mv.target_id
    left join point_sites st on st.point_id = pt.id and st.until is null
    left join squads q on mv.gap_kind = 'squad' and q.id = mv.target_id
    left join teams tm on tm.id = q.team_id
    left join regions qr on qr.id = q.region_id
    left join regions tmr on tmr.id = tm.region_id
    left join requests rq on mv.gap_kind = 'request' and rq.id = mv.target_id
    left join buildings b on b.id = rq.building_id
    left join households h on h.id = rq.household_id
    left join regions rg on rg.id = rq.grid_id
    left join regions rc on rc.id = rg.parent_id
    left join regions rt on rt.id = rc.parent_id
    where mv.plan_id = ${planId}
      ${ids ? sql`and mv.id in (${sql.join(ids.map((x) => sql`${x}`), sql`, `)})` : sql``}
    order by mv.gap_kind, mv.target_id, mv.role, mv.id`);
}

/** Decides a plan once: returns nothing when it was decided already (or concurrently). */
export async function decidePlan(db: Db, id: number, status: PlanRecord['status'], by: number | null, at: Date) {
  const [row] = await db
    .update(deploymentPlans)
    .set({ status, decidedBy: by, decidedAt: at })
    .where(and(eq(deploymentPlans.id, id), eq(deploymentPlans.status, 'proposed')))
    .returning();
  return row;
}

export async function markAccepted(db: Db, ids: readonly number[], at: Date) {
  if (ids.length) await db.update(deploymentMoves).set({ acceptedAt: at }).where(inArray(deploymentMoves.id, [...ids]));
}

/** A point's status and how many are checked in to a role this shift. */
export async function pointRoleNow(db: Db, pointId: number, role: string, s: ShiftRef) {
  const [row] = await queryRows<{ status: string; present: number; required: number | null }>(db, sql`
    select p.status,
      (select count(*)::int from point_checkins ci where ci.point_id = p.id and ci.role = ${role}
        and ci.shift_date = ${s.shiftDate} and ci.shift = ${s.shift} and ci.checked_out_at is null) as present,
      (select tr.required from team_roles tr where tr.role = ${role}) as required
    from points p where p.id = ${pointId}`);
  return row;
}

/** A squad's need and live members. */
export async function squadNow(db: Db, squadId: number) {
  const [row] = await queryRows<{ teamId: number; needed: number; members: number }>(db, sql`
    select q.team_id as "teamId", q.needed, (select count(*)::int from team_members m where m.squad_id = q.id and m.left_at is null) as members
    from squads q where q.id = ${squadId}`);
  return row;
}

/**
 * Puts a person in a squad: a member of the squad's team moves squad; a member of another team
 * leaves it (skills and training go along) and joins this one; anyone else joins.
 */
export async function joinSquad(db: Db, personId: number, squad: { id: number; teamId: number }, at: Date) {
  const [live] = await db.select().from(teamMembers).where(and(eq(teamMembers.personId, personId), isNull(teamMembers.leftAt)));
  if (live && live.teamId === squad.teamId) {
    await db.update(teamMembers).set({ squadId: squad.id }).where(eq(teamMembers.id, live.id));
    return;
  }
  if (live) await db.update(teamMembers).set({ leftAt: sql`greatest(${at.toISOString()}::timestamptz, ${teamMembers.joinedAt})` }).where(eq(teamMembers.id, live.id));
  await db.insert(teamMembers).values({ teamId: squad.teamId, personId, squadId: squad.id, skills: live?.skills ?? [], trained: live?.trained ?? false, joinedAt: at });
}

/**
 * Locks the people and the gaps (points, squads) of the moves being accepted, always in id order, so
 * two acceptances touching one of them run one after the other and the second sees what the first did
 * (no key update: a check-in or membership written meanwhile, which only takes a key share for its
 * foreign key, is not held up).
 */
export async function lockMoveSubjects(db: Db, personIds: readonly number[], pointIds: readonly number[], squadIds: readonly number[]) {
  const ids = (xs: readonly number[]) => sql.join([...new Set(xs)].sort((a, b) => a - b).map((x) => sql`${x}`), sql`, `);
  if (personIds.length) await db.execute(sql`select id from people where id in (${ids(personIds)}) order by id for no key update`);
  if (pointIds.length) await db.execute(sql`select id from points where id in (${ids(pointIds)}) order by id for no key update`);
  if (squadIds.length) await db.execute(sql`select id from squads where id in (${ids(squadIds)}) order by id for no key update`);
}

/** Whether a person is a live member of some squad now. */
export async function inSquadNow(db: Db, personId: number) {
  const rows = await queryRows<{ one: number }>(db, sql`select 1 as one from team_members where person_id = ${personId} and left_at is null and squad_id is not null`);
  return rows.length > 0;
}

/** The person claims an open, unclaimed request and owns it; nothing when someone else got there first. */
export async function claimRequestFor(db: Db, requestId: number, personId: number, by: number | null, at: Date) {
  const [row] = await db
    .update(requests)
    .set({ status: 'claimed', claimedBy: personId, claimedAt: at, ownerPersonId: personId })
    .where(and(eq(requests.id, requestId), eq(requests.status, 'open'), isNull(requests.claimedBy)))
    .returning({ id: requests.id });
  if (row) await db.insert(requestEvents).values({ requestId, at, byUser: by, fromStatus: 'open', toStatus: 'claimed', note: '跨区域调配 redeployment' });
  return row;
}

/** The live accounts linked to these people. */
export async function accountsOf(db: Db, personIds: readonly number[]) {
  if (personIds.length === 0) return [];
  return queryRows<{ userId: number; personId: number }>(db, sql`
    select u.id as "userId", u.person_id as "personId" from users u
    where not u.disabled and u.person_id in (${sql.join(personIds.map((x) => sql`${x}`), sql`, `)}) order by u.id`);
}
