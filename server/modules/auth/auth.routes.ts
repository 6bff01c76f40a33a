import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZLoginRequest, ZMe, type TMe } from '../../../contracts/auth.ts';
import { ZError } from '../../../contracts/common.ts';
import type { Services } from '../../services.ts';
import { SESSION_TTL_MS } from './auth.service.ts';
import { mayCommand, mayImport, mayRevealPii, type SessionUser } from './scope.ts';

export const SESSION_COOKIE = 'gridline_session';

export function presentMe(user: SessionUser): TMe {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    scope: { id: user.scopeRegionId, name: user.scopeName, level: user.scopeLevel },
    mayRevealPii: mayRevealPii(user),
    mayImport: mayImport(user),
    mayCommand: mayCommand(user),
  };
}

export const authRoutes = (services: Services, opts: { secureCookies: boolean; loginRateLimit: number }): FastifyPluginAsyncZod => async (app) => {
  app.post('/login', {
    // Per address and account: a whole sampling team behind one NAT can still sign in at shift change.
    config: {
      public: true,
      rateLimit: {
        hook: 'preHandler',
        max: opts.loginRateLimit,
        timeWindow: '1 minute',
        keyGenerator: (req) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').trim().toLowerCase()}`,
      },
    },
    schema: { summary: 'Log in; sets the session cookie', tags: ['auth'], body: ZLoginRequest, response: { 200: ZMe, 401: ZError, 429: ZError } },
  }, async (req, reply) => {
    const { token } = await services.auth.login(req.body.username, req.body.password);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: SESSION_TTL_MS / 1000,
    });
    const user = await services.auth.resolve(token);
    return presentMe(services.auth.requireUser(user));
  });

  app.post('/logout', {
    config: { public: true },
    schema: { summary: 'Log out; ends the session', tags: ['auth'], response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async (req, reply) => {
    await services.auth.logout(req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/me', {
    schema: { summary: 'The signed-in account, its role and scope', tags: ['auth'], response: { 200: ZMe, 401: ZError } },
  }, async (req) => presentMe(services.auth.requireUser(req.user)));
};
