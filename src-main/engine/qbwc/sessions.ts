import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/open';

export type SessionState = 'open' | 'closed' | 'expired' | 'error';

export interface QbwcSession {
  id: number;
  username: string;
  state: SessionState;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  closedAt: string | null;
  companyFile: string | null;
  qbxmlVersion: string | null;
  clientVersion: string | null;
  requests: number;
  responses: number;
  jobsDone: number;
  jobsFailed: number;
  consecutiveErrors: number;
  lastError: string | null;
  result: string | null;
}

const hashTicket = (ticket: string): string => createHash('sha256').update(ticket).digest('hex');

interface Raw {
  id: number;
  username: string;
  state: SessionState;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  closed_at: string | null;
  company_file: string | null;
  qbxml_version: string | null;
  client_version: string | null;
  requests: number;
  responses: number;
  jobs_done: number;
  jobs_failed: number;
  consecutive_errors: number;
  last_error: string | null;
  result: string | null;
}

const toSession = (r: Raw): QbwcSession => ({
  id: r.id,
  username: r.username,
  state: r.state,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  closedAt: r.closed_at,
  companyFile: r.company_file,
  qbxmlVersion: r.qbxml_version,
  clientVersion: r.client_version,
  requests: r.requests,
  responses: r.responses,
  jobsDone: r.jobs_done,
  jobsFailed: r.jobs_failed,
  consecutiveErrors: r.consecutive_errors,
  lastError: r.last_error,
  result: r.result,
});

export type TicketLookup =
  | { kind: 'ok'; session: QbwcSession }
  | { kind: 'expired'; session: QbwcSession }
  | { kind: 'closed'; session: QbwcSession }
  | { kind: 'unknown' };

/**
 * QBWC sessions, persisted so an engine restart in the middle of a session can carry on with the
 * same ticket. Only a hash of each ticket is stored: the database alone cannot impersonate QBWC.
 */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }

  /** A fresh ticket: 122 random bits from the CSPRNG, in the GUID form QBWC shows in its log. */
  create(username: string, clientVersion: string | null): { ticket: string; session: QbwcSession } {
    const ticket = randomUUID();
    const t = this.clock();
    const info = this.db
      .prepare(
        `INSERT INTO qbwc_sessions (ticket_hash, username, state, created_at, last_seen_at, expires_at, client_version)
         VALUES (?, ?, 'open', ?, ?, ?, ?)`,
      )
      .run(hashTicket(ticket), username, this.iso(t), this.iso(t), this.iso(t + this.idleMs), clientVersion);
    return { ticket, session: this.byId(Number(info.lastInsertRowid))! };
  }

  /** A session row closed at once (authenticate answered `none`/`nvu`): kept for the status page. */
  createClosed(username: string, result: string): string {
    const ticket = randomUUID();
    const t = this.iso(this.clock());
    this.db
      .prepare(
        `INSERT INTO qbwc_sessions (ticket_hash, username, state, created_at, last_seen_at, expires_at, closed_at, result)
         VALUES (?, ?, 'closed', ?, ?, ?, ?, ?)`,
      )
      .run(hashTicket(ticket), username, t, t, t, t, result);
    return ticket;
  }

  byId(id: number): QbwcSession | undefined {
    const r = this.db.prepare('SELECT * FROM qbwc_sessions WHERE id = ?').get(id) as Raw | undefined;
    return r ? toSession(r) : undefined;
  }

  /** Looks a ticket up and, when it is live, extends its idle deadline. */
  touch(ticket: string | undefined | null): TicketLookup {
    if (!ticket || ticket.length > 200) return { kind: 'unknown' };
    const r = this.db.prepare('SELECT * FROM qbwc_sessions WHERE ticket_hash = ?').get(hashTicket(ticket)) as
      Raw | undefined;
    if (!r) return { kind: 'unknown' };
    const s = toSession(r);
    if (s.state === 'expired') return { kind: 'expired', session: s };
    if (s.state !== 'open') return { kind: 'closed', session: s };
    const t = this.clock();
    if (Date.parse(s.expiresAt) < t) {
      this.setState(s.id, 'expired', 'expired after inactivity');
      return { kind: 'expired', session: { ...s, state: 'expired' } };
    }
    this.db
      .prepare('UPDATE qbwc_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?')
      .run(this.iso(t), this.iso(t + this.idleMs), s.id);
    return { kind: 'ok', session: s };
  }

  /** Expires open sessions past their deadline, and those superseded by a new login of the same user. */
  expireStale(supersededUser?: string): number {
    const t = this.iso(this.clock());
    const a = this.db
      .prepare(
        `UPDATE qbwc_sessions SET state = 'expired', closed_at = ?, result = coalesce(result, 'expired after inactivity')
         WHERE state = 'open' AND expires_at < ?`,
      )
      .run(t, t).changes;
    const b = supersededUser
      ? this.db
          .prepare(
            `UPDATE qbwc_sessions SET state = 'expired', closed_at = ?, result = coalesce(result, 'superseded by a new session')
             WHERE state = 'open' AND username = ?`,
          )
          .run(t, supersededUser).changes
      : 0;
    return a + b;
  }

  setState(id: number, state: SessionState, result?: string): void {
    this.db
      .prepare(
        `UPDATE qbwc_sessions SET state = ?, closed_at = CASE WHEN ? = 'open' THEN NULL ELSE ? END,
           result = coalesce(?, result) WHERE id = ?`,
      )
      .run(state, state, this.iso(this.clock()), result ?? null, id);
  }

  update(
    id: number,
    patch: Partial<
      Pick<QbwcSession, 'companyFile' | 'qbxmlVersion' | 'lastError' | 'result' | 'consecutiveErrors'>
    > & { addRequests?: number; addResponses?: number; addDone?: number; addFailed?: number },
  ): void {
    const s = this.byId(id);
    if (!s) return;
    this.db
      .prepare(
        `UPDATE qbwc_sessions SET company_file = ?, qbxml_version = ?, last_error = ?, result = ?, consecutive_errors = ?,
           requests = requests + ?, responses = responses + ?, jobs_done = jobs_done + ?, jobs_failed = jobs_failed + ?
         WHERE id = ?`,
      )
      .run(
        patch.companyFile !== undefined ? patch.companyFile : s.companyFile,
        patch.qbxmlVersion !== undefined ? patch.qbxmlVersion : s.qbxmlVersion,
        patch.lastError !== undefined ? patch.lastError : s.lastError,
        patch.result !== undefined ? patch.result : s.result,
        patch.consecutiveErrors !== undefined ? patch.consecutiveErrors : s.consecutiveErrors,
        patch.addRequests ?? 0,
        patch.addResponses ?? 0,
        patch.addDone ?? 0,
        patch.addFailed ?? 0,
        id,
      );
  }

  recent(limit = 20): QbwcSession[] {
    return (this.db.prepare('SELECT * FROM qbwc_sessions ORDER BY id DESC LIMIT ?').all(limit) as Raw[]).map(
      toSession,
    );
  }

  openSessions(): QbwcSession[] {
    return (this.db.prepare(`SELECT * FROM qbwc_sessions WHERE state = 'open'`).all() as Raw[]).map(
      toSession,
    );
  }
}
