/**
 * Issue "Real QuickBooks lists" §1 (lists step 2), over real sockets: a SKU that is a QuickBooks
 * group item (a bundle) posts as a line group; QuickBooks prices the group from its components, and
 * the engine sets the components to what the customer paid, so QuickBooks' total is the order's.
 * Corrections and voids modify the same group. The oracle is the QuickBooks simulator's own state.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ItemRecord,
  SalesLineGroupRecord,
  SalesTxnRecord,
} from '../../src-main/simulators/qb-company/model';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** A group "GIFT-SET" of one mug and two tees; its component price is mug + 2 × tee. */
async function bundleWorld(txnType: 'SalesReceipt' | 'Invoice' = 'SalesReceipt') {
  const x = await world({ txnType, mirrorIntervalSeconds: 0 });
  const inv = x.company.items().filter((i) => i.ItemType === 'Inventory' && i.IsActive);
  const mug = inv[0]!;
  const tee = inv[1]!;
  const group = x.company.addItem({
    type: 'Group',
    name: 'GIFT-SET',
    description: 'Gift set',
    components: [
      { item: mug.FullName, quantity: 1 },
      { item: tee.FullName, quantity: 2 },
    ],
  });
  const componentPrice = round2((mug.SalesPrice ?? 0) + 2 * (tee.SalesPrice ?? 0));
  expect(componentPrice).toBeGreaterThan(10);
  const person = x.company.customers().find((c) => c.Email && c.IsActive && !c.FullName.includes(':'))!;
  await x.session(); // the mirror learns the group
  return { x, mug, tee, group, componentPrice, person, storeId: x.ss!.stores()[0]!.storeId };
}

const txnsOf = (x: Harness, type: 'SalesReceipt' | 'Invoice', ref: string): SalesTxnRecord[] =>
  (type === 'SalesReceipt' ? x.company.salesReceipts() : x.company.invoices()).filter(
    (t) => t.RefNumber === ref,
  );
const groupsOf = (t: SalesTxnRecord): SalesLineGroupRecord[] =>
  t.lines.filter((l): l is SalesLineGroupRecord => l.kind === 'group');
const sum = (ns: number[]): number => round2(ns.reduce((s, n) => s + n, 0));

function expectComponents(g: SalesLineGroupRecord, mug: ItemRecord, tee: ItemRecord, qty: number): void {
  expect(g.lines.map((l) => [l.ItemListID, l.Quantity])).toEqual([
    [mug.ListID, qty],
    [tee.ListID, 2 * qty],
  ]);
}

async function statusOf(x: Harness, orderNumber: string): Promise<string> {
  const row = (await orders(x, `&search=${orderNumber}`)).orders.find((o) => o.orderNumber === orderNumber);
  return row!.status;
}

async function eventsOf(x: Harness, orderNumber: string): Promise<string[]> {
  const r = await x.api<{ entries: { event: string }[] }>(`/api/audit?orderNumber=${orderNumber}&limit=500`);
  return r.body.entries.map((e) => e.event);
}

describe('bundles (QuickBooks group items)', () => {
  it('a bundle sold at its component price posts as one line group with its components, in one Add', async () => {
    const w = await bundleWorld();
    h = w.x;
    const ss = h.ss!;
    const plainItem = h.company.items().filter((i) => i.ItemType === 'Inventory' && i.IsActive)[2]!;
    const o = ss.createOrderWithNumber(w.storeId, '7101', {
      items: [
        { sku: 'GIFT-SET', quantity: 2, unitPrice: w.componentPrice },
        { sku: plainItem.Name, quantity: 1, unitPrice: 12 },
      ],
      customers: [{ name: w.person.FullName, email: w.person.Email! }],
      discount: false,
      taxAmount: 0,
      shippingAmount: 5,
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    const logFrom = h.company.requestLog.length;
    await h.session();

    const txns = txnsOf(h, 'SalesReceipt', '7101');
    expect(txns.length).toBe(1);
    const t = txns[0]!;
    const groups = groupsOf(t);
    expect(groups.length).toBe(1);
    expect(groups[0]!.ItemGroupListID).toBe(w.group.ListID);
    expect(groups[0]!.Quantity).toBe(2);
    expectComponents(groups[0]!, w.mug, w.tee, 2);
    expect(sum(groups[0]!.lines.map((l) => l.Amount))).toBe(round2(2 * w.componentPrice));
    expect(round2(t.Subtotal + t.SalesTaxTotal)).toBe(round2(2 * w.componentPrice + 12 + 5));
    expect(await statusOf(h, '7101')).toBe('posted');
    const writes = h.company.requestLog
      .slice(logFrom)
      .flatMap((e) => e.types)
      .filter((x) => /(Add|Mod)Rq$/.test(x) && x.startsWith('SalesReceipt'));
    expect(writes).toEqual(['SalesReceiptAddRq']);
  });

  for (const type of ['SalesReceipt', 'Invoice'] as const) {
    it(`a bundle sold below its component price: the ${type}'s components are set to what was paid, and it stays put`, async () => {
      const w = await bundleWorld(type);
      h = w.x;
      const ss = h.ss!;
      const paid = round2(w.componentPrice - 7.5);
      const o = ss.createOrderWithNumber(w.storeId, '7201', {
        items: [{ sku: 'GIFT-SET', quantity: 3, unitPrice: paid }],
        customers: [{ name: w.person.FullName, email: w.person.Email! }],
        discount: false,
        taxAmount: 0,
        shippingAmount: 0,
      });
      ss.shipOrders([o.orderId]);
      await sync(h);
      await h.session();

      const [t] = txnsOf(h, type, '7201');
      expect(txnsOf(h, type, '7201').length).toBe(1);
      const g = groupsOf(t!)[0]!;
      expectComponents(g, w.mug, w.tee, 3);
      expect(sum(g.lines.map((l) => l.Amount))).toBe(round2(3 * paid));
      expect(round2(t!.Subtotal)).toBe(round2(3 * paid));
      expect(await statusOf(h, '7201')).toBe('posted');
      const ev = await eventsOf(h, '7201');
      expect(ev).toContain('bundle-priced');
      expect(ev).toContain('posted');
      expect(ev).not.toContain('corrected');

      // Nothing more to do: the next sessions leave it exactly as it is.
      const es = t!.EditSequence;
      await sync(h);
      await h.session();
      await h.session();
      expect(txnsOf(h, type, '7201')[0]!.EditSequence).toBe(es);
      expect(await statusOf(h, '7201')).toBe('posted');
    });
  }

  it('a correction and a void modify the same line group (quantity, price, then zero)', async () => {
    const w = await bundleWorld();
    h = w.x;
    const ss = h.ss!;
    const paid = round2(w.componentPrice + 4); // above the component price
    const o = ss.createOrderWithNumber(w.storeId, '7301', {
      items: [{ sku: 'GIFT-SET', quantity: 1, unitPrice: paid }],
      customers: [{ name: w.person.FullName, email: w.person.Email! }],
      discount: false,
      taxAmount: 0,
      shippingAmount: 0,
    });
    const [label] = ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    const first = txnsOf(h, 'SalesReceipt', '7301')[0]!;
    const g1 = groupsOf(first)[0]!;
    expect(sum(g1.lines.map((l) => l.Amount))).toBe(paid);

    // Corrected in ShipStation: two sets at a new price, same ship date.
    ss.voidShipment(label!.shipmentId);
    const newPrice = round2(w.componentPrice - 3);
    ss.editOrder(o.orderId, { items: [{ sku: 'GIFT-SET', quantity: 2, unitPrice: newPrice }] });
    const [label2] = ss.shipOrders([o.orderId], { shipDate: label!.shipDate ?? undefined });
    await sync(h);
    await h.session();
    const second = txnsOf(h, 'SalesReceipt', '7301');
    expect(second.length).toBe(1);
    expect(second[0]!.TxnID).toBe(first.TxnID);
    const g2 = groupsOf(second[0]!);
    expect(g2.length).toBe(1);
    expect(g2[0]!.TxnLineID).toBe(g1.TxnLineID);
    expect(g2[0]!.Quantity).toBe(2);
    expectComponents(g2[0]!, w.mug, w.tee, 2);
    expect(sum(g2[0]!.lines.map((l) => l.Amount))).toBe(round2(2 * newPrice));
    expect(await statusOf(h, '7301')).toBe('posted');

    // Voided: the group stays, at quantity 0 and 0.00.
    ss.voidShipment(label2!.shipmentId);
    await sync(h);
    await h.session();
    const third = txnsOf(h, 'SalesReceipt', '7301');
    expect(third.length).toBe(1);
    const g3 = groupsOf(third[0]!);
    expect(g3.length).toBe(1);
    expect(g3[0]!.TxnLineID).toBe(g1.TxnLineID);
    expect(g3[0]!.Quantity).toBe(0);
    expect(sum(g3[0]!.lines.map((l) => l.Amount))).toBe(0);
    expect(third[0]!.Subtotal).toBe(0);
  });
});

describe('inventory counts bundles by their components', () => {
  it("open orders for a bundle add the components' quantities to their own SKUs' demand", async () => {
    const w = await bundleWorld();
    h = w.x;
    const ss = h.ss!;
    for (const [n, items] of [
      ['7501', [{ sku: 'GIFT-SET', quantity: 2, unitPrice: 30 }]],
      ['7502', [{ sku: w.tee.Name, quantity: 1, unitPrice: 15 }]],
    ] as const)
      ss.createOrderWithNumber(w.storeId, n, {
        items: [...items],
        customers: [{ name: w.person.FullName, email: w.person.Email! }],
        discount: false,
        taxAmount: 0,
        shippingAmount: 0,
      });
    await sync(h);
    const r = await h.api<{
      report: { skus: { sku: string; listId: string | null; openDemand: number; viaBundles?: string[] }[] };
    }>('/api/inventory/run', { method: 'POST', body: {} });
    expect(r.status).toBe(200);
    const line = (listId: string) => r.body.report.skus.filter((s) => s.listId === listId);
    // The mug sells only in the bundle: one line for it, 1 per set.
    expect(line(w.mug.ListID).map((l) => [l.openDemand, l.viaBundles])).toEqual([[2, ['GIFT-SET']]]);
    // The tee sells alone too: its own line counts 1 alone + 2 per set.
    expect(line(w.tee.ListID).map((l) => [l.sku, l.openDemand, l.viaBundles])).toEqual([
      [w.tee.Name, 5, ['GIFT-SET']],
    ]);
    expect(r.body.report.skus.some((s) => s.sku === 'GIFT-SET')).toBe(false);
  });
});

describe('a refusal that cannot succeed unchanged is not resent', () => {
  it('Retry answers 409 until the order, its mapping or a QuickBooks entry it names changes (or the person confirms)', async () => {
    h = await world({ mirrorIntervalSeconds: 0 });
    const ss = h.ss!;
    const item = h.company.items().find((i) => i.ItemType === 'Inventory' && i.IsActive)!;
    const person = h.company.customers().find((c) => c.Email && c.IsActive && !c.FullName.includes(':'))!;
    const refuse = () =>
      (h!.company.faults.forcedStatuses ??= []).push({
        requestType: 'SalesReceiptAddRq',
        statusCode: 3180,
        statusMessage:
          'There was an error when saving a Sales Receipt. QuickBooks error message: Item has no income account.',
      });
    refuse();
    const made = ['7401', '7402'].map((n) =>
      ss.createOrderWithNumber(ss.stores()[0]!.storeId, n, {
        items: [{ sku: item.Name, quantity: 1, unitPrice: 10 }],
        customers: [{ name: person.FullName, email: person.Email! }],
        discount: false,
        taxAmount: 0,
        shippingAmount: 0,
      }),
    );
    refuse(); // one refusal for each order
    ss.shipOrders(made.map((o) => o.orderId));
    await sync(h);
    await h.session();
    for (const n of ['7401', '7402']) {
      const row = (await orders(h, `&search=${n}`)).orders[0]!;
      expect(row.status).toBe('failed');
      const f = row.flags.find((x) => x.reason === 'quickbooks_error')!;
      expect(f.detail).toContain('(3180)');
      expect(f.detail).toContain('not sent again');
    }
    const logFrom = h.company.requestLog.length;
    const retry = (orderId: number, confirmResend?: boolean) =>
      h!.api<{ error?: { code: string; message: string } }>('/api/orders/resolve', {
        method: 'POST',
        body: { action: 'retry', orderId: String(orderId), confirmResend },
      });

    // Nothing changed: Retry says so and sends nothing.
    const r1 = await retry(made[0]!.orderId);
    expect(r1.status).toBe(409);
    expect(JSON.stringify(r1.body)).toContain('Item has no income account');
    await h.session();
    expect(h.company.requestLog.slice(logFrom).flatMap((e) => e.types)).not.toContain('SalesReceiptAddRq');

    // The person confirms: sent again, and this time QuickBooks takes it.
    expect((await retry(made[0]!.orderId, true)).status).toBe(200);
    await h.session();
    expect((await orders(h, '&search=7401')).orders[0]!.status).toBe('posted');

    // The item is edited in QuickBooks (the next update reads it): Retry goes through without a question.
    h.company.modifyItem(item.ListID, { description: 'Now with an income account' });
    await h.session();
    expect((await retry(made[1]!.orderId)).status).toBe(200);
    await h.session();
    expect((await orders(h, '&search=7402')).orders[0]!.status).toBe('posted');
    expect(h.company.salesReceipts().filter((t) => t.RefNumber === '7402').length).toBe(1);
  });
});
