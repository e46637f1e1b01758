import { describe, expect, it } from 'vitest';
import {
  createVirtualClock,
  type Clock,
  type VirtualClock,
} from '../../../src-main/engine/shipstation/clock';
import {
  RateGovernor,
  governorFor,
  parseRetryAfter,
} from '../../../src-main/engine/shipstation/rate-governor';
import type { ApiVersion } from '../../../src-main/engine/shipstation/types';
import { json, startFakeClient, type Handler } from './fake-server';

const STORES = [{ storeId: 1, storeName: 'Shop', marketplaceName: null, active: true }];
const orderBody = (id: string) => ({
  orderId: 1,
  orderNumber: id,
  orderStatus: 'shipped',
  modifyDate: '2026-01-01T00:00:00',
});

function setup(
  handler: Handler,
  opts: { clock?: VirtualClock; concurrency?: number; limit?: number; apiVersion?: ApiVersion } = {},
) {
  return startFakeClient(handler, {
    clock: opts.clock,
    governor: { defaultLimit: opts.limit ?? 40, concurrency: opts.concurrency ?? 2, random: () => 0.5 },
    client: { apiVersion: opts.apiVersion ?? 'v1', apiKey: 'k', apiSecret: 's' },
  });
}

/** A ShipStation-like fixed window: LIMIT requests per WINDOW, headers on every response, 429 beyond. */
function fixedWindow(clock: Clock, limit: number, windowMs: number) {
  let start = clock.now();
  let count = 0;
  const state = { throttled: 0 };
  const headers = () => {
    const now = clock.now();
    if (now >= start + windowMs) {
      start = now;
      count = 0;
    }
    count++;
    const reset = String(Math.ceil((start + windowMs - now) / 1000));
    if (count > limit) {
      state.throttled++;
      return {
        ok: false,
        h: {
          'X-Rate-Limit-Limit': String(limit),
          'X-Rate-Limit-Remaining': '0',
          'X-Rate-Limit-Reset': reset,
        },
      };
    }
    return {
      ok: true,
      h: {
        'X-Rate-Limit-Limit': String(limit),
        'X-Rate-Limit-Remaining': String(limit - count),
        'X-Rate-Limit-Reset': reset,
      },
    };
  };
  return { headers, state };
}

/** A sliding window: at most LIMIT accepted requests in any WINDOW; Reset = when the oldest ages out. */
function slidingWindow(clock: Clock, limit: number, windowMs: number) {
  const accepted: number[] = [];
  const state = { throttled: 0 };
  const headers = () => {
    const now = clock.now();
    while (accepted.length && (accepted[0] as number) <= now - windowMs) accepted.shift();
    const reset = () => String(Math.ceil(((accepted[0] ?? now) + windowMs - now) / 1000));
    if (accepted.length >= limit) {
      state.throttled++;
      return {
        ok: false,
        h: {
          'X-Rate-Limit-Limit': String(limit),
          'X-Rate-Limit-Remaining': '0',
          'X-Rate-Limit-Reset': reset(),
        },
      };
    }
    accepted.push(now);
    return {
      ok: true,
      h: {
        'X-Rate-Limit-Limit': String(limit),
        'X-Rate-Limit-Remaining': String(limit - accepted.length),
        'X-Rate-Limit-Reset': reset(),
      },
    };
  };
  return { headers, state };
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    max = Math.max(max, times.filter((x) => x >= t && x < t + windowMs).length);
  }
  return max;
}

// ---- tests -------------------------------------------------------------------------------------

describe('rate governor: honouring the headers', () => {
  it('fires nothing while Remaining is 0 until Reset seconds have passed', async () => {
    const { client, server, governor, clock } = await setup((req, res) =>
      json(res, 200, STORES, {
        'X-Rate-Limit-Limit': '40',
        'X-Rate-Limit-Remaining': server.seen.length === 1 ? '0' : '39',
        'X-Rate-Limit-Reset': '30',
      }),
    );
    const t0 = clock.now();
    await client.listStores();
    expect(governor.rateBudget()).toMatchObject({
      limit: 40,
      remaining: 0,
      resetAt: new Date(t0 + 30_000).toISOString(),
    });
    await client.listStores();
    expect(server.seen).toHaveLength(2);
    expect((server.seen[1]?.at ?? 0) - (server.seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(30_000);
  });

  it('keeps the last requests of a window for interactive calls', async () => {
    const { client, server, clock } = await setup((req, res) =>
      json(res, 200, STORES, {
        'X-Rate-Limit-Limit': '40',
        'X-Rate-Limit-Remaining': '2',
        'X-Rate-Limit-Reset': '20',
      }),
    );
    const t0 = clock.now();
    await client.listStores(); // remaining 2 = the reserve
    await client.testConnection(); // interactive: goes at once
    expect(server.seen[1]?.at).toBe(t0);
    await client.listStores(); // background: waits for the reset
    expect((server.seen[2]?.at ?? 0) - t0).toBeGreaterThanOrEqual(20_000);
  });

  it('a 429 pauses for Reset seconds, then the request is retried and succeeds', async () => {
    const { client, server, governor } = await setup((req, res) => {
      if (server.seen.length === 1) {
        res.writeHead(429, {
          'content-type': 'text/plain',
          'X-Rate-Limit-Limit': '40',
          'X-Rate-Limit-Remaining': '0',
          'X-Rate-Limit-Reset': '7',
        });
        res.end('Too Many Requests');
      } else
        json(res, 200, STORES, {
          'X-Rate-Limit-Limit': '40',
          'X-Rate-Limit-Remaining': '39',
          'X-Rate-Limit-Reset': '60',
        });
    });
    expect(await client.listStores()).toHaveLength(1);
    expect(server.seen).toHaveLength(2);
    expect((server.seen[1]?.at ?? 0) - (server.seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(7_000);
    expect(governor.rateBudget().throttled429).toBe(1);
  });

  it('a 429 makes every caller wait', async () => {
    let first429At = -1;
    const { client, server } = await setup((req, res) => {
      if (first429At < 0) {
        first429At = req.at;
        json(res, 429, { message: 'slow down' }, { 'Retry-After': '12' });
      } else
        json(res, 200, STORES, {
          'X-Rate-Limit-Limit': '40',
          'X-Rate-Limit-Remaining': '30',
          'X-Rate-Limit-Reset': '60',
        });
    });
    await Promise.all([client.listStores(), client.listStores(), client.testConnection()]);
    expect(server.seen).toHaveLength(4);
    for (const s of server.seen.slice(1)) expect(s.at - first429At).toBeGreaterThanOrEqual(12_000);
  });

  it('Retry-After may be seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});

describe('rate governor: priorities and concurrency', () => {
  it('an interactive request jumps the queue of background requests', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { client, server } = await setup(
      async (req, res) => {
        if (server.seen.length === 1) await gate;
        json(res, 200, orderBody(req.url.pathname.split('/').pop() ?? ''), {
          'X-Rate-Limit-Limit': '40',
          'X-Rate-Limit-Remaining': '30',
          'X-Rate-Limit-Reset': '60',
        });
      },
      { concurrency: 1 },
    );
    const first = client.getOrder('bg0');
    while (server.seen.length < 1) await new Promise((r) => setTimeout(r, 2));
    const rest = [
      client.getOrder('bg1'),
      client.getOrder('bg2'),
      client.getOrder('bg3'),
      client.getOrder('click', { priority: 'interactive' }),
    ];
    await new Promise((r) => setTimeout(r, 20));
    expect(server.seen).toHaveLength(1);
    release();
    await Promise.all([first, ...rest]);
    expect(server.seen.map((s) => s.url.pathname)).toEqual([
      '/orders/bg0',
      '/orders/click',
      '/orders/bg1',
      '/orders/bg2',
      '/orders/bg3',
    ]);
  });

  it('never has more than `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { client } = await setup(
      async (_req, res) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        json(res, 200, STORES, {
          'X-Rate-Limit-Limit': '40',
          'X-Rate-Limit-Remaining': '39',
          'X-Rate-Limit-Reset': '60',
        });
      },
      { concurrency: 2 },
    );
    await Promise.all(Array.from({ length: 12 }, () => client.listStores()));
    expect(maxInFlight).toBe(2);
  });

  it('probes one request at a time before the first response', async () => {
    const clock = createVirtualClock();
    const g = new RateGovernor({ defaultLimit: 40, clock });
    const p1 = await g.acquire();
    let second = false;
    const p2 = g.acquire().then((p) => {
      second = true;
      return p;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(second).toBe(false);
    p1.observe(200, {
      'x-rate-limit-remaining': '39',
      'x-rate-limit-reset': '60',
      'x-rate-limit-limit': '40',
    });
    p1.release();
    (await p2).release();
    expect(second).toBe(true);
    expect(g.rateBudget()).toMatchObject({
      limit: 40,
      remaining: 38,
      requestsLastMinute: 2,
      throttled429: 0,
    });
  });

  it('an aborted waiter leaves the queue', async () => {
    const clock = createVirtualClock();
    const g = new RateGovernor({ defaultLimit: 40, clock });
    const held = await g.acquire();
    const ctl = new AbortController();
    const waiting = g.acquire('background', ctl.signal);
    ctl.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(g.queued()).toEqual({ interactive: 0, background: 0 });
    held.release();
  });

  it('one governor per credential in the process', () => {
    const a = governorFor('digest-a', { defaultLimit: 40 });
    expect(governorFor('digest-a', { defaultLimit: 200 })).toBe(a);
    expect(governorFor('digest-b', { defaultLimit: 40 })).not.toBe(a);
  });
});

describe('rate governor: steady polling sees no 429', () => {
  it('100 queued requests against a fixed 40/minute window', async () => {
    const clock = createVirtualClock();
    const win = fixedWindow(clock, 40, 60_000);
    const { client, server, governor } = await setup(
      (_req, res) => {
        const r = win.headers();
        json(res, r.ok ? 200 : 429, r.ok ? STORES : { message: 'Too Many Requests' }, r.h);
      },
      { clock },
    );
    const t0 = clock.now();
    await Promise.all(Array.from({ length: 100 }, () => client.listStores()));
    expect(win.state.throttled).toBe(0);
    expect(governor.rateBudget().throttled429).toBe(0);
    expect(server.seen).toHaveLength(100);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(2 * 60_000);
    expect(
      maxInAnyWindow(
        server.seen.map((s) => s.at),
        60_000,
      ),
    ).toBeLessThanOrEqual(40);
  });

  it('a polling loop (pages of orders) against a sliding 40/minute window', async () => {
    const clock = createVirtualClock();
    const win = slidingWindow(clock, 40, 60_000);
    const { client, server } = await setup(
      (_req, res) => {
        const r = win.headers();
        if (r.ok) json(res, 200, { orders: [orderBody('x')], total: 3, page: 1, pages: 1 }, r.h);
        else json(res, 429, { message: 'Too Many Requests' }, r.h);
      },
      { clock },
    );
    for (let poll = 0; poll < 100; poll++) {
      for await (const page of client.ordersModified({ from: new Date(clock.now() - 600_000) })) void page;
    }
    expect(server.seen).toHaveLength(100);
    expect(win.state.throttled).toBe(0);
  });

  it('without any rate headers, paces to the documented limit', async () => {
    const clock = createVirtualClock();
    const { client, server } = await setup((_req, res) => json(res, 200, STORES), { clock, limit: 10 });
    await Promise.all(Array.from({ length: 35 }, () => client.listStores()));
    expect(server.seen).toHaveLength(35);
    expect(
      maxInAnyWindow(
        server.seen.map((s) => s.at),
        60_000,
      ),
    ).toBeLessThanOrEqual(10);
  });
});
