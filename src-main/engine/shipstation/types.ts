/**
 * ShipStation data as the sync sees it, whichever API version it came from. Timestamps are UTC
 * ISO-8601 strings (V1's Pacific-time values are converted at the edge, in the V1 client); money is
 * a number in the order's currency; ids are strings (V1 ids are integers, V2 ids look like se-123).
 */

export type ApiVersion = 'v1' | 'v2';

export interface SsStore {
  storeId: string;
  storeName: string;
  marketplaceName: string | null;
  active: boolean;
}

export type SsOrderStatus =
  | 'awaiting_payment'
  | 'awaiting_shipment'
  | 'pending_fulfillment'
  | 'shipped'
  | 'on_hold'
  | 'cancelled'
  | 'rejected_fulfillment';

export interface SsAddress {
  name: string | null;
  company: string | null;
  street1: string | null;
  street2: string | null;
  street3: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  phone: string | null;
}

export interface SsOrderItem {
  /** ShipStation's line id (V1 orderItemId) when known. */
  lineId: string | null;
  lineItemKey: string | null;
  sku: string | null;
  name: string;
  quantity: number;
  unitPrice: number;
  taxAmount: number;
  shippingAmount: number;
  /** V1 `adjustment: true`: a discount/adjustment line, not a product. */
  adjustment: boolean;
}

export interface SsOrder {
  /** ShipStation's own id: the identity of the record (orderNumber is not unique across stores). */
  orderId: string;
  orderNumber: string;
  orderKey: string | null;
  storeId: string | null;
  status: SsOrderStatus;
  orderDate: string | null;
  createDate: string | null;
  modifyDate: string;
  paymentDate: string | null;
  shipDate: string | null;
  customerEmail: string | null;
  customerUsername: string | null;
  billTo: SsAddress;
  shipTo: SsAddress;
  items: SsOrderItem[];
  orderTotal: number;
  amountPaid: number;
  /** False when the API gives no order total of its own (V2: orderTotal is amount_paid). */
  orderTotalKnown: boolean;
  /** How the store says it was paid (V1 `paymentMethod`, a free string, e.g. "Credit Card"); V2 has none. */
  paymentMethod: string | null;
  taxAmount: number;
  shippingAmount: number;
  currency: string | null;
  /** V1 advancedOptions.mergedOrSplit / parentId: a split creates child orders sharing the orderNumber. */
  parentOrderId: string | null;
  mergedOrSplit: boolean;
  /** Where the order came from when the API says so (V2 `order_source_code`, e.g. amazon). */
  sourceName?: string | null;
  /** The API's JSON as received, kept for the audit trail and later fields. */
  raw: unknown;
}

export interface SsShipmentItem {
  lineItemKey: string | null;
  sku: string | null;
  name: string | null;
  quantity: number;
  unitPrice: number | null;
}

/** A label made in ShipStation (V1 /shipments, V2 labels). */
export interface SsShipment {
  shipmentId: string;
  orderId: string | null;
  orderNumber: string | null;
  createDate: string;
  /** The calendar day the package ships, YYYY-MM-DD, as ShipStation states it. */
  shipDate: string | null;
  /** When ShipStation gives a time of day too (V2 date-times not at midnight UTC): the instant. */
  shippedAt?: string | null;
  trackingNumber: string | null;
  carrierCode: string | null;
  serviceCode: string | null;
  shipmentCost: number | null;
  voided: boolean;
  voidDate: string | null;
  /**
   * V2 `label_status` (spec 8367): only a `completed` label exists and ships; `processing` is still
   * being bought (it may complete later), `error` could not be created. V1 lists created labels only.
   */
  labelStatus: LabelStatus;
  /** V1 `isReturnLabel`, V2 `is_return_label`: goods coming back, not a sale; never posted. */
  isReturnLabel: boolean;
  items: SsShipmentItem[] | null;
  raw: unknown;
}

export type LabelStatus = 'processing' | 'completed' | 'error' | 'voided';

/** An order marked shipped outside ShipStation's labels (V1 /fulfillments). */
export interface SsFulfillment {
  fulfillmentId: string;
  orderId: string | null;
  orderNumber: string | null;
  createDate: string;
  shipDate: string | null;
  /** When ShipStation gives a time of day too (V2 date-times not at midnight UTC): the instant. */
  shippedAt?: string | null;
  trackingNumber: string | null;
  carrierCode: string | null;
  voided: boolean;
  voidDate: string | null;
  raw: unknown;
}

export type Priority = 'interactive' | 'background';

export interface RequestOptions {
  /** A user's click waits behind nothing; background polling yields to it. */
  priority?: Priority;
  signal?: AbortSignal;
}

export interface DateWindow {
  /** Inclusive lower bound, UTC. */
  from: Date;
  /** Exclusive-ish upper bound, UTC; omitted = now. */
  to?: Date;
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number | null;
  total: number | null;
}

export type WebhookEvent =
  'ORDER_NOTIFY' | 'ITEM_ORDER_NOTIFY' | 'SHIP_NOTIFY' | 'ITEM_SHIP_NOTIFY' | 'FULFILLMENT_SHIPPED';

export interface SsWebhook {
  id: string;
  event: string;
  url: string;
  storeId: string | null;
  name: string | null;
  active: boolean;
}

/** What a fetched webhook `resource_url` turned out to hold. */
export type SsResource =
  | { kind: 'orders'; orders: SsOrder[] }
  | { kind: 'shipments'; shipments: SsShipment[] }
  | { kind: 'fulfillments'; fulfillments: SsFulfillment[] };

/** Rate budget as last reported by ShipStation's headers, for the status page. */
export interface RateBudget {
  limit: number | null;
  remaining: number | null;
  resetAt: string | null;
  requestsLastMinute: number;
  throttled429: number;
}

/** One interface over V1 and V2: the sync never knows which it talks to. */
export interface ShipStationClient {
  readonly apiVersion: ApiVersion;
  /** A cheap authenticated call; throws ShipStationError with a clear message on failure. */
  testConnection(opts?: RequestOptions): Promise<{ ok: true; stores: number }>;
  listStores(opts?: RequestOptions): Promise<SsStore[]>;
  /** Orders modified in the window, page by page (V1 pageSize=500, V2 follows links.next.href). */
  ordersModified(
    window: DateWindow,
    opts?: RequestOptions & { storeId?: string },
  ): AsyncIterable<Page<SsOrder>>;
  getOrder(orderId: string, opts?: RequestOptions): Promise<SsOrder | null>;
  /** Labels created in the window (with items). */
  shipmentsCreated(window: DateWindow, opts?: RequestOptions): AsyncIterable<Page<SsShipment>>;
  /** One label by id (V2 GET /v2/labels/{label_id}); V1 lists created labels only and has none. */
  getLabel?(shipmentId: string, opts?: RequestOptions): Promise<SsShipment | null>;
  /** Labels voided in the window. */
  shipmentsVoided(window: DateWindow, opts?: RequestOptions): AsyncIterable<Page<SsShipment>>;
  /** Orders marked shipped outside ShipStation, created in the window. */
  fulfillmentsCreated(window: DateWindow, opts?: RequestOptions): AsyncIterable<Page<SsFulfillment>>;
  /** GET a webhook's resource_url. Refuses (throws) any host that is not ShipStation's API or the configured base URL. */
  fetchResource(resourceUrl: string, resourceType: string, opts?: RequestOptions): Promise<SsResource>;
  listWebhooks(opts?: RequestOptions): Promise<SsWebhook[]>;
  subscribeWebhook(
    input: { targetUrl: string; event: WebhookEvent; storeId?: string; friendlyName?: string },
    opts?: RequestOptions,
  ): Promise<{ id: string }>;
  unsubscribeWebhook(id: string, opts?: RequestOptions): Promise<void>;
  rateBudget(): RateBudget;
  close(): Promise<void>;
}
