import type { Db } from '../db/open';
import type { PostingContent, TxnType } from './posting-content';
import type { QbWitness } from './witness';

/** Why a posting waits for a person; only Retry or Ignore moves it on. */
export type HoldReason =
  | 'deleted_in_quickbooks'
  | 'edited_in_quickbooks'
  | 'foreign_transaction'
  /** Posted, but QuickBooks' sales tax differs from ShipStation's. */
  | 'tax_mismatch';

export type PostingState = 'queued' | 'posted' | 'voided' | 'failed';

export interface Posting {
  postingKey: string;
  /** The order number, and which of its shipments (1: the first ship date) this transaction is. */
  orderNumber: string;
  shipment: number;
  /** The ShipStation orders whose shipped lines it holds (null: all of the order number's). */
  orderIds: string[] | null;
  orderId: string;
  txnType: TxnType;
  refNumber: string;
  state: PostingState;
  txnId: string | null;
  editSequence: string | null;
  txnDate: string | null;
  amount: number | null;
  contentHash: string | null;
  content: PostingContent | null;
  postedHash: string | null;
  lastError: string | null;
  hold: HoldReason | null;
  /** What QuickBooks last said it holds (Add, Mod or Query answer). */
  witness: QbWitness | null;
  /** The content of the last Add or Mod sent (its answer may never have arrived). */
  sentContent: PostingContent | null;
}

const toPosting = (r: Record<string, unknown>): Posting => ({
  postingKey: r.posting_key as string,
  orderNumber: (r.order_number as string | null) ?? (r.posting_key as string),
  shipment: (r.shipment as number | null) ?? 1,
  orderIds: r.order_ids ? (JSON.parse(r.order_ids as string) as string[]) : null,
  orderId: r.order_id as string,
  txnType: r.txn_type as TxnType,
  refNumber: r.ref_number as string,
  state: r.state as PostingState,
  txnId: r.txn_id as string | null,
  editSequence: r.edit_sequence as string | null,
  txnDate: r.txn_date as string | null,
  amount: r.amount as number | null,
  contentHash: r.content_hash as string | null,
  content: r.content ? (JSON.parse(r.content as string) as PostingContent) : null,
  postedHash: r.posted_hash as string | null,
  lastError: r.last_error as string | null,
  hold: (r.hold as HoldReason | null) ?? null,
  witness: r.qb_witness ? (JSON.parse(r.qb_witness as string) as QbWitness) : null,
  sentContent: r.sent_content ? (JSON.parse(r.sent_content as string) as PostingContent) : null,
});

/** One row per order number: what QuickBooks should hold (content) and what it confirmed (posted_hash, txn_id). */
export class PostingsStore {
  constructor(private readonly db: Db) {}

  get(key: string): Posting | undefined {
    const r = this.db.prepare('SELECT * FROM postings WHERE posting_key = ?').get(key) as
      Record<string, unknown> | undefined;
    return r ? toPosting(r) : undefined;
  }

  /** Every transaction of an order number, first shipment first. */
  forNumber(orderNumber: string): Posting[] {
    return (
      this.db
        .prepare('SELECT * FROM postings WHERE order_number = ? ORDER BY shipment')
        .all(orderNumber) as Record<string, unknown>[]
    ).map(toPosting);
  }

  /** The transactions holding lines of this ShipStation order (a split child: only its own shipments). */
  forOrder(orderNumber: string, orderId: string): Posting[] {
    return this.forNumber(orderNumber).filter((p) => !p.orderIds || p.orderIds.includes(orderId));
  }

  /**
   * Records what should be in QuickBooks for one shipment of an order number; returns true when
   * that differs from what QuickBooks confirmed.
   */
  setDesired(
    key: string,
    at: { shipment: number; orderIds: string[] | null },
    orderId: string,
    content: PostingContent,
    hash: string,
  ): boolean {
    const now = new Date().toISOString();
    const existing = this.get(key);
    const ids = at.orderIds ? JSON.stringify(at.orderIds) : null;
    if (!existing) {
      this.db
        .prepare(
          `INSERT INTO postings (posting_key, order_number, shipment, order_ids, order_id, txn_type, ref_number, state,
             content_hash, content, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
        )
        .run(
          key,
          content.orderNumber,
          at.shipment,
          ids,
          orderId,
          content.txnType,
          content.refNumber,
          hash,
          JSON.stringify(content),
          now,
        );
      return true;
    }
    if (ids !== (existing.orderIds ? JSON.stringify(existing.orderIds) : null))
      this.db.prepare('UPDATE postings SET order_ids = ? WHERE posting_key = ?').run(ids, key);
    if (existing.postedHash === hash) {
      if (existing.contentHash !== hash) {
        this.db
          .prepare('UPDATE postings SET content_hash = ?, content = ?, updated_at = ? WHERE posting_key = ?')
          .run(hash, JSON.stringify(content), now, key);
      }
      return false;
    }
    // Once posted, the transaction type stays what QuickBooks holds (a setting change applies to new orders).
    const c = existing.txnId ? { ...content, txnType: existing.txnType } : content;
    this.db
      .prepare(
        `UPDATE postings SET order_id = ?, txn_type = ?, content_hash = ?, content = ?, state = 'queued', last_error = NULL, updated_at = ?
         WHERE posting_key = ?`,
      )
      .run(orderId, c.txnType, hash, JSON.stringify(c), now, key);
    return true;
  }

  confirm(
    key: string,
    r: {
      txnId: string;
      editSequence: string;
      txnDate: string;
      amount: number;
      hash: string;
      voided: boolean;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE postings SET txn_id = ?, edit_sequence = ?, txn_date = ?, amount = ?, posted_hash = ?, state = ?, posted_at = ?,
           last_error = NULL, updated_at = ? WHERE posting_key = ?`,
      )
      .run(
        r.txnId,
        r.editSequence,
        r.txnDate,
        r.amount,
        r.hash,
        r.voided ? 'voided' : 'posted',
        new Date().toISOString(),
        new Date().toISOString(),
        key,
      );
  }

  /** Zeroed before it ever reached QuickBooks: voided with no transaction. */
  absent(key: string): void {
    this.db
      .prepare(
        `UPDATE postings SET state = 'voided', posted_hash = content_hash, last_error = NULL, updated_at = ? WHERE posting_key = ?`,
      )
      .run(new Date().toISOString(), key);
  }

  /** QuickBooks has it (found by query) but not necessarily with the latest content. */
  found(key: string, txnId: string, editSequence: string): void {
    this.db
      .prepare('UPDATE postings SET txn_id = ?, edit_sequence = ?, updated_at = ? WHERE posting_key = ?')
      .run(txnId, editSequence, new Date().toISOString(), key);
  }

  /** Keeps what QuickBooks said it holds: the month-end report and hand-edit checks read it. */
  witness(key: string, w: QbWitness): void {
    this.db
      .prepare(
        `UPDATE postings SET qb_witness = ?, qb_total = ?, qb_subtotal = ?, qb_sales_tax_total = ?, qb_time_modified = ?,
           qb_customer_list_id = ?, qb_read_at = ? WHERE posting_key = ?`,
      )
      .run(
        JSON.stringify(w),
        w.totalAmount,
        w.subtotal,
        w.salesTaxTotal,
        w.timeModified,
        w.customerListId,
        new Date().toISOString(),
        key,
      );
  }

  sent(key: string, content: PostingContent): void {
    this.db
      .prepare('UPDATE postings SET sent_content = ? WHERE posting_key = ?')
      .run(JSON.stringify(content), key);
  }

  /** Parks the posting for a person (see HoldReason). `forgetTxn` when the transaction is gone from QuickBooks. */
  park(key: string, hold: HoldReason, message: string, forgetTxn: boolean): void {
    this.db
      .prepare(
        `UPDATE postings SET state = 'failed', hold = ?, last_error = ?, updated_at = ?,
           txn_id = CASE WHEN ? THEN NULL ELSE txn_id END,
           edit_sequence = CASE WHEN ? THEN NULL ELSE edit_sequence END,
           posted_hash = NULL
         WHERE posting_key = ?`,
      )
      .run(hold, message, new Date().toISOString(), forgetTxn ? 1 : 0, forgetTxn ? 1 : 0, key);
  }

  /**
   * A person chose Retry: the next post starts from what QuickBooks holds now. After a hand edit
   * the transaction is brought back to what ShipStation says (the EditSequence seen is forgotten).
   */
  release(key: string): void {
    this.db
      .prepare(
        `UPDATE postings SET hold = NULL, state = 'queued', posted_hash = NULL, last_error = NULL,
           edit_sequence = CASE WHEN hold = 'edited_in_quickbooks' THEN NULL ELSE edit_sequence END,
           updated_at = ? WHERE posting_key = ?`,
      )
      .run(new Date().toISOString(), key);
  }

  fail(key: string, message: string): void {
    this.db
      .prepare(`UPDATE postings SET state = 'failed', last_error = ?, updated_at = ? WHERE posting_key = ?`)
      .run(message, new Date().toISOString(), key);
  }
}
