import type { AuditLog } from '../db/audit';
import {
  employeeQuery,
  isApplied,
  otherNameQuery,
  qbWatermarkBefore,
  QB_WATERMARK_OVERLAP_SECONDS,
  toNameEntry,
  vendorQuery,
  type QbxmlRequest,
  type QbxmlRs,
} from '../qbxml';
import type { JobHandler, JobOutcome } from '../qbwc/job-handler';
import type { MirrorStore } from './store';

const LISTS = [
  { kind: 'Vendor', query: vendorQuery },
  { kind: 'Employee', query: employeeQuery },
  { kind: 'OtherName', query: otherNameQuery },
] as const;

interface NamesProgress {
  /** Index into LISTS of the list asked for next. */
  step: number;
}

/**
 * Mirrors the names of vendors, employees and other names (QuickBooks keeps names unique across
 * them and customers): one query per list, everything modified since that list's watermark, only
 * the four elements needed. These lists are small next to customers and items, and EmployeeQuery and
 * OtherNameQuery take no iterator, so each list is one request.
 */
export function namesMirrorHandler(store: MirrorStore, audit: AuditLog): JobHandler<object, NamesProgress> {
  const entity = (kind: (typeof LISTS)[number]['kind']) => `names:${kind}` as const;
  return {
    kind: 'mirror.names',
    idempotent: true,
    batchable: false,

    build(job): QbxmlRequest {
      const list = LISTS[job.progress?.step ?? 0]!;
      const s = store.state(entity(list.kind));
      return list.query({
        activeStatus: 'All',
        ...(s.watermark
          ? { fromModifiedDate: qbWatermarkBefore(s.watermark, QB_WATERMARK_OVERLAP_SECONDS) }
          : {}),
        includeRetElements: ['ListID', 'Name', 'IsActive', 'TimeModified'],
      });
    },

    onResponse(job, rs: QbxmlRs): JobOutcome {
      const step = job.progress?.step ?? 0;
      const list = LISTS[step]!;
      if (!isApplied(rs) && rs.statusCode !== 1)
        return {
          kind: 'retry',
          reason: `QuickBooks answered the ${list.kind} query with ${rs.statusCode}: ${rs.statusMessage}`,
          statusCode: rs.statusCode,
        };
      const s = store.state(entity(list.kind));
      let watermark = s.watermark;
      let count = 0;
      for (const ret of rs.rets) {
        const n = toNameEntry(ret);
        if (!n) continue;
        store.upsertName(n);
        count++;
        if (!watermark || Date.parse(n.timeModified) > Date.parse(watermark)) watermark = n.timeModified;
      }
      const now = new Date().toISOString();
      store.saveState({ ...s, watermark, lastRunAt: now, lastCount: count });
      if (step + 1 < LISTS.length) return { kind: 'next-step', progress: { step: step + 1 } };
      store.saveState({ ...store.state('names'), lastRunAt: now });
      audit.record({
        level: 'info',
        category: 'mirror',
        event: 'mirror-names',
        message:
          'Vendor, employee and other names read from QuickBooks (names are unique across them and customers).',
      });
      return { kind: 'done', result: {} };
    },
  };
}
