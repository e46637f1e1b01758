/**
 * Issue "Revenue as it really ships", the audit (revenue step 4): while an order stays flagged,
 * each QBWC session and poll re-checks it; the trail gets one reconcile line for that result, and the
 * next different result says how often it repeated, instead of two identical warnings per session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const reconcileLines = async (x: Harness) =>
  (
    await x.api<{ entries: { event: string; message: string }[] }>('/api/audit?category=sync&limit=500')
  ).body.entries.filter((e) => e.event === 'reconcile');

describe('repeated reconcile results fold', () => {
  it('one flagged order over several sessions writes one line; the next different result counts the repeats', async () => {
    h = await world({ mirrorIntervalSeconds: 0 });
    const ss = h.ss!;
    const person = h.company.customers().find((c) => c.Email && c.IsActive && !c.FullName.includes(':'))!;
    const item = h.company.items().find((i) => i.ItemType === 'Inventory' && i.IsActive)!;
    const order = (n: string, sku: string) =>
      ss.createOrderWithNumber(ss.stores()[0]!.storeId, n, {
        items: [{ sku, quantity: 1, unitPrice: 10 }],
        customers: [{ name: person.FullName, email: person.Email! }],
        discount: false,
        taxAmount: 0,
        shippingAmount: 0,
      });
    order('9201', 'NOT-IN-QB-1');
    await sync(h);
    for (let i = 0; i < 4; i++) {
      await h.session();
      await sync(h);
    }
    const before = await reconcileLines(h);
    expect(before.length).toBe(1);
    expect(before[0]!.message).toMatch(/1 flagged/);

    // Something new: a valid order ships and is queued.
    const o = order('9202', item.Name);
    ss.shipOrders([o.orderId]);
    await sync(h);
    const after = await reconcileLines(h);
    expect(after.length).toBe(2);
    expect(after.some((e) => /queued/.test(e.message) && /repeated \d+ more time/.test(e.message))).toBe(
      true,
    );
  });
});
