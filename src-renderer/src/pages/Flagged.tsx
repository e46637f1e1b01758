import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OrderSummary } from '../../../shared/api';
import { useApi, useEngineEvents, useTransport } from '../api/client';
import { CreateCustomerDialog, MapCustomerDialog } from '../components/flagged/CustomerDialogs';
import { FlaggedRow, type RowAction } from '../components/flagged/FlaggedRow';
import {
  fixFor,
  settingSummary,
  skuSummary,
  statusWords,
  type QbCandidate,
} from '../components/flagged/flags';
import { CreateItemDialog, MapItemDialog } from '../components/flagged/ItemDialogs';
import { confirmationFor, type ResolveResult } from '../components/flagged/useResolve';
import { ConfirmDialog } from '../components/settings/Dialog';
import { plainError } from '../components/settings/errors';
import { Banner, formatWhen, Spinner } from '../components/settings/ui';
import '../components/settings/ui.css';
import '../components/flagged/flagged.css';

type Open =
  | {
      kind: 'map-item';
      order: OrderSummary;
      sku: string;
      lineName: string | null;
      ambiguous: boolean;
      candidates: QbCandidate[];
    }
  | { kind: 'create-item'; order: OrderSummary; sku: string; lineName: string | null }
  | { kind: 'map-customer'; order: OrderSummary; fix: Extract<RowAction, { kind: 'map-customer' }>['fix'] }
  | { kind: 'create-customer'; order: OrderSummary }
  | { kind: 'ignore'; order: OrderSummary }
  /** QuickBooks refused this order before and nothing it names changed: send it again anyway? */
  | { kind: 'resend'; order: OrderSummary; message: string };

type Outcome =
  { tone: 'success' | 'warning' | 'info'; result: ResolveResult } | { tone: 'error'; text: string };

/** What the new status means after this action, in words. */
function statusSentence(r: ResolveResult): ReactNode {
  const stillFlagged = r.status === 'flagged' || r.status === 'failed';
  if (stillFlagged && (r.action === 'create_item' || r.action === 'create_customer'))
    return <>Order {r.orderNumber} stays flagged until QuickBooks has made it, then moves on by itself.</>;
  return (
    <>
      Order {r.orderNumber} is now: <strong>{statusWords(r.status)}</strong>
      {stillFlagged ? ' (see what is left below)' : ''}.
    </>
  );
}

const LIMIT = 500;

/** The flagged (and failed) orders, live, loaded together; reloads coalesce while one is running. */
function useFlaggedOrders() {
  const t = useTransport();
  const [orders, setOrders] = useState<OrderSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loadedAt, setLoadedAt] = useState<string | null>(null);
  const inflight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async (): Promise<void> => {
    if (inflight.current) {
      again.current = true;
      return;
    }
    inflight.current = true;
    try {
      const [flagged, failed] = await Promise.all([
        t.call('orders', { status: 'flagged', limit: LIMIT }),
        t.call('orders', { status: 'failed', limit: LIMIT }),
      ]);
      const all = [...failed.orders, ...flagged.orders].sort((a, b) =>
        (b.orderDate ?? '').localeCompare(a.orderDate ?? ''),
      );
      setOrders(all);
      setTotal(flagged.total + failed.total);
      setError(null);
      setLoadedAt(new Date().toISOString());
    } catch (err) {
      setError(plainError(err));
    } finally {
      inflight.current = false;
      if (again.current) {
        again.current = false;
        void load();
      }
    }
  }, [t]);

  useEffect(() => {
    void load();
    const every = setInterval(() => void load(), 60_000);
    return () => {
      clearInterval(every);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);

  useEngineEvents(['orders', 'flagged'], () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void load();
    }, 400);
  });

  return { orders, total, error, loadedAt, reload: load };
}

export function FlaggedPage() {
  const call = useApi();
  const { orders, total, error, loadedAt, reload } = useFlaggedOrders();
  const [open, setOpen] = useState<Open | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busyOrder, setBusyOrder] = useState<string | null>(null);
  const [ignoreError, setIgnoreError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  /** Creations asked for in this window: the flag stays until the Web Connector has run. */
  const [creating, setCreating] = useState<{ skus: string[]; orders: string[] }>({ skus: [], orders: [] });
  const outcomeRef = useRef<HTMLDivElement>(null);

  // After an action the row may be gone: keep keyboard users' place at the result.
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus({ preventScroll: true });
  }, [outcome]);

  const skus = useMemo(() => skuSummary(orders ?? []), [orders]);
  const settings = useMemo(() => settingSummary(orders ?? []), [orders]);
  const visible = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!orders || !q) return orders ?? [];
    return orders.filter((o) =>
      [o.orderNumber, o.customerName, o.customerEmail, o.storeName, ...o.flags.map((f) => f.detail)]
        .filter(Boolean)
        .some((s) => s!.toLowerCase().includes(q)),
    );
  }, [orders, filter]);

  const onResolved = useCallback(
    (r: ResolveResult): void => {
      const stillFlagged = r.status === 'flagged' || r.status === 'failed';
      const created = r.action === 'create_item' || r.action === 'create_customer';
      setOutcome({ tone: !stillFlagged ? 'success' : created ? 'info' : 'warning', result: r });
      if (r.action === 'create_item' && r.sku) setCreating((c) => ({ ...c, skus: [...c.skus, r.sku!] }));
      if (r.action === 'create_customer' && r.orderId)
        setCreating((c) => ({ ...c, orders: [...c.orders, r.orderId!] }));
      void reload();
    },
    [reload],
  );

  const direct = async (
    order: OrderSummary,
    action: 'retry' | 'accept_amount' | 'ignore',
    confirmResend?: boolean,
  ): Promise<boolean> => {
    setBusyOrder(order.orderId);
    const input =
      action === 'retry'
        ? { action, orderId: order.orderId, ...(confirmResend ? { confirmResend } : {}) }
        : { action, orderId: order.orderId };
    try {
      const r = await call('resolveOrder', input);
      onResolved({ orderNumber: order.orderNumber, status: r.status, message: r.message, action });
      return true;
    } catch (err) {
      const ask = confirmationFor(err, input);
      if (ask) {
        setOpen({ kind: 'resend', order, message: ask.message });
        return false;
      }
      const text = `Order ${order.orderNumber}: ${plainError(err)}`;
      if (action === 'ignore') setIgnoreError(text);
      else setOutcome({ tone: 'error', text });
      return false;
    } finally {
      setBusyOrder(null);
    }
  };

  const onAction = (order: OrderSummary, a: RowAction): void => {
    switch (a.kind) {
      case 'map-item':
        setOpen({
          kind: 'map-item',
          order,
          sku: a.sku,
          lineName: a.lineName,
          ambiguous: a.ambiguous,
          candidates: a.candidates,
        });
        break;
      case 'create-item':
        setOpen({ kind: 'create-item', order, sku: a.sku, lineName: a.lineName });
        break;
      case 'map-customer':
        setOpen({ kind: 'map-customer', order, fix: a.fix });
        break;
      case 'create-customer':
        setOpen({ kind: 'create-customer', order });
        break;
      case 'ignore':
        setIgnoreError(null);
        setOpen({ kind: 'ignore', order });
        break;
      case 'retry':
        void direct(order, 'retry');
        break;
      case 'accept-amount':
        void direct(order, 'accept_amount');
        break;
    }
  };

  /** The SKU summary's shortcut: open the item dialog on the first order carrying that SKU. */
  const mapSku = (sku: string): void => {
    for (const o of orders ?? []) {
      for (const f of o.flags) {
        const fix = fixFor(f);
        if (fix.kind === 'item' && fix.sku === sku) {
          setOpen({
            kind: 'map-item',
            order: o,
            sku,
            lineName: fix.lineName,
            ambiguous: fix.ambiguous,
            candidates: fix.candidates,
          });
          return;
        }
      }
    }
  };

  const close = (): void => setOpen(null);

  return (
    <div className="fl-page">
      <header className="u-page-head">
        <div>
          <h1>Flagged orders</h1>
          <p className="u-page-sub">
            Orders ml-connector will not post to QuickBooks until you decide what to do. Each choice is
            applied at once; orders move on by themselves.
          </p>
        </div>
        <div className="u-page-actions">
          <span className="u-hint-inline" aria-live="off">
            {loadedAt ? `Updated ${formatWhen(loadedAt)}` : ''}
          </span>
          <button type="button" className="u-btn" onClick={() => void reload()}>
            Refresh
          </button>
        </div>
      </header>

      {outcome ? (
        <div className="fl-outcome" ref={outcomeRef} tabIndex={-1}>
          {outcome.tone === 'error' ? (
            <Banner tone="error" onDismiss={() => setOutcome(null)} testId="resolve-message">
              {outcome.text}
            </Banner>
          ) : (
            <Banner tone={outcome.tone} onDismiss={() => setOutcome(null)} testId="resolve-message">
              <span className="fl-outcome-msg">{outcome.result.message}</span>{' '}
              <span
                className="fl-outcome-status"
                data-testid="resolve-status"
                data-status={outcome.result.status}
              >
                {statusSentence(outcome.result)}
              </span>
            </Banner>
          )}
        </div>
      ) : null}

      {error ? (
        <Banner tone="error">
          Could not load the flagged orders: {error}{' '}
          <button type="button" className="u-btn u-btn-sm" onClick={() => void reload()}>
            Try again
          </button>
        </Banner>
      ) : null}

      {orders === null ? (
        error ? null : (
          <div className="u-loading">
            <Spinner /> Loading flagged orders…
          </div>
        )
      ) : (
        <>
          {skus.length || settings.length ? (
            <section className="fl-skus" aria-labelledby="fl-skus-title">
              <h2 id="fl-skus-title">Fix once, for many orders</h2>
              <p className="u-hint">
                {skus.length
                  ? 'Choose the QuickBooks item for a SKU once and every order with that SKU goes ahead.'
                  : 'Set it once in Settings and every order waiting for it goes ahead.'}
              </p>
              <ul>
                {settings.map((x) => (
                  <li key={x.label}>
                    <span>{x.label}</span>
                    <span className="fl-sku-count">
                      {x.orders.length} order{x.orders.length === 1 ? '' : 's'}
                    </span>
                    <a className="u-btn u-btn-sm" href="#/settings">
                      Open Settings
                    </a>
                  </li>
                ))}
                {skus.map((x) => (
                  <li key={x.sku}>
                    <span>
                      SKU <code className="fl-code">{x.sku}</code>
                    </span>
                    <span className="fl-sku-count">
                      {x.orders.length} order{x.orders.length === 1 ? '' : 's'}
                    </span>
                    <button type="button" className="u-btn u-btn-sm" onClick={() => mapSku(x.sku)}>
                      Choose item…
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {orders.length > 0 ? (
            <div className="fl-toolbar">
              <label htmlFor="fl-filter" className="u-label fl-filter-label">
                Find
              </label>
              <input
                id="fl-filter"
                type="search"
                className="u-input fl-filter"
                placeholder="Order number, customer, SKU…"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                data-testid="flagged-filter"
              />
              <span className="u-hint-inline" aria-live="polite">
                {filter.trim()
                  ? `${visible.length} of ${orders.length} shown`
                  : `${total.toLocaleString()} order${total === 1 ? '' : 's'} need${total === 1 ? 's' : ''} attention`}
                {total > orders.length ? ` (showing the newest ${orders.length})` : ''}
              </span>
            </div>
          ) : null}

          <div data-testid="flagged-list">
            {orders.length === 0 ? (
              <div className="u-empty" data-testid="flagged-empty">
                <div className="u-empty-mark" aria-hidden="true">
                  ✓
                </div>
                <h2>Nothing needs your attention</h2>
                <p>
                  Orders that cannot be posted as they are show up here as soon as ml-connector finds them.
                </p>
              </div>
            ) : visible.length === 0 ? (
              <p className="u-hint">No flagged order matches “{filter.trim()}”.</p>
            ) : (
              <ul className="fl-list" aria-label="Flagged orders">
                {visible.map((o) => (
                  <FlaggedRow
                    key={o.orderId}
                    order={o}
                    busy={busyOrder === o.orderId}
                    creatingSkus={creating.skus}
                    creatingCustomer={creating.orders.includes(o.orderId)}
                    onAction={onAction}
                  />
                ))}
              </ul>
            )}
          </div>
        </>
      )}

      {open?.kind === 'map-item' ? (
        <MapItemDialog
          order={open.order}
          sku={open.sku}
          lineName={open.lineName}
          ambiguous={open.ambiguous}
          candidates={open.candidates}
          affectedOrders={skus.find((s) => s.sku === open.sku)?.orders ?? [open.order.orderNumber]}
          onResolved={onResolved}
          onClose={close}
          onCreateInstead={() =>
            setOpen({ kind: 'create-item', order: open.order, sku: open.sku, lineName: open.lineName })
          }
        />
      ) : null}
      {open?.kind === 'create-item' ? (
        <CreateItemDialog
          order={open.order}
          sku={open.sku}
          lineName={open.lineName}
          onResolved={onResolved}
          onClose={close}
        />
      ) : null}
      {open?.kind === 'map-customer' ? (
        <MapCustomerDialog
          order={open.order}
          ambiguous={open.fix.ambiguous}
          perStore={open.fix.perStore}
          tried={open.fix.tried}
          candidates={open.fix.candidates}
          onResolved={onResolved}
          onClose={close}
          onCreateInstead={() => setOpen({ kind: 'create-customer', order: open.order })}
        />
      ) : null}
      {open?.kind === 'create-customer' ? (
        <CreateCustomerDialog order={open.order} onResolved={onResolved} onClose={close} />
      ) : null}
      {open?.kind === 'resend' ? (
        <ConfirmDialog
          title={`Send order ${open.order.orderNumber} to QuickBooks again?`}
          confirmLabel="Send it again anyway"
          busy={busyOrder === open.order.orderId}
          onCancel={close}
          onConfirm={() => void direct(open.order, 'retry', true).then((ok) => ok && close())}
        >
          <p>{open.message}</p>
        </ConfirmDialog>
      ) : null}
      {open?.kind === 'ignore' ? (
        <ConfirmDialog
          danger
          title={`Ignore order ${open.order.orderNumber}?`}
          confirmLabel="Ignore this order"
          busy={busyOrder === open.order.orderId}
          error={ignoreError}
          onCancel={close}
          onConfirm={() => void direct(open.order, 'ignore').then((ok) => ok && close())}
        >
          <p>
            The order will never be posted to QuickBooks: no sales receipt, invoice or journal entry is made
            for it, and it leaves this list.
          </p>
          <p>Use this for orders you enter by hand, test orders, or orders that belong elsewhere.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
