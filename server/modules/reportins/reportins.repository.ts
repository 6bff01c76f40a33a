import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { people, reportIns } from '../../db/schema/index.ts';

export type ReportInRecord = typeof reportIns.$inferSelect;

export async function insertReportIn(db: Db, r: Pick<ReportInRecord, 'personId' | 'communityId' | 'posts' | 'timeSlots'>) {
  const [row] = await db.insert(reportIns).values(r).returning();
  return row;
}

export async function findReportIn(db: Db, id: number) {
  const [row] = await db.select().from(reportIns).where(eq(reportIns.id, id));
  return row;
}

export async function listReportIns(db: Db, communityId: number) {
  return db
    .select({ reportIn: reportIns, name: people.name, phone: people.phone, title: people.title })
    .from(reportIns)
    .innerJoin(people, eq(people.id, reportIns.personId))
    .where(eq(reportIns.communityId, communityId))
    .orderBy(asc(reportIns.reportedAt), asc(reportIns.id));
}

/** Assigns a post once: a report-in already assigned is left as it is (the caller reports a conflict). */
export async function assignReportIn(db: Db, id: number, post: string, by: number | null) {
  const [row] = await db
    .update(reportIns)
    .set({ assignedPost: post, assignedAt: new Date(), assignedBy: by })
    .where(and(eq(reportIns.id, id), isNull(reportIns.assignedPost)))
    .returning();
  return row;
}
