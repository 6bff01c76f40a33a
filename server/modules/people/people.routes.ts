import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZError } from '../../../contracts/common.ts';
import { ZPeopleList, ZPeopleQuery } from '../../../contracts/people.ts';
import type { Services } from '../../services.ts';

export const peopleRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  app.get('/', {
    schema: { summary: 'Leaders, cadres, medical staff, grid workers and volunteers in the caller\'s scope', tags: ['people'], querystring: ZPeopleQuery, response: { 200: ZPeopleList, 400: ZError, 401: ZError } },
  }, async (req) => services.people.list(services.auth.requireUser(req.user), req.query));
};
