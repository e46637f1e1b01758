import type { Db } from '../db/open';
import type { SsOrder, SsShipmentItem } from '../shipstation/types';
import { toCsv } from './csv';
import { allocateShipments, type SourceLine, type SourceShipment } from './shipment-parts';

/**
 * Month-end reconciliation: what ShipStation shipped in a date range against what QuickBooks holds as
 * posted in that range, keyed by order number (orders.order_number = postings.order_number; the
 * transactions of an order's several ship dates add up).
 *
 * - Shipped: orders (not cancelled, in ShipStation or in the sync) whose earliest non-voided shipment
 *   has a ship date in [from, to]. Orders sharing a number (split orders) count as one, amounts summed.
 * - Posted: transactions QuickBooks holds for our postings (state 'posted', or held for review after a
 *   hand edit there), dated in [from, to]. Date and amount are QuickBooks' own, as its last answer
 *   said (the witness: qb_witness, qb_total), falling back to what was sent when none was kept.
 *
 * Amounts are compared to the cent. `difference` is QuickBooks − ShipStation: a missing row's is minus
 * the order total, an extra row's is the posted amount, so the differences of all rows add up to
 * posted total − shipped total.
 */

export type ReportRowKind = 'matched' | 'amount_difference' | 'missing' | 'extra';

export interface ReportRow {
  kind: ReportRowKind;
  orderNumber: string;
  /** ShipStation order id(s); several, comma-separated, when orders share the number. */
  orderId: string | null;
  storeId: string | null;
  /** Earliest non-voided ship date (YYYY-MM-DD), also on extra rows when the order shipped outside the range. */
  shipDate: string | null;
  txnDate: string | null;
  txnType: string | null;
  txnId: string | null;
  shipStationAmount: number | null;
  /**
   * Part of the ShipStation total redeemed on a gift card or store credit, posted against the
   * liability (so QuickBooks' amount is the rest, what was paid); null when none.
   */
  giftCardAmount: number | null;
  quickBooksAmount: number | null;
  /** QuickBooks − (ShipStation − gift card), rounded to the cent; null when QuickBooks' amount is unknown. */
  difference: number | null;
  /** The order's sync status (orders.status). */
  status: string | null;
  /** Open flag reasons, joined with "; ". */
  flags: string;
  /** Why the row is what it is, in words a bookkeeper can act on. */
  note: string;
}

export interface ReportTotals {
  shipped: number;
  posted: number;
  matched: number;
  missing: number;
  extra: number;
  amountDifferences: number;
  shippedAmount: number;
  postedAmount: number;
  /** postedAmount − (shippedAmount − giftCardAmount). */
  netDifference: number;
  /** Redeemed on gift cards or store credit in the shipped orders (not cash). */
  giftCardAmount: number;
}

/** One day of the range: what shipped (less gift cards) and what QuickBooks holds for it. */
export interface ReportDay {
  date: string;
  /** Shipped that day (by first ship date), net of gift cards. */
  shippedAmount: number;
  /** Posted to QuickBooks with that date. */
  postedAmount: number;
  /** Shipped that day but not in QuickBooks. */
  shippedNotPosted: number;
  /** In QuickBooks with that date but not shipped in the range (cancelled, voided, or shipped on another day). */
  postedNotShipped: number;
}

export interface ReportGiftCards {
  storeId: string | null;
  orders: number;
  amount: number;
}

export interface ReconciliationReport {
  from: string;
  to: string;
  totals: ReportTotals;
  /** Days with anything shipped or posted, in date order. */
  byDay: ReportDay[];
  /** Gift card and store credit redeemed in the shipped orders, per store. */
  giftCardsByStore: ReportGiftCards[];
  rows: ReportRow[];
}

export class ReportRangeError extends Error {
  override name = 'ReportRangeError';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string, label: string): number {
  const ms = DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw new ReportRangeError(`${label} must be a date written YYYY-MM-DD (got "${value}").`);
  return ms;
}

/** Integer cents, robust to binary fractions (1.005 → 101, 0.1 + 0.2 → 30). */
const cents = (amount: number): number => Math.round(Number((amount * 100).toPrecision(15)));
const money = (c: number): number => c / 100 + 0; // + 0: never -0

const byOrderNumber = new Intl.Collator('en', { numeric: true });

/** SQL: the earliest non-voided ship date of order `o`, by order id, or by number when the shipment has no id and the number is unique. */
const FIRST_SHIP_DATE = `nullif(min(
    coalesce((SELECT min(s.ship_date) FROM shipments s WHERE s.order_id = o.order_id AND s.ships = 1), '~'),
    coalesce((SELECT min(s.ship_date) FROM shipments s
               WHERE s.order_id IS NULL AND s.order_number = o.order_number AND s.ships = 1
                 AND (SELECT count(*) FROM orders x WHERE x.order_number = o.order_number) = 1), '~')
  ), '~')`;

/** SQL: the transaction date QuickBooks holds (from its last answer), else the one we sent. */
const QB_TXN_DATE = `coalesce(json_extract(qb_witness, '$.txnDate'), txn_date)`;

/** SQL: the gift card / store credit part of a posting's content (its tender lines, made positive). */
const GIFT = `(SELECT -total(json_extract(l.value, '$.amount')) FROM json_each(postings.content, '$.lines') l
  WHERE json_extract(l.value, '$.kind') = 'tender')`;

const SHIPMENT_COUNT = `(SELECT count(*) FROM shipments s WHERE s.order_id = o.order_id)
  + (SELECT count(*) FROM shipments s WHERE s.order_id IS NULL AND s.order_number = o.order_number)`;

interface ShippedOrder {
  order_id: string;
  order_number: string;
  store_id: string | null;
  status: string;
  order_total: number;
  first_ship: string;
  /** Live labels and fulfillments of the order. */
  shipments: number;
}

interface PostingRow {
  posting_key: string;
  order_id: string;
  txn_type: string;
  state: string;
  txn_id: string | null;
  txn_date: string | null;
  amount: number | null;
  last_error: string | null;
  hold: string | null;
  /** Redeemed on a gift card or store credit, from the posted content's tender lines (positive). */
  gift: number | null;
}

interface OrderInfo {
  order_id: string;
  order_number: string;
  store_id: string | null;
  status: string;
  ss_status: string;
  order_total: number;
  first_ship: string | null;
  shipments: number;
}

const HAND_EDITED = ' Changed in QuickBooks by hand; the order is held for review.';

const KIND_ORDER: Record<ReportRowKind, number> = { missing: 0, amount_difference: 1, extra: 2, matched: 3 };

const day = (v: string | null): string | null => (v === null ? null : v.slice(0, 10));

/** Rows sort by kind, then by the date that put them in the range, then by order number. */
const sortDate = (r: ReportRow): string | null => (r.kind === 'extra' ? r.txnDate : r.shipDate);

/**
 * What each ship date of these orders (one order number) shipped, in cents: the goods each label took
 * (shipment-parts.ts, as posting does), the order-level amounts (shipping, tax, discounts: the total
 * less the goods) on the first date. Goods no label took yet are on no date.
 */
function shippedPerDay(db: Db, orderIds: string[]): Map<string, number> {
  const orders = db
    .prepare(`SELECT order_id, order_total, data FROM orders o JOIN json_each(?) k ON k.value = o.order_id`)
    .all(JSON.stringify(orderIds)) as { order_id: string; order_total: number; data: string }[];
  const lines: SourceLine[] = orders.flatMap((o) =>
    (JSON.parse(o.data) as SsOrder).items
      .filter((i) => !i.adjustment)
      .map((item) => ({ orderId: o.order_id, item })),
  );
  const ships: SourceShipment[] = orders.flatMap((o) =>
    (
      db
        .prepare(
          `SELECT ship_date, data FROM shipments WHERE order_id = ? AND ships = 1 AND ship_date IS NOT NULL ORDER BY create_date`,
        )
        .all(o.order_id) as { ship_date: string; data: string }[]
    ).map((r) => ({
      orderId: o.order_id,
      shipDate: r.ship_date,
      items: (JSON.parse(r.data) as { items?: SsShipmentItem[] | null }).items ?? null,
      info: { shipDate: r.ship_date, carrierCode: null, serviceCode: null, trackingNumber: null },
    })),
  );
  const { parts } = allocateShipments(lines, ships);
  const goods = (q: number[]): number => q.reduce((s, n, i) => s + n * cents(lines[i]!.item.unitPrice), 0);
  const allGoods = lines.reduce((s, l) => s + l.item.quantity * cents(l.item.unitPrice), 0);
  const rest = orders.reduce((s, o) => s + cents(o.order_total), 0) - allGoods;
  const out = new Map<string, number>();
  parts.forEach((p, k) => out.set(p.shipDate, goods(p.quantities) + (k === 0 ? rest : 0)));
  return out;
}

/**
 * One row per order number: the transactions of its shipments (revenue per shipment) dated in the
 * range add up, dated by the first, their TxnIDs listed.
 */
function mergeShipments(rows: PostingRow[]): PostingRow[] {
  const by = new Map<string, PostingRow>();
  for (const r of rows) {
    const m = by.get(r.posting_key);
    if (!m) {
      by.set(r.posting_key, { ...r });
      continue;
    }
    m.amount = m.amount === null || r.amount === null ? null : money(cents(m.amount) + cents(r.amount));
    m.gift = m.gift || r.gift ? money(cents(m.gift ?? 0) + cents(r.gift ?? 0)) : null;
    m.txn_id = `${m.txn_id ?? ''},${r.txn_id ?? ''}`;
    m.hold = m.hold ?? r.hold;
  }
  return [...by.values()];
}

/** Shipped in ShipStation vs posted in QuickBooks for [from, to] (both inclusive, YYYY-MM-DD). */
export function monthEndReport(db: Db, range: { from: string; to: string }): ReconciliationReport {
  const fromMs = parseDay(range.from, 'from');
  const toMs = parseDay(range.to, 'to');
  if (toMs < fromMs)
    throw new ReportRangeError(`The range ends (${range.to}) before it starts (${range.from}).`);
  // Half-open [from, day after to): also right for values carrying a time after the date.
  const params = {
    from: range.from,
    toNext: new Date(toMs + 86_400_000).toISOString().slice(0, 10),
  };

  const read = db.transaction(() => {
    const shipped = db
      .prepare(
        `WITH cand AS (
           SELECT order_id FROM shipments
            WHERE ships = 1 AND order_id IS NOT NULL AND ship_date >= @from AND ship_date < @toNext
           UNION
           SELECT o.order_id FROM shipments s JOIN orders o ON o.order_number = s.order_number
            WHERE s.ships = 1 AND s.order_id IS NULL AND s.ship_date >= @from AND s.ship_date < @toNext
         )
         SELECT * FROM (
           SELECT o.order_id, o.order_number, o.store_id, o.status, o.order_total, ${FIRST_SHIP_DATE} AS first_ship,
                  (SELECT count(*) FROM shipments s WHERE s.order_id = o.order_id AND s.ships = 1) AS shipments
             FROM cand JOIN orders o ON o.order_id = cand.order_id
            WHERE o.ss_status <> 'cancelled' AND o.status <> 'cancelled'
         ) WHERE first_ship >= @from AND first_ship < @toNext`,
      )
      .all(params) as ShippedOrder[];

    const postedRows = db
      .prepare(
        `SELECT * FROM (
           SELECT coalesce(order_number, posting_key) AS posting_key, order_id, txn_type, state, txn_id,
                  ${QB_TXN_DATE} AS txn_date, coalesce(qb_total, amount) AS amount, last_error, hold,
                  ${GIFT} AS gift FROM postings
            WHERE txn_id IS NOT NULL AND (state = 'posted' OR hold IN ('edited_in_quickbooks', 'tax_mismatch'))
         ) WHERE txn_date >= @from AND txn_date < @toNext ORDER BY posting_key, txn_date`,
      )
      .all(params) as PostingRow[];
    const posted = mergeShipments(postedRows);

    const groups = new Map<string, ShippedOrder[]>();
    for (const o of shipped) {
      const g = groups.get(o.order_number);
      if (g) g.push(o);
      else groups.set(o.order_number, [o]);
    }
    const postedByKey = new Map(posted.map((p) => [p.posting_key, p]));

    const missingKeys = [...groups.keys()].filter((k) => !postedByKey.has(k));
    const otherPostings = new Map(
      (
        db
          .prepare(
            `SELECT p.posting_key, p.order_id, p.txn_type, p.state, p.txn_id, p.txn_date, p.amount, p.last_error, p.hold,
                    NULL AS gift
               FROM json_each(?) k JOIN postings p ON p.posting_key = k.value AND p.shipment = 1`,
          )
          .all(JSON.stringify(missingKeys)) as PostingRow[]
      ).map((p) => [p.posting_key, p]),
    );

    const extras = posted.filter((p) => !groups.has(p.posting_key));
    const orderInfo = db.prepare(
      `SELECT o.order_id, o.order_number, o.store_id, o.status, o.ss_status, o.order_total,
              ${FIRST_SHIP_DATE} AS first_ship, ${SHIPMENT_COUNT} AS shipments
         FROM orders o WHERE o.order_id = @orderId
            OR (o.order_number = @orderNumber AND NOT EXISTS (SELECT 1 FROM orders y WHERE y.order_id = @orderId))
        ORDER BY o.order_id = @orderId DESC, o.order_id LIMIT 1`,
    );
    const extraOrders = new Map<string, OrderInfo | undefined>();
    for (const p of extras)
      extraOrders.set(
        p.posting_key,
        orderInfo.get({ orderId: p.order_id, orderNumber: p.posting_key }) as OrderInfo | undefined,
      );

    const orderIds = [
      ...shipped.map((o) => o.order_id),
      ...[...extraOrders.values()].flatMap((o) => (o ? [o.order_id] : [])),
    ];
    const flags = new Map<string, string[]>();
    for (const f of db
      .prepare(
        `SELECT DISTINCT f.order_id, f.reason FROM json_each(?) k
           JOIN order_flags f ON f.order_id = k.value AND f.resolved_at IS NULL
          ORDER BY f.order_id, f.reason`,
      )
      .all(JSON.stringify(orderIds)) as { order_id: string; reason: string }[]) {
      const list = flags.get(f.order_id);
      if (list) list.push(f.reason);
      else flags.set(f.order_id, [f.reason]);
    }
    // Orders shipped on several days: what each ship date shipped, from ShipStation's lines and labels.
    const split = new Map<string, Map<string, number>>();
    for (const [num, orders] of groups)
      if (orders.length > 1 || orders.some((o) => o.shipments > 1))
        split.set(
          num,
          shippedPerDay(
            db,
            orders.map((o) => o.order_id),
          ),
        );
    return { groups, postedByKey, postedRows, otherPostings, extras, extraOrders, flags, split };
  });
  const { groups, postedByKey, postedRows, otherPostings, extras, extraOrders, flags, split } = read();

  const flagsOf = (ids: string[]): string =>
    [...new Set(ids.flatMap((id) => flags.get(id) ?? []))].join('; ');
  const distinct = (values: (string | null)[]): string | null => {
    const set = [...new Set(values.filter((v): v is string => v !== null))];
    return set.length ? set.join(',') : null;
  };

  const rows: ReportRow[] = [];
  for (const [orderNumber, orders] of groups) {
    const ssCents = orders.reduce((sum, o) => sum + cents(o.order_total), 0);
    const ids = orders.map((o) => o.order_id).sort();
    const base = {
      orderNumber,
      orderId: ids.join(','),
      storeId: distinct(orders.map((o) => o.store_id)),
      shipDate: day(orders.map((o) => o.first_ship).sort()[0] ?? null),
      status: distinct(orders.map((o) => o.status)),
      flags: flagsOf(ids),
      shipStationAmount: money(ssCents),
    };
    const p = postedByKey.get(orderNumber);
    const giftCents = p?.gift ? cents(p.gift) : 0;
    const split =
      (orders.length > 1 ? ` (${orders.length} ShipStation orders share this number)` : '') +
      (p?.hold === 'edited_in_quickbooks' ? HAND_EDITED : '');
    if (p) {
      const qbCents = p.amount === null ? null : cents(p.amount);
      // QuickBooks holds what was paid: the total less what a gift card or store credit covered.
      const expected = ssCents - giftCents;
      const same = qbCents === expected;
      const gift = giftCents
        ? ` ${money(giftCents).toFixed(2)} was redeemed on a gift card or store credit (posted against the liability, not cash).`
        : '';
      rows.push({
        ...base,
        kind: same ? 'matched' : 'amount_difference',
        txnDate: day(p.txn_date),
        txnType: p.txn_type,
        txnId: p.txn_id,
        giftCardAmount: giftCents ? money(giftCents) : null,
        quickBooksAmount: qbCents === null ? null : money(qbCents),
        difference: qbCents === null ? null : money(qbCents - expected),
        note: same
          ? `Shipped and posted.${gift}${split}`
          : qbCents === null
            ? `Posted, but the amount posted to QuickBooks is not recorded.${split}`
            : `QuickBooks holds ${money(qbCents).toFixed(2)}, ShipStation ${money(ssCents).toFixed(2)}.${gift}${split}`,
      });
    } else {
      rows.push({
        ...base,
        giftCardAmount: null,
        kind: 'missing',
        txnDate: null,
        txnType: null,
        txnId: null,
        quickBooksAmount: null,
        difference: money(-ssCents),
        note: missingNote(otherPostings.get(orderNumber), base.status, base.flags) + split,
      });
    }
  }

  for (const p of extras) {
    const o = extraOrders.get(p.posting_key);
    const qbCents = p.amount === null ? null : cents(p.amount);
    rows.push({
      kind: 'extra',
      orderNumber: p.posting_key,
      orderId: o?.order_id ?? p.order_id,
      storeId: o?.store_id ?? null,
      shipDate: day(o?.first_ship ?? null),
      txnDate: day(p.txn_date),
      txnType: p.txn_type,
      txnId: p.txn_id,
      shipStationAmount: null,
      giftCardAmount: p.gift ? money(cents(p.gift)) : null,
      quickBooksAmount: qbCents === null ? null : money(qbCents),
      difference: qbCents === null ? null : money(qbCents),
      status: o?.status ?? null,
      flags: o ? flagsOf([o.order_id]) : '',
      note: extraNote(p.posting_key, o, range) + (p.hold === 'edited_in_quickbooks' ? HAND_EDITED : ''),
    });
  }

  rows.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (sortDate(a) ?? '').localeCompare(sortDate(b) ?? '') ||
      byOrderNumber.compare(a.orderNumber, b.orderNumber),
  );

  const count = (k: ReportRowKind): number => rows.filter((r) => r.kind === k).length;
  const shippedCents = rows.reduce(
    (s, r) => s + (r.shipStationAmount === null ? 0 : cents(r.shipStationAmount)),
    0,
  );
  const postedCents = rows.reduce(
    (s, r) => s + (r.quickBooksAmount === null ? 0 : cents(r.quickBooksAmount)),
    0,
  );
  const giftCents = rows.reduce(
    (s, r) => s + (r.kind !== 'extra' && r.giftCardAmount !== null ? cents(r.giftCardAmount) : 0),
    0,
  );

  // Per day: shipped (net of gift cards) by ship date, posted by QuickBooks' date, and what is on
  // one side only.
  const days = new Map<string, { shipped: number; posted: number; notPosted: number; notShipped: number }>();
  const at = (d: string | null) => {
    const k = d ?? '(no date)';
    let v = days.get(k);
    if (!v) days.set(k, (v = { shipped: 0, posted: 0, notPosted: 0, notShipped: 0 }));
    return v;
  };
  for (const r of rows) {
    const gift = r.giftCardAmount === null ? 0 : cents(r.giftCardAmount);
    if (r.kind !== 'extra' && r.shipStationAmount !== null) {
      // Shipped on several days: each ship date's own lines (order-level amounts on the first).
      const perDay = split.get(r.orderNumber);
      if (perDay?.size) {
        let first = true;
        for (const [d, c] of [...perDay].sort(([a], [b]) => a.localeCompare(b))) {
          at(d).shipped += c - (first ? gift : 0);
          first = false;
        }
      } else at(r.shipDate).shipped += cents(r.shipStationAmount) - gift;
      if (r.kind === 'missing') at(r.shipDate).notPosted += cents(r.shipStationAmount);
    }
    if (r.kind === 'extra' && r.quickBooksAmount !== null)
      at(r.txnDate).notShipped += cents(r.quickBooksAmount);
  }
  // Posted by each transaction's own date (an order's later ship dates are transactions of their own).
  for (const p of postedRows) if (p.amount !== null) at(day(p.txn_date)).posted += cents(p.amount);
  const byDay: ReportDay[] = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, v]) => ({
      date,
      shippedAmount: money(v.shipped),
      postedAmount: money(v.posted),
      shippedNotPosted: money(v.notPosted),
      postedNotShipped: money(v.notShipped),
    }));
  const stores = new Map<string | null, { orders: number; amount: number }>();
  for (const r of rows)
    if (r.kind !== 'extra' && r.giftCardAmount !== null) {
      const v = stores.get(r.storeId) ?? { orders: 0, amount: 0 };
      v.orders++;
      v.amount += cents(r.giftCardAmount);
      stores.set(r.storeId, v);
    }
  const giftCardsByStore: ReportGiftCards[] = [...stores.entries()]
    .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))
    .map(([storeId, v]) => ({ storeId, orders: v.orders, amount: money(v.amount) }));

  return {
    from: range.from,
    to: range.to,
    byDay,
    giftCardsByStore,
    totals: {
      shipped: groups.size,
      posted: postedByKey.size,
      matched: count('matched'),
      missing: count('missing'),
      extra: count('extra'),
      amountDifferences: count('amount_difference'),
      shippedAmount: money(shippedCents),
      postedAmount: money(postedCents),
      netDifference: money(postedCents - (shippedCents - giftCents)),
      giftCardAmount: money(giftCents),
    },
    rows,
  };
}

function missingNote(p: PostingRow | undefined, status: string | null, flags: string): string {
  if (p) {
    switch (p.state) {
      case 'queued':
        return 'Queued for QuickBooks; not confirmed posted yet.';
      case 'failed':
        return `Posting to QuickBooks failed${p.last_error ? `: ${p.last_error}` : '.'}`;
      case 'voided':
        return 'Its QuickBooks transaction was voided.';
      case 'posted':
        return p.txn_date
          ? `Posted to QuickBooks dated ${day(p.txn_date)}, outside this range.`
          : 'Posted to QuickBooks without a transaction date.';
    }
  }
  if (flags) return `Not posted: the order is flagged (${flags}).`;
  switch (status) {
    case 'ignored':
      return 'Not posted: the order is set to be ignored.';
    case 'failed':
      return 'Not posted: the sync failed on this order.';
    default:
      return `Not posted to QuickBooks yet${status ? ` (sync status ${status})` : ''}.`;
  }
}

function extraNote(key: string, o: OrderInfo | undefined, range: { from: string; to: string }): string {
  if (!o) return 'Posted, but no ShipStation order with this number is known.';
  if (o.ss_status === 'cancelled' || o.status === 'cancelled')
    return `Posted, but the order is cancelled${o.ss_status === 'cancelled' ? ' in ShipStation' : ''} (order total ${o.order_total.toFixed(2)}).`;
  if (o.first_ship === null)
    return o.shipments > 0
      ? 'Posted, but every shipment of the order was voided.'
      : 'Posted, but the order has no shipment.';
  const shipped = day(o.first_ship) ?? '';
  if (shipped >= range.from && shipped <= range.to)
    return `Posted under number ${key}, but the order it was posted for (${o.order_id}) now has number ${o.order_number}.`;
  return `Posted in this range, but the order shipped on ${shipped}, ${shipped < range.from ? 'before' : 'after'} it.`;
}

export const REPORT_CSV_COLUMNS = [
  'kind',
  'orderNumber',
  'orderId',
  'storeId',
  'shipDate',
  'txnDate',
  'txnType',
  'txnId',
  'shipStationAmount',
  'giftCardAmount',
  'quickBooksAmount',
  'difference',
  'status',
  'flags',
  'note',
] as const;

/** The report's rows as CSV (one header row, then rows in report order). */
export function reportToCsv(report: ReconciliationReport): string {
  return toCsv(
    [...REPORT_CSV_COLUMNS],
    report.rows.map((r) => [
      r.kind,
      r.orderNumber,
      r.orderId,
      r.storeId,
      r.shipDate,
      r.txnDate,
      r.txnType,
      r.txnId,
      r.shipStationAmount,
      r.giftCardAmount,
      r.quickBooksAmount,
      r.difference,
      r.status,
      r.flags,
      r.note,
    ]),
  );
}
