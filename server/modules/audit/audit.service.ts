import type { Database, Db } from '../../db/index.ts';
import { listAudit, recordAudit, type AuditEntry } from './audit.repository.ts';

/** The audit trail: append-only; nothing here updates or deletes. */
export function auditService(database: Database) {
  return {
    /** Pass the change's transaction, so the entry is kept exactly when the change is. */
    record: (entry: AuditEntry, db: Db = database.db) => recordAudit(db, entry),
    history: (subjectType: string, subjectId: string) => listAudit(database.db, subjectType, subjectId),
  };
}
export type AuditService = ReturnType<typeof auditService>;
