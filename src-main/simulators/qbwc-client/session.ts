/**
 * One QuickBooks Web Connector update session ("Update Selected"), following QBWC 2.x's call loop:
 *
 *   serverVersion → clientVersion → authenticate
 *     → [connectionError … when the company file cannot be opened]
 *     → (sendRequestXML → QuickBooks → receiveResponseXML)* [getLastError on "" / negative %]
 *     → closeConnection
 *
 * Nothing here throws for server-side problems: every outcome (faults, HTTP errors, timeouts included)
 * ends up in the returned QbwcSessionReport.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { QbwcAbortedError } from './errors.js';
import { QbwcSoapClient, type QbwcCallRecord, type QbwcSoapClientOptions } from './soap-client.js';

/** The QuickBooks side that QBWC talks to through the SDK (qbXMLRP2). */
export interface QuickBooksBackend {
  /** Path of the company file currently open in QuickBooks. */
  readonly companyFile: string;
  readonly qbxmlMajorVersion: number;
  readonly qbxmlMinorVersion: number;
  /** HostQuery response qbXML, sent as strHCPResponse on the first sendRequestXML of a session. */
  hostQueryResponseXml(): string | Promise<string>;
  /** Process a qbXML request; throw for malformed/unsupported requests (→ hresult 0x80040400). */
  handleRequestXml(requestXml: string): Promise<string>;
}

export const DEFAULT_CLIENT_VERSION = '2.3.0.36';
export const DEFAULT_NOOP_DELAY_MS = 5_000;
export const DEFAULT_MAX_NOOPS = 100;
export const DEFAULT_MAX_REQUESTS = 10_000;
export const QB_COUNTRY = 'US';

/** HRESULTs QBWC reports. */
export const HRESULT_PARSE_ERROR = '0x80040400';
export const MESSAGE_PARSE_ERROR = 'QuickBooks found an error when parsing the provided XML text stream.';
export const HRESULT_COULD_NOT_START_QB = '0x80040408';
export const MESSAGE_COULD_NOT_START_QB = 'Could not start QuickBooks.';
/** Another company file is open than the one the application asked for (QuickBooks SDK error text). */
export const HRESULT_OTHER_COMPANY_FILE = '0x8004040A';
export const MESSAGE_OTHER_COMPANY_FILE =
  'QuickBooks company data file is already open and it is different from the one requested.';

export type QbwcSessionOutcome =
  | 'completed'
  | 'no-work'
  | 'invalid-user'
  | 'busy'
  | 'client-version-rejected'
  | 'error'
  | 'dropped'
  | 'connection-error';

export interface QbwcSessionOptions extends Omit<QbwcSoapClientOptions, 'timeoutMs'> {
  /** http://127.0.0.1:PORT/qbwc */
  url: string;
  username: string;
  password: string;
  backend: QuickBooksBackend;
  /** Sent to clientVersion. Default "2.3.0.36". */
  clientVersion?: string;
  /** Wait after a "NoOp" from getLastError before calling sendRequestXML again. Default 5000. */
  noOpDelayMs?: number;
  /** Give up (closeConnection, outcome "error") after this many NoOps. Default 100. */
  maxNoOps?: number;
  /** Safety cap on qbXML requests per session (closeConnection, outcome "error"). Default 10 000. */
  maxRequests?: number;
  /** Per SOAP call timeout. Default 120 000 ms. */
  callTimeoutMs?: number;
  /**
   * QuickBooks is not running: after authenticate, call connectionError(ticket, hresult, message)
   * instead of sendRequestXML. "done" ends the session; any other string is a company file to retry
   * with. `times` = how many open attempts fail this way (default: all of them).
   */
  connectionErrorInsteadOfQuickBooks?: { hresult: string; message: string; times?: number };
  /** How many times a company file returned by connectionError is retried. Default 1. */
  maxConnectionRetries?: number;
  /**
   * The PC goes to sleep: end the session abruptly once this many qbXML requests have been received
   * (after their receiveResponseXML, or before it with dropBeforeReceive). Never calls closeConnection.
   */
  dropAfterRequests?: number;
  /** With dropAfterRequests: QuickBooks processed the last request but its response is never delivered. */
  dropBeforeReceive?: boolean;
}

export interface QbwcSessionReport {
  serverVersion: string;
  clientVersionResult: string;
  authResult: string[];
  ticket?: string;
  outcome: QbwcSessionOutcome;
  /** qbXML requests received from sendRequestXML (non-empty results). */
  requests: number;
  /** receiveResponseXML results, in order. */
  percents: number[];
  /** getLastError text / clientVersion or connection error / exception message that ended the session. */
  lastError?: string;
  closeMessage?: string;
  noOps: number;
  bytesSent: number;
  bytesReceived: number;
  durationMs: number;
  /** Non-fatal oddities: clientVersion "W:", percent going backwards, percent > 100 … */
  warnings: string[];
  /** authenticate element[2]: seconds to wait before the next update. */
  waitBeforeNextUpdateSec?: number;
  /** authenticate element[3]: minimum "run every" interval in seconds. */
  minRunEverySec?: number;
  /** Company file QuickBooks had open for the session (sent as strCompanyFileName). */
  companyFile?: string;
  /** Results of every connectionError call. */
  connectionErrorResults: string[];
  /** Messages of backend exceptions answered with hresult 0x80040400. */
  backendErrors: string[];
  /** Every SOAP call made, in order (empty when recordCalls is false). */
  calls: QbwcCallRecord[];
  /** The exception that ended the session (SOAP fault, HTTP/transport error, timeout …). */
  error?: Error;
}

function parseSeconds(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function sameCompanyFile(a: string, b: string): boolean {
  // Windows paths: case-insensitive, either slash.
  const norm = (p: string) => p.trim().replace(/\//g, '\\').toLowerCase();
  return norm(a) === norm(b);
}

export async function runQbwcSession(opts: QbwcSessionOptions): Promise<QbwcSessionReport> {
  const started = performance.now();
  const client = new QbwcSoapClient({ ...opts, timeoutMs: opts.callTimeoutMs });
  const backend = opts.backend;
  const noOpDelayMs = opts.noOpDelayMs ?? DEFAULT_NOOP_DELAY_MS;
  const maxNoOps = opts.maxNoOps ?? DEFAULT_MAX_NOOPS;
  const maxRequests = opts.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const maxRetries = opts.maxConnectionRetries ?? 1;
  const report: QbwcSessionReport = {
    serverVersion: '',
    clientVersionResult: '',
    authResult: [],
    outcome: 'error',
    requests: 0,
    percents: [],
    noOps: 0,
    bytesSent: 0,
    bytesReceived: 0,
    durationMs: 0,
    warnings: [],
    connectionErrorResults: [],
    backendErrors: [],
    calls: client.calls,
  };

  const close = async (ticket: string) => {
    report.closeMessage = await client.closeConnection(ticket);
  };

  try {
    // 1. versions
    report.serverVersion = await client.serverVersion();
    const cv = await client.clientVersion(opts.clientVersion ?? DEFAULT_CLIENT_VERSION);
    report.clientVersionResult = cv;
    if (cv.startsWith('W:')) {
      report.warnings.push(`clientVersion warning: ${cv.slice(2)}`); // user clicks OK, session goes on
    } else if (cv.startsWith('E:')) {
      report.outcome = 'client-version-rejected';
      report.lastError = cv.slice(2);
      return report;
    } else if (cv.startsWith('O:')) {
      report.outcome = 'client-version-rejected';
      report.lastError = `update needed: QBWC ${cv.slice(2)} or later required`;
      return report;
    } else if (cv !== '') {
      report.warnings.push(`clientVersion returned unrecognised ${JSON.stringify(cv)} (treated as OK)`);
    }

    // 2. authenticate
    const auth = await client.authenticate(opts.username, opts.password);
    report.authResult = auth;
    const ticket = auth[0] ?? '';
    const status = auth[1] ?? '';
    if (ticket !== '') report.ticket = ticket;
    const wait = parseSeconds(auth[2]);
    if (wait !== undefined) report.waitBeforeNextUpdateSec = wait;
    const minEvery = parseSeconds(auth[3]);
    if (minEvery !== undefined) report.minRunEverySec = minEvery;
    if (status === 'nvu') {
      report.outcome = 'invalid-user';
      return report;
    }
    if (status === 'none') {
      report.outcome = 'no-work';
      return report;
    }
    if (status === 'busy') {
      report.outcome = 'busy';
      return report;
    }
    if (auth.length < 2) {
      report.warnings.push(`authenticate returned ${auth.length} element(s); expected at least 2`);
    }
    if (ticket === '') {
      report.lastError = 'authenticate returned no ticket';
      return report;
    }

    // 2b. open the company file (simulated)
    let requested = status; // "" = whatever file is open
    for (let attempt = 0; ; attempt++) {
      const knob = opts.connectionErrorInsteadOfQuickBooks;
      let failure: { hresult: string; message: string } | undefined;
      if (knob && attempt < (knob.times ?? Number.POSITIVE_INFINITY)) {
        failure = { hresult: knob.hresult, message: knob.message };
      } else if (requested !== '' && !sameCompanyFile(requested, backend.companyFile)) {
        failure = { hresult: HRESULT_OTHER_COMPANY_FILE, message: MESSAGE_OTHER_COMPANY_FILE };
      }
      if (!failure) break;
      const ce = await client.connectionError(ticket, failure.hresult, failure.message);
      report.connectionErrorResults.push(ce);
      // "done": give up. "" asks QBWC to try again with the company file that is open; any other
      // text is a company file to try. (QBWC's connectionError contract as issue 10 states it; the
      // empty-reply case is not confirmed against a real Web Connector here.)
      if (ce.toLowerCase() === 'done' || attempt >= maxRetries) {
        report.outcome = 'connection-error';
        report.lastError = `${failure.hresult}: ${failure.message}`;
        return report;
      }
      requested = ce;
    }
    report.companyFile = backend.companyFile;

    // 3. request/response loop
    let first = true;
    let lastPercent: number | undefined;
    for (;;) {
      if (report.requests >= maxRequests) {
        report.lastError = `maxRequests (${maxRequests}) reached without 100% — giving up`;
        await close(ticket);
        report.outcome = 'error';
        return report;
      }
      const hcp = first ? await backend.hostQueryResponseXml() : '';
      first = false;
      const rq = await client.sendRequestXML(
        ticket,
        hcp,
        backend.companyFile,
        QB_COUNTRY,
        backend.qbxmlMajorVersion,
        backend.qbxmlMinorVersion,
      );
      if (rq === '') {
        const err = await client.getLastError(ticket);
        if (err === 'NoOp') {
          report.noOps++;
          if (report.noOps > maxNoOps) {
            report.lastError = `maxNoOps (${maxNoOps}) exceeded`;
            await close(ticket);
            report.outcome = 'error';
            return report;
          }
          await delay(noOpDelayMs, undefined, opts.signal ? { signal: opts.signal } : undefined);
          continue;
        }
        report.lastError = err;
        await close(ticket);
        report.outcome = 'error';
        return report;
      }
      report.requests++;
      const dropNow = opts.dropAfterRequests !== undefined && report.requests >= opts.dropAfterRequests;

      let response: string;
      let hresult = '';
      let message = '';
      try {
        response = await backend.handleRequestXml(rq);
      } catch (e) {
        report.backendErrors.push((e as Error)?.message ?? String(e));
        response = '';
        // A backend may say which COM error QuickBooks raised (e.g. 0x80040408 busy); else a parse error.
        const carried = (e as { hresult?: unknown } | null)?.hresult;
        if (typeof carried === 'string' && /^0x[0-9a-f]{8}$/i.test(carried)) {
          hresult = carried;
          message = (e as Error).message;
        } else {
          hresult = HRESULT_PARSE_ERROR;
          message = MESSAGE_PARSE_ERROR;
        }
      }
      if (dropNow && opts.dropBeforeReceive) {
        report.outcome = 'dropped';
        return report;
      }

      const pct = await client.receiveResponseXML(ticket, response, hresult, message);
      report.percents.push(pct);
      if (pct < 0) {
        report.lastError = await client.getLastError(ticket);
        await close(ticket);
        report.outcome = 'error';
        return report;
      }
      if (lastPercent !== undefined && pct < lastPercent) {
        report.warnings.push(`percent went backwards: ${lastPercent} -> ${pct}`);
      }
      lastPercent = pct;
      if (pct >= 100) {
        if (pct > 100) report.warnings.push(`percent above 100: ${pct}`);
        await close(ticket);
        report.outcome = 'completed';
        return report;
      }
      if (dropNow) {
        report.outcome = 'dropped';
        return report;
      }
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    report.error = err;
    report.lastError = err.message;
    report.outcome = err instanceof QbwcAbortedError || opts.signal?.aborted ? 'dropped' : 'error';
    return report;
  } finally {
    report.bytesSent = client.bytesSent;
    report.bytesReceived = client.bytesReceived;
    report.durationMs = performance.now() - started;
  }
}
