import { z } from 'zod';

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
