/**
 * One RateGovernor per ShipStation credential, shared by every caller in the process (see
 * `governorFor`). Every HTTP attempt asks it for a permit, and feeds it the response's headers:
 *
 * - V1 `X-Rate-Limit-Limit` / `-Remaining` / `-Reset` (Reset = SECONDS until the window resets);
 *   V2 `Retry-After` on 429 (plus X-Rate-Limit-* when present).
 * - Known budget: never fire more requests than Remaining (requests still in flight are subtracted).
 *   Background requests keep `reserve` requests (default 2) for interactive ones and otherwise wait for
 *   the reset (+ a margin, since Reset is whole seconds, + jitter).
 * - Unknown budget (before the first response, or once a reported window has passed and nothing newer
 *   was heard): one request at a time until headers tell us where we stand.
 * - Always, whatever the headers say: at most `limit` requests in any sliding window of `windowMs` (+1 s)
 *   — `limit − reserve` for background — where limit is the last reported limit, else the documented one
 *   (40/min V1, 200/min V2). This alone keeps a sole client of the key under a fixed or a sliding window.
 * - 429: everyone waits Retry-After (else Reset, else a whole window) + jitter; the caller retries.
 * - Priorities: a queued `interactive` request always goes before any queued `background` one, and
 *   may use one slot beyond `concurrency` (a click never waits behind two slow polls).
 */
import { createLogger } from '../log/logger';
import type { Priority, RateBudget } from './types';
import { systemClock, type Clock } from './clock';

const log = createLogger('shipstation.rate');

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface RateGovernorOptions {
  /** The documented requests per window, assumed until a response says otherwise (V1 40, V2 200). */
  defaultLimit: number;
  /** Length of ShipStation's window. Default 60 000 ms. */
  windowMs?: number;
  /** Requests per window kept for interactive calls. Default 2. */
  reserve?: number;
  /** Requests in flight at once (interactive may use one more). Default 2. */
  concurrency?: number;
  /** Extra wait after a reported reset (Reset is rounded to whole seconds). Default 1000 ms. */
  resetMarginMs?: number;
  /** Upper bound of the random jitter added to reset waits. Default 250 ms. */
  maxJitterMs?: number;
  clock?: Clock;
  random?: () => number;
  /** For log lines only (never a credential). */
  name?: string;
}

/** Held while one HTTP attempt is under way. */
export interface Permit {
  /** Feed the status and headers of the response as soon as they arrive (once). */
  observe(status: number, headers: HeaderBag): void;
  /** The attempt is over (body read, or it failed). Idempotent. */
  release(): void;
}

interface Waiter {
  priority: Priority;
  resolve: (p: Permit) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

function header(headers: HeaderBag, name: string): string | undefined {
  const direct = headers[name] ?? headers[name.toLowerCase()];
  let v = direct;
  if (v === undefined) {
    const lower = name.toLowerCase();
    for (const [k, val] of Object.entries(headers)) {
      if (k.toLowerCase() === lower) {
        v = val;
        break;
      }
    }
  }
  if (Array.isArray(v)) return v[0];
  return v;
}

function intHeader(headers: HeaderBag, name: string): number | null {
  const v = header(headers, name);
  if (v === undefined) return null;
  const n = Number(v.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Retry-After as seconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isFinite(t)) return Math.max(0, (t - nowMs) / 1000);
  return null;
}

export class RateGovernor {
  private readonly defaultLimit: number;
  private readonly windowMs: number;
  private readonly reserve: number;
  private readonly concurrency: number;
  private readonly resetMarginMs: number;
  private readonly maxJitterMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly name: string;

  /** Last reported limit. */
  private limit: number | null = null;
  /** Estimated requests left in the current window; null = unknown. */
  private remaining: number | null = null;
  /** When the reported window resets (ms); null = unknown. */
  private resetAt: number | null = null;
  private everObserved = false;
  private headersSeen = false;
  private blockedUntil = 0;
  private inFlight = 0;
  private readonly sent: number[] = [];
  private throttled = 0;
  private readonly waiters: Waiter[] = [];
  private wake: { at: number; ctl: AbortController } | null = null;

  constructor(opts: RateGovernorOptions) {
    this.defaultLimit = opts.defaultLimit;
    this.windowMs = opts.windowMs ?? 60_000;
    this.reserve = opts.reserve ?? 2;
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
    this.resetMarginMs = opts.resetMarginMs ?? 1000;
    this.maxJitterMs = opts.maxJitterMs ?? 250;
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.name = opts.name ?? 'shipstation';
  }

  /** Waits for a permit; interactive requests are served before any background request. */
  acquire(priority: Priority = 'background', signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Permit>((resolve, reject) => {
      const w: Waiter = { priority, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        w.onAbort = () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
          this.pump();
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiters.push(w);
      this.pump();
    });
  }

  /** The budget as last reported, for the status page. */
  rateBudget(): RateBudget {
    const now = this.clock.now();
    this.rollWindow(now);
    this.prune(now);
    const minuteAgo = now - 60_000;
    return {
      limit: this.limit ?? this.defaultLimit,
      remaining: this.remaining,
      resetAt: this.resetAt === null ? null : new Date(this.resetAt).toISOString(),
      requestsLastMinute: this.sent.filter((t) => t > minuteAgo).length,
      throttled429: this.throttled,
    };
  }

  /** Requests waiting for a permit (for tests and the status page). */
  queued(): { interactive: number; background: number } {
    let interactive = 0;
    for (const w of this.waiters) if (w.priority === 'interactive') interactive++;
    return { interactive, background: this.waiters.length - interactive };
  }

  private effectiveLimit(): number {
    return this.limit ?? this.defaultLimit;
  }

  private jitter(): number {
    return Math.floor(this.random() * this.maxJitterMs);
  }

  /** Once a reported window has passed (plus margin), we no longer know the budget. */
  private rollWindow(now: number): void {
    if (this.resetAt !== null && now >= this.resetAt + this.resetMarginMs) {
      this.resetAt = null;
      this.remaining = null;
    }
  }

  private prune(now: number): void {
    const horizon = now - Math.max(this.windowMs + 1000, 60_000);
    let drop = 0;
    while (drop < this.sent.length && (this.sent[drop] as number) <= horizon) drop++;
    if (drop > 0) this.sent.splice(0, drop);
  }

  /** Whether a request of this priority may go now; if not, when to look again (null = on a release). */
  private admissible(priority: Priority, now: number): { ok: true } | { ok: false; wakeAt: number | null } {
    if (now < this.blockedUntil) return { ok: false, wakeAt: this.blockedUntil };
    this.rollWindow(now);
    this.prune(now);

    const slots = priority === 'interactive' ? this.concurrency + 1 : this.concurrency;
    const probing = !this.everObserved || (this.headersSeen && this.remaining === null);
    const maxInFlight = probing ? 1 : slots;
    if (this.inFlight >= maxInFlight) return { ok: false, wakeAt: null };

    const keep = priority === 'interactive' ? 0 : this.reserve;
    if (this.remaining !== null && this.remaining <= keep) {
      // Wait for the reported reset; a release may also bring fresher headers sooner.
      const at = (this.resetAt ?? now + this.windowMs) + this.resetMarginMs + this.jitter();
      return { ok: false, wakeAt: at };
    }

    const span = this.windowMs + 1000;
    const cap = Math.max(1, this.effectiveLimit() - keep);
    const recent = this.sent.filter((t) => t > now - span);
    if (recent.length >= cap) {
      const oldest = recent[recent.length - cap] as number;
      return { ok: false, wakeAt: oldest + span + 1 };
    }
    return { ok: true };
  }

  private pump(): void {
    for (;;) {
      if (this.waiters.length === 0) {
        this.cancelWake();
        return;
      }
      const idx = this.waiters.findIndex((w) => w.priority === 'interactive');
      const i = idx >= 0 ? idx : 0;
      const w = this.waiters[i] as Waiter;
      const now = this.clock.now();
      const verdict = this.admissible(w.priority, now);
      if (!verdict.ok) {
        if (verdict.wakeAt !== null) this.scheduleWake(verdict.wakeAt, now);
        return;
      }
      this.waiters.splice(i, 1);
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.resolve(this.grant(now));
    }
  }

  /** One timer at a time, for the earliest moment the head of the queue may become admissible. */
  private scheduleWake(at: number, now: number): void {
    if (this.wake && this.wake.at <= at && this.wake.at > now) return;
    this.cancelWake();
    const wake = { at, ctl: new AbortController() };
    this.wake = wake;
    this.clock.sleep(Math.max(0, at - now), wake.ctl.signal).then(
      () => {
        if (this.wake === wake) this.wake = null;
        this.pump();
      },
      () => undefined,
    );
  }

  private cancelWake(): void {
    if (this.wake) {
      this.wake.ctl.abort();
      this.wake = null;
    }
  }

  private grant(now: number): Permit {
    this.inFlight++;
    this.sent.push(now);
    if (this.remaining !== null) this.remaining--;
    let observed = false;
    let released = false;
    return {
      observe: (status, headers) => {
        if (observed) return;
        observed = true;
        this.observe(status, headers);
      },
      release: () => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.pump();
      },
    };
  }

  private observe(status: number, headers: HeaderBag): void {
    const now = this.clock.now();
    this.everObserved = true;
    const limit = intHeader(headers, 'X-Rate-Limit-Limit');
    const remaining = intHeader(headers, 'X-Rate-Limit-Remaining');
    const reset = intHeader(headers, 'X-Rate-Limit-Reset');
    if (limit !== null && limit > 0) this.limit = limit;
    if (remaining !== null || reset !== null) this.headersSeen = true;
    if (reset !== null) this.resetAt = now + reset * 1000;
    if (remaining !== null) {
      // Requests sent after this one and still in flight have not been counted by this header yet
      // (or have: then we merely under-estimate, which is the safe side).
      const others = Math.max(0, this.inFlight - 1);
      this.remaining = Math.max(0, remaining - others);
      if (this.resetAt === null) this.resetAt = now + this.windowMs;
    }
    if (status === 429) {
      this.throttled++;
      const waitS = parseRetryAfter(header(headers, 'Retry-After'), now) ?? reset ?? this.windowMs / 1000;
      const until = now + waitS * 1000 + this.jitter();
      this.blockedUntil = Math.max(this.blockedUntil, until);
      this.remaining = 0;
      this.resetAt = now + waitS * 1000;
      this.headersSeen = true;
      log.warn('ShipStation rate limit hit (429): pausing every request', {
        governor: this.name,
        waitSeconds: Math.round(waitS * 10) / 10,
      });
    }
    this.pump();
  }
}

const registry = new Map<string, RateGovernor>();

/**
 * The process-wide governor for a credential. `credentialId` must already be an opaque digest of the
 * credential (see client.ts); the first caller's options win.
 */
export function governorFor(credentialId: string, opts: RateGovernorOptions): RateGovernor {
  let g = registry.get(credentialId);
  if (!g) {
    g = new RateGovernor(opts);
    registry.set(credentialId, g);
  }
  return g;
}
