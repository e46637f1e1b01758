/**
 * Verifies a ShipStation V2 webhook delivery (V1 deliveries are unsigned: protect them with a secret
 * in the target URL and the resource_url host check instead).
 *
 * Headers: `x-shipengine-rsa-sha256-key-id`, `x-shipengine-rsa-sha256-signature` (base64) and
 * `x-shipengine-timestamp`. The signature is RSA-SHA256 (PKCS#1 v1.5) made with the private key whose
 * public half is published in ShipStation's JWKS under that key id. The signed bytes are the
 * timestamp header, a period and the RAW body (`${timestamp}.${rawBody}`), as public integrations
 * of the validation guide implement it (docs.shipstation.com "webhooks validation"; not checked here
 * against a live delivery). Timestamps more than 5 minutes away from now (either direction) are
 * refused. Missing headers are answered 404 (the endpoint does not show itself to probes), every
 * other refusal 400. Constant-time: the only comparison is inside crypto.verify.
 */
import { createPublicKey, verify as cryptoVerify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { request } from 'undici';
import { z } from 'zod';
import { createLogger } from '../log/logger';
import { systemClock, type Clock } from './clock';

const log = createLogger('shipstation.webhook');

export const SIGNATURE_HEADERS = {
  keyId: 'x-shipengine-rsa-sha256-key-id',
  signature: 'x-shipengine-rsa-sha256-signature',
  timestamp: 'x-shipengine-timestamp',
} as const;

/** Public keys by key id. */
export type KeyLookup = (keyId: string) => Promise<KeyObject | undefined>;

export type WebhookVerifyFailure =
  'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'unknown_key' | 'bad_signature';

export type WebhookVerifyResult =
  { ok: true; keyId: string } | { ok: false; reason: WebhookVerifyFailure; detail: string };

/** The bytes ShipStation signs: the timestamp header, a period, the raw body (see above). */
export function signedPayload(timestamp: string, rawBody: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), rawBody]);
}

/** The timestamp header as ms since epoch: Unix seconds, Unix ms, or ISO 8601. Null when unreadable. */
export function parseWebhookTimestamp(value: string): number | null {
  const v = value.trim();
  if (/^\d{9,11}(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (/^\d{12,14}$/.test(v)) return Number(v);
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) {
      const s = Array.isArray(v) ? v[0] : v;
      return s === undefined || s.trim() === '' ? undefined : s.trim();
    }
  }
  return undefined;
}

function decodeBase64(s: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return null;
  const b = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return b.length === 0 ? null : b;
}

export interface VerifyWebhookInput {
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received (never re-serialized JSON). */
  rawBody: Uint8Array | string;
  keyLookup: KeyLookup;
  clock?: Clock;
  /** Allowed distance between the timestamp and now. Default 5 minutes. */
  toleranceMs?: number;
}

export async function verifyShipStationWebhook(input: VerifyWebhookInput): Promise<WebhookVerifyResult> {
  const keyId = headerValue(input.headers, SIGNATURE_HEADERS.keyId);
  const signature = headerValue(input.headers, SIGNATURE_HEADERS.signature);
  const timestamp = headerValue(input.headers, SIGNATURE_HEADERS.timestamp);
  if (!keyId || !signature || !timestamp) {
    return { ok: false, reason: 'missing_headers', detail: 'signature headers absent' };
  }
  const at = parseWebhookTimestamp(timestamp);
  if (at === null) return { ok: false, reason: 'bad_timestamp', detail: 'timestamp header unreadable' };
  const now = (input.clock ?? systemClock).now();
  const tolerance = input.toleranceMs ?? 5 * 60_000;
  if (Math.abs(now - at) > tolerance) {
    return {
      ok: false,
      reason: 'stale_timestamp',
      detail: `timestamp is ${Math.round((now - at) / 1000)} s from now`,
    };
  }
  const sig = decodeBase64(signature);
  if (!sig) return { ok: false, reason: 'bad_signature', detail: 'signature is not base64' };
  let key: KeyObject | undefined;
  try {
    key = await input.keyLookup(keyId);
  } catch (err) {
    log.warn('Webhook key lookup failed', { error: err instanceof Error ? err.message : String(err) });
    key = undefined;
  }
  if (!key || key.type !== 'public' || key.asymmetricKeyType !== 'rsa') {
    return { ok: false, reason: 'unknown_key', detail: 'no RSA public key for this key id' };
  }
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  let valid = false;
  try {
    valid = cryptoVerify('sha256', signedPayload(timestamp, body), key, sig);
  } catch {
    valid = false;
  }
  return valid
    ? { ok: true, keyId }
    : { ok: false, reason: 'bad_signature', detail: 'signature does not match' };
}

/**
 * The shape the webhook intake wants: `(rawBody, headers) => result`, bound to a key lookup (e.g.
 * createJwksKeyLookup()) and a clock.
 */
export function createSignatureCheck(opts: {
  keyLookup: KeyLookup;
  clock?: Clock;
  toleranceMs?: number;
}): (
  rawBody: Uint8Array,
  headers: Record<string, string | string[] | undefined>,
) => Promise<WebhookVerifyResult> {
  return (rawBody, headers) => verifyShipStationWebhook({ headers, rawBody, ...opts });
}

/** The JWKS address seen in public integrations (api.shipengine.com/jwks). UNVERIFIED against ShipStation's docs. */
export const DEFAULT_JWKS_URL = 'https://api.shipengine.com/jwks';

// A key set may hold keys of other types, or without a kid: those are skipped, never fatal.
const jwksSchema = z.looseObject({
  keys: z.array(z.looseObject({ kid: z.string().optional(), kty: z.string().optional() })),
});

export interface JwksKeyLookupOptions {
  url?: string;
  /** Fetches and parses the JWKS JSON (default: undici GET, https only, 10 s, 1 MB). */
  fetchJson?: (url: string) => Promise<unknown>;
  clock?: Clock;
  /** Keys are refreshed after this long. Default 1 hour. */
  ttlMs?: number;
  /** An unknown key id triggers a refresh at most this often (forged ids cannot make us hammer). Default 60 s. */
  minRefreshIntervalMs?: number;
}

async function defaultFetchJson(url: string): Promise<unknown> {
  const u = new URL(url);
  if (
    u.protocol !== 'https:' &&
    !(u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'))
  ) {
    throw new Error('JWKS URL must be https');
  }
  const res = await request(u, {
    method: 'GET',
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
    signal: AbortSignal.timeout(15_000),
  });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`JWKS answered HTTP ${res.statusCode}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res.body) {
    size += (c as Buffer).length;
    if (size > 1024 * 1024) {
      res.body.destroy();
      throw new Error('JWKS too large');
    }
    chunks.push(c as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** A KeyLookup over a JWKS document, cached; unknown ids refresh it (rate-limited); stale keys serve on failure. */
export function createJwksKeyLookup(
  opts: JwksKeyLookupOptions = {},
): KeyLookup & { refresh(): Promise<void> } {
  const url = opts.url ?? DEFAULT_JWKS_URL;
  const fetchJson = opts.fetchJson ?? defaultFetchJson;
  const clock = opts.clock ?? systemClock;
  const ttl = opts.ttlMs ?? 3_600_000;
  const minInterval = opts.minRefreshIntervalMs ?? 60_000;
  let keys = new Map<string, KeyObject>();
  let fetchedAt = -Infinity;
  let attemptedAt = -Infinity;
  let inFlight: Promise<void> | null = null;

  const refresh = (): Promise<void> => {
    if (inFlight) return inFlight;
    attemptedAt = clock.now();
    inFlight = (async () => {
      try {
        const doc = jwksSchema.parse(await fetchJson(url));
        const next = new Map<string, KeyObject>();
        for (const jwk of doc.keys) {
          if (!jwk.kid) continue;
          try {
            next.set(jwk.kid, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
          } catch {
            log.warn('Ignoring an unreadable JWKS key', { kid: jwk.kid });
          }
        }
        keys = next;
        fetchedAt = clock.now();
      } catch (err) {
        log.warn('Could not refresh ShipStation webhook keys', {
          error: err instanceof Error ? err.message : String(err),
        });
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  const lookup = async (keyId: string): Promise<KeyObject | undefined> => {
    const now = clock.now();
    const stale = now - fetchedAt > ttl;
    if ((stale || !keys.has(keyId)) && now - attemptedAt >= minInterval) await refresh();
    else if (inFlight) await inFlight;
    return keys.get(keyId);
  };
  return Object.assign(lookup, { refresh });
}
