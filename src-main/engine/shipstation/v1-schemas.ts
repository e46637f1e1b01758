/**
 * zod schemas for ShipStation V1 responses (ssapi.shipstation.com). Objects are loose: fields we do
 * not use pass through untouched (they end up in `raw` for the audit trail). What the sync relies on
 * is required and typed; everything else is nullable. Timestamps must be V1 Pacific timestamps (see
 * pacific-time.ts). Checked against every sample in shared/reference/shipstation/samples.
 */
import { z } from 'zod';
import { isPacificTimestamp } from './pacific-time';

/** V1 ids are integers; accept strings too (some SDKs and the simulator may send them). */
const id = z.union([z.number().int(), z.string().min(1)], {
  error: (iss) => (iss.input === undefined ? 'missing (required)' : 'expected an id (number or text)'),
});
const numberOrText = z.union([z.string(), z.number()], {
  error: (iss) => (iss.input === undefined ? 'missing (required)' : 'expected text or a number'),
});
const text = z.string().nullish();
/** Money and amounts: numbers, or numeric strings. */
const amount = z
  .union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/)], { error: 'expected a number' })
  .nullish();
const timestamp = z.string().refine(isPacificTimestamp, { message: 'expected a ShipStation date/time' });
const optionalTimestamp = z.union([timestamp, z.literal('')]).nullish();

export const V1_ORDER_STATUSES = [
  'awaiting_payment',
  'awaiting_shipment',
  'pending_fulfillment',
  'shipped',
  'on_hold',
  'cancelled',
  'rejected_fulfillment',
] as const;

export const v1Address = z.looseObject({
  name: text,
  company: text,
  street1: text,
  street2: text,
  street3: text,
  city: text,
  state: text,
  postalCode: text,
  country: text,
  phone: text,
  residential: z.boolean().nullish(),
  addressVerified: text,
});

export const v1OrderItem = z.looseObject({
  orderItemId: id.nullish(),
  lineItemKey: text,
  sku: text,
  name: text,
  quantity: z.number(),
  unitPrice: amount,
  taxAmount: amount,
  shippingAmount: amount,
  adjustment: z.boolean().nullish(),
});

export const v1AdvancedOptions = z.looseObject({
  storeId: id.nullish(),
  parentId: id.nullish(),
  mergedOrSplit: z.boolean().nullish(),
  mergedIds: z.array(id).nullish(),
});

/**
 * ShipStation's order model as it may appear anywhere (also in a createorder request, where the ids
 * and server dates are absent). The sync uses v1Order, which requires them.
 */
export const v1OrderModel = z.looseObject({
  orderId: id.nullish(),
  orderNumber: numberOrText.nullish(),
  orderKey: text,
  orderDate: optionalTimestamp,
  createDate: optionalTimestamp,
  modifyDate: optionalTimestamp,
  paymentDate: optionalTimestamp,
  shipByDate: optionalTimestamp,
  orderStatus: z.enum(V1_ORDER_STATUSES).nullish(),
  customerUsername: text,
  customerEmail: text,
  billTo: v1Address.nullish(),
  shipTo: v1Address.nullish(),
  items: z.array(v1OrderItem).nullish(),
  orderTotal: amount,
  amountPaid: amount,
  taxAmount: amount,
  shippingAmount: amount,
  /** How the store says it was paid: free text (V1 Order model). */
  paymentMethod: text,
  shipDate: text,
  advancedOptions: v1AdvancedOptions.nullish(),
});

/** An order as returned by GET /orders and /orders/{id}: identity, status and modifyDate required. */
export const v1Order = v1OrderModel.extend({
  orderId: id,
  orderNumber: numberOrText.refine((v) => String(v).trim() !== '', 'must not be empty'),
  orderStatus: z.enum(V1_ORDER_STATUSES),
  modifyDate: timestamp,
});
export type V1Order = z.infer<typeof v1Order>;

const envelope = {
  total: z.number().int().nonnegative(),
  page: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
};

export const v1OrdersPage = z.looseObject({ orders: z.array(v1Order), ...envelope });

export const v1ShipmentItem = z.looseObject({
  orderItemId: id.nullish(),
  lineItemKey: text,
  sku: text,
  name: text,
  quantity: z.number(),
  unitPrice: amount,
});

export const v1Shipment = z.looseObject({
  shipmentId: id,
  orderId: id.nullish(),
  orderKey: text,
  orderNumber: numberOrText.nullish(),
  createDate: timestamp,
  shipDate: text,
  shipmentCost: amount,
  insuranceCost: amount,
  trackingNumber: text,
  carrierCode: text,
  serviceCode: text,
  voided: z.boolean().nullish(),
  voidDate: optionalTimestamp,
  /** A return label: the customer sends goods back (FACTS.md, Shipment fields). */
  isReturnLabel: z.boolean().nullish(),
  shipmentItems: z.array(v1ShipmentItem).nullish(),
});
export type V1Shipment = z.infer<typeof v1Shipment>;

export const v1ShipmentsPage = z.looseObject({ shipments: z.array(v1Shipment), ...envelope });

export const v1Fulfillment = z.looseObject({
  fulfillmentId: id,
  orderId: id.nullish(),
  orderNumber: numberOrText.nullish(),
  createDate: timestamp,
  shipDate: text,
  trackingNumber: text,
  carrierCode: text,
  voided: z.boolean().nullish(),
  voidDate: optionalTimestamp,
});
export type V1Fulfillment = z.infer<typeof v1Fulfillment>;

export const v1FulfillmentsPage = z.looseObject({ fulfillments: z.array(v1Fulfillment), ...envelope });

export const v1Store = z.looseObject({
  storeId: id,
  storeName: text,
  marketplaceName: text,
  active: z.boolean().nullish(),
});
export type V1Store = z.infer<typeof v1Store>;

export const v1Stores = z.array(v1Store);

export const v1Webhook = z.looseObject({
  WebHookID: id,
  HookType: z.string(),
  Url: z.string(),
  StoreID: id.nullish(),
  Name: text,
  Active: z.boolean().nullish(),
});
export type V1Webhook = z.infer<typeof v1Webhook>;

/** GET /webhooks: documented as `{webhooks:[…]}`, seen in the wild as a bare array. */
export const v1Webhooks = z.union([z.array(v1Webhook), z.looseObject({ webhooks: z.array(v1Webhook) })]);

export const v1SubscribeResponse = z.looseObject({ id });

/** POST /orders/markasshipped answer (not called by the sync; kept so every reference sample has a schema). */
export const v1OrderRef = z.looseObject({ orderId: id, orderNumber: numberOrText });
