import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ customers: 30, items: 30 });
});
afterAll(async () => {
  await h.close();
});

/** Raw request, so Host and Origin can be forged the way a hostile web page's browser would send them. */
function raw(
  p: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: h.engine.port, path: p, method, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('JSON API', () => {
  it('answers /api/health without a token, in the contract shape', async () => {
    const r = await h.api<{ ok: boolean; version: string }>('/api/health', { token: null });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('refuses every other /api path without the right bearer token', async () => {
    for (const p of ['/api/status', '/api/qb/items', '/api/qb/customers', '/api/audit']) {
      expect((await h.api(p, { token: null })).status, p).toBe(401);
      expect((await h.api(p, { token: 'wrong-token-wrong-token' })).status, p).toBe(401);
      expect((await h.api(p)).status, p).toBe(200);
    }
    expect((await h.api('/api/nope', { token: null })).status).toBe(404);
  });

  it('keeps the generated token in the data dir, owner-only, stable across restarts', async () => {
    const file = path.join(h.dataDir, 'api-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(h.engine.token);
    await h.restart();
    expect(readFileSync(file, 'utf8').trim()).toBe(h.engine.token);
    expect(h.engine.uiUrl).toBe(`${h.engine.url}/#token=${h.engine.token}`);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (CSRF)', async () => {
    const auth = { authorization: `Bearer ${h.engine.token}` };
    expect((await raw('/api/status', { ...auth, host: 'attacker.example' })).status).toBe(421);
    expect((await raw('/api/health', { host: `attacker.example:${h.engine.port}` })).status).toBe(421);
    expect(
      (
        await raw('/api/status', {
          ...auth,
          host: `127.0.0.1:${h.engine.port}`,
          origin: 'https://attacker.example',
        })
      ).status,
    ).toBe(403);
    expect((await raw('/api/status', { ...auth, host: `localhost:${h.engine.port}` })).status).toBe(200);
  });

  it('validates input and explains what is wrong', async () => {
    const bad = await h.api<{ error: { code: string; message: string } }>('/api/qb/items?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    expect(bad.body.error.message).toMatch(/limit/);
    const res = await fetch(`${h.engine.url}/api/settings/qbwc-credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.engine.token}`, 'content-type': 'application/json' },
      body: '{"username": "x", "password": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const short = await h.api('/api/settings/qbwc-credentials', {
      method: 'POST',
      body: { username: 'a', password: 'short' },
    });
    expect(short.status).toBe(400);
    expect((await h.api('/api/qb/items', { method: 'POST', body: {} })).status).toBe(405);
  });

  it('sets the QBWC credentials (stored hashed) when the environment does not set them', async () => {
    // This harness sets them in the environment: the API refuses (env-settings.test.ts). A second
    // engine without them takes them from the API.
    const own = await startHarness({ customers: 5, items: 5, qbwcEnv: false });
    try {
      const r = await own.api('/api/settings/qbwc-credentials', {
        method: 'POST',
        body: { username: 'bookkeeper', password: 'a-long-password' },
      });
      expect(r.status).toBe(200);
      const stored = own.engine.settings.get<string>('qbwc.passwordHash')!;
      expect(stored).toMatch(/^scrypt\$/);
      expect(stored).not.toContain('a-long-password');
      const dump = own.engine.db.prepare(`SELECT group_concat(value) AS v FROM settings`).get() as {
        v: string;
      };
      expect(dump.v).not.toContain('a-long-password');
    } finally {
      await own.close();
    }
  });

  it('queues a full mirror refresh on demand', async () => {
    const r = await h.api<{ queued: string[] }>('/api/qb/mirror/refresh', {
      method: 'POST',
      body: { full: true },
    });
    expect(r.status).toBe(200);
    expect(r.body.queued).toEqual(expect.arrayContaining(['customers', 'items']));
    const s = await h.session();
    expect(s.outcome).toBe('completed');
    const status = await h.api<{ mirror: { entity: string; lastFullAt: string | null; count: number }[] }>(
      '/api/status',
    );
    expect(status.body.mirror.every((m) => m.lastFullAt !== null && m.count > 0)).toBe(true);
  });

  it('serves the UI (or its fallback page) at /', async () => {
    const res = await fetch(`${h.engine.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('live events', () => {
  it('streams engine events over SSE to a client holding the token, and refuses one without it', async () => {
    const denied = await fetch(`${h.engine.url}/api/events`);
    expect(denied.status).toBe(401);
    const ac = new AbortController();
    const res = await fetch(`${h.engine.url}/api/events`, {
      headers: { authorization: `Bearer ${h.engine.token}` },
      signal: ac.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const got = (async () => {
      while (!/event: audit/.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    })();
    // Anything audited is pushed: save a setting.
    await h.api('/api/settings/matching', { method: 'POST', body: { customerStrategy: 'per-order' } });
    await got;
    ac.abort();
    expect(text).toMatch(/event: audit\ndata: \{"lastId":\d+/);
  });

  it('reports the first-run checklist honestly', async () => {
    const s = await h.api<{ qbwcCredentials: boolean; quickBooksConnected: boolean; completed: boolean }>(
      '/api/setup',
    );
    expect(s.body.qbwcCredentials).toBe(true);
    // An earlier test in this file ran a QBWC session that mirrored QuickBooks.
    expect(s.body.quickBooksConnected).toBe(true);
    const done = await h.api<{ completed: boolean }>('/api/setup/complete', { method: 'POST', body: {} });
    expect(done.body.completed).toBe(true);
  });
});
