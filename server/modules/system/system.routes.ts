import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.ts';

export const ZHealth = z.object({ status: z.literal('ok'), database: z.enum(['embedded', 'postgres']) });

export const systemRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  app.get('/health', {
    config: { public: true },
    schema: { summary: 'Liveness and the database engine in use', tags: ['system'], response: { 200: ZHealth } },
  }, async () => ({ status: 'ok' as const, database: services.database.kind }));
};
