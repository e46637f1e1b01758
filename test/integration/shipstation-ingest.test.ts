import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RateGovernor } from '../../src-main/engine/shipstation/rate-governor';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface OrdersPage {
  orders: {
    orderNumber: string;
    orderId: string;
    status: string;
    shipDate: string | null;
    collision: boolean;
  }[];
  total: number;
}

const sync = async (x: Harness) => {
  const r = await x.api<{
    ok: boolean;
    ingest: {
      resources: Record<
        string,
        { fetched: number; new: number; changed: number; pages: number; error?: string }
      >;
      voidsApplied: number;
      collisions: string[];
    };
  }>('/api/sync', { method: 'POST', body: {} });
  expect(r.status).toBe(200);
  return r.body;
};

describe.each(['v1', 'v2'] as const)('ShipStation ingest (%s) against the simulator', (apiVersion) => {
  it('ingests every order past the 500 page size, with stores, labels, fulfillments and voids', async () => {
    h = await startHarness({ shipstation: { apiVersion, sim: { orders: 1203, seedSpanDays: 20 } } });
    const ss = h.ss!;
    const s1 = await sync(h);
    expect(s1.ok).toBe(true);
    expect(s1.ingest.resources.orders!.fetched).toBe(1203);
    if (apiVersion === 'v1') {
      expect(ss.stats.byPath['GET /orders']).toBe(3);
      expect(s1.ingest.resources.orders!.pages).toBe(3);
    } else {
      expect(s1.ingest.resources.orders!.pages).toBeGreaterThanOrEqual(3);
    }
    const all = await h.api<OrdersPage>('/api/orders?limit=5000');
    expect(all.body.total).toBe(1203);
    expect(new Set(all.body.orders.map((o) => o.orderId)).size).toBe(1203);

    // Ship some with labels, split one, mark one shipped elsewhere, void one label.
    const open = ss.orders().filter((o) => o.orderStatus === 'awaiting_shipment');
    const labels = ss.shipOrders(open.slice(0, 5).map((o) => o.orderId));
    ss.shipOrders([open[5]!.orderId], { split: true });
    const external = ss.markShippedExternally(open[6]!.orderId, { trackingNumber: '1Z999' });
    ss.voidShipment(labels[0]!.shipmentId);
    const s2 = await sync(h);
    expect(s2.ok).toBe(true);
    expect(s2.ingest.voidsApplied).toBeGreaterThanOrEqual(1);
    // Everything the simulator holds (seeded history included) arrived: 5 + 2 (split) new labels, 1 void.
    const counts = h.engine.orders.counts();
    const truth = ss.shipments();
    expect(counts.shipments).toBe(truth.length);
    expect(counts.voided).toBe(truth.filter((x) => x.voided).length);
    expect(s2.ingest.resources.labels!.new).toBe(7);
    if (apiVersion === 'v1') expect(counts.fulfillments).toBe(ss.fulfillments().length);
    const shipped = await h.api<OrdersPage>(`/api/orders?search=${encodeURIComponent(open[1]!.orderNumber)}`);
    expect(
      shipped.body.orders.find(
        (o) => o.orderId === String(apiVersion === 'v1' ? open[1]!.orderId : open[1]!.v2ShipmentId),
      )?.shipDate,
    ).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(external.fulfillmentId).toBeGreaterThan(0);
  });

  it('picks up only what changed, by the modifyDate watermark', async () => {
    h = await startHarness({ shipstation: { apiVersion, sim: { orders: 300, seedSpanDays: 5 } } });
    await sync(h);
    const ss = h.ss!;
    const target = ss.orders().find((o) => o.orderStatus === 'awaiting_shipment')!;
    ss.editOrder(target.orderId, { customerNotes: 'leave at the back door', shippingAmount: 12.5 } as never);
    ss.createOrders(4);
    const s = await sync(h);
    expect(s.ingest.resources.orders!.new).toBe(4);
    expect(s.ingest.resources.orders!.changed).toBe(1);
    // The overlap window refetches a few recent orders, never the whole history.
    expect(s.ingest.resources.orders!.fetched).toBeLessThan(50);
  });
});

describe('ShipStation ingest: identity, limits and faults', () => {
  it('detects an order number used in two stores, but not a prefix match or a split', async () => {
    h = await startHarness({ shipstation: { sim: { orders: 0 } } });
    const ss = h.ss!;
    const [a, b] = ss.stores();
    ss.createOrderWithNumber(a!.storeId, '1001');
    ss.createOrderWithNumber(a!.storeId, '10010');
    ss.createOrderWithNumber(b!.storeId, '1001');
    const child = ss.createOrderWithNumber(a!.storeId, '2002');
    ss.splitOrder(child.orderId);
    const s = await sync(h);
    expect(s.ingest.collisions).toEqual(['1001']);
    const p = await h.api<OrdersPage>('/api/orders?search=100');
    const byNum = (n: string) => p.body.orders.filter((o) => o.orderNumber === n);
    expect(byNum('1001').every((o) => o.collision)).toBe(true);
    expect(byNum('10010').every((o) => !o.collision)).toBe(true);
    const split = await h.api<OrdersPage>('/api/orders?search=2002');
    expect(split.body.orders.length).toBe(2);
    expect(split.body.orders.every((o) => !o.collision)).toBe(true);
    const audit = await h.api<{ entries: { event: string; orderNumber: string }[] }>('/api/audit?level=warn');
    expect(
      audit.body.entries.some((e) => e.event === 'order-number-collision' && e.orderNumber === '1001'),
    ).toBe(true);
  });

  it('misses nothing across both DST changes, though V1 sends Pacific time without an offset', async () => {
    let now = new Date('2026-03-08T09:59:00Z'); // 01:59 PST, a minute before clocks spring forward
    h = await startHarness({
      shipstation: { sim: { orders: 0, now: () => now } },
      engine: { ingest: { now: () => now, initialLookbackMs: 3_600_000, overlapMs: 5 * 60_000 } },
    });
    const ss = h.ss!;
    const at = (iso: string) => {
      now = new Date(iso);
      return ss.createOrders(1)[0]!;
    };
    // Spring forward: 01:59 PST, then 03:01 PDT (two minutes later): exact instants.
    const a = at('2026-03-08T09:59:00Z');
    const b = at('2026-03-08T10:01:00Z');
    now = new Date('2026-03-08T10:05:00Z');
    await sync(h);
    for (const o of [a, b])
      expect(h.engine.orders.getOrder(String(o.orderId))!.modifyDate).toBe(
        new Date(o.modifyDate).toISOString(),
      );

    // Fall back: a poll at 01:55 PDT, then an order at 01:20 PST (an hour "earlier" on the wall clock).
    const c = at('2026-11-01T08:50:00Z'); // 01:50 PDT
    now = new Date('2026-11-01T08:55:00Z');
    // Bring the watermark forward to this poll (the spring orders are long past).
    h.engine.db
      .prepare(`UPDATE ingest_state SET watermark = ? WHERE resource = 'orders'`)
      .run('2026-11-01T08:30:00.000Z');
    await sync(h);
    expect(h.engine.orders.getOrder(String(c.orderId))).toBeDefined();
    const d = at('2026-11-01T09:20:00Z'); // 01:20 PST
    now = new Date('2026-11-01T09:25:00Z');
    const s = await sync(h);
    expect(s.ingest.resources.orders!.new).toBe(1);
    const stored = h.engine.orders.getOrder(String(d.orderId))!;
    // "01:20" is ambiguous in V1's format: either instant is accepted, and it was not missed.
    expect([Date.parse('2026-11-01T08:20:00Z'), Date.parse('2026-11-01T09:20:00Z')]).toContain(
      Date.parse(stored.modifyDate),
    );
  });

  it('recovers from 429 bursts, 5xx, resets, malformed JSON and 401 blips without losing an order', async () => {
    h = await startHarness({ shipstation: { sim: { orders: 1400, seedSpanDays: 10, windowMs: 1500 } } });
    const ss = h.ss!;
    ss.injectFaults({
      burst429: 2,
      fail5xx: { status: 503, times: 2 },
      resetConnections: 1,
      malformedJson: 1,
      unauthorizedBlip: 1,
    });
    const s = await sync(h);
    expect(s.ok).toBe(true);
    expect(h.engine.orders.counts().orders).toBe(1400);
    expect(ss.stats.status429).toBeGreaterThanOrEqual(2);
  });

  it('reports a wrong key clearly, fast, and keeps the watermark where it was', async () => {
    h = await startHarness({
      shipstation: {
        sim: { orders: 10 },
        engineKey: { apiKey: 'wrong-key-123', apiSecret: 'wrong-secret-123' },
      },
    });
    const s = await sync(h);
    expect(s.ok).toBe(false);
    expect(s.ingest.resources.orders!.error).toMatch(/key|secret|rejected/i);
    expect(h.engine.ingestor.watermark('orders')).toBeNull();
    // A wrong key is not retried for long: a couple of 401s per resource at most.
    expect(h.ss!.stats.status401).toBeLessThanOrEqual(10);
    const test = await h.api<{ ok: boolean; message: string }>('/api/shipstation/test', {
      method: 'POST',
      body: {},
    });
    expect(test.body.ok).toBe(false);
    expect(test.body.message).toMatch(/key|secret|rejected/i);
    const status = await h.api<{ shipstation: { lastError: string | null } }>('/api/status');
    expect(status.body.shipstation.lastError).toMatch(/orders:/);
  });

  it('paces steady polling inside the budget: no 429 at all', async () => {
    h = await startHarness({
      shipstation: { sim: { orders: 900, seedSpanDays: 10, rateLimitV1: 8, windowMs: 1000 } },
      engine: {
        shipstationClient: {
          pageSize: 100,
          // The simulator's window is shrunk to one second; the governor is told so (ShipStation's is a minute).
          governor: new RateGovernor({ defaultLimit: 8, windowMs: 1000, resetMarginMs: 100 }),
          http: { backoffBaseMs: 5, backoffMaxMs: 50 },
        },
      },
    });
    for (let i = 0; i < 3; i++) {
      h.ss!.createOrders(20);
      const s = await sync(h);
      expect(s.ok).toBe(true);
    }
    expect(h.ss!.stats.requests).toBeGreaterThan(16);
    expect(h.ss!.stats.rateLimited).toBe(0);
    expect(h.engine.orders.counts().orders).toBe(960);
    const status = await h.api<{
      shipstation: { rateBudget: { limit: number | null; requestsLastMinute: number } | null };
    }>('/api/status');
    expect(status.body.shipstation.rateBudget?.limit).toBe(8);
    expect(status.body.shipstation.rateBudget?.requestsLastMinute).toBeGreaterThan(0);
  });
});

describe('ShipStation webhooks', () => {
  it('V1: refuses a wrong secret, accepts the right one, fetches the resource and ignores a replay', async () => {
    h = await startHarness({ shipstation: { sim: { orders: 0 } } });
    await h.api('/api/settings/webhooks', { method: 'POST', body: { enabled: true } });
    const target = `${h.engine.url}${h.engine.webhooks.targetPath()}`;
    const ss = h.ss!;
    ss.addWebhook({ api: 'v1', event: 'ORDER_NOTIFY', targetUrl: target });
    const bad = await ss.deliverRaw(`${h.engine.url}/webhooks/shipstation?secret=nope`, {
      resource_url: `${(ss as unknown as { baseUrl: string }).baseUrl}/orders`,
      resource_type: 'ORDER_NOTIFY',
    });
    expect(bad.status).toBe(401);
    ss.createOrders(3);
    const deliveries = await ss.deliverWebhooks();
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    await h.engine.webhooks.idle();
    expect(h.engine.orders.counts().orders).toBe(3);
    // A replay of the same delivery is acknowledged and not fetched again.
    const before = ss.stats.requests;
    const again = await ss.deliverRaw(target, deliveries[0]!.body);
    expect(again.status).toBe(200);
    await h.engine.webhooks.idle();
    expect(ss.stats.requests).toBe(before);
  });

  it('never sends credentials to a foreign resource_url host', async () => {
    h = await startHarness({ shipstation: { sim: { orders: 0 } } });
    await h.api('/api/settings/webhooks', { method: 'POST', body: { enabled: true } });
    let foreignHits = 0;
    const foreign = http.createServer((_req, res) => {
      foreignHits++;
      res.end('{}');
    });
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    const port = (foreign.address() as AddressInfo).port;
    const target = `${h.engine.url}${h.engine.webhooks.targetPath()}`;
    for (const url of [
      `http://127.0.0.1:${port}/orders`,
      `https://ssapi.shipstation.com.evil.example/orders`,
      `http://ssapi.shipstation.com/orders`,
    ]) {
      const r = await h.ss!.deliverRaw(target, { resource_url: url, resource_type: 'ORDER_NOTIFY' });
      expect(r.status).toBe(200);
    }
    await h.engine.webhooks.idle();
    foreign.close();
    expect(foreignHits).toBe(0);
    const audit = await h.api<{ entries: { event: string }[] }>('/api/audit?level=warn');
    expect(audit.body.entries.filter((e) => e.event === 'webhook-refused').length).toBe(3);
  });

  it('V2: accepts a correctly signed delivery and refuses a bad signature', async () => {
    h = await startHarness({ shipstation: { apiVersion: 'v2', sim: { orders: 0 } } });
    await h.api('/api/settings/webhooks', { method: 'POST', body: { enabled: true } });
    const target = `${h.engine.url}/webhooks/shipstation`;
    const ss = h.ss!;
    ss.createOrders(2);
    const body = JSON.stringify({
      resource_url: `${(ss as unknown as { baseUrl: string }).baseUrl}/v2/shipments?page=1`,
      resource_type: 'SHIPMENT_CREATED_V2',
    });
    const good = await ss.deliverRaw(target, body, ss.signV2(body));
    expect(good.status).toBe(200);
    await h.engine.webhooks.idle();
    // The validation guide: a failed check is 400, no signature headers at all 404.
    const tampered = await ss.deliverRaw(target, body.replace('page=1', 'page=2'), ss.signV2(body));
    expect(tampered.status).toBe(400);
    const unsigned = await ss.deliverRaw(target, body);
    expect(unsigned.status).toBe(404);
    const stale = await ss.deliverRaw(
      target,
      body,
      ss.signV2(body, new Date(Date.now() - 3_600_000).toISOString()),
    );
    expect(stale.status).toBe(400);
  });

  it('a delivery stored before a crash is fetched after the restart', async () => {
    h = await startHarness({ shipstation: { sim: { orders: 0 } } });
    await h.api('/api/settings/webhooks', { method: 'POST', body: { enabled: true } });
    const ss = h.ss!;
    const target = `${h.engine.url}${h.engine.webhooks.targetPath()}`;
    ss.addWebhook({ api: 'v1', event: 'ORDER_NOTIFY', targetUrl: target });
    ss.createOrders(3);
    // The process died between storing the delivery and fetching it: the row is all that is left.
    const deliveries = await ss.deliverWebhooks();
    await h.engine.webhooks.idle();
    h.engine.db
      .prepare(`UPDATE webhook_deliveries SET status = 'pending', detail = NULL, processed_at = NULL`)
      .run();
    h.engine.db.prepare('DELETE FROM orders').run();
    expect(deliveries.length).toBeGreaterThan(0);
    await h.restart();
    await h.engine.webhooks.idle();
    expect(h.engine.orders.counts().orders).toBe(3);
    expect(
      h.engine.db
        .prepare(`SELECT status FROM webhook_deliveries`)
        .all()
        .map((r) => (r as { status: string }).status),
    ).toEqual(deliveries.map(() => 'done'));
  });

  it('V2: enabling subscribes the help center’s V2 events, and their signed deliveries bring orders, labels and fulfillments', async () => {
    h = await startHarness({ shipstation: { apiVersion: 'v2', sim: { orders: 0 } } });
    const r = await h.api<{ subscribed: string[] }>('/api/settings/webhooks', {
      method: 'POST',
      body: { enabled: true, publicUrl: h.engine.url },
    });
    expect(r.status).toBe(200);
    const ss = h.ss!;
    expect(
      ss
        .webhookSubscriptions()
        .v2.map((w) => w.event.toUpperCase())
        .sort(),
    ).toEqual(['FULFILLMENT_SHIPPED_V2', 'LABEL_CREATED_V2', 'SHIPMENT_CREATED_V2']);
    const [a, b] = ss.createOrders(2);
    ss.shipOrders([a!.orderId]);
    ss.markShippedExternally(b!.orderId, { trackingNumber: '1ZV2' });
    const deliveries = await ss.deliverWebhooks();
    expect(deliveries.length).toBeGreaterThanOrEqual(3);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    await h.engine.webhooks.idle();
    const counts = h.engine.orders.counts();
    expect([counts.orders, counts.shipments, counts.fulfillments]).toEqual([2, 1, 1]);
  });

  it('V2: enabling is all or nothing: a refused subscription takes back the others and leaves webhooks off', async () => {
    h = await startHarness({ shipstation: { apiVersion: 'v2', sim: { orders: 0 } } });
    const ss = h.ss!;
    // Someone already holds the label event (ShipStation allows one webhook per event: 409).
    ss.addWebhook({ api: 'v2', event: 'LABEL_CREATED_V2', url: 'https://elsewhere.example/hook' });
    const r = await h.api<{ error: { code: string; message: string } }>('/api/settings/webhooks', {
      method: 'POST',
      body: { enabled: true, publicUrl: h.engine.url },
    });
    expect(r.status).toBe(502);
    expect(r.body.error.code).toBe('subscribe_failed');
    expect(r.body.error.message).toMatch(/LABEL_CREATED_V2|SHIP_NOTIFY/);
    expect(r.body.error.message).toMatch(
      /Webhooks stay off; the 1 subscription\(s\) already made were removed/,
    );
    expect(ss.webhookSubscriptions().v2.map((w) => w.url)).toEqual(['https://elsewhere.example/hook']);
    expect((await h.api<{ enabled: boolean }>('/api/settings/webhooks')).body.enabled).toBe(false);
  });

  it('is off unless enabled', async () => {
    h = await startHarness({ shipstation: { sim: { orders: 0 } } });
    const r = await fetch(`${h.engine.url}/webhooks/shipstation`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(404);
  });
});
