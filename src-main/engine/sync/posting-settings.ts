import { z } from 'zod';
import { isTimeZone } from '../../../shared/api';
import type { SettingsStore } from '../db/settings';

const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/New_York';

export const PostingSettingsSchema = z.object({
  /** What a shipped order becomes in QuickBooks. */
  txnType: z.enum(['Invoice', 'SalesReceipt', 'JournalEntry']).default('SalesReceipt'),
  /** QuickBooks items (full names) for the non-product parts of an order. */
  shippingItem: z.string().min(1).max(159).nullable().default('Shipping'),
  discountItem: z.string().min(1).max(159).nullable().default(null),
  taxItem: z.string().min(1).max(159).nullable().default(null),
  /**
   * How sales tax reaches QuickBooks when its sales tax preference is on (docs: README, "Sales tax"):
   * 'line' posts ShipStation's tax as a line on `taxItem`, with `zeroTaxItem` as the transaction's
   * tax item and every line coded `nonTaxableCode`, so QuickBooks adds nothing; 'quickbooks' names
   * the tax item of the ship-to state (`taxByState`) and lets QuickBooks compute, flagging any
   * difference from ShipStation's tax (`tax_mismatch`).
   */
  taxMode: z.enum(['line', 'quickbooks']).default('line'),
  zeroTaxItem: z.string().min(1).max(159).nullable().default(null),
  nonTaxableCode: z.string().min(1).max(3).default('Non'),
  taxByState: z.record(z.string().regex(/^[A-Z]{2}$/), z.string().min(1).max(159)).default({}),
  /**
   * Tenders that are not money in the bank: a payment method containing one of these words (any
   * case) marks the unpaid part of the order total (total − amount paid) as redeemed on a gift card or
   * store credit. It is posted as a negative line on `giftCardItem` (an item whose account is the
   * gift card / store credit liability), so the sale deposits only what was paid.
   */
  tenderPatterns: z
    .array(z.string().trim().min(2).max(40))
    .max(20)
    .default(['gift card', 'giftcard', 'gift_card', 'store credit', 'store_credit']),
  giftCardItem: z.string().min(1).max(159).nullable().default(null),
  /** Accounts for sales receipts / invoices (QuickBooks defaults when null). */
  depositToAccount: z.string().max(159).nullable().default(null),
  arAccount: z.string().max(159).nullable().default(null),
  journal: z
    .object({
      debitAccount: z.string().min(1).max(159).default('Undeposited Funds'),
      revenueAccount: z.string().min(1).max(159).default('Sales'),
      shippingAccount: z.string().min(1).max(159).default('Shipping Income'),
      taxAccount: z.string().min(1).max(159).default('Sales Tax Payable'),
      discountAccount: z.string().min(1).max(159).default('Discounts'),
      /** The gift card / store credit liability, debited for what was redeemed. */
      giftCardAccount: z.string().min(1).max(159).nullable().default(null),
    })
    .default({
      debitAccount: 'Undeposited Funds',
      revenueAccount: 'Sales',
      shippingAccount: 'Shipping Income',
      taxAccount: 'Sales Tax Payable',
      discountAccount: 'Discounts',
      giftCardAccount: null,
    }),
  /** Orders shipped before this day are never posted (history entered by hand). */
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .default(null),
  /** Everything runs, but posting only previews. */
  dryRun: z.boolean().default(false),
  /** The merchant's time zone: transactions are dated on the ship date there. */
  timeZone: z.string().min(1).refine(isTimeZone, 'not a known time zone').default(localTimeZone()),
});
export type PostingSettings = z.infer<typeof PostingSettingsSchema>;

export const MatchingSettingsSchema = z
  .object({
    /** per-order: find each order's customer; per-store: one QuickBooks customer per store (web channels). */
    customerStrategy: z.enum(['per-order', 'per-store']).default('per-order'),
    /** Which order fields identify the customer, tried in this order. */
    customerKeys: z
      .array(z.enum(['email', 'name', 'company']))
      .min(1)
      .default(['email', 'name']),
    /**
     * Where the merchant keeps ShipStation's SKU in QuickBooks: the item's name (Name or FullName),
     * its full name only, its manufacturer's part number, a public custom field (skuCustomField), or
     * the name and then the part number.
     */
    skuSource: z
      .enum(['name', 'full_name', 'part_number', 'custom_field', 'name_then_part_number'])
      .default('name_then_part_number'),
    /** The custom field's name (DataExtName), when skuSource is custom_field. */
    skuCustomField: z.string().trim().min(1).max(31).nullable().default(null),
  })
  .refine((m) => m.skuSource !== 'custom_field' || m.skuCustomField, {
    message: 'name the custom field that holds the SKU',
    path: ['skuCustomField'],
  });
export type MatchingSettings = z.infer<typeof MatchingSettingsSchema>;

export function postingSettings(settings: SettingsStore): PostingSettings {
  return PostingSettingsSchema.parse(settings.get('posting') ?? {});
}

export function matchingSettings(settings: SettingsStore): MatchingSettings {
  return MatchingSettingsSchema.parse(settings.get('matching') ?? {});
}
