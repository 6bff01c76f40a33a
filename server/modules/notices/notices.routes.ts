import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import { ZNotice, ZNoticeList, ZReceipts, ZSendNoticeRequest } from '../../../contracts/notices.ts';
import type { Services } from '../../services.ts';

export const noticesRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };
  const me = (req: { user?: Parameters<typeof services.auth.requireUser>[0] }) => services.auth.requireUser(req.user);

  app.get('/', { schema: { summary: 'Notices received, and (for the command) notices sent with read counts', tags: ['notices'], response: { 200: ZNoticeList, ...errors } } }, async (req) => services.notices.list(me(req)));

  app.post('/', {
    schema: { summary: 'Send a notice to all, a region, a response\'s units or a role', tags: ['notices'], body: ZSendNoticeRequest, response: { 201: z.object({ id: z.number().int(), recipients: z.number().int() }), ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.notices.send(me(req), req.body)));

  app.get('/:id', { schema: { summary: 'Open a notice (records that it was read)', tags: ['notices'], params: ZIdParam, response: { 200: ZNotice, ...errors } } }, async (req) => services.notices.open(me(req), req.params.id));

  app.post('/:id/ack', { schema: { summary: 'Acknowledge a notice', tags: ['notices'], params: ZIdParam, response: { 200: ZNotice, ...errors } } }, async (req) => services.notices.acknowledge(me(req), req.params.id));

  app.get('/:id/receipts', { schema: { summary: 'Who has and has not read and acknowledged it', tags: ['notices'], params: ZIdParam, response: { 200: ZReceipts, ...errors } } }, async (req) => services.notices.receipts(me(req), req.params.id));

  app.post('/:id/remind', { schema: { summary: 'Remind everyone who has not acknowledged', tags: ['notices'], params: ZIdParam, response: { 200: z.object({ reminded: z.number().int() }), ...errors } } }, async (req) => services.notices.remind(me(req), req.params.id));
};
