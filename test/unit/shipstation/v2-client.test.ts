import { describe, expect, it } from 'vitest';
import { ShipStationError } from '../../../src-main/engine/shipstation/errors';
import { collect, json, startFakeClient, startFakeServer, type Handler, type Seen } from './fake-server';

function setup(handler: Handler) {
  return startFakeClient(handler, {
    now: Date.parse('2026-07-01T12:00:00Z'),
    governor: { defaultLimit: 200 },
    client: { apiVersion: 'v2', apiKey: 'v2-key-abc' },
  });
}

function shipment(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    shipment_id: `se-${i}`,
    shipment_number: `100${i}`,
    external_shipment_id: `ext-ship-${i}`,
    external_order_id: `ext-order-${i}`,
    store_id: 'se-77',
    shipment_status: 'pending',
    created_at: '2026-06-30T10:00:00Z',
    modified_at: '2026-07-01T10:00:00.123Z',
    ship_date: '2026-07-02T00:00:00Z',
    hold_until_date: null,
    ship_to: {
      name: 'Ada',
      phone: '555',
      email: 'ada@example.com',
      company_name: null,
      address_line1: '1 Main St',
      address_line2: null,
      city_locality: 'Austin',
      state_province: 'TX',
      postal_code: '78756',
      country_code: 'US',
      address_residential_indicator: 'yes',
    },
    items: [
      {
        name: 'Widget',
        sales_order_id: 'so-1',
        sales_order_item_id: 'soi-1',
        quantity: 2,
        sku: 'W-1',
        external_order_item_id: 'li-1',
        unit_price: 10,
        tax_amount: 1.5,
        shipping_amount: null,
      },
    ],
    amount_paid: { currency: 'usd', amount: 23 },
    shipping_paid: { currency: 'usd', amount: 1.5 },
    tax_paid: { currency: 'usd', amount: 1.5 },
    tags: [],
    packages: [],
    ...extra,
  };
}

function label(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    label_id: `se-l${i}`,
    status: 'completed',
    shipment_id: `se-${i}`,
    ship_date: '2026-07-01T00:00:00Z',
    created_at: '2026-07-01T09:00:00Z',
    shipment_cost: { currency: 'usd', amount: 7.25 },
    insurance_cost: { currency: 'usd', amount: 0 },
    tracking_number: `9400${i}`,
    carrier_code: 'stamps_com',
    service_code: 'usps_priority_mail',
    voided: false,
    voided_at: null,
    ...extra,
  };
}

/** A V2 list response whose links.next points at the same server (absolute, or relative when asked). */
function v2List(key: string, all: unknown[], req: Seen, relative = false) {
  const page = Number(req.url.searchParams.get('page') ?? '1');
  const size = Number(req.url.searchParams.get('page_size') ?? '25');
  const pages = Math.ceil(all.length / size);
  const next = new URL(req.url);
  next.searchParams.set('page', String(page + 1));
  const href = relative ? `${next.pathname}${next.search}` : next.href;
  return {
    [key]: all.slice((page - 1) * size, page * size),
    total: all.length,
    page,
    pages,
    links: { first: { href: 'x' }, last: { href: 'x' }, prev: {}, next: page < pages ? { href } : {} },
  };
}

// ---- tests -------------------------------------------------------------------------------------

describe('V2 client: authentication', () => {
  it('sends the API-Key header (never Basic) and tests the connection cheaply', async () => {
    const { client, server } = await setup((req, res) => json(res, 200, v2List('shipments', [], req)));
    expect(await client.testConnection()).toEqual({ ok: true, stores: 0 });
    expect(server.seen[0]?.headers['api-key']).toBe('v2-key-abc');
    expect(server.seen[0]?.headers.authorization).toBeUndefined();
    expect(server.seen[0]?.url.pathname).toBe('/v2/shipments');
    expect(server.seen[0]?.url.searchParams.get('page_size')).toBe('1');
    expect(await client.listStores()).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });
});

describe('V2 client: orders from /v2/shipments', () => {
  it('follows links.next.href (absolute and relative) through every page', async () => {
    const all = Array.from({ length: 250 }, (_, i) => shipment(i + 1));
    const { client, server } = await setup((req, res) =>
      json(res, 200, v2List('shipments', all, req, req.url.searchParams.get('page') === '2')),
    );
    const { pages, items } = await collect(
      client.ordersModified(
        { from: new Date('2026-07-01T10:00:00Z'), to: new Date('2026-07-01T11:00:00Z') },
        { storeId: 'se-77' },
      ),
    );
    expect(server.seen).toHaveLength(3);
    expect(pages.map((p) => p.items.length)).toEqual([100, 100, 50]);
    expect(items.map((o) => o.orderId)).toEqual(all.map((s) => s.shipment_id));
    const q = server.seen[0]?.url.searchParams;
    expect(q?.get('modified_at_start')).toBe('2026-07-01T10:00:00.000Z');
    expect(q?.get('modified_at_end')).toBe('2026-07-01T11:00:00.000Z');
    expect(q?.get('sort_by')).toBe('modified_at');
    expect(q?.get('sort_dir')).toBe('asc');
    expect(q?.get('store_id')).toBe('se-77');
    expect(q?.get('page_size')).toBe('100');
    expect(server.seen.map((s) => s.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('refuses a next link to another origin, and sends it nothing', async () => {
    const foreign = await startFakeServer((req, res) => json(res, 200, v2List('shipments', [], req)));
    const { client, server } = await setup((req, res) =>
      json(res, 200, {
        shipments: [shipment(1)],
        total: 2,
        page: 1,
        pages: 2,
        links: { next: { href: `${foreign.url}/v2/shipments?page=2` } },
      }),
    );
    const seenPages: number[] = [];
    const err = await (async () => {
      for await (const p of client.ordersModified({ from: new Date(0) })) seenPages.push(p.items.length);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShipStationError);
    expect((err as ShipStationError).kind).toBe('forbidden_host');
    expect(seenPages).toEqual([1]);
    expect(server.seen).toHaveLength(1);
    expect(foreign.seen).toHaveLength(0);
  });

  it('maps shipment fields and statuses onto SsOrder', async () => {
    const { client } = await setup((req, res) =>
      json(
        res,
        200,
        v2List(
          'shipments',
          [
            shipment(1),
            shipment(2, { shipment_status: 'pending', hold_until_date: '2026-07-10T00:00:00Z' }),
            shipment(3, { shipment_status: 'processing' }),
            shipment(4, { shipment_status: 'label_purchased', shipment_number: null }),
            shipment(5, { shipment_status: 'cancelled', items: null, amount_paid: null, ship_to: null }),
          ],
          req,
        ),
      ),
    );
    const { items } = await collect(client.ordersModified({ from: new Date(0) }));
    expect(items.map((o) => o.status)).toEqual([
      'awaiting_shipment',
      'on_hold',
      'awaiting_shipment',
      'shipped',
      'cancelled',
    ]);
    expect(items[0]).toMatchObject({
      orderId: 'se-1',
      orderNumber: '1001',
      orderKey: 'ext-order-1',
      storeId: 'se-77',
      createDate: '2026-06-30T10:00:00.000Z',
      modifyDate: '2026-07-01T10:00:00.123Z',
      shipDate: '2026-07-02',
      customerEmail: 'ada@example.com',
      orderTotal: 23,
      amountPaid: 23,
      taxAmount: 1.5,
      shippingAmount: 1.5,
      currency: 'usd',
      orderDate: null,
      mergedOrSplit: false,
    });
    expect(items[0]?.shipTo).toMatchObject({
      name: 'Ada',
      street1: '1 Main St',
      city: 'Austin',
      state: 'TX',
      postalCode: '78756',
      country: 'US',
    });
    expect(items[0]?.items).toEqual([
      {
        lineId: 'soi-1',
        lineItemKey: 'li-1',
        sku: 'W-1',
        name: 'Widget',
        quantity: 2,
        unitPrice: 10,
        taxAmount: 1.5,
        shippingAmount: 0,
        adjustment: false,
      },
    ]);
    expect(items[3]?.orderNumber).toBe('ext-ship-4');
    expect(items[4]).toMatchObject({ items: [], orderTotal: 0, currency: 'usd' });
  });

  it('rejects an unknown shipment_status with its path', async () => {
    const { client } = await setup((req, res) =>
      json(res, 200, v2List('shipments', [shipment(1), shipment(2, { shipment_status: 'lost' })], req)),
    );
    const err = await collect(client.ordersModified({ from: new Date(0) })).catch((e: unknown) => e);
    expect((err as ShipStationError).kind).toBe('bad_response');
    expect((err as ShipStationError).message).toContain('shipments[1].shipment_status');
  });

  it('getOrder reads /v2/shipments/{id}, null on 404', async () => {
    const { client } = await setup((req, res) =>
      req.url.pathname === '/v2/shipments/se-1'
        ? json(res, 200, shipment(1))
        : json(res, 404, {
            request_id: 'r',
            errors: [
              {
                error_source: 'shipstation',
                error_type: 'business_rules',
                error_code: 'not_found',
                message: 'nope',
              },
            ],
          }),
    );
    expect((await client.getOrder('se-1'))?.orderNumber).toBe('1001');
    expect(await client.getOrder('se-2')).toBeNull();
  });
});

describe('V2 client: labels as shipments', () => {
  it('keeps every label_status of the spec (8367) and return labels; a status it does not list is not shipped', async () => {
    const statuses = ['processing', 'completed', 'error', 'voided', 'something_new'];
    const { client } = await setup((req, res) =>
      json(
        res,
        200,
        v2List(
          'labels',
          [
            ...statuses.map((status, i) => label(i + 1, { status, voided: status === 'voided' })),
            label(9, { is_return_label: true }),
          ],
          req,
        ),
      ),
    );
    const { items } = await collect(
      client.shipmentsCreated({
        from: new Date('2026-07-01T00:00:00Z'),
        to: new Date('2026-07-01T12:00:00Z'),
      }),
    );
    expect(items.map((s) => [s.labelStatus, s.voided, s.isReturnLabel])).toEqual([
      ['processing', false, false],
      ['completed', false, false],
      ['error', false, false],
      ['voided', true, false],
      ['processing', false, false],
      ['completed', false, true],
    ]);
  });

  it('lists labels created in the window', async () => {
    const { client, server } = await setup((req, res) => json(res, 200, v2List('labels', [label(1)], req)));
    const { items } = await collect(
      client.shipmentsCreated({
        from: new Date('2026-07-01T00:00:00Z'),
        to: new Date('2026-07-01T12:00:00Z'),
      }),
    );
    expect(items).toEqual([
      {
        shipmentId: 'se-l1',
        orderId: 'se-1',
        orderNumber: null,
        createDate: '2026-07-01T09:00:00.000Z',
        shipDate: '2026-07-01',
        shippedAt: null,
        trackingNumber: '94001',
        carrierCode: 'stamps_com',
        serviceCode: 'usps_priority_mail',
        shipmentCost: 7.25,
        voided: false,
        voidDate: null,
        labelStatus: 'completed',
        isReturnLabel: false,
        items: null,
        raw: expect.objectContaining({ label_id: 'se-l1' }),
      },
    ]);
    const q = server.seen[0]?.url.searchParams;
    expect(server.seen[0]?.url.pathname).toBe('/v2/labels');
    expect(q?.get('created_at_start')).toBe('2026-07-01T00:00:00.000Z');
    expect(q?.get('created_at_end')).toBe('2026-07-01T12:00:00.000Z');
    expect(q?.get('sort_by')).toBe('created_at');
  });

  it('lists voided labels by voided_at (looking back by creation date)', async () => {
    const labels = [
      label(1, { status: 'voided', voided: true, voided_at: '2026-07-01T10:30:00Z' }),
      label(2, { status: 'voided', voided: true, voided_at: '2026-06-20T10:30:00Z' }),
      label(3, { status: 'voided', voided: true, voided_at: null }),
    ];
    const { client, server } = await setup((req, res) => json(res, 200, v2List('labels', labels, req)));
    const { items } = await collect(
      client.shipmentsVoided({
        from: new Date('2026-07-01T10:00:00Z'),
        to: new Date('2026-07-01T12:00:00Z'),
      }),
    );
    expect(items.map((s) => [s.shipmentId, s.voided, s.voidDate])).toEqual([
      ['se-l1', true, '2026-07-01T10:30:00.000Z'],
      ['se-l3', true, null],
    ]);
    const q = server.seen[0]?.url.searchParams;
    expect(q?.get('label_status')).toBe('voided');
    expect(q?.get('created_at_start')).toBe('2026-05-02T10:00:00.000Z');
  });

  it('lists fulfillments (docs: GET /v2/fulfillments) created in the window, as shipments of their order', async () => {
    const { client, server } = await setup((req, res) =>
      json(
        res,
        200,
        v2List(
          'fulfillments',
          [
            {
              fulfillment_id: 'se-f1',
              shipment_id: 'se-7',
              shipment_number: '1001',
              user_id: 'u',
              tracking_number: '1ZX',
              carrier_code: 'ups',
              ship_date: '2026-07-01T00:00:00Z',
              created_at: '2026-07-01T09:00:00Z',
            },
          ],
          req,
        ),
      ),
    );
    const { items } = await collect(
      client.fulfillmentsCreated({
        from: new Date('2026-07-01T00:00:00Z'),
        to: new Date('2026-07-01T12:00:00Z'),
      }),
    );
    expect(
      items.map((f) => [f.fulfillmentId, f.orderId, f.orderNumber, f.shipDate, f.trackingNumber, f.voided]),
    ).toEqual([['se-f1', 'se-7', '1001', '2026-07-01', '1ZX', false]]);
    const q = server.seen[0]?.url.searchParams;
    expect(server.seen[0]?.url.pathname).toBe('/v2/fulfillments');
    expect([q?.get('create_date_start'), q?.get('create_date_end'), q?.get('sort_by')]).toEqual([
      '2026-07-01T00:00:00.000Z',
      '2026-07-01T12:00:00.000Z',
      'created_at',
    ]);
  });
});

describe('V2 client: webhooks, resources, errors', () => {
  it('lists, creates and deletes /v2/environment/webhooks', async () => {
    const hook = { webhook_id: 'se-9', url: 'https://me/hook', event: 'SHIPMENT_CREATED_V2', headers: [] };
    const { client, server } = await setup((req, res) => {
      if (req.method === 'GET') json(res, 200, [hook]);
      else if (req.method === 'POST') json(res, 200, { ...hook, webhook_id: 'se-10' });
      else json(res, 204, null);
    });
    expect(await client.listWebhooks()).toEqual([
      {
        id: 'se-9',
        event: 'SHIPMENT_CREATED_V2',
        url: 'https://me/hook',
        storeId: null,
        name: null,
        active: true,
      },
    ]);
    expect(await client.subscribeWebhook({ targetUrl: 'https://me/hook', event: 'ORDER_NOTIFY' })).toEqual({
      id: 'se-10',
    });
    // The help center's V2 event names (ShipStation Webhooks, "V2 Webhooks").
    expect(JSON.parse(server.seen[1]?.body ?? '')).toEqual({
      url: 'https://me/hook',
      event: 'SHIPMENT_CREATED_V2',
    });
    await client.unsubscribeWebhook('se-10');
    expect(server.seen[2]?.method).toBe('DELETE');
    expect(server.seen[2]?.url.pathname).toBe('/v2/environment/webhooks/se-10');
    await client.subscribeWebhook({ targetUrl: 'https://me/hook', event: 'SHIP_NOTIFY' });
    await client.subscribeWebhook({ targetUrl: 'https://me/hook', event: 'FULFILLMENT_SHIPPED' });
    expect(server.seen.slice(3).map((x) => (JSON.parse(x.body) as { event: string }).event)).toEqual([
      'LABEL_CREATED_V2',
      'FULFILLMENT_SHIPPED_V2',
    ]);
  });

  it('fetches resources: a single shipment, a labels list, fulfillments; refuses foreign hosts', async () => {
    const { client, server } = await setup((req, res) => {
      if (req.url.pathname === '/v2/fulfillments')
        json(
          res,
          200,
          v2List(
            'fulfillments',
            [
              {
                fulfillment_id: 'se-f9',
                shipment_id: 'se-9',
                shipment_number: '9',
                ship_date: '2026-07-02T00:00:00Z',
              },
            ],
            req,
          ),
        );
      else if (req.url.pathname === '/v2/shipments/se-1') json(res, 200, shipment(1));
      else if (req.url.pathname === '/v2/shipments')
        json(res, 200, v2List('shipments', [shipment(2), shipment(3)], req));
      else json(res, 200, v2List('labels', [label(1), label(2)], req));
    });
    const imported = await client.fetchResource(
      `${server.url}/v2/shipments?store_id=se-77&created_at_start=2026-07-01T00:00:00Z&page_size=1`,
      'SALES_ORDERS_IMPORTED',
    );
    expect(imported.kind === 'orders' && imported.orders.map((x) => x.orderId)).toEqual(['se-2', 'se-3']);
    server.seen.length = 0;
    const o = await client.fetchResource(`${server.url}/v2/shipments/se-1`, 'ORDER_NOTIFY');
    expect(o.kind === 'orders' && o.orders.map((x) => x.orderId)).toEqual(['se-1']);
    const s = await client.fetchResource(
      `${server.url}/v2/labels?batch_id=se-5&page_size=1`,
      'SHIP_NOTIFY_V2',
    );
    expect(s.kind === 'shipments' && s.shipments.map((x) => x.shipmentId)).toEqual(['se-l1', 'se-l2']);
    expect(server.seen).toHaveLength(3);
    const f = await client.fetchResource(
      `${server.url}/v2/fulfillments?fulfillment_id=se-f9`,
      'FULFILLMENT_SHIPPED_V2',
    );
    expect(
      f.kind === 'fulfillments' && f.fulfillments.map((x) => [x.fulfillmentId, x.orderId, x.shipDate]),
    ).toEqual([['se-f9', 'se-9', '2026-07-02']]);
    await expect(
      client.fetchResource('https://api.shipstation.com.evil.net/v2/labels', 'SHIP_NOTIFY'),
    ).rejects.toMatchObject({
      kind: 'forbidden_host',
    });
    expect(server.seen).toHaveLength(4);
  });

  it('reports a V2 error body with its request id', async () => {
    const { client, server } = await setup((_req, res) =>
      json(res, 400, {
        request_id: '8a3f2c9e-1111-2222-3333-444455556666',
        errors: [
          {
            error_source: 'shipstation',
            error_type: 'validation',
            error_code: 'invalid_field_value',
            message: 'page_size is invalid',
          },
        ],
      }),
    );
    const err = (await client.testConnection().catch((e: unknown) => e)) as ShipStationError;
    expect(err.kind).toBe('bad_request');
    expect(err.message).toBe('ShipStation refused the request: page_size is invalid');
    expect(err.requestId).toBe('8a3f2c9e-1111-2222-3333-444455556666');
    expect(server.seen).toHaveLength(1);
  });

  it('waits Retry-After after a 429, then succeeds', async () => {
    const { client, server, governor } = await setup((req, res) => {
      if (server.seen.length === 1) json(res, 429, { request_id: 'r', errors: [] }, { 'Retry-After': '3' });
      else json(res, 200, v2List('shipments', [], req));
    });
    await client.testConnection();
    expect(server.seen).toHaveLength(2);
    expect((server.seen[1]?.at ?? 0) - (server.seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
    expect(governor.rateBudget().throttled429).toBe(1);
  });
});
