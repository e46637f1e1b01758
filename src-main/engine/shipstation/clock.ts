/**
 * Time as the ShipStation layer sees it. Everything that waits (the rate governor, retry backoff, the
 * webhook timestamp check) goes through a Clock so tests and the demo can run months of pacing in
 * milliseconds.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface VirtualClock extends Clock {
  /** Moves time forward (never backward). */
  advance(ms: number): void;
}

/**
 * A clock whose sleeps complete at once and move time forward to their deadline (after letting
 * pending I/O callbacks run once). Time only ever moves forward, so a sleeper may wake later than it
 * asked (never earlier): a conservative model for pacing tests against an in-process fake server that
 * reads the same clock. For tests, benchmarks and the demo; never for production pacing.
 */
export function createVirtualClock(startMs = Date.UTC(2026, 0, 1)): VirtualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number): void {
      if (ms > 0) current += ms;
    },
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      const target = current + Math.max(0, ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        setImmediate(() => {
          if (signal?.aborted) {
            reject(abortReason(signal));
            return;
          }
          if (target > current) current = target;
          resolve();
        });
      });
    },
  };
}
