import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import {
  ZApproveMaterialRequest,
  ZBalances,
  ZBalancesQuery,
  ZConsumptionRate,
  ZConsumptionRates,
  ZForecast,
  ZForecastQuery,
  ZPostConsumptionResult,
  ZSetConsumptionRate,
  ZCountRequest,
  ZCreateHolderRequest,
  ZCreateItemRequest,
  ZCreateMaterialRequest,
  ZDispatchMaterialRequest,
  ZItem,
  ZMaterialHolder,
  ZMaterialRequest,
  ZMaterialRequestList,
  ZMaterialRequestsQuery,
  ZMovement,
  ZMovementEntry,
  ZReceiveMaterialRequest,
  ZReceiveRequest,
  ZReverseRequest,
  ZTransferRequest,
  ZWriteOffRequest,
} from '../../../contracts/materials.ts';
import { sendDownload } from '../../http/download.ts';
import type { Services } from '../../services.ts';

export const materialsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };
  const tags = ['materials'];
  const m = services.materials;
  const user = (req: { user?: unknown }) => services.auth.requireUser(req.user as Parameters<typeof services.auth.requireUser>[0]);

  app.get('/materials/items', {
    schema: { summary: 'The catalogue of materials and their units', tags, response: { 200: z.object({ items: z.array(ZItem) }), ...errors } },
  }, async (req) => {
    user(req);
    return { items: await m.items() };
  });
  app.post('/materials/items', {
    schema: { summary: 'The command adds an item to the catalogue', tags, body: ZCreateItemRequest, response: { 201: ZItem, ...errors } },
  }, async (req, reply) => reply.code(201).send(await m.addItem(user(req), req.body)));

  app.get('/materials/holders', {
    schema: { summary: 'Who holds stock: warehouses, points, command posts, teams', tags, response: { 200: z.object({ items: z.array(ZMaterialHolder) }), ...errors } },
  }, async (req) => {
    user(req);
    return { items: await m.holders() };
  });
  app.get('/materials/holders/mine', {
    schema: { summary: 'The holders the caller acts for (a point chief: their own points, with stock or without)', tags, response: { 200: z.object({ items: z.array(ZMaterialHolder) }), ...errors } },
  }, async (req) => ({ items: await m.myHolders(user(req)) }));
  app.post('/materials/holders', {
    schema: { summary: 'The command adds a warehouse, a command post or a team as a holder of stock', tags, body: ZCreateHolderRequest, response: { 201: ZMaterialHolder, ...errors } },
  }, async (req, reply) => reply.code(201).send(await m.addHolder(user(req), req.body)));

  app.get('/materials/balances', {
    schema: { summary: 'Balances per holder and item, now or at a past time (from the ledger)', tags, querystring: ZBalancesQuery, response: { 200: ZBalances, ...errors } },
  }, async (req) => m.balances(user(req), req.query));
  app.get('/materials/holders/:id/movements', {
    schema: { summary: 'A holder\'s latest movements, newest first, with who made each and the balance after it', tags, params: ZIdParam, response: { 200: z.object({ items: z.array(ZMovementEntry) }), ...errors } },
  }, async (req) => ({ items: await m.movements(user(req), req.params.id) }));

  app.get('/materials/balances.xlsx', {
    schema: { summary: 'Balances per holder and item as an .xlsx (now, or at a past time from the ledger)', tags, querystring: ZBalancesQuery },
  }, async (req, reply) => sendDownload(reply, await m.balancesXlsx(user(req), req.query, req.locale), 'stock-balances.xlsx'));
  app.get('/materials/requests.xlsx', {
    schema: { summary: 'Materials requests as an .xlsx, one row per line, all of them', tags, querystring: ZMaterialRequestsQuery },
  }, async (req, reply) => sendDownload(reply, await m.requestsXlsx(user(req), req.query, req.locale), 'materials-requests.xlsx'));
  app.get('/materials/holders/:id/movements.xlsx', {
    schema: { summary: 'A holder\'s whole ledger as an .xlsx', tags, params: ZIdParam },
  }, async (req, reply) => sendDownload(reply, await m.movementsXlsx(user(req), req.params.id, req.locale), 'movements.xlsx'));

  app.post('/materials/receipts', {
    schema: { summary: 'Stock arrives into a holder from outside', tags, body: ZReceiveRequest, response: { 201: ZMovement, ...errors } },
  }, async (req, reply) => reply.code(201).send(await m.receive(user(req), req.body)));
  app.post('/materials/transfers', {
    schema: { summary: 'Move stock between two holders (both legs at once)', tags, body: ZTransferRequest, response: { 201: z.object({ items: z.array(ZMovement) }), ...errors } },
  }, async (req, reply) => reply.code(201).send({ items: await m.transfer(user(req), req.body) }));
  app.post('/materials/counts', {
    schema: { summary: 'A stock count: the difference is recorded as its own movement', tags, body: ZCountRequest, response: { 201: ZMovement, ...errors } },
  }, async (req, reply) => reply.code(201).send(await m.count(user(req), req.body)));
  app.post('/materials/write-offs', {
    schema: { summary: 'Write off damaged, expired or lost stock, with a reason', tags, body: ZWriteOffRequest, response: { 201: ZMovement, ...errors } },
  }, async (req, reply) => reply.code(201).send(await m.writeOff(user(req), req.body)));
  app.post('/materials/movements/:id/reverse', {
    schema: { summary: 'Correct a mistaken movement with a reversing entry', tags, params: ZIdParam, body: ZReverseRequest, response: { 201: ZMovement, ...errors } },
  }, async (req, reply) => reply.code(201).send(await m.reverse(user(req), req.params.id, req.body.reason)));

  app.get('/materials/requests', {
    schema: { summary: 'Materials requests the caller may see, soonest due first', tags, querystring: ZMaterialRequestsQuery, response: { 200: ZMaterialRequestList, ...errors } },
  }, async (req) => m.listRequests(user(req), req.query));
  app.post('/materials/requests', {
    schema: { summary: 'Request items for a point, a command post or a team (idempotent by clientId)', tags, body: ZCreateMaterialRequest, response: { 201: ZMaterialRequest, ...errors } },
  }, async (req, reply) => reply.code(201).send(await m.request(user(req), req.body)));
  app.get('/materials/requests/:id', {
    schema: { summary: 'One materials request with its lines', tags, params: ZIdParam, response: { 200: ZMaterialRequest, ...errors } },
  }, async (req) => m.getRequest(user(req), req.params.id));
  app.post('/materials/requests/:id/approve', {
    schema: { summary: 'The materials group approves each line as asked, less, or not at all', tags, params: ZIdParam, body: ZApproveMaterialRequest, response: { 200: ZMaterialRequest, ...errors } },
  }, async (req) => m.approve(user(req), req.params.id, req.body));
  app.post('/materials/requests/:id/dispatch', {
    schema: { summary: 'Pick the approved lines from a warehouse and send them (substitutes allowed)', tags, params: ZIdParam, body: ZDispatchMaterialRequest, response: { 200: ZMaterialRequest, ...errors } },
  }, async (req) => m.dispatch(user(req), req.params.id, req.body));
  app.post('/materials/requests/:id/receipt', {
    schema: { summary: 'The receiver confirms what arrived: all, part, or none of each line', tags, params: ZIdParam, body: ZReceiveMaterialRequest, response: { 200: ZMaterialRequest, ...errors } },
  }, async (req) => m.confirmReceipt(user(req), req.params.id, req.body));

  // ---- consumption from the work itself, and the shortage forecast

  app.get('/materials/consumption-rates', {
    schema: { summary: 'What each scanned tube, each swab and each member signed in to a shift uses; and how many scan submissions wait to be posted', tags, response: { 200: ZConsumptionRates, ...errors } },
  }, async (req) => {
    user(req);
    const [items, backlog] = await Promise.all([services.consumption.rates(), services.consumption.backlog()]);
    return { items, backlog };
  });
  app.post('/materials/consumption-rates', {
    schema: { summary: 'Set a consumption rate (the command; 0 stops that use)', tags, body: ZSetConsumptionRate, response: { 200: ZConsumptionRate, ...errors } },
  }, async (req) => services.consumption.setRate(user(req), req.body));
  app.post('/materials/consumption/post', {
    schema: { summary: 'Post the queued scans\' tubes and swabs now (a server also does it every few seconds)', tags, response: { 200: ZPostConsumptionResult, ...errors } },
  }, async (req) => services.consumption.postNow(user(req)));
  app.get('/materials/forecast', {
    schema: { summary: 'Every open point and item: stock, use in the last hour, hours left, what today and the round still need; the shortage list with proposed transfers', tags, querystring: ZForecastQuery, response: { 200: ZForecast, ...errors } },
  }, async (req) => services.forecast.forecast(user(req), { shortOnly: req.query.shortOnly === 'true' }));
  app.get('/materials/forecast.xlsx', {
    schema: { summary: 'The shortage list and every point × item as an .xlsx', tags },
  }, async (req, reply) => sendDownload(reply, await services.forecast.forecastXlsx(user(req), req.locale), 'shortages.xlsx'));
};
