import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.ts';
import { donations, fundAllocations, fundExpenditures, fundReceipts, funds } from '../../db/schema/index.ts';

export type FundRecord = typeof funds.$inferSelect;
export type AllocationRecord = typeof fundAllocations.$inferSelect;
export type ExpenditureRecord = typeof fundExpenditures.$inferSelect;
export type DonationRecord = typeof donations.$inferSelect;
export type ReceiptRecord = typeof fundReceipts.$inferSelect;
export type FundCategory = ExpenditureRecord['category'];
export type FundUnitType = AllocationRecord['unitType'];

export async function insertFund(db: Db, f: typeof funds.$inferInsert) {
  const [row] = await db.insert(funds).values(f).returning();
  return row;
}

/** The fund, its row locked until the transaction ends: allocations of one fund are decided one at a time. */
export async function lockFund(db: Db, id: number) {
  const [row] = await queryRows<{ id: number }>(db, sql`select id from funds where id = ${id} for update`);
  return row !== undefined;
}

/** What a fund may give out (total and money donated into it) and what it has given out. */
export async function fundTotals(db: Db, id: number) {
  const [row] = await queryRows<{ totalFen: number; donatedFen: number; allocatedFen: number; spentFen: number }>(db, sql`
    select f.total_fen::float8 as "totalFen",
      coalesce((select sum(money_fen) from donations d where d.fund_id = f.id), 0)::float8 as "donatedFen",
      coalesce((select sum(amount_fen) from fund_allocations a where a.fund_id = f.id), 0)::float8 as "allocatedFen",
      coalesce((select sum(spent_fen) from fund_allocations a where a.fund_id = f.id), 0)::float8 as "spentFen"
    from funds f where f.id = ${id}`);
  return row;
}

export async function findFund(db: Db, id: number) {
  const [row] = await db.select().from(funds).where(eq(funds.id, id));
  return row;
}

export async function findFundByName(db: Db, name: string) {
  const [row] = await db.select().from(funds).where(eq(funds.name, name));
  return row;
}

export async function listFunds(db: Db) {
  return db.select().from(funds).orderBy(asc(funds.id));
}

export async function insertAllocation(db: Db, a: typeof fundAllocations.$inferInsert) {
  const [row] = await db.insert(fundAllocations).values(a).returning();
  return row;
}

export async function findAllocationByClientId(db: Db, clientId: string) {
  const [row] = await db.select().from(fundAllocations).where(eq(fundAllocations.clientId, clientId));
  return row;
}

export interface AllocationRow extends AllocationRecord {
  fundName: string;
  unitName: string;
  /** The region path the unit lies in (a town's, an org's place, a team's area), for scope. */
  unitPath: string | null;
}

const allocationSelect = sql`
  select a.id, a.fund_id as "fundId", f.name as "fundName", a.unit_type as "unitType", a.region_id as "regionId", a.org_id as "orgId", a.team_id as "teamId",
    a.amount_fen::float8 as "amountFen", a.spent_fen::float8 as "spentFen", a.client_id as "clientId", a.allocated_by as "allocatedBy", a.allocated_at as "allocatedAt",
    coalesce(r.name, o.name, t.name) as "unitName", coalesce(r.path, orr.path, tr.path) as "unitPath"
  from fund_allocations a
  join funds f on f.id = a.fund_id
  left join regions r on r.id = a.region_id
  left join orgs o on o.id = a.org_id
  left join regions orr on orr.id = o.region_id
  left join teams t on t.id = a.team_id
  left join regions tr on tr.id = t.region_id`;

export async function listAllocations(db: Db, q: { fundId?: number; id?: number }) {
  const where = q.id !== undefined ? sql`where a.id = ${q.id}` : q.fundId !== undefined ? sql`where a.fund_id = ${q.fundId}` : sql``;
  return queryRows<AllocationRow>(db, sql`${allocationSelect} ${where} order by a.fund_id, a.unit_type desc, a.id`);
}

/**
 * Takes an amount off an allocation's balance only when it stays within the amount; the row is locked
 * by the update, so of two racing spends the second sees the first's total. Nothing returned: refused.
 */
export async function spend(db: Db, allocationId: number, amountFen: number) {
  const [row] = await db
    .update(fundAllocations)
    .set({ spentFen: sql`${fundAllocations.spentFen} + ${amountFen}` })
    .where(and(eq(fundAllocations.id, allocationId), sql`${fundAllocations.spentFen} + ${amountFen} <= ${fundAllocations.amountFen}`))
    .returning();
  return row;
}

export async function unspend(db: Db, allocationId: number, amountFen: number) {
  const [row] = await db
    .update(fundAllocations)
    .set({ spentFen: sql`${fundAllocations.spentFen} - ${amountFen}` })
    .where(eq(fundAllocations.id, allocationId))
    .returning();
  return row;
}

export async function insertExpenditure(db: Db, e: typeof fundExpenditures.$inferInsert) {
  const [row] = await db.insert(fundExpenditures).values(e).returning();
  return row;
}

export async function findExpenditure(db: Db, id: number) {
  const [row] = await db.select().from(fundExpenditures).where(eq(fundExpenditures.id, id));
  return row;
}

export async function findExpenditureByClientId(db: Db, clientId: string) {
  const [row] = await db.select().from(fundExpenditures).where(eq(fundExpenditures.clientId, clientId));
  return row;
}

export interface ExpenditureRow {
  id: number; allocationId: number; category: FundCategory; amountFen: number; purpose: string; payee: string; receipts: string[];
  spentAt: Date | string; reversesId: number | null; reversedById: number | null; recordedBy: string | null; recordedAt: Date | string;
}

export async function listExpenditures(db: Db, allocationId: number) {
  return queryRows<ExpenditureRow>(db, sql`
    select e.id, e.allocation_id as "allocationId", e.category, e.amount_fen::float8 as "amountFen", e.purpose, e.payee, e.receipts,
      e.spent_at as "spentAt", e.reverses_id as "reversesId", rv.id as "reversedById", u.display_name as "recordedBy", e.recorded_at as "recordedAt"
    from fund_expenditures e
    left join fund_expenditures rv on rv.reverses_id = e.id
    left join users u on u.id = e.recorded_by
    where e.allocation_id = ${allocationId}
    order by e.spent_at desc, e.id desc`);
}

export async function insertReceipt(db: Db, r: typeof fundReceipts.$inferInsert) {
  const [row] = await db.insert(fundReceipts).values(r).returning();
  return row;
}

export async function findReceipt(db: Db, id: number) {
  const [row] = await db.select().from(fundReceipts).where(eq(fundReceipts.id, id));
  return row;
}

/** The receipt files of some expenditures, oldest first. */
export async function listReceipts(db: Db, expenditureIds: number[]) {
  if (!expenditureIds.length) return [];
  return db.select().from(fundReceipts).where(inArray(fundReceipts.expenditureId, expenditureIds)).orderBy(asc(fundReceipts.id));
}

/** Every entry of a fund with its unit and how many receipt files it has, for the report. */
export async function listFundExpenditures(db: Db, fundId: number) {
  return queryRows<{
    id: number; allocationId: number; unitName: string; category: FundCategory; amountFen: number; purpose: string; payee: string;
    spentAt: Date | string; reversesId: number | null; reversed: boolean; receiptFiles: number;
  }>(db, sql`
    select e.id, e.allocation_id as "allocationId", coalesce(r.name, o.name, t.name) as "unitName", e.category, e.amount_fen::float8 as "amountFen",
      e.purpose, e.payee, e.spent_at as "spentAt", e.reverses_id as "reversesId",
      exists (select 1 from fund_expenditures rv where rv.reverses_id = e.id) as reversed,
      (select count(*) from fund_receipts fr where fr.expenditure_id = e.id)::int as "receiptFiles"
    from fund_expenditures e
    join fund_allocations a on a.id = e.allocation_id
    left join regions r on r.id = a.region_id
    left join orgs o on o.id = a.org_id
    left join teams t on t.id = a.team_id
    where a.fund_id = ${fundId}
    order by e.spent_at, e.id`);
}

/** Net spending (reversals subtracted) per allocation and category of a fund, from the entries themselves. */
export async function spentByCategory(db: Db, fundId: number) {
  return queryRows<{ allocationId: number; category: FundCategory; netFen: number; entries: number }>(db, sql`
    select e.allocation_id as "allocationId", e.category,
      sum(case when e.reverses_id is null then e.amount_fen else -e.amount_fen end)::float8 as "netFen",
      count(*) filter (where e.reverses_id is null and not exists (select 1 from fund_expenditures r where r.reverses_id = e.id))::int as entries
    from fund_expenditures e join fund_allocations a on a.id = e.allocation_id
    where a.fund_id = ${fundId}
    group by e.allocation_id, e.category`);
}

export async function orgSecretary(db: Db, orgId: number) {
  const [row] = await queryRows<{ personId: number }>(db, sql`
    select person_id as "personId" from assignments where unit_type = 'org' and unit_id = ${orgId} and role = 'secretary' and ends_at is null`);
  return row?.personId ?? null;
}

export async function teamCaptainOf(db: Db, teamId: number) {
  const [row] = await queryRows<{ personId: number }>(db, sql`
    select person_id as "personId" from assignments where unit_type = 'team' and unit_id = ${teamId} and role = 'team_captain' and ends_at is null`);
  return row?.personId ?? null;
}

/** The allocations whose unit the person leads: branches they are secretary of, teams they captain. */
export async function ledUnits(db: Db, personId: number) {
  return queryRows<{ unitType: 'org' | 'team'; unitId: number }>(db, sql`
    select case unit_type when 'org' then 'org' else 'team' end as "unitType", unit_id as "unitId" from assignments
    where person_id = ${personId} and ends_at is null and ((unit_type = 'org' and role = 'secretary') or (unit_type = 'team' and role = 'team_captain'))`);
}

export async function unitExists(db: Db, unitType: FundUnitType, id: number) {
  const q =
    unitType === 'region' ? sql`select name, level from regions where id = ${id}` : unitType === 'org' ? sql`select name, 'org' as level from orgs where id = ${id}` : sql`select name, 'team' as level from teams where id = ${id}`;
  const [row] = await queryRows<{ name: string; level: string }>(db, q);
  return row;
}

export async function nextDonationId(db: Db) {
  const [row] = await queryRows<{ id: number }>(db, sql`select nextval(pg_get_serial_sequence('donations', 'id'))::int as id`);
  return row.id;
}

export async function insertDonation(db: Db, d: typeof donations.$inferInsert) {
  const [row] = await db.insert(donations).values(d).returning();
  return row;
}

export async function findDonation(db: Db, id: number) {
  const [row] = await db.select().from(donations).where(eq(donations.id, id));
  return row;
}

export async function findDonationByClientId(db: Db, clientId: string) {
  const [row] = await db.select().from(donations).where(eq(donations.clientId, clientId));
  return row;
}

export async function listDonations(db: Db, onlyPublic: boolean) {
  return db
    .select()
    .from(donations)
    .where(onlyPublic ? eq(donations.public, true) : undefined)
    .orderBy(sql`${donations.receivedAt} desc, ${donations.id} desc`);
}
