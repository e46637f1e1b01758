import { CompanyInfoStore } from '../mirror/company-info';
import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import type { SettingsStore } from '../db/settings';
import { createLogger } from '../log/logger';
import type { Outbox } from '../qbwc/outbox';
import type { SsOrder, SsShipmentItem } from '../shipstation/types';
import type { FlagsStore } from './flags-store';
import { Matcher } from './matching';
import type { OrdersStore, StoredOrder } from './orders-store';
import { postDedupKey, type PostingLifecycle } from './posting-lifecycle';
import { buildPostingContent, contentHash, zeroedContent, type PostingContent } from './posting-content';
import { matchingSettings, postingSettings } from './posting-settings';
import type { Posting, PostingsStore } from './postings-store';
import {
  allocateShipments,
  partOrders,
  postingKeyFor,
  type ShipmentPart,
  type SourceLine,
  type SourceShipment,
} from './shipment-parts';
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
  /** Syncing is paused: nothing was checked or queued (the orders wait for the resume). */
  paused?: boolean;
}

/**
 * One ShipStation order number: a parent and its split children, validated as one order. Its
 * product lines keep which order each came from (each ships on its own; shipment-parts.ts).
 */
function combine(group: StoredOrder[]): { order: SsOrder; lines: SourceLine[] } {
  const primary = group.find((o) => !o.order.parentOrderId) ?? group[0]!;
  const live = group.length === 1 ? group : group.filter((o) => o.order.status !== 'cancelled');
  const lines = live.flatMap((o) =>
    o.order.items.filter((i) => !i.adjustment).map((item) => ({ orderId: o.orderId, item })),
  );
  if (group.length === 1) return { order: primary.order, lines };
  const sum = (f: (o: SsOrder) => number): number =>
    Math.round(live.reduce((s, o) => s + f(o.order), 0) * 100) / 100;
  return {
    order: {
      ...primary.order,
      items: live.flatMap((o) => o.order.items),
      orderTotal: sum((o) => o.orderTotal),
      amountPaid: sum((o) => o.amountPaid),
      taxAmount: sum((o) => o.taxAmount),
      shippingAmount: sum((o) => o.shippingAmount),
      // A cancelled parent whose split child still ships: the number lives on in the child.
      status: live.length ? (live.includes(primary) ? primary : live[0]!).order.status : 'cancelled',
    },
    lines,
  };
}

const label = (c: PostingContent): string =>
  c.shipment ? `order ${c.orderNumber} (shipment ${c.shipment})` : `order ${c.orderNumber}`;
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

/**
 * Which transaction each ship date goes in: a date keeps the transaction that already holds it;
 * other dates take over, in date order, transactions whose date no longer ships (void and reship),
 * then new shipment numbers; a transaction left over is zeroed.
 */
function assignShipments(
  existing: Posting[],
  parts: ShipmentPart[],
): { shipment: number; existing?: Posting; part?: ShipmentPart }[] {
  const free = existing.filter((p) => p.content);
  const out: { shipment: number; existing?: Posting; part?: ShipmentPart }[] = [];
  const rest: ShipmentPart[] = [];
  for (const part of parts) {
    const i = free.findIndex((p) => p.content!.txnDate === part.shipDate && !p.content!.voided);
    if (i < 0) {
      rest.push(part);
      continue;
    }
    out.push({ shipment: free[i]!.shipment, existing: free[i], part });
    free.splice(i, 1);
  }
  let next = Math.max(0, ...existing.map((p) => p.shipment)) + 1;
  for (const part of rest) {
    const e = free.shift();
    out.push(e ? { shipment: e.shipment, existing: e, part } : { shipment: next++, part });
  }
  for (const e of free) out.push({ shipment: e.shipment, existing: e });
  return out.sort((a, b) => a.shipment - b.shipment);
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
    /** The user paused syncing: nothing is queued for QuickBooks from any path until resumed. */
    private readonly paused: () => boolean = () => false,
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
    if (this.paused()) {
      summary.paused = true;
      return summary;
    }
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
      this.reconcileGroup(orderNumber, group, posting, matching, summary);
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
    posting: ReturnType<typeof postingSettings>,
    matching: ReturnType<typeof matchingSettings>,
    summary: ReconcileSummary,
  ): void {
    const existingAll = this.postings.forNumber(orderNumber);
    // A posting of this number is out in a QuickBooks session: decide after QuickBooks answers.
    if (existingAll.some((p) => this.outbox.isActive(postDedupKey(p.postingKey), ['sent']))) return;

    const wasPosted = existingAll.some((p) => Boolean(p.txnId));
    const { order, lines: sourceLines } = combine(group);
    const primary = group.find((o) => !o.order.parentOrderId) ?? group[0]!;
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

    const parts: ShipmentPart[] = cancelled
      ? []
      : allocateShipments(
          sourceLines,
          group.flatMap((o) => this.liveShipments(o.orderId)),
        ).parts;
    if (!parts.length && !wasPosted) {
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
    const firstDate = parts[0]?.shipDate;
    const backfill = this.settings.get<{ from: string; to: string }[]>('posting.backfillRanges') ?? [];
    const inBackfill = backfill.some((r) => firstDate && firstDate >= r.from && firstDate <= r.to);
    if (!wasPosted && !inBackfill && posting.startDate && firstDate && firstDate < posting.startDate) {
      if (this.life.stateOf(primary.orderId) !== 'ignored') {
        this.audit.record({
          level: 'info',
          category: 'sync',
          event: 'before-start-date',
          orderNumber,
          message: `Order ${orderNumber} shipped on ${firstDate}, before the start date ${posting.startDate}: not posted.`,
        });
      }
      this.life.settle(group, 'ignored', clearFlags);
      summary.ignored++;
      return;
    }

    const pieces = partOrders(result.resolved, parts);
    const plan = assignShipments(existingAll, parts).map((a) => {
      const k = a.part ? parts.indexOf(a.part) : -1;
      const content =
        a.part && k >= 0
          ? buildPostingContent(orderNumber, pieces[k]!, a.part.shipments, posting, false, a.shipment)
          : zeroedContent(a.existing!.content!);
      const orderIds = a.part ? a.part.orderIds : (a.existing?.orderIds ?? group.map((o) => o.orderId));
      return {
        ...a,
        key: postingKeyFor(orderNumber, a.shipment),
        content,
        hash: contentHash(content),
        orderIds,
      };
    });
    const byId = new Map(group.map((o) => [o.orderId, o]));
    const ordersOf = (ids: string[]): StoredOrder[] => ids.flatMap((id) => byId.get(id) ?? []);
    const changed = plan.filter((x) => x.existing?.postedHash !== x.hash);

    if (posting.dryRun && changed.length) {
      // Dry run never writes to QuickBooks: new postings and corrections alike are only previewed.
      const first = changed[0]!.content;
      const prev = this.db
        .prepare('SELECT content FROM posting_previews WHERE order_id = ?')
        .get(primary.orderId) as { content: string } | undefined;
      if (prev?.content !== JSON.stringify(first)) {
        this.db
          .prepare(
            `INSERT INTO posting_previews (order_id, content, created_at) VALUES (?, ?, ?)
             ON CONFLICT(order_id) DO UPDATE SET content = excluded.content, created_at = excluded.created_at`,
          )
          .run(primary.orderId, JSON.stringify(first), new Date().toISOString());
        for (const x of changed) {
          const c = x.content;
          this.audit.record({
            level: 'info',
            category: 'sync',
            event: 'dry-run',
            orderNumber,
            message: x.existing?.txnId
              ? `Dry run: would update ${label(c)}'s ${c.txnType} to ${c.total.toFixed(2)} dated ${c.txnDate}.`
              : `Dry run: would post ${label(c)} as a ${c.txnType} of ${c.total.toFixed(2)} dated ${c.txnDate}.`,
            data: c,
          });
        }
        summary.previews++;
      }
      for (const o of group) {
        const mine = existingAll.filter((p) => !p.orderIds || p.orderIds.includes(o.orderId));
        const to = !mine.some((p) => p.txnId)
          ? 'validated'
          : mine.every((p) => p.state === 'voided')
            ? 'cancelled'
            : 'posted';
        this.life.settle([o], to, clearFlags);
      }
      summary.validated++;
      return;
    }

    for (const o of group)
      this.life.settle([o], this.life.stateOf(o.orderId) === 'queued' ? 'queued' : 'validated', clearFlags);
    const queuedIds = new Set<string>();
    for (const x of plan) {
      if (!this.life.queue(ordersOf(x.orderIds), primary.orderId, x.key, x, x.content, x.hash)) continue;
      for (const id of x.orderIds) queuedIds.add(id);
      const again = Boolean(x.existing?.txnId);
      this.audit.record({
        level: 'info',
        category: 'sync',
        event: again ? 'correction-queued' : 'post-queued',
        orderNumber,
        ssRef: primary.orderId,
        qbRef: x.existing?.txnId ?? null,
        message: again
          ? `${cap(label(x.content))} changed after posting: ${x.content.voided ? 'the QuickBooks transaction will be zeroed' : 'the QuickBooks transaction will be updated'}.`
          : `${cap(label(x.content))} shipped on ${x.content.txnDate}: queued to post as a ${x.content.txnType} of ${x.content.total.toFixed(2)}.`,
      });
    }
    // Orders whose shipments did not change: posted, still queued, cancelled, or awaiting shipment.
    const allVoided = plan.every((x) => x.content.voided);
    for (const o of group) {
      if (queuedIds.has(o.orderId)) continue;
      const mine = plan.filter((x) => x.part && x.orderIds.includes(o.orderId));
      const to = mine.length
        ? mine.some((x) => this.outbox.isActive(postDedupKey(x.key), ['pending']))
          ? 'queued'
          : 'posted'
        : allVoided
          ? 'cancelled'
          : 'validated';
      this.life.settle([o], to);
    }
    if (queuedIds.size || changed.length) summary.queued++;
    else summary.posted++;
  }

  /** An order's labels and fulfillments not voided, with the lines each says it holds. */
  private liveShipments(orderId: string): SourceShipment[] {
    return (
      this.db
        .prepare(
          `SELECT ship_date, carrier_code, service_code, tracking_number, data FROM shipments
           WHERE order_id = ? AND ships = 1 AND ship_date IS NOT NULL ORDER BY create_date`,
        )
        .all(orderId) as {
        ship_date: string;
        carrier_code: string | null;
        service_code: string | null;
        tracking_number: string | null;
        data: string;
      }[]
    ).map((r) => ({
      orderId,
      shipDate: r.ship_date,
      items: (JSON.parse(r.data) as { items?: SsShipmentItem[] | null }).items ?? null,
      info: {
        shipDate: r.ship_date,
        carrierCode: r.carrier_code,
        serviceCode: r.service_code,
        trackingNumber: r.tracking_number,
      },
    }));
  }

  private isUserIgnored(orderId: string): boolean {
    const r = this.db.prepare('SELECT ignored_by_user FROM orders WHERE order_id = ?').get(orderId) as
      { ignored_by_user: number } | undefined;
    return r?.ignored_by_user === 1;
  }
}
