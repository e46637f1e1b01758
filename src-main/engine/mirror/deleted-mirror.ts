import type { AuditLog } from '../db/audit';
import {
  isApplied,
  qbWatermarkBefore,
  QB_WATERMARK_OVERLAP_SECONDS,
  LIST_DEL_TYPES,
  listDeletedQuery,
  toDeletedList,
  type QbxmlRs,
} from '../qbxml';
import type { JobHandler, JobOutcome } from '../qbwc/job-handler';
import type { MirrorStore } from './store';

const NAME_LISTS: readonly string[] = ['Vendor', 'Employee', 'OtherName'];

/** Every list type whose deletion removes something from our customer, item or name mirror. */
export const MIRRORED_LIST_DEL_TYPES = LIST_DEL_TYPES.filter(
  (t) => t === 'Customer' || t.startsWith('Item') || NAME_LISTS.includes(t),
);

/** Applies ListDeletedQuery: customers and items deleted in QuickBooks since the last check. */
export function deletedMirrorHandler(
  store: MirrorStore,
  audit: AuditLog,
): JobHandler<{ full?: boolean }, null> {
  return {
    kind: 'mirror.deleted',
    idempotent: true,
    batchable: true,
    build() {
      const s = store.state('deleted');
      return listDeletedQuery({
        listDelTypes: MIRRORED_LIST_DEL_TYPES,
        ...(s.watermark
          ? { fromDeletedDate: qbWatermarkBefore(s.watermark, QB_WATERMARK_OVERLAP_SECONDS) }
          : {}),
      });
    },
    onResponse(_job, rs: QbxmlRs): JobOutcome {
      if (!isApplied(rs)) {
        return {
          kind: 'retry',
          reason: `ListDeletedQuery: ${rs.statusCode} ${rs.statusMessage}`,
          statusCode: rs.statusCode,
        };
      }
      const s = store.state('deleted');
      let watermark = s.watermark;
      let removed = 0;
      for (const ret of rs.rets) {
        const d = toDeletedList(ret);
        if (!d) continue;
        const kind =
          d.listDelType === 'Customer' ? 'customer' : NAME_LISTS.includes(d.listDelType) ? 'name' : 'item';
        if (store.markDeleted(kind, d.listId, d.timeDeleted)) removed++;
        if (!watermark || Date.parse(d.timeDeleted) > Date.parse(watermark)) watermark = d.timeDeleted;
      }
      const now = new Date().toISOString();
      store.saveState({ ...s, watermark, lastRunAt: now, lastCount: rs.rets.length });
      if (removed > 0) {
        audit.record({
          level: 'info',
          category: 'mirror',
          event: 'mirror-deleted',
          message: `${removed} customer(s)/item(s) deleted in QuickBooks were removed from the local list.`,
          data: { removed },
        });
      }
      return { kind: 'done', result: { removed } };
    },
  };
}
