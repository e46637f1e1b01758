import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import {
  invoiceQuery,
  isRetryable,
  journalEntryQuery,
  salesReceiptQuery,
  toInvoice,
  toJournalEntry,
  toSalesReceipt,
  type QbxmlRequest,
  type QbxmlRs,
} from '../qbxml';
import type { JobHandler, JobOutcome } from '../qbwc/job-handler';
import type { Job } from '../qbwc/outbox';
import type { FlagsStore } from './flags-store';
import { addRequest, MEMO_MARKER, modRequest, type PostingContent, type TxnType } from './posting-content';
import type { PostingsStore } from './postings-store';

export interface PostPayload {
  postingKey: string;
}

interface PostProgress {
  step: 'query' | 'add' | 'mod';
  txnId?: string;
  editSequence?: string;
  staleRetries?: number;
}

export const POST_PRIORITY = 100;
const MAX_STALE_RETRIES = 3;
/** Marks a failure that is a collision with a transaction we did not create (flagged, never retried). */
const FOREIGN = 'QuickBooks already has';

interface FoundTxn {
  txnId: string;
  editSequence: string;
  txnDate: string;
  total: number | undefined;
  lineCount: number;
  ours: boolean;
}

function foundTxns(type: TxnType, rs: QbxmlRs, orderNumber: string): FoundTxn[] {
  const marker = MEMO_MARKER(orderNumber);
  const hasMarker = (memo: string | undefined): boolean =>
    Boolean(memo && (memo === marker || memo.startsWith(`${marker} `)));
  return rs.rets.flatMap((ret) => {
    if (type === 'JournalEntry' && ret.retType === 'JournalEntryRet') {
      const t = toJournalEntry(ret);
      return [
        {
          txnId: t.txnId,
          editSequence: t.editSequence,
          txnDate: t.txnDate,
          total: t.totalDebit,
          lineCount: t.lines.length,
          ours: t.lines.some((l) => hasMarker(l.memo)),
        },
      ];
    }
    const sales =
      type === 'Invoice' && ret.retType === 'InvoiceRet'
        ? toInvoice(ret)
        : type === 'SalesReceipt' && ret.retType === 'SalesReceiptRet'
          ? toSalesReceipt(ret)
          : undefined;
    if (sales) {
      return [
        {
          txnId: sales.txnId,
          editSequence: sales.editSequence,
          txnDate: sales.txnDate,
          total: sales.totalAmount,
          lineCount: sales.lines.length,
          ours: hasMarker(sales.memo),
        },
      ];
    }
    return [];
  });
}

function queryRequest(c: PostingContent): QbxmlRequest {
  const opts = { refNumbers: [c.refNumber], refNumberCaseSensitive: true, includeLineItems: true };
  if (c.txnType === 'Invoice') return invoiceQuery(opts);
  if (c.txnType === 'SalesReceipt') return salesReceiptQuery(opts);
  return journalEntryQuery(opts);
}

const expectedLines = (c: PostingContent): number =>
  c.txnType === 'JournalEntry'
    ? 1 +
      (c.lines.some((l) => l.kind === 'discount') ? 1 : 0) +
      1 +
      (c.lines.some((l) => l.kind === 'shipping') ? 1 : 0) +
      (c.lines.some((l) => l.kind === 'tax') ? 1 : 0)
    : c.lines.length;

/**
 * Posts one order's revenue into QuickBooks exactly once. A first Add goes straight out; anything
 * uncertain (a retry, a session that died with the Add in flight, a correction) first queries
 * QuickBooks by the order's RefNumber, in the same session, and then adds, updates (Mod with the
 * EditSequence just read; 3200 → read again) or recognises that QuickBooks already has it.
 */
export function postOrderHandler(deps: {
  db: Db;
  postings: PostingsStore;
  flags: FlagsStore;
  audit: AuditLog;
}): JobHandler<PostPayload, PostProgress> {
  const { postings, audit, db } = deps;

  const content = (job: Job<PostPayload, PostProgress>): PostingContent => {
    const p = postings.get(job.payload.postingKey);
    if (!p?.content) throw new Error(`nothing to post for order ${job.payload.postingKey}`);
    return p.content;
  };

  const setOrdersStatus = (orderNumber: string, status: string): void => {
    db.prepare(`UPDATE orders SET status = ? WHERE order_number = ? AND status NOT IN ('ignored')`).run(
      status,
      orderNumber,
    );
  };

  const confirmed = (
    job: Job<PostPayload, PostProgress>,
    c: PostingContent,
    txnId: string,
    editSequence: string,
    how: string,
  ): JobOutcome => {
    const p = postings.get(job.payload.postingKey)!;
    postings.confirm(c.orderNumber, {
      txnId,
      editSequence,
      txnDate: c.txnDate,
      amount: c.total,
      hash: p.contentHash!,
      voided: c.voided,
    });
    setOrdersStatus(c.orderNumber, c.voided ? 'cancelled' : 'posted');
    audit.record({
      level: 'info',
      category: 'sync',
      event: c.voided ? 'voided' : how === 'add' ? 'posted' : how === 'mod' ? 'corrected' : 'already-posted',
      orderNumber: c.orderNumber,
      qbRef: txnId,
      message: c.voided
        ? `Order ${c.orderNumber}: ${c.txnType} ${txnId} zeroed in QuickBooks (voided or cancelled in ShipStation).`
        : how === 'add'
          ? `Order ${c.orderNumber} posted to QuickBooks as ${c.txnType} ${txnId} (${c.total.toFixed(2)}, dated ${c.txnDate}).`
          : how === 'mod'
            ? `Order ${c.orderNumber}: ${c.txnType} ${txnId} updated in QuickBooks (${c.total.toFixed(2)}, dated ${c.txnDate}).`
            : `Order ${c.orderNumber} was already in QuickBooks as ${c.txnType} ${txnId}; not added again.`,
      data: { refNumber: c.refNumber, txnType: c.txnType },
    });
    return { kind: 'done', result: { txnId } };
  };

  return {
    kind: 'post.order',
    idempotent: false,
    batchable: true,

    build(job) {
      const c = content(job);
      const p = postings.get(job.payload.postingKey)!;
      const step = job.progress?.step ?? (p.txnId || job.uncertain || job.attempts > 0 ? 'query' : 'add');
      if (step === 'query') return queryRequest(c);
      if (step === 'mod') return modRequest(c, job.progress!.txnId!, job.progress!.editSequence!);
      return addRequest(c);
    },

    onResponse(job, rs): JobOutcome {
      const c = content(job);
      if (rs.type.endsWith('QueryRs')) {
        if (rs.statusCode !== 0 && rs.statusCode !== 1 && rs.statusCode !== 500) {
          return {
            kind: 'retry',
            reason: `QuickBooks could not look the order up: ${rs.statusMessage}`,
            statusCode: rs.statusCode,
          };
        }
        const found = rs.statusCode === 0 ? foundTxns(c.txnType, rs, c.orderNumber) : [];
        const ours = found.find((f) => f.ours);
        if (!ours) {
          if (found.length) {
            return {
              kind: 'failed',
              reason: `${FOREIGN} a ${c.txnType} with RefNumber ${c.refNumber} that ml-connector did not create (TxnID ${found[0]!.txnId}). Check it in QuickBooks; nothing was posted.`,
            };
          }
          return {
            kind: 'next-step',
            progress: { step: 'add', staleRetries: job.progress?.staleRetries ?? 0 },
          };
        }
        postings.found(c.orderNumber, ours.txnId, ours.editSequence);
        const p = postings.get(c.orderNumber)!;
        const same =
          p.postedHash === p.contentHash ||
          (ours.txnDate === c.txnDate &&
            ours.total !== undefined &&
            Math.abs(ours.total - c.total) < 0.005 &&
            ours.lineCount === expectedLines(c) &&
            !c.voided);
        if (same) return confirmed(job, c, ours.txnId, ours.editSequence, 'found');
        return {
          kind: 'next-step',
          progress: {
            step: 'mod',
            txnId: ours.txnId,
            editSequence: ours.editSequence,
            staleRetries: job.progress?.staleRetries ?? 0,
          },
        };
      }
      const ret = rs.rets[0];
      if (rs.statusCode === 0 && ret) {
        const t =
          ret.retType === 'JournalEntryRet'
            ? toJournalEntry(ret)
            : ret.retType === 'InvoiceRet'
              ? toInvoice(ret)
              : toSalesReceipt(ret);
        return confirmed(job, c, t.txnId, t.editSequence, rs.type.endsWith('AddRs') ? 'add' : 'mod');
      }
      if (rs.statusCode === 3200) {
        const stale = (job.progress?.staleRetries ?? 0) + 1;
        if (stale > MAX_STALE_RETRIES)
          return {
            kind: 'failed',
            reason: `QuickBooks kept reporting the transaction as changed (3200).`,
            statusCode: 3200,
          };
        return { kind: 'next-step', progress: { step: 'query', staleRetries: stale } };
      }
      if (isRetryable(rs)) return { kind: 'retry', reason: rs.statusMessage, statusCode: rs.statusCode };
      return {
        kind: 'failed',
        reason: `QuickBooks refused the ${c.txnType}: ${rs.statusMessage}`,
        statusCode: rs.statusCode,
      };
    },

    onFailed(job, reason) {
      const key = job.payload.postingKey;
      postings.fail(key, reason);
      const orders = db.prepare(`SELECT order_id FROM orders WHERE order_number = ?`).all(key) as {
        order_id: string;
      }[];
      for (const o of orders) {
        deps.flags.add(o.order_id, {
          reason: reason.startsWith(FOREIGN) ? 'order_number_collision' : 'quickbooks_error',
          detail: reason,
        });
      }
      setOrdersStatus(key, 'failed');
    },
  };
}
