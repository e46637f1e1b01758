import { createHash } from 'node:crypto';
import {
  invoiceAdd,
  invoiceMod,
  journalEntryAdd,
  journalEntryMod,
  memoForOrder,
  qbRefNumberFor,
  salesReceiptAdd,
  salesReceiptMod,
  type QbxmlRequest,
} from '../qbxml';
import type { QbRefMatch } from './matching';
import type { PostingSettings } from './posting-settings';
import type { ResolvedLine, SalesTaxPlan, ValidatedOrder } from './validate-order';
import type { WitnessLine } from './witness';

export type TxnType = PostingSettings['txnType'];

/** Everything the QuickBooks transaction for one order should say. Its hash decides whether to update. */
export interface PostingContent {
  txnType: TxnType;
  orderNumber: string;
  refNumber: string;
  txnDate: string;
  customer: QbRefMatch;
  memo: string;
  poNumber: string | null;
  lines: Omit<ResolvedLine, 'sku'>[];
  total: number;
  /** Shipments all voided or the order cancelled after posting: the transaction is zeroed, like a QuickBooks void. */
  voided: boolean;
  /** QuickBooks' own sales tax, steered (null: QuickBooks charges none, or a journal entry). */
  salesTax: SalesTaxPlan | null;
  depositToAccount: string | null;
  arAccount: string | null;
  journal: PostingSettings['journal'] | null;
}

export interface ShipmentInfo {
  shipDate: string | null;
  carrierCode: string | null;
  serviceCode: string | null;
  trackingNumber: string | null;
}

export const MEMO_MARKER = (orderNumber: string): string => `ShipStation order ${orderNumber}`;

export function buildPostingContent(
  orderNumber: string,
  v: ValidatedOrder,
  shipments: ShipmentInfo[],
  s: PostingSettings,
  voided: boolean,
): PostingContent {
  const dates = shipments
    .map((x) => x.shipDate)
    .filter((d): d is string => Boolean(d))
    .sort();
  const txnDate = dates[0]!;
  const shipping = shipments
    .map((x) =>
      [x.carrierCode, x.serviceCode, x.trackingNumber ? `tracking ${x.trackingNumber}` : null]
        .filter(Boolean)
        .join(' '),
    )
    .filter(Boolean)
    .join('; ');
  const memo = memoForOrder(
    orderNumber,
    [voided ? 'VOID: shipment voided or order cancelled in ShipStation' : null, shipping || null]
      .filter(Boolean)
      .join(' - ') || undefined,
  );
  return {
    txnType: s.txnType,
    orderNumber,
    refNumber: qbRefNumberFor(orderNumber).refNumber,
    txnDate,
    customer: v.customer,
    memo,
    poNumber: orderNumber.length <= 25 ? orderNumber : null,
    lines: v.lines.map((l) => {
      const { sku: _sku, ...rest } = l;
      return voided ? { ...rest, quantity: rest.quantity === undefined ? undefined : 0, amount: 0 } : rest;
    }),
    total: voided ? 0 : v.total,
    voided,
    salesTax: v.salesTax ? { ...v.salesTax, expectedTax: voided ? 0 : v.salesTax.expectedTax } : null,
    depositToAccount: s.depositToAccount,
    arAccount: s.arAccount,
    journal: s.txnType === 'JournalEntry' ? s.journal : null,
  };
}

export function contentHash(c: PostingContent): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex');
}

const salesLines = (c: PostingContent) => {
  // 'line' mode codes every line non-taxable, so QuickBooks adds no tax of its own.
  const code = c.salesTax?.lineCode ? { salesTaxCode: { fullName: c.salesTax.lineCode } } : {};
  return c.lines.map((l) =>
    l.kind === 'product' && l.quantity !== undefined && l.rate !== undefined && !c.voided
      ? { item: { listId: l.item.listId }, desc: l.desc, quantity: l.quantity, rate: l.rate, ...code }
      : { item: { listId: l.item.listId }, desc: l.desc, amount: l.amount, ...code },
  );
};

/** The transaction's own tax item, when QuickBooks' sales tax is steered. */
const taxHeader = (c: PostingContent) =>
  c.salesTax ? { itemSalesTax: { listId: c.salesTax.item.listId } } : {};

function journalLines(c: PostingContent) {
  const j = c.journal!;
  const by = (k: ResolvedLine['kind']) =>
    c.lines.filter((l) => l.kind === k).reduce((s, l) => s + l.amount, 0);
  const round = (n: number) => Math.round(n * 100) / 100;
  const memo = c.memo.slice(0, 4095);
  const revenue = round(by('product'));
  const shipping = round(by('shipping'));
  const tax = round(by('tax'));
  const discount = round(-by('discount'));
  const debitLines = [
    {
      account: { fullName: j.debitAccount },
      amount: round(revenue + shipping + tax - discount),
      memo,
      entity: { listId: c.customer.listId },
    },
    ...(discount > 0 ? [{ account: { fullName: j.discountAccount }, amount: discount, memo }] : []),
  ];
  const creditLines = [
    { account: { fullName: j.revenueAccount }, amount: revenue, memo },
    ...(shipping > 0 ? [{ account: { fullName: j.shippingAccount }, amount: shipping, memo }] : []),
    ...(tax > 0 ? [{ account: { fullName: j.taxAccount }, amount: tax, memo }] : []),
  ];
  return { debitLines, creditLines };
}

/** The lines an Add of this content creates, as QuickBooks reads them back (see witness.ts). */
export function addRequestLines(c: PostingContent): WitnessLine[] {
  const round = (n: number): number => Math.round(n * 100) / 100;
  if (c.txnType === 'JournalEntry') {
    const j = journalLines(c);
    return [
      ...j.debitLines.map((l) => ({ side: 'debit', l })),
      ...j.creditLines.map((l) => ({ side: 'credit', l })),
    ].map(({ side, l }) => ({
      ref: `${side}:${l.account.fullName.toLowerCase()}`,
      desc: l.memo,
      quantity: null,
      rate: null,
      amount: round(l.amount),
      entity: 'entity' in l ? ((l.entity as { listId: string } | undefined)?.listId ?? null) : null,
    }));
  }
  return salesLines(c).map((l) => {
    const q = 'quantity' in l ? (l.quantity ?? null) : null;
    const r = 'rate' in l ? (l.rate ?? null) : null;
    return {
      ref: l.item.listId,
      desc: l.desc,
      quantity: q,
      rate: r,
      amount: q !== null && r !== null ? round(q * r) : round('amount' in l ? (l.amount ?? 0) : 0),
      entity: null,
    };
  });
}

/** The Add request for this content. */
export function addRequest(c: PostingContent): QbxmlRequest {
  const header = {
    customer: { listId: c.customer.listId },
    txnDate: c.txnDate,
    refNumber: c.refNumber,
    shipDate: c.txnDate,
    memo: c.memo,
  };
  switch (c.txnType) {
    case 'Invoice':
      return invoiceAdd({
        ...header,
        ...taxHeader(c),
        poNumber: c.poNumber ?? undefined,
        arAccount: c.arAccount ? { fullName: c.arAccount } : undefined,
        lines: salesLines(c),
      });
    case 'SalesReceipt':
      return salesReceiptAdd({
        ...header,
        ...taxHeader(c),
        depositToAccount: c.depositToAccount ? { fullName: c.depositToAccount } : undefined,
        lines: salesLines(c),
      });
    case 'JournalEntry':
      return journalEntryAdd({ txnDate: c.txnDate, refNumber: c.refNumber, ...journalLines(c) });
  }
}

/** The Mod request replacing the whole transaction with this content (every line sent as new: '-1'). */
export function modRequest(c: PostingContent, txnId: string, editSequence: string): QbxmlRequest {
  const lines = salesLines(c).map((l) => ({ ...l, txnLineId: '-1' }));
  const header = {
    txnId,
    editSequence,
    customer: { listId: c.customer.listId },
    txnDate: c.txnDate,
    refNumber: c.refNumber,
    shipDate: c.txnDate,
    memo: c.memo,
  };
  switch (c.txnType) {
    case 'Invoice':
      return invoiceMod({ ...header, ...taxHeader(c), poNumber: c.poNumber ?? undefined, lines });
    case 'SalesReceipt':
      return salesReceiptMod({ ...header, ...taxHeader(c), lines });
    case 'JournalEntry': {
      const j = journalLines(c);
      return journalEntryMod({
        txnId,
        editSequence,
        txnDate: c.txnDate,
        refNumber: c.refNumber,
        debitLines: j.debitLines.map((l) => ({ ...l, txnLineId: '-1' })),
        creditLines: j.creditLines.map((l) => ({ ...l, txnLineId: '-1' })),
      });
    }
  }
}
