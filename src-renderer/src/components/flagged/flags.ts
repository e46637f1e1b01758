import type { OrderSummary } from '../../../../shared/api';
import { flagReasonLabel } from '../../../../shared/format';

export type OrderFlag = OrderSummary['flags'][number];

/**
 * What a person can do about one flag. The API gives each flag's reason and its sentence; the
 * values the fixes need (the SKU, the amounts) are read back out of that sentence, which
 * validate-order.ts writes in fixed shapes.
 */
export type FlagFix =
  | { kind: 'item'; sku: string; lineName: string | null; ambiguous: boolean }
  /** A shipping/discount/tax item named in Settings, or a line without a SKU: fixed elsewhere. */
  | { kind: 'setting-item'; itemName: string }
  | { kind: 'no-sku'; lineName: string }
  | { kind: 'customer'; tried: string[]; ambiguous: boolean; perStore: boolean }
  | { kind: 'amount'; computed: number | null; orderTotal: number | null }
  | { kind: 'setting'; setting: string | null }
  | { kind: 'collision' }
  | { kind: 'other' };

export function fixFor(flag: OrderFlag): FlagFix {
  const d = flag.detail;
  let m: RegExpExecArray | null;
  switch (flag.reason) {
    case 'unknown_item':
      if ((m = /^SKU (.+?) \("(.*)"\) is not a QuickBooks item\.$/s.exec(d)))
        return { kind: 'item', sku: m[1]!, lineName: m[2]!, ambiguous: false };
      if ((m = /^The (.+?) item "(.*)" set in Settings is not in QuickBooks\.$/s.exec(d)))
        return { kind: 'setting-item', itemName: m[2]! };
      if ((m = /^Line "(.*)" has no SKU\.$/s.exec(d))) return { kind: 'no-sku', lineName: m[1]! };
      if ((m = /^SKU (\S+)/.exec(d))) return { kind: 'item', sku: m[1]!, lineName: null, ambiguous: false };
      return { kind: 'other' };
    case 'ambiguous_item':
      if ((m = /^SKU (.+?) matches \d+ QuickBooks items/s.exec(d)))
        return { kind: 'item', sku: m[1]!, lineName: null, ambiguous: true };
      return { kind: 'other' };
    case 'unknown_customer':
    case 'ambiguous_customer': {
      const tried = [...d.matchAll(/"([^"]+)"/g)].map((x) => x[1]!);
      return {
        kind: 'customer',
        tried,
        ambiguous: flag.reason === 'ambiguous_customer',
        perStore: /^Store .* has no QuickBooks customer assigned/.test(d),
      };
    }
    case 'amount_mismatch': {
      m = /add up to (-?[\d.,]+) but the order total is (-?[\d.,]+)/.exec(d);
      const num = (s: string | undefined): number | null =>
        s === undefined ? null : Number(s.replace(/,/g, '').replace(/\.$/, ''));
      return { kind: 'amount', computed: num(m?.[1]), orderTotal: num(m?.[2]) };
    }
    case 'missing_setting': {
      m = /no QuickBooks (.+?) item is set in Settings/.exec(d);
      return { kind: 'setting', setting: m?.[1] ?? null };
    }
    case 'order_number_collision':
      return { kind: 'collision' };
    default:
      return { kind: 'other' };
  }
}

/** The flag's reason as a short heading (the same words as everywhere else in the app). */
export function reasonLabel(reason: string): string {
  return flagReasonLabel(reason);
}

const STATUS_WORDS: Record<string, string> = {
  received: 'Received, waiting to be checked',
  flagged: 'Still needs attention',
  validated: 'Ready, waiting for shipment',
  queued: 'Queued for QuickBooks',
  posted: 'Posted to QuickBooks',
  cancelled: 'Cancelled',
  ignored: 'Ignored (will not be posted)',
  failed: 'Failed',
};

export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/** Every SKU that open flags name, with the orders it holds up. */
export function skuSummary(orders: OrderSummary[]): { sku: string; orders: string[] }[] {
  const bySku = new Map<string, Set<string>>();
  for (const o of orders) {
    for (const f of o.flags) {
      const fix = fixFor(f);
      if (fix.kind !== 'item') continue;
      const set = bySku.get(fix.sku) ?? new Set<string>();
      set.add(o.orderNumber);
      bySku.set(fix.sku, set);
    }
  }
  return [...bySku.entries()]
    .map(([sku, set]) => ({ sku, orders: [...set] }))
    .sort((a, b) => b.orders.length - a.orders.length || a.sku.localeCompare(b.sku));
}

/** Settings that hold orders up (missing, or naming an item QuickBooks lacks), with the orders. */
export function settingSummary(orders: OrderSummary[]): { label: string; orders: string[] }[] {
  const by = new Map<string, Set<string>>();
  for (const o of orders) {
    for (const f of o.flags) {
      const fix = fixFor(f);
      const label =
        fix.kind === 'setting'
          ? `No ${fix.setting ?? 'posting'} item chosen`
          : fix.kind === 'setting-item'
            ? `“${fix.itemName}” is not in QuickBooks`
            : null;
      if (!label) continue;
      const set = by.get(label) ?? new Set<string>();
      set.add(o.orderNumber);
      by.set(label, set);
    }
  }
  return [...by.entries()].map(([label, set]) => ({ label, orders: [...set] }));
}
