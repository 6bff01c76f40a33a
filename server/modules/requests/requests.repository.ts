import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { numberArray } from '../../db/bulk.ts';
import { careChecks, careVisits, householdCodes, requestEvents, requests } from '../../db/schema/index.ts';
import { zoneInForce } from '../zones/zones.repository.ts';

export type RequestRecord = typeof requests.$inferSelect;
export type RequestStatus = RequestRecord['status'];
export type RequestKind = RequestRecord['kind'];
export type RequestSource = RequestRecord['source'];

const likeArray = (paths: readonly string[]) => `{${paths.map((p) => `"${p.replace(/["\\%_]/g, '\\$&')}%"`).join(',')}}`;

export interface Place {
  householdId: number;
  door: string;
  buildingId: number;
  building: string;
  gridId: number;
  gridPath: string;
  where: string;
}

const placeSelect = sql`
  select h.id as "householdId", h.door, b.id as "buildingId", b.name as building, g.id as "gridId", g.path as "gridPath",
    concat_ws(' / ', t.name, c.name, g.name) as "where"
  from households h
  join buildings b on b.id = h.building_id
  join regions g on g.id = b.grid_id
  join regions c on c.id = g.parent_id
  join regions t on t.id = c.parent_id`;

export async function findPlace(db: Db, householdId: number) {
  const [row] = await queryRows<Place>(db, sql`${placeSelect} where h.id = ${householdId}`);
  return row;
}

export async function findPlaceByDoor(db: Db, buildingId: number, door: string) {
  const [row] = await queryRows<Place>(db, sql`${placeSelect} where h.building_id = ${buildingId} and h.door = ${door}`);
  return row;
}

export interface BuildingRow {
  id: number;
  name: string;
  gridPath: string;
  where: string;
}

const buildingSelect = sql`
  select b.id, b.name, g.path as "gridPath", concat_ws(' / ', t.name, c.name, g.name) as "where"
  from buildings b
  join regions g on g.id = b.grid_id
  join regions c on c.id = g.parent_id
  join regions t on t.id = c.parent_id`;

export async function findBuildingRow(db: Db, id: number) {
  const [row] = await queryRows<BuildingRow>(db, sql`${buildingSelect} where b.id = ${id}`);
  return row;
}

/** Buildings of a grid, or every building a zone covers (by building, or by a grid or community it draws). */
export async function buildingsFor(db: Db, by: { gridId: number } | { zoneId: number }) {
  if ('gridId' in by) return queryRows<BuildingRow>(db, sql`${buildingSelect} where b.grid_id = ${by.gridId} order by b.name`);
  return queryRows<BuildingRow>(db, sql`${buildingSelect}
    where exists (
      select 1 from zone_members m left join regions mr on mr.id = m.region_id
      where m.zone_id = ${by.zoneId} and (m.building_id = b.id or g.path like mr.path || '%'))
    order by g.path, b.name`);
}

export async function findZoneExists(db: Db, zoneId: number) {
  const rows = await queryRows<{ id: number }>(db, sql`select id from zones where id = ${zoneId}`);
  return rows.length > 0;
}

// ---- household codes ----

/**
 * The live code (not revoked, not expired) — one lookup by primary key whatever the code is, so a
 * wrong, expired or revoked code costs the same as a good one and answers the same.
 */
export async function findLiveCode(db: Db, code: string, at: Date) {
  const [row] = await queryRows<{ householdId: number | null; buildingId: number | null }>(db, sql`
    select household_id as "householdId", building_id as "buildingId" from household_codes
    where code = ${code} and revoked_at is null and expires_at > ${at.toISOString()}::timestamptz`);
  return row;
}

export async function householdsOfBuildings(db: Db, buildingIds: number[]) {
  return queryRows<{ id: number; buildingId: number; door: string }>(db, sql`
    select id, building_id as "buildingId", door from households where building_id = any(${numberArray(buildingIds)}::int[]) order by building_id, door`);
}

/** Households and buildings (of those given) that already hold a live code. */
export async function liveCodeHolders(db: Db, buildingIds: number[], at: Date) {
  return queryRows<{ householdId: number | null; buildingId: number | null }>(db, sql`
    select hc.household_id as "householdId", hc.building_id as "buildingId" from household_codes hc
    left join households h on h.id = hc.household_id
    where (hc.building_id = any(${numberArray(buildingIds)}::int[]) or h.building_id = any(${numberArray(buildingIds)}::int[]))
      and hc.revoked_at is null and hc.expires_at > ${at.toISOString()}::timestamptz`);
}

export async function insertCodes(db: Db, rows: Array<{ code: string; householdId: number | null; buildingId: number | null; expiresAt: Date }>) {
  if (rows.length) await db.insert(householdCodes).values(rows);
}

export async function liveCodesOfBuilding(db: Db, buildingId: number, at: Date) {
  return queryRows<{ code: string; householdId: number | null; buildingId: number | null; expiresAt: Date }>(db, sql`
    select hc.code, hc.household_id as "householdId", hc.building_id as "buildingId", hc.expires_at as "expiresAt" from household_codes hc
    left join households h on h.id = hc.household_id
    where (hc.building_id = ${buildingId} or h.building_id = ${buildingId}) and hc.revoked_at is null and hc.expires_at > ${at.toISOString()}::timestamptz
    order by hc.created_at`);
}

export async function revokeCodesOfBuilding(db: Db, buildingId: number, at: Date) {
  const rows = await queryRows<{ code: string }>(db, sql`
    update household_codes hc set revoked_at = ${at.toISOString()}::timestamptz
    where hc.revoked_at is null and (hc.building_id = ${buildingId} or hc.household_id in (select id from households where building_id = ${buildingId}))
    returning hc.code`);
  return rows.length;
}

// ---- routing ----

/**
 * The squad for a household: an errand or delivery squad whose area holds its grid — the one for the
 * smallest area first (the squad sent into a sealed village serves it, not the town's), then the least
 * loaded (open work). Else a team whose area holds the grid, in the same order.
 */
export async function routeTo(db: Db, gridPath: string) {
  const [squad] = await queryRows<{ teamId: number; squadId: number }>(db, sql`
    select s.team_id as "teamId", s.id as "squadId" from squads s join regions r on r.id = s.region_id
    where s.kind in ('errands', 'deliveries') and ${gridPath} like r.path || '%'
    order by length(r.path) desc, (select count(*) from requests q where q.squad_id = s.id and q.status in ('open', 'claimed', 'bought')), s.id
    limit 1`);
  if (squad) return squad;
  const [team] = await queryRows<{ teamId: number }>(db, sql`
    select t.id as "teamId" from teams t join regions r on r.id = t.region_id
    where ${gridPath} like r.path || '%'
    order by length(r.path) desc, (select count(*) from requests q where q.team_id = t.id and q.status in ('open', 'claimed', 'bought')), t.id
    limit 1`);
  return team ? { teamId: team.teamId, squadId: null } : undefined;
}

export async function teamCaptain(db: Db, teamId: number) {
  const [row] = await queryRows<{ personId: number }>(db, sql`
    select person_id as "personId" from assignments where unit_type = 'team' and unit_id = ${teamId} and role = 'team_captain' and ends_at is null`);
  return row?.personId ?? null;
}

/** The commander of the response's command post for the household's town, else of the district command. */
export async function commandOwner(db: Db, responseId: number | null, gridPath: string) {
  if (responseId === null) return null;
  const [row] = await queryRows<{ personId: number }>(db, sql`
    select a.person_id as "personId" from command_units cu
    join regions r on r.id = cu.region_id
    join assignments a on a.unit_type = 'command_unit' and a.unit_id = cu.id and a.role = 'commander' and a.ends_at is null
    where cu.response_id = ${responseId} and ${gridPath} like r.path || '%'
    order by (cu.kind = 'command_post') desc, length(r.path) desc
    limit 1`);
  return row?.personId ?? null;
}

// ---- requests ----

export type NewRequest = typeof requests.$inferInsert;

/** Files a request once per client id: a resend returns nothing and the caller reads the first. */
export async function insertRequest(db: Db, r: NewRequest) {
  const [row] = await db.insert(requests).values(r).onConflictDoNothing({ target: requests.clientId }).returning();
  return row;
}

export async function findRequestByClientId(db: Db, clientId: string) {
  const [row] = await queryRows<{ id: number; householdId: number }>(db, sql`select id, household_id as "householdId" from requests where client_id = ${clientId}`);
  return row;
}

export interface NewEvent { requestId: number; at: Date; byUser: number | null; byHousehold?: boolean; fromStatus: string | null; toStatus: string; note?: string | null }

/** Writes request events in one statement (a claimed bundle writes one per request). */
export async function insertEvents(db: Db, es: readonly NewEvent[]) {
  if (es.length === 0) return;
  await db.insert(requestEvents).values(es.map((e) => ({ requestId: e.requestId, at: e.at, byUser: e.byUser, byHousehold: e.byHousehold ?? false, fromStatus: e.fromStatus, toStatus: e.toStatus, note: e.note ?? null })));
}

export const insertEvent = (db: Db, e: NewEvent) => insertEvents(db, [e]);

export interface RequestRow {
  id: number;
  kind: RequestKind;
  source: RequestSource;
  status: RequestStatus;
  householdId: number;
  buildingId: number;
  building: string;
  door: string;
  gridPath: string;
  where: string;
  items: Array<{ name: string; quantity: number; unit: string }>;
  budgetFen: number | null;
  body: string;
  contactPhone: string | null;
  teamId: number | null;
  team: string | null;
  ownerPersonId: number | null;
  owner: string | null;
  claimedBy: number | null;
  claimer: string | null;
  dueAt: Date;
  escalation: number;
  receiptFen: number | null;
  receiptPhoto: string | null;
  overBudgetApprovedBy: number | null;
  deliveryProof: string | null;
  answer: string | null;
  createdAt: Date;
}

const requestSelect = sql`
  select q.id, q.kind, q.source, q.status, q.household_id as "householdId", q.building_id as "buildingId", b.name as building, h.door,
    g.path as "gridPath", concat_ws(' / ', t.name, c.name, g.name) as "where",
    q.items, q.budget_fen as "budgetFen", q.body, q.contact_phone as "contactPhone", q.team_id as "teamId", tm.name as team,
    q.owner_person_id as "ownerPersonId", op.name as owner, q.claimed_by as "claimedBy", cp.name as claimer,
    q.due_at as "dueAt", q.escalation, q.receipt_fen as "receiptFen", q.receipt_photo as "receiptPhoto",
    q.over_budget_approved_by as "overBudgetApprovedBy", q.delivery_proof as "deliveryProof", q.answer, q.created_at as "createdAt"
  from requests q
  join households h on h.id = q.household_id
  join buildings b on b.id = q.building_id
  join regions g on g.id = q.grid_id
  join regions c on c.id = g.parent_id
  join regions t on t.id = c.parent_id
  left join teams tm on tm.id = q.team_id
  left join people op on op.id = q.owner_person_id
  left join people cp on cp.id = q.claimed_by`;

export async function findRequest(db: Db, id: number) {
  const [row] = await queryRows<RequestRow>(db, sql`${requestSelect} where q.id = ${id}`);
  return row;
}

export async function findRequests(db: Db, ids: number[]) {
  return queryRows<RequestRow>(db, sql`${requestSelect} where q.id = any(${numberArray(ids)}::int[]) order by q.id`);
}

/**
 * The board: requests inside any of `paths`, of any of `teamIds`, or claimed by `personId`;
 * overdue and escalated first, then by due time.
 */
export interface RequestFilter {
  paths: string[];
  teamIds: number[];
  personId: number | null;
  status?: RequestStatus;
  kind?: RequestKind;
}

function requestWhere(f: RequestFilter) {
  const who = sql.join(
    [
      f.paths.length ? sql`g.path like any(${likeArray(f.paths)}::text[])` : sql`false`,
      f.teamIds.length ? sql`q.team_id = any(${numberArray(f.teamIds)}::int[])` : sql`false`,
      f.personId !== null ? sql`q.claimed_by = ${f.personId}` : sql`false`,
    ],
    sql` or `,
  );
  return sql`where (${who})
      ${f.status ? sql`and q.status = ${f.status}` : sql``}
      ${f.kind ? sql`and q.kind = ${f.kind}` : sql``}`;
}

export async function listRequests(db: Db, f: RequestFilter & { at: Date; limit: number }) {
  const at = f.at.toISOString();
  return queryRows<RequestRow>(db, sql`${requestSelect}
    ${requestWhere(f)}
    order by (q.status in ('open', 'claimed', 'bought') and q.due_at < ${at}::timestamptz) desc,
      (case when q.status in ('open', 'claimed', 'bought') then q.escalation else 0 end) desc,
      (q.status in ('open', 'claimed', 'bought')) desc, q.due_at, q.id
    limit ${f.limit}`);
}

/** The board's counts over every request the filter holds (the list itself is capped): per status, and overdue. */
export async function countRequests(db: Db, f: RequestFilter & { at: Date }) {
  return queryRows<{ status: RequestStatus; n: number; overdue: number }>(db, sql`
    select q.status, count(*)::int as n,
      count(*) filter (where q.status in ('open', 'claimed', 'bought') and q.due_at < ${f.at.toISOString()}::timestamptz)::int as overdue
    from requests q join regions g on g.id = q.grid_id
    ${requestWhere(f)}
    group by q.status`);
}

export async function listRequestEvents(db: Db, requestId: number) {
  return queryRows<{ at: Date; fromStatus: string | null; toStatus: string; note: string | null; by: string | null }>(db, sql`
    select e.at, e.from_status as "fromStatus", e.to_status as "toStatus", e.note,
      case when e.by_household then 'household' else u.display_name end as by
    from request_events e left join users u on u.id = e.by_user
    where e.request_id = ${requestId} order by e.at, e.id`);
}

type HouseholdRequestRow = Pick<RequestRow, 'id' | 'kind' | 'status' | 'items' | 'budgetFen' | 'receiptFen' | 'body' | 'answer' | 'dueAt' | 'createdAt'>;
const householdRequestSelect = sql`
  select id, kind, status, items, budget_fen as "budgetFen", receipt_fen as "receiptFen", body, answer, due_at as "dueAt", created_at as "createdAt" from requests`;

/** What a household sees of its own requests: never who handled them. */
export async function householdRequests(db: Db, householdId: number) {
  return queryRows<HouseholdRequestRow>(db, sql`${householdRequestSelect} where household_id = ${householdId} order by created_at desc, id desc limit 50`);
}

export async function findHouseholdRequest(db: Db, id: number) {
  const [row] = await queryRows<HouseholdRequestRow>(db, sql`${householdRequestSelect} where id = ${id}`);
  return row;
}

/** Claims those still open of the team, in one statement: of two claims at once exactly one wins each row. */
export async function claimRequests(db: Db, ids: number[], teamIds: number[], personId: number, at: Date) {
  return queryRows<{ id: number }>(db, sql`
    update requests set status = 'claimed', claimed_by = ${personId}, claimed_at = ${at.toISOString()}::timestamptz, owner_person_id = ${personId}
    where id = any(${numberArray(ids)}::int[]) and status = 'open' and team_id = any(${numberArray(teamIds)}::int[])
    returning id`);
}

/** Moves a request on only if it is still in `from`; returns nothing when someone moved it first. */
export async function moveRequest(db: Db, id: number, from: RequestStatus, set: Partial<RequestRecord>) {
  const [row] = await db
    .update(requests)
    .set(set)
    .where(sql`${requests.id} = ${id} and ${requests.status} = ${from}`)
    .returning();
  return row;
}

/** Approves once: a second approval (a resend, or two at once) changes nothing and returns nothing. */
export async function approveOverBudget(db: Db, id: number, by: number) {
  const [row] = await db.update(requests).set({ overBudgetApprovedBy: by }).where(sql`${requests.id} = ${id} and ${requests.status} in ('open', 'claimed') and ${requests.overBudgetApprovedBy} is null`).returning();
  return row;
}

export interface Membership {
  teamId: number;
  squadId: number | null;
  squadRegionPath: string | null;
}

export async function liveMembership(db: Db, personId: number) {
  const [row] = await queryRows<Membership>(db, sql`
    select m.team_id as "teamId", m.squad_id as "squadId", r.path as "squadRegionPath"
    from team_members m left join squads s on s.id = m.squad_id left join regions r on r.id = s.region_id
    where m.person_id = ${personId} and m.left_at is null`);
  return row;
}

/** Where the temporary branches a person serves in stand (the branch living inside a sealed area works it). */
export async function branchRegionPaths(db: Db, personId: number) {
  const rows = await queryRows<{ path: string }>(db, sql`
    select distinct r.path from assignments a join orgs o on o.id = a.unit_id join regions r on r.id = o.region_id
    where a.unit_type = 'org' and a.person_id = ${personId} and a.ends_at is null and o.kind = 'temporary_branch' and o.closed_at is null`);
  return rows.map((r) => r.path);
}

export async function captainedTeams(db: Db, personId: number) {
  const rows = await queryRows<{ teamId: number }>(db, sql`
    select unit_id as "teamId" from assignments where unit_type = 'team' and role = 'team_captain' and person_id = ${personId} and ends_at is null`);
  return rows.map((r) => r.teamId);
}

export async function firstResidentPhone(db: Db, householdId: number) {
  const [row] = await queryRows<{ phone: string }>(db, sql`
    select phone from residents where household_id = ${householdId} and phone is not null order by birth_date, id limit 1`);
  return row?.phone ?? null;
}

// ---- escalation ----

export async function overdueRequests(db: Db, at: Date, secondAfterMs: number) {
  const now = at.toISOString();
  const second = new Date(at.getTime() - secondAfterMs).toISOString();
  return queryRows<{ id: number; escalation: number; status: RequestStatus; teamId: number | null; gridPath: string; responseId: number | null }>(db, sql`
    select q.id, q.escalation, q.status, q.team_id as "teamId", g.path as "gridPath", q.response_id as "responseId"
    from requests q join regions g on g.id = q.grid_id
    where q.status in ('open', 'claimed', 'bought')
      and ((q.escalation = 0 and q.due_at < ${now}::timestamptz) or (q.escalation = 1 and q.due_at < ${second}::timestamptz))
    order by q.due_at, q.id`);
}

export async function escalate(db: Db, id: number, from: number, to: number, ownerPersonId: number | null) {
  const rows = await queryRows<{ id: number; status: RequestStatus }>(db, sql`
    update requests set escalation = ${to}, owner_person_id = coalesce(${ownerPersonId}::int, owner_person_id)
    where id = ${id} and escalation = ${from} and status in ('open', 'claimed', 'bought')
    returning id, status`);
  return rows[0];
}

// ---- home care ----

/** Buildings in an area at its scheme's strictest level (sealed, high-risk) of the active response, inside any of `paths`. */
export async function riskBuildings(db: Db, paths: string[], at: Date) {
  if (!paths.length) return [];
  return queryRows<BuildingRow>(db, sql`${buildingSelect}
    where g.path like any(${likeArray(paths)}::text[])
      and exists (
        select 1 from zones z join responses rs on rs.id = z.response_id and rs.status = 'active'
        join risk_levels l on l.scheme = z.scheme and l.code = z.level
        join zone_members m on m.zone_id = z.id left join regions mr on mr.id = m.region_id
        where l.rank = 1 and ${zoneInForce('z', at)}
          and (m.building_id = b.id or g.path like mr.path || '%'))
    order by g.path, b.name`);
}

export async function careHouseholds(db: Db, buildingId: number, day: string) {
  return queryRows<{ householdId: number; door: string; visitId: number | null; mealsDelivered: boolean | null; suppliesDelivered: boolean | null; openRequests: number }>(db, sql`
    select h.id as "householdId", h.door, v.id as "visitId", v.meals_delivered as "mealsDelivered", v.supplies_delivered as "suppliesDelivered",
      (select count(*)::int from requests q where q.household_id = h.id and q.status in ('open', 'claimed', 'bought', 'delivered')) as "openRequests"
    from households h left join care_visits v on v.household_id = h.id and v.visit_date = ${day}
    where h.building_id = ${buildingId}
    order by h.door`);
}

export async function careResidents(db: Db, buildingId: number, day: string) {
  return queryRows<{ residentId: number; householdId: number; name: string; birthDate: string; specialGroups: string[]; condition: 'well' | 'unwell' | 'fever' | 'not_seen' | null; medicineShort: boolean | null; needs: string | null }>(db, sql`
    select r.id as "residentId", r.household_id as "householdId", r.name, r.birth_date::text as "birthDate", r.special_groups as "specialGroups",
      ck.condition, ck.medicine_short as "medicineShort", ck.needs
    from residents r join households h on h.id = r.household_id
    left join care_visits v on v.household_id = h.id and v.visit_date = ${day}
    left join care_checks ck on ck.visit_id = v.id and ck.resident_id = r.id
    where h.building_id = ${buildingId}
    order by h.door, r.birth_date, r.id`);
}

export async function residentsOfHousehold(db: Db, householdId: number) {
  return queryRows<{ id: number }>(db, sql`select id from residents where household_id = ${householdId}`);
}

export async function insertCareVisit(db: Db, v: typeof careVisits.$inferInsert) {
  const [row] = await db.insert(careVisits).values(v).onConflictDoNothing({ target: careVisits.clientId }).returning();
  return row;
}

export async function findCareVisitByClientId(db: Db, clientId: string) {
  const [row] = await queryRows<{ id: number; householdId: number; requestIds: number[] }>(db, sql`
    select v.id, v.household_id as "householdId",
      coalesce(array(select ck.request_id from care_checks ck where ck.visit_id = v.id and ck.request_id is not null order by ck.request_id), '{}') as "requestIds"
    from care_visits v where v.client_id = ${clientId}`);
  return row;
}

export async function insertCareChecks(db: Db, rows: Array<typeof careChecks.$inferInsert>) {
  if (rows.length) await db.insert(careChecks).values(rows);
}
