/**
 * ShipStation V1 (https://ssapi.shipstation.com, HTTP Basic apiKey:apiSecret). Lists page with
 * `page`/`pageSize` (500, the maximum) and stop at `pages`; date filters are Pacific wall time
 * (pacific-time.ts) and every window's upper bound is fixed when the iteration starts.
 */
import { z } from 'zod';
import { ShipStationError } from './errors';
import { endpoint, setParamIgnoringCase, type ClientContext } from './context';
import { formatPacificFilter } from './pacific-time';
import { offsetPages, type FetchedPage } from './paging';
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
import { v1FulfillmentToSs, v1OrderToSs, v1ShipmentToSs, v1StoreToSs, v1WebhookToSs } from './v1-normalize';
import {
  v1FulfillmentsPage,
  v1Order,
  v1OrdersPage,
  v1ShipmentsPage,
  v1Stores,
  v1SubscribeResponse,
  v1Webhooks,
} from './v1-schemas';

export class V1Client implements ShipStationClient {
  readonly apiVersion = 'v1' as const;

  constructor(private readonly ctx: ClientContext) {}

  private url(path: string, query: Record<string, string | undefined> = {}): URL {
    return endpoint(this.ctx.baseUrl, path, query);
  }

  private get<T>(url: URL, schema: z.ZodType<T>, opts: RequestOptions = {}): Promise<T> {
    return this.ctx.http.request({
      url,
      schema,
      ...(opts.priority ? { priority: opts.priority } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  async testConnection(opts: RequestOptions = {}): Promise<{ ok: true; stores: number }> {
    const stores = await this.listStores({ priority: 'interactive', ...opts });
    return { ok: true, stores: stores.length };
  }

  async listStores(opts: RequestOptions = {}): Promise<SsStore[]> {
    const stores = await this.get(this.url('/stores', { showInactive: 'true' }), v1Stores, opts);
    return stores.map(v1StoreToSs);
  }

  /** Pages of a V1 list endpoint, normalized; `base` carries the filters, page/pageSize are set here. */
  private pages<Raw, T>(
    base: URL,
    schema: z.ZodType<{ total: number; page: number; pages: number } & Raw>,
    pick: (body: Raw) => T[],
    what: string,
    opts: RequestOptions,
  ): AsyncGenerator<Page<T>> {
    const pageSize = this.ctx.pageSize;
    setParamIgnoringCase(base, 'pageSize', String(pageSize));
    const fetchPage = async (page: number): Promise<FetchedPage<T>> => {
      const url = new URL(base);
      setParamIgnoringCase(url, 'page', String(page));
      const body = await this.get(url, schema, opts);
      return { items: pick(body), page: body.page || page, pages: body.pages, total: body.total };
    };
    return offsetPages(fetchPage, pageSize, what);
  }

  async *ordersModified(
    window: DateWindow,
    opts: RequestOptions & { storeId?: string } = {},
  ): AsyncGenerator<Page<SsOrder>> {
    const to = window.to ?? new Date(this.ctx.clock.now());
    const url = this.url('/orders', {
      modifyDateStart: formatPacificFilter(window.from, 'lower'),
      modifyDateEnd: formatPacificFilter(to, 'upper'),
      storeId: opts.storeId,
      sortBy: 'ModifyDate',
      sortDir: 'ASC',
    });
    yield* this.pages(url, v1OrdersPage, (b) => b.orders.map(v1OrderToSs), 'orders', opts);
  }

  async getOrder(orderId: string, opts: RequestOptions = {}): Promise<SsOrder | null> {
    try {
      const o = await this.get(this.url(`/orders/${encodeURIComponent(orderId)}`), v1Order, opts);
      return v1OrderToSs(o);
    } catch (err) {
      if (err instanceof ShipStationError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  private shipments(filter: Record<string, string>, opts: RequestOptions): AsyncGenerator<Page<SsShipment>> {
    const url = this.url('/shipments', {
      ...filter,
      includeShipmentItems: 'true',
      sortBy: 'CreateDate',
      sortDir: 'ASC',
    });
    return this.pages(url, v1ShipmentsPage, (b) => b.shipments.map(v1ShipmentToSs), 'shipments', opts);
  }

  async *shipmentsCreated(window: DateWindow, opts: RequestOptions = {}): AsyncGenerator<Page<SsShipment>> {
    const to = window.to ?? new Date(this.ctx.clock.now());
    yield* this.shipments(
      {
        createDateStart: formatPacificFilter(window.from, 'lower'),
        createDateEnd: formatPacificFilter(to, 'upper'),
      },
      opts,
    );
  }

  async *shipmentsVoided(window: DateWindow, opts: RequestOptions = {}): AsyncGenerator<Page<SsShipment>> {
    const to = window.to ?? new Date(this.ctx.clock.now());
    yield* this.shipments(
      {
        voidDateStart: formatPacificFilter(window.from, 'lower'),
        voidDateEnd: formatPacificFilter(to, 'upper'),
      },
      opts,
    );
  }

  async *fulfillmentsCreated(
    window: DateWindow,
    opts: RequestOptions = {},
  ): AsyncGenerator<Page<SsFulfillment>> {
    const to = window.to ?? new Date(this.ctx.clock.now());
    // No sortBy: its accepted values for /fulfillments are undocumented (an invalid one would be a 400).
    const url = this.url('/fulfillments', {
      createDateStart: formatPacificFilter(window.from, 'lower'),
      createDateEnd: formatPacificFilter(to, 'upper'),
    });
    yield* this.pages(
      url,
      v1FulfillmentsPage,
      (b) => b.fulfillments.map(v1FulfillmentToSs),
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
    const collect = async <T>(pages: AsyncIterable<Page<T>>): Promise<T[]> => {
      const all: T[] = [];
      for await (const p of pages) all.push(...p.items);
      return all;
    };
    switch (kind) {
      case 'orders':
        return {
          kind,
          orders: await collect(
            this.pages(url, v1OrdersPage, (b) => b.orders.map(v1OrderToSs), 'orders resource', opts),
          ),
        };
      case 'shipments':
        setParamIgnoringCase(url, 'includeShipmentItems', 'True');
        return {
          kind,
          shipments: await collect(
            this.pages(
              url,
              v1ShipmentsPage,
              (b) => b.shipments.map(v1ShipmentToSs),
              'shipments resource',
              opts,
            ),
          ),
        };
      case 'fulfillments':
        return {
          kind,
          fulfillments: await collect(
            this.pages(
              url,
              v1FulfillmentsPage,
              (b) => b.fulfillments.map(v1FulfillmentToSs),
              'fulfillments resource',
              opts,
            ),
          ),
        };
    }
  }

  async listWebhooks(opts: RequestOptions = {}): Promise<SsWebhook[]> {
    const body = await this.get(this.url('/webhooks'), v1Webhooks, opts);
    const list = Array.isArray(body) ? body : body.webhooks;
    return list.map(v1WebhookToSs);
  }

  async subscribeWebhook(
    input: { targetUrl: string; event: WebhookEvent; storeId?: string; friendlyName?: string },
    opts: RequestOptions = {},
  ): Promise<{ id: string }> {
    const storeId =
      input.storeId === undefined
        ? undefined
        : /^\d+$/.test(input.storeId)
          ? Number(input.storeId)
          : input.storeId;
    const body = await this.ctx.http.request({
      method: 'POST',
      url: this.url('/webhooks/subscribe'),
      body: {
        target_url: input.targetUrl,
        event: input.event,
        ...(storeId === undefined ? {} : { store_id: storeId }),
        ...(input.friendlyName === undefined ? {} : { friendly_name: input.friendlyName }),
      },
      schema: v1SubscribeResponse,
      ...(opts.priority ? { priority: opts.priority } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { id: String(body.id) };
  }

  async unsubscribeWebhook(id: string, opts: RequestOptions = {}): Promise<void> {
    await this.ctx.http.request({
      method: 'DELETE',
      url: this.url(`/webhooks/${encodeURIComponent(id)}`),
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
