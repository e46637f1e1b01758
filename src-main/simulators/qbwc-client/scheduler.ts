/**
 * QBWC's "Auto-Run / Every N minutes": runs sessions periodically, never two at once.
 *
 * - start(): first session right away (runImmediately, default true) or after everyMs;
 * - after each session the next one is scheduled `everyMs` after it ended, unless authenticate
 *   returned element[2] (seconds to wait before the next update) — then that delay is used once;
 *   element[3] (minimum run-every seconds) raises the interval permanently;
 * - a timer tick while a session is running is skipped; runNow() queues behind the running one;
 * - stop() cancels the timer and waits for the in-flight session (or aborts it with {abort:true}).
 */
import { runQbwcSession, type QbwcSessionOptions, type QbwcSessionReport } from './session.js';

export interface QbwcSchedulerOptions extends QbwcSessionOptions {
  everyMs: number;
  onSession?: (report: QbwcSessionReport) => void;
  /** Called if runQbwcSession or onSession throws. */
  onError?: (error: unknown) => void;
  /** Run a session as soon as start() is called (default true). */
  runImmediately?: boolean;
  /** Milliseconds per "second" returned by the server in authenticate (default 1000; tests use 1). */
  serverSecondsMs?: number;
  /** unref() the timer so a scheduled (idle) scheduler does not keep the process alive. */
  unrefTimer?: boolean;
}

export class QbwcScheduler {
  private readonly opts: QbwcSchedulerOptions;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private intervalMs: number;
  private abort = new AbortController();
  /** Reports of every session run by this scheduler, in order. */
  readonly reports: QbwcSessionReport[] = [];
  /** Epoch ms of the next timed run, if scheduled. */
  nextRunAt: number | undefined;

  constructor(opts: QbwcSchedulerOptions) {
    if (!(opts.everyMs > 0)) throw new RangeError('QbwcScheduler: everyMs must be > 0');
    this.opts = opts;
    this.intervalMs = opts.everyMs;
  }

  /** Effective interval (everyMs, raised by the server's minimum run-every seconds). */
  get currentIntervalMs(): number {
    return this.intervalMs;
  }

  get running(): boolean {
    return this.pending > 0;
  }

  get isStarted(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.abort.signal.aborted) this.abort = new AbortController();
    this.schedule(this.opts.runImmediately === false ? this.intervalMs : 0);
  }

  async stop(options: { abort?: boolean } = {}): Promise<void> {
    this.started = false;
    this.clearTimer();
    if (options.abort) this.abort.abort(new Error('QbwcScheduler stopped'));
    await this.tail;
    if (options.abort) this.abort = new AbortController();
  }

  /** Run a session now (after the in-flight one, if any). */
  runNow(): Promise<QbwcSessionReport> {
    this.pending++;
    const p = this.tail.then(() => this.runOne());
    this.tail = p.catch(() => undefined);
    return p;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.nextRunAt = undefined;
  }

  private schedule(ms: number): void {
    this.clearTimer();
    if (!this.started) return;
    this.nextRunAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextRunAt = undefined;
      if (!this.started || this.pending > 0) return; // never overlap; rescheduled when it ends
      this.runNow().catch((e: unknown) => this.opts.onError?.(e));
    }, ms);
    if (this.opts.unrefTimer) this.timer.unref();
  }

  private async runOne(): Promise<QbwcSessionReport> {
    let report: QbwcSessionReport | undefined;
    try {
      const signal = this.opts.signal
        ? AbortSignal.any([this.opts.signal, this.abort.signal])
        : this.abort.signal;
      report = await runQbwcSession({ ...this.opts, signal });
      this.reports.push(report);
      try {
        this.opts.onSession?.(report);
      } catch (e) {
        this.opts.onError?.(e);
      }
      return report;
    } catch (e) {
      this.opts.onError?.(e);
      throw e;
    } finally {
      this.pending--;
      this.afterSession(report);
    }
  }

  private afterSession(report: QbwcSessionReport | undefined): void {
    const secMs = this.opts.serverSecondsMs ?? 1000;
    if (report?.minRunEverySec !== undefined) {
      this.intervalMs = Math.max(this.opts.everyMs, report.minRunEverySec * secMs);
    }
    if (!this.started || this.pending > 0) return;
    const wait = report?.waitBeforeNextUpdateSec;
    this.schedule(wait !== undefined && wait > 0 ? wait * secMs : this.intervalMs);
  }
}
