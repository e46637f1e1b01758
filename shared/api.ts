import { z } from 'zod';
import {
  InventoryReportShape,
  PostingContentShape,
  PostingShape,
  ReportShape,
  ShipmentShape,
  SsOrderShape,
} from './views';

/**
 * The typed API between the engine and its clients (renderer, tools). One map of request names to
 * their input and output schemas; transports (HTTP under /api, Electron IPC) only carry them.
 * No Node or DOM imports here: this module is shared by main and renderer.
 */

export const HealthSchema = z.object({ ok: z.literal(true), version: z.string() });

export const QbItemSchema = z.object({
  listId: z.string(),
  fullName: z.string(),
  name: z.string(),
  itemType: z.string(),
  sku: z.string().nullable(),
  description: z.string().nullable(),
  salesPrice: z.number().nullable(),
  quantityOnHand: z.number().nullable(),
  isActive: z.boolean(),
  timeModified: z.string(),
});
export type QbItem = z.infer<typeof QbItemSchema>;

export const QbCustomerSchema = z.object({
  listId: z.string(),
  fullName: z.string(),
  name: z.string(),
  companyName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  isActive: z.boolean(),
  timeModified: z.string(),
});
export type QbCustomer = z.infer<typeof QbCustomerSchema>;

export const ListQuerySchema = z.object({
  search: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const RateBudgetSchema = z.object({
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
  resetAt: z.string().nullable(),
  requestsLastMinute: z.number(),
  throttled429: z.number(),
});

export const QbwcSessionSummarySchema = z.object({
  id: z.number(),
  state: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  requests: z.number(),
  jobsDone: z.number(),
  jobsFailed: z.number(),
  result: z.string().nullable(),
  lastError: z.string().nullable(),
});

export const StatusSchema = z.object({
  version: z.string(),
  qbwc: z.object({
    configured: z.boolean(),
    username: z.string().nullable(),
    /** Environment variables that set the Web Connector user: the settings page cannot change them. */
    setByEnvironment: z.array(z.string()).optional(),
    companyFile: z.string().nullable(),
    lastContactAt: z.string().nullable(),
    lastConnectionError: z.object({ at: z.string(), message: z.string() }).nullable(),
    recentSessions: z.array(QbwcSessionSummarySchema),
  }),
  company: z
    .object({
      companyName: z.string().nullable(),
      productName: z.string().nullable(),
      qbxmlVersions: z.array(z.string()),
      /** HostQuery's Country: US, CA or UK. */
      country: z.string().nullable(),
      /** What does and does not work with this edition (null: the US edition, fully supported). */
      editionNote: z.string().nullable(),
    })
    .nullable(),
  mirror: z.array(
    z.object({
      entity: z.string(),
      count: z.number(),
      lastRunAt: z.string().nullable(),
      lastFullAt: z.string().nullable(),
      lastDurationMs: z.number().nullable(),
      pageSize: z.number().nullable(),
    }),
  ),
  outbox: z.object({ pending: z.number(), sent: z.number(), done: z.number(), failed: z.number() }),
  paused: z.boolean(),
  shipstation: z.object({
    configured: z.boolean(),
    apiVersion: z.enum(['v1', 'v2']),
    /** Environment variables that set the connection: the settings page cannot change them. */
    setByEnvironment: z.array(z.string()).optional(),
    lastPollAt: z.string().nullable(),
    lastError: z.string().nullable(),
    rateBudget: RateBudgetSchema.nullable(),
    counts: z.object({
      orders: z.number(),
      shipments: z.number(),
      fulfillments: z.number(),
      voided: z.number(),
      collisions: z.number(),
    }),
  }),
});
export type Status = z.infer<typeof StatusSchema>;

export const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  level: z.enum(['info', 'warn', 'error']),
  category: z.string(),
  event: z.string(),
  orderNumber: z.string().nullable(),
  ssRef: z.string().nullable(),
  qbRef: z.string().nullable(),
  statusCode: z.number().nullable(),
  message: z.string(),
  data: z.unknown(),
});

export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  orderNumber: z.string().max(100).optional(),
  level: z.enum(['info', 'warn', 'error']).optional(),
  category: z.string().max(40).optional(),
});

export const SetQbwcCredentialsSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(8).max(200),
});

export const MirrorRefreshSchema = z.object({ full: z.boolean().default(false) });

export const ORDER_STATUSES = [
  'received',
  'flagged',
  'validated',
  'queued',
  'posted',
  'cancelled',
  'ignored',
  'failed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const OrderFlagSchema = z.object({
  reason: z.string(),
  detail: z.string(),
  /** Machine-readable specifics (e.g. { sku } for unknown_item, { candidates } for ambiguous_*). */
  data: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const OrderSummarySchema = z.object({
  orderNumber: z.string(),
  orderId: z.string(),
  storeId: z.string().nullable(),
  storeName: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  shipStationStatus: z.string(),
  flags: z.array(OrderFlagSchema),
  qbTxnId: z.string().nullable(),
  shipDate: z.string().nullable(),
  orderDate: z.string().nullable(),
  customerName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  orderTotal: z.number(),
  collision: z.boolean(),
});
export type OrderSummary = z.infer<typeof OrderSummarySchema>;

export const OrdersQuerySchema = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  storeId: z.string().max(64).optional(),
  search: z.string().max(200).optional(),
  /** A working day's orders for a busy merchant fit the default page. */
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});

const ResourceSummarySchema = z.object({
  fetched: z.number(),
  new: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  skipped: z.number(),
  pages: z.number(),
  error: z.string().optional(),
});

export const ReconcileSummarySchema = z.object({
  examined: z.number(),
  validated: z.number(),
  flagged: z.number(),
  queued: z.number(),
  posted: z.number(),
  cancelled: z.number(),
  ignored: z.number(),
  previews: z.number(),
  errors: z.number(),
  waitingForQuickBooks: z.boolean(),
});

export const SyncSummarySchema = z.object({
  ok: z.boolean(),
  reconcile: ReconcileSummarySchema,
  ingest: z.object({
    trigger: z.string(),
    startedAt: z.string(),
    durationMs: z.number(),
    ok: z.boolean(),
    stores: z.number().nullable(),
    resources: z.object({
      orders: ResourceSummarySchema,
      labels: ResourceSummarySchema,
      voids: ResourceSummarySchema,
      fulfillments: ResourceSummarySchema,
    }),
    voidsApplied: z.number(),
    collisions: z.array(z.string()),
  }),
});
export type SyncSummary = z.infer<typeof SyncSummarySchema>;

export const StoreSchema = z.object({
  storeId: z.string(),
  storeName: z.string(),
  marketplaceName: z.string().nullable(),
  active: z.boolean(),
  syncEnabled: z.boolean(),
});

export const ResolveOrderSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('map_customer'),
    orderId: z.string().min(1),
    listId: z.string().min(1),
    /** order: this order only; email/name: remember for every order with this email/name; store: per-store customer. */
    remember: z.enum(['email', 'name', 'store']).optional(),
    /** Required to map to a customer that is inactive in QuickBooks (answered 409 otherwise). */
    confirmInactive: z.boolean().optional(),
  }),
  z.object({
    action: z.literal('map_item'),
    orderId: z.string().min(1),
    sku: z.string().min(1).max(200),
    listId: z.string().min(1),
    /** Required to map to an item that is inactive in QuickBooks (answered 409 otherwise). */
    confirmInactive: z.boolean().optional(),
  }),
  z.object({
    action: z.literal('create_customer'),
    orderId: z.string().min(1),
    /** Longer than QuickBooks' 41 characters: created under the short form checkCustomerName shows. */
    name: z.string().trim().min(1).max(200),
    companyName: z.string().max(41).optional(),
    email: z.string().max(1023).optional(),
    phone: z.string().max(21).optional(),
    confirm: z.literal(true),
  }),
  z.object({
    action: z.literal('create_item'),
    orderId: z.string().min(1),
    sku: z.string().trim().min(1).max(31),
    type: z.enum(['NonInventory', 'Service']).default('NonInventory'),
    description: z.string().max(4095).optional(),
    price: z.number().min(0).optional(),
    incomeAccount: z.string().min(1).max(159),
    confirm: z.literal(true),
  }),
  z.object({ action: z.literal('ignore'), orderId: z.string().min(1) }),
  z.object({
    action: z.literal('retry'),
    orderId: z.string().min(1),
    /** Send again what QuickBooks refused although nothing it names has changed (e.g. a QuickBooks setting was fixed). */
    confirmResend: z.boolean().optional(),
  }),
  z.object({ action: z.literal('accept_amount'), orderId: z.string().min(1) }),
]);
export type ResolveOrder = z.infer<typeof ResolveOrderSchema>;

/** An IANA time zone name the runtime knows (Intl is part of the language: fine in shared code). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const PostingSettingsInputSchema = z.object({
  txnType: z.enum(['Invoice', 'SalesReceipt', 'JournalEntry']),
  shippingItem: z.string().min(1).max(159).nullable(),
  discountItem: z.string().min(1).max(159).nullable(),
  taxItem: z.string().min(1).max(159).nullable(),
  /** 'line': ShipStation's tax as a line (QuickBooks adds none); 'quickbooks': QuickBooks computes by ship-to state. */
  taxMode: z.enum(['line', 'quickbooks']),
  /** A 0 % sales tax item named on each transaction in 'line' mode. */
  zeroTaxItem: z.string().min(1).max(159).nullable(),
  /** QuickBooks' non-taxable sales tax code (usually "Non"). */
  nonTaxableCode: z.string().min(1).max(3),
  /** Ship-to state (two letters) → QuickBooks sales tax item or group, in 'quickbooks' mode. */
  taxByState: z.record(z.string().regex(/^[A-Z]{2}$/, 'a two-letter state code'), z.string().min(1).max(159)),
  /** Payment-method words that mean a gift card or store credit (see the engine's posting-settings.ts). */
  tenderPatterns: z.array(z.string().trim().min(2).max(40)).max(20),
  /** The item whose account is the gift card / store credit liability (sales receipts and invoices). */
  giftCardItem: z.string().min(1).max(159).nullable(),
  depositToAccount: z.string().max(159).nullable(),
  arAccount: z.string().max(159).nullable(),
  journal: z.object({
    debitAccount: z.string().min(1).max(159),
    revenueAccount: z.string().min(1).max(159),
    shippingAccount: z.string().min(1).max(159),
    taxAccount: z.string().min(1).max(159),
    discountAccount: z.string().min(1).max(159),
    giftCardAccount: z.string().min(1).max(159).nullable(),
  }),
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
    .nullable(),
  dryRun: z.boolean(),
  timeZone: z.string().min(1).refine(isTimeZone, 'not a known time zone (e.g. America/Chicago)'),
});

export const CustomerNamePlanSchema = z.object({
  name: z.string(),
  shortened: z.boolean(),
  conflict: z
    .object({
      list: z.enum(['customer', 'vendor', 'employee', 'other name']),
      name: z.string(),
      active: z.boolean(),
    })
    .nullable(),
});

export const SKU_SOURCES = [
  'name',
  'full_name',
  'part_number',
  'custom_field',
  'name_then_part_number',
] as const;

export const MatchingSettingsInputSchema = z.object({
  customerStrategy: z.enum(['per-order', 'per-store']),
  customerKeys: z.array(z.enum(['email', 'name', 'company'])).min(1),
  /** Where the SKU lives in QuickBooks (see the engine's posting-settings.ts). */
  skuSource: z.enum(SKU_SOURCES),
  /** The public custom field holding the SKU (skuSource custom_field). */
  skuCustomField: z.string().trim().min(1).max(31).nullable(),
});

/** How many open orders' SKUs a SKU setting would match: shown before it is saved. */
export const SkuPreviewSchema = z.object({
  orders: z.number(),
  ordersMatched: z.number(),
  lines: z.number(),
  matched: z.number(),
  unknown: z.number(),
  ambiguous: z.number(),
  inactive: z.number(),
  /** A few SKUs left unknown or ambiguous, to check the setting against. */
  examples: z.array(z.object({ sku: z.string(), outcome: z.enum(['unknown', 'ambiguous', 'inactive']) })),
});

/** The first-run wizard's checklist: each step turns true when it really works, not when a form was saved. */
export const SetupStateSchema = z.object({
  qbwcCredentials: z.boolean(),
  quickBooksConnected: z.boolean(),
  shipStationConnected: z.boolean(),
  postingConfigured: z.boolean(),
  completed: z.boolean(),
});
export type SetupState = z.infer<typeof SetupStateSchema>;

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

/** Cron schedules (5 fields, or 6 with seconds). */
export const SchedulesSchema = z.object({
  poll: z.string().min(9).max(100),
  reconcile: z.string().min(9).max(100),
  nightly: z.string().min(9).max(100),
});

/** Request name → method, path and schemas. The HTTP transport serves `/api` + path. */
export const api = {
  health: { method: 'GET', path: '/health', input: z.object({}), output: HealthSchema },
  status: { method: 'GET', path: '/status', input: z.object({}), output: StatusSchema },
  qbItems: {
    method: 'GET',
    path: '/qb/items',
    input: ListQuerySchema,
    output: z.object({ items: z.array(QbItemSchema), total: z.number() }),
  },
  qbCustomers: {
    method: 'GET',
    path: '/qb/customers',
    input: ListQuerySchema,
    output: z.object({ customers: z.array(QbCustomerSchema), total: z.number() }),
  },
  /** The name a new customer would get (QuickBooks' 41-character limit) and who already holds it. */
  checkCustomerName: {
    method: 'POST',
    path: '/qb/customers/name-check',
    input: z.object({ name: z.string().trim().min(1).max(200) }),
    output: CustomerNamePlanSchema,
  },
  audit: {
    method: 'GET',
    path: '/audit',
    input: AuditQuerySchema,
    output: z.object({ entries: z.array(AuditEntrySchema), total: z.number() }),
  },
  setQbwcCredentials: {
    method: 'POST',
    path: '/settings/qbwc-credentials',
    input: SetQbwcCredentialsSchema,
    output: z.object({ ok: z.literal(true) }),
  },
  sync: { method: 'POST', path: '/sync', input: z.object({}), output: SyncSummarySchema },
  orders: {
    method: 'GET',
    path: '/orders',
    input: OrdersQuerySchema,
    output: z.object({ orders: z.array(OrderSummarySchema), total: z.number() }),
  },
  stores: {
    method: 'GET',
    path: '/shipstation/stores',
    input: z.object({}),
    output: z.object({
      stores: z.array(StoreSchema),
      /** What the connected API cannot tell about stores (V2 has no list of stores), or null. */
      note: z.string().nullable().optional(),
    }),
  },
  setStoreSync: {
    method: 'POST',
    path: '/shipstation/stores/sync',
    input: z.object({ storeId: z.string().min(1).max(64), enabled: z.boolean() }),
    output: z.object({ ok: z.literal(true) }),
  },
  testShipStation: {
    method: 'POST',
    path: '/shipstation/test',
    input: z.object({}),
    output: z.object({ ok: z.boolean(), message: z.string(), stores: z.number().nullable() }),
  },
  setShipStation: {
    method: 'POST',
    path: '/settings/shipstation',
    input: z
      .object({
        apiVersion: z.enum(['v1', 'v2']),
        baseUrl: z.string().url().max(500).optional(),
        apiKey: z.string().trim().min(8).max(200),
        apiSecret: z.string().trim().min(8).max(200).optional(),
      })
      .refine((v) => v.apiVersion === 'v2' || Boolean(v.apiSecret), {
        message: 'ShipStation V1 needs the API secret as well as the key.',
        path: ['apiSecret'],
      }),
    output: z.object({ ok: z.literal(true) }),
  },
  getWebhooks: {
    method: 'GET',
    path: '/settings/webhooks',
    input: z.object({}),
    output: z.object({ enabled: z.boolean(), targetPath: z.string(), apiVersion: z.enum(['v1', 'v2']) }),
  },
  setWebhooks: {
    method: 'POST',
    path: '/settings/webhooks',
    input: z.object({
      enabled: z.boolean(),
      /** The public address ShipStation can reach this PC at (a tunnel or port forward); subscribes when given. */
      publicUrl: z.string().url().max(500).optional(),
    }),
    output: z.object({
      ok: z.literal(true),
      targetUrl: z.string().nullable(),
      subscribed: z.array(z.string()),
    }),
  },
  resolveOrder: {
    method: 'POST',
    path: '/orders/resolve',
    input: ResolveOrderSchema,
    output: z.object({ ok: z.literal(true), status: z.string(), message: z.string() }),
  },
  orderDetail: {
    method: 'GET',
    path: '/orders/detail',
    input: z.object({ orderId: z.string().min(1).max(64) }),
    output: z.object({
      order: OrderSummarySchema,
      /** ShipStation's order as stored; read it with `read(SsOrderShape, …)` (it comes from outside). */
      shipStation: SsOrderShape,
      shipments: z.array(ShipmentShape),
      /** The order's QuickBooks transaction (the first of its shipments that reached QuickBooks). */
      posting: PostingShape.nullable(),
      /** One per ship date of the order's shipped lines (revenue per shipment), first shipment first. */
      postings: z.array(PostingShape),
      preview: PostingContentShape.nullable(),
      timeline: z.array(AuditEntrySchema),
    }),
  },
  getPostingSettings: {
    method: 'GET',
    path: '/settings/posting',
    input: z.object({}),
    output: PostingSettingsInputSchema,
  },
  setPostingSettings: {
    method: 'POST',
    path: '/settings/posting',
    input: PostingSettingsInputSchema.partial(),
    output: PostingSettingsInputSchema,
  },
  getMatchingSettings: {
    method: 'GET',
    path: '/settings/matching',
    input: z.object({}),
    output: MatchingSettingsInputSchema,
  },
  setMatchingSettings: {
    method: 'POST',
    path: '/settings/matching',
    input: MatchingSettingsInputSchema.partial(),
    output: MatchingSettingsInputSchema,
  },
  previewSkuMatching: {
    method: 'POST',
    path: '/settings/matching/preview',
    input: MatchingSettingsInputSchema.pick({ skuSource: true, skuCustomField: true }).partial(),
    output: SkuPreviewSchema,
  },
  reconciliationReport: {
    method: 'GET',
    path: '/reports/reconciliation',
    input: z.object({ from: DateSchema, to: DateSchema, format: z.enum(['json', 'csv']).default('json') }),
    output: z.object({ report: ReportShape, csv: z.string().nullable(), filename: z.string() }),
  },
  auditExport: {
    method: 'GET',
    path: '/audit/export',
    input: AuditQuerySchema.extend({ limit: z.coerce.number().int().min(1).max(1_000_000).default(100_000) }),
    output: z.object({ csv: z.string(), filename: z.string(), rows: z.number() }),
  },
  inventory: {
    method: 'GET',
    path: '/inventory',
    input: z.object({}),
    output: z.object({ report: InventoryReportShape.nullable() }),
  },
  runInventory: {
    method: 'POST',
    path: '/inventory/run',
    input: z.object({}),
    output: z.object({ report: InventoryReportShape }),
  },
  getSchedules: { method: 'GET', path: '/settings/schedules', input: z.object({}), output: SchedulesSchema },
  setSchedules: {
    method: 'POST',
    path: '/settings/schedules',
    input: SchedulesSchema.partial(),
    output: SchedulesSchema,
  },
  setup: {
    method: 'GET',
    path: '/setup',
    input: z.object({}),
    output: SetupStateSchema,
  },
  completeSetup: { method: 'POST', path: '/setup/complete', input: z.object({}), output: SetupStateSchema },
  backfill: {
    method: 'POST',
    path: '/backfill',
    input: z.object({ from: DateSchema, to: DateSchema }),
    output: z.object({
      shipments: z.number(),
      orders: z.number(),
      errors: z.array(z.string()),
      reconcile: ReconcileSummarySchema,
    }),
  },
  setPaused: {
    method: 'POST',
    path: '/sync/pause',
    input: z.object({ paused: z.boolean() }),
    output: z.object({ paused: z.boolean() }),
  },
  mirrorRefresh: {
    method: 'POST',
    path: '/qb/mirror/refresh',
    input: MirrorRefreshSchema,
    output: z.object({ queued: z.array(z.string()) }),
  },
} as const;

export type ApiName = keyof typeof api;
export type ApiInput<N extends ApiName> = z.output<(typeof api)[N]['input']>;
export type ApiOutput<N extends ApiName> = z.input<(typeof api)[N]['output']>;
export type ApiHandlers = { [N in ApiName]: (input: ApiInput<N>) => Promise<ApiOutput<N>> | ApiOutput<N> };
