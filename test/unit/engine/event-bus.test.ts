import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/events';
import { EventBus } from '../../../src-main/engine/events/bus';

describe('event bus', () => {
  it('coalesces a burst per event name, merging flagged counts', () => {
    const bus = new EventBus(10_000);
    const got: EngineEvent[] = [];
    bus.subscribe((e) => got.push(e));
    for (let i = 0; i < 100; i++) bus.emit('audit', { lastId: i });
    bus.emit('flagged', { count: 1, orderNumbers: ['A'] });
    bus.emit('flagged', { count: 1, orderNumbers: ['B'] });
    bus.flush();
    expect(got.map((e) => e.name).sort()).toEqual(['audit', 'flagged']);
    expect(got.find((e) => e.name === 'audit')!.payload).toEqual({ lastId: 99 });
    expect(got.find((e) => e.name === 'flagged')!.payload).toEqual({ count: 2, orderNumbers: ['A', 'B'] });
    bus.close();
  });

  it('keeps delivering when one listener throws', () => {
    const bus = new EventBus(10_000);
    let n = 0;
    bus.subscribe(() => {
      throw new Error('broken listener');
    });
    bus.subscribe(() => n++);
    bus.emit('status', { reason: 'x' });
    bus.flush();
    expect(n).toBe(1);
    bus.close();
  });
});
