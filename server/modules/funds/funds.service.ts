import { join } from 'node:path';
import type { Locale } from '../../../contracts/common.ts';
import { FUND_CATEGORIES, type TAllocateRequest, type TDonationRequest, type TExpenditureRequest, type TFundReport, type TReceiptFile } from '../../../contracts/funds.ts';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, Forbidden, NotFound, ValidationError } from '../../http/errors.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { writeXlsx } from '../../lib/spreadsheet.ts';
import { fileStore, IMAGE_OR_PDF_TYPES, type Upload } from '../../lib/uploads.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { assertRole, mayCommand, type SessionUser } from '../auth/scope.ts';
import { checkDonatedGoods, receiveDonatedGoods } from '../materials/materials.service.ts';
import {
  findAllocationByClientId,
  findDonation,
  findDonationByClientId,
  findExpenditure,
  findExpenditureByClientId,
  findFund,
  findReceipt,
  fundTotals,
  insertAllocation,
  insertDonation,
  insertExpenditure,
  insertFund,
  insertReceipt,
  ledUnits,
  listAllocations,
  listDonations,
  listExpenditures,
  listFundExpenditures,
  listReceipts,
  listFunds,
  lockFund,
  nextDonationId,
  orgSecretary,
  spend,
  spentByCategory,
  teamCaptainOf,
  unitExists,
  unspend,
  type AllocationRow,
  type DonationRecord,
  type FundCategory,
  type ReceiptRecord,
} from './funds.repository.ts';
import { districtDay } from '../requests/rules.ts';

/** Fen as yuan with two decimals, for messages and reports. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** A positive whole number of fen, or a clear refusal. */
export function assertFen(amount: number) {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw ValidationError('fund_amount_invalid');
}

const isCategory = (c: string): c is FundCategory => (FUND_CATEGORIES as readonly string[]).includes(c);

/** A person's name as the public list shows it: the surname, the rest masked ("张**"). */
export function maskName(name: string) {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** The acknowledgement number: JZ-<year received, China time>-<6 digits>. */
export function ackNumber(id: number, receivedAt: Date) {
  const year = new Date(receivedAt.getTime() + 8 * 3600_000).getUTCFullYear();
  return `JZ-${year}-${String(id).padStart(6, '0')}`;
}

const presentReceipt = (r: ReceiptRecord): TReceiptFile => ({
  id: r.id, expenditureId: r.expenditureId, mimetype: r.mimetype as TReceiptFile['mimetype'], sizeBytes: r.sizeBytes, uploadedAt: r.uploadedAt.toISOString(),
});

/** `filesDir` is the data directory's files; receipts are kept under its `funds/`. */
export function fundsService(database: Database, audit: AuditService, now: () => Date, filesDir: string) {
  const { db } = database;
  const receiptFiles = fileStore(join(filesDir, 'funds'), IMAGE_OR_PDF_TYPES, { type: 'receipt_type', size: 'receipt_size' });

  /** The command anywhere; a town's own accounts for a town; a branch's secretary; a team's captain. */
  async function mayRecord(user: SessionUser, a: AllocationRow) {
    if (mayCommand(user)) return true;
    if (a.unitType === 'region') return user.scopeRegionId === a.regionId && user.role !== 'volunteer';
    if (user.personId === null) return false;
    if (a.unitType === 'org') return (await orgSecretary(db, a.orgId!)) === user.personId;
    return (await teamCaptainOf(db, a.teamId!)) === user.personId;
  }

  async function present(user: SessionUser, a: AllocationRow) {
    return {
      id: a.id, fundId: a.fundId, fundName: a.fundName, unitType: a.unitType, unitId: (a.regionId ?? a.orgId ?? a.teamId)!, unitName: a.unitName,
      amountFen: a.amountFen, spentFen: a.spentFen, remainingFen: a.amountFen - a.spentFen, mayRecord: await mayRecord(user, a),
    };
  }

  async function allocationOf(id: number) {
    const [a] = await listAllocations(db, { id });
    if (!a) throw NotFound();
    return a;
  }

  /** Who may see an allocation: who may record on it, or an account whose scope holds the unit. */
  async function maySee(user: SessionUser, a: AllocationRow) {
    if (await mayRecord(user, a)) return true;
    return !!a.unitPath && a.unitPath.startsWith(user.scopePath) && user.role !== 'volunteer';
  }
  async function assertMaySee(user: SessionUser, a: AllocationRow) {
    if (!(await maySee(user, a))) throw Forbidden();
  }

  async function fundView(id: number) {
    const f = await findFund(db, id);
    if (!f) throw NotFound();
    const totals = await fundTotals(db, id);
    return { id: f.id, name: f.name, totalFen: f.totalFen, donatedFen: totals.donatedFen, allocatedFen: totals.allocatedFen, spentFen: totals.spentFen, allocatedByUnit: f.allocatedByUnit, allocatedAt: f.allocatedAt.toISOString() };
  }

  const presentDonation = (d: DonationRecord) => ({
    id: d.id, ackNo: d.ackNo, donorKind: d.donorKind, donorName: d.donorName, phone: d.phone, moneyFen: d.moneyFen, items: d.items, destination: d.destination,
    fundId: d.fundId, receivedAt: d.receivedAt.toISOString(), public: d.public,
  });

  const service = {
    /** The command sets up a fund (a batch of special party fees). */
    async createFund(actor: SessionUser | null, req: { name: string; totalFen: number; allocatedByUnit: string; allocatedAt?: Date }) {
      if (actor) assertRole(actor, mayCommand);
      assertFen(req.totalFen);
      try {
        return await database.transaction(async (tx) => {
          const fund = await insertFund(tx.db, { name: req.name, totalFen: req.totalFen, allocatedByUnit: req.allocatedByUnit, allocatedAt: req.allocatedAt ?? now(), createdBy: actor?.id ?? null });
          await recordAudit(tx.db, { userId: actor?.id ?? null, action: 'create_fund', subjectType: 'fund', subjectId: String(fund.id), details: { before: null, after: fund } });
          return fund;
        });
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('fund_name_taken', { name: req.name });
        throw err;
      }
    },

    async listFunds(user: SessionUser) {
      const all = await listFunds(db);
      let visible = all;
      if (!mayCommand(user)) {
        const mine = new Set((await service.myAllocations(user)).items.map((a) => a.fundId));
        visible = all.filter((f) => mine.has(f.id));
      }
      return { items: await Promise.all(visible.map((f) => fundView(f.id))) };
    },

    /**
     * Gives a share of a fund to a town, a branch or a team. The fund's row is locked, so two racing
     * allocations cannot together give out more than the fund has. Retried with the same clientId, it
     * answers the first.
     */
    async allocate(actor: SessionUser | null, fundId: number, req: TAllocateRequest) {
      if (actor) assertRole(actor, mayCommand);
      assertFen(req.amountFen);
      const unit = await unitExists(db, req.unitType, req.unitId);
      if (!unit) throw ValidationError('fund_unit_unknown');
      if (req.unitType === 'region' && unit.level !== 'town') throw ValidationError('fund_unit_level', { unit: unit.name });
      try {
        const id = await database.transaction(async (tx) => {
          const first = await findAllocationByClientId(tx.db, req.clientId);
          if (first) return first.id;
          if (!(await lockFund(tx.db, fundId))) throw NotFound();
          const totals = await fundTotals(tx.db, fundId);
          const available = totals.totalFen + totals.donatedFen - totals.allocatedFen;
          if (req.amountFen > available) throw Conflict('fund_over_total', { available: yuan(available), amount: yuan(req.amountFen) });
          const row = await insertAllocation(tx.db, {
            fundId, unitType: req.unitType, regionId: req.unitType === 'region' ? req.unitId : null, orgId: req.unitType === 'org' ? req.unitId : null,
            teamId: req.unitType === 'team' ? req.unitId : null, amountFen: req.amountFen, clientId: req.clientId, allocatedBy: actor?.id ?? null, allocatedAt: now(),
          });
          await recordAudit(tx.db, { userId: actor?.id ?? null, action: 'allocate_fund', subjectType: 'fund_allocation', subjectId: String(row.id), details: { before: null, after: { ...row, unitName: unit.name } } });
          return row.id;
        });
        return service.allocation(actor, id);
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('fund_unit_taken', { unit: unit.name });
        throw err;
      }
    },

    /** One allocation with its balance and entries. */
    async allocation(user: SessionUser | null, id: number) {
      const a = await allocationOf(id);
      if (user) await assertMaySee(user, a);
      const entries = await listExpenditures(db, id);
      const files = await listReceipts(db, entries.map((e) => e.id));
      const view = user ? await present(user, a) : { ...(await present({ role: 'admin' } as SessionUser, a)) };
      return {
        ...view,
        expenditures: entries.map((e) => ({
          ...e, spentAt: new Date(e.spentAt).toISOString(), recordedAt: new Date(e.recordedAt).toISOString(),
          receiptFiles: files.filter((f) => f.expenditureId === e.id).map(presentReceipt),
        })),
      };
    },

    /** The allocations the user may spend from or sees in their scope, with balances. */
    async myAllocations(user: SessionUser, fundId?: number) {
      const all = await listAllocations(db, { fundId });
      const led = user.personId === null ? [] : await ledUnits(db, user.personId);
      const leads = (a: AllocationRow) => led.some((l) => (l.unitType === 'org' && a.orgId === l.unitId) || (l.unitType === 'team' && a.teamId === l.unitId));
      const seen = all.filter(
        (a) => mayCommand(user) || leads(a) || (user.role !== 'volunteer' && ((a.unitType === 'region' && user.scopeRegionId === a.regionId) || (a.unitPath?.startsWith(user.scopePath) ?? false))),
      );
      return { items: await Promise.all(seen.map((a) => present(user, a))) };
    },

    /**
     * Records a payment from an allocation with its receipts. Refused: an amount that is not a positive
     * whole number of fen, a use the fund does not allow, more than the balance (of two racing spends
     * that together overspend, exactly one is recorded). Retried with the same clientId, it answers the first.
     */
    async spend(actor: SessionUser | null, allocationId: number, req: TExpenditureRequest) {
      assertFen(req.amountFen);
      if (!isCategory(req.category)) throw ValidationError('fund_category_disallowed', { category: req.category });
      const category = req.category;
      const a = await allocationOf(allocationId);
      if (actor && !(await mayRecord(actor, a))) throw Forbidden();
      try {
        const id = await database.transaction(async (tx) => {
          const first = await findExpenditureByClientId(tx.db, req.clientId);
          if (first) return first.id;
          const after = await spend(tx.db, allocationId, req.amountFen);
          if (!after) {
            const [now_] = await listAllocations(tx.db, { id: allocationId });
            throw Conflict('fund_over_balance', { remaining: yuan(now_.amountFen - now_.spentFen), amount: yuan(req.amountFen) });
          }
          const row = await insertExpenditure(tx.db, {
            allocationId, category, amountFen: req.amountFen, purpose: req.purpose, payee: req.payee, receipts: req.receipts ?? [], spentAt: req.spentAt ?? now(),
            clientId: req.clientId, recordedBy: actor?.id ?? null, recordedAt: now(),
          });
          await recordAudit(tx.db, { userId: actor?.id ?? null, action: 'fund_expenditure', subjectType: 'fund_allocation', subjectId: String(allocationId), details: { before: null, after: row } });
          return row.id;
        });
        return (await service.allocation(actor, allocationId)).expenditures.find((e) => e.id === id)!;
      } catch (err) {
        // The running total's CHECK is the last word when two spends race past the conditional update.
        if (sqlState(err) === '23514') {
          const [current] = await listAllocations(db, { id: allocationId });
          throw Conflict('fund_over_balance', { remaining: yuan(current.amountFen - current.spentFen), amount: yuan(req.amountFen) });
        }
        throw err;
      }
    },

    /** Corrects an expenditure by a reversing entry: the original stays, the balance comes back. */
    async reverse(actor: SessionUser | null, expenditureId: number, req: { clientId: string; reason: string }) {
      const original = await findExpenditure(db, expenditureId);
      if (!original) throw NotFound();
      const a = await allocationOf(original.allocationId);
      if (actor && !(await mayRecord(actor, a))) throw Forbidden();
      if (original.reversesId !== null) throw ValidationError('fund_reversal_of_reversal');
      try {
        const id = await database.transaction(async (tx) => {
          const first = await findExpenditureByClientId(tx.db, req.clientId);
          if (first) return first.id;
          const row = await insertExpenditure(tx.db, {
            allocationId: original.allocationId, category: original.category, amountFen: original.amountFen, purpose: req.reason, payee: original.payee,
            receipts: [], spentAt: now(), reversesId: original.id, clientId: req.clientId, recordedBy: actor?.id ?? null, recordedAt: now(),
          });
          await unspend(tx.db, original.allocationId, original.amountFen);
          await recordAudit(tx.db, { userId: actor?.id ?? null, action: 'fund_reversal', subjectType: 'fund_allocation', subjectId: String(original.allocationId), details: { before: original, after: row } });
          return row.id;
        });
        return (await service.allocation(actor, original.allocationId)).expenditures.find((e) => e.id === id)!;
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('fund_reversal_twice');
        throw err;
      }
    },

    /**
     * Attaches a receipt file (a photo or a PDF, checked by its bytes) to an expenditure, by whoever may
     * record on its allocation. Never removed: a wrong receipt stays, and the expenditure can be reversed.
     */
    async attachReceipt(actor: SessionUser | null, expenditureId: number, file: Upload | undefined): Promise<TReceiptFile> {
      const e = await findExpenditure(db, expenditureId);
      if (!e) throw NotFound();
      const a = await allocationOf(e.allocationId);
      if (actor && !(await mayRecord(actor, a))) throw Forbidden();
      // A reversing entry moves no money: its receipts are the original's.
      if (e.reversesId !== null) throw ValidationError('receipt_on_reversal');
      if (!file) throw ValidationError('receipt_missing');
      const fileName = await receiptFiles.save(file);
      try {
        return await database.transaction(async (tx) => {
          const row = await insertReceipt(tx.db, { expenditureId, fileName, mimetype: file.mimetype, sizeBytes: file.data.length, uploadedBy: actor?.id ?? null, uploadedAt: now() });
          await recordAudit(tx.db, { userId: actor?.id ?? null, action: 'fund_receipt_attached', subjectType: 'fund_expenditure', subjectId: String(expenditureId), details: { before: null, after: row } });
          return presentReceipt(row);
        });
      } catch (err) {
        await receiptFiles.remove(fileName);
        throw err;
      }
    },

    /** A receipt file with its type, for those who may see its allocation; a 404 to everyone else. */
    async receiptFile(user: SessionUser, id: number) {
      const r = await findReceipt(db, id);
      const e = r && (await findExpenditure(db, r.expenditureId));
      const [a] = e ? await listAllocations(db, { id: e.allocationId }) : [];
      if (!r || !a || !(await maySee(user, a))) throw NotFound();
      const { data } = await receiptFiles.read(r.fileName);
      return { data, mimetype: r.mimetype };
    },

    /** The report a district official signs: allocated, spent by category, remaining, per unit. */
    async report(user: SessionUser | null, fundId: number): Promise<TFundReport> {
      if (user) assertRole(user, mayCommand);
      const fund = await fundView(fundId);
      const [allocs, spent, entries] = await Promise.all([listAllocations(db, { fundId }), spentByCategory(db, fundId), listFundExpenditures(db, fundId)]);
      const zero = () => ({ frontline_comfort: 0, medicines_supplies: 0, hardship_relief: 0 });
      const total = zero();
      const units = await Promise.all(
        allocs.map(async (a) => {
          const by = zero();
          let entries = 0;
          for (const s of spent.filter((x) => x.allocationId === a.id)) {
            by[s.category] += s.netFen;
            total[s.category] += s.netFen;
            entries += s.entries;
          }
          return { ...(await present(user ?? ({ role: 'admin' } as SessionUser), a)), spentByCategory: by, expenditures: entries };
        }),
      );
      const allocatedFen = allocs.reduce((n, a) => n + a.amountFen, 0);
      const spentFen = total.frontline_comfort + total.medicines_supplies + total.hardship_relief;
      const availableFen = fund.totalFen + fund.donatedFen;
      const expenditures = entries.map((e) => ({ ...e, spentAt: new Date(e.spentAt).toISOString() }));
      return { fund, availableFen, allocatedFen, unallocatedFen: availableFen - allocatedFen, spentFen, remainingFen: availableFen - spentFen, spentByCategory: total, units, expenditures };
    },

    async reportXlsx(user: SessionUser | null, fundId: number, locale: Locale) {
      const r = await service.report(user, fundId);
      const en = locale === 'en';
      const cat = (c: FundCategory) => t(locale, `label_fund_${c}` as MessageKey);
      const unitKind = { region: en ? 'Town' : '镇（街道）', org: en ? 'Party branch' : '党组织', team: en ? 'Volunteer team' : '志愿服务队' };
      const headers = [en ? 'Unit' : '单位', en ? 'Kind' : '类别', en ? 'Allocated (yuan)' : '下拨（元）', ...FUND_CATEGORIES.map((c) => `${cat(c)}${en ? ' (yuan)' : '（元）'}`), en ? 'Spent (yuan)' : '已支出（元）', en ? 'Remaining (yuan)' : '结余（元）', en ? 'Entries' : '笔数'];
      const rows = r.units.map((u) => [u.unitName, unitKind[u.unitType], yuan(u.amountFen), ...FUND_CATEGORIES.map((c) => yuan(u.spentByCategory[c])), yuan(u.spentFen), yuan(u.remainingFen), String(u.expenditures)]);
      rows.push([en ? 'Total' : '合计', '', yuan(r.allocatedFen), ...FUND_CATEGORIES.map((c) => yuan(r.spentByCategory[c])), yuan(r.spentFen), yuan(r.allocatedFen - r.spentFen), String(r.units.reduce((n, u) => n + u.expenditures, 0))]);
      const summary = [
        [en ? 'Fund' : '专项党费', r.fund.name],
        [en ? 'Allocated by' : '下拨单位', r.fund.allocatedByUnit],
        [en ? 'Total (yuan)' : '总额（元）', yuan(r.fund.totalFen)],
        [en ? 'Donations into it (yuan)' : '捐款转入（元）', yuan(r.fund.donatedFen)],
        [en ? 'Allocated (yuan)' : '已下拨（元）', yuan(r.allocatedFen)],
        [en ? 'Not yet allocated (yuan)' : '未下拨（元）', yuan(r.unallocatedFen)],
        ...FUND_CATEGORIES.map((c) => [cat(c), yuan(r.spentByCategory[c])]),
        [en ? 'Spent (yuan)' : '已支出（元）', yuan(r.spentFen)],
        [en ? 'Remaining (yuan)' : '结余（元）', yuan(r.remainingFen)],
        [en ? 'Signed' : '审核签字', ''],
      ];
      const entryHeaders = [
        en ? 'No.' : '编号', en ? 'Date' : '日期', en ? 'Unit' : '单位', en ? 'Use' : '用途类别', en ? 'Amount (yuan)' : '金额（元）', en ? 'Purpose' : '事由', en ? 'Payee' : '收款方',
        en ? 'Correction' : '冲销', en ? 'Receipt files' : '票据（张）',
      ];
      // A day in China time, as the entries were paid.
      const day = (iso: string) => districtDay(new Date(iso));
      const entryRows = r.expenditures.map((e) => [
        String(e.id), day(e.spentAt), e.unitName, cat(e.category), yuan(e.reversesId === null ? e.amountFen : -e.amountFen), e.purpose, e.payee,
        e.reversesId !== null ? (en ? `reverses No. ${e.reversesId}` : `冲销第 ${e.reversesId} 号`) : e.reversed ? (en ? 'reversed' : '已冲销') : '',
        String(e.receiptFiles),
      ]);
      const data = await writeXlsx([
        { name: en ? 'Summary' : '汇总', columns: [{ header: en ? 'Item' : '项目', width: 24 }, { header: en ? 'Value' : '数值', width: 24 }], rows: summary },
        { name: en ? 'Units' : '各单位', columns: headers.map((header, i) => ({ header, width: i === 0 ? 28 : 16 })), rows },
        { name: en ? 'Entries' : '支出明细', columns: entryHeaders.map((header, i) => ({ header, width: i === 5 ? 40 : i === 2 || i === 6 ? 28 : 12 })), rows: entryRows },
      ]);
      return { data, filename: en ? `fund-${fundId}-report.xlsx` : `${r.fund.name}使用情况报表.xlsx` };
    },

    /**
     * Records a donation: money into a fund, or catalogue items into a warehouse, where each line becomes a
     * `received` movement on the warehouse's books in the same transaction. Gives it an acknowledgement
     * number. Resent with the same clientId, it answers the first and adds nothing twice.
     */
    async recordDonation(actor: SessionUser | null, req: TDonationRequest) {
      if (actor) assertRole(actor, mayCommand);
      const money = req.moneyFen !== undefined;
      if (money === (req.items !== undefined)) throw ValidationError('donation_what');
      if (money) {
        assertFen(req.moneyFen!);
        if (req.fundId === undefined || req.holderId !== undefined) throw ValidationError('donation_destination');
      } else if (req.holderId === undefined || req.fundId !== undefined) throw ValidationError('donation_destination');
      const first = await findDonationByClientId(db, req.clientId);
      if (first) return presentDonation(first);
      const fund = money ? await findFund(db, req.fundId!) : undefined;
      if (money && !fund) throw NotFound();
      const goods = money ? undefined : await checkDonatedGoods(db, req.holderId!, req.items!);
      try {
        const id = await database.transaction(async (tx) => {
          const again = await findDonationByClientId(tx.db, req.clientId);
          if (again) return again.id;
          // Money into a fund raises what it may allocate: decided under the fund's lock like an allocation.
          if (fund) await lockFund(tx.db, fund.id);
          const receivedAt = req.receivedAt ?? now();
          const nextId = await nextDonationId(tx.db);
          const row = await insertDonation(tx.db, {
            id: nextId, ackNo: ackNumber(nextId, receivedAt), donorKind: req.donorKind, donorName: req.donorName, phone: req.phone ?? null,
            moneyFen: money ? req.moneyFen! : null, items: goods ? goods.lines.map((l) => ({ name: l.item.name, quantity: l.quantity, unit: l.item.unit })) : null,
            destination: fund ? fund.name : goods!.holder.name, fundId: fund?.id ?? null,
            receivedAt, public: req.public ?? true, clientId: req.clientId, recordedBy: actor?.id ?? null, recordedAt: now(),
          });
          await recordAudit(tx.db, { userId: actor?.id ?? null, action: 'record_donation', subjectType: 'donation', subjectId: String(row.id), details: { before: null, after: { ...row, holderId: goods?.holder.id ?? null } } });
          if (goods) await receiveDonatedGoods(tx.db, goods, row, actor?.id ?? null, receivedAt);
          return row.id;
        });
        return presentDonation((await findDonation(db, id))!);
      } catch (err) {
        // Two sends of one donation at once: the second's insert meets the first's clientId and writes nothing.
        if (sqlState(err) === UNIQUE_VIOLATION) {
          const won = await findDonationByClientId(db, req.clientId);
          if (won) return presentDonation(won);
        }
        throw err;
      }
    },

    async listDonations(user: SessionUser) {
      assertRole(user, mayCommand);
      return { items: (await listDonations(db, false)).map(presentDonation) };
    },

    /** The printable acknowledgement (捐赠回执). */
    async acknowledgement(user: SessionUser, id: number, locale: Locale) {
      assertRole(user, mayCommand);
      const d = await findDonation(db, id);
      if (!d) throw NotFound();
      const en = locale === 'en';
      const what = d.moneyFen !== null ? (en ? `${yuan(d.moneyFen)} yuan` : `人民币 ${yuan(d.moneyFen)} 元`) : d.items!.map((i) => `${i.name} ${i.quantity}${i.unit}`).join(en ? ', ' : '、');
      const text = en
        ? `We gratefully acknowledge receipt from ${d.donorName} of ${what}, received into ${d.destination} for the response to the epidemic.`
        : `兹收到 ${d.donorName} 捐赠 ${what}，已入 ${d.destination}，用于疫情防控工作。衷心感谢您的爱心与支持！`;
      return { ...presentDonation(d), title: en ? 'Acknowledgement of donation' : '捐赠回执', text, issuer: en ? 'Maonan District Epidemic Prevention and Control Command' : '茂南区新冠肺炎疫情防控指挥部' };
    },

    /** Donations for everyone, no login: a person's name masked, amounts, and where each went. */
    async publicDonations() {
      const rows = await listDonations(db, true);
      return {
        items: rows.map((d) => ({
          ackNo: d.ackNo, donorKind: d.donorKind, donor: d.donorKind === 'person' ? maskName(d.donorName) : d.donorName, moneyFen: d.moneyFen, items: d.items,
          destination: d.destination, receivedAt: d.receivedAt.toISOString(),
        })),
        totalMoneyFen: rows.reduce((n, d) => n + (d.moneyFen ?? 0), 0),
      };
    },
  };
  return service;
}
export type FundsService = ReturnType<typeof fundsService>;
