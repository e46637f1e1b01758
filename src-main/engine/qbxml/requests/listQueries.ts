import type { QbxmlRequest } from '../envelope';
import type { LimitedField } from '../limits';
import type { XmlBody } from '../xmlBody';
import {
  atMostOne,
  dateTime,
  keyList,
  maxReturned,
  ownerIds,
  queryAttrs,
  request,
  retElements,
  type IteratorOptions,
  type QueryOptionsBase,
} from './common';

export type ActiveStatus = 'ActiveOnly' | 'InactiveOnly' | 'All';
export type MatchCriterion = 'StartsWith' | 'Contains' | 'EndsWith';

/**
 * Options shared by CustomerQuery, ItemQuery and ItemInventoryQuery (schema group ListQuery...).
 * The schema offers three mutually exclusive ways to select: listIds, fullNames, or the filters
 * (maxReturned, activeStatus, from/toModifiedDate, nameFilter | nameRangeFilter).
 */
export interface ListQueryFields extends QueryOptionsBase {
  listIds?: string[];
  fullNames?: string[];
  maxReturned?: number;
  activeStatus?: ActiveStatus;
  /** DATETIMETYPE, e.g. from formatQbDateTime(). */
  fromModifiedDate?: string;
  toModifiedDate?: string;
  nameFilter?: { matchCriterion: MatchCriterion; name: string };
  nameRangeFilter?: { fromName?: string; toName?: string };
}

export type ListQueryOptions = ListQueryFields & IteratorOptions;

function listQueryBody(kind: string, opts: ListQueryOptions, fullNameField: LimitedField): XmlBody {
  const filtersUsed =
    opts.maxReturned !== undefined ||
    opts.activeStatus !== undefined ||
    opts.fromModifiedDate !== undefined ||
    opts.toModifiedDate !== undefined ||
    opts.nameFilter !== undefined ||
    opts.nameRangeFilter !== undefined;
  atMostOne(kind, {
    listIds: opts.listIds !== undefined,
    fullNames: opts.fullNames !== undefined,
    filters: filtersUsed,
  });
  atMostOne(kind, {
    nameFilter: opts.nameFilter !== undefined,
    nameRangeFilter: opts.nameRangeFilter !== undefined,
  });

  const { nameFilter, nameRangeFilter } = opts;
  if (nameFilter && nameFilter.name.length === 0)
    throw new Error(`${kind}: nameFilter.name must not be empty`);
  if (nameRangeFilter && nameRangeFilter.fromName === undefined && nameRangeFilter.toName === undefined) {
    throw new Error(`${kind}: nameRangeFilter needs fromName and/or toName`);
  }
  return {
    ListID: keyList('ListID', opts.listIds, 'listIds'),
    FullName: keyList(fullNameField, opts.fullNames, 'fullNames'),
    MaxReturned: maxReturned(opts.maxReturned),
    ActiveStatus: opts.activeStatus,
    FromModifiedDate: dateTime(opts.fromModifiedDate, 'fromModifiedDate'),
    ToModifiedDate: dateTime(opts.toModifiedDate, 'toModifiedDate'),
    NameFilter: nameFilter && { MatchCriterion: nameFilter.matchCriterion, Name: nameFilter.name },
    NameRangeFilter: nameRangeFilter && {
      FromName: nameRangeFilter.fromName,
      ToName: nameRangeFilter.toName,
    },
    IncludeRetElement: retElements(opts.includeRetElements),
    OwnerID: ownerIds(opts.ownerID),
  };
}

export function customerQuery(opts: ListQueryOptions = {}): QbxmlRequest {
  return request(
    'CustomerQueryRq',
    listQueryBody('customerQuery', opts, 'CustomerFullName'),
    opts,
    queryAttrs(opts),
  );
}

/** One query over every item type; the response mixes ItemInventoryRet, ItemNonInventoryRet, ItemServiceRet, ... */
export function itemQuery(opts: ListQueryOptions = {}): QbxmlRequest {
  return request('ItemQueryRq', listQueryBody('itemQuery', opts, 'ListFullName'), opts, queryAttrs(opts));
}

export function itemInventoryQuery(opts: ListQueryOptions = {}): QbxmlRequest {
  return request(
    'ItemInventoryQueryRq',
    listQueryBody('itemInventoryQuery', opts, 'ListFullName'),
    opts,
    queryAttrs(opts),
  );
}

/**
 * The other name lists QuickBooks keeps names unique across (with customers): vendors, employees
 * and other names. Only their names are needed here; EmployeeQuery and OtherNameQuery take no
 * iterator (schema: ListQueryWithOwnerID), so none is offered.
 */
export function vendorQuery(opts: ListQueryFields = {}): QbxmlRequest {
  return request('VendorQueryRq', listQueryBody('vendorQuery', opts, 'ListFullName'), opts, queryAttrs(opts));
}

export function employeeQuery(opts: ListQueryFields = {}): QbxmlRequest {
  return request(
    'EmployeeQueryRq',
    listQueryBody('employeeQuery', opts, 'ListFullName'),
    opts,
    queryAttrs(opts),
  );
}

export function otherNameQuery(opts: ListQueryFields = {}): QbxmlRequest {
  return request(
    'OtherNameQueryRq',
    listQueryBody('otherNameQuery', opts, 'ListFullName'),
    opts,
    queryAttrs(opts),
  );
}
