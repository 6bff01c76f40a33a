import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import { ZDeclareResponseRequest, ZGapsReport, ZResponseSummary, ZResponseTree } from '../../../contracts/responses.ts';
import type { Services } from '../../services.ts';

export const responsesRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };

  app.get('/', {
    schema: { summary: 'Outbreak responses, newest first', tags: ['responses'], response: { 200: z.object({ items: z.array(ZResponseSummary) }), ...errors } },
  }, async () => ({ items: await services.responses.list() }));

  app.post('/', {
    schema: { summary: 'Declare a response: sets up the district command, a command post and temporary branch per locked-down town', tags: ['responses'], body: ZDeclareResponseRequest, response: { 201: ZResponseSummary, ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.responses.declare(services.auth.requireUser(req.user), req.body)));

  app.get('/:id', {
    schema: { summary: 'The response as a "1+6+N" tree with every unit\'s people', tags: ['responses'], params: ZIdParam, response: { 200: ZResponseTree, ...errors } },
  }, async (req) => services.responses.tree(services.auth.requireUser(req.user), req.params.id));

  app.post('/:id/close', {
    schema: { summary: 'Close the response; its temporary branches close with it', tags: ['responses'], params: ZIdParam, response: { 200: ZResponseSummary, ...errors } },
  }, async (req) => services.responses.close(services.auth.requireUser(req.user), req.params.id));

  app.get('/:id/gaps', {
    schema: { summary: 'Blank spots and weak points (空白点、薄弱点) in the caller\'s scope, each with how to fix it', tags: ['responses'], params: ZIdParam, response: { 200: ZGapsReport, ...errors } },
  }, async (req) => services.responses.gaps(services.auth.requireUser(req.user), req.params.id, req.locale));
};
