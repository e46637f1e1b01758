import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import type { MirrorStore } from '../mirror/store';
import { isApplied, customerAdd, itemNonInventoryAdd, itemServiceAdd, toCustomer, toItem } from '../qbxml';
import type { JobHandler, JobOutcome } from '../qbwc/job-handler';
import type { Matcher } from './matching';

export interface CreateCustomerPayload {
  orderId: string;
  name: string;
  companyName?: string;
  email?: string;
  phone?: string;
  /** Remember the new customer for this email / this store. */
  mapEmail?: string;
  mapStore?: string;
}

export interface CreateItemPayload {
  orderId: string;
  sku: string;
  type: 'NonInventory' | 'Service';
  description?: string;
  price?: number;
  incomeAccount: string;
}

const markOrdersDirty = (db: Db): void => {
  db.prepare(`UPDATE orders SET dirty = 1 WHERE status IN ('flagged', 'received')`).run();
};

/**
 * Creating a QuickBooks customer or item happens only here, and only from an explicit user action
 * (the resolve endpoint with confirm: true). The new record goes into the mirror and a mapping, and
 * flagged orders are looked at again.
 */
export function createCustomerHandler(deps: {
  db: Db;
  mirror: MirrorStore;
  matcher: Matcher;
  audit: AuditLog;
}): JobHandler<CreateCustomerPayload, null> {
  return {
    kind: 'create.customer',
    idempotent: false,
    batchable: true,
    build: (job) =>
      customerAdd({
        name: job.payload.name,
        companyName: job.payload.companyName,
        email: job.payload.email,
        phone: job.payload.phone,
      }),
    onResponse(job, rs): JobOutcome {
      const ret = rs.rets[0];
      if (!isApplied(rs) || !ret) {
        // 3100: the name exists (maybe created by an earlier attempt): the next mirror refresh will show it.
        return {
          kind: 'failed',
          reason: `QuickBooks did not create customer "${job.payload.name}": ${rs.statusMessage}`,
          statusCode: rs.statusCode,
        };
      }
      const c = toCustomer(ret);
      deps.mirror.upsertCustomer(c, 0);
      if (job.payload.mapEmail)
        deps.matcher.setMapping('customer_email', job.payload.mapEmail, {
          listId: c.listId,
          fullName: c.fullName,
        });
      if (job.payload.mapStore)
        deps.matcher.setMapping('store_customer', job.payload.mapStore, {
          listId: c.listId,
          fullName: c.fullName,
        });
      markOrdersDirty(deps.db);
      deps.audit.record({
        level: 'info',
        category: 'sync',
        event: 'customer-created',
        qbRef: c.listId,
        message: `Customer "${c.fullName}" created in QuickBooks at the user's request.`,
        data: { orderId: job.payload.orderId },
      });
      return { kind: 'done', result: { listId: c.listId } };
    },
    onFailed(job, reason) {
      refusalOnOrder(deps.db, job.payload.orderId, 'unknown_customer', reason, job.payload.name);
    },
  };
}

export function createItemHandler(deps: {
  db: Db;
  mirror: MirrorStore;
  matcher: Matcher;
  audit: AuditLog;
}): JobHandler<CreateItemPayload, null> {
  return {
    kind: 'create.item',
    idempotent: false,
    batchable: true,
    build: (job) => {
      const p = job.payload;
      const input = {
        name: p.sku,
        sales: { desc: p.description, price: p.price, account: { fullName: p.incomeAccount } },
      };
      return p.type === 'Service'
        ? itemServiceAdd(input)
        : itemNonInventoryAdd({ ...input, manufacturerPartNumber: p.sku });
    },
    onResponse(job, rs): JobOutcome {
      const ret = rs.rets[0];
      const item = ret ? toItem(ret) : undefined;
      if (!isApplied(rs) || !item) {
        return {
          kind: 'failed',
          reason: `QuickBooks did not create item "${job.payload.sku}": ${rs.statusMessage}`,
          statusCode: rs.statusCode,
        };
      }
      deps.mirror.upsertItem(item, 0);
      deps.matcher.setMapping('sku', job.payload.sku, { listId: item.listId, fullName: item.fullName });
      markOrdersDirty(deps.db);
      deps.audit.record({
        level: 'info',
        category: 'sync',
        event: 'item-created',
        qbRef: item.listId,
        message: `Item "${item.fullName}" created in QuickBooks at the user's request.`,
        data: { orderId: job.payload.orderId },
      });
      return { kind: 'done', result: { listId: item.listId } };
    },
  };
}

/**
 * QuickBooks refused to create what a person asked for: its words go on the order's flag (replacing
 * the earlier text), so the flagged page says why and the request is not sent again unchanged.
 */
function refusalOnOrder(db: Db, orderId: string, reason: string, refusal: string, name: string): void {
  const now = new Date().toISOString();
  const hint = /already in use|3100/i.test(refusal)
    ? ` QuickBooks names are unique across customers, vendors, employees and other names: choose another name, or map the order to the existing entry.`
    : '';
  db.prepare(
    `UPDATE order_flags SET resolved_at = ?, resolution = 'replaced by the answer from QuickBooks' WHERE order_id = ? AND reason = ? AND resolved_at IS NULL`,
  ).run(now, orderId, reason);
  db.prepare(
    'INSERT INTO order_flags (order_id, reason, detail, data, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(orderId, reason, `${refusal}${hint}`, JSON.stringify({ refused: name }), now);
}
