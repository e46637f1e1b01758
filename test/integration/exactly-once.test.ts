/**
 * Issue 9, "Exactly once": each defect reproduced over real sockets (QBWC client → engine → QuickBooks
 * company simulator; engine → ShipStation simulator). The oracle is the simulators' own state: the
 * orders here use short numbers, so QuickBooks' RefNumber is the order number itself and nothing is
 * derived with engine code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesTxnRecord } from '../../src-main/simulators/qb-company/model';
import type { SimItemSpec } from '../../src-main/simulators/shipstation/model';
import { api as contract } from '../../shared/api';
import { PASSWORD, USER, type Harness } from '../helpers/harness';
import { orders, sync, world, type OrdersPage } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Two sellable items of the same price and two customers the QuickBooks company knows. */
function cast(x: Harness) {
  const inv = x.company
    .items()
    .filter((i) => i.ItemType === 'Inventory' && i.IsActive)
    .slice(0, 8);
  const people = x.company
    .customers()
    .filter((c) => c.Email && c.IsActive && !c.FullName.includes(':'))
    .slice(0, 10);
  return {
    itemA: inv[0]!,
    itemB: inv[1]!,
    alice: { name: people[0]!.FullName, email: people[0]!.Email!, listId: people[0]!.ListID },
    bob: { name: people[1]!.FullName, email: people[1]!.Email!, listId: people[1]!.ListID },
    storeId: x.ss!.stores()[0]!.storeId,
    otherStoreId: x.ss!.stores()[1]?.storeId,
  };
}

const plain = { discount: false, taxAmount: 0, shippingAmount: 0 } as const;
const line = (sku: string, unitPrice = 20, quantity = 1): SimItemSpec => ({ sku, quantity, unitPrice });

const byRef = (txns: SalesTxnRecord[], refNumber: string): SalesTxnRecord[] =>
  txns.filter((t) => t.RefNumber === refNumber);
const itemIds = (t: SalesTxnRecord): (string | undefined)[] =>
  t.lines.flatMap((l) => (l.kind === 'line' ? [l.ItemListID] : []));

async function order(x: Harness, orderNumber: string): Promise<OrdersPage['orders'][number]> {
  const page = await orders(x, `&search=${encodeURIComponent(orderNumber)}`);
  const found = page.orders.filter((o) => o.orderNumber === orderNumber);
  expect(found.length).toBe(1);
  return found[0]!;
}

async function events(x: Harness, orderNumber: string): Promise<string[]> {
  const r = await x.api<{ entries: { event: string }[] }>(
    `/api/audit?orderNumber=${encodeURIComponent(orderNumber)}&limit=500`,
  );
  return r.body.entries.map((e) => e.event);
}

async function resolve(x: Harness, body: Record<string, unknown>): Promise<void> {
  const r = await x.api('/api/orders/resolve', { method: 'POST', body });
  expect(r.status).toBe(200);
}

describe('exactly once (issue 9)', () => {
  it('defect 1: a correction keeping ship date, total and line count (new customer, same-price SKU) updates the transaction', async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '5101', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    const [label] = ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    const before = byRef(h.company.salesReceipts(), '5101');
    expect(before.length).toBe(1);
    expect(before[0]!.CustomerListID).toBe(c.alice.listId);

    ss.voidShipment(label!.shipmentId);
    ss.editOrder(o.orderId, {
      items: [line(c.itemB.Name)],
      customerEmail: c.bob.email,
      billTo: { name: c.bob.name },
      shipTo: { name: c.bob.name },
    });
    ss.shipOrders([o.orderId], { shipDate: label!.shipDate ?? undefined });
    await sync(h);
    await h.session();

    const after = byRef(h.company.salesReceipts(), '5101');
    expect(after.length).toBe(1);
    expect(after[0]!.TxnID).toBe(before[0]!.TxnID);
    expect(after[0]!.CustomerListID).toBe(c.bob.listId);
    expect(itemIds(after[0]!)).toEqual([c.itemB.ListID]);
    expect((await order(h, '5101')).status).toBe('posted');
  });

  it('defect 2: a transaction deleted in QuickBooks stays deleted when other flags are resolved or the order is touched, until Retry', async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    const a = ss.createOrderWithNumber(c.storeId, '5201', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    ss.shipOrders([a.orderId]);
    await sync(h);
    await h.session();
    h.company.deleteTxn(byRef(h.company.salesReceipts(), '5201')[0]!.TxnID);
    await h.session();
    expect((await order(h, '5201')).status).toBe('failed');

    // Someone resolves another order's flag with "remember" (every open order gets another look)…
    const b = ss.createOrderWithNumber(c.storeId, '5202', {
      ...plain,
      items: [line('NOT-IN-QB-52')],
      customers: [c.alice],
    });
    await sync(h);
    await resolve(h, {
      action: 'map_item',
      orderId: String(b.orderId),
      sku: 'NOT-IN-QB-52',
      listId: c.itemB.ListID,
    });
    // …and ShipStation touches the deleted order's record.
    ss.touchOrder(a.orderId);
    await sync(h);
    await h.session();
    await h.session();
    expect(byRef(h.company.salesReceipts(), '5201').length).toBe(0);
    expect((await order(h, '5201')).status).toBe('failed');

    await resolve(h, { action: 'retry', orderId: String(a.orderId) });
    await h.session();
    expect(byRef(h.company.salesReceipts(), '5201').length).toBe(1);
    expect((await order(h, '5201')).status).toBe('posted');
  });

  it('defect 3a: a transaction entered by hand with the RefNumber is never duplicated; the order waits for a person', async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    h.company.enterSalesReceipt({
      customer: c.alice.listId,
      refNumber: '5301',
      lines: [{ item: c.itemA.ListID, quantity: 1, rate: 20 }],
    });
    const o = ss.createOrderWithNumber(c.storeId, '5301', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    await sync(h);
    await h.session();
    expect(byRef(h.company.salesReceipts(), '5301').length).toBe(1);
    expect(byRef(h.company.salesReceipts(), '5301')[0]!.createdVia).toBe('user');
    const row = await order(h, '5301');
    expect(row.status).toBe('flagged');
    expect(row.flags.map((f) => f.reason)).toContain('foreign_transaction');
  });

  it('defect 3b: Add applied, answer lost, QuickBooks busy until the job fails, Retry: still one transaction', async () => {
    h = await world({ mirrorIntervalSeconds: 3600 });
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '5302', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    // Request 1 asks for RefNumber 5302 (none), request 2 adds it; its answer never arrives.
    expect((await h.session({ dropAfterRequests: 2, dropBeforeReceive: true })).outcome).toBe('dropped');
    expect(byRef(h.company.salesReceipts(), '5302').length).toBe(1);
    await h.restart();
    h.company.faults.busy = true;
    for (let i = 0; i < 8 && (await order(h, '5302')).status !== 'failed'; i++) await h.session();
    expect((await order(h, '5302')).status).toBe('failed');
    h.company.faults.busy = false;
    await resolve(h, { action: 'retry', orderId: String(o.orderId) });
    await h.session();
    expect(byRef(h.company.salesReceipts(), '5302').length).toBe(1);
    expect((await order(h, '5302')).status).toBe('posted');
  });

  it('defect 4: dry run never writes to QuickBooks, corrections and already-queued posts included', async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    const a = ss.createOrderWithNumber(c.storeId, '5401', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    const [label] = ss.shipOrders([a.orderId]);
    const b = ss.createOrderWithNumber(c.storeId, '5402', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    await sync(h);
    await h.session();
    const posted = byRef(h.company.salesReceipts(), '5401')[0]!;
    ss.shipOrders([b.orderId]);
    await sync(h); // 5402 queued for QuickBooks…
    const r = await h.api('/api/settings/posting', { method: 'POST', body: { dryRun: true } });
    expect(r.status).toBe(200);
    const logFrom = h.company.requestLog.length;
    ss.voidShipment(label!.shipmentId); // …and 5401 voided: a correction.
    await sync(h);
    await h.session();
    await h.session();
    expect(byRef(h.company.salesReceipts(), '5402').length).toBe(0);
    const still = byRef(h.company.salesReceipts(), '5401');
    expect(still.length).toBe(1);
    expect(still[0]!.EditSequence).toBe(posted.EditSequence);
    const written = h.company.requestLog
      .slice(logFrom)
      .flatMap((e) => e.types)
      .filter((t) => /(Add|Mod)Rq$/.test(t));
    expect(written).toEqual([]);

    await h.api('/api/settings/posting', { method: 'POST', body: { dryRun: false } });
    await sync(h);
    await h.session();
    expect(byRef(h.company.salesReceipts(), '5402').length).toBe(1);
    expect(byRef(h.company.salesReceipts(), '5401')[0]!.Memo).toMatch(/VOID/);
  });

  it("defect 5: one order number in two stores flags both stores' orders, and Ignore on one posts the other", async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    expect(c.otherStoreId).toBeDefined();
    const a = ss.createOrderWithNumber(c.storeId, '5501', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    const b = ss.createOrderWithNumber(c.otherStoreId!, '5501', {
      ...plain,
      items: [line(c.itemB.Name)],
      customers: [c.bob],
    });
    ss.shipOrders([a.orderId, b.orderId]);
    await sync(h);
    await h.session();
    const page = await orders(h, '&search=5501');
    const both = page.orders.filter((o) => o.orderNumber === '5501');
    expect(both.length).toBe(2);
    for (const o of both) {
      expect(o.status).toBe('flagged');
      expect(o.flags.map((f) => f.reason)).toContain('order_number_collision');
    }
    expect(byRef(h.company.salesReceipts(), '5501').length).toBe(0);

    await resolve(h, { action: 'ignore', orderId: String(b.orderId) });
    await sync(h);
    await h.session();
    const receipts = byRef(h.company.salesReceipts(), '5501');
    expect(receipts.length).toBe(1);
    expect(receipts[0]!.CustomerListID).toBe(c.alice.listId);
    const after = (await orders(h, '&search=5501')).orders.filter((o) => o.orderNumber === '5501');
    expect(after.find((o) => o.orderId === String(a.orderId))!.status).toBe('posted');
    expect(after.find((o) => o.orderId === String(b.orderId))!.status).toBe('ignored');
  });

  it('defect 6: an Add answered with a warning (530) is posted, keeps its TxnID, and a later change is a Mod', async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '5601', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    const [label] = ss.shipOrders([o.orderId]);
    await sync(h);
    h.company.faults.forcedWarnings = [{ requestType: 'SalesReceiptAddRq', statusCode: 530 }];
    await h.session();
    const txn = byRef(h.company.salesReceipts(), '5601');
    expect(txn.length).toBe(1);
    const row = await order(h, '5601');
    expect(row.status).toBe('posted');
    expect(row.qbTxnId).toBe(txn[0]!.TxnID);
    expect(await events(h, '5601')).toContain('quickbooks-warning');

    ss.voidShipment(label!.shipmentId);
    await sync(h);
    await h.session();
    const after = byRef(h.company.salesReceipts(), '5601');
    expect(after.length).toBe(1);
    expect(after[0]!.TxnID).toBe(txn[0]!.TxnID);
    expect(after[0]!.Memo).toMatch(/VOID/);
  });

  it('defect 6: a customer list answered with a warning still fills the mirror', async () => {
    h = await world({ mirrorIntervalSeconds: 0 });
    const ss = h.ss!;
    const c = cast(h);
    const fresh = h.company.addCustomer({ name: 'Warning Wanda', email: 'wanda@example.com' });
    h.company.faults.forcedWarnings = [{ requestType: 'CustomerQueryRq', statusCode: 530, times: 50 }];
    await h.session();
    const o = ss.createOrderWithNumber(c.storeId, '5602', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [{ name: 'Warning Wanda', email: 'wanda@example.com' }],
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    const receipts = byRef(h.company.salesReceipts(), '5602');
    expect(receipts.length).toBe(1);
    expect(receipts[0]!.CustomerListID).toBe(fresh.ListID);
  });
});

describe('exactly once: the smaller defects (issue 9, defect 7)', () => {
  it('a journal entry with a discount, Add applied and answer lost, is recognised as already posted (no needless Mod)', async () => {
    h = await world({ txnType: 'JournalEntry', mirrorIntervalSeconds: 3600 });
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '5701', {
      items: [line(c.itemA.Name, 30, 2)],
      discount: 5,
      taxAmount: 2.5,
      shippingAmount: 4,
      customers: [c.alice],
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    expect((await h.session({ dropAfterRequests: 2, dropBeforeReceive: true })).outcome).toBe('dropped');
    const je = h.company.journalEntries().filter((t) => t.RefNumber === '5701');
    expect(je.length).toBe(1);
    await h.restart();
    await h.session();
    const after = h.company.journalEntries().filter((t) => t.RefNumber === '5701');
    expect(after.length).toBe(1);
    expect(after[0]!.EditSequence).toBe(je[0]!.EditSequence);
    const ev = await events(h, '5701');
    expect(ev).toContain('already-posted');
    expect(ev).not.toContain('corrected');
  });

  it('a request QBWC asks for again (its answer never delivered) comes back uncertain: QuickBooks is read before any new Add', async () => {
    h = await world({ mirrorIntervalSeconds: 3600 });
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '5702', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    const client = h.soapClient();
    const [ticket] = await client.authenticate(USER, PASSWORD);
    let reasked = false;
    for (let i = 0; i < 20; i++) {
      const rq = await client.sendRequestXML(
        ticket!,
        i === 0 ? h.company.hostQueryResponseXml() : '',
        h.company.companyFile,
        'US',
        13,
        0,
      );
      if (!rq) break;
      const rs = await h.company.handleRequestXml(rq);
      if (!reasked && rq.includes('<SalesReceiptAddRq')) {
        // QuickBooks ran the Add; QBWC could not hand the answer over and asks for the next request.
        reasked = true;
        continue;
      }
      const pct = await client.receiveResponseXML(ticket!, rs, '', '');
      if (pct < 0 || pct >= 100) break;
    }
    await client.closeConnection(ticket!);
    expect(reasked).toBe(true);
    expect(byRef(h.company.salesReceipts(), '5702').length).toBe(1);
    expect((await order(h, '5702')).status).toBe('posted');
  });

  it('the nightly inventory check runs on the fresh item list it asked for, not before', async () => {
    h = await world({ mirrorIntervalSeconds: 3600 });
    const ss = h.ss!;
    const c = cast(h);
    ss.createOrderWithNumber(c.storeId, '5704', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    await sync(h);
    h.company.modifyItem(c.itemA.ListID, { quantityOnHand: 77 });
    const latest = async () =>
      (
        await h!.api<{ report: { trigger: string; skus: { sku: string; onHand: number | null }[] } | null }>(
          '/api/inventory',
        )
      ).body.report;
    await h.engine.runScheduled('nightly');
    expect((await latest())?.trigger).not.toBe('nightly');
    await h.session();
    const report = await latest();
    expect(report?.trigger).toBe('nightly');
    expect(report?.skus.find((x) => x.sku === c.itemA.Name)?.onHand).toBe(77);
  });

  it('a journal entry posting is not counted as stock QuickBooks deducted', async () => {
    h = await world({ txnType: 'JournalEntry' });
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '5703', {
      ...plain,
      items: [line(c.itemA.Name, 20, 3)],
      customers: [c.alice],
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    expect((await order(h, '5703')).status).toBe('posted');
    const r = await h.api<{ report: { skus: { sku: string; shippedNotPosted: number }[] } }>(
      '/api/inventory/run',
      {
        method: 'POST',
        body: {},
      },
    );
    const sku = r.body.report.skus.find((x) => x.sku === c.itemA.Name);
    expect(sku?.shippedNotPosted).toBe(3);
  });
});

describe('QuickBooks as the witness: hand edits (issue 9)', () => {
  it('a transaction changed by hand in QuickBooks holds its order for review (paged watch); Retry puts ShipStation back, our own corrections are not hand edits', async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    const made = Array.from({ length: 120 }, (_, i) =>
      ss.createOrderWithNumber(c.storeId, String(6000 + i), {
        ...plain,
        items: [line(c.itemA.Name)],
        customers: [c.alice],
      }),
    );
    const labels = ss.shipOrders(made.map((o) => o.orderId));
    await sync(h);
    await h.session();
    expect(h.company.salesReceipts().filter((t) => t.RefNumber?.startsWith('6')).length).toBe(120);

    // A bookkeeper changes one; ShipStation voids another (our own correction, a Mod).
    const target = byRef(h.company.salesReceipts(), '6117')[0]!;
    h.company.modifyTxn(target.TxnID, { memo: 'Adjusted by the bookkeeper' });
    ss.voidShipment(labels.find((l) => l.orderId === made[3]!.orderId)!.shipmentId);
    await sync(h);
    const logFrom = h.company.requestLog.length;
    await h.session();
    // The watch read our 120 transactions in pages of 100.
    const watchPages = h.company.requestLog
      .slice(logFrom)
      .filter((e) => e.types.includes('SalesReceiptQueryRq')).length;
    expect(watchPages).toBeGreaterThanOrEqual(2);

    const held = await order(h, '6117');
    expect(held.status).toBe('flagged');
    expect(held.flags.map((f) => f.reason)).toContain('edited_in_quickbooks');
    expect(byRef(h.company.salesReceipts(), '6117')[0]!.Memo).toBe('Adjusted by the bookkeeper');
    expect((await order(h, '6003')).status).toBe('cancelled');
    expect((await order(h, '6003')).flags).toEqual([]);
    // Nothing else was mistaken for a hand edit.
    const flagged = (await orders(h, '&status=flagged')).orders.map((o) => o.orderNumber);
    expect(flagged).toEqual(['6117']);

    // Another session: still left alone.
    await h.session();
    expect(byRef(h.company.salesReceipts(), '6117')[0]!.Memo).toBe('Adjusted by the bookkeeper');

    await resolve(h, { action: 'retry', orderId: String(made[117]!.orderId) });
    await h.session();
    const back = byRef(h.company.salesReceipts(), '6117');
    expect(back.length).toBe(1);
    expect(back[0]!.TxnID).toBe(target.TxnID);
    expect(back[0]!.Memo).toContain('ShipStation order 6117');
    expect((await order(h, '6117')).status).toBe('posted');
  });

  it('Retry chosen during dry run is kept: the edit is not held again, and the figures go back once dry run ends', async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '6501', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    const t = byRef(h.company.salesReceipts(), '6501')[0]!;
    h.company.modifyTxn(t.TxnID, { memo: 'Checked by the bookkeeper' });
    await h.session();
    expect((await order(h, '6501')).flags.map((f) => f.reason)).toContain('edited_in_quickbooks');
    await h.api('/api/settings/posting', { method: 'POST', body: { dryRun: true } });
    await resolve(h, { action: 'retry', orderId: String(o.orderId) });
    await h.session();
    await h.session();
    expect((await order(h, '6501')).flags.map((f) => f.reason)).not.toContain('edited_in_quickbooks');
    expect(byRef(h.company.salesReceipts(), '6501')[0]!.Memo).toBe('Checked by the bookkeeper');
    await h.api('/api/settings/posting', { method: 'POST', body: { dryRun: false } });
    await h.session();
    expect(byRef(h.company.salesReceipts(), '6501')[0]!.Memo).toContain('ShipStation order 6501');
    expect((await order(h, '6501')).status).toBe('posted');
  });

  it("Ignore keeps the bookkeeper's version", async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '6201', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    const t = byRef(h.company.salesReceipts(), '6201')[0]!;
    h.company.modifyTxn(t.TxnID, { customer: c.bob.listId });
    await h.session();
    expect((await order(h, '6201')).flags.map((f) => f.reason)).toContain('edited_in_quickbooks');
    await resolve(h, { action: 'ignore', orderId: String(o.orderId) });
    await sync(h);
    await h.session();
    expect(byRef(h.company.salesReceipts(), '6201')[0]!.CustomerListID).toBe(c.bob.listId);
    expect((await order(h, '6201')).status).toBe('ignored');
  });

  it("the month-end report shows QuickBooks' own figures for a transaction changed there by hand", async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '6301', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    const [label] = ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    const t = byRef(h.company.salesReceipts(), '6301')[0]!;
    const first = t.lines.find((l) => l.kind === 'line')!;
    h.company.modifyTxn(t.TxnID, { lines: [{ txnLineId: first.TxnLineID, rate: 26 }] });
    await h.session();
    const day = label!.shipDate!.slice(0, 10);
    const r = await h.api<{
      report: {
        rows: {
          orderNumber: string;
          kind: string;
          quickBooksAmount: number | null;
          shipStationAmount: number | null;
          flags: string;
          note: string;
        }[];
      };
    }>(`/api/reports/reconciliation?from=${day}&to=${day}`);
    expect(r.status).toBe(200);
    const row = r.body.report.rows.find((x) => x.orderNumber === '6301')!;
    expect(row.kind).toBe('amount_difference');
    expect(row.shipStationAmount).toBe(20);
    expect(row.quickBooksAmount).toBe(
      byRef(h.company.salesReceipts(), '6301')[0]!.lines.reduce(
        (s, l) => s + (l.kind === 'line' ? l.Amount : 0),
        0,
      ),
    );
    expect(row.quickBooksAmount).toBe(26);
    expect(row.flags).toContain('edited_in_quickbooks');
    expect(row.note).toMatch(/by hand/);
  });

  it("order detail, month-end report and inventory answers fit their typed contract (QuickBooks' witness included)", async () => {
    h = await world();
    const ss = h.ss!;
    const c = cast(h);
    const o = ss.createOrderWithNumber(c.storeId, '6401', {
      ...plain,
      items: [line(c.itemA.Name)],
      customers: [c.alice],
    });
    const [label] = ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    const detail = await h.api(`/api/orders/detail?orderId=${o.orderId}`);
    const d = contract.orderDetail.output.parse(detail.body);
    expect(d.posting?.witness?.totalAmount).toBe(20);
    expect(d.posting?.witness?.txnId).toBe(byRef(h.company.salesReceipts(), '6401')[0]!.TxnID);
    const day = label!.shipDate!.slice(0, 10);
    const report = await h.api(`/api/reports/reconciliation?from=${day}&to=${day}`);
    expect(contract.reconciliationReport.output.parse(report.body).report.totals.matched).toBe(1);
    const inv = await h.api('/api/inventory/run', { method: 'POST', body: {} });
    expect(contract.runInventory.output.parse(inv.body).report.skus.length).toBeGreaterThan(0);
  });
});
