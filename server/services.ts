import type { Database } from './db/index.ts';
import { assignmentsService } from './modules/assignments/assignments.service.ts';
import { auditService } from './modules/audit/audit.service.ts';
import { authService } from './modules/auth/auth.service.ts';
import { orgsService } from './modules/orgs/orgs.service.ts';
import { peopleService } from './modules/people/people.service.ts';
import { regionsService } from './modules/regions/regions.service.ts';
import { residentsService } from './modules/residents/residents.service.ts';
import { responsesService } from './modules/responses/responses.service.ts';
import { zonesService } from './modules/zones/zones.service.ts';
import { noticesService } from './modules/notices/notices.service.ts';
import { reportInsService } from './modules/reportins/reportins.service.ts';
import { pointsService } from './modules/points/points.service.ts';
import { roundsService } from './modules/rounds/rounds.service.ts';
import { requestsService } from './modules/requests/requests.service.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { teamsService } from './modules/teams/teams.service.ts';
import { fundsService } from './modules/funds/funds.service.ts';
import { deploymentsService } from './modules/deployments/deployments.service.ts';
import { materialsService } from './modules/materials/materials.service.ts';
import { consumptionService } from './modules/materials/consumption.service.ts';
import { forecastService } from './modules/materials/forecast.service.ts';
import { gridWorkersService } from './modules/gridworkers/gridworkers.service.ts';

/** Every service, each given only what it uses. */
/** `clock` is the time services go by (shifts, moves, check-ins); tests may hold it still. */
/** `filesDir` holds uploaded photos (receipts, deliveries); by default a scratch directory. */
export function buildServices(database: Database, opts: { clock?: () => Date; filesDir?: string } = {}) {
  const clock = opts.clock ?? (() => new Date());
  const audit = auditService(database);
  const assignments = assignmentsService(database, audit);
  const points = pointsService(database, audit, clock);
  const consumption = consumptionService(database, audit, clock);
  const filesDir = opts.filesDir ?? join(tmpdir(), 'gridline-files');
  return {
    database,
    audit,
    auth: authService(database, audit),
    regions: regionsService(database, assignments),
    gridWorkers: gridWorkersService(database, audit),
    residents: residentsService(database, audit),
    people: peopleService(database),
    assignments,
    orgs: orgsService(database, audit),
    responses: responsesService(database, audit, assignments, clock),
    zones: zonesService(database, audit, assignments),
    notices: noticesService(database, audit),
    reportIns: reportInsService(database, audit),
    points,
    rounds: roundsService(database, audit, clock),
    requests: requestsService(database, audit, clock, filesDir),
    teams: teamsService(database, audit, assignments, clock, consumption),
    deployments: deploymentsService(database, audit, points),
    materials: materialsService(database, audit, clock),
    consumption,
    forecast: forecastService(database, clock),
    funds: fundsService(database, audit, clock, filesDir),
  };
}
export type Services = ReturnType<typeof buildServices>;
