import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Locale } from '../../contracts/common.ts';
import { localeFrom, t } from '../i18n.ts';
import type { SessionUser } from '../modules/auth/scope.ts';
import { authRoutes, SESSION_COOKIE } from '../modules/auth/auth.routes.ts';
import { assignmentsRoutes } from '../modules/assignments/assignments.routes.ts';
import { orgsRoutes } from '../modules/orgs/orgs.routes.ts';
import { peopleRoutes } from '../modules/people/people.routes.ts';
import { responsesRoutes } from '../modules/responses/responses.routes.ts';
import { zonesRoutes } from '../modules/zones/zones.routes.ts';
import { noticesRoutes } from '../modules/notices/notices.routes.ts';
import { reportInsRoutes } from '../modules/reportins/reportins.routes.ts';
import { pointsRoutes } from '../modules/points/points.routes.ts';
import { materialsRoutes } from '../modules/materials/materials.routes.ts';
import { roundsRoutes } from '../modules/rounds/rounds.routes.ts';
import { requestsRoutes } from '../modules/requests/requests.routes.ts';
import { teamsRoutes } from '../modules/teams/teams.routes.ts';
import { deploymentsRoutes } from '../modules/deployments/deployments.routes.ts';
import { fundsRoutes } from '../modules/funds/funds.routes.ts';
import { regionsRoutes } from '../modules/regions/regions.routes.ts';
import { gridWorkersRoutes } from '../modules/gridworkers/gridworkers.routes.ts';
import { residentsRoutes } from '../modules/residents/residents.routes.ts';
import { systemRoutes } from '../modules/system/system.routes.ts';
import type { Services } from '../services.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user?: SessionUser;
    locale: Locale;
  }
  interface FastifyContextConfig {
    /** Reachable without a session. */
    public?: boolean;
  }
}

const webRoot = fileURLToPath(new URL('../../web/dist/', import.meta.url));
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface AppOptions {
  logLevel?: string;
  secureCookies?: boolean;
  /**
   * Take the client's address from X-Forwarded-For: only behind a proxy that sets it, or any client
   * could name its own address and slip past every per-address rate limit.
   */
  trustProxy?: boolean;
  /** Login attempts per minute per client address. */
  loginRateLimit?: number;
}

const snake = (s: string) => s.replace(/^FST_ERR_/, '').toLowerCase();

export async function buildApp(services: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info', redact: ['req.headers.cookie', 'req.headers.authorization'] },
    bodyLimit: 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorateRequest('user', undefined);
  app.decorateRequest('locale', 'zh-CN');

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const locale = req.locale ?? 'zh-CN';
    if (err instanceof AppError) {
      return reply.code(err.status).send({ error: err.code, message: t(locale, err.messageKey, err.params), ...(err.details !== undefined ? { details: err.details } : {}) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath, message: v.message }));
      return reply.code(400).send({ error: 'validation_failed', message: t(locale, 'validation_failed'), details: { issues } });
    }
    if (err.statusCode === 429) {
      return reply.code(429).send({ error: 'too_many_requests', message: t(locale, 'too_many_requests', { after: String((err as unknown as { after?: string }).after ?? '1 minute') }) });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const key = err.statusCode === 413 ? 'too_large' : err.statusCode === 415 ? 'unsupported_media_type' : 'bad_request_body';
      return reply.code(err.statusCode).send({ error: snake(err.code ?? 'bad_request'), message: t(locale, key), details: { reason: err.message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: 'internal', message: t(locale, 'internal') });
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => Object.assign(new Error('too_many_requests'), { statusCode: 429, after: ctx.after }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'gridline API', description: 'The command platform a district runs its epidemic response on.', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (req) => {
    req.locale = localeFrom(req.headers['x-gridline-locale']?.toString() ?? req.headers['accept-language']);
    if (!req.url.startsWith('/api/')) return;
    req.user = await services.auth.resolve(req.cookies[SESSION_COOKIE]);
    // Only the API's own routes need a session: unknown paths fall to the static files and then to 404.
    const apiRoute = req.routeOptions.url?.startsWith('/api/') && !req.routeOptions.url.startsWith('/api/docs');
    if (!req.user && apiRoute && !req.routeOptions.config?.public) {
      throw services.auth.requireUser(undefined);
    }
  });

  await app.register(systemRoutes(services), { prefix: '/api' });
  await app.register(authRoutes(services, { secureCookies: !!opts.secureCookies, loginRateLimit: opts.loginRateLimit ?? 10 }), { prefix: '/api/auth' });
  await app.register(regionsRoutes(services), { prefix: '/api/regions' });
  await app.register(gridWorkersRoutes(services), { prefix: '/api/grid-workers' });
  await app.register(residentsRoutes(services), { prefix: '/api/residents' });
  await app.register(peopleRoutes(services), { prefix: '/api/people' });
  await app.register(responsesRoutes(services), { prefix: '/api/responses' });
  await app.register(assignmentsRoutes(services), { prefix: '/api/assignments' });
  await app.register(orgsRoutes(services), { prefix: '/api/orgs' });
  await app.register(zonesRoutes(services), { prefix: '/api' });
  await app.register(noticesRoutes(services), { prefix: '/api/notices' });
  await app.register(reportInsRoutes(services), { prefix: '/api' });
  await app.register(pointsRoutes(services), { prefix: '/api' });
  await app.register(roundsRoutes(services), { prefix: '/api' });
  await app.register(requestsRoutes(services), { prefix: '/api' });
  await app.register(teamsRoutes(services), { prefix: '/api' });
  await app.register(deploymentsRoutes(services), { prefix: '/api' });
  await app.register(materialsRoutes(services), { prefix: '/api' });
  await app.register(fundsRoutes(services), { prefix: '/api' });

  const hasWeb = existsSync(`${webRoot}index.html`);
  // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: true, maxAge: '1h', immutable: false });

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply.code(404).send({ error: 'route_not_found', message: t(req.locale ?? 'zh-CN', 'route_not_found') });
    }
    // A missing script or stylesheet must not come back as the page: the browser would try to run HTML.
    if (req.url.startsWith('/assets/')) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    if (!hasWeb) return reply.code(503).type('text/plain; charset=utf-8').send('The web app is not built: run `npm run build`.');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });

  return app;
}
