/**
 * Issue "Revenue as it really ships" §1 (revenue step 2), over real sockets: each ship date of an
 * order is its own QuickBooks transaction holding only what shipped that day. The first keeps the
 * order number as its RefNumber; a later ship date n gets `<number>-<n>`. Order-level shipping,
 * discount and tax go on the first shipment. The oracle is the QuickBooks simulator's transactions
 * and ShipStation's own shipments.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesTxnRecord } from '../../src-main/simulators/qb-company/model';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const DAY1 = '2026-11-02';
const DAY3 = '2026-11-04';
const DAY5 = '2026-11-06';

const cents = (n: number): number => Math.round(n * 100) / 100;
const lineTotal = (t: SalesTxnRecord): number =>
  cents(t.lines.reduce((s, l) => s + (l.kind === 'line' ? l.Amount : 0), 0));
const receipts = (x: Harness, n: string): SalesTxnRecord[] =>
  x.company
    .salesReceipts()
    .filter((t) => t.RefNumber === n || t.RefNumber?.startsWith(`${n}-`))
    .sort((a, b) => String(a.RefNumber).localeCompare(String(b.RefNumber)));
const byId = async (x: Harness, n: string) =>
  new Map((await orders(x, `&search=${n}`)).orders.map((o) => [o.orderId, o]));

async function threeLineOrder(x: Harness, n: string, shippingAmount = 0) {
  const items = x.company
    .items()
    .filter((i) => i.ItemType === 'Inventory' && i.IsActive)
    .slice(0, 3);
  const person = x.company.customers().find((c) => c.Email && c.IsActive && !c.FullName.includes(':'))!;
  return x.ss!.createOrderWithNumber(x.ss!.stores()[0]!.storeId, n, {
    items: items.map((it, i) => ({ sku: it.Name, quantity: i + 1, unitPrice: 10 })),
    customers: [{ name: person.FullName, email: person.Email! }],
    discount: false,
    taxAmount: 0,
    shippingAmount,
  });
}

describe('revenue per shipment', () => {
  it('a split order shipped on two days: two transactions, each the lines that shipped that day, on its date', async () => {
    h = await world();
    const o = await threeLineOrder(h, '9301', 5);
    const { child } = h.ss!.splitOrder(o.orderId, {
      orderItemIds: o.items.slice(1).map((i) => i.orderItemId),
    });
    h.ss!.shipOrders([o.orderId], { shipDate: DAY1 });
    await sync(h);
    await h.session();

    // Day 1: only the parent's line (1 × 10.00) and the order's shipping (5.00).
    let txns = receipts(h, '9301');
    expect(txns.map((t) => [t.RefNumber, t.TxnDate, lineTotal(t)])).toEqual([['9301', DAY1, 15]]);
    let rows = await byId(h, '9301');
    expect(rows.get(String(o.orderId))?.status).toBe('posted');
    // The child still awaits shipment in ShipStation: never shown as posted.
    expect(rows.get(String(child.orderId))?.status).toBe('validated');

    const [label] = h.ss!.shipOrders([child.orderId], { shipDate: DAY3 });
    await sync(h);
    await h.session();
    txns = receipts(h, '9301');
    expect(txns.map((t) => [t.RefNumber, t.TxnDate, lineTotal(t)])).toEqual([
      ['9301', DAY1, 15],
      ['9301-2', DAY3, 50],
    ]);
    // Each shipment's tracking number reaches its own transaction.
    expect(txns[1]!.Memo).toContain(label!.trackingNumber!);
    expect(txns[0]!.Memo).not.toContain(label!.trackingNumber!);
    rows = await byId(h, '9301');
    expect(rows.get(String(child.orderId))?.status).toBe('posted');
    // Each order lists its own transaction: the child the second ship date's.
    expect(rows.get(String(child.orderId))?.qbTxnId).toBe(txns[1]!.TxnID);
    expect(rows.get(String(o.orderId))?.qbTxnId).toBe(txns[0]!.TxnID);
    // What was paid, over both transactions.
    expect(cents(lineTotal(txns[0]!) + lineTotal(txns[1]!))).toBe(65);

    // The month-end report: per day, shipped and posted agree (each ship date its own lines); the
    // order is one matched row.
    const rep = await h.api<{
      report: {
        byDay: { date: string; shippedAmount: number; postedAmount: number }[];
        rows: { orderNumber: string; kind: string; quickBooksAmount: number | null }[];
      };
    }>(`/api/reports/reconciliation?from=${DAY1}&to=${DAY5}`);
    expect(rep.status).toBe(200);
    expect(rep.body.report.byDay.map((d) => [d.date, d.shippedAmount, d.postedAmount])).toEqual([
      [DAY1, 15, 15],
      [DAY3, 50, 50],
    ]);
    expect(rep.body.report.rows.find((r) => r.orderNumber === '9301')).toMatchObject({
      kind: 'matched',
      quickBooksAmount: 65,
    });

    // Nothing changes on the next sessions: no duplicate, no Mod.
    const mods = txns.map((t) => t.EditSequence);
    await sync(h);
    await h.session();
    expect(receipts(h, '9301').map((t) => t.EditSequence)).toEqual(mods);
  });

  it('labels covering some lines: revenue per day equals the lines each label shipped', async () => {
    h = await world();
    const o = await threeLineOrder(h, '9302');
    const [l1, l2, l3] = o.items.map((i) => i.orderItemId) as [number, number, number];
    h.ss!.shipOrders([o.orderId], {
      items: [
        { orderItemId: l1, quantity: 1 },
        { orderItemId: l2, quantity: 1 },
      ],
      shipDate: DAY1,
    });
    await sync(h);
    await h.session();
    expect(receipts(h, '9302').map((t) => [t.RefNumber, t.TxnDate, lineTotal(t)])).toEqual([
      ['9302', DAY1, 20],
    ]);

    h.ss!.shipOrders([o.orderId], {
      items: [
        { orderItemId: l2, quantity: 1 },
        { orderItemId: l3, quantity: 3 },
      ],
      shipDate: DAY3,
      reship: true,
    });
    await sync(h);
    await h.session();
    const txns = receipts(h, '9302');
    expect(txns.map((t) => [t.RefNumber, t.TxnDate, lineTotal(t)])).toEqual([
      ['9302', DAY1, 20],
      ['9302-2', DAY3, 40],
    ]);
    // Quantities per day as the labels said (line 2: one unit each day).
    const qty = (t: SalesTxnRecord) =>
      t.lines.flatMap((l) => (l.kind === 'line' ? [l.Quantity ?? 0] : [])).reduce((s, q) => s + q, 0);
    expect(txns.map(qty)).toEqual([2, 4]);
    // The order's page lists both transactions, one per ship date.
    const detail = await h.api<{ postings: { shipment?: number; refNumber: string; txnDate: string }[] }>(
      `/api/orders/detail?orderId=${o.orderId}`,
    );
    expect(detail.body.postings.map((p) => [p.shipment, p.refNumber, p.txnDate])).toEqual([
      [1, '9302', DAY1],
      [2, '9302-2', DAY3],
    ]);
  });

  it('one shipment reshipped on another day is corrected alone; one voided is zeroed alone', async () => {
    h = await world();
    const o = await threeLineOrder(h, '9303');
    const { child } = h.ss!.splitOrder(o.orderId, {
      orderItemIds: o.items.slice(1).map((i) => i.orderItemId),
    });
    h.ss!.shipOrders([o.orderId], { shipDate: DAY1 });
    const [childLabel] = h.ss!.shipOrders([child.orderId], { shipDate: DAY3 });
    await sync(h);
    await h.session();
    let txns = receipts(h, '9303');
    expect(txns.map((t) => [t.RefNumber, t.TxnDate, lineTotal(t)])).toEqual([
      ['9303', DAY1, 10],
      ['9303-2', DAY3, 50],
    ]);
    const first = { txnId: txns[0]!.TxnID, seq: txns[0]!.EditSequence };
    const second = txns[1]!.TxnID;

    // The child's label voided and the child reshipped two days later: its own transaction moves.
    h.ss!.voidShipment(childLabel!.shipmentId);
    h.ss!.shipOrders([child.orderId], { shipDate: DAY5 });
    await sync(h);
    await h.session();
    txns = receipts(h, '9303');
    expect(txns.map((t) => [t.TxnID, t.TxnDate, lineTotal(t)])).toEqual([
      [first.txnId, DAY1, 10],
      [second, DAY5, 50],
    ]);
    expect(txns[0]!.EditSequence).toBe(first.seq);

    // The child's label voided for good: its transaction is zeroed, the parent's stays, the child
    // awaits shipment again.
    const live = h.ss!.shipments().filter((s) => s.orderId === child.orderId && !s.voided);
    h.ss!.voidShipment(live[0]!.shipmentId);
    await sync(h);
    await h.session();
    txns = receipts(h, '9303');
    expect(txns.map((t) => [t.TxnID, lineTotal(t)])).toEqual([
      [first.txnId, 10],
      [second, 0],
    ]);
    expect(txns[0]!.EditSequence).toBe(first.seq);
    const rows = await byId(h, '9303');
    expect(rows.get(String(o.orderId))?.status).toBe('posted');
    expect(rows.get(String(child.orderId))?.status).toBe('validated');
  });

  it('a split parent voided and cancelled: its own transaction is zeroed, the child shipped on another day stays', async () => {
    h = await world();
    const o = await threeLineOrder(h, '9305');
    const { child } = h.ss!.splitOrder(o.orderId, {
      orderItemIds: o.items.slice(1).map((i) => i.orderItemId),
    });
    const [parentLabel] = h.ss!.shipOrders([o.orderId], { shipDate: DAY1 });
    h.ss!.shipOrders([child.orderId], { shipDate: DAY3 });
    await sync(h);
    await h.session();
    expect(receipts(h, '9305').map((t) => [t.RefNumber, lineTotal(t)])).toEqual([
      ['9305', 10],
      ['9305-2', 50],
    ]);
    h.ss!.voidShipment(parentLabel!.shipmentId);
    h.ss!.cancelOrder(o.orderId);
    await sync(h);
    await h.session();
    expect(receipts(h, '9305').map((t) => [t.RefNumber, t.TxnDate, lineTotal(t)])).toEqual([
      ['9305', DAY1, 0],
      ['9305-2', DAY3, 50],
    ]);
    const rows = await byId(h, '9305');
    expect(rows.get(String(child.orderId))?.status).toBe('posted');
  });

  it('a split shipped the same day stays one transaction under the order number', async () => {
    h = await world();
    const o = await threeLineOrder(h, '9304', 5);
    const { child } = h.ss!.splitOrder(o.orderId, {
      orderItemIds: o.items.slice(1).map((i) => i.orderItemId),
    });
    h.ss!.shipOrders([o.orderId, child.orderId], { shipDate: DAY1 });
    await sync(h);
    await h.session();
    expect(receipts(h, '9304').map((t) => [t.RefNumber, t.TxnDate, lineTotal(t)])).toEqual([
      ['9304', DAY1, 65],
    ]);
    const rows = await byId(h, '9304');
    expect([...rows.values()].map((r) => r.status)).toEqual(['posted', 'posted']);
  });
});
