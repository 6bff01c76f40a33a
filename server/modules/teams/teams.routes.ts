import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZError, ZIdParam } from '../../../contracts/common.ts';
import {
  ZAddMemberRequest,
  ZCreateSquadRequest,
  ZCreateTeamRequest,
  ZJoinOptions,
  ZMemberParams,
  ZMoveMemberRequest,
  ZMyShifts,
  ZOnDuty,
  ZPostList,
  ZPostParams,
  ZRejectSignupRequest,
  ZScheduleShiftRequest,
  ZShift,
  ZSignupReceipt,
  ZSignupRequest,
  ZTeamDetail,
  ZTeamList,
} from '../../../contracts/teams.ts';
import type { Services } from '../../services.ts';

export const teamsRoutes = (services: Services, opts: { signupRateLimit?: number } = {}): FastifyPluginAsyncZod => async (app) => {
  const errors = { 400: ZError, 401: ZError, 403: ZError, 404: ZError, 409: ZError };
  const tags = ['teams'];
  const ok = z.object({ ok: z.literal(true) });

  app.get('/public/join', {
    config: { public: true },
    schema: { summary: 'What the volunteer sign-up page offers: teams, and towns with their communities (no login)', tags, response: { 200: ZJoinOptions } },
  }, async () => services.teams.joinOptions());

  app.post('/public/signups', {
    // Per address: a form resent on a bad signal is fine, a script filling the list is not.
    config: { public: true, rateLimit: { max: opts.signupRateLimit ?? 30, timeWindow: '1 minute' } },
    schema: { summary: 'Sign up as a volunteer (no login); the same clientId twice registers once', tags, body: ZSignupRequest, response: { 201: ZSignupReceipt, 400: ZError, 409: ZError, 429: ZError } },
  }, async (req, reply) => reply.code(201).send(await services.teams.signUp(req.body)));

  app.get('/teams', {
    schema: { summary: 'Volunteer teams whose area holds or lies in the caller\'s scope: captain, squads, members, hours', tags, response: { 200: ZTeamList, ...errors } },
  }, async (req) => services.teams.list(services.auth.requireUser(req.user)));

  app.post('/teams', {
    schema: { summary: 'Set up a volunteer team (the command)', tags, body: ZCreateTeamRequest, response: { 201: ZTeamDetail, ...errors } },
  }, async (req, reply) => {
    const team = await services.teams.create(services.auth.requireUser(req.user), req.body);
    return reply.code(201).send(await services.teams.get(services.auth.requireUser(req.user), team.id));
  });

  app.get('/teams/:id', {
    schema: { summary: 'One team: squads, members, pending sign-ups, shifts and hours', tags, params: ZIdParam, response: { 200: ZTeamDetail, ...errors } },
  }, async (req) => services.teams.get(services.auth.requireUser(req.user), req.params.id));

  app.post('/teams/:id/squads', {
    schema: { summary: 'Add a squad to a team (the command)', tags, params: ZIdParam, body: ZCreateSquadRequest, response: { 201: ZTeamDetail, ...errors } },
  }, async (req, reply) => {
    await services.teams.createSquad(services.auth.requireUser(req.user), req.params.id, req.body);
    return reply.code(201).send(await services.teams.get(services.auth.requireUser(req.user), req.params.id));
  });

  app.post('/teams/:id/members', {
    schema: { summary: 'Add a person to the team (its captain or the command); one team at a time', tags, params: ZIdParam, body: ZAddMemberRequest, response: { 201: ZTeamDetail, ...errors } },
  }, async (req, reply) => {
    await services.teams.addMember(services.auth.requireUser(req.user), req.params.id, req.body);
    return reply.code(201).send(await services.teams.get(services.auth.requireUser(req.user), req.params.id));
  });

  app.post('/teams/:id/members/:memberId/move', {
    schema: { summary: 'Move a member to another squad of the team, or to its reserve', tags, params: ZMemberParams, body: ZMoveMemberRequest, response: { 200: ZTeamDetail, ...errors } },
  }, async (req) => {
    await services.teams.moveMember(services.auth.requireUser(req.user), req.params.id, req.params.memberId, req.body.squadId);
    return services.teams.get(services.auth.requireUser(req.user), req.params.id);
  });

  app.post('/teams/:id/members/:memberId/leave', {
    schema: { summary: 'A member leaves the team (the row is ended, not deleted)', tags, params: ZMemberParams, response: { 200: ZTeamDetail, ...errors } },
  }, async (req) => {
    await services.teams.removeMember(services.auth.requireUser(req.user), req.params.id, req.params.memberId);
    return services.teams.get(services.auth.requireUser(req.user), req.params.id);
  });

  app.post('/signups/:id/approve', {
    schema: { summary: 'Approve a sign-up (18 or over, trained): the person joins the team', tags, params: ZIdParam, response: { 200: ok, ...errors } },
  }, async (req) => {
    await services.teams.approve(services.auth.requireUser(req.user), req.params.id);
    return { ok: true as const };
  });

  app.post('/signups/:id/reject', {
    schema: { summary: 'Reject a sign-up with a reason', tags, params: ZIdParam, body: ZRejectSignupRequest, response: { 200: ok, ...errors } },
  }, async (req) => {
    await services.teams.reject(services.auth.requireUser(req.user), req.params.id, req.body.reason);
    return { ok: true as const };
  });

  app.get('/teams/:id/posts', {
    schema: { summary: 'Posts a team may work at: points, checkpoints and command posts in its area', tags, params: ZIdParam, response: { 200: ZPostList, ...errors } },
  }, async (req) => services.teams.posts(services.auth.requireUser(req.user), req.params.id));

  app.post('/teams/:id/shifts', {
    schema: { summary: 'Schedule members of the team onto a shift at a post (its captain or the command)', tags, params: ZIdParam, body: ZScheduleShiftRequest, response: { 201: ZShift, ...errors } },
  }, async (req, reply) => reply.code(201).send(await services.teams.scheduleShift(services.auth.requireUser(req.user), req.params.id, req.body)));

  app.get('/my/shifts', {
    schema: { summary: 'The caller\'s recent and coming shifts, and hours', tags, response: { 200: ZMyShifts, ...errors } },
  }, async (req) => services.teams.myShifts(services.auth.requireUser(req.user)));

  app.post('/shifts/:id/sign-in', {
    schema: { summary: 'Sign in to one\'s shift (again is a no-op; one live sign-in at a time)', tags, params: ZIdParam, response: { 200: ok, ...errors } },
  }, async (req) => {
    await services.teams.signIn(services.auth.requireUser(req.user), req.params.id);
    return { ok: true as const };
  });

  app.post('/shifts/:id/sign-out', {
    schema: { summary: 'Sign out of one\'s shift (again is a no-op)', tags, params: ZIdParam, response: { 200: ok, ...errors } },
  }, async (req) => {
    await services.teams.signOut(services.auth.requireUser(req.user), req.params.id);
    return { ok: true as const };
  });

  app.get('/posts/:postType/:postId/on-duty', {
    schema: { summary: 'Who is signed in at a post now', tags, params: ZPostParams, response: { 200: ZOnDuty, ...errors } },
  }, async (req) => services.teams.onDuty(services.auth.requireUser(req.user), req.params.postType, req.params.postId));
};
