/**
 * Issue "ShipStation as it really is" (step 5, pause): paused means nothing is polled, queued or
 * handed to QuickBooks from any path — a manual sync, a backfill, a person's resolution, a settings
 * change, a webhook delivery, a QBWC session. Resuming picks up what waited. Over real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const pendingPosts = (x: Harness): number =>
  (
    x.engine.db
      .prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'post.order' AND status IN ('pending', 'sent')`)
      .get() as { n: number }
  ).n;

describe('pause', () => {
  it('holds every path while paused, and resuming posts what waited', async () => {
    h = await world();
    const ss = h.ss!;
    const [o] = ss.createOrders(1, { skus: ['MYSTERY-SKU'] });
    ss.shipOrders([o!.orderId]);
    await sync(h);
    expect((await orders(h, '&status=flagged')).total).toBe(1);

    expect((await h.api('/api/sync/pause', { method: 'POST', body: { paused: true } })).status).toBe(200);
    const ssBefore = ss.stats.requests;

    // A manual sync and a backfill say "paused" and poll nothing.
    const s = await h.api<{ error: { code: string; message: string } }>('/api/sync', {
      method: 'POST',
      body: {},
    });
    expect([s.status, s.body.error.code]).toEqual([409, 'paused']);
    const b = await h.api<{ error: { code: string } }>('/api/backfill', {
      method: 'POST',
      body: { from: '2026-11-01', to: '2026-11-02' },
    });
    expect([b.status, b.body.error.code]).toEqual([409, 'paused']);

    // A person's answer is kept, but nothing is queued for QuickBooks.
    const item = h.company.items().find((i) => i.ItemType === 'NonInventory' && i.IsActive)!;
    const r = await h.api('/api/orders/resolve', {
      method: 'POST',
      body: { action: 'map_item', orderId: String(o!.orderId), sku: 'MYSTERY-SKU', listId: item.ListID },
    });
    expect(r.status).toBe(200);
    // A settings change does not queue either.
    expect(
      (await h.api('/api/settings/posting', { method: 'POST', body: { shippingItem: 'Shipping' } })).status,
    ).toBe(200);
    expect(pendingPosts(h)).toBe(0);
    // The Web Connector is told there is no work.
    const receiptsBefore = h.company.salesReceipts().length;
    await h.session();
    expect(h.company.salesReceipts().length).toBe(receiptsBefore);
    expect(ss.stats.requests).toBe(ssBefore);

    // Resumed: the resolved order queues and posts at the next session.
    expect((await h.api('/api/sync/pause', { method: 'POST', body: { paused: false } })).status).toBe(200);
    expect(pendingPosts(h)).toBe(1);
    await h.session();
    expect((await orders(h, '&status=posted')).orders.map((x) => x.orderId)).toEqual([String(o!.orderId)]);
  });
});
