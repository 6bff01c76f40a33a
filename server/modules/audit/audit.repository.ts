import { desc, eq, and } from 'drizzle-orm';
import type { Db } from '../../db/index.ts';
import { auditLog } from '../../db/schema/index.ts';

export type AuditEntry = { userId: number | null; action: string; subjectType: string; subjectId?: string | null; details?: unknown };

export async function recordAudit(db: Db, entry: AuditEntry) {
  await db.insert(auditLog).values({ ...entry, subjectId: entry.subjectId ?? null, details: entry.details ?? null });
}

export async function listAudit(db: Db, subjectType: string, subjectId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId)))
    .orderBy(desc(auditLog.at));
}
