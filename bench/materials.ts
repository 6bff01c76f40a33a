/**
 * Materials after a full round: the round's tubes and swabs posted to the points' stock, the ledger
 * grown to millions of movements (earlier rounds' consumption, one tube a movement), then the reads
 * the command makes — every point's balance of every item, and the forecast with its shortage list —
 * and the rebuild that checks the running balances against the whole ledger.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../server/db/index.ts';
import type { SessionUser } from '../server/modules/auth/scope.ts';
import type { Services } from '../server/services.ts';

const seconds = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const result = await fn();
  return [(performance.now() - t0) / 1000, result];
};

/** Earlier rounds' consumption: `n` movements of one tube or swab each at the points, days ago, each set balanced by a receipt before it. */
async function growLedger(database: Database, n: number) {
  await database.transaction(async (tx) => {
    await tx.db.execute(sql`
      with h as (select array_agg(id order by id) as ids from holders where kind = 'point'),
           i as (select array_agg(id order by id) as ids from items where code in ('swab', 'tube_10', 'tube_1', 'n95', 'gloves'))
      insert into stock_movements (holder_id, item_id, kind, quantity, reason, at)
      select h.ids[1 + g % array_length(h.ids, 1)], i.ids[1 + (g / array_length(h.ids, 1)) % array_length(i.ids, 1)], 'consumed', -1000,
        'earlier rounds (bench)', now() - interval '2 days' + g * interval '50 ms'
      from h, i, generate_series(0, ${n - 1}) g`);
    await tx.db.execute(sql`
      insert into stock_movements (holder_id, item_id, kind, quantity, reason, at)
      select holder_id, item_id, 'received', -sum(quantity), 'earlier rounds'' deliveries (bench)', now() - interval '3 days'
      from stock_movements where reason = 'earlier rounds (bench)' group by holder_id, item_id`);
  });
  await database.db.execute(sql`analyze stock_movements`);
}

export async function benchMaterials(database: Database, services: Services, command: SessionUser, opts: { movements: number; reads?: number; nextRound: () => Promise<unknown> }) {
  const reads = opts.reads ?? 20;
  const [postSecs, posted] = await seconds(() => services.consumption.postConsumption());
  // The next round opens: every point's people are to be tested again, at the rate of the last hour.
  await opts.nextRound();
  const [growSecs] = await seconds(() => growLedger(database, opts.movements));
  const [{ n: ledger }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from stock_movements`);
  const [{ n: roundMoves }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from stock_movements where submission_id is not null`);

  // Warm once, then the average of `reads` runs of each.
  await services.materials.balances(command, {});
  await services.forecast.forecast(command);
  const [balSecs, balances] = await seconds(async () => {
    let last;
    for (let k = 0; k < reads; k++) last = await services.materials.balances(command, {});
    return last!;
  });
  const [fcSecs, forecast] = await seconds(async () => {
    let last;
    for (let k = 0; k < reads; k++) last = await services.forecast.forecast(command);
    return last!;
  });
  const [trivialSecs] = await seconds(async () => {
    for (let k = 0; k < reads; k++) await database.db.execute(sql`select 1`);
  });
  const [rebuildSecs, rebuilt] = await seconds(() => services.materials.rebuildBalances());
  return {
    postSecs,
    posted,
    roundMoves,
    growSecs,
    ledger,
    balancesMs: (balSecs / reads) * 1000,
    balanceRows: balances.items.length,
    forecastMs: (fcSecs / reads) * 1000,
    forecastRows: forecast.rows.length,
    shortages: forecast.shortages.length,
    proposals: forecast.shortages.filter((s) => s.proposal).length,
    trivialMs: (trivialSecs / reads) * 1000,
    rebuildSecs,
    agreed: rebuilt.agreed,
  };
}
