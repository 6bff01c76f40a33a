import { z } from 'zod';

export const REQUEST_KINDS = ['errand', 'medicine', 'question', 'problem'] as const;
export const ZRequestKind = z.enum(REQUEST_KINDS);
export type TRequestKind = z.infer<typeof ZRequestKind>;
export const REQUEST_STATUSES = ['open', 'claimed', 'bought', 'delivered', 'confirmed', 'answered', 'cancelled'] as const;
export const ZRequestStatus = z.enum(REQUEST_STATUSES);
export type TRequestStatus = z.infer<typeof ZRequestStatus>;
export const CARE_CONDITIONS = ['well', 'unwell', 'fever', 'not_seen'] as const;
export const ZCareCondition = z.enum(CARE_CONDITIONS);

/** Yuan as typed by a person (up to 2 decimals), at most 100,000. */
export const ZYuan = z.number().min(0).max(100_000).refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'at most two decimals');
/** Yuan → integer fen, exactly. */
export const yuanToFen = (yuan: number) => Math.round(yuan * 100);
export const fenToYuan = (fen: number) => fen / 100;

export const ZErrandItem = z.object({
  name: z.string().trim().min(1).max(60),
  quantity: z.number().positive().max(10_000),
  /** 斤, 个, 盒, 袋 … */
  unit: z.string().trim().min(1).max(10),
});

const ZPhone = z.string().trim().regex(/^1[3-9]\d{9}$/, 'a mobile number');

/** What a filer says, whoever files it. */
export const ZRequestBody = z
  .object({
    /** Client-generated: a resend files nothing twice. */
    clientId: z.uuid(),
    kind: ZRequestKind,
    /** Errand items (an errand needs at least one). */
    items: z.array(ZErrandItem).max(50).default([]),
    /** The budget the household sets, in yuan (stored in fen). */
    budgetYuan: ZYuan.optional(),
    /** The question, the problem, the medicine needed, notes for the errand (a delivery address other than the door goes here). */
    body: z.string().trim().max(2000).default(''),
    contactPhone: ZPhone.optional(),
  })
  .refine((r) => r.kind !== 'errand' || r.items.length > 0, { message: 'an errand lists its items', path: ['items'] })
  .refine((r) => r.kind === 'errand' || r.body.length > 0, { message: 'say what is needed', path: ['body'] });

/** A household files from its code page; a building code also names the door. */
export const ZPublicFileRequest = z.intersection(ZRequestBody, z.object({ door: z.string().trim().min(1).max(20).optional() }));
export type TPublicFileRequest = z.infer<typeof ZPublicFileRequest>;

/** A grid worker or hotline operator files for a household they pick (by id, or building + door). */
export const ZStaffFileRequest = z.intersection(
  ZRequestBody,
  z.object({
    householdId: z.number().int().positive().optional(),
    buildingId: z.number().int().positive().optional(),
    door: z.string().trim().min(1).max(20).optional(),
  }),
);
export type TStaffFileRequest = z.infer<typeof ZStaffFileRequest>;

export const ZRequestEvent = z.object({ at: z.string(), toStatus: z.string(), fromStatus: z.string().nullable(), note: z.string().nullable(), by: z.string().nullable() });

/** A request as staff see it. Volunteers see the same shape: building and door, never residents' names or ID numbers. */
export const ZRequest = z.object({
  id: z.number().int(),
  kind: ZRequestKind,
  source: z.string(),
  status: ZRequestStatus,
  where: z.string(),
  buildingId: z.number().int(),
  building: z.string(),
  door: z.string(),
  items: z.array(ZErrandItem),
  budgetFen: z.number().int().nullable(),
  body: z.string(),
  contactPhone: z.string().nullable(),
  team: z.string().nullable(),
  owner: z.string().nullable(),
  claimedBy: z.string().nullable(),
  dueAt: z.string(),
  overdue: z.boolean(),
  escalation: z.number().int(),
  receiptFen: z.number().int().nullable(),
  hasReceiptPhoto: z.boolean(),
  overBudgetApproved: z.boolean(),
  deliveryProof: z.string().nullable(),
  hasDeliveryPhoto: z.boolean(),
  answer: z.string().nullable(),
  createdAt: z.string(),
  /** What the caller may do with it now. */
  may: z.object({ claim: z.boolean(), buy: z.boolean(), deliver: z.boolean(), answer: z.boolean(), approve: z.boolean() }),
});
export type TRequest = z.infer<typeof ZRequest>;
export const ZRequestDetail = ZRequest.extend({ events: z.array(ZRequestEvent) });

export const ZRequestList = z.object({
  items: z.array(ZRequest),
  total: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  overdue: z.number().int(),
});
export type TRequestList = z.infer<typeof ZRequestList>;

export const ZRequestsQuery = z.object({
  status: ZRequestStatus.optional(),
  kind: ZRequestKind.optional(),
  /** Only the caller's team's open requests and those they claimed (the volunteer's phone view). */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

/** A volunteer claims one request, or every open one of a building for one trip. */
export const ZClaimRequest = z.object({
  requestIds: z.array(z.number().int().positive()).min(1).max(100),
});
export const ZClaimResult = z.object({ claimed: z.array(z.number().int()) });

export const ZAnswerRequest = z.object({ answer: z.string().trim().min(1).max(2000) });
export const ZDeliverRequest = z.object({ note: z.string().trim().max(500).optional() });

/** The household's own view: its requests, their status and answers. Nothing about anyone else. */
export const ZHouseholdPage = z.object({
  kind: z.enum(['household', 'building']),
  place: z.string(),
  door: z.string().nullable(),
  requests: z.array(
    z.object({
      id: z.number().int(),
      kind: ZRequestKind,
      status: ZRequestStatus,
      items: z.array(ZErrandItem),
      budgetFen: z.number().int().nullable(),
      receiptFen: z.number().int().nullable(),
      body: z.string(),
      answer: z.string().nullable(),
      dueAt: z.string(),
      createdAt: z.string(),
    }),
  ),
});
export type THouseholdPage = z.infer<typeof ZHouseholdPage>;
export const ZCodeParam = z.object({ code: z.string().min(1).max(100) });
export const ZCodeRequestParam = ZCodeParam.extend({ id: z.coerce.number().int().positive() });

export const ZIssueCodesRequest = z
  .object({
    /** Households of one building, of a grid, or of a risk area (zone). */
    buildingId: z.number().int().positive().optional(),
    gridId: z.number().int().positive().optional(),
    zoneId: z.number().int().positive().optional(),
    /** One code per household (a QR per door), or one per building (the resident types the door). */
    per: z.enum(['household', 'building']).default('household'),
    validDays: z.number().int().min(1).max(90).default(30),
  })
  .refine((r) => [r.buildingId, r.gridId, r.zoneId].filter((x) => x !== undefined).length === 1, { message: 'one of buildingId, gridId, zoneId' });
export type TIssueCodesRequest = z.infer<typeof ZIssueCodesRequest>;
export const ZIssueCodesResult = z.object({ issued: z.number().int(), kept: z.number().int(), buildingIds: z.array(z.number().int()) });

/** The printable sheet of a building: one QR per door (and one for the building's door). */
export const ZCodeSheet = z.object({
  building: z.string(),
  where: z.string(),
  buildingCode: z.object({ code: z.string(), expiresAt: z.string() }).nullable(),
  doors: z.array(z.object({ householdId: z.number().int(), door: z.string(), code: z.string().nullable(), expiresAt: z.string().nullable() })),
});
export const ZRevokeCodesRequest = z.object({ buildingId: z.number().int().positive() });

export const ZCareCheck = z.object({
  residentId: z.number().int().positive(),
  condition: ZCareCondition,
  medicineShort: z.boolean().default(false),
  needs: z.string().trim().max(500).optional(),
  /** Anything that cannot wait: it becomes a request with an owner. A fever always is. */
  urgent: z.boolean().default(false),
});
export const ZCareVisitRequest = z.object({
  clientId: z.uuid(),
  householdId: z.number().int().positive(),
  mealsDelivered: z.boolean(),
  suppliesDelivered: z.boolean(),
  note: z.string().trim().max(500).optional(),
  checks: z.array(ZCareCheck).max(30),
});
export type TCareVisitRequest = z.infer<typeof ZCareVisitRequest>;
export const ZCareVisitResult = z.object({ visitId: z.number().int(), requestIds: z.array(z.number().int()) });

/** The day's home-care round of a building in a sealed or high-risk area. */
export const ZCareRound = z.object({
  date: z.string(),
  buildings: z.array(z.object({ id: z.number().int(), name: z.string(), where: z.string() })),
  buildingId: z.number().int().nullable(),
  households: z.array(
    z.object({
      householdId: z.number().int(),
      door: z.string(),
      visited: z.boolean(),
      mealsDelivered: z.boolean(),
      suppliesDelivered: z.boolean(),
      openRequests: z.number().int(),
      people: z.array(
        z.object({
          residentId: z.number().int(),
          /** Masked: 王*明. */
          name: z.string(),
          age: z.number().int(),
          specialGroups: z.array(z.string()),
          condition: ZCareCondition.nullable(),
          medicineShort: z.boolean(),
          needs: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type TCareRound = z.infer<typeof ZCareRound>;
export const ZCareRoundQuery = z.object({ buildingId: z.coerce.number().int().positive().optional() });
