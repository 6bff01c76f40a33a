import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { gridWorkers } from '../../db/schema/index.ts';

export type GridWorkerRecord = typeof gridWorkers.$inferSelect;

export async function findGridWorkerPost(db: Db, id: number) {
  const [row] = await db.select().from(gridWorkers).where(eq(gridWorkers.id, id));
  return row;
}

/** The live post of a person on a grid, if they hold one. */
export async function findLiveGridWorker(db: Db, gridId: number, personId: number) {
  const [row] = await db.select().from(gridWorkers).where(and(eq(gridWorkers.gridId, gridId), eq(gridWorkers.personId, personId), isNull(gridWorkers.endsAt)));
  return row;
}

export async function insertGridWorker(db: Db, row: { gridId: number; personId: number; assignedBy: number | null }) {
  const [inserted] = await db.insert(gridWorkers).values(row).returning();
  return inserted;
}

/** Ends a live post; undefined when it had already ended (a second release lost the race). */
export async function endGridWorker(db: Db, id: number, endedBy: number | null) {
  const [row] = await db
    .update(gridWorkers)
    .set({ endsAt: sql`now()`, endedBy })
    .where(and(eq(gridWorkers.id, id), isNull(gridWorkers.endsAt)))
    .returning();
  return row;
}
