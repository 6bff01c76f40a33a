import { z } from 'zod';

export const REPORT_IN_POSTS = ['sampling_support', 'door_to_door', 'errands', 'checkpoint', 'publicity', 'care_visits'] as const;

export const ZReportInRequest = z.object({
  personId: z.number().int().positive(),
  /** The member's home community. */
  communityId: z.number().int().positive(),
  /** Posts the member can take. */
  posts: z.array(z.enum(REPORT_IN_POSTS)).min(1).max(REPORT_IN_POSTS.length),
  /** Free time slots, e.g. "工作日 18:00-21:00". */
  timeSlots: z.array(z.string().trim().min(1).max(50)).max(14).default([]),
});
export type TReportInRequest = z.infer<typeof ZReportInRequest>;

export const ZReportIn = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  name: z.string(),
  title: z.string().nullable(),
  /** Masked. */
  phone: z.string().nullable(),
  posts: z.array(z.enum(REPORT_IN_POSTS)),
  timeSlots: z.array(z.string()),
  reportedAt: z.string(),
  assignedPost: z.enum(REPORT_IN_POSTS).nullable(),
});
export type TReportIn = z.infer<typeof ZReportIn>;

export const ZAssignReportInRequest = z.object({ post: z.enum(REPORT_IN_POSTS) });
