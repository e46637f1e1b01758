import type { QbxmlRequest } from '../envelope';
import type { XmlBody } from '../xmlBody';
import {
  atMostOne,
  bool,
  date,
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
import type { MatchCriterion } from './listQueries';

/**
 * Options for InvoiceQuery, SalesReceiptQuery and JournalEntryQuery (schema group TxnQuery).
 * Selection is one of: txnIds, refNumbers, or the filters (maxReturned, modified-date range | txn-date range,
 * entity, refNumberFilter | refNumberRange [, paidStatus]). The two date ranges are an xsd:choice too.
 */
export interface TxnQueryFields extends QueryOptionsBase {
  txnIds?: string[];
  refNumbers?: string[];
  /** Send refNumbers as RefNumberCaseSensitive (what the dedup check should use). */
  refNumberCaseSensitive?: boolean;
  maxReturned?: number;
  /** DATETIMETYPE bounds, sent as ModifiedDateRangeFilter. */
  fromModifiedDate?: string;
  toModifiedDate?: string;
  /** DATETYPE bounds, sent as TxnDateRangeFilter. */
  fromTxnDate?: string;
  toTxnDate?: string;
  /** EntityFilter: the customer (or other name) of the transaction. */
  entity?: { listIds?: string[]; fullNames?: string[] };
  refNumberFilter?: { matchCriterion: MatchCriterion; refNumber: string };
  refNumberRange?: { from?: string; to?: string };
  includeLineItems?: boolean;
}

export interface InvoiceQueryFields extends TxnQueryFields {
  paidStatus?: 'All' | 'PaidOnly' | 'NotPaidOnly';
  includeLinkedTxns?: boolean;
}

export type TxnQueryOptions = TxnQueryFields & IteratorOptions;
export type InvoiceQueryOptions = InvoiceQueryFields & IteratorOptions;

function txnQueryBody(kind: string, opts: InvoiceQueryFields, invoiceOnly: boolean): XmlBody {
  if (!invoiceOnly && (opts.paidStatus !== undefined || opts.includeLinkedTxns !== undefined)) {
    throw new Error(`${kind}: paidStatus/includeLinkedTxns exist only on InvoiceQuery`);
  }
  const modified = opts.fromModifiedDate !== undefined || opts.toModifiedDate !== undefined;
  const txnDate = opts.fromTxnDate !== undefined || opts.toTxnDate !== undefined;
  const filtersUsed =
    opts.maxReturned !== undefined ||
    modified ||
    txnDate ||
    opts.entity !== undefined ||
    opts.refNumberFilter !== undefined ||
    opts.refNumberRange !== undefined ||
    opts.paidStatus !== undefined;
  atMostOne(kind, {
    txnIds: opts.txnIds !== undefined,
    refNumbers: opts.refNumbers !== undefined,
    filters: filtersUsed,
  });
  atMostOne(kind, { 'from/toModifiedDate': modified, 'from/toTxnDate': txnDate });
  atMostOne(kind, {
    refNumberFilter: opts.refNumberFilter !== undefined,
    refNumberRange: opts.refNumberRange !== undefined,
  });
  if (opts.refNumberCaseSensitive !== undefined && opts.refNumbers === undefined) {
    throw new Error(`${kind}: refNumberCaseSensitive only applies together with refNumbers`);
  }

  let entityFilter: XmlBody | undefined;
  if (opts.entity !== undefined) {
    atMostOne(`${kind} entity`, {
      listIds: opts.entity.listIds !== undefined,
      fullNames: opts.entity.fullNames !== undefined,
    });
    if (opts.entity.listIds === undefined && opts.entity.fullNames === undefined)
      throw new Error(`${kind}: entity needs listIds or fullNames`);
    entityFilter = {
      ListID: keyList('ListID', opts.entity.listIds, 'entity.listIds'),
      FullName: keyList('CustomerFullName', opts.entity.fullNames, 'entity.fullNames'),
    };
  }
  const refs = keyList('RefNumber', opts.refNumbers, 'refNumbers');
  const { refNumberFilter: rnf, refNumberRange: rnr } = opts;
  if (rnr && rnr.from === undefined && rnr.to === undefined)
    throw new Error(`${kind}: refNumberRange needs from and/or to`);

  return {
    TxnID: keyList('TxnID', opts.txnIds, 'txnIds'),
    RefNumber: opts.refNumberCaseSensitive ? undefined : refs,
    RefNumberCaseSensitive: opts.refNumberCaseSensitive ? refs : undefined,
    MaxReturned: maxReturned(opts.maxReturned),
    ModifiedDateRangeFilter: modified
      ? {
          FromModifiedDate: dateTime(opts.fromModifiedDate, 'fromModifiedDate'),
          ToModifiedDate: dateTime(opts.toModifiedDate, 'toModifiedDate'),
        }
      : undefined,
    TxnDateRangeFilter: txnDate
      ? { FromTxnDate: date(opts.fromTxnDate, 'fromTxnDate'), ToTxnDate: date(opts.toTxnDate, 'toTxnDate') }
      : undefined,
    EntityFilter: entityFilter,
    RefNumberFilter: rnf && { MatchCriterion: rnf.matchCriterion, RefNumber: rnf.refNumber },
    RefNumberRangeFilter: rnr && { FromRefNumber: rnr.from, ToRefNumber: rnr.to },
    PaidStatus: opts.paidStatus,
    IncludeLineItems: bool(opts.includeLineItems),
    IncludeLinkedTxns: bool(opts.includeLinkedTxns),
    IncludeRetElement: retElements(opts.includeRetElements),
    OwnerID: ownerIds(opts.ownerID),
  };
}

export function invoiceQuery(opts: InvoiceQueryOptions = {}): QbxmlRequest {
  return request('InvoiceQueryRq', txnQueryBody('invoiceQuery', opts, true), opts, queryAttrs(opts));
}

export function salesReceiptQuery(opts: TxnQueryOptions = {}): QbxmlRequest {
  return request(
    'SalesReceiptQueryRq',
    txnQueryBody('salesReceiptQuery', opts, false),
    opts,
    queryAttrs(opts),
  );
}

export function journalEntryQuery(opts: TxnQueryOptions = {}): QbxmlRequest {
  return request(
    'JournalEntryQueryRq',
    txnQueryBody('journalEntryQuery', opts, false),
    opts,
    queryAttrs(opts),
  );
}
