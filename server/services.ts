import type { Database } from './db/index.ts';
import { auditService } from './modules/audit/audit.service.ts';
import { authService } from './modules/auth/auth.service.ts';
import { peopleService } from './modules/people/people.service.ts';
import { regionsService } from './modules/regions/regions.service.ts';
import { residentsService } from './modules/residents/residents.service.ts';

/** Every service, each given only what it uses. */
export function buildServices(database: Database) {
  const audit = auditService(database);
  return {
    database,
    audit,
    auth: authService(database, audit),
    regions: regionsService(database),
    residents: residentsService(database, audit),
    people: peopleService(database),
  };
}
export type Services = ReturnType<typeof buildServices>;
