import type { EngineEvent, EventName, EventPayload } from '../../../shared/events';

type Listener = (e: EngineEvent) => void;

/**
 * In-process publish/subscribe for engine events. Bursts are coalesced per event name (a poll that
 * touches 10,000 orders sends a handful of events, not 10,000), and a slow listener never blocks.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Map<EventName, EngineEvent>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly coalesceMs = 250) {}

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  get size(): number {
    return this.listeners.size;
  }

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const prev = this.pending.get(name);
    if (name === 'flagged' && prev) {
      // Flags are counted, not just signalled: a burst becomes one event with every order number.
      const a = prev.payload as EventPayload<'flagged'>;
      const b = payload as EventPayload<'flagged'>;
      payload = {
        count: a.count + b.count,
        orderNumbers: [...a.orderNumbers, ...b.orderNumbers].slice(0, 50),
      } as EventPayload<N>;
    }
    this.pending.set(name, { name, payload, at: new Date().toISOString() } as EngineEvent);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.coalesceMs);
      this.timer.unref();
    }
  }

  flush(): void {
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const e of batch) {
      for (const l of this.listeners) {
        try {
          l(e);
        } catch {
          // A broken listener must not stop the others.
        }
      }
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }
}
