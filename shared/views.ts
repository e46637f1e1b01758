import { z } from 'zod';

/**
 * Views the API returns of the engine's records (ShipStation's order as stored, shipments, postings
 * and previews, the reconciliation and inventory reports): the API contract's outputs (shared/api.ts)
 * and what the renderer reads. Lenient where the record comes from outside (ShipStation's order):
 * the renderer reads those with `read`, so anything unexpected degrades to "not available".
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
  /** ShipStation's label status: only `completed` ships (processing, error: no shipment yet). */
  labelStatus: z.string().optional(),
  /** A return label: goods coming back, never revenue. */
  isReturn: z.boolean().optional(),
  trackingNumber: str.optional(),
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

/** What QuickBooks said it holds, from its last answer (engine: sync/witness.ts). */
export const QbWitnessShape = z.object({
  txnType: z.string(),
  txnId: z.string(),
  editSequence: z.string(),
  timeModified: z.string(),
  txnDate: z.string(),
  refNumber: str,
  memo: str,
  customerListId: str,
  lines: z.array(
    z.object({
      ref: z.string(),
      desc: str,
      quantity: num,
      rate: num,
      amount: z.number(),
      entity: str,
    }),
  ),
  subtotal: num,
  salesTaxTotal: num,
  totalAmount: z.number(),
});
export type QbWitnessView = z.infer<typeof QbWitnessShape>;

export const PostingShape = z.object({
  postingKey: z.string(),
  /** Which ship date of the order number (1: the first, RefNumber = the number; n: `<number>-<n>`). */
  shipment: z.number().optional(),
  orderId: str,
  txnType: z.string(),
  refNumber: str,
  state: z.string(),
  txnId: str,
  txnDate: str,
  amount: num,
  lastError: str,
  content: PostingContentShape.nullable().optional().catch(null),
  /** Why it waits for a person: deleted_in_quickbooks, edited_in_quickbooks, foreign_transaction. */
  hold: str,
  witness: QbWitnessShape.nullable().optional().catch(null),
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
  giftCardAmount: num.optional().default(null),
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
    giftCardAmount: z.number().optional().default(0),
  }),
  byDay: z
    .array(
      z.object({
        date: z.string(),
        shippedAmount: z.number(),
        postedAmount: z.number(),
        shippedNotPosted: z.number(),
        postedNotShipped: z.number(),
      }),
    )
    .optional()
    .default([]),
  giftCardsByStore: z
    .array(z.object({ storeId: str, orders: z.number(), amount: z.number() }))
    .optional()
    .default([]),
  rows: z.array(ReportRowShape),
});
export type ReportView = z.infer<typeof ReportShape>;

export const InventorySkuShape = z.object({
  sku: z.string(),
  listId: str,
  itemFullName: str,
  itemType: str,
  matchedBy: z.enum(['mapping', 'name']).nullable(),
  onHand: num,
  onHandCheckedAt: str,
  openDemand: z.number(),
  shippedNotPosted: z.number(),
  available: num,
  shortfall: z.number(),
  mismatch: str,
  /** Bundles (QuickBooks group items) whose sales this item's demand includes. */
  viaBundles: z.array(z.string()).optional(),
});

export const InventoryReportShape = z.object({
  id: z.number(),
  at: z.string(),
  trigger: z.string(),
  skus: z.array(InventorySkuShape),
  shortfalls: z.number(),
  mismatches: z.number(),
  excluded: z.object({ notInventory: z.number(), unresolvedWithoutDemand: z.number() }),
});
export type InventoryReportView = z.infer<typeof InventoryReportShape>;

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
