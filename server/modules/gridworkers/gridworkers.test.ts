import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { buildApp } from '../../http/app.ts';
import { UNSTAFFED_GRID_TOWN } from '../../seed/demo-response.ts';
import type { Services } from '../../services.ts';
import { asUser, demoFixture, loginCookie, refusal, scalar, sql } from '../../testing/fixtures.ts';
import type { SessionUser } from '../auth/scope.ts';

describe('grid workers', () => {
  let database: Database;
  let services: Services;
  let drop: () => Promise<void>;
  let command: SessionUser;
  let responseId: number;
  /** The grid the seed left without a worker. */
  let grid: { unitId: number; name: string };
  const gridGaps = async (user = command) => (await services.responses.gaps(user, responseId, 'zh-CN')).items.filter((g) => g.kind === 'grid_without_grid_worker');
  const workersOf = async (gridId: number) => (await services.regions.detail(command, gridId)).gridWorkers;
  /** A grid worker with no grid now: the one the seed released. */
  const releasedWorker = () => scalar(database, sql`select person_id from grid_workers where grid_id = ${grid.unitId} and ends_at is not null order by id limit 1`);

  beforeAll(async () => {
    ({ database, services, drop } = await demoFixture());
    command = await asUser(services, 'command');
    responseId = (await services.responses.list()).find((r) => r.code === '0708')!.id;
  });
  afterAll(async () => drop());

  it('seeds one grid whose worker left with no one after: a gap whose link opens the grid\'s assign dialog', async () => {
    const gaps = await gridGaps();
    expect(gaps).toHaveLength(1);
    grid = gaps[0];
    expect(gaps[0].where.startsWith(UNSTAFFED_GRID_TOWN)).toBe(true);
    expect(gaps[0]).toMatchObject({ fix: '配备网格员', fixUrl: `/regions/${grid.unitId}?assign=grid_worker` });
    expect(await workersOf(grid.unitId)).toEqual([]);
    // The released post stays in the history.
    expect(await scalar(database, sql`select count(*)::int from grid_workers where grid_id = ${grid.unitId} and ends_at is not null`)).toBeGreaterThan(0);
  });

  it('closes the gap when a worker is assigned and opens it again when they are released, auditing both', async () => {
    const person = await releasedWorker();
    const post = await services.gridWorkers.assign(command, { gridId: grid.unitId, personId: person });
    expect(post).toMatchObject({ gridId: grid.unitId, personId: person, endsAt: null, assignedBy: command.id });
    expect(await gridGaps()).toEqual([]);
    expect((await workersOf(grid.unitId)).map((w) => w.personId)).toEqual([person]);

    const ended = await services.gridWorkers.end(command, post.id);
    expect(ended.endsAt).not.toBeNull();
    expect(ended.endedBy).toBe(command.id);
    expect((await gridGaps()).map((g) => g.unitId)).toEqual([grid.unitId]);
    expect(await workersOf(grid.unitId)).toEqual([]);

    const audit = await services.audit.history('grid_worker', String(post.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['assign_grid_worker', 'end_grid_worker']);
    const details = await scalar<{ before: { endsAt: string | null }; after: { endsAt: string | null } }>(database, sql`select details from audit_log where action = 'end_grid_worker' and subject_id = ${String(post.id)}`);
    expect(details.before.endsAt).toBeNull();
    expect(details.after.endsAt).not.toBeNull();
    // Released twice: the second is refused.
    expect((await refusal(services.gridWorkers.end(command, post.id)))).toMatchObject({ status: 409, messageKey: 'grid_worker_not_live' });
  });

  it('refuses an unknown person, a region that is not a grid, and a second post of the same worker, keeping nothing', async () => {
    const person = await releasedWorker();
    const before = await scalar(database, sql`select count(*)::int from grid_workers`);
    expect(await refusal(services.gridWorkers.assign(command, { gridId: grid.unitId, personId: 99_999_999 }))).toMatchObject({ status: 400, messageKey: 'person_not_found' });
    const town = await scalar(database, sql`select id from regions where name = ${UNSTAFFED_GRID_TOWN}`);
    expect(await refusal(services.gridWorkers.assign(command, { gridId: town, personId: person }))).toMatchObject({ status: 400, messageKey: 'not_a_grid' });
    expect(await refusal(services.gridWorkers.assign(command, { gridId: 99_999_999, personId: person }))).toMatchObject({ status: 400, messageKey: 'unit_not_found' });
    expect(await scalar(database, sql`select count(*)::int from grid_workers`)).toBe(before);

    const post = await services.gridWorkers.assign(command, { gridId: grid.unitId, personId: person });
    expect(await refusal(services.gridWorkers.assign(command, { gridId: grid.unitId, personId: person }))).toMatchObject({ status: 409, messageKey: 'already_grid_worker' });
    await services.gridWorkers.end(command, post.id);
  });

  it('lets exactly one of two simultaneous assignments of the same worker through', async () => {
    const person = await releasedWorker();
    const results = await Promise.allSettled([0, 1].map(() => services.gridWorkers.assign(command, { gridId: grid.unitId, personId: person })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ status: 409, messageKey: 'already_grid_worker' });
    expect(await scalar(database, sql`select count(*)::int from grid_workers where grid_id = ${grid.unitId} and ends_at is null`)).toBe(1);
    const live = await scalar(database, sql`select id from grid_workers where grid_id = ${grid.unitId} and ends_at is null`);
    await services.gridWorkers.end(command, live);
  });

  it('takes grid workers and community cadres only: 网格员 are community staff', async () => {
    const before = await scalar(database, sql`select count(*)::int from grid_workers`);
    for (const kind of ['cadre', 'leader', 'medical']) {
      const person = await scalar(database, sql`select id from people where kind = ${kind} order by id limit 1`);
      expect(await refusal(services.gridWorkers.assign(command, { gridId: grid.unitId, personId: person }))).toMatchObject({ status: 400, messageKey: 'grid_worker_kind' });
    }
    expect(await scalar(database, sql`select count(*)::int from grid_workers`)).toBe(before);
    const cadre = await scalar(database, sql`select id from people where kind = 'community_cadre' order by id limit 1`);
    const post = await services.gridWorkers.assign(command, { gridId: grid.unitId, personId: cadre });
    await services.gridWorkers.end(command, post.id);
  });

  it('lets an area chief staff grids of their own town only, with people of their town, and no one below', async () => {
    const zhanqian = await asUser(services, 'zhanqian');
    const own = await scalar(database, sql`select g.id from regions g join regions t on g.path like t.path || '%' where t.name = '站前街道' and g.level = 'grid' order by g.id limit 1`);
    const local = await scalar(database, sql`select p.id from people p join regions c on c.id = p.home_community_id where p.kind = 'grid_worker' and c.path like ${`${zhanqian.scopePath}%`} order by p.id desc limit 1`);
    const post = await services.gridWorkers.assign(zhanqian, { gridId: own, personId: local });
    await services.gridWorkers.end(zhanqian, post.id);
    // Someone living and working in another town is not theirs to place, though the command may.
    const person = await releasedWorker();
    expect(await refusal(services.gridWorkers.assign(zhanqian, { gridId: own, personId: person }))).toMatchObject({ status: 400, messageKey: 'grid_worker_outside_scope' });
    await services.gridWorkers.end(command, (await services.gridWorkers.assign(command, { gridId: own, personId: person })).id);
    expect((await refusal(services.gridWorkers.assign(zhanqian, { gridId: grid.unitId, personId: person })))?.status).toBe(403);
    const gridAccount = await asUser(services, 'grid');
    expect((await refusal(services.gridWorkers.assign(gridAccount, { gridId: gridAccount.scopeRegionId, personId: person })))?.status).toBe(403);
  });

  it('keeps a grid\'s history: every worker, live and released, with who assigned and who released them', async () => {
    const person = await releasedWorker();
    const post = await services.gridWorkers.assign(command, { gridId: grid.unitId, personId: person });
    await services.gridWorkers.end(command, post.id);
    const history = await services.gridWorkers.history(command, grid.unitId);
    expect(history[0]).toMatchObject({ id: post.id, personId: person, assignedBy: '区指挥部', endedBy: '区指挥部' });
    expect(history[0].endsAt).not.toBeNull();
    // The seed's released worker: set up and released by no user.
    expect(history.at(-1)).toMatchObject({ assignedBy: null, endedBy: null });
    expect(history.at(-1)!.endsAt).not.toBeNull();
    expect(history.map((h) => h.since)).toEqual(history.map((h) => h.since).sort().reverse());
    // An area chief reads their own town's grids only; a grid worker none.
    expect((await refusal(services.gridWorkers.history(await asUser(services, 'zhanqian'), grid.unitId)))?.status).toBe(403);
    expect((await refusal(services.gridWorkers.history(await asUser(services, 'grid'), grid.unitId)))?.status).toBe(403);
  });

  it('answers over HTTP with the rule in the user\'s language', async () => {
    const app = await buildApp(services, { logLevel: 'silent' });
    try {
      const cookie = await loginCookie(app, 'command');
      const town = await scalar(database, sql`select id from regions where name = ${UNSTAFFED_GRID_TOWN}`);
      const person = await releasedWorker();
      const post = (lang: string, gridId: number) => app.inject({ method: 'POST', url: '/api/grid-workers', headers: { cookie, 'accept-language': lang }, payload: { gridId, personId: person } });
      const notGrid = await post('zh-CN', town);
      expect(notGrid.statusCode).toBe(400);
      expect(notGrid.json().message).toBe(`网格员只能指派到网格，“${UNSTAFFED_GRID_TOWN}”不是网格`);
      const made = await post('en', grid.unitId);
      expect(made.statusCode).toBe(201);
      const twice = await post('en', grid.unitId);
      expect(twice.statusCode).toBe(409);
      expect(twice.json().message).toMatch(/is already a grid worker of this grid$/);
      const end = await app.inject({ method: 'POST', url: `/api/grid-workers/${made.json().id}/end`, headers: { cookie } });
      expect(end.statusCode).toBe(200);
      expect(end.json().endsAt).not.toBeNull();
      expect((await app.inject({ method: 'POST', url: '/api/grid-workers/99999999/end', headers: { cookie } })).statusCode).toBe(404);
      const cadre = await scalar(database, sql`select id from people where kind = 'cadre' order by id limit 1`);
      const wrongKind = await app.inject({ method: 'POST', url: '/api/grid-workers', headers: { cookie, 'accept-language': 'en' }, payload: { gridId: grid.unitId, personId: cadre } });
      expect(wrongKind.statusCode).toBe(400);
      expect(wrongKind.json().message).toMatch(/^A grid worker must be a full-time grid worker or a community cadre; .+ is neither$/);

      const history = await app.inject({ url: `/api/grid-workers/history?gridId=${grid.unitId}`, headers: { cookie } });
      expect(history.statusCode).toBe(200);
      expect(history.json().items[0]).toMatchObject({ id: made.json().id, personId: person, assignedBy: '区指挥部', endedBy: '区指挥部' });
      expect((await app.inject({ url: `/api/grid-workers/history?gridId=${town}`, headers: { cookie } })).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
