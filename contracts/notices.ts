import { z } from 'zod';
import { ROLES } from './auth.ts';

export const ZNoticeScope = z.discriminatedUnion('kind', [
  /** Every account. */
  z.object({ kind: z.literal('all') }),
  /** 全体党组织: accounts of those holding a post (secretary, deputy, member) in an open party organisation, standing or temporary. */
  z.object({ kind: z.literal('orgs') }),
  /** Accounts of a region and everything inside it, e.g. a town. */
  z.object({ kind: z.literal('region'), regionId: z.number().int().positive() }),
  /** People holding a post in an active response's command units and temporary branches, or on its checkpoints' rosters. */
  z.object({ kind: z.literal('response'), responseId: z.number().int().positive() }),
  /** Accounts of one role. */
  z.object({ kind: z.literal('role'), role: z.enum(ROLES) }),
]);

export const ZSendNoticeRequest = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
  /** Attachments as links. */
  links: z.array(z.object({ title: z.string().trim().min(1).max(200), url: z.url({ protocol: /^https?$/ }) })).max(20).default([]),
  scope: ZNoticeScope,
});
export type TSendNoticeRequest = z.infer<typeof ZSendNoticeRequest>;

export const ZNotice = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  links: z.array(z.object({ title: z.string(), url: z.string() })),
  sentAt: z.string(),
  /** The caller's own receipt, when the caller is a recipient. */
  receipt: z.object({ readAt: z.string().nullable(), acknowledgedAt: z.string().nullable(), remindedCount: z.number().int() }).nullable(),
});
export type TNotice = z.infer<typeof ZNotice>;

export const ZNoticeList = z.object({
  received: z.array(ZNotice),
  /** For senders: every notice with its read and acknowledged counts. */
  sent: z.array(z.object({ id: z.number().int(), title: z.string(), sentAt: z.string(), recipients: z.number().int(), read: z.number().int(), acknowledged: z.number().int() })),
});

export const ZReceipts = z.object({
  noticeId: z.number().int(),
  items: z.array(z.object({ userId: z.number().int(), username: z.string(), displayName: z.string(), role: z.enum(ROLES), readAt: z.string().nullable(), acknowledgedAt: z.string().nullable(), remindedCount: z.number().int() })),
});
