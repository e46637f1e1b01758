/**
 * The V2 face (api.shipstation.com/v2): the same orders as V1, seen as ShipEngine-style
 * "shipments" (snake_case, `se-` ids, UTC ISO-8601, `links.next.href` paging).
 *
 * Identity mapping (one data set, two faces):
 *   V2 shipment_id  = `se-<V1 orderId>`      shipment_number = orderNumber
 *   V2 label_id     = `se-<V1 shipmentId>`   (label shipments only)
 *   V2 fulfillment  = `se-<V1 fulfillmentId>`
 *   V2 store_id     = `se-<V1 storeId>`
 */

import { randomUUID } from 'node:crypto';
import { WAREHOUSE_ADDRESS, WAREHOUSE_ID } from './catalog.js';
import {
  dollars,
  type FulfillmentRec,
  type ItemRec,
  type LabelRec,
  type OrderRec,
  type SimAddress,
} from './model.js';
import { formatIsoUtc, parseIsoDateTime } from './pacific.js';
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
import type { ShipStationState } from './state.js';
import { V2_EVENTS, type V2Subscription, type WebhookHub } from './webhooks.js';

export const V2_DEFAULT_PAGE_SIZE = 25;
export const V2_MAX_PAGE_SIZE = 500;

const CARRIER_IDS: Record<string, string> = {
  stamps_com: 'se-100001',
  ups: 'se-100002',
  fedex: 'se-100003',
};

// ---------------------------------------------------------------------------------------------
// errors

interface V2ErrorItem {
  error_type: 'account_status' | 'business_rules' | 'validation' | 'security' | 'system' | 'integrations';
  error_code: string;
  message: string;
  field_name?: string;
}

export function v2ErrorBody(errors: V2ErrorItem[]): Record<string, unknown> {
  return { request_id: randomUUID(), errors: errors.map((e) => ({ error_source: 'ShipStation', ...e })) };
}

export function v2Error(status: number, e: V2ErrorItem, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, v2ErrorBody([e]), headers);
}

export function v2BadRequest(e: BadParam): Reply {
  return v2Error(400, {
    error_type: 'validation',
    error_code: 'invalid_field_value',
    message: e.message,
    field_name: e.param,
  });
}

function notFound(what: string, id: string): Reply {
  return v2Error(404, {
    error_type: 'validation',
    error_code: 'invalid_identifier',
    message: `${what} '${id}' was not found.`,
  });
}

// ---------------------------------------------------------------------------------------------
// rendering

function money(c: number): { currency: string; amount: number } {
  return { currency: 'usd', amount: dollars(c) };
}

function residential(r: boolean | null): 'yes' | 'no' | 'unknown' {
  return r === null ? 'unknown' : r ? 'yes' : 'no';
}

function addressV2(a: SimAddress, email: string | null = null): Record<string, unknown> {
  return {
    name: a.name,
    phone: a.phone || '555-0100',
    email,
    company_name: a.company || null,
    address_line1: a.street1,
    address_line2: a.street2 || null,
    address_line3: a.street3 || null,
    city_locality: a.city,
    state_province: a.state,
    postal_code: a.postalCode,
    country_code: a.country,
    address_residential_indicator: residential(a.residential),
    instructions: null,
  };
}

function itemV2(
  o: OrderRec,
  i: ItemRec,
  sourceCode: string | null,
  quantity = i.quantity,
): Record<string, unknown> {
  return {
    name: i.name,
    sales_order_id: null,
    sales_order_item_id: null,
    quantity,
    sku: i.sku,
    bundle_sku: null,
    external_order_id: o.orderKey,
    external_order_item_id: i.lineItemKey,
    asin: null,
    ...(sourceCode ? { order_source_code: sourceCode } : {}),
    item_id: String(i.orderItemId),
    allocation_status: null,
    image_url: i.imageUrl,
    weight: { value: i.weightOz, unit: 'ounce' },
    unit_price: dollars(i.unitPriceCents),
    tax_amount: null,
    shipping_amount: null,
    inventory_location: i.warehouseLocation,
    options: i.options,
    product_id: i.productId === null ? null : String(i.productId),
    fullfilment_sku: i.fulfillmentSku,
    upc: i.upc,
  };
}

export function v2ShipmentStatus(o: OrderRec): 'pending' | 'processing' | 'label_purchased' | 'cancelled' {
  switch (o.status) {
    case 'shipped':
      return 'label_purchased';
    case 'cancelled':
    case 'rejected_fulfillment':
      return 'cancelled';
    case 'pending_fulfillment':
      return 'processing';
    default:
      return 'pending';
  }
}

function dateOnlyIso(d: string | null): string | null {
  return d === null ? null : `${d}T00:00:00Z`;
}

/** The simulator's store kinds as the spec's `order_source_name` values (8443). */
function toV2Source(code: string | undefined): string | null {
  switch (code) {
    case 'amazon':
      return 'amazon_us';
    case 'shopify':
    case 'ebay':
    case 'etsy':
    case 'walmart':
      return code;
    default:
      return null;
  }
}

export function renderShipmentV2(state: ShipStationState, o: OrderRec): Record<string, unknown> {
  const store = state.stores.find((s) => s.storeId === o.storeId);
  // `order_source_name` (spec 8443) lists no manual store: a manual order has no source code.
  const source = toV2Source(store?.orderSourceCode);
  const weightOz = o.items.reduce((s, i) => s + i.weightOz * i.quantity, 0);
  const live = state.liveLabels(o.orderId);
  const international = o.shipTo.country !== null && o.shipTo.country !== 'US';
  return {
    shipment_id: `se-${o.orderId}`,
    carrier_id: o.carrierCode ? (CARRIER_IDS[o.carrierCode] ?? null) : null,
    service_code: o.serviceCode,
    requested_shipment_service: o.requestedShippingService,
    shipping_rule_id: null,
    external_order_id: o.orderKey,
    hold_until_date: dateOnlyIso(o.holdUntilDate),
    ship_by_date: o.shipByDate === null ? null : formatIsoUtc(o.shipByDate),
    retail_rate: null,
    store_id: `se-${o.storeId}`,
    // V2 items have no adjustment flag (and unit_price ≥ 0): discount lines are not listed; they
    // only show as amount_paid below items + tax + shipping.
    items: o.items.filter((i) => !i.adjustment).map((i) => itemV2(o, i, source)),
    notes_from_buyer: o.customerNotes,
    notes_for_gift: o.giftMessage,
    is_gift: o.gift,
    assigned_user: null,
    amount_paid: money(o.amountPaidCents),
    shipping_paid: money(o.shippingCents),
    tax_paid: money(o.taxCents),
    zone: null,
    display_scheme: null,
    tax_identifiers: null,
    external_shipment_id: o.orderKey,
    shipment_number: o.orderNumber,
    ship_date: dateOnlyIso(live[0]?.shipDate ?? o.shipDate),
    created_at: formatIsoUtc(o.createDate),
    modified_at: formatIsoUtc(o.modifyDate),
    shipment_status: v2ShipmentStatus(o),
    ship_to: addressV2(o.shipTo, o.customerEmail),
    ship_from: addressV2(WAREHOUSE_ADDRESS),
    warehouse_id: `se-${WAREHOUSE_ID}`,
    return_to: addressV2(WAREHOUSE_ADDRESS),
    is_return: false,
    confirmation: 'none',
    customs: international
      ? {
          contents: 'merchandise',
          non_delivery: 'return_to_sender',
          customs_items: o.items
            .filter((i) => !i.adjustment)
            .map((i) => ({
              description: i.name,
              quantity: i.quantity,
              // customs_item (spec): an id of its own and a value in the currency's units.
              customs_item_id: `se-ci-${i.orderItemId}`,
              value: i.unitPriceCents / 100,
              harmonized_tariff_code: null,
              country_of_origin: 'US',
              sku: i.sku,
            })),
        }
      : null,
    advanced_options: {
      bill_to_account: null,
      bill_to_country_code: null,
      bill_to_party: null,
      bill_to_postal_code: null,
      contains_alcohol: false,
      delivered_duty_paid: false,
      non_machinable: false,
      saturday_delivery: false,
      custom_field1: o.customField1,
      custom_field2: o.customField2,
      custom_field3: o.customField3,
    },
    insurance_provider: 'none',
    tags: [],
    ...(source ? { order_source_code: source } : {}),
    packages: [
      {
        package_code: 'package',
        weight: { value: weightOz, unit: 'ounce' },
        dimensions: { unit: 'inch', length: 0, width: 0, height: 0 },
        insured_value: money(0),
        label_messages: { reference1: null, reference2: null, reference3: null },
        content_description: null,
      },
    ],
    total_weight: { value: weightOz, unit: 'ounce' },
    comparison_rate_type: null,
  };
}

export function renderLabelV2(
  state: ShipStationState,
  l: LabelRec,
  baseUrl: string,
): Record<string, unknown> {
  const o = state.order(l.orderId);
  const dl = `${baseUrl}/v2/downloads/10/sim/label-${l.shipmentId}`;
  return {
    label_id: `se-${l.shipmentId}`,
    status: l.voided ? 'voided' : l.labelStatus,
    shipment_id: `se-${l.orderId}`,
    external_shipment_id: o.orderKey,
    external_order_id: o.orderKey,
    ship_date: `${l.shipDate}T00:00:00Z`,
    created_at: formatIsoUtc(l.createDate),
    shipment_cost: money(l.shipmentCostCents),
    insurance_cost: money(l.insuranceCostCents),
    tracking_number: l.trackingNumber,
    is_return_label: l.isReturnLabel,
    rma_number: null,
    is_international: o.shipTo.country !== null && o.shipTo.country !== 'US',
    batch_id: `se-${l.batchId}`,
    carrier_id: CARRIER_IDS[l.carrierCode] ?? null,
    charge_event: 'carrier_default',
    service_code: l.serviceCode,
    package_code: l.packageCode,
    voided: l.voided,
    voided_at: l.voidDate === null ? null : formatIsoUtc(l.voidDate),
    label_format: 'pdf',
    display_scheme: 'label',
    label_layout: '4x6',
    trackable: true,
    label_image_id: null,
    carrier_code: l.carrierCode,
    confirmation: l.confirmation,
    tracking_status: 'in_transit',
    label_download: { href: `${dl}.pdf`, pdf: `${dl}.pdf`, png: `${dl}.png`, zpl: `${dl}.zpl` },
    form_download: null,
    qr_code_download: null,
    paperless_download: null,
    insurance_claim: null,
    packages: [
      {
        package_id: l.shipmentId,
        package_code: l.packageCode,
        weight: { value: l.weightOz, unit: 'ounce' },
        dimensions: { unit: 'inch', length: 0, width: 0, height: 0 },
        insured_value: money(0),
        tracking_number: l.trackingNumber,
        label_messages: { reference1: null, reference2: null, reference3: null },
        content_description: null,
        sequence: 1,
        alternative_identifiers: null,
      },
    ],
    alternative_identifiers: null,
    rate_details: [],
    tracking_url: null,
    ship_to: addressV2(o.shipTo, o.customerEmail),
  };
}

export function renderFulfillmentV2(state: ShipStationState, f: FulfillmentRec): Record<string, unknown> {
  const o = state.order(f.orderId);
  return {
    fulfillment_id: `se-${f.fulfillmentId}`,
    shipment_id: `se-${f.orderId}`,
    shipment_number: o.orderNumber,
    user_id: f.userId,
    tracking_number: f.trackingNumber,
    created_at: formatIsoUtc(f.createDate),
    ship_date: f.shippedAt !== null ? formatIsoUtc(f.shippedAt) : `${f.shipDate}T00:00:00Z`,
    voided: f.voided,
    voided_at: f.voidDate === null ? null : formatIsoUtc(f.voidDate),
    delivered_at: f.deliveryDate === null ? null : formatIsoUtc(f.deliveryDate),
    carrier_code: f.carrierCode,
    fulfillment_provider_code: f.fulfillmentProviderCode,
    fulfillment_service_code: f.fulfillmentServiceCode,
    fulfillment_fee: money(f.fulfillmentFeeCents),
    void_requested: f.voidRequested,
    order_source_notified: f.marketplaceNotified,
    notify_error_message: f.notifyErrorMessage,
    store_id: `se-${o.storeId}`,
    ship_to: addressV2(o.shipTo, o.customerEmail),
  };
}

function renderWebhookV2(s: V2Subscription): Record<string, unknown> {
  return {
    webhook_id: s.webhookId,
    url: s.url,
    event: s.event,
    headers: s.headers,
    ...(s.name !== null ? { name: s.name } : {}),
    ...(s.storeId !== null ? { store_id: s.storeId } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// query parsing (V2 names are exact snake_case)

function str(ctx: ReqCtx, name: string): string | undefined {
  const v = ctx.query.get(name);
  return v === null || v === '' ? undefined : v;
}

function isoDate(ctx: ReqCtx, name: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  const t = parseIsoDateTime(v);
  if (t === null) {
    throw new BadParam(
      name,
      v,
      `${name} must be an ISO-8601 date-time with a zone, e.g. 2025-03-12T19:24:13.657Z.`,
    );
  }
  return t;
}

/** `se-123` → 123 (a bare number is accepted too); anything else is a 400. */
function seId(ctx: ReqCtx, name: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  const m = /^(?:se-)?(\d{1,12})$/.exec(v.trim());
  if (!m) throw new BadParam(name, v, `${name} must be an id like se-123.`);
  return Number(m[1]);
}

function oneOf<T extends string>(ctx: ReqCtx, name: string, allowed: readonly T[]): T | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new BadParam(name, v, `${name} must be one of ${allowed.join(', ')}.`);
  }
  return v as T;
}

function paging(ctx: ReqCtx): { page: number; pageSize: number } {
  const p = str(ctx, 'page');
  const s = str(ctx, 'page_size');
  const page = p === undefined ? 1 : Number(p);
  const pageSize = s === undefined ? V2_DEFAULT_PAGE_SIZE : Number(s);
  if (!Number.isInteger(page) || page < 1)
    throw new BadParam('page', p ?? '', 'page must be an integer ≥ 1.');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > V2_MAX_PAGE_SIZE) {
    throw new BadParam('page_size', s ?? '', `page_size must be an integer from 1 to ${V2_MAX_PAGE_SIZE}.`);
  }
  return { page, pageSize };
}

function within(t: number | null, start: number | undefined, end: number | undefined): boolean {
  if (start === undefined && end === undefined) return true;
  if (t === null) return false;
  return (start === undefined || t >= start) && (end === undefined || t <= end);
}

function links(ctx: ReqCtx, page: number, pages: number): Record<string, { href?: string }> {
  const href = (n: number): string => {
    const u = new URL(ctx.path, ctx.baseUrl);
    for (const [k, v] of ctx.query) if (k !== 'page') u.searchParams.append(k, v);
    u.searchParams.set('page', String(n));
    return u.href;
  };
  return {
    first: { href: href(1) },
    last: { href: href(Math.max(1, pages)) },
    prev: page > 1 ? { href: href(Math.min(page - 1, Math.max(1, pages))) } : {},
    next: page < pages ? { href: href(page + 1) } : {},
  };
}

function sortDir(ctx: ReqCtx): 1 | -1 {
  return (oneOf(ctx, 'sort_dir', ['asc', 'desc'] as const) ?? 'desc') === 'asc' ? 1 : -1;
}

// ---------------------------------------------------------------------------------------------
// handlers

const SHIPMENT_STATUSES = ['pending', 'processing', 'label_purchased', 'cancelled'] as const;

function listShipments(state: ShipStationState, ctx: ReqCtx): Reply {
  const status = oneOf(ctx, 'shipment_status', SHIPMENT_STATUSES);
  const createdStart = isoDate(ctx, 'created_at_start');
  const createdEnd = isoDate(ctx, 'created_at_end');
  const modStart = isoDate(ctx, 'modified_at_start');
  const modEnd = isoDate(ctx, 'modified_at_end');
  const payStart = isoDate(ctx, 'payment_date_start');
  const payEnd = isoDate(ctx, 'payment_date_end');
  const storeId = seId(ctx, 'store_id');
  const batchId = seId(ctx, 'batch_id');
  const number = str(ctx, 'shipment_number');
  const shipToName = str(ctx, 'ship_to_name');
  const keyword = str(ctx, 'item_keyword');
  const externalId = str(ctx, 'external_shipment_id');
  const sortBy = oneOf(ctx, 'sort_by', ['modified_at', 'created_at'] as const) ?? 'created_at';
  const dir = sortDir(ctx);
  const { page, pageSize } = paging(ctx);
  const inBatch =
    batchId === undefined
      ? undefined
      : new Set(state.labelBatches.get(batchId)?.shipmentIds.map((id) => state.labels.get(id)?.orderId));
  const matches = [...state.orders.values()].filter(
    (o) =>
      (status === undefined || v2ShipmentStatus(o) === status) &&
      within(o.createDate, createdStart, createdEnd) &&
      within(o.modifyDate, modStart, modEnd) &&
      within(o.paymentDate, payStart, payEnd) &&
      (storeId === undefined || o.storeId === storeId) &&
      (inBatch === undefined || inBatch.has(o.orderId)) &&
      (number === undefined || startsWithCi(o.orderNumber, number)) &&
      (shipToName === undefined || containsCi(o.shipTo.name, shipToName)) &&
      (externalId === undefined || o.orderKey === externalId) &&
      (keyword === undefined ||
        o.items.some((i) => containsCi(i.sku, keyword) || containsCi(i.name, keyword))),
  );
  const key = sortBy === 'modified_at' ? (o: OrderRec) => o.modifyDate : (o: OrderRec) => o.createDate;
  matches.sort((a, b) => (key(a) - key(b) || a.orderId - b.orderId) * dir);
  const p = paginate(matches, page, pageSize);
  return jsonReply(200, {
    shipments: p.items.map((o) => renderShipmentV2(state, o)),
    total: p.total,
    page: p.page,
    pages: Math.max(1, p.pages),
    links: links(ctx, p.page, p.pages),
  });
}

const LABEL_STATUSES = ['processing', 'completed', 'error', 'voided'] as const;

function listLabels(state: ShipStationState, ctx: ReqCtx): Reply {
  const status = oneOf(ctx, 'label_status', LABEL_STATUSES);
  const serviceCode = str(ctx, 'service_code');
  const carrierId = str(ctx, 'carrier_id');
  const tracking = str(ctx, 'tracking_number');
  const batchId = seId(ctx, 'batch_id');
  const shipmentId = seId(ctx, 'shipment_id');
  const warehouseId = seId(ctx, 'warehouse_id');
  const createdStart = isoDate(ctx, 'created_at_start');
  const createdEnd = isoDate(ctx, 'created_at_end');
  const sortBy = oneOf(ctx, 'sort_by', ['modified_at', 'created_at'] as const) ?? 'created_at';
  const dir = sortDir(ctx);
  const { page, pageSize } = paging(ctx);
  const matches = [...state.labels.values()].filter(
    (l) =>
      (status === undefined || (l.voided ? 'voided' : l.labelStatus) === status) &&
      (serviceCode === undefined || l.serviceCode === serviceCode) &&
      (carrierId === undefined || CARRIER_IDS[l.carrierCode] === carrierId) &&
      (tracking === undefined || l.trackingNumber === tracking) &&
      (batchId === undefined || l.batchId === batchId) &&
      (shipmentId === undefined || l.orderId === shipmentId) &&
      (warehouseId === undefined || l.warehouseId === warehouseId) &&
      within(l.createDate, createdStart, createdEnd),
  );
  const key = sortBy === 'modified_at' ? (l: LabelRec) => l.modifiedAt : (l: LabelRec) => l.createDate;
  matches.sort((a, b) => (key(a) - key(b) || a.shipmentId - b.shipmentId) * dir);
  const p = paginate(matches, page, pageSize);
  return jsonReply(200, {
    labels: p.items.map((l) => renderLabelV2(state, l, ctx.baseUrl)),
    total: p.total,
    page: p.page,
    pages: Math.max(1, p.pages),
    links: links(ctx, p.page, p.pages),
  });
}

function listFulfillments(state: ShipStationState, ctx: ReqCtx): Reply {
  const shipToName = str(ctx, 'ship_to_name');
  const country = str(ctx, 'ship_to_country_code');
  const number = str(ctx, 'shipment_number');
  const shipmentId = seId(ctx, 'shipment_id');
  const fulfillmentId = seId(ctx, 'fulfillment_id');
  const storeId = seId(ctx, 'order_source_id');
  const provider = str(ctx, 'fulfillment_provider_code');
  const tracking = str(ctx, 'tracking_number');
  const shipStart = isoDate(ctx, 'ship_date_start');
  const shipEnd = isoDate(ctx, 'ship_date_end');
  const createStart = isoDate(ctx, 'create_date_start');
  const createEnd = isoDate(ctx, 'create_date_end');
  const sortBy = oneOf(ctx, 'sort_by', ['created_at', 'modified_at', 'shipped_at'] as const) ?? 'created_at';
  const dir = sortDir(ctx);
  const { page, pageSize } = paging(ctx);
  const matches = [...state.fulfillments.values()].filter((f) => {
    const o = state.order(f.orderId);
    return (
      (shipToName === undefined || containsCi(o.shipTo.name, shipToName)) &&
      (country === undefined || (o.shipTo.country ?? '').toUpperCase() === country.toUpperCase()) &&
      (number === undefined || startsWithCi(o.orderNumber, number)) &&
      (shipmentId === undefined || f.orderId === shipmentId) &&
      (fulfillmentId === undefined || f.fulfillmentId === fulfillmentId) &&
      (storeId === undefined || o.storeId === storeId) &&
      (provider === undefined || f.fulfillmentProviderCode === provider) &&
      (tracking === undefined || f.trackingNumber === tracking) &&
      within(Date.parse(`${f.shipDate}T00:00:00Z`), shipStart, shipEnd) &&
      within(f.createDate, createStart, createEnd)
    );
  });
  const key =
    sortBy === 'modified_at'
      ? (f: FulfillmentRec) => f.modifiedAt
      : sortBy === 'shipped_at'
        ? (f: FulfillmentRec) => Date.parse(`${f.shipDate}T00:00:00Z`)
        : (f: FulfillmentRec) => f.createDate;
  matches.sort((a, b) => (key(a) - key(b) || a.fulfillmentId - b.fulfillmentId) * dir);
  const p = paginate(matches, page, pageSize);
  return jsonReply(200, {
    fulfillments: p.items.map((f) => renderFulfillmentV2(state, f)),
    total: p.total,
    page: p.page,
    pages: Math.max(1, p.pages),
    links: links(ctx, p.page, p.pages),
  });
}

function getBatch(state: ShipStationState, ctx: ReqCtx, id: number): Reply {
  const b = state.labelBatches.get(id);
  if (!b) return notFound('batch', `se-${id}`);
  const base = ctx.baseUrl;
  return jsonReply(200, {
    label_layout: '4x6',
    label_format: 'pdf',
    batch_id: `se-${b.batchId}`,
    batch_number: String(b.batchId),
    external_batch_id: null,
    batch_notes: '',
    created_at: formatIsoUtc(b.createdAt),
    processed_at: formatIsoUtc(b.createdAt),
    errors: 0,
    process_errors: [],
    warnings: 0,
    completed: b.shipmentIds.length,
    forms: 0,
    count: b.shipmentIds.length,
    batch_shipments_url: { href: `${base}/v2/shipments?batch_id=se-${b.batchId}` },
    batch_labels_url: { href: `${base}/v2/labels?batch_id=se-${b.batchId}` },
    batch_errors_url: { href: `${base}/v2/batches/se-${b.batchId}/errors` },
    label_download: { href: `${base}/v2/downloads/10/sim/batch-${b.batchId}.pdf` },
    form_download: { href: `${base}/v2/downloads/10/sim/batch-${b.batchId}-forms.pdf` },
    paperless_download: null,
    status: 'completed',
  });
}

function parseBody(ctx: ReqCtx): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(ctx.body);
  } catch {
    throw new BadParam('body', '', 'The request body must be a JSON object.');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new BadParam('body', '', 'The request body must be a JSON object.');
  return v as Record<string, unknown>;
}

function parseHeaders(v: unknown): { key: string; value: string }[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new BadParam('headers', '', 'headers must be an array of {key, value}.');
  return v.map((h) => {
    const r = h as { key?: unknown; value?: unknown };
    if (typeof r?.key !== 'string' || typeof r?.value !== 'string') {
      throw new BadParam('headers', '', 'headers must be an array of {key, value}.');
    }
    return { key: r.key, value: r.value };
  });
}

function createWebhook(hooks: WebhookHub, ctx: ReqCtx): Reply {
  const b = parseBody(ctx);
  const url = b.url;
  if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url)) {
    throw new BadParam('url', String(url ?? ''), 'url is required and must be an http(s) URL.');
  }
  const event = typeof b.event === 'string' ? b.event.toLowerCase() : '';
  if (!(V2_EVENTS as readonly string[]).includes(event)) {
    throw new BadParam('event', String(b.event ?? ''), `event must be one of ${V2_EVENTS.join(', ')}.`);
  }
  let storeId: number | null = null;
  if (b.store_id !== undefined && b.store_id !== null) {
    const m = /^(?:se-)?(\d+)$/.exec(String(b.store_id));
    if (!m) throw new BadParam('store_id', String(b.store_id));
    storeId = Number(m[1]);
  }
  const sub = hooks.subscribeV2({
    url,
    event,
    headers: parseHeaders(b.headers),
    name: typeof b.name === 'string' ? b.name : null,
    storeId,
  });
  if (!sub) {
    return v2Error(409, {
      error_type: 'business_rules',
      error_code: 'webhook_event_type_conflict',
      message: `A webhook for event '${event}' already exists.`,
    });
  }
  return jsonReply(200, renderWebhookV2(sub));
}

function updateWebhook(hooks: WebhookHub, ctx: ReqCtx, id: string): Reply {
  const s = hooks.v2.get(id);
  if (!s) return notFound('webhook', id);
  const b = parseBody(ctx);
  if (b.url !== undefined) {
    if (typeof b.url !== 'string' || !/^https?:\/\/\S+$/i.test(b.url))
      throw new BadParam('url', String(b.url));
    s.url = b.url;
  }
  if (b.headers !== undefined) s.headers = parseHeaders(b.headers);
  return emptyReply(204);
}

export function v2Routes(state: ShipStationState, hooks: WebhookHub): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/v2\/shipments$/,
      template: '/v2/shipments',
      handler: (c) => listShipments(state, c),
    },
    {
      method: 'GET',
      pattern: /^\/v2\/shipments\/external_shipment_id\/([^/]+)$/,
      template: '/v2/shipments/external_shipment_id/{external_shipment_id}',
      handler: (_c, m) => {
        const key = m[1] ?? '';
        const o = [...state.orders.values()].find((x) => x.orderKey === key);
        return o ? jsonReply(200, renderShipmentV2(state, o)) : notFound('shipment', key);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v2\/shipments\/([^/]+)$/,
      template: '/v2/shipments/{shipment_id}',
      handler: (_c, m) => {
        const id = /^se-(\d+)$/.exec(m[1] ?? '');
        const o = id ? state.orders.get(Number(id[1])) : undefined;
        return o ? jsonReply(200, renderShipmentV2(state, o)) : notFound('shipment', m[1] ?? '');
      },
    },
    {
      method: 'GET',
      pattern: /^\/v2\/labels$/,
      template: '/v2/labels',
      handler: (c) => listLabels(state, c),
    },
    {
      method: 'GET',
      pattern: /^\/v2\/labels\/([^/]+)$/,
      template: '/v2/labels/{label_id}',
      handler: (c, m) => {
        const id = /^se-(\d+)$/.exec(m[1] ?? '');
        const l = id ? state.labels.get(Number(id[1])) : undefined;
        // The spec's 404 for a label is an empty body.
        return l ? jsonReply(200, renderLabelV2(state, l, c.baseUrl)) : emptyReply(404);
      },
    },
    {
      method: 'PUT',
      pattern: /^\/v2\/labels\/([^/]+)\/void$/,
      template: '/v2/labels/{label_id}/void',
      handler: (_c, m) => {
        const id = /^se-(\d+)$/.exec(m[1] ?? '');
        const l = id ? state.labels.get(Number(id[1])) : undefined;
        if (!l) return notFound('label', m[1] ?? '');
        if (l.voided) {
          return jsonReply(200, {
            approved: false,
            message: 'The label has already been voided.',
            reason_code: 'label_already_voided',
          });
        }
        state.voidShipment(l.shipmentId);
        return jsonReply(200, { approved: true, message: 'Request for refund submitted.' });
      },
    },
    {
      method: 'GET',
      pattern: /^\/v2\/fulfillments$/,
      template: '/v2/fulfillments',
      handler: (c) => listFulfillments(state, c),
    },
    {
      method: 'GET',
      pattern: /^\/v2\/batches\/([^/]+)$/,
      template: '/v2/batches/{batch_id}',
      handler: (c, m) => {
        const id = /^se-(\d+)$/.exec(m[1] ?? '');
        return id ? getBatch(state, c, Number(id[1])) : notFound('batch', m[1] ?? '');
      },
    },
    {
      method: 'GET',
      pattern: /^\/v2\/environment\/webhooks$/,
      template: '/v2/environment/webhooks',
      handler: () => jsonReply(200, [...hooks.v2.values()].map(renderWebhookV2)),
    },
    {
      method: 'POST',
      pattern: /^\/v2\/environment\/webhooks$/,
      template: '/v2/environment/webhooks',
      handler: (c) => createWebhook(hooks, c),
    },
    {
      method: 'GET',
      pattern: /^\/v2\/environment\/webhooks\/([^/]+)$/,
      template: '/v2/environment/webhooks/{webhook_id}',
      handler: (_c, m) => {
        const s = hooks.v2.get(m[1] ?? '');
        return s ? jsonReply(200, renderWebhookV2(s)) : notFound('webhook', m[1] ?? '');
      },
    },
    {
      method: 'PUT',
      pattern: /^\/v2\/environment\/webhooks\/([^/]+)$/,
      template: '/v2/environment/webhooks/{webhook_id}',
      handler: (c, m) => updateWebhook(hooks, c, m[1] ?? ''),
    },
    {
      method: 'DELETE',
      pattern: /^\/v2\/environment\/webhooks\/([^/]+)$/,
      template: '/v2/environment/webhooks/{webhook_id}',
      handler: (_c, m) => (hooks.v2.delete(m[1] ?? '') ? emptyReply(204) : notFound('webhook', m[1] ?? '')),
    },
  ];
}
