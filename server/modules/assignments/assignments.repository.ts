import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/index.ts';
import { assignments, people, users } from '../../db/schema/index.ts';

export type AssignmentRecord = typeof assignments.$inferSelect;
export type UnitType = AssignmentRecord['unitType'];
export type AssignmentRole = AssignmentRecord['role'];
export type NewAssignment = Pick<AssignmentRecord, 'unitType' | 'unitId' | 'role' | 'personId'> & { startsAt?: Date; endsAt?: Date | null; assignedBy: number | null; endedBy?: number | null };

export async function insertAssignment(db: Db, a: NewAssignment) {
  const [row] = await db.insert(assignments).values(a).returning();
  return row;
}

export async function findAssignment(db: Db, id: number) {
  const [row] = await db.select().from(assignments).where(eq(assignments.id, id));
  return row;
}

/** Ends a live assignment; returns it as it is now, or nothing when it was not live. */
export async function endAssignment(db: Db, id: number, endsAt: Date, endedBy: number | null) {
  const [row] = await db.update(assignments).set({ endsAt, endedBy }).where(and(eq(assignments.id, id), isNull(assignments.endsAt))).returning();
  return row;
}

/** The people holding a role in the given units now. */
export async function liveAssignments(db: Db, unitType: UnitType, unitIds: number[]) {
  if (unitIds.length === 0) return [];
  return db
    .select({
      id: assignments.id,
      unitId: assignments.unitId,
      role: assignments.role,
      personId: people.id,
      name: people.name,
      phone: people.phone,
      title: people.title,
      partyMember: people.partyMember,
      startsAt: assignments.startsAt,
    })
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.personId))
    .where(and(eq(assignments.unitType, unitType), inArray(assignments.unitId, unitIds), isNull(assignments.endsAt)))
    .orderBy(asc(assignments.unitId), asc(assignments.role), asc(assignments.id));
}

/** Every assignment of a unit, live and ended, newest first, with who made it and who ended it. */
export async function assignmentHistory(db: Db, unitType: UnitType, unitId: number) {
  const assigner = alias(users, 'assigner');
  const ender = alias(users, 'ender');
  return db
    .select({
      id: assignments.id,
      role: assignments.role,
      personId: assignments.personId,
      name: people.name,
      startsAt: assignments.startsAt,
      endsAt: assignments.endsAt,
      assignedBy: assigner.displayName,
      endedBy: ender.displayName,
    })
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.personId))
    .leftJoin(assigner, eq(assigner.id, assignments.assignedBy))
    .leftJoin(ender, eq(ender.id, assignments.endedBy))
    .where(and(eq(assignments.unitType, unitType), eq(assignments.unitId, unitId)))
    .orderBy(desc(assignments.startsAt), desc(assignments.id));
}

/** Inside a transaction: waits for any other assignment to the same post of the same unit to finish, so periods are checked against each other one at a time. */
export async function lockUnitRole(db: Db, unitType: UnitType, unitId: number, role: AssignmentRole) {
  await db.execute(sql`select pg_advisory_xact_lock(6, hashtext(${`${unitType}:${unitId}:${role}`}))`);
}

/** An assignment to this post of this unit whose period meets the given one (no end: open, held until now). */
export async function overlappingAssignment(db: Db, a: { unitType: UnitType; unitId: number; role: AssignmentRole; startsAt: Date; endsAt: Date | null }) {
  const [row] = await db
    .select({ id: assignments.id, personId: assignments.personId, name: people.name, endsAt: assignments.endsAt })
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.personId))
    .where(
      and(
        eq(assignments.unitType, a.unitType),
        eq(assignments.unitId, a.unitId),
        eq(assignments.role, a.role),
        sql`tstzrange(${assignments.startsAt}, ${assignments.endsAt}) && tstzrange(${a.startsAt.toISOString()}::timestamptz, ${a.endsAt?.toISOString() ?? null}::timestamptz)`,
      ),
    )
    .orderBy(asc(assignments.startsAt))
    .limit(1);
  return row;
}

/** Many assignments at once, for set-ups that hold no rule to check one by one (the demo's point chiefs). */
export async function insertAssignmentsBulk(db: Db, rows: NewAssignment[]) {
  if (rows.length) await db.insert(assignments).values(rows);
}

/**
 * Ends every live assignment of the given units at `at` (a unit closing ends its posts), by the
 * user who closed it (null: the seed), returning what was ended. Called under the lock that keeps
 * new posts out, so every live post ends — one stored in the same millisecond as `at` (or, from
 * before starts were kept from running ahead, later) a millisecond after its start, as the period
 * check wants.
 */
export async function endUnitAssignments(db: Db, unitType: UnitType, unitIds: number[], at: Date, by: number | null) {
  if (unitIds.length === 0) return [];
  return db
    .update(assignments)
    .set({ endsAt: sql`greatest(${at.toISOString()}::timestamptz, ${assignments.startsAt} + interval '1 millisecond')`, endedBy: by })
    .where(and(eq(assignments.unitType, unitType), inArray(assignments.unitId, unitIds), isNull(assignments.endsAt)))
    .returning();
}
