import type { ReactNode } from 'react';
import {
  auditCategoryLabel,
  eventLabel,
  flagReasonLabel,
  flagReasonText,
  formatDate,
  formatDateTime,
  formatMoney,
  plural,
} from '../../../shared/format';
import { ApiError, useApi } from '../api/client';
import { Badge } from '../components/Badge';
import { Card } from '../components/Card';
import { DataTable, type Column } from '../components/DataTable';
import { PageHeader } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { ResourceView } from '../components/ResourceView';
import { EmptyState } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { useResource } from '../hooks/useResource';
import { levelLabel, levelTone } from '../lib/levels';
import {
  PostingContentShape,
  PostingShape,
  read,
  readEach,
  ShipmentShape,
  SsOrderShape,
  type PostingContentView,
  type PostingView,
  type SsAddressView,
  type SsItemView,
  type ShipmentView,
} from '../../../shared/views';
import { lastVisited } from '../router';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

const none = <span className="muted">—</span>;

function Address({ a }: { a: SsAddressView | null | undefined }) {
  if (!a) return none;
  const lines = [
    a.name,
    a.company,
    a.street1,
    a.street2,
    a.street3,
    [a.city, a.state, a.postalCode].filter(Boolean).join(' '),
    a.country,
  ].filter((l): l is string => Boolean(l && l.trim()));
  return lines.length ? (
    <address className="address">
      {lines.map((l, i) => (
        <span key={i}>{l}</span>
      ))}
    </address>
  ) : (
    none
  );
}

function lineColumns(currency: string | null | undefined): Column<SsItemView & { i: number }>[] {
  return [
    {
      key: 'sku',
      header: 'SKU',
      className: 'mono nowrap',
      cell: (l) => l.sku ?? <span className="muted">none</span>,
    },
    {
      key: 'name',
      header: 'Product',
      cell: (l) => (
        <>
          {l.name ?? none}
          {l.adjustment && (
            <span className="chip chip-inline" title="A discount or adjustment line, not a product">
              adjustment
            </span>
          )}
        </>
      ),
    },
    { key: 'qty', header: 'Qty', align: 'right', className: 'num', cell: (l) => l.quantity },
    {
      key: 'price',
      header: 'Unit price',
      align: 'right',
      className: 'num nowrap',
      cell: (l) => formatMoney(l.unitPrice, currency),
    },
    {
      key: 'tax',
      header: 'Tax',
      align: 'right',
      className: 'num nowrap',
      cell: (l) => (l.taxAmount ? formatMoney(l.taxAmount, currency) : none),
    },
    {
      key: 'amount',
      header: 'Amount',
      align: 'right',
      className: 'num nowrap',
      cell: (l) => formatMoney(Math.round(l.quantity * l.unitPrice * 100) / 100, currency),
    },
  ];
}

const shipmentColumns: Column<ShipmentView>[] = [
  { key: 'id', header: 'Shipment', className: 'mono nowrap', cell: (s) => s.shipmentId },
  {
    key: 'source',
    header: 'Kind',
    cell: (s) =>
      s.source === 'label'
        ? 'ShipStation label'
        : s.source === 'fulfillment'
          ? 'Marked shipped elsewhere'
          : s.source,
  },
  { key: 'date', header: 'Ship date', className: 'nowrap', cell: (s) => formatDate(s.shipDate) },
  {
    key: 'voided',
    header: 'State',
    cell: (s) =>
      s.voided ? (
        <Badge tone="muted">Voided</Badge>
      ) : s.isReturn ? (
        <Badge tone="violet">Return label (not a sale)</Badge>
      ) : s.labelStatus === 'error' ? (
        <Badge tone="bad">Label not created (error)</Badge>
      ) : s.labelStatus === 'processing' ? (
        <Badge tone="warn">Label being created</Badge>
      ) : (
        <Badge tone="good">Shipped</Badge>
      ),
  },
];

const POSTING_STATE: Record<string, { label: string; tone: 'good' | 'warn' | 'bad' | 'violet' | 'muted' }> = {
  posted: { label: 'Posted', tone: 'good' },
  queued: { label: 'Queued for the Web Connector', tone: 'violet' },
  failed: { label: 'Failed', tone: 'bad' },
  voided: { label: 'Zeroed (voided)', tone: 'muted' },
};

/** One QuickBooks transaction per ship date (revenue per shipment). */
const postingColumns = (currency: string | null | undefined): Column<PostingView>[] => [
  { key: 'shipment', header: 'Shipment', className: 'nowrap', cell: (p) => p.shipment ?? 1 },
  { key: 'ref', header: 'RefNumber', className: 'mono nowrap', cell: (p) => p.refNumber ?? '—' },
  { key: 'date', header: 'Dated', className: 'nowrap', cell: (p) => formatDate(p.txnDate) },
  { key: 'amount', header: 'Amount', className: 'num', cell: (p) => formatMoney(p.amount ?? null, currency) },
  {
    key: 'state',
    header: 'State',
    cell: (p) => (
      <Badge tone={POSTING_STATE[p.state]?.tone ?? 'neutral'}>
        {POSTING_STATE[p.state]?.label ?? p.state}
      </Badge>
    ),
  },
  { key: 'txn', header: 'TxnID', className: 'mono nowrap', cell: (p) => p.txnId ?? '—' },
];

function PreviewLines({ content }: { content: PostingContentView }) {
  return (
    <DataTable
      caption="Transaction lines"
      maxHeight="none"
      columns={[
        { key: 'kind', header: 'Line', cell: (l) => l.kind[0]!.toUpperCase() + l.kind.slice(1) },
        { key: 'item', header: 'QuickBooks item', cell: (l) => l.item?.fullName ?? none },
        { key: 'desc', header: 'Description', cell: (l) => l.desc ?? none },
        { key: 'qty', header: 'Qty', align: 'right', className: 'num', cell: (l) => l.quantity ?? '' },
        {
          key: 'rate',
          header: 'Rate',
          align: 'right',
          className: 'num nowrap',
          cell: (l) => (l.rate === null || l.rate === undefined ? '' : formatMoney(l.rate)),
        },
        {
          key: 'amount',
          header: 'Amount',
          align: 'right',
          className: 'num nowrap',
          cell: (l) => formatMoney(l.amount),
        },
      ]}
      rows={content.lines.map((l, i) => ({ ...l, i }))}
      rowKey={(l) => String(l.i)}
    />
  );
}

export function OrderDetailPage({ orderId }: { orderId: string }) {
  const call = useApi();
  const detail = useResource(() => call('orderDetail', { orderId }), [orderId], {
    refreshOn: ['orders', 'audit'],
  });
  const back = { href: lastVisited.orders, label: 'Orders' };

  if (detail.data === undefined) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        <PageHeader title={notFound ? 'Order not found' : 'Order'} back={back} />
        {notFound ? (
          <EmptyState title="There is no order with this ShipStation id.">
            It may have been typed wrong, or it belongs to another data folder.
          </EmptyState>
        ) : (
          <ResourceView
            resource={detail}
            loadingLabel="Loading the order…"
            errorTitle="Couldn’t load the order"
          >
            {() => null}
          </ResourceView>
        )}
      </>
    );
  }

  return (
    <ResourceView resource={detail}>
      {(d) => {
        const o = d.order;
        const ss = read(SsOrderShape, d.shipStation);
        const currency = ss?.currency;
        const shipments = readEach(ShipmentShape, d.shipments);
        const posting = read(PostingShape, d.posting);
        const postings = readEach(PostingShape, d.postings ?? []);
        const preview = read(PostingContentShape, d.preview);
        const lines = (ss?.items ?? []).map((l, i) => ({ ...l, i }));
        return (
          <>
            <PageHeader
              title={`Order ${o.orderNumber}`}
              titleExtra={<StatusBadge status={o.status} />}
              back={back}
              subtitle={
                <>
                  {o.storeName ?? 'Unknown store'} · ShipStation order id{' '}
                  <span className="mono" data-testid="order-ss-id">
                    {o.orderId}
                  </span>
                </>
              }
            />

            {o.flags.length > 0 && (
              <Card
                title={`Needs a decision (${plural(o.flags.length, 'flag')})`}
                className="card-warn"
                testId="order-flags"
              >
                <ul className="flag-list">
                  {o.flags.map((f, i) => (
                    <li key={i}>
                      <strong>{flagReasonLabel(f.reason)}.</strong> {flagReasonText(f.reason)}
                      {f.detail && <p className="flag-detail">{f.detail}</p>}
                    </li>
                  ))}
                </ul>
                <p className="card-foot">
                  <a className="btn" href="#/flagged">
                    Resolve on the Flagged orders page
                  </a>
                </p>
              </Card>
            )}

            <Card title="Order">
              <dl className="facts facts-wide">
                <Fact label="Customer">
                  {o.customerName ?? none}
                  {o.customerEmail && <span className="fact-sub">{o.customerEmail}</span>}
                </Fact>
                <Fact label="Order date">{formatDateTime(o.orderDate)}</Fact>
                <Fact label="Ship date" testId="order-ship-date">
                  {formatDate(o.shipDate)}
                </Fact>
                <Fact label="Total" testId="order-total">
                  {formatMoney(o.orderTotal, currency)}
                </Fact>
                <Fact label="In ShipStation">{o.shipStationStatus.replace(/_/g, ' ')}</Fact>
                <Fact label="QuickBooks TxnID" testId="order-txn-id">
                  {o.qbTxnId ? <span className="mono">{o.qbTxnId}</span> : none}
                </Fact>
                {ss && (
                  <>
                    <Fact label="Shipping">{formatMoney(ss.shippingAmount ?? 0, currency)}</Fact>
                    <Fact label="Tax">{formatMoney(ss.taxAmount ?? 0, currency)}</Fact>
                    <Fact label="Paid">{formatMoney(ss.amountPaid ?? null, currency)}</Fact>
                    <Fact label="Ship to">
                      <Address a={ss.shipTo} />
                    </Fact>
                  </>
                )}
              </dl>
              {o.collision && (
                <p className="note">
                  Another ShipStation order uses the same order number ({o.orderNumber}).
                </p>
              )}
            </Card>

            <Card title="Lines">
              {ss ? (
                <DataTable
                  caption="Order lines from ShipStation"
                  columns={lineColumns(currency)}
                  rows={lines}
                  rowKey={(l) => String(l.i)}
                  maxHeight="none"
                  testId="order-lines"
                  empty={<EmptyState compact title="This order has no lines." />}
                />
              ) : (
                <EmptyState title="The ShipStation details of this order are not available." />
              )}
            </Card>

            <div className="grid-2">
              <Card title="Shipments">
                <DataTable
                  caption="Shipments"
                  columns={shipmentColumns}
                  rows={shipments}
                  rowKey={(s) => s.shipmentId}
                  maxHeight="none"
                  empty={<EmptyState compact title="Not shipped yet." />}
                />
              </Card>

              <Card title="QuickBooks posting" testId="order-posting">
                {postings.length > 1 ? (
                  <>
                    <p className="card-lead">
                      Shipped on {postings.length} days: one QuickBooks transaction per ship date, each
                      holding the lines that shipped that day.
                    </p>
                    <DataTable
                      caption="QuickBooks transactions, one per ship date"
                      columns={postingColumns(currency)}
                      rows={postings}
                      rowKey={(p) => p.postingKey}
                      maxHeight="none"
                      testId="order-postings"
                    />
                  </>
                ) : posting ? (
                  <>
                    <dl className="facts">
                      <Fact label="State">
                        <Badge tone={POSTING_STATE[posting.state]?.tone ?? 'neutral'}>
                          {POSTING_STATE[posting.state]?.label ?? posting.state}
                        </Badge>
                      </Fact>
                      <Fact label="Type">{posting.txnType}</Fact>
                      <Fact label="TxnID">
                        {posting.txnId ? <span className="mono">{posting.txnId}</span> : none}
                      </Fact>
                      <Fact label="RefNumber">
                        {posting.refNumber ? <span className="mono">{posting.refNumber}</span> : none}
                      </Fact>
                      <Fact label="Dated">{formatDate(posting.txnDate)}</Fact>
                      <Fact label="Amount">{formatMoney(posting.amount ?? null, currency)}</Fact>
                    </dl>
                    {posting.lastError && (
                      <div className="callout callout-bad">
                        <strong>Last error</strong>
                        <p>{posting.lastError}</p>
                      </div>
                    )}
                  </>
                ) : (
                  <EmptyState compact title="Not posted to QuickBooks yet." />
                )}
              </Card>
            </div>

            {preview && (
              <Card
                title="Dry-run preview"
                testId="order-preview"
                actions={<Badge tone="info">Nothing was sent to QuickBooks</Badge>}
              >
                <p className="card-lead">
                  Would post a <strong>{preview.txnType}</strong> of{' '}
                  <strong>{formatMoney(preview.total, currency)}</strong> dated {formatDate(preview.txnDate)}{' '}
                  to <strong>{preview.customer?.fullName ?? 'no customer'}</strong>
                  {preview.refNumber ? ` with RefNumber ${preview.refNumber}` : ''}.
                </p>
                {preview.memo && <p className="muted small">Memo: {preview.memo}</p>}
                <PreviewLines content={preview} />
              </Card>
            )}

            <Card title="Timeline">
              {d.timeline.length === 0 ? (
                <EmptyState compact title="Nothing recorded for this order yet." />
              ) : (
                <ol className="timeline" data-testid="order-timeline">
                  {d.timeline.map((e) => (
                    <li key={e.id} className="timeline-item">
                      <span className={`timeline-dot tone-${levelTone(e.level)}`} aria-hidden="true" />
                      <div>
                        <p className="timeline-message">
                          <span className="sr-only">{levelLabel(e.level)}: </span>
                          {e.message}
                        </p>
                        <p className="timeline-meta">
                          <time dateTime={e.at}>{formatDateTime(e.at)}</time> (<RelativeTime value={e.at} />)
                          · {auditCategoryLabel(e.category)} · {eventLabel(e.event)}
                          {e.qbRef && (
                            <>
                              {' '}
                              · QuickBooks <span className="mono">{e.qbRef}</span>
                            </>
                          )}
                        </p>
                      </div>
                    </li>
                  ))}
                </ol>
              )}
            </Card>
          </>
        );
      }}
    </ResourceView>
  );
}
