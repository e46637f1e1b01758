import type { ResolveOrder } from '../../../shared/api';
import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import { HttpError } from '../http/body';
import { planCustomerName } from '../sync/customer-names';
import type { Outbox } from '../qbwc/outbox';
import type { FlagsStore } from '../sync/flags-store';
import type { Matcher } from '../sync/matching';
import type { OrdersStore, StoredOrder } from '../sync/orders-store';
import type { PostingLifecycle } from '../sync/posting-lifecycle';
import type { Reconciler } from '../sync/reconciler';

/**
 * A person's answer to a flagged order: map to an existing QuickBooks record (remembered), create
 * one (only with confirm: true), ignore, accept the amounts, or retry. The order then moves on at once.
 */
export function resolveOrder(
  d: {
    db: Db;
    orders: OrdersStore;
    flags: FlagsStore;
    life: PostingLifecycle;
    matcher: Matcher;
    outbox: Outbox;
    reconciler: Reconciler;
    audit: AuditLog;
  },
  input: ResolveOrder,
): { ok: true; status: string; message: string } {
  const stored = d.orders.getOrder(input.orderId);
  if (!stored) throw new HttpError(404, 'not_found', `No order with ShipStation id ${input.orderId}.`);
  const order = stored.order;
  const dirtyAll = (): void => void d.orders.markDirtyByStatus(['flagged', 'received', 'failed']);
  const markDirty = (): void => d.orders.markNumberDirty(order.orderNumber);
  // Order numbers repeat across stores: a person's Ignore or Retry answers for this store's orders only.
  const sameStore = (): StoredOrder[] =>
    d.orders.ordersByNumber(order.orderNumber).filter((o) => o.storeId === stored.storeId);
  let message: string;
  switch (input.action) {
    case 'map_customer': {
      const ref = d.matcher.customerById(input.listId);
      if (!ref)
        throw new HttpError(
          400,
          'unknown_customer',
          `QuickBooks customer ${input.listId} is not in the local list.`,
        );
      if (d.matcher.isInactive(ref.listId) && !input.confirmInactive)
        throw new HttpError(
          409,
          'inactive',
          `The QuickBooks customer "${ref.fullName}" is inactive. Make it active in QuickBooks first, or confirm to use it as it is.`,
        );
      if (input.remember === 'email' && order.customerEmail)
        d.matcher.setMapping('customer_email', order.customerEmail, ref);
      else if (input.remember === 'name' && (order.billTo.name ?? order.shipTo.name))
        d.matcher.setMapping('customer_name', (order.billTo.name ?? order.shipTo.name)!, ref);
      else if (input.remember === 'store' && order.storeId)
        d.matcher.setMapping('store_customer', order.storeId, ref);
      else d.matcher.setMapping('order_customer', order.orderId, ref);
      if (input.remember) dirtyAll();
      else markDirty();
      message = `Order ${order.orderNumber}: customer set to ${ref.fullName}${input.remember ? ` (remembered by ${input.remember})` : ''}.`;
      break;
    }
    case 'map_item': {
      const ref = d.matcher.itemById(input.listId);
      if (!ref)
        throw new HttpError(400, 'unknown_item', `QuickBooks item ${input.listId} is not in the local list.`);
      if (d.matcher.isInactive(ref.listId) && !input.confirmInactive)
        throw new HttpError(
          409,
          'inactive',
          `The QuickBooks item "${ref.fullName}" is inactive. Make it active in QuickBooks first, or confirm to use it as it is.`,
        );
      d.matcher.setMapping('sku', input.sku, ref);
      dirtyAll();
      message = `SKU ${input.sku} now maps to QuickBooks item ${ref.fullName} for every order.`;
      break;
    }
    case 'create_customer': {
      // QuickBooks names are unique across customers, vendors, employees and other names, and hold 41 characters.
      const plan = planCustomerName(d.db, input.name);
      if (plan.conflict)
        throw new HttpError(
          409,
          'name_in_use',
          `QuickBooks already has ${plan.conflict.list === 'other name' ? 'an' : 'a'} ${plan.conflict.list}${plan.conflict.active ? '' : ' (inactive)'} named "${plan.conflict.name}". Names are unique across customers, vendors, employees and other names: choose another name${plan.conflict.list === 'customer' ? ', or map the order to that customer' : ' (e.g. with the company or city)'}.`,
        );
      const payload = {
        orderId: order.orderId,
        name: plan.name,
        companyName: input.companyName,
        email: input.email,
        phone: input.phone,
        mapEmail: order.customerEmail ?? undefined,
      };
      const dedupKey = `create.customer:${plan.name.toLowerCase()}`;
      const refused = d.outbox.refusedBefore(dedupKey, payload);
      if (refused)
        throw new HttpError(
          409,
          'refused_before',
          `${refused} Sending the same request again would get the same answer: change the name, or map the order to an existing customer.`,
        );
      d.outbox.enqueue({
        kind: 'create.customer',
        payload,
        priority: 50,
        dedupKey,
        orderNumber: order.orderNumber,
        maxAttempts: 1,
      });
      message = plan.shortened
        ? `Customer "${plan.name}" (QuickBooks' short form of "${input.name}") will be created in QuickBooks at the next Web Connector update.`
        : `Customer "${plan.name}" will be created in QuickBooks at the next Web Connector update.`;
      break;
    }
    case 'create_item':
      d.outbox.enqueue({
        kind: 'create.item',
        payload: {
          orderId: order.orderId,
          sku: input.sku,
          type: input.type,
          description: input.description,
          price: input.price,
          incomeAccount: input.incomeAccount,
        },
        priority: 50,
        dedupKey: `create.item:${input.sku.toLowerCase()}`,
        orderNumber: order.orderNumber,
        maxAttempts: 1,
      });
      message = `Item "${input.sku}" will be created in QuickBooks at the next Web Connector update.`;
      break;
    case 'ignore':
      d.life.ignore(order.orderNumber, sameStore());
      message = `Order ${order.orderNumber} will not be posted.`;
      break;
    case 'retry': {
      const refused = d.life.refusedBeforeNumber(order.orderNumber);
      if (refused && !input.confirmResend)
        throw new HttpError(
          409,
          'refused_before',
          `QuickBooks refused order ${order.orderNumber} (${refused.statusCode}) and nothing it names has changed since: the order, its mapping and the QuickBooks customer and items are as they were, so sending it again would get the same answer. Fix the cause (QuickBooks' words: ${refused.reason.replace(/ It is not sent again.*$/, '')}); a change in QuickBooks counts after the next Web Connector update. Or confirm to send it again anyway.`,
        );
      d.life.retry(order.orderNumber, sameStore());
      message = `Order ${order.orderNumber} will be checked and posted again.`;
      break;
    }
    case 'accept_amount':
      d.flags.resolve(order.orderId, 'accepted', 'amount_mismatch');
      markDirty();
      message = `Order ${order.orderNumber}: amounts accepted as they are.`;
      break;
  }
  d.audit.record({
    level: 'info',
    category: 'sync',
    event: 'resolution',
    orderNumber: order.orderNumber,
    ssRef: order.orderId,
    message,
    data: input,
  });
  d.reconciler.run('resolve');
  return { ok: true, status: d.orders.getOrder(input.orderId)!.status, message };
}
