import { randomUUID } from 'node:crypto';
import type {
  TApproveMaterialRequest,
  TBalance,
  TCountRequest,
  TCreateItemRequest,
  TCreateMaterialRequest,
  TDispatchMaterialRequest,
  TMaterialRequest,
  TMovement,
  TMovementEntry,
  TReceiveMaterialRequest,
  TReceiveRequest,
  TTransferRequest,
  TWriteOffRequest,
} from '../../../contracts/materials.ts';
import type { Locale } from '../../../contracts/common.ts';
import type { Database } from '../../db/index.ts';
import type { Db } from '../../db/client.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { MILLI } from '../../db/schema/index.ts';
import { Conflict, Forbidden, NotFound, ValidationError } from '../../http/errors.ts';
import { label } from '../../i18n.ts';
import { writeXlsx } from '../../lib/spreadsheet.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { mayCommand, type SessionUser } from '../auth/scope.ts';
import {
  appendMovement,
  balanceOf,
  chiefPointIds,
  ensurePointHolders,
  findHolder,
  findHolderByRef,
  findItem,
  findItemsByIds,
  findDispatchOf,
  findMovement,
  findRequest,
  findRequestByClientId,
  insertHolder,
  insertItem,
  insertItemsIfMissing,
  insertRequest,
  isReversed,
  listBalances,
  listHolders,
  listItems,
  listLines,
  listMovementEntries,
  listRequestLinesForExport,
  lockBalances,
  lockRequestStatus,
  listRequests,
  rebuildBalances,
  updateLine,
  updateRequest,
  type HolderKind,
  type HolderRow,
  type ItemRow,
  type LineRow,
  type MovementRow,
  type NewMovement,
  type RequestRow,
} from './materials.repository.ts';
import { balancesSheet, movementsSheet, requestLinesSheet, sheetTime } from './materials.sheets.ts';

const CHECK_VIOLATION = '23514';

/** The catalogue (practice.md: per 1,000 people 1,000 swabs, 100 tubes at 10-in-1, bags, boxes, ice packs, PPE). */
export const CATALOGUE: ReadonlyArray<{ code: string; name: string; nameEn: string; unit: string; wholeUnits: boolean }> = [
  { code: 'swab', name: '采样拭子', nameEn: 'swab', unit: '支', wholeUnits: true },
  { code: 'tube_1', name: '采样管（单采）', nameEn: 'sampling tube, single', unit: '支', wholeUnits: true },
  { code: 'tube_10', name: '采样管（10混1）', nameEn: 'sampling tube, 10-in-1', unit: '支', wholeUnits: true },
  { code: 'tube_20', name: '采样管（20混1）', nameEn: 'sampling tube, 20-in-1', unit: '支', wholeUnits: true },
  { code: 'sealed_bag', name: '标本密封袋', nameEn: 'sealed specimen bag', unit: '个', wholeUnits: true },
  { code: 'transfer_box', name: '标本转运箱', nameEn: 'specimen transfer box', unit: '个', wholeUnits: true },
  { code: 'ice_pack', name: '冰排', nameEn: 'ice pack', unit: '块', wholeUnits: true },
  { code: 'n95', name: 'N95口罩', nameEn: 'N95 mask', unit: '只', wholeUnits: true },
  { code: 'gown', name: '防护服', nameEn: 'gown / coverall', unit: '套', wholeUnits: true },
  { code: 'gloves', name: '医用手套', nameEn: 'medical gloves', unit: '双', wholeUnits: true },
  { code: 'face_shield', name: '防护面屏', nameEn: 'face shield', unit: '个', wholeUnits: true },
  { code: 'disinfectant', name: '含氯消毒液', nameEn: 'chlorine disinfectant', unit: '升', wholeUnits: false },
];

/** The name of the constraint a database error broke, on either engine. */
function violated(err: unknown): string | undefined {
  for (let e = err as { constraint?: unknown; message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.constraint === 'string') return e.constraint;
    const named = typeof e.message === 'string' ? /constraint "([a-z_]+)"/.exec(e.message) : null;
    if (named) return named[1];
  }
  return undefined;
}

/** Milli-units → the item's unit, for messages and answers. */
const units = (milli: number) => milli / MILLI;

/**
 * A quantity in the item's unit → milli-units: positive (or zero where `zero` allows), at most three
 * decimals, and whole where the item is counted whole.
 */
export function toMilli(item: Pick<ItemRow, 'name' | 'unit' | 'wholeUnits'>, quantity: number, opts: { zero?: boolean } = {}): number {
  if (!Number.isFinite(quantity) || quantity < 0 || (quantity === 0 && !opts.zero)) throw ValidationError('material_quantity_positive', { item: item.name });
  const milli = Math.round(quantity * MILLI);
  if (Math.abs(quantity * MILLI - milli) > 1e-6) throw ValidationError('material_quantity_precision', { item: item.name });
  if (item.wholeUnits && milli % MILLI !== 0) throw ValidationError('material_quantity_whole', { item: item.name, unit: item.unit });
  if (milli > Number.MAX_SAFE_INTEGER / 4) throw ValidationError('material_quantity_positive', { item: item.name });
  return milli;
}

/** Donated items checked against the catalogue and a warehouse, their quantities in milli-units. */
export type DonatedGoods = { holder: HolderRow; lines: Array<{ item: ItemRow; quantity: number; milli: number }> };

/**
 * Checks a donation of items before anything is written: each line a catalogue item in a quantity its
 * unit allows (whole units where counted whole), into a holder that is a warehouse.
 */
export async function checkDonatedGoods(db: Db, holderId: number, lines: Array<{ itemId: number; quantity: number }>): Promise<DonatedGoods> {
  const holder = await findHolder(db, holderId);
  if (!holder) throw ValidationError('material_holder_unknown');
  if (holder.kind !== 'warehouse') throw ValidationError('donation_holder_not_warehouse', { holder: holder.name });
  const items = new Map((await findItemsByIds(db, [...new Set(lines.map((l) => l.itemId))])).map((i) => [i.id, i]));
  return {
    holder,
    lines: lines.map((l) => {
      const item = items.get(l.itemId);
      if (!item) throw ValidationError('material_item_unknown');
      return { item, quantity: l.quantity, milli: toMilli(item, l.quantity) };
    }),
  };
}

/**
 * Puts donated items on the warehouse's books in the caller's transaction (the donation's own): one
 * `received` movement per line naming the donation, the running balance moved, each audited.
 */
export async function receiveDonatedGoods(db: Db, goods: DonatedGoods, donation: { id: number; ackNo: string }, by: number | null, at: Date) {
  // Like every writer of stock: make and lock the balances in one order first.
  await lockBalances(db, goods.lines.map((l) => ({ holderId: goods.holder.id, itemId: l.item.id })));
  for (const l of goods.lines) {
    const row = await appendMovement(db, { holderId: goods.holder.id, itemId: l.item.id, kind: 'received', quantity: l.milli, donationId: donation.id, reason: `donation ${donation.ackNo}`, by }, at);
    await recordAudit(db, {
      userId: by,
      action: 'material_received',
      subjectType: 'stock_movement',
      subjectId: String(row.id),
      details: { holderId: goods.holder.id, itemId: l.item.id, kind: 'received', quantity: l.quantity, donationId: donation.id },
    });
  }
}

const presentMovement = (m: MovementRow): TMovement => ({
  id: m.id,
  holderId: m.holderId,
  itemId: m.itemId,
  kind: m.kind,
  quantity: units(m.quantity),
  pairId: m.pairId,
  requestLineId: m.requestLineId,
  reversesId: m.reversesId,
  reason: m.reason,
  at: m.at.toISOString(),
  by: m.by,
});

export function materialsService(database: Database, audit: AuditService, now: () => Date = () => new Date()) {
  const { db } = database;

  async function itemOf(d: Db, id: number) {
    const item = await findItem(d, id);
    if (!item) throw ValidationError('material_item_unknown');
    return item;
  }
  async function holderOf(d: Db, id: number) {
    const holder = await findHolder(d, id);
    if (!holder) throw ValidationError('material_holder_unknown');
    return holder;
  }

  /** The holders a user may act for: every one for the command, their own points' for a point chief. */
  async function ownHolderIds(user: SessionUser): Promise<number[] | undefined> {
    if (mayCommand(user)) return undefined;
    if (user.role !== 'point_chief' || user.personId === null) return [];
    const points = await chiefPointIds(db, user.personId);
    const holders = await Promise.all(points.map((p) => findHolderByRef(db, 'point', p)));
    return holders.filter((h): h is HolderRow => !!h).map((h) => h.id);
  }
  async function assertMayActFor(user: SessionUser, holderId: number) {
    const own = await ownHolderIds(user);
    if (own && !own.includes(holderId)) throw Forbidden();
  }
  const assertCommand = (user: SessionUser) => {
    if (!mayCommand(user)) throw Forbidden();
  };

  /**
   * Appends movements in one transaction, each audited; a balance that would go negative (more than
   * held, or a concurrent spend that got there first) is refused with what the holder has now.
   */
  async function move(actor: SessionUser | null, action: string, movements: Array<Omit<NewMovement, 'by'>>, extra?: (d: Db) => Promise<void>) {
    try {
      return await database.transaction(async (tx) => {
        // Every writer makes and locks its balances in one order first (lockBalances): a transfer and
        // a consumption posting touching the same balances wait for each other instead of deadlocking.
        await lockBalances(tx.db, movements);
        const rows: MovementRow[] = [];
        for (const m of movements) {
          const row = await appendMovement(tx.db, { ...m, by: actor?.id ?? null }, now());
          rows.push(row);
          await recordAudit(tx.db, {
            userId: actor?.id ?? null,
            action,
            subjectType: 'stock_movement',
            subjectId: String(row.id),
            details: { holderId: m.holderId, itemId: m.itemId, kind: m.kind, quantity: units(m.quantity), reason: m.reason ?? '', requestLineId: m.requestLineId ?? null },
          });
        }
        if (extra) await extra(tx.db);
        return rows;
      });
    } catch (err) {
      if (sqlState(err) === CHECK_VIOLATION && violated(err) === 'stock_balances_nonnegative_ck') {
        const out = movements.find((m) => m.quantity < 0);
        if (out) throw await insufficient(out.holderId, out.itemId, -out.quantity);
      }
      throw err;
    }
  }

  async function insufficient(holderId: number, itemId: number, wanted: number) {
    const [holder, item, held] = await Promise.all([findHolder(db, holderId), findItem(db, itemId), balanceOf(db, holderId, itemId)]);
    return Conflict('material_insufficient', { holder: holder?.name ?? '', item: item?.name ?? '', held: units(held), wanted: units(wanted), unit: item?.unit ?? '' });
  }
  /** Refuses before writing when the holder plainly has too little (the database refuses the races). */
  async function assertHolds(holderId: number, itemId: number, wanted: number) {
    if ((await balanceOf(db, holderId, itemId)) < wanted) throw await insufficient(holderId, itemId, wanted);
  }

  async function presentRequest(r: RequestRow): Promise<TMaterialRequest> {
    const [lines, holder] = await Promise.all([listLines(db, r.id), findHolder(db, r.holderId)]);
    return {
      id: r.id,
      clientId: r.clientId,
      holderId: r.holderId,
      holderName: holder?.name ?? '',
      owner: r.owner,
      dueAt: r.dueAt.toISOString(),
      status: r.status,
      note: r.note,
      fromHolderId: r.fromHolderId,
      requestedAt: r.requestedAt.toISOString(),
      approvedAt: r.approvedAt?.toISOString() ?? null,
      dispatchedAt: r.dispatchedAt?.toISOString() ?? null,
      receivedAt: r.receivedAt?.toISOString() ?? null,
      lines: lines.map((l) => ({
        id: l.id,
        itemId: l.itemId,
        requested: units(l.requested),
        approved: l.approved === null ? null : units(l.approved),
        dispatchedItemId: l.dispatchedItemId,
        dispatched: l.dispatched === null ? null : units(l.dispatched),
        received: l.received === null ? null : units(l.received),
        status: l.status,
        note: l.note,
      })),
    };
  }

  async function requestOf(id: number) {
    const r = await findRequest(db, id);
    if (!r) throw NotFound();
    return r;
  }
  const assertStatus = (r: RequestRow, expected: RequestRow['status']) => {
    if (r.status !== expected) throw Conflict('material_request_state', { status: label(`material_${r.status}`) });
  };

  const service = {
    /** Adds the catalogue items that are missing (idempotent; the seed and boot call it). */
    ensureCatalogue: () => insertItemsIfMissing(db, [...CATALOGUE]),
    /** A holder for every sampling point (idempotent). */
    ensurePointHolders: () => ensurePointHolders(db),

    items: () => listItems(db),
    async addItem(actor: SessionUser, req: TCreateItemRequest) {
      assertCommand(actor);
      try {
        const item = await insertItem(db, req);
        await audit.record({ userId: actor.id, action: 'material_item_added', subjectType: 'item', subjectId: String(item.id), details: req });
        return item;
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('code_taken', { value: req.code, name: req.name });
        throw err;
      }
    },

    holders: () => listHolders(db),
    /** The holders a user acts for: every one for the command, their own points' for a point chief (stock or none). */
    async myHolders(actor: SessionUser) {
      const own = await ownHolderIds(actor);
      const all = await listHolders(db);
      return own ? all.filter((h) => own.includes(h.id)) : all;
    },
    async addHolder(actor: SessionUser | null, req: { kind: HolderKind; refId?: number; name: string; lat?: number; lng?: number }) {
      if (actor) assertCommand(actor);
      try {
        const holder = await insertHolder(db, { kind: req.kind, refId: req.refId ?? null, name: req.name, lat: req.lat ?? null, lng: req.lng ?? null });
        await audit.record({ userId: actor?.id ?? null, action: 'material_holder_added', subjectType: 'holder', subjectId: String(holder.id), details: req });
        return holder;
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('material_holder_taken', { name: req.name });
        throw err;
      }
    },
    holderOfPoint: (pointId: number) => findHolderByRef(db, 'point', pointId),

    /** Stock arrives into a holder (a warehouse, usually) from outside. */
    async receive(actor: SessionUser | null, req: TReceiveRequest) {
      if (actor) assertCommand(actor);
      const [item] = await Promise.all([itemOf(db, req.itemId), holderOf(db, req.holderId)]);
      const q = toMilli(item, req.quantity);
      const [row] = await move(actor, 'material_received', [{ holderId: req.holderId, itemId: item.id, kind: 'received', quantity: q, reason: req.reason }]);
      return presentMovement(row);
    },

    /** Moves stock between two holders: both legs in one transaction, sharing a pair id. */
    async transfer(actor: SessionUser, req: TTransferRequest) {
      assertCommand(actor);
      if (req.fromHolderId === req.toHolderId) throw ValidationError('material_transfer_same');
      const [item] = await Promise.all([itemOf(db, req.itemId), holderOf(db, req.fromHolderId), holderOf(db, req.toHolderId)]);
      const q = toMilli(item, req.quantity);
      await assertHolds(req.fromHolderId, item.id, q);
      const pairId = randomUUID();
      const rows = await move(actor, 'material_transferred', [
        { holderId: req.fromHolderId, itemId: item.id, kind: 'transfer_out', quantity: -q, pairId, reason: req.reason },
        { holderId: req.toHolderId, itemId: item.id, kind: 'transfer_in', quantity: q, pairId, reason: req.reason },
      ]);
      return rows.map(presentMovement);
    },

    /** A stock count: the difference between what was found and the balance is its own movement. */
    async count(actor: SessionUser, req: TCountRequest) {
      await assertMayActFor(actor, req.holderId);
      const [item] = await Promise.all([itemOf(db, req.itemId), holderOf(db, req.holderId)]);
      const found = toMilli(item, req.counted, { zero: true });
      const rows = await database.transaction(async (tx) => {
        // The balance row is locked so a movement racing the count cannot slip between read and write.
        const held = await lockBalances(tx.db, [{ holderId: req.holderId, itemId: item.id }]);
        const diff = found - (held.get(`${req.holderId}:${item.id}`) ?? 0);
        const row = await appendMovement(tx.db, { holderId: req.holderId, itemId: item.id, kind: 'counted', quantity: diff, reason: req.reason, by: actor.id }, now());
        await recordAudit(tx.db, { userId: actor.id, action: 'material_counted', subjectType: 'stock_movement', subjectId: String(row.id), details: { holderId: req.holderId, itemId: item.id, counted: req.counted, difference: units(diff) } });
        return row;
      });
      return presentMovement(rows);
    },

    /** Damaged, expired or lost stock leaves the books with a reason. */
    async writeOff(actor: SessionUser, req: TWriteOffRequest) {
      await assertMayActFor(actor, req.holderId);
      const [item] = await Promise.all([itemOf(db, req.itemId), holderOf(db, req.holderId)]);
      const q = toMilli(item, req.quantity);
      await assertHolds(req.holderId, item.id, q);
      const [row] = await move(actor, 'material_written_off', [{ holderId: req.holderId, itemId: item.id, kind: 'written_off', quantity: -q, reason: req.reason }]);
      return presentMovement(row);
    },

    /** Stock used up at a holder (by hand; consumption from scans and check-ins is the next part). */
    async consume(actor: SessionUser | null, req: TReceiveRequest) {
      if (actor) await assertMayActFor(actor, req.holderId);
      const [item] = await Promise.all([itemOf(db, req.itemId), holderOf(db, req.holderId)]);
      const q = toMilli(item, req.quantity);
      await assertHolds(req.holderId, item.id, q);
      const [row] = await move(actor, 'material_consumed', [{ holderId: req.holderId, itemId: item.id, kind: 'consumed', quantity: -q, reason: req.reason }]);
      return presentMovement(row);
    },

    /** Corrects a mistaken movement with a reversing entry (a transfer is corrected by a transfer back). */
    async reverse(actor: SessionUser, movementId: number, reason: string) {
      assertCommand(actor);
      const m = await findMovement(db, movementId);
      if (!m) throw NotFound();
      if (m.kind === 'reversal' || m.kind === 'transfer_in' || m.kind === 'transfer_out') throw ValidationError('material_reverse_kind', { kind: label(`material_${m.kind}`) });
      if (await isReversed(db, m.id)) throw Conflict('material_reversed_already');
      // A count that found the books right, or a consumption the stock did not cover, moved nothing.
      if (m.quantity === 0) throw ValidationError('material_reverse_nothing');
      if (m.quantity > 0) await assertHolds(m.holderId, m.itemId, m.quantity);
      try {
        const [row] = await move(actor, 'material_reversed', [{ holderId: m.holderId, itemId: m.itemId, kind: 'reversal', quantity: -m.quantity, reversesId: m.id, reason }]);
        return presentMovement(row);
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('material_reversed_already');
        throw err;
      }
    },

    /** Balances now (running balances) or at a past time (from the ledger), of the holders the user may see. */
    async balances(actor: SessionUser, q: { holderId?: number; at?: string }): Promise<{ at: string | null; items: TBalance[] }> {
      const own = await ownHolderIds(actor);
      if (q.holderId && own && !own.includes(q.holderId)) throw Forbidden();
      const holderIds = q.holderId ? [q.holderId] : own;
      const rows = await listBalances(db, { holderIds, at: q.at ? new Date(q.at) : undefined });
      return { at: q.at ?? null, items: rows.map(({ balance, ...r }) => ({ ...r, quantity: units(balance) })) };
    },

    /** A holder's latest movements with who made them and the balance after each. */
    async movements(actor: SessionUser, holderId: number): Promise<TMovementEntry[]> {
      await assertMayActFor(actor, holderId);
      return (await listMovementEntries(db, holderId, 200)).map((m) => ({ ...presentMovement(m), byName: m.byName, requestId: m.requestId, balanceAfter: units(m.balanceAfter) }));
    },

    // ---- exports (.xlsx, in the caller's language; a point chief gets their own point's only)

    /** Every holder × item the caller may see (items run out included), now or at a past time. */
    async balancesXlsx(actor: SessionUser, q: { holderId?: number; at?: string }, locale: Locale) {
      const own = await ownHolderIds(actor);
      if (q.holderId && own && !own.includes(q.holderId)) throw Forbidden();
      const at = q.at ? new Date(q.at) : null;
      const [rows, items] = await Promise.all([listBalances(db, { holderIds: q.holderId ? [q.holderId] : own, at: at ?? undefined, withZero: true }), listItems(db)]);
      const data = await writeXlsx([balancesSheet(rows, items, locale, at)]);
      const when = at ? `-${sheetTime(at).slice(0, 10)}` : '';
      return { data, filename: locale === 'en' ? `stock-balances${when}.xlsx` : `库存结存${when}.xlsx` };
    },
    /** One row per request line, every request matching the filter (no cap). */
    async requestsXlsx(actor: SessionUser, q: { status?: RequestRow['status']; holderId?: number }, locale: Locale) {
      const own = await ownHolderIds(actor);
      if (q.holderId && own && !own.includes(q.holderId)) throw Forbidden();
      const [rows, items] = await Promise.all([listRequestLinesForExport(db, { holderIds: q.holderId ? [q.holderId] : own, status: q.status }), listItems(db)]);
      const data = await writeXlsx([requestLinesSheet(rows, items, locale, now())]);
      return { data, filename: locale === 'en' ? 'materials-requests.xlsx' : '物资申请明细.xlsx' };
    },
    /** The whole ledger of one holder. */
    async movementsXlsx(actor: SessionUser, holderId: number, locale: Locale) {
      await assertMayActFor(actor, holderId);
      const holder = await findHolder(db, holderId);
      if (!holder) throw NotFound();
      const [rows, items] = await Promise.all([listMovementEntries(db, holderId), listItems(db)]);
      const data = await writeXlsx([movementsSheet(rows, items, locale)]);
      return { data, filename: locale === 'en' ? `movements-${holderId}.xlsx` : `${holder.name}库存流水.xlsx` };
    },

    /** Recomputes every running balance from the ledger; says whether they had agreed. */
    async rebuildBalances() {
      const wrong = await database.transaction((tx) => rebuildBalances(tx.db));
      return { wrong, agreed: wrong === 0 };
    },

    // ---- requests and deliveries

    /** A point chief (or the command for a post or team) asks for items; a resent request files nothing twice. */
    async request(actor: SessionUser, req: TCreateMaterialRequest) {
      const existing = await findRequestByClientId(db, req.clientId);
      if (existing) {
        if (existing.holderId !== req.holderId || existing.requestedBy !== actor.id) throw Conflict('material_request_id_reused');
        return presentRequest(existing);
      }
      await assertMayActFor(actor, req.holderId);
      await holderOf(db, req.holderId);
      const items = new Map((await findItemsByIds(db, [...new Set(req.lines.map((l) => l.itemId))])).map((i) => [i.id, i]));
      const lines = req.lines.map((l) => {
        const item = items.get(l.itemId);
        if (!item) throw ValidationError('material_item_unknown');
        return { itemId: item.id, requested: toMilli(item, l.quantity) };
      });
      const dueAt = req.dueAt ? new Date(req.dueAt) : new Date(now().getTime() + 4 * 3600_000);
      const created = await database.transaction(async (tx) => {
        const r = await insertRequest(tx.db, { clientId: req.clientId, holderId: req.holderId, owner: 'district_command', dueAt, note: req.note, requestedBy: actor.id, requestedAt: now() }, lines);
        if (r) await recordAudit(tx.db, { userId: actor.id, action: 'material_requested', subjectType: 'material_request', subjectId: String(r.id), details: req });
        return r;
      });
      // A concurrent resend of the same client id lost the insert: answer with the one that won.
      return presentRequest(created ?? (await findRequestByClientId(db, req.clientId))!);
    },

    async listRequests(actor: SessionUser, q: { status?: RequestRow['status']; holderId?: number }) {
      const own = await ownHolderIds(actor);
      if (q.holderId && own && !own.includes(q.holderId)) throw Forbidden();
      const rows = await listRequests(db, { holderIds: q.holderId ? [q.holderId] : own, status: q.status });
      return { items: await Promise.all(rows.map(presentRequest)) };
    },
    async getRequest(actor: SessionUser, id: number) {
      const r = await requestOf(id);
      await assertMayActFor(actor, r.holderId);
      return presentRequest(r);
    },

    /** The materials group approves each line as asked, less, or not at all (0 rejects the line). */
    async approve(actor: SessionUser, id: number, req: TApproveMaterialRequest) {
      assertCommand(actor);
      const r = await requestOf(id);
      assertStatus(r, 'requested');
      const lines = await listLines(db, id);
      const given = new Map(req.lines.map((l) => [l.lineId, l]));
      for (const l of given.keys()) if (!lines.some((x) => x.id === l)) throw ValidationError('material_line_unknown');
      const items = new Map((await findItemsByIds(db, lines.map((l) => l.itemId))).map((i) => [i.id, i]));
      const decided = lines.map((l) => {
        const g = given.get(l.id);
        const approved = g ? toMilli(items.get(l.itemId)!, g.quantity, { zero: true }) : l.requested;
        return { line: l, approved, note: g?.note ?? '' };
      });
      const anyApproved = decided.some((d) => d.approved > 0);
      await database.transaction(async (tx) => {
        const status = await lockRequestStatus(tx.db, id);
        if (status !== 'requested') throw Conflict('material_request_state', { status: label(`material_${status}`) });
        for (const d of decided) await updateLine(tx.db, d.line.id, { approved: d.approved, status: d.approved > 0 ? 'approved' : 'rejected', note: d.note });
        await updateRequest(tx.db, id, { status: anyApproved ? 'approved' : 'rejected', approvedBy: actor.id, approvedAt: now() });
        await recordAudit(tx.db, { userId: actor.id, action: anyApproved ? 'material_request_approved' : 'material_request_rejected', subjectType: 'material_request', subjectId: String(id), details: req });
      });
      return presentRequest(await requestOf(id));
    },

    /**
     * Picks the approved lines from a holder (a warehouse) and sends them: one transfer_out per line,
     * the quantity approved unless less is sent, a substitute item where named.
     */
    async dispatch(actor: SessionUser, id: number, req: TDispatchMaterialRequest) {
      assertCommand(actor);
      const r = await requestOf(id);
      assertStatus(r, 'approved');
      if (req.fromHolderId === r.holderId) throw ValidationError('material_transfer_same');
      await holderOf(db, req.fromHolderId);
      const lines = (await listLines(db, id)).filter((l) => l.status === 'approved');
      const given = new Map(req.lines.map((l) => [l.lineId, l]));
      for (const l of given.keys()) if (!lines.some((x) => x.id === l)) throw ValidationError('material_line_unknown');
      const sent: Array<{ line: LineRow; item: ItemRow; q: number; pairId: string; note: string }> = [];
      for (const l of lines) {
        const g = given.get(l.id);
        const item = await itemOf(db, g?.itemId ?? l.itemId);
        const q = g ? toMilli(item, g.quantity, { zero: true }) : l.approved!;
        sent.push({ line: l, item, q, pairId: randomUUID(), note: g?.note ?? '' });
      }
      if (!sent.some((s) => s.q > 0)) throw ValidationError('material_dispatch_empty');
      for (const s of sent) if (s.q > 0) await assertHolds(req.fromHolderId, s.item.id, s.q);
      await move(
        actor,
        'material_dispatched',
        sent.filter((s) => s.q > 0).map((s) => ({ holderId: req.fromHolderId, itemId: s.item.id, kind: 'transfer_out' as const, quantity: -s.q, pairId: s.pairId, requestLineId: s.line.id, reason: `request ${id}` })),
        async (d) => {
          const status = await lockRequestStatus(d, id);
          if (status !== 'approved') throw Conflict('material_request_state', { status: label(`material_${status}`) });
          for (const s of sent) await updateLine(d, s.line.id, { dispatchedItemId: s.item.id, dispatched: s.q, status: s.q > 0 ? 'dispatched' : 'rejected', note: s.note || s.line.note });
          await updateRequest(d, id, { status: 'dispatched', fromHolderId: req.fromHolderId, dispatchedBy: actor.id, dispatchedAt: now() });
        },
      );
      return presentRequest(await requestOf(id));
    },

    /**
     * The receiver confirms what arrived, per line: all of it, part (partial), or none (refused).
     * More than was dispatched is refused. What did not arrive goes back on the sender's books.
     */
    async confirmReceipt(actor: SessionUser, id: number, req: TReceiveMaterialRequest) {
      const r = await requestOf(id);
      await assertMayActFor(actor, r.holderId);
      assertStatus(r, 'dispatched');
      const lines = (await listLines(db, id)).filter((l) => l.status === 'dispatched');
      const given = new Map(req.lines.map((l) => [l.lineId, l]));
      for (const l of given.keys()) if (!lines.some((x) => x.id === l)) throw ValidationError('material_line_unknown');
      const got: Array<{ line: LineRow; item: ItemRow; q: number; note: string }> = [];
      for (const l of lines) {
        const g = given.get(l.id);
        const item = await itemOf(db, l.dispatchedItemId!);
        const q = g ? toMilli(item, g.quantity, { zero: true }) : l.dispatched!;
        if (q > l.dispatched!) throw ValidationError('material_receipt_over_dispatched', { item: item.name, received: units(q), dispatched: units(l.dispatched!), unit: item.unit });
        got.push({ line: l, item, q, note: g?.note ?? '' });
      }
      const movements: Array<Omit<NewMovement, 'by'>> = [];
      for (const g of got) {
        const out = await findDispatchOf(db, g.line.id);
        if (g.q > 0) movements.push({ holderId: r.holderId, itemId: g.item.id, kind: 'transfer_in', quantity: g.q, pairId: out?.pairId ?? null, requestLineId: g.line.id, reason: `request ${id}` });
        if (g.q < g.line.dispatched!)
          movements.push({ holderId: r.fromHolderId!, itemId: g.item.id, kind: 'transfer_in', quantity: g.line.dispatched! - g.q, pairId: out?.pairId ?? null, requestLineId: g.line.id, reason: `request ${id}: not received, back to the sender` });
      }
      await move(actor, 'material_receipt_confirmed', movements, async (d) => {
        const status = await lockRequestStatus(d, id);
        if (status !== 'dispatched') throw Conflict('material_request_state', { status: label(`material_${status}`) });
        for (const g of got) await updateLine(d, g.line.id, { received: g.q, status: g.q === g.line.dispatched ? 'received' : g.q === 0 ? 'refused' : 'partial', note: g.note || g.line.note });
        await updateRequest(d, id, { status: 'received', receivedBy: actor.id, receivedAt: now() });
      });
      return presentRequest(await requestOf(id));
    },
  };
  return service;
}
export type MaterialsService = ReturnType<typeof materialsService>;
