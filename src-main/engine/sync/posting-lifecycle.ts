import { createHash } from 'node:crypto';
import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import type { Outbox } from '../qbwc/outbox';
import type { FlagsStore } from './flags-store';
import type { OrderSyncStatus, StoredOrder } from './orders-store';
import type { PostingContent } from './posting-content';
import type { HoldReason, Posting, PostingsStore } from './postings-store';
import type { Flag } from './validate-order';
import type { QbWitness } from './witness';

/** An order's place in its posting lifecycle (finer than the API's status, see STATUS_OF). */
export type OrderState =
  | 'received'
  | 'flagged'
  | 'validated'
  | 'queued'
  | 'posted'
  | 'cancelled'
  | 'ignored'
  | 'failed'
  | 'deleted_in_qb'
  | 'held';

/** The API keeps its eight statuses: a parked order shows as failed (deleted) or flagged (held for review). */
export const STATUS_OF: Record<OrderState, OrderSyncStatus> = {
  received: 'received',
  flagged: 'flagged',
  validated: 'validated',
  queued: 'queued',
  posted: 'posted',
  cancelled: 'cancelled',
  ignored: 'ignored',
  failed: 'failed',
  deleted_in_qb: 'failed',
  held: 'flagged',
};

/** States only a person moves an order out of (Retry or Ignore): nothing automatic posts them again. */
export const PARKED: readonly OrderState[] = ['failed', 'deleted_in_qb', 'held'];

const SETTLED: readonly OrderState[] = ['flagged', 'validated', 'queued', 'posted', 'cancelled', 'ignored'];

/**
 * Every move an order may make. Reconcile moves orders among the settled states; the post job moves
 * a queued order to posted/cancelled or parks it; only a person's Retry (→ received) or Ignore leaves
 * a parked state. Anything else is a bug and throws.
 */
export const TRANSITIONS: Record<OrderState, readonly OrderState[]> = {
  received: SETTLED,
  flagged: [...SETTLED, 'received'],
  validated: [...SETTLED, 'received'],
  queued: [...SETTLED, 'failed', 'deleted_in_qb', 'held'],
  posted: [...SETTLED, 'failed', 'deleted_in_qb', 'held'],
  cancelled: [...SETTLED, 'failed', 'deleted_in_qb', 'held'],
  ignored: [...SETTLED, 'received'],
  failed: ['received', 'ignored'],
  deleted_in_qb: ['received', 'ignored'],
  held: ['received', 'ignored'],
};

const HOLD_STATE: Record<HoldReason, OrderState> = {
  deleted_in_quickbooks: 'deleted_in_qb',
  edited_in_quickbooks: 'held',
  foreign_transaction: 'held',
  tax_mismatch: 'held',
};

export class IllegalTransition extends Error {}

export const postDedupKey = (orderNumber: string): string => `post:${orderNumber}`;

/**
 * Owns an order's posting lifecycle: the only writer of order state/status, of lifecycle flags and
 * of posting state. Reconcile, the post job, the QuickBooks watchers and a person's answers all go
 * through it, so the rules (a parked order waits for a person; status is written only for the store
 * that owns the order number) hold everywhere.
 */
export class PostingLifecycle {
  constructor(
    private readonly db: Db,
    private readonly postings: PostingsStore,
    private readonly flags: FlagsStore,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  stateOf(orderId: string): OrderState | undefined {
    return (
      this.db.prepare('SELECT state FROM orders WHERE order_id = ?').get(orderId) as
        { state: OrderState } | undefined
    )?.state;
  }

  isParked(orderIds: string[]): boolean {
    return orderIds.some((id) => PARKED.includes(this.stateOf(id) ?? 'received'));
  }

  private move(orderIds: string[], to: OrderState): void {
    const set = this.db.prepare('UPDATE orders SET state = ?, status = ?, dirty = 0 WHERE order_id = ?');
    for (const id of orderIds) {
      const from = this.stateOf(id);
      if (!from) continue;
      if (from !== to && !TRANSITIONS[from].includes(to))
        throw new IllegalTransition(
          `order ${id}: ${from} → ${to} is not a transition of the posting lifecycle`,
        );
      set.run(to, STATUS_OF[to], id);
    }
  }

  /** The orders of the store that owns this posting (order numbers repeat across stores). */
  private ownerOrders(postingKey: string): string[] {
    const p = this.postings.get(postingKey);
    if (!p) return [];
    return (
      this.db
        .prepare(
          `SELECT order_id FROM orders WHERE order_number = ?
             AND store_id IS (SELECT store_id FROM orders WHERE order_id = ?)`,
        )
        .all(p.orderNumber, p.orderId) as { order_id: string }[]
    ).map((r) => r.order_id);
  }

  // ── reconcile ───────────────────────────────────────────────────────────────────────────

  /** A reconcile outcome other than queueing: validation flags go on the primary order, others' are cleared. */
  settle(
    group: StoredOrder[],
    to: 'flagged' | 'validated' | 'queued' | 'posted' | 'cancelled' | 'ignored',
    flags?: { primaryId: string; flags: Flag[]; resolution: string },
  ): boolean {
    let changed = false;
    if (flags)
      for (const o of group)
        changed =
          this.flags.replace(o.orderId, o.orderId === flags.primaryId ? flags.flags : [], flags.resolution) ||
          changed;
    this.move(
      group.map((o) => o.orderId),
      to,
    );
    return changed;
  }

  /**
   * What QuickBooks should hold for one shipment of the number changed: record it and queue one post
   * job for it. `orders` are the orders whose lines it holds (they show as queued).
   */
  queue(
    orders: StoredOrder[],
    primaryId: string,
    key: string,
    at: { shipment: number; orderIds: string[] | null },
    content: PostingContent,
    hash: string,
  ): boolean {
    const changed = this.postings.setDesired(key, at, primaryId, content, hash);
    if (!changed) return false;
    this.outbox.enqueue({
      kind: 'post.order',
      payload: { postingKey: key },
      priority: 100,
      dedupKey: postDedupKey(key),
      orderNumber: content.orderNumber,
      maxAttempts: 5,
    });
    this.move(
      orders.map((o) => o.orderId),
      'queued',
    );
    return true;
  }

  // ── QuickBooks' answers ─────────────────────────────────────────────────────────────────

  witness(postingKey: string, w: QbWitness): void {
    this.postings.witness(postingKey, w);
  }

  /**
   * QuickBooks holds exactly the content: the posting is done. The orders whose lines it holds show
   * as posted once none of their shipments waits; when every transaction of the number is zeroed the
   * orders show as cancelled, else an order left with no live shipment awaits shipment again.
   */
  confirmed(postingKey: string, c: PostingContent, w: QbWitness): void {
    const p = this.postings.get(postingKey)!;
    this.postings.confirm(postingKey, {
      txnId: w.txnId,
      editSequence: w.editSequence,
      txnDate: c.txnDate,
      amount: c.total,
      hash: p.contentHash!,
      voided: c.voided,
    });
    this.postings.witness(postingKey, w);
    const owners = this.ownerOrders(postingKey);
    const all = this.postings.forNumber(p.orderNumber);
    // Postings from before revenue per shipment hold the whole number (orderIds null).
    if (!p.orderIds || all.every((x) => x.state === 'voided')) {
      this.move(owners, c.voided ? 'cancelled' : 'posted');
      return;
    }
    const holds = (x: Posting, id: string): boolean => !x.orderIds || x.orderIds.includes(id);
    for (const id of owners) {
      const mine = all.filter((x) => holds(x, id));
      if (!mine.some((x) => x.postingKey === postingKey)) continue;
      const live = mine.filter((x) => x.state !== 'voided');
      if (live.some((x) => x.state === 'queued')) continue;
      if (PARKED.includes(this.stateOf(id) ?? 'received')) continue;
      this.move([id], live.length ? 'posted' : 'validated');
    }
  }

  /** A zeroed shipment that never reached QuickBooks: nothing to change there; it counts as voided. */
  absent(postingKey: string): void {
    const p = this.postings.get(postingKey);
    if (!p) return;
    this.postings.absent(postingKey);
    const all = this.postings.forNumber(p.orderNumber);
    if (all.every((x) => x.state === 'voided')) this.move(this.ownerOrders(postingKey), 'cancelled');
  }

  /**
   * Parks the posting for a person: QuickBooks lost it (deleted), a person changed it there, or a
   * transaction we did not create holds its RefNumber. Nothing is posted for it until Retry.
   */
  park(postingKey: string, hold: HoldReason, detail: string, data?: Record<string, unknown>): void {
    const p = this.postings.get(postingKey);
    if (!p) return;
    this.postings.park(postingKey, hold, detail, hold === 'deleted_in_quickbooks');
    this.outbox.withdraw(postDedupKey(postingKey), `held for a person: ${hold}`);
    const ids = this.ownerOrders(postingKey);
    for (const id of ids) this.flags.add(id, { reason: hold, detail, data });
    this.move(ids, HOLD_STATE[hold]);
    this.audit.record({
      level: 'warn',
      category: 'sync',
      event: hold === 'deleted_in_quickbooks' ? 'deleted-in-quickbooks' : hold.replace(/_/g, '-'),
      orderNumber: p.orderNumber,
      qbRef: p.txnId,
      message: detail,
      data,
    });
  }

  /** QuickBooks refused the posting for good. */
  failed(postingKey: string, reason: string): void {
    this.postings.fail(postingKey, reason);
    const ids = this.ownerOrders(postingKey);
    for (const id of ids) this.flags.add(id, { reason: 'quickbooks_error', detail: reason });
    this.move(ids, 'failed');
  }

  /**
   * What a refusal was said of: the content, and the QuickBooks customer and items it names as the
   * mirror holds them now (their EditSequence changes when someone edits them in QuickBooks).
   */
  private refusalFingerprint(p: Posting): string | null {
    if (!p.content || !p.contentHash) return null;
    const c = p.content;
    const ids = [c.customer.listId, ...c.lines.map((l) => l.item.listId), c.salesTax?.item.listId ?? ''];
    const version = this.db.prepare(
      `SELECT edit_sequence FROM qb_customers WHERE list_id = @id
       UNION ALL SELECT edit_sequence FROM qb_items WHERE list_id = @id`,
    );
    const entries = ids.map((id) => {
      const r = id ? (version.get({ id }) as { edit_sequence: string } | undefined) : undefined;
      return `${id}:${r?.edit_sequence ?? '-'}`;
    });
    return createHash('sha256')
      .update(`${p.contentHash}|${entries.join(',')}`)
      .digest('hex');
  }

  /** QuickBooks refused this content for good (not busy, not a lost answer): remember what it refused. */
  refused(postingKey: string, statusCode: number): void {
    const p = this.postings.get(postingKey);
    const fp = p ? this.refusalFingerprint(p) : null;
    if (!fp) return;
    this.db
      .prepare(
        'UPDATE postings SET refused_fingerprint = ?, refused_status = ?, refused_at = ? WHERE posting_key = ?',
      )
      .run(fp, statusCode, new Date().toISOString(), postingKey);
  }

  /** QuickBooks' refusal of any shipment of the number, when nothing it was said of has changed since. */
  refusedBeforeNumber(orderNumber: string): { reason: string; statusCode: number; at: string } | null {
    for (const p of this.postings.forNumber(orderNumber)) {
      const r = this.refusedBefore(p.postingKey);
      if (r) return r;
    }
    return null;
  }

  /** QuickBooks' refusal, when nothing it was said of has changed since (sending it again would get the same answer). */
  refusedBefore(postingKey: string): { reason: string; statusCode: number; at: string } | null {
    const p = this.postings.get(postingKey);
    if (!p || p.state !== 'failed' || p.hold) return null;
    const r = this.db
      .prepare('SELECT refused_fingerprint, refused_status, refused_at FROM postings WHERE posting_key = ?')
      .get(postingKey) as
      | { refused_fingerprint: string | null; refused_status: number | null; refused_at: string | null }
      | undefined;
    if (!r?.refused_fingerprint || r.refused_fingerprint !== this.refusalFingerprint(p)) return null;
    return {
      reason: p.lastError ?? 'QuickBooks refused it.',
      statusCode: r.refused_status ?? 0,
      at: r.refused_at ?? '',
    };
  }

  // ── a person ────────────────────────────────────────────────────────────────────────────

  /** Retry: the order starts again from received; a parked posting is released (see PostingsStore.release). */
  retry(orderNumber: string, orders: StoredOrder[]): void {
    for (const p of this.postings.forNumber(orderNumber))
      if (p.hold || p.state === 'failed') this.postings.release(p.postingKey);
    this.db
      .prepare('UPDATE orders SET ignored_by_user = 0 WHERE order_id IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(orders.map((o) => o.orderId)));
    for (const o of orders) this.flags.resolve(o.orderId, 'retry');
    this.move(
      orders.map((o) => o.orderId),
      'received',
    );
    this.db
      .prepare('UPDATE orders SET dirty = 1 WHERE order_id IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(orders.map((o) => o.orderId)));
  }

  /** Ignore: never posted (what QuickBooks holds already stays as it is). */
  ignore(orderNumber: string, orders: StoredOrder[]): void {
    for (const p of this.postings.forNumber(orderNumber))
      if (orders.some((o) => o.orderId === p.orderId))
        this.outbox.withdraw(postDedupKey(p.postingKey), 'ignored by a person');
    this.db
      .prepare('UPDATE orders SET ignored_by_user = 1 WHERE order_id IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(orders.map((o) => o.orderId)));
    for (const o of orders) this.flags.resolve(o.orderId, 'ignored');
    this.move(
      orders.map((o) => o.orderId),
      'ignored',
    );
  }
}
