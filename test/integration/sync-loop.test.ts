import { afterEach, describe, expect, it } from 'vitest';
import { qbRefNumberFor } from '../../src-main/engine/qbxml';
import { type Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the sync: validate, flag, post exactly once, correct as updates', () => {
  it('posts shipped orders once, flags unknown SKUs, and never duplicates', async () => {
    h = await world();
    const ss = h.ss!;
    const good = ss.createOrders(12);
    const bad = ss.createOrders(1, { skus: ['NOT-IN-QB-1'] });
    const s1 = await sync(h);
    expect(s1.ok).toBe(true);
    let page = await orders(h);
    const flagged = page.orders.filter((o) => o.status === 'flagged');
    expect(flagged.map((o) => o.orderId)).toEqual([String(bad[0]!.orderId)]);
    expect(flagged[0]!.flags).toEqual([
      expect.objectContaining({
        reason: 'unknown_item',
        detail: expect.stringContaining('NOT-IN-QB-1'),
        data: expect.objectContaining({ sku: 'NOT-IN-QB-1' }),
      }),
    ]);
    expect(page.orders.filter((o) => o.status === 'validated').length).toBe(12);

    ss.shipOrders(good.slice(0, 5).map((o) => o.orderId));
    ss.shipOrders([bad[0]!.orderId]);
    await sync(h);
    page = await orders(h, '&status=queued');
    expect(page.total).toBe(5);
    const r = await h.session();
    expect(r.outcome).toBe('completed');
    page = await orders(h, '&status=posted');
    expect(page.total).toBe(5);
    expect(page.orders.every((o) => o.qbTxnId)).toBe(true);
    const receipts = h.company.salesReceipts();
    expect(receipts.length).toBe(5);
    expect(new Set(receipts.map((t) => t.RefNumber)).size).toBe(5);
    for (const o of good.slice(0, 5)) {
      // Long (marketplace) order numbers go under their short key, the full number in the memo.
      const txn = receipts.find((t) => t.RefNumber === qbRefNumberFor(o.orderNumber).refNumber)!;
      expect(txn).toBeDefined();
      expect(txn.Memo).toContain(`ShipStation order ${o.orderNumber}`);
    }
    // Nothing more to do: sync and session again add nothing.
    await sync(h);
    await h.session();
    expect(h.company.salesReceipts().length).toBe(5);
    // The flagged order was never posted.
    expect(receipts.some((t) => t.RefNumber === qbRefNumberFor(bad[0]!.orderNumber).refNumber)).toBe(false);
  });

  it('resolving a flag by mapping the SKU moves the order on and it posts at the next QBWC cycle', async () => {
    h = await world();
    const ss = h.ss!;
    const [o] = ss.createOrders(1, { skus: ['MYSTERY-SKU'] });
    ss.shipOrders([o!.orderId]);
    await sync(h);
    const item = h.company.items().find((i) => i.ItemType === 'NonInventory' && i.IsActive)!;
    const res = await h.api<{ ok: boolean; status: string }>('/api/orders/resolve', {
      method: 'POST',
      body: { action: 'map_item', orderId: String(o!.orderId), sku: 'MYSTERY-SKU', listId: item.ListID },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('queued');
    await h.session();
    const page = await orders(h, '&status=posted');
    expect(page.orders.map((x) => x.orderId)).toEqual([String(o!.orderId)]);
    // Remembered: a new order with that SKU validates without help.
    ss.createOrders(1, { skus: ['MYSTERY-SKU'] });
    await sync(h);
    expect((await orders(h, '&status=flagged')).total).toBe(0);
  });

  it('flows corrections as updates: an edit after posting and a voided label change the same transaction', async () => {
    h = await world({ txnType: 'Invoice' });
    const ss = h.ss!;
    const [o] = ss.createOrders(1);
    const [label] = ss.shipOrders([o!.orderId]);
    await sync(h);
    await h.session();
    expect(h.company.invoices().length).toBe(1);
    const txnId = h.company.invoices()[0]!.TxnID;
    // Void the label: the order goes back to awaiting shipment; the invoice is zeroed, not deleted or duplicated.
    ss.voidShipment(label!.shipmentId);
    await sync(h);
    await h.session();
    let inv = h.company.invoices();
    expect(inv.length).toBe(1);
    expect(inv[0]!.TxnID).toBe(txnId);
    expect(inv[0]!.Memo).toMatch(/VOID/);
    // Shipped again later: the same invoice comes back to life.
    ss.shipOrders([o!.orderId]);
    await sync(h);
    await h.session();
    inv = h.company.invoices();
    expect(inv.length).toBe(1);
    expect(inv[0]!.Memo).not.toMatch(/VOID/);
    const audit = await h.api<{ entries: { event: string }[] }>(
      `/api/audit?orderNumber=${encodeURIComponent(o!.orderNumber)}`,
    );
    const events = audit.body.entries.map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['posted', 'correction-queued', 'voided', 'corrected']));
  });

  it('re-reads the EditSequence and retries when QuickBooks says 3200 (edited there meanwhile)', async () => {
    h = await world();
    const ss = h.ss!;
    const [o] = ss.createOrders(1);
    const [label] = ss.shipOrders([o!.orderId]);
    await sync(h);
    await h.session();
    ss.voidShipment(label!.shipmentId);
    await sync(h);
    h.company.faults.staleEditSequenceOnce = true;
    const r = await h.session();
    expect(r.outcome).toBe('completed');
    expect(h.company.salesReceipts().length).toBe(1);
    expect(h.company.salesReceipts()[0]!.Memo).toMatch(/VOID/);
    expect(h.engine.outbox.counts().failed).toBe(0);
  });

  it('a crash between sending an Add and storing its answer: no duplicate, nothing lost', async () => {
    h = await world({ mirrorIntervalSeconds: 3600 });
    const ss = h.ss!;
    const made = ss.createOrders(3);
    ss.shipOrders(made.map((o) => o.orderId));
    await sync(h);
    // The first request asks QuickBooks for the RefNumbers (none there); the second adds them, and
    // QuickBooks applies the Adds, but the answer never reaches us (PC asleep / engine killed).
    const dropped = await h.session({ dropAfterRequests: 2, dropBeforeReceive: true });
    expect(dropped.outcome).toBe('dropped');
    expect(h.company.salesReceipts().length).toBe(3);
    await h.restart();
    const r = await h.session();
    expect(r.outcome).toBe('completed');
    expect(h.company.salesReceipts().length).toBe(3);
    const page = await orders(h, '&status=posted');
    expect(page.total).toBe(3);
    const audit = await h.api<{ entries: { event: string }[] }>('/api/audit?category=sync&limit=500');
    expect(audit.body.entries.filter((e) => e.event === 'already-posted').length).toBe(3);
  });

  it('notices a posted transaction deleted in QuickBooks, flags it, and posts again only on Retry', async () => {
    h = await world();
    const ss = h.ss!;
    const [o] = ss.createOrders(1);
    ss.shipOrders([o!.orderId]);
    await sync(h);
    await h.session();
    const txn = h.company.salesReceipts()[0]!;
    h.company.deleteTxn(txn.TxnID);
    await h.session();
    let page = await orders(h, '&status=failed');
    expect(page.orders.map((x) => x.orderId)).toEqual([String(o!.orderId)]);
    expect(page.orders[0]!.flags[0]!.detail).toMatch(/deleted in QuickBooks/);
    // Not re-posted behind the bookkeeper's back.
    await sync(h);
    await h.session();
    expect(h.company.salesReceipts().length).toBe(0);
    await h.api('/api/orders/resolve', {
      method: 'POST',
      body: { action: 'retry', orderId: String(o!.orderId) },
    });
    await h.session();
    expect(h.company.salesReceipts().length).toBe(1);
    page = await orders(h, '&status=posted');
    expect(page.total).toBe(1);
  });

  it('backfills a chosen past range past the start date, with the same dedup', async () => {
    let now: Date | null = new Date('2025-06-15T18:00:00Z');
    h = await world({ now: () => now ?? new Date() });
    await h.api('/api/settings/posting', { method: 'POST', body: { startDate: '2026-01-01' } });
    const ss = h.ss!;
    // Last June, before the merchant switched to ml-connector.
    const [old] = ss.createOrders(1);
    ss.shipOrders([old!.orderId], { shipDate: '2025-06-15' });
    now = null;
    ss.createOrders(1);
    await sync(h);
    await h.session();
    // Outside the first poll's look-back: not even ingested.
    expect(h.company.salesReceipts().length).toBe(0);
    expect(h.engine.orders.getOrder(String(old!.orderId))).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const r = await h.api<{ orders: number; reconcile: { queued: number } }>('/api/backfill', {
        method: 'POST',
        body: { from: '2025-06-01', to: '2025-06-30' },
      });
      expect(r.status).toBe(200);
      expect(r.body.orders).toBe(1);
      await h.session();
    }
    const receipts = h.company.salesReceipts();
    expect(receipts.length).toBe(1);
    expect(receipts[0]!.TxnDate).toBe('2025-06-15');
  });

  it('pausing stops handing work to QuickBooks until resumed', async () => {
    h = await world();
    const ss = h.ss!;
    const [o] = ss.createOrders(1);
    ss.shipOrders([o!.orderId]);
    await sync(h);
    await h.api('/api/sync/pause', { method: 'POST', body: { paused: true } });
    const r = await h.session();
    expect(r.outcome).toBe('no-work');
    expect(h.company.salesReceipts().length).toBe(0);
    expect((await h.api<{ paused: boolean }>('/api/status')).body.paused).toBe(true);
    await h.api('/api/sync/pause', { method: 'POST', body: { paused: false } });
    expect((await h.session()).outcome).toBe('completed');
    expect(h.company.salesReceipts().length).toBe(1);
  });

  it('one QuickBooks customer per store: unmapped stores are flagged, a mapping posts every order of the store', async () => {
    h = await world();
    await h.api('/api/settings/matching', { method: 'POST', body: { customerStrategy: 'per-store' } });
    const ss = h.ss!;
    const made = ss.createOrders(2, { storeId: ss.stores()[0]!.storeId });
    ss.shipOrders(made.map((o) => o.orderId));
    await sync(h);
    let page = await orders(h, '&status=flagged');
    expect(page.total).toBe(2);
    expect(page.orders[0]!.flags[0]!.reason).toBe('unknown_customer');
    expect(page.orders[0]!.flags[0]!.detail).toMatch(/Store .* has no QuickBooks customer/);
    const web = h.company.customers().find((c) => c.IsActive && !c.FullName.includes(':'))!;
    await h.api('/api/orders/resolve', {
      method: 'POST',
      body: {
        action: 'map_customer',
        orderId: String(made[0]!.orderId),
        listId: web.ListID,
        remember: 'store',
      },
    });
    page = await orders(h, '&status=queued');
    expect(page.total).toBe(2);
    await h.session();
    const receipts = h.company.salesReceipts();
    expect(receipts.length).toBe(2);
    expect(receipts.every((r) => r.CustomerListID === web.ListID)).toBe(true);
  });

  it('dry run previews without posting; a start date keeps earlier shipments out', async () => {
    h = await world();
    await h.api('/api/settings/posting', { method: 'POST', body: { dryRun: true } });
    const ss = h.ss!;
    const [o] = ss.createOrders(1);
    ss.shipOrders([o!.orderId]);
    await sync(h);
    await h.session();
    expect(h.company.salesReceipts().length).toBe(0);
    const detail = await h.api<{ preview: { txnType: string; total: number } | null }>(
      `/api/orders/detail?orderId=${o!.orderId}`,
    );
    expect(detail.body.preview?.txnType).toBe('SalesReceipt');
    await h.api('/api/settings/posting', {
      method: 'POST',
      body: { dryRun: false, startDate: '2099-01-01' },
    });
    await sync(h);
    await h.session();
    expect(h.company.salesReceipts().length).toBe(0);
    expect((await orders(h, '&status=ignored')).total).toBe(1);
  });

  it('flags an unknown customer and never creates one unless asked with confirm', async () => {
    h = await world();
    const ss = h.ss!;
    const [o] = ss.createOrders(1, { customers: [{ name: 'Zed Stranger', email: 'zed@nowhere.example' }] });
    await sync(h);
    let page = await orders(h, '&status=flagged');
    expect(page.orders[0]!.flags[0]!.reason).toBe('unknown_customer');
    expect(page.orders[0]!.flags[0]!.detail).toContain('zed@nowhere.example');
    const before = h.company.customers().length;
    await h.session();
    expect(h.company.customers().length).toBe(before);
    const noConfirm = await h.api('/api/orders/resolve', {
      method: 'POST',
      body: { action: 'create_customer', orderId: String(o!.orderId), name: 'Zed Stranger' },
    });
    expect(noConfirm.status).toBe(400);
    const ok = await h.api('/api/orders/resolve', {
      method: 'POST',
      body: {
        action: 'create_customer',
        orderId: String(o!.orderId),
        name: 'Zed Stranger',
        email: 'zed@nowhere.example',
        confirm: true,
      },
    });
    expect(ok.status).toBe(200);
    await h.session();
    expect(h.company.customers().length).toBe(before + 1);
    page = await orders(h, '&status=validated');
    expect(page.orders.map((x) => x.orderId)).toContain(String(o!.orderId));
  });
});

describe('reports, audit export, inventory and schedules over the API', () => {
  it('month-end report matches what was shipped and posted; audit and report export as CSV', async () => {
    h = await world();
    const ss = h.ss!;
    const made = ss.createOrders(4);
    ss.shipOrders(made.slice(0, 3).map((o) => o.orderId));
    await sync(h);
    // One of the three does not reach QuickBooks before month end.
    const late = made[2]!;
    h.engine.db.prepare(`UPDATE outbox SET status = 'failed' WHERE order_number = ?`).run(late.orderNumber);
    await h.session();
    const today = new Date();
    const from = new Date(today.getTime() - 40 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(today.getTime() + 40 * 86_400_000).toISOString().slice(0, 10);
    const r = await h.api<{
      report: { totals: { shipped: number; posted: number; matched: number; missing: number } };
      csv: string;
    }>(`/api/reports/reconciliation?from=${from}&to=${to}&format=csv`);
    expect(r.status).toBe(200);
    expect(r.body.report.totals).toMatchObject({ shipped: 3, posted: 2, matched: 2, missing: 1 });
    expect(r.body.csv.split('\r\n')[0]).toMatch(/kind/);
    expect(r.body.csv).toContain(late.orderNumber);
    const bad = await h.api(`/api/reports/reconciliation?from=2026-13-01&to=${to}`);
    expect(bad.status).toBe(400);

    const audit = await h.api<{ csv: string; rows: number }>(
      `/api/audit/export?orderNumber=${encodeURIComponent(made[0]!.orderNumber)}`,
    );
    const lines = audit.body.csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,level,category,event,orderNumber,ssRef,qbRef,statusCode,message');
    expect(lines.length).toBe(audit.body.rows + 1);
    expect(audit.body.csv).toMatch(/,posted,/);
  });

  it('runs an inventory reconciliation and records it in the audit trail', async () => {
    h = await world();
    h.ss!.createOrders(5);
    await sync(h);
    const r = await h.api<{ report: { skus: { sku: string; onHand: number | null; openDemand: number }[] } }>(
      '/api/inventory/run',
      {
        method: 'POST',
        body: {},
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.report.skus.length).toBeGreaterThan(0);
    expect(r.body.report.skus.every((s) => s.onHand !== null)).toBe(true);
    expect(r.body.report.skus.reduce((n, s) => n + s.openDemand, 0)).toBeGreaterThan(0);
    const audit = await h.api<{ entries: { event: string }[] }>('/api/audit?category=sync');
    expect(audit.body.entries.some((e) => e.event === 'inventory-reconciliation')).toBe(true);
  });

  it('validates and saves schedules', async () => {
    h = await world();
    const bad = await h.api('/api/settings/schedules', {
      method: 'POST',
      body: { poll: 'every five minutes' },
    });
    expect(bad.status).toBe(400);
    const ok = await h.api<{ poll: string }>('/api/settings/schedules', {
      method: 'POST',
      body: { poll: '*/10 * * * *' },
    });
    expect(ok.body.poll).toBe('*/10 * * * *');
    expect((await h.api<{ poll: string }>('/api/settings/schedules')).body.poll).toBe('*/10 * * * *');
  });
});
