/**
 * zod schemas for ShipStation V2 responses (https://api.shipstation.com/v2), from the stored OpenAPI
 * (shared/reference/shipstation/openapi/shipstation-v2-openapi.yaml; line numbers below refer to it).
 * Loose objects; only what the mapping uses is typed.
 */
import { z } from 'zod';

const text = z.string().nullish();
const seId = z.string().min(1);
/** `date_time` (spec 8538): ISO 8601 with Z or an offset. */
const dateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i,
    'expected an ISO date-time with zone',
  )
  .refine((s) => Number.isFinite(Date.parse(s)), 'expected a valid date-time');
/** `date` (spec 8513): a day, maybe with a 00:00:00 UTC time. */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date');
/** `monetary_value` (spec 4216). */
const money = z.looseObject({ currency: text, amount: z.number() }).nullish();

/** `shipment_status` (spec 8393). */
export const V2_SHIPMENT_STATUSES = ['pending', 'processing', 'label_purchased', 'cancelled'] as const;

/** `address` / `shipping_address_to` (spec 4272, 5971). */
export const v2Address = z.looseObject({
  name: text,
  phone: text,
  email: text,
  company_name: text,
  address_line1: text,
  address_line2: text,
  address_line3: text,
  city_locality: text,
  state_province: text,
  postal_code: text,
  country_code: text,
});

/** `shipment_item` (spec 6035). */
export const v2ShipmentItem = z.looseObject({
  name: text,
  sales_order_id: text,
  sales_order_item_id: text,
  quantity: z.number(),
  sku: text,
  external_order_id: text,
  external_order_item_id: text,
  item_id: text,
  unit_price: z.number().nullish(),
  tax_amount: z.number().nullish(),
  shipping_amount: z.number().nullish(),
});

/** `shipment` / `partial_shipment` (spec 3854, 3900). */
export const v2Shipment = z.looseObject({
  shipment_id: seId,
  shipment_number: text,
  external_shipment_id: text,
  external_order_id: text,
  store_id: text,
  /** `order_source_name` (spec 8443), e.g. amazon, shopify: the marketplace, read as text. */
  order_source_code: text,
  shipment_status: z.enum(V2_SHIPMENT_STATUSES),
  created_at: dateTime,
  modified_at: dateTime,
  ship_date: date.nullish(),
  hold_until_date: text,
  ship_to: v2Address.nullish(),
  items: z.array(v2ShipmentItem).nullish(),
  amount_paid: money,
  shipping_paid: money,
  tax_paid: money,
});
export type V2Shipment = z.infer<typeof v2Shipment>;

/** `pagination_link` (spec 3780): next.href only while page < pages. */
const links = z
  .looseObject({
    next: z.looseObject({ href: z.string().nullish() }).nullish(),
  })
  .nullish();

const paged = {
  total: z.number().int().nonnegative(),
  page: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  links,
};

/** `list_shipments_response_body` (spec 7029). */
export const v2ShipmentsPage = z.looseObject({ shipments: z.array(v2Shipment), ...paged });

/** `label` (spec 3130). */
export const v2Label = z.looseObject({
  label_id: seId,
  status: text,
  shipment_id: text,
  external_shipment_id: text,
  ship_date: date.nullish(),
  created_at: dateTime,
  shipment_cost: money,
  tracking_number: text,
  carrier_code: text,
  service_code: text,
  voided: z.boolean().nullish(),
  voided_at: dateTime.nullish(),
  is_return_label: z.boolean().nullish(),
});
export type V2Label = z.infer<typeof v2Label>;

/** `list_labels_response_body` (spec 7357). */
export const v2LabelsPage = z.looseObject({ labels: z.array(v2Label), ...paged });

/**
 * A fulfillment (GET /v2/fulfillments, docs.shipstation.com "List fulfillments"; not in the stored
 * spec). The docs name fulfillment_id, shipment_id, shipment_number, user_id, tracking_number,
 * carrier_code and ship_date; created_at / voided / voided_at are read when present (unverified).
 */
export const v2Fulfillment = z.looseObject({
  fulfillment_id: seId,
  shipment_id: text,
  shipment_number: text,
  tracking_number: text,
  carrier_code: text,
  ship_date: date.nullish(),
  created_at: dateTime.nullish(),
  voided: z.boolean().nullish(),
  voided_at: dateTime.nullish(),
});
export type V2Fulfillment = z.infer<typeof v2Fulfillment>;

/** `{fulfillments, total, page, pages, links}` (docs "List fulfillments"). */
export const v2FulfillmentsPage = z.looseObject({ fulfillments: z.array(v2Fulfillment), ...paged });

/** `webhook` (spec 3668). */
export const v2Webhook = z.looseObject({
  webhook_id: seId,
  url: z.string(),
  event: z.string(),
  store_id: text,
});
export type V2Webhook = z.infer<typeof v2Webhook>;

/** `list_webhooks_response_body` (spec 6925): a bare array. */
export const v2Webhooks = z.array(v2Webhook);
