import type { ApiHandlers } from '../../../shared/api';
import type { AuditLog } from '../db/audit';
import type { SettingsStore } from '../db/settings';
import type { CompanyInfoStore } from '../mirror/company-info';
import type { MirrorPlanner } from '../mirror/planner';
import type { MirrorStore } from '../mirror/store';
import type { QbwcCredentials } from '../qbwc/credentials';
import type { Outbox } from '../qbwc/outbox';
import { COMPANY_FILE_KEY } from '../qbwc/service';
import type { SessionStore } from '../qbwc/sessions';
import type { ShipStationService } from '../shipstation/service';
import type { WebhookEvent } from '../shipstation/types';
import type { Ingestor } from '../sync/ingest';
import { listOrders, type OrdersStore } from '../sync/orders-store';
import type { WebhookIntake } from '../sync/webhooks';
import type { Db } from '../db/open';
import { VERSION } from '../version';
import { HttpError } from '../http/body';
import type { FlagsStore } from '../sync/flags-store';
import type { Matcher } from '../sync/matching';
import {
  MatchingSettingsSchema,
  PostingSettingsSchema,
  matchingSettings,
  postingSettings,
  type MatchingSettings,
} from '../sync/posting-settings';
import type { PostingsStore } from '../sync/postings-store';
import type { Reconciler } from '../sync/reconciler';
import { editionNote } from '../mirror/editions';
import { resolveOrder } from './resolve';
import { previewSkuMatching } from '../sync/sku-preview';
import { planCustomerName } from '../sync/customer-names';
import type { PostingContent } from '../sync/posting-content';
import type { PostingLifecycle } from '../sync/posting-lifecycle';
import { auditToCsv } from '../sync/audit-export';
import { latestInventoryReport, runInventoryReconciliation } from '../sync/inventory';
import { monthEndReport, ReportRangeError, reportToCsv } from '../sync/reconciliation-report';
import type { Schedules } from '../sync/schedules';
import { assertCron } from '../sync/schedules';

function pollError(summary: string): string | null {
  try {
    const s = JSON.parse(summary) as { resources?: Record<string, { error?: string }> };
    const errors = Object.entries(s.resources ?? {}).flatMap(([k, v]) =>
      v.error ? [`${k}: ${v.error}`] : [],
    );
    return errors.length ? errors.join('; ') : null;
  } catch {
    return null;
  }
}

function setupState(d: HandlerDeps) {
  const lastSs = d.db
    .prepare(
      `SELECT ok FROM sync_runs WHERE kind = 'ingest' AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`,
    )
    .get() as { ok: number } | undefined;
  return {
    qbwcCredentials: d.credentials.isConfigured(),
    quickBooksConnected: d.mirror.state('customers').lastRunAt !== null,
    shipStationConnected:
      d.shipstation.isConfigured() &&
      (lastSs?.ok === 1 || d.settings.get<boolean>('shipstation.lastTestOk') === true),
    postingConfigured: d.settings.get('posting') !== undefined,
    completed: d.settings.get<boolean>('setup.completed') === true,
  };
}

export interface HandlerDeps {
  settings: SettingsStore;
  audit: AuditLog;
  mirror: MirrorStore;
  planner: MirrorPlanner;
  company: CompanyInfoStore;
  credentials: QbwcCredentials;
  sessions: SessionStore;
  outbox: Outbox;
  db: Db;
  shipstation: ShipStationService;
  ingestor: Ingestor;
  orders: OrdersStore;
  webhooks: WebhookIntake;
  reconciler: Reconciler;
  flags: FlagsStore;
  life: PostingLifecycle;
  postings: PostingsStore;
  matcher: Matcher;
  schedules: Schedules;
  scheduleSettings: () => { poll: string; reconcile: string; nightly: string };
  paused: () => boolean;
}

const WEBHOOK_EVENTS: WebhookEvent[] = ['ORDER_NOTIFY', 'SHIP_NOTIFY', 'FULFILLMENT_SHIPPED'];

/** Matching settings with a change applied; a combination that cannot work is a 400, not a crash. */
function nextMatching(current: MatchingSettings, change: Partial<MatchingSettings>): MatchingSettings {
  const r = MatchingSettingsSchema.safeParse({ ...current, ...change });
  if (!r.success)
    throw new HttpError(
      400,
      'invalid_settings',
      r.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; '),
    );
  return r.data;
}

/** The engine side of the shared API contract; transports (HTTP, IPC) call these by name. */
const PAUSED_MESSAGE =
  'Syncing is paused: nothing is polled, queued or sent to QuickBooks. Resume syncing to do this.';

/** ShipStation API V2 has no stores endpoint (neither its spec nor docs.shipstation.com lists one). */
const V2_STORES_NOTE =
  "ShipStation's API V2 has no list of stores: a store appears here when its first order arrives, named by its id (V2 gives no store names; the marketplace is its order source). Every store is synced until you switch it off.";

export function createApiHandlers(d: HandlerDeps): ApiHandlers {
  return {
    health: () => ({ ok: true, version: VERSION }),
    status: () => {
      const lastPoll = d.db
        .prepare(
          `SELECT finished_at, ok, summary FROM sync_runs WHERE kind = 'ingest' AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`,
        )
        .get() as { finished_at: string; ok: number; summary: string } | undefined;
      const recent = d.sessions.recent(10);
      const lastErr = d.settings.get<{ at: string; message: string }>('qbwc.lastConnectionError') ?? null;
      const company = d.company.get();
      return {
        version: VERSION,
        qbwc: {
          configured: d.credentials.isConfigured(),
          username: d.credentials.username() ?? null,
          setByEnvironment: d.credentials.setByEnvironment(),
          companyFile: d.settings.get<string>(COMPANY_FILE_KEY) ?? null,
          lastContactAt: recent[0]?.lastSeenAt ?? null,
          lastConnectionError: lastErr ? { at: lastErr.at, message: lastErr.message } : null,
          recentSessions: recent.map((s) => ({
            id: s.id,
            state: s.state,
            createdAt: s.createdAt,
            closedAt: s.closedAt,
            requests: s.requests,
            jobsDone: s.jobsDone,
            jobsFailed: s.jobsFailed,
            result: s.result,
            lastError: s.lastError,
          })),
        },
        company: company
          ? {
              companyName: company.companyName,
              productName: company.productName,
              qbxmlVersions: company.qbxmlVersions,
              country: company.country,
              editionNote: editionNote(company.country),
            }
          : null,
        mirror: (['customers', 'items'] as const).map((entity) => {
          const s = d.mirror.state(entity);
          return {
            entity,
            count: d.mirror.count(entity === 'customers' ? 'customer' : 'item'),
            lastRunAt: s.lastRunAt,
            lastFullAt: s.lastFullAt,
            lastDurationMs: s.lastDurationMs,
            pageSize: s.pageSize,
          };
        }),
        outbox: d.outbox.counts(),
        paused: d.paused(),
        shipstation: {
          configured: d.shipstation.isConfigured(),
          apiVersion: d.shipstation.credentials().apiVersion,
          setByEnvironment: d.shipstation.setByEnvironment(),
          lastPollAt: lastPoll?.finished_at ?? null,
          lastError: lastPoll && lastPoll.ok === 0 ? pollError(lastPoll.summary) : null,
          rateBudget: d.shipstation.rateBudget(),
          counts: d.orders.counts(),
        },
      };
    },
    setPaused: ({ paused }) => {
      const was = d.paused();
      d.settings.set('sync.paused', paused);
      // Resumed: what waited (changed orders, deliveries stored meanwhile) goes on now.
      if (was && !paused) {
        d.reconciler.run('resume');
        d.webhooks.resumePending();
      }
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: paused ? 'sync-paused' : 'sync-resumed',
        message: paused
          ? 'Syncing paused: nothing is polled, queued or sent to QuickBooks until it is resumed.'
          : 'Syncing resumed.',
      });
      return { paused };
    },
    sync: async () => {
      if (d.paused()) throw new HttpError(409, 'paused', PAUSED_MESSAGE);
      const ingest = await d.ingestor.run('manual');
      const reconcile = d.reconciler.run('manual');
      return { ok: ingest.ok, ingest, reconcile };
    },
    orders: (q) => {
      const page = listOrders(d.db, q);
      const flags = d.flags.openFor(page.orders.map((o) => o.orderId));
      return {
        total: page.total,
        orders: page.orders.map((o) => ({
          orderNumber: o.orderNumber,
          orderId: o.orderId,
          storeId: o.storeId,
          storeName: o.storeName,
          status: o.status,
          shipStationStatus: o.ssStatus,
          flags: flags.get(o.orderId) ?? [],
          qbTxnId: d.postings.forOrder(o.orderNumber, o.orderId).find((p) => p.txnId)?.txnId ?? null,
          shipDate: o.shipDate,
          orderDate: o.orderDate,
          customerName: o.customerName,
          customerEmail: o.customerEmail,
          orderTotal: o.orderTotal,
          collision: o.collision,
        })),
      };
    },
    stores: () => ({
      stores: d.orders.stores(),
      note: d.shipstation.credentials().apiVersion === 'v2' ? V2_STORES_NOTE : null,
    }),
    setStoreSync: (input) => {
      if (!d.orders.setStoreSync(input.storeId, input.enabled)) {
        throw new HttpError(
          404,
          'not_found',
          `No ShipStation store ${input.storeId}; run a sync to list the stores.`,
        );
      }
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: 'store-sync',
        message: `Store ${input.storeId} ${input.enabled ? 'will' : 'will no longer'} be synced.`,
      });
      return { ok: true as const };
    },
    testShipStation: async () => {
      const r = await d.shipstation.test();
      d.settings.set('shipstation.lastTestOk', r.ok);
      d.audit.record({
        level: r.ok ? 'info' : 'warn',
        category: 'shipstation',
        event: 'connection-test',
        message: `ShipStation connection test: ${r.message}`,
      });
      return r;
    },
    resolveOrder: (input) => resolveOrder(d, input),
    orderDetail: ({ orderId }) => {
      const stored = d.orders.getOrder(orderId);
      if (!stored) throw new HttpError(404, 'not_found', `No order with ShipStation id ${orderId}.`);
      const row = listOrders(d.db, { orderId, limit: 1, offset: 0 }).orders[0]!;
      const postings = d.postings.forOrder(stored.orderNumber, orderId);
      const posting = postings.find((p) => p.txnId) ?? postings[0] ?? null;
      const preview = d.db.prepare('SELECT content FROM posting_previews WHERE order_id = ?').get(orderId) as
        { content: string } | undefined;
      return {
        order: {
          orderNumber: row.orderNumber,
          orderId: row.orderId,
          storeId: row.storeId,
          storeName: row.storeName,
          status: row.status,
          shipStationStatus: row.ssStatus,
          flags: d.flags.open(orderId).map((f) => ({ reason: f.reason, detail: f.detail, data: f.data })),
          qbTxnId: posting?.txnId ?? null,
          shipDate: row.shipDate,
          orderDate: row.orderDate,
          customerName: row.customerName,
          customerEmail: row.customerEmail,
          orderTotal: row.orderTotal,
          collision: row.collision,
        },
        shipStation: stored.order,
        shipments: d.orders.shipmentsForOrder(orderId),
        posting,
        postings,
        preview: preview ? (JSON.parse(preview.content) as PostingContent) : null,
        timeline: d.audit.list({ orderNumber: stored.orderNumber, limit: 200 }).entries,
      };
    },
    reconciliationReport: ({ from, to, format }) => {
      try {
        const report = monthEndReport(d.db, { from, to });
        return {
          report,
          csv: format === 'csv' ? reportToCsv(report) : null,
          filename: `reconciliation-${from}-to-${to}.csv`,
        };
      } catch (err) {
        if (err instanceof ReportRangeError) throw new HttpError(400, 'invalid_range', err.message);
        throw err;
      }
    },
    auditExport: (q) => {
      const { entries } = d.audit.list(q);
      return {
        csv: auditToCsv(entries),
        filename: `audit-${new Date().toISOString().slice(0, 10)}.csv`,
        rows: entries.length,
      };
    },
    inventory: () => ({ report: latestInventoryReport(d.db) }),
    runInventory: () => ({ report: runInventoryReconciliation(d.db, d.audit, { trigger: 'manual' }) }),
    getSchedules: () => d.scheduleSettings(),
    setSchedules: (input) => {
      const next = { ...d.scheduleSettings(), ...input };
      for (const [name, cron] of Object.entries(next)) {
        try {
          assertCron(cron, name);
        } catch (err) {
          throw new HttpError(400, 'invalid_schedule', (err as Error).message);
        }
      }
      d.settings.set('schedules', next);
      for (const [name, cron] of Object.entries(next)) {
        if (d.schedules.list().some((j) => j.name === name)) d.schedules.reschedule(name, cron);
      }
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: 'schedules',
        message: 'Schedules changed.',
        data: next,
      });
      return next;
    },
    backfill: async ({ from, to }) => {
      if (d.paused()) throw new HttpError(409, 'paused', PAUSED_MESSAGE);
      if (from > to) throw new HttpError(400, 'invalid_range', `"from" (${from}) is after "to" (${to}).`);
      // Allowed to post even before the start date: the user asked for exactly this range.
      const ranges = d.settings.get<{ from: string; to: string }[]>('posting.backfillRanges') ?? [];
      d.settings.set('posting.backfillRanges', [
        ...ranges.filter((r) => r.from !== from || r.to !== to),
        { from, to },
      ]);
      const r = await d.ingestor.backfill({
        from: new Date(`${from}T00:00:00Z`),
        to: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000),
      });
      d.orders.markDirtyByStatus(['ignored']);
      return { ...r, reconcile: d.reconciler.run('backfill') };
    },
    setup: () => setupState(d),
    completeSetup: () => {
      d.settings.set('setup.completed', true);
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: 'setup-complete',
        message: 'First-run setup completed.',
      });
      return setupState(d);
    },
    getPostingSettings: () => postingSettings(d.settings),
    setPostingSettings: (input) => {
      const prev = postingSettings(d.settings);
      const next = PostingSettingsSchema.parse({ ...prev, ...input });
      d.settings.set('posting', next);
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: 'posting-settings',
        message: 'Posting settings changed.',
        data: input,
      });
      d.orders.markDirtyByStatus(['received', 'flagged', 'validated', 'ignored']);
      // Dry run held back corrections to posted orders too: they go out now.
      if (prev.dryRun && !next.dryRun) d.orders.markDirtyByStatus(['posted', 'cancelled']);
      d.reconciler.run('settings');
      return next;
    },
    getMatchingSettings: () => matchingSettings(d.settings),
    previewSkuMatching: (input) =>
      previewSkuMatching(
        d.db,
        d.matcher,
        MatchingSettingsSchema.parse({ ...matchingSettings(d.settings), ...input }),
      ),
    setMatchingSettings: (input) => {
      const next = nextMatching(matchingSettings(d.settings), input);
      d.settings.set('matching', next);
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: 'matching-settings',
        message: 'Matching settings changed.',
        data: input,
      });
      d.orders.markDirtyByStatus(['received', 'flagged', 'validated']);
      d.reconciler.run('settings');
      return next;
    },
    setShipStation: async (input) => {
      const env = d.shipstation.setByEnvironment();
      if (env.length)
        throw new HttpError(
          409,
          'set_by_environment',
          `The ShipStation connection is set by the environment (${env.join(', ')}): change it there and restart. Nothing was saved.`,
        );
      await d.shipstation.setCredentials(input);
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: 'shipstation-credentials',
        message: `ShipStation ${input.apiVersion.toUpperCase()} credentials saved.`,
      });
      return { ok: true as const };
    },
    getWebhooks: () => ({
      enabled: d.webhooks.enabled(),
      targetPath: d.webhooks.targetPath(),
      apiVersion: d.shipstation.credentials().apiVersion,
    }),
    setWebhooks: async (input) => {
      const subscribed: string[] = [];
      let targetUrl: string | null = null;
      if (input.enabled && input.publicUrl) {
        const client = d.shipstation.client();
        if (!client) throw new HttpError(409, 'not_configured', 'Set up the ShipStation connection first.');
        targetUrl = new URL(d.webhooks.targetPath(), input.publicUrl).toString();
        // All or nothing: a refusal takes back what was subscribed, and webhooks stay off.
        for (const event of WEBHOOK_EVENTS) {
          try {
            const r = await client.subscribeWebhook(
              { targetUrl, event, friendlyName: `ml-connector ${event}` },
              { priority: 'interactive' },
            );
            subscribed.push(r.id);
          } catch (err) {
            const undone = await Promise.allSettled(
              subscribed.map((id) => client.unsubscribeWebhook(id, { priority: 'interactive' })),
            );
            const left = undone.filter((u) => u.status === 'rejected').length;
            const message = `ShipStation refused the ${event} webhook: ${(err as Error).message} Webhooks stay off${
              subscribed.length
                ? left
                  ? `; ${left} of the ${subscribed.length} subscription(s) already made could not be removed — delete them in ShipStation.`
                  : `; the ${subscribed.length} subscription(s) already made were removed.`
                : '.'
            }`;
            d.audit.record({ level: 'error', category: 'settings', event: 'webhooks', message });
            throw new HttpError(502, 'subscribe_failed', message);
          }
        }
      }
      d.webhooks.setEnabled(input.enabled);
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: 'webhooks',
        message: input.enabled
          ? `Webhooks enabled${subscribed.length ? ` (${subscribed.length} subscriptions)` : ''}.`
          : 'Webhooks disabled.',
      });
      return { ok: true as const, targetUrl, subscribed };
    },
    qbItems: (q) => d.mirror.listItems(q),
    qbCustomers: (q) => d.mirror.listCustomers(q),
    checkCustomerName: ({ name }) => planCustomerName(d.db, name),
    audit: (q) => d.audit.list(q),
    setQbwcCredentials: async (input) => {
      const env = d.credentials.setByEnvironment();
      if (env.length)
        throw new HttpError(
          409,
          'set_by_environment',
          `The Web Connector user is set by the environment (${env.join(', ')}): change it there and restart. Nothing was saved.`,
        );
      await d.credentials.set(input.username, input.password);
      d.audit.record({
        level: 'info',
        category: 'settings',
        event: 'qbwc-credentials',
        message: `QuickBooks Web Connector user set to "${input.username}".`,
      });
      return { ok: true as const };
    },
    mirrorRefresh: (input) => ({
      queued: input.full ? d.planner.requestFull() : d.planner.planIfDue(Date.now(), true),
    }),
  };
}
