import type { Db } from '../db/open';
import type { Flag } from './validate-order';

export interface OpenFlag {
  id: number;
  reason: string;
  detail: string;
  data: Record<string, unknown> | null;
  createdAt: string;
}

/** Flags QuickBooks' answers raise: they stay until a person answers them (Retry or Ignore), whatever a revalidation finds. */
export const PERSON_ONLY_REASONS: readonly string[] = [
  'quickbooks_error',
  'deleted_in_quickbooks',
  'edited_in_quickbooks',
  'foreign_transaction',
  'tax_mismatch',
];

const key = (f: { reason: string; detail: string }): string => `${f.reason}\u0000${f.detail}`;

/** Flags on orders: open until a person resolves them or a revalidation no longer finds the problem. */
export class FlagsStore {
  constructor(private readonly db: Db) {}

  open(orderId: string): OpenFlag[] {
    return (
      this.db
        .prepare(
          'SELECT id, reason, detail, data, created_at FROM order_flags WHERE order_id = ? AND resolved_at IS NULL ORDER BY id',
        )
        .all(orderId) as {
        id: number;
        reason: string;
        detail: string;
        data: string | null;
        created_at: string;
      }[]
    ).map((r) => ({
      id: r.id,
      reason: r.reason,
      detail: r.detail,
      data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
      createdAt: r.created_at,
    }));
  }

  /** Makes the order's open validation flags exactly `flags`; returns whether anything changed. */
  replace(orderId: string, flags: Flag[], resolution = 'no longer applies'): boolean {
    const current = this.open(orderId).filter((f) => !PERSON_ONLY_REASONS.includes(f.reason));
    // QuickBooks' refusal of a create a person asked for says more than the validator's sentence:
    // while the same problem stands, it keeps its words (create-jobs.ts refusalOnOrder).
    flags = flags.map((f) => {
      const refused = current.find((c) => c.reason === f.reason && c.data?.['refused']);
      return refused ? { ...f, detail: refused.detail, data: refused.data ?? undefined } : f;
    });
    const want = new Map(flags.map((f) => [key(f), f]));
    const have = new Map(current.map((f) => [key(f), f]));
    let changed = false;
    const now = new Date().toISOString();
    for (const f of current) {
      if (!want.has(key(f))) {
        this.db
          .prepare('UPDATE order_flags SET resolved_at = ?, resolution = ? WHERE id = ?')
          .run(now, resolution, f.id);
        changed = true;
      }
    }
    for (const f of flags) {
      if (!have.has(key(f))) {
        this.add(orderId, f);
        changed = true;
      }
    }
    return changed;
  }

  add(orderId: string, f: Flag): void {
    this.db
      .prepare('INSERT INTO order_flags (order_id, reason, detail, data, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(orderId, f.reason, f.detail, f.data ? JSON.stringify(f.data) : null, new Date().toISOString());
  }

  resolve(orderId: string, resolution: string, reason?: string): number {
    return this.db
      .prepare(
        `UPDATE order_flags SET resolved_at = ?, resolution = ? WHERE order_id = ? AND resolved_at IS NULL ${reason ? 'AND reason = ?' : ''}`,
      )
      .run(...[new Date().toISOString(), resolution, orderId, ...(reason ? [reason] : [])]).changes;
  }

  wasAccepted(orderId: string, reason: string): boolean {
    return Boolean(
      this.db
        .prepare(
          `SELECT 1 FROM order_flags WHERE order_id = ? AND reason = ? AND resolution = 'accepted' LIMIT 1`,
        )
        .get(orderId, reason),
    );
  }

  /** Open flags for many orders at once (the orders page). */
  openFor(
    orderIds: string[],
  ): Map<string, { reason: string; detail: string; data: Record<string, unknown> | null }[]> {
    const out = new Map<string, { reason: string; detail: string; data: Record<string, unknown> | null }[]>();
    if (!orderIds.length) return out;
    const rows = this.db
      .prepare(
        `SELECT order_id, reason, detail, data FROM order_flags WHERE resolved_at IS NULL AND order_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(JSON.stringify(orderIds)) as {
      order_id: string;
      reason: string;
      detail: string;
      data: string | null;
    }[];
    for (const r of rows) {
      const list = out.get(r.order_id) ?? [];
      list.push({
        reason: r.reason,
        detail: r.detail,
        data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
      });
      out.set(r.order_id, list);
    }
    return out;
  }
}
