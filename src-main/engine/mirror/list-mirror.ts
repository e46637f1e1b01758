import type { AuditLog } from '../db/audit';
import { createLogger } from '../log/logger';
import {
  isApplied,
  qbWatermarkBefore,
  QB_WATERMARK_OVERLAP_SECONDS,
  customerQuery,
  itemQuery,
  toCustomer,
  toItem,
  type QbxmlRequest,
  type QbxmlRs,
} from '../qbxml';
import type { JobContext, JobHandler, JobOutcome } from '../qbwc/job-handler';
import type { Job } from '../qbwc/outbox';
import type { MirrorStore } from './store';

const log = createLogger('mirror');

export interface ListMirrorPayload {
  full: boolean;
}

export interface ListMirrorProgress {
  runId: number;
  full: boolean;
  from: string | null;
  pages: number;
  count: number;
  remaining: number | null;
  maxTimeModified: string | null;
  pageSize: number;
  startedAt: string;
}

/** QuickBooks stops a request after ~60 s; pages are sized to take about this long, with margin. */
export const TARGET_PAGE_MS = 15_000;
export const MIN_PAGE = 100;
export const MAX_PAGE = 2_000;
export const INITIAL_PAGE = 500;

/** Next page size from how long the last page took (proportional, bounded, at most ×2 per step). */
export function nextPageSize(current: number, elapsedMs: number | undefined): number {
  if (!elapsedMs || elapsedMs <= 0) return current;
  const ideal = Math.round((current * TARGET_PAGE_MS) / elapsedMs);
  const bounded = Math.min(current * 2, Math.max(Math.floor(current / 2), ideal));
  return Math.min(MAX_PAGE, Math.max(MIN_PAGE, bounded));
}

type Entity = 'customers' | 'items';

/**
 * Mirrors one QuickBooks list (customers or items) into SQLite: an iterator over everything
 * modified since the watermark (or everything, for a full refresh), paged under QBXML's time limit.
 * The watermark moves only when the whole run completes, so an interrupted run is simply redone.
 */
export function listMirrorHandler(
  entity: Entity,
  store: MirrorStore,
  audit: AuditLog,
): JobHandler<ListMirrorPayload, ListMirrorProgress> {
  const kind = entity === 'customers' ? 'customer' : 'item';

  const start = (job: Job<ListMirrorPayload, ListMirrorProgress>): ListMirrorProgress => {
    const s = store.state(entity);
    const full = job.payload.full || s.fullRequested || !s.watermark;
    return {
      runId: store.nextRun(entity),
      full,
      from: full ? null : s.watermark,
      pages: 0,
      count: 0,
      remaining: null,
      maxTimeModified: null,
      pageSize: s.pageSize ?? INITIAL_PAGE,
      startedAt: new Date().toISOString(),
    };
  };

  return {
    kind: `mirror.${entity}`,
    idempotent: true,
    batchable: false,

    build(job): QbxmlRequest {
      const p = job.iteratorId && job.progress ? job.progress : undefined;
      const pageSize = p?.pageSize ?? store.state(entity).pageSize ?? INITIAL_PAGE;
      const st = store.state(entity);
      const from = p ? p.from : job.payload.full || st.fullRequested ? null : st.watermark;
      const iter = job.iteratorId
        ? ({ iterator: 'Continue', iteratorID: job.iteratorId } as const)
        : ({ iterator: 'Start' } as const);
      const opts = {
        ...iter,
        maxReturned: pageSize,
        activeStatus: 'All' as const,
        ...(from && !job.iteratorId
          ? { fromModifiedDate: qbWatermarkBefore(from, QB_WATERMARK_OVERLAP_SECONDS) }
          : {}),
        ownerID: '0',
      };
      return entity === 'customers' ? customerQuery(opts) : itemQuery(opts);
    },

    onResponse(job, rs: QbxmlRs, ctx: JobContext): JobOutcome {
      const progress = job.iteratorId && job.progress ? job.progress : start(job);
      if (!isApplied(rs)) {
        return {
          kind: 'retry',
          reason: `QuickBooks answered the ${entity} query with ${rs.statusCode}: ${rs.statusMessage}`,
          statusCode: rs.statusCode,
        };
      }
      let maxTm = progress.maxTimeModified;
      for (const ret of rs.rets) {
        if (entity === 'customers') {
          if (ret.retType !== 'CustomerRet') continue;
          const c = toCustomer(ret);
          store.upsertCustomer(c, progress.runId);
          if (!maxTm || Date.parse(c.timeModified) > Date.parse(maxTm)) maxTm = c.timeModified;
        } else {
          const i = toItem(ret);
          if (!i) continue;
          store.upsertItem(i, progress.runId);
          if (!maxTm || Date.parse(i.timeModified) > Date.parse(maxTm)) maxTm = i.timeModified;
        }
      }
      const next: ListMirrorProgress = {
        ...progress,
        pages: progress.pages + 1,
        count: progress.count + rs.rets.length,
        remaining: rs.iteratorRemainingCount ?? 0,
        maxTimeModified: maxTm,
        pageSize: nextPageSize(progress.pageSize, ctx.elapsedMs),
      };
      if (rs.iteratorID && (rs.iteratorRemainingCount ?? 0) > 0) {
        return { kind: 'continue', iteratorId: rs.iteratorID, progress: next };
      }
      return finish(next);
    },

    progressOf(job): number {
      const p = job.progress;
      if (!p || p.remaining === null) return 0;
      return p.count / Math.max(1, p.count + p.remaining);
    },
  };

  function finish(p: ListMirrorProgress): JobOutcome {
    const now = new Date().toISOString();
    const s = store.state(entity);
    let removed = 0;
    if (p.full) removed = store.markUnseenDeleted(kind, p.runId, now);
    const durationMs = Date.now() - Date.parse(p.startedAt);
    store.saveState({
      ...s,
      // Inclusive FromModifiedDate: the newest record is fetched again next time, never missed.
      watermark: p.maxTimeModified ?? s.watermark,
      pageSize: p.pageSize,
      lastRunAt: now,
      lastFullAt: p.full ? now : s.lastFullAt,
      lastCount: p.count,
      lastDurationMs: durationMs,
      fullRequested: p.full ? false : s.fullRequested,
    });
    const message = `${p.full ? 'Full' : 'Incremental'} ${entity} refresh: ${p.count} received in ${p.pages} page(s)${
      removed ? `, ${removed} no longer in QuickBooks` : ''
    }.`;
    log.info(message, { entity, count: p.count, pages: p.pages, durationMs });
    audit.record({
      level: 'info',
      category: 'mirror',
      event: `mirror-${entity}`,
      message,
      data: { count: p.count, pages: p.pages, removed, durationMs, full: p.full },
    });
    return { kind: 'done', result: { count: p.count, pages: p.pages, removed }, message };
  }
}
