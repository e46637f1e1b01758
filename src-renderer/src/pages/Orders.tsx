import { useEffect, useRef, useState } from 'react';
import { ORDER_STATUSES, type OrderStatus, type OrderSummary } from '../../../shared/api';
import {
  flagReasonLabel,
  flagReasonText,
  formatCount,
  formatDate,
  formatMoney,
  orderStatusLabel,
} from '../../../shared/format';
import { useApi } from '../api/client';
import { Card } from '../components/Card';
import { DataTable, type Column } from '../components/DataTable';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { Pagination } from '../components/Pagination';
import { ResourceView } from '../components/ResourceView';
import { EmptyState } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { useResource } from '../hooks/useResource';
import { hrefFor, lastVisited, navigate, orderHref, type Route } from '../router';

const PAGE_SIZE = 50;

const isStatus = (s: string | null): s is OrderStatus =>
  (ORDER_STATUSES as readonly (string | null)[]).includes(s);

export function FlagChips({ flags }: { flags: OrderSummary['flags'] }) {
  if (!flags.length) return <span className="muted">—</span>;
  const reasons = [...new Set(flags.map((f) => f.reason))];
  return (
    <span className="chips">
      {reasons.map((r) => (
        <span
          key={r}
          className="chip chip-warn"
          title={[flagReasonText(r), ...flags.filter((f) => f.reason === r).map((f) => f.detail)].join('\n')}
        >
          {flagReasonLabel(r)}
        </span>
      ))}
    </span>
  );
}

const columns: Column<OrderSummary>[] = [
  {
    key: 'order',
    header: 'Order / store',
    className: 'nowrap',
    cell: (o) => (
      <span className="two-line">
        <span>
          <span className="link-text strong">{o.orderNumber}</span>
          {o.collision && (
            <span className="chip chip-warn chip-inline" title="Another order uses the same order number">
              shared no.
            </span>
          )}
        </span>
        <span className="sub" data-testid="order-store">
          {o.storeName ?? (o.storeId ? `Store ${o.storeId}` : 'No store')}
        </span>
      </span>
    ),
  },
  {
    key: 'customer',
    header: 'Customer',
    cell: (o) => (
      <span className="two-line">
        <span>{o.customerName ?? <span className="muted">No name</span>}</span>
        {o.customerEmail && (
          <span className="sub ellipsis" title={o.customerEmail}>
            {o.customerEmail}
          </span>
        )}
      </span>
    ),
  },
  {
    key: 'total',
    header: 'Total',
    align: 'right',
    className: 'nowrap num',
    cell: (o) => formatMoney(o.orderTotal),
  },
  { key: 'status', header: 'Status', cell: (o) => <StatusBadge status={o.status} /> },
  { key: 'ship', header: 'Ship date', className: 'nowrap', cell: (o) => formatDate(o.shipDate) },
  {
    key: 'qb',
    header: 'QuickBooks TxnID',
    className: 'nowrap mono',
    cell: (o) => o.qbTxnId ?? <span className="muted">—</span>,
  },
  { key: 'flags', header: 'Flags', cell: (o) => <FlagChips flags={o.flags} /> },
];

export function OrdersPage({ route }: { route: Route }) {
  const call = useApi();
  const q = route.query.get('q') ?? '';
  const rawStatus = route.query.get('status');
  const status = isStatus(rawStatus) ? rawStatus : '';
  const store = route.query.get('store') ?? '';
  const page = Math.max(1, Math.floor(Number(route.query.get('page'))) || 1);
  const offset = (page - 1) * PAGE_SIZE;

  useEffect(() => {
    lastVisited.orders = `#${route.path}`;
  }, [route.path]);

  const update = (patch: Record<string, string | number>) =>
    navigate(hrefFor('/orders', { q, status, store, page: page > 1 ? page : '', ...patch }), {
      replace: true,
    });

  // The search box types freely; the list follows 300 ms after the last key.
  const [search, setSearch] = useState(q);
  const pushed = useRef(q);
  useEffect(() => {
    if (q !== pushed.current) {
      pushed.current = q;
      setSearch(q);
    }
  }, [q]);
  useEffect(() => {
    if (search === pushed.current) return;
    const t = setTimeout(() => {
      pushed.current = search;
      update({ q: search, page: '' });
    }, 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only typing restarts the wait
  }, [search]);

  const stores = useResource(() => call('stores'), []);
  const orders = useResource(
    () =>
      call('orders', {
        search: q.trim() || undefined,
        status: status || undefined,
        storeId: store || undefined,
        limit: PAGE_SIZE,
        offset,
      }),
    [q, status, store, offset],
    { refreshOn: ['orders'] },
  );

  const filtered = Boolean(q || status || store);

  return (
    <>
      <PageHeader title="Orders" subtitle="Every ShipStation order the connector has seen, newest first." />
      <Card>
        <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <Field label="Search" className="grow">
            <input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Order number, customer name or email"
              data-testid="orders-search"
              autoComplete="off"
            />
          </Field>
          <Field label="Status">
            <select
              value={status}
              onChange={(e) => update({ status: e.target.value, page: '' })}
              data-testid="orders-status"
            >
              <option value="">All statuses</option>
              {ORDER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {orderStatusLabel(s)}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Store">
            <select
              value={store}
              onChange={(e) => update({ store: e.target.value, page: '' })}
              data-testid="orders-store"
            >
              <option value="">All stores</option>
              {(stores.data?.stores ?? []).map((s) => (
                <option key={s.storeId} value={s.storeId}>
                  {s.storeName}
                </option>
              ))}
              {store && !stores.data?.stores.some((s) => s.storeId === store) && (
                <option value={store}>Store {store}</option>
              )}
            </select>
          </Field>
          {filtered && (
            <button
              type="button"
              className="btn btn-ghost filters-clear"
              onClick={() => {
                pushed.current = '';
                setSearch('');
                navigate('#/orders', { replace: true });
              }}
            >
              Clear filters
            </button>
          )}
        </form>

        <ResourceView resource={orders} loadingLabel="Loading orders…" errorTitle="Couldn’t load the orders">
          {(data) => (
            <>
              <DataTable
                caption={`Orders${filtered ? ' matching the filters' : ''}, ${formatCount(data.total)} in all`}
                columns={columns}
                rows={data.orders}
                rowKey={(o) => o.orderId}
                onRowActivate={(o) => navigate(orderHref(o.orderId))}
                rowLabel={(o) => `Open order ${o.orderNumber}`}
                rowTestId={(o) => `orders-row-${o.orderNumber}`}
                busy={orders.loading}
                testId="orders-table"
                empty={
                  data.total > 0 ? (
                    <EmptyState
                      title="This page is past the end of the list."
                      action={
                        <a className="btn" href={hrefFor('/orders', { q, status, store })}>
                          Go to the first page
                        </a>
                      }
                    />
                  ) : filtered ? (
                    <EmptyState
                      title="No orders match these filters."
                      action={
                        <button
                          type="button"
                          className="btn"
                          onClick={() => {
                            pushed.current = '';
                            setSearch('');
                            navigate('#/orders', { replace: true });
                          }}
                        >
                          Clear filters
                        </button>
                      }
                    />
                  ) : (
                    <EmptyState title="No orders yet.">
                      Orders appear here after the first check of ShipStation. Use <strong>Sync now</strong>{' '}
                      on the <a href="#/dashboard">Dashboard</a> to check right away.
                    </EmptyState>
                  )
                }
              />
              <Pagination
                offset={offset}
                limit={PAGE_SIZE}
                total={data.total}
                noun="orders"
                onChange={(o) => update({ page: o / PAGE_SIZE + 1 })}
              />
            </>
          )}
        </ResourceView>
      </Card>
      {status === 'flagged' && (
        <p className="note">
          To resolve flagged orders, open <a href="#/flagged">Flagged orders</a>.
        </p>
      )}
    </>
  );
}
