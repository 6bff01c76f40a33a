import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import { ORG_KINDS, ZCreateOrgRequest, ZOrg, ZPairRequest } from '../../../contracts/orgs.ts';
import type { Services } from '../../services.ts';

export const orgsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };

  app.get('/', {
    schema: { summary: 'Party organisations with their form (by the size rule) and paired communities', tags: ['orgs'], querystring: z.object({ responseId: z.coerce.number().int().positive().optional(), kind: z.enum(ORG_KINDS).optional() }), response: { 200: z.object({ items: z.array(ZOrg) }), ...errors } },
  }, async (req) => ({ items: await services.orgs.list(req.query) }));

  app.post('/', {
    schema: { summary: 'Create a standing party organisation or a temporary branch', tags: ['orgs'], body: ZCreateOrgRequest, response: { 201: ZOrg, ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.orgs.create(services.auth.requireUser(req.user), req.body)));

  app.post('/:id/close', {
    schema: { summary: '撤销 a temporary branch: it closes and its secretary, deputies and members leave their posts', tags: ['orgs'], params: ZIdParam, response: { 200: ZOrg, ...errors } },
  }, async (req) => services.orgs.close(services.auth.requireUser(req.user), req.params.id));

  app.post('/:id/pairings', {
    schema: { summary: '结对包联: pair the organisation with a village or community', tags: ['orgs'], params: ZIdParam, body: ZPairRequest, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await services.orgs.pair(services.auth.requireUser(req.user), req.params.id, req.body.communityId);
    return reply.code(204).send(null);
  });

  app.delete('/:id/pairings/:communityId', {
    schema: { summary: 'End a pairing', tags: ['orgs'], params: ZIdParam.extend({ communityId: z.coerce.number().int().positive() }), response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await services.orgs.unpair(services.auth.requireUser(req.user), req.params.id, req.params.communityId);
    return reply.code(204).send(null);
  });
};
