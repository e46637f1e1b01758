import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import { createLogger } from '../log/logger';
import type {
  DateWindow,
  Page,
  ShipStationClient,
  SsFulfillment,
  SsOrder,
  SsResource,
  SsShipment,
} from '../shipstation/types';
import { SettingsStore } from '../db/settings';
import type { OrdersStore } from './orders-store';
import { postingSettings } from './posting-settings';

const log = createLogger('ingest');

/** The calendar day of an instant in a time zone, YYYY-MM-DD. */
export const dayIn = (instant: string, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );

export type IngestResource = 'orders' | 'labels' | 'voids' | 'fulfillments';

export interface ResourceSummary {
  fetched: number;
  new: number;
  changed: number;
  unchanged: number;
  skipped: number;
  pages: number;
  error?: string;
}

export interface IngestSummary {
  trigger: string;
  startedAt: string;
  durationMs: number;
  ok: boolean;
  stores: number | null;
  resources: Record<IngestResource, ResourceSummary>;
  voidsApplied: number;
  collisions: string[];
}

export interface IngestOptions {
  /** Each window starts this long before the last one ended: late-indexed records are not missed. */
  overlapMs: number;
  /** How far back the very first poll looks. */
  initialLookbackMs: number;
  /** Stores are re-listed at most this often. */
  storesEveryMs: number;
  now: () => Date;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  overlapMs: 15 * 60_000,
  initialLookbackMs: 14 * 24 * 3_600_000,
  storesEveryMs: 60 * 60_000,
  now: () => new Date(),
};

const emptySummary = (): ResourceSummary => ({
  fetched: 0,
  new: 0,
  changed: 0,
  unchanged: 0,
  skipped: 0,
  pages: 0,
});

/**
 * Pulls ShipStation into SQLite: orders by a persisted modifyDate watermark (with overlap), labels
 * created and voided, and orders marked shipped elsewhere (fulfillments). Each page is written in one
 * transaction; a watermark moves only after every page of its window is stored, so an interrupted
 * poll repeats (idempotently) instead of skipping anything.
 */
export class Ingestor {
  private running: Promise<IngestSummary> | undefined;
  private readonly opts: IngestOptions;

  constructor(
    private readonly db: Db,
    private readonly client: () => ShipStationClient | undefined,
    private readonly orders: OrdersStore,
    private readonly audit: AuditLog,
    opts: Partial<IngestOptions> = {},
  ) {
    this.opts = { ...DEFAULT_INGEST_OPTIONS, ...opts };
  }

  /** Resolves when no poll is running (for a clean shutdown). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** One poll; a call while one runs joins it instead of starting a second. */
  run(trigger: string): Promise<IngestSummary> {
    if (this.running) return this.running;
    this.running = this.doRun(trigger).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  watermark(resource: IngestResource | 'stores'): string | null {
    const r = this.db.prepare('SELECT watermark FROM ingest_state WHERE resource = ?').get(resource) as
      { watermark: string | null } | undefined;
    return r?.watermark ?? null;
  }

  private saveState(
    resource: string,
    patch: { watermark?: string; count?: number; error?: string | null },
  ): void {
    const now = this.opts.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO ingest_state (resource, watermark, last_run_at, last_count, last_error) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(resource) DO UPDATE SET watermark = coalesce(excluded.watermark, watermark),
           last_run_at = excluded.last_run_at, last_count = coalesce(excluded.last_count, last_count),
           last_error = excluded.last_error`,
      )
      .run(resource, patch.watermark ?? null, now, patch.count ?? null, patch.error ?? null);
  }

  private windowFor(resource: IngestResource, end: Date): DateWindow {
    const wm = this.watermark(resource);
    const from = wm
      ? new Date(Date.parse(wm) - this.opts.overlapMs)
      : new Date(end.getTime() - this.opts.initialLookbackMs);
    return { from, to: end };
  }

  private async doRun(trigger: string): Promise<IngestSummary> {
    const client = this.client();
    const started = this.opts.now();
    const summary: IngestSummary = {
      trigger,
      startedAt: started.toISOString(),
      durationMs: 0,
      ok: true,
      stores: null,
      resources: {
        orders: emptySummary(),
        labels: emptySummary(),
        voids: emptySummary(),
        fulfillments: emptySummary(),
      },
      voidsApplied: 0,
      collisions: [],
    };
    if (!client) {
      summary.ok = false;
      for (const r of Object.values(summary.resources))
        r.error = 'ShipStation is not connected: add the API key in Settings.';
      return summary;
    }
    const runId = Number(
      this.db
        .prepare(`INSERT INTO sync_runs (kind, trigger, started_at) VALUES ('ingest', ?, ?)`)
        .run(trigger, started.toISOString()).lastInsertRowid,
    );

    try {
      summary.stores = await this.syncStores(client, started);
    } catch (err) {
      log.warn('could not list stores', { err: (err as Error).message });
    }
    const end = this.opts.now();
    const collisions = new Set<string>();
    await this.pull(
      'orders',
      summary,
      end,
      (w) => client.ordersModified(w),
      (o) => this.applyOrder(o, collisions),
    );
    await this.pull(
      'labels',
      summary,
      end,
      (w) => client.shipmentsCreated(w),
      (s) => this.applyShipment(s, 'label', summary),
    );
    await this.pull(
      'voids',
      summary,
      end,
      (w) => client.shipmentsVoided(w),
      (s) => this.applyShipment(s, 'label', summary),
    );
    await this.pull(
      'fulfillments',
      summary,
      end,
      (w) => client.fulfillmentsCreated(w),
      (f) => this.applyShipment(f, 'fulfillment', summary),
    );
    await this.recheckProcessing(client, summary);
    summary.collisions = [...collisions];
    summary.ok = Object.values(summary.resources).every((r) => !r.error);
    summary.durationMs = this.opts.now().getTime() - started.getTime();
    this.db
      .prepare('UPDATE sync_runs SET finished_at = ?, ok = ?, summary = ? WHERE id = ?')
      .run(this.opts.now().toISOString(), summary.ok ? 1 : 0, JSON.stringify(summary), runId);
    const r = summary.resources;
    this.audit.record({
      level: summary.ok ? 'info' : 'error',
      category: 'shipstation',
      event: 'poll',
      message:
        `ShipStation poll (${trigger}): ${r.orders.new} new and ${r.orders.changed} changed orders, ` +
        `${r.labels.new + r.fulfillments.new} new shipments, ${summary.voidsApplied} voids` +
        (summary.ok
          ? '.'
          : `; errors: ${Object.entries(r)
              .filter(([, v]) => v.error)
              .map(([k, v]) => `${k}: ${v.error}`)
              .join('; ')}`),
      data: summary,
    });
    return summary;
  }

  private async syncStores(client: ShipStationClient, now: Date): Promise<number | null> {
    const last = this.db.prepare(`SELECT last_run_at FROM ingest_state WHERE resource = 'stores'`).get() as
      { last_run_at: string | null } | undefined;
    if (last?.last_run_at && now.getTime() - Date.parse(last.last_run_at) < this.opts.storesEveryMs)
      return null;
    const stores = await client.listStores();
    this.db.transaction(() => {
      for (const s of stores) this.orders.upsertStore(s);
      this.saveState('stores', { count: stores.length });
    })();
    return stores.length;
  }

  /** Pages through one resource's window; the watermark moves to the window's end only if every page landed. */
  private async pull<T>(
    resource: IngestResource,
    summary: IngestSummary,
    end: Date,
    list: (w: DateWindow) => AsyncIterable<Page<T>>,
    apply: (item: T) => 'new' | 'changed' | 'unchanged' | 'skipped' | 'voided',
  ): Promise<void> {
    const s = summary.resources[resource];
    const window = this.windowFor(resource, end);
    try {
      for await (const page of list(window)) {
        s.pages++;
        this.db.transaction(() => {
          for (const item of page.items) {
            s.fetched++;
            const r = apply(item);
            if (r === 'voided') s.changed++;
            else s[r]++;
          }
        })();
      }
      this.saveState(resource, { watermark: end.toISOString(), count: s.fetched, error: null });
    } catch (err) {
      s.error = (err as Error).message;
      this.saveState(resource, { error: s.error });
      log.warn('ingest failed', { resource, err: s.error });
    }
  }

  private applyOrder(o: SsOrder, collisions: Set<string>): 'new' | 'changed' | 'unchanged' | 'skipped' {
    if (o.storeId) this.orders.ensureStore(o.storeId, o.sourceName ?? null);
    if (!this.orders.isStoreSynced(o.storeId)) return 'skipped';
    const r = this.orders.upsertOrder(o);
    if (r !== 'unchanged') {
      const collided = this.orders.markCollisions(o.orderNumber);
      if (collided.length > 0 && !collisions.has(o.orderNumber)) {
        collisions.add(o.orderNumber);
        this.audit.record({
          level: 'warn',
          category: 'shipstation',
          event: 'order-number-collision',
          orderNumber: o.orderNumber,
          ssRef: collided.join(','),
          message: `Order number ${o.orderNumber} is used by orders in more than one store (ShipStation ids ${collided.join(', ')}).`,
        });
      }
      this.audit.record({
        level: 'info',
        category: 'shipstation',
        event: r === 'new' ? 'order-received' : 'order-changed',
        orderNumber: o.orderNumber,
        ssRef: o.orderId,
        message:
          r === 'new'
            ? `Order ${o.orderNumber} received from ShipStation (${o.status}, ${o.items.length} line(s), total ${o.orderTotal.toFixed(2)}).`
            : `Order ${o.orderNumber} changed in ShipStation (${o.status}).`,
      });
    }
    return r;
  }

  /**
   * Labels still being created (V2 `processing`) are looked at again by id until ShipStation says
   * completed or error: their creation window has passed, so no list would bring them back.
   */
  private async recheckProcessing(client: ShipStationClient, summary: IngestSummary): Promise<void> {
    if (!client.getLabel) return;
    const ids = (
      this.db
        .prepare(
          `SELECT shipment_id FROM shipments WHERE label_status = 'processing' AND source = 'label'
           ORDER BY create_date LIMIT 50`,
        )
        .all() as { shipment_id: string }[]
    ).map((r) => r.shipment_id);
    for (const id of ids) {
      try {
        const s = await client.getLabel(id);
        if (s) this.db.transaction(() => this.applyShipment(s, 'label', summary))();
      } catch (err) {
        log.warn('could not re-read a label being created', { shipmentId: id, err: (err as Error).message });
        return;
      }
    }
  }

  private applyShipment(
    given: SsShipment | SsFulfillment,
    source: 'label' | 'fulfillment',
    summary: IngestSummary,
  ): 'new' | 'changed' | 'unchanged' | 'voided' {
    // A ship time of day is dated in the posting time zone (Settings): the bookkeeper's day.
    const s = given.shippedAt
      ? { ...given, shipDate: dayIn(given.shippedAt, postingSettings(new SettingsStore(this.db)).timeZone) }
      : given;
    const r = this.orders.upsertShipment(s, source);
    const id = source === 'label' ? (s as SsShipment).shipmentId : (s as SsFulfillment).fulfillmentId;
    if (r === 'new' || r === 'voided') {
      if (r === 'voided' || (r === 'new' && s.voided)) summary.voidsApplied++;
      this.audit.record({
        level: 'info',
        category: 'shipstation',
        event:
          r === 'voided' || s.voided
            ? 'shipment-voided'
            : source === 'label'
              ? 'shipment-received'
              : 'fulfillment-received',
        orderNumber: s.orderNumber,
        ssRef: id,
        message:
          r === 'voided' || s.voided
            ? `Shipment ${id} of order ${s.orderNumber ?? '?'} was voided in ShipStation.`
            : source === 'label' && (s as SsShipment).isReturnLabel
              ? `Return label ${id} for order ${s.orderNumber ?? '?'}: goods coming back, not a sale; nothing is posted for it.`
              : source === 'label' && (s as SsShipment).labelStatus !== 'completed'
                ? `Label ${id} for order ${s.orderNumber ?? '?'} is ${(s as SsShipment).labelStatus === 'error' ? 'in error in ShipStation (it could not be created)' : 'still being created in ShipStation'}: the order has not shipped on it.`
                : `Order ${s.orderNumber ?? '?'} shipped on ${s.shipDate ?? '?'}${s.trackingNumber ? ` (tracking ${s.trackingNumber})` : ''}${source === 'fulfillment' ? ', marked shipped outside ShipStation' : ''}.`,
      });
    }
    return r;
  }

  /**
   * Backfill: shipments made in a past date range (and their orders, fetched one by one when not
   * already here), without moving any watermark. Posting them is then up to the reconciler.
   */
  async backfill(range: {
    from: Date;
    to: Date;
  }): Promise<{ shipments: number; orders: number; errors: string[] }> {
    const client = this.client();
    if (!client) return { shipments: 0, orders: 0, errors: ['ShipStation is not connected.'] };
    const summary: IngestSummary = {
      trigger: 'backfill',
      startedAt: this.opts.now().toISOString(),
      durationMs: 0,
      ok: true,
      stores: null,
      resources: {
        orders: emptySummary(),
        labels: emptySummary(),
        voids: emptySummary(),
        fulfillments: emptySummary(),
      },
      voidsApplied: 0,
      collisions: [],
    };
    const errors: string[] = [];
    const orderIds = new Set<string>();
    const window = { from: range.from, to: range.to };
    try {
      const sources = [
        ['label', client.shipmentsCreated(window)],
        ['fulfillment', client.fulfillmentsCreated(window)],
      ] as const;
      for (const [source, pages] of sources) {
        for await (const page of pages as AsyncIterable<Page<SsShipment | SsFulfillment>>) {
          this.db.transaction(() => {
            for (const x of page.items) {
              this.applyShipment(x, source, summary);
              if (x.orderId) orderIds.add(x.orderId);
            }
          })();
        }
      }
    } catch (err) {
      errors.push((err as Error).message);
    }
    let fetched = 0;
    const collisions = new Set<string>();
    for (const id of orderIds) {
      if (this.orders.getOrder(id)) continue;
      try {
        const o = await client.getOrder(id);
        if (o) {
          this.db.transaction(() => this.applyOrder(o, collisions))();
          fetched++;
        }
      } catch (err) {
        errors.push(`order ${id}: ${(err as Error).message}`);
      }
    }
    this.audit.record({
      level: errors.length ? 'warn' : 'info',
      category: 'shipstation',
      event: 'backfill',
      message: `Backfill ${range.from.toISOString().slice(0, 10)} to ${range.to.toISOString().slice(0, 10)}: ${orderIds.size} shipped order(s), ${fetched} fetched${errors.length ? `; errors: ${errors.join('; ')}` : ''}.`,
    });
    return {
      shipments: summary.resources.labels.fetched + summary.resources.fulfillments.fetched,
      orders: orderIds.size,
      errors,
    };
  }

  /** A webhook's fetched resource goes through the same upserts as a poll. */
  applyResource(resource: SsResource): ResourceSummary {
    const s = emptySummary();
    const dummy: IngestSummary = {
      trigger: 'webhook',
      startedAt: this.opts.now().toISOString(),
      durationMs: 0,
      ok: true,
      stores: null,
      resources: { orders: s, labels: s, voids: s, fulfillments: s },
      voidsApplied: 0,
      collisions: [],
    };
    const collisions = new Set<string>();
    this.db.transaction(() => {
      const tally = (r: 'new' | 'changed' | 'unchanged' | 'skipped' | 'voided'): void => {
        s.fetched++;
        if (r === 'voided') s.changed++;
        else s[r]++;
      };
      if (resource.kind === 'orders') for (const o of resource.orders) tally(this.applyOrder(o, collisions));
      if (resource.kind === 'shipments')
        for (const x of resource.shipments) tally(this.applyShipment(x, 'label', dummy));
      if (resource.kind === 'fulfillments')
        for (const x of resource.fulfillments) tally(this.applyShipment(x, 'fulfillment', dummy));
    })();
    return s;
  }
}
