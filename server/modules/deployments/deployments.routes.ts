import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import { ZAcceptRequest, ZAcceptResult, ZGapsView, ZPlan } from '../../../contracts/deployments.ts';
import type { Services } from '../../services.ts';
import { sendDownload } from '../../http/download.ts';

export const deploymentsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };
  const tags = ['deployments'];
  const user = (req: { user?: Parameters<Services['auth']['requireUser']>[0] }) => services.auth.requireUser(req.user);

  app.get('/deployments/gaps', {
    schema: { summary: '跨区域调配: this shift\'s staffing gaps beside the people free to fill them (command only)', tags, response: { 200: ZGapsView, ...errors } },
  }, async (req) => services.deployments.gaps(user(req)));

  app.post('/deployments/plans', {
    schema: { summary: 'Propose a plan: fill as many gaps as possible with the least total travel, respecting roles and skills', tags, response: { 201: ZPlan, ...errors } },
  }, async (req, reply) => {
    const { supplyGroups: _s, demandGroups: _d, ...plan } = await services.deployments.propose(user(req), req.locale);
    return reply.code(201).send(plan);
  });

  app.get('/deployments/plans/:id', {
    schema: { summary: 'A plan with its moves', tags, params: ZIdParam, response: { 200: ZPlan, ...errors } },
  }, async (req) => services.deployments.get(user(req), req.params.id, req.locale));

  app.post('/deployments/plans/:id/accept', {
    schema: { summary: 'Accept a plan in whole or in part: the moves become check-ins, squad memberships and claims; the people are notified', tags, params: ZIdParam, body: ZAcceptRequest, response: { 200: ZAcceptResult, ...errors } },
  }, async (req) => services.deployments.accept(user(req), req.params.id, req.body.moveIds, req.locale));

  app.get('/deployments/plans/:id/calls.xlsx', {
    schema: { summary: 'The call list of a plan\'s accepted moves (people without an account) as .xlsx', tags, params: ZIdParam },
  }, async (req, reply) => {
    return sendDownload(reply, await services.deployments.callListXlsx(user(req), req.params.id, req.locale), 'call-list.xlsx');
  });
};
