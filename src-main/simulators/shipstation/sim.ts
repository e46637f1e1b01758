/**
 * ShipStationSim: an HTTP server presenting one simulated ShipStation account through the V1 API
 * (paths at the root, HTTP Basic) and the V2 API (paths under /v2, API-Key header), with rate
 * limits, scripted state changes, webhooks and fault injection. See README.md next to this file.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { BadParam, jsonReply, matchRoute, textReply, type ReqCtx, type Reply, type Route } from './http.js';
import type {
  SimCustomerSpec,
  SimFulfillment,
  SimOrder,
  SimShipment,
  SimSkuSpec,
  SimStore,
} from './model.js';
import { FixedWindowLimiter, type RateState } from './rate-limit.js';
import {
  DEFAULT_SEED_MIX,
  ShipStationState,
  type CreateOrdersOptions,
  type MarkShippedOptions,
  type SeedMix,
  type ShipOrdersOptions,
  type SimOrderPatch,
  type SimOrderAnnotation,
} from './state.js';
import {
  renderFulfillmentV1,
  renderOrderV1,
  renderShipmentV1,
  v1BadRequest,
  v1Error,
  v1NotFoundRoute,
  v1Routes,
} from './v1.js';
import { renderShipmentV2, v2BadRequest, v2Error, v2ErrorBody, v2Routes } from './v2.js';
import {
  WebhookHub,
  type V1Event,
  type V1Subscription,
  type V2Subscription,
  type WebhookDelivery,
} from './webhooks.js';

export interface ShipStationSimOptions {
  /** PRNG seed (default 1): same seed + same script ⇒ same data. */
  seed?: number;
  /** Number of stores (default 3: a Shopify web store, Amazon, eBay; more are extra web stores). */
  stores?: number;
  /** Orders seeded into the past `seedSpanDays` at construction (default 0), mixed statuses per `seedMix`. */
  orders?: number;
  seedMix?: Partial<SeedMix>;
  seedSpanDays?: number;
  /** The simulated clock for createDate/modifyDate/… (default: real time). */
  now?: () => Date;
  v1: { apiKey: string; apiSecret: string };
  v2: { apiKey: string };
  /** Requests per window per V1 credential (default 40). */
  rateLimitV1?: number;
  /** Requests per window per V2 key (default 200). */
  rateLimitV2?: number;
  /** Rate-limit window (default 60 000 ms; tests may shrink it). */
  windowMs?: number;
  /** Clock for rate limiting (default Date.now), independent of `now` so a frozen sim clock still lets windows roll. */
  rateClock?: () => number;
  /** RSA private key (PEM or KeyObject) for V2 webhook signatures; generated (2048-bit) on first use if absent. */
  webhookSigningKey?: string | KeyObject;
  webhookKeyId?: string;
  /** POST webhooks by themselves after each scripted change (default false: call deliverWebhooks()). */
  autoDeliverWebhooks?: boolean;
  /** Catalog for generated order lines (default SKU-0001 … SKU-0024). */
  skus?: (string | SimSkuSpec)[];
  /** Customers for generated orders (default: generated people). */
  customers?: SimCustomerSpec[];
  /**
   * Amazon-store orders carry a buyer relay address (`…@marketplace.amazon.com`, Amazon's
   * buyer-seller messaging) even when their buyer is drawn from `customers`: the name is real, the
   * address says nothing of who it is. Default false.
   */
  amazonRelayEmails?: boolean;
}

export interface SimFaults {
  /** Delay added before every answer (ms). */
  latencyMs: number;
  /** Answer the next `times` requests with this status. */
  fail5xx: { status: 500 | 502 | 503 | 504; times: number } | null;
  /** Destroy the socket mid-response for the next N requests. */
  resetConnections: number;
  /** Where the reset happens: right after the headers, or after half the body (default). */
  resetMode: 'headers' | 'half-body';
  /** The next N responses that would be 200 JSON are cut in half (still 200, consistent Content-Length). */
  malformedJson: number;
  /** Answer the next N requests 429 regardless of budget. */
  burst429: number;
  /** Answer the next N requests 401 even with good credentials. */
  unauthorizedBlip: number;
  /** Only requests for which this returns true are subject to faults (default: all but /jwks). */
  match: ((method: string, path: string) => boolean) | null;
}

export interface SimStats {
  requests: number;
  /** `METHOD /template`, e.g. `GET /orders`, `GET /orders/{orderId}`, `GET /v2/shipments` */
  byPath: Record<string, number>;
  byStatus: Record<string, number>;
  status401: number;
  status429: number;
  status5xx: number;
  /** 429s caused by the real budget (not burst429) */
  rateLimited: number;
  faults: {
    latency: number;
    fail5xx: number;
    resetConnections: number;
    malformedJson: number;
    burst429: number;
    unauthorizedBlip: number;
  };
  webhooks: { delivered: number; failed: number };
}

function noFaults(): SimFaults {
  return {
    latencyMs: 0,
    fail5xx: null,
    resetConnections: 0,
    resetMode: 'half-body',
    malformedJson: 0,
    burst429: 0,
    unauthorizedBlip: 0,
    match: null,
  };
}

function emptyStats(): SimStats {
  return {
    requests: 0,
    byPath: {},
    byStatus: {},
    status401: 0,
    status429: 0,
    status5xx: 0,
    rateLimited: 0,
    faults: {
      latency: 0,
      fail5xx: 0,
      resetConnections: 0,
      malformedJson: 0,
      burst429: 0,
      unauthorizedBlip: 0,
    },
    webhooks: { delivered: 0, failed: 0 },
  };
}

const MAX_BODY = 1024 * 1024;

const V1_401_BODY =
  '<!DOCTYPE html><html><head><title>401 - Unauthorized</title></head><body>' +
  '<h1>401 - Unauthorized: Access is denied due to invalid credentials.</h1></body></html>';

function gatewayPage(status: number): string {
  const text: Record<number, string> = {
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Time-out',
  };
  const t = text[status] ?? 'Error';
  return `<html><head><title>${status} ${t}</title></head><body><center><h1>${status} ${t}</h1></center></body></html>`;
}

type Api = 'v1' | 'v2' | 'public';

export class ShipStationSim {
  /** Mutable fault knobs; see also injectFaults(). */
  faults: SimFaults = noFaults();
  stats: SimStats = emptyStats();
  private readonly state: ShipStationState;
  private readonly hooks: WebhookHub;
  private readonly v1Limiter: FixedWindowLimiter;
  private readonly v2Limiter: FixedWindowLimiter;
  private readonly v1: Route[];
  private readonly v2: Route[];
  private server: Server | undefined;
  private base: string | undefined;
  private deliveryChain: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: ShipStationSimOptions) {
    if (!opts.v1?.apiKey || !opts.v1?.apiSecret || !opts.v2?.apiKey) {
      throw new Error('ShipStationSim needs v1 {apiKey, apiSecret} and v2 {apiKey}');
    }
    this.state = new ShipStationState({
      seed: opts.seed ?? 1,
      stores: opts.stores ?? 3,
      now: opts.now ?? (() => new Date()),
      ...(opts.skus ? { skus: opts.skus } : {}),
      ...(opts.customers ? { customers: opts.customers } : {}),
      ...(opts.amazonRelayEmails ? { amazonRelayEmails: true } : {}),
    });
    this.hooks = new WebhookHub({
      ...(opts.webhookSigningKey !== undefined ? { signingKey: opts.webhookSigningKey } : {}),
      ...(opts.webhookKeyId !== undefined ? { keyId: opts.webhookKeyId } : {}),
    });
    const windowMs = opts.windowMs ?? 60_000;
    const clock = opts.rateClock ?? Date.now;
    this.v1Limiter = new FixedWindowLimiter(opts.rateLimitV1 ?? 40, windowMs, clock);
    this.v2Limiter = new FixedWindowLimiter(opts.rateLimitV2 ?? 200, windowMs, clock);
    this.v1 = v1Routes(this.state, this.hooks);
    this.v2 = v2Routes(this.state, this.hooks);
    this.state.seedHistory(opts.orders ?? 0, opts.seedSpanDays ?? 30, {
      ...DEFAULT_SEED_MIX,
      ...(opts.seedMix ?? {}),
    });
    this.state.onEvent((e) => {
      this.hooks.onEvent(e);
      if (this.opts.autoDeliverWebhooks && this.base && this.hooks.pending.length > 0) {
        this.deliveryChain = this.deliveryChain.then(() => this.deliverWebhooks()).catch(() => undefined);
      }
    });
  }

  // -------------------------------------------------------------------------------------------
  // lifecycle

  /** Start serving; resolves to the base URL (e.g. http://127.0.0.1:PORT). */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server) throw new Error('already listening');
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const addr = server.address() as AddressInfo;
    const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    this.base = `http://${h}:${addr.port}`;
    return this.base;
  }

  get baseUrl(): string {
    if (!this.base) throw new Error('ShipStationSim is not listening');
    return this.base;
  }

  async close(): Promise<void> {
    await this.deliveryChain.catch(() => undefined);
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  // -------------------------------------------------------------------------------------------
  // scripting (synchronous; every change bumps modifyDate)

  createOrders(n: number, opts?: CreateOrdersOptions): SimOrder[] {
    return this.state.createOrders(n, opts);
  }

  createOrderWithNumber(storeId: number, orderNumber: string, opts?: CreateOrdersOptions): SimOrder {
    return this.state.createOrderWithNumber(storeId, orderNumber, opts);
  }

  editOrder(orderId: number, patch: SimOrderPatch): SimOrder {
    return this.state.editOrder(orderId, patch);
  }

  /** Notes and custom fields edited, shipped orders included (the sale itself does not change). */
  annotateOrder(orderId: number, patch: SimOrderAnnotation): SimOrder {
    return this.state.annotateOrder(orderId, patch);
  }

  touchOrder(orderId: number): SimOrder {
    return this.state.touchOrder(orderId);
  }

  cancelOrder(orderId: number): SimOrder {
    return this.state.cancelOrder(orderId);
  }

  holdOrder(orderId: number, until?: string): SimOrder {
    return this.state.holdOrder(orderId, until);
  }

  releaseHold(orderId: number): SimOrder {
    return this.state.releaseHold(orderId);
  }

  shipOrders(target: number | number[], opts?: ShipOrdersOptions): SimShipment[] {
    return this.state.shipOrders(target, opts);
  }

  markShippedExternally(orderId: number, opts?: MarkShippedOptions): SimFulfillment {
    return this.state.markShippedExternally(orderId, opts);
  }

  voidShipment(shipmentId: number): SimShipment {
    return this.state.voidShipment(shipmentId);
  }

  /** A label still `processing` is created: the order ships (V2 label_status 8367). */
  completeLabel(shipmentId: number): SimShipment {
    return this.state.completeLabel(shipmentId);
  }

  splitOrder(orderId: number, opts?: { orderItemIds?: number[] }): { parent: SimOrder; child: SimOrder } {
    return this.state.splitOrder(orderId, opts);
  }

  setStoreActive(storeId: number, active: boolean): SimStore {
    return this.state.setStoreActive(storeId, active);
  }

  // -------------------------------------------------------------------------------------------
  // ground truth

  orders(): SimOrder[] {
    return [...this.state.orders.values()].map((o) => this.state.snapshotOrder(o));
  }

  order(orderId: number): SimOrder {
    return this.state.snapshotOrder(this.state.order(orderId));
  }

  /** Label shipments (what /shipments lists), voided ones included. */
  shipments(): SimShipment[] {
    return [...this.state.labels.values()].map((l) => this.state.snapshotShipment(l));
  }

  /** Mark-as-shipped records (what /fulfillments lists). */
  fulfillments(): SimFulfillment[] {
    return [...this.state.fulfillments.values()].map((f) => this.state.snapshotFulfillment(f));
  }

  stores(): SimStore[] {
    return this.state.stores.map((s) => this.state.snapshotStore(s));
  }

  /** Exactly what the API returns for an order / shipment / fulfillment (V1 or V2 face). */
  render(kind: 'v1-order' | 'v2-shipment', orderId: number): Record<string, unknown>;
  render(kind: 'v1-shipment', shipmentId: number): Record<string, unknown>;
  render(kind: 'v1-fulfillment', fulfillmentId: number): Record<string, unknown>;
  render(
    kind: 'v1-order' | 'v2-shipment' | 'v1-shipment' | 'v1-fulfillment',
    id: number,
  ): Record<string, unknown> {
    if (kind === 'v1-order') return renderOrderV1(this.state.order(id));
    if (kind === 'v2-shipment') return renderShipmentV2(this.state, this.state.order(id));
    if (kind === 'v1-shipment') {
      const l = this.state.labels.get(id);
      if (!l) throw new Error(`no shipment ${id}`);
      return renderShipmentV1(this.state, l, true);
    }
    const f = this.state.fulfillments.get(id);
    if (!f) throw new Error(`no fulfillment ${id}`);
    return renderFulfillmentV1(this.state, f);
  }

  // -------------------------------------------------------------------------------------------
  // webhooks

  /** Subscribe without the API (same effect as POST /webhooks/subscribe or POST /v2/environment/webhooks). */
  addWebhook(
    sub:
      | { api: 'v1'; event: V1Event; targetUrl: string; storeId?: number | null; friendlyName?: string }
      | {
          api: 'v2';
          event: string;
          url: string;
          storeId?: number | null;
          headers?: { key: string; value: string }[];
        },
  ): V1Subscription | V2Subscription {
    if (sub.api === 'v1') return this.hooks.subscribeV1(sub);
    const made = this.hooks.subscribeV2({ ...sub, event: sub.event.toLowerCase() });
    if (!made) throw new Error(`a V2 webhook for ${sub.event} already exists`);
    return made;
  }

  webhookSubscriptions(): { v1: V1Subscription[]; v2: V2Subscription[] } {
    return { v1: [...this.hooks.v1.values()], v2: [...this.hooks.v2.values()] };
  }

  /** Notifications queued and not yet delivered. */
  pendingWebhooks(): number {
    return this.hooks.pending.length;
  }

  /** POST every queued notification; resolves with what each receiver answered. */
  async deliverWebhooks(): Promise<WebhookDelivery[]> {
    const out = await this.hooks.deliverPending(this.baseUrl);
    for (const d of out) {
      if (d.status !== null && d.status >= 200 && d.status < 300) this.stats.webhooks.delivered++;
      else this.stats.webhooks.failed++;
    }
    return out;
  }

  /** Resolves once automatic deliveries scheduled so far are done. */
  async webhooksSettled(): Promise<void> {
    await this.deliveryChain.catch(() => undefined);
  }

  webhookLog(): WebhookDelivery[] {
    return [...this.hooks.log];
  }

  /** POST an arbitrary (possibly forged) delivery. A string body is sent as is; objects are JSON-encoded. */
  async deliverRaw(
    targetUrl: string,
    body: string | Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<{ status: number | null; body: string; error: string | null }> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return this.hooks.post(targetUrl, raw, { 'content-type': 'application/json', ...headers });
  }

  /** V2 signature headers for a raw body, as the simulator signs its own deliveries. */
  signV2(rawBody: string, timestamp?: string): Record<string, string> {
    return this.hooks.signV2(rawBody, timestamp);
  }

  publicKeyPem(): string {
    return this.hooks.publicKeyPem();
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return this.hooks.jwks();
  }

  webhookKeyId(): string {
    return this.hooks.keyId();
  }

  // -------------------------------------------------------------------------------------------
  // faults and stats

  injectFaults(patch: Partial<SimFaults>): void {
    this.faults = { ...this.faults, ...patch };
  }

  clearFaults(): void {
    this.faults = noFaults();
  }

  resetStats(): void {
    this.stats = emptyStats();
  }

  /** Forget rate-limit windows (e.g. between test phases). */
  resetRateLimits(): void {
    this.v1Limiter.reset();
    this.v2Limiter.reset();
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.handleInner(req, res);
    } catch (err) {
      if (!res.headersSent) {
        const body = JSON.stringify({ Message: 'An error has occurred.', ExceptionMessage: String(err) });
        res.writeHead(500, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
        this.count(500);
      } else {
        res.destroy();
      }
    }
  }

  private count(status: number): void {
    this.stats.byStatus[String(status)] = (this.stats.byStatus[String(status)] ?? 0) + 1;
    if (status === 401) this.stats.status401++;
    if (status === 429) this.stats.status429++;
    if (status >= 500) this.stats.status5xx++;
  }

  private async readBody(req: IncomingMessage): Promise<string | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const b = chunk as Buffer;
      size += b.length;
      if (size > MAX_BODY) return null;
      chunks.push(b);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * Called as each request arrives (its number since start, method, path), before it is answered:
   * a test can act at an exact request (the soak kills the engine there, replayable from a seed).
   */
  onRequest: ((n: number, method: string, path: string) => void | Promise<void>) | null = null;

  private async handleInner(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests++;
    if (this.onRequest)
      await this.onRequest(this.stats.requests, (req.method ?? 'GET').toUpperCase(), req.url ?? '/');
    const method = (req.method ?? 'GET').toUpperCase();
    const base = this.base ?? `http://${req.headers.host ?? '127.0.0.1'}`;
    const url = new URL(req.url ?? '/', base);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const api: Api = path === '/jwks' ? 'public' : path === '/v2' || path.startsWith('/v2/') ? 'v2' : 'v1';
    const routes = api === 'v2' ? this.v2 : this.v1;
    const match = api === 'public' ? null : matchRoute(routes, method, path);
    const template =
      api === 'public'
        ? '/jwks'
        : match?.kind === 'ok'
          ? match.route.template
          : match?.kind === 'method'
            ? match.template
            : '(unmatched)';
    const key = `${method} ${template}`;
    this.stats.byPath[key] = (this.stats.byPath[key] ?? 0) + 1;

    const body = await this.readBody(req);
    if (body === null) {
      this.write(res, textReply(413, 'Request Entity Too Large'), false);
      return;
    }

    if (api === 'public') {
      this.write(
        res,
        method === 'GET' ? jsonReply(200, this.hooks.jwks()) : textReply(405, 'Method Not Allowed'),
        false,
      );
      return;
    }

    const f = this.faults;
    const faulty = f.match ? f.match(method, path) : true;
    if (faulty && f.latencyMs > 0) {
      this.stats.faults.latency++;
      await new Promise((r) => setTimeout(r, f.latencyMs));
    }
    let reset = false;
    if (faulty && f.resetConnections > 0) {
      f.resetConnections--;
      reset = true;
    }

    const ci = new Map<string, string>();
    for (const [k, v] of url.searchParams) if (!ci.has(k.toLowerCase())) ci.set(k.toLowerCase(), v);
    const ctx: ReqCtx = { method, path, url, query: url.searchParams, ci, body, baseUrl: base };
    const cred = api === 'v1' ? this.v1Credential(req) : this.v2Credential(req);
    const limiter = api === 'v1' ? this.v1Limiter : this.v2Limiter;

    let reply: Reply;
    let rate: RateState | undefined;
    if (faulty && f.burst429 > 0) {
      f.burst429--;
      this.stats.faults.burst429++;
      rate = cred ? { ...limiter.peek(cred), remaining: 0, allowed: false } : undefined;
      reply = this.tooMany(api, rate?.resetSec ?? Math.max(1, Math.ceil(limiter.windowMs / 1000)));
    } else if (faulty && f.unauthorizedBlip > 0) {
      f.unauthorizedBlip--;
      this.stats.faults.unauthorizedBlip++;
      reply = this.unauthorized(api);
    } else if (!cred) {
      reply = this.unauthorized(api);
    } else {
      rate = limiter.hit(cred);
      if (!rate.allowed) {
        this.stats.rateLimited++;
        reply = this.tooMany(api, rate.resetSec);
      } else if (faulty && f.fail5xx && f.fail5xx.times > 0) {
        f.fail5xx = { ...f.fail5xx, times: f.fail5xx.times - 1 };
        this.stats.faults.fail5xx++;
        reply = this.serverError(api, f.fail5xx.status);
      } else {
        reply = await this.route(api, ctx, match);
      }
    }

    if (faulty && f.malformedJson > 0 && reply.status === 200 && reply.json && reply.body.length > 1) {
      f.malformedJson--;
      this.stats.faults.malformedJson++;
      reply = { ...reply, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
    }
    if (api === 'v1' && rate) {
      reply.headers['x-rate-limit-limit'] = String(rate.limit);
      reply.headers['x-rate-limit-remaining'] = String(rate.remaining);
      reply.headers['x-rate-limit-reset'] = String(rate.resetSec);
    }
    if (reset) this.stats.faults.resetConnections++;
    this.write(res, reply, reset);
  }

  private async route(
    api: 'v1' | 'v2',
    ctx: ReqCtx,
    match: ReturnType<typeof matchRoute> | null,
  ): Promise<Reply> {
    if (!match || match.kind === 'none') {
      return api === 'v1'
        ? v1NotFoundRoute(ctx)
        : v2Error(404, {
            error_type: 'validation',
            error_code: 'unspecified',
            message: `No route for ${ctx.method} ${ctx.path}.`,
          });
    }
    if (match.kind === 'method') {
      const r =
        api === 'v1'
          ? v1Error(405, `The requested resource does not support http method '${ctx.method}'.`)
          : v2Error(405, {
              error_type: 'validation',
              error_code: 'unspecified',
              message: `Method ${ctx.method} not allowed.`,
            });
      r.headers['allow'] = match.allowed.join(', ');
      return r;
    }
    try {
      return await match.route.handler(ctx, match.m);
    } catch (err) {
      if (err instanceof BadParam) return api === 'v1' ? v1BadRequest(err) : v2BadRequest(err);
      if (err instanceof Error && err.name === 'SimStateError') {
        return api === 'v1'
          ? v1Error(400, err.message)
          : v2Error(400, {
              error_type: 'business_rules',
              error_code: 'invalid_status',
              message: err.message,
            });
      }
      return api === 'v1'
        ? jsonReply(500, { Message: 'An error has occurred.', ExceptionMessage: String(err) })
        : jsonReply(
            500,
            v2ErrorBody([{ error_type: 'system', error_code: 'unspecified', message: String(err) }]),
          );
    }
  }

  private v1Credential(req: IncomingMessage): string | null {
    const h = req.headers.authorization;
    if (!h) return null;
    const m = /^basic\s+(\S+)$/i.exec(h.trim());
    if (!m) return null;
    const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return null;
    const key = decoded.slice(0, i);
    const secret = decoded.slice(i + 1);
    return key === this.opts.v1.apiKey && secret === this.opts.v1.apiSecret ? `v1:${key}` : null;
  }

  private v2Credential(req: IncomingMessage): string | null {
    const h = req.headers['api-key'];
    const key = Array.isArray(h) ? h[0] : h;
    return key !== undefined && key === this.opts.v2.apiKey ? `v2:${key}` : null;
  }

  private unauthorized(api: 'v1' | 'v2'): Reply {
    if (api === 'v1') return textReply(401, V1_401_BODY, 'text/html');
    return v2Error(401, {
      error_type: 'security',
      error_code: 'unauthorized',
      message: 'The API key is invalid. Please check your API-Key header.',
    });
  }

  private tooMany(api: 'v1' | 'v2', resetSec: number): Reply {
    if (api === 'v1') return textReply(429, 'Too Many Requests');
    return v2Error(
      429,
      {
        error_type: 'system',
        error_code: 'rate_limit_exceeded',
        message: 'You have exceeded the rate limit. Please wait and try again.',
      },
      { 'retry-after': String(resetSec) },
    );
  }

  private serverError(api: 'v1' | 'v2', status: number): Reply {
    if (status === 500) {
      // V1 answers like ASP.NET; the V2 spec documents an empty 500 body.
      return api === 'v1' ? jsonReply(500, { Message: 'An error has occurred.' }) : textReply(500, '');
    }
    return textReply(status, gatewayPage(status), 'text/html');
  }

  private write(res: ServerResponse, reply: Reply, reset: boolean): void {
    this.count(reply.status);
    const buf = Buffer.from(reply.body, 'utf8');
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(buf.length) });
    if (!reset) {
      res.end(buf);
      return;
    }
    const destroy = (): void => {
      res.socket?.destroy();
    };
    if (this.faults.resetMode === 'headers' || buf.length < 2) {
      res.flushHeaders();
      setTimeout(destroy, 5);
    } else {
      res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => setTimeout(destroy, 5));
    }
  }
}
