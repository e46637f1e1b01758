import type { QbxmlRequest, QbxmlRs } from '../qbxml';
import type { Job } from './outbox';

export interface JobContext {
  sessionId: number;
  /** The qbXML version negotiated with QuickBooks for this session, e.g. "13.0". */
  qbxmlVersion: string;
  /** Milliseconds between sending this job's request and receiving the response. */
  elapsedMs?: number;
}

export type JobOutcome =
  | { kind: 'done'; result?: unknown; message?: string }
  /** Another page of an iterator: the job stays in this session. */
  | { kind: 'continue'; iteratorId: string; progress: unknown }
  /** Another round trip with new progress (e.g. a query before an add). */
  | { kind: 'next-step'; progress: unknown }
  | { kind: 'retry'; reason: string; statusCode?: number }
  | { kind: 'failed'; reason: string; statusCode?: number };

/**
 * One kind of outbox job. `build` makes the request for the job's current step; `onResponse` applies
 * QuickBooks' answer. Both run inside the receive/send transaction, so whatever `onResponse` writes
 * (mirror rows, follow-up jobs) commits together with the job's new state, or not at all.
 */
export interface JobHandler<P = unknown, G = unknown> {
  kind: string;
  /** Safe to repeat blindly (reads). Writes are not: an unanswered write comes back `uncertain`. */
  idempotent: boolean;
  /** May share one QBXMLMsgsRq with other batchable jobs. */
  batchable: boolean;
  build(job: Job<P, G>, ctx: JobContext): QbxmlRequest;
  onResponse(job: Job<P, G>, rs: QbxmlRs, ctx: JobContext): JobOutcome;
  /** Estimate of the job's completion 0..1 while it is in progress (iterators), for percent-done. */
  progressOf?(job: Job<P, G>): number;
  /** Called once a job is given up on, to record it where the user will see it. */
  onFailed?(job: Job<P, G>, reason: string): void;
}

export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  register<P, G>(h: JobHandler<P, G>): void {
    if (this.handlers.has(h.kind)) throw new Error(`job kind ${h.kind} registered twice`);
    this.handlers.set(h.kind, h as unknown as JobHandler);
  }

  get(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }
}
