/**
 * Hostile input on the JSON API: missing/wrong/misplaced tokens on every path, DNS rebinding (Host)
 * and CSRF (Origin) with forged headers, the default bind address, fuzzed JSON bodies and query
 * strings (prototype-pollution keys, huge numbers, deep nesting), oversize bodies and wrong content
 * types, and path tricks on the static UI.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../shared/api';
import { startHarness, type Harness } from '../helpers/harness';
import { assertAlive, assertDbIntact, fuzzRuns, rawHttp, rawSocket } from './helpers';

const API_LIMIT = 64 * 1024;

let h: Harness;
let protoBefore: string[];
beforeAll(async () => {
  protoBefore = Object.getOwnPropertyNames(Object.prototype);
  // With a ShipStation simulator configured from the environment (which wins over stored settings),
  // endpoints that reach ShipStation (sync, test, webhook subscriptions) stay local whatever is fuzzed.
  h = await startHarness({
    customers: 20,
    items: 20,
    shipstation: { sim: { orders: 0, rateLimitV1: 100_000 } },
    config: { limits: { maxSoapBodyBytes: 1024 * 1024, maxApiBodyBytes: API_LIMIT } },
  });
});
afterAll(async () => {
  await h?.close();
});

type Endpoint = { name: string; method: 'GET' | 'POST'; path: string };
const endpoints: Endpoint[] = Object.entries(api).map(([name, spec]) => ({
  name,
  method: spec.method as 'GET' | 'POST',
  path: `/api${spec.path}`,
}));
const guarded = endpoints.filter((e) => e.name !== 'health');
const posts = guarded.filter((e) => e.method === 'POST');
const gets = guarded.filter((e) => e.method === 'GET');

function req(
  e: { method: string; path: string },
  headers: Record<string, string | number> = {},
  body?: string | Buffer,
) {
  const h2: Record<string, string | number> = { ...headers };
  if (body !== undefined && h2['content-length'] === undefined)
    h2['content-length'] = Buffer.byteLength(body);
  return rawHttp(h.engine.port, { path: e.path, method: e.method, headers: h2, body });
}
const bearer = () => ({ authorization: `Bearer ${h.engine.token}` });
const json = { 'content-type': 'application/json' };

function expectJsonError(
  res: { status: number; body: string },
  label: string,
): { code: string; message: string } {
  expect(res.status, `${label}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${label}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  const parsed = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof parsed.error?.code, label).toBe('string');
  expect(String(parsed.error?.message ?? '').length, label).toBeGreaterThan(5);
  return parsed.error as { code: string; message: string };
}

const settingsSnapshot = () =>
  JSON.stringify(h.engine.db.prepare('SELECT key, value FROM settings ORDER BY key').all());

// ----------------------------------------------------------------------------------------------

describe('authentication on every path', () => {
  it('refuses every /api path but health without the right bearer token, with 401', async () => {
    expect(guarded.length).toBeGreaterThan(20);
    const token = h.engine.token;
    const before = settingsSnapshot();
    for (const e of guarded) {
      const body = e.method === 'POST' ? '{}' : undefined;
      const hdr = e.method === 'POST' ? json : {};
      const variants: [string, Record<string, string>, string][] = [
        ['no token', {}, ''],
        ['wrong token', { authorization: `Bearer ${'x'.repeat(token.length)}` }, ''],
        ['token prefix', { authorization: `Bearer ${token.slice(0, -1)}` }, ''],
        ['token plus', { authorization: `Bearer ${token}x` }, ''],
        ['Basic scheme', { authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}` }, ''],
        ['raw token', { authorization: token }, ''],
        ['empty bearer', { authorization: 'Bearer ' }, ''],
        ['in a cookie', { cookie: `token=${token}; mlc_token=${token}` }, ''],
        ['in another header', { 'x-api-token': token, 'x-auth-token': token }, ''],
        ['query token', {}, `?token=${token}`],
        ['query access_token', {}, `?access_token=${token}`],
        ['query authorization', {}, `?authorization=${encodeURIComponent(`Bearer ${token}`)}`],
        ['query api_key', {}, `?api_key=${token}&apiToken=${token}`],
      ];
      for (const [label, headers, query] of variants) {
        const res = await req({ method: e.method, path: e.path + query }, { ...hdr, ...headers }, body);
        expect(res.status, `${e.method} ${e.path} ${label}`).toBe(401);
        const err = expectJsonError(res, `${e.path} ${label}`);
        expect(err.code).toBe('unauthorized');
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
    }
    // The live event stream too.
    for (const q of ['', `?token=${token}`, `?access_token=${token}`]) {
      const res = await req({ method: 'GET', path: `/api/events${q}` });
      expect(res.status, q).toBe(401);
    }
    // Nothing was changed by the refused POSTs.
    expect(settingsSnapshot()).toBe(before);
    assertDbIntact(h);
  });

  it('health needs no token; odd spellings of paths are never an unauthenticated way in', async () => {
    expect((await req({ method: 'GET', path: '/api/health' })).status).toBe(200);
    for (const p of [
      '/api/status/',
      '/api//status',
      '/API/status',
      '/api/Status',
      '/api/status%00',
      '/api/status%2f',
      '/api/./status',
      '/api/health/../status',
      '/api/health%2f..%2fstatus',
      '/api/status?/health',
      '/api/status#/health',
      '/api/health;/status',
      '/api/%73tatus',
      '/api',
      '/api/',
    ]) {
      const res = await req({ method: 'GET', path: p });
      if (res.status === 200) {
        // Not an /api path after all (paths are case-sensitive): the public UI page, never API data.
        expect(res.headers['content-type'], p).toMatch(/^text\/html/);
        expect(res.body, p).not.toMatch(/"qbwc"|"outbox"|"version"/);
      } else {
        expect([401, 404, 405], `${p} → ${res.status}`).toContain(res.status);
        expectJsonError(res, p);
      }
    }
  });
});

// ----------------------------------------------------------------------------------------------

describe('DNS rebinding and CSRF', () => {
  it('answers 421 to a foreign Host on every path, GET and POST, even with the right token', async () => {
    const port = h.engine.port;
    const hosts = [
      'attacker.example',
      `attacker.example:${port}`,
      `localhost.attacker.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost:${port + 1}`,
      `127.0.0.2:${port}`,
      `0.0.0.0:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `localhost:${port}@attacker.example`,
      `localhost:${port}.`,
      `localhost:${port}:${port}`,
    ];
    for (const e of [...endpoints, { name: 'qbwc', method: 'POST' as const, path: '/qbwc' }]) {
      for (const host of hosts) {
        const res = await req(e, { ...bearer(), ...json, host }, e.method === 'POST' ? '{}' : undefined);
        expect(res.status, `${e.method} ${e.path} Host: ${host}`).toBe(421);
      }
    }
    // No Host at all (HTTP/1.0 style).
    const none = await rawSocket(
      port,
      `GET /api/status HTTP/1.0\r\nAuthorization: Bearer ${h.engine.token}\r\n\r\n`,
    );
    expect(none.text).toMatch(/^HTTP\/1\.[01] (400|421) /);
    // The names that are ours work.
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
      expect((await req({ method: 'GET', path: '/api/status' }, { ...bearer(), host })).status, host).toBe(
        200,
      );
    }
  });

  it('answers 403 to a foreign Origin on every path, GET and POST, and changes nothing', async () => {
    const port = h.engine.port;
    const before = settingsSnapshot();
    const origins = [
      'https://attacker.example',
      'null',
      `http://localhost:${port}.attacker.example`,
      `http://localhost:${port}@attacker.example`,
      `http://127.0.0.1:${port + 1}`,
      `https://localhost:${port}.evil`,
      'file://',
      `chrome-extension://abcdefghijklmnop`,
      `ftp://127.0.0.1:${port}`,
      '*',
      '',
    ];
    for (const e of [...guarded, { name: 'qbwc', method: 'POST' as const, path: '/qbwc' }]) {
      for (const origin of origins) {
        const res = await req(
          e,
          { ...bearer(), ...json, origin },
          e.method === 'POST' ? '{"enabled":false}' : undefined,
        );
        expect(res.status, `${e.method} ${e.path} Origin: ${origin}`).toBe(403);
        if (e.path.startsWith('/api')) expect(expectJsonError(res, origin).code).toBe('bad_origin');
      }
    }
    expect(settingsSnapshot()).toBe(before);
    // Same-origin requests (the UI itself) are fine.
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect((await req({ method: 'GET', path: '/api/status' }, { ...bearer(), origin })).status).toBe(200);
    }
  });

  it('binds to 127.0.0.1 by default, so nothing off this machine can connect', async () => {
    expect(h.engine.config.host).toBe('127.0.0.1');
    expect(h.engine.url).toBe(`http://127.0.0.1:${h.engine.port}`);
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4');
    if (lan) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect(h.engine.port, lan.address);
        s.on('connect', () => {
          s.destroy();
          resolve(false);
        });
        s.on('error', () => resolve(true));
      });
      expect(refused, `reachable on ${lan.address}`).toBe(true);
    }
  });
});

// ----------------------------------------------------------------------------------------------

/** Keys a schema knows about (objects, partials, refined objects, discriminated unions). */
function keysOf(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; options?: unknown[]; def?: { innerType?: unknown } };
  if (s.shape) return Object.keys(s.shape);
  if (Array.isArray(s.options)) return [...new Set(s.options.flatMap(keysOf))];
  if (s.def?.innerType) return keysOf(s.def.innerType);
  return [];
}

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'hasOwnProperty'];

/** JSON text with raw keys (so `__proto__` and duplicate keys really are in the text). */
const objectText = (entries: [string, unknown][]): string =>
  `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v === undefined ? 'null' : JSON.stringify(v)}`).join(',')}}`;

const hugeNumberText = fc.constantFrom(
  '1e309',
  '-1e309',
  '1e-400',
  '-0',
  '123456789012345678901234567890',
  '9007199254740993',
  '1.7976931348623157e308',
  '0.000000000000000000000000000001',
);

/** Plausible values per field name, so many fuzzed bodies are valid and reach the handlers. */
const PLAUSIBLE: Record<string, unknown[]> = {
  enabled: [true, false],
  paused: [true, false],
  full: [true, false],
  confirm: [true],
  dryRun: [true, false],
  publicUrl: ['https://tunnel.example.invalid/', 'http://127.0.0.1:1/'],
  storeId: ['1', '999999', 'store-x'],
  apiVersion: ['v1', 'v2'],
  apiKey: ['fuzz-key-12345678'],
  apiSecret: ['fuzz-secret-12345678'],
  baseUrl: ['https://ssapi.shipstation.com', 'http://127.0.0.1:1'],
  username: ['bookkeeper', '   '],
  password: ['long-enough-password', 'short'],
  action: ['map_customer', 'map_item', 'create_customer', 'create_item', 'ignore', 'retry', 'accept_amount'],
  orderId: ['1', 'no-such-order', "1' OR '1'='1"],
  listId: ['80000001-1234567890', 'x'],
  sku: ['SKU-0001', 'ghost'],
  name: ['New Customer', 'x'.repeat(41)],
  type: ['NonInventory', 'Service', 'Inventory'],
  incomeAccount: ['Sales'],
  price: [0, 12.5, -1, 1e308],
  remember: ['email', 'name', 'store'],
  txnType: ['Invoice', 'SalesReceipt', 'JournalEntry', 'Bill'],
  shippingItem: ['Shipping', null, ''],
  discountItem: ['Discount', null],
  taxItem: ['CA Sales Tax', null],
  depositToAccount: [null, 'Undeposited Funds'],
  arAccount: [null, 'Accounts Receivable'],
  journal: [
    {
      debitAccount: 'Undeposited Funds',
      revenueAccount: 'Sales',
      shippingAccount: 'Shipping Income',
      taxAccount: 'Sales Tax Payable',
      discountAccount: 'Discounts',
    },
    { debitAccount: '' },
  ],
  startDate: ['2024-01-01', null, '2024-02-30', '01/01/2024'],
  timeZone: ['America/Los_Angeles', 'UTC'],
  customerStrategy: ['per-order', 'per-store'],
  customerKeys: [['email'], ['name', 'company'], [], ['ssn']],
  poll: ['*/5 * * * *', '0 2 * * *', '* * * * * * *'],
  reconcile: ['*/5 * * * *'],
  nightly: ['0 2 * * *'],
  from: ['2024-01-01', '2024-12-31', '2024-13-01'],
  to: ['2024-01-31', '2023-01-01'],
};

/** An object of the schema's fields, each present or not, with plausible (sometimes wrong) values. */
const plausibleArb = (keys: string[]): fc.Arbitrary<string> =>
  fc
    .tuple(
      ...keys.map((k) => fc.option(fc.constantFrom(...(PLAUSIBLE[k] ?? ['x'])), { nil: undefined, freq: 4 })),
    )
    .map((vals) =>
      objectText(keys.flatMap((k, i) => (vals[i] === undefined ? [] : [[k, vals[i]] as [string, unknown]]))),
    );

function bodyArb(schemaKeys: string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 4, arbitrary: schemaKeys.length ? fc.constantFrom(...schemaKeys) : fc.constant('x') },
    { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  const value: fc.Arbitrary<unknown> = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(
      'map_customer',
      'map_item',
      'create_customer',
      'create_item',
      'ignore',
      'retry',
      'accept_amount',
      'v1',
      'v2',
      'Invoice',
      'SalesReceipt',
      'JournalEntry',
      'per-order',
      'per-store',
      '* * * * *',
      '2024-02-30',
      'Not/A_Zone',
      'https://example.invalid/',
      true,
      false,
      null,
    ),
    fc.string({ maxLength: 300 }),
    fc.record({ polluted: fc.constant(true) }),
  );
  const shaped = fc.array(fc.tuple(key, value), { maxLength: 8 }).map(objectText);
  // The same, with a number token that JSON.stringify would never produce spliced in.
  const withHugeNumber = fc
    .tuple(fc.array(fc.tuple(key, value), { maxLength: 5 }), key, hugeNumberText)
    .map(([entries, k, n]) =>
      objectText(entries).replace(/\}$/, `${entries.length ? ',' : ''}${JSON.stringify(k)}:${n}}`),
    );
  const pollution = fc
    .tuple(fc.constantFrom(...schemaKeys, 'x'), fc.constantFrom(...POLLUTION_KEYS))
    .map(
      ([k, p]) =>
        `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(k)}:{${JSON.stringify(p)}:{"polluted":true}}}`,
    );
  const deep = fc
    .tuple(
      fc.integer({ min: 100, max: 20_000 }),
      fc.constantFrom('[', '{"a":'),
      fc.constantFrom(...schemaKeys, 'x'),
    )
    .map(([n, open, k]) => {
      const close = open === '[' ? ']' : '}';
      return `{${JSON.stringify(k)}:${open.repeat(n)}1${close.repeat(n)}}`;
    });
  return fc.oneof(
    { weight: 4, arbitrary: plausibleArb(schemaKeys) },
    { weight: 4, arbitrary: shaped },
    { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
    { weight: 1, arbitrary: withHugeNumber },
    { weight: 1, arbitrary: pollution },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
  );
}

describe('fuzzed inputs', () => {
  it('answers random JSON bodies on every POST endpoint with 2xx or a clear 4xx, never 500, and pollutes nothing', async () => {
    expect(posts.length).toBeGreaterThan(8);
    const target = fc.constantFrom(...posts);
    const arb = target.chain((e) =>
      fc.tuple(fc.constant(e), bodyArb(keysOf(api[e.name as keyof typeof api].input))),
    );
    const seen = new Map<string, Set<number>>();
    await fc.assert(
      fc.asyncProperty(arb, async ([e, body]) => {
        const res = await req(e, { ...bearer(), ...json }, body);
        const label = `${e.path} ${body.slice(0, 200)}`;
        expect(res.status, `${label} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) expectJsonError(res, label);
        else expect(() => JSON.parse(res.body) as unknown, label).not.toThrow();
        if (!seen.has(e.path)) seen.set(e.path, new Set());
        seen.get(e.path)!.add(res.status);
        expect(({} as Record<string, unknown>).polluted, label).toBeUndefined();
      }),
      { numRuns: fuzzRuns(400) },
    );
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(settingsSnapshot()).not.toMatch(/polluted/);
    // A fuzzed body may legitimately have paused syncing: resume before checking QuickBooks work runs.
    expect((await h.api('/api/sync/pause', { method: 'POST', body: { paused: false } })).status).toBe(200);
    // Both outcomes were exercised: valid bodies reached the handlers, invalid ones were refused.
    expect([...seen.values()].some((s) => s.has(400))).toBe(true);
    expect([...seen.values()].filter((s) => s.has(200)).length).toBeGreaterThan(posts.length / 2);
    assertDbIntact(h);
    await assertAlive(h);
  });

  it('answers random query strings on every GET endpoint with 2xx or a clear 4xx, never 500', async () => {
    const target = fc.constantFrom(...gets);
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      hugeNumberText,
      fc.constantFrom(
        '0',
        '-1',
        '1e400',
        'NaN',
        'Infinity',
        'true',
        '2024-01-01',
        '2024-13-45',
        '9999-12-31',
        '',
      ),
      fc.integer().map(String),
    );
    const arb = target.chain((e) =>
      fc.tuple(
        fc.constant(e),
        fc.array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom(...keysOf(api[e.name as keyof typeof api].input), ...POLLUTION_KEYS),
              fc.string({ maxLength: 8 }),
            ),
            value,
          ),
          { maxLength: 5 },
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([e, params]) => {
        const q = new URLSearchParams(params).toString();
        const res = await req({ method: 'GET', path: `${e.path}?${q}` }, bearer());
        const label = `${e.path}?${q}`;
        expect(res.status, `${label} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400) expectJsonError(res, label);
      }),
      { numRuns: fuzzRuns(250) },
    );
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(protoBefore);
    assertDbIntact(h);
  });

  it('refuses bodies over the API limit (413), wrong content types (415) and broken JSON (400)', async () => {
    const e = { method: 'POST' as const, path: '/api/settings/matching' };
    const before = settingsSnapshot();
    const big = JSON.stringify({ customerStrategy: 'per-order', pad: 'x'.repeat(API_LIMIT) });
    expect(expectJsonError(await req(e, { ...bearer(), ...json }, big), 'big').code).toBe('body_too_large');
    const chunked = await rawHttp(h.engine.port, {
      path: e.path,
      method: 'POST',
      headers: { ...bearer(), ...json, 'transfer-encoding': 'chunked' },
      body: Array.from({ length: 4 }, () => Buffer.alloc(API_LIMIT / 2, ' ')),
    });
    expect(chunked.status).toBe(413);
    const claims = await rawSocket(
      h.engine.port,
      `POST ${e.path} HTTP/1.1\r\nHost: 127.0.0.1:${h.engine.port}\r\nAuthorization: Bearer ${h.engine.token}\r\nContent-Type: application/json\r\nContent-Length: ${API_LIMIT * 1000}\r\n\r\n{}`,
      { until: /"body_too_large"[^]*\}\}$/ },
    );
    expect(claims.text).toMatch(/^HTTP\/1\.1 413 /);
    const body = JSON.stringify({ customerStrategy: 'per-store' });
    for (const type of [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/jsonp',
      'json',
      '',
    ]) {
      const res = await req(e, { ...bearer(), 'content-type': type }, body);
      expect(res.status, type).toBe(415);
      expect(expectJsonError(res, type).code).toBe('unsupported_media_type');
    }
    // No Content-Type header at all.
    const none = await rawSocket(
      h.engine.port,
      `POST ${e.path} HTTP/1.1\r\nHost: 127.0.0.1:${h.engine.port}\r\nAuthorization: Bearer ${h.engine.token}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(none.text).toMatch(/^HTTP\/1\.1 415 /);
    for (const broken of [
      '{',
      '{"a":}',
      "{'a':1}",
      '{"a":1}}',
      'NaN',
      '\u0000',
      '{"a":"\\ud800"}x',
      '\uFEFF{}',
    ]) {
      const res = await req(e, { ...bearer(), ...json }, broken);
      expect(res.status, broken).toBe(400);
      expect(expectJsonError(res, broken).code).toMatch(/invalid_json|invalid_input/);
    }
    // Wrong methods.
    expect((await req({ method: 'PUT', path: e.path }, { ...bearer(), ...json }, body)).status).toBe(405);
    expect((await req({ method: 'DELETE', path: '/api/status' }, bearer())).status).toBe(405);
    expect(settingsSnapshot()).toBe(before);
    assertDbIntact(h);
    await assertAlive(h);
  });

  it('rejects invalid schedules instead of storing them, and keeps syncing', async () => {
    const before = settingsSnapshot();
    for (const poll of ['not a cron at all', '99 99 99 99 99', '* * * * * * *']) {
      const res = await h.api('/api/settings/schedules', { method: 'POST', body: { poll } });
      expect(res.status, poll).toBe(400);
    }
    expect(settingsSnapshot()).toBe(before);
    // And the engine still reconciles and syncs.
    const sync = await h.api<{ ok: boolean }>('/api/sync', { method: 'POST', body: {} });
    expect(sync.status).toBe(200);
    assertDbIntact(h);
  });
});

// ----------------------------------------------------------------------------------------------

describe('static UI paths', () => {
  it('never serves a file outside the UI directory and answers malformed paths without a 500', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mlc-ui-'));
    const ui = path.join(root, 'ui');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(ui);
    writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(path.join(ui, 'app.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'secret.txt'), 'TOP-SECRET');
    const x = await startHarness({ customers: 3, items: 3, engine: { rendererDir: ui } });
    try {
      const get = (p: string) => rawHttp(x.engine.port, { path: p });
      expect((await get('/app.js')).body).toBe('console.log(1)');
      for (const p of [
        '/../secret.txt',
        '/..%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/%2e%2e%2fsecret.txt',
        '/..%5csecret.txt',
        '/....//secret.txt',
        `/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
        '/%2fetc%2fpasswd',
        '//etc/passwd',
        '/app.js%00.html',
      ]) {
        const res = await get(p);
        expect(res.status, p).toBeLessThan(500);
        expect(res.body, p).not.toContain('TOP-SECRET');
        expect(res.body, p).not.toMatch(/root:/);
      }
      for (const p of ['/%', '/%E0%A4%A', '/%ff', '/%c0%ae%c0%ae/secret.txt']) {
        const res = await get(p);
        expect(res.status, `${p} → ${res.status} ${res.body.slice(0, 100)}`).toBeLessThan(500);
        expect(res.body, p).not.toContain('TOP-SECRET');
      }
      await assertAlive(x);
      assertDbIntact(x);
    } finally {
      await x.close();
    }
  });
});
