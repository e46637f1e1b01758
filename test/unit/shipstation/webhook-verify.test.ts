import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock } from '../../../src-main/engine/shipstation/clock';
import { parseWebhookPayload } from '../../../src-main/engine/shipstation/webhook-payload';
import {
  SIGNATURE_HEADERS,
  createJwksKeyLookup,
  createSignatureCheck,
  parseWebhookTimestamp,
  verifyShipStationWebhook,
  type KeyLookup,
} from '../../../src-main/engine/shipstation/webhook-verify';

let publicKey: KeyObject;
let privateKey: KeyObject;
let otherPrivate: KeyObject;

beforeAll(() => {
  ({ publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  otherPrivate = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
});

const NOW = Date.parse('2026-07-01T12:00:00Z');
const BODY = Buffer.from(
  '{"resource_url":"https://api.shipstation.com/v2/batches/se-1234567890","resource_type":"BATCH_PROCESSED_V2"}',
);

/**
 * A delivery signed as the validation guide describes it, built here and not with the engine's
 * code: RSA-SHA256 (PKCS#1 v1.5) over the timestamp header, a period, and the raw body; the
 * signature base64 in x-shipengine-rsa-sha256-signature, the key id and timestamp beside it.
 */
function delivery(opts: { ts?: string; body?: Buffer; key?: KeyObject; keyId?: string } = {}) {
  const ts = opts.ts ?? new Date(NOW).toISOString();
  const body = opts.body ?? BODY;
  const signed = Buffer.concat([Buffer.from(ts, 'utf8'), Buffer.from('.'), body]);
  const signature = sign('RSA-SHA256', signed, opts.key ?? privateKey).toString('base64');
  return {
    headers: {
      'x-shipengine-rsa-sha256-key-id': opts.keyId ?? 'key-1',
      'x-shipengine-rsa-sha256-signature': signature,
      'x-shipengine-timestamp': ts,
    } as Record<string, string>,
    body,
  };
}

const lookup: KeyLookup = async (id) => (id === 'key-1' ? publicKey : undefined);
const clock = createVirtualClock(NOW);
const verify = (headers: Record<string, string | undefined>, rawBody: Buffer | string) =>
  verifyShipStationWebhook({ headers, rawBody, keyLookup: lookup, clock });

describe('V2 webhook signature', () => {
  it('accepts a valid delivery', async () => {
    const d = delivery();
    expect(await verify(d.headers, d.body)).toEqual({ ok: true, keyId: 'key-1' });
    // header names are case-insensitive; Unix-seconds timestamps work too
    const e = delivery({ ts: String(NOW / 1000) });
    const upper = Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect((await verify(upper, e.body)).ok).toBe(true);
  });

  it('rejects a tampered body (even one byte, even whitespace)', async () => {
    const d = delivery();
    const r = await verify(
      d.headers,
      Buffer.from(d.body.toString().replace('se-1234567890', 'se-1234567891')),
    );
    expect(r).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(await verify(d.headers, Buffer.concat([d.body, Buffer.from(' ')]))).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    // re-serialized JSON is not the raw body
    const reserialized = JSON.stringify(JSON.parse(d.body.toString()), null, 1);
    expect(await verify(d.headers, reserialized)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a tampered or foreign signature', async () => {
    const d = delivery();
    const sig = Buffer.from(d.headers[SIGNATURE_HEADERS.signature] as string, 'base64');
    sig[10] = (sig[10] as number) ^ 0xff;
    expect(
      await verify({ ...d.headers, [SIGNATURE_HEADERS.signature]: sig.toString('base64') }, d.body),
    ).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    const forged = delivery({ key: otherPrivate });
    expect(await verify(forged.headers, forged.body)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(
      await verify({ ...d.headers, [SIGNATURE_HEADERS.signature]: 'not base64 !!' }, d.body),
    ).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rejects a signature made over a different timestamp', async () => {
    const d = delivery();
    const r = await verify(
      { ...d.headers, [SIGNATURE_HEADERS.timestamp]: new Date(NOW + 1000).toISOString() },
      d.body,
    );
    expect(r).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('rejects an unknown key id', async () => {
    const d = delivery({ keyId: 'key-2' });
    expect(await verify(d.headers, d.body)).toMatchObject({ ok: false, reason: 'unknown_key' });
  });

  it('rejects stale and far-future timestamps, accepts small skew', async () => {
    const stale = delivery({ ts: new Date(NOW - 5 * 60_000 - 1000).toISOString() });
    expect(await verify(stale.headers, stale.body)).toMatchObject({ ok: false, reason: 'stale_timestamp' });
    const future = delivery({ ts: new Date(NOW + 6 * 60_000).toISOString() });
    expect(await verify(future.headers, future.body)).toMatchObject({ ok: false, reason: 'stale_timestamp' });
    const skewed = delivery({ ts: new Date(NOW + 60_000).toISOString() });
    expect((await verify(skewed.headers, skewed.body)).ok).toBe(true);
    const garbage = delivery({ ts: 'yesterday' });
    expect(await verify(garbage.headers, garbage.body)).toMatchObject({ ok: false, reason: 'bad_timestamp' });
  });

  it('adapts to the intake’s (rawBody, headers) check', async () => {
    const check = createSignatureCheck({ keyLookup: lookup, clock });
    const d = delivery();
    expect(await check(d.body, d.headers)).toEqual({ ok: true, keyId: 'key-1' });
    expect(await check(Buffer.from('{}'), d.headers)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('rejects missing headers', async () => {
    const d = delivery();
    for (const h of Object.values(SIGNATURE_HEADERS)) {
      const headers: Record<string, string | undefined> = { ...d.headers, [h]: undefined };
      expect(await verify(headers, d.body)).toMatchObject({ ok: false, reason: 'missing_headers' });
    }
  });

  it('reads timestamp headers in seconds, milliseconds or ISO', () => {
    expect(parseWebhookTimestamp('1782907200')).toBe(1782907200000);
    expect(parseWebhookTimestamp('1782907200000')).toBe(1782907200000);
    expect(parseWebhookTimestamp('2026-07-01T12:00:00Z')).toBe(NOW);
    expect(parseWebhookTimestamp('soon')).toBeNull();
  });
});

describe('JWKS key lookup', () => {
  const servers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (servers.length) await servers.pop()?.();
  });

  async function jwksServer() {
    const state = {
      hits: 0,
      keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig', alg: 'RS256' }] as unknown[],
    };
    const server = createServer((_req, res) => {
      state.hits++;
      const text = JSON.stringify({ keys: state.keys });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`, state };
  }

  it('fetches once, caches, and verifies a delivery end to end', async () => {
    const { url, state } = await jwksServer();
    const c = createVirtualClock(NOW);
    const keyLookup = createJwksKeyLookup({ url, clock: c });
    const d = delivery();
    expect(
      await verifyShipStationWebhook({ headers: d.headers, rawBody: d.body, keyLookup, clock: c }),
    ).toEqual({ ok: true, keyId: 'key-1' });
    expect(
      await verifyShipStationWebhook({ headers: d.headers, rawBody: d.body, keyLookup, clock: c }),
    ).toMatchObject({ ok: true });
    expect(state.hits).toBe(1);
  });

  it('tolerates keys of other types and keys without a kid in the set', async () => {
    const j = await jwksServer();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const stray = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    j.state.keys = [
      { ...ec.export({ format: 'jwk' }), kid: 'ec-1', use: 'sig' },
      { ...stray.export({ format: 'jwk' }), use: 'sig' },
      { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig', alg: 'RS256' },
    ];
    const keyLookup = createJwksKeyLookup({ url: j.url, clock });
    const d = delivery();
    expect(await verifyShipStationWebhook({ headers: d.headers, rawBody: d.body, keyLookup, clock })).toEqual(
      {
        ok: true,
        keyId: 'key-1',
      },
    );
    // A signature claiming the EC key is refused as made with no RSA key.
    const e = delivery({ keyId: 'ec-1' });
    expect(
      await verifyShipStationWebhook({ headers: e.headers, rawBody: e.body, keyLookup, clock }),
    ).toMatchObject({
      ok: false,
      reason: 'unknown_key',
    });
  });

  it('refreshes for an unknown key id at most once a minute, and after the TTL', async () => {
    const { url, state } = await jwksServer();
    const c = createVirtualClock(NOW);
    const keyLookup = createJwksKeyLookup({ url, clock: c, ttlMs: 3_600_000, minRefreshIntervalMs: 60_000 });
    expect(await keyLookup('key-1')).toBeDefined();
    expect(await keyLookup('forged-1')).toBeUndefined();
    expect(await keyLookup('forged-2')).toBeUndefined();
    expect(state.hits).toBe(1);
    // a rotated key appears: found once the refresh interval has passed
    const { publicKey: rotated } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    state.keys.push({ ...rotated.export({ format: 'jwk' }), kid: 'key-2' });
    c.advance(61_000);
    expect(await keyLookup('key-2')).toBeDefined();
    expect(state.hits).toBe(2);
    c.advance(3_600_001);
    expect(await keyLookup('key-1')).toBeDefined();
    expect(state.hits).toBe(3);
  });

  it('keeps serving cached keys when a refresh fails', async () => {
    let fail = false;
    const c = createVirtualClock(NOW);
    const keyLookup = createJwksKeyLookup({
      clock: c,
      fetchJson: async () => {
        if (fail) throw new Error('offline');
        return {
          keys: [
            { ...publicKey.export({ format: 'jwk' }), kid: 'key-1' },
            { kid: 'junk', kty: 'RSA', n: '!!' },
          ],
        };
      },
    });
    expect(await keyLookup('key-1')).toBeDefined();
    expect(await keyLookup('junk')).toBeUndefined();
    fail = true;
    c.advance(2 * 3_600_000);
    expect(await keyLookup('key-1')).toBeDefined();
  });
});

describe('webhook payload', () => {
  it('parses {resource_url, resource_type} and refuses anything else', () => {
    expect(parseWebhookPayload(BODY)).toMatchObject({
      resourceUrl: 'https://api.shipstation.com/v2/batches/se-1234567890',
      resourceType: 'BATCH_PROCESSED_V2',
    });
    expect(parseWebhookPayload('{"resource_url":"x"}')).toBeNull();
    expect(parseWebhookPayload('not json')).toBeNull();
  });
});
