import { z } from 'zod';

/** The one error shape every endpoint answers with. */
export const ZError = z.object({
  /** Stable, snake_case: what went wrong, for programs. */
  error: z.string(),
  /** What went wrong, in the user's language. */
  message: z.string(),
  details: z.unknown().optional(),
});
export type TError = z.infer<typeof ZError>;

export const ZIdParam = z.object({
  id: z.coerce.number().int().positive(),
});

export const ZPage = z.object({
  /** 1-based page number. */
  page: z.coerce.number().int().min(1).default(1),
  /** Rows per page, at most 200. */
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
