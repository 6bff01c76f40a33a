import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import {
  ZAcknowledgement,
  ZAllocateRequest,
  ZAllocationDetail,
  ZAllocationList,
  ZCreateFundRequest,
  ZDonation,
  ZDonationList,
  ZDonationRequest,
  ZExpenditure,
  ZExpenditureRequest,
  ZFund,
  ZFundList,
  ZFundReport,
  ZPublicDonations,
  ZReceiptFile,
  ZReverseRequest,
} from '../../../contracts/funds.ts';
import { readForm } from '../../http/multipart.ts';
import type { Services } from '../../services.ts';
import { sendDownload, sendStoredFile } from '../../http/download.ts';

export const fundsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };
  const tags = ['funds'];
  const user = (req: FastifyRequest) => services.auth.requireUser(req.user);

  app.get('/public/donations', {
    config: { public: true },
    schema: { summary: 'Donations received and where they went (no login; a person\'s name masked)', tags, response: { 200: ZPublicDonations } },
  }, async () => services.funds.publicDonations());

  app.get('/funds', {
    schema: { summary: 'Special party-fee funds the caller may see, with totals', tags, response: { 200: ZFundList, ...errors } },
  }, async (req) => services.funds.listFunds(user(req)));

  app.post('/funds', {
    schema: { summary: 'Set up a fund (a batch of special party fees), in fen', tags, body: ZCreateFundRequest, response: { 201: ZFund, ...errors } },
  }, async (req, reply) => {
    const fund = await services.funds.createFund(user(req), req.body);
    return reply.code(201).send((await services.funds.listFunds(user(req))).items.find((f) => f.id === fund.id)!);
  });

  app.get('/funds/:id/report', {
    schema: { summary: 'The fund\'s report: allocated, spent by category, remaining, per unit', tags, params: ZIdParam, response: { 200: ZFundReport, ...errors } },
  }, async (req) => services.funds.report(user(req), req.params.id));

  app.get('/funds/:id/report.xlsx', {
    schema: { summary: 'The fund\'s report as an .xlsx', tags, params: ZIdParam },
  }, async (req, reply) => {
    return sendDownload(reply, await services.funds.reportXlsx(user(req), req.params.id, req.locale), 'fund-report.xlsx');
  });

  app.post('/funds/:id/allocations', {
    schema: { summary: 'Allocate part of a fund to a town, a party branch or a volunteer team', tags, params: ZIdParam, body: ZAllocateRequest, response: { 201: ZAllocationDetail, ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.funds.allocate(user(req), req.params.id, req.body)));

  app.get('/fund-allocations', {
    schema: { summary: 'Allocations the caller spends from or sees, with balances', tags, querystring: z.object({ fundId: z.coerce.number().int().positive().optional() }), response: { 200: ZAllocationList, ...errors } },
  }, async (req) => services.funds.myAllocations(user(req), req.query.fundId));

  app.get('/fund-allocations/:id', {
    schema: { summary: 'One allocation: balance and expenditures', tags, params: ZIdParam, response: { 200: ZAllocationDetail, ...errors } },
  }, async (req) => services.funds.allocation(user(req), req.params.id));

  app.post('/fund-allocations/:id/expenditures', {
    schema: { summary: 'Record an expenditure with its receipts (allowed uses only, within the balance)', tags, params: ZIdParam, body: ZExpenditureRequest, response: { 201: ZExpenditure, ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.funds.spend(user(req), req.params.id, req.body)));

  app.post('/fund-expenditures/:id/reverse', {
    schema: { summary: 'Correct an expenditure by a reversing entry (nothing is deleted)', tags, params: ZIdParam, body: ZReverseRequest, response: { 201: ZExpenditure, ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.funds.reverse(user(req), req.params.id, req.body)));

  app.post('/fund-expenditures/:id/receipts', {
    schema: {
      summary: 'Attach a receipt to an expenditure: multipart field `file`, a JPEG, PNG or WebP photo or a PDF (checked by its bytes), at most 10 MB. Never removed.',
      tags, params: ZIdParam, consumes: ['multipart/form-data'], response: { 201: ZReceiptFile, ...errors },
    },
  }, async (req, reply) => {
    const { file } = await readForm(req, 'file');
    return reply.code(201).send(await services.funds.attachReceipt(user(req), req.params.id, file));
  });

  app.get('/fund-receipts/:id', {
    schema: { summary: 'A receipt file with its type, for those who may see its allocation (404 otherwise)', tags, params: ZIdParam },
  }, async (req, reply) => sendStoredFile(reply, await services.funds.receiptFile(user(req), req.params.id)));

  app.get('/donations', {
    schema: { summary: 'Every donation (the command)', tags, response: { 200: ZDonationList, ...errors } },
  }, async (req) => services.funds.listDonations(user(req)));

  app.post('/donations', {
    schema: { summary: 'Record a donation: money into a fund or items into a warehouse', tags, body: ZDonationRequest, response: { 201: ZDonation, ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.funds.recordDonation(user(req), req.body)));

  app.get('/donations/:id/acknowledgement', {
    schema: { summary: 'The printable acknowledgement of a donation, with its number', tags, params: ZIdParam, response: { 200: ZAcknowledgement, ...errors } },
  }, async (req) => services.funds.acknowledgement(user(req), req.params.id, req.locale));
};
