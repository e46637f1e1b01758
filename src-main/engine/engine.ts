import { AuditLog } from './db/audit';
import { openDatabase, type Db } from './db/open';
import { SettingsStore } from './db/settings';
import { createApiHandlers } from './api/handlers';
import type { EngineConfig } from './config';
import { createHttpServer, type HttpLimits } from './http/server';
import { createLogger } from './log/logger';
import { CompanyInfoStore } from './mirror/company-info';
import { deletedMirrorHandler } from './mirror/deleted-mirror';
import { listMirrorHandler } from './mirror/list-mirror';
import { namesMirrorHandler } from './mirror/names-mirror';
import { MirrorPlanner } from './mirror/planner';
import { MirrorStore } from './mirror/store';
import { AuthThrottle, QbwcCredentials } from './qbwc/credentials';
import { JobRegistry } from './qbwc/job-handler';
import { Outbox } from './qbwc/outbox';
import { buildQwcFile } from './qbwc/qwc-file';
import { QbwcService } from './qbwc/service';
import { SessionStore } from './qbwc/sessions';
import { createQbwcSoapEndpoint } from './qbwc/soap-endpoint';
import { loadOrCreateApiToken } from './security/api-token';
import type { ApiHandlers } from '../../shared/api';
import { MemorySecretStore, ShipStationService, type SecretStore } from './shipstation/service';
import { createJwksKeyLookup, createSignatureCheck, DEFAULT_JWKS_URL } from './shipstation/webhook-verify';
import { Ingestor, type IngestOptions } from './sync/ingest';
import { OrdersStore } from './sync/orders-store';
import { Schedules } from './sync/schedules';
import { WebhookIntake } from './sync/webhooks';
import { EventBus } from './events/bus';
import { createCustomerHandler, createItemHandler } from './sync/create-jobs';
import { FlagsStore } from './sync/flags-store';
import { postOrderHandler } from './sync/post-job';
import { PostingLifecycle } from './sync/posting-lifecycle';
import { postingSettings } from './sync/posting-settings';
import { PostingsStore } from './sync/postings-store';
import { Reconciler } from './sync/reconciler';
import { deletedTxnsHandler } from './sync/deleted-txns';
import { editedTxnsHandler } from './sync/edited-txns';
import { runInventoryReconciliation } from './sync/inventory';

const log = createLogger('engine');

export interface Engine {
  config: EngineConfig;
  port: number;
  /** Base URL, e.g. http://127.0.0.1:8085 */
  url: string;
  /** The renderer's address with the API token in the fragment (never sent to the server). */
  uiUrl: string;
  token: string;
  db: Db;
  handlers: ApiHandlers;
  qbwc: QbwcService;
  outbox: Outbox;
  mirror: MirrorStore;
  audit: AuditLog;
  settings: SettingsStore;
  shipstation: ShipStationService;
  ingestor: Ingestor;
  orders: OrdersStore;
  webhooks: WebhookIntake;
  bus: EventBus;
  reconciler: Reconciler;
  postings: PostingsStore;
  flags: FlagsStore;
  /** Runs a scheduled job now, as its cron tick would. */
  runScheduled(name: ScheduledName): Promise<void>;
  close(): Promise<void>;
}

export type ScheduledName = 'poll' | 'reconcile' | 'nightly';
const NIGHTLY_INVENTORY_KEY = 'inventory.nightlyRequestedAt';

export interface EngineOptions {
  rendererDir?: string;
  /** Run the cron schedules (poll…). Tests drive runs themselves. Default true. */
  schedules?: boolean;
  /** Where ShipStation secrets live (the desktop app passes an OS-keychain store). Default: memory. */
  secrets?: SecretStore;
  /** Request time-outs and the connection cap (defaults: DEFAULT_HTTP_LIMITS). */
  http?: Partial<HttpLimits>;
  ingest?: Partial<IngestOptions>;
  shipstationClient?: ConstructorParameters<typeof ShipStationService>[3];
}

/** Composes the engine: database, QBWC service, mirror, API and the one HTTP server. */
export async function startEngine(config: EngineConfig, opts: EngineOptions = {}): Promise<Engine> {
  const db = openDatabase(config.dataDir);
  const settings = new SettingsStore(db);
  const audit = new AuditLog(db);
  const bus = new EventBus();
  /** The user paused syncing (tray / settings): nothing is polled, queued or handed to QuickBooks. */
  const paused = (): boolean => settings.get<boolean>('sync.paused') === true;
  // Every meaningful change is audited, so the audit trail drives live updates.
  audit.onRecord = (id, e) => {
    bus.emit('audit', { lastId: id });
    bus.emit('status', { reason: e.event });
    if (e.category === 'sync' || e.category === 'shipstation' || e.category === 'outbox')
      bus.emit('orders', { reason: e.event });
    if (e.event === 'flagged' && e.orderNumber)
      bus.emit('flagged', { count: 1, orderNumbers: [e.orderNumber] });
  };
  const outbox = new Outbox(db);
  const mirror = new MirrorStore(db);
  const company = new CompanyInfoStore(db);
  const sessions = new SessionStore(db, config.qbwc.sessionIdleMinutes * 60_000);
  const credentials = new QbwcCredentials(settings, {
    username: config.qbwc.username,
    password: config.qbwc.password,
  });
  const planner = new MirrorPlanner(outbox, mirror, config.qbwc.mirrorIntervalSeconds, () =>
    (
      db.prepare(`SELECT DISTINCT txn_type FROM postings WHERE txn_id IS NOT NULL`).all() as {
        txn_type: 'Invoice' | 'SalesReceipt' | 'JournalEntry';
      }[]
    ).map((r) => r.txn_type),
  );
  const registry = new JobRegistry();
  registry.register(listMirrorHandler('customers', mirror, audit));
  registry.register(listMirrorHandler('items', mirror, audit));
  registry.register(deletedMirrorHandler(mirror, audit));
  registry.register(namesMirrorHandler(mirror, audit));
  const orders = new OrdersStore(db);
  const flags = new FlagsStore(db);
  const postings = new PostingsStore(db);
  const life = new PostingLifecycle(db, postings, flags, outbox, audit);
  // Dry run never writes to QuickBooks: post jobs already queued wait until it is switched off.
  outbox.holdKinds(() => (postingSettings(settings).dryRun ? ['post.order'] : []));
  const reconciler = new Reconciler(db, settings, orders, postings, flags, outbox, audit, life, paused);
  registry.register(postOrderHandler({ postings, life, audit }));
  registry.register(createCustomerHandler({ db, mirror, matcher: reconciler.match, audit }));
  registry.register(createItemHandler({ db, mirror, matcher: reconciler.match, audit }));
  registry.register(deletedTxnsHandler({ db, mirror, life }));
  registry.register(editedTxnsHandler({ db, mirror, postings, outbox, life }));

  const qbwc = new QbwcService({
    db,
    settings,
    audit,
    sessions,
    outbox,
    registry,
    credentials,
    throttle: new AuthThrottle(),
    maxJobsPerRequest: config.qbwc.maxJobsPerRequest,
    prepareWork: () => {
      planner.planIfDue();
      reconciler.run('qbwc');
    },
    paused,
    onEvent: (e) => {
      bus.emit('qbwc', {
        sessionId: e.sessionId,
        type: e.type,
        percent: e.type === 'progress' ? qbwc.percentDone(e.sessionId) : undefined,
      });
      // The mirror may have changed: flagged orders get another look, and their postings queue for next time.
      if (e.type === 'session-closed' && !paused()) {
        reconciler.run('qbwc-session');
        nightlyInventoryIfRefreshed();
      }
    },
    onCompanyInfo: (responses) => company.applyHcpResponse(responses, null),
  });

  const secrets = opts.secrets ?? new MemorySecretStore();
  const shipstation = new ShipStationService(settings, secrets, config.shipstation, opts.shipstationClient);
  const ingestor = new Ingestor(db, () => shipstation.client(), orders, audit, opts.ingest);
  // ShipStation's own API host signs with ShipEngine's published keys; another base URL (a test
  // double, a proxy) serves its own /jwks.
  const jwksUrl = (): string => {
    const base = shipstation.credentials().baseUrl;
    const own = !base || /(^|\.)shipstation\.com$/i.test(new URL(base).hostname);
    return (
      settings.get<string>('webhooks.jwksUrl') ?? (own ? DEFAULT_JWKS_URL : new URL('/jwks', base).toString())
    );
  };
  let keyLookupUrl = jwksUrl();
  let keyLookup = createJwksKeyLookup({ url: keyLookupUrl });
  const webhooks = new WebhookIntake(
    db,
    settings,
    audit,
    shipstation,
    ingestor,
    async (raw, headers) => {
      if (jwksUrl() !== keyLookupUrl) {
        keyLookupUrl = jwksUrl();
        keyLookup = createJwksKeyLookup({ url: keyLookupUrl });
      }
      const r = await createSignatureCheck({ keyLookup })(raw, headers);
      return r.ok ? { ok: true as const } : { ok: false as const, reason: r.reason };
    },
    () => {
      if (!paused()) reconciler.run('webhook');
    },
    paused,
    secrets,
  );
  const schedules = new Schedules();
  const scheduleSettings = (): { poll: string; reconcile: string; nightly: string } => {
    const stored =
      settings.get<Partial<{ poll: string; reconcile: string; nightly: string }>>('schedules') ?? {};
    return {
      // An explicit MLC_POLL_CRON/flag wins over the stored schedule.
      poll: config.pollCronExplicit ? config.pollCron : (stored.poll ?? config.pollCron),
      reconcile: stored.reconcile ?? '*/5 * * * *',
      nightly: stored.nightly ?? '0 2 * * *',
    };
  };
  /** The scheduled jobs' bodies, also run on demand (tests, `runScheduled`). */
  const scheduled: Record<ScheduledName, () => Promise<void>> = {
    poll: async () => {
      if (paused()) return;
      const ingest = await ingestor.run('schedule');
      reconciler.run('schedule');
      // Inventory is checked per batch of new orders, not per order.
      if (ingest.resources.orders.new > 0) runInventoryReconciliation(db, audit, { trigger: 'new orders' });
    },
    reconcile: async () => {
      if (!paused()) reconciler.run('schedule');
    },
    nightly: async () => {
      if (paused()) return;
      // Quantities on hand change without touching items' TimeModified: the whole item list is read
      // again at the next QBWC session, and the check runs once that fresh list is in.
      planner.requestFull();
      settings.set(NIGHTLY_INVENTORY_KEY, new Date().toISOString());
    },
  };
  /** The nightly inventory check waits for the full item refresh it asked for. */
  const nightlyInventoryIfRefreshed = (): void => {
    const asked = settings.get<string>(NIGHTLY_INVENTORY_KEY);
    const full = mirror.state('items').lastFullAt;
    if (!asked || !full || full < asked) return;
    settings.delete(NIGHTLY_INVENTORY_KEY);
    runInventoryReconciliation(db, audit, { trigger: 'nightly' });
  };
  if (opts.schedules !== false) {
    const s = scheduleSettings();
    for (const name of ['poll', 'reconcile', 'nightly'] as const)
      schedules.add({ name, cron: s[name], run: scheduled[name] });
  }

  const token = loadOrCreateApiToken(config.dataDir, config.apiToken);
  const handlers = createApiHandlers({
    settings,
    audit,
    mirror,
    planner,
    company,
    credentials,
    sessions,
    outbox,
    db,
    shipstation,
    ingestor,
    orders,
    webhooks,
    reconciler,
    flags,
    postings,
    life,
    matcher: reconciler.match,
    schedules,
    scheduleSettings,
    paused,
  });

  // The SOAP endpoint needs the bound port for its WSDL address, so it is attached after listen().
  const soapHolder: { endpoint?: Awaited<ReturnType<typeof createQbwcSoapEndpoint>> } = {};
  const http = createHttpServer({
    ...(opts.http ? { limits: opts.http } : {}),
    host: config.host,
    port: config.port,
    allowedHosts: config.allowedHosts,
    maxSoapBodyBytes: config.limits.maxSoapBodyBytes,
    maxApiBodyBytes: config.limits.maxApiBodyBytes,
    token,
    handlers,
    bus,
    soap: () => soapHolder.endpoint,
    qwcFile: () =>
      buildQwcFile(settings, {
        port,
        username: credentials.username() ?? 'ml-connector',
        runEveryMinutes: config.qbwc.runEveryMinutes,
      }),
    rendererDir: opts.rendererDir,
    webhook: (req) => webhooks.handle(req),
  });
  let port: number;
  try {
    port = await http.listen();
  } catch (err) {
    db.close();
    throw err;
  }
  soapHolder.endpoint = await createQbwcSoapEndpoint(qbwc, `http://localhost:${port}/qbwc`);
  const hostForUrl = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${hostForUrl}:${port}`;
  audit.record({
    level: 'info',
    category: 'system',
    event: 'engine-start',
    message: `Engine started on ${url}.`,
  });
  log.info('engine started', { url, dataDir: config.dataDir });
  // Deliveries stored before a crash or a stop are fetched now: stored first, so none is lost.
  const resumed = webhooks.resumePending();
  if (resumed)
    audit.record({
      level: 'info',
      category: 'shipstation',
      event: 'webhook-resumed',
      message: `${resumed} webhook delivery(ies) received before the restart are being fetched now.`,
    });

  let closed = false;
  return {
    config,
    port,
    url,
    uiUrl: `${url}/#token=${token}`,
    token,
    db,
    handlers,
    qbwc,
    outbox,
    mirror,
    audit,
    settings,
    shipstation,
    ingestor,
    orders,
    webhooks,
    bus,
    reconciler,
    postings,
    flags,
    runScheduled: (name) => scheduled[name](),
    async close() {
      if (closed) return;
      closed = true;
      bus.close();
      schedules.stopAll();
      await http.close();
      await webhooks.idle();
      await ingestor.idle();
      await shipstation.close();
      db.close();
    },
  };
}
