/**
 * A person working in the QuickBooks window: entering a sales receipt, invoice or journal entry by
 * hand, or opening one and changing it. QuickBooks runs the same business logic for its own forms as
 * for the request processor (totals, sales tax, stock, A/R, a new EditSequence and TimeModified), so
 * the simulator expresses each hand action as the qbXML Add/Mod it is equivalent to and runs it
 * through the very handlers QBWC requests go through — one implementation of the rules, two origins.
 *
 * Where the window differs from qbXML it says so below (a changed item brings its own rate and
 * description but keeps the quantity; a changed customer brings its addresses; a journal entry's
 * header Memo, which JournalEntryMod lacks in qbXML 13.0, can be typed in the window).
 */
import type { CompanyCore } from './core.js';
import type { Address, JournalLineRecord, SalesLineEntry, SalesTxnRecord, SalesTxnType } from './model.js';
import type { XElement } from './xml.js';

export interface HandSalesLine {
  /** Item FullName or ListID. A Group item is entered as a group line (its components expand). */
  item?: string;
  description?: string;
  quantity?: number;
  rate?: number;
  amount?: number;
  /** Sales tax code name ('Tax', 'Non') or ListID. */
  salesTaxCode?: string;
}

export interface HandSalesTxnInput {
  /** Customer (or Customer:Job) FullName or ListID. */
  customer: string;
  /** Omitted: QuickBooks proposes the next number, as the form does. */
  refNumber?: string;
  /** `YYYY-MM-DD`; default today (company clock). */
  txnDate?: string;
  memo?: string;
  /** Invoice only (SalesReceipt has no P.O. No. field). */
  poNumber?: string;
  /** Sales tax item FullName or ListID (tax is then computed on Tax-coded lines). */
  salesTaxItem?: string;
  lines: HandSalesLine[];
}

export interface HandJournalLine {
  side: 'Debit' | 'Credit';
  /** Account FullName or ListID. */
  account: string;
  amount: number;
  memo?: string;
  /** Customer FullName or ListID (required by QuickBooks on A/R lines). */
  entity?: string;
}

export interface HandJournalEntryInput {
  refNumber?: string;
  txnDate?: string;
  memo?: string;
  lines: HandJournalLine[];
}

/** One line of an edited sales transaction. */
export interface TxnLinePatch extends HandSalesLine {
  /** An existing line (kept, and changed where fields are given); omitted = a new line. */
  txnLineId?: string;
}

/** One line of an edited journal entry. */
export interface JournalLinePatch {
  /** An existing line (kept, and changed where fields are given); omitted = a new line (then `side` is required). */
  txnLineId?: string;
  side?: 'Debit' | 'Credit';
  account?: string;
  amount?: number;
  /** '' clears the line memo. */
  memo?: string;
  entity?: string;
}

/**
 * What a person changes on an open transaction. Header fields left out stay as they are. `lines` /
 * `journalLines`, when given, are the complete new list of lines, in order (like the form: a line
 * not listed is deleted; `{ txnLineId }` alone keeps a line unchanged).
 */
export interface TxnPatch {
  /** '' clears it. */
  memo?: string;
  /** '' clears it. */
  refNumber?: string;
  txnDate?: string;
  /** Invoice/SalesReceipt: FullName or ListID of the new customer. */
  customer?: string;
  /** Invoice only. '' clears it. */
  poNumber?: string;
  /** Invoice/SalesReceipt lines. */
  lines?: TxnLinePatch[];
  /** JournalEntry lines; the result must balance (else 3180, like the form refusing to save). */
  journalLines?: JournalLinePatch[];
}

// ---------------------------------------------------------------------------------------------
// element construction (parsed-request shape, so the handlers cannot tell it from QBWC input)

type Maybe<T> = T | undefined;

function x(name: string, children: readonly Maybe<XElement>[] = [], text = ''): XElement {
  return { name, attrs: {}, children: children.filter((c): c is XElement => c !== undefined), text };
}

function leaf(name: string, value: string | undefined): Maybe<XElement> {
  return value === undefined ? undefined : x(name, [], value);
}

/** `<XRef>` by ListID when the value is one the company knows, else by FullName (QuickBooks then resolves it). */
function ref(core: CompanyCore, name: string, value: string | undefined): Maybe<XElement> {
  if (value === undefined) return undefined;
  return x(name, [x(core.fullNameOf(value) !== undefined ? 'ListID' : 'FullName', [], value)]);
}

function amountText(n: number | undefined, field: string): string | undefined {
  if (n === undefined) return undefined;
  if (!Number.isFinite(n) || Math.abs(n * 100 - Math.round(n * 100)) > 1e-6)
    throw new Error(`${field} ${n} is not a whole number of cents`);
  return n.toFixed(2);
}

function decimalText(n: number | undefined): string | undefined {
  return n === undefined ? undefined : String(Number(n.toFixed(5)));
}

function addressEl(name: string, a: Address | undefined): Maybe<XElement> {
  if (!a) return undefined;
  const keys = [
    'Addr1',
    'Addr2',
    'Addr3',
    'Addr4',
    'Addr5',
    'City',
    'State',
    'PostalCode',
    'Country',
    'Note',
  ] as const;
  const kids = keys.map((k) => leaf(k, a[k]));
  return kids.some((k) => k !== undefined) ? x(name, kids) : undefined;
}

function isGroupItem(core: CompanyCore, item: string | undefined): boolean {
  if (item === undefined) return false;
  return (core.itemById(item) ?? core.itemByName(item))?.ItemType === 'Group';
}

function salesLineAdd(core: CompanyCore, type: SalesTxnType, l: HandSalesLine): XElement {
  if (isGroupItem(core, l.item)) {
    return x(`${type}LineGroupAdd`, [
      ref(core, 'ItemGroupRef', l.item),
      leaf('Quantity', decimalText(l.quantity)),
    ]);
  }
  return x(`${type}LineAdd`, [
    ref(core, 'ItemRef', l.item),
    leaf('Desc', l.description),
    leaf('Quantity', decimalText(l.quantity)),
    leaf('Rate', decimalText(l.rate)),
    leaf('Amount', amountText(l.amount, 'amount')),
    ref(core, 'SalesTaxCodeRef', l.salesTaxCode),
  ]);
}

/** `<InvoiceAddRq>` / `<SalesReceiptAddRq>` equivalent to filling in the form and saving it. */
export function handSalesAdd(core: CompanyCore, type: SalesTxnType, input: HandSalesTxnInput): XElement {
  if (input.poNumber !== undefined && type !== 'Invoice')
    throw new Error('a sales receipt has no P.O. number field');
  if (input.lines.length === 0) throw new Error('a transaction needs at least one line');
  return x(`${type}AddRq`, [
    x(`${type}Add`, [
      ref(core, 'CustomerRef', input.customer),
      leaf('TxnDate', input.txnDate),
      leaf('RefNumber', input.refNumber),
      leaf('PONumber', input.poNumber),
      ref(core, 'ItemSalesTaxRef', input.salesTaxItem),
      leaf('Memo', input.memo),
      ...input.lines.map((l) => salesLineAdd(core, type, l)),
    ]),
  ]);
}

/** `<JournalEntryAddRq>` equivalent to the Make General Journal Entries window. */
export function handJournalAdd(core: CompanyCore, input: HandJournalEntryInput): XElement {
  if (input.lines.length === 0) throw new Error('a journal entry needs lines');
  return x('JournalEntryAddRq', [
    x('JournalEntryAdd', [
      leaf('TxnDate', input.txnDate),
      leaf('RefNumber', input.refNumber),
      leaf('Memo', input.memo),
      ...input.lines.map((l) =>
        x(l.side === 'Debit' ? 'JournalDebitLine' : 'JournalCreditLine', [
          ref(core, 'AccountRef', l.account),
          leaf('Amount', amountText(l.amount, 'amount')),
          leaf('Memo', l.memo),
          ref(core, 'EntityRef', l.entity),
        ]),
      ),
    ]),
  ]);
}

function salesLineMod(
  core: CompanyCore,
  type: SalesTxnType,
  current: readonly SalesLineEntry[],
  p: TxnLinePatch,
): XElement {
  const prev = p.txnLineId === undefined ? undefined : current.find((l) => l.TxnLineID === p.txnLineId);
  if (p.txnLineId !== undefined && !prev) throw new Error(`no line "${p.txnLineId}" on this transaction`);
  if (prev?.kind === 'group' || (!prev && isGroupItem(core, p.item))) {
    return x(`${type}LineGroupMod`, [
      x('TxnLineID', [], prev?.TxnLineID ?? '-1'),
      ref(core, 'ItemGroupRef', p.item),
      leaf('Quantity', decimalText(p.quantity)),
    ]);
  }
  // Changing the item on a line: the form brings the new item's rate and description but keeps the
  // quantity typed there (buildLine would otherwise fall back to 1).
  const newItem = p.item === undefined ? undefined : (core.itemById(p.item) ?? core.itemByName(p.item));
  const kept = prev?.kind === 'line' ? prev : undefined;
  const itemChanges = !!kept && !!newItem && newItem.ListID !== kept.ItemListID;
  const quantity = p.quantity ?? (itemChanges ? kept?.Quantity : undefined);
  return x(`${type}LineMod`, [
    x('TxnLineID', [], prev?.TxnLineID ?? '-1'),
    ref(core, 'ItemRef', p.item),
    leaf('Desc', p.description),
    leaf('Quantity', decimalText(quantity)),
    leaf('Rate', decimalText(p.rate)),
    leaf('Amount', amountText(p.amount, 'amount')),
    ref(core, 'SalesTaxCodeRef', p.salesTaxCode),
  ]);
}

/** `<InvoiceModRq>` / `<SalesReceiptModRq>` equivalent to editing the open form and saving it. */
export function handSalesMod(core: CompanyCore, t: SalesTxnRecord, patch: TxnPatch): XElement {
  const type = t.TxnType;
  if (patch.journalLines) throw new Error(`journalLines do not apply to a ${type}; use lines`);
  if (patch.poNumber !== undefined && type !== 'Invoice')
    throw new Error('a sales receipt has no P.O. number field');
  const customer =
    patch.customer === undefined
      ? undefined
      : (core.customerById(patch.customer) ?? core.customerByName(patch.customer));
  if (patch.customer !== undefined && !customer) throw new Error(`no customer "${patch.customer}"`);
  const newCustomer = customer && customer.ListID !== t.CustomerListID ? customer : undefined;
  return x(`${type}ModRq`, [
    x(`${type}Mod`, [
      x('TxnID', [], t.TxnID),
      x('EditSequence', [], t.EditSequence),
      newCustomer ? ref(core, 'CustomerRef', newCustomer.ListID) : undefined,
      leaf('TxnDate', patch.txnDate),
      leaf('RefNumber', patch.refNumber),
      // Choosing another customer fills the form's addresses from that customer.
      addressEl('BillAddress', newCustomer?.BillAddress),
      addressEl('ShipAddress', newCustomer?.ShipAddress),
      leaf('PONumber', patch.poNumber),
      leaf('Memo', patch.memo),
      ...(patch.lines ?? []).map((l) => salesLineMod(core, type, t.lines, l)),
    ]),
  ]);
}

/** `<JournalEntryModRq>` for the window's edit (the header Memo is applied by the caller, see above). */
export function handJournalMod(
  core: CompanyCore,
  t: { TxnID: string; EditSequence: string; lines: readonly JournalLineRecord[] },
  patch: TxnPatch,
): XElement {
  if (patch.lines) throw new Error('lines do not apply to a JournalEntry; use journalLines');
  if (patch.customer !== undefined || patch.poNumber !== undefined)
    throw new Error('a journal entry has no customer or P.O. number (set entity on its lines)');
  return x('JournalEntryModRq', [
    x('JournalEntryMod', [
      x('TxnID', [], t.TxnID),
      x('EditSequence', [], t.EditSequence),
      leaf('TxnDate', patch.txnDate),
      leaf('RefNumber', patch.refNumber),
      ...(patch.journalLines ?? []).map((l) => {
        if (l.txnLineId !== undefined && !t.lines.some((p) => p.TxnLineID === l.txnLineId))
          throw new Error(`no line "${l.txnLineId}" on this journal entry`);
        if (l.txnLineId === undefined && !l.side) throw new Error('a new journal line needs a side');
        return x('JournalLineMod', [
          x('TxnLineID', [], l.txnLineId ?? '-1'),
          leaf('JournalLineType', l.side),
          ref(core, 'AccountRef', l.account),
          leaf('Amount', amountText(l.amount, 'amount')),
          leaf('Memo', l.memo),
          ref(core, 'EntityRef', l.entity),
        ]);
      }),
    ]),
  ]);
}
