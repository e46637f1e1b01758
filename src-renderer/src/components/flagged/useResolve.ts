import { useEffect, useState } from 'react';
import type { OrderSummary, ResolveOrder } from '../../../../shared/api';
import { ApiError, useApi, useTransport } from '../../api/client';
import { fieldErrors, plainError } from '../settings/errors';

export interface ResolveResult {
  orderNumber: string;
  status: string;
  message: string;
  action: ResolveOrder['action'];
  /** create_item: the SKU being created. */
  sku?: string;
  /** create_customer: the order waiting for its new customer. */
  orderId?: string;
}

/** The API asked for a confirmation (409): what it said, and the same request confirmed. */
export interface ConfirmAgain {
  message: string;
  confirmed: ResolveOrder;
}

/** A 409 the person may overrule: mapping to an inactive QuickBooks entry. */
export function confirmationFor(err: unknown, input: ResolveOrder): ConfirmAgain | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  if (err.code === 'inactive' && (input.action === 'map_item' || input.action === 'map_customer'))
    return { message: err.message, confirmed: { ...input, confirmInactive: true } };
  if (err.code === 'refused_before' && input.action === 'retry')
    return { message: err.message, confirmed: { ...input, confirmResend: true } };
  return null;
}

/** Sends one resolution; keeps its busy flag and the API's complaint (overall and by field). */
export function useResolve(order: OrderSummary, onResolved: (r: ResolveResult) => void) {
  const call = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [again, setAgain] = useState<ConfirmAgain | null>(null);
  const run = async (input: ResolveOrder): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setFields({});
    setAgain(null);
    try {
      const r = await call('resolveOrder', input);
      onResolved({
        orderNumber: order.orderNumber,
        status: r.status,
        message: r.message,
        action: input.action,
        sku: input.action === 'create_item' ? input.sku : undefined,
        orderId: order.orderId,
      });
      return true;
    } catch (err) {
      const ask = confirmationFor(err, input);
      if (ask) setAgain(ask);
      else {
        setError(plainError(err));
        setFields(fieldErrors(err));
      }
      return false;
    } finally {
      setBusy(false);
    }
  };
  return {
    run,
    busy,
    error,
    fields,
    clearError: () => setError(null),
    /** A confirmation the API asked for; `run(again.confirmed)` sends it confirmed. */
    again,
    dismissAgain: () => setAgain(null),
  };
}

/** The parts of the ShipStation order the create forms prefill from. */
export interface OrderFacts {
  lines: { sku: string | null; name: string; unitPrice: number }[];
  billName: string | null;
  company: string | null;
  phone: string | null;
  email: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

function factsFrom(raw: unknown): OrderFacts {
  const o = (raw ?? {}) as Record<string, unknown>;
  const addr = (k: string): Record<string, unknown> => (o[k] ?? {}) as Record<string, unknown>;
  const items = Array.isArray(o.items) ? (o.items as Record<string, unknown>[]) : [];
  return {
    lines: items
      .filter((i) => !i.adjustment)
      .map((i) => ({
        sku: str(i.sku),
        name: str(i.name) ?? '',
        unitPrice: typeof i.unitPrice === 'number' ? i.unitPrice : 0,
      })),
    billName: str(addr('billTo').name) ?? str(addr('shipTo').name),
    company: str(addr('billTo').company) ?? str(addr('shipTo').company),
    phone: str(addr('billTo').phone) ?? str(addr('shipTo').phone),
    email: str(o.customerEmail),
  };
}

/** The order as ShipStation sent it (for prefilling), or null while loading or if unavailable. */
export function useOrderFacts(orderId: string): OrderFacts | null {
  const t = useTransport();
  const [facts, setFacts] = useState<OrderFacts | null>(null);
  useEffect(() => {
    let alive = true;
    t.call('orderDetail', { orderId })
      .then((d) => alive && setFacts(factsFrom(d.shipStation)))
      .catch(() => alive && setFacts(factsFrom(null)));
    return () => {
      alive = false;
    };
  }, [orderId, t]);
  return facts;
}
