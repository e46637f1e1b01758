/**
 * qbXML query iterators. `iterator="Start"` snapshots the matching keys and returns the first
 * MaxReturned objects with `iteratorRemainingCount` and `iteratorID`; `iterator="Continue"` returns
 * the next page (objects are rendered with their current data; deleted ones are skipped);
 * `iterator="Stop"` discards it. An iterator is forgotten once exhausted or after `ttlMs` without
 * use (QuickBooks drops idle iterators, ~20 minutes); using it then yields statusCode 3391.
 */
import { randomUUID } from 'node:crypto';
import type { XmlNode } from './xml.js';

export interface IteratorState {
  readonly id: string;
  readonly requestName: string;
  readonly keys: readonly string[];
  readonly render: (key: string) => XmlNode | undefined;
  readonly maxReturned: number | undefined;
  pos: number;
  lastUsed: number;
}

export class IteratorStore {
  private readonly map = new Map<string, IteratorState>();

  constructor(
    private readonly ttlMs: number,
    private readonly nowMs: () => number,
  ) {}

  static newId(): string {
    return `{${randomUUID()}}`;
  }

  create(init: Omit<IteratorState, 'id' | 'lastUsed' | 'pos'>): IteratorState {
    this.purge();
    const state: IteratorState = { ...init, id: IteratorStore.newId(), pos: 0, lastUsed: this.nowMs() };
    this.map.set(state.id, state);
    return state;
  }

  get(id: string | undefined): IteratorState | undefined {
    this.purge();
    if (!id) return undefined;
    const s = this.map.get(id);
    if (s) s.lastUsed = this.nowMs();
    return s;
  }

  delete(id: string): void {
    this.map.delete(id);
  }

  get size(): number {
    this.purge();
    return this.map.size;
  }

  private purge(): void {
    const now = this.nowMs();
    for (const [id, s] of this.map) if (now - s.lastUsed > this.ttlMs) this.map.delete(id);
  }
}
