import type { OrderSummary } from '../../../../shared/api';
import { flagReasonLabel } from '../../../../shared/format';

export type OrderFlag = OrderSummary['flags'][number];

/** A QuickBooks list entry a flag names as a possible match (an ambiguous item or customer). */
export interface QbCandidate {
  listId: string;
  fullName: string;
}

/**
 * What a person can do about one flag. The values the fixes need (the SKU, the amounts, the
 * candidates) come from the flag's machine-readable `data` (see validate-order.ts). Flags recorded
 * before the API carried `data` have only their sentence; for those the values are read back out of
 * it, which validate-order.ts writes in fixed shapes.
 */
export type FlagFix =
  | { kind: 'item'; sku: string; lineName: string | null; ambiguous: boolean; candidates: QbCandidate[] }
  /** A shipping/discount/tax item named in Settings, or a line without a SKU: fixed elsewhere. */
  | { kind: 'setting-item'; itemName: string }
  | { kind: 'no-sku'; lineName: string }
  | { kind: 'customer'; tried: string[]; ambiguous: boolean; perStore: boolean; candidates: QbCandidate[] }
  | { kind: 'amount'; computed: number | null; orderTotal: number | null }
  | { kind: 'setting'; setting: string | null }
  | { kind: 'collision' }
  | { kind: 'other' };

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const amount = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;

function candidatesOf(data: Record<string, unknown> | null): QbCandidate[] {
  const list = data?.candidates;
  if (!Array.isArray(list)) return [];
  const out: QbCandidate[] = [];
  for (const c of list as unknown[]) {
    if (typeof c !== 'object' || c === null) continue;
    const { listId, fullName } = c as Record<string, unknown>;
    if (
      typeof listId === 'string' &&
      listId &&
      typeof fullName === 'string' &&
      !out.some((x) => x.listId === listId)
    )
      out.push({ listId, fullName });
  }
  return out;
}

/** missing_setting's data names the settings key; the fixes speak of the item's purpose. */
const SETTING_WORDS: Record<string, string> = {
  shippingItem: 'shipping',
  discountItem: 'discount',
  taxItem: 'sales tax',
};

/** The fix, from the flag's data where it has the values, else from its sentence. */
export function fixFor(flag: OrderFlag): FlagFix {
  const data = flag.data ?? null;
  if (data) {
    const fix = fixFromData(flag.reason, flag.detail, data);
    if (fix) return fix;
  }
  return fixFromDetail(flag);
}

function fixFromData(reason: string, detail: string, data: Record<string, unknown>): FlagFix | null {
  const candidates = candidatesOf(data);
  switch (reason) {
    case 'unknown_item': {
      const sku = text(data.sku);
      // A shipping/discount/tax item set in Settings carries its name as `sku`, and the setting.
      if (sku && text(data.setting)) return { kind: 'setting-item', itemName: sku };
      if (sku) return { kind: 'item', sku, lineName: text(data.name), ambiguous: false, candidates: [] };
      if (typeof data.name === 'string') return { kind: 'no-sku', lineName: data.name };
      return null;
    }
    case 'ambiguous_item': {
      const sku = text(data.sku);
      return sku ? { kind: 'item', sku, lineName: text(data.name), ambiguous: true, candidates } : null;
    }
    case 'unknown_customer': {
      const tried = strings(data.tried);
      if (!tried) return null;
      const storeId = data.storeId === null || data.storeId === undefined ? '?' : String(data.storeId);
      // One customer per store: the only thing tried is the store itself.
      const perStore = tried.length === 1 && tried[0] === `store ${storeId}`;
      return { kind: 'customer', tried: perStore ? [] : tried, ambiguous: false, perStore, candidates: [] };
    }
    case 'ambiguous_customer':
      if (!candidates.length) return null;
      // The data holds only the candidates; the value that matched them is quoted in the sentence.
      return { kind: 'customer', tried: quoted(detail), ambiguous: true, perStore: false, candidates };
    case 'amount_mismatch': {
      const computed = amount(data.computed);
      const orderTotal = amount(data.orderTotal);
      return computed === null || orderTotal === null ? null : { kind: 'amount', computed, orderTotal };
    }
    case 'missing_setting': {
      const key = text(data.setting);
      if (!key) return null;
      return { kind: 'setting', setting: SETTING_WORDS[key] ?? settingFromDetail(detail) ?? key };
    }
    default:
      return null;
  }
}

const quoted = (d: string): string[] => [...d.matchAll(/"([^"]+)"/g)].map((x) => x[1]!);
const settingFromDetail = (d: string): string | null =>
  /no QuickBooks (.+?) item is set in Settings/.exec(d)?.[1] ?? null;

/** Flags without data (recorded before the API carried it): read the values from the sentence. */
function fixFromDetail(flag: OrderFlag): FlagFix {
  const d = flag.detail;
  let m: RegExpExecArray | null;
  switch (flag.reason) {
    case 'unknown_item':
      if ((m = /^SKU (.+?) \("(.*)"\) is not a QuickBooks item\.$/s.exec(d)))
        return { kind: 'item', sku: m[1]!, lineName: m[2]!, ambiguous: false, candidates: [] };
      if ((m = /^The (.+?) item "(.*)" set in Settings is not in QuickBooks\.$/s.exec(d)))
        return { kind: 'setting-item', itemName: m[2]! };
      if ((m = /^Line "(.*)" has no SKU\.$/s.exec(d))) return { kind: 'no-sku', lineName: m[1]! };
      if ((m = /^SKU (\S+)/.exec(d)))
        return { kind: 'item', sku: m[1]!, lineName: null, ambiguous: false, candidates: [] };
      return { kind: 'other' };
    case 'ambiguous_item':
      if ((m = /^SKU (.+?) matches \d+ QuickBooks items/s.exec(d)))
        return { kind: 'item', sku: m[1]!, lineName: null, ambiguous: true, candidates: [] };
      return { kind: 'other' };
    case 'unknown_customer':
    case 'ambiguous_customer':
      return {
        kind: 'customer',
        tried: quoted(d),
        ambiguous: flag.reason === 'ambiguous_customer',
        perStore: /^Store .* has no QuickBooks customer assigned/.test(d),
        candidates: [],
      };
    case 'amount_mismatch': {
      m = /add up to (-?[\d.,]+) but the order total is (-?[\d.,]+)/.exec(d);
      const num = (s: string | undefined): number | null =>
        s === undefined ? null : Number(s.replace(/,/g, '').replace(/\.$/, ''));
      return { kind: 'amount', computed: num(m?.[1]), orderTotal: num(m?.[2]) };
    }
    case 'missing_setting':
      return { kind: 'setting', setting: settingFromDetail(d) };
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
