import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { numberArray, textArray } from '../../db/bulk.ts';
import { roundExemptions, roundPoolSizes, rounds, roundScope, scanSubmissions, tubes } from '../../db/schema/index.ts';
import { zoneInForce } from '../zones/zones.repository.ts';

export type RoundRecord = typeof rounds.$inferSelect;
export type ExemptionReason = (typeof roundExemptions.$inferSelect)['reason'];


export async function insertRound(
  db: Db,
  r: Pick<RoundRecord, 'responseId' | 'name' | 'startsAt' | 'endsAt' | 'defaultPoolSize'> & { openedBy: number | null },
  scope: { regionIds: number[]; zoneIds: number[] },
  poolSizes: Array<{ scheme: string; level: string; poolSize: number }>,
) {
  const [row] = await db.insert(rounds).values(r).returning();
  const scopeRows = [...scope.regionIds.map((regionId) => ({ roundId: row.id, regionId })), ...scope.zoneIds.map((zoneId) => ({ roundId: row.id, zoneId }))];
  await db.insert(roundScope).values(scopeRows);
  if (poolSizes.length) await db.insert(roundPoolSizes).values(poolSizes.map((p) => ({ roundId: row.id, ...p })));
  return row;
}

export async function findRound(db: Db, id: number) {
  const [row] = await db.select().from(rounds).where(eq(rounds.id, id));
  return row;
}

export async function listRounds(db: Db, responseId: number) {
  return db.select().from(rounds).where(eq(rounds.responseId, responseId)).orderBy(asc(rounds.startsAt), asc(rounds.id));
}

export async function closeRound(db: Db, id: number) {
  const [row] = await db.update(rounds).set({ status: 'closed' }).where(and(eq(rounds.id, id), eq(rounds.status, 'open'))).returning();
  return row;
}

export async function listPoolSizes(db: Db, roundId: number) {
  return db.select({ level: roundPoolSizes.level, poolSize: roundPoolSizes.poolSize }).from(roundPoolSizes).where(eq(roundPoolSizes.roundId, roundId));
}

/** The round's scope as names, and as region paths and single buildings the scope reaches. */
export async function roundScopeOf(db: Db, roundId: number) {
  return queryRows<{ kind: 'region' | 'zone'; id: number; name: string; paths: string[]; buildingIds: number[] }>(db, sql`
    select 'region' as kind, r.id, r.name, array[r.path] as paths, array[]::int[] as "buildingIds"
    from round_scope s join regions r on r.id = s.region_id where s.round_id = ${roundId}
    union all
    select 'zone', z.id, z.name,
      -- An area drawn by buildings is tested grid by grid: the grids its buildings stand in.
      array(
        select m.path from zone_members zm join regions m on m.id = zm.region_id where zm.zone_id = z.id
        union
        select g.path from zone_members zm join buildings b on b.id = zm.building_id join regions g on g.id = b.grid_id where zm.zone_id = z.id),
      array(select zm.building_id from zone_members zm where zm.zone_id = z.id and zm.building_id is not null)
    from round_scope s join zones z on z.id = s.zone_id where s.round_id = ${roundId}
    order by 1, 2`);
}

/** Risk levels in force for a response: by region path (community or grid) and by building. */
export async function activeZoneLevels(db: Db, responseId: number) {
  return queryRows<{ level: string; rank: number; path: string | null; buildingId: number | null }>(db, sql`
    select z.level, l.rank, r.path, m.building_id as "buildingId"
    from zones z join risk_levels l on l.scheme = z.scheme and l.code = z.level
    join zone_members m on m.zone_id = z.id left join regions r on r.id = m.region_id
    where z.response_id = ${responseId} and ${zoneInForce('z')}`);
}

export async function findSubmission(db: Db, id: string) {
  const [row] = await db.select().from(scanSubmissions).where(eq(scanSubmissions.id, id));
  return row;
}

export interface RosterHit { id: number; idNumber: string; gridId: number; gridPath: string }

/** Residents by ID number or by id, with the path of their grid (a key lookup each, no join). */
export async function residentsWhere(db: Db, by: { idNumbers: string[] } | { ids: number[] }) {
  const where = 'ids' in by ? sql`r.id = any(${numberArray(by.ids)}::int[])` : sql`r.id_number = any(${textArray(by.idNumbers)}::text[])`;
  return queryRows<RosterHit>(db, sql`
    select r.id, r.id_number as "idNumber", r.grid_id as "gridId", (select g.path from regions g where g.id = r.grid_id) as "gridPath"
    from residents r where ${where}`);
}

/** The hot path of an ingest: residents by ID number, from the roster's own index and nothing else. */
export async function rosterByIdNumbers(db: Db, idNumbers: string[]) {
  if (idNumbers.length === 0) return [];
  return queryRows<{ id: number; idNumber: string; gridId: number; householdId: number }>(db, sql`
    select id, id_number as "idNumber", grid_id as "gridId", household_id as "householdId"
    from residents where id_number = any(${textArray(idNumbers)}::text[])`);
}

export async function gridPaths(db: Db) {
  return queryRows<{ id: number; path: string }>(db, sql`select id, path from regions where level = 'grid'`);
}

export async function householdsOfBuildings(db: Db, buildingIds: number[]) {
  if (buildingIds.length === 0) return [];
  return queryRows<{ id: number; buildingId: number }>(db, sql`
    select id, building_id as "buildingId" from households where building_id = any(${numberArray(buildingIds)}::int[])`);
}

/** Which of these residents (or visitors) have a swab in this round already, and in which tube. */
export async function alreadySampled(db: Db, roundId: number, residentIds: number[], visitorIds: string[], retest = false) {
  if (residentIds.length + visitorIds.length === 0) return [];
  return queryRows<{ residentId: number | null; visitorIdNumber: string | null; code: string }>(db, sql`
    select s.resident_id as "residentId", s.visitor_id_number as "visitorIdNumber", t.code
    from samples s join tubes t on t.id = s.tube_id
    where s.round_id = ${roundId} and s.resident_id = any(${numberArray(residentIds)}::int[]) and s.retest = ${retest}
    union all
    select null, s.visitor_id_number, t.code
    from samples s join tubes t on t.id = s.tube_id
    where s.round_id = ${roundId} and s.visitor_id_number = any(${textArray(visitorIds)}::text[])`);
}

export async function usedTubeCodes(db: Db, roundId: number, codes: string[]) {
  const rows = await db.select({ code: tubes.code }).from(tubes).where(and(eq(tubes.roundId, roundId), inArray(tubes.code, codes)));
  return rows.map((r) => r.code);
}

export interface BatchTube { code: string; scannedAt: Date; persons: Array<{ residentId: number | null; gridId: number | null; visitorIdNumber: string | null }> }

/**
 * Writes one submission in the caller's transaction: the submission (first, so a concurrent resend
 * of the same id waits here and then finds it), its tubes, their samples, and the counters per
 * grid and per point, in a fixed order so concurrent batches never deadlock. Returns false when
 * the submission was already there.
 */
export async function writeBatch(
  db: Db,
  b: { submissionId: string; roundId: number; pointId: number; by: number | null; tubes: BatchTube[]; persons: number; visitors: number; retest: boolean },
) {
  const inserted = await queryRows<{ id: string }>(db, sql`
    insert into scan_submissions (id, round_id, point_id, tubes, persons, visitors, submitted_by)
    select ${b.submissionId}, ${b.roundId}, ${b.pointId}, ${b.tubes.length}, ${b.persons}, ${b.visitors}, ${b.by}
    where exists (select 1 from rounds where id = ${b.roundId} and status = 'open')
    on conflict (id) do nothing returning id`);
  if (inserted.length === 0) return false;
  const tubeRows = await queryRows<{ id: number; code: string }>(db, sql`
    insert into tubes (round_id, code, point_id, submission_id, persons, scanned_at, purpose)
    select ${b.roundId}, code, ${b.pointId}, ${b.submissionId}, n, at, ${b.retest ? 'retest' : 'screen'}
    from unnest(${textArray(b.tubes.map((t) => t.code))}::text[], ${numberArray(b.tubes.map((t) => t.persons.length))}::int[], ${`{${b.tubes.map((t) => `"${t.scannedAt.toISOString()}"`).join(',')}}`}::timestamptz[]) as x(code, n, at)
    returning id, code`);
  const idOf = new Map(tubeRows.map((t) => [t.code, Number(t.id)]));
  const all = b.tubes.flatMap((t) => t.persons.map((p) => ({ ...p, tubeId: idOf.get(t.code)! })));
  await db.execute(sql`
    insert into samples (round_id, tube_id, resident_id, grid_id, visitor_id_number, retest)
    select ${b.roundId}, t, r, g, v, ${b.retest}
    from unnest(${numberArray(all.map((p) => p.tubeId))}::bigint[], ${numberArray(all.map((p) => p.residentId))}::int[], ${numberArray(all.map((p) => p.gridId))}::int[], ${textArray(all.map((p) => p.visitorIdNumber))}::text[]) as x(t, r, g, v)`);
  const residents = all.filter((p) => p.residentId !== null);
  // Someone exempted who comes to be swabbed all the same is tested, no longer exempt.
  if (residents.length && !b.retest) {
    await db.execute(sql`
      with gone as (
        delete from round_exemptions where round_id = ${b.roundId} and resident_id = any(${numberArray(residents.map((p) => p.residentId))}::int[])
        returning grid_id
      )
      update round_grid_counts c set exempt = c.exempt - x.n
      from (select grid_id, count(*)::int as n from gone group by grid_id) x
      where c.round_id = ${b.roundId} and c.grid_id = x.grid_id`);
  }
  // A scan closes the person's home-sampling task (a retest scan, their retest task) and a retest answers the recall.
  if (residents.length) {
    await db.execute(sql`
      update home_tasks set status = 'done', closed_at = now()
      where round_id = ${b.roundId} and status = 'open' and (reason = 'retest') = ${b.retest}
        and resident_id = any(${numberArray(residents.map((p) => p.residentId))}::int[])`);
  }
  if (b.retest) {
    await db.execute(sql`
      update recalls c set retest_tube_id = x.t
      from unnest(${numberArray(residents.map((p) => p.residentId))}::int[], ${numberArray(residents.map((p) => p.tubeId))}::bigint[]) as x(r, t)
      where c.round_id = ${b.roundId} and c.resident_id = x.r and c.status = 'open'`);
  }
  if (!b.retest) await db.execute(sql`
    insert into round_grid_counts (round_id, grid_id, tested)
    select ${b.roundId}, g, count(*)::int from unnest(${numberArray(all.map((p) => p.gridId))}::int[]) as x(g)
    where g is not null group by g order by g
    on conflict (round_id, grid_id) do update set tested = round_grid_counts.tested + excluded.tested`);
  await db.execute(sql`
    insert into round_point_counts (round_id, point_id, tubes, persons, visitors, last_scan_at)
    values (${b.roundId}, ${b.pointId}, ${b.tubes.length}, ${b.persons}, ${b.visitors}, now())
    on conflict (round_id, point_id) do update set
      tubes = round_point_counts.tubes + excluded.tubes, persons = round_point_counts.persons + excluded.persons,
      visitors = round_point_counts.visitors + excluded.visitors, last_scan_at = excluded.last_scan_at`);
  return true;
}

export async function insertExemption(db: Db, e: { roundId: number; residentId: number; gridId: number; reason: ExemptionReason; note: string | null; by: number | null }) {
  const rows = await queryRows<{ residentId: number }>(db, sql`
    insert into round_exemptions (round_id, resident_id, grid_id, reason, note, recorded_by)
    select ${e.roundId}, ${e.residentId}, ${e.gridId}, ${e.reason}, ${e.note}, ${e.by}
    where not exists (select 1 from samples s where s.round_id = ${e.roundId} and s.resident_id = ${e.residentId} and not s.retest)
    on conflict do nothing returning resident_id as "residentId"`);
  if (rows.length === 0) return false;
  await db.execute(sql`
    insert into round_grid_counts (round_id, grid_id, exempt) values (${e.roundId}, ${e.gridId}, 1)
    on conflict (round_id, grid_id) do update set exempt = round_grid_counts.exempt + 1`);
  return true;
}

export interface CoverageRow { id: number; name: string; level: string; residents: number; exempt: number; tested: number }

/**
 * Coverage from the maintained counters: the parts of `parentId` (or every grid inside it when
 * `flat`), summed over the grids that the round's scope reaches. Reads ~1,600 grid rows, never a resident.
 */
export async function coverageRows(db: Db, roundId: number, scopePaths: string[], parentPath: string, parentId: number, flat: boolean) {
  const like = textArrayLike(scopePaths);
  return queryRows<CoverageRow>(db, sql`
    with g as (
      select g.id, g.path, g.resident_count, coalesce(c.tested, 0) as tested, coalesce(c.exempt, 0) as exempt
      from regions g left join round_grid_counts c on c.round_id = ${roundId} and c.grid_id = g.id
      where g.level = 'grid' and g.path like ${`${parentPath}%`} and g.path like any(${like}::text[])
    )
    ${flat
      ? sql`select r.id, r.name, r.level, g.resident_count::int as residents, g.exempt::int as exempt, g.tested::int as tested
            from g join regions r on r.id = g.id order by r.path`
      : sql`select r.id, r.name, r.level, sum(g.resident_count)::int as residents, sum(g.exempt)::int as exempt, sum(g.tested)::int as tested
            from regions r join g on g.path like r.path || '%'
            where r.parent_id = ${parentId} group by r.id, r.name, r.level, r.path order by r.path`}`);
}

/** Scope paths as LIKE patterns in one array parameter (paths hold only digits and slashes). */
function textArrayLike(paths: string[]) {
  return textArray(paths.map((p) => `${p}%`));
}

export async function pointCounts(db: Db, roundId: number) {
  return queryRows<{ pointId: number; name: string; tubes: number; persons: number; visitors: number; lastScanAt: Date | null }>(db, sql`
    select c.point_id as "pointId", p.name, c.tubes, c.persons, c.visitors, c.last_scan_at as "lastScanAt"
    from round_point_counts c join points p on p.id = c.point_id where c.round_id = ${roundId} order by p.name`);
}

export async function roundTotals(db: Db, roundId: number) {
  const [row] = await queryRows<{ tubes: number; visitors: number }>(db, sql`
    select coalesce(sum(tubes), 0)::int as tubes, coalesce(sum(visitors), 0)::int as visitors from round_point_counts where round_id = ${roundId}`);
  return row;
}

/** Residents of a grid or a building with no swab and no exemption this round: the sweep list (扫楼). */
export async function untested(db: Db, roundId: number, place: { gridId: number } | { buildingId: number }) {
  const where = 'gridId' in place ? sql`r.grid_id = ${place.gridId}` : sql`h.building_id = ${place.buildingId}`;
  return queryRows<{ residentId: number; name: string; idNumber: string; phone: string | null; birthDate: string; building: string; door: string; specialGroups: string[]; homeTask: boolean }>(db, sql`
    select r.id as "residentId", r.name, r.id_number as "idNumber", r.phone, r.birth_date::text as "birthDate",
      b.name as building, h.door, r.special_groups as "specialGroups",
      exists (select 1 from home_tasks t where t.round_id = ${roundId} and t.resident_id = r.id and t.status = 'open') as "homeTask"
    from residents r join households h on h.id = r.household_id join buildings b on b.id = h.building_id
    where ${where}
      and not exists (select 1 from samples s where s.round_id = ${roundId} and s.resident_id = r.id and not s.retest)
      and not exists (select 1 from round_exemptions e where e.round_id = ${roundId} and e.resident_id = r.id)
    order by b.name, h.door, r.id`);
}

/** Recomputes the round's counters from the facts (samples, exemptions, tubes). */
export async function rebuildCounters(db: Db, roundId: number) {
  await db.execute(sql`delete from round_grid_counts where round_id = ${roundId}`);
  await db.execute(sql`
    insert into round_grid_counts (round_id, grid_id, tested, exempt)
    select ${roundId}, grid_id, sum(tested)::int, sum(exempt)::int from (
      select grid_id, count(*) as tested, 0 as exempt from samples where round_id = ${roundId} and grid_id is not null and not retest group by grid_id
      union all
      select grid_id, 0, count(*) from round_exemptions where round_id = ${roundId} group by grid_id
    ) x group by grid_id`);
  await db.execute(sql`delete from round_point_counts where round_id = ${roundId}`);
  await db.execute(sql`
    insert into round_point_counts (round_id, point_id, tubes, persons, visitors, last_scan_at)
    select ${roundId}, t.point_id, count(distinct t.id)::int, count(s.id)::int, count(s.visitor_id_number)::int, max(t.scanned_at)
    from tubes t join samples s on s.tube_id = t.id where t.round_id = ${roundId} group by t.point_id`);
}

/** The counters as they stand, to compare before and after a rebuild. */
export async function counterSnapshot(db: Db, roundId: number) {
  const grids = await queryRows<{ gridId: number; tested: number; exempt: number }>(db, sql`
    select grid_id as "gridId", tested, exempt from round_grid_counts where round_id = ${roundId} and (tested > 0 or exempt > 0) order by grid_id`);
  const points = await queryRows<{ pointId: number; tubes: number; persons: number; visitors: number }>(db, sql`
    select point_id as "pointId", tubes, persons, visitors from round_point_counts where round_id = ${roundId} order by point_id`);
  return { grids, points };
}

/** The most tasks one list returns: a squad works a building at a time, the counts say the rest. */
export const HOME_TASKS_PAGE = 2000;

export type SweepOutcome = 'will_come' | 'no_answer' | 'away' | 'refused' | 'home_sampling_needed';
export type HomeTaskReason = 'bedridden' | 'disabled' | 'elderly' | 'sealed_area' | 'requested' | 'retest';

export async function insertSweepContact(db: Db, c: { roundId: number; residentId: number; channel: 'door' | 'phone'; outcome: SweepOutcome; note: string | null; by: number | null }) {
  await db.execute(sql`
    insert into sweep_contacts (round_id, resident_id, channel, outcome, note, contacted_by)
    values (${c.roundId}, ${c.residentId}, ${c.channel}, ${c.outcome}, ${c.note}, ${c.by})`);
}

/** The latest contact with each of these residents this round. */
export async function lastContacts(db: Db, roundId: number, residentIds: number[]) {
  if (residentIds.length === 0) return [];
  return queryRows<{ residentId: number; channel: 'door' | 'phone'; outcome: SweepOutcome; note: string | null; at: Date; by: string | null }>(db, sql`
    select distinct on (c.resident_id) c.resident_id as "residentId", c.channel, c.outcome, c.note, c.contacted_at as at, u.display_name as by
    from sweep_contacts c left join users u on u.id = c.contacted_by
    where c.round_id = ${roundId} and c.resident_id = any(${numberArray(residentIds)}::int[])
    order by c.resident_id, c.contacted_at desc, c.id desc`);
}

/** Opens a home-sampling task unless the person has one open; returns whether it did. */
export async function insertHomeTask(db: Db, t: { roundId: number; residentId: number; gridId: number; reason: HomeTaskReason; urgent: boolean }) {
  const rows = await queryRows<{ id: number }>(db, sql`
    insert into home_tasks (round_id, resident_id, grid_id, reason, urgent)
    values (${t.roundId}, ${t.residentId}, ${t.gridId}, ${t.reason}, ${t.urgent})
    on conflict (round_id, resident_id) where status = 'open' do nothing returning id`);
  return rows.length > 0;
}

/**
 * Home-sampling tasks for everyone in the round's scope who cannot come and has not been swabbed
 * or exempted: people in sealed or high-risk areas first, then the bedridden, the disabled and
 * those 80 or older. Returns how many were opened, by reason.
 */
export async function generateHomeTasks(db: Db, roundId: number, scopePaths: string[], sealedPaths: string[], sealedBuildings: number[], elderlyBorn: string) {
  return queryRows<{ reason: HomeTaskReason; n: number }>(db, sql`
    with candidates as (
      select r.id, r.grid_id,
        case
          when g.path like any(${textArrayLike(sealedPaths.length ? sealedPaths : ['-'])}::text[]) or h.building_id = any(${numberArray(sealedBuildings)}::int[]) then 'sealed_area'
          when 'bedridden' = any(r.special_groups) then 'bedridden'
          when 'disabled' = any(r.special_groups) then 'disabled'
          when r.birth_date <= ${elderlyBorn}::date then 'elderly'
        end as reason
      from residents r join households h on h.id = r.household_id join regions g on g.id = r.grid_id
      where g.path like any(${textArrayLike(scopePaths)}::text[])
        and not exists (select 1 from samples s where s.round_id = ${roundId} and s.resident_id = r.id and not s.retest)
        and not exists (select 1 from round_exemptions e where e.round_id = ${roundId} and e.resident_id = r.id)
    ), opened as (
      insert into home_tasks (round_id, resident_id, grid_id, reason, urgent)
      select ${roundId}, id, grid_id, reason, reason = 'sealed_area' from candidates where reason is not null
      on conflict (round_id, resident_id) where status = 'open' do nothing
      returning reason
    )
    select reason, count(*)::int as n from opened group by reason order by reason`);
}

/** `and` the grid `g` lies in the area the point serves; nothing without a point. */
/** Narrows a task list to the area a point serves, or to what one squad was handed. */
export interface HomeTaskFilter { pointId?: number; squadId?: number }
const taskFilter = (f: HomeTaskFilter) => sql`
  ${f.pointId ? sql`and exists (select 1 from point_served_regions ps join regions sr on sr.id = ps.region_id where ps.point_id = ${f.pointId} and g.path like sr.path || '%')` : sql``}
  ${f.squadId ? sql`and t.squad_id = ${f.squadId}` : sql``}`;

/** Home-sampling tasks in a region, or in the area a point serves (its squads' round), with where to go. */
export async function listHomeTasks(db: Db, roundId: number, pathPrefix: string, status: 'open' | 'done', filter: HomeTaskFilter) {
  return queryRows<{ id: number; residentId: number; name: string; phone: string | null; idNumber: string; reason: HomeTaskReason; urgent: boolean; buildingId: number; building: string; door: string; gridId: number; gridPath: string; specialGroups: string[]; squadId: number | null; squad: string | null; createdAt: Date; closedAt: Date | null }>(db, sql`
    select t.id, t.resident_id as "residentId", r.name, r.phone, r.id_number as "idNumber", t.reason, t.urgent,
      b.id as "buildingId", b.name as building, h.door, t.grid_id as "gridId", g.path as "gridPath", r.special_groups as "specialGroups",
      t.squad_id as "squadId", case when q.id is null then null else tm.name || ' · ' || q.name end as squad,
      t.created_at as "createdAt", t.closed_at as "closedAt"
    from home_tasks t join residents r on r.id = t.resident_id join households h on h.id = r.household_id
    join buildings b on b.id = h.building_id join regions g on g.id = t.grid_id
    left join squads q on q.id = t.squad_id left join teams tm on tm.id = q.team_id
    where t.round_id = ${roundId} and t.status = ${status} and g.path like ${`${pathPrefix}%`}
      ${taskFilter(filter)}
    order by t.urgent desc, g.path, b.name, h.door, r.id
    limit ${HOME_TASKS_PAGE}`);
}

/** How many tasks the same filter holds, and how many of them are urgent (the list stops at a page). */
export async function countHomeTasks(db: Db, roundId: number, pathPrefix: string, status: 'open' | 'done', filter: HomeTaskFilter) {
  const [row] = await queryRows<{ total: number; urgent: number }>(db, sql`
    select count(*)::int as total, count(*) filter (where t.urgent)::int as urgent
    from home_tasks t join regions g on g.id = t.grid_id
    where t.round_id = ${roundId} and t.status = ${status} and g.path like ${`${pathPrefix}%`}
      ${taskFilter(filter)}`);
  return row;
}

/** A squad a point's home-sampling tasks may be handed to: its kind, team and live captain. */
export async function findSquad(db: Db, squadId: number) {
  const [row] = await queryRows<{ id: number; name: string; kind: string; teamName: string; captainPersonId: number | null }>(db, sql`
    select q.id, q.name, q.kind, tm.name as "teamName",
      (select a.person_id from assignments a where a.unit_type = 'team' and a.unit_id = q.team_id and a.role = 'team_captain' and a.ends_at is null) as "captainPersonId"
    from squads q join teams tm on tm.id = q.team_id where q.id = ${squadId}`);
  return row;
}

/** The door-to-door squads home-sampling tasks can go to, with where they work and how many they are. */
export async function listDoorToDoorSquads(db: Db) {
  return queryRows<{ id: number; team: string; name: string; regionPath: string; members: number }>(db, sql`
    select q.id, tm.name as team, q.name, coalesce(sr.path, tr.path) as "regionPath",
      (select count(*) from team_members m where m.squad_id = q.id and m.left_at is null)::int as members
    from squads q join teams tm on tm.id = q.team_id join regions tr on tr.id = tm.region_id left join regions sr on sr.id = q.region_id
    where q.kind = 'door_to_door'
    order by tm.name, q.name`);
}

/** Hands the open tasks of some buildings (inside a region) to a squad; returns how many moved. */
export async function handOffHomeTasks(db: Db, roundId: number, buildingIds: number[], pathPrefix: string, squadId: number) {
  const rows = await queryRows<{ id: number }>(db, sql`
    update home_tasks t set squad_id = ${squadId}
    from residents r, households h, regions g
    where t.round_id = ${roundId} and t.status = 'open' and r.id = t.resident_id and h.id = r.household_id and g.id = t.grid_id
      and h.building_id = any(${numberArray(buildingIds)}::int[]) and g.path like ${`${pathPrefix}%`}
    returning t.id`);
  return rows.length;
}

export interface TubeRef { id: number; code: string; purpose: 'screen' | 'retest'; persons: number; result: 'negative' | 'positive' | null }

export async function tubesByCodes(db: Db, roundId: number, codes: string[]) {
  if (codes.length === 0) return [];
  return queryRows<TubeRef>(db, sql`
    select t.id, t.code, t.purpose, t.persons, r.result
    from tubes t left join tube_results r on r.tube_id = t.id
    where t.round_id = ${roundId} and t.code = any(${textArray(codes)}::text[])`);
}

/**
 * Records lab results in the caller's transaction. Everyone on the roster in a positive pool is
 * recalled for a single-tube retest with an urgent home task; a retest's result closes the recall.
 */
export async function applyResults(db: Db, roundId: number, results: Array<{ tubeId: number; result: 'negative' | 'positive' }>, by: number | null) {
  if (results.length === 0) return { recalled: 0, cleared: 0, confirmed: 0 };
  const ids = numberArray(results.map((r) => r.tubeId));
  const outcomes = textArray(results.map((r) => r.result));
  await db.execute(sql`
    insert into tube_results (tube_id, result, imported_by)
    select t, r, ${by} from unnest(${ids}::bigint[], ${outcomes}::text[]) as x(t, r)
    on conflict (tube_id) do nothing`);
  const recalled = await queryRows<{ n: number }>(db, sql`
    with positive as (
      select s.resident_id, s.grid_id, s.tube_id from samples s join tube_results r on r.tube_id = s.tube_id
      where s.tube_id = any(${ids}::bigint[]) and r.result = 'positive' and not s.retest and s.resident_id is not null
    ), called as (
      insert into recalls (round_id, resident_id, pool_tube_id)
      select ${roundId}, resident_id, tube_id from positive
      on conflict (round_id, resident_id) do nothing returning resident_id
    ), tasks as (
      insert into home_tasks (round_id, resident_id, grid_id, reason, urgent)
      select ${roundId}, p.resident_id, p.grid_id, 'retest', true from positive p join called c on c.resident_id = p.resident_id
      on conflict (round_id, resident_id) where status = 'open' do nothing returning 1
    )
    select (select count(*) from called)::int as n`);
  const closed = await queryRows<{ status: string; n: number }>(db, sql`
    with done as (
      update recalls c set status = case when r.result = 'positive' then 'confirmed' else 'cleared' end, closed_at = now()
      from tube_results r
      where r.tube_id = any(${ids}::bigint[]) and c.retest_tube_id = r.tube_id and c.status = 'open'
      returning c.status
    )
    select status, count(*)::int as n from done group by status`);
  const n = (status: string) => closed.find((c) => c.status === status)?.n ?? 0;
  return { recalled: recalled[0].n, cleared: n('cleared'), confirmed: n('confirmed') };
}

/** Residents with an open recall this round, among these. */
export async function openRecallsOf(db: Db, roundId: number, residentIds: number[]) {
  if (residentIds.length === 0) return [];
  const rows = await queryRows<{ residentId: number }>(db, sql`
    select resident_id as "residentId" from recalls where round_id = ${roundId} and status = 'open' and resident_id = any(${numberArray(residentIds)}::int[])`);
  return rows.map((r) => r.residentId);
}

export async function listRecalls(db: Db, roundId: number, pathPrefix: string) {
  return queryRows<{ id: number; residentId: number; name: string; idNumber: string; phone: string | null; gridPath: string; poolCode: string; retestCode: string | null; status: 'open' | 'cleared' | 'confirmed'; createdAt: Date; closedAt: Date | null }>(db, sql`
    select c.id, c.resident_id as "residentId", r.name, r.id_number as "idNumber", r.phone, g.path as "gridPath",
      p.code as "poolCode", t.code as "retestCode", c.status, c.created_at as "createdAt", c.closed_at as "closedAt"
    from recalls c join residents r on r.id = c.resident_id join regions g on g.id = r.grid_id
    join tubes p on p.id = c.pool_tube_id left join tubes t on t.id = c.retest_tube_id
    where c.round_id = ${roundId} and g.path like ${`${pathPrefix}%`}
    order by (c.status = 'open') desc, c.created_at, c.id`);
}

/** What the lab and the door-to-door squads have done in a round, for its summary. */
export async function roundOutcomes(db: Db, roundId: number) {
  const [row] = await queryRows<{ tubesWithResult: number; positivePools: number; recallsOpen: number; cleared: number; confirmed: number; homeTasksOpen: number }>(db, sql`
    select
      (select count(*) from tube_results r join tubes t on t.id = r.tube_id where t.round_id = ${roundId})::int as "tubesWithResult",
      (select count(*) from tube_results r join tubes t on t.id = r.tube_id where t.round_id = ${roundId} and t.purpose = 'screen' and r.result = 'positive')::int as "positivePools",
      (select count(*) from recalls where round_id = ${roundId} and status = 'open')::int as "recallsOpen",
      (select count(*) from recalls where round_id = ${roundId} and status = 'cleared')::int as cleared,
      (select count(*) from recalls where round_id = ${roundId} and status = 'confirmed')::int as confirmed,
      (select count(*) from home_tasks where round_id = ${roundId} and status = 'open')::int as "homeTasksOpen"`);
  return row;
}
