import { clampText, toInvoice, toJournalEntry, toSalesReceipt, type QbxmlRs } from '../qbxml';
import type { RetObject } from '../qbxml';
import { addRequestLines, MEMO_MARKER, type PostingContent, type TxnType } from './posting-content';
import { markerNumber } from './shipment-parts';

/** One line as QuickBooks holds it, reduced to what a posting decides. */
export interface WitnessLine {
  /** Sales lines: the item's ListID; journal lines: `debit:`/`credit:` + account name (lower case). */
  ref: string;
  desc: string | null;
  quantity: number | null;
  rate: number | null;
  amount: number;
  /** Journal lines: the name on the line (the customer on the debit line). */
  entity: string | null;
  /** Sales lines as QuickBooks numbers them (a Mod names the lines it keeps). */
  txnLineId?: string;
  /**
   * A line group (bundle): ref is the group item, quantity the group's, amount the sum of its
   * component lines, which are these.
   */
  components?: WitnessComponent[];
}

export interface WitnessComponent {
  txnLineId: string;
  ref: string;
  quantity: number | null;
  rate: number | null;
  amount: number;
}

/** What QuickBooks said one transaction holds (from an Add, Mod or Query answer). */
export interface QbWitness {
  txnType: TxnType;
  txnId: string;
  editSequence: string;
  timeModified: string;
  txnDate: string;
  refNumber: string | null;
  memo: string | null;
  customerListId: string | null;
  /** The transaction's sales tax item or group (sales transactions). */
  itemSalesTaxListId?: string | null;
  lines: WitnessLine[];
  subtotal: number | null;
  salesTaxTotal: number | null;
  totalAmount: number;
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/** Reads a transaction Ret of the posted types; undefined for anything else. */
export function witnessOf(ret: RetObject): QbWitness | undefined {
  if (ret.retType === 'JournalEntryRet') {
    const t = toJournalEntry(ret);
    const memo = t.lines.find((l) => l.memo)?.memo ?? t.memo ?? null;
    return {
      txnType: 'JournalEntry',
      txnId: t.txnId,
      editSequence: t.editSequence,
      timeModified: t.timeModified,
      txnDate: t.txnDate,
      refNumber: t.refNumber ?? null,
      memo,
      customerListId: t.lines.find((l) => l.side === 'debit' && l.entity?.listId)?.entity?.listId ?? null,
      lines: t.lines.map((l) => ({
        ref: `${l.side}:${(l.account?.fullName ?? l.account?.listId ?? '').toLowerCase()}`,
        desc: l.memo ?? null,
        quantity: null,
        rate: null,
        amount: cents(l.amount ?? 0),
        entity: l.entity?.listId ?? null,
      })),
      subtotal: null,
      salesTaxTotal: null,
      totalAmount: cents(t.totalDebit),
    };
  }
  const sales =
    ret.retType === 'InvoiceRet'
      ? { type: 'Invoice' as const, t: toInvoice(ret) }
      : ret.retType === 'SalesReceiptRet'
        ? { type: 'SalesReceipt' as const, t: toSalesReceipt(ret) }
        : undefined;
  if (!sales) return undefined;
  const t = sales.t;
  return {
    txnType: sales.type,
    txnId: t.txnId,
    editSequence: t.editSequence,
    timeModified: t.timeModified,
    txnDate: t.txnDate,
    refNumber: t.refNumber ?? null,
    memo: t.memo ?? null,
    customerListId: t.customer?.listId ?? null,
    itemSalesTaxListId: t.itemSalesTax?.listId ?? null,
    // The parser keeps plain lines and line groups apart: plain lines first, then groups (as sent).
    lines: [
      ...t.lines.map((l) => ({
        ref: l.item?.listId ?? '',
        desc: l.desc ?? null,
        quantity: l.quantity ?? null,
        rate: l.rate ?? null,
        amount: cents(l.amount ?? 0),
        entity: null,
        txnLineId: l.txnLineId,
      })),
      ...t.lineGroups.map((g) => {
        const components = g.lines.map((l) => ({
          txnLineId: l.txnLineId,
          ref: l.item?.listId ?? '',
          quantity: l.quantity ?? null,
          rate: l.rate ?? null,
          amount: cents(l.amount ?? 0),
        }));
        return {
          ref: g.itemGroup?.listId ?? '',
          desc: g.desc ?? null,
          quantity: g.quantity ?? null,
          rate: null,
          amount: cents(components.reduce((s, l) => s + l.amount, 0)),
          entity: null,
          txnLineId: g.txnLineId,
          components,
        };
      }),
    ],
    subtotal: t.subtotal ?? null,
    salesTaxTotal: t.salesTaxTotal ?? null,
    totalAmount: cents(t.totalAmount ?? 0),
  };
}

export function witnessesOf(rs: QbxmlRs, type: TxnType): QbWitness[] {
  return rs.rets.flatMap((r) => {
    const w = witnessOf(r);
    return w && w.txnType === type ? [w] : [];
  });
}

/** Our transactions carry the order's memo marker (sales: the memo; journal: its lines' memo). */
export function isOurs(w: QbWitness, orderNumber: string, shipment?: number): boolean {
  const marker = MEMO_MARKER(markerNumber(orderNumber, shipment));
  return Boolean(w.memo && (w.memo === marker || w.memo.startsWith(`${marker} `)));
}

/** What the transaction should look like in QuickBooks, in the witness' terms. */
export function expectedWitness(
  c: PostingContent,
): Omit<QbWitness, 'txnId' | 'editSequence' | 'timeModified' | 'subtotal' | 'salesTaxTotal'> {
  const lines = addRequestLines(c);
  return {
    txnType: c.txnType,
    txnDate: c.txnDate,
    refNumber: c.refNumber,
    memo: clampText('Memo', c.memo),
    customerListId: c.customer.listId,
    lines: lines.map((l) => ({ ...l, desc: l.desc === null ? null : clampText('Desc', l.desc) })),
    totalAmount: cents(
      c.txnType === 'JournalEntry'
        ? lines.filter((l) => l.ref.startsWith('debit:')).reduce((s, l) => s + l.amount, 0)
        : lines.reduce((s, l) => s + l.amount, 0),
    ),
  };
}

const sameNumber = (a: number | null, b: number | null): boolean =>
  a === null || b === null ? a === b : Math.abs(a - b) < 0.005;

/** A quantity or rate we did not send is QuickBooks' to fill in (it answers Rate = Amount for an amount-only line). */
const sameIfSent = (sent: number | null, held: number | null): boolean =>
  sent === null || sameNumber(sent, held);

const BUNDLE_PRICE = 'bundle price on line';

/**
 * The only differences are bundle prices (and so the total): QuickBooks priced a line group from
 * its components and the price is ours to correct (posting-content.ts, repricing).
 */
export function onlyBundlePrices(diffs: string[]): boolean {
  return (
    diffs.some((d) => d.startsWith(BUNDLE_PRICE)) &&
    diffs.every((d) => d.startsWith(BUNDLE_PRICE) || d.startsWith('total '))
  );
}

const lineKey = (l: WitnessLine): string => `${l.ref}\u0000${l.amount.toFixed(2)}`;

/**
 * Whether QuickBooks holds exactly what should be there: customer, date, RefNumber, memo, every
 * line (item or account, description, quantity, rate, amount) and the total. Nothing looser counts
 * as "already posted".
 */
export function differences(c: PostingContent, w: QbWitness): string[] {
  const e = expectedWitness(c);
  const out: string[] = [];
  if (e.txnType !== w.txnType) out.push(`type ${w.txnType} instead of ${e.txnType}`);
  if (e.txnDate !== w.txnDate) out.push(`date ${w.txnDate} instead of ${e.txnDate}`);
  if ((e.refNumber ?? '') !== (w.refNumber ?? '')) out.push(`RefNumber ${w.refNumber ?? '(none)'}`);
  if ((e.memo ?? '') !== (w.memo ?? '')) out.push('memo');
  if (e.customerListId !== w.customerListId) out.push('customer');
  if (c.salesTax && c.salesTax.item.listId !== (w.itemSalesTaxListId ?? null)) out.push('sales tax item');
  // With QuickBooks' sales tax steered, its tax is checked on its own (taxMismatch): here the lines
  // must hold what ShipStation says.
  const held = c.salesTax ? w.totalAmount - (w.salesTaxTotal ?? 0) : w.totalAmount;
  if (!sameNumber(e.totalAmount, held))
    out.push(`total ${held.toFixed(2)} instead of ${e.totalAmount.toFixed(2)}`);
  if (e.lines.length !== w.lines.length) out.push(`${w.lines.length} line(s) instead of ${e.lines.length}`);
  else {
    // Journal lines may come back in any order within a side; sales lines keep theirs.
    const norm = (ls: WitnessLine[]): WitnessLine[] =>
      c.txnType === 'JournalEntry' ? [...ls].sort((a, b) => lineKey(a).localeCompare(lineKey(b))) : ls;
    const a = norm(e.lines);
    const b = norm(w.lines);
    a.forEach((x, i) => {
      const y = b[i]!;
      if (x.components || y.components) {
        // A bundle: QuickBooks chooses its components and their description; we see to its price.
        if (!x.components || !y.components || x.ref !== y.ref || !sameNumber(x.quantity, y.quantity))
          out.push(`line ${i + 1}`);
        else if (!sameNumber(x.amount, y.amount))
          out.push(`${BUNDLE_PRICE} ${i + 1} (${y.amount.toFixed(2)} instead of ${x.amount.toFixed(2)})`);
        return;
      }
      if (
        x.ref !== y.ref ||
        (x.desc ?? '') !== (y.desc ?? '') ||
        !sameIfSent(x.quantity, y.quantity) ||
        !sameIfSent(x.rate, y.rate) ||
        !sameNumber(x.amount, y.amount) ||
        (x.entity ?? null) !== (y.entity ?? null)
      )
        out.push(`line ${i + 1}`);
    });
  }
  return out;
}

/**
 * QuickBooks' tax where it must match ShipStation's: what it computed by ship-to state ('quickbooks'
 * mode), or nothing at all ('line' mode, the tax being a line). Null when it matches (to the cent).
 */
export function taxMismatch(
  c: PostingContent,
  w: QbWitness,
): { quickBooks: number; shipStation: number } | null {
  if (!c.salesTax || c.voided) return null;
  const expected = c.salesTax.mode === 'quickbooks' ? c.salesTax.expectedTax : 0;
  const got = w.salesTaxTotal ?? 0;
  return Math.abs(got - expected) >= 0.005 + (c.salesTax.tolerance ?? 0)
    ? { quickBooks: cents(got), shipStation: cents(c.salesTax.expectedTax) }
    : null;
}
