/**
 * Shared checks for the hostile-input suite: the database is intact, the engine is alive, and raw
 * HTTP requests whose headers (Host, Origin, Content-Length, Transfer-Encoding) can be forged.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { Harness } from '../helpers/harness';

type Row = Record<string, unknown>;

/** Per harness: a digest of the audit rows already checked, so a later check proves none was rewritten. */
const auditSeen = new WeakMap<Harness, { maxId: number; count: number; digest: string }>();

function auditDigest(rows: Row[]): string {
  const hash = createHash('sha256');
  for (const r of rows) hash.update(JSON.stringify(r)).update('\n');
  return hash.digest('hex');
}

/**
 * PRAGMA integrity_check is 'ok', PRAGMA foreign_key_check is empty, and the invariants the engine
 * promises hold: outbox states are coherent, a posted order has a confirmed QuickBooks transaction,
 * the audit trail only grows (ids strictly increasing, timestamps never going back, old rows unchanged),
 * sessions are closed or open consistently and every setting is readable JSON.
 */
export function assertDbIntact(h: Harness, opts: { webhooksSettled?: boolean } = {}): void {
  const db = h.engine.db;
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;

  // Outbox: a job is `sent` only inside a session; pending jobs belong to none; finished jobs say when.
  expect(count(`SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND session_id IS NULL`)).toBe(0);
  expect(count(`SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND session_id IS NOT NULL`)).toBe(
    0,
  );
  expect(
    count(`SELECT count(*) AS n FROM outbox WHERE status IN ('done','failed') AND finished_at IS NULL`),
  ).toBe(0);
  expect(count(`SELECT count(*) AS n FROM outbox WHERE iterator_id IS NOT NULL AND status <> 'sent'`)).toBe(
    0,
  );
  expect(count(`SELECT count(*) AS n FROM outbox WHERE attempts < 0`)).toBe(0);
  for (const r of db.prepare('SELECT id, payload, progress, result FROM outbox').all() as Row[]) {
    for (const k of ['payload', 'progress', 'result'] as const) {
      if (r[k] !== null) expect(() => JSON.parse(String(r[k])), `outbox ${String(r.id)}.${k}`).not.toThrow();
    }
  }

  // Postings and orders: "posted" always means QuickBooks confirmed a transaction id.
  expect(
    count(
      `SELECT count(*) AS n FROM postings WHERE state = 'posted' AND (txn_id IS NULL OR txn_id = '' OR posted_at IS NULL)`,
    ),
  ).toBe(0);
  expect(
    count(
      `SELECT count(*) AS n FROM orders o WHERE o.status = 'posted' AND NOT EXISTS (
         SELECT 1 FROM postings p WHERE p.posting_key = o.order_number AND p.txn_id IS NOT NULL)`,
    ),
  ).toBe(0);

  // Sessions: open ⇔ not closed.
  expect(count(`SELECT count(*) AS n FROM qbwc_sessions WHERE (state = 'open') <> (closed_at IS NULL)`)).toBe(
    0,
  );

  // Webhook deliveries: none left pending once the intake is idle.
  if (opts.webhooksSettled) {
    expect(count(`SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'pending'`)).toBe(0);
  }

  // Settings are JSON.
  for (const r of db.prepare('SELECT key, value FROM settings').all() as Row[]) {
    expect(() => JSON.parse(String(r.value)), `setting ${String(r.key)}`).not.toThrow();
  }

  // Audit: append-only, ids strictly increasing with non-decreasing timestamps, earlier rows unchanged.
  const audit = db.prepare('SELECT * FROM audit_log ORDER BY rowid').all() as Row[];
  let lastId = 0;
  let lastAt = '';
  for (const r of audit) {
    const id = Number(r.id);
    expect(id, 'audit ids strictly increasing').toBeGreaterThan(lastId);
    expect(String(r.at) >= lastAt, `audit ${id} at ${String(r.at)} before ${lastAt}`).toBe(true);
    if (r.data !== null) expect(() => JSON.parse(String(r.data)), `audit ${id} data`).not.toThrow();
    lastId = id;
    lastAt = String(r.at);
  }
  const prev = auditSeen.get(h);
  if (prev) {
    const old = audit.filter((r) => Number(r.id) <= prev.maxId);
    expect(old.length, 'no audit row removed').toBe(prev.count);
    expect(auditDigest(old), 'no audit row rewritten').toBe(prev.digest);
  }
  auditSeen.set(h, { maxId: lastId, count: audit.length, digest: auditDigest(audit) });
}

/** The mirror equals the simulated company (active customers and items). */
export function expectMirrorMatchesCompany(h: Harness): void {
  const n = (sql: string): number => (h.engine.db.prepare(sql).get() as { n: number }).n;
  expect({
    customers: n('SELECT count(*) AS n FROM qb_customers WHERE deleted_at IS NULL'),
    items: n('SELECT count(*) AS n FROM qb_items WHERE deleted_at IS NULL'),
  }).toEqual({ customers: h.company.customers().length, items: h.company.items().length });
}

/**
 * The process is alive and fully working: /api/health answers, and a complete QBWC session (a full
 * mirror refresh) runs to the end and leaves the mirror equal to QuickBooks.
 */
export async function assertAlive(h: Harness): Promise<void> {
  const health = await h.api<{ ok: boolean }>('/api/health', { token: null });
  expect(health.status).toBe(200);
  expect(health.body.ok).toBe(true);
  const queued = await h.api('/api/qb/mirror/refresh', { method: 'POST', body: { full: true } });
  expect(queued.status).toBe(200);
  const s = await h.session();
  expect(s.outcome, s.lastError ?? s.error?.message).toBe('completed');
  expectMirrorMatchesCompany(h);
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One raw HTTP/1.1 request with the headers given (Host defaults to 127.0.0.1:port; `noHost` sends
 * none). `body` may be a string, a Buffer or chunks written one by one (node sends them chunked when
 * no content-length is given).
 */
export function rawHttp(
  port: number,
  opts: {
    path: string;
    method?: string;
    headers?: Record<string, string | number>;
    body?: string | Buffer | (string | Buffer)[];
    timeoutMs?: number;
    noHost?: boolean;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: opts.path,
        method: opts.method ?? 'GET',
        headers: opts.noHost ? { ...opts.headers } : { host: `127.0.0.1:${port}`, ...opts.headers },
        setHost: !opts.noHost,
        agent: false,
        timeout: opts.timeoutMs ?? 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    const parts = opts.body === undefined ? [] : Array.isArray(opts.body) ? opts.body : [opts.body];
    for (const p of parts) req.write(p);
    req.end();
  });
}

/**
 * Writes bytes on a bare socket and collects whatever comes back until the server closes it, the
 * text matches `until`, or `waitMs` passes (for requests node's HTTP client refuses to send: lying
 * Content-Length, both Content-Length and chunked, …).
 */
export function rawSocket(
  port: number,
  data: string | Buffer,
  opts: { waitMs?: number; until?: RegExp } = {},
): Promise<{ text: string; closedByServer: boolean }> {
  const waitMs = opts.waitMs ?? 5_000;
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closedByServer: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      if (opts.until?.test(Buffer.concat(chunks).toString('latin1'))) finish(false);
    });
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(true));
    sock.write(data);
  });
}

const soapParser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

export const QBWC_METHODS = [
  'serverVersion',
  'clientVersion',
  'authenticate',
  'connectionError',
  'sendRequestXML',
  'receiveResponseXML',
  'getLastError',
  'closeConnection',
] as const;

/**
 * Asserts a SOAP 1.1 answer: a well-formed Envelope whose Body holds either one `<method>Response`
 * of a QBWC method or a Fault with a faultcode and a non-empty faultstring. Returns which.
 */
export function expectSoapReply(
  res: { status: number; body: string; headers?: Record<string, unknown> },
  label = '',
): { kind: 'response'; method: string; result: unknown } | { kind: 'fault'; code: string; message: string } {
  const ctx = `${label} → HTTP ${res.status}: ${res.body.slice(0, 400)}`;
  expect(res.body, ctx).toMatch(/^<\?xml[^>]*\?>\s*<soap:Envelope /);
  const doc = soapParser.parse(res.body) as { Envelope?: { Body?: Record<string, unknown> } };
  const body = doc.Envelope?.Body;
  expect(body, ctx).toBeTypeOf('object');
  const keys = Object.keys(body!);
  expect(keys.length, ctx).toBe(1);
  const [key] = keys as [string];
  if (key === 'Fault') {
    const f = body!.Fault as { faultcode?: unknown; faultstring?: unknown };
    expect(f.faultcode, ctx).toMatch(/^soap:(Client|Server)$/);
    expect(String(f.faultstring ?? '').length, ctx).toBeGreaterThan(5);
    expect(res.status, ctx).toBeGreaterThanOrEqual(400);
    return { kind: 'fault', code: String(f.faultcode), message: String(f.faultstring) };
  }
  const method = key.replace(/Response$/, '');
  expect(QBWC_METHODS as readonly string[], ctx).toContain(method);
  expect(res.status, ctx).toBe(200);
  const el = body![key];
  const result =
    typeof el === 'object' && el !== null ? (el as Record<string, unknown>)[`${method}Result`] : undefined;
  return { kind: 'response', method, result };
}

export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const QBWC_NS = 'http://developer.intuit.com/';

export const envelope = (inner: string, prolog = '<?xml version="1.0" encoding="utf-8"?>'): string =>
  `${prolog}<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>${inner}</soap:Body></soap:Envelope>`;

export const escapeText = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const call = (method: string, params: Record<string, string> = {}): string =>
  envelope(
    `<${method} xmlns="${QBWC_NS}">${Object.entries(params)
      .map(([k, v]) => (v === '' ? `<${k} />` : `<${k}>${escapeText(v)}</${k}>`))
      .join('')}</${method}>`,
  );

/** Audit entries of a given event, newest first. */
export function auditEvents(h: Harness, event: string): { id: number; message: string; level: string }[] {
  return h.engine.db
    .prepare('SELECT id, message, level FROM audit_log WHERE event = ? ORDER BY id DESC')
    .all(event) as { id: number; message: string; level: string }[];
}

/** numRuns for a property: `MLC_FUZZ_SCALE=20 npx vitest run test/security` hunts harder. */
export const fuzzRuns = (n: number): number =>
  Math.max(1, Math.round(n * Number(process.env.MLC_FUZZ_SCALE ?? 1)));
