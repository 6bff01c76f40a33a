import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAssignment, ZAssignmentHistoryEntry, ZAssignmentHistoryQuery, ZAssignRequest, ZEndAssignmentRequest, type TAssignment } from '../../../contracts/assignments.ts';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import type { Services } from '../../services.ts';
import type { AssignmentRecord } from './assignments.repository.ts';

const present = (a: AssignmentRecord): TAssignment => ({
  id: a.id, unitType: a.unitType, unitId: a.unitId, role: a.role, personId: a.personId,
  startsAt: a.startsAt.toISOString(), endsAt: a.endsAt ? a.endsAt.toISOString() : null, assignedBy: a.assignedBy,
});

export const assignmentsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };

  app.get('/history', {
    schema: { summary: 'Every assignment a unit has had, live and ended, newest first, with who made and who ended each', tags: ['assignments'], querystring: ZAssignmentHistoryQuery, response: { 200: z.object({ items: z.array(ZAssignmentHistoryEntry) }), ...errors } },
  }, async (req) => ({ items: await services.assignments.history(services.auth.requireUser(req.user), req.query.unitType, req.query.unitId) }));

  app.post('/', {
    schema: { summary: 'Make a person responsible for a unit in a role (片长, 点长, 队长, secretary, commander, …)', tags: ['assignments'], body: ZAssignRequest, response: { 201: ZAssignment, ...errors } },
  }, async (req, reply) => reply.code(201).send(present(await services.assignments.assign(services.auth.requireUser(req.user), req.body))));

  app.post('/:id/end', {
    schema: { summary: 'End an assignment; it stays in the history', tags: ['assignments'], params: ZIdParam, body: ZEndAssignmentRequest, response: { 200: ZAssignment, ...errors } },
  }, async (req) => present(await services.assignments.end(services.auth.requireUser(req.user), req.params.id, req.body.endsAt)));
};
