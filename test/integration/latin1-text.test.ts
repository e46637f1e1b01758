/**
 * Issue 10 §2, over real sockets: QuickBooks refuses a whole document holding a character above
 * U+00FF (0x80040400). Orders with "Men’s Tee", an emoji and CJK text post, with the rest of their
 * batch, and the original text stays in the audit; a request QuickBooks cannot read for another
 * reason sinks only its own job. Oracle: the QuickBooks simulator's own records.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function cast(x: Harness) {
  const item = x.company.items().find((i) => i.ItemType === 'Inventory' && i.IsActive)!;
  const person = x.company.customers().find((c) => c.Email && c.IsActive && !c.FullName.includes(':'))!;
  return { item, person, storeId: x.ss!.stores()[0]!.storeId };
}

describe('text QuickBooks can store (issue 10)', () => {
  it('a batch with “Men’s Tee”, an emoji and CJK text posts whole, folded, with the originals in the audit', async () => {
    h = await world({ mirrorIntervalSeconds: 3600 });
    const ss = h.ss!;
    const c = cast(h);
    const names = [
      'Men\u2019s Tee \u2013 \u201cCrew\u201d',
      'Gift set \u{1F381}',
      'T\u30b7\u30e3\u30c4 tee',
      'Plain tee',
    ];
    const made = names.map((name, i) =>
      ss.createOrderWithNumber(c.storeId, `75${i}1`, {
        items: [{ sku: c.item.Name, name, quantity: 1, unitPrice: 10 }],
        customers: [{ name: c.person.FullName, email: c.person.Email! }],
        discount: false,
        taxAmount: 0,
        shippingAmount: 0,
      }),
    );
    ss.shipOrders(made.map((o) => o.orderId));
    await sync(h);
    const logFrom = h.company.requestLog.length;
    const r = await h.session();
    expect(r.outcome).toBe('completed');
    // One query request and one Add request for all four: nothing refused, nothing split.
    expect(
      h.company.requestLog.slice(logFrom).filter((e) => e.types.includes('SalesReceiptAddRq')).length,
    ).toBe(1);
    const receipts = h.company.salesReceipts().filter((t) => made.some((o) => o.orderNumber === t.RefNumber));
    expect(receipts.length).toBe(4);
    const descs = receipts
      .flatMap((t) => t.lines.flatMap((l) => (l.kind === 'line' && l.Desc ? [l.Desc] : [])))
      .sort();
    expect(descs).toEqual(['Gift set', 'Men\'s Tee - "Crew"', 'Plain tee', 'T tee'].sort());
    const page = await orders(h, '&status=posted');
    expect(page.orders.filter((o) => made.some((m) => m.orderNumber === o.orderNumber)).length).toBe(4);
    // Posted once, and read back as matching: the next session changes nothing.
    await sync(h);
    await h.session();
    expect(
      h.company.salesReceipts().filter((t) => made.some((o) => o.orderNumber === t.RefNumber)).length,
    ).toBe(4);
    const audit = await h.api<{ entries: { event: string; message: string }[] }>(
      `/api/audit?orderNumber=7501&limit=50`,
    );
    const adjusted = audit.body.entries.find((e) => e.event === 'text-adjusted');
    expect(adjusted?.message).toContain('Men\u2019s Tee');
  });

  it('a request QuickBooks cannot read sinks only its own job: the batch is split and the rest post in the same session', async () => {
    h = await world({ mirrorIntervalSeconds: 3600 });
    const ss = h.ss!;
    const c = cast(h);
    const made = [1, 2, 3, 4, 5].map((i) =>
      ss.createOrderWithNumber(c.storeId, `760${i}`, {
        items: [{ sku: c.item.Name, quantity: 1, unitPrice: 10 }],
        customers: [{ name: c.person.FullName, email: c.person.Email! }],
        discount: false,
        taxAmount: 0,
        shippingAmount: 0,
      }),
    );
    ss.shipOrders(made.map((o) => o.orderId));
    await sync(h);
    h.company.faults.rejectDocumentsContaining = 'ShipStation order 7603';
    const r = await h.session();
    expect(r.outcome).toBe('completed');
    const posted = h.company.salesReceipts().map((t) => t.RefNumber);
    expect(posted.filter((n) => n?.startsWith('760')).sort()).toEqual(['7601', '7602', '7604', '7605']);
    const bad = (await orders(h, '&search=7603')).orders[0]!;
    expect(bad.status).toBe('failed');
    expect(bad.flags.map((f) => f.detail).join(' ')).toMatch(/0x80040400[\s\S]*on its own/);
    const audit = await h.api<{ entries: { event: string }[] }>('/api/audit?category=qbwc&limit=200');
    expect(audit.body.entries.some((e) => e.event === 'request-split')).toBe(true);
  });

  it('matches names after the same folding: “Renée’s Shop” and a decomposed “Zoë” find their QuickBooks customers', async () => {
    h = await world({ mirrorIntervalSeconds: 0 });
    const ss = h.ss!;
    const c = cast(h);
    const renee = h.company.addCustomer({ name: "Renée's Shop" });
    const zoe = h.company.addCustomer({ name: 'Zoë Adams' });
    await h.session();
    const mk = (num: string, name: string) =>
      ss.createOrderWithNumber(c.storeId, num, {
        items: [{ sku: c.item.Name, quantity: 1, unitPrice: 10 }],
        customers: [{ name, email: `${num}@nowhere.example` }],
        discount: false,
        taxAmount: 0,
        shippingAmount: 0,
      });
    const a = mk('7701', 'Ren\u00e9e\u2019s Shop');
    const b = mk('7702', 'Zoe\u0308 Adams');
    ss.shipOrders([a.orderId, b.orderId]);
    await sync(h);
    await h.session();
    const byRef = (n: string) => h!.company.salesReceipts().find((t) => t.RefNumber === n);
    expect(byRef('7701')?.CustomerListID).toBe(renee.ListID);
    expect(byRef('7702')?.CustomerListID).toBe(zoe.ListID);
  });
});
