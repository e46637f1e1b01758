/**
 * Issue "ShipStation as it really is" (step 1), over real sockets: only a label that exists ships.
 * V2's label_status (spec `label_status`, shipstation-v2-openapi.yaml 8367: processing, completed,
 * error, voided) and return labels (V1 `isReturnLabel`, V2 `is_return_label`) decide what posts.
 * The oracle is the QuickBooks simulator's transactions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const receipts = (x: Harness, n: string) => x.company.salesReceipts().filter((t) => t.RefNumber === n);
const row = async (x: Harness, n: string) =>
  (await orders(x, `&search=${n}`)).orders.find((o) => o.orderNumber === n)!;

async function oneOrder(x: Harness, n: string) {
  const item = x.company.items().find((i) => i.ItemType === 'Inventory' && i.IsActive)!;
  const person = x.company.customers().find((c) => c.Email && c.IsActive && !c.FullName.includes(':'))!;
  return x.ss!.createOrderWithNumber(x.ss!.stores()[0]!.storeId, n, {
    items: [{ sku: item.Name, quantity: 1, unitPrice: 25 }],
    customers: [{ name: person.FullName, email: person.Email! }],
    discount: false,
    taxAmount: 0,
    shippingAmount: 0,
  });
}

describe('labels that did not ship', () => {
  it('V2: a label in error never posts; one processing posts once ShipStation says completed; completed and voided as before', async () => {
    // No ingest overlap: a label is listed once, by its creation time, and never by a later poll.
    h = await world({ apiVersion: 'v2', overlapMs: 0 });
    const failed = await oneOrder(h, '9401');
    const pending = await oneOrder(h, '9402');
    const done = await oneOrder(h, '9403');
    const gone = await oneOrder(h, '9404');
    h.ss!.shipOrders([failed.orderId], { labelStatus: 'error' });
    const [processing] = h.ss!.shipOrders([pending.orderId], { labelStatus: 'processing' });
    h.ss!.shipOrders([done.orderId]);
    const [voided] = h.ss!.shipOrders([gone.orderId]);
    h.ss!.voidShipment(voided!.shipmentId);
    await sync(h);
    await h.session();

    expect(receipts(h, '9401')).toEqual([]);
    expect(receipts(h, '9402')).toEqual([]);
    expect(receipts(h, '9403')).toHaveLength(1);
    expect(receipts(h, '9404')).toEqual([]);
    expect((await row(h, '9401')).status).toBe('validated');
    expect((await row(h, '9402')).status).toBe('validated');

    // The order's page says what each label is.
    const detail = await h.api<{ shipments: { labelStatus: string; isReturn: boolean }[] }>(
      `/api/orders/detail?orderId=${encodeURIComponent((await row(h, '9401')).orderId)}`,
    );
    expect(detail.body.shipments.map((s) => s.labelStatus)).toEqual(['error']);

    // The batch finishes long after the label's creation window: it is looked at again by id.
    h.ss!.completeLabel(processing!.shipmentId);
    await sync(h);
    await h.session();
    expect(receipts(h, '9402')).toHaveLength(1);
    expect((await row(h, '9402')).status).toBe('posted');
    expect(receipts(h, '9401')).toEqual([]);
  });

  it('V2: an order marked shipped outside ShipStation (a fulfillment) posts on its ship date', async () => {
    h = await world({ apiVersion: 'v2' });
    const o = await oneOrder(h, '9421');
    h.ss!.markShippedExternally(o.orderId, { trackingNumber: '1ZEXTERNAL', shipDate: '2026-11-03' });
    await sync(h);
    await h.session();
    expect(receipts(h, '9421').map((t) => [t.TxnDate, t.Memo?.includes('1ZEXTERNAL')])).toEqual([
      ['2026-11-03', true],
    ]);
    expect((await row(h, '9421')).status).toBe('posted');
  });

  it('V2: stores (V2 lists none) appear as their orders arrive, with their order source, and the page says why', async () => {
    h = await world({ apiVersion: 'v2' });
    const [a, b] = h.ss!.stores();
    h.ss!.createOrders(1, { storeId: a!.storeId });
    h.ss!.createOrders(1, { storeId: b!.storeId });
    await sync(h);
    const r = await h.api<{
      stores: { storeId: string; storeName: string; marketplaceName: string | null; syncEnabled: boolean }[];
      note: string | null;
    }>('/api/shipstation/stores');
    expect(r.body.stores.map((s) => s.storeId).sort()).toEqual(
      [`se-${a!.storeId}`, `se-${b!.storeId}`].sort(),
    );
    expect(r.body.stores.every((s) => s.syncEnabled && s.marketplaceName)).toBe(true);
    expect(r.body.note).toMatch(/V2 has no list of stores/);
    // Switching one off leaves its next orders out, as under V1.
    expect(
      (
        await h.api('/api/shipstation/stores/sync', {
          method: 'POST',
          body: { storeId: `se-${b!.storeId}`, enabled: false },
        })
      ).status,
    ).toBe(200);
    const [skipped] = h.ss!.createOrders(1, { storeId: b!.storeId });
    await sync(h);
    expect((await orders(h, `&search=${skipped!.orderNumber}`)).orders).toEqual([]);
  });

  it('V2: a ship time of day is dated in the posting time zone; a calendar ship date stays its day', async () => {
    h = await world({ apiVersion: 'v2' });
    const setZone = async (timeZone: string) =>
      expect((await h!.api('/api/settings/posting', { method: 'POST', body: { timeZone } })).status).toBe(
        200,
      );
    await setZone('America/Chicago');
    const evening = await oneOrder(h, '9431');
    // 21:30 in Chicago on Nov 2 is 03:30 UTC on Nov 3.
    h.ss!.markShippedExternally(evening.orderId, { shippedAt: '2026-11-03T03:30:00Z' });
    await sync(h);
    await h.session();
    expect(receipts(h, '9431').map((t) => t.TxnDate)).toEqual(['2026-11-02']);

    await setZone('Asia/Tokyo');
    const morning = await oneOrder(h, '9432');
    const labelled = await oneOrder(h, '9433');
    // 20:00 UTC on Nov 3 is 05:00 in Tokyo on Nov 4; a label's ship date (midnight UTC) is a day.
    h.ss!.markShippedExternally(morning.orderId, { shippedAt: '2026-11-03T20:00:00Z' });
    h.ss!.shipOrders([labelled.orderId], { shipDate: '2026-11-05' });
    await sync(h);
    await h.session();
    expect(receipts(h, '9432').map((t) => t.TxnDate)).toEqual(['2026-11-04']);
    expect(receipts(h, '9433').map((t) => t.TxnDate)).toEqual(['2026-11-05']);
  });

  for (const apiVersion of ['v1', 'v2'] as const) {
    it(`${apiVersion}: a return label is not a sale: nothing posts for it, and an order shipped and returned stays posted once`, async () => {
      h = await world({ apiVersion });
      const onlyReturn = await oneOrder(h, '9411');
      const shipped = await oneOrder(h, '9412');
      h.ss!.shipOrders([onlyReturn.orderId], { returnLabel: true });
      h.ss!.shipOrders([shipped.orderId], { shipDate: '2026-11-02' });
      await sync(h);
      await h.session();
      expect(receipts(h, '9411')).toEqual([]);
      expect((await row(h, '9411')).status).toBe('validated');
      const before = receipts(h, '9412');
      expect(before.map((t) => [t.TxnDate, t.EditSequence])).toHaveLength(1);

      // The customer sends it back days later: the sale stands as it was, the return is shown.
      h.ss!.shipOrders([shipped.orderId], { returnLabel: true, shipDate: '2026-11-09' });
      await sync(h);
      await h.session();
      const after = receipts(h, '9412');
      expect(after.map((t) => [t.TxnID, t.TxnDate, t.EditSequence])).toEqual(
        before.map((t) => [t.TxnID, t.TxnDate, t.EditSequence]),
      );
      expect(h.company.salesReceipts().filter((t) => t.RefNumber?.startsWith('9412-'))).toEqual([]);
      const detail = await h.api<{ shipments: { isReturn: boolean }[] }>(
        `/api/orders/detail?orderId=${encodeURIComponent((await row(h, '9412')).orderId)}`,
      );
      expect(detail.body.shipments.map((s) => s.isReturn)).toEqual([false, true]);
    });
  }
});
