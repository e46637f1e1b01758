import type { QbxmlRequest } from '../envelope';
import { isQbDateTime } from '../datetime';
import { clampText, requireKey, type LimitedField } from '../limits';
import { assertQbDate, formatAmount, formatBool, formatPrice, formatQuantity } from '../values';
import type { XmlBody } from '../xmlBody';

/** A reference to a list element, by ListID and/or FullName (ListID wins in QuickBooks when both are given). */
export interface QbRefInput {
  listId?: string;
  fullName?: string;
}

export interface QbAddressInput {
  addr1?: string;
  addr2?: string;
  addr3?: string;
  addr4?: string;
  addr5?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  note?: string;
}

/**
 * Iterator attributes of a query: start an iterator, or continue/stop one with the iteratorID of the previous
 * response. Spread into the query options: `customerQuery({ iterator: 'Continue', iteratorID, maxReturned: 500 })`.
 */
export type IteratorOptions =
  | { iterator?: undefined; iteratorID?: undefined }
  | { iterator: 'Start'; iteratorID?: undefined }
  | { iterator: 'Continue' | 'Stop'; iteratorID: string };

export type MetaDataOption = 'NoMetaData' | 'MetaDataOnly' | 'MetaDataAndResponseData';

export interface RequestOptions {
  requestID?: string;
}

export interface RetElementOptions {
  /** Restrict the returned Ret to these elements (note: the typed mappers need the full Ret). */
  includeRetElements?: string[];
}

export interface QueryOptionsBase extends RequestOptions, RetElementOptions {
  metaData?: MetaDataOption;
  /** OwnerID(s) of custom fields to return: '0' for the public custom fields, or an application GUID. */
  ownerID?: string | string[];
}

export function request(
  type: string,
  body: XmlBody,
  opts: RequestOptions,
  attrs?: Record<string, string>,
): QbxmlRequest {
  const req: QbxmlRequest = { type, body };
  if (opts.requestID !== undefined) req.requestID = opts.requestID;
  if (attrs && Object.keys(attrs).length > 0) req.attrs = attrs;
  return req;
}

export function queryAttrs(
  opts: Pick<QueryOptionsBase, 'metaData'> & IteratorOptions,
): Record<string, string> {
  const attrs: Record<string, string> = {};
  if (opts.metaData !== undefined) attrs.metaData = opts.metaData;
  const { iterator, iteratorID } = opts;
  if (iterator === undefined) {
    if (iteratorID !== undefined)
      throw new Error("iteratorID given without iterator (use iterator: 'Continue')");
  } else if (iterator === 'Start') {
    if (iteratorID !== undefined) throw new Error("iterator 'Start' must not carry an iteratorID");
    attrs.iterator = iterator;
  } else if (iterator === 'Continue' || iterator === 'Stop') {
    if (!iteratorID)
      throw new Error(`iterator '${iterator}' requires the iteratorID returned by the previous response`);
    attrs.iterator = iterator;
    attrs.iteratorID = iteratorID;
  } else {
    throw new Error(`iterator must be 'Start', 'Continue' or 'Stop', got ${JSON.stringify(iterator)}`);
  }
  return attrs;
}

/** Throws unless at most one of the named options is in use. */
export function atMostOne(what: string, used: Record<string, boolean>): void {
  const names = Object.entries(used)
    .filter(([, on]) => on)
    .map(([n]) => n);
  if (names.length > 1)
    throw new Error(
      `${what}: ${names.join(' and ')} cannot be combined (the qbXML schema makes them mutually exclusive)`,
    );
}

export function keyList(
  field: LimitedField,
  values: readonly string[] | undefined,
  label: string,
): string[] | undefined {
  if (values === undefined) return undefined;
  if (values.length === 0) throw new Error(`${label} must not be an empty list (omit it to apply no filter)`);
  return values.map((v, i) => requireKey(field, v, `${label}[${i}]`));
}

export function key(
  field: LimitedField,
  value: string | undefined,
  label: string = field,
): string | undefined {
  return value === undefined ? undefined : requireKey(field, value, label);
}

/** Free text clamped to the field's limit; undefined when absent or empty after cleaning. */
export function text(field: LimitedField, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = clampText(field, value);
  return v.length > 0 ? v : undefined;
}

export function ref(
  input: QbRefInput | undefined,
  fullNameField: LimitedField,
  label: string,
): XmlBody | undefined {
  if (input === undefined) return undefined;
  if (input.listId === undefined && input.fullName === undefined)
    throw new Error(`${label} needs a listId or a fullName`);
  return {
    ListID: key('ListID', input.listId, `${label}.listId`),
    FullName: key(fullNameField, input.fullName, `${label}.fullName`),
  };
}

export function address(input: QbAddressInput | undefined): XmlBody | undefined {
  if (input === undefined) return undefined;
  const body = {
    Addr1: text('Addr', input.addr1),
    Addr2: text('Addr', input.addr2),
    Addr3: text('Addr', input.addr3),
    Addr4: text('Addr', input.addr4),
    Addr5: text('Addr', input.addr5),
    City: text('City', input.city),
    State: text('State', input.state),
    PostalCode: text('PostalCode', input.postalCode),
    Country: text('Country', input.country),
    Note: text('AddressNote', input.note),
  };
  return Object.values(body).some((v) => v !== undefined) ? body : undefined;
}

export const bool = (value: boolean | undefined): string | undefined =>
  value === undefined ? undefined : formatBool(value);
export const amount = (value: number | undefined, label: string): string | undefined =>
  value === undefined ? undefined : formatAmount(value, label);
export const price = (value: number | undefined, label: string): string | undefined =>
  value === undefined ? undefined : formatPrice(value, label);
export const quantity = (value: number | undefined, label: string): string | undefined =>
  value === undefined ? undefined : formatQuantity(value, label);
export const date = (value: string | undefined, label: string): string | undefined =>
  value === undefined ? undefined : assertQbDate(value, label);

export function dateTime(value: string | undefined, label: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isQbDateTime(value)) {
    throw new Error(
      `${label} must be a QuickBooks date/time like 2014-11-27T18:03:44-02:00 (see formatQbDateTime), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function maxReturned(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`maxReturned must be a positive integer, got ${value}`);
  return value;
}

const GUID = /^(0|\{[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\})$/;

export function ownerIds(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  for (const id of list) {
    if (!GUID.test(id))
      throw new Error(
        `ownerID must be '0' or a GUID like {A9A83089-7DA7-4d27-A08C-7E1626E9395A}, got ${JSON.stringify(id)}`,
      );
  }
  return list.length > 0 ? list : undefined;
}

const RET_ELEMENT = /^[A-Za-z][A-Za-z0-9]*$/;

export function retElements(values: readonly string[] | undefined): string[] | undefined {
  const list = keyList('IncludeRetElement', values, 'includeRetElements');
  for (const v of list ?? []) {
    if (!RET_ELEMENT.test(v))
      throw new Error(`includeRetElements: ${JSON.stringify(v)} is not an element name`);
  }
  return list;
}
