/**
 * V2 records → the shapes of types.ts. In V2 a "shipment" (spec 3854) is what V1 calls an order (one
 * per order to ship, `shipment_number` = the order number) and a "label" (spec 3130) is what V1 calls
 * a shipment. So:
 *
 * - SsOrder.orderId = shipment_id; orderNumber = shipment_number (else external_shipment_id, else
 *   shipment_id); orderKey = external_order_id (the order source's id), else external_shipment_id.
 * - status: pending ⇒ awaiting_shipment (on_hold while hold_until_date is in the future),
 *   processing ⇒ awaiting_shipment (a label is being bought), label_purchased ⇒ shipped,
 *   cancelled ⇒ cancelled. V2 has no awaiting_payment / pending_fulfillment / rejected_fulfillment.
 * - Money: amount_paid ⇒ orderTotal and amountPaid (V2 has no separate order total), tax_paid,
 *   shipping_paid; currency from those. No bill-to, order date or payment date in the spec ⇒ null.
 * - SsShipment.shipmentId = label_id, orderId = the label's shipment_id (= SsOrder.orderId), items null
 *   (labels carry no items; the order's items are on the shipment).
 */
import type {
  LabelStatus,
  SsAddress,
  SsFulfillment,
  SsOrder,
  SsOrderStatus,
  SsShipment,
  SsWebhook,
} from './types';
import type { V2Fulfillment, V2Label, V2Shipment, V2Webhook } from './v2-schemas';
import { blankToNull } from './values';

function iso(v: string | null | undefined): string | null {
  if (v === null || v === undefined || v.trim() === '') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

function day(v: string | null | undefined): string | null {
  return v === null || v === undefined ? null : (/^\d{4}-\d{2}-\d{2}/.exec(v)?.[0] ?? null);
}

/**
 * A V2 date-time that carries a time of day is an instant (a fulfillment marked shipped at 22:30
 * Pacific is 06:30Z the next day); one at exactly midnight UTC is how V2 writes a calendar day
 * (labels' ship_date). The instant is dated in the posting time zone by the ingest.
 */
function instant(v: string | null | undefined): string | null {
  if (!v || !/T\d{2}:\d{2}/.test(v) || /T00:00(:00(\.0+)?)?(Z|[+-]00:?00)$/.test(v)) return null;
  return iso(v);
}

export function v2Status(s: V2Shipment, nowMs: number): SsOrderStatus {
  switch (s.shipment_status) {
    case 'pending': {
      const hold = s.hold_until_date ? Date.parse(s.hold_until_date) : NaN;
      return Number.isFinite(hold) && hold > nowMs ? 'on_hold' : 'awaiting_shipment';
    }
    case 'processing':
      return 'awaiting_shipment';
    case 'label_purchased':
      return 'shipped';
    case 'cancelled':
      return 'cancelled';
  }
}

function address(a: V2Shipment['ship_to']): SsAddress {
  return {
    name: a?.name ?? null,
    company: a?.company_name ?? null,
    street1: a?.address_line1 ?? null,
    street2: a?.address_line2 ?? null,
    street3: a?.address_line3 ?? null,
    city: a?.city_locality ?? null,
    state: a?.state_province ?? null,
    postalCode: a?.postal_code ?? null,
    country: a?.country_code ?? null,
    phone: a?.phone ?? null,
  };
}

const EMPTY_ADDRESS: SsAddress = address(null);

export function v2ShipmentToOrder(s: V2Shipment, nowMs: number): SsOrder {
  const currency = s.amount_paid?.currency ?? s.shipping_paid?.currency ?? s.tax_paid?.currency ?? null;
  const paid = s.amount_paid?.amount ?? 0;
  return {
    orderId: s.shipment_id,
    orderNumber: blankToNull(s.shipment_number) ?? blankToNull(s.external_shipment_id) ?? s.shipment_id,
    orderKey: blankToNull(s.external_order_id) ?? blankToNull(s.external_shipment_id),
    storeId: blankToNull(s.store_id),
    status: v2Status(s, nowMs),
    orderDate: null,
    createDate: iso(s.created_at),
    modifyDate: iso(s.modified_at) as string,
    paymentDate: null,
    shipDate: day(s.ship_date),
    customerEmail: blankToNull(s.ship_to?.email),
    customerUsername: null,
    billTo: { ...EMPTY_ADDRESS },
    shipTo: address(s.ship_to),
    items: (s.items ?? []).map((it) => ({
      lineId: blankToNull(it.sales_order_item_id) ?? blankToNull(it.item_id),
      lineItemKey: blankToNull(it.external_order_item_id),
      sku: blankToNull(it.sku),
      name: it.name ?? '',
      quantity: it.quantity,
      unitPrice: it.unit_price ?? 0,
      taxAmount: it.tax_amount ?? 0,
      shippingAmount: it.shipping_amount ?? 0,
      adjustment: false,
    })),
    orderTotal: paid,
    amountPaid: paid,
    orderTotalKnown: false,
    paymentMethod: null,
    taxAmount: s.tax_paid?.amount ?? 0,
    shippingAmount: s.shipping_paid?.amount ?? 0,
    currency: blankToNull(currency),
    parentOrderId: null,
    mergedOrSplit: false,
    sourceName: blankToNull(s.order_source_code),
    raw: s,
  };
}

/**
 * `label_status` (spec 8367): processing, completed, error, voided. A value the spec does not list is
 * taken as not created yet (`processing`): it ships only once ShipStation says `completed`.
 */
function labelStatus(l: V2Label): LabelStatus {
  if (l.voided === true || l.status === 'voided') return 'voided';
  return l.status === 'completed' || l.status === 'error' ? l.status : 'processing';
}

export function v2LabelToShipment(l: V2Label): SsShipment {
  const status = labelStatus(l);
  return {
    shipmentId: l.label_id,
    orderId: blankToNull(l.shipment_id),
    orderNumber: null,
    createDate: iso(l.created_at) as string,
    shipDate: day(l.ship_date),
    shippedAt: instant(l.ship_date),
    trackingNumber: blankToNull(l.tracking_number),
    carrierCode: blankToNull(l.carrier_code),
    serviceCode: blankToNull(l.service_code),
    shipmentCost: l.shipment_cost?.amount ?? null,
    voided: status === 'voided',
    voidDate: iso(l.voided_at),
    labelStatus: status,
    isReturnLabel: l.is_return_label === true,
    items: null,
    raw: l,
  };
}

/** A shipment marked shipped without a ShipStation label; its shipment_id is SsOrder.orderId. */
export function v2FulfillmentToSs(f: V2Fulfillment, fetchedAt: string): SsFulfillment {
  return {
    fulfillmentId: f.fulfillment_id,
    orderId: blankToNull(f.shipment_id),
    orderNumber: blankToNull(f.shipment_number),
    // No creation time in the docs' list: when absent, first seen now (it only orders the rows).
    createDate: iso(f.created_at) ?? fetchedAt,
    shipDate: day(f.ship_date),
    shippedAt: instant(f.ship_date),
    trackingNumber: blankToNull(f.tracking_number),
    carrierCode: blankToNull(f.carrier_code),
    voided: f.voided === true,
    voidDate: iso(f.voided_at),
    raw: f,
  };
}

export function v2WebhookToSs(w: V2Webhook): SsWebhook {
  return {
    id: w.webhook_id,
    event: w.event,
    url: w.url,
    storeId: blankToNull(w.store_id),
    name: null,
    active: true,
  };
}
