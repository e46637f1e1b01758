import type { Db } from './open';

export type AuditLevel = 'info' | 'warn' | 'error';

export interface AuditEntry {
  level: AuditLevel;
  category: 'qbwc' | 'mirror' | 'outbox' | 'shipstation' | 'sync' | 'settings' | 'system';
  event: string;
  message: string;
  orderNumber?: string | null;
  ssRef?: string | null;
  qbRef?: string | null;
  statusCode?: number | null;
  data?: unknown;
}

export interface AuditRow {
  id: number;
  at: string;
  level: AuditLevel;
  category: AuditEntry['category'];
  event: string;
  message: string;
  orderNumber: string | null;
  ssRef: string | null;
  qbRef: string | null;
  statusCode: number | null;
  data: unknown;
}

/** Append-only audit trail (the table refuses UPDATE and DELETE by trigger). */
export class AuditLog {
  private readonly insert;
  /** Told of every entry after it is written (live updates). */
  onRecord: ((id: number, e: AuditEntry) => void) | undefined;
  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, level, category, event, order_number, ss_ref, qb_ref, status_code, message, data)
       VALUES (@at, @level, @category, @event, @orderNumber, @ssRef, @qbRef, @statusCode, @message, @data)`,
    );
  }

  record(e: AuditEntry): number {
    const info = this.insert.run({
      at: new Date().toISOString(),
      level: e.level,
      category: e.category,
      event: e.event,
      orderNumber: e.orderNumber ?? null,
      ssRef: e.ssRef ?? null,
      qbRef: e.qbRef ?? null,
      statusCode: e.statusCode ?? null,
      message: e.message,
      data: e.data === undefined ? null : JSON.stringify(e.data),
    });
    const id = Number(info.lastInsertRowid);
    this.onRecord?.(id, e);
    return id;
  }

  list(
    opts: {
      limit?: number;
      offset?: number;
      orderNumber?: string;
      level?: AuditLevel;
      category?: string;
    } = {},
  ): {
    entries: AuditRow[];
    total: number;
  } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (opts.orderNumber) {
      where.push('order_number = @orderNumber');
      params.orderNumber = opts.orderNumber;
    }
    if (opts.level) {
      where.push('level = @level');
      params.level = opts.level;
    }
    if (opts.category) {
      where.push('category = @category');
      params.category = opts.category;
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_log ${w}`).get(params) as { n: number })
      .n;
    const rows = this.db
      .prepare(
        `SELECT id, at, level, category, event, order_number, ss_ref, qb_ref, status_code, message, data
         FROM audit_log ${w} ORDER BY id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: opts.limit ?? 100, offset: opts.offset ?? 0 }) as Record<string, unknown>[];
    return {
      total,
      entries: rows.map((r) => ({
        id: r.id as number,
        at: r.at as string,
        level: r.level as AuditLevel,
        category: r.category as AuditEntry['category'],
        event: r.event as string,
        orderNumber: r.order_number as string | null,
        ssRef: r.ss_ref as string | null,
        qbRef: r.qb_ref as string | null,
        statusCode: r.status_code as number | null,
        message: r.message as string,
        data: r.data ? (JSON.parse(r.data as string) as unknown) : null,
      })),
    };
  }
}
