import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import type { SettingsStore } from '../db/settings';
import { createLogger } from '../log/logger';
import type { Outbox } from '../qbwc/outbox';
import type { SsOrder } from '../shipstation/types';
import type { FlagsStore } from './flags-store';
import { Matcher } from './matching';
import type { OrdersStore, StoredOrder } from './orders-store';
import { POST_PRIORITY } from './post-job';
import { buildPostingContent, contentHash, type ShipmentInfo } from './posting-content';
import { matchingSettings, postingSettings } from './posting-settings';
import type { PostingsStore } from './postings-store';
import { validateOrder } from './validate-order';

const log = createLogger('reconcile');

export interface ReconcileSummary {
  examined: number;
  validated: number;
  flagged: number;
  queued: number;
  posted: number;
  cancelled: number;
  ignored: number;
  previews: number;
  errors: number;
  waitingForQuickBooks: boolean;
}

/** One ShipStation order number: a parent and its split children, posted as one QuickBooks transaction. */
function combine(group: StoredOrder[]): SsOrder {
  const primary = group.find((o) => !o.order.parentOrderId) ?? group[0]!;
  if (group.length === 1) return primary.order;
  const live = group.filter((o) => o.order.status !== 'cancelled');
  const sum = (f: (o: SsOrder) => number): number =>
    Math.round(live.reduce((s, o) => s + f(o.order), 0) * 100) / 100;
  return {
    ...primary.order,
    items: live.flatMap((o) => o.order.items),
    orderTotal: sum((o) => o.orderTotal),
    amountPaid: sum((o) => o.amountPaid),
    taxAmount: sum((o) => o.taxAmount),
    shippingAmount: sum((o) => o.shippingAmount),
    status: live.length ? primary.order.status : 'cancelled',
  };
}

/**
 * Turns ingested orders into QuickBooks work: validate against the mirror (flag what is unknown),
 * and for shipped orders work out what QuickBooks should hold; when that differs from what it
 * confirmed, queue one posting job per order number (Add the first time, Mod afterwards).
 */
export class Reconciler {
  private readonly matcher: Matcher;

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsStore,
    private readonly orders: OrdersStore,
    private readonly postings: PostingsStore,
    private readonly flags: FlagsStore,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {
    this.matcher = new Matcher(db);
  }

  get match(): Matcher {
    return this.matcher;
  }

  run(trigger: string): ReconcileSummary {
    const summary: ReconcileSummary = {
      examined: 0,
      validated: 0,
      flagged: 0,
      queued: 0,
      posted: 0,
      cancelled: 0,
      ignored: 0,
      previews: 0,
      errors: 0,
      waitingForQuickBooks: false,
    };
    if (!this.matcher.mirrorLoaded()) {
      summary.waitingForQuickBooks = true;
      return summary;
    }
    const numbers = (
      this.db
        .prepare(
          `SELECT DISTINCT order_number FROM orders WHERE dirty = 1 OR status IN ('received', 'flagged')`,
        )
        .all() as { order_number: string }[]
    ).map((r) => r.order_number);
    const posting = postingSettings(this.settings);
    const matching = matchingSettings(this.settings);
    const BATCH = 200;
    for (let i = 0; i < numbers.length; i += BATCH) {
      this.db.transaction(() => {
        for (const n of numbers.slice(i, i + BATCH)) {
          // One order's problem never stops the batch: it is recorded and the rest go on.
          try {
            this.db.transaction(() => this.reconcileNumber(n, posting, matching, summary))();
          } catch (err) {
            summary.errors++;
            log.error('reconcile failed for an order', { orderNumber: n, err: (err as Error).stack });
            this.audit.record({
              level: 'error',
              category: 'sync',
              event: 'reconcile-error',
              orderNumber: n,
              message: `Order ${n} could not be checked: ${(err as Error).message}`,
            });
          }
        }
      })();
    }
    if (summary.examined) {
      log.info('reconciled', { trigger, ...summary });
      if (summary.flagged || summary.queued || summary.previews) {
        this.audit.record({
          level: summary.flagged ? 'warn' : 'info',
          category: 'sync',
          event: 'reconcile',
          message: `Reconcile (${trigger}): ${summary.examined} order(s) checked, ${summary.validated} valid, ${summary.flagged} flagged, ${summary.queued} queued for QuickBooks${summary.previews ? `, ${summary.previews} dry-run preview(s)` : ''}.`,
          data: summary,
        });
      }
    }
    return summary;
  }

  private setStatus(group: StoredOrder[], status: string): void {
    const stmt = this.db.prepare('UPDATE orders SET status = ?, dirty = 0 WHERE order_id = ?');
    for (const o of group) stmt.run(status, o.orderId);
  }

  private reconcileNumber(
    orderNumber: string,
    posting: ReturnType<typeof postingSettings>,
    matching: ReturnType<typeof matchingSettings>,
    summary: ReconcileSummary,
  ): void {
    const all = this.orders.ordersByNumber(orderNumber);
    if (!all.length) return;
    // A collision spans stores; the rest of the logic works on this store's orders.
    const group = all.filter((o) => o.storeId === all[0]!.storeId);
    summary.examined++;
    if (
      group.every((o) => o.status === 'ignored' && this.isUserIgnored(o.orderId)) ||
      !this.orders.isStoreSynced(group[0]!.storeId)
    ) {
      this.setStatus(group, 'ignored');
      summary.ignored++;
      return;
    }
    // A posting of this number is in flight: decide after QuickBooks answers.
    if (
      this.db
        .prepare(`SELECT 1 FROM outbox WHERE dedup_key = ? AND status = 'sent'`)
        .get(`post:${orderNumber}`)
    )
      return;

    const existing = this.postings.get(orderNumber);
    const wasPosted = Boolean(existing?.txnId);
    const order = combine(group);
    const primary = group.find((o) => !o.order.parentOrderId) ?? group[0]!;
    const shipments: ShipmentInfo[] = group.flatMap((o) =>
      (
        this.db
          .prepare(
            `SELECT ship_date, carrier_code, service_code, tracking_number FROM shipments
             WHERE order_id = ? AND voided = 0 ORDER BY create_date`,
          )
          .all(o.orderId) as {
          ship_date: string | null;
          carrier_code: string | null;
          service_code: string | null;
          tracking_number: string | null;
        }[]
      ).map((r) => ({
        shipDate: r.ship_date,
        carrierCode: r.carrier_code,
        serviceCode: r.service_code,
        trackingNumber: r.tracking_number,
      })),
    );
    const cancelled = order.status === 'cancelled';

    if (cancelled && !wasPosted) {
      for (const o of group) this.flags.replace(o.orderId, [], 'order cancelled');
      this.setStatus(group, 'cancelled');
      summary.cancelled++;
      return;
    }

    const result = validateOrder(order, {
      matcher: this.matcher,
      matching,
      posting,
      collision: all.some((o) => o.collision),
      amountAccepted: this.flags.wasAccepted(primary.orderId, 'amount_mismatch'),
    });
    let flagsChanged = false;
    for (const o of group)
      flagsChanged =
        this.flags.replace(o.orderId, o === primary ? result.flags : [], 'revalidated') || flagsChanged;
    if (!result.resolved) {
      if (flagsChanged) {
        this.audit.record({
          level: 'warn',
          category: 'sync',
          event: 'flagged',
          orderNumber,
          ssRef: primary.orderId,
          message: `Order ${orderNumber} needs attention: ${result.flags.map((f) => f.detail).join(' ')}`,
          data: { flags: result.flags },
        });
      }
      this.setStatus(group, 'flagged');
      summary.flagged++;
      return;
    }

    const live = shipments.filter((s) => s.shipDate);
    const voided = cancelled || (wasPosted && live.length === 0);
    if (!live.length && !voided) {
      if (flagsChanged || primary.status !== 'validated') {
        this.audit.record({
          level: 'info',
          category: 'sync',
          event: 'validated',
          orderNumber,
          ssRef: primary.orderId,
          message: `Order ${orderNumber} validated: customer ${result.resolved.customer.fullName}, ${result.resolved.lines.length} line(s).`,
        });
      }
      this.setStatus(group, 'validated');
      summary.validated++;
      return;
    }
    const effectiveShipments = live.length
      ? live
      : [{ shipDate: existing?.txnDate ?? null, carrierCode: null, serviceCode: null, trackingNumber: null }];
    const content = buildPostingContent(orderNumber, result.resolved, effectiveShipments, posting, voided);
    const backfill = this.settings.get<{ from: string; to: string }[]>('posting.backfillRanges') ?? [];
    const inBackfill = backfill.some((r) => content.txnDate >= r.from && content.txnDate <= r.to);
    if (!wasPosted && !inBackfill && posting.startDate && content.txnDate < posting.startDate) {
      if (primary.status !== 'ignored') {
        this.audit.record({
          level: 'info',
          category: 'sync',
          event: 'before-start-date',
          orderNumber,
          message: `Order ${orderNumber} shipped on ${content.txnDate}, before the start date ${posting.startDate}: not posted.`,
        });
      }
      this.setStatus(group, 'ignored');
      summary.ignored++;
      return;
    }
    const hash = contentHash(content);
    if (posting.dryRun && !wasPosted) {
      const prev = this.db
        .prepare('SELECT content FROM posting_previews WHERE order_id = ?')
        .get(primary.orderId) as { content: string } | undefined;
      if (prev?.content !== JSON.stringify(content)) {
        this.db
          .prepare(
            `INSERT INTO posting_previews (order_id, content, created_at) VALUES (?, ?, ?)
             ON CONFLICT(order_id) DO UPDATE SET content = excluded.content, created_at = excluded.created_at`,
          )
          .run(primary.orderId, JSON.stringify(content), new Date().toISOString());
        this.audit.record({
          level: 'info',
          category: 'sync',
          event: 'dry-run',
          orderNumber,
          message: `Dry run: would post order ${orderNumber} as a ${content.txnType} of ${content.total.toFixed(2)} dated ${content.txnDate}.`,
          data: content,
        });
        summary.previews++;
      }
      this.setStatus(group, 'validated');
      summary.validated++;
      return;
    }
    const changed = this.postings.setDesired(primary.orderId, content, hash);
    if (!changed) {
      this.setStatus(group, existing?.state === 'voided' ? 'cancelled' : 'posted');
      summary.posted++;
      return;
    }
    this.outbox.enqueue({
      kind: 'post.order',
      payload: { postingKey: orderNumber },
      priority: POST_PRIORITY,
      dedupKey: `post:${orderNumber}`,
      orderNumber,
      maxAttempts: 5,
    });
    this.audit.record({
      level: 'info',
      category: 'sync',
      event: wasPosted ? 'correction-queued' : 'post-queued',
      orderNumber,
      ssRef: primary.orderId,
      qbRef: existing?.txnId ?? null,
      message: wasPosted
        ? `Order ${orderNumber} changed after posting: ${content.voided ? 'the QuickBooks transaction will be zeroed' : 'the QuickBooks transaction will be updated'}.`
        : `Order ${orderNumber} shipped on ${content.txnDate}: queued to post as a ${content.txnType} of ${content.total.toFixed(2)}.`,
    });
    this.setStatus(group, 'queued');
    summary.queued++;
  }

  private isUserIgnored(orderId: string): boolean {
    const r = this.db.prepare('SELECT ignored_by_user FROM orders WHERE order_id = ?').get(orderId) as
      { ignored_by_user: number } | undefined;
    return r?.ignored_by_user === 1;
  }
}
