import { createHash } from 'node:crypto';
import {
  invoiceAdd,
  invoiceMod,
  journalEntryAdd,
  journalEntryMod,
  memoForOrder,
  salesReceiptAdd,
  salesReceiptMod,
  type QbxmlRequest,
} from '../qbxml';
import type { QbRefMatch } from './matching';
import { markerNumber, refNumberFor } from './shipment-parts';
import type { PostingSettings } from './posting-settings';
import type { ResolvedLine, SalesTaxPlan, ValidatedOrder } from './validate-order';
import type { QbWitness, WitnessComponent, WitnessLine } from './witness';

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
  /** Shipment n ≥ 2 of the order number (its own ship date; see shipment-parts.ts). Absent: the first. */
  shipment?: number;
}

export interface ShipmentInfo {
  shipDate: string | null;
  carrierCode: string | null;
  serviceCode: string | null;
  trackingNumber: string | null;
}

export const MEMO_MARKER = (orderNumber: string): string => `ShipStation order ${orderNumber}`;
export const VOID_NOTE = 'VOID: shipment voided or order cancelled in ShipStation';

export function buildPostingContent(
  orderNumber: string,
  v: ValidatedOrder,
  shipments: ShipmentInfo[],
  s: PostingSettings,
  voided: boolean,
  shipment = 1,
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
    markerNumber(orderNumber, shipment),
    [voided ? VOID_NOTE : null, shipping || null].filter(Boolean).join(' - ') || undefined,
  );
  return {
    txnType: s.txnType,
    orderNumber,
    refNumber: refNumberFor(orderNumber, shipment),
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
    // Without an unset gift card account, so content (and its hash) posted before it existed is unchanged.
    journal:
      s.txnType === 'JournalEntry'
        ? (Object.fromEntries(
            Object.entries(s.journal).filter(([, v]) => v !== null),
          ) as PostingSettings['journal'])
        : null,
    ...(shipment > 1 ? { shipment } : {}),
  };
}

/** The same transaction zeroed, like a QuickBooks void (its shipment voided, or the order cancelled). */
export function zeroedContent(c: PostingContent): PostingContent {
  return {
    ...c,
    memo: memoForOrder(markerNumber(c.orderNumber, c.shipment), VOID_NOTE),
    lines: c.lines.map((l) => ({ ...l, quantity: l.quantity === undefined ? undefined : 0, amount: 0 })),
    total: 0,
    voided: true,
    salesTax: c.salesTax ? { ...c.salesTax, expectedTax: 0 } : null,
  };
}

export function contentHash(c: PostingContent): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex');
}

type ContentLine = PostingContent['lines'][number];

const plainLine = (c: PostingContent, l: ContentLine) => {
  // 'line' mode codes every line non-taxable, so QuickBooks adds no tax of its own.
  const code = c.salesTax?.lineCode ? { salesTaxCode: { fullName: c.salesTax.lineCode } } : {};
  return l.kind === 'product' && l.quantity !== undefined && l.rate !== undefined && !c.voided
    ? { item: { listId: l.item.listId }, desc: l.desc, quantity: l.quantity, rate: l.rate, ...code }
    : { item: { listId: l.item.listId }, desc: l.desc, amount: l.amount, ...code };
};

/**
 * A bundle goes in as a line group: QuickBooks adds the group's components at their own prices
 * (the schema gives a group line no rate or amount), so its price is set afterwards on the
 * components (repricedGroup). A voided bundle keeps its group at quantity 0.
 */
const groupLine = (c: PostingContent, l: ContentLine) => ({
  kind: 'group' as const,
  group: { listId: l.item.listId },
  quantity: c.voided ? 0 : (l.quantity ?? 1),
});

const salesLines = (c: PostingContent) => c.lines.map((l) => (l.group ? groupLine(c, l) : plainLine(c, l)));

/** The transaction's own tax item/** The transaction's own tax item, when QuickBooks' sales tax is steered. */
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
  // Redeemed on a gift card or store credit: the liability goes down, the bank gets only what was paid.
  const gift = round(-by('tender'));
  const debitLines = [
    {
      account: { fullName: j.debitAccount },
      amount: round(revenue + shipping + tax - discount - gift),
      memo,
      entity: { listId: c.customer.listId },
    },
    ...(discount > 0 ? [{ account: { fullName: j.discountAccount }, amount: discount, memo }] : []),
    ...(gift > 0 && j.giftCardAccount
      ? [{ account: { fullName: j.giftCardAccount }, amount: gift, memo }]
      : []),
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
  // QuickBooks answers plain lines first, then line groups (witness.ts).
  const plain = c.lines
    .filter((l) => !l.group)
    .map((l) => {
      const x = plainLine(c, l);
      const q = 'quantity' in x ? (x.quantity ?? null) : null;
      const r = 'rate' in x ? (x.rate ?? null) : null;
      return {
        ref: x.item.listId,
        desc: x.desc,
        quantity: q,
        rate: r,
        amount: q !== null && r !== null ? round(q * r) : round('amount' in x ? (x.amount ?? 0) : 0),
        entity: null,
      };
    });
  const groups = c.lines
    .filter((l) => l.group)
    .map((l) => ({
      ref: l.item.listId,
      desc: null,
      quantity: groupLine(c, l).quantity,
      rate: null,
      amount: c.voided ? 0 : round(l.amount),
      entity: null,
      components: [],
    }));
  return [...plain, ...groups];
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/**
 * A bundle's price set on its components: each component keeps its share of what QuickBooks
 * priced (by amount; by quantity when nothing is priced), scaled to the group's new quantity, and
 * the shares add up to what the customer paid for the bundle to the cent (the rounding remainder
 * goes to the largest share).
 */
export function repricedGroup(
  held: WitnessComponent[],
  ratio: number,
  target: number,
): { txnLineId: string; quantity?: number; amount: number }[] {
  // Shares come from what QuickBooks priced before scaling (a quantity of 0 keeps them).
  const priced = held.map((h) => Math.abs(h.amount));
  const pricedSum = priced.reduce((s, n) => s + n, 0);
  const counts = held.map((h) => Math.abs(h.quantity ?? 1) || 1);
  const countSum = counts.reduce((s, n) => s + n, 0);
  const weight = (i: number): number =>
    pricedSum > 0 ? priced[i]! / pricedSum : countSum > 0 ? counts[i]! / countSum : 1 / held.length;
  const out = held.map((h, i) => ({
    txnLineId: h.txnLineId,
    ...(h.quantity !== null ? { quantity: h.quantity * ratio } : {}),
    amount: cents(target * weight(i)),
  }));
  const rest = cents(target - out.reduce((s, x) => s + x.amount, 0));
  if (rest !== 0 && out.length) {
    const biggest = out.reduce((a, b) => (Math.abs(b.amount) > Math.abs(a.amount) ? b : a));
    biggest.amount = cents(biggest.amount + rest);
  }
  return out;
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

/**
 * The Mod request replacing the whole transaction with this content: plain lines sent as new
 * ('-1'). A bundle QuickBooks already holds (`held`, read with this EditSequence) keeps its line
 * group, modified: quantity and component prices set to what was paid. Otherwise a new group goes
 * in at QuickBooks' prices and a second Mod prices it (post-job.ts).
 */
export function modRequest(
  c: PostingContent,
  txnId: string,
  editSequence: string,
  held?: QbWitness | null,
): QbxmlRequest {
  const heldGroups = held && held.editSequence === editSequence ? held.lines.filter((l) => l.components) : [];
  let g = 0;
  const lines = c.lines.map((l) => {
    if (!l.group) return { ...plainLine(c, l), txnLineId: '-1' };
    const want = groupLine(c, l);
    const h = heldGroups[g++];
    if (!h?.components?.length || !h.txnLineId || h.ref !== l.item.listId || !h.quantity)
      return { ...want, txnLineId: '-1' };
    return {
      kind: 'group' as const,
      txnLineId: h.txnLineId,
      quantity: want.quantity,
      lines: repricedGroup(h.components, want.quantity / h.quantity, c.voided ? 0 : l.amount),
    };
  });
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
