/**
 * The entry point: `createShipStationClient(...)` gives a ShipStationClient for V1 or V2. One rate
 * governor per credential is shared by every client created in the process for that credential (keyed
 * by a SHA-256 digest of version, origin, key and secret — the credential itself is never a map key,
 * never logged).
 */
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from './clock';
import { normalizeBaseUrl, type ClientContext } from './context';
import { ShipStationError } from './errors';
import { HttpExecutor, type HttpExecutorOptions } from './http';
import { governorFor, type RateGovernor } from './rate-governor';
import { isAllowedShipStationUrl } from './resource-url';
import type { ApiVersion, ShipStationClient } from './types';
import { V1Client } from './v1-client';
import { V2Client } from './v2-client';

export const DEFAULT_BASE_URLS: Record<ApiVersion, string> = {
  v1: 'https://ssapi.shipstation.com',
  v2: 'https://api.shipstation.com',
};

/** Documented requests per minute, assumed until ShipStation's headers say otherwise. */
export const DOCUMENTED_LIMITS: Record<ApiVersion, number> = { v1: 40, v2: 200 };

/** Records per list page: V1's documented maximum; V2's spec states no maximum (default 25), so 100. */
export const DEFAULT_PAGE_SIZES: Record<ApiVersion, number> = { v1: 500, v2: 100 };

export interface CreateShipStationClientOptions {
  apiVersion: ApiVersion;
  /** Default (also when blank): DEFAULT_BASE_URLS[apiVersion]. A simulator or proxy may be given; its origin is trusted. */
  baseUrl?: string;
  apiKey: string;
  /** Required for V1 (HTTP Basic key:secret); ignored by V2. */
  apiSecret?: string;
  /** Default: the process-wide governor for this credential. */
  governor?: RateGovernor;
  clock?: Clock;
  /** Attempts per request for transient failures. Default 5. */
  maxAttempts?: number;
  /** Deadline of one attempt, ms. Default 60 000. */
  timeoutMs?: number;
  /** Requests in flight per credential (used when the governor is created here). Default 2. */
  concurrency?: number;
  pageSize?: number;
  /** V2: how far back voided labels are looked for. Default 60 days. */
  voidLookbackDays?: number;
  /** Fine-tuning of the executor (tests: backoff, body cap, random). */
  http?: Partial<Omit<HttpExecutorOptions, 'authHeaders' | 'isAllowedUrl' | 'governor'>>;
}

/** An opaque id for a credential: the governor registry key. */
export function credentialId(version: ApiVersion, baseUrl: string, apiKey: string, apiSecret = ''): string {
  return createHash('sha256')
    .update([version, new URL(baseUrl).origin, apiKey, apiSecret].join('\u0000'))
    .digest('hex');
}

export function createShipStationClient(opts: CreateShipStationClientOptions): ShipStationClient {
  const version = opts.apiVersion;
  const apiKey = opts.apiKey.trim();
  const apiSecret = (opts.apiSecret ?? '').trim();
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(apiKey + apiSecret)) {
    throw new ShipStationError({
      kind: 'auth',
      message:
        'The ShipStation API key or secret contains invalid characters. Paste them again from ShipStation.',
      detail: 'control character in credential; nothing was sent',
    });
  }
  if (apiKey === '' || (version === 'v1' && apiSecret === '')) {
    throw new ShipStationError({
      kind: 'auth',
      message:
        version === 'v1'
          ? 'Enter both the ShipStation API Key and API Secret (ShipStation: Settings → Account → API Settings).'
          : 'Enter the ShipStation API key.',
      detail: 'missing credential; nothing was sent',
    });
  }
  let baseUrl: string;
  try {
    baseUrl = normalizeBaseUrl(opts.baseUrl?.trim() || DEFAULT_BASE_URLS[version]);
  } catch {
    throw new ShipStationError({
      kind: 'bad_request',
      message: `The ShipStation address "${opts.baseUrl ?? ''}" is not a valid http(s) URL.`,
      detail: 'invalid base URL; nothing was sent',
    });
  }
  const clock = opts.clock ?? systemClock;
  const concurrency = opts.concurrency ?? 2;
  const governor =
    opts.governor ??
    governorFor(credentialId(version, baseUrl, apiKey, apiSecret), {
      defaultLimit: DOCUMENTED_LIMITS[version],
      concurrency,
      clock,
      name: `shipstation-${version}`,
    });
  const authHeaders: Record<string, string> =
    version === 'v1'
      ? { authorization: `Basic ${Buffer.from(`${apiKey}:${apiSecret}`, 'utf8').toString('base64')}` }
      : { 'api-key': apiKey };
  const http = new HttpExecutor({
    connections: concurrency + 1,
    ...opts.http,
    authHeaders,
    isAllowedUrl: (u) => isAllowedShipStationUrl(u, baseUrl),
    governor,
    clock,
    ...(opts.maxAttempts === undefined ? {} : { maxAttempts: opts.maxAttempts }),
    ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
  });
  const ctx: ClientContext = {
    baseUrl,
    http,
    governor,
    clock,
    pageSize: opts.pageSize ?? DEFAULT_PAGE_SIZES[version],
  };
  return version === 'v1'
    ? new V1Client(ctx)
    : new V2Client(
        ctx,
        opts.voidLookbackDays === undefined ? {} : { voidLookbackDays: opts.voidLookbackDays },
      );
}
