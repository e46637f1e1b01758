import { z } from 'zod';

/**
 * The parts of the API typed `unknown` in the contract (ShipStation's order, shipments, postings,
 * previews, the reconciliation report), read defensively: what the page shows is checked here, and
 * anything unexpected degrades to "not available" instead of breaking the page.
 */

const str = z.string().nullable().optional();
const num = z.number().nullable().optional();

export const SsAddressShape = z.object({
  name: str,
  company: str,
  street1: str,
  street2: str,
  street3: str,
  city: str,
  state: str,
  postalCode: str,
  country: str,
  phone: str,
});
export type SsAddressView = z.infer<typeof SsAddressShape>;

export const SsItemShape = z.object({
  lineId: str,
  lineItemKey: str,
  sku: str,
  name: z.string().nullable().optional(),
  quantity: z.number(),
  unitPrice: z.number(),
  taxAmount: num,
  shippingAmount: num,
  adjustment: z.boolean().optional(),
});
export type SsItemView = z.infer<typeof SsItemShape>;

export const SsOrderShape = z.object({
  orderId: z.union([z.string(), z.number()]).transform(String).optional(),
  orderNumber: str,
  orderKey: str,
  status: str,
  orderDate: str,
  paymentDate: str,
  shipDate: str,
  customerEmail: str,
  customerUsername: str,
  billTo: SsAddressShape.nullable().optional(),
  shipTo: SsAddressShape.nullable().optional(),
  items: z.array(SsItemShape).optional().default([]),
  orderTotal: num,
  amountPaid: num,
  taxAmount: num,
  shippingAmount: num,
  currency: str,
  mergedOrSplit: z.boolean().optional(),
  parentOrderId: str,
});
export type SsOrderView = z.infer<typeof SsOrderShape>;

export const ShipmentShape = z.object({
  shipmentId: z.union([z.string(), z.number()]).transform(String),
  source: z.string(),
  shipDate: str,
  voided: z.boolean(),
});
export type ShipmentView = z.infer<typeof ShipmentShape>;

const QbRefShape = z.object({ listId: z.string(), fullName: z.string() });

export const PostingLineShape = z.object({
  kind: z.string(),
  item: QbRefShape.nullable().optional(),
  desc: str,
  quantity: num,
  rate: num,
  amount: z.number(),
});

export const PostingContentShape = z.object({
  txnType: z.string(),
  orderNumber: str,
  refNumber: str,
  txnDate: str,
  customer: QbRefShape.nullable().optional(),
  memo: str,
  poNumber: str,
  lines: z.array(PostingLineShape).optional().default([]),
  total: z.number(),
  voided: z.boolean().optional(),
  depositToAccount: str,
  arAccount: str,
});
export type PostingContentView = z.infer<typeof PostingContentShape>;

export const PostingShape = z.object({
  postingKey: z.string(),
  orderId: str,
  txnType: z.string(),
  refNumber: str,
  state: z.string(),
  txnId: str,
  txnDate: str,
  amount: num,
  lastError: str,
  content: PostingContentShape.nullable().optional().catch(null),
});
export type PostingView = z.infer<typeof PostingShape>;

export const REPORT_KINDS = ['missing', 'amount_difference', 'extra', 'matched'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const ReportRowShape = z.object({
  kind: z.enum(REPORT_KINDS),
  orderNumber: z.string(),
  orderId: str,
  storeId: str,
  shipDate: str,
  txnDate: str,
  txnType: str,
  txnId: str,
  shipStationAmount: num,
  quickBooksAmount: num,
  difference: num,
  status: str,
  flags: z.string().optional().default(''),
  note: z.string().optional().default(''),
});
export type ReportRowView = z.infer<typeof ReportRowShape>;

export const ReportShape = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({
    shipped: z.number(),
    posted: z.number(),
    matched: z.number(),
    missing: z.number(),
    extra: z.number(),
    amountDifferences: z.number(),
    shippedAmount: z.number(),
    postedAmount: z.number(),
    netDifference: z.number(),
  }),
  rows: z.array(ReportRowShape),
});
export type ReportView = z.infer<typeof ReportShape>;

/** Parses `value` with `shape`; null when it doesn't fit (the page then says the detail isn't available). */
export function read<S extends z.ZodType>(shape: S, value: unknown): z.output<S> | null {
  const r = shape.safeParse(value);
  return r.success ? r.data : null;
}

/** Each element that fits; the others are skipped. */
export function readEach<S extends z.ZodType>(shape: S, values: unknown[]): z.output<S>[] {
  return values.flatMap((v) => {
    const r = shape.safeParse(v);
    return r.success ? [r.data] : [];
  });
}
