/**
 * Webhook subscriptions (V1 and V2), the queue of notifications produced by state changes, delivery
 * over HTTP, and V2 RSA-SHA256 signing.
 *
 * V1 delivery: POST `{"resource_url": "...", "resource_type": "..."}`, Content-Type application/json,
 * no signature (like the real V1). V2 delivery: same thin body, plus
 *   x-shipengine-rsa-sha256-key-id     the JWK `kid`
 *   x-shipengine-timestamp             ISO-8601 UTC with milliseconds, e.g. 2026-03-08T10:00:00.000Z,
 *                                      taken from the real clock (receivers check it against theirs)
 *   x-shipengine-rsa-sha256-signature  base64( RSASSA-PKCS1-v1_5 / SHA-256 over `${timestamp}.${rawBody}` )
 * The public key is served as a JWKS at `GET /jwks` (mirrors https://api.shipstation.com/jwks; no auth).
 */

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as rsaSign,
  type KeyObject,
} from 'node:crypto';
import type { SimEvent } from './model.js';

export const V1_EVENTS = [
  'ORDER_NOTIFY',
  'ITEM_ORDER_NOTIFY',
  'SHIP_NOTIFY',
  'ITEM_SHIP_NOTIFY',
  'FULFILLMENT_SHIPPED',
  'FULFILLMENT_REJECTED',
] as const;
export type V1Event = (typeof V1_EVENTS)[number];

/** The stored spec's enum plus the V2 event ids from ShipStation's help centre (lower-cased). */
export const V2_EVENTS = [
  'batch',
  'carrier_connected',
  'order_source_refresh_complete',
  'rate',
  'report_complete',
  'sales_orders_imported',
  'track',
  'batch_processed_v2',
  'track_event_v2',
  'shipment_created_v2',
  'label_created_v2',
  'fulfillment_shipped_v2',
  'fulfillment_rejected_v2',
] as const;

export interface V1Subscription {
  id: number;
  targetUrl: string;
  event: V1Event;
  storeId: number | null;
  friendlyName: string | null;
  active: boolean;
}

export interface V2Subscription {
  webhookId: string;
  url: string;
  event: string;
  headers: { key: string; value: string }[];
  name: string | null;
  storeId: number | null;
}

export interface PendingDelivery {
  api: 'v1' | 'v2';
  subscriptionId: string;
  targetUrl: string;
  resourceType: string;
  /** path + query relative to the simulator's base URL */
  resourcePath: string;
  extraHeaders: { key: string; value: string }[];
}

export interface WebhookDelivery {
  api: 'v1' | 'v2';
  subscriptionId: string;
  targetUrl: string;
  resourceType: string;
  resourceUrl: string;
  body: string;
  headers: Record<string, string>;
  /** HTTP status from the receiver, null when the POST failed */
  status: number | null;
  error: string | null;
  at: string;
}

export interface WebhookHubOptions {
  signingKey?: string | KeyObject;
  keyId?: string;
  timeoutMs?: number;
}

export class WebhookHub {
  readonly v1 = new Map<number, V1Subscription>();
  readonly v2 = new Map<string, V2Subscription>();
  pending: PendingDelivery[] = [];
  readonly log: WebhookDelivery[] = [];
  private nextV1 = 10_001;
  private nextV2 = 28_529_731;
  private privateKey: KeyObject | undefined;
  private publicKey: KeyObject | undefined;
  private kid: string | undefined;

  constructor(private readonly opts: WebhookHubOptions = {}) {}

  // ------------------------------------------------------------------------------------------
  // subscriptions

  subscribeV1(input: {
    targetUrl: string;
    event: V1Event;
    storeId?: number | null;
    friendlyName?: string | null;
  }): V1Subscription {
    const sub: V1Subscription = {
      id: this.nextV1++,
      targetUrl: input.targetUrl,
      event: input.event,
      storeId: input.storeId ?? null,
      friendlyName: input.friendlyName ?? null,
      active: true,
    };
    this.v1.set(sub.id, sub);
    return sub;
  }

  unsubscribeV1(id: number): boolean {
    return this.v1.delete(id);
  }

  /** One URL per event, like ShipEngine: a second subscription to the same event is a conflict (null). */
  subscribeV2(input: {
    url: string;
    event: string;
    headers?: { key: string; value: string }[];
    name?: string | null;
    storeId?: number | null;
  }): V2Subscription | null {
    for (const s of this.v2.values()) if (s.event === input.event) return null;
    const sub: V2Subscription = {
      webhookId: `se-${this.nextV2++}`,
      url: input.url,
      event: input.event,
      headers: input.headers ?? [],
      name: input.name ?? null,
      storeId: input.storeId ?? null,
    };
    this.v2.set(sub.webhookId, sub);
    return sub;
  }

  // ------------------------------------------------------------------------------------------
  // events → queue

  onEvent(e: SimEvent): void {
    const v1 = (event: V1Event, resourcePath: string): void => {
      for (const s of this.v1.values()) {
        if (!s.active || s.event !== event) continue;
        if (s.storeId !== null && s.storeId !== e.storeId) continue;
        this.pending.push({
          api: 'v1',
          subscriptionId: String(s.id),
          targetUrl: s.targetUrl,
          resourceType: event,
          resourcePath,
          extraHeaders: [],
        });
      }
    };
    const v2 = (events: string[], resourceType: string, resourcePath: string): void => {
      for (const s of this.v2.values()) {
        if (!events.includes(s.event)) continue;
        if (s.storeId !== null && s.storeId !== e.storeId) continue;
        this.pending.push({
          api: 'v2',
          subscriptionId: s.webhookId,
          targetUrl: s.url,
          resourceType,
          resourcePath,
          extraHeaders: s.headers,
        });
      }
    };
    if (e.kind === 'orders_imported') {
      const q = `storeID=${e.storeId}&importBatch=${e.importBatch}`;
      v1('ORDER_NOTIFY', `/orders?${q}`);
      v1('ITEM_ORDER_NOTIFY', `/orders?${q}`);
      const range =
        `store_id=se-${e.storeId}&created_at_start=${encodeURIComponent(new Date(e.from).toISOString())}` +
        `&created_at_end=${encodeURIComponent(new Date(e.to).toISOString())}`;
      v2(['shipment_created_v2'], 'SHIPMENT_CREATED_V2', `/v2/shipments?${range}`);
      v2(['sales_orders_imported'], 'SALES_ORDERS_IMPORTED', `/v2/shipments?${range}`);
    } else if (e.kind === 'labels_created') {
      v1('SHIP_NOTIFY', `/shipments?batchId=${e.batchId}&includeShipmentItems=False`);
      v1('ITEM_SHIP_NOTIFY', `/shipments?batchId=${e.batchId}&includeShipmentItems=True`);
      v2(['batch', 'batch_processed_v2'], 'BATCH_PROCESSED_V2', `/v2/batches/se-${e.batchId}`);
      for (const id of e.shipmentIds) v2(['label_created_v2'], 'LABEL_CREATED_V2', `/v2/labels/se-${id}`);
    } else {
      if (e.byProvider) v1('FULFILLMENT_SHIPPED', `/fulfillments?fulfillmentId=${e.fulfillmentId}`);
      v2(
        ['fulfillment_shipped_v2'],
        'FULFILLMENT_SHIPPED_V2',
        `/v2/fulfillments?fulfillment_id=se-${e.fulfillmentId}`,
      );
    }
  }

  // ------------------------------------------------------------------------------------------
  // delivery

  /** POST every queued notification (in order). Never throws for receiver failures: see the results. */
  async deliverPending(baseUrl: string): Promise<WebhookDelivery[]> {
    const batch = this.pending;
    this.pending = [];
    const out: WebhookDelivery[] = [];
    for (const p of batch) {
      const resourceUrl = `${baseUrl}${p.resourcePath}`;
      const body = JSON.stringify({ resource_url: resourceUrl, resource_type: p.resourceType });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const h of p.extraHeaders) headers[h.key.toLowerCase()] = h.value;
      if (p.api === 'v2') Object.assign(headers, this.signV2(body));
      const r = await this.post(p.targetUrl, body, headers);
      const d: WebhookDelivery = {
        api: p.api,
        subscriptionId: p.subscriptionId,
        targetUrl: p.targetUrl,
        resourceType: p.resourceType,
        resourceUrl,
        body,
        headers,
        status: r.status,
        error: r.error,
        at: new Date().toISOString(),
      };
      this.log.push(d);
      out.push(d);
    }
    return out;
  }

  async post(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number | null; body: string; error: string | null }> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      return { status: res.status, body: await res.text(), error: null };
    } catch (err) {
      return { status: null, body: '', error: err instanceof Error ? err.message : String(err) };
    }
  }

  // ------------------------------------------------------------------------------------------
  // signing

  private keys(): { priv: KeyObject; pub: KeyObject; kid: string } {
    if (!this.privateKey || !this.publicKey || !this.kid) {
      const k = this.opts.signingKey;
      if (k === undefined) {
        const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
        this.privateKey = pair.privateKey;
      } else {
        this.privateKey = typeof k === 'string' ? createPrivateKey(k) : k;
      }
      this.publicKey = createPublicKey(this.privateKey);
      const der = this.publicKey.export({ type: 'spki', format: 'der' });
      this.kid = this.opts.keyId ?? `sim-${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
    }
    return { priv: this.privateKey, pub: this.publicKey, kid: this.kid };
  }

  keyId(): string {
    return this.keys().kid;
  }

  publicKeyPem(): string {
    return this.keys().pub.export({ type: 'spki', format: 'pem' }).toString();
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const { pub, kid } = this.keys();
    const jwk = pub.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] };
  }

  /** The three V2 signature headers for a raw body (timestamp defaults to the real clock). */
  signV2(rawBody: string, timestamp: string = new Date().toISOString()): Record<string, string> {
    const { priv, kid } = this.keys();
    const signature = rsaSign('sha256', Buffer.from(`${timestamp}.${rawBody}`, 'utf8'), priv).toString(
      'base64',
    );
    return {
      'x-shipengine-rsa-sha256-key-id': kid,
      'x-shipengine-rsa-sha256-signature': signature,
      'x-shipengine-timestamp': timestamp,
    };
  }
}
