/**
 * Data model of the ShipStation simulator. One data set (stores, orders, label shipments,
 * fulfillments) seen through two faces: V1 (camelCase, Pacific time) and V2 (snake_case, UTC,
 * `se-` ids). Internal records keep UTC milliseconds and money in integer cents.
 */

export const ORDER_STATUSES = [
  'awaiting_payment',
  'awaiting_shipment',
  'pending_fulfillment',
  'shipped',
  'on_hold',
  'cancelled',
  'rejected_fulfillment',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Raised by the scripting API for illegal state changes (editing a shipped order, voiding twice, ...). */
export class SimStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimStateError';
  }
}

export interface SimAddress {
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
  residential: boolean | null;
  addressVerified: string | null;
}

/** A catalog entry used when generating order lines. */
export interface SimSkuSpec {
  sku: string;
  name?: string;
  /** dollars */
  unitPrice?: number;
  weightOz?: number;
}

export interface SimCustomerSpec {
  name: string;
  email: string;
  company?: string | null;
  phone?: string | null;
  address?: Partial<SimAddress>;
}

/** An explicit order line for createOrders / editOrder. */
export interface SimItemSpec {
  sku: string | null;
  name?: string;
  quantity: number;
  /** dollars; negative for discount lines */
  unitPrice: number;
  adjustment?: boolean;
  lineItemKey?: string | null;
  weightOz?: number;
}

// ---------------------------------------------------------------------------------------------
// internal records

export interface StoreRec {
  storeId: number;
  storeName: string;
  marketplaceId: number;
  marketplaceName: string;
  /** V2 order_source_code */
  orderSourceCode: string;
  accountName: string | null;
  email: string | null;
  integrationUrl: string | null;
  active: boolean;
  companyName: string;
  phone: string;
  publicEmail: string;
  website: string;
  refreshDate: number;
  lastRefreshAttempt: number;
  createDate: number;
  modifyDate: number;
  autoRefresh: boolean;
  numberStyle: 'sequential' | 'amazon' | 'ebay';
  nextSequential: number;
}

export interface ItemRec {
  orderItemId: number;
  lineItemKey: string | null;
  sku: string | null;
  name: string;
  imageUrl: string | null;
  weightOz: number;
  quantity: number;
  unitPriceCents: number;
  warehouseLocation: string | null;
  options: { name: string; value: string }[];
  productId: number | null;
  fulfillmentSku: string | null;
  adjustment: boolean;
  upc: string | null;
  createDate: number;
  modifyDate: number;
}

export interface OrderRec {
  orderId: number;
  orderNumber: string;
  orderKey: string;
  storeId: number;
  orderDate: number;
  createDate: number;
  modifyDate: number;
  paymentDate: number | null;
  shipByDate: number | null;
  status: OrderStatus;
  customerId: number | null;
  customerUsername: string | null;
  customerEmail: string | null;
  billTo: SimAddress;
  shipTo: SimAddress;
  items: ItemRec[];
  taxCents: number;
  shippingCents: number;
  amountPaidCents: number;
  /**
   * What the customer paid when it is not the order total (part-paid, or part on a gift card the
   * marketplace does not count as payment); null: paid in full once payment is made.
   */
  paidOverrideCents: number | null;
  customerNotes: string | null;
  internalNotes: string | null;
  gift: boolean;
  giftMessage: string | null;
  paymentMethod: string | null;
  requestedShippingService: string | null;
  carrierCode: string | null;
  serviceCode: string | null;
  packageCode: string | null;
  confirmation: string;
  /** Pacific date `YYYY-MM-DD` */
  shipDate: string | null;
  /** Pacific date `YYYY-MM-DD` */
  holdUntilDate: string | null;
  dimensions: { length: number; width: number; height: number } | null;
  warehouseId: number;
  mergedOrSplit: boolean;
  mergedIds: number[];
  parentId: number | null;
  customField1: string | null;
  customField2: string | null;
  customField3: string | null;
  source: string | null;
  tagIds: number[] | null;
  userId: string | null;
  externallyFulfilled: boolean;
  externallyFulfilledBy: string | null;
  /** The import batch GUID (ORDER_NOTIFY resource_url filter). */
  importBatch: string;
}

export interface LabelRec {
  shipmentId: number;
  orderId: number;
  userId: string;
  createDate: number;
  modifiedAt: number;
  /** Pacific date `YYYY-MM-DD` */
  shipDate: string;
  shipmentCostCents: number;
  insuranceCostCents: number;
  trackingNumber: string;
  isReturnLabel: boolean;
  /**
   * V2 `label_status` (spec 8367) apart from voided: `processing` while a batch is being created,
   * `error` when it could not be created. V1 lists only created labels.
   */
  labelStatus: 'processing' | 'completed' | 'error';
  batchId: number;
  carrierCode: string;
  serviceCode: string;
  packageCode: string;
  confirmation: string;
  warehouseId: number;
  voided: boolean;
  voidDate: number | null;
  marketplaceNotified: boolean;
  notifyErrorMessage: string | null;
  weightOz: number;
  items: { orderItemId: number; quantity: number }[];
}

export interface FulfillmentRec {
  fulfillmentId: number;
  orderId: number;
  userId: string;
  createDate: number;
  modifiedAt: number;
  /** Pacific date `YYYY-MM-DD` */
  shipDate: string;
  /** When it shipped, to the second (V2's ship_date carries it); null: the day only. */
  shippedAt: number | null;
  trackingNumber: string;
  carrierCode: string | null;
  fulfillmentProviderCode: string | null;
  fulfillmentServiceCode: string | null;
  fulfillmentFeeCents: number;
  voidRequested: boolean;
  voided: boolean;
  voidDate: number | null;
  deliveryDate: number | null;
  marketplaceNotified: boolean;
  notifyErrorMessage: string | null;
}

export interface LabelBatchRec {
  batchId: number;
  storeId: number;
  createdAt: number;
  shipmentIds: number[];
}

// ---------------------------------------------------------------------------------------------
// public snapshots (ground truth for tests): UTC ISO strings and dollars

export interface SimOrderItem {
  orderItemId: number;
  lineItemKey: string | null;
  sku: string | null;
  name: string;
  quantity: number;
  unitPrice: number;
  adjustment: boolean;
}

export interface SimOrder {
  orderId: number;
  /** The same order seen through V2: `se-<orderId>` */
  v2ShipmentId: string;
  orderNumber: string;
  orderKey: string;
  storeId: number;
  orderStatus: OrderStatus;
  /** UTC ISO-8601 */
  orderDate: string;
  createDate: string;
  modifyDate: string;
  paymentDate: string | null;
  customerId: number | null;
  customerEmail: string | null;
  customerName: string | null;
  company: string | null;
  shipTo: SimAddress;
  items: SimOrderItem[];
  /** Sum of quantity × unitPrice over all lines, discount lines included. */
  subtotal: number;
  taxAmount: number;
  shippingAmount: number;
  orderTotal: number;
  amountPaid: number;
  paymentMethod: string | null;
  /** Pacific date */
  shipDate: string | null;
  holdUntilDate: string | null;
  mergedOrSplit: boolean;
  parentId: number | null;
  importBatch: string;
}

export interface SimShipment {
  shipmentId: number;
  /** `se-<shipmentId>` in /v2/labels */
  v2LabelId: string;
  orderId: number;
  orderNumber: string;
  storeId: number;
  createDate: string;
  /** Pacific date */
  shipDate: string;
  trackingNumber: string;
  carrierCode: string;
  serviceCode: string;
  shipmentCost: number;
  voided: boolean;
  voidDate: string | null;
  batchId: number;
  items: { orderItemId: number; sku: string | null; quantity: number }[];
  labelStatus: 'processing' | 'completed' | 'error';
  isReturnLabel: boolean;
}

export interface SimFulfillment {
  fulfillmentId: number;
  /** `se-<fulfillmentId>` in /v2/fulfillments */
  v2FulfillmentId: string;
  orderId: number;
  orderNumber: string;
  storeId: number;
  createDate: string;
  /** Pacific date */
  shipDate: string;
  trackingNumber: string;
  carrierCode: string | null;
  fulfillmentProviderCode: string | null;
  voided: boolean;
}

export interface SimStore {
  storeId: number;
  /** `se-<storeId>` */
  v2StoreId: string;
  storeName: string;
  marketplaceId: number;
  marketplaceName: string;
  active: boolean;
}

/** Things that happened, for webhook delivery. */
export type SimEvent =
  | {
      kind: 'orders_imported';
      storeId: number;
      importBatch: string;
      orderIds: number[];
      from: number;
      to: number;
    }
  | { kind: 'labels_created'; storeId: number; batchId: number; shipmentIds: number[] }
  | { kind: 'fulfillment_shipped'; storeId: number; fulfillmentId: number; byProvider: boolean };

export function cents(dollars: number): number {
  return Math.round(dollars * 100);
}

export function dollars(c: number): number {
  return Math.round(c) / 100;
}
