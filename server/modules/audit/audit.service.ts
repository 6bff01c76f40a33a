import type { Database } from '../../db/index.ts';
import { listAudit, recordAudit, type AuditEntry } from './audit.repository.ts';

/** The audit trail: append-only; nothing here updates or deletes. */
export function auditService(database: Database) {
  return {
    record: (entry: AuditEntry) => recordAudit(database.db, entry),
    history: (subjectType: string, subjectId: string) => listAudit(database.db, subjectType, subjectId),
  };
}
export type AuditService = ReturnType<typeof auditService>;
