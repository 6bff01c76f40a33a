import type { TConsumptionRate, TSetConsumptionRate } from '../../../contracts/materials.ts';
import type { Database, Db } from '../../db/index.ts';
import { MILLI } from '../../db/schema/index.ts';
import { Forbidden, ValidationError } from '../../http/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { mayCommand, type SessionUser } from '../auth/scope.ts';
import {
  claimUnposted,
  countUnposted,
  insertRatesIfMissing,
  listRates,
  markPosted,
  overlappingRate,
  postUses,
  shiftKitHolder,
  shiftKitRates,
  upsertRate,
  usesOfSubmissions,
  type ConsumptionTrigger,
} from './consumption.repository.ts';
import { findItem } from './materials.repository.ts';
import { toMilli } from './materials.service.ts';

/**
 * The rates the district starts with (practice.md): a tube per tube by how many swabs it holds (single,
 * 10-in-1, 20-in-1), a swab per person; per member and shift an N95, a gown, two pairs of gloves, a face shield.
 */
export const DEFAULT_RATES: ReadonlyArray<{ trigger: ConsumptionTrigger; itemCode: string; perUnit: number; minPersons: number; maxPersons: number }> = [
  { trigger: 'tube', itemCode: 'tube_1', perUnit: MILLI, minPersons: 1, maxPersons: 1 },
  { trigger: 'tube', itemCode: 'tube_10', perUnit: MILLI, minPersons: 2, maxPersons: 10 },
  { trigger: 'tube', itemCode: 'tube_20', perUnit: MILLI, minPersons: 11, maxPersons: 20 },
  { trigger: 'swab', itemCode: 'swab', perUnit: MILLI, minPersons: 1, maxPersons: 20 },
  { trigger: 'shift_member', itemCode: 'n95', perUnit: MILLI, minPersons: 1, maxPersons: 20 },
  { trigger: 'shift_member', itemCode: 'gown', perUnit: MILLI, minPersons: 1, maxPersons: 20 },
  { trigger: 'shift_member', itemCode: 'gloves', perUnit: 2 * MILLI, minPersons: 1, maxPersons: 20 },
  { trigger: 'shift_member', itemCode: 'face_shield', perUnit: MILLI, minPersons: 1, maxPersons: 20 },
];

/** How often a server posts what scans queued. */
export const CONSUMPTION_TICK_MS = 5_000;

/** Submissions posted per transaction: short transactions, so scans never wait long behind the poster. */
const POST_BATCH = 200;

/**
 * Consumption from the work itself. Scans are not slowed by it: each submission is queued by the scan
 * (stock_posted_at null) and a poster takes queued submissions off their points' stock in its own
 * transactions, exactly once (the submission is marked in the same transaction as its movements; a
 * second server skips what the first has locked). A member's kit is taken when they sign in to a shift,
 * in the sign-in's transaction.
 */
export function consumptionService(database: Database, audit: AuditService, now: () => Date = () => new Date()) {
  const { db } = database;
  let running: Promise<{ submissions: number; movements: number }> | null = null;

  async function postBatch(): Promise<{ submissions: number; movements: number }> {
    return database.transaction(async (tx) => {
      const ids = await claimUnposted(tx.db, POST_BATCH);
      if (!ids.length) return { submissions: 0, movements: 0 };
      const uses = await usesOfSubmissions(tx.db, ids);
      const movements = await postUses(tx.db, uses, null);
      await markPosted(tx.db, ids, now());
      return { submissions: ids.length, movements };
    });
  }

  const service = {
    /** The default rates that are missing (idempotent; boot and the seed call it). */
    ensureRates: () => insertRatesIfMissing(db, [...DEFAULT_RATES]),

    async rates(): Promise<TConsumptionRate[]> {
      const rows = await listRates(db);
      return rows.map((r) => ({ id: r.id, trigger: r.trigger, itemId: r.itemId, perUnit: r.perUnit / MILLI, minPersons: r.minPersons, maxPersons: r.maxPersons, updatedAt: r.updatedAt.toISOString() }));
    },

    /** The command sets a rate (0 stops that use); the next posting uses it. */
    async setRate(actor: SessionUser, req: TSetConsumptionRate) {
      if (!mayCommand(actor)) throw Forbidden();
      const item = await findItem(db, req.itemId);
      if (!item) throw ValidationError('material_item_unknown');
      const perUnit = toMilli(item, req.perUnit, { zero: true });
      const minPersons = req.trigger === 'tube' ? req.minPersons : 1;
      const maxPersons = req.trigger === 'tube' ? req.maxPersons : 20;
      if (minPersons > maxPersons) throw ValidationError('consumption_rate_persons');
      // Two live rates of one item over the same tubes would take each tube twice.
      const clash = perUnit > 0 ? await overlappingRate(db, { trigger: req.trigger, itemId: item.id, minPersons, maxPersons }) : undefined;
      if (clash) throw ValidationError('consumption_rate_overlap', { item: item.name, min: clash.minPersons, max: clash.maxPersons });
      const result = await database.transaction((tx) => upsertRate(tx.db, { trigger: req.trigger, itemId: item.id, perUnit, minPersons, maxPersons, by: actor.id }));
      await audit.record({ userId: actor.id, action: 'consumption_rate_set', subjectType: 'consumption_rate', subjectId: String(result.id), details: { before: result.before, after: { ...req, minPersons, maxPersons } } });
      return (await service.rates()).find((r) => r.id === result.id)!;
    },

    /**
     * Posts every queued scan submission's tubes and swabs, in short transactions, until none is left.
     * Calls that overlap share one run.
     */
    /** The command posts the queue now, without waiting for the next tick. */
    async postNow(actor: SessionUser) {
      if (!mayCommand(actor)) throw Forbidden();
      const done = await service.postConsumption();
      return { ...done, backlog: await countUnposted(db) };
    },

    postConsumption(): Promise<{ submissions: number; movements: number }> {
      if (running) return running;
      running = (async () => {
        const total = { submissions: 0, movements: 0 };
        for (;;) {
          const done = await postBatch();
          total.submissions += done.submissions;
          total.movements += done.movements;
          if (done.submissions < POST_BATCH) return total;
        }
      })().finally(() => {
        running = null;
      });
      return running;
    },

    /** Waits for a posting under way (before closing the database). */
    settle: async () => {
      await running?.catch(() => undefined);
    },

    /** Submissions whose consumption is not yet posted. */
    backlog: () => countUnposted(db),

    /** A member's kit for a shift, in the sign-in's transaction; posted once per shift and member. */
    async postShiftKit(d: Db, shiftId: number, personId: number, at: Date, by: number | null) {
      const rates = await shiftKitRates(d);
      if (!rates.length) return 0;
      const holderId = await shiftKitHolder(d, shiftId);
      if (holderId === undefined) return 0;
      return postUses(
        d,
        rates.map((r) => ({ holderId, itemId: r.itemId, need: r.perUnit, at, shiftId, personId, reason: '班次防护用品 shift kit' })),
        by,
      );
    },
  };
  return service;
}
export type ConsumptionService = ReturnType<typeof consumptionService>;
