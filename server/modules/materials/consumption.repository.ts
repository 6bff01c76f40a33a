import { asc, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { numberArray, textArray } from '../../db/bulk.ts';
import { consumptionRates, MILLI, type CONSUMPTION_TRIGGERS } from '../../db/schema/index.ts';
import { ensurePointHolders, lockBalances } from './materials.repository.ts';

export type ConsumptionTrigger = (typeof CONSUMPTION_TRIGGERS)[number];
export type RateRow = typeof consumptionRates.$inferSelect;

/** What the work used at one holder: a submission's tubes and swabs, or a member's kit for a shift. */
export interface Use {
  holderId: number;
  itemId: number;
  /** Milli-units used. */
  need: number;
  at: Date;
  submissionId?: string | null;
  shiftId?: number | null;
  personId?: number | null;
  reason: string;
}

// ---- the rates

export const listRates = (db: Db) => db.select().from(consumptionRates).orderBy(asc(consumptionRates.trigger), asc(consumptionRates.minPersons), asc(consumptionRates.itemId));

/** Adds the rates whose (trigger, item, min persons) are not yet there; answers how many were added. */
export async function insertRatesIfMissing(db: Db, rows: Array<{ trigger: ConsumptionTrigger; itemCode: string; perUnit: number; minPersons: number; maxPersons: number }>) {
  if (!rows.length) return 0;
  const added = await queryRows<{ id: number }>(db, sql`
    insert into consumption_rates (trigger, item_id, per_unit, min_persons, max_persons)
    select r.trigger, i.id, r.per_unit, r.min_persons, r.max_persons
    from unnest(${textArray(rows.map((r) => r.trigger))}::text[], ${textArray(rows.map((r) => r.itemCode))}::text[], ${numberArray(rows.map((r) => r.perUnit))}::bigint[],
                ${numberArray(rows.map((r) => r.minPersons))}::int[], ${numberArray(rows.map((r) => r.maxPersons))}::int[])
         as r(trigger, code, per_unit, min_persons, max_persons)
    join items i on i.code = r.code
    on conflict (trigger, item_id, min_persons) do nothing
    returning id`);
  return added.length;
}

/** Sets a rate (insert or change), answering the row before and after. */
export async function upsertRate(db: Db, r: { trigger: ConsumptionTrigger; itemId: number; perUnit: number; minPersons: number; maxPersons: number; by: number | null }) {
  const before = await queryRows<RateRow>(db, sql`
    select id, trigger, item_id as "itemId", per_unit as "perUnit", min_persons as "minPersons", max_persons as "maxPersons", updated_at as "updatedAt", updated_by as "updatedBy"
    from consumption_rates where trigger = ${r.trigger} and item_id = ${r.itemId} and min_persons = ${r.minPersons} for update`);
  const [after] = await queryRows<{ id: number }>(db, sql`
    insert into consumption_rates (trigger, item_id, per_unit, min_persons, max_persons, updated_by)
    values (${r.trigger}, ${r.itemId}, ${r.perUnit}, ${r.minPersons}, ${r.maxPersons}, ${r.by})
    on conflict (trigger, item_id, min_persons) do update
      set per_unit = excluded.per_unit, max_persons = excluded.max_persons, updated_by = excluded.updated_by, updated_at = now()
    returning id`);
  return { before: before[0] ?? null, id: after.id };
}

/** Another live rate of the same trigger and item whose range of swabs overlaps [min, max]. */
export async function overlappingRate(db: Db, r: { trigger: ConsumptionTrigger; itemId: number; minPersons: number; maxPersons: number }) {
  const [row] = await queryRows<{ min_persons: number; max_persons: number }>(db, sql`
    select min_persons, max_persons from consumption_rates
    where trigger = ${r.trigger} and item_id = ${r.itemId} and min_persons <> ${r.minPersons} and per_unit > 0
      and min_persons <= ${r.maxPersons} and max_persons >= ${r.minPersons}
    limit 1`);
  return row ? { minPersons: row.min_persons, maxPersons: row.max_persons } : undefined;
}

// ---- scans: the queue of submissions not yet taken off stock

/**
 * Takes up to `limit` submissions whose consumption is not yet posted, oldest first, locking them
 * for this transaction (another server posting at the same time skips them).
 */
export async function claimUnposted(db: Db, limit: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, sql`
    select id from scan_submissions where stock_posted_at is null
    order by received_at limit ${limit} for update skip locked`);
  return rows.map((r) => r.id);
}

/** Submissions not yet posted (all servers): the poster's backlog. */
export async function countUnposted(db: Db): Promise<number> {
  const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from scan_submissions where stock_posted_at is null`);
  return n;
}

/**
 * What the claimed submissions used, per submission and item, at the point's holder: each tube by the
 * rate for its number of swabs, each swab by the swab rates. A point with no holder yet gets one.
 */
export async function usesOfSubmissions(db: Db, ids: string[]): Promise<Use[]> {
  if (!ids.length) return [];
  await ensurePointHolders(db);
  const rows = await queryRows<{ submission_id: string; holder_id: number; item_id: number; need: string | number; at: Date; tubes: number; persons: number }>(db, sql`
    select s.id as submission_id, h.id as holder_id, r.item_id,
      sum(case when r.trigger = 'tube' then r.per_unit else r.per_unit * t.persons end) as need,
      s.received_at as at, s.tubes, s.persons
    from scan_submissions s
    join tubes t on t.submission_id = s.id
    join consumption_rates r on r.trigger in ('tube', 'swab') and t.persons between r.min_persons and r.max_persons and r.per_unit > 0
    join holders h on h.kind = 'point' and h.ref_id = s.point_id
    where s.id = any(${textArray(ids)}::uuid[])
      -- A tube swabbed before the point's last count of the item is in that count already (a count
      -- while scans wait to be posted, or a phone that uploads its offline scans late).
      and t.scanned_at > coalesce((select max(c.at) from stock_movements c where c.holder_id = h.id and c.item_id = r.item_id and c.kind = 'counted'), '-infinity')
    group by s.id, h.id, r.item_id
    order by s.received_at, s.id, r.item_id`);
  return rows.map((r) => ({
    holderId: r.holder_id,
    itemId: r.item_id,
    need: Number(r.need),
    at: new Date(r.at),
    submissionId: r.submission_id,
    reason: `扫码采样 ${r.tubes} 管 ${r.persons} 人 scanned`,
  }));
}

export async function markPosted(db: Db, ids: string[], at: Date) {
  if (ids.length) await db.execute(sql`update scan_submissions set stock_posted_at = ${at.toISOString()} where id = any(${textArray(ids)}::uuid[])`);
}

// ---- shifts: a member's kit

/** Where a shift's kit comes from: its post's holder (a point, a command unit) if there is one, else its team's (made if missing). */
export async function shiftKitHolder(db: Db, shiftId: number): Promise<number | undefined> {
  const [post] = await queryRows<{ holder_id: number | null; team_id: number; team_name: string }>(db, sql`
    select h.id as holder_id, s.team_id, t.name as team_name
    from shifts s join teams t on t.id = s.team_id
    left join holders h on h.kind = (case s.post_type when 'point' then 'point' when 'command_unit' then 'command_unit' end) and h.ref_id = s.post_id
    where s.id = ${shiftId}`);
  if (!post) return undefined;
  if (post.holder_id !== null) return post.holder_id;
  await db.execute(sql`
    insert into holders (kind, ref_id, name)
    select 'team', ${post.team_id}, ${post.team_name} || case when exists (select 1 from holders where name = ${post.team_name}) then '（队）' else '' end
    on conflict do nothing`);
  const [team] = await queryRows<{ id: number }>(db, sql`select id from holders where kind = 'team' and ref_id = ${post.team_id}`);
  return team?.id;
}

/** The shift-member rates: what each member signed in uses. */
export async function shiftKitRates(db: Db): Promise<Array<{ itemId: number; perUnit: number }>> {
  const rows = await queryRows<{ item_id: number; per_unit: string | number }>(db, sql`
    select item_id, per_unit from consumption_rates where trigger = 'shift_member' and per_unit > 0 order by item_id`);
  return rows.map((r) => ({ itemId: r.item_id, perUnit: Number(r.per_unit) }));
}

// ---- posting: the ledger and the running balances together

/**
 * Posts uses in the caller's transaction: locks the (holder, item) balances in one order, takes what
 * each use needs from the balance as far as it goes (the balance never goes below 0) and counts the
 * rest as used beyond the recorded stock (`uncovered` on the movement, `unrecorded` on the balance,
 * cleared by the next count). One consumed movement per use, each audited. Answers the movements written.
 * A shift kit already posted for (shift, person, item) is skipped (its unique index).
 */
export async function postUses(db: Db, uses: Use[], by: number | null): Promise<number> {
  if (!uses.length) return 0;
  const balance = await lockBalances(db, uses);
  const unrecorded = new Map<string, number>();
  const taken: number[] = [];
  const uncovered: number[] = [];
  for (const u of uses) {
    const key = `${u.holderId}:${u.itemId}`;
    const held = balance.get(key) ?? 0;
    const take = Math.min(held, u.need);
    balance.set(key, held - take);
    unrecorded.set(key, (unrecorded.get(key) ?? 0) + (u.need - take));
    taken.push(take);
    uncovered.push(u.need - take);
  }
  const written = await queryRows<{ id: number; holder_id: number; item_id: number; quantity: string | number; uncovered: string | number }>(db, sql`
    insert into stock_movements (holder_id, item_id, kind, quantity, uncovered, submission_id, shift_id, person_id, reason, at, by)
    select u.holder_id, u.item_id, 'consumed', -u.taken, u.uncovered, u.submission_id, u.shift_id, u.person_id, u.reason, u.at, ${by}
    from unnest(
      ${numberArray(uses.map((u) => u.holderId))}::int[], ${numberArray(uses.map((u) => u.itemId))}::int[],
      ${numberArray(taken)}::bigint[], ${numberArray(uncovered)}::bigint[],
      ${textArray(uses.map((u) => u.submissionId ?? null))}::uuid[], ${numberArray(uses.map((u) => u.shiftId ?? null))}::int[],
      ${numberArray(uses.map((u) => u.personId ?? null))}::int[], ${textArray(uses.map((u) => u.reason))}::text[],
      ${textArray(uses.map((u) => u.at.toISOString()))}::timestamptz[]
    ) as u(holder_id, item_id, taken, uncovered, submission_id, shift_id, person_id, reason, at)
    where u.taken > 0 or u.uncovered > 0
    on conflict (shift_id, person_id, item_id) where shift_id is not null and kind = 'consumed' do nothing
    returning id, holder_id, item_id, quantity, uncovered`);
  if (!written.length) return 0;
  // Only what was written moves the balances (a kit posted before wrote nothing).
  const delta = new Map<string, { out: number; unrecorded: number }>();
  for (const w of written) {
    const key = `${w.holder_id}:${w.item_id}`;
    const d = delta.get(key) ?? { out: 0, unrecorded: 0 };
    d.out += -Number(w.quantity);
    d.unrecorded += Number(w.uncovered);
    delta.set(key, d);
  }
  const changed = [...delta.entries()].map(([key, d]) => ({ key, ...d, h: Number(key.split(':')[0]), i: Number(key.split(':')[1]) }));
  await db.execute(sql`
    update stock_balances b set balance = b.balance - d.out, unrecorded = b.unrecorded + d.unrecorded, updated_at = now()
    from unnest(${numberArray(changed.map((c) => c.h))}::int[], ${numberArray(changed.map((c) => c.i))}::int[], ${numberArray(changed.map((c) => c.out))}::bigint[], ${numberArray(changed.map((c) => c.unrecorded))}::bigint[]) as d(h, i, out, unrecorded)
    where b.holder_id = d.h and b.item_id = d.i`);
  await db.execute(sql`
    insert into audit_log (user_id, action, subject_type, subject_id, details)
    select ${by}, 'material_consumed', 'stock_movement', s.id::text,
      jsonb_build_object('holderId', s.holder_id, 'itemId', s.item_id, 'kind', s.kind, 'quantity', s.quantity::numeric / ${MILLI},
        'uncovered', s.uncovered::numeric / ${MILLI}, 'reason', s.reason, 'submissionId', s.submission_id, 'shiftId', s.shift_id, 'personId', s.person_id)
    from stock_movements s where s.id = any(${numberArray(written.map((w) => w.id))}::bigint[])`);
  return written.length;
}
