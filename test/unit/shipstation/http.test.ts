import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { configureLogging } from '../../../src-main/engine/log/logger';
import type { CreateShipStationClientOptions } from '../../../src-main/engine/shipstation/client';
import { createVirtualClock } from '../../../src-main/engine/shipstation/clock';
import { ShipStationError, parseErrorBody } from '../../../src-main/engine/shipstation/errors';
import { formatIssuePath, HttpExecutor } from '../../../src-main/engine/shipstation/http';
import { RateGovernor } from '../../../src-main/engine/shipstation/rate-governor';
import { json, startFakeClient, startFakeServer, type Handler } from './fake-server';

const STORES = [{ storeId: 1, storeName: 'Shop', marketplaceName: null, active: true }];

function setup(handler: Handler, extra: Partial<CreateShipStationClientOptions> = {}) {
  return startFakeClient(handler, {
    client: { apiVersion: 'v1', apiKey: 'the-key', apiSecret: 'the-secret', ...extra },
  });
}

function firstPage<T>(pages: AsyncIterable<T>): Promise<IteratorResult<T>> {
  return pages[Symbol.asyncIterator]().next();
}

async function failure(p: Promise<unknown>): Promise<ShipStationError> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ShipStationError);
  return e as ShipStationError;
}

// ---- retries ----------------------------------------------------------------------------------

describe('retries', () => {
  it('retries 500, 502, 503 and 504, then succeeds (with growing backoff)', async () => {
    const codes = [500, 502, 503, 504];
    const { client, server } = await setup((_req, res, n) => {
      const code = codes[n - 1];
      if (code) json(res, code, { Message: 'An error has occurred.' });
      else json(res, 200, STORES);
    });
    expect(await client.listStores()).toHaveLength(1);
    expect(server.seen).toHaveLength(5);
    const gaps = server.seen.slice(1).map((s, i) => s.at - (server.seen[i]?.at ?? 0));
    // full jitter with random()=0.5: 250, 500, 1000, 2000 ms
    expect(gaps).toEqual([250, 500, 1000, 2000]);
  });

  it('gives up after maxAttempts with a clear server error', async () => {
    const { client, server } = await setup((_req, res) =>
      json(res, 503, '<html><title>Service Unavailable</title></html>'),
    );
    const e = await failure(client.listStores());
    expect(server.seen).toHaveLength(5);
    expect(e.kind).toBe('server');
    expect(e.status).toBe(503);
    expect(e.attempts).toBe(5);
    expect(e.message).toMatch(/having trouble.*HTTP 503/);
    expect(e.detail).toContain('Service Unavailable');
    expect(e.detail).toContain('GET /stores');
  });

  it('honours maxAttempts', async () => {
    const { client, server } = await setup((_req, res) => json(res, 500, {}), { maxAttempts: 2 });
    expect((await failure(client.listStores())).attempts).toBe(2);
    expect(server.seen).toHaveLength(2);
  });

  it('retries a reset connection (ECONNRESET / socket hang up)', async () => {
    const { client, server } = await setup((req, res, n) => {
      if (n <= 2) res.socket?.destroy();
      else json(res, 200, STORES);
      void req;
    });
    expect(await client.listStores()).toHaveLength(1);
    expect(server.seen).toHaveLength(3);
  });

  it('fails as network after max attempts of dropped connections', async () => {
    const { client } = await setup(
      (_req, res) => {
        res.socket?.destroy();
      },
      { maxAttempts: 3 },
    );
    const e = await failure(client.listStores());
    expect(e.kind).toBe('network');
    expect(e.attempts).toBe(3);
    expect(e.message).toMatch(/Could not reach ShipStation/);
  });

  it('retries a body cut off mid-transfer', async () => {
    const { client, server } = await setup((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
        res.write('[{"storeId": 1, "storeNa');
        setTimeout(() => res.socket?.destroy(), 5);
      } else json(res, 200, STORES);
    });
    expect(await client.listStores()).toHaveLength(1);
    expect(server.seen).toHaveLength(2);
  });

  it('retries truncated JSON, then reports bad_response', async () => {
    const first = await setup((_req, res, n) =>
      n === 1 ? json(res, 200, '[{"storeId": 1, "storeNa') : json(res, 200, STORES),
    );
    expect(await first.client.listStores()).toHaveLength(1);
    expect(first.server.seen).toHaveLength(2);

    const always = await setup((_req, res) => json(res, 200, '{"orders": ['), { maxAttempts: 3 });
    const e = await failure(always.client.listStores());
    expect(e.kind).toBe('bad_response');
    expect(e.attempts).toBe(3);
    expect(e.message).toMatch(/malformed or cut-off JSON/);
  });

  it('retries a single 401 blip', async () => {
    const { client, server } = await setup((_req, res, n) =>
      n === 1 ? json(res, 401, '') : json(res, 200, STORES),
    );
    expect(await client.listStores()).toHaveLength(1);
    expect(server.seen).toHaveLength(2);
  });

  it('fails fast on a wrong key: auth after two attempts, clear message', async () => {
    const { client, server } = await setup((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/html' });
      res.end('<html><body>401 - Unauthorized</body></html>');
    });
    const e = await failure(client.testConnection());
    expect(server.seen).toHaveLength(2);
    expect(e.kind).toBe('auth');
    expect(e.status).toBe(401);
    expect(e.message).toMatch(/ShipStation rejected the API key\/secret/);
  });

  it('times out a silent server and says so', async () => {
    const { client, server } = await setup(() => undefined, { maxAttempts: 2, timeoutMs: 150 });
    const started = Date.now();
    const e = await failure(client.listStores());
    expect(e.kind).toBe('timeout');
    expect(e.attempts).toBe(2);
    expect(server.seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('does not repeat a POST after an ambiguous failure, but does after a 401 blip or a 429', async () => {
    const e500 = await setup((_req, res) => json(res, 500, {}));
    const e = await failure(
      e500.client.subscribeWebhook({ targetUrl: 'https://me/h', event: 'ORDER_NOTIFY' }),
    );
    expect(e.kind).toBe('server');
    expect(e500.server.seen).toHaveLength(1);

    const reset = await setup((_req, res) => {
      res.socket?.destroy();
    });
    expect(
      (await failure(reset.client.subscribeWebhook({ targetUrl: 'https://me/h', event: 'ORDER_NOTIFY' })))
        .kind,
    ).toBe('network');
    expect(reset.server.seen).toHaveLength(1);

    const codes = [401, 429];
    const ok = await setup((_req, res, n) => {
      const code = codes[n - 1];
      if (code) json(res, code, { message: 'x' }, code === 429 ? { 'Retry-After': '1' } : {});
      else json(res, 200, { id: 5 });
    });
    expect(await ok.client.subscribeWebhook({ targetUrl: 'https://me/h', event: 'ORDER_NOTIFY' })).toEqual({
      id: '5',
    });
    expect(ok.server.seen).toHaveLength(3);
  });

  it('stops at once when the caller aborts', async () => {
    const { client } = await setup(() => undefined);
    const ctl = new AbortController();
    const p = client.listStores({ signal: ctl.signal });
    setTimeout(() => ctl.abort(new Error('user cancelled')), 20);
    await expect(p).rejects.toThrow('user cancelled');
  });
});

// ---- errors that are not retried ---------------------------------------------------------------

describe('final errors', () => {
  it('a 400 carries ShipStation’s own words and is not retried', async () => {
    const { client, server } = await setup((_req, res) =>
      json(res, 400, { Message: 'The request is invalid.', ExceptionMessage: 'storeId must be numeric' }),
    );
    const e = await failure(client.listStores());
    expect(server.seen).toHaveLength(1);
    expect(e.kind).toBe('bad_request');
    expect(e.message).toBe(
      'ShipStation refused the request: The request is invalid. — storeId must be numeric',
    );
  });

  it('a 403 is an auth failure, not retried', async () => {
    const { client, server } = await setup((_req, res) => json(res, 403, { message: 'Forbidden' }));
    const e = await failure(client.listStores());
    expect(server.seen).toHaveLength(1);
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/403/);
  });

  it('an unexpected shape is bad_response naming the path, not retried, not a crash', async () => {
    const { client, server } = await setup((_req, res) =>
      json(res, 200, {
        orders: [
          { orderId: 1, orderNumber: 'A', orderStatus: 'shipped', modifyDate: '2026-01-01T00:00:00.0000000' },
          { orderNumber: 'B', orderStatus: 'shipped', modifyDate: '2026-01-01T00:00:00.0000000' },
        ],
        total: 2,
        page: 1,
        pages: 1,
      }),
    );
    const e = await failure(firstPage(client.ordersModified({ from: new Date(0) })));
    expect(server.seen).toHaveLength(1);
    expect(e.kind).toBe('bad_response');
    expect(e.message).toContain('orders[1].orderId');
    expect(e.detail).toContain('orders[1].orderId');
  });

  it('rejects an unknown order status and a bad timestamp with their paths', async () => {
    const bad = [
      [{ orderStatus: 'teleported' }, 'orders[0].orderStatus'],
      [{ modifyDate: 'yesterday' }, 'orders[0].modifyDate'],
      [{ items: [{ name: 'x' }] }, 'orders[0].items[0].quantity'],
    ] as const;
    for (const [patch, path] of bad) {
      const { client } = await setup((_req, res) =>
        json(res, 200, {
          orders: [
            {
              orderId: 1,
              orderNumber: 'A',
              orderStatus: 'shipped',
              modifyDate: '2026-01-01T00:00:00',
              ...patch,
            },
          ],
          total: 1,
          page: 1,
          pages: 1,
        }),
      );
      const e = await failure(firstPage(client.ordersModified({ from: new Date(0) })));
      expect(e.message).toContain(path);
    }
  });

  it('refuses a body larger than the cap', async () => {
    const { client, server } = await setup((_req, res) => json(res, 200, Array(200).fill(STORES[0])), {
      http: { maxBodyBytes: 1000 },
    });
    const e = await failure(client.listStores());
    expect(e.kind).toBe('bad_response');
    expect(e.message).toMatch(/larger/);
    expect(server.seen).toHaveLength(1);
  });

  it('does not follow redirects (credentials never leave for another host)', async () => {
    const target = await startFakeServer((_req, res) => json(res, 200, STORES));
    const { client } = await setup((_req, res) => {
      res.writeHead(302, { location: `${target.url}/stores` });
      res.end();
    });
    const e = await failure(client.listStores());
    expect(e.kind).toBe('bad_response');
    expect(target.seen).toHaveLength(0);
  });

  it('never writes a credential to the log', async () => {
    const lines: string[] = [];
    configureLogging({ sinks: [{ write: (l) => lines.push(l) }], level: 'debug' });
    try {
      const { client } = await setup((_req, res) =>
        json(res, 401, { Message: 'Authorization has been denied' }),
      );
      await failure(client.listStores());
    } finally {
      configureLogging({ sinks: [{ write: (l) => process.stderr.write(l + '\n') }], level: 'info' });
    }
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    expect(all).not.toContain('the-key');
    expect(all).not.toContain('the-secret');
    expect(all).not.toContain(Buffer.from('the-key:the-secret').toString('base64'));
  });

  it('the executor itself refuses a URL outside the allowed origins before sending', async () => {
    const clock = createVirtualClock();
    const target = await startFakeServer((_req, res) => json(res, 200, {}));
    const http = new HttpExecutor({
      authHeaders: { authorization: 'Basic x' },
      isAllowedUrl: () => false,
      governor: new RateGovernor({ defaultLimit: 40, clock }),
      clock,
    });
    onTestFinished(() => http.close());
    const e = await failure(http.request({ url: new URL(`${target.url}/x`), schema: z.unknown() }));
    expect(e.kind).toBe('forbidden_host');
    expect(target.seen).toHaveLength(0);
  });
});

describe('error bodies and paths', () => {
  it('parses every error body shape defensively', () => {
    expect(
      parseErrorBody(
        JSON.stringify({
          request_id: '5c3d1f0e-1a2b-4c3d-9e8f-0a1b2c3d4e5f',
          errors: [
            {
              error_source: 'shipstation',
              error_type: 'validation',
              error_code: 'invalid_field_value',
              message: 'page_size too big',
            },
          ],
        }),
      ),
    ).toEqual({ message: 'page_size too big', requestId: '5c3d1f0e-1a2b-4c3d-9e8f-0a1b2c3d4e5f' });
    expect(
      parseErrorBody('{"Message":"An error has occurred.","ExceptionMessage":"Boom","StackTrace":"..."}')
        .message,
    ).toBe('An error has occurred. — Boom');
    expect(parseErrorBody('{"message":"Not found"}').message).toBe('Not found');
    expect(
      parseErrorBody('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>x</body></html>')
        .message,
    ).toBe('502 Bad Gateway');
    expect(parseErrorBody('Too Many Requests').message).toBe('Too Many Requests');
    expect(parseErrorBody('')).toEqual({ message: null, requestId: null });
    expect(parseErrorBody('{"Message": ').message).toBe('{"Message":');
    expect(parseErrorBody('x'.repeat(5000)).message?.length).toBeLessThanOrEqual(301);
  });

  it('formats issue paths', () => {
    expect(formatIssuePath(['orders', 1, 'orderId'])).toBe('orders[1].orderId');
    expect(formatIssuePath([3, 'WebHookID'])).toBe('[3].WebHookID');
    expect(formatIssuePath([])).toBe('(root)');
  });
});
