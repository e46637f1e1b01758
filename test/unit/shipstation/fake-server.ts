// Shared test helpers for the ShipStation unit tests: a tiny real-socket fake server, JSON responders
// and a client wired to that server with a virtual clock. Everything started here is closed when the
// current test finishes (vitest onTestFinished), so tests need no cleanup bookkeeping of their own.

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import {
  createShipStationClient,
  type CreateShipStationClientOptions,
} from '../../../src-main/engine/shipstation/client';
import {
  createVirtualClock,
  type Clock,
  type VirtualClock,
} from '../../../src-main/engine/shipstation/clock';
import { RateGovernor, type RateGovernorOptions } from '../../../src-main/engine/shipstation/rate-governor';
import type { Page } from '../../../src-main/engine/shipstation/types';

/** One request as the fake server saw it. `url` is absolute, on the server's own origin. */
export interface Seen {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** When the request arrived: the given clock's time, else Date.now(). */
  at: number;
}

/** Answers one request; `n` counts the requests seen so far, this one included (1-based). */
export type Handler = (req: Seen, res: ServerResponse, n: number) => void | Promise<void>;

export interface FakeServer {
  /** The origin, e.g. http://127.0.0.1:54321 */
  url: string;
  /** Every request received, in order. */
  seen: Seen[];
  close: () => Promise<void>;
}

/** Starts a server on 127.0.0.1 (random port), closed when the current test finishes. */
export async function startFakeServer(handler: Handler, clock?: Clock): Promise<FakeServer> {
  const seen: Seen[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', origin),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: clock ? clock.now() : Date.now(),
      };
      seen.push(s);
      Promise.resolve(handler(s, res, seen.length)).catch((err: unknown) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  onTestFinished(close);
  return { url: origin, seen, close };
}

/**
 * Sends a JSON response. A string body is sent as is (for malformed or non-JSON bodies);
 * a 204 is sent without body or content type.
 */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export interface FakeClientOptions {
  /** Default: a new virtual clock at `now` (or the clock's own default start). */
  clock?: VirtualClock;
  now?: number;
  /** Overrides of the governor; defaults: defaultLimit 40, random () => 0. */
  governor?: Partial<Omit<RateGovernorOptions, 'clock'>>;
  /** The client's options; baseUrl, governor and clock are supplied, http.random defaults to 0.5. */
  client: Omit<CreateShipStationClientOptions, 'baseUrl' | 'governor' | 'clock'>;
}

/** A fake server plus a ShipStation client (own governor, virtual clock) pointed at it. */
export async function startFakeClient(handler: Handler, opts: FakeClientOptions) {
  const clock = opts.clock ?? createVirtualClock(opts.now);
  const server = await startFakeServer(handler, clock);
  const governor = new RateGovernor({ defaultLimit: 40, random: () => 0, ...opts.governor, clock });
  const client = createShipStationClient({
    ...opts.client,
    baseUrl: server.url,
    governor,
    clock,
    http: { random: () => 0.5, ...opts.client.http },
  });
  onTestFinished(() => client.close());
  return { clock, server, client, governor };
}

/** Reads every page of a paged listing. */
export async function collect<T>(it: AsyncIterable<Page<T>>): Promise<{ pages: Page<T>[]; items: T[] }> {
  const pages: Page<T>[] = [];
  for await (const p of it) pages.push(p);
  return { pages, items: pages.flatMap((p) => p.items) };
}
