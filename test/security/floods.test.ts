/**
 * Issue "Hardening" §1–2, over real sockets: calls that need no login (connectionError with a
 * made-up ticket, clientVersion) and refused webhook deliveries never grow the append-only audit
 * trail by a row each, never carry the caller's text in full, and never change what a person sees.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';
import { call } from './helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const auditRows = (x: Harness): number =>
  (x.engine.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
const dbBytes = (x: Harness): number => {
  const page = x.engine.db.pragma('page_size', { simple: true }) as number;
  const pages = x.engine.db.pragma('page_count', { simple: true }) as number;
  return page * pages;
};
const soap = (x: Harness, body: string) =>
  fetch(x.qbwcUrl, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body }).then(
    (r) => r.status,
  );

describe('floods from callers who never logged in', () => {
  it('connectionError with made-up tickets and huge clientVersion strings: a line a minute, nothing shown', async () => {
    h = await startHarness({ customers: 5, items: 5 });
    const status = () => h!.api<{ qbwc: { lastConnectionError: unknown } }>('/api/status');
    const shownBefore = (await status()).body.qbwc.lastConnectionError;
    const rows = auditRows(h);
    const bytes = dbBytes(h);
    const big = 'x'.repeat(200_000);
    for (let i = 0; i < 60; i++) {
      expect(
        await soap(
          h,
          call('connectionError', { ticket: `made-up-${i}`, hresult: '0x80040408', message: big }),
        ),
      ).toBe(200);
      expect(await soap(h, call('clientVersion', { strVersion: `${big}${i}` }))).toBe(200);
    }
    expect(auditRows(h) - rows).toBeLessThanOrEqual(2);
    expect(dbBytes(h) - bytes).toBeLessThan(64 * 1024);
    expect((await status()).body.qbwc.lastConnectionError).toEqual(shownBefore);
    const lines = h.engine.db
      .prepare(`SELECT message, coalesce(data, '') AS data FROM audit_log ORDER BY id DESC LIMIT 2`)
      .all() as { message: string; data: string }[];
    for (const l of lines) expect(l.message.length + l.data.length).toBeLessThan(3000);
  });

  it('refused webhook deliveries: counted into a line a minute, not a row each', async () => {
    h = await startHarness({ shipstation: { sim: { orders: 0 } } });
    await h.api('/api/settings/webhooks', { method: 'POST', body: { enabled: true } });
    const rows = auditRows(h);
    const bytes = dbBytes(h);
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${h.engine.url}/webhooks/shipstation?secret=wrong-${i}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
        body: JSON.stringify({
          resource_url: 'https://ssapi.shipstation.com/orders',
          resource_type: 'ORDER_NOTIFY',
        }),
      });
      expect(r.status).toBe(401);
    }
    expect(auditRows(h) - rows).toBeLessThanOrEqual(1);
    expect(dbBytes(h) - bytes).toBeLessThan(64 * 1024);
  });
});

describe('stalled requests and too many connections', () => {
  it('a body that stops arriving is cut off; past the cap a connection is answered 503 and closed', async () => {
    h = await startHarness({
      customers: 5,
      items: 5,
      engine: { http: { headersTimeoutMs: 500, requestTimeoutMs: 1_000, maxConnections: 20 } },
    });
    const port = new URL(h.engine.url).port;
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const s = connect(Number(port), '127.0.0.1', () => resolve(s));
        s.on('error', reject);
      });
    // A POST announcing 100 KB that sends 10 bytes and stops.
    const stalled = await open();
    const ended = new Promise<string>((resolve) => {
      let got = '';
      stalled.on('data', (d) => (got += d.toString()));
      stalled.on('close', () => resolve(got));
    });
    stalled.write(
      `POST /api/sync HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":1,"b"`,
    );
    // Cut off by the server (408, or the socket closed), never left open.
    expect(await ended).toMatch(/^$|408/);

    // Hold the cap with idle connections; the next one hears why it is refused.
    const held = await Promise.all(Array.from({ length: 20 }, () => open()));
    const extra = await open();
    const answer = await new Promise<string>((resolve) => {
      let got = '';
      extra.on('data', (d) => (got += d.toString()));
      extra.on('close', () => resolve(got));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toMatch(/Too many open connections/);
    for (const s of held) s.destroy();
  });
});
