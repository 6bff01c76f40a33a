import { z } from 'zod';
import { ZMaskedResident } from './regions.ts';

export { ZMaskedResident, type TMaskedResident } from './regions.ts';

export const SPECIAL_GROUPS = ['elderly_alone', 'bedridden', 'disabled', 'pregnant', 'chronic_ill'] as const;
export const ZSpecialGroup = z.enum(SPECIAL_GROUPS);

export const ZResidentSearchQuery = z.object({
  /** A full ID number, an 11-digit mobile number, or the start of a name. */
  q: z.string().trim().min(1).max(50),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TResidentSearchQuery = z.infer<typeof ZResidentSearchQuery>;

export const ZResidentSearchResult = z.object({
  items: z.array(ZMaskedResident),
  /** Matches inside the caller's scope, counted up to 1,000. */
  total: z.number().int(),
  /** True when there are more than 1,000 matches. */
  capped: z.boolean(),
  /** How the query was read: by ID number, phone or name. */
  matchedBy: z.enum(['id_number', 'phone', 'name']),
});
export type TResidentSearchResult = z.infer<typeof ZResidentSearchResult>;

export const ZRevealedResident = z.object({
  id: z.number().int(),
  idNumber: z.string(),
  phone: z.string().nullable(),
});
export type TRevealedResident = z.infer<typeof ZRevealedResident>;

export const ZImportKind = z.enum(['residents', 'regions']);
export type TImportKind = z.infer<typeof ZImportKind>;

export const ZImportRowError = z.object({
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  /** Column header as in the file, e.g. `身份证号`. */
  column: z.string(),
  /** The cell's value as read. */
  value: z.string(),
  /** Why the row is refused, in the user's language. */
  reason: z.string(),
});
export type TImportRowError = z.infer<typeof ZImportRowError>;

export const ZImportReport = z.object({
  kind: ZImportKind,
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** True when the request asked only to check the file. */
  dryRun: z.boolean(),
});
export type TImportReport = z.infer<typeof ZImportReport>;

export const ZImportQuery = z.object({
  /** Check the file and report, writing nothing. */
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const ZTemplateQuery = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  /** Language of the instructions sheet; a download link cannot set headers. */
  locale: z.enum(['zh-CN', 'en']).optional(),
});
