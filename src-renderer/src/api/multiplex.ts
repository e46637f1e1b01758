import type { EngineEvent } from '../../../shared/events';
import type { Transport } from './transport';

/**
 * One event stream for the whole window. The HTTP transport opens a Server-Sent Events request per
 * `subscribe`; with a hook per list on screen that would soon hold all of the browser's six
 * connections to the engine and leave API calls queued behind them. This wrapper subscribes once,
 * fans each event out to every listener, and closes the stream a little after the last one leaves
 * (so moving between pages does not reconnect).
 */
export function multiplexEvents(inner: Transport, lingerMs = 5_000): Transport {
  const listeners = new Set<(e: EngineEvent) => void>();
  let unsubscribe: (() => void) | null = null;
  let closeTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    call: (name, input) => inner.call(name, input),
    subscribe(listener) {
      listeners.add(listener);
      clearTimeout(closeTimer);
      if (!unsubscribe) {
        unsubscribe = inner.subscribe((e) => {
          for (const l of [...listeners]) {
            try {
              l(e);
            } catch (err) {
              console.error('event listener failed', err);
            }
          }
        });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearTimeout(closeTimer);
          closeTimer = setTimeout(() => {
            if (listeners.size === 0 && unsubscribe) {
              unsubscribe();
              unsubscribe = null;
            }
          }, lingerMs);
        }
      };
    },
  };
}
