import type { Outbox } from '../qbwc/outbox';
import type { MirrorStore } from './store';

/** Mirror reads go before any write so postings see fresh customers, items and EditSequences. */
export const MIRROR_PRIORITY = 10;

/**
 * Queues mirror refreshes when due: on every QBWC session whose last refresh is older than the
 * interval, or when a full refresh was asked for. Deduplicated: a refresh already queued is reused.
 */
export class MirrorPlanner {
  constructor(
    private readonly outbox: Outbox,
    private readonly store: MirrorStore,
    private readonly intervalSeconds: number,
    /** Transaction types we have posted: each is watched for hand edits (sync/edited-txns.ts). */
    private readonly postedTxnTypes: () => ('Invoice' | 'SalesReceipt' | 'JournalEntry')[] = () => [],
  ) {}

  planIfDue(now = Date.now(), force = false): string[] {
    const queued: string[] = [];
    for (const entity of ['customers', 'items'] as const) {
      const s = this.store.state(entity);
      const due =
        force ||
        s.fullRequested ||
        !s.lastRunAt ||
        now - Date.parse(s.lastRunAt) >= this.intervalSeconds * 1000;
      if (!due) continue;
      const r = this.outbox.enqueue({
        kind: `mirror.${entity}`,
        payload: { full: s.fullRequested },
        priority: MIRROR_PRIORITY,
        dedupKey: `mirror:${entity}`,
        maxAttempts: 3,
      });
      if (r.created) queued.push(entity);
    }
    // Vendor, employee and other names: what a customer we create must not be called.
    const n = this.store.state('names');
    if (force || !n.lastRunAt || now - Date.parse(n.lastRunAt) >= this.intervalSeconds * 1000) {
      const r = this.outbox.enqueue({
        kind: 'mirror.names',
        payload: {},
        priority: MIRROR_PRIORITY + 1,
        dedupKey: 'mirror:names',
      });
      if (r.created) queued.push('names');
    }
    const d = this.store.state('deleted');
    if (force || !d.lastRunAt || now - Date.parse(d.lastRunAt) >= this.intervalSeconds * 1000) {
      const r = this.outbox.enqueue({
        kind: 'mirror.deleted',
        payload: {},
        priority: MIRROR_PRIORITY + 1,
        dedupKey: 'mirror:deleted',
      });
      if (r.created) queued.push('deleted');
    }
    // Transactions we posted that a bookkeeper deleted: only once something was posted.
    const t = this.store.state('deleted-txns');
    const posted = this.outbox.hasPosted();
    if (posted && (force || !t.lastRunAt || now - Date.parse(t.lastRunAt) >= this.intervalSeconds * 1000)) {
      const r = this.outbox.enqueue({
        kind: 'mirror.deleted-txns',
        payload: {},
        priority: MIRROR_PRIORITY + 2,
        dedupKey: 'mirror:deleted-txns',
      });
      if (r.created) queued.push('deleted-txns');
    }
    for (const txnType of this.postedTxnTypes()) {
      const w = this.store.state(`edited:${txnType}`);
      if (!force && w.lastRunAt && now - Date.parse(w.lastRunAt) < this.intervalSeconds * 1000) continue;
      const r = this.outbox.enqueue({
        kind: 'watch.edited-txns',
        payload: { txnType },
        priority: MIRROR_PRIORITY + 3,
        dedupKey: `watch:edited:${txnType}`,
      });
      if (r.created) queued.push(`edited:${txnType}`);
    }
    return queued;
  }

  requestFull(): string[] {
    for (const entity of ['customers', 'items'] as const) {
      this.store.saveState({ ...this.store.state(entity), fullRequested: true });
    }
    return this.planIfDue();
  }
}
