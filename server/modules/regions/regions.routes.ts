import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import { ZBuildingDetail, ZRegionDetail, ZRegionSearchQuery, ZRegionSearchResult } from '../../../contracts/regions.ts';
import type { Services } from '../../services.ts';

export const regionsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError };

  app.get('/root', {
    schema: { summary: 'The top of the caller\'s scope, with its children and counts', tags: ['regions'], response: { 200: ZRegionDetail, ...errors } },
  }, async (req) => {
    const user = services.auth.requireUser(req.user);
    return services.regions.detail(user, user.scopeRegionId);
  });

  app.get('/search', {
    schema: { summary: 'Find towns, communities and grids by name inside the caller\'s scope', tags: ['regions'], querystring: ZRegionSearchQuery, response: { 200: ZRegionSearchResult, ...errors } },
  }, async (req) => services.regions.search(services.auth.requireUser(req.user), req.query.q));

  app.get('/buildings/:id', {
    schema: { summary: 'A building\'s households and residents (masked)', tags: ['regions'], params: ZIdParam, response: { 200: ZBuildingDetail, ...errors } },
  }, async (req) => services.regions.building(services.auth.requireUser(req.user), req.params.id));

  app.get('/:id', {
    schema: { summary: 'A region with its children (or a grid with its buildings) and counts', tags: ['regions'], params: ZIdParam, response: { 200: ZRegionDetail, ...errors } },
  }, async (req) => services.regions.detail(services.auth.requireUser(req.user), req.params.id));
};
