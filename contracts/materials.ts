import { z } from 'zod';

/**
 * Materials: quantities in the API are in the item's unit (2 boxes, 1.5 litres); the server stores
 * milli-units and refuses a negative quantity, or a fractional one for an item counted whole, with a
 * clear message (so zod lets any finite number through to the service).
 */
export const HOLDER_KINDS = ['warehouse', 'point', 'command_unit', 'team'] as const;
export const MOVEMENT_KINDS = ['received', 'transfer_out', 'transfer_in', 'consumed', 'counted', 'written_off', 'reversal'] as const;
export const MATERIAL_REQUEST_STATUSES = ['requested', 'approved', 'dispatched', 'received', 'rejected'] as const;
export const MATERIAL_LINE_STATUSES = ['requested', 'approved', 'rejected', 'dispatched', 'received', 'partial', 'refused'] as const;

const ZQty = z.number().finite();
const ZId = z.number().int().positive();

export const ZItem = z.object({ id: z.number(), code: z.string(), name: z.string(), nameEn: z.string(), unit: z.string(), wholeUnits: z.boolean() });
export type TItem = z.infer<typeof ZItem>;
export const ZCreateItemRequest = z.object({
  code: z.string().trim().regex(/^[a-z0-9_]{2,40}$/),
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().max(100).default(''),
  unit: z.string().trim().min(1).max(20),
  wholeUnits: z.boolean().default(true),
});
export type TCreateItemRequest = z.infer<typeof ZCreateItemRequest>;

export const ZMaterialHolder = z.object({ id: z.number(), kind: z.enum(HOLDER_KINDS), refId: z.number().nullable(), name: z.string() });
export type TMaterialHolder = z.infer<typeof ZMaterialHolder>;
export const ZCreateHolderRequest = z.object({
  kind: z.enum(HOLDER_KINDS),
  refId: ZId.optional(),
  name: z.string().trim().min(1).max(100),
  /** Where it is: transfers are proposed from the nearest holder with spare stock. */
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
});

export const ZReceiveRequest = z.object({ holderId: ZId, itemId: ZId, quantity: ZQty, reason: z.string().trim().max(500).default('') });
export type TReceiveRequest = z.infer<typeof ZReceiveRequest>;
export const ZTransferRequest = z.object({ fromHolderId: ZId, toHolderId: ZId, itemId: ZId, quantity: ZQty, reason: z.string().trim().max(500).default('') });
export type TTransferRequest = z.infer<typeof ZTransferRequest>;
/** A stock count: what was found; the difference from the balance is recorded as its own movement. */
export const ZCountRequest = z.object({ holderId: ZId, itemId: ZId, counted: ZQty, reason: z.string().trim().max(500).default('') });
export type TCountRequest = z.infer<typeof ZCountRequest>;
export const ZWriteOffRequest = z.object({ holderId: ZId, itemId: ZId, quantity: ZQty, reason: z.string().trim().min(1).max(500) });
export type TWriteOffRequest = z.infer<typeof ZWriteOffRequest>;
export const ZReverseRequest = z.object({ reason: z.string().trim().min(1).max(500) });

export const ZMovement = z.object({
  id: z.number(),
  holderId: z.number(),
  itemId: z.number(),
  kind: z.enum(MOVEMENT_KINDS),
  quantity: z.number(),
  pairId: z.string().nullable(),
  requestLineId: z.number().nullable(),
  reversesId: z.number().nullable(),
  reason: z.string(),
  at: z.string(),
  by: z.number().nullable(),
});
export type TMovement = z.infer<typeof ZMovement>;
/** A line of a holder's ledger as its list shows it: who made it, the request it delivered, the balance after it. */
export const ZMovementEntry = ZMovement.extend({ byName: z.string().nullable(), requestId: z.number().nullable(), balanceAfter: z.number() });
export type TMovementEntry = z.infer<typeof ZMovementEntry>;

export const ZBalancesQuery = z.object({
  holderId: z.coerce.number().int().positive().optional(),
  /** A past time: the balance then, summed from the ledger. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export const ZBalance = z.object({ holderId: z.number(), holderKind: z.enum(HOLDER_KINDS), holderName: z.string(), itemId: z.number(), itemCode: z.string(), quantity: z.number() });
export type TBalance = z.infer<typeof ZBalance>;
export const ZBalances = z.object({ at: z.string().nullable(), items: z.array(ZBalance) });

export const ZCreateMaterialRequest = z.object({
  /** Client-generated: a resent request files nothing twice. */
  clientId: z.uuid(),
  holderId: ZId,
  lines: z.array(z.object({ itemId: ZId, quantity: ZQty })).min(1).max(50),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).default(''),
});
export type TCreateMaterialRequest = z.infer<typeof ZCreateMaterialRequest>;
/** Approval per line: the quantity approved (0 rejects the line); lines not named are approved as asked. */
export const ZApproveMaterialRequest = z.object({ lines: z.array(z.object({ lineId: ZId, quantity: ZQty, note: z.string().max(500).default('') })).default([]) });
export type TApproveMaterialRequest = z.infer<typeof ZApproveMaterialRequest>;
/** Dispatch from a warehouse: per line the quantity sent, and a substitute item if another is sent. */
export const ZDispatchMaterialRequest = z.object({
  fromHolderId: ZId,
  lines: z.array(z.object({ lineId: ZId, quantity: ZQty, itemId: ZId.optional(), note: z.string().max(500).default('') })).default([]),
});
export type TDispatchMaterialRequest = z.infer<typeof ZDispatchMaterialRequest>;
/** Receipt: per line what arrived (less than dispatched is a partial receipt; 0 refuses the line). */
export const ZReceiveMaterialRequest = z.object({ lines: z.array(z.object({ lineId: ZId, quantity: ZQty, note: z.string().max(500).default('') })).default([]) });
export type TReceiveMaterialRequest = z.infer<typeof ZReceiveMaterialRequest>;

export const ZMaterialRequestLine = z.object({
  id: z.number(),
  itemId: z.number(),
  requested: z.number(),
  approved: z.number().nullable(),
  dispatchedItemId: z.number().nullable(),
  dispatched: z.number().nullable(),
  received: z.number().nullable(),
  status: z.enum(MATERIAL_LINE_STATUSES),
  note: z.string(),
});
export const ZMaterialRequest = z.object({
  id: z.number(),
  clientId: z.string(),
  holderId: z.number(),
  holderName: z.string(),
  owner: z.string(),
  dueAt: z.string(),
  status: z.enum(MATERIAL_REQUEST_STATUSES),
  note: z.string(),
  fromHolderId: z.number().nullable(),
  requestedAt: z.string(),
  approvedAt: z.string().nullable(),
  dispatchedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  lines: z.array(ZMaterialRequestLine),
});
export type TMaterialRequest = z.infer<typeof ZMaterialRequest>;
export type TMaterialRequestLine = z.infer<typeof ZMaterialRequestLine>;
export const ZMaterialRequestsQuery = z.object({ status: z.enum(MATERIAL_REQUEST_STATUSES).optional(), holderId: z.coerce.number().int().positive().optional() });
export const ZMaterialRequestList = z.object({ items: z.array(ZMaterialRequest) });

// ---- consumption from the work itself, and the shortage forecast

export const CONSUMPTION_TRIGGERS = ['tube', 'swab', 'shift_member'] as const;
/** A rate: how much of an item each scanned tube (holding min–max swabs), each swab, or each member signed in to a shift uses. */
export const ZConsumptionRate = z.object({
  id: z.number(),
  trigger: z.enum(CONSUMPTION_TRIGGERS),
  itemId: z.number(),
  /** In the item's unit. */
  perUnit: z.number(),
  minPersons: z.number(),
  maxPersons: z.number(),
  updatedAt: z.string(),
});
export type TConsumptionRate = z.infer<typeof ZConsumptionRate>;
export const ZConsumptionRates = z.object({ items: z.array(ZConsumptionRate), backlog: z.number() });
/** Sets a rate (0 stops that use). `minPersons`/`maxPersons` only matter for tubes (which tube a tube of so many swabs is). */
export const ZSetConsumptionRate = z.object({
  trigger: z.enum(CONSUMPTION_TRIGGERS),
  itemId: ZId,
  perUnit: ZQty,
  minPersons: z.number().int().min(1).max(20).default(1),
  maxPersons: z.number().int().min(1).max(20).default(20),
});
export type TSetConsumptionRate = z.infer<typeof ZSetConsumptionRate>;
export const ZPostConsumptionResult = z.object({ submissions: z.number(), movements: z.number(), backlog: z.number() });

export const ZTransferProposal = z.object({
  fromHolderId: z.number(),
  fromName: z.string(),
  fromKind: z.string(),
  /** In the item's unit. */
  quantity: z.number(),
  /** Straight-line distance; null where a place is not known. */
  km: z.number().nullable(),
});
export const ZForecastRow = z.object({
  holderId: z.number(),
  pointId: z.number(),
  pointName: z.string(),
  itemId: z.number(),
  itemCode: z.string(),
  balance: z.number(),
  /** Used beyond the recorded stock since the last count: count the stock. */
  unrecorded: z.number(),
  /** Used in the last hour. */
  perHour: z.number(),
  /** At the last hour's rate; null when nothing was used. */
  hoursLeft: z.number().nullable(),
  /** Opening hours the stock must last: the rest of today's, or (`nextDay`) the next day's once today's are over. */
  openHoursLeft: z.number(),
  nextDay: z.boolean(),
  /** What the hours ahead need: the last hour's pace, plus a kit for each member still to sign in on a shift. */
  needToday: z.number(),
  /** Members still to sign in on shifts at the point within the hours ahead. */
  kitsAhead: z.number(),
  remainingPeople: z.number(),
  /** What the round's people still to test at this point need; null when no round is open or the item is not used per person. */
  needRound: z.number().nullable(),
  short: z.boolean(),
  shortBy: z.number(),
  proposal: ZTransferProposal.nullable(),
});
export type TForecastRow = z.infer<typeof ZForecastRow>;
export const ZForecast = z.object({
  at: z.string(),
  round: z.object({ id: z.number(), name: z.string(), poolSize: z.number() }).nullable(),
  points: z.number(),
  rows: z.array(ZForecastRow),
  shortages: z.array(ZForecastRow),
});
export type TForecast = z.infer<typeof ZForecast>;
export const ZForecastQuery = z.object({ shortOnly: z.enum(['true', 'false']).optional() });
