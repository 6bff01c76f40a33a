import { maskPhone } from '../../../contracts/idcard.ts';
import type {
  TAddMemberRequest,
  TCreateSquadRequest,
  TCreateTeamRequest,
  TJoinOptions,
  TMyShifts,
  TOnDuty,
  TPost,
  TScheduleShiftRequest,
  TShift,
  TSignup,
  TSignupReceipt,
  TSignupRequest,
  TTeamDetail,
  TTeamSummary,
} from '../../../contracts/teams.ts';
import type { Database, Db } from '../../db/index.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/bulk.ts';
import { Conflict, Forbidden, NotFound, ValidationError } from '../../http/errors.ts';
import { label } from '../../i18n.ts';
import type { AssignmentsService } from '../assignments/assignments.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { assertRole, inScope, mayCommand, type SessionUser } from '../auth/scope.ts';
import { findPerson } from '../people/people.repository.ts';
import { findRegion } from '../regions/regions.repository.ts';
import {
  decideSignup,
  endMember,
  findLiveMembership,
  findLiveSignIn,
  findMember,
  findPost,
  findShift,
  findShiftMember,
  findSignup,
  findSquad,
  findTeam,
  findVolunteerByPhone,
  insertMember,
  insertShift,
  insertShiftMembers,
  insertSignupOnce,
  insertSquad,
  insertTeam,
  insertVolunteer,
  listMemberRows,
  listOnDuty,
  listPendingSignups,
  listPosts,
  listShiftMembers,
  listShiftRows,
  listSquadRows,
  listTeamNames,
  listTeamRows,
  listTownsAndCommunities,
  lockVolunteerPhone,
  liveMemberIds,
  moveMember,
  personHours,
  signIn,
  signOut,
  type SignupRecord,
  type TeamRow,
} from './teams.repository.ts';

/** China Standard Time has no daylight saving: the district's calendar day is the UTC+8 date. */
const DISTRICT_OFFSET_MS = 8 * 3600_000;
export const districtDate = (at: Date) => new Date(at.getTime() + DISTRICT_OFFSET_MS).toISOString().slice(0, 10);

/** Whole years from a `YYYY-MM-DD` birth date to a `YYYY-MM-DD` day (a 29 February birthday comes on 1 March). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export const MIN_VOLUNTEER_AGE = 18;
/** A member may sign in this long before the shift starts. */
const EARLY_SIGN_IN_MS = 60 * 60_000;
/** Shifts shown: those that ended less than this ago, and all coming ones. */
const RECENT_MS = 24 * 3600_000;

const iso = (v: Date | string) => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));
const round2 = (h: number) => Math.round(Number(h) * 100) / 100;

/** Two regions are related when one contains the other: a captain of a town sees district-wide teams too. */
const related = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/**
 * 志愿服务队: teams, squads and members; public sign-ups approved by the captain or the community;
 * shifts at posts with sign-in and sign-out on the member's phone, and the hours they add up to.
 */
/** What a member signed in to a shift uses (materials posts the kit in the sign-in's transaction). */
export interface ShiftKit {
  postShiftKit(d: Db, shiftId: number, personId: number, at: Date, by: number | null): Promise<number>;
}

export function teamsService(database: Database, audit: AuditService, assignments: AssignmentsService, now: () => Date = () => new Date(), kit?: ShiftKit) {
  const { db } = database;

  async function teamOf(id: number) {
    const found = await findTeam(db, id);
    if (!found) throw NotFound();
    return found;
  }

  async function captainOf(teamId: number) {
    return (await assignments.holders('team', [teamId])).get(teamId)?.find((h) => h.role === 'team_captain') ?? null;
  }

  /** The command in its scope; the team's own captain. */
  async function mayManage(user: SessionUser, team: { team: { id: number }; path: string }) {
    if (mayCommand(user)) return related(user.scopePath, team.path);
    if (user.role !== 'team_captain' || user.personId === null) return false;
    return (await captainOf(team.team.id))?.personId === user.personId;
  }

  async function assertMayManage(user: SessionUser | null, team: { team: { id: number }; path: string }) {
    if (user && !(await mayManage(user, team))) throw Forbidden();
  }

  async function summaries(rows: TeamRow[]): Promise<TTeamSummary[]> {
    const ids = rows.map((r) => r.id);
    const [squads, captains] = await Promise.all([listSquadRows(db, ids), assignments.holders('team', ids)]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      parentUnit: r.parentUnit,
      region: { id: r.regionId, name: r.regionName },
      captain: captains.get(r.id)?.find((h) => h.role === 'team_captain') ?? null,
      members: r.members,
      squads: squads
        .filter((s) => s.teamId === r.id)
        .map((s) => ({ id: s.id, name: s.name, kind: s.kind, region: s.regionId ? { id: s.regionId, name: s.regionName! } : null, members: s.members, needed: s.needed })),
      hours: round2(r.hours),
      pendingSignups: r.pending,
    }));
  }

  async function presentShifts(rows: Awaited<ReturnType<typeof listShiftRows>>): Promise<TShift[]> {
    const members = await listShiftMembers(db, rows.map((r) => r.id));
    return rows.map((s) => ({
      id: s.id,
      teamId: s.teamId,
      teamName: s.teamName,
      postType: s.postType,
      postId: s.postId,
      postName: s.postName,
      startsAt: iso(s.startsAt),
      endsAt: iso(s.endsAt),
      members: members.filter((m) => m.shiftId === s.id).map((m) => ({ personId: m.personId, name: m.name, signedInAt: isoOrNull(m.signedInAt), signedOutAt: isoOrNull(m.signedOutAt) })),
    }));
  }

  function presentSignup(s: SignupRecord, homeName: string): TSignup {
    return {
      id: s.id,
      name: s.name,
      phone: maskPhone(s.phone)!,
      birthDate: s.birthDate,
      age: ageOn(s.birthDate, districtDate(now())),
      partyMember: s.partyMember,
      homeCommunity: homeName,
      skills: s.skills,
      availability: s.availability,
      trained: s.trained,
      status: s.status,
      rejectReason: s.rejectReason,
      createdAt: iso(s.createdAt),
    };
  }

  /** A member of the team: the person exists and is not in another team (the unique index decides races). */
  async function addMember(tx: Db, teamId: number, req: TAddMemberRequest) {
    try {
      return await insertMember(tx, { teamId, personId: req.personId, squadId: req.squadId, skills: req.skills, availability: req.availability, trained: req.trained, joinedAt: now() });
    } catch (err) {
      if (sqlState(err) !== UNIQUE_VIOLATION) throw err;
      const other = await findLiveMembership(db, req.personId);
      throw Conflict('already_in_team', { team: other?.teamName ?? '' });
    }
  }

  async function squadOfTeam(teamId: number, squadId: number | null) {
    if (squadId === null) return;
    const squad = await findSquad(db, squadId);
    if (!squad || squad.teamId !== teamId) throw ValidationError('squad_not_of_team');
  }

  return {
    /** Teams whose area contains the caller's scope or lies in it. */
    async list(user: SessionUser): Promise<{ items: TTeamSummary[] }> {
      const rows = await listTeamRows(db, user.scopePath, now());
      // A member sees his own team too, wherever it works (the errand squad sent into another town).
      const own = await ownTeamId(user);
      if (own && !rows.some((r) => r.id === own)) rows.unshift(...(await listTeamRows(db, '/', now(), own)));
      return { items: await summaries(rows) };
    },

    async get(user: SessionUser, id: number): Promise<TTeamDetail> {
      const team = await teamOf(id);
      if (!related(user.scopePath, team.path) && (await ownTeamId(user)) !== id) throw Forbidden();
      const [row] = await listTeamRows(db, '/', now(), id);
      const [summary] = await summaries([row]);
      const manage = await mayManage(user, team);
      const [roster, signups, shifts] = await Promise.all([
        listMemberRows(db, id, now()),
        manage || mayDecideSome(user) ? listPendingSignups(db, id) : Promise.resolve([]),
        listShiftRows(db, { teamId: id, since: new Date(now().getTime() - RECENT_MS) }),
      ]);
      return {
        ...summary,
        roster: roster.map((m) => ({ ...m, phone: maskPhone(m.phone), joinedAt: iso(m.joinedAt), hours: round2(m.hours) })),
        signups: signups.filter((s) => manage || mayDecideAsCommunity(user, s.homePath)).map((s) => presentSignup(s.signup, s.homeName)),
        shifts: await presentShifts(shifts),
        mayManage: manage,
        mayCommand: mayCommand(user) && related(user.scopePath, team.path),
      };
    },

    async create(actor: SessionUser | null, req: TCreateTeamRequest) {
      if (actor) assertRole(actor, mayCommand);
      const region = await findRegion(db, req.regionId);
      if (!region || (region.level !== 'town' && region.level !== 'district')) throw ValidationError('team_region_level');
      if (actor && !inScope(actor, region.path)) throw Forbidden();
      try {
        const team = await insertTeam(db, req);
        await audit.record({ userId: actor?.id ?? null, action: 'create_team', subjectType: 'team', subjectId: String(team.id), details: { before: null, after: team } });
        return team;
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('team_name_taken', { name: req.name });
        throw err;
      }
    },

    async createSquad(actor: SessionUser | null, teamId: number, req: TCreateSquadRequest) {
      const team = await teamOf(teamId);
      if (actor) {
        assertRole(actor, mayCommand);
        if (!related(actor.scopePath, team.path)) throw Forbidden();
      }
      if (req.regionId !== null) {
        const region = await findRegion(db, req.regionId);
        if (!region || !region.path.startsWith(team.path)) throw ValidationError('squad_region_outside');
      }
      try {
        const squad = await insertSquad(db, { teamId, name: req.name, kind: req.kind, regionId: req.regionId, needed: req.needed });
        await audit.record({ userId: actor?.id ?? null, action: 'create_squad', subjectType: 'team', subjectId: String(teamId), details: { before: null, after: squad } });
        return squad;
      } catch (err) {
        if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('squad_name_taken', { name: req.name });
        throw err;
      }
    },

    /** A captain (or the command) adds a person to the team; a person is in one team at a time. */
    async addMember(actor: SessionUser | null, teamId: number, req: TAddMemberRequest) {
      const team = await teamOf(teamId);
      await assertMayManage(actor, team);
      if (!(await findPerson(db, req.personId))) throw ValidationError('person_not_found');
      await squadOfTeam(teamId, req.squadId);
      const member = await addMember(db, teamId, req);
      await audit.record({ userId: actor?.id ?? null, action: 'add_team_member', subjectType: 'team', subjectId: String(teamId), details: { before: null, after: member } });
      return member;
    },

    /** Moves a member to another squad of the same team, or to the reserve. */
    async moveMember(actor: SessionUser | null, teamId: number, memberId: number, squadId: number | null) {
      const team = await teamOf(teamId);
      await assertMayManage(actor, team);
      const before = await findMember(db, memberId);
      if (!before || before.teamId !== teamId) throw NotFound();
      await squadOfTeam(teamId, squadId);
      const after = await moveMember(db, memberId, squadId);
      if (!after) throw Conflict('member_left');
      await audit.record({ userId: actor?.id ?? null, action: 'move_team_member', subjectType: 'team', subjectId: String(teamId), details: { before, after } });
      return after;
    },

    /** A member leaves: the row is ended, never deleted. */
    async removeMember(actor: SessionUser | null, teamId: number, memberId: number) {
      const team = await teamOf(teamId);
      await assertMayManage(actor, team);
      const before = await findMember(db, memberId);
      if (!before || before.teamId !== teamId) throw NotFound();
      const after = await endMember(db, memberId, now());
      if (!after) throw Conflict('member_left');
      await audit.record({ userId: actor?.id ?? null, action: 'remove_team_member', subjectType: 'team', subjectId: String(teamId), details: { before, after } });
      return after;
    },

    // ---- sign-ups --------------------------------------------------------------------------------

    /** What the public sign-up page offers. */
    async joinOptions(): Promise<TJoinOptions> {
      const [teams, regions] = await Promise.all([listTeamNames(db), listTownsAndCommunities(db)]);
      return {
        teams,
        towns: regions.filter((r) => r.level === 'town').map((t) => ({ id: t.id, name: t.name, communities: regions.filter((c) => c.parentId === t.id).map((c) => ({ id: c.id, name: c.name })) })),
      };
    },

    /** A public sign-up (no login); the same client id twice records it once. */
    async signUp(req: TSignupRequest): Promise<TSignupReceipt> {
      const team = await findTeam(db, req.teamId);
      if (!team) throw ValidationError('team_not_found');
      const home = await findRegion(db, req.homeCommunityId);
      if (!home || home.level !== 'community') throw ValidationError('home_not_community');
      if (req.birthDate > districtDate(now())) throw ValidationError('birth_future');
      const row = await insertSignupOnce(db, { ...req, skills: [...new Set(req.skills)], availability: req.availability });
      if (row.phone !== req.phone || row.teamId !== req.teamId) throw Conflict('signup_id_reused');
      return { id: row.id, status: row.status, teamName: team.team.name };
    },

    /** Approves a sign-up: 18 or over on the district's calendar and trained; the person and the membership in one transaction. */
    async approve(actor: SessionUser, signupId: number) {
      const found = await findSignup(db, signupId);
      if (!found) throw NotFound();
      await assertMayDecide(actor, found.signup.teamId, found.homePath);
      const s = found.signup;
      if (s.status !== 'pending') throw Conflict('signup_decided');
      const age = ageOn(s.birthDate, districtDate(now()));
      if (age < MIN_VOLUNTEER_AGE) throw ValidationError('signup_under_age', { name: s.name, age, min: MIN_VOLUNTEER_AGE });
      if (!s.trained) throw ValidationError('signup_not_trained', { name: s.name });
      const at = now();
      const result = await database.transaction(async (tx) => {
        // The same person signing up again (same phone) keeps their people row; one team at a time still holds.
        // Two approvals of the same phone at once take turns, so the person is made once.
        await lockVolunteerPhone(tx.db, s.phone);
        const known = await findVolunteerByPhone(tx.db, s.phone);
        const current = known ? await findLiveMembership(tx.db, known) : undefined;
        if (current) throw Conflict('already_in_team', { team: current.teamName });
        const personId = known ?? (await insertVolunteer(tx.db, { name: s.name, phone: s.phone, partyMember: s.partyMember, homeCommunityId: s.homeCommunityId }));
        const decided = await decideSignup(tx.db, s.id, { status: 'approved', by: actor.id, at, personId });
        if (!decided) throw Conflict('signup_decided');
        try {
          const member = await insertMember(tx.db, { teamId: s.teamId, personId, squadId: null, skills: s.skills, availability: s.availability, trained: s.trained, joinedAt: at });
          return { signup: decided, member };
        } catch (err) {
          if (sqlState(err) === UNIQUE_VIOLATION) throw Conflict('already_in_a_team');
          throw err;
        }
      });
      await audit.record({ userId: actor.id, action: 'approve_signup', subjectType: 'volunteer_signup', subjectId: String(s.id), details: { before: s, after: result.signup } });
      return result;
    },

    async reject(actor: SessionUser, signupId: number, reason: string) {
      const found = await findSignup(db, signupId);
      if (!found) throw NotFound();
      await assertMayDecide(actor, found.signup.teamId, found.homePath);
      const decided = await decideSignup(db, signupId, { status: 'rejected', by: actor.id, at: now(), reason });
      if (!decided) throw Conflict('signup_decided');
      await audit.record({ userId: actor.id, action: 'reject_signup', subjectType: 'volunteer_signup', subjectId: String(signupId), details: { before: found.signup, after: decided } });
      return decided;
    },

    // ---- shifts ----------------------------------------------------------------------------------

    /** Posts the team may work at: inside its region. */
    async posts(user: SessionUser, teamId: number): Promise<{ items: TPost[] }> {
      const team = await teamOf(teamId);
      if (!related(user.scopePath, team.path)) throw Forbidden();
      const rows = await listPosts(db, team.path);
      return { items: rows.map((p) => ({ postType: p.postType, postId: p.postId, name: p.name })) };
    },

    /** A captain puts members of his team on a shift at a post. */
    async scheduleShift(actor: SessionUser | null, teamId: number, req: TScheduleShiftRequest) {
      const team = await teamOf(teamId);
      await assertMayManage(actor, team);
      if (req.endsAt <= req.startsAt) throw ValidationError('end_before_start');
      const post = await findPost(db, req.postType, req.postId);
      if (!post) throw ValidationError('post_not_found', { postType: label(req.postType) });
      // The captain works his team's area (the posts he is offered); sending people elsewhere is the command's redeployment.
      if (actor && !mayCommand(actor) && !post.path.startsWith(team.path)) throw ValidationError('post_outside_team_area', { post: post.name, region: team.regionName });
      const personIds = [...new Set(req.personIds)];
      const members = await liveMemberIds(db, teamId, personIds);
      const outsiders = personIds.filter((id) => !members.has(id));
      if (outsiders.length) throw ValidationError('shift_not_team_members', { count: outsiders.length }, { personIds: outsiders });
      const shift = await database.transaction(async (tx) => {
        const row = await insertShift(tx.db, { teamId, postType: req.postType, postId: req.postId, startsAt: req.startsAt, endsAt: req.endsAt, createdBy: actor?.id ?? null });
        await insertShiftMembers(tx.db, row.id, personIds, actor?.id ?? null);
        return row;
      });
      await audit.record({ userId: actor?.id ?? null, action: 'schedule_shift', subjectType: 'shift', subjectId: String(shift.id), details: { before: null, after: { ...shift, personIds } } });
      const [presented] = await presentShifts(await listShiftRows(db, { shiftId: shift.id, since: new Date(0) }));
      return presented;
    },

    /** The caller's shifts (recent and coming, and any he is still signed into) and hours. */
    async myShifts(user: SessionUser): Promise<TMyShifts> {
      if (user.personId === null) return { linked: false, hours: 0, items: [] };
      const rows = await listShiftRows(db, { personId: user.personId, since: new Date(now().getTime() - RECENT_MS) });
      const shifts = await presentShifts(rows);
      return {
        linked: true,
        hours: round2(await personHours(db, user.personId, now())),
        items: shifts.map((s, i) => ({ ...s, signedInAt: isoOrNull(rows[i].signedInAt), signedOutAt: isoOrNull(rows[i].signedOutAt) })),
      };
    },

    /** A member signs in on their phone; again is a no-op; a second live sign-in is refused by the database. */
    async signIn(user: SessionUser, shiftId: number) {
      const { shift, member } = await ownShift(user, shiftId);
      if (member.signedOutAt) throw Conflict('shift_signed_out');
      if (member.signedInAt) return member;
      const at = now();
      if (at.getTime() < shift.startsAt.getTime() - EARLY_SIGN_IN_MS) throw Conflict('shift_not_started');
      if (at >= shift.endsAt) throw Conflict('shift_over');
      // Scheduled while a member; one who has left the team since works none of its shifts.
      if (!(await liveMemberIds(db, shift.teamId, [member.personId])).has(member.personId)) {
        throw Conflict('shift_left_team', { team: (await findTeam(db, shift.teamId))?.team.name ?? '' });
      }
      try {
        const row = await database.transaction(async (tx) => {
          const signed = await signIn(tx.db, shiftId, member.personId, at);
          // The member's protective kit comes off the post's stock with the sign-in, once.
          if (signed && kit) await kit.postShiftKit(tx.db, shiftId, member.personId, at, user.id);
          return signed;
        });
        if (row) {
          await audit.record({ userId: user.id, action: 'shift_sign_in', subjectType: 'shift', subjectId: String(shiftId), details: { before: member, after: row } });
          return row;
        }
        return (await findShiftMember(db, shiftId, member.personId))!;
      } catch (err) {
        if (sqlState(err) !== UNIQUE_VIOLATION) throw err;
        const live = await findLiveSignIn(db, member.personId);
        throw Conflict('signed_in_elsewhere', { post: live?.postName ?? '' });
      }
    },

    async signOut(user: SessionUser, shiftId: number) {
      const { member } = await ownShift(user, shiftId);
      if (!member.signedInAt) throw Conflict('shift_not_signed_in');
      if (member.signedOutAt) return member;
      const row = await signOut(db, shiftId, member.personId, now());
      if (!row) return (await findShiftMember(db, shiftId, member.personId))!;
      await audit.record({ userId: user.id, action: 'shift_sign_out', subjectType: 'shift', subjectId: String(shiftId), details: { before: member, after: row } });
      return row;
    },

    /** Who is on duty at a post now. */
    async onDuty(user: SessionUser, postType: string, postId: number): Promise<TOnDuty> {
      const post = await findPost(db, postType, postId);
      if (!post) throw NotFound();
      if (!related(user.scopePath, post.path)) throw Forbidden();
      const rows = await listOnDuty(db, postType, postId, now());
      return { items: rows.map((r) => ({ ...r, signedInAt: iso(r.signedInAt), endsAt: iso(r.endsAt) })) };
    },
  };

  async function ownTeamId(user: SessionUser) {
    return user.personId === null ? undefined : (await findLiveMembership(db, user.personId))?.teamId;
  }

  async function ownShift(user: SessionUser, shiftId: number) {
    const shift = await findShift(db, shiftId);
    if (!shift || user.personId === null) throw NotFound();
    const member = await findShiftMember(db, shiftId, user.personId);
    if (!member) throw NotFound();
    return { shift, member };
  }

  /** A community account over the home community (any sign-up of it, whatever the team). */
  function mayDecideAsCommunity(user: SessionUser, homePath: string) {
    return user.scopeLevel === 'community' && user.role !== 'volunteer' && inScope(user, homePath);
  }

  function mayDecideSome(user: SessionUser) {
    return user.scopeLevel === 'community' && user.role !== 'volunteer';
  }

  async function assertMayDecide(user: SessionUser, teamId: number, homePath: string) {
    if (mayDecideAsCommunity(user, homePath)) return;
    const team = await teamOf(teamId);
    if (!(await mayManage(user, team))) throw Forbidden();
  }
}
export type TeamsService = ReturnType<typeof teamsService>;
