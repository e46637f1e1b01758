/**
 * Plain words for people: money, dates in the user's locale, relative times, and what the engine's
 * machine values (order statuses, flag reasons) mean. Pure functions; no Node or DOM imports here:
 * this module is shared by main and renderer (Intl is part of the language).
 */

/** `locale` undefined means the user's own (the browser's or the OS's). */
type Locale = string | string[] | undefined;

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 1234.5 → "$1,234.50". `currency` is an ISO 4217 code; an unknown or missing one falls back to 2 decimals. */
export function formatMoney(
  amount: number | null | undefined,
  currency?: string | null,
  locale?: Locale,
): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  const code = (currency || 'USD').toUpperCase();
  const key = `${String(locale)}|${code}`;
  let f = moneyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
    } catch {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(key, f);
  }
  return f.format(amount + 0); // + 0: never "-$0.00"
}

/** 12345 → "12,345". */
export function formatCount(n: number | null | undefined, locale?: Locale): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString(locale);
}

/** "1 order", "3 orders"; irregular plurals as the third argument. */
export function plural(n: number, one: string, many = `${one}s`, locale?: Locale): string {
  return `${formatCount(n, locale)} ${n === 1 ? one : many}`;
}

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date value as a Date. A bare day (YYYY-MM-DD, as ShipStation states ship dates) is that day in
 * the user's time zone, not UTC midnight, so it never shows as the day before.
 */
export function toDate(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const m = DAY_ONLY.exec(value);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Mar 4, 2025" (in the user's locale). */
export function formatDate(value: string | Date | null | undefined, locale?: Locale): string {
  const d = toDate(value);
  return d ? d.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' }) : '—';
}

/** "Mar 4, 2025, 2:05 PM" (in the user's locale). */
export function formatDateTime(value: string | Date | null | undefined, locale?: Locale): string {
  const d = toDate(value);
  return d
    ? d.toLocaleString(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
      })
    : '—';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "just now", "3 minutes ago", "in 2 hours", "yesterday"; "never" for no value. */
export function relativeTime(
  value: string | Date | null | undefined,
  now: number = Date.now(),
  locale?: Locale,
): string {
  const d = toDate(value);
  if (!d) return 'never';
  const diff = d.getTime() - now;
  if (Math.abs(diff) < 45_000) return 'just now';
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'minute') {
      const n = Math.round(diff / ms);
      return rtf.format(n === 0 ? Math.sign(diff) : n, unit);
    }
  }
  return rtf.format(Math.round(diff / 60_000), 'minute');
}

/** 1500 → "1.5 s", 90000 → "1 min 30 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${min} min ${s} s` : `${min} min`;
}

/** The engine's flag reasons (src-main/engine/sync/validate-order.ts `FlagReason`). */
export const FLAG_REASONS = [
  'unknown_customer',
  'ambiguous_customer',
  'unknown_item',
  'ambiguous_item',
  'missing_setting',
  'order_number_collision',
  'amount_mismatch',
  'quickbooks_error',
  'deleted_in_quickbooks',
  'edited_in_quickbooks',
  'foreign_transaction',
  'tax_mismatch',
  'inactive_item',
  'inactive_customer',
  'part_paid',
] as const;
export type FlagReasonName = (typeof FLAG_REASONS)[number];

const FLAG_TEXT: Record<FlagReasonName, { label: string; text: string }> = {
  unknown_customer: {
    label: 'Unknown customer',
    text: "The order's customer isn't in QuickBooks yet: choose an existing customer or create one.",
  },
  ambiguous_customer: {
    label: 'Several matching customers',
    text: "More than one QuickBooks customer matches the order's customer: choose the right one.",
  },
  unknown_item: {
    label: 'Unknown item',
    text: "A product on the order (by its SKU) isn't in QuickBooks yet: choose an existing item or create one.",
  },
  ambiguous_item: {
    label: 'Several matching items',
    text: 'More than one QuickBooks item matches a product on the order: choose the right one.',
  },
  missing_setting: {
    label: 'Setting missing',
    text: 'A posting setting the order needs (such as the shipping, discount or sales tax item) is not chosen yet.',
  },
  order_number_collision: {
    label: 'Order number used twice',
    text: 'Another order uses the same order number, and QuickBooks keeps one transaction per number: decide which one to post.',
  },
  amount_mismatch: {
    label: "Amounts don't add up",
    text: "The order's lines, shipping, discount and tax don't add up to its total in ShipStation.",
  },
  quickbooks_error: {
    label: 'QuickBooks refused it',
    text: 'QuickBooks refused the transaction for this order; the detail says why. Fix the cause, then retry.',
  },
  deleted_in_quickbooks: {
    label: 'Deleted in QuickBooks',
    text: "Someone deleted this order's transaction in QuickBooks. It is not posted again unless you choose Retry; Ignore leaves it out.",
  },
  edited_in_quickbooks: {
    label: 'Changed in QuickBooks',
    text: "Someone changed this order's transaction in QuickBooks by hand. It is left as it is: Retry puts ShipStation's figures back, Ignore keeps QuickBooks' version.",
  },
  inactive_item: {
    label: 'Item inactive in QuickBooks',
    text: 'The product matches a QuickBooks item that is inactive. Make it active in QuickBooks (it is then used at the next update), or map the SKU to another item.',
  },
  part_paid: {
    label: 'Not fully paid',
    text: 'The customer paid less than the order total and ShipStation does not say how the rest was paid. It is not posted as cash: if it was a gift card or store credit, add the payment method in Settings; otherwise Ignore and record it by hand.',
  },
  inactive_customer: {
    label: 'Customer inactive in QuickBooks',
    text: 'The order matches a QuickBooks customer that is inactive. Make the customer active in QuickBooks, or choose another customer.',
  },
  tax_mismatch: {
    label: 'Sales tax differs',
    text: "QuickBooks' sales tax on this order's transaction is not what ShipStation charged; the detail has both figures. Fix the tax item in Settings and Retry, or Ignore to keep QuickBooks' figure.",
  },
  foreign_transaction: {
    label: 'Number already used in QuickBooks',
    text: "QuickBooks already has a transaction with this order's number that ml-connector did not create. Nothing was posted: delete or renumber it there, then Retry; or Ignore this order.",
  },
};

const isFlagReason = (r: string): r is FlagReasonName => (FLAG_REASONS as readonly string[]).includes(r);

const humanize = (s: string): string => {
  const t = s.replace(/[_-]+/g, ' ').trim();
  return t ? t[0]!.toUpperCase() + t.slice(1) : 'Unknown';
};

/** A machine flag reason as a plain sentence a bookkeeper can act on. */
export function flagReasonText(reason: string): string {
  return isFlagReason(reason)
    ? FLAG_TEXT[reason].text
    : `${humanize(reason)}: this order needs a look before it can be posted.`;
}

/** A short label for a flag reason (chips, table cells). */
export function flagReasonLabel(reason: string): string {
  return isFlagReason(reason) ? FLAG_TEXT[reason].label : humanize(reason);
}

/** The engine's order statuses (shared/api.ts ORDER_STATUSES) in words. */
const STATUS_TEXT: Record<string, { label: string; text: string }> = {
  received: { label: 'Received', text: 'Received from ShipStation; not checked against QuickBooks yet.' },
  flagged: { label: 'Flagged', text: 'Needs a decision before it can be posted to QuickBooks.' },
  validated: {
    label: 'Validated',
    text: 'Checked against QuickBooks; it is posted once it ships (or previewed in a dry run).',
  },
  queued: { label: 'Queued', text: 'Waiting for the Web Connector to post it to QuickBooks.' },
  posted: { label: 'Posted', text: 'Posted to QuickBooks.' },
  cancelled: {
    label: 'Cancelled',
    text: 'Cancelled in ShipStation; nothing is posted (or the posting was zeroed).',
  },
  ignored: { label: 'Ignored', text: 'Set to be left out of QuickBooks.' },
  failed: { label: 'Failed', text: 'Posting failed; see the order for the reason.' },
};

export function orderStatusLabel(status: string): string {
  return STATUS_TEXT[status]?.label ?? humanize(status);
}

export function orderStatusText(status: string): string {
  return STATUS_TEXT[status]?.text ?? humanize(status);
}

const CATEGORY_TEXT: Record<string, string> = {
  qbwc: 'Web Connector',
  mirror: 'QuickBooks lists',
  outbox: 'QuickBooks queue',
  shipstation: 'ShipStation',
  sync: 'Sync',
  settings: 'Settings',
  system: 'System',
};

/** Audit categories (src-main/engine/db/audit.ts) in words. */
export const AUDIT_CATEGORIES = Object.keys(CATEGORY_TEXT);

export function auditCategoryLabel(category: string): string {
  return CATEGORY_TEXT[category] ?? humanize(category);
}

/** "connection-error" → "Connection error". */
export function eventLabel(event: string): string {
  return humanize(event);
}
