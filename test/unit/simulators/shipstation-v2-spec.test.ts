/**
 * Issue "ShipStation as it really is" (step 3): every response shape the V2 simulator serves
 * validates against ShipStation's official V2 OpenAPI description (test/helpers/v2-spec.ts reads
 * it with ajv; nothing of the simulator's is used to judge it). Over real HTTP, with data that
 * exercises every shape: orders in each status, international orders with customs, labels
 * completed, voided, in error, processing and for returns, webhooks, and the error bodies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShipStationSim } from '../../../src-main/simulators/shipstation/index.js';
import { SS_REFERENCE_DIR } from '../../helpers/reference';
import { explain, loadV2Spec, type V2Spec } from '../../helpers/v2-spec';

const KEY = 'v2-spec-key';
let sim: ShipStationSim;
let base: string;
let spec: V2Spec;

async function call(
  method: string,
  path: string,
  body?: unknown,
  key = KEY,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'API-Key': key, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

/** The response must be one the spec documents for this path and method, and match its schema. */
async function conforms(method: string, path: string, template: string, body?: unknown, key?: string) {
  const r = await call(method, path, body, key);
  const v = spec.response(template, method, r.status);
  expect(v, `${method} ${path} answered ${r.status}, which the spec does not document`).not.toBeNull();
  expect(v!(r.json), `${method} ${path} (${r.status}):\n${explain(v!)}`).toBe(true);
  return r;
}

beforeAll(async () => {
  spec = loadV2Spec();
  sim = new ShipStationSim({
    v1: { apiKey: 'k', apiSecret: 's' },
    v2: { apiKey: KEY },
    orders: 60,
    seed: 11,
  });
  base = await sim.listen();
  const open = sim.orders().filter((o) => o.orderStatus === 'awaiting_shipment');
  // Labels of every kind, a split, an order marked shipped elsewhere, a cancellation, a hold.
  const [done] = sim.shipOrders([open[0]!.orderId]);
  sim.shipOrders([open[1]!.orderId], { labelStatus: 'error' });
  sim.shipOrders([open[2]!.orderId], { labelStatus: 'processing' });
  const [gone] = sim.shipOrders([open[3]!.orderId]);
  sim.voidShipment(gone!.shipmentId);
  sim.shipOrders([open[0]!.orderId], { returnLabel: true });
  sim.shipOrders([open[4]!.orderId], { split: true });
  sim.markShippedExternally(open[5]!.orderId, { trackingNumber: '1Z999' });
  sim.cancelOrder(open[6]!.orderId);
  sim.holdOrder(open[7]!.orderId);
  expect(done).toBeDefined();
});
afterAll(async () => {
  await sim?.close();
});

describe('the V2 simulator against the official V2 spec', () => {
  it('shipments: list (every status, every page) and one by id and by external id', async () => {
    const list = await conforms('GET', '/v2/shipments?page_size=500', '/v2/shipments');
    const shipments = (
      list.json as { shipments: { shipment_id: string; external_shipment_id: string | null }[] }
    ).shipments;
    expect(shipments.length).toBeGreaterThan(50);
    for (const status of ['pending', 'processing', 'label_purchased', 'cancelled'])
      await conforms('GET', `/v2/shipments?shipment_status=${status}`, '/v2/shipments');
    for (const s of shipments.slice(0, 20)) {
      await conforms('GET', `/v2/shipments/${s.shipment_id}`, '/v2/shipments/{shipment_id}');
      if (s.external_shipment_id)
        await conforms(
          'GET',
          `/v2/shipments/external_shipment_id/${encodeURIComponent(s.external_shipment_id)}`,
          '/v2/shipments/external_shipment_id/{external_shipment_id}',
        );
    }
  });

  it('labels: list (every label_status), one by id, void', async () => {
    const list = await conforms('GET', '/v2/labels?page_size=500', '/v2/labels');
    const labels = (list.json as { labels: { label_id: string; status: string }[] }).labels;
    expect(new Set(labels.map((l) => l.status))).toEqual(
      new Set(['completed', 'error', 'processing', 'voided']),
    );
    for (const status of ['processing', 'completed', 'error', 'voided'])
      await conforms('GET', `/v2/labels?label_status=${status}`, '/v2/labels');
    for (const l of labels) await conforms('GET', `/v2/labels/${l.label_id}`, '/v2/labels/{label_id}');
    const live = labels.find((l) => l.status === 'completed')!;
    await conforms('PUT', `/v2/labels/${live.label_id}/void`, '/v2/labels/{label_id}/void');
  });

  it('webhooks: create, list, one by id, a conflict', async () => {
    const made = await conforms('POST', '/v2/environment/webhooks', '/v2/environment/webhooks', {
      url: 'https://example.com/hook',
      event: 'batch',
    });
    await conforms('POST', '/v2/environment/webhooks', '/v2/environment/webhooks', {
      url: 'https://example.com/hook2',
      event: 'batch',
    });
    await conforms('GET', '/v2/environment/webhooks', '/v2/environment/webhooks');
    const id = (made.json as { webhook_id: string }).webhook_id;
    await conforms('GET', `/v2/environment/webhooks/${id}`, '/v2/environment/webhooks/{webhook_id}');
  });

  it('errors: a bad parameter (400) and an unknown shipment (404) are the spec’s error body', async () => {
    await conforms('GET', '/v2/shipments?page_size=9999', '/v2/shipments');
    await conforms('GET', '/v2/shipments?modified_at_start=2026-01-01', '/v2/shipments');
    await conforms('GET', '/v2/shipments/se-999999999', '/v2/shipments/{shipment_id}');
  });
});

describe('the V1 simulator against the docs example', () => {
  it('an order carries every field of the docs GetOrder example (externallyFulfilledById/Name included)', async () => {
    const sample = JSON.parse(
      readFileSync(path.join(SS_REFERENCE_DIR, 'samples/v1-compwright-GetOrderResponse.json'), 'utf8'),
    ) as Record<string, unknown>;
    const id = sim.orders()[0]!.orderId;
    const res = await fetch(`${base}/orders/${id}`, {
      headers: { authorization: `Basic ${Buffer.from('k:s').toString('base64')}` },
    });
    const order = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(sample).filter((k) => !(k in order))).toEqual([]);
  });
});
