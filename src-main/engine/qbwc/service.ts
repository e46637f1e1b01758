import { AuditFolder, clip } from '../db/audit-fold';
import { explainHresult } from './hresults';
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import type { SettingsStore } from '../db/settings';
import { createLogger } from '../log/logger';
import {
  buildQbxmlDocument,
  hostQuery,
  negotiateQbxmlVersion,
  parseQbxmlResponse,
  type QbxmlRequest,
  type QbxmlRs,
} from '../qbxml';
import { checkClientVersion } from './client-version';
import type { AuthThrottle, QbwcCredentials } from './credentials';
import type { JobContext, JobOutcome, JobRegistry } from './job-handler';
import type { Job, Outbox } from './outbox';
import type { QbwcSession, SessionStore } from './sessions';

const log = createLogger('qbwc');

export const SERVER_VERSION = 'ml-connector QBWC service 1.0';
export const COMPANY_FILE_KEY = 'qbwc.companyFile';
const MAX_CONSECUTIVE_ERRORS = 2;

export interface QbwcServiceDeps {
  db: Db;
  settings: SettingsStore;
  audit: AuditLog;
  sessions: SessionStore;
  outbox: Outbox;
  registry: JobRegistry;
  credentials: QbwcCredentials;
  throttle: AuthThrottle;
  maxJobsPerRequest: number;
  /** Called after a successful login, before deciding whether there is work (e.g. mirror refresh due). */
  prepareWork: () => void;
  /** The HostQuery/CompanyQuery answer QBWC passes on the first sendRequestXML of a session. */
  onCompanyInfo: (hcpResponse: QbxmlRs[]) => void;
  /** Syncing paused by the user: QBWC is told there is no work. */
  paused?: () => boolean;
  /** Notified after each session event, for live status. */
  onEvent?: (e: {
    type: 'session-started' | 'session-closed' | 'session-error' | 'progress';
    sessionId: number;
  }) => void;
}

/**
 * The eight QuickBooks Web Connector methods, independent of SOAP. QBWC drives a session:
 * authenticate → (sendRequestXML → receiveResponseXML)* → closeConnection. Each request we send is
 * a batch of outbox jobs; their state changes commit with whatever their responses wrote.
 */
export class QbwcService {
  /** Errors for tickets we do not know: there is no session row to keep them in. */
  private readonly strayErrors = new Map<string, string>();
  /** Jobs in the current request of each session, in request order, with their send time. */
  private readonly sentAt = new Map<number, number>();
  /** Per session: jobs to send one at a time (their batch was a document QuickBooks could not read). */
  private readonly isolate = new Map<number, Set<number>>();

  private readonly folder: AuditFolder;

  constructor(private readonly d: QbwcServiceDeps) {
    this.folder = new AuditFolder(d.audit);
  }

  serverVersion(): string {
    return SERVER_VERSION;
  }

  clientVersion(strVersion: string | undefined): string {
    const answer = checkClientVersion(strVersion);
    // No login yet: whoever calls, at most one short line a minute.
    if (answer) {
      this.folder.record('client-version', {
        level: answer.startsWith('E:') ? 'error' : 'warn',
        category: 'qbwc',
        event: 'client-version',
        message: answer.slice(2),
        data: { version: clip(strVersion ?? '', 100) },
      });
    }
    return answer;
  }

  async authenticate(username: string | undefined, password: string | undefined): Promise<string[]> {
    const user = (username ?? '').slice(0, 200);
    const wait = this.d.throttle.delayFor(user);
    if (wait > 0) {
      this.folder.record('auth-throttled', {
        level: 'warn',
        category: 'qbwc',
        event: 'auth-throttled',
        message: `Logins slowed: wrong passwords for user "${clip(user, 60)}" in the last minute (each check now waits up to ${wait} ms; the right password is still accepted).`,
      });
      await new Promise((r) => setTimeout(r, wait));
    }
    const ok = await this.d.credentials.verify(user, password ?? '');
    if (!ok) {
      this.d.throttle.fail(user);
      // Anyone can try: a line a minute, and no session row for a refused login.
      this.folder.record('auth-failed', {
        level: 'warn',
        category: 'qbwc',
        event: 'auth-failed',
        message: this.d.credentials.isConfigured()
          ? `QuickBooks Web Connector login failed for user "${clip(user, 60)}": wrong user name or password.`
          : 'QuickBooks Web Connector tried to log in, but no QBWC password is set in ml-connector yet.',
      });
      return [randomUUID(), 'nvu'];
    }
    this.d.throttle.succeed(user);

    if (this.d.paused?.()) {
      this.d.audit.record({
        level: 'info',
        category: 'qbwc',
        event: 'paused',
        message: 'Syncing is paused: told the Web Connector there is no work.',
      });
      return [this.d.sessions.createClosed(user, 'none (paused)'), 'none'];
    }
    return this.d.db.transaction(() => {
      // A new login means any session still open for this user is dead (QBWC runs one at a time).
      this.d.sessions.expireStale(user);
      this.recoverOrphans();
      this.d.prepareWork();
      if (this.d.outbox.countPending() === 0) {
        return [this.d.sessions.createClosed(user, 'none'), 'none'];
      }
      const { ticket, session } = this.d.sessions.create(user, null);
      this.d.audit.record({
        level: 'info',
        category: 'qbwc',
        event: 'session-start',
        message: `QuickBooks Web Connector session ${session.id} started (${this.d.outbox.countPending()} jobs waiting).`,
        data: { sessionId: session.id },
      });
      this.d.onEvent?.({ type: 'session-started', sessionId: session.id });
      // A bound company file makes QBWC open that file (and refuse others); "" = whatever is open.
      const companyFile = this.d.settings.get<string>(COMPANY_FILE_KEY) ?? '';
      return [ticket, companyFile];
    })();
  }

  /** Jobs whose session died while they were out: reads go back to the queue, writes come back uncertain. */
  private recoverOrphans(): void {
    for (const job of this.d.outbox.orphaned()) {
      const h = this.d.registry.get(job.kind);
      const uncertain = !(h?.idempotent ?? false);
      this.d.outbox.requeue(job.id, { uncertain });
      this.d.audit.record({
        level: uncertain ? 'warn' : 'info',
        category: 'outbox',
        event: 'job-recovered',
        orderNumber: job.orderNumber,
        message: uncertain
          ? `Job ${job.id} (${job.kind}) was sent to QuickBooks but its answer never arrived; it will be checked before it is repeated.`
          : `Job ${job.id} (${job.kind}) was interrupted and is queued again.`,
        data: { jobId: job.id },
      });
    }
  }

  private lookup(ticket: string | undefined): { session?: QbwcSession; error?: string } {
    const r = this.d.sessions.touch(ticket);
    switch (r.kind) {
      case 'ok':
        return { session: r.session };
      case 'expired':
        return {
          error: 'This QuickBooks Web Connector session expired after inactivity. Run the update again.',
        };
      case 'closed':
        return { error: 'This QuickBooks Web Connector session is already closed. Run the update again.' };
      default:
        return { error: 'Unknown session ticket. Run the update again from the QuickBooks Web Connector.' };
    }
  }

  private strayError(ticket: string | undefined, message: string): void {
    if (!ticket) return;
    if (this.strayErrors.size > 1000) this.strayErrors.clear();
    this.strayErrors.set(ticket.slice(0, 200), message);
  }

  sendRequestXML(args: {
    ticket?: string;
    strHCPResponse?: string;
    strCompanyFileName?: string;
    qbXMLCountry?: string;
    qbXMLMajorVers?: number | string;
    qbXMLMinorVers?: number | string;
  }): string {
    const { session, error } = this.lookup(args.ticket);
    if (!session) {
      this.strayError(args.ticket, error!);
      return '';
    }
    try {
      return this.d.db.transaction(() => this.nextRequest(session, args))();
    } catch (err) {
      const message = `ml-connector could not prepare the next request: ${(err as Error).message}`;
      log.error('sendRequestXML failed', { err: (err as Error).stack });
      this.d.sessions.update(session.id, { lastError: message });
      this.d.audit.record({ level: 'error', category: 'qbwc', event: 'send-failed', message });
      return '';
    }
  }

  private nextRequest(
    session: QbwcSession,
    args: {
      strHCPResponse?: string;
      strCompanyFileName?: string;
      qbXMLMajorVers?: number | string;
      qbXMLMinorVers?: number | string;
    },
  ): string {
    if (args.strHCPResponse) {
      try {
        this.d.onCompanyInfo(parseQbxmlResponse(args.strHCPResponse).responses);
      } catch (err) {
        log.warn('could not read the company information QBWC sent', { err: (err as Error).message });
      }
    }
    if (session.requests === 0 || !session.qbxmlVersion) {
      const companyFile = args.strCompanyFileName ?? '';
      const bound = this.d.settings.get<string>(COMPANY_FILE_KEY);
      if (bound && companyFile && bound.toLowerCase() !== companyFile.toLowerCase()) {
        const message = `ml-connector is set up for the company file "${bound}", but QuickBooks has "${companyFile}" open. Open the right company file, or change the company file in ml-connector's settings.`;
        this.d.sessions.update(session.id, { lastError: message, result: 'wrong company file' });
        this.d.audit.record({ level: 'error', category: 'qbwc', event: 'wrong-company-file', message });
        return '';
      }
      if (!bound && companyFile) {
        this.d.settings.set(COMPANY_FILE_KEY, companyFile);
        this.d.audit.record({
          level: 'info',
          category: 'qbwc',
          event: 'company-file-bound',
          message: `Connected to the QuickBooks company file "${companyFile}".`,
        });
      }
      let version: string;
      try {
        version = negotiateQbxmlVersion(Number(args.qbXMLMajorVers ?? 13), Number(args.qbXMLMinorVers ?? 0));
      } catch (err) {
        const message = (err as Error).message;
        this.d.sessions.update(session.id, { lastError: message, result: 'unsupported QuickBooks version' });
        this.d.audit.record({ level: 'error', category: 'qbwc', event: 'qbxml-version', message });
        return '';
      }
      this.d.sessions.update(session.id, {
        companyFile: companyFile || bound || null,
        qbxmlVersion: version,
      });
      session = this.d.sessions.byId(session.id)!;
    }

    // QBWC asked again without answering the last request. QuickBooks may well have run it (QBWC
    // re-asks when it could not deliver the answer), so reads go again and writes come back
    // uncertain, starting over from their first step (a post job then reads QuickBooks first).
    for (const job of this.d.outbox.awaitingAnswer(session.id)) {
      const write = !(this.d.registry.get(job.kind)?.idempotent ?? false);
      this.d.outbox.requeue(job.id, write ? { uncertain: true, progress: null } : { refundAttempt: true });
    }

    const version = session.qbxmlVersion ?? '13.0';
    const ctx: JobContext = { sessionId: session.id, qbxmlVersion: version };
    const jobs = this.pickBatch(session.id);
    const requests: QbxmlRequest[] = [];
    const sent: Job[] = [];
    for (const job of jobs) {
      const h = this.d.registry.get(job.kind);
      if (!h) {
        this.failJob(session, job, `No handler for job kind "${job.kind}" in this version of ml-connector.`);
        continue;
      }
      try {
        const rq = h.build(job, ctx);
        requests.push({ ...rq, requestID: String(job.id) });
        sent.push(job);
      } catch (err) {
        this.failJob(session, job, `Could not build the QuickBooks request: ${(err as Error).message}`);
      }
    }
    if (requests.length === 0) {
      // Never answer "" for "no work" (QBWC reports that as an error): a harmless HostQuery ends the session cleanly.
      requests.push({ ...hostQuery(), requestID: 'keepalive' });
    }
    const xml = buildQbxmlDocument(requests, { version, onError: 'continueOnError' });
    this.d.outbox.markSent(
      sent.map((j) => j.id),
      session.id,
      xml,
      null,
    );
    this.sentAt.set(session.id, Date.now());
    this.d.sessions.update(session.id, { addRequests: 1 });
    return xml;
  }

  /** The next jobs to send: a job's next step in this session first, then pending jobs by priority, batched. */
  private pickBatch(sessionId: number): Job[] {
    // Jobs of a request QuickBooks could not read go one at a time (unreadableDocument).
    const alone = this.isolate.get(sessionId);
    if (alone?.size) {
      const suspect = [
        ...this.d.outbox.nextSteps(sessionId, this.d.maxJobsPerRequest),
        ...this.d.outbox.pending(this.d.maxJobsPerRequest),
      ].find((j) => alone.has(j.id));
      if (suspect) {
        alone.delete(suspect.id);
        return [suspect];
      }
      alone.clear();
    }
    // Next steps travel together (50 queries, then their 50 Adds/Mods); an iterator's page goes alone.
    const steps = this.d.outbox.nextSteps(sessionId, this.d.maxJobsPerRequest);
    if (steps.length) {
      const batchable = (j: Job): boolean => !j.iteratorId && Boolean(this.d.registry.get(j.kind)?.batchable);
      if (!batchable(steps[0]!)) return [steps[0]!];
      return steps.filter(batchable);
    }
    const candidates = this.d.outbox.pending(this.d.maxJobsPerRequest);
    const first = candidates[0];
    if (!first) return [];
    const h = this.d.registry.get(first.kind);
    if (!h || !h.batchable) return [first];
    const batch: Job[] = [];
    for (const job of candidates) {
      const hj = this.d.registry.get(job.kind);
      if (!hj || !hj.batchable) break;
      batch.push(job);
    }
    return batch;
  }

  private failJob(session: QbwcSession, job: Job, reason: string, statusCode?: number): void {
    this.d.outbox.fail(job.id, { statusCode: statusCode ?? null, statusMessage: reason });
    this.d.sessions.update(session.id, { addFailed: 1 });
    this.d.registry.get(job.kind)?.onFailed?.(job, reason);
    this.d.audit.record({
      level: 'error',
      category: 'outbox',
      event: 'job-failed',
      orderNumber: job.orderNumber,
      statusCode: statusCode ?? null,
      message: `Job ${job.id} (${job.kind}) failed: ${reason}`,
      data: { jobId: job.id, attempts: job.attempts },
    });
  }

  receiveResponseXML(args: {
    ticket?: string;
    response?: string;
    hresult?: string;
    message?: string;
  }): number {
    const { session, error } = this.lookup(args.ticket);
    if (!session) {
      this.strayError(args.ticket, error!);
      return -101;
    }
    try {
      const pct = this.d.db.transaction(() => this.applyResponse(session, args))();
      this.d.onEvent?.({ type: 'progress', sessionId: session.id });
      return pct;
    } catch (err) {
      const message = `ml-connector could not apply QuickBooks' response: ${(err as Error).message}`;
      log.error('receiveResponseXML failed', { err: (err as Error).stack });
      this.d.sessions.update(session.id, { lastError: message });
      this.d.audit.record({ level: 'error', category: 'qbwc', event: 'receive-failed', message });
      return -1;
    }
  }

  private applyResponse(
    session: QbwcSession,
    args: { response?: string; hresult?: string; message?: string },
  ): number {
    const inFlight = this.d.outbox.awaitingAnswer(session.id);
    const started = this.sentAt.get(session.id);
    const elapsedMs = started === undefined ? undefined : Date.now() - started;
    this.sentAt.delete(session.id);
    this.d.sessions.update(session.id, { addResponses: 1 });

    let responses: QbxmlRs[] | undefined;
    let problem: string | undefined;
    if (args.hresult && args.hresult.trim() !== '') {
      problem = `QuickBooks could not process the request: ${explainHresult(args.hresult, args.message)}`;
    } else {
      try {
        responses = parseQbxmlResponse(args.response ?? '').responses;
      } catch (err) {
        problem = `QuickBooks' response could not be read: ${(err as Error).message}`;
      }
    }

    if (!responses && /0x80040400/i.test(args.hresult ?? '')) {
      return this.unreadableDocument(session, inFlight, problem!);
    }
    if (!responses) {
      // The whole request failed: each job gets another attempt until it has used them all.
      for (const job of inFlight) {
        if (job.attempts >= job.maxAttempts) this.failJob(session, job, problem!);
        else this.d.outbox.requeue(job.id);
      }
      const errors = session.consecutiveErrors + 1;
      this.d.sessions.update(session.id, { consecutiveErrors: errors, lastError: problem! });
      this.d.audit.record({
        level: 'error',
        category: 'qbwc',
        event: 'request-error',
        message: problem!,
        data: { hresult: args.hresult, jobs: inFlight.map((j) => j.id) },
      });
      // Twice in a row means QuickBooks itself is in trouble (a dialog open, a crash): end the session.
      if (errors >= MAX_CONSECUTIVE_ERRORS) return -1;
      return this.percentDone(session.id);
    }

    const byRequestId = new Map<string, QbxmlRs>();
    for (const rs of responses) if (rs.requestID) byRequestId.set(rs.requestID, rs);
    const ctx: JobContext = {
      sessionId: session.id,
      qbxmlVersion: session.qbxmlVersion ?? '13.0',
      elapsedMs,
    };
    for (const job of inFlight) {
      const rs = byRequestId.get(String(job.id));
      if (!rs) {
        // Skipped (stopOnError) or dropped: QuickBooks did not act on it, so the attempt is refunded.
        this.d.outbox.requeue(job.id, { refundAttempt: true });
        continue;
      }
      this.applyOutcome(session, job, rs, ctx);
    }
    this.d.sessions.update(session.id, { consecutiveErrors: 0 });
    return this.percentDone(session.id);
  }

  /**
   * QuickBooks could not read the document (0x80040400): nothing in it ran, and it will never read
   * it, whatever the retries. One job is the cause; the others must not sink with it. A batch is sent
   * again one job at a time; the job QuickBooks cannot read on its own fails, with the reason.
   */
  private unreadableDocument(session: QbwcSession, inFlight: Job[], problem: string): number {
    if (inFlight.length > 1) {
      const alone = this.isolate.get(session.id) ?? new Set<number>();
      for (const job of inFlight) {
        alone.add(job.id);
        this.d.outbox.requeue(job.id, { refundAttempt: true });
      }
      this.isolate.set(session.id, alone);
      this.d.audit.record({
        level: 'warn',
        category: 'qbwc',
        event: 'request-split',
        message: `${problem} The ${inFlight.length} jobs in that request are sent again one at a time, to find the one QuickBooks cannot read.`,
        data: { jobs: inFlight.map((j) => j.id) },
      });
    } else {
      for (const job of inFlight)
        this.failJob(
          session,
          job,
          `${problem} Sent on its own, so the cause is in this job's own text or data; the rest of the queue went on.`,
        );
    }
    return this.percentDone(session.id);
  }

  private applyOutcome(session: QbwcSession, job: Job, rs: QbxmlRs, ctx: JobContext): void {
    const h = this.d.registry.get(job.kind);
    let outcome: JobOutcome;
    try {
      // In a savepoint: a handler that throws halfway leaves none of its writes behind.
      outcome = h
        ? this.d.db.transaction(() => h.onResponse(job, rs, ctx))()
        : { kind: 'failed', reason: `No handler for job kind "${job.kind}".` };
    } catch (err) {
      outcome = { kind: 'failed', reason: `Could not apply QuickBooks' answer: ${(err as Error).message}` };
    }
    switch (outcome.kind) {
      case 'done':
        this.d.outbox.complete(job.id, {
          statusCode: rs.statusCode,
          statusMessage: outcome.message ?? rs.statusMessage,
          result: outcome.result,
        });
        this.d.sessions.update(session.id, { addDone: 1 });
        break;
      case 'continue':
        this.d.outbox.awaitNextStep(job.id, outcome.progress, outcome.iteratorId);
        break;
      case 'next-step':
        this.d.outbox.awaitNextStep(job.id, outcome.progress, null);
        break;
      case 'retry':
        if (job.attempts >= job.maxAttempts) {
          this.failJob(session, job, outcome.reason, outcome.statusCode ?? rs.statusCode);
        } else {
          this.d.outbox.requeue(job.id);
          this.d.audit.record({
            level: 'warn',
            category: 'outbox',
            event: 'job-retry',
            orderNumber: job.orderNumber,
            statusCode: outcome.statusCode ?? rs.statusCode,
            message: `Job ${job.id} (${job.kind}) will be retried: ${outcome.reason}`,
          });
        }
        break;
      case 'failed':
        this.failJob(session, job, outcome.reason, outcome.statusCode ?? rs.statusCode);
        break;
    }
  }

  /** 0–99 while work remains, 100 when the queue is drained (QBWC then calls closeConnection). */
  percentDone(sessionId: number): number {
    const s = this.d.sessions.byId(sessionId);
    if (!s) return 100;
    const remaining = this.d.outbox.countPending() + this.d.outbox.inFlight(sessionId).length;
    if (remaining === 0) return 100;
    let partial = 0;
    for (const job of this.d.outbox.inFlight(sessionId)) {
      const h = this.d.registry.get(job.kind);
      if (h?.progressOf) partial += Math.min(1, Math.max(0, h.progressOf(job)));
    }
    const finished = s.jobsDone + s.jobsFailed;
    const pct = Math.floor((100 * (finished + partial)) / (finished + remaining));
    return Math.min(99, Math.max(0, pct));
  }

  getLastError(ticket: string | undefined): string {
    const stray = ticket ? this.strayErrors.get(ticket) : undefined;
    if (stray) {
      this.strayErrors.delete(ticket!);
      return stray;
    }
    const r = this.d.sessions.touch(ticket);
    if (r.kind === 'unknown')
      return 'Unknown session ticket. Run the update again from the QuickBooks Web Connector.';
    const msg = r.session.lastError;
    return msg ?? 'ml-connector hit an unexpected problem. Open ml-connector to see the details.';
  }

  connectionError(
    ticket: string | undefined,
    hresult: string | undefined,
    message: string | undefined,
  ): string {
    const r = this.d.sessions.touch(ticket);
    const text = clip(
      `QuickBooks Web Connector could not reach QuickBooks: ${explainHresult(clip(hresult ?? '', 40), clip(message ?? '', 400))}`,
      600,
    );
    if (r.kind === 'unknown') {
      // Not a ticket we gave out: it changes nothing a person sees, and a flood writes a line a minute.
      this.folder.record('connection-error-unknown-ticket', {
        level: 'warn',
        category: 'qbwc',
        event: 'connection-error-refused',
        message: 'A connectionError call with an unknown session ticket was ignored.',
      });
      return 'done';
    }
    this.d.sessions.update(r.session.id, { lastError: text, result: 'connection error' });
    this.d.sessions.setState(r.session.id, 'error', 'connection error');
    this.d.onEvent?.({ type: 'session-error', sessionId: r.session.id });
    this.d.settings.set('qbwc.lastConnectionError', {
      at: new Date().toISOString(),
      hresult,
      message: text,
    });
    this.d.audit.record({
      level: 'error',
      category: 'qbwc',
      event: 'connection-error',
      message: text,
      data: { hresult: clip(hresult ?? '', 40) },
    });
    return 'done';
  }

  closeConnection(ticket: string | undefined): string {
    const r = this.d.sessions.touch(ticket);
    if (r.kind !== 'ok') {
      return r.kind === 'unknown' ? 'Unknown session ticket.' : 'Session already closed.';
    }
    this.isolate.delete(r.session.id);
    const s = r.session;
    const summary = `ml-connector: ${s.jobsDone} done, ${s.jobsFailed} failed, in ${s.requests} requests.`;
    this.d.db.transaction(() => {
      // Anything still out was never answered; it goes back to the queue for the next session.
      for (const job of this.d.outbox.inFlight(s.id)) {
        const h = this.d.registry.get(job.kind);
        this.d.outbox.requeue(job.id, { uncertain: !(h?.idempotent ?? false) });
      }
      this.d.sessions.setState(s.id, 'closed', s.lastError ? `closed with error: ${s.lastError}` : 'ok');
      this.d.audit.record({
        level: s.jobsFailed > 0 ? 'warn' : 'info',
        category: 'qbwc',
        event: 'session-end',
        message: `QuickBooks Web Connector session ${s.id} ended. ${summary}`,
        data: { sessionId: s.id, jobsDone: s.jobsDone, jobsFailed: s.jobsFailed, requests: s.requests },
      });
    })();
    this.d.onEvent?.({ type: 'session-closed', sessionId: s.id });
    return summary;
  }
}
