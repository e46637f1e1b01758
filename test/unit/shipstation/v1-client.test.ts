import { describe, expect, it } from 'vitest';
import { createShipStationClient } from '../../../src-main/engine/shipstation/client';
import { ShipStationError } from '../../../src-main/engine/shipstation/errors';
import {
  checkResourceUrl,
  isAllowedShipStationUrl,
  isShipStationApiHost,
  resourceKindOf,
} from '../../../src-main/engine/shipstation/resource-url';
import type { ShipStationClient } from '../../../src-main/engine/shipstation/types';
import { collect, json, startFakeClient, startFakeServer, type Handler } from './fake-server';

function setup(handler: Handler) {
  return startFakeClient(handler, {
    now: Date.parse('2026-07-01T12:00:00Z'),
    client: { apiVersion: 'v1', apiKey: 'key-123', apiSecret: 'secret-456' },
  });
}

function order(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderId: i,
    orderNumber: `A-${i}`,
    orderKey: `key-${i}`,
    orderStatus: 'shipped',
    orderDate: '2026-06-30T09:00:00.0000000',
    createDate: '2026-06-30T09:00:00.0000000',
    modifyDate: '2026-07-01T04:00:00.1234567',
    items: [
      { orderItemId: i * 10, lineItemKey: null, sku: 'SKU-1', name: 'Thing', quantity: 1, unitPrice: 9.5 },
    ],
    orderTotal: 9.5,
    amountPaid: 9.5,
    taxAmount: null,
    shippingAmount: 0,
    advancedOptions: { storeId: 77, parentId: null, mergedOrSplit: false },
    ...extra,
  };
}

function listOf(records: unknown[], key: string, page: number, pageSize: number) {
  const start = (page - 1) * pageSize;
  return {
    [key]: records.slice(start, start + pageSize),
    total: records.length,
    page,
    pages: Math.ceil(records.length / pageSize),
  };
}

// ---- tests -------------------------------------------------------------------------------------

describe('V1 client: authentication and requests', () => {
  it('sends HTTP Basic apiKey:apiSecret and a user agent', async () => {
    const { client, server } = await setup((_req, res) => json(res, 200, []));
    expect(await client.testConnection()).toEqual({ ok: true, stores: 0 });
    const h = server.seen[0]?.headers;
    expect(h?.authorization).toBe(`Basic ${Buffer.from('key-123:secret-456').toString('base64')}`);
    expect(h?.['user-agent']).toMatch(/^ml-connector\//);
    expect(h?.['api-key']).toBeUndefined();
    expect(server.seen[0]?.url.pathname).toBe('/stores');
  });

  it('refuses to start without both key and secret', () => {
    expect(() => createShipStationClient({ apiVersion: 'v1', apiKey: 'k' })).toThrow(
      /API Key and API Secret/,
    );
    expect(() => createShipStationClient({ apiVersion: 'v1', apiKey: ' ', apiSecret: 's' })).toThrow(
      ShipStationError,
    );
    expect(() => createShipStationClient({ apiVersion: 'v1', apiKey: 'k\ny', apiSecret: 's' })).toThrow(
      /invalid characters/,
    );
    expect(() =>
      createShipStationClient({ apiVersion: 'v1', baseUrl: 'ftp://x', apiKey: 'k', apiSecret: 's' }),
    ).toThrow(/not a valid http/);
  });

  it('uses the default base URL when none (or a blank one) is configured', async () => {
    for (const baseUrl of [undefined, '', '  ']) {
      const c = createShipStationClient({ apiVersion: 'v1', baseUrl, apiKey: 'k', apiSecret: 's' });
      // the default host is accepted for resources, an arbitrary one is not
      await expect(c.fetchResource('https://evil.example/orders', 'ORDER_NOTIFY')).rejects.toMatchObject({
        kind: 'forbidden_host',
      });
      await c.close();
    }
  });
});

describe('V1 client: paging', () => {
  it('reads 1,203 modified orders in exactly 3 requests of 500, with Pacific-time filters', async () => {
    const records = Array.from({ length: 1203 }, (_, i) => order(i + 1));
    const { client, server } = await setup((req, res) => {
      const page = Number(req.url.searchParams.get('page'));
      json(res, 200, listOf(records, 'orders', page, Number(req.url.searchParams.get('pageSize'))));
    });
    const { pages, items } = await collect(
      client.ordersModified({ from: new Date('2026-07-01T10:00:00Z'), to: new Date('2026-07-01T12:00:00Z') }),
    );
    expect(server.seen).toHaveLength(3);
    expect(pages.map((p) => p.items.length)).toEqual([500, 500, 203]);
    expect(items.map((o) => o.orderId)).toEqual(records.map((_, i) => String(i + 1)));
    const q = server.seen[0]?.url.searchParams;
    expect(q?.get('modifyDateStart')).toBe('2026-07-01 03:00:00');
    expect(q?.get('modifyDateEnd')).toBe('2026-07-01 05:00:00');
    expect(q?.get('sortBy')).toBe('ModifyDate');
    expect(q?.get('sortDir')).toBe('ASC');
    expect(q?.get('pageSize')).toBe('500');
    expect(server.seen.map((s) => s.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
  });

  it('passes storeId and stops on an empty result', async () => {
    const { client, server } = await setup((_req, res) =>
      json(res, 200, { orders: [], total: 0, page: 1, pages: 0 }),
    );
    const { items } = await collect(
      client.ordersModified({ from: new Date('2026-07-01T10:00:00Z') }, { storeId: '77' }),
    );
    expect(items).toEqual([]);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.url.searchParams.get('storeId')).toBe('77');
    // `to` omitted = now (the virtual clock's 12:00Z = 05:00 PDT)
    expect(server.seen[0]?.url.searchParams.get('modifyDateEnd')).toBe('2026-07-01 05:00:00');
  });

  it('re-reads earlier pages when records leave the result set mid-paging, so none is skipped', async () => {
    let records = Array.from({ length: 1203 }, (_, i) => order(i + 1));
    let served = 0;
    const { client } = await setup((req, res) => {
      const page = Number(req.url.searchParams.get('page'));
      json(res, 200, listOf(records, 'orders', page, 500));
      served++;
      // After page 1, three orders of page 1 get modified (beyond the window's end): they drop out.
      if (served === 1) records = records.filter((r) => ![3, 4, 5].includes(r.orderId as number));
    });
    const { items } = await collect(client.ordersModified({ from: new Date('2026-07-01T10:00:00Z') }));
    const got = new Set(items.map((o) => o.orderId));
    for (const r of records) expect(got.has(String(r.orderId))).toBe(true);
  });
});

describe('V1 client: normalization', () => {
  it('normalizes orders: string ids, UTC ISO dates, numbers, null-safety', async () => {
    const { client } = await setup((_req, res) =>
      json(res, 200, {
        orders: [
          order(5, {
            billTo: null,
            modifyDate: '2015-08-17T09:24:16.4800000',
            shipDate: '2015-04-25',
            paymentDate: null,
            items: [
              {
                orderItemId: 1,
                lineItemKey: 'k',
                sku: 'A',
                name: 'A',
                quantity: 2,
                unitPrice: '49.99',
                taxAmount: null,
                shippingAmount: null,
                adjustment: false,
              },
              {
                orderItemId: 2,
                lineItemKey: null,
                sku: 'DISCOUNT',
                name: '10% OFF',
                quantity: 1,
                unitPrice: -20.55,
                adjustment: true,
              },
            ],
            advancedOptions: { storeId: 12345, parentId: 99, mergedOrSplit: true },
          }),
        ],
        total: 1,
        page: 1,
        pages: 1,
      }),
    );
    const { items } = await collect(client.ordersModified({ from: new Date(0) }));
    const o = items[0];
    expect(o).toMatchObject({
      orderId: '5',
      orderNumber: 'A-5',
      storeId: '12345',
      status: 'shipped',
      modifyDate: '2015-08-17T16:24:16.480Z',
      paymentDate: null,
      shipDate: '2015-04-25',
      taxAmount: 0,
      parentOrderId: '99',
      mergedOrSplit: true,
      currency: null,
    });
    expect(o?.billTo.name).toBeNull();
    expect(o?.items).toEqual([
      {
        lineId: '1',
        lineItemKey: 'k',
        sku: 'A',
        name: 'A',
        quantity: 2,
        unitPrice: 49.99,
        taxAmount: 0,
        shippingAmount: 0,
        adjustment: false,
      },
      {
        lineId: '2',
        lineItemKey: null,
        sku: 'DISCOUNT',
        name: '10% OFF',
        quantity: 1,
        unitPrice: -20.55,
        taxAmount: 0,
        shippingAmount: 0,
        adjustment: true,
      },
    ]);
    expect((o?.raw as Record<string, unknown>).orderKey).toBe('key-5');
  });

  it('getOrder returns the order, or null on 404', async () => {
    const { client, server } = await setup((req, res) =>
      req.url.pathname === '/orders/7'
        ? json(res, 200, order(7))
        : json(res, 404, { Message: 'Order not found' }),
    );
    expect((await client.getOrder('7'))?.orderNumber).toBe('A-7');
    expect(await client.getOrder('8')).toBeNull();
    expect(server.seen).toHaveLength(2);
  });

  it('lists created and voided shipments with items, and fulfillments', async () => {
    const shipment = {
      shipmentId: 33,
      orderId: 5,
      orderNumber: 'A-5',
      createDate: '2026-06-30T10:00:00.0000000',
      shipDate: '2026-06-30',
      shipmentCost: 4.2,
      trackingNumber: '1Z',
      carrierCode: 'ups',
      serviceCode: 'ups_ground',
      voided: true,
      voidDate: '2026-07-01T01:00:00.0000000',
      shipmentItems: [
        { orderItemId: 50, lineItemKey: null, sku: 'SKU-1', name: 'Thing', quantity: 1, unitPrice: 9.5 },
      ],
    };
    const fulfillment = {
      fulfillmentId: 44,
      orderId: 5,
      orderNumber: 'A-5',
      createDate: '2020-06-24T10:32:33.3730000',
      shipDate: '2020-06-24T10:32:33.6870000',
      trackingNumber: '',
      carrierCode: null,
      voided: false,
      voidDate: null,
    };
    const { client, server } = await setup((req, res) => {
      if (req.url.pathname === '/shipments')
        json(res, 200, { shipments: [shipment], total: 1, page: 1, pages: 1 });
      else json(res, 200, { fulfillments: [fulfillment], total: 1, page: 1, pages: 1 });
    });
    const window = { from: new Date('2026-07-01T07:00:00Z'), to: new Date('2026-07-01T12:00:00Z') };
    const created = await collect(client.shipmentsCreated(window));
    expect(created.items[0]).toMatchObject({
      shipmentId: '33',
      orderId: '5',
      createDate: '2026-06-30T17:00:00.000Z',
      shipDate: '2026-06-30',
      shipmentCost: 4.2,
      voided: true,
      voidDate: '2026-07-01T08:00:00.000Z',
      items: [{ lineItemKey: null, sku: 'SKU-1', name: 'Thing', quantity: 1, unitPrice: 9.5 }],
    });
    let q = server.seen[0]?.url.searchParams;
    expect(q?.get('createDateStart')).toBe('2026-07-01 00:00:00');
    expect(q?.get('includeShipmentItems')).toBe('true');
    expect(q?.get('pageSize')).toBe('500');

    await collect(client.shipmentsVoided(window));
    q = server.seen[1]?.url.searchParams;
    expect(q?.get('voidDateStart')).toBe('2026-07-01 00:00:00');
    expect(q?.get('voidDateEnd')).toBe('2026-07-01 05:00:00');
    expect(q?.get('createDateStart')).toBeNull();

    const ful = await collect(client.fulfillmentsCreated(window));
    expect(ful.items[0]).toMatchObject({
      fulfillmentId: '44',
      orderId: '5',
      createDate: '2020-06-24T17:32:33.373Z',
      shipDate: '2020-06-24',
      trackingNumber: null,
      carrierCode: null,
      voided: false,
    });
    expect(server.seen[2]?.url.pathname).toBe('/fulfillments');
    expect(server.seen[2]?.url.searchParams.get('createDateEnd')).toBe('2026-07-01 05:00:00');
  });
});

describe('V1 client: stores and webhooks', () => {
  it('lists stores, webhooks (bare array and envelope), subscribes and unsubscribes', async () => {
    const hook = {
      WebHookID: 9,
      HookType: 'SHIP_NOTIFY',
      Url: 'https://me/hook',
      StoreID: null,
      Name: 'n',
      Active: true,
    };
    let envelope = false;
    const { client, server } = await setup((req, res) => {
      if (req.url.pathname === '/stores') {
        json(res, 200, [{ storeId: 1, storeName: 'Shop', marketplaceName: 'Amazon', active: false }]);
      } else if (req.url.pathname === '/webhooks') {
        json(res, 200, envelope ? { webhooks: [hook] } : [hook]);
        envelope = true;
      } else if (req.url.pathname === '/webhooks/subscribe') {
        json(res, 201, { id: 1234 });
      } else {
        res.writeHead(200);
        res.end();
      }
    });
    expect(await client.listStores()).toEqual([
      { storeId: '1', storeName: 'Shop', marketplaceName: 'Amazon', active: false },
    ]);
    expect(server.seen[0]?.url.searchParams.get('showInactive')).toBe('true');
    const expected = [
      { id: '9', event: 'SHIP_NOTIFY', url: 'https://me/hook', storeId: null, name: 'n', active: true },
    ];
    expect(await client.listWebhooks()).toEqual(expected);
    expect(await client.listWebhooks()).toEqual(expected);
    expect(
      await client.subscribeWebhook({
        targetUrl: 'https://me/hook?s=1',
        event: 'ORDER_NOTIFY',
        storeId: '42',
        friendlyName: 'mlc',
      }),
    ).toEqual({ id: '1234' });
    const sub = server.seen[3];
    expect(sub?.method).toBe('POST');
    expect(sub?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sub?.body ?? '')).toEqual({
      target_url: 'https://me/hook?s=1',
      event: 'ORDER_NOTIFY',
      store_id: 42,
      friendly_name: 'mlc',
    });
    await client.unsubscribeWebhook('1234');
    expect(server.seen[4]?.method).toBe('DELETE');
    expect(server.seen[4]?.url.pathname).toBe('/webhooks/1234');
  });
});

describe('V1 client: webhook resources', () => {
  it('fetches an ORDER_NOTIFY resource from the configured origin, all pages', async () => {
    const records = Array.from({ length: 7 }, (_, i) => order(i + 1));
    const { client, server } = await setup((req, res) => {
      json(res, 200, listOf(records, 'orders', Number(req.url.searchParams.get('page') ?? 1), 5));
    });
    const r = await client.fetchResource(`${server.url}/orders?storeID=123&importBatch=abc`, 'ORDER_NOTIFY');
    expect(r.kind).toBe('orders');
    expect(r.kind === 'orders' && r.orders.map((o) => o.orderId)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
    expect(server.seen).toHaveLength(2);
    expect(server.seen[0]?.url.searchParams.get('importBatch')).toBe('abc');
    expect(server.seen[0]?.url.searchParams.get('storeID')).toBe('123');
    expect(server.seen[0]?.headers.authorization).toMatch(/^Basic /);
  });

  it('forces includeShipmentItems=True on SHIP_NOTIFY resources', async () => {
    const { client, server } = await setup((_req, res) =>
      json(res, 200, { shipments: [], total: 0, page: 1, pages: 0 }),
    );
    const r = await client.fetchResource(
      `${server.url}/shipments?batchId=12&includeShipmentItems=False`,
      'SHIP_NOTIFY',
    );
    expect(r).toEqual({ kind: 'shipments', shipments: [] });
    const q = server.seen[0]?.url.searchParams;
    expect(q?.getAll('includeShipmentItems')).toEqual(['True']);
    expect(q?.get('batchId')).toBe('12');
  });

  it('parses FULFILLMENT_SHIPPED resources and refuses unknown types without a request', async () => {
    const { client, server } = await setup((_req, res) =>
      json(res, 200, { fulfillments: [], total: 0, page: 1, pages: 0 }),
    );
    expect(await client.fetchResource(`${server.url}/fulfillments?x=1`, 'FULFILLMENT_SHIPPED')).toEqual({
      kind: 'fulfillments',
      fulfillments: [],
    });
    await expect(client.fetchResource(`${server.url}/whatever`, 'BATCH_PROCESSED')).rejects.toMatchObject({
      kind: 'bad_request',
    });
    expect(server.seen).toHaveLength(1);
  });

  it('refuses a foreign host: the foreign server receives no request at all', async () => {
    const foreign = await startFakeServer((_req, res) =>
      json(res, 200, { orders: [], total: 0, page: 1, pages: 0 }),
    );
    const { client, server } = await setup((_req, res) => json(res, 200, []));
    for (const url of [
      `${foreign.url}/orders?importBatch=1`,
      'https://evil.example/orders',
      'not a url',
      'http://ssapi.shipstation.com/orders',
    ]) {
      const err = await client.fetchResource(url, 'ORDER_NOTIFY').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ShipStationError);
      expect((err as ShipStationError).kind).toBe('forbidden_host');
    }
    expect(foreign.seen).toHaveLength(0);
    expect(server.seen).toHaveLength(0);
  });
});

describe('resource URL host check', () => {
  const base = 'http://127.0.0.1:9999';
  const ok = (u: string): boolean => isAllowedShipStationUrl(new URL(u), base);

  it('accepts ShipStation V1 hosts over https and the exact configured origin', () => {
    expect(ok('https://ssapi.shipstation.com/orders?importBatch=1')).toBe(true);
    expect(ok('https://ssapi2.shipstation.com/orders')).toBe(true);
    expect(ok('https://ssapi12.shipstation.com/shipments')).toBe(true);
    expect(ok('https://SSAPI3.ShipStation.com/shipments')).toBe(true);
    expect(ok('https://ssapi.shipstation.com:443/orders')).toBe(true);
    expect(ok('http://127.0.0.1:9999/orders')).toBe(true);
    expect(isShipStationApiHost(new URL('https://ssapi7.shipstation.com/x'))).toBe(true);
  });

  it('refuses everything else', () => {
    for (const u of [
      'http://ssapi.shipstation.com/orders',
      'https://ssapiX.shipstation.com/orders',
      'https://ssapi.shipstation.com.evil.com/orders',
      'https://evil.com/ssapi.shipstation.com/orders',
      'https://evilssapi.shipstation.com/orders',
      'https://ssapi.shipstation.com:8443/orders',
      'https://user:pw@ssapi.shipstation.com/orders',
      'https://ssapi.shipstation.com./orders',
      'https://api.shipstation.com/v2/batches/se-1',
      'http://127.0.0.1:9998/orders',
      'http://localhost:9999/orders',
      'https://127.0.0.1:9999/orders',
    ]) {
      expect(ok(u), u).toBe(false);
    }
    expect(checkResourceUrl('::::', base)).toBeNull();
  });

  it('maps resource types', () => {
    expect(resourceKindOf('ORDER_NOTIFY')).toBe('orders');
    expect(resourceKindOf('ITEM_ORDER_NOTIFY')).toBe('orders');
    expect(resourceKindOf('SHIP_NOTIFY')).toBe('shipments');
    expect(resourceKindOf('ITEM_SHIP_NOTIFY')).toBe('shipments');
    expect(resourceKindOf('FULFILLMENT_SHIPPED')).toBe('fulfillments');
    expect(resourceKindOf('FULFILLMENT_SHIPPED_V2')).toBe('fulfillments');
    expect(resourceKindOf('SALES_ORDERS_IMPORTED')).toBe('orders');
    expect(resourceKindOf('shipment_created_v2')).toBe('orders');
    expect(resourceKindOf('LABEL_CREATED_V2')).toBe('shipments');
    expect(resourceKindOf('BATCH_PROCESSED_V2')).toBeNull();
    expect(resourceKindOf('TRACK_EVENT_V2')).toBeNull();
  });
});

export type { ShipStationClient };
