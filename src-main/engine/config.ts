import path from 'node:path';
import { z } from 'zod';

/**
 * Engine configuration. Precedence: command-line flags > environment (MLC_*) > settings stored in
 * the database > defaults. Validated with zod so a typo fails at start with a clear message.
 */
export const EngineConfigSchema = z.object({
  port: z.number().int().min(0).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  apiToken: z.string().min(16).optional(),
  qbwc: z.object({
    username: z.string().min(1).max(64).optional(),
    /** Plain password from the environment only; stored settings hold a scrypt hash instead. */
    password: z.string().min(1).optional(),
    runEveryMinutes: z.number().int().min(1).max(1440),
    sessionIdleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    /** Mirror refresh when a QBWC session starts and the last refresh is older than this. */
    mirrorIntervalSeconds: z.number().int().min(0),
    /** Jobs batched into one QBXML message set. */
    maxJobsPerRequest: z.number().int().min(1).max(500),
  }),
  shipstation: z.object({
    /** Unset: the stored setting decides (default v1). */
    apiVersion: z.enum(['v1', 'v2']).optional(),
    baseUrl: z.string().url().optional(),
    apiKey: z.string().optional(),
    apiSecret: z.string().optional(),
  }),
  pollCron: z.string().min(9),
  /** True when the poll schedule came from a flag or MLC_POLL_CRON (it then wins over the stored one). */
  pollCronExplicit: z.boolean().default(false),
  limits: z.object({
    maxSoapBodyBytes: z.number().int().min(1024),
    maxApiBodyBytes: z.number().int().min(1024),
  }),
  /** Extra Host header values accepted besides localhost/127.0.0.1/[::1] (e.g. a LAN name). */
  allowedHosts: z.array(z.string()),
});

export type EngineConfig = z.infer<typeof EngineConfigSchema>;

export interface ConfigFlags {
  port?: number;
  host?: string;
  dataDir?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULTS: EngineConfig = {
  port: 8085,
  host: '127.0.0.1',
  dataDir: './data',
  qbwc: { runEveryMinutes: 5, sessionIdleMinutes: 30, mirrorIntervalSeconds: 0, maxJobsPerRequest: 50 },
  shipstation: {},
  pollCron: '*/5 * * * *',
  pollCronExplicit: false,
  limits: { maxSoapBodyBytes: 32 * 1024 * 1024, maxApiBodyBytes: 1024 * 1024 },
  allowedHosts: [],
};

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K];
};
export type PartialConfig = DeepPartial<EngineConfig>;

function parsePort(v: string, source: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(`${source}: "${v}" is not a port number`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv): PartialConfig {
  const out: PartialConfig = { qbwc: {}, shipstation: {} };
  if (env.MLC_PORT) out.port = parsePort(env.MLC_PORT, 'MLC_PORT');
  if (env.MLC_HOST) out.host = env.MLC_HOST;
  if (env.MLC_DATA_DIR) out.dataDir = env.MLC_DATA_DIR;
  if (env.MLC_API_TOKEN) out.apiToken = env.MLC_API_TOKEN;
  if (env.MLC_QBWC_USERNAME) out.qbwc!.username = env.MLC_QBWC_USERNAME;
  if (env.MLC_QBWC_PASSWORD) out.qbwc!.password = env.MLC_QBWC_PASSWORD;
  if (env.MLC_SHIPSTATION_API_VERSION) {
    const v = env.MLC_SHIPSTATION_API_VERSION.toLowerCase();
    if (v !== 'v1' && v !== 'v2')
      throw new ConfigError(`MLC_SHIPSTATION_API_VERSION must be v1 or v2, not "${v}"`);
    out.shipstation!.apiVersion = v;
  }
  if (env.MLC_SHIPSTATION_BASE_URL) out.shipstation!.baseUrl = env.MLC_SHIPSTATION_BASE_URL;
  if (env.MLC_SHIPSTATION_API_KEY) out.shipstation!.apiKey = env.MLC_SHIPSTATION_API_KEY;
  if (env.MLC_SHIPSTATION_API_SECRET) out.shipstation!.apiSecret = env.MLC_SHIPSTATION_API_SECRET;
  if (env.MLC_POLL_CRON) {
    out.pollCron = env.MLC_POLL_CRON;
    out.pollCronExplicit = true;
  }
  return out;
}

function merge<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (!over) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = (base as Record<string, unknown>)[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object'
        ? merge(b, v as DeepPartial<typeof b>)
        : v;
  }
  return out as T;
}

export function resolveConfig(layers: {
  flags?: ConfigFlags;
  env?: NodeJS.ProcessEnv;
  stored?: PartialConfig;
}): EngineConfig {
  const merged = merge(merge(merge(DEFAULTS, layers.stored), configFromEnv(layers.env ?? {})), layers.flags);
  const parsed = EngineConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${msg}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.dataDir) };
}
