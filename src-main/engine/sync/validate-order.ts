import type { FlagReasonName } from '../../../shared/format';
import type { SsOrder } from '../shipstation/types';
import type { Matcher, QbRefMatch } from './matching';
import type { MatchingSettings, PostingSettings } from './posting-settings';

/** One list of reasons for the engine and the UI's words for them (shared/format.ts). */
export type FlagReason = FlagReasonName;

export interface Flag {
  reason: FlagReason;
  detail: string;
  data?: Record<string, unknown>;
}

export interface ResolvedLine {
  /** tender: the part of the total paid by gift card or store credit (negative, on the liability item). */
  kind: 'product' | 'discount' | 'shipping' | 'tax' | 'tender';
  item: QbRefMatch;
  desc: string;
  quantity?: number;
  rate?: number;
  amount: number;
  sku?: string | null;
  /** The item is a QuickBooks group (bundle): posted as a line group, its price set on its components. */
  group?: boolean;
}

/** How QuickBooks' own sales tax is steered for one transaction (only when QuickBooks charges sales tax). */
export interface SalesTaxPlan {
  mode: 'line' | 'quickbooks';
  /** The transaction's tax item or group (ItemSalesTaxRef). */
  item: QbRefMatch;
  /** The code sent on every line ('line' mode: non-taxable), or null (each item's own code). */
  lineCode: string | null;
  /** ShipStation's tax: what QuickBooks' SalesTaxTotal must come to. */
  expectedTax: number;
  /** How far QuickBooks may round apart (one shipment of several: its share of the tax). */
  tolerance?: number;
}

export interface ValidatedOrder {
  customer: QbRefMatch;
  lines: ResolvedLine[];
  /** What the customer paid: the lines, plus QuickBooks' tax in 'quickbooks' mode. */
  total: number;
  salesTax: SalesTaxPlan | null;
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/**
 * Checks one order against the QuickBooks mirror: its customer, every item, the shipping, discount
 * and tax items, and that the amounts add up. Every problem becomes a flag naming the offending
 * value; nothing is ever created in QuickBooks here.
 */
export function validateOrder(
  order: SsOrder,
  ctx: {
    matcher: Matcher;
    matching: MatchingSettings;
    posting: PostingSettings;
    collision: boolean;
    amountAccepted: boolean;
    /** QuickBooks' "Do you charge sales tax?" preference (from the session's PreferencesRet). */
    salesTaxOn?: boolean;
  },
): { flags: Flag[]; resolved?: ValidatedOrder } {
  const flags: Flag[] = [];
  const { matcher } = ctx;

  if (ctx.collision) {
    flags.push({
      reason: 'order_number_collision',
      detail: `Order number ${order.orderNumber} is also used by an order in another store; QuickBooks keys transactions by it.`,
    });
  }

  let customer: QbRefMatch | undefined;
  const c = matcher.customerForOrder(order, ctx.matching);
  if (c.kind === 'match') customer = c.ref;
  else if (c.kind === 'ambiguous') {
    flags.push({
      reason: 'ambiguous_customer',
      detail: `${c.via} matches ${c.candidates.length} QuickBooks customers: ${c.candidates.map((x) => x.fullName).join(', ')}.`,
      data: { candidates: c.candidates },
    });
  } else if (c.kind === 'candidate') {
    flags.push({
      reason: 'unknown_customer',
      detail: `Only the name matches the QuickBooks customer "${c.candidates[0]!.fullName}" (${c.via}), and ${c.why}. Confirm it is this customer, or choose another.`,
      data: { candidates: c.candidates, tried: [c.via] },
    });
  } else if (c.kind === 'inactive') {
    flags.push({
      reason: 'inactive_customer',
      detail: `${c.via} matches the QuickBooks customer ${c.candidates.map((x) => `"${x.fullName}"`).join(', ')}, which is inactive. Make it active in QuickBooks, or choose another customer.`,
      data: { candidates: c.candidates },
    });
  } else {
    flags.push({
      reason: 'unknown_customer',
      detail:
        ctx.matching.customerStrategy === 'per-store'
          ? `Store ${order.storeId ?? '?'} has no QuickBooks customer assigned.`
          : `No QuickBooks customer matches ${c.tried.length ? c.tried.map((t) => `"${t}"`).join(' or ') : 'this order (no email or name)'}.`,
      data: { tried: c.tried, storeId: order.storeId },
    });
  }

  const lines: ResolvedLine[] = [];
  for (const item of order.items) {
    if (item.adjustment) continue;
    const sku = item.sku?.trim() || null;
    if (!sku) {
      flags.push({
        reason: 'unknown_item',
        detail: `Line "${item.name}" has no SKU.`,
        data: { name: item.name },
      });
      continue;
    }
    const m = matcher.item(sku, ctx.matching);
    if (m.kind === 'match') {
      lines.push({
        kind: 'product',
        item: m.ref,
        desc: item.name,
        quantity: item.quantity,
        rate: item.unitPrice,
        amount: cents(item.quantity * item.unitPrice),
        sku,
        ...(matcher.isGroup(m.ref.listId) ? { group: true } : {}),
      });
    } else if (m.kind === 'ambiguous') {
      flags.push({
        reason: 'ambiguous_item',
        detail: `${m.via} matches ${m.candidates.length} QuickBooks items: ${m.candidates.map((x) => `"${x.fullName}"`).join(', ')}. Map the SKU to the right one.`,
        data: { sku, candidates: m.candidates },
      });
    } else if (m.kind === 'inactive') {
      flags.push({
        reason: 'inactive_item',
        detail: `SKU ${sku} ("${item.name}") matches the QuickBooks item ${m.candidates.map((x) => `"${x.fullName}"`).join(', ')}, which is inactive. Make it active in QuickBooks, or map the SKU to another item.`,
        data: { sku, name: item.name, candidates: m.candidates },
      });
    } else {
      flags.push({
        reason: 'unknown_item',
        detail: `SKU ${sku} ("${item.name}") is not a QuickBooks item.`,
        data: { sku, name: item.name },
      });
    }
  }

  const configured = (
    label: string,
    key: 'shippingItem' | 'discountItem' | 'taxItem',
    amount: number,
    kind: ResolvedLine['kind'],
  ): void => {
    if (Math.abs(amount) < 0.005) return;
    const name = ctx.posting[key];
    if (!name) {
      flags.push({
        reason: 'missing_setting',
        detail: `The order has ${label} (${amount.toFixed(2)}) but no QuickBooks ${label} item is set in Settings.`,
        data: { setting: key },
      });
      return;
    }
    const ref = matcher.itemByFullName(name);
    if (!ref) {
      flags.push({
        reason: 'unknown_item',
        detail: `The ${label} item "${name}" set in Settings is not in QuickBooks.`,
        data: { sku: name, setting: key },
      });
      return;
    }
    lines.push({ kind, item: ref, desc: label[0]!.toUpperCase() + label.slice(1), amount: cents(amount) });
  };
  const discount = cents(
    order.items.filter((i) => i.adjustment).reduce((s, i) => s + i.quantity * i.unitPrice, 0),
  );
  configured('discount', 'discountItem', discount, 'discount');
  configured('shipping', 'shippingItem', order.shippingAmount, 'shipping');
  // Journal entries carry tax as an account line: QuickBooks computes nothing there.
  const taxSteered = Boolean(ctx.salesTaxOn) && ctx.posting.txnType !== 'JournalEntry';
  const byQuickBooks = taxSteered && ctx.posting.taxMode === 'quickbooks';
  if (!byQuickBooks) configured('sales tax', 'taxItem', order.taxAmount, 'tax');
  let salesTax: SalesTaxPlan | null = null;
  if (taxSteered) {
    const state = (order.shipTo.state ?? '').trim().toUpperCase();
    const name = byQuickBooks ? ctx.posting.taxByState[state] : ctx.posting.zeroTaxItem;
    const setting = byQuickBooks ? 'taxByState' : 'zeroTaxItem';
    const ref = name ? matcher.itemByFullName(name) : undefined;
    if (!name) {
      flags.push({
        reason: 'missing_setting',
        detail: byQuickBooks
          ? `QuickBooks computes sales tax, but no QuickBooks tax item is set for the ship-to state "${state || '(none)'}" in Settings.`
          : "QuickBooks charges sales tax: choose a 0 % sales tax item in Settings so it adds none on top of ShipStation's tax line.",
        data: { setting, ...(byQuickBooks ? { state } : {}) },
      });
    } else if (!ref) {
      flags.push({
        reason: 'unknown_item',
        detail: `The sales tax item "${name}" set in Settings is not in QuickBooks.`,
        data: { sku: name, setting },
      });
    } else {
      salesTax = {
        mode: byQuickBooks ? 'quickbooks' : 'line',
        item: ref,
        lineCode: byQuickBooks ? null : ctx.posting.nonTaxableCode,
        expectedTax: cents(order.taxAmount),
      };
    }
  }

  const products = order.items.filter((i) => !i.adjustment).reduce((s, i) => s + i.quantity * i.unitPrice, 0);
  const computed = cents(products + discount + order.shippingAmount + order.taxAmount);
  // V2 gives no order total of its own (its "total" is what was paid): a difference there may be a
  // discount, a gift card or an unpaid balance, and V2 does not say which.
  const totalKnown = order.orderTotalKnown !== false;
  const paid = cents(order.amountPaid);
  if (!ctx.amountAccepted && Math.abs(computed - cents(order.orderTotal)) >= 0.01) {
    flags.push({
      reason: 'amount_mismatch',
      detail: totalKnown
        ? `Lines, shipping and tax add up to ${computed.toFixed(2)} but the order total is ${order.orderTotal.toFixed(2)}.`
        : `Lines, shipping and tax add up to ${computed.toFixed(2)}, and ShipStation (API V2) says ${paid.toFixed(2)} was paid. V2 gives no order total, so it does not say whether the ${cents(computed - paid).toFixed(2)} difference is a discount, a gift card or an unpaid balance. Accept to post what was paid (the difference as a discount on the discount item), or Ignore and post it by hand.`,
      data: { computed, orderTotal: order.orderTotal, amountPaid: paid, totalKnown },
    });
  } else if (ctx.amountAccepted && !totalKnown && computed - paid >= 0.01) {
    // Accepted under V2: QuickBooks holds what was paid, never the lines as cash.
    const ref = ctx.posting.discountItem ? matcher.itemByFullName(ctx.posting.discountItem) : undefined;
    if (!ref)
      flags.push({
        reason: 'missing_setting',
        detail: `Accepted: ${cents(computed - paid).toFixed(2)} less than the lines was paid. Choose the discount item in Settings to post the difference on.`,
        data: { setting: 'discountItem' },
      });
    else
      lines.push({
        kind: 'discount',
        item: ref,
        desc: 'Difference to the amount paid',
        amount: -cents(computed - paid),
      });
  }

  // Tenders: what the customer paid is what reaches the bank; the rest of the total was a gift card
  // or store credit (a liability), or is unpaid. Orders awaiting payment have paid nothing yet.
  const unpaid = cents(order.orderTotal - order.amountPaid);
  if (totalKnown && order.status !== 'awaiting_payment' && unpaid >= 0.01) {
    const method = order.paymentMethod?.trim() ?? '';
    const credit = ctx.posting.tenderPatterns.find((w) => method.toLowerCase().includes(w.toLowerCase()));
    const what = `The order total is ${cents(order.orderTotal).toFixed(2)}; the customer paid ${paid.toFixed(2)}${method ? ` (payment method "${method}")` : ''}`;
    if (!credit) {
      flags.push({
        reason: 'part_paid',
        detail: `${what}: ${unpaid.toFixed(2)} is unpaid, or was paid in a way ShipStation does not name. It is not posted as cash. If it was a gift card or store credit, add the payment method's word in Settings (gift cards and store credit); otherwise Ignore and record it in QuickBooks by hand.`,
        data: { orderTotal: order.orderTotal, amountPaid: paid, unpaid, paymentMethod: method || null },
      });
    } else if (ctx.posting.txnType === 'JournalEntry') {
      if (!ctx.posting.journal.giftCardAccount)
        flags.push({
          reason: 'missing_setting',
          detail: `${what}: ${unpaid.toFixed(2)} was redeemed on a gift card or store credit ("${credit}"). Name the gift card liability account in Settings (journal entry accounts).`,
          data: { setting: 'journal.giftCardAccount', unpaid },
        });
      else
        lines.push({
          kind: 'tender',
          item: { listId: '', fullName: ctx.posting.journal.giftCardAccount },
          desc: `Gift card / store credit (${method})`,
          amount: -unpaid,
        });
    } else {
      const name = ctx.posting.giftCardItem;
      const ref = name ? matcher.itemByFullName(name) : undefined;
      if (!ref)
        flags.push({
          reason: 'missing_setting',
          detail: name
            ? `${what}: ${unpaid.toFixed(2)} was redeemed on a gift card or store credit, but the gift card item "${name}" set in Settings is not in QuickBooks.`
            : `${what}: ${unpaid.toFixed(2)} was redeemed on a gift card or store credit ("${credit}"). Choose the gift card / store credit item in Settings (its account: the liability) so only what was paid is deposited.`,
          data: { setting: 'giftCardItem', unpaid },
        });
      else
        lines.push({
          kind: 'tender',
          item: ref,
          desc: `Gift card / store credit${method ? ` (${method})` : ''}`,
          amount: -unpaid,
        });
    }
  }

  if (flags.length || !customer) return { flags };
  const linesTotal = lines.reduce((s, l) => s + l.amount, 0);
  return {
    flags,
    resolved: {
      customer,
      lines,
      total: cents(linesTotal + (salesTax?.mode === 'quickbooks' ? salesTax.expectedTax : 0)),
      salesTax,
    },
  };
}
