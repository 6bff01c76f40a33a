import { z } from 'zod';
import { ZHolder } from './assignments.ts';

export const SQUAD_KINDS = ['errands', 'door_to_door', 'point_support', 'checkpoint', 'deliveries'] as const;
export const ZSquadKind = z.enum(SQUAD_KINDS);
export const SHIFT_POST_TYPES = ['point', 'checkpoint', 'command_unit'] as const;
export const ZPostType = z.enum(SHIFT_POST_TYPES);
export const SKILLS = ['driving', 'first_aid', 'sampling', 'dialect', 'publicity', 'logistics', 'counselling', 'medical'] as const;

const ZSkills = z.array(z.string().regex(/^[a-z_]+$/).max(40)).max(20).default([]);
const ZAvailability = z.array(z.string().trim().min(1).max(60)).max(10).default([]);
const ZPhone = z.string().trim().regex(/^1[3-9]\d{9}$/, 'phone');

export const ZSquad = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: ZSquadKind,
  /** The community or town it serves, when it serves one area. */
  region: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  members: z.number().int(),
  needed: z.number().int(),
});
export type TSquad = z.infer<typeof ZSquad>;

export const ZTeamSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The unit that raised it, e.g. 区人大常委会. */
  parentUnit: z.string(),
  /** Where it works: a town or the district. */
  region: z.object({ id: z.number().int(), name: z.string() }),
  /** 队长, or null when the team has none (a gap). */
  captain: ZHolder.nullable(),
  members: z.number().int(),
  squads: z.array(ZSquad),
  /** Signed-in hours of its members on its shifts (within each shift: an open sign-in counts up to now, none before its start or past its end). */
  hours: z.number(),
  pendingSignups: z.number().int(),
});
export type TTeamSummary = z.infer<typeof ZTeamSummary>;

export const ZTeamList = z.object({ items: z.array(ZTeamSummary) });
export type TTeamList = z.infer<typeof ZTeamList>;

export const ZTeamMember = z.object({
  memberId: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  /** Masked. */
  phone: z.string().nullable(),
  kind: z.string(),
  partyMember: z.boolean(),
  homeCommunity: z.string().nullable(),
  squadId: z.number().int().nullable(),
  skills: z.array(z.string()),
  availability: z.array(z.string()),
  trained: z.boolean(),
  joinedAt: z.string(),
  hours: z.number(),
});
export type TTeamMember = z.infer<typeof ZTeamMember>;

export const ZSignup = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Masked. */
  phone: z.string(),
  birthDate: z.string(),
  /** Age on the district's calendar today. */
  age: z.number().int(),
  partyMember: z.boolean(),
  homeCommunity: z.string(),
  skills: z.array(z.string()),
  availability: z.array(z.string()),
  trained: z.boolean(),
  status: z.enum(['pending', 'approved', 'rejected']),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
});
export type TSignup = z.infer<typeof ZSignup>;

export const ZShiftMember = z.object({
  personId: z.number().int(),
  name: z.string(),
  signedInAt: z.string().nullable(),
  signedOutAt: z.string().nullable(),
});

export const ZShift = z.object({
  id: z.number().int(),
  teamId: z.number().int(),
  teamName: z.string(),
  postType: ZPostType,
  postId: z.number().int(),
  postName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  members: z.array(ZShiftMember),
});
export type TShift = z.infer<typeof ZShift>;

export const ZTeamDetail = ZTeamSummary.extend({
  members: z.number().int(),
  roster: z.array(ZTeamMember),
  signups: z.array(ZSignup),
  shifts: z.array(ZShift),
  /** Whether the caller may change members, shifts and sign-ups (the captain or the command). */
  mayManage: z.boolean(),
  /** Whether the caller may add squads (the command). */
  mayCommand: z.boolean(),
});
export type TTeamDetail = z.infer<typeof ZTeamDetail>;

export const ZCreateTeamRequest = z.object({
  name: z.string().trim().min(1).max(100),
  parentUnit: z.string().trim().min(1).max(100),
  /** A town, or the district. */
  regionId: z.number().int().positive(),
});
export type TCreateTeamRequest = z.infer<typeof ZCreateTeamRequest>;

export const ZCreateSquadRequest = z.object({
  name: z.string().trim().min(1).max(100),
  kind: ZSquadKind,
  /** A community or town inside the team's region, when the squad serves one area. */
  regionId: z.number().int().positive().nullable().default(null),
  needed: z.number().int().min(0).max(1000).default(0),
});
export type TCreateSquadRequest = z.infer<typeof ZCreateSquadRequest>;

export const ZAddMemberRequest = z.object({
  personId: z.number().int().positive(),
  squadId: z.number().int().positive().nullable().default(null),
  skills: ZSkills,
  availability: ZAvailability,
  trained: z.boolean().default(true),
});
export type TAddMemberRequest = z.infer<typeof ZAddMemberRequest>;

export const ZMoveMemberRequest = z.object({
  /** The squad of the same team, or null for the team's reserve. */
  squadId: z.number().int().positive().nullable(),
});

export const ZMemberParams = z.object({ id: z.coerce.number().int().positive(), memberId: z.coerce.number().int().positive() });

/** The public sign-up form (no login). */
export const ZSignupRequest = z.object({
  /** Made by the page once per form: a resend registers nothing twice. */
  clientId: z.uuid(),
  name: z.string().trim().min(1).max(50),
  phone: ZPhone,
  birthDate: z.iso.date(),
  homeCommunityId: z.number().int().positive(),
  teamId: z.number().int().positive(),
  skills: ZSkills,
  availability: ZAvailability,
  /** Has taken the volunteers' training (protection, sampling support). */
  trained: z.boolean(),
  partyMember: z.boolean().default(false),
});
export type TSignupRequest = z.infer<typeof ZSignupRequest>;

export const ZSignupReceipt = z.object({ id: z.number().int(), status: z.enum(['pending', 'approved', 'rejected']), teamName: z.string() });
export type TSignupReceipt = z.infer<typeof ZSignupReceipt>;

export const ZRejectSignupRequest = z.object({ reason: z.string().trim().min(1).max(300) });

/** What the sign-up page offers: teams, and towns with their communities. */
export const ZJoinOptions = z.object({
  teams: z.array(z.object({ id: z.number().int(), name: z.string(), region: z.string() })),
  towns: z.array(z.object({ id: z.number().int(), name: z.string(), communities: z.array(z.object({ id: z.number().int(), name: z.string() })) })),
});
export type TJoinOptions = z.infer<typeof ZJoinOptions>;

export const ZScheduleShiftRequest = z.object({
  postType: ZPostType,
  postId: z.number().int().positive(),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
  /** Members of the team. */
  personIds: z.array(z.number().int().positive()).min(1).max(200),
});
export type TScheduleShiftRequest = z.infer<typeof ZScheduleShiftRequest>;

export const ZPost = z.object({ postType: ZPostType, postId: z.number().int(), name: z.string() });
export const ZPostList = z.object({ items: z.array(ZPost) });
export type TPost = z.infer<typeof ZPost>;

export const ZPostParams = z.object({ postType: ZPostType, postId: z.coerce.number().int().positive() });

export const ZOnDuty = z.object({
  items: z.array(z.object({ shiftId: z.number().int(), personId: z.number().int(), name: z.string(), teamName: z.string(), signedInAt: z.string(), endsAt: z.string() })),
});
export type TOnDuty = z.infer<typeof ZOnDuty>;

export const ZMyShifts = z.object({
  /** Whether the caller is linked to a person (an account without one has no shifts). */
  linked: z.boolean(),
  hours: z.number(),
  items: z.array(ZShift.extend({ signedInAt: z.string().nullable(), signedOutAt: z.string().nullable() })),
});
export type TMyShifts = z.infer<typeof ZMyShifts>;
