import { CompanyInfoStore } from '../mirror/company-info';
import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import type { SettingsStore } from '../db/settings';
import { createLogger } from '../log/logger';
import type { Outbox } from '../qbwc/outbox';
import type { SsOrder } from '../shipstation/types';
import type { FlagsStore } from './flags-store';
import { Matcher } from './matching';
import type { OrdersStore, StoredOrder } from './orders-store';
import { postDedupKey, type PostingLifecycle } from './posting-lifecycle';
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

  private readonly company: CompanyInfoStore;
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsStore,
    private readonly orders: OrdersStore,
    private readonly postings: PostingsStore,
    private readonly flags: FlagsStore,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly life: PostingLifecycle,
  ) {
    this.matcher = new Matcher(db);
    this.company = new CompanyInfoStore(db);
  }

  /** The last reconcile line written, and how often the same result came again since. */
  private lastReconcile: { sig: string; repeats: number; lastAt: string } | undefined;

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
          `SELECT DISTINCT order_number FROM orders WHERE dirty = 1 OR state IN ('received', 'flagged')`,
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
        // The same orders still flagged, nothing else new: one line says so, with how often (the
        // trail is append-only, so a repeat is counted and told with the next different result).
        const { waitingForQuickBooks: _w, ...counts } = summary;
        const sig = JSON.stringify(counts);
        const now = new Date().toISOString();
        if (summary.queued === 0 && summary.previews === 0 && sig === this.lastReconcile?.sig) {
          this.lastReconcile.repeats++;
          this.lastReconcile.lastAt = now;
        } else {
          const prev = this.lastReconcile;
          const repeated =
            prev && prev.repeats > 0
              ? ` (The previous result repeated ${prev.repeats} more time(s), until ${prev.lastAt}.)`
              : '';
          this.audit.record({
            level: summary.flagged ? 'warn' : 'info',
            category: 'sync',
            event: 'reconcile',
            message: `Reconcile (${trigger}): ${summary.examined} order(s) checked, ${summary.validated} valid, ${summary.flagged} flagged, ${summary.queued} queued for QuickBooks${summary.previews ? `, ${summary.previews} dry-run preview(s)` : ''}.${repeated}`,
            data: { ...summary, ...(prev?.repeats ? { previousRepeats: prev.repeats } : {}) },
          });
          this.lastReconcile = { sig, repeats: 0, lastAt: now };
        }
      }
    }
    return summary;
  }

  /**
   * Which store's orders own this order number in QuickBooks: the store already posted, else the
   * only store still in play. Undefined while two stores compete (each is flagged for a person).
   */
  private ownerStore(all: StoredOrder[], existingOrderId: string | undefined): string | null | undefined {
    const live = all.filter((o) => !this.isUserIgnored(o.orderId) && this.orders.isStoreSynced(o.storeId));
    const posted = existingOrderId ? all.find((o) => o.orderId === existingOrderId) : undefined;
    if (posted && this.postings.get(posted.orderNumber)?.txnId) return posted.storeId;
    const stores = new Set(live.map((o) => o.storeId));
    if (stores.size === 1) return [...stores][0];
    if (stores.size === 0) return posted?.storeId ?? all[0]?.storeId ?? null;
    return posted ? posted.storeId : undefined;
  }

  private reconcileNumber(
    orderNumber: string,
    posting: ReturnType<typeof postingSettings>,
    matching: ReturnType<typeof matchingSettings>,
    summary: ReconcileSummary,
  ): void {
    const all = this.orders.ordersByNumber(orderNumber);
    if (!all.length) return;
    const existing = this.postings.get(orderNumber);
    const owner = this.ownerStore(all, existing?.orderId);
    const byStore = new Map<string | null, StoredOrder[]>();
    for (const o of all) byStore.set(o.storeId, [...(byStore.get(o.storeId) ?? []), o]);
    for (const [storeId, group] of byStore) {
      summary.examined++;
      const ids = group.map((o) => o.orderId);
      // Parked (deleted or edited in QuickBooks, refused, held): only a person's Retry or Ignore moves it.
      if (this.life.isParked(ids)) {
        this.db
          .prepare('UPDATE orders SET dirty = 0 WHERE order_id IN (SELECT value FROM json_each(?))')
          .run(JSON.stringify(ids));
        continue;
      }
      if (group.every((o) => this.isUserIgnored(o.orderId)) || !this.orders.isStoreSynced(storeId)) {
        this.life.settle(group, 'ignored');
        summary.ignored++;
        continue;
      }
      if (owner !== storeId) {
        this.collision(orderNumber, group, summary);
        continue;
      }
      this.reconcileGroup(orderNumber, group, existing, posting, matching, summary);
    }
  }

  /** Another store's order holds this number in QuickBooks (or competes for it): a person decides. */
  private collision(orderNumber: string, group: StoredOrder[], summary: ReconcileSummary): void {
    const primary = group.find((o) => !o.order.parentOrderId) ?? group[0]!;
    const flag = {
      reason: 'order_number_collision' as const,
      detail: `Order number ${orderNumber} is also used by an order in another store; QuickBooks keys transactions by it. Ignore one of them (or post it by hand).`,
      data: { orderNumber, storeId: primary.storeId },
    };
    const changed = this.life.settle(group, 'flagged', {
      primaryId: primary.orderId,
      flags: [flag],
      resolution: 'revalidated',
    });
    if (changed)
      this.audit.record({
        level: 'warn',
        category: 'sync',
        event: 'flagged',
        orderNumber,
        ssRef: primary.orderId,
        message: `Order ${orderNumber} needs attention: ${flag.detail}`,
        data: { flags: [flag] },
      });
    summary.flagged++;
  }

  private reconcileGroup(
    orderNumber: string,
    group: StoredOrder[],
    existing: ReturnType<PostingsStore['get']>,
    posting: ReturnType<typeof postingSettings>,
    matching: ReturnType<typeof matchingSettings>,
    summary: ReconcileSummary,
  ): void {
    // A posting of this number is out in a QuickBooks session: decide after QuickBooks answers.
    if (this.outbox.isActive(postDedupKey(orderNumber), ['sent'])) return;

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
      this.life.settle(group, 'cancelled', {
        primaryId: primary.orderId,
        flags: [],
        resolution: 'order cancelled',
      });
      summary.cancelled++;
      return;
    }

    const result = validateOrder(order, {
      matcher: this.matcher,
      matching,
      posting,
      collision: false,
      amountAccepted: this.flags.wasAccepted(primary.orderId, 'amount_mismatch'),
      salesTaxOn: this.company.get()?.salesTaxOn === true,
    });
    if (!result.resolved) {
      const flagsChanged = this.life.settle(group, 'flagged', {
        primaryId: primary.orderId,
        flags: result.flags,
        resolution: 'revalidated',
      });
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
      summary.flagged++;
      return;
    }
    const clearFlags = { primaryId: primary.orderId, flags: result.flags, resolution: 'revalidated' };

    const live = shipments.filter((s) => s.shipDate);
    const voided = cancelled || (wasPosted && live.length === 0);
    if (!live.length && !voided) {
      const before = this.life.stateOf(primary.orderId);
      const flagsChanged = this.life.settle(group, 'validated', clearFlags);
      if (flagsChanged || before !== 'validated') {
        this.audit.record({
          level: 'info',
          category: 'sync',
          event: 'validated',
          orderNumber,
          ssRef: primary.orderId,
          message: `Order ${orderNumber} validated: customer ${result.resolved.customer.fullName}, ${result.resolved.lines.length} line(s).`,
        });
      }
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
      if (this.life.stateOf(primary.orderId) !== 'ignored') {
        this.audit.record({
          level: 'info',
          category: 'sync',
          event: 'before-start-date',
          orderNumber,
          message: `Order ${orderNumber} shipped on ${content.txnDate}, before the start date ${posting.startDate}: not posted.`,
        });
      }
      this.life.settle(group, 'ignored', clearFlags);
      summary.ignored++;
      return;
    }
    const hash = contentHash(content);
    const unchanged = existing?.postedHash === hash;
    if (posting.dryRun && !unchanged) {
      // Dry run never writes to QuickBooks: new postings and corrections alike are only previewed.
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
          message: wasPosted
            ? `Dry run: would update order ${orderNumber}'s ${content.txnType} to ${content.total.toFixed(2)} dated ${content.txnDate}.`
            : `Dry run: would post order ${orderNumber} as a ${content.txnType} of ${content.total.toFixed(2)} dated ${content.txnDate}.`,
          data: content,
        });
        summary.previews++;
      }
      this.life.settle(
        group,
        wasPosted ? (existing?.state === 'voided' ? 'cancelled' : 'posted') : 'validated',
        clearFlags,
      );
      summary.validated++;
      return;
    }
    this.life.settle(
      group,
      this.life.stateOf(primary.orderId) === 'queued' ? 'queued' : 'validated',
      clearFlags,
    );
    if (!this.life.queue(group, primary.orderId, content, hash)) {
      // QuickBooks confirmed this content already (or a post job for it is still queued).
      const settled = this.outbox.isActive(postDedupKey(orderNumber), ['pending'])
        ? 'queued'
        : existing?.state === 'voided'
          ? 'cancelled'
          : 'posted';
      this.life.settle(group, settled);
      summary.posted++;
      return;
    }
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
    summary.queued++;
  }

  private isUserIgnored(orderId: string): boolean {
    const r = this.db.prepare('SELECT ignored_by_user FROM orders WHERE order_id = ?').get(orderId) as
      { ignored_by_user: number } | undefined;
    return r?.ignored_by_user === 1;
  }
}
