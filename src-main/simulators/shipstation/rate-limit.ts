/**
 * Fixed-window rate limiting per credential. A window opens at the first request after the previous
 * one ended and lasts `windowMs`. Headers report whole seconds until the window ends, rounded UP
 * and never below 1 while a window is open, so with a shrunk window (tests: 2 000 ms) a client that
 * waits `Reset` seconds is always past the real reset, which happens exactly at `windowMs`.
 */

export interface RateState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** seconds until the window resets (≥ 1) */
  resetSec: number;
}

export function ceilSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export class FixedWindowLimiter {
  private readonly buckets = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: () => number,
  ) {}

  /** Count one request against `key`. */
  hit(key: string): RateState {
    const now = this.clock();
    let b = this.buckets.get(key);
    if (!b || now >= b.start + this.windowMs) {
      b = { start: now, count: 0 };
      this.buckets.set(key, b);
    }
    b.count++;
    return {
      allowed: b.count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - b.count),
      resetSec: ceilSeconds(b.start + this.windowMs - now),
    };
  }

  /** The state of `key` without counting a request. */
  peek(key: string): RateState {
    const now = this.clock();
    const b = this.buckets.get(key);
    if (!b || now >= b.start + this.windowMs) {
      return {
        allowed: true,
        limit: this.limit,
        remaining: this.limit,
        resetSec: ceilSeconds(this.windowMs),
      };
    }
    return {
      allowed: b.count < this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - b.count),
      resetSec: ceilSeconds(b.start + this.windowMs - now),
    };
  }

  reset(): void {
    this.buckets.clear();
  }
}
