/**
 * Issue "Real QuickBooks lists" §4, §5 and §8, over real sockets: matching a bookkeeper can trust.
 * A name is never a silent match when the order's email is a marketplace relay or the QuickBooks
 * customer has another email; "remember for this store" works under per-order matching; every
 * address in a multi-address QuickBooks Email field matches. Oracle: the QuickBooks simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const plain = { discount: false, taxAmount: 0, shippingAmount: 0 } as const;

function setup(x: Harness) {
  const item = x.company.items().find((i) => i.ItemType === 'Inventory' && i.IsActive)!;
  return { item, storeId: x.ss!.stores()[0]!.storeId };
}

const receipt = (x: Harness, n: string) => x.company.salesReceipts().find((t) => t.RefNumber === n);

describe('customer matching a bookkeeper can trust', () => {
  it('an Amazon relay address never confirms a name: the order is flagged with the candidate, one click posts it', async () => {
    h = await world({ mirrorIntervalSeconds: 0 });
    const { item, storeId } = setup(h);
    const jane = h.company.addCustomer({ name: 'Jane Doe', email: 'jane.doe@gmail.com' });
    await h.session();
    const o = h.ss!.createOrderWithNumber(storeId, '8201', {
      ...plain,
      items: [{ sku: item.Name, quantity: 1, unitPrice: 10 }],
      customers: [{ name: 'Jane Doe', email: 'k3x9q2@marketplace.amazon.com' }],
    });
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    let row = (await orders(h, '&search=8201')).orders[0]!;
    expect(row.status).toBe('flagged');
    const flag = row.flags.find((f) => f.reason === 'unknown_customer')!;
    expect(flag.detail).toMatch(/Amazon relay/);
    expect(flag.data?.['candidates']).toEqual([expect.objectContaining({ listId: jane.ListID })]);
    expect(receipt(h, '8201')).toBeUndefined();
    const r = await h.api('/api/orders/resolve', {
      method: 'POST',
      body: { action: 'map_customer', orderId: String(o.orderId), listId: jane.ListID },
    });
    expect(r.status).toBe(200);
    await h.session();
    row = (await orders(h, '&search=8201')).orders[0]!;
    expect(row.status).toBe('posted');
    expect(receipt(h, '8201')?.CustomerListID).toBe(jane.ListID);
  });

  it('a name whose QuickBooks customer has another email is not a silent match either', async () => {
    h = await world({ mirrorIntervalSeconds: 0 });
    const { item, storeId } = setup(h);
    h.company.addCustomer({ name: 'Sam Rivera', email: 'sam@rivera.example' });
    await h.session();
    const o = h.ss!.createOrderWithNumber(storeId, '8202', {
      ...plain,
      items: [{ sku: item.Name, quantity: 1, unitPrice: 10 }],
      customers: [{ name: 'Sam Rivera', email: 'someone.else@example.org' }],
    });
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    const row = (await orders(h, '&search=8202')).orders[0]!;
    expect(row.status).toBe('flagged');
    expect(row.flags[0]!.detail).toMatch(/sam@rivera\.example/);
  });

  it('"remember for this store" under per-order matching resolves the order at once and matches the store\'s next order', async () => {
    h = await world({ mirrorIntervalSeconds: 0 });
    const { item, storeId } = setup(h);
    const house = h.company.addCustomer({ name: 'Web Store Sales' });
    await h.session();
    const mk = (n: string) =>
      h!.ss!.createOrderWithNumber(storeId, n, {
        ...plain,
        items: [{ sku: item.Name, quantity: 1, unitPrice: 10 }],
        customers: [{ name: `Buyer ${n}`, email: `buyer${n}@nowhere.example` }],
      });
    const a = mk('8301');
    h.ss!.shipOrders([a.orderId]);
    await sync(h);
    expect((await orders(h, '&search=8301')).orders[0]!.status).toBe('flagged');
    const r = await h.api<{ status: string }>('/api/orders/resolve', {
      method: 'POST',
      body: { action: 'map_customer', orderId: String(a.orderId), listId: house.ListID, remember: 'store' },
    });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('queued');
    const b = mk('8302');
    h.ss!.shipOrders([b.orderId]);
    await sync(h);
    await h.session();
    expect(receipt(h, '8301')?.CustomerListID).toBe(house.ListID);
    expect(receipt(h, '8302')?.CustomerListID).toBe(house.ListID);
  });

  it('every address in a QuickBooks Email field holding several matches', async () => {
    h = await world({ mirrorIntervalSeconds: 0 });
    const { item, storeId } = setup(h);
    const shop = h.company.addCustomer({
      name: 'Corner Shop',
      email: 'owner@corner.example; orders@corner.example',
    });
    const other = h.company.addCustomer({ name: 'Comma Co', email: 'a@comma.example, b@comma.example' });
    await h.session();
    const a = h.ss!.createOrderWithNumber(storeId, '8401', {
      ...plain,
      items: [{ sku: item.Name, quantity: 1, unitPrice: 10 }],
      customers: [{ name: 'Ordering Desk', email: 'Orders@Corner.example' }],
    });
    const b = h.ss!.createOrderWithNumber(storeId, '8402', {
      ...plain,
      items: [{ sku: item.Name, quantity: 1, unitPrice: 10 }],
      customers: [{ name: 'Bea', email: 'b@comma.example' }],
    });
    h.ss!.shipOrders([a.orderId, b.orderId]);
    await sync(h);
    await h.session();
    expect(receipt(h, '8401')?.CustomerListID).toBe(shop.ListID);
    expect(receipt(h, '8402')?.CustomerListID).toBe(other.ListID);
  });

  it("creating a customer whose name a vendor holds: QuickBooks' refusal replaces the flag's text, and the same request is not sent again", async () => {
    h = await world({ mirrorIntervalSeconds: 0 });
    const { item, storeId } = setup(h);
    h.company.addVendor('Acme Supplies');
    const o = h.ss!.createOrderWithNumber(storeId, '8501', {
      ...plain,
      items: [{ sku: item.Name, quantity: 1, unitPrice: 10 }],
      customers: [{ name: 'Acme Supplies', email: 'buyer@acme-supplies.example' }],
    });
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    const create = () =>
      h!.api('/api/orders/resolve', {
        method: 'POST',
        body: { action: 'create_customer', orderId: String(o.orderId), name: 'Acme Supplies', confirm: true },
      });
    expect((await create()).status).toBe(200);
    await h.session();
    expect(h.company.customers().some((c) => c.Name === 'Acme Supplies')).toBe(false);
    const row = (await orders(h, '&search=8501')).orders[0]!;
    expect(row.status).toBe('flagged');
    const flag = row.flags.find((f) => f.reason === 'unknown_customer')!;
    expect(flag.detail).toMatch(/already in use/);
    expect(flag.detail).toMatch(/vendors, employees and other names/);
    const again = await create();
    expect(again.status).toBe(409);
  });
});
