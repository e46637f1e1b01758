import type { Socket } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiHandlers } from '../../../shared/api';
import { createLogger } from '../log/logger';
import type { SoapReply } from '../qbwc/soap-endpoint';
import { soapFault } from '../qbwc/soap-endpoint';
import { handleApi, sendError, sendJson } from './api-router';
import { HttpError, readBody } from './body';
import { isAllowedHost, isAllowedOrigin } from './host-check';
import type { EventBus } from '../events/bus';

const log = createLogger('http');

export interface HttpDeps {
  host: string;
  port: number;
  allowedHosts: readonly string[];
  maxSoapBodyBytes: number;
  maxApiBodyBytes: number;
  token: string;
  handlers: ApiHandlers;
  bus: EventBus;
  soap: () => { handle(body: string, soapAction?: string): Promise<SoapReply>; wsdl: string } | undefined;
  qwcFile: () => string;
  rendererDir?: string;
  webhook: (req: {
    rawBody: Buffer;
    headers: http.IncomingHttpHeaders;
    query: URLSearchParams;
  }) => Promise<{ status: number; body: unknown }>;
  limits?: Partial<HttpLimits>;
}

/** How long a request may take to arrive, and how many connections may be open at once. */
export interface HttpLimits {
  /** Headers must arrive within this (ms). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (ms): a stalled body is cut off. */
  requestTimeoutMs: number;
  /** Open connections at most; one more is answered 503 and closed. Event streams count too. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 30_000,
  maxConnections: 128,
};

const BUSY_REPLY =
  'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n' +
  'Retry-After: 5\r\nContent-Length: 53\r\n\r\nToo many open connections to ml-connector; try again.';

const MAX_WEBHOOK_BYTES = 256 * 1024;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const FALLBACK_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ml-connector</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:16px system-ui,sans-serif;margin:3rem;color:#1f2937}code{background:#f3f4f6;padding:2px 4px}</style></head>
<body><h1>ml-connector engine is running</h1><p>The web UI has not been built in this install. The JSON API is at <code>/api</code>;
see <code>/api/health</code>.</p></body></html>`;

/**
 * One HTTP server on one port: /qbwc (SOAP for QBWC), /api (JSON), /webhooks, and / (the UI).
 * Every handler failure is turned into a clear error response; the server keeps serving.
 */
export function createHttpServer(deps: HttpDeps): {
  server: http.Server;
  listen(): Promise<number>;
  close(): Promise<void>;
} {
  let boundPort = deps.port;
  const limits = { ...DEFAULT_HTTP_LIMITS, ...deps.limits };
  // Node checks the time-outs on this interval: well under the time-outs themselves.
  const server = http.createServer(
    { connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs / 2) },
    (req, res) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
      route(req, res).catch((err: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (req.url?.startsWith('/qbwc') && err instanceof HttpError) {
          const f = soapFault(err.status, 'soap:Client', err.message);
          res.writeHead(f.status, { 'content-type': f.contentType });
          res.end(f.body);
          return;
        }
        sendError(res, err);
      });
    },
  );
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  const open = new Set<Socket>();
  server.on('connection', (socket) => {
    if (open.size >= limits.maxConnections) {
      // A clear answer, then closed: never a silent drop.
      socket.end(BUSY_REPLY);
      return;
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (!p.startsWith('/webhooks/')) {
      if (!isAllowedHost(req.headers.host, boundPort, deps.allowedHosts)) {
        throw new HttpError(421, 'bad_host', 'This server only answers requests addressed to localhost.');
      }
      if (!isAllowedOrigin(req.headers.origin, boundPort, deps.allowedHosts)) {
        throw new HttpError(403, 'bad_origin', 'Cross-origin requests are not accepted.');
      }
    }
    if (p === '/qbwc' || p === '/qbwc/') return handleQbwc(req, res, url);
    if (p === '/qbwc/app.qwc') {
      if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'Use GET.');
      const body = deps.qwcFile();
      res.writeHead(200, {
        'content-type': 'application/xml; charset=utf-8',
        'content-disposition': 'attachment; filename="ml-connector.qwc"',
      });
      res.end(body);
      return;
    }
    if (p === '/api' || p.startsWith('/api/')) {
      return handleApi(req, res, url, {
        handlers: deps.handlers,
        token: deps.token,
        maxBodyBytes: deps.maxApiBodyBytes,
        bus: deps.bus,
      });
    }
    if (p === '/webhooks/shipstation') {
      if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST.');
      const rawBody = await readBody(req, MAX_WEBHOOK_BYTES);
      const r = await deps.webhook({ rawBody, headers: req.headers, query: url.searchParams });
      sendJson(res, r.status, r.body);
      return;
    }
    if (p.startsWith('/webhooks/')) throw new HttpError(404, 'not_found', `Nothing at ${p}.`);
    if (req.method === 'GET' || req.method === 'HEAD') return serveRenderer(res, p);
    throw new HttpError(404, 'not_found', `Nothing at ${p}.`);
  }

  async function handleQbwc(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const endpoint = deps.soap();
    if (!endpoint) throw new HttpError(503, 'starting', 'The QBWC service is starting; try again.');
    if (req.method === 'GET') {
      if ([...url.searchParams.keys()].some((k) => k.toLowerCase() === 'wsdl')) {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(endpoint.wsdl);
        return;
      }
      throw new HttpError(
        400,
        'bad_request',
        'This is the QuickBooks Web Connector endpoint: POST SOAP here, or GET ?wsdl.',
      );
    }
    if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST.');
    const body = await readBody(req, deps.maxSoapBodyBytes);
    const action = req.headers.soapaction;
    const reply = await endpoint.handle(body.toString('utf8'), Array.isArray(action) ? action[0] : action);
    res.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store' });
    res.end(reply.body);
  }

  function serveRenderer(res: http.ServerResponse, p: string): void {
    const dir = deps.rendererDir;
    if (dir && existsSync(path.join(dir, 'index.html'))) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(p);
      } catch {
        throw new HttpError(400, 'bad_path', 'The path is not valid percent-encoding.');
      }
      const rel = decoded.replace(/^\/+/, '') || 'index.html';
      const file = path.resolve(dir, rel);
      const inside = file.startsWith(path.resolve(dir) + path.sep);
      const target =
        inside && existsSync(file) && statSync(file).isFile() ? file : path.join(dir, 'index.html');
      res.writeHead(200, {
        'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
        'cache-control': target.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
      });
      res.end(readFileSync(target));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(FALLBACK_PAGE);
  }

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(deps.port, deps.host, () => {
          boundPort = (server.address() as AddressInfo).port;
          log.info('listening', { host: deps.host, port: boundPort });
          resolve(boundPort);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { sendJson };
