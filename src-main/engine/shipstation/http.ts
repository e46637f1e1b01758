/**
 * Executes one logical ShipStation request on undici: rate governor permit per attempt, timeouts,
 * retries with exponential backoff + full jitter, body size cap, JSON parse and zod validation, and a
 * typed ShipStationError at the end. Credentials live only in the request headers; nothing here logs
 * a header.
 *
 * Retried: network errors (ECONNRESET, socket hang up, UND_ERR_SOCKET, refused, DNS), timeouts, HTTP
 * 5xx and 408, malformed/truncated JSON on a 2xx (usually a transport glitch), a 401 at most
 * `maxAuthRetries` times (ShipStation is known for sporadic 401 blips), and 429 (after the governor's
 * pause; bounded by `maxRateLimitRetries`, not counted against `maxAttempts`). A POST is retried
 * only when it certainly was not processed (see `idempotent`).
 * Not retried: other 4xx, a body over the size cap, a well-formed body of the wrong shape.
 */
import { Agent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { createLogger } from '../log/logger';
import { VERSION } from '../version';
import { systemClock, type Clock } from './clock';
import { ShipStationError, defaultMessage, parseErrorBody, type ShipStationErrorKind } from './errors';
import { parseRetryAfter, type HeaderBag, type RateGovernor } from './rate-governor';
import type { Priority } from './types';

const log = createLogger('shipstation.http');

export interface HttpExecutorOptions {
  /** Headers that authenticate (Basic or API-Key). Sent only to URLs `isAllowedUrl` accepts. */
  authHeaders: Record<string, string>;
  /** Last line of defence: the executor refuses (forbidden_host) any URL this rejects. */
  isAllowedUrl: (url: URL) => boolean;
  governor: RateGovernor;
  clock?: Clock;
  /** Attempts for transient failures (network, timeout, 5xx, 408, bad JSON, 401 blips). Default 5. */
  maxAttempts?: number;
  /** How many 401s are retried before failing as `auth`. Default 1 (so a wrong key costs 2 requests). */
  maxAuthRetries?: number;
  /** How many 429s are retried (each after the governor's pause). Default 6. */
  maxRateLimitRetries?: number;
  /** Overall deadline of one attempt. Default 60 s. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Longest silence between body chunks. */
  bodyTimeoutMs?: number;
  /** Largest body accepted. Default 50 MB. */
  maxBodyBytes?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  /** Connections per origin for the executor's own Agent. Default 4. */
  connections?: number;
  /** Use this dispatcher instead of an own Agent (not closed by close()). */
  dispatcher?: Dispatcher;
}

export interface HttpRequest<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  /** JSON request body. */
  body?: unknown;
  /** Validates a 2xx body (an empty 2xx body is validated as `undefined` when `emptyOk`). */
  schema: z.ZodType<T>;
  emptyOk?: boolean;
  /**
   * Safe to repeat after an ambiguous failure (timeout, 5xx, connection lost mid-way)? Default: true
   * for GET/PUT/DELETE, false for POST, which is then retried only when it certainly was not processed
   * (401, 429, connection refused) — a repeated subscribe would create a duplicate webhook.
   */
  idempotent?: boolean;
  priority?: Priority;
  signal?: AbortSignal;
}

const DEFAULTS = {
  maxAttempts: 5,
  maxAuthRetries: 1,
  maxRateLimitRetries: 6,
  timeoutMs: 60_000,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  maxBodyBytes: 50 * 1024 * 1024,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
};

const MAX_ERROR_BODY = 64 * 1024;

type Attempt<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      kind: ShipStationErrorKind;
      status: number | null;
      retry: 'transient' | 'auth' | 'rate_limit' | 'no';
      message?: string;
      detail: string;
      requestId?: string | null;
      retryAfterMs?: number | null;
      /** The request certainly never reached ShipStation (connection refused). */
      notSent?: boolean;
      cause?: unknown;
    };

/** `orders[1].orderId` for zod's ['orders', 1, 'orderId']. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** Validates with zod; an unexpected shape becomes a bad_response naming the first issue's path. */
export function validateBody<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue ? formatIssuePath(issue.path) : '(root)';
  const why = issue?.message ?? 'invalid';
  throw new ShipStationError({
    kind: 'bad_response',
    message: `ShipStation sent data in an unexpected shape (at ${where}: ${why}).`,
    detail: `${what}: response failed validation at ${where}: ${why} (${r.error.issues.length} issue(s))`,
  });
}

function errCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (err as { cause?: unknown }).cause;
    if (cause && typeof cause === 'object' && typeof (cause as { code?: unknown }).code === 'string') {
      return (cause as { code: string }).code;
    }
  }
  return '';
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const NOT_RETRYABLE_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_URL']);

class BodyTooLarge extends Error {}

/** Drops the rest of a body; undici reports a destroyed unread body as an error event, which we expect. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

export class HttpExecutor {
  private readonly o: typeof DEFAULTS & {
    authHeaders: Record<string, string>;
    isAllowedUrl: (url: URL) => boolean;
    governor: RateGovernor;
    clock: Clock;
    random: () => number;
  };
  private readonly dispatcher: Dispatcher;
  private readonly ownDispatcher: Agent | null;

  constructor(opts: HttpExecutorOptions) {
    this.o = {
      ...DEFAULTS,
      ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
      authHeaders: opts.authHeaders,
      isAllowedUrl: opts.isAllowedUrl,
      governor: opts.governor,
      clock: opts.clock ?? systemClock,
      random: opts.random ?? Math.random,
    } as HttpExecutor['o'];
    const t = this.o.timeoutMs;
    if (opts.dispatcher) {
      this.dispatcher = opts.dispatcher;
      this.ownDispatcher = null;
    } else {
      this.ownDispatcher = new Agent({
        connect: { timeout: Math.min(this.o.connectTimeoutMs, t) },
        headersTimeout: Math.min(this.o.headersTimeoutMs, t),
        bodyTimeout: Math.min(this.o.bodyTimeoutMs, t),
        keepAliveTimeout: 10_000,
        connections: opts.connections ?? 4,
      });
      this.dispatcher = this.ownDispatcher;
    }
  }

  async close(): Promise<void> {
    if (this.ownDispatcher) await this.ownDispatcher.close();
  }

  /** Runs the request to completion (retries included) or throws ShipStationError (or the caller's abort reason). */
  async request<T>(req: HttpRequest<T>): Promise<T> {
    const method = req.method ?? 'GET';
    const where = `${method} ${req.url.pathname}${req.url.search}`;
    if (!this.o.isAllowedUrl(req.url)) {
      throw new ShipStationError({
        kind: 'forbidden_host',
        message: `Refused to contact ${req.url.host}: it is not ShipStation.`,
        detail: `${where} on host ${req.url.host} is not an allowed ShipStation origin; nothing was sent`,
      });
    }
    let attempts = 0;
    let transient = 0;
    let authFailures = 0;
    let rateLimited = 0;
    for (;;) {
      attempts++;
      const r = await this.attempt(req, method, where);
      if (r.ok) return r.value;

      let retry = false;
      let delay = 0;
      const ambiguous = r.retry === 'transient' && !r.notSent;
      if (ambiguous && !(req.idempotent ?? method !== 'POST')) {
        retry = false;
      } else if (r.retry === 'transient' || r.retry === 'auth') {
        transient++;
        if (r.retry === 'auth') authFailures++;
        const authLeft = r.retry !== 'auth' || authFailures <= this.o.maxAuthRetries;
        if (authLeft && transient < this.o.maxAttempts) {
          retry = true;
          delay = this.backoff(transient, r.retryAfterMs ?? null);
        }
      } else if (r.retry === 'rate_limit') {
        rateLimited++;
        retry = rateLimited <= this.o.maxRateLimitRetries;
      }

      if (!retry) {
        const err = new ShipStationError({
          kind: r.kind,
          ...(r.message === undefined ? {} : { message: r.message }),
          status: r.status,
          attempts,
          detail: `${r.detail} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
          requestId: r.requestId ?? null,
          cause: r.cause,
        });
        const fields = { request: where, kind: err.kind, status: err.status, attempts };
        if (err.kind === 'not_found') log.debug('ShipStation has no such record', fields);
        else log.warn('ShipStation request failed', fields);
        throw err;
      }
      log.warn('ShipStation request will be retried', {
        request: where,
        kind: r.kind,
        status: r.status,
        attempt: attempts,
        waitMs: Math.round(delay),
      });
      if (delay > 0) await this.o.clock.sleep(delay, req.signal);
    }
  }

  /** Full jitter: random in [0, min(max, base·2^(n−1))], but at least what Retry-After asked. */
  private backoff(n: number, retryAfterMs: number | null): number {
    const ceiling = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** (n - 1));
    const d = this.o.random() * ceiling;
    return retryAfterMs === null ? d : Math.max(d, Math.min(retryAfterMs, this.o.backoffMaxMs * 4));
  }

  private async attempt<T>(req: HttpRequest<T>, method: string, where: string): Promise<Attempt<T>> {
    const permit = await this.o.governor.acquire(req.priority ?? 'background', req.signal);
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    try {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': `ml-connector/${VERSION}`,
        ...this.o.authHeaders,
      };
      let body: string | undefined;
      if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        headers['content-type'] = 'application/json';
      }
      let res: Dispatcher.ResponseData;
      try {
        res = await request(req.url, {
          dispatcher: this.dispatcher,
          method: method as Dispatcher.HttpMethod,
          headers,
          body,
          signal,
        });
      } catch (err) {
        return this.transportFailure(err, req, timeout, where);
      }
      const status = res.statusCode;
      permit.observe(status, res.headers as HeaderBag);

      if (status >= 200 && status < 300) {
        let text: string;
        try {
          text = await this.readBody(res, this.o.maxBodyBytes);
        } catch (err) {
          if (err instanceof BodyTooLarge) {
            return {
              ok: false,
              kind: 'bad_response',
              status,
              retry: 'no',
              message: 'ShipStation sent a response larger than the connector accepts.',
              detail: `${where}: body exceeds ${this.o.maxBodyBytes} bytes`,
            };
          }
          return this.transportFailure(err, req, timeout, where);
        }
        let json: unknown;
        if (text.trim() === '') {
          if (!req.emptyOk) {
            return {
              ok: false,
              kind: 'bad_response',
              status,
              retry: 'transient',
              detail: `${where}: empty body on HTTP ${status}`,
            };
          }
          json = undefined;
        } else {
          try {
            json = JSON.parse(text);
          } catch (err) {
            return {
              ok: false,
              kind: 'bad_response',
              status,
              retry: 'transient',
              message:
                'ShipStation sent a response the connector could not read (malformed or cut-off JSON).',
              detail: `${where}: malformed JSON on HTTP ${status} (${text.length} chars): ${errMessage(err)}`,
            };
          }
        }
        try {
          return { ok: true, value: validateBody(req.schema, json, where) };
        } catch (err) {
          const e = err as ShipStationError;
          return {
            ok: false,
            kind: 'bad_response',
            status,
            retry: 'no',
            message: e.message,
            detail: e.detail,
          };
        }
      }

      // Not 2xx: read a bounded piece of the body for the explanation, never the whole thing.
      let errText = '';
      try {
        errText = await this.readBody(res, MAX_ERROR_BODY, true);
      } catch {
        // the explanation is optional
      }
      const parsed = parseErrorBody(errText);
      const said = parsed.message ? `: ShipStation said "${parsed.message}"` : '';
      const detail = `${where}: HTTP ${status}${said}`;
      const base = { status, detail, requestId: parsed.requestId };
      const hdrs = res.headers as HeaderBag;
      const ra = parseRetryAfter(
        Array.isArray(hdrs['retry-after']) ? hdrs['retry-after'][0] : hdrs['retry-after'],
        this.o.clock.now(),
      );
      if (status === 401) return { ok: false, kind: 'auth', retry: 'auth', ...base };
      if (status === 403) {
        return {
          ok: false,
          kind: 'auth',
          retry: 'no',
          message:
            'ShipStation refused access with these credentials (HTTP 403). Check that the API key is active and allowed to use the API.',
          ...base,
        };
      }
      if (status === 429) return { ok: false, kind: 'rate_limit', retry: 'rate_limit', ...base };
      if (status === 408) return { ok: false, kind: 'timeout', retry: 'transient', ...base };
      if (status >= 500) {
        return {
          ok: false,
          kind: 'server',
          retry: 'transient',
          message: `ShipStation is having trouble right now (HTTP ${status}). The sync will try again later.`,
          retryAfterMs: ra === null ? null : ra * 1000,
          ...base,
        };
      }
      if (status === 404) return { ok: false, kind: 'not_found', retry: 'no', ...base };
      if (status >= 300 && status < 400) {
        return {
          ok: false,
          kind: 'bad_response',
          retry: 'no',
          message:
            'ShipStation answered with an unexpected redirect; the connector does not follow redirects.',
          ...base,
        };
      }
      return {
        ok: false,
        kind: 'bad_request',
        retry: 'no',
        message: parsed.message
          ? `ShipStation refused the request: ${parsed.message}`
          : defaultMessage('bad_request'),
        ...base,
      };
    } finally {
      permit.release();
    }
  }

  private transportFailure<T>(
    err: unknown,
    req: HttpRequest<T>,
    timeout: AbortSignal,
    where: string,
  ): Attempt<T> {
    if (req.signal?.aborted) throw req.signal.reason;
    const code = errCode(err);
    const msg = errMessage(err);
    if (timeout.aborted || TIMEOUT_CODES.has(code)) {
      return {
        ok: false,
        kind: 'timeout',
        status: null,
        retry: 'transient',
        detail: `${where}: ${code || 'timeout'} ${msg}`.trim(),
        cause: err,
      };
    }
    return {
      ok: false,
      kind: 'network',
      status: null,
      retry: NOT_RETRYABLE_CODES.has(code) ? 'no' : 'transient',
      notSent: code === 'ECONNREFUSED',
      detail: `${where}: ${code ? `${code} ` : ''}${msg}`,
      cause: err,
    };
  }

  /** Reads the body as UTF-8 up to `cap` bytes; over the cap: BodyTooLarge, or truncation when `truncate`. */
  private async readBody(res: Dispatcher.ResponseData, cap: number, truncate = false): Promise<string> {
    const declared = Number(res.headers['content-length']);
    if (!truncate && Number.isFinite(declared) && declared > cap) {
      discard(res.body);
      throw new BodyTooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > cap) {
        discard(res.body);
        if (truncate) {
          chunks.push(buf.subarray(0, buf.length - (size - cap)));
          break;
        }
        throw new BodyTooLarge();
      }
      chunks.push(buf);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
