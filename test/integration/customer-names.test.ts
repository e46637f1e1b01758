/**
 * Issue "Real QuickBooks lists" §7 and §9 (lists step 6), over real sockets: QuickBooks names are
 * unique across customers, vendors, employees and other names and hold 41 characters. Before a
 * CustomerAdd the engine checks the name against every list it mirrors, and a longer name gets a
 * unique short form, shown before creation. The oracle is the QuickBooks simulator's own lists.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface NamePlan {
  name: string;
  shortened: boolean;
  conflict: { list: string; name: string; active: boolean } | null;
}

async function setup() {
  const x = await world({ mirrorIntervalSeconds: 0 });
  x.company.addVendor('Arnold Oil');
  x.company.addEmployee('Pat Lee');
  x.company.addOtherName('Owner Draw');
  await x.session(); // the names mirror reads the three lists
  const item = x.company.items().find((i) => i.ItemType === 'Inventory' && i.IsActive)!;
  const place = (n: string, name: string, email: string) =>
    x.ss!.createOrderWithNumber(x.ss!.stores()[0]!.storeId, n, {
      items: [{ sku: item.Name, quantity: 1, unitPrice: 10 }],
      customers: [{ name, email }],
      discount: false,
      taxAmount: 0,
      shippingAmount: 0,
    });
  return { x, place };
}

const check = (x: Harness, name: string) =>
  x.api<NamePlan>('/api/qb/customers/name-check', { method: 'POST', body: { name } });
const create = (x: Harness, orderId: number, name: string) =>
  x.api<{ message?: string; error?: { message: string } }>('/api/orders/resolve', {
    method: 'POST',
    body: { action: 'create_customer', orderId: String(orderId), name, confirm: true },
  });

describe('creating customers QuickBooks will accept', () => {
  it('a name held by a vendor, an employee or an other name is refused before anything is sent', async () => {
    const s = await setup();
    h = s.x;
    const o = s.place('8601', 'pat lee', 'pat@example.net');
    await sync(h);
    for (const [name, list] of [
      ['pat lee', 'employee'],
      ['ARNOLD OIL', 'vendor'],
      ['Owner Draw', 'other name'],
    ] as const) {
      const plan = await check(h, name);
      expect(plan.body.conflict?.list).toBe(list);
      const r = await create(h, o.orderId, name);
      expect(r.status).toBe(409);
      expect(JSON.stringify(r.body)).toContain(`a${list === 'other name' ? 'n' : ''} ${list}`);
    }
    const logFrom = h.company.requestLog.length;
    await h.session();
    expect(h.company.requestLog.slice(logFrom).flatMap((e) => e.types)).not.toContain('CustomerAddRq');
    expect((await orders(h, '&search=8601')).orders[0]!.status).toBe('flagged');
  });

  it('an inactive customer holds its name too: create is refused, naming it', async () => {
    const s = await setup();
    h = s.x;
    const sleeper = h.company.customers().find((c) => c.IsActive && !c.FullName.includes(':'))!;
    h.company.modifyCustomer(sleeper.ListID, { isActive: false });
    await h.session();
    const o = s.place('8602', sleeper.FullName, 'someone-else@example.net');
    await sync(h);
    const r = await create(h, o.orderId, sleeper.FullName);
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.body)).toContain('customer (inactive)');
  });

  it('names over 41 characters get a unique short form, shown before creation, and both customers are created', async () => {
    const s = await setup();
    h = s.x;
    const west = 'Northwind Traders International Holdings Group West';
    const east = 'Northwind Traders International Holdings Group East';
    const a = s.place('8603', west, 'west@northwind.example');
    const b = s.place('8604', east, 'east@northwind.example');
    await sync(h);

    const planA = (await check(h, west)).body;
    expect(planA.shortened).toBe(true);
    expect(planA.name.length).toBeLessThanOrEqual(41);
    expect(west.startsWith(planA.name)).toBe(true);
    expect((await create(h, a.orderId, west)).status).toBe(200);
    await h.session();
    const created = h.company.customers().filter((c) => c.Name === planA.name);
    expect(created.length).toBe(1);

    // The same first 41 characters: the next short form is another name.
    const planB = (await check(h, east)).body;
    expect(planB.shortened).toBe(true);
    expect(planB.name).not.toBe(planA.name);
    expect(planB.name.length).toBeLessThanOrEqual(41);
    expect((await create(h, b.orderId, east)).status).toBe(200);
    await h.session();
    expect(h.company.customers().filter((c) => c.Name === planB.name).length).toBe(1);

    h.ss!.shipOrders([a.orderId, b.orderId]);
    await sync(h);
    await h.session();
    const customerOf = (n: string) =>
      h!.company
        .customers()
        .find((c) => c.ListID === h!.company.salesReceipts().find((t) => t.RefNumber === n)?.CustomerListID)
        ?.Name;
    expect(customerOf('8603')).toBe(planA.name);
    expect(customerOf('8604')).toBe(planB.name);
  });
});
