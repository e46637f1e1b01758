/**
 * Hostile input on POST /webhooks/shipstation: wrong secrets (V1), forged signatures (V2), resource
 * URLs pointing anywhere but ShipStation (a real local "foreign" server must receive nothing, so no
 * credential can leave), redirects, replays, oversize and malformed bodies, and fuzzed deliveries.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { assertAlive, assertDbIntact, auditEvents, fuzzRuns, rawHttp, rawSocket } from './helpers';

const MAX_WEBHOOK_BYTES = 256 * 1024;

/** A server that must never be contacted: it records every request, with its headers. */
async function startForeign(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, s) => s.end('{}'),
) {
  const hits: { method: string; url: string; authorization?: string; apiKey?: string }[] = [];
  const server = http.createServer((req, res) => {
    hits.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      apiKey: req.headers['api-key'] as string | undefined,
    });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    hits,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
type Foreign = Awaited<ReturnType<typeof startForeign>>;

async function deliver(
  h: Harness,
  body: string | Buffer,
  opts: { query?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: { ok?: boolean; message?: string; error?: { message: string } } }> {
  const res = await fetch(`${h.engine.url}/webhooks/shipstation${opts.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed as never };
}

const deliveries = (h: Harness) =>
  h.engine.db
    .prepare('SELECT id, status, resource_url, detail FROM webhook_deliveries ORDER BY id')
    .all() as {
    id: number;
    status: string;
    resource_url: string;
    detail: string | null;
  }[];

// ----------------------------------------------------------------------------------------------

describe('V1 webhooks (secret in the target URL)', () => {
  let h: Harness;
  let foreign: Foreign;
  let secretQuery = '';

  beforeAll(async () => {
    h = await startHarness({ customers: 15, items: 15, shipstation: { sim: { orders: 0 } } });
    const r = await h.api<{ ok: boolean }>('/api/settings/webhooks', {
      method: 'POST',
      body: { enabled: true },
    });
    expect(r.status).toBe(200);
    secretQuery = h.engine.webhooks.targetPath().replace('/webhooks/shipstation', '');
    foreign = await startForeign();
  });
  afterAll(async () => {
    await h?.close();
    await foreign?.close();
  });
  afterEach(async () => {
    await h.engine.webhooks.idle();
    expect(foreign.hits, 'the foreign server was contacted').toEqual([]);
    assertDbIntact(h, { webhooksSettled: true });
  });

  const ordersUrl = () => `${h.ss!.baseUrl}/orders?orderStatus=awaiting_shipment`;
  const goodBody = () => JSON.stringify({ resource_url: ordersUrl(), resource_type: 'ORDER_NOTIFY' });

  it('refuses missing, wrong, partial, over-long and smuggled secrets, through the constant-time comparison', async () => {
    const secret = h.engine.webhooks.secret();
    const spy = vi.spyOn(crypto, 'timingSafeEqual');
    syncBuiltinESMExports();
    try {
      const before = { rows: deliveries(h).length, ss: h.ss!.stats.requests };
      const cases: [string, string, Record<string, string>?][] = [
        ['missing', ''],
        ['empty', '?secret='],
        ['wrong, same length', `?secret=${'A'.repeat(secret.length)}`],
        ['prefix', `?secret=${encodeURIComponent(secret.slice(0, -1))}`],
        ['right plus one', `?secret=${encodeURIComponent(secret)}x`],
        ['over-long', `?secret=${'s'.repeat(6_000)}`],
        [
          'case changed',
          `?secret=${encodeURIComponent(secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase())}`,
        ],
        ['wrong first, right second', `?secret=nope&secret=${encodeURIComponent(secret)}`],
        ['right name, wrong case', `?SECRET=${encodeURIComponent(secret)}`],
        ['in a header only', '', { 'x-secret': secret, authorization: `Bearer ${secret}` }],
        ['whitespace padded', `?secret=%20${encodeURIComponent(secret)}`],
        ['NUL appended', `?secret=${encodeURIComponent(secret)}%00`],
      ];
      for (const [label, query, headers] of cases) {
        spy.mockClear();
        const r = await deliver(h, goodBody(), { query, headers });
        expect(r.status, label).toBe(401);
        expect(r.body.ok, label).toBe(false);
        expect(r.body.message, label).toMatch(/wrong or missing secret/);
        // Behaviour of the constant-time helper: the comparison ran through crypto.timingSafeEqual,
        // also when the lengths differ (no early return that would leak the length).
        expect(spy, label).toHaveBeenCalled();
      }
      // Nothing stored, nothing fetched; the refusals are folded into one audit line a minute
      // (Hardening §2: anyone can POST here), never a row each.
      expect(deliveries(h).length).toBe(before.rows);
      expect(h.ss!.stats.requests).toBe(before.ss);
      expect(auditEvents(h, 'webhook-refused').filter((e) => /secret/.test(e.message)).length).toBe(1);
      // The audit never holds the secret.
      expect(JSON.stringify(h.engine.db.prepare('SELECT * FROM audit_log').all())).not.toContain(secret);
    } finally {
      spy.mockRestore();
      syncBuiltinESMExports();
    }
    // The right secret still works.
    h.ss!.createOrders(1);
    const ok = await deliver(h, goodBody(), { query: secretQuery });
    expect(ok.status).toBe(200);
  });

  it('never fetches a resource_url that is not ShipStation: IP literals, look-alikes, userinfo, downgrades, ports', async () => {
    const fp = foreign.port;
    const sim = new URL(h.ss!.baseUrl);
    const urls = [
      `http://127.0.0.1:${fp}/orders`,
      `http://localhost:${fp}/orders`,
      `http://[::ffff:127.0.0.1]:${fp}/orders`,
      `http://[::1]:${fp}/orders`,
      `http://2130706433:${fp}/orders`,
      `http://0x7f.1:${fp}/orders`,
      `http://127.1:${fp}/orders`,
      `http://0177.0.0.1:${fp}/orders`,
      `http://127.0.0.1:${fp}#@ssapi.shipstation.com/orders`,
      `http://127.0.0.1:${fp}\\@ssapi.shipstation.com/orders`,
      `https://ssapi.shipstation.com@127.0.0.1:${fp}/orders`,
      `http://ssapi.shipstation.com:x@127.0.0.1:${fp}/orders`,
      `http://${sim.host}@127.0.0.1:${fp}/orders`,
      `https://ssapi.shipstation.com.evil.example/orders`,
      `https://ssapi.shipstation.com%2eevil.example/orders`,
      `https://evil.example/ssapi.shipstation.com/orders`,
      `https://ssapi.shipstation.co/orders`,
      `https://ssapi-shipstation.com/orders`,
      `https://xssapi.shipstation.com/orders`,
      `https://ssapi.shipstation.com./orders`,
      `http://ssapi.shipstation.com/orders`,
      `https://ssapi.shipstation.com:8443/orders`,
      `https://ssapi.shipstaтion.com/orders`,
      `https://ssapi.shipstatıon.com/orders`,
      `https://xn--ssapi-shipstaton-0mf.com/orders`,
      `https://ssapi.shipstation.com\u3002evil.example/orders`,
      `http://user:pass@${sim.host}/orders`,
      `http://${sim.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${sim.port}/orders`,
      `https://${sim.host}/orders`,
      `http://${sim.hostname}:${fp}/orders`,
      `ftp://127.0.0.1:${fp}/orders`,
      `gopher://127.0.0.1:${fp}/_GET%20/`,
      `file:///etc/passwd`,
      `javascript:fetch('http://127.0.0.1:${fp}')`,
      `data:application/json,{"orders":[]}`,
      `//127.0.0.1:${fp}/orders`,
      `/orders`,
      `ws://127.0.0.1:${fp}/orders`,
    ];
    const simBefore = h.ss!.stats.requests;
    const first = deliveries(h).length;
    for (const url of urls) {
      const r = await deliver(h, JSON.stringify({ resource_url: url, resource_type: 'ORDER_NOTIFY' }), {
        query: secretQuery,
      });
      // Authenticated and stored first (so a crash loses nothing), refused before any socket opens.
      expect(r.status, url).toBe(200);
    }
    await h.engine.webhooks.idle();
    const rows = deliveries(h).slice(first);
    expect(rows.length).toBe(urls.length);
    for (const row of rows) expect(row.status, `${row.resource_url}: ${row.detail}`).toBe('refused');
    expect(foreign.hits).toEqual([]);
    expect(h.ss!.stats.requests).toBe(simBefore);
    expect(
      auditEvents(h, 'webhook-refused').filter((e) => /not ShipStation|not on ShipStation/.test(e.message))
        .length,
    ).toBe(urls.length);
    await assertAlive(h);
  });

  it('acknowledges a replayed delivery but fetches it once, also when the copies arrive together', async () => {
    h.ss!.createOrders(2);
    const body = JSON.stringify({ resource_url: `${ordersUrl()}&page=1`, resource_type: 'ORDER_NOTIFY' });
    const before = h.ss!.stats.byPath['GET /orders'] ?? 0;
    const a = await deliver(h, body, { query: secretQuery });
    expect(a).toMatchObject({ status: 200, body: { ok: true, message: 'Accepted.' } });
    await h.engine.webhooks.idle();
    const b = await deliver(h, body, { query: secretQuery });
    expect(b).toMatchObject({ status: 200, body: { ok: true, message: 'Already received.' } });
    // Five identical copies at once (a retry storm): still one fetch.
    const body2 = JSON.stringify({
      resource_url: `${ordersUrl()}&page=1&x=2`,
      resource_type: 'ORDER_NOTIFY',
    });
    const storm = await Promise.all(
      Array.from({ length: 5 }, () => deliver(h, body2, { query: secretQuery })),
    );
    expect(storm.every((r) => r.status === 200)).toBe(true);
    expect(storm.filter((r) => r.body.message === 'Accepted.').length).toBe(1);
    await h.engine.webhooks.idle();
    expect((h.ss!.stats.byPath['GET /orders'] ?? 0) - before).toBe(2);
    const rows = h.engine.db
      .prepare(
        `SELECT status, count(*) AS n FROM webhook_deliveries WHERE body_hash IN (
        SELECT body_hash FROM webhook_deliveries WHERE resource_url LIKE '%page=1%') GROUP BY status ORDER BY status`,
      )
      .all();
    expect(rows).toEqual([
      { status: 'done', n: 2 },
      { status: 'duplicate', n: 5 },
    ]);
  });

  it('refuses oversize bodies with 413 (honest, lying and chunked lengths) and stores nothing', async () => {
    const first = deliveries(h).length;
    const big = JSON.stringify({
      resource_url: ordersUrl(),
      resource_type: 'ORDER_NOTIFY',
      pad: 'p'.repeat(MAX_WEBHOOK_BYTES),
    });
    const honest = await deliver(h, big, { query: secretQuery });
    expect(honest.status).toBe(413);
    expect(honest.body.error?.message).toMatch(/limit/);
    const chunked = await rawHttp(h.engine.port, {
      path: `/webhooks/shipstation${secretQuery}`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Array.from({ length: 10 }, () => Buffer.alloc(64 * 1024, ' ')),
    });
    expect(chunked.status).toBe(413);
    const claims = await rawSocket(
      h.engine.port,
      `POST /webhooks/shipstation${secretQuery} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${MAX_WEBHOOK_BYTES * 100}\r\n\r\n{}`,
      { until: /\r\n\r\n\{.*\}$/s },
    );
    expect(claims.text).toMatch(/^HTTP\/1\.1 413 /);
    // Declared shorter than sent: the body is cut at the declared length, which is not JSON.
    const body = goodBody();
    const short = await rawSocket(
      h.engine.port,
      `POST /webhooks/shipstation${secretQuery} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n${body}`,
    );
    expect(short.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(deliveries(h).length).toBe(first);
    await assertAlive(h);
  });

  it('refuses malformed and mis-shaped JSON with 400 and stores nothing', async () => {
    const first = deliveries(h).length;
    const bodies = [
      '',
      '{',
      'not json',
      '{"resource_url": "x", }',
      'null',
      'true',
      '42',
      '"string"',
      '[]',
      `[${JSON.stringify({ resource_url: ordersUrl(), resource_type: 'ORDER_NOTIFY' })}]`,
      '{}',
      JSON.stringify({ resource_url: ordersUrl() }),
      JSON.stringify({ resource_type: 'ORDER_NOTIFY' }),
      JSON.stringify({ resource_url: 42, resource_type: 'ORDER_NOTIFY' }),
      JSON.stringify({ resource_url: [ordersUrl()], resource_type: 'ORDER_NOTIFY' }),
      JSON.stringify({ resource_url: ordersUrl(), resource_type: { x: 1 } }),
      JSON.stringify({ resource_url: `${ordersUrl()}&${'q'.repeat(3000)}`, resource_type: 'ORDER_NOTIFY' }),
      `{"__proto__": {"resource_url": "${ordersUrl()}", "resource_type": "ORDER_NOTIFY"}}`,
      `{"constructor": {"prototype": {"resource_url": "${ordersUrl()}", "resource_type": "ORDER_NOTIFY"}}}`,
      '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
      '['.repeat(100_000) + ']'.repeat(100_000),
      '\uFEFF' + goodBody(),
    ];
    for (const b of bodies) {
      const r = await deliver(h, b, { query: secretQuery });
      expect(r.status, b.slice(0, 80)).toBe(400);
      expect(r.body.ok, b.slice(0, 80)).toBe(false);
      expect(r.body.message, b.slice(0, 80)).toMatch(/Webhook refused/);
    }
    expect(({} as Record<string, unknown>).resource_url).toBeUndefined();
    expect(deliveries(h).length).toBe(first);
    // An unknown resource type is stored, then failed without a fetch.
    const simBefore = h.ss!.stats.requests;
    const odd = await deliver(
      h,
      JSON.stringify({ resource_url: ordersUrl(), resource_type: 'DROP_TABLES' }),
      {
        query: secretQuery,
      },
    );
    expect(odd.status).toBe(200);
    await h.engine.webhooks.idle();
    expect(deliveries(h).at(-1)).toMatchObject({ status: 'failed' });
    expect(h.ss!.stats.requests).toBe(simBefore);
  });

  it('answers any fuzzed delivery with 200 or 400, never 500, and never contacts anything but ShipStation', async () => {
    const fp = foreign.port;
    const host = fc.constantFrom(
      new URL(h.ss!.baseUrl).host,
      `127.0.0.1:${fp}`,
      `localhost:${fp}`,
      `[::ffff:7f00:1]:${fp}`,
      `ssapi.shipstation.com@127.0.0.1:${fp}`,
      `ssapi.shipstation.com.evil.example`,
      `evil.example`,
      `127.0.0.1:${fp}\\@ssapi.shipstation.com`,
    );
    const url = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('http', 'https', 'HTTP', 'ftp', 'ws'),
          host,
          fc.webPath(),
          fc.webQueryParameters(),
        )
        .map(([s, hst, p, q]) => `${s}://${hst}${p}${q ? `?${q}` : ''}`),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string({ maxLength: 60 }),
    );
    const payload = fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .record(
            {
              resource_url: url,
              resource_type: fc.oneof(
                fc.constantFrom(
                  'ORDER_NOTIFY',
                  'SHIP_NOTIFY',
                  'ITEM_ORDER_NOTIFY',
                  'FULFILLMENT_SHIPPED',
                  'x',
                ),
                fc.string({ maxLength: 20 }),
              ),
              extra: fc.jsonValue({ maxDepth: 3 }),
            },
            { requiredKeys: [] },
          )
          .map((o) => JSON.stringify(o)),
      },
      { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
      {
        weight: 1,
        arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
      },
    );
    const simBefore = h.ss!.stats.requests;
    const first = deliveries(h).length;
    await fc.assert(
      fc.asyncProperty(payload, async (body) => {
        const r = await deliver(h, body, { query: secretQuery });
        expect([200, 400], `${r.status} ${body.slice(0, 200)}`).toContain(r.status);
        expect(typeof r.body === 'object' && r.body !== null, body.slice(0, 200)).toBe(true);
      }),
      { numRuns: fuzzRuns(150) },
    );
    await h.engine.webhooks.idle();
    expect(foreign.hits).toEqual([]);
    // Anything not on the simulator's origin was refused before any request; the simulator got only
    // the fetches of deliveries that pointed at it.
    const simOrigin = new URL(h.ss!.baseUrl).origin;
    const rows = deliveries(h).slice(first);
    const toSim = rows.filter((r) => {
      try {
        const u = new URL(r.resource_url);
        return u.origin === simOrigin && !u.username && !u.password;
      } catch {
        return false;
      }
    });
    for (const r of rows) {
      if (!toSim.includes(r) && r.status !== 'duplicate') {
        expect(r.status, `${r.resource_url}: ${r.detail}`).toMatch(/refused|failed/);
        if (r.status === 'failed')
          expect(r.detail, r.resource_url).toMatch(/does not handle ShipStation webhook type/);
      }
    }
    if (toSim.length === 0) expect(h.ss!.stats.requests).toBe(simBefore);
    expect(({} as Record<string, unknown>).resource_url).toBeUndefined();
    await assertAlive(h);
  });
});

// ----------------------------------------------------------------------------------------------

describe('redirects from the ShipStation origin', () => {
  it('does not follow a redirect anywhere, so the credentials stay with the configured origin', async () => {
    const foreign = await startForeign();
    const codes = [301, 302, 303, 307, 308];
    let n = 0;
    // The configured "ShipStation" base URL: answers every request with a redirect to the foreign server.
    const redirector = await startForeign((_req, res) => {
      const code = codes[n++ % codes.length]!;
      res.writeHead(code, { location: `${foreign.url}/orders?stolen=1` });
      res.end();
    });
    const h = await startHarness({
      customers: 10,
      items: 10,
      config: {
        shipstation: {
          apiVersion: 'v1',
          baseUrl: redirector.url,
          apiKey: 'redirect-test-key',
          apiSecret: 'redirect-test-secret',
        },
      },
    });
    try {
      await h.api('/api/settings/webhooks', { method: 'POST', body: { enabled: true } });
      const q = h.engine.webhooks.targetPath().replace('/webhooks/shipstation', '');
      for (let i = 0; i < codes.length; i++) {
        const r = await deliver(
          h,
          JSON.stringify({ resource_url: `${redirector.url}/orders?i=${i}`, resource_type: 'ORDER_NOTIFY' }),
          { query: q },
        );
        expect(r.status).toBe(200);
        await h.engine.webhooks.idle();
      }
      expect(foreign.hits).toEqual([]);
      // One request per delivery (no retries of a redirect), each to the configured origin only.
      expect(redirector.hits.length).toBe(codes.length);
      expect(redirector.hits.every((x) => x.authorization?.startsWith('Basic '))).toBe(true);
      const rows = deliveries(h);
      expect(rows.map((r) => r.status)).toEqual(codes.map(() => 'failed'));
      for (const r of rows) expect(r.detail).toMatch(/redirect/);
      expect(auditEvents(h, 'webhook-failed').length).toBe(codes.length);
      assertDbIntact(h, { webhooksSettled: true });
      await assertAlive(h);
    } finally {
      await h.close();
      await foreign.close();
      await redirector.close();
    }
  });
});

// ----------------------------------------------------------------------------------------------

describe('V2 webhooks (RSA signatures)', () => {
  let h: Harness;
  let foreign: Foreign;
  beforeAll(async () => {
    h = await startHarness({
      customers: 15,
      items: 15,
      shipstation: { apiVersion: 'v2', sim: { orders: 0 } },
    });
    await h.api('/api/settings/webhooks', { method: 'POST', body: { enabled: true } });
    foreign = await startForeign();
  });
  afterAll(async () => {
    await h?.close();
    await foreign?.close();
  });
  afterEach(async () => {
    await h.engine.webhooks.idle();
    expect(foreign.hits).toEqual([]);
    assertDbIntact(h, { webhooksSettled: true });
  });

  const bodyFor = (page: number) =>
    JSON.stringify({
      resource_url: `${h.ss!.baseUrl}/v2/shipments?page=${page}`,
      resource_type: 'SHIPMENT_CREATED_V2',
    });

  it('refuses tampered bodies, wrong keys, stale or future timestamps and missing headers', async () => {
    const ss = h.ss!;
    ss.createOrders(1);
    const body = bodyFor(1);
    const good = ss.signV2(body);
    const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
    const without = (k: string) => Object.fromEntries(Object.entries(good).filter(([x]) => x !== k));
    const otherSig = ss.signV2(bodyFor(2))['x-shipengine-rsa-sha256-signature']!;
    const cases: [string, string, Record<string, string>][] = [
      ['tampered body', body.replace('page=1', 'page=9'), good],
      ['tampered whitespace', body.replace('{', '{ '), good],
      ['foreign resource_url, old signature', body.replace(ss.baseUrl, foreign.url), good],
      ['wrong key id', body, { ...good, 'x-shipengine-rsa-sha256-key-id': 'attacker-key' }],
      ['empty key id', body, { ...good, 'x-shipengine-rsa-sha256-key-id': ' ' }],
      ['signature of another body', body, { ...good, 'x-shipengine-rsa-sha256-signature': otherSig }],
      ['signature not base64', body, { ...good, 'x-shipengine-rsa-sha256-signature': '!!!not base64!!!' }],
      [
        'signature truncated',
        body,
        {
          ...good,
          'x-shipengine-rsa-sha256-signature': good['x-shipengine-rsa-sha256-signature']!.slice(0, 40),
        },
      ],
      ['signature huge', body, { ...good, 'x-shipengine-rsa-sha256-signature': 'A'.repeat(6_000) }],
      ['stale timestamp', body, ss.signV2(body, iso(-3_600_000))],
      ['future timestamp', body, ss.signV2(body, iso(3_600_000))],
      ['just outside the window', body, ss.signV2(body, iso(-6 * 60_000))],
      ['unreadable timestamp', body, ss.signV2(body, 'yesterday')],
      ['timestamp swapped after signing', body, { ...good, 'x-shipengine-timestamp': iso(1000) }],
      ['no key id', body, without('x-shipengine-rsa-sha256-key-id')],
      ['no signature', body, without('x-shipengine-rsa-sha256-signature')],
      ['no timestamp', body, without('x-shipengine-timestamp')],
      ['no headers', body, {}],
    ];
    const simBefore = ss.stats.byPath['GET /v2/shipments'] ?? 0;
    const first = deliveries(h).length;
    // The validation guide: no (or an empty) signature header is 404, any other failed check 400.
    const missing = (label: string) => label.startsWith('no ') || label === 'empty key id';
    for (const [label, b, headers] of cases) {
      const r = await deliver(h, b, { headers });
      expect(r.status, label).toBe(missing(label) ? 404 : 400);
      expect(r.body.message, label).toMatch(/^Webhook refused: /);
    }
    // A V1-style secret does not stand in for a signature.
    const v1 = await deliver(h, body, {
      query: h.engine.webhooks.targetPath().replace('/webhooks/shipstation', ''),
    });
    expect(v1.status).toBe(404);
    expect(deliveries(h).length).toBe(first);
    expect(ss.stats.byPath['GET /v2/shipments'] ?? 0).toBe(simBefore);
    // Folded: one line per kind of answer (400, 404) a minute, not a row per refusal.
    expect(auditEvents(h, 'webhook-refused').length).toBeLessThanOrEqual(2);
    // The genuine delivery is accepted and fetched.
    const ok = await deliver(h, body, { headers: good });
    expect(ok.status).toBe(200);
    await h.engine.webhooks.idle();
    expect(ss.stats.byPath['GET /v2/shipments'] ?? 0).toBe(simBefore + 1);
    await assertAlive(h);
  });

  it('acknowledges a replayed signed delivery (even re-signed later) but fetches it once', async () => {
    const ss = h.ss!;
    const body = bodyFor(3);
    const before = ss.stats.byPath['GET /v2/shipments'] ?? 0;
    const a = await deliver(h, body, { headers: ss.signV2(body) });
    expect(a.body.message).toBe('Accepted.');
    const b = await deliver(h, body, { headers: ss.signV2(body) });
    expect(b).toMatchObject({ status: 200, body: { message: 'Already received.' } });
    const c = await deliver(h, body, { headers: ss.signV2(body, new Date(Date.now() + 1000).toISOString()) });
    expect(c.body.message).toBe('Already received.');
    await h.engine.webhooks.idle();
    expect((ss.stats.byPath['GET /v2/shipments'] ?? 0) - before).toBe(1);
  });

  it('checks the signature before anything else: a signed delivery pointing elsewhere is still never fetched', async () => {
    const ss = h.ss!;
    const body = JSON.stringify({
      resource_url: `${foreign.url}/v2/shipments`,
      resource_type: 'SHIPMENT_CREATED_V2',
    });
    const r = await deliver(h, body, { headers: ss.signV2(body) });
    expect(r.status).toBe(200);
    await h.engine.webhooks.idle();
    expect(deliveries(h).at(-1)).toMatchObject({ status: 'refused' });
    expect(foreign.hits).toEqual([]);
  });
});
