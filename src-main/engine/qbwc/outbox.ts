import type { Db } from '../db/open';

export type JobStatus = 'pending' | 'sent' | 'done' | 'failed';

export interface Job<P = unknown, G = unknown> {
  id: number;
  kind: string;
  payload: P;
  status: JobStatus;
  priority: number;
  dedupKey: string | null;
  orderNumber: string | null;
  attempts: number;
  maxAttempts: number;
  /** Sent in a session that died before its answer arrived: the handler must check before repeating a write. */
  uncertain: boolean;
  sessionId: number | null;
  iteratorId: string | null;
  progress: G | null;
  messageSetId: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface EnqueueInput {
  kind: string;
  payload: unknown;
  priority?: number;
  dedupKey?: string;
  orderNumber?: string;
  maxAttempts?: number;
}

interface JobRowRaw {
  id: number;
  kind: string;
  payload: string;
  status: JobStatus;
  priority: number;
  dedup_key: string | null;
  order_number: string | null;
  attempts: number;
  max_attempts: number;
  uncertain: number;
  session_id: number | null;
  iterator_id: string | null;
  progress: string | null;
  message_set_id: string | null;
  sent_at: string | null;
  created_at: string;
}

const toJob = (r: JobRowRaw): Job => ({
  id: r.id,
  kind: r.kind,
  payload: JSON.parse(r.payload) as unknown,
  status: r.status,
  priority: r.priority,
  dedupKey: r.dedup_key,
  orderNumber: r.order_number,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  uncertain: r.uncertain === 1,
  sessionId: r.session_id,
  iteratorId: r.iterator_id,
  progress: r.progress ? (JSON.parse(r.progress) as unknown) : null,
  messageSetId: r.message_set_id,
  sentAt: r.sent_at,
  createdAt: r.created_at,
});

const now = (): string => new Date().toISOString();

/**
 * The durable queue of QBXML work. A job moves pending → sent → done | failed; every transition is
 * a committed row update, so a restart at any instant leaves each job in a known state, and a job
 * sent but never answered stays visible as `sent` until its session is known to be dead.
 */
export class Outbox {
  constructor(private readonly db: Db) {}

  /** Adds a job; with a dedupKey, an equivalent job already pending or sent is returned instead. */
  enqueue(input: EnqueueInput): { id: number; created: boolean } {
    if (input.dedupKey) {
      const existing = this.db
        .prepare(`SELECT id FROM outbox WHERE dedup_key = ? AND status IN ('pending','sent')`)
        .get(input.dedupKey) as { id: number } | undefined;
      if (existing) return { id: existing.id, created: false };
    }
    const t = now();
    const info = this.db
      .prepare(
        `INSERT INTO outbox (kind, payload, status, priority, dedup_key, order_number, max_attempts, created_at, updated_at)
         VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.kind,
        JSON.stringify(input.payload ?? null),
        input.priority ?? 100,
        input.dedupKey ?? null,
        input.orderNumber ?? null,
        input.maxAttempts ?? 3,
        t,
        t,
      );
    return { id: Number(info.lastInsertRowid), created: true };
  }

  /** The reason the last job with this dedup key and payload failed, if it did (and nothing newer ran). */
  refusedBefore(dedupKey: string, payload: unknown): string | null {
    const r = this.db
      .prepare(
        `SELECT status, payload, status_message FROM outbox WHERE dedup_key = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(dedupKey) as { status: string; payload: string; status_message: string | null } | undefined;
    if (!r || r.status !== 'failed' || r.payload !== JSON.stringify(payload ?? null)) return null;
    return r.status_message ?? 'QuickBooks refused it.';
  }

  get(id: number): Job | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as JobRowRaw | undefined;
    return r ? toJob(r) : undefined;
  }

  /**
   * Kinds of job that wait while this returns them (dry run holds every write): they stay queued,
   * are not sent and do not count as work for the Web Connector.
   */
  holdKinds(fn: () => readonly string[]): void {
    this.heldKinds = fn;
  }

  private heldKinds: () => readonly string[] = () => [];

  pending(limit: number): Job[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM outbox WHERE status = 'pending' AND kind NOT IN (SELECT value FROM json_each(?))
           ORDER BY priority, id LIMIT ?`,
        )
        .all(JSON.stringify(this.heldKinds()), limit) as JobRowRaw[]
    ).map(toJob);
  }

  /** Every job this session holds: those awaiting an answer and those awaiting their next step. */
  inFlight(sessionId: number): Job[] {
    return (
      this.db
        .prepare(`SELECT * FROM outbox WHERE status = 'sent' AND session_id = ? ORDER BY id`)
        .all(sessionId) as JobRowRaw[]
    ).map(toJob);
  }

  /** Jobs in the request QuickBooks is working on now (sent, not yet answered). */
  awaitingAnswer(sessionId: number): Job[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM outbox WHERE status = 'sent' AND session_id = ? AND sent_at IS NOT NULL ORDER BY id`,
        )
        .all(sessionId) as JobRowRaw[]
    ).map(toJob);
  }

  /** A job answered in this session that wants another round trip in it (iterator page, next step). */
  nextStep(sessionId: number): Job | undefined {
    return this.nextSteps(sessionId, 1)[0];
  }

  /** Jobs of this session waiting for their next step (a Query's Add or Mod, an iterator's next page). */
  nextSteps(sessionId: number, limit: number): Job[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM outbox WHERE status = 'sent' AND session_id = ? AND sent_at IS NULL ORDER BY id LIMIT ?`,
        )
        .all(sessionId, limit) as JobRowRaw[]
    ).map(toJob);
  }

  markSent(ids: number[], sessionId: number, requestXml: string, messageSetId: string | null): void {
    const t = now();
    const stmt = this.db.prepare(
      // A job's further steps in the same session are one attempt, not one per page.
      `UPDATE outbox SET attempts = attempts + CASE WHEN status = 'sent' AND sent_at IS NULL THEN 0 ELSE 1 END,
         status = 'sent', session_id = ?, request_xml = ?,
         message_set_id = ?, sent_at = ?, updated_at = ? WHERE id = ? AND status IN ('pending','sent')`,
    );
    for (const id of ids) stmt.run(sessionId, requestXml, messageSetId, t, t, id);
  }

  /**
   * Answered, with more to do in this session (an iterator's next page, a query before a write):
   * the job stays `sent` in the session, with no request out, remembering where it is.
   */
  awaitNextStep(id: number, progress: unknown, iteratorId: string | null): void {
    this.db
      .prepare(`UPDATE outbox SET sent_at = NULL, iterator_id = ?, progress = ?, updated_at = ? WHERE id = ?`)
      .run(iteratorId, JSON.stringify(progress), now(), id);
  }

  complete(id: number, r: { statusCode?: number; statusMessage?: string; result?: unknown } = {}): void {
    const t = now();
    this.db
      .prepare(
        `UPDATE outbox SET status = 'done', status_code = ?, status_message = ?, result = ?, iterator_id = NULL,
           uncertain = 0, finished_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        r.statusCode ?? 0,
        r.statusMessage ?? null,
        r.result === undefined ? null : JSON.stringify(r.result),
        t,
        t,
        id,
      );
  }

  fail(id: number, r: { statusCode?: number | null; statusMessage: string }): void {
    const t = now();
    this.db
      .prepare(
        `UPDATE outbox SET status = 'failed', status_code = ?, status_message = ?, iterator_id = NULL,
           finished_at = ?, updated_at = ? WHERE id = ?`,
      )
      .run(r.statusCode ?? null, r.statusMessage, t, t, id);
  }

  /**
   * Back to pending. `refundAttempt` when the request never reached QuickBooks' processing (e.g. it
   * was skipped by stopOnError); `uncertain` when a write may or may not have been applied.
   */
  requeue(id: number, opts: { refundAttempt?: boolean; uncertain?: boolean; progress?: unknown } = {}): void {
    this.db
      .prepare(
        `UPDATE outbox SET status = 'pending', session_id = NULL, iterator_id = NULL, sent_at = NULL,
           attempts = attempts - ?, uncertain = CASE WHEN ? THEN 1 ELSE uncertain END,
           progress = CASE WHEN ? THEN ? ELSE progress END, updated_at = ? WHERE id = ?`,
      )
      .run(
        opts.refundAttempt ? 1 : 0,
        opts.uncertain ? 1 : 0,
        opts.progress !== undefined ? 1 : 0,
        opts.progress !== undefined ? JSON.stringify(opts.progress) : null,
        now(),
        id,
      );
  }

  /** Jobs left `sent` by sessions that are no longer open. */
  orphaned(): Job[] {
    return (
      this.db
        .prepare(
          `SELECT o.* FROM outbox o LEFT JOIN qbwc_sessions s ON s.id = o.session_id
           WHERE o.status = 'sent' AND (s.id IS NULL OR s.state <> 'open') ORDER BY o.id`,
        )
        .all() as JobRowRaw[]
    ).map(toJob);
  }

  counts(): Record<JobStatus, number> {
    const rows = this.db.prepare(`SELECT status, count(*) AS n FROM outbox GROUP BY status`).all() as {
      status: JobStatus;
      n: number;
    }[];
    const out: Record<JobStatus, number> = { pending: 0, sent: 0, done: 0, failed: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  /** Whether a job with this dedup key is queued or out in a session. */
  isActive(dedupKey: string, statuses: ('pending' | 'sent')[] = ['pending', 'sent']): boolean {
    return Boolean(
      this.db
        .prepare(
          `SELECT 1 FROM outbox WHERE dedup_key = ? AND status IN (SELECT value FROM json_each(?)) LIMIT 1`,
        )
        .get(dedupKey, JSON.stringify(statuses)),
    );
  }

  /** Withdraws a queued (not yet sent) job: what it would have done is no longer wanted. */
  withdraw(dedupKey: string, reason: string): number {
    const t = now();
    return this.db
      .prepare(
        `UPDATE outbox SET status = 'failed', status_message = ?, finished_at = ?, updated_at = ?
         WHERE dedup_key = ? AND status = 'pending'`,
      )
      .run(reason, t, t, dedupKey).changes;
  }

  /** Whether any posting ever went through (then deletions in QuickBooks are worth checking). */
  hasPosted(): boolean {
    return Boolean(
      this.db.prepare(`SELECT 1 FROM outbox WHERE kind = 'post.order' AND status = 'done' LIMIT 1`).get(),
    );
  }

  countPending(): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND kind NOT IN (SELECT value FROM json_each(?))`,
        )
        .get(JSON.stringify(this.heldKinds())) as { n: number }
    ).n;
  }

  list(opts: { status?: JobStatus; limit?: number; offset?: number } = {}): Job[] {
    const rows = opts.status
      ? this.db
          .prepare(`SELECT * FROM outbox WHERE status = ? ORDER BY id DESC LIMIT ? OFFSET ?`)
          .all(opts.status, opts.limit ?? 100, opts.offset ?? 0)
      : this.db
          .prepare(`SELECT * FROM outbox ORDER BY id DESC LIMIT ? OFFSET ?`)
          .all(opts.limit ?? 100, opts.offset ?? 0);
    return (rows as JobRowRaw[]).map(toJob);
  }
}
