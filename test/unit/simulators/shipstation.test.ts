import { createPublicKey, verify as rsaVerify, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ShipStationSim,
  SimStateError,
  type ShipStationSimOptions,
  type SimOrder,
  type SimStore,
} from '../../../src-main/simulators/shipstation/index.js';

// Behaviour tests of the ShipStation simulator over real HTTP (global fetch). Expected values are
// written out literally (Pacific wall times, UTC instants) rather than computed with the
// simulator's own helpers, so a bug in its time handling cannot hide itself.

// ---------------------------------------------------------------------------------------------
// helpers

const V1 = { apiKey: 'v1-key', apiSecret: 'v1-secret' };
const V2 = { apiKey: 'v2-key' };

type Json = Record<string, unknown> & { [k: string]: unknown };

function basic(key = V1.apiKey, secret = V1.apiSecret): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

interface Got {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

async function get(url: string, headers: Record<string, string>): Promise<Got> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: Json = {};
  try {
    body = text ? (JSON.parse(text) as Json) : {};
  } catch {
    body = {};
  }
  return { status: res.status, headers: res.headers, text, body };
}

const v1 = (base: string, path: string, auth = basic()): Promise<Got> =>
  get(base + path, { authorization: auth });
const v2 = (base: string, path: string, key = V2.apiKey): Promise<Got> =>
  get(base + path, { 'API-Key': key });

async function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A settable simulated clock. */
class Clock {
  t: number;
  constructor(iso: string) {
    this.t = Date.parse(iso);
  }
  now = (): Date => new Date(this.t);
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

const open: ShipStationSim[] = [];
const receivers: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function start(
  opts: Partial<ShipStationSimOptions> = {},
): Promise<{ sim: ShipStationSim; base: string }> {
  const sim = new ShipStationSim({ v1: V1, v2: V2, ...opts });
  open.push(sim);
  const base = await sim.listen();
  return { sim, base };
}

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function receiver(status = 200): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receivers.push({
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

function ids(list: unknown): number[] {
  return (list as { orderId: number }[]).map((o) => o.orderId);
}

function orders(g: Got): Json[] {
  return g.body.orders as Json[];
}

const q = encodeURIComponent;

// ---------------------------------------------------------------------------------------------

describe('authentication', () => {
  it('V1 needs HTTP Basic key:secret; failures are 401 with a small HTML body and no rate headers', async () => {
    const { base } = await start();
    const none = await get(`${base}/orders`, {});
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/text\/html/);
    expect(none.text).toMatch(/401/);
    expect(none.headers.get('x-rate-limit-limit')).toBeNull();

    expect((await v1(base, '/orders', basic(V1.apiKey, 'wrong'))).status).toBe(401);
    expect((await v1(base, '/orders', basic('wrong', V1.apiSecret))).status).toBe(401);
    expect((await v1(base, '/orders', 'Bearer abc')).status).toBe(401);
    // the V2 key is not a V1 credential
    expect((await get(`${base}/orders`, { 'API-Key': V2.apiKey })).status).toBe(401);

    const ok = await v1(base, '/orders', basic());
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ orders: [], total: 0, page: 1, pages: 0 });
    // the scheme name is case-insensitive
    expect((await v1(base, '/orders', basic().replace('Basic', 'basic'))).status).toBe(200);
  });

  it('V2 needs the API-Key header (any case); failures are 401 in the V2 error shape', async () => {
    const { base } = await start();
    const none = await get(`${base}/v2/shipments`, {});
    expect(none.status).toBe(401);
    expect(none.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const errors = none.body.errors as Json[];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error_type: 'security', error_code: 'unauthorized' });
    expect(Object.keys(errors[0] ?? {}).sort()).toEqual([
      'error_code',
      'error_source',
      'error_type',
      'message',
    ]);

    expect((await v2(base, '/v2/shipments', 'nope')).status).toBe(401);
    expect((await get(`${base}/v2/shipments`, { authorization: basic() })).status).toBe(401);
    expect((await get(`${base}/v2/shipments`, { 'api-key': V2.apiKey })).status).toBe(200);
    expect((await get(`${base}/v2/shipments`, { 'API-KEY': V2.apiKey })).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('V1: headers count down to 0, the 41st request in a window is a 429 with the same headers, the next window resets', async () => {
    let rt = 1_000_000;
    const { sim, base } = await start({ windowMs: 2_000, rateClock: () => rt });
    const remaining: number[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await v1(base, '/stores');
      expect(r.status).toBe(200);
      expect(r.headers.get('x-rate-limit-limit')).toBe('40');
      remaining.push(Number(r.headers.get('x-rate-limit-remaining')));
      const reset = Number(r.headers.get('x-rate-limit-reset'));
      expect(Number.isInteger(reset)).toBe(true);
      expect(reset).toBeGreaterThanOrEqual(1);
      expect(reset).toBeLessThanOrEqual(2);
    }
    expect(remaining).toEqual(Array.from({ length: 40 }, (_, i) => 39 - i));

    const limited = await v1(base, '/orders');
    expect(limited.status).toBe(429);
    expect(limited.text).toMatch(/too many requests/i);
    expect(limited.headers.get('x-rate-limit-limit')).toBe('40');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(limited.headers.get('x-rate-limit-reset')).toBe('2');
    expect(sim.stats.rateLimited).toBe(1);
    expect(sim.stats.status429).toBe(1);

    // Reset is whole seconds rounded up: 1.5 s left → 2, 1 ms left → 1
    rt += 500;
    expect((await v1(base, '/orders')).headers.get('x-rate-limit-reset')).toBe('2');
    rt += 1_499;
    expect((await v1(base, '/orders')).headers.get('x-rate-limit-reset')).toBe('1');
    // …but the window really ends at windowMs
    rt += 1;
    const fresh = await v1(base, '/orders');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-rate-limit-remaining')).toBe('39');
    expect(fresh.headers.get('x-rate-limit-reset')).toBe('2');

    // the V2 key has its own budget
    expect((await v2(base, '/v2/shipments')).status).toBe(200);
  });

  it('V1 on the real clock: waiting Reset seconds after a 429 is enough', async () => {
    const { base } = await start({ windowMs: 1_000, rateLimitV1: 3 });
    for (let i = 0; i < 3; i++) expect((await v1(base, '/stores')).status).toBe(200);
    const limited = await v1(base, '/stores');
    expect(limited.status).toBe(429);
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    expect(reset).toBe(1);
    await new Promise((r) => setTimeout(r, reset * 1000));
    expect((await v1(base, '/stores')).status).toBe(200);
  });

  it('V2: over budget is a 429 with Retry-After seconds and the V2 error body', async () => {
    let rt = 5_000_000;
    const { base } = await start({ windowMs: 2_000, rateLimitV2: 5, rateClock: () => rt });
    for (let i = 0; i < 5; i++) {
      const r = await v2(base, '/v2/shipments');
      expect(r.status).toBe(200);
      expect(r.headers.get('x-rate-limit-limit')).toBeNull();
    }
    rt += 700;
    const limited = await v2(base, '/v2/labels');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((limited.body.errors as Json[])[0]).toMatchObject({ error_code: 'rate_limit_exceeded' });
    expect(limited.body.request_id).toBeTypeOf('string');
    rt += 1_300;
    expect((await v2(base, '/v2/labels')).status).toBe(200);
  });
});

describe('V1 orders', () => {
  it('pages past 500: 1,203 orders are 3 pages of 500; pageSize above 500 is clamped', async () => {
    const { sim, base } = await start();
    sim.createOrders(1203);
    const seen = new Set<number>();
    const sizes: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const r = await v1(base, `/orders?pageSize=500&page=${page}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ total: 1203, page, pages: 3 });
      sizes.push(orders(r).length);
      for (const id of ids(orders(r))) seen.add(id);
    }
    expect(sizes).toEqual([500, 500, 203]);
    expect(seen.size).toBe(1203);
    expect([...seen].sort()).toEqual(
      sim
        .orders()
        .map((o) => o.orderId)
        .sort(),
    );

    const past = await v1(base, '/orders?pageSize=500&page=4');
    expect(past.body).toMatchObject({ orders: [], total: 1203, page: 4, pages: 3 });
    const clamped = await v1(base, '/orders?pageSize=1000');
    expect(orders(clamped)).toHaveLength(500);
    expect(clamped.body.pages).toBe(3);
    const dflt = await v1(base, '/orders');
    expect(orders(dflt)).toHaveLength(100);
    expect(dflt.body.pages).toBe(13);
    expect((await v1(base, '/orders?pageSize=0')).status).toBe(400);
    expect((await v1(base, '/orders?page=0')).status).toBe(400);
  });

  it('filters modifyDate in Pacific time across the spring-forward change and renders Pacific wall times', async () => {
    const clock = new Clock('2026-03-08T09:59:00Z'); // 01:59 PST
    const { sim, base } = await start({ now: clock.now, stores: 1 });
    const [a] = sim.createOrders(1) as [SimOrder];
    clock.set('2026-03-08T10:01:00Z'); // 03:01 PDT
    const [b] = sim.createOrders(1) as [SimOrder];

    const win = await v1(
      base,
      `/orders?modifyDateStart=${q('2026-03-08 01:00:00')}&modifyDateEnd=${q('2026-03-08 03:00:00')}`,
    );
    expect(ids(orders(win))).toEqual([a.orderId]);
    expect(orders(win)[0]?.modifyDate).toBe('2026-03-08T01:59:00.0000000');

    const after = await v1(base, `/orders?modifyDateStart=${q('2026-03-08 03:00:00')}`);
    expect(ids(orders(after))).toEqual([b.orderId]);
    expect(orders(after)[0]?.modifyDate).toBe('2026-03-08T03:01:00.0000000');
    // "+" for space works too; both ends are inclusive to the second
    const exact = await v1(
      base,
      '/orders?modifyDateStart=2026-03-08+03:01:00&modifyDateEnd=2026-03-08+03:01:00',
    );
    expect(ids(orders(exact))).toEqual([b.orderId]);
    // the skipped hour: 02:30 is read as PST, i.e. 10:30Z, which is after b
    const gap = await v1(base, `/orders?modifyDateStart=${q('2026-03-08 02:30:00')}`);
    expect(ids(orders(gap))).toEqual([]);

    clock.set('2026-07-04T19:00:00Z');
    const summer = sim.createOrders(1)[0] as SimOrder;
    expect((await v1(base, `/orders/${summer.orderId}`)).body.createDate).toBe('2026-07-04T12:00:00.0000000');
  });

  it('filters modifyDate across the fall-back change: the repeated hour resolves to its first occurrence', async () => {
    const clock = new Clock('2026-11-01T08:15:00Z'); // 01:15 PDT
    const { sim, base } = await start({ now: clock.now, stores: 1 });
    const [c] = sim.createOrders(1) as [SimOrder];
    clock.set('2026-11-01T09:15:00Z'); // 01:15 PST, same wall time
    const [d] = sim.createOrders(1) as [SimOrder];

    const both = await v1(base, '/orders');
    expect(orders(both).map((o) => o.modifyDate)).toEqual([
      '2026-11-01T01:15:00.0000000',
      '2026-11-01T01:15:00.0000000',
    ]);

    const first = await v1(
      base,
      `/orders?modifyDateStart=${q('2026-11-01 01:00:00')}&modifyDateEnd=${q('2026-11-01 01:30:00')}`,
    );
    expect(ids(orders(first))).toEqual([c.orderId]);
    const wide = await v1(
      base,
      `/orders?modifyDateStart=${q('2026-11-01 01:00:00')}&modifyDateEnd=${q('2026-11-01 02:00:00')}`,
    );
    expect(ids(orders(wide))).toEqual([c.orderId, d.orderId]);
    const late = await v1(base, `/orders?modifyDateStart=${q('2026-11-01 01:59:59')}`);
    expect(ids(orders(late))).toEqual([d.orderId]);
  });

  it('rejects malformed dates with a 400 JSON body', async () => {
    const { base } = await start();
    for (const bad of [
      'yesterday',
      '2026-02-30 00:00:00',
      '2026-03-08T10:00:00Z',
      '2026-13-01',
      '03/08/2026',
    ]) {
      const r = await v1(base, `/orders?modifyDateStart=${q(bad)}`);
      expect(r.status, bad).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/application\/json/);
      expect(r.body.Message).toBeTypeOf('string');
      expect(r.body.ModelState).toHaveProperty('modifyDateStart');
    }
    expect((await v1(base, `/orders?orderStatus=bogus`)).status).toBe(400);
    expect((await v1(base, `/orders?sortBy=Price`)).status).toBe(400);
    expect((await v1(base, `/orders?storeId=abc`)).status).toBe(400);
  });

  it('orderNumber is a starts-with match, across stores', async () => {
    const { sim, base } = await start();
    const [web, amazon] = sim.stores() as [SimStore, SimStore];
    const a = sim.createOrderWithNumber(web.storeId, '1001');
    const b = sim.createOrderWithNumber(web.storeId, '10010');
    const c = sim.createOrderWithNumber(amazon.storeId, '1001');
    sim.createOrderWithNumber(web.storeId, '2001');
    sim.createOrderWithNumber(web.storeId, '91001');
    const r = await v1(base, '/orders?orderNumber=1001');
    expect(ids(orders(r)).sort()).toEqual([a.orderId, b.orderId, c.orderId].sort());
    const scoped = await v1(base, `/orders?orderNumber=1001&storeId=${amazon.storeId}`);
    expect(ids(orders(scoped))).toEqual([c.orderId]);
    // parameter names are case-insensitive, as the webhook URLs (storeID=…) rely on
    expect(ids(orders(await v1(base, `/orders?ordernumber=10010&STOREID=${web.storeId}`)))).toEqual([
      b.orderId,
    ]);
  });

  it('generates realistic, deterministic orders: totals add up, discount lines, long marketplace numbers', async () => {
    const clock = new Clock('2026-05-01T17:00:00Z');
    const one = await start({ seed: 42, now: clock.now, orders: 200 });
    const two = await start({ seed: 42, now: clock.now, orders: 200 });
    const a = await v1(one.base, '/orders?pageSize=500');
    const b = await v1(two.base, '/orders?pageSize=500');
    expect(a.text).toBe(b.text);

    const list = orders(a);
    expect(list).toHaveLength(200);
    let adjustments = 0;
    const statuses: Record<string, number> = {};
    for (const o of list) {
      const items = o.items as {
        quantity: number;
        unitPrice: number;
        adjustment: boolean;
        sku: string | null;
      }[];
      const sum = items.reduce((s, i) => s + i.quantity * i.unitPrice, 0);
      const expected = Math.round((sum + (o.taxAmount as number) + (o.shippingAmount as number)) * 100) / 100;
      expect(o.orderTotal).toBeCloseTo(expected, 2);
      adjustments += items.filter((i) => i.adjustment).length;
      for (const i of items) if (!i.adjustment) expect(i.sku).toMatch(/^SKU-\d{4}$/);
      statuses[o.orderStatus as string] = (statuses[o.orderStatus as string] ?? 0) + 1;
      expect(o.modifyDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
      expect((o.customerEmail as string).length).toBeGreaterThan(3);
    }
    expect(adjustments).toBeGreaterThan(5);
    expect(statuses.awaiting_shipment ?? 0).toBeGreaterThan(100);
    expect(Object.keys(statuses).length).toBeGreaterThanOrEqual(4);
    expect(list.some((o) => (o.orderNumber as string).length > 11)).toBe(true);

    // seeded shipped orders are backed by a label or a mark-as-shipped record
    const shipTotal = (await v1(one.base, '/shipments?pageSize=500')).body.total as number;
    const fulTotal = (await v1(one.base, '/fulfillments?pageSize=500')).body.total as number;
    expect(shipTotal).toBe(one.sim.shipments().length);
    expect(fulTotal).toBe(one.sim.fulfillments().length);
    expect(shipTotal + fulTotal).toBe(statuses.shipped ?? 0);
    expect(shipTotal).toBeGreaterThan(0);

    const amazon = one.sim.stores().find((s) => s.marketplaceName === 'Amazon');
    const made = one.sim.createOrders(5, { storeId: amazon?.storeId ?? 0 });
    for (const o of made) expect(o.orderNumber).toMatch(/^\d{3}-\d{7}-\d{7}$/);
  });

  it('uses the configured SKUs and customers', async () => {
    const { sim } = await start({
      skus: ['WIDGET-A', { sku: 'GADGET-B', name: 'Gadget B', unitPrice: 12.5 }],
      customers: [{ name: 'Ada Lovelace', email: 'ada@example.org', company: 'Analytical Engines' }],
    });
    const made = sim.createOrders(30, { discount: false });
    for (const o of made) {
      expect(o.customerEmail).toBe('ada@example.org');
      for (const i of o.items) expect(['WIDGET-A', 'GADGET-B']).toContain(i.sku);
      for (const i of o.items) if (i.sku === 'GADGET-B') expect(i.unitPrice).toBe(12.5);
    }
    const exact = sim.createOrders(1, {
      items: [
        { sku: 'NOT-IN-QB', quantity: 2, unitPrice: 10 },
        { sku: null, name: 'Coupon', quantity: 1, unitPrice: -3, adjustment: true },
      ],
      taxAmount: 1.2,
      shippingAmount: 5,
    })[0] as SimOrder;
    expect(exact.orderTotal).toBe(23.2);
    expect(exact.amountPaid).toBe(23.2);
    const web = sim.stores()[0] as SimStore;
    const prefixed = sim.createOrders(2, { storeId: web.storeId, orderNumberPrefix: 'TEST-' });
    expect(prefixed.map((o) => o.orderNumber)).toEqual(
      prefixed.map((_, i) => `TEST-${Number(prefixed[0]?.orderNumber.slice(5)) + i}`),
    );
    expect(prefixed[0]?.orderNumber).toMatch(/^TEST-\d{4}$/);
  });

  it('GET /orders/{id}, 404s and the stores list in the sample shape', async () => {
    const { sim, base } = await start();
    const o = sim.createOrders(1)[0] as SimOrder;
    const one = await v1(base, `/orders/${o.orderId}`);
    expect(one.status).toBe(200);
    expect(one.body.orderNumber).toBe(o.orderNumber);
    expect(Object.keys(one.body)).toEqual(
      expect.arrayContaining([
        'orderKey',
        'advancedOptions',
        'items',
        'billTo',
        'shipTo',
        'externallyFulfilled',
      ]),
    );
    expect((await v1(base, '/orders/999')).status).toBe(404);
    const unknown = await v1(base, '/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.Message).toMatch(/No HTTP resource/);

    const stores = await v1(base, '/stores');
    const list = stores.body as unknown as Json[];
    expect(list).toHaveLength(3);
    expect(Object.keys(list[0] ?? {})).toEqual(
      expect.arrayContaining([
        'storeId',
        'storeName',
        'marketplaceId',
        'marketplaceName',
        'active',
        'createDate',
      ]),
    );
    expect(list.map((s) => s.marketplaceName)).toEqual(['Shopify', 'Amazon', 'eBay']);
  });
});

describe('V1 shipments and fulfillments', () => {
  it('shipments list label shipments only; fulfillments list marked-as-shipped orders only', async () => {
    const { sim, base } = await start({ stores: 1 });
    const [a, b, c, d] = sim.createOrders(4) as [SimOrder, SimOrder, SimOrder, SimOrder];
    sim.shipOrders([a.orderId, b.orderId]);
    const f = sim.markShippedExternally(c.orderId, { trackingNumber: '1Z999', carrierCode: 'ups' });

    const ships = await v1(base, '/shipments');
    expect(ships.body.total).toBe(2);
    expect(ids(ships.body.shipments).sort()).toEqual([a.orderId, b.orderId].sort());
    const fuls = await v1(base, '/fulfillments');
    expect(fuls.body.total).toBe(1);
    const ful = (fuls.body.fulfillments as Json[])[0];
    expect(ful).toMatchObject({
      fulfillmentId: f.fulfillmentId,
      orderId: c.orderId,
      trackingNumber: '1Z999',
    });
    expect(ful?.shipDate).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.0000000$/);

    const shipped = await v1(base, '/orders?orderStatus=shipped');
    expect(ids(orders(shipped)).sort()).toEqual([a.orderId, b.orderId, c.orderId].sort());
    expect((await v1(base, `/orders/${d.orderId}`)).body.orderStatus).toBe('awaiting_shipment');
    expect((await v1(base, `/shipments?orderId=${c.orderId}`)).body.total).toBe(0);
    expect((await v1(base, `/fulfillments?orderId=${a.orderId}`)).body.total).toBe(0);

    // marking shipped through the API is a fulfillment too
    const marked = await send(
      `${base}/orders/markasshipped`,
      'POST',
      { authorization: basic() },
      {
        orderId: d.orderId,
        carrierCode: 'usps',
        shipDate: '2026-01-02',
        trackingNumber: '9400TEST',
      },
    );
    expect(marked.status).toBe(200);
    expect(JSON.parse(marked.text)).toEqual({ orderId: d.orderId, orderNumber: d.orderNumber });
    const after = await v1(base, `/fulfillments?orderId=${d.orderId}`);
    expect((after.body.fulfillments as Json[])[0]).toMatchObject({
      trackingNumber: '9400TEST',
      shipDate: '2026-01-02T00:00:00.0000000',
    });
    expect((await v1(base, '/shipments')).body.total).toBe(2);
  });

  it('includeShipmentItems: default null, true lists the shipped lines', async () => {
    const { sim, base } = await start();
    const o = sim.createOrders(1, {
      items: [
        { sku: 'SKU-0001', quantity: 2, unitPrice: 5 },
        { sku: 'SKU-0002', quantity: 1, unitPrice: 7 },
        { sku: null, name: 'Discount', quantity: 1, unitPrice: -1, adjustment: true },
      ],
    })[0] as SimOrder;
    sim.shipOrders([o.orderId]);
    const plain = await v1(base, '/shipments');
    expect((plain.body.shipments as Json[])[0]?.shipmentItems).toBeNull();
    for (const flag of ['true', 'True']) {
      const withItems = await v1(base, `/shipments?includeShipmentItems=${flag}`);
      const items = (withItems.body.shipments as Json[])[0]?.shipmentItems as {
        sku: string;
        quantity: number;
      }[];
      expect(items.map((i) => [i.sku, i.quantity])).toEqual([
        ['SKU-0001', 2],
        ['SKU-0002', 1],
      ]);
    }
    expect((await v1(base, '/shipments?includeShipmentItems=False')).status).toBe(200);
    expect((await v1(base, '/shipments?includeShipmentItems=maybe')).status).toBe(400);
  });

  it('voids: voidDate filter, order back to awaiting_shipment and editable, modifyDate bumped', async () => {
    const clock = new Clock('2026-01-15T18:00:00Z'); // 10:00 PST
    const { sim, base } = await start({ now: clock.now });
    const [o, other] = sim.createOrders(2) as [SimOrder, SimOrder];
    clock.advance(3_600_000);
    const [label] = sim.shipOrders([o.orderId, other.orderId]);
    expect(sim.order(o.orderId).orderStatus).toBe('shipped');
    expect(() => sim.editOrder(o.orderId, { internalNotes: 'x' })).toThrow(SimStateError);

    clock.set('2026-01-16T20:30:00Z'); // 12:30 PST
    sim.voidShipment(label?.shipmentId ?? 0);
    expect(() => sim.voidShipment(label?.shipmentId ?? 0)).toThrow(SimStateError);

    const voided = await v1(
      base,
      `/shipments?voidDateStart=${q('2026-01-16 12:00:00')}&voidDateEnd=${q('2026-01-16 13:00:00')}`,
    );
    expect(voided.body.total).toBe(1);
    const s = (voided.body.shipments as Json[])[0];
    expect(s).toMatchObject({
      shipmentId: label?.shipmentId,
      voided: true,
      voidDate: '2026-01-16T12:30:00.0000000',
    });
    // voided labels stay listed
    expect((await v1(base, '/shipments')).body.total).toBe(2);

    const back = await v1(base, `/orders/${o.orderId}`);
    expect(back.body).toMatchObject({ orderStatus: 'awaiting_shipment', shipDate: null });
    expect(back.body.modifyDate).toBe('2026-01-16T12:30:00.0000000');
    expect(sim.editOrder(o.orderId, { internalNotes: 'reship' }).orderStatus).toBe('awaiting_shipment');
    expect(sim.order(other.orderId).orderStatus).toBe('shipped');
  });

  it('split shipments: two labels for one order; split orders share the order number', async () => {
    const { sim, base } = await start();
    const o = sim.createOrders(1, {
      items: [
        { sku: 'SKU-0001', quantity: 1, unitPrice: 5 },
        { sku: 'SKU-0002', quantity: 3, unitPrice: 7 },
      ],
    })[0] as SimOrder;
    const labels = sim.shipOrders([o.orderId], { split: true });
    expect(labels).toHaveLength(2);
    const r = await v1(base, `/shipments?orderId=${o.orderId}&includeShipmentItems=true`);
    const list = r.body.shipments as Json[];
    expect(list).toHaveLength(2);
    expect(new Set(list.map((s) => s.trackingNumber)).size).toBe(2);
    expect(new Set(list.map((s) => s.batchNumber)).size).toBe(1);
    const skus = list.flatMap((s) => (s.shipmentItems as { sku: string }[]).map((i) => i.sku)).sort();
    expect(skus).toEqual(['SKU-0001', 'SKU-0002']);

    const p = sim.createOrders(1, { items: [{ sku: 'SKU-0003', quantity: 4, unitPrice: 2 }] })[0] as SimOrder;
    const { parent, child } = sim.splitOrder(p.orderId);
    expect(child.orderNumber).toBe(parent.orderNumber);
    expect(child.parentId).toBe(parent.orderId);
    const byNumber = await v1(base, `/orders?orderNumber=${q(p.orderNumber)}&storeId=${p.storeId}`);
    const found = orders(byNumber).filter((x) => x.orderNumber === p.orderNumber);
    expect(found.map((x) => (x.advancedOptions as Json).parentId).sort()).toEqual(
      [null, parent.orderId].sort(),
    );
    expect(found.every((x) => (x.advancedOptions as Json).mergedOrSplit === true)).toBe(true);
    expect(found.reduce((s, x) => s + (x.items as { quantity: number }[])[0]!.quantity, 0)).toBe(4);
  });

  it('revenue shapes (issue "Revenue as it really ships"): a partial label then the rest on another day, a split child shipped later, amount paid apart from the total, notes edited after shipping', async () => {
    const clock = new Clock('2026-03-02T18:00:00Z');
    const { sim, base } = await start({ now: clock.now });
    // One order, two lines: the first label carries line 1 only; the rest ships two days later.
    const o = sim.createOrders(1, {
      items: [
        { sku: 'SKU-0001', quantity: 1, unitPrice: 20 },
        { sku: 'SKU-0002', quantity: 2, unitPrice: 15 },
      ],
      discount: false,
      taxAmount: 0,
      shippingAmount: 0,
    })[0] as SimOrder;
    const [l1, l2] = o.items.map((i) => i.orderItemId) as [number, number];
    sim.shipOrders([o.orderId], { items: [{ orderItemId: l1, quantity: 1 }], shipDate: '2026-03-02' });
    sim.shipOrders([o.orderId], {
      items: [{ orderItemId: l2, quantity: 2 }],
      shipDate: '2026-03-04',
      reship: true,
    });
    const r = await v1(base, `/shipments?orderId=${o.orderId}&includeShipmentItems=true`);
    const list = (r.body.shipments as Json[]).map((x) => ({
      shipDate: x.shipDate,
      items: (x.shipmentItems as { sku: string; quantity: number }[]).map((i) => `${i.sku}×${i.quantity}`),
    }));
    expect(list.sort((a, b) => String(a.shipDate).localeCompare(String(b.shipDate)))).toEqual([
      { shipDate: '2026-03-02', items: ['SKU-0001×1'] },
      { shipDate: '2026-03-04', items: ['SKU-0002×2'] },
    ]);
    expect(() =>
      sim.shipOrders([o.orderId], { items: [{ orderItemId: 999, quantity: 1 }], reship: true }),
    ).toThrow(SimStateError);

    // A split: the parent ships today, the child (same number) still awaits shipment.
    const p = sim.createOrders(1, {
      items: [
        { sku: 'SKU-0003', quantity: 1, unitPrice: 10 },
        { sku: 'SKU-0004', quantity: 1, unitPrice: 12 },
      ],
      discount: false,
    })[0] as SimOrder;
    const { parent, child } = sim.splitOrder(p.orderId, { orderItemIds: [p.items[1]!.orderItemId] });
    sim.shipOrders([parent.orderId], { shipDate: '2026-03-02' });
    const both = orders(await v1(base, `/orders?orderNumber=${q(p.orderNumber)}`)).filter(
      (x) => x.orderNumber === p.orderNumber,
    );
    expect(both.map((x) => [x.orderId, x.orderStatus]).sort()).toEqual(
      [
        [parent.orderId, 'shipped'],
        [child.orderId, 'awaiting_shipment'],
      ].sort(),
    );

    // Paid 30.00 of a 50.00 order (the rest on a gift card), V1 and V2 alike.
    const g = sim.createOrders(1, {
      items: [{ sku: 'SKU-0005', quantity: 1, unitPrice: 50 }],
      discount: false,
      taxAmount: 0,
      shippingAmount: 0,
      amountPaid: 30,
      paymentMethod: 'Credit Card, Gift Card',
    })[0] as SimOrder;
    const g1 = (await v1(base, `/orders/${g.orderId}`)).body;
    expect([g1.orderTotal, g1.amountPaid, g1.paymentMethod]).toEqual([50, 30, 'Credit Card, Gift Card']);
    sim.shipOrders([g.orderId]);
    expect((await v1(base, `/orders/${g.orderId}`)).body.amountPaid).toBe(30);
    const g2 = (await v2(base, `/v2/shipments?sales_order_id=${g.orderId}`)).body.shipments as Json[];
    expect(g2.map((x) => (x.amount_paid as { amount: number }).amount)).toContain(30);

    // Notes and custom fields of a shipped order stay editable: modifyDate moves, the sale does not.
    clock.advance(60_000);
    const before = (await v1(base, `/orders/${g.orderId}`)).body;
    sim.annotateOrder(g.orderId, { internalNotes: 'Customer called', customField1: 'VIP' });
    const after = (await v1(base, `/orders/${g.orderId}`)).body;
    expect(after.modifyDate).not.toBe(before.modifyDate);
    expect([after.internalNotes, (after.advancedOptions as Json).customField1]).toEqual([
      'Customer called',
      'VIP',
    ]);
    expect([after.orderTotal, after.amountPaid, after.items]).toEqual([
      before.orderTotal,
      before.amountPaid,
      before.items,
    ]);
    expect(() => sim.editOrder(g.orderId, { taxAmount: 1 })).toThrow(SimStateError);
  });

  it('cancelled and shipped orders are immutable to the scripting API', async () => {
    const clock = new Clock('2026-02-01T12:00:00Z');
    const { sim, base } = await start({ now: clock.now });
    const [o, s] = sim.createOrders(2) as [SimOrder, SimOrder];
    clock.advance(60_000);
    sim.cancelOrder(o.orderId);
    expect((await v1(base, `/orders/${o.orderId}`)).body).toMatchObject({
      orderStatus: 'cancelled',
      modifyDate: '2026-02-01T04:01:00.0000000',
    });
    for (const act of [
      () => sim.editOrder(o.orderId, { taxAmount: 1 }),
      () => sim.cancelOrder(o.orderId),
      () => sim.holdOrder(o.orderId),
      () => sim.shipOrders([o.orderId]),
      () => sim.markShippedExternally(o.orderId),
      () => sim.splitOrder(o.orderId),
    ]) {
      expect(act).toThrow(SimStateError);
    }
    sim.shipOrders([s.orderId]);
    expect(() => sim.cancelOrder(s.orderId)).toThrow(SimStateError);
    expect(() => sim.shipOrders([s.orderId])).toThrow(SimStateError);
    expect(sim.shipOrders([s.orderId], { reship: true })).toHaveLength(1);
    expect(sim.order(o.orderId).orderStatus).toBe('cancelled');
  });

  it('holds and edits bump modifyDate', async () => {
    const clock = new Clock('2026-04-10T16:00:00Z');
    const { sim } = await start({ now: clock.now });
    const o = sim.createOrders(1)[0] as SimOrder;
    clock.advance(1000);
    expect(sim.holdOrder(o.orderId, '2026-04-20')).toMatchObject({
      orderStatus: 'on_hold',
      holdUntilDate: '2026-04-20',
      modifyDate: '2026-04-10T16:00:01.000Z',
    });
    clock.advance(1000);
    expect(sim.releaseHold(o.orderId).modifyDate).toBe('2026-04-10T16:00:02.000Z');
    clock.advance(1000);
    const edited = sim.editOrder(o.orderId, {
      shippingAmount: 0,
      items: [{ sku: 'SKU-0009', quantity: 1, unitPrice: 9.99 }],
    });
    expect(edited.modifyDate).toBe('2026-04-10T16:00:03.000Z');
    expect(edited.orderTotal).toBe(Math.round((9.99 + edited.taxAmount) * 100) / 100);
  });
});

describe('V2 face', () => {
  it('pages with links.next.href, default newest first, and mirrors the V1 data', async () => {
    const clock = new Clock('2026-06-01T12:00:00Z');
    const { sim, base } = await start({ now: clock.now });
    for (let i = 0; i < 60; i++) {
      sim.createOrders(1);
      clock.advance(1000);
    }
    const seen: string[] = [];
    let url: string | undefined = `${base}/v2/shipments?page_size=25`;
    let pages = 0;
    let first: Json | undefined;
    while (url) {
      const r = await get(url, { 'API-Key': V2.apiKey });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ total: 60, pages: 3 });
      if (!first) first = r.body;
      for (const s of r.body.shipments as Json[]) seen.push(s.shipment_id as string);
      const links = r.body.links as Record<string, { href?: string }>;
      expect(links.first?.href).toContain('page=1');
      expect(links.last?.href).toContain('page=3');
      if ((r.body.page as number) > 1)
        expect(links.prev?.href).toContain(`page=${(r.body.page as number) - 1}`);
      else expect(links.prev).toEqual({});
      url = links.next?.href;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(60);
    const all = sim.orders();
    expect(seen[0]).toBe(`se-${all[all.length - 1]?.orderId}`); // created_at desc by default

    const asc = await v2(base, '/v2/shipments?sort_dir=asc&sort_by=created_at&page_size=1');
    const s0 = (asc.body.shipments as Json[])[0] as Json;
    const o0 = all[0] as SimOrder;
    expect(s0).toMatchObject({
      shipment_id: `se-${o0.orderId}`,
      shipment_number: o0.orderNumber,
      shipment_status: 'pending',
      store_id: `se-${o0.storeId}`,
      created_at: '2026-06-01T12:00:00.000Z',
      modified_at: '2026-06-01T12:00:00.000Z',
    });
    expect((s0.amount_paid as Json).amount).toBe(o0.orderTotal);
    const single = await v2(base, `/v2/shipments/se-${o0.orderId}`);
    expect(single.body.shipment_number).toBe(o0.orderNumber);
    expect((await v2(base, '/v2/shipments/se-1')).status).toBe(404);
  });

  it('filters by modified_at (ISO UTC), status and store; rejects bad parameters with the V2 error shape', async () => {
    const clock = new Clock('2026-03-08T09:00:00Z');
    const { sim, base } = await start({ now: clock.now });
    const [a, b] = sim.createOrders(2) as [SimOrder, SimOrder];
    clock.set('2026-03-08T11:00:00Z');
    sim.shipOrders([a.orderId]);
    sim.cancelOrder(b.orderId);
    sim.createOrders(1);
    const mod = await v2(
      base,
      `/v2/shipments?modified_at_start=${q('2026-03-08T10:00:00.000Z')}&sort_dir=asc`,
    );
    expect(mod.body.total).toBe(3);
    const shipped = await v2(base, '/v2/shipments?shipment_status=label_purchased');
    expect((shipped.body.shipments as Json[]).map((s) => s.shipment_id)).toEqual([`se-${a.orderId}`]);
    const cancelled = await v2(base, '/v2/shipments?shipment_status=cancelled');
    expect((cancelled.body.shipments as Json[]).map((s) => s.shipment_id)).toEqual([`se-${b.orderId}`]);
    const early = await v2(base, `/v2/shipments?modified_at_end=${q('2026-03-08T01:30:00-08:00')}`);
    expect(early.body.total).toBe(0);
    const store = await v2(base, `/v2/shipments?store_id=se-${a.storeId}`);
    expect((store.body.shipments as Json[]).every((s) => s.store_id === `se-${a.storeId}`)).toBe(true);

    for (const bad of [
      'modified_at_start=2026-03-08',
      'modified_at_start=2026-03-08T10:00:00',
      'shipment_status=shipped',
      'page=0',
      'page_size=501',
      'sort_dir=up',
    ]) {
      const r = await v2(base, `/v2/shipments?${bad}`);
      expect(r.status, bad).toBe(400);
      expect((r.body.errors as Json[])[0]).toMatchObject({ error_type: 'validation' });
    }
    expect((await v2(base, '/v2/nowhere')).status).toBe(404);
  });

  it('labels and fulfillments: voids, filters, and the same ids as V1', async () => {
    const { sim, base } = await start();
    const [a, b, c] = sim.createOrders(3) as [SimOrder, SimOrder, SimOrder];
    const [la, lb] = sim.shipOrders([a.orderId, b.orderId], { split: false });
    sim.voidShipment(lb?.shipmentId ?? 0);
    const f = sim.markShippedExternally(c.orderId);

    const labels = await v2(base, '/v2/labels');
    expect(labels.body.total).toBe(2);
    const voided = await v2(base, '/v2/labels?label_status=voided');
    const v = (voided.body.labels as Json[])[0] as Json;
    expect(v).toMatchObject({
      label_id: `se-${lb?.shipmentId}`,
      voided: true,
      shipment_id: `se-${b.orderId}`,
    });
    expect(v.voided_at).toMatch(/Z$/);
    const forA = await v2(base, `/v2/labels?shipment_id=se-${a.orderId}`);
    expect((forA.body.labels as Json[]).map((l) => l.tracking_number)).toEqual([la?.trackingNumber]);
    const one = await v2(base, `/v2/labels/se-${la?.shipmentId}`);
    expect(one.body.status).toBe('completed');
    expect((await v2(base, '/v2/labels/se-1')).status).toBe(404);

    const fuls = await v2(base, '/v2/fulfillments');
    expect(fuls.body).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect((fuls.body.fulfillments as Json[])[0]).toMatchObject({
      fulfillment_id: `se-${f.fulfillmentId}`,
      shipment_id: `se-${c.orderId}`,
      shipment_number: c.orderNumber,
    });
    expect(fuls.body.links).toBeDefined();

    const voidRes = await send(`${base}/v2/labels/se-${la?.shipmentId}/void`, 'PUT', {
      'API-Key': V2.apiKey,
    });
    expect(JSON.parse(voidRes.text)).toMatchObject({ approved: true });
    expect(sim.order(a.orderId).orderStatus).toBe('awaiting_shipment');
  });
});

describe('webhooks', () => {
  it('V1: subscribe, list, deliver {resource_url, resource_type}; the resource_url returns the batch', async () => {
    const { sim, base } = await start();
    const rx = await receiver();
    const [web, amazon] = sim.stores() as [SimStore, SimStore];
    sim.createOrders(4, { storeId: web.storeId }); // before subscribing: never announced

    const subOrders = await send(
      `${base}/webhooks/subscribe`,
      'POST',
      { authorization: basic() },
      {
        target_url: rx.url,
        event: 'ORDER_NOTIFY',
        store_id: web.storeId,
        friendly_name: 'orders',
      },
    );
    expect(subOrders.status).toBeGreaterThanOrEqual(200);
    expect(subOrders.status).toBeLessThan(300);
    const orderHookId = (JSON.parse(subOrders.text) as { id: number }).id;
    await send(
      `${base}/webhooks/subscribe`,
      'POST',
      { authorization: basic() },
      { target_url: rx.url, event: 'SHIP_NOTIFY' },
    );
    const bad = await send(
      `${base}/webhooks/subscribe`,
      'POST',
      { authorization: basic() },
      { target_url: rx.url, event: 'NOPE' },
    );
    expect(bad.status).toBe(400);

    const list = await v1(base, '/webhooks');
    const hooks = list.body.webhooks as Json[];
    expect(hooks).toHaveLength(2);
    expect(hooks[0]).toMatchObject({
      WebHookID: orderHookId,
      HookType: 'ORDER_NOTIFY',
      Url: rx.url,
      StoreID: web.storeId,
      Name: 'orders',
      Active: true,
      MessageFormat: 'Json',
      IsLabelAPIHook: false,
    });

    const batch = sim.createOrders(3, { storeId: web.storeId });
    sim.createOrders(2, { storeId: amazon.storeId }); // other store: not for this subscription
    expect(sim.pendingWebhooks()).toBe(1);
    const results = await sim.deliverWebhooks();
    expect(results.map((r) => r.status)).toEqual([200]);
    expect(rx.got).toHaveLength(1);
    const note = JSON.parse(rx.got[0]?.body ?? '{}') as { resource_url: string; resource_type: string };
    expect(Object.keys(note).sort()).toEqual(['resource_type', 'resource_url']);
    expect(note.resource_type).toBe('ORDER_NOTIFY');
    expect(note.resource_url.startsWith(`${base}/orders?storeID=${web.storeId}&importBatch=`)).toBe(true);
    expect(rx.got[0]?.headers['content-type']).toMatch(/application\/json/);
    expect(rx.got[0]?.headers['x-shipengine-rsa-sha256-signature']).toBeUndefined();
    const fetched = await get(note.resource_url, { authorization: basic() });
    expect(ids(orders(fetched)).sort()).toEqual(batch.map((o) => o.orderId).sort());

    const shipped = sim.shipOrders(batch.map((o) => o.orderId).slice(0, 2));
    await sim.deliverWebhooks();
    const shipNote = JSON.parse(rx.got[1]?.body ?? '{}') as { resource_url: string; resource_type: string };
    expect(shipNote.resource_type).toBe('SHIP_NOTIFY');
    expect(shipNote.resource_url).toMatch(/\/shipments\?batchId=\d+&includeShipmentItems=False$/);
    const shipList = await get(shipNote.resource_url, { authorization: basic() });
    expect((shipList.body.shipments as Json[]).map((s) => s.shipmentId).sort()).toEqual(
      shipped.map((s) => s.shipmentId).sort(),
    );
    expect((shipList.body.shipments as Json[])[0]?.shipmentItems).toBeNull();
    const withItems = await get(shipNote.resource_url.replace('False', 'True'), { authorization: basic() });
    expect(Array.isArray((withItems.body.shipments as Json[])[0]?.shipmentItems)).toBe(true);

    expect((await send(`${base}/webhooks/${orderHookId}`, 'DELETE', { authorization: basic() })).status).toBe(
      200,
    );
    sim.createOrders(1, { storeId: web.storeId });
    expect(sim.pendingWebhooks()).toBe(0);
    expect(sim.stats.webhooks.delivered).toBe(2);
  });

  it('V2: deliveries are RSA-SHA256 signed over `${timestamp}.${rawBody}`, verifiable with the PEM and the JWKS', async () => {
    const { sim, base } = await start({ stores: 1 });
    const rx = await receiver();
    const created = await send(
      `${base}/v2/environment/webhooks`,
      'POST',
      { 'API-Key': V2.apiKey },
      {
        url: rx.url,
        event: 'batch',
        headers: [{ key: 'X-Custom', value: 'abc' }],
      },
    );
    expect(created.status).toBe(200);
    const hook = JSON.parse(created.text) as { webhook_id: string; event: string };
    expect(hook.webhook_id).toMatch(/^se-\d+$/);
    const dup = await send(
      `${base}/v2/environment/webhooks`,
      'POST',
      { 'API-Key': V2.apiKey },
      { url: rx.url, event: 'batch' },
    );
    expect(dup.status).toBe(409);
    const listed = await v2(base, '/v2/environment/webhooks');
    expect((listed.body as unknown as Json[]).map((h) => h.webhook_id)).toEqual([hook.webhook_id]);

    const o = sim.createOrders(2);
    const labels = sim.shipOrders(o.map((x) => x.orderId));
    await sim.deliverWebhooks();
    expect(rx.got.length).toBeGreaterThanOrEqual(1);
    const d = rx.got[0] as Received;
    const raw = d.body;
    const kid = d.headers['x-shipengine-rsa-sha256-key-id'] as string;
    const sig = d.headers['x-shipengine-rsa-sha256-signature'] as string;
    const ts = d.headers['x-shipengine-timestamp'] as string;
    expect(d.headers['x-custom']).toBe('abc');
    expect(Math.abs(Date.now() - Date.parse(ts))).toBeLessThan(5 * 60_000);
    expect(ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const pem = createPublicKey(sim.publicKeyPem());
    expect(rsaVerify('sha256', Buffer.from(`${ts}.${raw}`), pem, Buffer.from(sig, 'base64'))).toBe(true);
    expect(rsaVerify('sha256', Buffer.from(`${ts}.${raw} `), pem, Buffer.from(sig, 'base64'))).toBe(false);
    expect(rsaVerify('sha256', Buffer.from(raw), pem, Buffer.from(sig, 'base64'))).toBe(false);

    const jwks = (await fetch(`${base}/jwks`).then((r) => r.json())) as {
      keys: (JsonWebKey & { kid: string })[];
    };
    const jwk = jwks.keys.find((k) => k.kid === kid);
    expect(jwk).toBeDefined();
    const fromJwk = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    expect(rsaVerify('sha256', Buffer.from(`${ts}.${raw}`), fromJwk, Buffer.from(sig, 'base64'))).toBe(true);

    const note = JSON.parse(raw) as { resource_url: string; resource_type: string };
    expect(note.resource_type).toBe('BATCH_PROCESSED_V2');
    const batch = await get(note.resource_url, { 'API-Key': V2.apiKey });
    expect(batch.body).toMatchObject({ status: 'completed', count: 2 });
    const batchLabels = await get((batch.body.batch_labels_url as { href: string }).href, {
      'API-Key': V2.apiKey,
    });
    expect((batchLabels.body.labels as Json[]).map((l) => l.label_id).sort()).toEqual(
      labels.map((l) => l.v2LabelId).sort(),
    );

    // forged deliveries for receiver tests
    const forged = '{"resource_url":"http://evil/","resource_type":"BATCH_PROCESSED_V2"}';
    const r = await sim.deliverRaw(rx.url, forged, { ...sim.signV2('{"other":1}'), 'x-test': 'forged' });
    expect(r.status).toBe(200);
    const last = rx.got[rx.got.length - 1] as Received;
    expect(last.body).toBe(forged);
    expect(
      rsaVerify(
        'sha256',
        Buffer.from(`${last.headers['x-shipengine-timestamp'] as string}.${last.body}`),
        pem,
        Buffer.from(last.headers['x-shipengine-rsa-sha256-signature'] as string, 'base64'),
      ),
    ).toBe(false);

    expect(
      (await send(`${base}/v2/environment/webhooks/${hook.webhook_id}`, 'DELETE', { 'API-Key': V2.apiKey }))
        .status,
    ).toBe(204);
  });

  it('delivers automatically when enabled, and records receiver failures', async () => {
    const { sim } = await start({ autoDeliverWebhooks: true });
    const ok = await receiver(200);
    const failing = await receiver(500);
    sim.addWebhook({ api: 'v1', event: 'ORDER_NOTIFY', targetUrl: ok.url });
    sim.addWebhook({ api: 'v1', event: 'ORDER_NOTIFY', targetUrl: failing.url });
    sim.addWebhook({ api: 'v2', event: 'shipment_created_v2', url: ok.url });
    sim.createOrders(2);
    await sim.webhooksSettled();
    expect(sim.pendingWebhooks()).toBe(0);
    expect(ok.got.length).toBeGreaterThanOrEqual(2);
    expect(failing.got.length).toBeGreaterThanOrEqual(1);
    expect(sim.stats.webhooks.failed).toBeGreaterThanOrEqual(1);
    expect(sim.webhookLog().some((d) => d.status === 500)).toBe(true);
    const v2Note = ok.got.find((g) => g.headers['x-shipengine-rsa-sha256-signature']);
    expect(JSON.parse(v2Note?.body ?? '{}')).toMatchObject({ resource_type: 'SHIPMENT_CREATED_V2' });
  });
});

describe('faults', () => {
  it('latencyMs delays answers', async () => {
    const { sim, base } = await start();
    sim.injectFaults({ latencyMs: 150 });
    const t0 = performance.now();
    expect((await v1(base, '/stores')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(sim.stats.faults.latency).toBe(1);
  });

  it('fail5xx answers N errors then recovers; V1 500 is JSON, V2 500 is empty, gateways are HTML', async () => {
    const { sim, base } = await start();
    sim.injectFaults({ fail5xx: { status: 503, times: 2 } });
    const a = await v1(base, '/orders');
    const b = await v2(base, '/v2/shipments');
    expect([a.status, b.status]).toEqual([503, 503]);
    expect(a.text).toMatch(/Service Unavailable/);
    expect(a.headers.get('x-rate-limit-remaining')).not.toBeNull();
    expect((await v1(base, '/orders')).status).toBe(200);
    sim.injectFaults({ fail5xx: { status: 500, times: 2 } });
    const c = await v1(base, '/orders');
    expect(c.status).toBe(500);
    expect(c.body.Message).toBeTypeOf('string');
    const d = await v2(base, '/v2/shipments');
    expect(d.status).toBe(500);
    expect(d.text).toBe('');
    expect(sim.stats.faults.fail5xx).toBe(4);
    expect(sim.stats.status5xx).toBe(4);
  });

  it('resetConnections destroys the socket mid-response (after half the body, or right after the headers)', async () => {
    const { sim, base } = await start();
    sim.createOrders(20);
    for (const mode of ['half-body', 'headers'] as const) {
      sim.injectFaults({ resetConnections: 1, resetMode: mode });
      await expect(v1(base, '/orders')).rejects.toThrow();
      expect((await v1(base, '/orders')).status).toBe(200);
    }
    expect(sim.stats.faults.resetConnections).toBe(2);
  });

  it('malformedJson answers 200 with a truncated body', async () => {
    const { sim, base } = await start();
    sim.createOrders(3);
    sim.injectFaults({ malformedJson: 1 });
    const res = await fetch(`${base}/orders`, { headers: { authorization: basic() } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text.startsWith('{"orders":[')).toBe(true);
    const next = await v1(base, '/orders');
    expect(next.body.total).toBe(3);
    expect(sim.stats.faults.malformedJson).toBe(1);
  });

  it('burst429 answers 429 regardless of budget, with V1 headers and V2 Retry-After', async () => {
    const { sim, base } = await start({ windowMs: 2_000 });
    sim.injectFaults({ burst429: 2 });
    const a = await v1(base, '/orders');
    expect(a.status).toBe(429);
    expect(a.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(a.headers.get('x-rate-limit-reset'))).toBeGreaterThanOrEqual(1);
    const b = await v2(base, '/v2/shipments');
    expect(b.status).toBe(429);
    expect(Number(b.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await v1(base, '/orders')).status).toBe(200);
    expect(sim.stats.faults.burst429).toBe(2);
    expect(sim.stats.rateLimited).toBe(0);
  });

  it('unauthorizedBlip answers sporadic 401s to good credentials', async () => {
    const { sim, base } = await start();
    sim.injectFaults({ unauthorizedBlip: 1 });
    expect((await v1(base, '/orders')).status).toBe(401);
    expect((await v1(base, '/orders')).status).toBe(200);
    expect(sim.stats.faults.unauthorizedBlip).toBe(1);
    expect(sim.stats.status401).toBe(1);
  });

  it('match scopes faults to some paths; stats count requests per route template', async () => {
    const { sim, base } = await start();
    const o = sim.createOrders(1)[0] as SimOrder;
    sim.injectFaults({ fail5xx: { status: 502, times: 5 }, match: (_m, path) => path === '/shipments' });
    expect((await v1(base, '/orders')).status).toBe(200);
    expect((await v1(base, `/orders/${o.orderId}`)).status).toBe(200);
    expect((await v1(base, '/shipments')).status).toBe(502);
    expect(sim.stats.requests).toBe(3);
    expect(sim.stats.byPath).toMatchObject({
      'GET /orders': 1,
      'GET /orders/{orderId}': 1,
      'GET /shipments': 1,
    });
    sim.clearFaults();
    sim.resetStats();
    expect((await v1(base, '/shipments')).status).toBe(200);
    expect(sim.stats.requests).toBe(1);
  });

  it('stays up: internal errors are 500 JSON, bad input is a 4xx, the next request is served', async () => {
    const { sim, base } = await start();
    sim.injectFaults({
      match: () => {
        throw new Error('boom');
      },
    });
    const r = await v1(base, '/orders');
    expect(r.status).toBe(500);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    sim.clearFaults();
    expect((await v1(base, '/orders/%E0%A4%A')).status).toBe(404);
    expect(
      (await send(`${base}/webhooks/subscribe`, 'POST', { authorization: basic() }, '{not json')).status,
    ).toBe(400);
    expect((await send(`${base}/orders`, 'DELETE', { authorization: basic() })).status).toBe(405);
    expect(
      (await send(`${base}/v2/environment/webhooks`, 'POST', { 'API-Key': V2.apiKey }, 'x'.repeat(2_000_000)))
        .status,
    ).toBe(413);
    expect((await v1(base, '/orders')).status).toBe(200);
  });
});
