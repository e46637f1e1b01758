/**
 * The V1 face (ssapi.shipstation.com): camelCase resources, Pacific timestamps without offset,
 * `{orders,total,page,pages}` envelopes, ASP.NET-style errors.
 */

import {
  dollars,
  ORDER_STATUSES,
  type FulfillmentRec,
  type ItemRec,
  type LabelRec,
  type OrderRec,
} from './model.js';
import type { OrderStatus, StoreRec } from './model.js';
import { formatV1, formatV1Trimmed, pacificDate, parseV1Date, parseV1Wall } from './pacific.js';
import {
  BadParam,
  containsCi,
  emptyReply,
  jsonReply,
  paginate,
  startsWithCi,
  type ReqCtx,
  type Reply,
  type Route,
} from './http.js';
import { orderTotalCents, type ShipStationState } from './state.js';
import { V1_EVENTS, type V1Event, type WebhookHub } from './webhooks.js';

export const V1_DEFAULT_PAGE_SIZE = 100;
export const V1_MAX_PAGE_SIZE = 500;

// ---------------------------------------------------------------------------------------------
// rendering

function weight(oz: number): { value: number; units: string; WeightUnits: number } {
  return { value: oz, units: 'ounces', WeightUnits: 1 };
}

function renderItem(i: ItemRec): Record<string, unknown> {
  return {
    orderItemId: i.orderItemId,
    lineItemKey: i.lineItemKey,
    sku: i.sku,
    name: i.name,
    imageUrl: i.imageUrl,
    weight: weight(i.weightOz),
    quantity: i.quantity,
    unitPrice: dollars(i.unitPriceCents),
    taxAmount: null,
    shippingAmount: null,
    warehouseLocation: i.warehouseLocation,
    options: i.options,
    productId: i.productId,
    fulfillmentSku: i.fulfillmentSku,
    adjustment: i.adjustment,
    upc: i.upc,
    createDate: formatV1Trimmed(i.createDate),
    modifyDate: formatV1Trimmed(i.modifyDate),
  };
}

function orderWeightOz(o: OrderRec): number {
  return o.items.reduce((s, i) => s + i.weightOz * i.quantity, 0);
}

export function renderOrderV1(o: OrderRec): Record<string, unknown> {
  const international = o.shipTo.country !== null && o.shipTo.country !== 'US';
  return {
    orderId: o.orderId,
    orderNumber: o.orderNumber,
    orderKey: o.orderKey,
    orderDate: formatV1(o.orderDate),
    createDate: formatV1(o.createDate),
    modifyDate: formatV1(o.modifyDate),
    paymentDate: o.paymentDate === null ? null : formatV1(o.paymentDate),
    shipByDate: o.shipByDate === null ? null : `${pacificDate(o.shipByDate)}T00:00:00.0000000`,
    orderStatus: o.status,
    customerId: o.customerId,
    customerUsername: o.customerUsername,
    customerEmail: o.customerEmail,
    billTo: { ...o.billTo },
    shipTo: { ...o.shipTo },
    items: o.items.map(renderItem),
    orderTotal: dollars(orderTotalCents(o)),
    amountPaid: dollars(o.amountPaidCents),
    taxAmount: dollars(o.taxCents),
    shippingAmount: dollars(o.shippingCents),
    customerNotes: o.customerNotes,
    internalNotes: o.internalNotes,
    gift: o.gift,
    giftMessage: o.giftMessage,
    paymentMethod: o.paymentMethod,
    requestedShippingService: o.requestedShippingService,
    carrierCode: o.carrierCode,
    serviceCode: o.serviceCode,
    packageCode: o.packageCode,
    confirmation: o.confirmation,
    shipDate: o.shipDate,
    holdUntilDate: o.holdUntilDate,
    weight: weight(orderWeightOz(o)),
    dimensions: o.dimensions ? { units: 'inches', ...o.dimensions } : null,
    insuranceOptions: { provider: null, insureShipment: false, insuredValue: 0 },
    internationalOptions: international
      ? {
          contents: 'merchandise',
          customsItems: o.items
            .filter((i) => !i.adjustment)
            .map((i) => ({
              customsItemId: i.orderItemId + 7_000_000,
              description: i.name,
              quantity: i.quantity,
              value: dollars(i.unitPriceCents),
              harmonizedTariffCode: null,
              countryOfOrigin: 'US',
            })),
          nonDelivery: 'return_to_sender',
        }
      : { contents: null, customsItems: null, nonDelivery: null },
    advancedOptions: {
      warehouseId: o.warehouseId,
      nonMachinable: false,
      saturdayDelivery: false,
      containsAlcohol: false,
      mergedOrSplit: o.mergedOrSplit,
      mergedIds: [...o.mergedIds],
      parentId: o.parentId,
      storeId: o.storeId,
      customField1: o.customField1,
      customField2: o.customField2,
      customField3: o.customField3,
      source: o.source,
      billToParty: null,
      billToAccount: null,
      billToPostalCode: null,
      billToCountryCode: null,
      billToMyOtherAccount: null,
    },
    tagIds: o.tagIds,
    userId: o.userId,
    externallyFulfilled: o.externallyFulfilled,
    externallyFulfilledBy: o.externallyFulfilledBy,
    // As in the docs' GetOrder example (samples/v1-compwright-GetOrderResponse.json): the provider's id and name.
    externallyFulfilledById: o.externallyFulfilledBy ? 1000 + o.storeId : null,
    externallyFulfilledByName: o.externallyFulfilledBy,
    labelMessages: null,
  };
}

export function renderShipmentV1(
  state: ShipStationState,
  l: LabelRec,
  includeItems: boolean,
): Record<string, unknown> {
  const o = state.order(l.orderId);
  return {
    shipmentId: l.shipmentId,
    orderId: l.orderId,
    orderKey: o.orderKey,
    userId: l.userId,
    customerEmail: o.customerEmail,
    orderNumber: o.orderNumber,
    createDate: formatV1(l.createDate),
    shipDate: l.shipDate,
    shipmentCost: dollars(l.shipmentCostCents),
    insuranceCost: dollars(l.insuranceCostCents),
    trackingNumber: l.trackingNumber,
    isReturnLabel: l.isReturnLabel,
    batchNumber: String(l.batchId),
    carrierCode: l.carrierCode,
    serviceCode: l.serviceCode,
    packageCode: l.packageCode,
    confirmation: l.confirmation,
    warehouseId: l.warehouseId,
    voided: l.voided,
    voidDate: l.voidDate === null ? null : formatV1(l.voidDate),
    marketplaceNotified: l.marketplaceNotified,
    notifyErrorMessage: l.notifyErrorMessage,
    shipTo: { ...o.shipTo },
    weight: weight(l.weightOz),
    dimensions: null,
    insuranceOptions: { provider: null, insureShipment: false, insuredValue: 0 },
    advancedOptions: {
      billToParty: null,
      billToAccount: null,
      billToPostalCode: null,
      billToCountryCode: null,
      storeId: o.storeId,
    },
    shipmentItems: includeItems
      ? l.items.flatMap((it) => {
          const item = o.items.find((x) => x.orderItemId === it.orderItemId);
          return item ? [{ ...renderItem(item), quantity: it.quantity }] : [];
        })
      : null,
    labelData: null,
    formData: null,
  };
}

export function renderFulfillmentV1(state: ShipStationState, f: FulfillmentRec): Record<string, unknown> {
  const o = state.order(f.orderId);
  return {
    fulfillmentId: f.fulfillmentId,
    orderId: f.orderId,
    orderNumber: o.orderNumber,
    userId: f.userId,
    customerEmail: o.customerEmail,
    trackingNumber: f.trackingNumber,
    createDate: formatV1(f.createDate),
    shipDate: `${f.shipDate}T00:00:00.0000000`,
    voidDate: f.voidDate === null ? null : formatV1(f.voidDate),
    deliveryDate: f.deliveryDate === null ? null : formatV1(f.deliveryDate),
    carrierCode: f.carrierCode,
    fulfillmentProviderCode: f.fulfillmentProviderCode,
    fulfillmentServiceCode: f.fulfillmentServiceCode,
    fulfillmentFee: dollars(f.fulfillmentFeeCents),
    voidRequested: f.voidRequested,
    voided: f.voided,
    marketplaceNotified: f.marketplaceNotified,
    notifyErrorMessage: f.notifyErrorMessage,
    shipTo: { ...o.shipTo },
  };
}

export function renderStoreV1(s: StoreRec): Record<string, unknown> {
  return {
    storeId: s.storeId,
    storeName: s.storeName,
    marketplaceId: s.marketplaceId,
    marketplaceName: s.marketplaceName,
    accountName: s.accountName,
    email: s.email,
    integrationUrl: s.integrationUrl,
    active: s.active,
    companyName: s.companyName,
    phone: s.phone,
    publicEmail: s.publicEmail,
    website: s.website,
    refreshDate: formatV1Trimmed(s.refreshDate),
    lastRefreshAttempt: formatV1Trimmed(s.lastRefreshAttempt),
    createDate: formatV1Trimmed(s.createDate),
    modifyDate: formatV1Trimmed(s.modifyDate),
    autoRefresh: s.autoRefresh,
    statusMappings: null,
  };
}

// ---------------------------------------------------------------------------------------------
// errors

export function v1Error(status: number, message: string): Reply {
  return jsonReply(status, { Message: message });
}

export function v1BadRequest(e: BadParam): Reply {
  return jsonReply(400, { Message: 'The request is invalid.', ModelState: { [e.param]: [e.message] } });
}

export function v1NotFoundRoute(ctx: ReqCtx): Reply {
  return v1Error(404, `No HTTP resource was found that matches the request URI '${ctx.url.href}'.`);
}

// ---------------------------------------------------------------------------------------------
// query parsing (parameter names are case-insensitive, as ASP.NET binds them)

function str(ctx: ReqCtx, name: string): string | undefined {
  const v = ctx.ci.get(name.toLowerCase());
  return v === undefined || v === '' ? undefined : v;
}

function int(ctx: ReqCtx, name: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  if (!/^-?\d{1,10}$/.test(v.trim())) throw new BadParam(name, v);
  return Number(v.trim());
}

function bool(ctx: ReqCtx, name: string): boolean | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw new BadParam(name, v);
}

/** A Pacific wall-clock filter → UTC ms. */
function date(ctx: ReqCtx, name: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  const t = parseV1Date(v);
  if (t === null) throw new BadParam(name, v);
  return t;
}

/** A date-only filter → `YYYY-MM-DD` (time part, if any, ignored). */
function day(ctx: ReqCtx, name: string): string | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  const w = parseV1Wall(v);
  if (w === null) throw new BadParam(name, v);
  return new Date(w).toISOString().slice(0, 10);
}

function paging(ctx: ReqCtx): { page: number; pageSize: number } {
  const page = int(ctx, 'page') ?? 1;
  if (page < 1) throw new BadParam('page', String(page));
  const requested = int(ctx, 'pageSize') ?? V1_DEFAULT_PAGE_SIZE;
  if (requested < 1) throw new BadParam('pageSize', String(requested));
  // Larger pages are clamped silently to the documented maximum; `pages` reflects the clamp.
  return { page, pageSize: Math.min(requested, V1_MAX_PAGE_SIZE) };
}

function sortDir(ctx: ReqCtx): 1 | -1 {
  const v = str(ctx, 'sortDir');
  if (v === undefined) return 1;
  const t = v.toUpperCase();
  if (t === 'ASC') return 1;
  if (t === 'DESC') return -1;
  throw new BadParam('sortDir', v);
}

function sortKey<K extends string>(ctx: ReqCtx, allowed: Record<string, K>): K | undefined {
  const v = str(ctx, 'sortBy');
  if (v === undefined) return undefined;
  const k = allowed[v.toLowerCase()];
  if (k === undefined) throw new BadParam('sortBy', v);
  return k;
}

function within(t: number | null, start: number | undefined, end: number | undefined): boolean {
  if (start === undefined && end === undefined) return true;
  if (t === null) return false;
  return (start === undefined || t >= start) && (end === undefined || t <= end);
}

function withinDay(d: string | null, start: string | undefined, end: string | undefined): boolean {
  if (start === undefined && end === undefined) return true;
  if (d === null) return false;
  return (start === undefined || d >= start) && (end === undefined || d <= end);
}

function sorted<T>(list: T[], key: (x: T) => number, id: (x: T) => number, dir: 1 | -1): T[] {
  return list.sort((a, b) => (key(a) - key(b) || id(a) - id(b)) * dir);
}

// ---------------------------------------------------------------------------------------------
// handlers

function listOrders(state: ShipStationState, ctx: ReqCtx): Reply {
  const f = {
    customerName: str(ctx, 'customerName'),
    itemKeyword: str(ctx, 'itemKeyword'),
    createStart: date(ctx, 'createDateStart'),
    createEnd: date(ctx, 'createDateEnd'),
    modifyStart: date(ctx, 'modifyDateStart'),
    modifyEnd: date(ctx, 'modifyDateEnd'),
    orderStart: date(ctx, 'orderDateStart'),
    orderEnd: date(ctx, 'orderDateEnd'),
    payStart: date(ctx, 'paymentDateStart'),
    payEnd: date(ctx, 'paymentDateEnd'),
    orderNumber: str(ctx, 'orderNumber'),
    orderStatus: str(ctx, 'orderStatus'),
    storeId: int(ctx, 'storeId'),
    importBatch: str(ctx, 'importBatch'),
  };
  if (f.orderStatus !== undefined && !ORDER_STATUSES.includes(f.orderStatus as OrderStatus)) {
    throw new BadParam('orderStatus', f.orderStatus);
  }
  const by = sortKey(ctx, {
    orderdate: 'orderDate',
    modifydate: 'modifyDate',
    createdate: 'createDate',
  } as const);
  const dir = sortDir(ctx);
  const { page, pageSize } = paging(ctx);
  const matches = [...state.orders.values()].filter(
    (o) =>
      within(o.createDate, f.createStart, f.createEnd) &&
      within(o.modifyDate, f.modifyStart, f.modifyEnd) &&
      within(o.orderDate, f.orderStart, f.orderEnd) &&
      within(o.paymentDate, f.payStart, f.payEnd) &&
      (f.orderNumber === undefined || startsWithCi(o.orderNumber, f.orderNumber)) &&
      (f.orderStatus === undefined || o.status === f.orderStatus) &&
      (f.storeId === undefined || o.storeId === f.storeId) &&
      (f.importBatch === undefined || o.importBatch.toLowerCase() === f.importBatch.toLowerCase()) &&
      (f.customerName === undefined ||
        containsCi(o.shipTo.name, f.customerName) ||
        containsCi(o.billTo.name, f.customerName)) &&
      (f.itemKeyword === undefined ||
        o.items.some(
          (i) => containsCi(i.sku, f.itemKeyword as string) || containsCi(i.name, f.itemKeyword as string),
        )),
  );
  const list = by
    ? sorted(
        matches,
        (o) => o[by],
        (o) => o.orderId,
        dir,
      )
    : sorted(
        matches,
        (o) => o.orderId,
        (o) => o.orderId,
        dir,
      );
  const p = paginate(list, page, pageSize);
  return jsonReply(200, { orders: p.items.map(renderOrderV1), total: p.total, page: p.page, pages: p.pages });
}

function getOrder(state: ShipStationState, id: number): Reply {
  const o = state.orders.get(id);
  if (!o) return v1Error(404, `Order not found: ${id}`);
  return jsonReply(200, renderOrderV1(o));
}

function listShipments(state: ShipStationState, ctx: ReqCtx): Reply {
  const f = {
    recipientName: str(ctx, 'recipientName'),
    recipientCountryCode: str(ctx, 'recipientCountryCode'),
    orderNumber: str(ctx, 'orderNumber'),
    orderId: int(ctx, 'orderId'),
    carrierCode: str(ctx, 'carrierCode'),
    serviceCode: str(ctx, 'serviceCode'),
    trackingNumber: str(ctx, 'trackingNumber'),
    createStart: date(ctx, 'createDateStart'),
    createEnd: date(ctx, 'createDateEnd'),
    shipStart: day(ctx, 'shipDateStart'),
    shipEnd: day(ctx, 'shipDateEnd'),
    voidStart: date(ctx, 'voidDateStart'),
    voidEnd: date(ctx, 'voidDateEnd'),
    storeId: int(ctx, 'storeId'),
    batchId: int(ctx, 'batchId'),
    includeItems: bool(ctx, 'includeShipmentItems') ?? false,
  };
  const by = sortKey(ctx, { shipdate: 'shipDate', createdate: 'createDate' } as const);
  const dir = sortDir(ctx);
  const { page, pageSize } = paging(ctx);
  // V1 lists labels once created (it has no label status): not those still processing or failed.
  const matches = [...state.labels.values()].filter((l) => {
    const o = state.order(l.orderId);
    return (
      l.labelStatus === 'completed' &&
      within(l.createDate, f.createStart, f.createEnd) &&
      withinDay(l.shipDate, f.shipStart, f.shipEnd) &&
      within(l.voidDate, f.voidStart, f.voidEnd) &&
      (f.orderNumber === undefined || startsWithCi(o.orderNumber, f.orderNumber)) &&
      (f.orderId === undefined || l.orderId === f.orderId) &&
      (f.carrierCode === undefined || l.carrierCode.toLowerCase() === f.carrierCode.toLowerCase()) &&
      (f.serviceCode === undefined || l.serviceCode.toLowerCase() === f.serviceCode.toLowerCase()) &&
      (f.trackingNumber === undefined || l.trackingNumber === f.trackingNumber) &&
      (f.storeId === undefined || o.storeId === f.storeId) &&
      (f.batchId === undefined || l.batchId === f.batchId) &&
      (f.recipientName === undefined || containsCi(o.shipTo.name, f.recipientName)) &&
      (f.recipientCountryCode === undefined ||
        (o.shipTo.country ?? '').toUpperCase() === f.recipientCountryCode.toUpperCase())
    );
  });
  const list =
    by === 'shipDate'
      ? sorted(
          matches,
          (l) => Date.parse(l.shipDate),
          (l) => l.shipmentId,
          dir,
        )
      : sorted(
          matches,
          (l) => l.createDate,
          (l) => l.shipmentId,
          dir,
        );
  const p = paginate(list, page, pageSize);
  return jsonReply(200, {
    shipments: p.items.map((l) => renderShipmentV1(state, l, f.includeItems)),
    total: p.total,
    page: p.page,
    pages: p.pages,
  });
}

function listFulfillments(state: ShipStationState, ctx: ReqCtx): Reply {
  const f = {
    fulfillmentId: int(ctx, 'fulfillmentId'),
    orderId: int(ctx, 'orderId'),
    orderNumber: str(ctx, 'orderNumber'),
    trackingNumber: str(ctx, 'trackingNumber'),
    recipientName: str(ctx, 'recipientName'),
    createStart: date(ctx, 'createDateStart'),
    createEnd: date(ctx, 'createDateEnd'),
    shipStart: day(ctx, 'shipDateStart'),
    shipEnd: day(ctx, 'shipDateEnd'),
  };
  const by = sortKey(ctx, { shipdate: 'shipDate', createdate: 'createDate' } as const);
  const dir = sortDir(ctx);
  const { page, pageSize } = paging(ctx);
  const matches = [...state.fulfillments.values()].filter((x) => {
    const o = state.order(x.orderId);
    return (
      (f.fulfillmentId === undefined || x.fulfillmentId === f.fulfillmentId) &&
      (f.orderId === undefined || x.orderId === f.orderId) &&
      (f.orderNumber === undefined || startsWithCi(o.orderNumber, f.orderNumber)) &&
      (f.trackingNumber === undefined || x.trackingNumber === f.trackingNumber) &&
      (f.recipientName === undefined || containsCi(o.shipTo.name, f.recipientName)) &&
      within(x.createDate, f.createStart, f.createEnd) &&
      withinDay(x.shipDate, f.shipStart, f.shipEnd)
    );
  });
  const list =
    by === 'shipDate'
      ? sorted(
          matches,
          (x) => Date.parse(x.shipDate),
          (x) => x.fulfillmentId,
          dir,
        )
      : sorted(
          matches,
          (x) => x.createDate,
          (x) => x.fulfillmentId,
          dir,
        );
  const p = paginate(list, page, pageSize);
  return jsonReply(200, {
    fulfillments: p.items.map((x) => renderFulfillmentV1(state, x)),
    total: p.total,
    page: p.page,
    pages: p.pages,
  });
}

function listStores(state: ShipStationState, ctx: ReqCtx): Reply {
  const showInactive = bool(ctx, 'showInactive') ?? false;
  const marketplaceId = int(ctx, 'marketplaceId');
  return jsonReply(
    200,
    state.stores
      .filter(
        (s) =>
          (showInactive || s.active) && (marketplaceId === undefined || s.marketplaceId === marketplaceId),
      )
      .map(renderStoreV1),
  );
}

function parseJsonBody(ctx: ReqCtx): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(ctx.body);
  } catch {
    throw new BadParam('body', ctx.body.slice(0, 40), 'The request body is not valid JSON.');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new BadParam('body', '', 'A JSON object is required.');
  return v as Record<string, unknown>;
}

function subscribe(hooks: WebhookHub, ctx: ReqCtx): Reply {
  const b = parseJsonBody(ctx);
  const target = b.target_url;
  if (typeof target !== 'string' || !/^https?:\/\/[^\s]+$/i.test(target)) {
    throw new BadParam(
      'target_url',
      String(target ?? ''),
      'target_url is required and must be an http(s) URL.',
    );
  }
  const event = typeof b.event === 'string' ? b.event.toUpperCase() : '';
  if (!(V1_EVENTS as readonly string[]).includes(event)) {
    throw new BadParam('event', String(b.event ?? ''), `event must be one of ${V1_EVENTS.join(', ')}.`);
  }
  let storeId: number | null = null;
  if (b.store_id !== undefined && b.store_id !== null && b.store_id !== '') {
    storeId = Number(b.store_id);
    if (!Number.isInteger(storeId)) throw new BadParam('store_id', String(b.store_id));
  }
  const sub = hooks.subscribeV1({
    targetUrl: target,
    event: event as V1Event,
    storeId,
    friendlyName: typeof b.friendly_name === 'string' ? b.friendly_name : null,
  });
  return jsonReply(201, { id: sub.id });
}

function listWebhooks(hooks: WebhookHub): Reply {
  return jsonReply(200, {
    webhooks: [...hooks.v1.values()].map((s) => ({
      IsLabelAPIHook: false,
      WebHookID: s.id,
      SellerID: 100000,
      StoreID: s.storeId,
      HookType: s.event,
      MessageFormat: 'Json',
      Url: s.targetUrl,
      Name: s.friendlyName,
      BulkCopyBatchID: null,
      BulkCopyRecordID: null,
      Active: s.active,
      WebhookLogs: [],
      Seller: null,
      Store: null,
    })),
  });
}

function markAsShipped(state: ShipStationState, ctx: ReqCtx): Reply {
  const b = parseJsonBody(ctx);
  const orderId = Number(b.orderId);
  const o = Number.isInteger(orderId) ? state.orders.get(orderId) : undefined;
  if (!o)
    throw new BadParam(
      'orderId',
      String(b.orderId ?? ''),
      'orderId is required and must be an existing order.',
    );
  const shipDate = typeof b.shipDate === 'string' ? parseV1Wall(b.shipDate) : null;
  if (b.shipDate !== undefined && shipDate === null) throw new BadParam('shipDate', String(b.shipDate));
  if (o.status === 'shipped' || o.status === 'cancelled') {
    return v1Error(400, `Order ${orderId} is ${o.status} and cannot be marked as shipped.`);
  }
  state.markShippedExternally(orderId, {
    carrierCode: typeof b.carrierCode === 'string' ? b.carrierCode : null,
    trackingNumber: typeof b.trackingNumber === 'string' ? b.trackingNumber : '',
    ...(shipDate !== null ? { shipDate: new Date(shipDate).toISOString().slice(0, 10) } : {}),
  });
  return jsonReply(200, { orderId: o.orderId, orderNumber: o.orderNumber });
}

export function v1Routes(state: ShipStationState, hooks: WebhookHub): Route[] {
  return [
    { method: 'GET', pattern: /^\/stores$/, template: '/stores', handler: (c) => listStores(state, c) },
    {
      method: 'GET',
      pattern: /^\/stores\/(\d+)$/,
      template: '/stores/{storeId}',
      handler: (_c, m) => {
        const s = state.stores.find((x) => x.storeId === Number(m[1]));
        return s ? jsonReply(200, renderStoreV1(s)) : v1Error(404, `Store not found: ${m[1]}`);
      },
    },
    { method: 'GET', pattern: /^\/orders$/, template: '/orders', handler: (c) => listOrders(state, c) },
    {
      method: 'POST',
      pattern: /^\/orders\/markasshipped$/i,
      template: '/orders/markasshipped',
      handler: (c) => markAsShipped(state, c),
    },
    {
      method: 'GET',
      pattern: /^\/orders\/(\d+)$/,
      template: '/orders/{orderId}',
      handler: (_c, m) => getOrder(state, Number(m[1])),
    },
    {
      method: 'GET',
      pattern: /^\/shipments$/,
      template: '/shipments',
      handler: (c) => listShipments(state, c),
    },
    {
      method: 'GET',
      pattern: /^\/fulfillments$/,
      template: '/fulfillments',
      handler: (c) => listFulfillments(state, c),
    },
    { method: 'GET', pattern: /^\/webhooks$/, template: '/webhooks', handler: () => listWebhooks(hooks) },
    {
      method: 'POST',
      pattern: /^\/webhooks\/subscribe$/i,
      template: '/webhooks/subscribe',
      handler: (c) => subscribe(hooks, c),
    },
    {
      method: 'DELETE',
      pattern: /^\/webhooks\/(\d+)$/,
      template: '/webhooks/{webhookId}',
      handler: (_c, m) =>
        hooks.unsubscribeV1(Number(m[1])) ? emptyReply(200) : v1Error(404, `Webhook not found: ${m[1]}`),
    },
  ];
}
