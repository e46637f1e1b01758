import type { QbxmlRequest } from '../envelope';
import { sequence, type XmlBody, type XmlSequence } from '../xmlBody';
import {
  address,
  amount,
  bool,
  date,
  key,
  price,
  quantity,
  ref,
  request,
  retElements,
  text,
  type QbAddressInput,
  type QbRefInput,
  type RequestOptions,
  type RetElementOptions,
} from './common';

/** One sales line. Give rate (PRICETYPE, with quantity) and/or amount (AMTTYPE); a line with only desc is a comment. */
export interface SalesLineInput {
  item?: QbRefInput;
  desc?: string;
  quantity?: number;
  rate?: number;
  class?: QbRefInput;
  amount?: number;
  serviceDate?: string;
  salesTaxCode?: QbRefInput;
  other1?: string;
  other2?: string;
}

export interface SalesLineModInput extends SalesLineInput {
  /** TxnLineID of the existing line, or '-1' to add a new line. */
  txnLineId: string;
}

/**
 * A group item (bundle) sold as a line group: QuickBooks adds its component lines at their own
 * prices, times the quantity (the schema gives a group line no rate or amount).
 */
export interface SalesLineGroupInput {
  kind: 'group';
  group: QbRefInput;
  desc?: string;
  quantity?: number;
  serviceDate?: string;
}

/** An existing line group (its TxnLineID) or a new one ('-1' with group). Listed component lines are kept, the rest deleted. */
export interface SalesLineGroupModInput {
  kind: 'group';
  txnLineId: string;
  group?: QbRefInput;
  quantity?: number;
  lines?: SalesLineModInput[];
}

const isGroup = (l: object): l is SalesLineGroupInput | SalesLineGroupModInput =>
  'kind' in l && l.kind === 'group';

/** Header fields common to invoices and sales receipts (each builder emits them in its own schema order). */
export interface SalesTxnHeaderInput extends RequestOptions, RetElementOptions {
  class?: QbRefInput;
  template?: QbRefInput;
  /** DATETYPE YYYY-MM-DD. */
  txnDate?: string;
  /** At most 11 characters; see qbRefNumberFor(). Throws when longer (it is our dedup key). */
  refNumber?: string;
  billAddress?: QbAddressInput;
  shipAddress?: QbAddressInput;
  isPending?: boolean;
  dueDate?: string;
  shipDate?: string;
  shipMethod?: QbRefInput;
  fob?: string;
  itemSalesTax?: QbRefInput;
  memo?: string;
  customerMsg?: QbRefInput;
  isToBePrinted?: boolean;
  isToBeEmailed?: boolean;
  isTaxIncluded?: boolean;
  customerSalesTaxCode?: QbRefInput;
  other?: string;
}

export interface InvoiceAddInput extends SalesTxnHeaderInput {
  customer: QbRefInput;
  arAccount?: QbRefInput;
  /** Free text, truncated to 25 characters. */
  poNumber?: string;
  terms?: QbRefInput;
  lines: (SalesLineInput | SalesLineGroupInput)[];
}

/**
 * Fields left undefined are not changed. If `lines` is given, QuickBooks keeps only the lines listed (existing
 * lines by txnLineId, new lines with '-1') and deletes every other line of the invoice.
 */
export interface InvoiceModInput extends Omit<InvoiceAddInput, 'customer' | 'lines'> {
  txnId: string;
  editSequence: string;
  customer?: QbRefInput;
  lines?: (SalesLineModInput | SalesLineGroupModInput)[];
}

export interface SalesReceiptAddInput extends SalesTxnHeaderInput {
  customer?: QbRefInput;
  checkNumber?: string;
  paymentMethod?: QbRefInput;
  /** Where the money goes; QuickBooks defaults to Undeposited Funds. */
  depositToAccount?: QbRefInput;
  lines: (SalesLineInput | SalesLineGroupInput)[];
}

/** Same line semantics as InvoiceModInput. */
export interface SalesReceiptModInput extends Omit<SalesReceiptAddInput, 'lines'> {
  txnId: string;
  editSequence: string;
  lines?: (SalesLineModInput | SalesLineGroupModInput)[];
}

// Line core shared by *LineAdd and *LineMod: ItemRef, Desc, Quantity, Rate, ClassRef, Amount, ... in schema order.
function lineBody(line: SalesLineInput, label: string, txnLineId?: string): XmlBody {
  return {
    TxnLineID: txnLineId,
    ItemRef: ref(line.item, 'ListFullName', `${label}.item`),
    Desc: text('Desc', line.desc),
    Quantity: quantity(line.quantity, `${label}.quantity`),
    Rate: price(line.rate, `${label}.rate`),
    ClassRef: ref(line.class, 'ListFullName', `${label}.class`),
    Amount: amount(line.amount, `${label}.amount`),
    ServiceDate: date(line.serviceDate, `${label}.serviceDate`),
    SalesTaxCodeRef: ref(line.salesTaxCode, 'SalesTaxCodeFullName', `${label}.salesTaxCode`),
    Other1: text('Other1', line.other1),
    Other2: text('Other2', line.other2),
  };
}

function groupAddBody(g: SalesLineGroupInput, label: string): XmlBody {
  return {
    ItemGroupRef: ref(g.group, 'ListFullName', `${label}.group`),
    Desc: text('Desc', g.desc),
    Quantity: quantity(g.quantity, `${label}.quantity`),
    ServiceDate: date(g.serviceDate, `${label}.serviceDate`),
  };
}

// Plain lines and line groups interleave in the order given (the schema's repeated choice).
function addLines(
  type: 'Invoice' | 'SalesReceipt',
  lines: (SalesLineInput | SalesLineGroupInput)[],
  what: string,
): XmlSequence {
  if (lines.length === 0) throw new Error(`${what}: at least one line is required`);
  return sequence(
    lines.map((l, i) =>
      isGroup(l)
        ? ([`${type}LineGroupAdd`, groupAddBody(l as SalesLineGroupInput, `lines[${i}]`)] as const)
        : ([`${type}LineAdd`, lineBody(l as SalesLineInput, `lines[${i}]`)] as const),
    ),
  );
}

function modLines(
  type: 'Invoice' | 'SalesReceipt',
  lines: (SalesLineModInput | SalesLineGroupModInput)[] | undefined,
  what: string,
): XmlSequence | undefined {
  if (lines === undefined) return undefined;
  if (lines.length === 0) {
    throw new Error(`${what}: lines must not be empty; omit it to leave the lines unchanged`);
  }
  const lineMod = (l: SalesLineModInput, label: string): XmlBody =>
    lineBody(l, label, key('TxnLineID', l.txnLineId, `${label}.txnLineId`));
  return sequence(
    lines.map((l, i) => {
      const label = `lines[${i}]`;
      if (!isGroup(l)) return [`${type}LineMod`, lineMod(l as SalesLineModInput, label)] as const;
      const g = l as SalesLineGroupModInput;
      if (g.txnLineId === '-1' && !g.group)
        throw new Error(`${what}: ${label}: a new line group needs its group item`);
      return [
        `${type}LineGroupMod`,
        {
          TxnLineID: key('TxnLineID', g.txnLineId, `${label}.txnLineId`),
          ItemGroupRef: ref(g.group, 'ListFullName', `${label}.group`),
          Quantity: quantity(g.quantity, `${label}.quantity`),
          [`${type}LineMod`]: g.lines?.map((c, j) => lineMod(c, `${label}.lines[${j}]`)),
        },
      ] as const;
    }),
  );
}

/** InvoiceAdd and InvoiceMod share these header fields, in this schema order. */
function invoiceHeader(input: Omit<InvoiceModInput, 'txnId' | 'editSequence' | 'lines'>): XmlBody {
  return {
    CustomerRef: ref(input.customer, 'CustomerFullName', 'customer'),
    ClassRef: ref(input.class, 'ListFullName', 'class'),
    ARAccountRef: ref(input.arAccount, 'ListFullName', 'arAccount'),
    TemplateRef: ref(input.template, 'SimpleListFullName', 'template'),
    TxnDate: date(input.txnDate, 'txnDate'),
    RefNumber: key('RefNumber', input.refNumber, 'refNumber'),
    BillAddress: address(input.billAddress),
    ShipAddress: address(input.shipAddress),
    IsPending: bool(input.isPending),
    PONumber: text('PONumber', input.poNumber),
    TermsRef: ref(input.terms, 'SimpleListFullName', 'terms'),
    DueDate: date(input.dueDate, 'dueDate'),
    FOB: text('FOB', input.fob),
    ShipDate: date(input.shipDate, 'shipDate'),
    ShipMethodRef: ref(input.shipMethod, 'ShipMethodFullName', 'shipMethod'),
    ItemSalesTaxRef: ref(input.itemSalesTax, 'SimpleListFullName', 'itemSalesTax'),
    Memo: text('Memo', input.memo),
    CustomerMsgRef: ref(input.customerMsg, 'CustomerMsgFullName', 'customerMsg'),
    IsToBePrinted: bool(input.isToBePrinted),
    IsToBeEmailed: bool(input.isToBeEmailed),
    IsTaxIncluded: bool(input.isTaxIncluded),
    CustomerSalesTaxCodeRef: ref(input.customerSalesTaxCode, 'SalesTaxCodeFullName', 'customerSalesTaxCode'),
    Other: text('Other', input.other),
  };
}

export function invoiceAdd(input: InvoiceAddInput): QbxmlRequest {
  const body: XmlBody = {
    ...invoiceHeader(input),
    lines: addLines('Invoice', input.lines, 'invoiceAdd'),
  };
  if (body.CustomerRef === undefined) throw new Error('invoiceAdd: customer is required');
  return request(
    'InvoiceAddRq',
    { InvoiceAdd: body, IncludeRetElement: retElements(input.includeRetElements) },
    input,
  );
}

export function invoiceMod(input: InvoiceModInput): QbxmlRequest {
  const body: XmlBody = {
    TxnID: key('TxnID', input.txnId, 'txnId'),
    EditSequence: key('EditSequence', input.editSequence, 'editSequence'),
    ...invoiceHeader(input),
    lines: modLines('Invoice', input.lines, 'invoiceMod'),
  };
  if (body.TxnID === undefined || body.EditSequence === undefined)
    throw new Error('invoiceMod: txnId and editSequence are required');
  return request(
    'InvoiceModRq',
    { InvoiceMod: body, IncludeRetElement: retElements(input.includeRetElements) },
    input,
  );
}

// SalesReceiptAdd/Mod order differs from InvoiceAdd (ShipDate before ShipMethodRef before FOB, no PONumber).
function salesReceiptHeader(input: SalesReceiptAddInput | SalesReceiptModInput): XmlBody {
  return {
    CustomerRef: ref(input.customer, 'CustomerFullName', 'customer'),
    ClassRef: ref(input.class, 'ListFullName', 'class'),
    TemplateRef: ref(input.template, 'SimpleListFullName', 'template'),
    TxnDate: date(input.txnDate, 'txnDate'),
    RefNumber: key('RefNumber', input.refNumber, 'refNumber'),
    BillAddress: address(input.billAddress),
    ShipAddress: address(input.shipAddress),
    IsPending: bool(input.isPending),
    CheckNumber: text('CheckNumber', input.checkNumber),
    PaymentMethodRef: ref(input.paymentMethod, 'SimpleListFullName', 'paymentMethod'),
    DueDate: date(input.dueDate, 'dueDate'),
    ShipDate: date(input.shipDate, 'shipDate'),
    ShipMethodRef: ref(input.shipMethod, 'ShipMethodFullName', 'shipMethod'),
    FOB: text('FOB', input.fob),
    ItemSalesTaxRef: ref(input.itemSalesTax, 'SimpleListFullName', 'itemSalesTax'),
    Memo: text('Memo', input.memo),
    CustomerMsgRef: ref(input.customerMsg, 'CustomerMsgFullName', 'customerMsg'),
    IsToBePrinted: bool(input.isToBePrinted),
    IsToBeEmailed: bool(input.isToBeEmailed),
    IsTaxIncluded: bool(input.isTaxIncluded),
    CustomerSalesTaxCodeRef: ref(input.customerSalesTaxCode, 'SalesTaxCodeFullName', 'customerSalesTaxCode'),
    DepositToAccountRef: ref(input.depositToAccount, 'ListFullName', 'depositToAccount'),
    Other: text('Other', input.other),
  };
}

export function salesReceiptAdd(input: SalesReceiptAddInput): QbxmlRequest {
  const body: XmlBody = {
    ...salesReceiptHeader(input),
    lines: addLines('SalesReceipt', input.lines, 'salesReceiptAdd'),
  };
  return request(
    'SalesReceiptAddRq',
    { SalesReceiptAdd: body, IncludeRetElement: retElements(input.includeRetElements) },
    input,
  );
}

export function salesReceiptMod(input: SalesReceiptModInput): QbxmlRequest {
  const body: XmlBody = {
    TxnID: key('TxnID', input.txnId, 'txnId'),
    EditSequence: key('EditSequence', input.editSequence, 'editSequence'),
    ...salesReceiptHeader(input),
    lines: modLines('SalesReceipt', input.lines, 'salesReceiptMod'),
  };
  if (body.TxnID === undefined || body.EditSequence === undefined)
    throw new Error('salesReceiptMod: txnId and editSequence are required');
  return request(
    'SalesReceiptModRq',
    { SalesReceiptMod: body, IncludeRetElement: retElements(input.includeRetElements) },
    input,
  );
}
