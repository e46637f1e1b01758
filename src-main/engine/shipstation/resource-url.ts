/**
 * Which URLs may receive our ShipStation credentials. A webhook's `resource_url` arrives from the
 * network, so before it is fetched (with the Basic / API-Key header) its host must be ShipStation's
 * V1 API (`ssapi.shipstation.com` or `ssapiN.shipstation.com`, https, default port) or exactly the
 * origin of the configured base URL (the simulator, a proxy the merchant chose). Anything else is
 * refused before a socket is opened.
 */
import { ShipStationError } from './errors';

const SSAPI_HOST = /^ssapi\d*\.shipstation\.com$/;

/** True for https://ssapi.shipstation.com and https://ssapiN.shipstation.com (default port, no user info). */
export function isShipStationApiHost(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && SSAPI_HOST.test(url.hostname) && noUserInfo(url);
}

function noUserInfo(url: URL): boolean {
  return url.username === '' && url.password === '';
}

/** True when `url` may be fetched with the credentials configured for `baseUrl`. */
export function isAllowedShipStationUrl(url: URL, baseUrl: string): boolean {
  if (!noUserInfo(url)) return false;
  if (isShipStationApiHost(url)) return true;
  try {
    return url.origin === new URL(baseUrl).origin && (url.protocol === 'https:' || url.protocol === 'http:');
  } catch {
    return false;
  }
}

/** Parses `raw` and returns the URL when allowed, else null (also for text that is not a URL). */
export function checkResourceUrl(raw: string, baseUrl: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return isAllowedShipStationUrl(url, baseUrl) ? url : null;
}

export type ResourceKind = 'orders' | 'shipments' | 'fulfillments';

/**
 * What a webhook's resource_type points at: ORDER_NOTIFY / ITEM_ORDER_NOTIFY ⇒ orders,
 * SHIP_NOTIFY / ITEM_SHIP_NOTIFY ⇒ shipments (labels), FULFILLMENT_SHIPPED ⇒ fulfillments. V2 names
 * (a `_V2` suffix is ignored): SALES_ORDERS_IMPORTED (the spec's `sales_orders_imported`, what V2
 * subscribes ORDER_NOTIFY as) and SHIPMENT_CREATED ⇒ orders (V2 shipments are orders), LABEL_CREATED
 * ⇒ shipments (the last two are docs names, unverified). The body is validated either way.
 * Anything else ⇒ null.
 */
export function resourceKindOf(resourceType: string): ResourceKind | null {
  const t = resourceType.trim().toUpperCase().replace(/_V2$/, '');
  switch (t) {
    case 'ORDER_NOTIFY':
    case 'ITEM_ORDER_NOTIFY':
    case 'SALES_ORDERS_IMPORTED':
    case 'SHIPMENT_CREATED':
      return 'orders';
    case 'SHIP_NOTIFY':
    case 'ITEM_SHIP_NOTIFY':
    case 'LABEL_CREATED':
      return 'shipments';
    case 'FULFILLMENT_SHIPPED':
      return 'fulfillments';
    default:
      return null;
  }
}

export function forbiddenHost(resourceUrl: string): ShipStationError {
  let host = '(not a URL)';
  try {
    host = new URL(resourceUrl).host;
  } catch {
    // keep the placeholder
  }
  return new ShipStationError({
    kind: 'forbidden_host',
    message: `Refused to fetch a webhook resource from ${host}: it is not ShipStation.`,
    detail: `resource_url host ${host} is neither ssapi*.shipstation.com nor the configured base URL; nothing was sent`,
  });
}

export function unsupportedResource(resourceType: string): ShipStationError {
  return new ShipStationError({
    kind: 'bad_request',
    message: `The connector does not handle ShipStation webhook type "${resourceType}".`,
    detail: `unsupported resource_type ${JSON.stringify(resourceType)}; nothing was fetched`,
  });
}
