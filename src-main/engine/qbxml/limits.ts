import { foldToLatin1 } from './latin1';
/**
 * QuickBooks Desktop field-length limits and the helpers every request builder uses so that nothing we send
 * exceeds a limit.
 *
 * Numbers come from the maxLength facets in the qbXML 13.0 schema (qbxml130.xsd); where the schema leaves a field
 * unbounded (e.g. ItemRef/FullName, JournalEntryAdd/Memo) we use the OSR limit for the same field elsewhere.
 *
 * - `key` fields identify a record (names, refs, RefNumber, IDs). Truncating them would silently point at a
 *   different record or break deduplication, so an over-long key throws a QbxmlLimitError.
 * - `line` fields are free text on one line (address lines, company name...): control characters and line breaks
 *   are collapsed to spaces, then the value is truncated.
 * - `multiline` fields are free text that may keep line breaks (Memo, Desc, Notes): truncated only.
 */

export const FIELD_LIMITS = {
  // keys
  RefNumber: { max: 11, kind: 'key' },
  ListID: { max: 36, kind: 'key' },
  TxnID: { max: 36, kind: 'key' },
  TxnLineID: { max: 36, kind: 'key' },
  EditSequence: { max: 16, kind: 'key' },
  CustomerName: { max: 41, kind: 'key' },
  ItemName: { max: 31, kind: 'key' },
  /** FullName of a customer/job (CustomerListRef): up to 5 levels of 41 chars joined by ':'. */
  CustomerFullName: { max: 209, kind: 'key' },
  /** FullName of a hierarchical list (ListRef: accounts, classes, items...). */
  ListFullName: { max: 159, kind: 'key' },
  /** FullName of a flat list (SimpleListRef: templates, terms, payment methods, price levels...). */
  SimpleListFullName: { max: 31, kind: 'key' },
  ShipMethodFullName: { max: 15, kind: 'key' },
  SalesTaxCodeFullName: { max: 3, kind: 'key' },
  CustomerMsgFullName: { max: 101, kind: 'key' },
  ManufacturerPartNumber: { max: 31, kind: 'key' },
  IncludeRetElement: { max: 50, kind: 'key' },
  // free text, single line
  PONumber: { max: 25, kind: 'line' },
  Addr: { max: 41, kind: 'line' },
  City: { max: 31, kind: 'line' },
  State: { max: 21, kind: 'line' },
  PostalCode: { max: 13, kind: 'line' },
  Country: { max: 31, kind: 'line' },
  AddressNote: { max: 41, kind: 'line' },
  CompanyName: { max: 41, kind: 'line' },
  Salutation: { max: 15, kind: 'line' },
  FirstName: { max: 25, kind: 'line' },
  MiddleName: { max: 5, kind: 'line' },
  LastName: { max: 25, kind: 'line' },
  Phone: { max: 21, kind: 'line' },
  Fax: { max: 21, kind: 'line' },
  Email: { max: 1023, kind: 'line' },
  Contact: { max: 41, kind: 'line' },
  FOB: { max: 13, kind: 'line' },
  CheckNumber: { max: 25, kind: 'line' },
  Other: { max: 29, kind: 'line' },
  Other1: { max: 29, kind: 'line' },
  Other2: { max: 29, kind: 'line' },
  // free text, multi line
  Memo: { max: 4095, kind: 'multiline' },
  Desc: { max: 4095, kind: 'multiline' },
  Notes: { max: 4095, kind: 'multiline' },
} as const satisfies Record<string, { max: number; kind: 'key' | 'line' | 'multiline' }>;

export type LimitedField = keyof typeof FIELD_LIMITS;

export class QbxmlLimitError extends Error {
  constructor(
    readonly field: string,
    readonly length: number,
    readonly max: number,
    message?: string,
  ) {
    super(message ?? `${field} is ${length} characters long; QuickBooks allows at most ${max}`);
    this.name = 'QbxmlLimitError';
  }
}

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
// Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001F\u007F\u0085\u2028\u2029]+/g;
const HAS_LINE_BREAK_OR_CONTROL = /[\u0000-\u001F\u007F\u0085\u2028\u2029]/;
/* eslint-enable no-control-regex */

/** Removes characters that cannot appear in an XML 1.0 document. */
export function stripInvalidXmlChars(value: string): string {
  return value.replace(XML_INVALID, '');
}

/** Length in characters as the schema (and xmllint) count them: code points, not UTF-16 units. */
export function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Truncates to at most `max` code points without splitting a surrogate pair. */
export function truncateChars(value: string, max: number): string {
  if (value.length <= max) return value;
  return Array.from(value).slice(0, max).join('');
}

/**
 * Makes a free-text value safe for `field`: strips XML-invalid characters, folds to what QuickBooks
 * can store (ISO-8859-1, latin1.ts), flattens line breaks for single-line
 * fields, trims, and truncates to the limit. Throws for key fields (use requireKey for those).
 */
export function clampText(field: LimitedField, value: string): string {
  const limit = FIELD_LIMITS[field];
  if (limit.kind === 'key') throw new Error(`clampText: ${field} is a key field and must not be truncated`);
  let v = foldToLatin1(stripInvalidXmlChars(value));
  if (limit.kind === 'line') v = v.replace(LINE_BREAKS_AND_CONTROLS, ' ');
  v = v.trim();
  return truncateChars(v, limit.max).trimEnd();
}

/**
 * Validates a key value for `field`: non-empty, no surrounding whitespace, no control characters, within the limit.
 * Returns it unchanged, or throws a QbxmlLimitError / Error that names the field.
 */
export function requireKey(field: LimitedField, value: string, label: string = field): string {
  const limit = FIELD_LIMITS[field];
  if (value.length === 0) throw new Error(`${label} must not be empty`);
  if (value !== value.trim())
    throw new Error(`${label} must not start or end with whitespace: ${JSON.stringify(value)}`);
  if (HAS_LINE_BREAK_OR_CONTROL.test(value) || stripInvalidXmlChars(value) !== value) {
    throw new Error(`${label} must not contain control characters or line breaks: ${JSON.stringify(value)}`);
  }
  const len = charLength(value);
  if (len > limit.max)
    throw new QbxmlLimitError(
      label,
      len,
      limit.max,
      `${label} ${JSON.stringify(value)} is ${len} characters long; QuickBooks allows at most ${limit.max}`,
    );
  return value;
}

/** A list element's own Name (not FullName): a key that additionally cannot contain ':' (the hierarchy separator). */
export function requireListName(
  field: 'CustomerName' | 'ItemName',
  value: string,
  label: string = 'Name',
): string {
  requireKey(field, value, label);
  if (value.includes(':'))
    throw new Error(
      `${label} ${JSON.stringify(value)} must not contain ':' (QuickBooks uses it to separate parent and child names)`,
    );
  return value;
}
