import { z } from 'zod';
import type { RetObject } from '../parse';
import {
  instantOf,
  parseRet,
  QbxmlMappingError,
  sumAmounts,
  zAddress,
  zBool,
  zDataExts,
  zInt,
  zNum,
  zOptStr,
  zRef,
  zStr,
  type QbAddress,
  type QbDataExt,
  type QbRef,
} from './common';

export interface QbSalesLine {
  txnLineId: string;
  item?: QbRef;
  desc?: string;
  quantity?: number;
  rate?: number;
  ratePercent?: number;
  amount?: number;
  class?: QbRef;
  serviceDate?: string;
  salesTaxCode?: QbRef;
  dataExt: QbDataExt[];
}

export interface QbSalesLineGroup {
  txnLineId: string;
  itemGroup?: QbRef;
  desc?: string;
  quantity?: number;
  totalAmount?: number;
  lines: QbSalesLine[];
}

interface TxnCommon {
  txnId: string;
  editSequence: string;
  txnNumber?: number;
  refNumber?: string;
  txnDate: string;
  memo?: string;
  timeCreated: string;
  timeModified: string;
  /** timeModified as UTC epoch ms (undefined if QuickBooks sent no offset). */
  timeModifiedMs?: number;
  dataExt: QbDataExt[];
}

interface SalesTxnCommon extends TxnCommon {
  customer?: QbRef;
  class?: QbRef;
  template?: QbRef;
  billAddress?: QbAddress;
  shipAddress?: QbAddress;
  isPending?: boolean;
  dueDate?: string;
  shipDate?: string;
  shipMethod?: QbRef;
  subtotal?: number;
  /** The transaction's sales tax item or group. */
  itemSalesTax?: QbRef;
  salesTaxPercentage?: number;
  salesTaxTotal?: number;
  /** Lines outside groups, in document order. */
  lines: QbSalesLine[];
  lineGroups: QbSalesLineGroup[];
}

export interface QbInvoiceRecord extends SalesTxnCommon {
  customer: QbRef;
  poNumber?: string;
  arAccount?: QbRef;
  /** InvoiceRet has no TotalAmount: this is Subtotal + SalesTaxTotal. */
  totalAmount?: number;
  appliedAmount?: number;
  balanceRemaining?: number;
  isPaid?: boolean;
}

export interface QbSalesReceiptRecord extends SalesTxnCommon {
  totalAmount?: number;
  checkNumber?: string;
  paymentMethod?: QbRef;
  depositToAccount?: QbRef;
}

export interface QbJournalLine {
  side: 'debit' | 'credit';
  txnLineId?: string;
  account?: QbRef;
  amount?: number;
  memo?: string;
  entity?: QbRef;
  class?: QbRef;
}

export interface QbJournalEntryRecord extends TxnCommon {
  isAdjustment?: boolean;
  /** Debit lines first, then credit lines (the parser groups them by element name). */
  lines: QbJournalLine[];
  totalDebit: number;
  totalCredit: number;
}

const txnCore = {
  TxnID: zStr,
  TimeCreated: zStr,
  TimeModified: zStr,
  EditSequence: zStr,
  TxnNumber: zInt,
  TxnDate: zStr,
  RefNumber: zOptStr,
  Memo: zOptStr,
  DataExtRet: zDataExts,
};

const lineSchema = z.object({
  TxnLineID: zStr,
  ItemRef: zRef,
  Desc: zOptStr,
  Quantity: zNum,
  Rate: zNum,
  RatePercent: zNum,
  ClassRef: zRef,
  Amount: zNum,
  ServiceDate: zOptStr,
  SalesTaxCodeRef: zRef,
  DataExtRet: zDataExts,
});

function mapLine(l: z.output<typeof lineSchema>): QbSalesLine {
  return {
    txnLineId: l.TxnLineID,
    item: l.ItemRef,
    desc: l.Desc,
    quantity: l.Quantity,
    rate: l.Rate,
    ratePercent: l.RatePercent,
    amount: l.Amount,
    class: l.ClassRef,
    serviceDate: l.ServiceDate,
    salesTaxCode: l.SalesTaxCodeRef,
    dataExt: l.DataExtRet,
  };
}

const salesHeader = {
  ...txnCore,
  CustomerRef: zRef,
  ClassRef: zRef,
  TemplateRef: zRef,
  BillAddress: zAddress,
  ShipAddress: zAddress,
  IsPending: zBool,
  DueDate: zOptStr,
  ShipDate: zOptStr,
  ShipMethodRef: zRef,
  Subtotal: zNum,
  ItemSalesTaxRef: zRef,
  SalesTaxPercentage: zNum,
  SalesTaxTotal: zNum,
};
const groupCore = { TxnLineID: zStr, ItemGroupRef: zRef, Desc: zOptStr, Quantity: zNum, TotalAmount: zNum };
const lineList = z.array(lineSchema).optional();

type LineOut = z.output<typeof lineSchema>;
type GroupOut = z.output<z.ZodObject<typeof groupCore>> & { lines?: LineOut[] };

function salesCommon(
  r: z.output<z.ZodObject<typeof salesHeader>>,
  lines: LineOut[] | undefined,
  groups: GroupOut[] | undefined,
): SalesTxnCommon {
  return {
    txnId: r.TxnID,
    editSequence: r.EditSequence,
    txnNumber: r.TxnNumber,
    refNumber: r.RefNumber,
    txnDate: r.TxnDate,
    memo: r.Memo,
    timeCreated: r.TimeCreated,
    timeModified: r.TimeModified,
    timeModifiedMs: instantOf(r.TimeModified),
    dataExt: r.DataExtRet,
    customer: r.CustomerRef,
    class: r.ClassRef,
    template: r.TemplateRef,
    billAddress: r.BillAddress,
    shipAddress: r.ShipAddress,
    isPending: r.IsPending,
    dueDate: r.DueDate,
    shipDate: r.ShipDate,
    shipMethod: r.ShipMethodRef,
    subtotal: r.Subtotal,
    itemSalesTax: r.ItemSalesTaxRef,
    salesTaxPercentage: r.SalesTaxPercentage,
    salesTaxTotal: r.SalesTaxTotal,
    lines: (lines ?? []).map(mapLine),
    lineGroups: (groups ?? []).map((g) => ({
      txnLineId: g.TxnLineID,
      itemGroup: g.ItemGroupRef,
      desc: g.Desc,
      quantity: g.Quantity,
      totalAmount: g.TotalAmount,
      lines: (g.lines ?? []).map(mapLine),
    })),
  };
}

const InvoiceRetSchema = z.object({
  ...salesHeader,
  ARAccountRef: zRef,
  PONumber: zOptStr,
  AppliedAmount: zNum,
  BalanceRemaining: zNum,
  IsPaid: zBool,
  InvoiceLineRet: lineList,
  InvoiceLineGroupRet: z.array(z.object({ ...groupCore, InvoiceLineRet: lineList })).optional(),
});

export function toInvoice(ret: RetObject): QbInvoiceRecord {
  const r = parseRet(InvoiceRetSchema, ret, ['InvoiceRet']);
  if (r.CustomerRef === undefined)
    throw new QbxmlMappingError('InvoiceRet does not have the expected shape: CustomerRef is required');
  const groups = r.InvoiceLineGroupRet?.map((g) => ({ ...g, lines: g.InvoiceLineRet }));
  return {
    ...salesCommon(r, r.InvoiceLineRet, groups),
    customer: r.CustomerRef,
    poNumber: r.PONumber,
    arAccount: r.ARAccountRef,
    totalAmount: r.Subtotal === undefined ? undefined : sumAmounts([r.Subtotal, r.SalesTaxTotal]),
    appliedAmount: r.AppliedAmount,
    balanceRemaining: r.BalanceRemaining,
    isPaid: r.IsPaid,
  };
}

const SalesReceiptRetSchema = z.object({
  ...salesHeader,
  TotalAmount: zNum,
  CheckNumber: zOptStr,
  PaymentMethodRef: zRef,
  DepositToAccountRef: zRef,
  SalesReceiptLineRet: lineList,
  SalesReceiptLineGroupRet: z.array(z.object({ ...groupCore, SalesReceiptLineRet: lineList })).optional(),
});

export function toSalesReceipt(ret: RetObject): QbSalesReceiptRecord {
  const r = parseRet(SalesReceiptRetSchema, ret, ['SalesReceiptRet']);
  return {
    ...salesCommon(
      r,
      r.SalesReceiptLineRet,
      r.SalesReceiptLineGroupRet?.map((g) => ({ ...g, lines: g.SalesReceiptLineRet })),
    ),
    totalAmount: r.TotalAmount,
    checkNumber: r.CheckNumber,
    paymentMethod: r.PaymentMethodRef,
    depositToAccount: r.DepositToAccountRef,
  };
}

const journalLine = z.object({
  TxnLineID: zOptStr,
  AccountRef: zRef,
  Amount: zNum,
  Memo: zOptStr,
  EntityRef: zRef,
  ClassRef: zRef,
});

const JournalEntryRetSchema = z.object({
  ...txnCore,
  IsAdjustment: zBool,
  JournalDebitLine: z.array(journalLine).optional(),
  JournalCreditLine: z.array(journalLine).optional(),
});

export function toJournalEntry(ret: RetObject): QbJournalEntryRecord {
  const r = parseRet(JournalEntryRetSchema, ret, ['JournalEntryRet']);
  const mapJ =
    (side: 'debit' | 'credit') =>
    (l: z.output<typeof journalLine>): QbJournalLine => ({
      side,
      txnLineId: l.TxnLineID,
      account: l.AccountRef,
      amount: l.Amount,
      memo: l.Memo,
      entity: l.EntityRef,
      class: l.ClassRef,
    });
  const debits = (r.JournalDebitLine ?? []).map(mapJ('debit'));
  const credits = (r.JournalCreditLine ?? []).map(mapJ('credit'));
  return {
    txnId: r.TxnID,
    editSequence: r.EditSequence,
    txnNumber: r.TxnNumber,
    refNumber: r.RefNumber,
    txnDate: r.TxnDate,
    memo: r.Memo,
    isAdjustment: r.IsAdjustment,
    lines: [...debits, ...credits],
    totalDebit: sumAmounts(debits.map((l) => l.amount)),
    totalCredit: sumAmounts(credits.map((l) => l.amount)),
    timeCreated: r.TimeCreated,
    timeModified: r.TimeModified,
    timeModifiedMs: instantOf(r.TimeModified),
    dataExt: r.DataExtRet,
  };
}
