/**
 * Issue "Real QuickBooks lists" §3 and §6, over real sockets: an item or customer that exists in
 * QuickBooks but is inactive is matched and named in the flag, never reported as missing and never
 * posted to silently; mapping to it asks for confirmation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('inactive QuickBooks entries', () => {
  it('an order for an inactive item and customer is flagged as such; mapping to them needs a confirmation, then it posts', async () => {
    h = await world();
    const ss = h.ss!;
    const item = h.company.items().find((i) => i.ItemType === 'Inventory' && i.IsActive)!;
    const person = h.company.customers().find((c) => c.Email && c.IsActive && !c.FullName.includes(':'))!;
    h.company.modifyItem(item.ListID, { isActive: false });
    h.company.modifyCustomer(person.ListID, { isActive: false });
    await h.session();
    const o = ss.createOrderWithNumber(ss.stores()[0]!.storeId, '8101', {
      items: [{ sku: item.Name, quantity: 1, unitPrice: 10 }],
      customers: [{ name: person.FullName, email: person.Email! }],
      discount: false,
      taxAmount: 0,
      shippingAmount: 0,
    });
    ss.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    let row = (await orders(h, '&search=8101')).orders[0]!;
    expect(row.status).toBe('flagged');
    const byReason = Object.fromEntries(row.flags.map((f) => [f.reason, f.detail]));
    expect(byReason['inactive_item']).toContain(item.FullName);
    expect(byReason['inactive_customer']).toContain(person.FullName);
    expect(byReason['unknown_item']).toBeUndefined();
    expect(byReason['unknown_customer']).toBeUndefined();
    expect(h.company.salesReceipts().some((t) => t.RefNumber === '8101')).toBe(false);

    const mapItem = (confirmInactive?: boolean) =>
      h!.api('/api/orders/resolve', {
        method: 'POST',
        body: {
          action: 'map_item',
          orderId: String(o.orderId),
          sku: item.Name,
          listId: item.ListID,
          confirmInactive,
        },
      });
    expect((await mapItem()).status).toBe(409);
    expect((await mapItem(true)).status).toBe(200);
    const mapCustomer = (confirmInactive?: boolean) =>
      h!.api('/api/orders/resolve', {
        method: 'POST',
        body: { action: 'map_customer', orderId: String(o.orderId), listId: person.ListID, confirmInactive },
      });
    expect((await mapCustomer()).status).toBe(409);
    expect((await mapCustomer(true)).status).toBe(200);
    await h.session();
    row = (await orders(h, '&search=8101')).orders[0]!;
    expect(row.status).toBe('posted');
    expect(h.company.salesReceipts().filter((t) => t.RefNumber === '8101').length).toBe(1);
  });
});
