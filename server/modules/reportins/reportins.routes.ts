import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import { ZAssignReportInRequest, ZReportIn, ZReportInRequest } from '../../../contracts/reportins.ts';
import type { Services } from '../../services.ts';

export const reportInsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };

  app.post('/report-ins', {
    schema: { summary: '双报到: a party member reports in to their home community with the posts they can take and their free time', tags: ['orgs'], body: ZReportInRequest, response: { 201: ZReportIn, ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.reportIns.reportIn(services.auth.requireUser(req.user), req.body)));

  app.get('/regions/:id/report-ins', {
    schema: { summary: 'Who reported in to a community, and the posts they were given', tags: ['orgs'], params: ZIdParam, response: { 200: z.object({ items: z.array(ZReportIn) }), ...errors } },
  }, async (req) => ({ items: await services.reportIns.list(services.auth.requireUser(req.user), req.params.id) }));

  app.post('/report-ins/:id/assign', {
    schema: { summary: 'Give a reported-in member one of the posts they offered', tags: ['orgs'], params: ZIdParam, body: ZAssignReportInRequest, response: { 200: ZReportIn, ...errors } },
  }, async (req) => services.reportIns.assign(services.auth.requireUser(req.user), req.params.id, req.body.post));
};
