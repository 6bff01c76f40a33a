/**
 * A full demo round, end to end over HTTP: every resident of the district swabbed at the 146
 * points, 10 to a tube (single where the risk area asks for it), each point a concurrent client
 * posting batches. Printed beside a raw COPY of the same sample rows into `samples` itself on the
 * same database (rolled back; and, for reference, into a temporary copy of it), and followed by the reads the board
 * makes after the round and the delay from a scan to an open board while the ingest runs.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { csvChunks } from '../server/db/bulk.ts';
import { queryRows, type Database } from '../server/db/index.ts';
import { buildApp } from '../server/http/app.ts';
import type { SessionUser } from '../server/modules/auth/scope.ts';
import { DEMO_PASSWORD } from '../server/seed/seed.service.ts';
import type { Services } from '../server/services.ts';

const TUBES_PER_BATCH = 100;

/** Thrown to undo the same-table COPY baseline, so the database is left as the ingest made it. */
class RolledBack extends Error {}

const seconds = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const result = await fn();
  return [(performance.now() - t0) / 1000, result];
};

interface Tube { code: string; persons: Array<{ idNumber: string }> }

/** Every resident in tubes: by grid and household, 10 to a tube, single tubes in 荔枝园村's risk areas. */
async function tubesOfDistrict(database: Database, pointIds: number[]) {
  const rows = await queryRows<{ idNumber: string; gridId: number; single: boolean }>(database.db, sql`
    with zoned_grids as (
      select g.id from regions g join regions z on g.path like z.path || '%' join zone_members m on m.region_id = z.id where g.level = 'grid'
    ), zoned_buildings as (select building_id from zone_members where building_id is not null)
    select r.id_number as "idNumber", r.grid_id as "gridId",
      (r.grid_id in (select id from zoned_grids) or h.building_id in (select building_id from zoned_buildings)) as single
    from residents r join households h on h.id = r.household_id
    order by r.grid_id, r.household_id, r.id`);
  const byPoint = new Map<number, Tube[]>(pointIds.map((p) => [p, []]));
  let open: Tube | null = null;
  let grid = -1;
  let single = false;
  let n = 0;
  for (const r of rows) {
    const size = r.single ? 1 : 10;
    if (!open || open.persons.length >= size || r.gridId !== grid || r.single !== single) {
      open = { code: `B${String(++n).padStart(8, '0')}`, persons: [] };
      byPoint.get(pointIds[r.gridId % pointIds.length])!.push(open);
      grid = r.gridId;
      single = r.single;
    }
    open.persons.push({ idNumber: r.idNumber });
  }
  return { byPoint, persons: rows.length, tubes: n };
}

export async function benchRound(database: Database, services: Services, command: SessionUser) {
  const responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
  const district = (await queryRows<{ id: number }>(database.db, sql`select id from regions where level = 'district'`))[0].id;
  const now = Date.now();
  const round = await services.rounds.open(command, responseId, {
    name: 'bench 全员核酸', startsAt: new Date(now - 3600_000), endsAt: new Date(now + 24 * 3600_000),
    regionIds: [district], zoneIds: [], defaultPoolSize: 10, poolSizes: [{ level: 'high', poolSize: 1 }, { level: 'medium', poolSize: 1 }],
  });
  const pointIds = (await queryRows<{ id: number }>(database.db, sql`select id from points where status = 'open' order by id`)).map((p) => p.id);
  const { byPoint, persons, tubes } = await tubesOfDistrict(database, pointIds);

  const app = await buildApp(services, { logLevel: 'silent' });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'command', password: DEMO_PASSWORD }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    let done = 0;
    let resends = 0;
    const started = performance.now();
    const post = async (pointId: number, batch: Tube[], submissionId = randomUUID()) => {
      const body = JSON.stringify({ submissionId, pointId, tubes: batch });
      let res: Response | undefined;
      // Like a registrar's page: a dropped connection is answered by sending the same submission again.
      for (let attempt = 1; !res; attempt++) {
        res = await fetch(`${base}/api/rounds/${round.id}/scans`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body }).catch((err: Error) => {
          if (attempt >= 5) throw new Error(`ingest: ${err.message} (${(err.cause as Error | undefined)?.message ?? ''}), ${done} persons in`);
          resends++;
          return undefined;
        });
      }
      if (res.status !== 201 && res.status !== 200) throw new Error(`ingest: HTTP ${res.status} ${await res.text()}`);
      const before = done;
      done += batch.reduce((a, t) => a + t.persons.length, 0);
      if (Math.floor(done / 100_000) > Math.floor(before / 100_000)) process.stdout.write(`    … ${done.toLocaleString('en')} persons in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    };

    // The board: an SSE stream on the round, and a probe point that posts one tube now and then
    // during the ingest, timing each from the POST to its event on the stream.
    const sent = new Map<string, number>();
    const delays: number[] = [];
    const controller = new AbortController();
    const stream = await fetch(`${base}/api/rounds/${round.id}/events`, { headers: { cookie }, signal: controller.signal });
    const reading = (async () => {
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const id = (JSON.parse(data.slice(6)) as { submissionId?: string }).submissionId;
          const t0 = id ? sent.get(id) : undefined;
          if (t0 !== undefined) delays.push(performance.now() - t0);
        }
      }
    })();

    const probeTubes = [...byPoint.get(pointIds[0])!];
    byPoint.set(pointIds[0], []);
    let ingesting = true;
    const probe = (async () => {
      while (ingesting && probeTubes.length) {
        const id = randomUUID();
        sent.set(id, performance.now());
        await post(pointIds[0], [probeTubes.shift()!], id);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    // The first failure stops every client; it is reported once all have stopped.
    let failure: unknown;
    const [ingestSecs] = await seconds(() =>
      Promise.all(
        pointIds.map(async (pointId) => {
          const mine = byPoint.get(pointId)!;
          for (let i = 0; i < mine.length && !failure; i += TUBES_PER_BATCH) await post(pointId, mine.slice(i, i + TUBES_PER_BATCH)).catch((err) => (failure ??= err));
        }),
      ),
    );
    ingesting = false;
    await probe.catch((err) => (failure ??= err));
    if (failure) throw failure;
    // What the probe did not send goes in one last batch so the round is complete.
    for (let i = 0; i < probeTubes.length; i += TUBES_PER_BATCH) await post(pointIds[0], probeTubes.slice(i, i + TUBES_PER_BATCH));
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await reading;

    const counted = await services.rounds.get(round.id);
    if (counted.coverage.tested !== persons) throw new Error(`counted ${counted.coverage.tested} of ${persons}`);

    // Baselines: the same sample rows by COPY — into `samples` itself (its indexes, foreign keys and
    // WAL, as the ingest writes them), and into a temporary copy of it (indexes only, no WAL).
    const sampleRows = await queryRows<{ tubeId: number; residentId: number; gridId: number }>(database.db, sql`
      select tube_id as "tubeId", resident_id as "residentId", grid_id as "gridId" from samples where round_id = ${round.id}`);
    const twin = await services.rounds.open(command, responseId, {
      name: 'bench COPY baseline', startsAt: new Date(now - 3600_000), endsAt: new Date(now + 24 * 3600_000), regionIds: [district], zoneIds: [], defaultPoolSize: 10, poolSizes: [],
    });
    let copySecs = 0;
    await database
      .transaction(async (tx) => {
        // Not timed: the twin round's tubes, so that the samples' (tube, round) foreign key holds.
        const twinTubes = await queryRows<{ id: number; code: string }>(tx.db, sql`
          insert into tubes (round_id, code, point_id, submission_id, persons, scanned_at, purpose)
          select ${twin.id}, code, point_id, submission_id, persons, scanned_at, 'screen' from tubes where round_id = ${round.id}
          returning id, code`);
        const codeOf = new Map((await queryRows<{ id: number; code: string }>(tx.db, sql`select id, code from tubes where round_id = ${round.id}`)).map((t) => [Number(t.id), t.code]));
        const twinByCode = new Map(twinTubes.map((t) => [t.code, Number(t.id)]));
        const twinOf = new Map([...codeOf].map(([id, code]) => [id, twinByCode.get(code)!]));
        [copySecs] = await seconds(() => tx.copyCsv('samples', ['round_id', 'tube_id', 'resident_id', 'grid_id'], csvChunks(sampleRows, (r) => [twin.id, twinOf.get(Number(r.tubeId))!, r.residentId, r.gridId])));
        throw new RolledBack();
      })
      .catch((err: unknown) => {
        if (!(err instanceof RolledBack)) throw err;
      });
    await services.rounds.close(command, twin.id);
    const [tempCopySecs] = await seconds(() =>
      database.transaction(async (tx) => {
        await tx.db.execute(sql.raw(`create temp table bench_samples (like samples including all) on commit drop`));
        await tx.copyCsv('bench_samples', ['round_id', 'tube_id', 'resident_id', 'grid_id'], csvChunks(sampleRows, (r) => [round.id, r.tubeId, r.residentId, r.gridId]));
      }),
    );

    // The board after the round: every grid's coverage, and one grid's untested list.
    const [coverageSecs, grids] = await seconds(async () => {
      let last;
      for (let i = 0; i < 10; i++) last = await services.rounds.coverage(command, round.id, { level: 'grid' });
      return last!;
    });
    const bigGrid = grids.rows.reduce((a, b) => (b.residents > a.residents ? b : a));
    const [untestedSecs, list] = await seconds(async () => {
      let last;
      for (let i = 0; i < 10; i++) last = await services.rounds.untested(null, round.id, { gridId: bigGrid.id });
      return last!;
    });
    const [rebuildSecs, rebuild] = await seconds(() => services.rounds.rebuildCounters(round.id));

    delays.sort((a, b) => a - b);
    const p = (q: number) => (delays.length ? delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] : NaN);
    return {
      persons, tubes, ingestSecs, copySecs, tempCopySecs, points: pointIds.length,
      coverageMs: (coverageSecs / 10) * 1000, grids: grids.rows.length,
      untestedMs: (untestedSecs / 10) * 1000, untested: list.total, gridResidents: bigGrid.residents,
      rebuildSecs, rebuildAgreed: rebuild.agreed, resends,
      sse: { n: delays.length, p50: p(0.5), p99: p(0.99), max: delays[delays.length - 1] ?? NaN },
    };
  } finally {
    await app.close();
  }
}

