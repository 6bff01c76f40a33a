import { GRID_WORKER_KINDS, type TAssignGridWorkerRequest, type TGridWorkerHistoryEntry, type TGridWorkerPost } from '../../../contracts/gridworkers.ts';
import type { Database } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, NotFound, ValidationError } from '../../http/errors.ts';
import { label } from '../../i18n.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertInScope, assertRole, inScope, mayCommand, type SessionUser } from '../auth/scope.ts';
import { findPerson } from '../people/people.repository.ts';
import { findRegion } from '../regions/regions.repository.ts';
import { endGridWorker, findGridWorkerPost, findLiveGridWorker, gridWorkerHistory, insertGridWorker, type GridWorkerRecord } from './gridworkers.repository.ts';

/** Who staffs grids: the command anywhere, an area chief inside their town. */
const mayStaffGrids = (u: SessionUser) => mayCommand(u) || u.role === 'area_chief';

export const presentGridWorkerPost = (r: GridWorkerRecord): TGridWorkerPost => ({
  id: r.id, gridId: r.gridId, personId: r.personId, since: r.since.toISOString(), endsAt: r.endsAt ? r.endsAt.toISOString() : null,
});

/**
 * 网格员: a person answers for a grid until released. A grid with no live worker is a blank spot in
 * the gaps report; a release keeps the post in the history. Each change is audited with the change.
 */
export function gridWorkersService(database: Database, audit: AuditService) {
  const { db } = database;

  /** The grid, checked to be one and inside the actor's scope. */
  async function gridFor(actor: SessionUser | null, gridId: number) {
    const grid = await findRegion(db, gridId);
    if (!grid) throw ValidationError('unit_not_found', { unitType: label('grid') });
    if (grid.level !== 'grid') throw ValidationError('not_a_grid', { name: grid.name });
    if (actor) assertInScope(actor, grid.path);
    return grid;
  }

  /** An area chief staffs grids with people of their own town; the command with anyone in the district. */
  async function assertLivesInScope(actor: SessionUser | null, person: { name: string; homeCommunityId: number | null }) {
    if (!actor || mayCommand(actor)) return;
    const home = person.homeCommunityId === null ? undefined : await findRegion(db, person.homeCommunityId);
    if (!home || !inScope(actor, home.path)) throw ValidationError('grid_worker_outside_scope', { name: person.name });
  }

  return {
    async assign(actor: SessionUser | null, req: TAssignGridWorkerRequest) {
      if (actor) assertRole(actor, mayStaffGrids);
      await gridFor(actor, req.gridId);
      const person = await findPerson(db, req.personId);
      if (!person) throw ValidationError('person_not_found');
      if (!GRID_WORKER_KINDS.includes(person.kind)) throw ValidationError('grid_worker_kind', { name: person.name });
      await assertLivesInScope(actor, person);
      if (await findLiveGridWorker(db, req.gridId, req.personId)) throw Conflict('already_grid_worker', { name: person.name });
      try {
        return await database.transaction(async (tx) => {
          const after = await insertGridWorker(tx.db, { gridId: req.gridId, personId: req.personId, assignedBy: actor?.id ?? null });
          await audit.record({ userId: actor?.id ?? null, action: 'assign_grid_worker', subjectType: 'grid_worker', subjectId: String(after.id), details: { before: null, after } }, tx.db);
          return after;
        });
      } catch (err) {
        // Two people assigning the same worker at once: the live-post index lets exactly one in.
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('already_grid_worker', { name: person.name });
        throw err;
      }
    },

    /** Releases a grid worker from a grid; the post stays in the history. */
    async end(actor: SessionUser | null, id: number) {
      if (actor) assertRole(actor, mayStaffGrids);
      const before = await findGridWorkerPost(db, id);
      if (!before) throw NotFound();
      await gridFor(actor, before.gridId);
      if (before.endsAt) throw Conflict('grid_worker_not_live');
      return database.transaction(async (tx) => {
        const after = await endGridWorker(tx.db, id, actor?.id ?? null);
        if (!after) throw Conflict('grid_worker_not_live');
        await audit.record({ userId: actor?.id ?? null, action: 'end_grid_worker', subjectType: 'grid_worker', subjectId: String(id), details: { before, after } }, tx.db);
        return after;
      });
    },

    /** Everyone who has been a grid's worker, live and ended, newest first, with who assigned and who released each. */
    async history(actor: SessionUser, gridId: number): Promise<TGridWorkerHistoryEntry[]> {
      assertRole(actor, mayStaffGrids);
      await gridFor(actor, gridId);
      const rows = await gridWorkerHistory(db, gridId);
      return rows.map((r) => ({ ...r, since: r.since.toISOString(), endsAt: r.endsAt ? r.endsAt.toISOString() : null }));
    },
  };
}
export type GridWorkersService = ReturnType<typeof gridWorkersService>;
