/**
 * V1 records (already validated by v1-schemas) → the version-neutral shapes of types.ts: ids as
 * strings, Pacific timestamps as UTC ISO, amounts as numbers (absent ⇒ 0 for order money, null for a
 * shipment's cost), ship dates as the calendar day ShipStation states, blank tracking/carrier ⇒ null.
 * `raw` is the record as received (unknown fields included).
 */
import { ShipStationError } from './errors';
import { pacificCalendarDate, pacificTimestampToIso } from './pacific-time';
import type { SsAddress, SsFulfillment, SsOrder, SsOrderItem, SsShipment, SsStore, SsWebhook } from './types';
import type { V1Fulfillment, V1Order, V1Shipment, V1Store, V1Webhook } from './v1-schemas';
import { amountOr, blankToNull, idOrNull } from './values';

/** A timestamp the schema already required: converting it cannot fail unless the schema was bypassed. */
function requiredIso(v: string, what: string): string {
  const iso = pacificTimestampToIso(v);
  if (iso === null) {
    throw new ShipStationError({
      kind: 'bad_response',
      detail: `${what}: unparseable timestamp ${JSON.stringify(v)}`,
    });
  }
  return iso;
}

type V1AddressIn =
  | {
      name?: string | null;
      company?: string | null;
      street1?: string | null;
      street2?: string | null;
      street3?: string | null;
      city?: string | null;
      state?: string | null;
      postalCode?: string | null;
      country?: string | null;
      phone?: string | null;
    }
  | null
  | undefined;

export function v1AddressToSs(a: V1AddressIn): SsAddress {
  return {
    name: a?.name ?? null,
    company: a?.company ?? null,
    street1: a?.street1 ?? null,
    street2: a?.street2 ?? null,
    street3: a?.street3 ?? null,
    city: a?.city ?? null,
    state: a?.state ?? null,
    postalCode: a?.postalCode ?? null,
    country: a?.country ?? null,
    phone: a?.phone ?? null,
  };
}

export function v1OrderToSs(o: V1Order): SsOrder {
  const items: SsOrderItem[] = (o.items ?? []).map((it) => ({
    lineId: idOrNull(it.orderItemId),
    lineItemKey: it.lineItemKey ?? null,
    sku: it.sku ?? null,
    name: it.name ?? '',
    quantity: it.quantity,
    unitPrice: amountOr(it.unitPrice, 0),
    taxAmount: amountOr(it.taxAmount, 0),
    shippingAmount: amountOr(it.shippingAmount, 0),
    adjustment: it.adjustment ?? false,
  }));
  const adv = o.advancedOptions;
  return {
    orderId: String(o.orderId),
    orderNumber: String(o.orderNumber),
    orderKey: o.orderKey ?? null,
    storeId: idOrNull(adv?.storeId),
    status: o.orderStatus,
    orderDate: pacificTimestampToIso(o.orderDate),
    createDate: pacificTimestampToIso(o.createDate),
    modifyDate: requiredIso(o.modifyDate, `order ${String(o.orderId)} modifyDate`),
    paymentDate: pacificTimestampToIso(o.paymentDate),
    shipDate: pacificCalendarDate(o.shipDate),
    customerEmail: blankToNull(o.customerEmail),
    customerUsername: blankToNull(o.customerUsername),
    billTo: v1AddressToSs(o.billTo),
    shipTo: v1AddressToSs(o.shipTo),
    items,
    orderTotal: amountOr(o.orderTotal, 0),
    amountPaid: amountOr(o.amountPaid, 0),
    orderTotalKnown: true,
    paymentMethod: blankToNull(o.paymentMethod),
    taxAmount: amountOr(o.taxAmount, 0),
    shippingAmount: amountOr(o.shippingAmount, 0),
    // V1 orders carry no currency: amounts are in the store's currency.
    currency: null,
    parentOrderId: idOrNull(adv?.parentId),
    mergedOrSplit: adv?.mergedOrSplit ?? false,
    raw: o,
  };
}

export function v1ShipmentToSs(s: V1Shipment): SsShipment {
  return {
    shipmentId: String(s.shipmentId),
    orderId: idOrNull(s.orderId),
    orderNumber: s.orderNumber === null || s.orderNumber === undefined ? null : String(s.orderNumber),
    createDate: requiredIso(s.createDate, `shipment ${String(s.shipmentId)} createDate`),
    shipDate: pacificCalendarDate(s.shipDate),
    trackingNumber: blankToNull(s.trackingNumber),
    carrierCode: blankToNull(s.carrierCode),
    serviceCode: blankToNull(s.serviceCode),
    shipmentCost: amountOr(s.shipmentCost, null),
    voided: s.voided ?? false,
    voidDate: pacificTimestampToIso(s.voidDate),
    // V1 lists labels once created; it has no label status of its own.
    labelStatus: s.voided ? 'voided' : 'completed',
    isReturnLabel: s.isReturnLabel === true,
    items:
      s.shipmentItems === null || s.shipmentItems === undefined
        ? null
        : s.shipmentItems.map((it) => ({
            lineItemKey: it.lineItemKey ?? null,
            sku: it.sku ?? null,
            name: it.name ?? null,
            quantity: it.quantity,
            unitPrice: amountOr(it.unitPrice, null),
          })),
    raw: s,
  };
}

export function v1FulfillmentToSs(f: V1Fulfillment): SsFulfillment {
  return {
    fulfillmentId: String(f.fulfillmentId),
    orderId: idOrNull(f.orderId),
    orderNumber: f.orderNumber === null || f.orderNumber === undefined ? null : String(f.orderNumber),
    createDate: requiredIso(f.createDate, `fulfillment ${String(f.fulfillmentId)} createDate`),
    shipDate: pacificCalendarDate(f.shipDate),
    trackingNumber: blankToNull(f.trackingNumber),
    carrierCode: blankToNull(f.carrierCode),
    voided: f.voided ?? false,
    voidDate: pacificTimestampToIso(f.voidDate),
    raw: f,
  };
}

export function v1StoreToSs(s: V1Store): SsStore {
  return {
    storeId: String(s.storeId),
    storeName: s.storeName ?? '',
    marketplaceName: blankToNull(s.marketplaceName),
    active: s.active ?? true,
  };
}

export function v1WebhookToSs(w: V1Webhook): SsWebhook {
  return {
    id: String(w.WebHookID),
    event: w.HookType,
    url: w.Url,
    storeId: idOrNull(w.StoreID),
    name: blankToNull(w.Name),
    active: w.Active ?? true,
  };
}
