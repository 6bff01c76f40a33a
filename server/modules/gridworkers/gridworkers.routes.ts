import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import { ZAssignGridWorkerRequest, ZGridWorkerHistoryEntry, ZGridWorkerHistoryQuery, ZGridWorkerPost } from '../../../contracts/gridworkers.ts';
import type { Services } from '../../services.ts';
import { presentGridWorkerPost } from './gridworkers.service.ts';

export const gridWorkersRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };

  app.get('/history', {
    schema: { summary: 'Everyone who has been a grid\'s worker, live and released, newest first, with who assigned and who released each', tags: ['grid-workers'], querystring: ZGridWorkerHistoryQuery, response: { 200: z.object({ items: z.array(ZGridWorkerHistoryEntry) }), ...errors } },
  }, async (req) => ({ items: await services.gridWorkers.history(services.auth.requireUser(req.user), req.query.gridId) }));

  app.post('/', {
    schema: { summary: 'Make a person a grid worker (网格员) of a grid', tags: ['grid-workers'], body: ZAssignGridWorkerRequest, response: { 201: ZGridWorkerPost, ...errors } },
  }, async (req, reply) => reply.code(201).send(presentGridWorkerPost(await services.gridWorkers.assign(services.auth.requireUser(req.user), req.body))));

  app.post('/:id/end', {
    schema: { summary: 'Release a grid worker from a grid; the post stays in the history', tags: ['grid-workers'], params: ZIdParam, response: { 200: ZGridWorkerPost, ...errors } },
  }, async (req) => presentGridWorkerPost(await services.gridWorkers.end(services.auth.requireUser(req.user), req.params.id)));
};
