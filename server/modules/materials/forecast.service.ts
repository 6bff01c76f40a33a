import type { Locale } from '../../../contracts/common.ts';
import type { TForecast, TForecastRow } from '../../../contracts/materials.ts';
import type { Database } from '../../db/index.ts';
import { MILLI } from '../../db/schema/index.ts';
import { Forbidden } from '../../http/errors.ts';
import { writeXlsx } from '../../lib/spreadsheet.ts';
import { mayCommand, type SessionUser } from '../auth/scope.ts';
import { haversineMeters } from '../deployments/transport.ts';
import { listRates } from './consumption.repository.ts';
import { currentRound, kitsAhead, otherStock, pointStock, remainingByPoint, type PointStockRow } from './forecast.repository.ts';
import { ensurePointHolders, listItems } from './materials.repository.ts';
import { itemNamer } from './materials.sheets.ts';

const HOUR_MS = 3600_000;
/** Opening hours are the district's local time (China, UTC+8, no summer time). */
const LOCAL_OFFSET_MS = 8 * HOUR_MS;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The opening hours the stock must last: what is left of today's at `at` (all of them before opening),
 * or, once today's are over, the whole of the next day's — the night is when the materials group
 * restocks for the morning.
 */
export function openHoursLeft(opensAt: string, closesAt: string, at: Date): { hours: number; nextDay: boolean } {
  const local = new Date(at.getTime() + LOCAL_OFFSET_MS);
  const m = local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60;
  const open = minutesOf(opensAt);
  let close = minutesOf(closesAt);
  // Open round the clock: the stock must last the next 24 hours, whatever the time.
  if (close === open) return { hours: 24, nextDay: false };
  const window = (close > open ? close - open : close + 24 * 60 - open) / 60;
  let left: number;
  if (close < open && m < close) left = (close - m) / 60; // open through midnight, still in last night's window
  else {
    if (close < open) close += 24 * 60;
    left = m >= close ? 0 : (close - Math.max(m, open)) / 60;
  }
  // Today's hours over, or nearly (under two hours left): the stock must also see the next day through.
  if (left < 2) return { hours: left + window, nextDay: true };
  return { hours: left, nextDay: false };
}

/**
 * Milli-units of each item one more person of the round uses: the swab rates, and the tube rate for a
 * tube of the round's pool size shared by that many people.
 */
export function perPersonNeed(rates: Array<{ trigger: string; itemId: number; perUnit: number; minPersons: number; maxPersons: number }>, poolSize: number) {
  const need = new Map<number, number>();
  for (const r of rates) {
    if (poolSize < r.minPersons || poolSize > r.maxPersons) continue;
    const perPerson = r.trigger === 'swab' ? r.perUnit : r.trigger === 'tube' ? r.perUnit / poolSize : 0;
    if (perPerson > 0) need.set(r.itemId, (need.get(r.itemId) ?? 0) + perPerson);
  }
  return need;
}

interface Source { holderId: number; name: string; kind: string; lat: number | null; lng: number | null; spare: number }

/**
 * 缺货预警: for every open point and item, the stock, the use in the last hour, the hours it lasts at that
 * rate, what the rest of today's opening hours and the round's people still to test need; a point whose
 * stock falls short of that (or lasts less than the item's alert hours while open) is on the list, with a
 * transfer proposed from the nearest holder with spare stock (a warehouse, a command unit, or a point
 * with more than its own need).
 */
export function forecastService(database: Database, now: () => Date = () => new Date()) {
  const { db } = database;

  async function compute(at: Date): Promise<TForecast & { items: Awaited<ReturnType<typeof listItems>> }> {
    // A point opened since the last scan is on the list too, with nothing in stock.
    await ensurePointHolders(db);
    const items = await listItems(db);
    const [stock, others, rates, round] = await Promise.all([pointStock(db, new Date(at.getTime() - HOUR_MS), items.map((i) => i.id)), otherStock(db), listRates(db), currentRound(db, at)]);
    const remaining = round ? await remainingByPoint(db, round.id) : new Map<number, number>();
    const kits = await kitsAhead(db, at, new Date(at.getTime() + 36 * HOUR_MS));
    const kitRate = new Map(rates.filter((r) => r.trigger === 'shift_member' && r.perUnit > 0).map((r) => [r.itemId, r.perUnit]));
    const perPerson = round ? perPersonNeed(rates, round.poolSize) : new Map<number, number>();
    const itemOf = new Map(items.map((i) => [i.id, i]));

    const rows: Array<TForecastRow & { _row: PointStockRow; _deficit: number; _need: number }> = stock.map((s) => {
      const item = itemOf.get(s.itemId)!;
      const rate = s.usedLastHour; // milli-units per hour
      const opening = openHoursLeft(s.opensAt, s.closesAt, at);
      const hoursOpen = s.pointStatus === 'paused' || s.pointStatus === 'relocating' || opening.nextDay ? 0 : opening.hours;
      // Closed for today: the stock must see the next day through, at today's pace.
      const hoursAhead = opening.nextDay ? opening.hours : hoursOpen;
      const needToday = rate * hoursAhead;
      const people = remaining.get(s.pointId) ?? 0;
      const each = perPerson.get(s.itemId);
      const needRound = round && each !== undefined ? people * each : null;
      // Stock is needed until the earlier of closing time and the round's last person; before any use
      // today, the round's people are the only measure.
      // Kits for the members still to sign in on shifts starting within the hours ahead.
      const until = at.getTime() + hoursAhead * HOUR_MS;
      const members = (kits.get(s.pointId) ?? []).filter((d) => d.getTime() < until).length;
      const needKits = members * (kitRate.get(s.itemId) ?? 0);
      const needed = (rate > 0 ? (needRound === null ? needToday : Math.min(needToday, needRound)) : (needRound ?? 0)) + needKits;
      // Nothing left lasts no time at all, used or not.
      const hoursLeft = s.balance === 0 ? 0 : rate > 0 ? s.balance / rate : null;
      const underAlert = rate > 0 && hoursLeft !== null && hoursOpen > 0 && hoursLeft < Math.min(item.alertHours, hoursOpen) && (needRound === null || s.balance < needRound);
      const deficit = Math.max(needed - s.balance, underAlert ? rate * Math.min(item.alertHours, hoursOpen) - s.balance : 0);
      return {
        holderId: s.holderId,
        pointId: s.pointId,
        pointName: s.pointName,
        itemId: s.itemId,
        itemCode: item.code,
        balance: s.balance / MILLI,
        unrecorded: s.unrecorded / MILLI,
        perHour: rate / MILLI,
        hoursLeft: hoursLeft === null ? null : Math.round(hoursLeft * 10) / 10,
        openHoursLeft: Math.round(hoursAhead * 10) / 10,
        nextDay: opening.nextDay,
        needToday: (needToday + needKits) / MILLI,
        kitsAhead: members,
        remainingPeople: Math.round(people),
        needRound: needRound === null ? null : needRound / MILLI,
        short: deficit > 0,
        shortBy: deficit > 0 ? Math.ceil(deficit / MILLI) : 0,
        proposal: null,
        _row: s,
        _deficit: deficit,
        _need: needed,
      };
    });

    // Who has spare of each item: warehouses and command units all they hold, points what their own need leaves.
    const sources = new Map<number, Source[]>();
    const add = (itemId: number, s: Source) => {
      if (s.spare <= 0) return;
      const list = sources.get(itemId) ?? [];
      list.push(s);
      sources.set(itemId, list);
    };
    for (const o of others) add(o.itemId, { holderId: o.holderId, name: o.name, kind: o.kind, lat: o.lat, lng: o.lng, spare: o.balance });
    for (const r of rows) {
      if (r.short) continue;
      const spare = r._row.balance - Math.max(r._need, r._row.usedLastHour * 2);
      add(r.itemId, { holderId: r.holderId, name: r.pointName, kind: 'point', lat: r._row.lat, lng: r._row.lng, spare });
    }

    const short = rows.filter((r) => r.short).sort((a, b) => (a.hoursLeft ?? Infinity) - (b.hoursLeft ?? Infinity) || b._deficit - a._deficit);
    for (const r of short) {
      const item = itemOf.get(r.itemId)!;
      const wanted = item.wholeUnits ? Math.ceil(r._deficit / MILLI) * MILLI : Math.ceil(r._deficit);
      const distance = (s: Source) => (s.lat === null || s.lng === null || r._row.lat === null || r._row.lng === null ? Infinity : haversineMeters({ lat: s.lat, lng: s.lng }, { lat: r._row.lat, lng: r._row.lng }));
      const candidates = (sources.get(r.itemId) ?? []).filter((s) => s.holderId !== r.holderId && s.spare >= (item.wholeUnits ? MILLI : 1));
      if (!candidates.length) continue;
      candidates.sort((a, b) => distance(a) - distance(b));
      const from = candidates.find((s) => s.spare >= wanted) ?? candidates.reduce((a, b) => (b.spare > a.spare ? b : a));
      let quantity = Math.min(wanted, from.spare);
      if (item.wholeUnits) quantity = Math.floor(quantity / MILLI) * MILLI;
      if (quantity <= 0) continue;
      from.spare -= quantity;
      const km = distance(from);
      r.proposal = { fromHolderId: from.holderId, fromName: from.name, fromKind: from.kind, quantity: quantity / MILLI, km: Number.isFinite(km) ? Math.round(km / 100) / 10 : null };
    }

    const strip = ({ _row, _deficit, _need, ...r }: (typeof rows)[number]): TForecastRow => r;
    return {
      at: at.toISOString(),
      round: round ? { id: round.id, name: round.name, poolSize: round.poolSize } : null,
      points: new Set(rows.map((r) => r.pointId)).size,
      rows: rows.map(strip),
      shortages: short.map(strip),
      items,
    };
  }

  const assertMay = (actor: SessionUser) => {
    if (!mayCommand(actor)) throw Forbidden();
  };
  return {
    /** The command's view: every point and item, and the shortage list with proposed transfers. */
    async forecast(actor: SessionUser, opts: { shortOnly?: boolean } = {}): Promise<TForecast> {
      assertMay(actor);
      const { items: _items, ...f } = await compute(now());
      return opts.shortOnly ? { ...f, rows: [] } : f;
    },
    compute: () => compute(now()),

    /** The shortage list and every point × item as an .xlsx to hand on (to the warehouse, to a town). */
    async forecastXlsx(actor: SessionUser, locale: Locale) {
      assertMay(actor);
      const { items, ...f } = await compute(now());
      const en = locale === 'en';
      const named = itemNamer(items, locale);
      const h = (zh: string, english: string) => (en ? english : zh);
      const headers = [
        h('采样点', 'Point'), h('物资', 'Item'), h('单位', 'Unit'), h('结存', 'In stock'), h('超出账面（待盘点）', 'Used beyond the books'), h('每小时用量', 'Used per hour'),
        h('可用时长（小时）', 'Lasts (hours)'), h('开放时长（小时）', 'Opening hours ahead'), h('还需（开放时长）', 'Needed (opening hours)'), h('本轮未采人数', 'People left this round'),
        h('本轮还需', 'Needed this round'), h('缺口', 'Short by'), h('建议调出方', 'Proposed from'), h('建议调拨数量', 'Proposed quantity'), h('距离（公里）', 'Distance (km)'),
      ];
      const row = (r: TForecastRow) => {
        return [
          r.pointName, named.name(r.itemId), named.unit(r.itemId), r.balance, r.unrecorded, r.perHour, r.hoursLeft ?? '', r.openHoursLeft, Math.round(r.needToday * 10) / 10,
          r.remainingPeople, r.needRound === null ? '' : Math.round(r.needRound * 10) / 10, r.shortBy || '', r.proposal?.fromName ?? '', r.proposal?.quantity ?? '', r.proposal?.km ?? '',
        ];
      };
      const columns = headers.map((header, i) => ({ header, width: i === 0 || i === 12 ? 26 : 14 }));
      const data = await writeXlsx([
        { name: h('缺货清单', 'Shortages'), columns, rows: f.shortages.map(row) },
        { name: h('全部采样点', 'All points'), columns, rows: f.rows.map(row) },
      ]);
      const stamp = new Date(new Date(f.at).getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 16).replace(/[-:T]/g, '');
      return { data, filename: en ? `shortages-${stamp}.xlsx` : `缺货预警-${stamp}.xlsx` };
    },
  };
}
export type ForecastService = ReturnType<typeof forecastService>;
