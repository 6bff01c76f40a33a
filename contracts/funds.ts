import { z } from 'zod';

export const FUND_CATEGORIES = ['frontline_comfort', 'medicines_supplies', 'hardship_relief'] as const;
export const FUND_UNIT_TYPES = ['region', 'org', 'team'] as const;
export const DONOR_KINDS = ['person', 'company', 'deputy'] as const;

/**
 * Money is integer fen. Amounts and categories are checked by the service (not here) so a refusal
 * says exactly what was wrong: a fractional or negative amount, a use the fund does not allow.
 */
const ZFen = z.number();

export const ZCreateFundRequest = z.object({
  name: z.string().trim().min(1).max(100),
  totalFen: ZFen,
  allocatedByUnit: z.string().trim().min(1).max(100),
  allocatedAt: z.coerce.date().optional(),
});

export const ZAllocateRequest = z.object({
  clientId: z.uuid(),
  unitType: z.enum(FUND_UNIT_TYPES),
  unitId: z.number().int().positive(),
  amountFen: ZFen,
});
export type TAllocateRequest = z.infer<typeof ZAllocateRequest>;

export const ZExpenditureRequest = z.object({
  clientId: z.uuid(),
  category: z.string().max(50),
  amountFen: ZFen,
  purpose: z.string().trim().min(1).max(500),
  payee: z.string().trim().min(1).max(200),
  receipts: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
  spentAt: z.coerce.date().optional(),
});
export type TExpenditureRequest = Omit<z.infer<typeof ZExpenditureRequest>, 'receipts'> & { receipts?: string[] };

export const ZReverseRequest = z.object({
  clientId: z.uuid(),
  reason: z.string().trim().min(1).max(500),
});

export const ZFund = z.object({
  id: z.number(),
  name: z.string(),
  totalFen: z.number(),
  donatedFen: z.number(),
  allocatedFen: z.number(),
  spentFen: z.number(),
  allocatedByUnit: z.string(),
  allocatedAt: z.string(),
});
export const ZFundList = z.object({ items: z.array(ZFund) });

export const ZAllocation = z.object({
  id: z.number(),
  fundId: z.number(),
  fundName: z.string(),
  unitType: z.enum(FUND_UNIT_TYPES),
  unitId: z.number(),
  unitName: z.string(),
  amountFen: z.number(),
  spentFen: z.number(),
  remainingFen: z.number(),
  mayRecord: z.boolean(),
});
export const ZAllocationList = z.object({ items: z.array(ZAllocation) });

/** The types a receipt may be: a photo from a phone, or a PDF (an e-invoice). */
export const RECEIPT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

/** An uploaded receipt of an expenditure; its file is at `/api/fund-receipts/:id`. */
export const ZReceiptFile = z.object({
  id: z.number(),
  expenditureId: z.number(),
  mimetype: z.enum(RECEIPT_TYPES),
  sizeBytes: z.number(),
  uploadedAt: z.string(),
});
export type TReceiptFile = z.infer<typeof ZReceiptFile>;

export const ZExpenditure = z.object({
  id: z.number(),
  allocationId: z.number(),
  category: z.enum(FUND_CATEGORIES),
  amountFen: z.number(),
  purpose: z.string(),
  payee: z.string(),
  /** Receipts as written when recorded (names or links). */
  receipts: z.array(z.string()),
  /** Receipts uploaded as files (photos, PDFs), oldest first. */
  receiptFiles: z.array(ZReceiptFile),
  spentAt: z.string(),
  reversesId: z.number().nullable(),
  reversedById: z.number().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});
export const ZAllocationDetail = ZAllocation.extend({ expenditures: z.array(ZExpenditure) });

const ZByCategory = z.object({ frontline_comfort: z.number(), medicines_supplies: z.number(), hardship_relief: z.number() });
export const ZFundReport = z.object({
  fund: ZFund,
  /** What the fund may give out: its total and money donated into it. */
  availableFen: z.number(),
  allocatedFen: z.number(),
  unallocatedFen: z.number(),
  spentFen: z.number(),
  remainingFen: z.number(),
  spentByCategory: ZByCategory,
  units: z.array(ZAllocation.extend({ spentByCategory: ZByCategory, expenditures: z.number() })),
  /** Every entry of the fund, reversals included, with how many receipt files each has. */
  expenditures: z.array(
    z.object({
      id: z.number(),
      allocationId: z.number(),
      unitName: z.string(),
      category: z.enum(FUND_CATEGORIES),
      amountFen: z.number(),
      purpose: z.string(),
      payee: z.string(),
      spentAt: z.string(),
      reversesId: z.number().nullable(),
      reversed: z.boolean(),
      receiptFiles: z.number(),
    }),
  ),
});
export type TFundReport = z.infer<typeof ZFundReport>;

/** A donated line: a catalogue item and a quantity in its unit (whole where the item is counted whole; checked by the service). */
export const ZDonationItem = z.object({ itemId: z.number().int().positive(), quantity: z.number() });
export const ZDonationRequest = z.object({
  clientId: z.uuid(),
  donorKind: z.enum(DONOR_KINDS),
  donorName: z.string().trim().min(1).max(100),
  phone: z.string().trim().regex(/^1\d{10}$/).optional(),
  moneyFen: ZFen.optional(),
  items: z.array(ZDonationItem).min(1).max(50).optional(),
  /** Money goes into a fund; items into a warehouse (a materials holder of kind warehouse). */
  fundId: z.number().int().positive().optional(),
  holderId: z.number().int().positive().optional(),
  receivedAt: z.coerce.date().optional(),
  public: z.boolean().default(true),
});
export type TDonationRequest = Omit<z.infer<typeof ZDonationRequest>, 'public'> & { public?: boolean };

export const ZDonation = z.object({
  id: z.number(),
  ackNo: z.string(),
  donorKind: z.enum(DONOR_KINDS),
  donorName: z.string(),
  phone: z.string().nullable(),
  moneyFen: z.number().nullable(),
  items: z.array(z.object({ name: z.string(), quantity: z.number(), unit: z.string() })).nullable(),
  destination: z.string(),
  fundId: z.number().nullable(),
  receivedAt: z.string(),
  public: z.boolean(),
});
export const ZDonationList = z.object({ items: z.array(ZDonation) });

/** The printable acknowledgement (捐赠回执). */
export const ZAcknowledgement = ZDonation.extend({ title: z.string(), text: z.string(), issuer: z.string() });

export const ZPublicDonations = z.object({
  items: z.array(z.object({ ackNo: z.string(), donorKind: z.enum(DONOR_KINDS), donor: z.string(), moneyFen: z.number().nullable(), items: z.array(z.object({ name: z.string(), quantity: z.number(), unit: z.string() })).nullable(), destination: z.string(), receivedAt: z.string() })),
  totalMoneyFen: z.number(),
});
