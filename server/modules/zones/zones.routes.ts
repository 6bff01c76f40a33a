import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import { ZCreateCheckpointRequest, ZDrawZoneRequest, ZRiskScheme, ZSetLevelRequest, ZZone, ZZonesReport } from '../../../contracts/zones.ts';
import { NotFound } from '../../http/errors.ts';
import type { Services } from '../../services.ts';

export const zonesRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };
  const zoneOf = async (responseId: number, zoneId: number) => {
    const zone = (await services.zones.report(null, responseId)).zones.find((z) => z.id === zoneId);
    if (!zone) throw NotFound();
    return zone;
  };

  app.get('/zones/schemes', {
    schema: { summary: 'The risk-area classification schemes with their levels (strictest first), named in both languages', tags: ['zones'], response: { 200: z.array(ZRiskScheme), ...errors } },
  }, async (req) => {
    services.auth.requireUser(req.user);
    return services.zones.schemes();
  });

  app.get('/responses/:id/zones', {
    schema: { summary: 'Risk areas of a response in the caller\'s scope, with residents and households per area and per level', tags: ['zones'], params: ZIdParam, response: { 200: ZZonesReport, ...errors } },
  }, async (req) => services.zones.report(services.auth.requireUser(req.user), req.params.id));

  app.post('/responses/:id/zones', {
    schema: { summary: 'Draw a risk area from communities, grids or buildings', tags: ['zones'], params: ZIdParam, body: ZDrawZoneRequest, response: { 201: ZZone, ...errors } },
  }, async (req, reply) => {
    const zone = await services.zones.draw(services.auth.requireUser(req.user), req.params.id, req.body);
    return reply.code(201).send(await zoneOf(req.params.id, zone.id));
  });

  app.post('/zones/:id/level', {
    schema: { summary: 'Change a risk area\'s level (kept in its history)', tags: ['zones'], params: ZIdParam, body: ZSetLevelRequest, response: { 200: ZZone, ...errors } },
  }, async (req) => {
    const zone = await services.zones.setLevel(services.auth.requireUser(req.user), req.params.id, req.body.level, req.body.expectedLevel);
    return zoneOf(zone.responseId, zone.id);
  });

  app.post('/zones/:id/end', {
    schema: { summary: 'Lift a risk area', tags: ['zones'], params: ZIdParam, response: { 200: ZZone, ...errors } },
  }, async (req) => {
    const zone = await services.zones.end(services.auth.requireUser(req.user), req.params.id);
    return zoneOf(zone.responseId, zone.id);
  });

  app.post('/zones/:id/checkpoints', {
    schema: { summary: 'Add a checkpoint (关卡) on the area\'s boundary; its roster is assigned with role `roster`', tags: ['zones'], params: ZIdParam, body: ZCreateCheckpointRequest, response: { 201: z.object({ id: z.number().int(), name: z.string(), location: z.string().nullable() }), ...errors } },
  }, async (req, reply) => {
    const c = await services.zones.addCheckpoint(services.auth.requireUser(req.user), req.params.id, req.body);
    return reply.code(201).send({ id: c.id, name: c.name, location: c.location });
  });
};
