import type { AuditLog } from '../db/audit';
import {
  foldToLatin1,
  invoiceQuery,
  isLatin1,
  isRetryable,
  isWarning,
  journalEntryQuery,
  salesReceiptQuery,
  type QbxmlRequest,
  type QbxmlRs,
} from '../qbxml';
import type { JobHandler, JobOutcome } from '../qbwc/job-handler';
import type { Job } from '../qbwc/outbox';
import { addRequest, modRequest, type PostingContent } from './posting-content';
import type { PostingLifecycle } from './posting-lifecycle';
import type { Posting, PostingsStore } from './postings-store';
import {
  differences,
  isOurs,
  onlyBundlePrices,
  taxMismatch,
  witnessesOf,
  witnessOf,
  type QbWitness,
} from './witness';

export interface PostPayload {
  postingKey: string;
}

interface PostProgress {
  step: 'query' | 'add' | 'mod';
  /** Steps hold only within the session that read QuickBooks: a new session starts with a query. */
  sessionId: number;
  txnId?: string;
  editSequence?: string;
  staleRetries?: number;
  /** Mods sent to price a bundle QuickBooks priced from its components. */
  repriced?: number;
  /** The repricing follows our Add (the audit says "posted", not "updated"). */
  added?: boolean;
}

export const POST_PRIORITY = 100;

/** How the audit names the transaction: the order number, and which shipment when not the first. */
const who = (c: PostingContent): string =>
  c.shipment ? `${c.orderNumber} (shipment ${c.shipment})` : c.orderNumber;
const MAX_STALE_RETRIES = 3;
// One Mod prices a bundle QuickBooks holds; a second covers a group added new by a Mod.
const MAX_REPRICES = 2;

function queryRequest(c: PostingContent, txnId: string | null): QbxmlRequest {
  const opts = txnId
    ? { txnIds: [txnId], includeLineItems: true }
    : { refNumbers: [c.refNumber], refNumberCaseSensitive: true, includeLineItems: true };
  if (c.txnType === 'Invoice') return invoiceQuery(opts);
  if (c.txnType === 'SalesReceipt') return salesReceiptQuery(opts);
  return journalEntryQuery(opts);
}

/**
 * Posts one order's revenue into QuickBooks exactly once. Every attempt starts by reading QuickBooks
 * in the same session (by TxnID once known, else by RefNumber): nothing there → Add; ours and
 * exactly as it should be → done; ours but different → Mod with the EditSequence just read (3200 →
 * read again); changed by a person since we wrote it, deleted, or someone else's → parked for a
 * person. Whatever QuickBooks answers is kept as the witness.
 */
export function postOrderHandler(deps: {
  postings: PostingsStore;
  life: PostingLifecycle;
  audit: AuditLog;
}): JobHandler<PostPayload, PostProgress> {
  const { postings, audit, life } = deps;

  const posting = (job: Job<PostPayload, PostProgress>): Posting & { content: PostingContent } => {
    const p = postings.get(job.payload.postingKey);
    if (!p?.content) throw new Error(`nothing to post for order ${job.payload.postingKey}`);
    return p as Posting & { content: PostingContent };
  };

  const confirmed = (
    key: string,
    c: PostingContent,
    w: QbWitness,
    how: 'add' | 'mod' | 'found',
  ): JobOutcome => {
    life.confirmed(key, c, w);
    const txnId = w.txnId;
    audit.record({
      level: 'info',
      category: 'sync',
      event: c.voided ? 'voided' : how === 'add' ? 'posted' : how === 'mod' ? 'corrected' : 'already-posted',
      orderNumber: c.orderNumber,
      qbRef: txnId,
      message: c.voided
        ? `Order ${who(c)}: ${c.txnType} ${txnId} zeroed in QuickBooks (voided or cancelled in ShipStation).`
        : how === 'add'
          ? `Order ${who(c)} posted to QuickBooks as ${c.txnType} ${txnId} (${w.totalAmount.toFixed(2)}, dated ${w.txnDate}).`
          : how === 'mod'
            ? `Order ${who(c)}: ${c.txnType} ${txnId} updated in QuickBooks (${w.totalAmount.toFixed(2)}, dated ${w.txnDate}).`
            : `Order ${who(c)} was already in QuickBooks as ${c.txnType} ${txnId}, exactly as it should be; not added again.`,
      data: { refNumber: c.refNumber, txnType: c.txnType, qbTotal: w.totalAmount },
    });
    if (how !== 'found') auditFolding(c, w.txnId);
    const tax = taxMismatch(c, w);
    if (tax) {
      // Posted, but QuickBooks' tax is not what the customer paid: never left silently.
      life.park(
        key,
        'tax_mismatch',
        c.salesTax?.mode === 'quickbooks'
          ? `QuickBooks computed ${tax.quickBooks.toFixed(2)} sales tax on order ${who(c)}'s ${c.txnType} ${txnId} with "${c.salesTax.item.fullName}", but ShipStation charged ${tax.shipStation.toFixed(2)}. Choose the right tax item for the ship-to state in Settings and Retry (the transaction is updated), or Ignore to keep QuickBooks' figure.`
          : `QuickBooks added ${tax.quickBooks.toFixed(2)} sales tax to order ${who(c)}'s ${c.txnType} ${txnId} on top of ShipStation's tax line (${tax.shipStation.toFixed(2)}): the tax item "${c.salesTax?.item.fullName ?? ''}" set in Settings is not 0 %. Choose a 0 % tax item and Retry.`,
        { txnId, quickBooksTax: tax.quickBooks, shipStationTax: tax.shipStation },
      );
      return { kind: 'done', result: { txnId, parked: 'tax_mismatch' } };
    }
    return { kind: 'done', result: { txnId } };
  };

  /** Text QuickBooks cannot store was folded on the way (latin1.ts): the original stays here. */
  const auditFolding = (c: PostingContent, txnId: string): void => {
    const texts = [c.memo, ...c.lines.map((l) => l.desc ?? '')];
    const changed = texts.filter((t) => !isLatin1(t.normalize('NFC')));
    if (!changed.length) return;
    audit.record({
      level: 'info',
      category: 'sync',
      event: 'text-adjusted',
      orderNumber: c.orderNumber,
      qbRef: txnId,
      message: `Order ${who(c)}: text QuickBooks cannot store was adjusted (${changed
        .slice(0, 3)
        .map((t) => `"${t.slice(0, 60)}" → "${foldToLatin1(t).slice(0, 60)}"`)
        .join('; ')}). The original is kept here.`,
      data: { original: changed, sent: changed.map(foldToLatin1) },
    });
  };

  const afterQuery = (
    job: Job<PostPayload, PostProgress>,
    p: Posting & { content: PostingContent },
    rs: QbxmlRs,
    sessionId: number,
  ): JobOutcome => {
    const c = p.content;
    const key = p.postingKey;
    // 1 = none, 500 = some of the asked-for keys missing (the Rets that came are still real).
    if (rs.statusCode !== 0 && rs.statusCode !== 1 && rs.statusCode !== 500) {
      return {
        kind: 'retry',
        reason: `QuickBooks could not look the order up: ${rs.statusMessage}`,
        statusCode: rs.statusCode,
      };
    }
    const found = witnessesOf(rs, c.txnType);
    let ours: QbWitness | undefined;
    if (p.txnId) {
      ours = found.find((w) => w.txnId === p.txnId);
      if (!ours) {
        life.park(
          key,
          'deleted_in_quickbooks',
          `The ${c.txnType} ${p.txnId} posted for order ${who(c)} is no longer in QuickBooks (deleted there). It will not be posted again unless you choose Retry.`,
          { txnId: p.txnId },
        );
        return { kind: 'done', result: { parked: 'deleted_in_quickbooks' } };
      }
    } else {
      const mine = found.filter((w) => isOurs(w, c.orderNumber, c.shipment));
      if (mine.length !== 1 && found.length) {
        const others = found.filter((w) => !isOurs(w, c.orderNumber, c.shipment));
        life.park(
          key,
          'foreign_transaction',
          mine.length > 1
            ? `QuickBooks already holds ${mine.length} ${c.txnType}s with RefNumber ${c.refNumber} for order ${who(c)}. Keep one (delete the others), then choose Retry.`
            : `QuickBooks already has a ${c.txnType} with RefNumber ${c.refNumber} that ml-connector did not create (TxnID ${others[0]!.txnId}). Nothing was posted. Delete or renumber it in QuickBooks, then choose Retry; or Ignore this order.`,
          { txnIds: found.map((w) => w.txnId) },
        );
        return { kind: 'done', result: { parked: 'foreign_transaction' } };
      }
      ours = mine[0];
      if (!ours && c.voided) {
        // Never reached QuickBooks, and nothing is to be in it now.
        life.absent(key);
        return { kind: 'done', result: { absent: true } };
      }
      if (!ours) return { kind: 'next-step', progress: { step: 'add', sessionId } };
    }
    life.witness(key, ours);
    const diffs = differences(c, ours);
    if (!diffs.length) return confirmed(key, c, ours, 'found');
    // QuickBooks holds what we last wrote, or has not changed since we last read it (e.g. between
    // adding a bundle and pricing it).
    const ourLastWrite =
      (p.sentContent ? differences(p.sentContent, ours).length === 0 : false) ||
      p.witness?.editSequence === ours.editSequence;
    if (p.editSequence && ours.editSequence !== p.editSequence && !ourLastWrite) {
      life.park(
        key,
        'edited_in_quickbooks',
        `Order ${who(c)}'s ${c.txnType} ${ours.txnId} was changed in QuickBooks by hand (${diffs.join(', ')}). ml-connector leaves it as it is: choose Retry to put ShipStation's figures back, or Ignore to keep QuickBooks' version.`,
        { txnId: ours.txnId, differences: diffs },
      );
      return { kind: 'done', result: { parked: 'edited_in_quickbooks' } };
    }
    return {
      kind: 'next-step',
      progress: {
        step: 'mod',
        sessionId,
        txnId: ours.txnId,
        editSequence: ours.editSequence,
        staleRetries: job.progress?.staleRetries ?? 0,
      },
    };
  };

  return {
    kind: 'post.order',
    idempotent: false,
    batchable: true,

    build(job, ctx) {
      const p = posting(job);
      const pr = job.progress;
      const step = pr && pr.sessionId === ctx.sessionId ? pr.step : 'query';
      if (step === 'query') return queryRequest(p.content, p.txnId);
      postings.sent(p.postingKey, p.content);
      if (step === 'mod') return modRequest(p.content, pr!.txnId!, pr!.editSequence!, p.witness);
      return addRequest(p.content);
    },

    onResponse(job, rs, ctx): JobOutcome {
      const p = posting(job);
      const c = p.content;
      // Parked meanwhile (e.g. the deletion watcher in the same batch): a person decides now.
      if (p.hold) return { kind: 'done', result: { parked: p.hold } };
      if (rs.type.endsWith('QueryRs')) return afterQuery(job, p, rs, ctx.sessionId);

      const ret = rs.rets[0];
      const w = ret ? witnessOf(ret) : undefined;
      // A warning (500-999) means QuickBooks applied the request: the transaction exists.
      if ((rs.statusCode === 0 || isWarning(rs)) && w) {
        if (rs.statusCode !== 0)
          audit.record({
            level: 'warn',
            category: 'sync',
            event: 'quickbooks-warning',
            orderNumber: c.orderNumber,
            qbRef: w.txnId,
            statusCode: rs.statusCode,
            message: `QuickBooks saved order ${who(c)}'s ${c.txnType} with a warning (${rs.statusCode}): ${rs.statusMessage}`,
          });
        const repriced = job.progress?.repriced ?? 0;
        const added = rs.type.endsWith('AddRs') || job.progress?.added === true;
        const diffs = differences(c, w);
        if (repriced < MAX_REPRICES && onlyBundlePrices(diffs)) {
          // QuickBooks priced a bundle from its components: set its price to what was paid.
          life.witness(p.postingKey, w);
          audit.record({
            level: 'info',
            category: 'sync',
            event: 'bundle-priced',
            orderNumber: c.orderNumber,
            qbRef: w.txnId,
            message: `Order ${who(c)}: QuickBooks priced its bundle from the components (${diffs
              .filter((d) => d.startsWith('bundle'))
              .join('; ')}); the components are being set to what the customer paid.`,
          });
          return {
            kind: 'next-step',
            progress: {
              step: 'mod',
              sessionId: ctx.sessionId,
              txnId: w.txnId,
              editSequence: w.editSequence,
              repriced: repriced + 1,
              added,
            },
          };
        }
        return confirmed(p.postingKey, c, w, added ? 'add' : 'mod');
      }
      if (isWarning(rs)) return { kind: 'next-step', progress: { step: 'query', sessionId: ctx.sessionId } };
      if (rs.statusCode === 3200) {
        const stale = (job.progress?.staleRetries ?? 0) + 1;
        if (stale > MAX_STALE_RETRIES)
          return {
            kind: 'failed',
            reason: `QuickBooks kept reporting the transaction as changed (3200).`,
            statusCode: 3200,
          };
        return {
          kind: 'next-step',
          progress: { step: 'query', sessionId: ctx.sessionId, staleRetries: stale },
        };
      }
      if (rs.statusCode === 3120 && rs.type.endsWith('ModRs')) {
        life.park(
          p.postingKey,
          'deleted_in_quickbooks',
          `The ${c.txnType} ${p.txnId ?? ''} posted for order ${who(c)} is no longer in QuickBooks (deleted there). It will not be posted again unless you choose Retry.`,
        );
        return { kind: 'done', result: { parked: 'deleted_in_quickbooks' } };
      }
      if (isRetryable(rs)) return { kind: 'retry', reason: rs.statusMessage, statusCode: rs.statusCode };
      // The same request would get the same answer: not sent again until something it names changes.
      life.refused(p.postingKey, rs.statusCode);
      return {
        kind: 'failed',
        reason: `QuickBooks refused the ${c.txnType} (${rs.statusCode}): ${rs.statusMessage} It is not sent again as it is: correct the order in ShipStation, its mapping, or the QuickBooks item or customer it names, then Retry.`,
        statusCode: rs.statusCode,
      };
    },

    onFailed(job, reason) {
      life.failed(job.payload.postingKey, reason);
    },
  };
}
