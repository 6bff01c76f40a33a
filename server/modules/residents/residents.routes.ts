import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import {
  ZImportKind,
  ZImportQuery,
  ZImportReport,
  ZMaskedResident,
  ZResidentSearchQuery,
  ZResidentSearchResult,
  ZRevealedResident,
  ZTemplateQuery,
} from '../../../contracts/residents.ts';
import { ValidationError } from '../../http/errors.ts';
import type { Services } from '../../services.ts';
import { sendDownload, XLSX_TYPE } from '../../http/download.ts';

const ZKindParam = z.object({ kind: ZImportKind });

export const residentsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError };

  app.get('/', {
    schema: { summary: 'Search residents by ID number, mobile number or name (masked)', tags: ['residents'], querystring: ZResidentSearchQuery, response: { 200: ZResidentSearchResult, ...errors } },
  }, async (req) => services.residents.search(services.auth.requireUser(req.user), req.query));

  app.get('/import/:kind/template', {
    schema: { summary: 'Download the import template (.xlsx or .csv)', tags: ['import'], params: ZKindParam, querystring: ZTemplateQuery },
  }, async (req, reply) => {
    const { kind } = req.params;
    const { format, locale } = req.query;
    const body = await services.residents.template(kind, format, locale ?? req.locale);
    const filename = `${kind === 'residents' ? '居民导入模板' : '区域导入模板'}.${format}`;
    return sendDownload(reply, { data: body, filename }, `${kind}-template.${format}`, format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8');
  });

  app.post('/import/:kind', {
    schema: {
      summary: 'Import residents or regions from an .xlsx or .csv file (multipart field `file`). A file with any bad row imports nothing: 422 lists every bad row.',
      tags: ['import'],
      consumes: ['multipart/form-data'],
      params: ZKindParam,
      querystring: ZImportQuery,
      response: { 200: ZImportReport, 422: ZError, ...errors },
    },
  }, async (req) => {
    const user = services.auth.requireUser(req.user);
    const file = req.isMultipart() ? await req.file() : undefined;
    if (!file) throw ValidationError('file_required');
    const data = await file.toBuffer();
    return services.residents.importFile(user, req.params.kind, { filename: file.filename, data, dryRun: req.query.dryRun, locale: req.locale });
  });

  app.get('/:id', {
    schema: { summary: 'One resident (masked)', tags: ['residents'], params: ZIdParam, response: { 200: ZMaskedResident, ...errors } },
  }, async (req) => services.residents.get(services.auth.requireUser(req.user), req.params.id));

  app.post('/:id/reveal', {
    schema: { summary: 'The full ID number and phone; for roles that need them, and audited', tags: ['residents'], params: ZIdParam, response: { 200: ZRevealedResident, ...errors } },
  }, async (req) => services.residents.reveal(services.auth.requireUser(req.user), req.params.id));
};
