import type { Locale } from '../../../contracts/common.ts';
import { maskIdNumber, maskPhone, normaliseIdNumber, parseIdNumber } from '../../../contracts/idcard.ts';
import type { z } from 'zod';
import { TUBE_CODE, type TCoverage, type TCoverageReport, type TOpenRoundRequest, type TRound, type TScanBatch, type TScanResult, type TUntestedList, type ZHomeTasks } from '../../../contracts/rounds.ts';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, Forbidden, NotFound, ValidationError } from '../../http/errors.ts';
import { label, t, type MessageKey } from '../../i18n.ts';
import { topicBus } from '../../lib/events.ts';
import { gate } from '../../lib/gate.ts';
import { fileKind, readTable, UnreadableFile, writeXlsx } from '../../lib/spreadsheet.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertRole, mayCommand, mayRevealPii, type SessionUser } from '../auth/scope.ts';
import { findLiveCheckinOfPerson, findPoint, isPointChief } from '../points/points.repository.ts';
import { districtTime, shiftAt } from '../points/shift.ts';
import { findBuilding, findRoot, listByIds } from '../regions/regions.repository.ts';
import { regionNamer } from '../regions/regions.service.ts';
import { findResponse } from '../responses/responses.repository.ts';
import { listSchemes, listZones } from '../zones/zones.repository.ts';
import { assertLevelOf, named } from '../zones/zones.service.ts';
import {
  activeZoneLevels,
  alreadySampled,
  applyResults,
  generateHomeTasks,
  insertHomeTask,
  insertSweepContact,
  lastContacts,
  listHomeTasks,
  countHomeTasks,
  findSquad,
  listDoorToDoorSquads,
  handOffHomeTasks,
  listRecalls,
  openRecallsOf,
  roundOutcomes,
  tubesByCodes,
  type HomeTaskReason,
  type SweepOutcome,
  closeRound,
  counterSnapshot,
  coverageRows,
  findRound,
  findSubmission,
  insertExemption,
  insertRound,
  listPoolSizes,
  listRounds,
  pointCounts,
  rebuildCounters,
  residentsWhere,
  rosterByIdNumbers,
  gridPaths,
  householdsOfBuildings,
  roundScopeOf,
  roundTotals,
  untested,
  usedTubeCodes,
  writeBatch,
  type BatchTube,
  type ExemptionReason,
  type RoundRecord,
} from './rounds.repository.ts';

/** What changed in a round, for the live views: the grids whose counts moved and the point. */
export interface RoundEvent { roundId: number; pointId: number; grids: number[]; persons: number; at: string; submissionId?: string }

const RUNNING_POINT = new Set(['setting_up', 'open', 'paused', 'relocating']);
const CONTEXT_TTL_MS = 5_000;
const REVEAL_AUDIT_WINDOW_MS = 15 * 60_000;
/** A submission larger than this is bulk: a registrar sends one tube at a time. */
const BULK_PERSONS = 50;
const RESULT_WORDS = new Map<string, 'negative' | 'positive'>([
  ['阴性', 'negative'], ['negative', 'negative'], ['neg', 'negative'], ['-', 'negative'], ['n', 'negative'],
  ['阳性', 'positive'], ['positive', 'positive'], ['pos', 'positive'], ['+', 'positive'], ['p', 'positive'],
]);
type ScanBatchInput = Omit<TScanBatch, 'purpose'> & { purpose?: TScanBatch['purpose'] };
type TBuildingTasks = z.infer<typeof ZHomeTasks>['buildings'][number];

interface ScanProblem { tube: string; person?: number; field: 'code' | 'persons' | 'idNumber' | 'scannedAt'; reason: string; message: string }

/** The coverage of several parts together. */
function totalOf(rows: ReadonlyArray<{ residents: number; exempt: number; tested: number }>): TCoverage {
  let residents = 0, exempt = 0, tested = 0;
  for (const r of rows) {
    residents += r.residents;
    exempt += r.exempt;
    tested += r.tested;
  }
  return coverage(residents, exempt, tested);
}

function coverage(residents: number, exempt: number, tested: number): TCoverage {
  const shouldTest = Math.max(0, residents - exempt);
  return { residents, exempt, shouldTest, tested, untested: Math.max(0, shouldTest - tested), share: shouldTest === 0 ? 0 : Math.min(1, tested / shouldTest) };
}

/**
 * 应检尽检、不漏一人: rounds of mass testing, scans bound to tubes, counters kept as they arrive,
 * coverage and the untested lists read from them.
 */
export function roundsService(database: Database, audit: AuditService, clock: () => Date = () => new Date()) {
  const { db } = database;
  const events = topicBus<RoundEvent>();
  // Bulk batches from other systems take turns (one at a time on the embedded engine, leaving two
  // of ten connections free on PostgreSQL), so a registrar's single tube never waits behind a queue of them.
  const bulk = gate(database.kind === 'embedded' ? 1 : 8);
  const revealed = new Map<string, number>();

  /** What an ingest needs to know about its round, kept a few seconds: it is read for every batch. */
  const contexts = new Map<number, { at: number; value: Promise<RoundContext> }>();
  interface RoundContext {
    round: RoundRecord;
    scopePaths: string[];
    /** The pool size where a person lives: the smallest any risk area around them asks for, the round's default elsewhere. */
    poolOf: (gridId: number, householdId: number) => number;
  }
  async function loadContext(roundId: number): Promise<RoundContext> {
    const round = await findRound(db, roundId);
    if (!round) throw NotFound();
    const [scope, sizes, levels, grids] = await Promise.all([roundScopeOf(db, roundId), listPoolSizes(db, roundId), activeZoneLevels(db, round.responseId), gridPaths(db)]);
    const sizeOf = new Map(sizes.map((s) => [s.level, s.poolSize]));
    const byBuilding = new Map<number, number>();
    const byPath: Array<[string, number]> = [];
    for (const l of levels) {
      const size = sizeOf.get(l.level);
      if (size === undefined) continue;
      if (l.buildingId !== null) byBuilding.set(l.buildingId, Math.min(size, byBuilding.get(l.buildingId) ?? size));
      else if (l.path) byPath.push([l.path, size]);
    }
    // Worked out once per grid and per household of an area's buildings, so a batch reads no more than the roster.
    const gridPool = new Map<number, number>();
    for (const g of grids) {
      let size = round.defaultPoolSize;
      for (const [path, s] of byPath) if (g.path.startsWith(path) && s < size) size = s;
      if (size < round.defaultPoolSize) gridPool.set(g.id, size);
    }
    const householdPool = new Map<number, number>();
    for (const h of await householdsOfBuildings(db, [...byBuilding.keys()])) householdPool.set(h.id, byBuilding.get(h.buildingId)!);
    return {
      round,
      scopePaths: scope.flatMap((s) => s.paths),
      poolOf: (gridId, householdId) => Math.min(gridPool.get(gridId) ?? round.defaultPoolSize, householdPool.get(householdId) ?? round.defaultPoolSize),
    };
  }
  function context(roundId: number) {
    const hit = contexts.get(roundId);
    if (hit && Date.now() - hit.at < CONTEXT_TTL_MS) return hit.value;
    const value = loadContext(roundId);
    value.catch(() => contexts.delete(roundId));
    contexts.set(roundId, { at: Date.now(), value });
    return value;
  }

  /** The command anywhere; at a point, its chief and whoever is checked in on its team this shift. */
  async function mayScanAt(user: SessionUser, pointId: number) {
    if (mayCommand(user)) return true;
    if (user.personId === null) return false;
    if (await isPointChief(db, pointId, user.personId)) return true;
    const checkin = await findLiveCheckinOfPerson(db, user.personId, shiftAt(clock()));
    return checkin?.pointId === pointId;
  }

  /** Whether a region (by path) is inside what the caller sees. */
  const visible = (user: SessionUser | null, path: string) => !user || path.startsWith(user.scopePath) || user.scopePath.startsWith(path);

  async function present(round: RoundRecord): Promise<TRound> {
    const [scope, sizes, totals, outcomes] = await Promise.all([roundScopeOf(db, round.id), listPoolSizes(db, round.id), roundTotals(db, round.id), roundOutcomes(db, round.id)]);
    const [all] = await sumCoverage(round.id, scope.flatMap((x) => x.paths));
    return {
      id: round.id,
      responseId: round.responseId,
      name: round.name,
      startsAt: round.startsAt.toISOString(),
      endsAt: round.endsAt.toISOString(),
      status: round.status,
      defaultPoolSize: round.defaultPoolSize,
      poolSizes: sizes as TRound['poolSizes'],
      scope: scope.map((s) => ({ kind: s.kind, id: s.id, name: s.name })),
      coverage: all,
      tubes: totals.tubes,
      visitors: totals.visitors,
      results: { tubesWithResult: outcomes.tubesWithResult, positivePools: outcomes.positivePools, recallsOpen: outcomes.recallsOpen, cleared: outcomes.cleared, confirmed: outcomes.confirmed },
      homeTasksOpen: outcomes.homeTasksOpen,
    };
  }

  /** Coverage over every grid of the scope. */
  async function sumCoverage(roundId: number, scopePaths: string[]): Promise<[TCoverage]> {
    return [totalOf(await coverageRows(db, roundId, scopePaths, '/', 0, true))];
  }

  /**
   * Takes a batch of tubes with the people swabbed into each. All or nothing: a malformed batch is
   * a 400 naming each tube and field; a tube or person already in the round is a 409 naming them.
   * A resend of a received submission id counts nothing again and answers as the first time.
   */
  async function ingestNow(actor: SessionUser | null, roundId: number, batch: ScanBatchInput, locale: Locale): Promise<TScanResult> {
    const found = await findPoint(db, batch.pointId);
    if (!found) throw ValidationError('unit_not_found', { unitType: label('point') });
    if (actor && !(await mayScanAt(actor, batch.pointId))) throw Forbidden();
    const seen = await findSubmission(db, batch.submissionId);
    if (seen) return replayOf(seen, roundId, batch.pointId);
    const retest = batch.purpose === 'retest';
    const ctx = await context(roundId);
    const { round } = ctx;
    if (round.status !== 'open') throw Conflict('round_closed');
    if (!RUNNING_POINT.has(found.point.status)) throw ValidationError('scan_point_not_running', { status: label(found.point.status) });
    if (!ctx.scopePaths.some((p) => found.path.startsWith(p) || p.startsWith(found.path))) throw ValidationError('point_outside_round', { point: found.point.name });

    // Shape, codes, checksums, window, duplicates inside the batch: every problem at once.
    const problems: ScanProblem[] = [];
    const say = (p: Omit<ScanProblem, 'message'>, key: MessageKey, params: Record<string, string | number> = {}) =>
      problems.push({ ...p, message: t(locale, key, { tube: p.tube, ...params }) });
    const now = clock();
    const codes = new Set<string>();
    const ids = new Map<string, string>();
    for (const tube of batch.tubes) {
      if (!TUBE_CODE.test(tube.code)) say({ tube: tube.code, field: 'code', reason: 'tube_code_format' }, 'scan_tube_code_format');
      else if (codes.has(tube.code)) say({ tube: tube.code, field: 'code', reason: 'tube_twice' }, 'scan_tube_twice');
      codes.add(tube.code);
      const at = tube.scannedAt ?? now;
      if (at < round.startsAt || at > round.endsAt) say({ tube: tube.code, field: 'scannedAt', reason: 'outside_window' }, 'scan_outside_window', { start: districtTime(round.startsAt), end: districtTime(round.endsAt) });
      tube.persons.forEach((p, i) => {
        const id = normaliseIdNumber(p.idNumber);
        const facts = parseIdNumber(id, now);
        if (typeof facts === 'string') say({ tube: tube.code, person: i + 1, field: 'idNumber', reason: facts }, 'scan_bad_id', { n: i + 1, problem: t(locale, facts) });
        else if (ids.has(id)) say({ tube: tube.code, person: i + 1, field: 'idNumber', reason: 'person_twice' }, 'scan_person_twice', { n: i + 1, other: ids.get(id)! });
        else ids.set(id, tube.code);
      });
    }
    if (problems.length) throw ValidationError('scan_batch_invalid', { count: problems.length }, { problems });

    // Who is on the roster, and the pool each tube may hold where its people live.
    const roster = new Map((await rosterByIdNumbers(db, [...ids.keys()])).map((r) => [r.idNumber, r]));
    const tubes: BatchTube[] = batch.tubes.map((tube) => ({
      code: tube.code,
      scannedAt: tube.scannedAt ?? now,
      persons: tube.persons.map((p) => {
        const hit = roster.get(normaliseIdNumber(p.idNumber));
        return hit ? { residentId: hit.id, gridId: hit.gridId, visitorIdNumber: null } : { residentId: null, gridId: null, visitorIdNumber: normaliseIdNumber(p.idNumber) };
      }),
    }));
    if (retest) {
      // A retest is a single tube of someone recalled from a positive pool.
      const recalled = new Set(await openRecallsOf(db, roundId, [...roster.values()].map((r) => r.id)));
      for (const tube of batch.tubes) {
        tube.persons.forEach((p, i) => {
          const hit = roster.get(normaliseIdNumber(p.idNumber));
          if (!hit || !recalled.has(hit.id)) say({ tube: tube.code, person: i + 1, field: 'idNumber', reason: 'not_recalled' }, 'scan_not_recalled', { n: i + 1 });
        });
      }
    }
    for (const tube of batch.tubes) {
      let limit = retest ? 1 : round.defaultPoolSize;
      for (const p of tube.persons) {
        const hit = roster.get(normaliseIdNumber(p.idNumber));
        if (hit) limit = Math.min(limit, ctx.poolOf(hit.gridId, hit.householdId));
      }
      if (tube.persons.length > limit) say({ tube: tube.code, field: 'persons', reason: 'pool_over_size' }, 'scan_pool_over', { n: tube.persons.length, limit });
    }
    if (problems.length) throw ValidationError('scan_batch_invalid', { count: problems.length }, { problems });

    const residents = tubes.flatMap((tb) => tb.persons.filter((p) => p.residentId !== null).map((p) => p.residentId!));
    const visitors = tubes.flatMap((tb) => tb.persons.filter((p) => p.visitorIdNumber !== null).map((p) => p.visitorIdNumber!));
    const conflicts = async () => {
      const used = await usedTubeCodes(db, roundId, [...codes]);
      const sampled = await alreadySampled(db, roundId, residents, visitors, retest);
      const out: ScanProblem[] = used.map((code) => ({ tube: code, field: 'code' as const, reason: 'tube_used', message: t(locale, 'scan_tube_used', { tube: code }) }));
      const idOfResident = new Map([...roster.values()].map((r) => [r.id, r.idNumber]));
      for (const s of sampled) {
        const id = s.residentId !== null ? idOfResident.get(s.residentId)! : s.visitorIdNumber!;
        out.push({ tube: ids.get(id)!, field: 'idNumber', reason: 'already_tested', message: t(locale, 'scan_already_tested', { id: maskIdNumber(id), tube: s.code }) });
      }
      return out;
    };
    // Optimistic: the unique indexes refuse a tube or person already in the round; only then are they looked up to be named.
    const persons = residents.length + visitors.length;
    try {
      const fresh = await database.transaction((tx) =>
        writeBatch(tx.db, { submissionId: batch.submissionId, roundId, pointId: batch.pointId, by: actor?.id ?? null, tubes, persons, visitors: visitors.length, retest }),
      );
      if (!fresh) {
        // Either the same submission went in meanwhile, or the round was closed (perhaps by another server).
        const again = await findSubmission(db, batch.submissionId);
        if (again) return replayOf(again, roundId, batch.pointId);
        contexts.delete(roundId);
        throw Conflict('round_closed');
      }
    } catch (err) {
      if (sqlState(err) !== UNIQUE_VIOLATION) throw err;
      const again = await findSubmission(db, batch.submissionId);
      if (again) return replayOf(again, roundId, batch.pointId);
      const clashes = await conflicts();
      throw Conflict('scan_batch_conflict', { count: clashes.length }, { problems: clashes });
    }
    const grids = retest ? [] : [...new Set(tubes.flatMap((tb) => tb.persons.map((p) => p.gridId).filter((g): g is number => g !== null)))];
    events.publish(String(roundId), { roundId, pointId: batch.pointId, grids, persons, at: new Date().toISOString(), submissionId: batch.submissionId });
    return { submissionId: batch.submissionId, replay: false, tubes: tubes.length, persons, visitors: visitors.length };
  }

  const service = {
    events,

    /** Opens a round over regions and risk areas of a response, in a time window, with pool sizes by level. */
    async open(actor: SessionUser | null, responseId: number, req: TOpenRoundRequest) {
      if (actor) assertRole(actor, mayCommand);
      const response = await findResponse(db, responseId);
      if (!response) throw NotFound();
      if (response.status !== 'active') throw Conflict('response_closed');
      const regionIds = [...new Set(req.regionIds)];
      const zoneIds = [...new Set(req.zoneIds)];
      if (regionIds.length + zoneIds.length === 0) throw ValidationError('round_scope_empty');
      if ((await listByIds(db, regionIds)).length !== regionIds.length) throw ValidationError('region_not_found');
      const zones = new Map((await listZones(db, responseId)).map((z) => [z.id, z]));
      if (zoneIds.some((id) => !zones.has(id))) throw ValidationError('round_zone_unknown');
      const schemes = await listSchemes(db);
      for (const p of req.poolSizes) assertLevelOf(schemes, response.zoneScheme, p.level);
      const twice = req.poolSizes.find((p, i) => req.poolSizes.findIndex((q) => q.level === p.level) !== i);
      // One size per level: the size to use in an area of that level must be clear.
      if (twice) throw ValidationError('pool_size_twice', { level: named(schemes.find((s) => s.code === response.zoneScheme)!.levels.find((l) => l.code === twice.level)!) });
      try {
        const round = await database.transaction((tx) =>
          insertRound(tx.db, { responseId, name: req.name, startsAt: req.startsAt, endsAt: req.endsAt, defaultPoolSize: req.defaultPoolSize, openedBy: actor?.id ?? null }, { regionIds, zoneIds }, req.poolSizes.map((p) => ({ ...p, scheme: response.zoneScheme }))),
        );
        await audit.record({ userId: actor?.id ?? null, action: 'open_round', subjectType: 'round', subjectId: String(round.id), details: { before: null, after: { ...round, regionIds, zoneIds, poolSizes: req.poolSizes } } });
        return round;
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('round_name_taken', { name: req.name });
        throw err;
      }
    },

    async list(responseId: number) {
      return Promise.all((await listRounds(db, responseId)).map(present));
    },

    /** Refuses an unknown round without working out its coverage. */
    async assertExists(id: number) {
      if (!(await findRound(db, id))) throw NotFound();
    },

    async get(id: number) {
      const round = await findRound(db, id);
      if (!round) throw NotFound();
      return present(round);
    },

    async close(actor: SessionUser | null, id: number) {
      if (actor) assertRole(actor, mayCommand);
      const row = await closeRound(db, id);
      if (!row) throw Conflict('round_closed');
      contexts.delete(id);
      await audit.record({ userId: actor?.id ?? null, action: 'close_round', subjectType: 'round', subjectId: String(id), details: { before: { status: 'open' }, after: { status: 'closed' } } });
      return present(row);
    },

    /** Takes a scan batch (see ingestNow); bulk batches take turns so single tubes never queue behind them. */
    async ingest(actor: SessionUser | null, roundId: number, batch: ScanBatchInput, locale: Locale = 'zh-CN'): Promise<TScanResult> {
      const persons = batch.tubes.reduce((n, t) => n + t.persons.length, 0);
      return persons > BULK_PERSONS ? bulk(() => ingestNow(actor, roundId, batch, locale)) : ingestNow(actor, roundId, batch, locale);
    },
    /** Records that a resident need not be tested this round, why, and who said so. */
    async exempt(actor: SessionUser | null, roundId: number, req: { idNumber: string; reason: ExemptionReason; note?: string }) {
      if (actor && !(mayCommand(actor) || actor.role === 'grid_worker' || actor.role === 'point_chief')) throw Forbidden();
      const round = await findRound(db, roundId);
      if (!round) throw NotFound();
      if (round.status !== 'open') throw Conflict('round_closed');
      const problem = parseIdNumber(normaliseIdNumber(req.idNumber), clock());
      if (typeof problem === 'string') throw ValidationError(problem);
      const [hit] = await residentsWhere(db, { idNumbers: [normaliseIdNumber(req.idNumber)] });
      if (!hit) throw ValidationError('resident_not_on_roster');
      if (actor && !hit.gridPath.startsWith(actor.scopePath)) throw Forbidden();
      if ((await alreadySampled(db, roundId, [hit.id], [])).length) throw Conflict('exempt_already_tested');
      const added = await database.transaction((tx) => insertExemption(tx.db, { roundId, residentId: hit.id, gridId: hit.gridId, reason: req.reason, note: req.note ?? null, by: actor?.id ?? null }));
      if (!added) throw Conflict((await alreadySampled(db, roundId, [hit.id], [])).length ? 'exempt_already_tested' : 'exempt_already');
      await audit.record({ userId: actor?.id ?? null, action: 'exempt', subjectType: 'resident', subjectId: String(hit.id), details: { before: null, after: { roundId, reason: req.reason, note: req.note ?? null } } });
      events.publish(String(roundId), { roundId, pointId: 0, grids: [hit.gridId], persons: 0, at: new Date().toISOString() });
      return { residentId: hit.id };
    },

    /** Coverage of the round by the parts of a region (towns, communities, grids), from the counters. */
    async coverage(user: SessionUser | null, roundId: number, q: { regionId?: number; level?: 'grid' }): Promise<TCoverageReport> {
      const round = await findRound(db, roundId);
      if (!round) throw NotFound();
      const scope = await roundScopeOf(db, roundId);
      const scopePaths = scope.flatMap((s) => s.paths);
      const regionId = q.regionId ?? user?.scopeRegionId ?? (await findRoot(db))?.id;
      const [parent] = await listByIds(db, [regionId!]);
      if (!parent) throw NotFound();
      if (!visible(user, parent.path)) throw Forbidden();
      const parentPath = user && !parent.path.startsWith(user.scopePath) ? user.scopePath : parent.path;
      const rows = await coverageRows(db, roundId, scopePaths, parentPath, parent.id, q.level === 'grid' || parent.level === 'grid');
      return {
        roundId,
        parent: q.level === 'grid' ? null : { id: parent.id, name: parent.name, level: parent.level },
        total: totalOf(rows),
        rows: rows.map((r) => ({ id: r.id, name: r.name, level: r.level, ...coverage(r.residents, r.exempt, r.tested) })),
      };
    },

    async pointCoverage(roundId: number) {
      const rows = await pointCounts(db, roundId);
      return { items: rows.map((r) => ({ ...r, lastScanAt: r.lastScanAt ? new Date(r.lastScanAt).toISOString() : null })) };
    },

    /** The people of a grid or building still untested this round, for a sweep; full numbers only for roles that need them. */
    async untested(user: SessionUser | null, roundId: number, q: { gridId?: number; buildingId?: number }): Promise<TUntestedList> {
      const round = await findRound(db, roundId);
      if (!round) throw NotFound();
      let place: TUntestedList['place'];
      if (q.gridId) {
        const [grid] = await listByIds(db, [q.gridId]);
        if (!grid || grid.level !== 'grid') throw NotFound();
        if (user && !grid.path.startsWith(user.scopePath)) throw Forbidden();
        place = { kind: 'grid', id: grid.id, name: grid.name, where: (await regionNamer(db, [grid.path]))(grid.path, false) };
      } else {
        const building = await findBuilding(db, q.buildingId!);
        if (!building) throw NotFound();
        const [grid] = await listByIds(db, [building.gridId]);
        if (user && !grid.path.startsWith(user.scopePath)) throw Forbidden();
        place = { kind: 'building', id: building.id, name: building.name, where: (await regionNamer(db, [grid.path]))(grid.path, true) };
      }
      const rows = await untested(db, roundId, q.gridId ? { gridId: q.gridId } : { buildingId: q.buildingId! });
      const full = !user || mayRevealPii(user);
      // One audit entry per person, place and round in a quarter of an hour: a live list refreshes often.
      const auditKey = user ? `${user.id}:${place.kind}:${place.id}:${roundId}` : '';
      if (user && full && rows.length && (revealed.get(auditKey) ?? 0) < Date.now() - REVEAL_AUDIT_WINDOW_MS) {
        revealed.set(auditKey, Date.now());
        await audit.record({ userId: user.id, action: 'reveal_untested_list', subjectType: place.kind, subjectId: String(place.id), details: { roundId, residents: rows.length } });
      }
      const year = clock().getUTCFullYear();
      const contacts = new Map((await lastContacts(db, roundId, rows.map((r) => r.residentId))).map((c) => [c.residentId, c]));
      return {
        roundId,
        place,
        total: rows.length,
        items: rows.map((r) => ({
          residentId: r.residentId,
          name: r.name,
          idNumber: full ? r.idNumber : maskIdNumber(r.idNumber),
          phone: full ? r.phone : maskPhone(r.phone),
          age: year - Number(r.birthDate.slice(0, 4)),
          building: r.building,
          door: r.door,
          specialGroups: r.specialGroups,
          homeTask: r.homeTask,
          lastContact: (() => {
            const c = contacts.get(r.residentId);
            return c ? { channel: c.channel, outcome: c.outcome, note: c.note, at: new Date(c.at).toISOString(), by: c.by } : null;
          })(),
        })),
      };
    },

    /** A door knock or a phone call to someone untested, and what came of it; "needs home sampling" opens a task. */
    async contact(actor: SessionUser | null, roundId: number, req: { residentId: number; channel: 'door' | 'phone'; outcome: SweepOutcome; note?: string }) {
      const round = await findRound(db, roundId);
      if (!round) throw NotFound();
      if (round.status !== 'open') throw Conflict('round_closed');
      const [person] = await residentsWhere(db, { ids: [req.residentId] });
      if (!person) throw ValidationError('resident_not_on_roster');
      if (actor && !person.gridPath.startsWith(actor.scopePath)) throw Forbidden();
      await database.transaction(async (tx) => {
        await insertSweepContact(tx.db, { roundId, residentId: person.id, channel: req.channel, outcome: req.outcome, note: req.note ?? null, by: actor?.id ?? null });
        if (req.outcome === 'home_sampling_needed') await insertHomeTask(tx.db, { roundId, residentId: person.id, gridId: person.gridId, reason: 'requested', urgent: false });
      });
      return { ok: true as const };
    },

    /**
     * 上门采样: opens home-sampling tasks for everyone in the round's scope who cannot come — the whole
     * of sealed and high-risk areas, the bedridden, the disabled, those 80 or older — unless swabbed,
     * exempted or already on a task.
     */
    async generateHomeTasks(actor: SessionUser | null, roundId: number) {
      if (actor) assertRole(actor, mayCommand);
      const round = await findRound(db, roundId);
      if (!round) throw NotFound();
      if (round.status !== 'open') throw Conflict('round_closed');
      const scope = await roundScopeOf(db, roundId);
      const levels = await activeZoneLevels(db, round.responseId);
      // The strictest level of the response's scheme: 封控区 or 高风险区.
      const sealed = levels.filter((l) => l.rank === 1);
      const born = clock();
      const elderlyBorn = `${born.getUTCFullYear() - 80}-${String(born.getUTCMonth() + 1).padStart(2, '0')}-${String(born.getUTCDate()).padStart(2, '0')}`;
      const rows = await database.transaction((tx) =>
        generateHomeTasks(tx.db, roundId, scope.flatMap((x) => x.paths), sealed.flatMap((l) => (l.path ? [l.path] : [])), sealed.flatMap((l) => (l.buildingId ? [l.buildingId] : [])), elderlyBorn),
      );
      const byReason = Object.fromEntries(rows.map((r) => [r.reason, r.n]));
      await audit.record({ userId: actor?.id ?? null, action: 'generate_home_tasks', subjectType: 'round', subjectId: String(roundId), details: { byReason } });
      return { opened: rows.reduce((a, r) => a + r.n, 0), byReason };
    },

    /** Home-sampling tasks in a region of the caller's scope (or a point's served area, for its squads), by building, urgent ones first. */
    async homeTasks(user: SessionUser | null, roundId: number, q: { regionId?: number; pointId?: number; squadId?: number; status: 'open' | 'done' }) {
      if (!(await findRound(db, roundId))) throw NotFound();
      let prefix = user?.scopePath ?? '/';
      if (q.regionId) {
        const [region] = await listByIds(db, [q.regionId]);
        if (!region) throw NotFound();
        if (!visible(user, region.path)) throw Forbidden();
        if (region.path.startsWith(prefix)) prefix = region.path;
      }
      const filter = { pointId: q.pointId, squadId: q.squadId };
      const [rows, counts] = await Promise.all([listHomeTasks(db, roundId, prefix, q.status, filter), countHomeTasks(db, roundId, prefix, q.status, filter)]);
      const full = !user || mayRevealPii(user);
      const where = await regionNamer(db, rows.map((r) => r.gridPath));
      const buildings = new Map<number, { buildingId: number; building: string; where: string; tasks: Array<Record<string, unknown>> }>();
      for (const r of rows) {
        const b = buildings.get(r.buildingId) ?? { buildingId: r.buildingId, building: r.building, where: where(r.gridPath, true), tasks: [] };
        b.tasks.push({
          id: Number(r.id), residentId: r.residentId, name: r.name, idNumber: full ? r.idNumber : maskIdNumber(r.idNumber), phone: full ? r.phone : maskPhone(r.phone),
          door: r.door, reason: r.reason, urgent: r.urgent, specialGroups: r.specialGroups, squadId: r.squadId, squad: r.squad, createdAt: new Date(r.createdAt).toISOString(), closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
        });
        buildings.set(r.buildingId, b);
      }
      return { roundId, total: counts.total, urgent: counts.urgent, listed: rows.length, buildings: [...buildings.values()] as TBuildingTasks[] };
    },

    /** The door-to-door squads tasks can be handed to, those working inside the caller's scope first. */
    async homeSquads(user: SessionUser | null, roundId: number) {
      if (!(await findRound(db, roundId))) throw NotFound();
      const rows = await listDoorToDoorSquads(db);
      const where = await regionNamer(db, rows.map((r) => r.regionPath));
      const near = (path: string) => !user || path.startsWith(user.scopePath) || user.scopePath.startsWith(path);
      return {
        items: rows
          .map((r) => ({ id: r.id, label: `${r.team} · ${r.name}`, where: where(r.regionPath, true), members: r.members, near: near(r.regionPath) }))
          .sort((a, b) => Number(b.near) - Number(a.near)),
      };
    },

    /**
     * Hands the open home-sampling tasks of some buildings to a door-to-door squad of a volunteer team,
     * which then lists them (`?squadId=`). The command, a point chief or the squad's own captain may;
     * only buildings inside the caller's scope move.
     */
    async handOffHomeTasks(actor: SessionUser | null, roundId: number, req: { buildingIds: number[]; squadId: number }) {
      if (actor) assertRole(actor, (u) => mayCommand(u) || u.role === 'point_chief' || u.role === 'team_captain');
      const round = await findRound(db, roundId);
      if (!round) throw NotFound();
      if (round.status !== 'open') throw Conflict('round_closed');
      const squad = await findSquad(db, req.squadId);
      if (!squad) throw NotFound();
      if (squad.kind !== 'door_to_door') throw ValidationError('squad_not_door_to_door', { squad: squad.name });
      if (actor?.role === 'team_captain' && (actor.personId === null || squad.captainPersonId !== actor.personId)) throw Forbidden();
      const moved = await database.transaction((tx) => handOffHomeTasks(tx.db, roundId, req.buildingIds, actor?.scopePath ?? '/', req.squadId));
      await audit.record({ userId: actor?.id ?? null, action: 'hand_off_home_tasks', subjectType: 'round', subjectId: String(roundId), details: { squadId: req.squadId, buildingIds: req.buildingIds, moved } });
      return { moved, squad: `${squad.teamName} · ${squad.name}` };
    },

    /**
     * A lab's results by tube code. All or nothing: an unknown code or a tube whose result was
     * already recorded differently is refused, naming it; the same result again changes nothing.
     */
    async recordResults(actor: SessionUser | null, roundId: number, results: Array<{ code: string; result: 'negative' | 'positive' }>, locale: Locale = 'zh-CN') {
      if (actor) assertRole(actor, mayCommand);
      if (!(await findRound(db, roundId))) throw NotFound();
      const byCode = new Map<string, 'negative' | 'positive'>();
      const problems: Array<{ tube: string; reason: string; message: string }> = [];
      for (const r of results) {
        const earlier = byCode.get(r.code);
        if (earlier && earlier !== r.result) problems.push({ tube: r.code, reason: 'result_twice', message: t(locale, 'result_twice', { tube: r.code }) });
        byCode.set(r.code, r.result);
      }
      const tubes = new Map((await tubesByCodes(db, roundId, [...byCode.keys()].filter((c) => TUBE_CODE.test(c)))).map((tb) => [tb.code, tb]));
      const fresh: Array<{ tubeId: number; result: 'negative' | 'positive' }> = [];
      for (const [code, result] of byCode) {
        const tube = tubes.get(code);
        if (!tube) problems.push({ tube: code, reason: 'tube_unknown', message: t(locale, 'result_tube_unknown', { tube: code }) });
        else if (tube.result && tube.result !== result) problems.push({ tube: code, reason: 'result_differs', message: t(locale, 'result_differs', { tube: code, earlier: t(locale, `label_${tube.result}` as MessageKey) }) });
        else if (!tube.result) fresh.push({ tubeId: Number(tube.id), result });
      }
      if (problems.length) throw ValidationError('results_invalid', { count: problems.length }, { problems });
      const outcome = await database.transaction((tx) => applyResults(tx.db, roundId, fresh, actor?.id ?? null));
      await audit.record({ userId: actor?.id ?? null, action: 'record_results', subjectType: 'round', subjectId: String(roundId), details: { recorded: fresh.length, ...outcome } });
      if (outcome.recalled || outcome.confirmed) events.publish(String(roundId), { roundId, pointId: 0, grids: [], persons: 0, at: new Date().toISOString() });
      return { recorded: fresh.length, positive: fresh.filter((f) => f.result === 'positive').length, ...outcome };
    },

    /** Reads a lab's result file (.xlsx or .csv): a tube-code column and a result column (阴性/阳性, negative/positive). */
    async resultsFromFile(filename: string, data: Buffer) {
      const kind = fileKind(filename);
      if (!kind) throw ValidationError('file_type');
      let table;
      try {
        table = await readTable(data, kind);
      } catch (err) {
        if (err instanceof UnreadableFile) throw ValidationError('file_unreadable', { reason: err.message });
        throw err;
      }
      const find = (names: string[]) => table.headers.findIndex((h) => names.includes(h.trim().toLowerCase()));
      const codeAt = find(['管码', '试管编号', '试管码', '采样管编号', 'tube', 'tube code', 'code']);
      const resultAt = find(['结果', '检测结果', 'result']);
      if (codeAt < 0 || resultAt < 0) throw ValidationError('missing_columns', { columns: '管码, 结果' });
      const rows: Array<{ code: string; result: 'negative' | 'positive' }> = [];
      const problems: Array<{ row: number; message: string }> = [];
      for (const r of table.rows) {
        const code = (r.cells[codeAt] ?? '').trim();
        const value = (r.cells[resultAt] ?? '').trim().toLowerCase();
        const result = RESULT_WORDS.get(value);
        if (!code && !value) continue;
        if (!result) problems.push({ row: r.row, message: value });
        else rows.push({ code, result });
      }
      if (problems.length) throw ValidationError('result_value', { count: problems.length }, { problems });
      if (rows.length === 0) throw ValidationError('file_empty');
      return rows;
    },

    /** People recalled from positive pools, open first, with their retests. */
    async recalls(user: SessionUser | null, roundId: number) {
      if (!(await findRound(db, roundId))) throw NotFound();
      const rows = await listRecalls(db, roundId, user?.scopePath ?? '/');
      const full = !user || mayRevealPii(user);
      const where = await regionNamer(db, rows.map((r) => r.gridPath));
      return {
        items: rows.map((r) => ({
          id: Number(r.id), residentId: r.residentId, name: r.name, idNumber: full ? r.idNumber : maskIdNumber(r.idNumber), phone: full ? r.phone : maskPhone(r.phone),
          where: where(r.gridPath, true), poolCode: r.poolCode, retestCode: r.retestCode, status: r.status,
          createdAt: new Date(r.createdAt).toISOString(), closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
        })),
      };
    },

    /** The untested list as a spreadsheet to hand to a sweep team (扫楼), with a sweep-outcome column to fill in. */
    async untestedXlsx(user: SessionUser | null, roundId: number, q: { gridId?: number; buildingId?: number }, locale: Locale) {
      const list = await service.untested(user, roundId, q);
      const round = await findRound(db, roundId);
      const en = locale === 'en';
      const headers = en
        ? ['Building', 'Door', 'Name', 'ID number', 'Phone', 'Age', 'Special groups', 'Sweep outcome']
        : ['楼栋', '门牌号', '姓名', '身份证号', '手机号', '年龄', '特殊人群', '扫楼结果'];
      const rows = list.items.map((p) => [p.building, p.door, p.name, p.idNumber, p.phone ?? '', String(p.age), p.specialGroups.map((g) => t(locale, `label_${g}` as MessageKey)).join('、'), '']);
      const title = `${round!.name} ${list.place.where} ${list.place.name}`;
      const data = await writeXlsx([{ name: en ? 'Untested' : '未检测人员', columns: headers.map((header, i) => ({ header, text: i === 3 || i === 4, width: i === 3 ? 22 : i === 7 ? 18 : 12 })), rows }]);
      return { data, filename: `${title} ${en ? 'untested' : '未检测名单'}.xlsx` };
    },

    /** Recomputes the counters from the facts and says whether they had agreed. */
    async rebuildCounters(roundId: number) {
      const round = await findRound(db, roundId);
      if (!round) throw NotFound();
      const before = await counterSnapshot(db, roundId);
      await database.transaction((tx) => rebuildCounters(tx.db, roundId));
      const after = await counterSnapshot(db, roundId);
      return { before, after, agreed: JSON.stringify(before) === JSON.stringify(after) };
    },
  };
  return service;
}
export type RoundsService = ReturnType<typeof roundsService>;

/** The answer to a resend: what the first one counted. The same id for another round or point is a client's mistake. */
function replayOf(s: { id: string; roundId: number; pointId: number; tubes: number; persons: number; visitors: number }, roundId: number, pointId: number): TScanResult {
  if (s.roundId !== roundId || s.pointId !== pointId) throw Conflict('submission_mismatch');
  return { submissionId: s.id, replay: true, tubes: s.tubes, persons: s.persons, visitors: s.visitors };
}

