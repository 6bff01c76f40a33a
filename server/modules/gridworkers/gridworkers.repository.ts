import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/index.ts';
import { gridWorkers, people, users } from '../../db/schema/index.ts';

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

/** Every post on a grid, live and ended, newest first, with who made it and who ended it. */
export async function gridWorkerHistory(db: Db, gridId: number) {
  const assigner = alias(users, 'assigner');
  const ender = alias(users, 'ender');
  return db
    .select({
      id: gridWorkers.id,
      personId: gridWorkers.personId,
      name: people.name,
      since: gridWorkers.since,
      endsAt: gridWorkers.endsAt,
      assignedBy: assigner.displayName,
      endedBy: ender.displayName,
    })
    .from(gridWorkers)
    .innerJoin(people, eq(people.id, gridWorkers.personId))
    .leftJoin(assigner, eq(assigner.id, gridWorkers.assignedBy))
    .leftJoin(ender, eq(ender.id, gridWorkers.endedBy))
    .where(eq(gridWorkers.gridId, gridId))
    .orderBy(desc(gridWorkers.since), desc(gridWorkers.id));
}
