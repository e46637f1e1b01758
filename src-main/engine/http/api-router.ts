import type { IncomingMessage, ServerResponse } from 'node:http';
import { api, type ApiHandlers, type ApiName } from '../../../shared/api';
import { apiErrorBody, invokeApi } from '../api/invoke';
import { safeEqual } from '../security/password';
import { HttpError, readBody } from './body';
import type { EventBus } from '../events/bus';

const routes = new Map<string, ApiName>(
  (Object.keys(api) as ApiName[]).map((name) => [`${api[name].method} ${api[name].path}`, name]),
);

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const { status, code, message, details } = apiErrorBody(err);
  sendJson(res, status, { error: { code, message, details } });
}

/**
 * Serves the shared API contract over HTTP: `GET|POST /api<path>`, input from the query string
 * (GET) or a JSON body (POST), validated by the contract's zod schemas; bearer token required
 * everywhere except /api/health.
 */
function checkToken(req: IncomingMessage, res: ServerResponse, token: string): void {
  const auth = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(auth);
  if (!m || !safeEqual(m[1]!.trim(), token)) {
    res.setHeader('www-authenticate', 'Bearer');
    throw new HttpError(
      401,
      'unauthorized',
      'A valid API token is required (Authorization: Bearer <token>).',
    );
  }
}

/** `GET /api/events`: Server-Sent Events (read with fetch, so the token travels in a header, not the URL). */
function serveEvents(req: IncomingMessage, res: ServerResponse, bus: EventBus): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\n');
  const unsubscribe = bus.subscribe((e) => {
    res.write(`event: ${e.name}\ndata: ${JSON.stringify({ ...e.payload, at: e.at })}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
  heartbeat.unref();
  const stop = (): void => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('error', stop);
}

export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: { handlers: ApiHandlers; token: string; maxBodyBytes: number; bus: EventBus },
): Promise<void> {
  const path = url.pathname.slice('/api'.length) || '/';
  if (path === '/events') {
    if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'Use GET.');
    checkToken(req, res, deps.token);
    serveEvents(req, res, deps.bus);
    return;
  }
  const name = routes.get(`${req.method} ${path}`);
  if (!name) {
    const known = [...routes.keys()].some((k) => k.endsWith(` ${path}`));
    throw known
      ? new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on /api${path}.`)
      : new HttpError(404, 'not_found', `No API endpoint /api${path}.`);
  }
  if (name !== 'health') checkToken(req, res, deps.token);
  let raw: unknown = {};
  if (req.method === 'GET') {
    raw = Object.fromEntries(url.searchParams.entries());
  } else {
    const body = await readBody(req, deps.maxBodyBytes);
    if (body.length > 0) {
      const type = req.headers['content-type'] ?? '';
      if (!/^application\/json\b/i.test(type)) {
        throw new HttpError(415, 'unsupported_media_type', 'Send JSON with Content-Type: application/json.');
      }
      try {
        raw = JSON.parse(body.toString('utf8')) as unknown;
      } catch (err) {
        throw new HttpError(
          400,
          'invalid_json',
          `The request body is not valid JSON: ${(err as Error).message}`,
        );
      }
    }
  }
  // Contract validation and the call itself are shared with the desktop app's IPC transport.
  const out = await invokeApi(deps.handlers, name, raw);
  sendJson(res, 200, out);
}
