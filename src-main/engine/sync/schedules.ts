import cron, { type ScheduledTask } from 'node-cron';
import { createLogger } from '../log/logger';

const log = createLogger('schedules');

export interface ScheduledJob {
  name: string;
  cron: string;
  run: () => Promise<unknown>;
}

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

export function assertCron(expression: string, label: string): void {
  if (!cron.validate(expression)) {
    throw new ScheduleError(
      `${label}: "${expression}" is not a valid cron schedule (e.g. "*/5 * * * *" = every 5 minutes).`,
    );
  }
}

/**
 * Named cron jobs (poll, reconcile, nightly check). Never two runs of the same job at once: a tick
 * that finds the previous run still going is skipped, not queued.
 */
export class Schedules {
  private readonly tasks = new Map<string, { job: ScheduledJob; task: ScheduledTask; running: boolean }>();

  add(job: ScheduledJob): void {
    assertCron(job.cron, job.name);
    this.remove(job.name);
    const entry = { job, task: undefined as unknown as ScheduledTask, running: false };
    entry.task = cron.schedule(
      job.cron,
      async () => {
        if (entry.running) {
          log.info('skipped: previous run still going', { job: job.name });
          return;
        }
        entry.running = true;
        try {
          await job.run();
        } catch (err) {
          log.error('scheduled job failed', { job: job.name, err: (err as Error).message });
        } finally {
          entry.running = false;
        }
      },
      { name: job.name, noOverlap: true, unref: true },
    );
    this.tasks.set(job.name, entry);
  }

  /** Changes a job's schedule (from settings) without restarting the engine. */
  reschedule(name: string, expression: string): void {
    const e = this.tasks.get(name);
    if (!e) throw new ScheduleError(`No scheduled job named ${name}.`);
    this.add({ ...e.job, cron: expression });
  }

  list(): { name: string; cron: string; running: boolean }[] {
    return [...this.tasks.values()].map((e) => ({ name: e.job.name, cron: e.job.cron, running: e.running }));
  }

  remove(name: string): void {
    const e = this.tasks.get(name);
    if (!e) return;
    void e.task.stop();
    void e.task.destroy();
    this.tasks.delete(name);
  }

  stopAll(): void {
    for (const name of [...this.tasks.keys()]) this.remove(name);
  }
}
