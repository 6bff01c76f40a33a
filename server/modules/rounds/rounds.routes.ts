import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import {
  ZCoverageQuery,
  ZGeneratedHomeTasks,
  ZHomeTasks,
  ZHomeTasksQuery,
  ZHandOffRequest,
  ZHandOffResult,
  ZHomeSquads,
  ZRecalls,
  ZResultsReport,
  ZResultsRequest,
  ZSweepContactRequest,
  ZCoverageReport,
  ZOpenRoundRequest,
  ZPointCoverage,
  ZRecordExemptionRequest,
  ZRound,
  ZScanBatch,
  ZScanResult,
  ZUntestedList,
  ZUntestedQuery,
} from '../../../contracts/rounds.ts';
import { ValidationError } from '../../http/errors.ts';
import type { Services } from '../../services.ts';
import { sendDownload } from '../../http/download.ts';

/** A live view's heartbeat: proxies close idle streams, and the page learns the link is up. */
const HEARTBEAT_MS = 15_000;

export const roundsRoutes = (services: Services): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };
  const tags = ['rounds'];
  // A stream never ends by itself: on shutdown end them, or closing the server would wait for every open board.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });
  const user = (req: { user?: Parameters<Services['auth']['requireUser']>[0] }) => services.auth.requireUser(req.user);

  app.get('/responses/:id/rounds', {
    schema: { summary: 'Rounds of a response with their coverage', tags, params: ZIdParam, response: { 200: z.array(ZRound), ...errors } },
  }, async (req) => {
    user(req);
    return services.rounds.list(req.params.id);
  });

  app.post('/responses/:id/rounds', {
    schema: { summary: 'Open a round over regions and risk areas, with a window and pool sizes by risk level', tags, params: ZIdParam, body: ZOpenRoundRequest, response: { 201: ZRound, ...errors } },
  }, async (req, reply) => {
    const round = await services.rounds.open(user(req), req.params.id, req.body);
    return reply.code(201).send(await services.rounds.get(round.id));
  });

  app.get('/rounds/:id', {
    schema: { summary: 'One round with its coverage', tags, params: ZIdParam, response: { 200: ZRound, ...errors } },
  }, async (req) => {
    user(req);
    return services.rounds.get(req.params.id);
  });

  app.post('/rounds/:id/close', {
    schema: { summary: 'Close a round', tags, params: ZIdParam, response: { 200: ZRound, ...errors } },
  }, async (req) => services.rounds.close(user(req), req.params.id));

  app.post('/rounds/:id/scans', {
    schema: {
      summary: 'Ingest tubes with the people swabbed into each; idempotent by submissionId, all or nothing',
      description: 'A resend of a received submissionId answers 200 with `replay: true` and counts nothing again. A malformed batch is a 400 whose details.problems name each tube and field; a tube or person already in the round is a 409 naming them.',
      tags, params: ZIdParam, body: ZScanBatch, response: { 200: ZScanResult, 201: ZScanResult, ...errors },
    },
  }, async (req, reply) => {
    const result = await services.rounds.ingest(user(req), req.params.id, req.body, req.locale);
    return reply.code(result.replay ? 200 : 201).send(result);
  });

  app.post('/rounds/:id/exemptions', {
    schema: { summary: 'Record that a resident need not be tested this round, and why', tags, params: ZIdParam, body: ZRecordExemptionRequest, response: { 201: z.object({ residentId: z.number().int() }), ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.rounds.exempt(user(req), req.params.id, req.body)));

  app.get('/rounds/:id/coverage', {
    schema: { summary: 'Share tested of those who should be, by the parts of a region (from the counters)', tags, params: ZIdParam, querystring: ZCoverageQuery, response: { 200: ZCoverageReport, ...errors } },
  }, async (req) => services.rounds.coverage(user(req), req.params.id, req.query));

  app.get('/rounds/:id/points', {
    schema: { summary: 'Tubes and persons per sampling point', tags, params: ZIdParam, response: { 200: ZPointCoverage, ...errors } },
  }, async (req) => {
    user(req);
    return services.rounds.pointCoverage(req.params.id);
  });

  app.get('/rounds/:id/untested', {
    schema: { summary: 'Who in a grid or building has not been tested this round (the sweep list)', tags, params: ZIdParam, querystring: ZUntestedQuery, response: { 200: ZUntestedList, ...errors } },
  }, async (req) => services.rounds.untested(user(req), req.params.id, req.query));

  app.get('/rounds/:id/untested.xlsx', {
    schema: { summary: 'The untested list of a grid or building as an .xlsx for a sweep team', tags, params: ZIdParam, querystring: ZUntestedQuery },
  }, async (req, reply) => {
    return sendDownload(reply, await services.rounds.untestedXlsx(user(req), req.params.id, req.query, req.locale), 'untested.xlsx');
  });

  app.post('/rounds/:id/contacts', {
    schema: { summary: 'Record a door knock or phone call to an untested person and its outcome (扫楼, follow-up)', tags, params: ZIdParam, body: ZSweepContactRequest, response: { 201: z.object({ ok: z.literal(true) }), ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.rounds.contact(user(req), req.params.id, req.body)));

  app.post('/rounds/:id/home-tasks/generate', {
    schema: { summary: 'Open home-sampling tasks for those who cannot come: sealed and high-risk areas, bedridden, disabled, 80 or older', tags, params: ZIdParam, response: { 200: ZGeneratedHomeTasks, ...errors } },
  }, async (req) => services.rounds.generateHomeTasks(user(req), req.params.id));

  app.get('/rounds/:id/home-tasks', {
    schema: { summary: 'Home-sampling tasks by building, urgent first (上门采样)', tags, params: ZIdParam, querystring: ZHomeTasksQuery, response: { 200: ZHomeTasks, ...errors } },
  }, async (req) => services.rounds.homeTasks(user(req), req.params.id, req.query));

  app.get('/rounds/:id/home-squads', {
    schema: { summary: 'Door-to-door squads of the volunteer teams, those working in the caller\'s area first', tags, params: ZIdParam, response: { 200: ZHomeSquads, ...errors } },
  }, async (req) => services.rounds.homeSquads(user(req), req.params.id));

  app.post('/rounds/:id/home-tasks/hand-off', {
    schema: { summary: 'Hand the open home-sampling tasks of some buildings to a door-to-door squad of a volunteer team', tags, params: ZIdParam, body: ZHandOffRequest, response: { 200: ZHandOffResult, ...errors } },
  }, async (req) => services.rounds.handOffHomeTasks(user(req), req.params.id, req.body));

  app.post('/rounds/:id/results', {
    schema: {
      summary: 'Record lab results: JSON `{results:[{code,result}]}` or a result file (.xlsx/.csv, multipart field `file`, columns 管码 and 结果). A positive pool recalls its people for single-tube retests.',
      tags, params: ZIdParam, response: { 200: ZResultsReport, ...errors },
    },
  }, async (req) => {
    const actor = user(req);
    let results;
    if (req.isMultipart()) {
      const file = await req.file();
      if (!file) throw ValidationError('file_required');
      results = await services.rounds.resultsFromFile(file.filename, await file.toBuffer());
    } else {
      const parsed = ZResultsRequest.safeParse(req.body);
      if (!parsed.success) throw ValidationError('validation_failed', {}, { issues: parsed.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message })) });
      results = parsed.data.results;
    }
    return services.rounds.recordResults(actor, req.params.id, results, req.locale);
  });

  app.get('/rounds/:id/recalls', {
    schema: { summary: 'People recalled from positive pools and their retests', tags, params: ZIdParam, response: { 200: ZRecalls, ...errors } },
  }, async (req) => services.rounds.recalls(user(req), req.params.id));

  app.get('/rounds/:id/events', {
    schema: { summary: 'Server-Sent Events: `scan` whenever counts of this round change (grids, point)', tags, params: ZIdParam },
  }, async (req, reply) => {
    user(req);
    await services.rounds.assertExists(req.params.id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const unsubscribe = services.rounds.events.subscribe(String(req.params.id), (event) => {
      res.write(`event: scan\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    streams.add(res);
    req.raw.on('close', () => {
      clearInterval(beat);
      unsubscribe();
      streams.delete(res);
    });
  });

};
