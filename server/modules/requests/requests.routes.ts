import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import {
  ZAnswerRequest,
  ZCareRound,
  ZCareRoundQuery,
  ZCareVisitRequest,
  ZCareVisitResult,
  ZClaimRequest,
  ZClaimResult,
  ZCodeParam,
  ZCodeRequestParam,
  ZCodeSheet,
  ZHouseholdPage,
  ZIssueCodesRequest,
  ZIssueCodesResult,
  ZPublicFileRequest,
  ZRequestDetail,
  ZRequestList,
  ZRequestsQuery,
  ZRevokeCodesRequest,
  ZStaffFileRequest,
  ZYuan,
} from '../../../contracts/requests.ts';
import { ValidationError } from '../../http/errors.ts';
import { readForm } from '../../http/multipart.ts';
import type { Services } from '../../services.ts';
import { sendDownload, sendStoredFile } from '../../http/download.ts';

/** A form with at most one photo (field `photo`) and text fields; JSON bodies pass through. */
async function formWithPhoto(req: FastifyRequest) {
  const { fields, file } = await readForm(req, 'photo');
  return { fields, photo: file };
}

export const requestsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };
  const tags = ['requests'];
  const user = (req: FastifyRequest) => services.auth.requireUser(req.user);
  // Public pages behind household codes: a guesser gets few tries a minute.
  const publicRead = { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } };
  const publicWrite = { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } };
  const ZPublicRequest = ZHouseholdPage.shape.requests.element;

  app.get('/public/h/:code', {
    config: publicRead,
    schema: { summary: 'A household\'s page behind its QR code: its requests and their answers (no login). A wrong, expired or revoked code is 404.', tags, params: ZCodeParam, response: { 200: ZHouseholdPage, 404: ZError, 429: ZError } },
  }, async (req) => services.requests.householdPage(req.params.code));

  app.post('/public/h/:code/requests', {
    config: publicWrite,
    schema: { summary: 'A household files an errand, a medicine need, a question or a problem (a building code names the door)', tags, params: ZCodeParam, body: ZPublicFileRequest, response: { 201: ZPublicRequest, 400: ZError, 404: ZError, 409: ZError, 429: ZError } },
  }, async (req, reply) => reply.code(201).send(await services.requests.fileByCode(req.params.code, req.body)));

  app.post('/public/h/:code/requests/:id/confirm', {
    config: publicWrite,
    schema: { summary: 'The household confirms a delivery', tags, params: ZCodeRequestParam, response: { 200: z.object({ ok: z.literal(true) }), 400: ZError, 404: ZError, 409: ZError, 429: ZError } },
  }, async (req) => services.requests.confirmByCode(req.params.code, req.params.id));

  app.post('/household-codes', {
    schema: { summary: 'Issue household codes (户码) for a building, a grid or a risk area; live codes are kept', tags, body: ZIssueCodesRequest, response: { 200: ZIssueCodesResult, ...errors } },
  }, async (req) => services.requests.issueCodes(user(req), req.body));

  app.get('/household-codes/buildings/:id', {
    schema: { summary: 'The printable code sheet of a building: one QR per door', tags, params: ZIdParam, response: { 200: ZCodeSheet, ...errors } },
  }, async (req) => services.requests.codeSheet(user(req), req.params.id));

  app.post('/household-codes/revoke', {
    schema: { summary: 'Revoke every code of a building (a lost sheet)', tags, body: ZRevokeCodesRequest, response: { 200: z.object({ revoked: z.number().int() }), ...errors } },
  }, async (req) => services.requests.revokeCodes(user(req), req.body.buildingId));

  app.get('/requests', {
    schema: { summary: 'Requests: the board (overdue and escalated first), or a volunteer\'s own list', tags, querystring: ZRequestsQuery, response: { 200: ZRequestList, ...errors } },
  }, async (req) => services.requests.list(user(req), req.query));

  app.get('/requests.xlsx', {
    schema: { summary: 'The board as an .xlsx', tags, querystring: ZRequestsQuery },
  }, async (req, reply) => {
    return sendDownload(reply, await services.requests.exportXlsx(user(req), req.query, req.locale), 'requests.xlsx');
  });

  app.post('/requests', {
    schema: { summary: 'A grid worker or the hotline files a request for a household in their area', tags, body: ZStaffFileRequest, response: { 201: ZRequestDetail, ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.requests.file(user(req), req.body)));

  app.get('/requests/:id', {
    schema: { summary: 'One request with its history', tags, params: ZIdParam, response: { 200: ZRequestDetail, ...errors } },
  }, async (req) => services.requests.get(user(req), req.params.id));

  app.post('/requests/claim', {
    schema: { summary: 'Claim one request or a building\'s bundle; of two claims at once exactly one wins', tags, body: ZClaimRequest, response: { 200: ZClaimResult, ...errors } },
  }, async (req) => services.requests.claim(user(req), req.body.requestIds));

  app.post('/requests/:id/bought', {
    schema: { summary: 'Record the purchase: `receiptYuan` and a receipt `photo` (multipart), or JSON `{receiptYuan}`', tags, params: ZIdParam, consumes: ['multipart/form-data', 'application/json'], response: { 200: ZRequestDetail, ...errors } },
  }, async (req) => {
    const { fields, photo } = await formWithPhoto(req);
    const receipt = ZYuan.safeParse(Number(fields.receiptYuan));
    if (!fields.receiptYuan || !receipt.success) throw ValidationError('validation_failed', {}, { issues: [{ path: '/receiptYuan', message: 'a number of yuan' }] });
    return services.requests.buy(user(req), req.params.id, { receiptYuan: receipt.data, photo });
  });

  app.post('/requests/:id/delivered', {
    schema: { summary: 'Delivered, with a `photo` (multipart) or a `note` as proof', tags, params: ZIdParam, consumes: ['multipart/form-data', 'application/json'], response: { 200: ZRequestDetail, ...errors } },
  }, async (req) => {
    const { fields, photo } = await formWithPhoto(req);
    const note = fields.note?.trim().slice(0, 500) || undefined;
    return services.requests.deliver(user(req), req.params.id, { note, photo });
  });

  app.post('/requests/:id/answer', {
    schema: { summary: 'Record the answer to a question', tags, params: ZIdParam, body: ZAnswerRequest, response: { 200: ZRequestDetail, ...errors } },
  }, async (req) => services.requests.answer(user(req), req.params.id, req.body.answer));

  app.post('/requests/:id/approve-over-budget', {
    schema: { summary: 'The captain lets an errand go over its budget', tags, params: ZIdParam, response: { 200: ZRequestDetail, ...errors } },
  }, async (req) => services.requests.approveOverBudget(user(req), req.params.id));

  app.get('/requests/:id/photos/:which', {
    schema: { summary: 'A receipt or delivery photo, for those who may see the request', tags, params: ZIdParam.extend({ which: z.enum(['receipt', 'delivery']) }) },
  }, async (req, reply) => sendStoredFile(reply, await services.requests.photo(user(req), req.params.id, req.params.which)));

  app.get('/care/round', {
    schema: { summary: 'The day\'s home-care round (居家关爱) of a building in a sealed or high-risk area', tags, querystring: ZCareRoundQuery, response: { 200: ZCareRound, ...errors } },
  }, async (req) => services.requests.careRound(user(req), req.query));

  app.post('/care/visits', {
    schema: { summary: 'Record a household\'s visit and each person\'s check; anything urgent becomes a request with an owner', tags, body: ZCareVisitRequest, response: { 200: ZCareVisitResult, ...errors } },
  }, async (req) => services.requests.recordCareVisit(user(req), req.body, req.locale));
};
