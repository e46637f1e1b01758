import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { validateBody } from '../../../src-main/engine/shipstation/http';
import {
  v1FulfillmentToSs,
  v1OrderToSs,
  v1StoreToSs,
  v1WebhookToSs,
} from '../../../src-main/engine/shipstation/v1-normalize';
import {
  v1FulfillmentsPage,
  v1Order,
  v1OrderModel,
  v1OrderRef,
  v1OrdersPage,
  v1Stores,
  v1Webhooks,
} from '../../../src-main/engine/shipstation/v1-schemas';
import { webhookPayload } from '../../../src-main/engine/shipstation/webhook-payload';

/** ShipStation reference samples: $MLC_SS_REFERENCE, else ../shared beside the repo, else a vendored copy. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const candidates = [
  process.env.MLC_SS_REFERENCE,
  path.resolve(repoRoot, '../shared/reference/shipstation'),
  path.resolve(repoRoot, 'test/reference/shipstation'),
].filter((p): p is string => typeof p === 'string');
const REFERENCE = candidates.find((p) => existsSync(path.join(p, 'samples')));
const SAMPLES = REFERENCE ? path.join(REFERENCE, 'samples') : '';

const load = (name: string): unknown => JSON.parse(readFileSync(path.join(SAMPLES, name), 'utf8'));

/** Every sample file and the schema the connector reads it with. */
const SCHEMA_FOR: Record<string, z.ZodType<unknown>> = {
  'v1-agritheory-get-order.json': v1Order,
  'v1-agritheory-list-fulfillments.json': v1FulfillmentsPage,
  'v1-agritheory-list-orders.json': v1OrdersPage,
  'v1-agritheory-list-stores.json': v1Stores,
  'v1-agritheory-list-webhooks.json': v1Webhooks,
  'v1-compwright-CreateOrderResponse.json': v1Order,
  'v1-compwright-GetOrderResponse.json': v1Order,
  'v1-compwright-ListOrdersResponse.json': v1OrdersPage,
  'v1-compwright-MarkAsShippedResponse.json': v1OrderRef,
  'v1-compwright-Order-model.json': v1OrderModel,
  'v1-webhook-order-notify.docs.json': webhookPayload,
  'v2-webhook-batch-processed.docs.json': webhookPayload,
};

describe.skipIf(!REFERENCE)('ShipStation reference samples', () => {
  it('every sample file has a schema, and parses with it', () => {
    const files = readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const schema = SCHEMA_FOR[f];
      expect(schema, `no schema mapped for sample ${f}`).toBeDefined();
      expect(() => validateBody(schema as z.ZodType<unknown>, load(f), f), f).not.toThrow();
    }
  });

  it('the create-order request model lacks the ids an API order must have', () => {
    expect(() => validateBody(v1Order, load('v1-compwright-Order-model.json'), 'model')).toThrow(/orderId/);
  });

  it('normalizes the docs list-orders sample', () => {
    const page = v1OrdersPage.parse(load('v1-compwright-ListOrdersResponse.json'));
    const [a, b] = page.orders.map(v1OrderToSs);
    expect(a).toMatchObject({
      orderId: '987654321',
      orderNumber: 'Test-International-API-DOCS',
      status: 'awaiting_shipment',
      storeId: '12345',
      orderDate: '2015-06-29T00:46:27.000Z',
      modifyDate: '2015-08-17T16:24:16.480Z',
      shipDate: '2015-04-25',
      orderTotal: 387.97,
      amountPaid: 412.97,
      taxAmount: 27.99,
      shippingAmount: 35,
      customerEmail: 'sholmes1854@methodsofdetection.com',
    });
    expect(a?.billTo.street1).toBeNull();
    expect(a?.shipTo.country).toBe('GB');
    expect(a?.items[0]).toEqual({
      lineId: '136282568',
      lineItemKey: null,
      sku: 'Ele-1234',
      name: 'Elementary Disguise Kit',
      quantity: 2,
      unitPrice: 49.99,
      taxAmount: 0,
      shippingAmount: 0,
      adjustment: false,
    });
    expect(b?.items.map((i) => i.adjustment)).toEqual([false, true]);
    expect(b?.items[1]?.unitPrice).toBe(-20.55);
  });

  it('normalizes the agritheory fulfillments, stores and webhooks samples', () => {
    const ful = v1FulfillmentsPage
      .parse(load('v1-agritheory-list-fulfillments.json'))
      .fulfillments.map(v1FulfillmentToSs);
    expect(ful[0]).toMatchObject({
      fulfillmentId: '12345678',
      orderNumber: '4229',
      createDate: '2020-06-19T14:21:51.773Z',
      shipDate: '2020-06-19',
      trackingNumber: '1Z4X53V5032442XXXX',
      carrierCode: 'UPS',
    });
    expect(ful[1]).toMatchObject({ trackingNumber: null, carrierCode: null, shipDate: '2020-06-24' });
    expect(v1Stores.parse(load('v1-agritheory-list-stores.json')).map(v1StoreToSs)[0]).toEqual({
      storeId: '34567',
      storeName: 'Mexico Amazon Store',
      marketplaceName: 'Amazon',
      active: true,
    });
    const hooks = v1Webhooks.parse(load('v1-agritheory-list-webhooks.json'));
    expect((Array.isArray(hooks) ? hooks : hooks.webhooks).map(v1WebhookToSs)[1]).toEqual({
      id: '456',
      event: 'SHIP_NOTIFY',
      url: 'https://example.endpoint/shipment',
      storeId: '98765',
      name: 'My Shipment Webhook',
      active: true,
    });
  });
});
