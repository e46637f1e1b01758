/**
 * Errors and status codes of the simulated QuickBooks company.
 *
 * Two levels, as in real QuickBooks:
 *  - document level: the request processor refuses the whole QBXML document and the Web Connector
 *    reports an HRESULT to receiveResponseXML (no QBXML response at all) — `QbHresultError`,
 *    `QbxmlDocumentError` (0x80040400, the one every qbXML developer meets: malformed XML, element
 *    out of schema order, unknown child element, missing required element, bad enum value…);
 *  - request level: one `…Rs` element carries statusCode/statusSeverity/statusMessage — `QbStatusError`
 *    thrown by a handler and rendered by the dispatcher.
 *
 * Status codes follow Intuit's "Status codes in response messages" appendix (qbXML SDK OSR):
 * 0–499 Info, 500–999 Warn, 1000+ Error. Messages are worded like the ones real QuickBooks returns
 * (see samples/flowlink/*_rs*.xml for 0, 1, 3140).
 */

export type StatusSeverity = 'Info' | 'Warn' | 'Error';

/** The whole document was refused before anything ran (what QBWC passes to receiveResponseXML as hresult/message). */
export class QbHresultError extends Error {
  constructor(
    readonly hresult: string,
    message: string,
    /** Simulator-only explanation (real QuickBooks never says which element was wrong). */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'QbHresultError';
  }
}

export const HRESULT_PARSE_ERROR = '0x80040400';
export const PARSE_ERROR_MESSAGE = 'QuickBooks found an error when parsing the provided XML text stream.';
/** Used by the `busy` fault: QuickBooks is showing a modal dialog / cannot be started by the request processor. */
export const HRESULT_COULD_NOT_START = '0x80040408';
export const COULD_NOT_START_MESSAGE = 'Could not start QuickBooks.';
/**
 * QuickBooks is showing a modal dialog: the QuickBooks SDK's error text for 0x80040414, as QBWC
 * passes it on (listed with the SDK's other hresults in QuickBooks integrations built on
 * consolibyte/quickbooks-php, e.g. Exspeedite's error handler).
 */
export const HRESULT_MODAL_DIALOG = '0x80040414';
export const MODAL_DIALOG_MESSAGE =
  'A modal dialog box is showing in the QuickBooks user interface. Your application cannot access QuickBooks until the user dismisses the dialog box.';

/** Malformed or schema-invalid QBXML document: hresult 0x80040400, nothing executed. */
export class QbxmlDocumentError extends QbHresultError {
  constructor(detail: string) {
    super(HRESULT_PARSE_ERROR, PARSE_ERROR_MESSAGE, detail);
    this.name = 'QbxmlDocumentError';
  }
}

/** A single request failed (or warns); rendered as the request's `…Rs` status attributes. */
export class QbStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly statusMessage: string,
    readonly statusSeverity: StatusSeverity = statusCode >= 1000
      ? 'Error'
      : statusCode >= 500
        ? 'Warn'
        : 'Info',
  ) {
    super(`${statusCode}: ${statusMessage}`);
    this.name = 'QbStatusError';
  }
}

export const STATUS_OK = { statusCode: 0, statusSeverity: 'Info', statusMessage: 'Status OK' } as const;

/**
 * Default statusMessage of a warning (500–999) answered by the `forcedWarnings` fault, worded as in
 * Intuit's "Status codes in response messages" appendix
 * (developer.intuit.com/app/developer/qbdesktop/docs/develop/exploring-the-quickbooks-desktop-sdk/status-codes-in-response-messages):
 * 500 one or more objects cannot be found, 501 object not in this qbXML spec, 510 object cannot be
 * returned, 530 unsupported field, 531 unsupported enum value, 550 notes not saved, 560 deprecated
 * field, 570 cannot link to a closed transaction. The older SDK OSR page (QBD-errorcodes.html) defines
 * the range: "QuickBooks processed the request and has returned data in the remainder of the message,
 * but the results might not be consistent with what you expected." 530 is the one integrators meet
 * on Adds (jsgoupil/quickbooks-sync#1: fields such as InvoiceLineAdd.IsTaxable warn under qbXML 13).
 * `object` is the request's object (Invoice, Customer, …), `value` a key the request names, if any.
 */
export function warningMessage(code: number, object: string, value: string | undefined): string {
  switch (code) {
    case 500:
      return `The query request has not been fully completed. There was a required element (${q(value ?? object)}) that could not be found in QuickBooks.`;
    case 501:
      return `Unable to represent ${object} ${q(value ?? object)} in this version of the qbXML spec.`;
    case 510:
      return 'Unable to return object.';
    case 530:
      return 'The field "IsTaxable" is not supported by this implementation.';
    case 531:
      return 'The enum value "Email" in the field "PreferredDeliveryMethod" is not supported by this implementation.';
    case 550:
      return `The ${q(object)} object was saved successfully, but its corresponding Notes record could not be saved.`;
    case 560:
      return 'Use of this field is no longer recommended. Although it is currently supported, it may be removed from a future release.';
    case 570:
      return `Unable to link to transaction ${q(value ?? object)} because it has already been closed.`;
    case 600:
      return ''; // "For error recovery; no message is returned."
    default:
      return `QuickBooks processed the request with warning ${code}.`;
  }
}

/** statusCode 1 (Info): a filter query matched nothing. Exact text from item_inventory_query_rs_empty.xml. */
export const NO_MATCH_MESSAGE = 'A query request did not find a matching object in QuickBooks';

const q = (s: string): string => `"${s}"`;

export const Status = {
  noMatch: () => new QbStatusError(1, NO_MATCH_MESSAGE, 'Info'),
  /** 500 Warn: a ListID/FullName/TxnID asked for explicitly does not exist; the others are still returned. */
  notAllFound: (value: string) =>
    new QbStatusError(
      500,
      `The query request has not been fully completed. There was a required element (${q(value)}) that could not be found in QuickBooks.`,
      'Warn',
    ),
  /** 1030: request type this company does not implement (real QB: valid qbXML the product/version does not support). */
  unsupported: () => new QbStatusError(1030, 'This request is not supported by this implementation.'),
  invalidBoolean: (value: string, field: string) =>
    new QbStatusError(
      3010,
      `There was an error when converting the boolean value ${q(value)} in the field ${q(field)}.`,
    ),
  invalidDate: (value: string, field: string) =>
    new QbStatusError(
      3020,
      `There was an error when converting the date value ${q(value)} in the field ${q(field)}.`,
    ),
  invalidDateRange: () => new QbStatusError(3030, 'Invalid date range: From date is greater than To date.'),
  invalidAmount: (value: string, field: string) =>
    new QbStatusError(
      3040,
      `There was an error when converting the amount ${q(value)} in the field ${q(field)}.`,
    ),
  tooLong: (value: string, field: string) =>
    new QbStatusError(3070, `The string ${q(value)} in the field ${q(field)} is too long.`),
  nameInUse: (name: string) =>
    new QbStatusError(3100, `The name ${q(name)} of the list element is already in use.`),
  notFound: (id: string) =>
    new QbStatusError(3120, `Object ${q(id)} specified in the request cannot be found.`),
  /** 3130: ParentRef of a list Add does not exist (seen in real continueOnError batches, hotglue notes). */
  invalidParent: (parent: string, list: string) =>
    new QbStatusError(3130, `There is an invalid reference to a parent ${q(parent)} in the ${list} list.`),
  /** 3140, worded exactly like sales_order_add_rs_invalid_record_ref.xml. `where` is e.g. "Invoice" or "Invoice line". */
  invalidRef: (listName: string, value: string, where: string) =>
    new QbStatusError(
      3140,
      `There is an invalid reference to QuickBooks ${listName} ${q(value)} in the ${where}.  QuickBooks error message: Invalid argument.  The specified record does not exist in the list.`,
    ),
  /**
   * 3180 "There was an error when saving a …": used for business-rule refusals of an otherwise valid
   * request (unbalanced journal entry, item without an account, group item on a plain line, …).
   */
  saveError: (what: string, qbMessage: string) =>
    new QbStatusError(
      3180,
      `There was an error when saving ${/^[AEIOU]/i.test(what) ? 'an' : 'a'} ${what}.  QuickBooks error message: ${qbMessage}`,
    ),
  staleEditSequence: (editSequence: string) =>
    new QbStatusError(3200, `The provided edit sequence ${q(editSequence)} is out-of-date.`),
  /**
   * 3391 for an unknown, finished or expired iterator: real QuickBooks answers
   * `3391: The iteratorID "{…}" is not valid.` (reported verbatim by quickbooks-php users,
   * consolibyte/quickbooks-php#183). Severity Error.
   */
  invalidIterator: (iteratorID: string) =>
    new QbStatusError(3391, `The iteratorID ${q(iteratorID)} is not valid.`),
} as const;
