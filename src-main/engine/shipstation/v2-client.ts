/**
 * ShipStation V2 (https://api.shipstation.com, header `API-Key`), mapped onto the same interface as V1.
 * Spec: shared/reference/shipstation/openapi/shipstation-v2-openapi.yaml (line numbers below).
 *
 * - orders ⇐ GET /v2/shipments (1867): modified_at_start/_end (ISO UTC, 9514/9503), sort_by=modified_at
 *   (8402), sort_dir=asc, page_size, store_id; pages follow links.next.href (3780) only when it points at
 *   the configured base URL's origin (anything else: forbidden_host, nothing sent).
 * - getOrder ⇐ GET /v2/shipments/{shipment_id} (1977).
 * - shipments (labels) created ⇐ GET /v2/labels (1067) created_at_start/_end, sort_by=created_at.
 * - shipments voided ⇐ GET /v2/labels?label_status=voided (label_status 8367). The spec has no voided_at
 *   filter, so we list voided labels CREATED in the last `voidLookbackDays` (default 60; carriers allow
 *   voiding for about 30 days) before the window's end and keep those whose voided_at falls in the
 *   window (or is missing: better twice than never). Page totals are the server's, before that filter.
 * - fulfillments ⇐ GET /v2/fulfillments (not in the stored spec; docs.shipstation.com "List
 *   fulfillments"): create_date_start/_end, sort_by=created_at; its shipment_id is the order's.
 * - stores: the spec has no stores / order-sources endpoint (order_source_name 8443 is only an enum):
 *   listStores() returns [], testConnection() checks GET /v2/shipments?page_size=1 and reports 0 stores.
 * - webhooks ⇐ /v2/environment/webhooks (2239, 2290): list (bare array, 6925), create {url, event}
 *   (8622), delete by id. Events: the help center's V2 names (V2_WEBHOOK_EVENTS), not the spec's
 *   older webhook_event enum (8347).
 */
import { z } from 'zod';
import { endpoint, type ClientContext } from './context';
import { ShipStationError } from './errors';
import { validateBody } from './http';
import { linkPages, type FetchedLinkPage } from './paging';
import { checkResourceUrl, forbiddenHost, resourceKindOf, unsupportedResource } from './resource-url';
import type {
  DateWindow,
  Page,
  RateBudget,
  RequestOptions,
  ShipStationClient,
  SsFulfillment,
  SsOrder,
  SsResource,
  SsShipment,
  SsStore,
  SsWebhook,
  WebhookEvent,
} from './types';
import { v2FulfillmentToSs, v2LabelToShipment, v2ShipmentToOrder, v2WebhookToSs } from './v2-normalize';
import {
  v2Fulfillment,
  v2FulfillmentsPage,
  type V2Fulfillment,
  v2Label,
  v2LabelsPage,
  v2Shipment,
  v2ShipmentsPage,
  v2Webhook,
  v2Webhooks,
  type V2Shipment,
} from './v2-schemas';

/**
 * Our event names ⇒ V2's, as ShipStation's help center lists them ("ShipStation Webhooks", V2
 * Webhooks table: SHIPMENT_CREATED_V2 "order imported", LABEL_CREATED_V2 "shipping or return label
 * created", FULFILLMENT_SHIPPED_V2), not the stored spec's older enum (sales_orders_imported, …).
 * The item-level V1 events have no V2 twin: they map to the same event (subscribed once).
 */
export const V2_WEBHOOK_EVENTS: Partial<Record<WebhookEvent, string>> = {
  ORDER_NOTIFY: 'SHIPMENT_CREATED_V2',
  ITEM_ORDER_NOTIFY: 'SHIPMENT_CREATED_V2',
  SHIP_NOTIFY: 'LABEL_CREATED_V2',
  ITEM_SHIP_NOTIFY: 'LABEL_CREATED_V2',
  FULFILLMENT_SHIPPED: 'FULFILLMENT_SHIPPED_V2',
};

const DAY_MS = 86_400_000;

type PagedBody = {
  total: number;
  page: number;
  pages: number;
  links?: { next?: { href?: string | null } | null } | null;
};
type PagedSchema<Raw> = z.ZodType<PagedBody & Raw>;

export interface V2Options {
  /** How far before a void window labels are looked at (by creation). Default 60 days. */
  voidLookbackDays?: number;
}

export class V2Client implements ShipStationClient {
  readonly apiVersion = 'v2' as const;
  private readonly voidLookbackMs: number;
  private readonly origin: string;

  constructor(
    private readonly ctx: ClientContext,
    opts: V2Options = {},
  ) {
    this.voidLookbackMs = (opts.voidLookbackDays ?? 60) * DAY_MS;
    this.origin = new URL(ctx.baseUrl).origin;
  }

  private url(path: string, query: Record<string, string | undefined> = {}): URL {
    return endpoint(this.ctx.baseUrl, `/v2${path}`, query);
  }

  private get<T>(url: URL, schema: z.ZodType<T>, opts: RequestOptions = {}): Promise<T> {
    return this.ctx.http.request({
      url,
      schema,
      ...(opts.priority ? { priority: opts.priority } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  /** links.next.href, resolved against the current page, only on the base URL's origin. */
  private resolveNext = (href: string, current: URL): URL => {
    let next: URL;
    try {
      next = new URL(href, current);
    } catch {
      throw new ShipStationError({
        kind: 'bad_response',
        detail: `links.next.href is not a URL: ${JSON.stringify(href)}`,
      });
    }
    if (next.origin !== this.origin || next.username !== '' || next.password !== '') {
      throw new ShipStationError({
        kind: 'forbidden_host',
        message: `Refused to follow a ShipStation page link to ${next.host}: it is not the configured ShipStation address.`,
        detail: `links.next.href origin ${next.origin} differs from base URL origin ${this.origin}; not followed`,
      });
    }
    return next;
  };

  private pages<Raw, T>(
    first: URL,
    schema: PagedSchema<Raw>,
    pick: (body: Raw) => T[],
    what: string,
    opts: RequestOptions,
  ): AsyncGenerator<Page<T>> {
    const fetchPage = async (url: URL): Promise<FetchedLinkPage<T>> => {
      const body = await this.get(url, schema, opts);
      return {
        items: pick(body),
        page: body.page,
        pages: body.pages,
        total: body.total,
        next: body.links?.next?.href ?? null,
      };
    };
    return linkPages(first, fetchPage, this.resolveNext, this.ctx.pageSize, what);
  }

  async testConnection(opts: RequestOptions = {}): Promise<{ ok: true; stores: number }> {
    await this.get(this.url('/shipments', { page_size: '1' }), v2ShipmentsPage, {
      priority: 'interactive',
      ...opts,
    });
    return { ok: true, stores: 0 };
  }

  async listStores(): Promise<SsStore[]> {
    return [];
  }

  async *ordersModified(
    window: DateWindow,
    opts: RequestOptions & { storeId?: string } = {},
  ): AsyncGenerator<Page<SsOrder>> {
    const to = window.to ?? new Date(this.ctx.clock.now());
    const first = this.url('/shipments', {
      modified_at_start: window.from.toISOString(),
      modified_at_end: to.toISOString(),
      store_id: opts.storeId,
      sort_by: 'modified_at',
      sort_dir: 'asc',
      page_size: String(this.ctx.pageSize),
      page: '1',
    });
    const now = this.ctx.clock.now();
    yield* this.pages(
      first,
      v2ShipmentsPage,
      (b) => b.shipments.map((s) => v2ShipmentToOrder(s, now)),
      'shipments',
      opts,
    );
  }

  async getOrder(orderId: string, opts: RequestOptions = {}): Promise<SsOrder | null> {
    try {
      const s = await this.get(this.url(`/shipments/${encodeURIComponent(orderId)}`), v2Shipment, opts);
      return v2ShipmentToOrder(s, this.ctx.clock.now());
    } catch (err) {
      if (err instanceof ShipStationError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  async *shipmentsCreated(window: DateWindow, opts: RequestOptions = {}): AsyncGenerator<Page<SsShipment>> {
    const to = window.to ?? new Date(this.ctx.clock.now());
    const first = this.url('/labels', {
      created_at_start: window.from.toISOString(),
      created_at_end: to.toISOString(),
      sort_by: 'created_at',
      sort_dir: 'asc',
      page_size: String(this.ctx.pageSize),
      page: '1',
    });
    yield* this.pages(first, v2LabelsPage, (b) => b.labels.map(v2LabelToShipment), 'labels', opts);
  }

  /** GET /v2/labels/{label_id} (spec 1248): a label still processing, looked at again. */
  async getLabel(labelId: string, opts: RequestOptions = {}): Promise<SsShipment | null> {
    try {
      return v2LabelToShipment(
        await this.get(this.url(`/labels/${encodeURIComponent(labelId)}`), v2Label, opts),
      );
    } catch (err) {
      if (err instanceof ShipStationError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  async *shipmentsVoided(window: DateWindow, opts: RequestOptions = {}): AsyncGenerator<Page<SsShipment>> {
    const to = window.to ?? new Date(this.ctx.clock.now());
    const fromMs = window.from.getTime();
    const toMs = to.getTime();
    const first = this.url('/labels', {
      label_status: 'voided',
      created_at_start: new Date(fromMs - this.voidLookbackMs).toISOString(),
      created_at_end: to.toISOString(),
      sort_by: 'created_at',
      sort_dir: 'asc',
      page_size: String(this.ctx.pageSize),
      page: '1',
    });
    const inWindow = (s: SsShipment): boolean => {
      if (s.voidDate === null) return true;
      const t = Date.parse(s.voidDate);
      return t >= fromMs && t <= toMs;
    };
    for await (const p of this.pages(
      first,
      v2LabelsPage,
      (b) => b.labels.map(v2LabelToShipment),
      'voided labels',
      opts,
    )) {
      yield { ...p, items: p.items.filter(inWindow) };
    }
  }

  /** GET /v2/fulfillments (docs.shipstation.com "List fulfillments"): create_date_start/_end, by created_at. */
  async *fulfillmentsCreated(
    window: DateWindow,
    opts: RequestOptions = {},
  ): AsyncGenerator<Page<SsFulfillment>> {
    const to = window.to ?? new Date(this.ctx.clock.now());
    const first = this.url('/fulfillments', {
      create_date_start: window.from.toISOString(),
      create_date_end: to.toISOString(),
      sort_by: 'created_at',
      sort_dir: 'asc',
      page_size: String(this.ctx.pageSize),
      page: '1',
    });
    const seen = new Date(this.ctx.clock.now()).toISOString();
    yield* this.pages(
      first,
      v2FulfillmentsPage,
      (b) => b.fulfillments.map((f) => v2FulfillmentToSs(f, seen)),
      'fulfillments',
      opts,
    );
  }

  async fetchResource(
    resourceUrl: string,
    resourceType: string,
    opts: RequestOptions = {},
  ): Promise<SsResource> {
    const url = checkResourceUrl(resourceUrl, this.ctx.baseUrl);
    if (!url) throw forbiddenHost(resourceUrl);
    const kind = resourceKindOf(resourceType);
    if (kind === null) throw unsupportedResource(resourceType);
    const now = this.ctx.clock.now();
    const body = await this.get(url, z.unknown(), opts);
    const where = `${resourceType} resource`;
    if (kind === 'orders') {
      const orders = await this.records(body, url, where, opts, {
        key: 'shipments',
        one: v2Shipment,
        page: v2ShipmentsPage,
        pick: (b) => b.shipments,
        map: (s: V2Shipment): SsOrder => v2ShipmentToOrder(s, now),
      });
      return { kind, orders };
    }
    if (kind === 'fulfillments') {
      const seen = new Date(now).toISOString();
      const fulfillments = await this.records(body, url, where, opts, {
        key: 'fulfillments',
        one: v2Fulfillment,
        page: v2FulfillmentsPage,
        pick: (b) => b.fulfillments,
        map: (f: V2Fulfillment): SsFulfillment => v2FulfillmentToSs(f, seen),
      });
      return { kind, fulfillments };
    }
    const shipments = await this.records(body, url, where, opts, {
      key: 'labels',
      one: v2Label,
      page: v2LabelsPage,
      pick: (b) => b.labels,
      map: v2LabelToShipment,
    });
    return { kind, shipments };
  }

  /**
   * A resource is either a list envelope (its first page: the rest follow links.next) or a single
   * record: look at the body, then validate it with the right schema.
   */
  private async records<One, Raw, T>(
    body: unknown,
    url: URL,
    where: string,
    opts: RequestOptions,
    r: {
      key: string;
      one: z.ZodType<One>;
      page: PagedSchema<Raw>;
      pick: (b: Raw) => One[];
      map: (x: One) => T;
    },
  ): Promise<T[]> {
    const isList =
      typeof body === 'object' && body !== null && Array.isArray((body as Record<string, unknown>)[r.key]);
    if (!isList) return [r.map(validateBody(r.one, body, where))];
    const first = validateBody(r.page, body, where);
    const out = r.pick(first).map(r.map);
    for await (const p of this.rest(first, url, r.page, (b) => r.pick(b).map(r.map), opts))
      out.push(...p.items);
    return out;
  }

  /** The pages after an already-read first page of a resource. */
  private async *rest<Raw, T>(
    first: PagedBody,
    current: URL,
    schema: PagedSchema<Raw>,
    pick: (body: Raw) => T[],
    opts: RequestOptions,
  ): AsyncGenerator<Page<T>> {
    const next = first.links?.next?.href;
    if (!next || first.page >= first.pages) return;
    yield* this.pages(this.resolveNext(next, current), schema, pick, 'resource pages', opts);
  }

  async listWebhooks(opts: RequestOptions = {}): Promise<SsWebhook[]> {
    const list = await this.get(this.url('/environment/webhooks'), v2Webhooks, opts);
    return list.map(v2WebhookToSs);
  }

  async subscribeWebhook(
    input: { targetUrl: string; event: WebhookEvent; storeId?: string; friendlyName?: string },
    opts: RequestOptions = {},
  ): Promise<{ id: string }> {
    const event = V2_WEBHOOK_EVENTS[input.event];
    if (!event) {
      throw new ShipStationError({
        kind: 'bad_request',
        message: `ShipStation V2 has no webhook for "${input.event}". The connector polls for these changes instead.`,
        detail: `no V2 webhook_event equivalent for ${input.event} in the spec; nothing was sent`,
      });
    }
    const body = await this.ctx.http.request({
      method: 'POST',
      url: this.url('/environment/webhooks'),
      body: { url: input.targetUrl, event },
      schema: v2Webhook,
      ...(opts.priority ? { priority: opts.priority } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { id: body.webhook_id };
  }

  async unsubscribeWebhook(id: string, opts: RequestOptions = {}): Promise<void> {
    await this.ctx.http.request({
      method: 'DELETE',
      url: this.url(`/environment/webhooks/${encodeURIComponent(id)}`),
      schema: z.unknown(),
      emptyOk: true,
      ...(opts.priority ? { priority: opts.priority } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  rateBudget(): RateBudget {
    return this.ctx.governor.rateBudget();
  }

  async close(): Promise<void> {
    await this.ctx.http.close();
  }
}
