import type { QbxmlRs } from './parse';

/**
 * QuickBooks statusCode values we handle. Ranges (OSR): 0-499 info, 500-999 warning (data returned, maybe
 * incomplete), 1000+ error (no data). Decide on the code, not on statusSeverity: QuickBooks has been seen to send
 * error codes with severity "Info".
 *
 * retry:
 *  - 'no'      : retrying the same request cannot succeed; needs data/mapping/user action.
 *  - 'later'   : transient (record locked or being edited by a QuickBooks user); resend later unchanged.
 *  - 'requery' : re-query the object for a fresh EditSequence, re-apply the change, resend.
 *  - 'message' : depends on statusMessage; see isRetryable().
 */
export type RetryPolicy = 'no' | 'later' | 'requery' | 'message';

export interface StatusInfo {
  code: number;
  name: string;
  meaning: string;
  retry: RetryPolicy;
}

const table: StatusInfo[] = [
  { code: 0, name: 'ok', meaning: 'Status OK', retry: 'no' },
  {
    code: 1,
    name: 'noMatch',
    meaning: 'A query found no matching object (an empty result, not an error)',
    retry: 'no',
  },
  {
    code: 500,
    name: 'someObjectsNotFound',
    meaning: 'The query completed partially: some requested objects (e.g. listed ListIDs) were not found',
    retry: 'no',
  },
  {
    code: 1000,
    name: 'internalError',
    meaning: 'QuickBooks internal error while processing the request',
    retry: 'later',
  },
  { code: 3000, name: 'invalidObjectId', meaning: 'A ListID/TxnID in the request is malformed', retry: 'no' },
  {
    code: 3100,
    name: 'nameNotUnique',
    meaning: 'The name is already in use by another list element (possibly of a different type)',
    retry: 'no',
  },
  {
    code: 3120,
    name: 'objectNotFound',
    meaning: 'The object referenced by the request (e.g. TxnID/ListID to modify or delete) cannot be found',
    retry: 'no',
  },
  {
    code: 3130,
    name: 'invalidParentReference',
    meaning: 'The parent referenced by ParentRef does not exist',
    retry: 'no',
  },
  {
    code: 3140,
    name: 'invalidReference',
    meaning: 'A reference (customer, item, account, ...) points at nothing in QuickBooks',
    retry: 'no',
  },
  { code: 3150, name: 'missingRequiredElement', meaning: 'A required element is missing', retry: 'no' },
  {
    code: 3170,
    name: 'modifyError',
    meaning:
      'The object could not be modified: locked by a QuickBooks user (temporary), or refused for good (e.g. "in use by other records"); the message says which',
    retry: 'message',
  },
  {
    code: 3175,
    name: 'objectInUse',
    meaning:
      'The record (or its list) is in use: locked by another user (temporary), or used by other records (permanent); the message says which',
    retry: 'message',
  },
  {
    code: 3176,
    name: 'objectBeingEdited',
    meaning: 'The record is being edited by another user',
    retry: 'later',
  },
  {
    code: 3180,
    name: 'saveError',
    meaning:
      'QuickBooks refused to save the object; the message says why (a lock is transient, anything else is not)',
    retry: 'message',
  },
  {
    code: 3200,
    name: 'staleEditSequence',
    meaning: 'The EditSequence is out of date: the object changed since it was read',
    retry: 'requery',
  },
  {
    code: 3210,
    name: 'invalidFieldValue',
    meaning: 'A field has a value QuickBooks rejects (the message names the field and the reason)',
    retry: 'no',
  },
  {
    code: 3250,
    name: 'featureNotEnabled',
    meaning: 'The feature is not enabled or not available in this QuickBooks edition/company preferences',
    retry: 'no',
  },
  {
    code: 3260,
    name: 'insufficientPermission',
    meaning: 'The QuickBooks user the Web Connector runs as lacks permission for this action',
    retry: 'no',
  },
  {
    code: 3261,
    name: 'noSensitiveDataPermission',
    meaning: 'The integrated application is not allowed to access personal (sensitive) data',
    retry: 'no',
  },
  {
    code: 9001,
    name: 'invalidChecksum',
    meaning: 'Error recovery: invalid checksum for the message set (re-query state instead of resending)',
    retry: 'no',
  },
];

export const QB_STATUS: ReadonlyMap<number, StatusInfo> = new Map(table.map((s) => [s.code, s]));

export function statusInfo(code: number): StatusInfo {
  const known = QB_STATUS.get(code);
  if (known) return known;
  const kind = code < 500 ? 'info' : code < 1000 ? 'warning' : 'error';
  return {
    code,
    name: `unknown${kind[0]!.toUpperCase()}${kind.slice(1)}`,
    meaning: `Unlisted QuickBooks ${kind} status ${code}`,
    retry: 'no',
  };
}

type Status = Pick<QbxmlRs, 'statusCode'> & Partial<Pick<QbxmlRs, 'statusMessage'>>;

export const isOk = (rs: Status): boolean => rs.statusCode === 0;
/** Status 1: the query matched nothing. Not an error. */
export const isEmpty = (rs: Status): boolean => rs.statusCode === 1;
/** 0 or 1: the request did what was asked (a query may just have found nothing). */
export const isSuccess = (rs: Status): boolean => rs.statusCode === 0 || rs.statusCode === 1;
export const isWarning = (rs: Status): boolean => rs.statusCode >= 500 && rs.statusCode < 1000;
/**
 * 0, 1 or a warning (500–999): QuickBooks did what was asked. A warning's Add or Mod was saved and its
 * Ret is real data; treating it as a failure loses the TxnID/ListID and invites a duplicate.
 */
export const isApplied = (rs: Status): boolean => isSuccess(rs) || isWarning(rs);
export const isError = (rs: Status): boolean => rs.statusCode >= 1000;

// Messages QuickBooks uses when a save fails only because something was locked at that moment.
const LOCK_MESSAGE =
  /in use|being edited|modified by another user|could not be locked|failed to acquire the lock|locked/i;
// "In use" that no waiting cures: the record is referenced by other records or transactions.
const PERMANENT_MESSAGE =
  /in use by (other|another) (records?|transactions?|list|element)|used (in|by) (other )?transactions|cannot be (deleted|made inactive)/i;

/** Whether resending (possibly after a re-query, see statusInfo().retry) can succeed. */
export function isRetryable(rs: Status): boolean {
  const { retry } = statusInfo(rs.statusCode);
  if (retry === 'message')
    return LOCK_MESSAGE.test(rs.statusMessage ?? '') && !PERMANENT_MESSAGE.test(rs.statusMessage ?? '');
  return retry === 'later' || retry === 'requery';
}
