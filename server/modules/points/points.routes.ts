import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import {
  ZCheckinRequest,
  ZCreatePointRequest,
  ZPoint,
  ZPointList,
  ZPointsQuery,
  ZPublicPoints,
  ZQueueReport,
  ZRelocatePointRequest,
  ZSetPointStatusRequest,
  ZTeam,
} from '../../../contracts/points.ts';
import type { Services } from '../../services.ts';

export const pointsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };
  const tags = ['points'];

  app.get('/public/points', {
    config: { public: true },
    schema: { summary: 'Open sampling points for residents: address, hours, served area, queue (no login)', tags, response: { 200: ZPublicPoints } },
  }, async () => services.points.publicList());

  app.get('/points', {
    schema: { summary: 'Sampling points in the caller\'s scope, with chief and this shift\'s team', tags, querystring: ZPointsQuery, response: { 200: ZPointList, ...errors } },
  }, async (req) => services.points.list(services.auth.requireUser(req.user), req.query));

  app.post('/points', {
    schema: { summary: 'Set up a sampling point', tags, body: ZCreatePointRequest, response: { 201: ZPoint, ...errors } },
  }, async (req, reply) => {
    const user = services.auth.requireUser(req.user);
    const point = await services.points.create(user, req.body);
    return reply.code(201).send(await services.points.get(user, point.id));
  });

  app.get('/points/:id', {
    schema: { summary: 'One sampling point: site and earlier sites, served area, chiefs, team, history', tags, params: ZIdParam, response: { 200: ZPoint, ...errors } },
  }, async (req) => services.points.get(services.auth.requireUser(req.user), req.params.id));

  app.post('/points/:id/status', {
    schema: { summary: 'Move a point along its lifecycle (planned → setting up → open ⇄ paused, relocating, closed)', tags, params: ZIdParam, body: ZSetPointStatusRequest, response: { 200: ZPoint, ...errors } },
  }, async (req) => {
    await services.points.setStatus(services.auth.requireUser(req.user), req.params.id, req.body.status, req.body.expectedStatus);
    return services.points.get(services.auth.requireUser(req.user), req.params.id);
  });

  app.post('/points/:id/relocate', {
    schema: { summary: 'Relocate a point: its team, tubes, history and counts move with it', tags, params: ZIdParam, body: ZRelocatePointRequest, response: { 200: ZPoint, ...errors } },
  }, async (req) => {
    await services.points.relocate(services.auth.requireUser(req.user), req.params.id, req.body);
    return services.points.get(services.auth.requireUser(req.user), req.params.id);
  });

  app.post('/points/:id/queue', {
    schema: { summary: 'The chief reports the queue', tags, params: ZIdParam, body: ZQueueReport, response: { 200: ZPoint, ...errors } },
  }, async (req) => {
    await services.points.reportQueue(services.auth.requireUser(req.user), req.params.id, req.body.status);
    return services.points.get(services.auth.requireUser(req.user), req.params.id);
  });

  app.get('/points/:id/team', {
    schema: { summary: 'This shift\'s team against the 1+3+10+N composition', tags, params: ZIdParam, response: { 200: ZTeam, ...errors } },
  }, async (req) => services.points.team(services.auth.requireUser(req.user), req.params.id));

  app.post('/points/:id/checkins', {
    schema: { summary: 'Check a person in to this shift\'s team in a role', tags, params: ZIdParam, body: ZCheckinRequest, response: { 201: ZTeam, ...errors } },
  }, async (req, reply) => {
    await services.points.checkIn(services.auth.requireUser(req.user), req.params.id, req.body);
    return reply.code(201).send(await services.points.team(services.auth.requireUser(req.user), req.params.id));
  });

  app.post('/checkins/:id/checkout', {
    schema: { summary: 'Check a person out of their shift', tags, params: ZIdParam, response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
  }, async (req) => {
    await services.points.checkOut(services.auth.requireUser(req.user), req.params.id);
    return { ok: true as const };
  });
};
