/**
 * Issue "Real QuickBooks lists" §2 (lists step 3), over real sockets: merchants keep ShipStation's
 * SKU in the item's name, its part number or a custom field. The setting says where; a preview
 * counts what it would match before it is saved; two items matching one SKU are named in the flag.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Preview {
  orders: number;
  ordersMatched: number;
  lines: number;
  matched: number;
  unknown: number;
  ambiguous: number;
  examples: { sku: string; outcome: string }[];
}

async function setup() {
  const x = await world({ mirrorIntervalSeconds: 0 });
  const person = x.company.customers().find((c) => c.Email && c.IsActive && !c.FullName.includes(':'))!;
  const tee = x.company.addItem({
    type: 'Inventory',
    name: 'Blue Tee',
    price: 18,
    quantityOnHand: 40,
    manufacturerPartNumber: 'BT-001',
  });
  const mug = x.company.addItem({
    type: 'Inventory',
    name: 'Red Mug 11oz',
    price: 9,
    quantityOnHand: 40,
    customFields: { SKU: 'MUG-RED-11' },
  });
  await x.session(); // the mirror reads them
  const place = (n: string, sku: string) =>
    x.ss!.createOrderWithNumber(x.ss!.stores()[0]!.storeId, n, {
      items: [{ sku, quantity: 1, unitPrice: 10 }],
      customers: [{ name: person.FullName, email: person.Email! }],
      discount: false,
      taxAmount: 0,
      shippingAmount: 0,
    });
  return { x, tee, mug, place };
}

const row = async (x: Harness, n: string) =>
  (await orders(x, `&search=${n}`)).orders.find((o) => o.orderNumber === n)!;
const postedItem = (x: Harness, n: string) =>
  x.company
    .salesReceipts()
    .filter((t) => t.RefNumber === n)
    .flatMap((t) => t.lines.flatMap((l) => (l.kind === 'line' ? [l.ItemListID] : [])));

describe('where the SKU lives', () => {
  it('by default a SKU kept in the part number matches (name first, then part number)', async () => {
    const s = await setup();
    h = s.x;
    const o = s.place('8201', 'BT-001');
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    expect((await row(h, '8201')).status).toBe('posted');
    expect(postedItem(h, '8201')).toEqual([s.tee.ListID]);
  });

  it('a custom field holds the SKU: the preview counts it before saving, then orders post to that item', async () => {
    const s = await setup();
    h = s.x;
    const o = s.place('8202', 'MUG-RED-11');
    await sync(h);
    expect((await row(h, '8202')).flags.map((f) => f.reason)).toContain('unknown_item');

    const preview = (body: Record<string, unknown>) =>
      h!.api<Preview>('/api/settings/matching/preview', { method: 'POST', body });
    const before = await preview({});
    expect(before.status).toBe(200);
    expect(before.body.unknown).toBeGreaterThanOrEqual(1);
    expect(before.body.examples).toContainEqual({ sku: 'MUG-RED-11', outcome: 'unknown' });
    const after = await preview({ skuSource: 'custom_field', skuCustomField: 'SKU' });
    expect(after.body.lines).toBe(before.body.lines);
    expect(after.body.matched).toBe(1);
    expect(after.body.examples.some((e) => e.sku === 'MUG-RED-11')).toBe(false);
    // Nothing saved by a preview.
    expect((await h.api<{ skuSource: string }>('/api/settings/matching')).body.skuSource).toBe(
      'name_then_part_number',
    );
    // A custom-field setting without the field's name is refused.
    expect(
      (await h.api('/api/settings/matching', { method: 'POST', body: { skuSource: 'custom_field' } })).status,
    ).toBe(400);

    const saved = await h.api('/api/settings/matching', {
      method: 'POST',
      body: { skuSource: 'custom_field', skuCustomField: 'SKU' },
    });
    expect(saved.status).toBe(200);
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    expect((await row(h, '8202')).status).toBe('posted');
    expect(postedItem(h, '8202')).toEqual([s.mug.ListID]);
  });

  it('two items holding one SKU flag ambiguous_item naming both; a changed custom field is read again', async () => {
    const s = await setup();
    h = s.x;
    const other = h.company.addItem({
      type: 'Inventory',
      name: 'Blue Tee v2',
      price: 18,
      quantityOnHand: 5,
      manufacturerPartNumber: 'bt-001',
    });
    await h.session();
    const o = s.place('8203', 'BT-001');
    await sync(h);
    const flagged = await row(h, '8203');
    expect(flagged.status).toBe('flagged');
    const f = flagged.flags.find((x) => x.reason === 'ambiguous_item')!;
    expect(f.detail).toContain('"Blue Tee"');
    expect(f.detail).toContain('"Blue Tee v2"');
    expect(f.detail).toContain('part number');

    // The bookkeeper moves the SKU into a custom field on the right item only.
    await h.api('/api/settings/matching', {
      method: 'POST',
      body: { skuSource: 'custom_field', skuCustomField: 'SKU' },
    });
    h.company.modifyItem(other.ListID, { customFields: { SKU: 'BT-001' } });
    await h.session();
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    expect((await row(h, '8203')).status).toBe('posted');
    expect(postedItem(h, '8203')).toEqual([other.ListID]);
  });
});
