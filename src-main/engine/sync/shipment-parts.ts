import { qbRefNumberFor } from '../qbxml';
import type { SsOrderItem, SsShipmentItem } from '../shipstation/types';
import type { ShipmentInfo } from './posting-content';
import type { ResolvedLine, ValidatedOrder } from './validate-order';

/**
 * Revenue per shipment. Each ship date of an order number is its own QuickBooks transaction holding
 * what shipped that day (a split child's lines, or the lines a label's shipment items name); lines
 * not shipped yet are not revenue. The shape, for the bookkeeper:
 * - the first ship date keeps the order number as RefNumber (a one-shipment order is unchanged);
 *   ship date n ≥ 2 gets RefNumber `<number>-<n>` (hashed like any number too long for RefNumber)
 *   and the memo `ShipStation order <number> shipment <n>`;
 * - order-level amounts (shipping, discount, tax line, gift card, an accepted difference) go on the
 *   first shipment, so the transactions together hold what was paid; QuickBooks-computed tax is
 *   expected pro rata to each shipment's goods;
 * - a ship date keeps its transaction; when a shipment moves (void and reship) it takes over a
 *   transaction whose date no longer ships, else a new one; a transaction left with nothing is zeroed.
 */

/** The posting key of shipment n of an order number (the order number itself for the first). */
export const postingKeyFor = (orderNumber: string, shipment: number): string =>
  shipment <= 1 ? orderNumber : `${orderNumber}\u001f${shipment}`;

/** What QuickBooks is told: the RefNumber and the memo marker of shipment n. */
export const refNumberFor = (orderNumber: string, shipment: number): string =>
  qbRefNumberFor(shipment <= 1 ? orderNumber : `${orderNumber}-${shipment}`).refNumber;
export const markerNumber = (orderNumber: string, shipment: number | undefined): string =>
  shipment && shipment > 1 ? `${orderNumber} shipment ${shipment}` : orderNumber;

/** How a person is told which transaction: `1001`, or `1001 (shipment 2)`. */
export const shipmentLabel = (orderNumber: string, shipment: number): string =>
  shipment > 1 ? `${orderNumber} (shipment ${shipment})` : orderNumber;

/** One product line of the order number (a parent's or a split child's), in validation order. */
export interface SourceLine {
  orderId: string;
  item: SsOrderItem;
}

export interface SourceShipment {
  orderId: string;
  shipDate: string;
  /** The lines the label says it holds (V1 shipmentItems); null or empty: the rest of the order. */
  items: SsShipmentItem[] | null;
  info: ShipmentInfo;
}

export interface ShipmentPart {
  shipDate: string;
  /** Units shipped that day of each source line (same index). */
  quantities: number[];
  /** The ShipStation orders with units in this part. */
  orderIds: string[];
  shipments: ShipmentInfo[];
}

const norm = (s: string | null | undefined): string => (s ?? '').trim().toLowerCase();

/**
 * Which units shipped on which day. Per order, its labels in ship-date order take the units they
 * name (by line item key, else by SKU) from what is still unshipped; a label naming no items (V2
 * labels, fulfillments) takes all that remains. Units no label took are awaiting shipment.
 */
export function allocateShipments(
  lines: SourceLine[],
  shipments: SourceShipment[],
): { parts: ShipmentPart[]; unshipped: number[] } {
  const remaining = lines.map((l) => l.item.quantity);
  const byDate = new Map<string, ShipmentPart>();
  const part = (date: string): ShipmentPart => {
    let p = byDate.get(date);
    if (!p) {
      p = { shipDate: date, quantities: lines.map(() => 0), orderIds: [], shipments: [] };
      byDate.set(date, p);
    }
    return p;
  };
  const take = (p: ShipmentPart, i: number, q: number): void => {
    const n = Math.min(q, remaining[i]!);
    if (n <= 0) return;
    remaining[i] = remaining[i]! - n;
    p.quantities[i] = p.quantities[i]! + n;
    if (!p.orderIds.includes(lines[i]!.orderId)) p.orderIds.push(lines[i]!.orderId);
  };
  const ordered = shipments
    .map((s, k) => ({ s, k }))
    .sort((a, b) => a.s.shipDate.localeCompare(b.s.shipDate) || a.k - b.k);
  for (const { s } of ordered) {
    const p = part(s.shipDate);
    p.shipments.push(s.info);
    const own = lines.map((l, i) => ({ l, i })).filter((x) => x.l.orderId === s.orderId);
    if (!s.items?.length) {
      for (const { i } of own) take(p, i, remaining[i]!);
      continue;
    }
    for (const it of s.items) {
      const key = norm(it.lineItemKey);
      const byKey = key
        ? own.find((x) => norm(x.l.item.lineItemKey) === key && remaining[x.i]! > 0)
        : undefined;
      const target = byKey ?? own.find((x) => norm(x.l.item.sku) === norm(it.sku) && remaining[x.i]! > 0);
      if (target) take(p, target.i, it.quantity);
    }
  }
  // Keep the memo's shipments in the order they were listed (see the reconciler's query).
  const parts = [...byDate.values()]
    .map((p) => ({
      ...p,
      shipments: shipments.filter((s) => p.shipments.includes(s.info)).map((s) => s.info),
    }))
    .sort((a, b) => a.shipDate.localeCompare(b.shipDate));
  const withUnits = parts.filter((p) => p.quantities.some((q) => q > 0));
  // An order of no goods (only shipping, say) ships whole on its first date.
  if (!withUnits.length && parts.length && !lines.length) return { parts: [parts[0]!], unshipped: [] };
  return { parts: withUnits, unshipped: remaining };
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/**
 * The validated order cut into what each part holds: product lines at the units shipped that day,
 * order-level lines on the first part. `resolved.lines`' product lines match `lines` one to one.
 */
export function partOrders(resolved: ValidatedOrder, parts: ShipmentPart[]): ValidatedOrder[] {
  if (parts.length === 1 && parts[0]!.quantities.every((q, i) => q === productLines(resolved)[i]?.quantity))
    return [resolved];
  const products = productLines(resolved);
  const goods = (p: ShipmentPart): number =>
    products.reduce((s, l, i) => s + (p.quantities[i] ?? 0) * (l.rate ?? 0), 0);
  const allGoods = parts.reduce((s, p) => s + goods(p), 0);
  let taxLeft = resolved.salesTax?.expectedTax ?? 0;
  return parts.map((p, k) => {
    const lines: ResolvedLine[] = [];
    let i = 0;
    for (const l of resolved.lines) {
      if (l.kind !== 'product') {
        if (k === 0) lines.push(l);
        continue;
      }
      const q = p.quantities[i++] ?? 0;
      if (q > 0) lines.push({ ...l, quantity: q, amount: cents(q * (l.rate ?? 0)) });
    }
    let salesTax = resolved.salesTax;
    if (salesTax?.mode === 'quickbooks') {
      // QuickBooks computes each transaction's tax: ShipStation's is expected pro rata (a cent per
      // shipment may round apart).
      const share =
        k === parts.length - 1
          ? cents(taxLeft)
          : cents(allGoods ? (salesTax.expectedTax * goods(p)) / allGoods : 0);
      taxLeft -= share;
      salesTax = { ...salesTax, expectedTax: share, tolerance: 0.01 };
    }
    const linesTotal = lines.reduce((s, l) => s + l.amount, 0);
    return {
      customer: resolved.customer,
      lines,
      total: cents(linesTotal + (salesTax?.mode === 'quickbooks' ? salesTax.expectedTax : 0)),
      salesTax,
    };
  });
}

const productLines = (v: ValidatedOrder): ResolvedLine[] => v.lines.filter((l) => l.kind === 'product');
