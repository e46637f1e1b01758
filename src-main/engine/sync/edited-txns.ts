import { shipmentLabel } from './shipment-parts';
import type { Db } from '../db/open';
import type { MirrorStore } from '../mirror/store';
import {
  invoiceQuery,
  isApplied,
  journalEntryQuery,
  qbWatermarkBefore,
  QB_WATERMARK_OVERLAP_SECONDS,
  salesReceiptQuery,
  type QbxmlRequest,
} from '../qbxml';
import type { JobHandler, JobOutcome } from '../qbwc/job-handler';
import type { Outbox } from '../qbwc/outbox';
import type { TxnType } from './posting-content';
import { postDedupKey, type PostingLifecycle } from './posting-lifecycle';
import type { PostingsStore } from './postings-store';
import { differences, witnessOf } from './witness';

export interface EditWatchPayload {
  txnType: TxnType;
}

interface EditWatchProgress {
  from: string | null;
  maxTimeModified: string | null;
  pages: number;
  edited: number;
}

/** Transactions per page: each carries its lines, so pages stay small (a request times out near 60 s). */
export const EDIT_WATCH_PAGE = 100;
export const EDIT_WATCH_KIND = 'watch.edited-txns';

export const editWatchEntity = (t: TxnType) => `edited:${t}` as const;

/**
 * Where the watch starts the first time: QuickBooks' own TimeModified of the oldest transaction we
 * wrote (kept from its answer), so the query reads our transactions and nothing older.
 */
function firstWatermark(db: Db, txnType: TxnType): string | null {
  const r = db
    .prepare(
      `SELECT min(qb_time_modified) AS tm, min(updated_at) AS up FROM postings WHERE txn_type = ? AND txn_id IS NOT NULL`,
    )
    .get(txnType) as { tm: string | null; up: string | null };
  if (r.tm) return r.tm;
  // Never our own clock in QuickBooks' terms (its offsets are not ours): a bare date the day before.
  return r.up ? new Date(Date.parse(r.up) - 86_400_000).toISOString().slice(0, 10) : null;
}

function query(txnType: TxnType, opts: Parameters<typeof salesReceiptQuery>[0]): QbxmlRequest {
  if (txnType === 'Invoice') return invoiceQuery(opts);
  if (txnType === 'SalesReceipt') return salesReceiptQuery(opts);
  return journalEntryQuery(opts);
}

/**
 * QuickBooks as the witness: each session (with the mirror's interval) reads the transactions of a
 * type we post that changed since the last look (ModifiedDateRangeFilter, paged by an iterator). One
 * of ours whose EditSequence moved and whose content no longer equals what we put there was edited
 * by a person: the order is held for review (Retry puts ShipStation's figures back, Ignore keeps
 * QuickBooks' version). Whatever is read is kept as that posting's witness.
 */
export function editedTxnsHandler(deps: {
  db: Db;
  mirror: MirrorStore;
  postings: PostingsStore;
  outbox: Outbox;
  life: PostingLifecycle;
}): JobHandler<EditWatchPayload, EditWatchProgress> {
  const { db, mirror, postings, outbox, life } = deps;
  const byTxnId = db.prepare(`SELECT posting_key FROM postings WHERE txn_id = ? AND hold IS NULL`);

  return {
    kind: EDIT_WATCH_KIND,
    idempotent: true,
    batchable: false,

    build(job): QbxmlRequest {
      const t = job.payload.txnType;
      if (job.iteratorId)
        return query(t, {
          iterator: 'Continue',
          iteratorID: job.iteratorId,
          maxReturned: EDIT_WATCH_PAGE,
          includeLineItems: true,
        });
      const from = mirror.state(editWatchEntity(t)).watermark ?? firstWatermark(db, t);
      return query(t, {
        iterator: 'Start',
        maxReturned: EDIT_WATCH_PAGE,
        ...(from ? { fromModifiedDate: qbWatermarkBefore(from, QB_WATERMARK_OVERLAP_SECONDS) } : {}),
        includeLineItems: true,
      });
    },

    onResponse(job, rs): JobOutcome {
      const t = job.payload.txnType;
      if (!isApplied(rs))
        return {
          kind: 'retry',
          reason: `${t}Query (edits): ${rs.statusCode} ${rs.statusMessage}`,
          statusCode: rs.statusCode,
        };
      const p: EditWatchProgress =
        job.iteratorId && job.progress
          ? job.progress
          : { from: mirror.state(editWatchEntity(t)).watermark, maxTimeModified: null, pages: 0, edited: 0 };
      let maxTm = p.maxTimeModified;
      let edited = p.edited;
      for (const ret of rs.rets) {
        const w = witnessOf(ret);
        if (!w || w.txnType !== t) continue;
        if (!maxTm || Date.parse(w.timeModified) > Date.parse(maxTm)) maxTm = w.timeModified;
        const key = (byTxnId.get(w.txnId) as { posting_key: string } | undefined)?.posting_key;
        const posting = key ? postings.get(key) : undefined;
        if (!key || !posting?.content || w.editSequence === posting.editSequence) continue;
        // A write is wanted (a post job queued or out, or one waiting for dry run to end, e.g. after a
        // person chose Retry): the post job reads QuickBooks itself and decides there.
        if (posting.state === 'queued' || outbox.isActive(postDedupKey(key))) continue;
        life.witness(key, w);
        const diffs = differences(posting.content, w);
        if (!diffs.length) {
          postings.found(key, w.txnId, w.editSequence);
          continue;
        }
        edited++;
        life.park(
          key,
          'edited_in_quickbooks',
          `Order ${shipmentLabel(posting.orderNumber, posting.shipment)}'s ${t} ${w.txnId} was changed in QuickBooks by hand (${diffs.join(', ')}). ml-connector leaves it as it is: choose Retry to put ShipStation's figures back, or Ignore to keep QuickBooks' version.`,
          { txnId: w.txnId, differences: diffs, timeModified: w.timeModified },
        );
      }
      const next: EditWatchProgress = { ...p, maxTimeModified: maxTm, pages: p.pages + 1, edited };
      if (rs.iteratorID && (rs.iteratorRemainingCount ?? 0) > 0)
        return { kind: 'continue', iteratorId: rs.iteratorID, progress: next };
      const s = mirror.state(editWatchEntity(t));
      // Inclusive FromModifiedDate: the newest one is read again next time; its EditSequence makes that a no-op.
      mirror.saveState({
        ...s,
        watermark: maxTm ?? s.watermark ?? firstWatermark(db, t),
        lastRunAt: new Date().toISOString(),
        lastCount: rs.rets.length,
      });
      return { kind: 'done', result: { edited, pages: next.pages } };
    },
  };
}
