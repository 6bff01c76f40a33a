import type { Locale } from '../../../contracts/common.ts';
import type { SheetSpec } from '../../lib/spreadsheet.ts';
import { MILLI } from '../../db/schema/index.ts';
import type { BalanceRow, HolderKind, ItemRow, MovementEntryRow, MovementKind, RequestLineExportRow, RequestRow, LineRow } from './materials.repository.ts';

/**
 * The materials exports as sheets: pure functions from rows to what the file shows, in the user's
 * language, quantities in the item's unit (never milli-units) beside the unit's name.
 */

type Words = Record<Locale, string>;
const word = (locale: Locale, w: Words) => w[locale] ?? w['zh-CN'];

const HOLDER_KIND: Record<HolderKind, Words> = {
  warehouse: { 'zh-CN': '仓库', en: 'warehouse' },
  point: { 'zh-CN': '采样点', en: 'sampling point' },
  command_unit: { 'zh-CN': '指挥部', en: 'command post' },
  team: { 'zh-CN': '志愿队伍', en: 'volunteer team' },
};
const MOVEMENT_KIND: Record<MovementKind, Words> = {
  received: { 'zh-CN': '入库', en: 'received' },
  transfer_out: { 'zh-CN': '调出', en: 'transfer out' },
  transfer_in: { 'zh-CN': '调入', en: 'transfer in' },
  consumed: { 'zh-CN': '消耗', en: 'consumed' },
  counted: { 'zh-CN': '盘点差异', en: 'count difference' },
  written_off: { 'zh-CN': '报损', en: 'written off' },
  reversal: { 'zh-CN': '冲销', en: 'reversal' },
};
const REQUEST_STATUS: Record<RequestRow['status'], Words> = {
  requested: { 'zh-CN': '已申请', en: 'requested' },
  approved: { 'zh-CN': '已批准', en: 'approved' },
  dispatched: { 'zh-CN': '已发出', en: 'dispatched' },
  received: { 'zh-CN': '已签收', en: 'received' },
  rejected: { 'zh-CN': '已驳回', en: 'rejected' },
};
const LINE_STATUS: Record<LineRow['status'], Words> = {
  requested: { 'zh-CN': '已申请', en: 'requested' },
  approved: { 'zh-CN': '已批准', en: 'approved' },
  rejected: { 'zh-CN': '未批准', en: 'not approved' },
  dispatched: { 'zh-CN': '已发出', en: 'dispatched' },
  received: { 'zh-CN': '已签收', en: 'received' },
  partial: { 'zh-CN': '部分签收', en: 'partly received' },
  refused: { 'zh-CN': '拒收', en: 'refused' },
};

const qty = (milli: number | null) => (milli === null ? '' : milli / MILLI);
/** A time as the other exports write it: minutes, UTC, marked Z. */
export const sheetTime = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`;

/** An item's name and unit in the sheet's language. */
export function itemNamer(items: ItemRow[], locale: Locale) {
  const byId = new Map(items.map((i) => [i.id, i]));
  return {
    name: (id: number | null) => {
      const i = id === null ? undefined : byId.get(id);
      return i ? (locale === 'en' && i.nameEn ? i.nameEn : i.name) : '';
    },
    unit: (id: number | null) => (id === null ? '' : (byId.get(id)?.unit ?? '')),
  };
}

/** 库存结存: one row per holder × item, the balance now or at `at`. */
export function balancesSheet(rows: BalanceRow[], items: ItemRow[], locale: Locale, at: Date | null): SheetSpec {
  const en = locale === 'en';
  const it = itemNamer(items, locale);
  const balanceHeader = at ? (en ? `Balance at ${sheetTime(at)}` : `结存（截至 ${sheetTime(at)}）`) : en ? 'Balance' : '结存';
  return {
    name: en ? 'Balances' : '库存结存',
    columns: [
      { header: en ? 'Holder' : '库存点', width: 28 },
      { header: en ? 'Kind' : '类型', width: 12 },
      { header: en ? 'Code' : '物资编码', width: 14 },
      { header: en ? 'Item' : '物资', width: 24 },
      { header: en ? 'Unit' : '单位', width: 8 },
      { header: balanceHeader, width: 22 },
    ],
    rows: rows.map((r) => [r.holderName, word(locale, HOLDER_KIND[r.holderKind]), r.itemCode, it.name(r.itemId), it.unit(r.itemId), r.balance / MILLI]),
  };
}

/**
 * 物资申请: one row per request line. Received is in the unit of what was sent (a substitute's own
 * unit), so the sent item is named beside its quantity.
 */
export function requestLinesSheet(rows: RequestLineExportRow[], items: ItemRow[], locale: Locale, now: Date): SheetSpec {
  const en = locale === 'en';
  const it = itemNamer(items, locale);
  const substitute = en ? ' (substitute)' : '（替代）';
  const headers = en
    ? ['Request No.', 'Holder', 'Requested at', 'Due', 'Status', 'Overdue', 'Item', 'Unit', 'Requested', 'Approved', 'Item sent', 'Unit sent', 'Dispatched', 'Received', 'Line status', 'Notes']
    : ['申请编号', '库存点', '申请时间', '要求送达', '申请状态', '超时', '物资', '单位', '申请数', '批准数', '发出物资', '发出单位', '发出数', '签收数', '明细状态', '备注'];
  return {
    name: en ? 'Requests' : '物资申请',
    columns: headers.map((header, i) => ({ header, width: i === 1 ? 28 : i === 6 || i === 10 ? 22 : i === 15 ? 36 : i === 2 || i === 3 ? 18 : 10 })),
    rows: rows.map((r) => {
      const sentItem = r.dispatchedItemId === null ? '' : it.name(r.dispatchedItemId) + (r.dispatchedItemId !== r.itemId ? substitute : '');
      const overdue = r.dueAt < now && r.status !== 'received' && r.status !== 'rejected';
      return [
        r.requestId, r.holderName, sheetTime(r.requestedAt), sheetTime(r.dueAt), word(locale, REQUEST_STATUS[r.status]), overdue ? (en ? 'yes' : '是') : '',
        it.name(r.itemId), it.unit(r.itemId), qty(r.requested), qty(r.approved), sentItem, it.unit(r.dispatchedItemId), qty(r.dispatched), qty(r.received),
        word(locale, LINE_STATUS[r.lineStatus]), [r.requestNote, r.lineNote].filter(Boolean).join('；'),
      ];
    }),
  };
}

/** 库存流水: a holder's ledger, newest first, with the balance of the item after each entry. */
export function movementsSheet(rows: MovementEntryRow[], items: ItemRow[], locale: Locale): SheetSpec {
  const en = locale === 'en';
  const it = itemNamer(items, locale);
  const headers = en
    ? ['No.', 'Time', 'Kind', 'Item', 'Unit', 'Quantity', 'Balance after', 'Reason', 'By', 'Request No.', 'Reverses No.']
    : ['流水号', '时间', '类型', '物资', '单位', '数量', '结存', '事由', '经办人', '申请编号', '冲销流水号'];
  return {
    name: en ? 'Movements' : '库存流水',
    columns: headers.map((header, i) => ({ header, width: i === 1 ? 18 : i === 3 ? 22 : i === 7 ? 36 : 10 })),
    rows: rows.map((m) => [
      m.id, sheetTime(m.at), word(locale, MOVEMENT_KIND[m.kind]), it.name(m.itemId), it.unit(m.itemId), m.quantity / MILLI, m.balanceAfter / MILLI,
      m.reason, m.byName ?? '', m.requestId ?? '', m.reversesId ?? '',
    ]),
  };
}
