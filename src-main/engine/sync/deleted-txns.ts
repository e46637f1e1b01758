import { shipmentLabel } from './shipment-parts';
import type { Db } from '../db/open';
import type { MirrorStore } from '../mirror/store';
import {
  isApplied,
  qbWatermarkBefore,
  QB_WATERMARK_OVERLAP_SECONDS,
  toDeletedTxn,
  txnDeletedQuery,
  type QbxmlRs,
} from '../qbxml';
import type { JobHandler, JobOutcome } from '../qbwc/job-handler';
import type { PostingLifecycle } from './posting-lifecycle';

/**
 * The transactions we posted, as QuickBooks sees them: TxnDeletedQuery tells when a bookkeeper
 * deleted one. The order is then flagged (never silently re-posted: deleting may have been
 * deliberate) and the month-end report no longer counts it as posted.
 */
export function deletedTxnsHandler(deps: {
  db: Db;
  mirror: MirrorStore;
  life: PostingLifecycle;
}): JobHandler<Record<string, never>, null> {
  const { db, mirror } = deps;
  return {
    kind: 'mirror.deleted-txns',
    idempotent: true,
    batchable: true,
    build() {
      const s = mirror.state('deleted-txns');
      return txnDeletedQuery({
        txnDelTypes: ['Invoice', 'SalesReceipt', 'JournalEntry'],
        ...(s.watermark
          ? { fromDeletedDate: qbWatermarkBefore(s.watermark, QB_WATERMARK_OVERLAP_SECONDS) }
          : {}),
      });
    },
    onResponse(_job, rs: QbxmlRs): JobOutcome {
      if (!isApplied(rs)) {
        return {
          kind: 'retry',
          reason: `TxnDeletedQuery: ${rs.statusCode} ${rs.statusMessage}`,
          statusCode: rs.statusCode,
        };
      }
      const s = mirror.state('deleted-txns');
      let watermark = s.watermark;
      let hits = 0;
      for (const ret of rs.rets) {
        const d = toDeletedTxn(ret);
        if (!d) continue;
        if (!watermark || Date.parse(d.timeDeleted) > Date.parse(watermark)) watermark = d.timeDeleted;
        const p = db
          .prepare(
            `SELECT posting_key, order_id, coalesce(order_number, posting_key) AS order_number, shipment
             FROM postings WHERE txn_id = ? AND hold IS NULL`,
          )
          .get(d.txnId) as
          { posting_key: string; order_id: string; order_number: string; shipment: number } | undefined;
        if (!p) continue;
        hits++;
        deps.life.park(
          p.posting_key,
          'deleted_in_quickbooks',
          `The ${d.txnDelType} ${d.txnId} posted for order ${shipmentLabel(p.order_number, p.shipment)} was deleted in QuickBooks on ${d.timeDeleted}. It will not be posted again unless you choose Retry.`,
          { txnId: d.txnId, timeDeleted: d.timeDeleted },
        );
      }
      mirror.saveState({ ...s, watermark, lastRunAt: new Date().toISOString(), lastCount: rs.rets.length });
      return { kind: 'done', result: { deleted: hits } };
    },
  };
}
