import {
  FLAG_REASONS,
  flagReasonLabel,
  formatCount,
  formatDate,
  formatMoney,
  orderStatusLabel,
  plural,
} from '../../../shared/format';
import { useApi } from '../api/client';
import { Badge, type Tone } from '../components/Badge';
import { Card, StatTile } from '../components/Card';
import { DataTable, type Column } from '../components/DataTable';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { Pagination } from '../components/Pagination';
import { ResourceView } from '../components/ResourceView';
import { EmptyState } from '../components/States';
import { useResource } from '../hooks/useResource';
import { useCsvExport } from '../components/CsvExport';
import { read, REPORT_KINDS, ReportShape, type ReportKind, type ReportRowView } from '../../../shared/views';
import { hrefFor, navigate, orderHref, type Route } from '../router';

const PAGE_SIZE = 100;
const MONTH = /^(\d{4})-(\d{2})$/;

const KIND: Record<ReportKind, { label: string; plural: string; tone: Tone; text: string }> = {
  missing: {
    label: 'Missing',
    plural: 'Missing in QuickBooks',
    tone: 'bad',
    text: 'Shipped in ShipStation, not posted in QuickBooks in this range.',
  },
  amount_difference: {
    label: 'Amount differs',
    plural: 'Amount differences',
    tone: 'warn',
    text: 'Posted, but QuickBooks holds a different amount.',
  },
  extra: {
    label: 'Extra',
    plural: 'Extra in QuickBooks',
    tone: 'violet',
    text: 'Posted in QuickBooks in this range without a matching shipment in it.',
  },
  matched: { label: 'Matched', plural: 'Matched', tone: 'good', text: 'Shipped and posted, amounts equal.' },
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** Last month as YYYY-MM (the month a bookkeeper closes). */
function lastMonth(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

function monthRange(month: string): { from: string; to: string } {
  const [, y, m] = MONTH.exec(month)!;
  const last = new Date(Number(y), Number(m), 0).getDate();
  return { from: `${y}-${m}-01`, to: `${y}-${m}-${pad(last)}` };
}

function shiftMonth(month: string, by: number): string {
  const [, y, m] = MONTH.exec(month)!;
  const d = new Date(Number(y), Number(m) - 1 + by, 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

const monthName = (month: string): string => {
  const [, y, m] = MONTH.exec(month)!;
  return new Date(Number(y), Number(m) - 1, 1).toLocaleDateString(undefined, {
    month: 'long',
    year: 'numeric',
  });
};

const money = (v: number | null | undefined) =>
  v === null || v === undefined ? <span className="muted">—</span> : formatMoney(v);

/** The engine's notes name flag reasons as machine words ("flagged (unknown_item)"): say them plainly. */
const plainNote = (note: string): string =>
  note.replace(new RegExp(`\\b(${FLAG_REASONS.join('|')})\\b`, 'g'), (r) => {
    const label = flagReasonLabel(r);
    return label.startsWith('QuickBooks') ? label : label[0]!.toLowerCase() + label.slice(1);
  });

function columns(
  storeName: (id: string | null | undefined) => string,
): Column<ReportRowView & { i: number }>[] {
  return [
    {
      key: 'kind',
      header: 'Result',
      className: 'nowrap',
      cell: (r) => (
        <span className="two-line">
          <span>
            <Badge tone={KIND[r.kind].tone} title={KIND[r.kind].text} testId="recon-kind">
              {KIND[r.kind].label}
            </Badge>
          </span>
          {r.status && (
            <span className="sub" title="The order's sync status">
              {r.status.split(',').map(orderStatusLabel).join(', ')}
            </span>
          )}
        </span>
      ),
    },
    {
      key: 'order',
      header: 'Order',
      className: 'nowrap',
      cell: (r) => (
        <span className="two-line">
          {r.orderId && !r.orderId.includes(',') ? (
            <a href={orderHref(r.orderId)}>{r.orderNumber}</a>
          ) : (
            <a href={hrefFor('/orders', { q: r.orderNumber })}>{r.orderNumber}</a>
          )}
          <span className="sub">{storeName(r.storeId)}</span>
        </span>
      ),
    },
    { key: 'ship', header: 'Shipped', className: 'nowrap', cell: (r) => formatDate(r.shipDate) },
    { key: 'posted', header: 'Posted', className: 'nowrap', cell: (r) => formatDate(r.txnDate) },
    {
      key: 'ss',
      header: 'ShipStation',
      align: 'right',
      className: 'num nowrap',
      cell: (r) => money(r.shipStationAmount),
    },
    {
      key: 'qb',
      header: 'QuickBooks',
      align: 'right',
      className: 'num nowrap',
      cell: (r) => (
        <span className="two-line">
          <span>{money(r.quickBooksAmount)}</span>
          {r.txnId && (
            <span className="sub mono" title={`${r.txnType ?? 'Transaction'} ${r.txnId}`}>
              {r.txnId}
            </span>
          )}
        </span>
      ),
    },
    {
      key: 'diff',
      header: 'Difference',
      align: 'right',
      className: 'num nowrap',
      cell: (r) =>
        r.difference === null || r.difference === undefined ? (
          <span className="muted">—</span>
        ) : (
          <span className={r.difference === 0 ? 'muted' : r.difference < 0 ? 'text-bad' : 'text-violet'}>
            {formatMoney(r.difference)}
          </span>
        ),
    },
    {
      key: 'note',
      header: 'Note',
      className: 'wrap-narrow',
      cell: (r) => (
        <>
          {plainNote(r.note)}
          {r.flags && !r.note.includes(r.flags) && (
            <span className="sub block">Flags: {r.flags.split('; ').map(flagReasonLabel).join(', ')}</span>
          )}
        </>
      ),
    },
  ];
}

export function ReconciliationPage({ route }: { route: Route }) {
  const call = useApi();
  const rawMonth = route.query.get('month') ?? '';
  const month =
    MONTH.exec(rawMonth) && Number(rawMonth.slice(5)) >= 1 && Number(rawMonth.slice(5)) <= 12
      ? rawMonth
      : lastMonth();
  const rawKind = route.query.get('kind');
  const kind = (REPORT_KINDS as readonly (string | null)[]).includes(rawKind) ? (rawKind as ReportKind) : '';
  const page = Math.max(1, Math.floor(Number(route.query.get('page'))) || 1);
  const { from, to } = monthRange(month);

  const update = (patch: Record<string, string | number>) =>
    navigate(hrefFor('/reconciliation', { month, kind, page: page > 1 ? page : '', ...patch }), {
      replace: true,
    });

  const stores = useResource(() => call('stores'), []);
  const report = useResource(
    async () => {
      const r = await call('reconciliationReport', { from, to, format: 'json' });
      const parsed = read(ReportShape, r.report);
      if (!parsed)
        throw new Error('The engine sent a report this window cannot read. Is the app up to date?');
      return parsed;
    },
    [from, to],
    { refreshOn: ['orders'], debounceMs: 2000 },
  );

  const exporter = useCsvExport('recon-export', async () => {
    const r = await call('reconciliationReport', { from, to, format: 'csv' });
    if (r.csv === null) throw new Error('The engine sent no CSV.');
    return { filename: r.filename, csv: r.csv, saved: `the ${monthName(month)} report` };
  });

  const storeName = (id: string | null | undefined): string => {
    if (!id) return '—';
    return id
      .split(',')
      .map((s) => stores.data?.stores.find((x) => x.storeId === s)?.storeName ?? s)
      .join(', ');
  };

  const thisMonth = `${new Date().getFullYear()}-${pad(new Date().getMonth() + 1)}`;

  return (
    <>
      <PageHeader
        title="Reconciliation"
        subtitle="What ShipStation shipped in a month against what QuickBooks holds as posted, order by order."
        actions={exporter.button}
      />
      {exporter.result}

      <Card>
        <div className="filters">
          <button
            type="button"
            className="btn btn-icon"
            onClick={() => update({ month: shiftMonth(month, -1), page: '' })}
            aria-label="Previous month"
            data-testid="recon-prev"
          >
            ‹
          </button>
          <Field label="Month">
            <input
              type="month"
              value={month}
              max={thisMonth}
              onChange={(e) => MONTH.test(e.target.value) && update({ month: e.target.value, page: '' })}
              data-testid="recon-month"
            />
          </Field>
          <button
            type="button"
            className="btn btn-icon"
            onClick={() => update({ month: shiftMonth(month, 1), page: '' })}
            disabled={month >= thisMonth}
            aria-label="Next month"
            data-testid="recon-next"
          >
            ›
          </button>
          <p className="filters-note">
            {formatDate(from)} to {formatDate(to)}
          </p>
        </div>
      </Card>

      <ResourceView
        resource={report}
        loadingLabel="Building the report…"
        errorTitle="Couldn’t build the report"
      >
        {(rep) => {
          const t = rep.totals;
          const rows = rep.rows.filter((r) => !kind || r.kind === kind).map((r, i) => ({ ...r, i }));
          const offset = Math.min(
            (page - 1) * PAGE_SIZE,
            Math.max(0, Math.floor((rows.length - 1) / PAGE_SIZE) * PAGE_SIZE),
          );
          const problems = t.missing + t.extra + t.amountDifferences;
          return (
            <>
              <div className="stat-grid stat-grid-wide" data-testid="recon-totals">
                <StatTile
                  label="Shipped"
                  value={formatCount(t.shipped)}
                  hint={formatMoney(t.shippedAmount)}
                  testId="recon-shipped"
                />
                <StatTile
                  label="Posted"
                  value={formatCount(t.posted)}
                  hint={formatMoney(t.postedAmount)}
                  testId="recon-posted"
                />
                <StatTile
                  label="Matched"
                  value={formatCount(t.matched)}
                  tone={t.matched ? 'good' : 'neutral'}
                  testId="recon-matched"
                />
                <StatTile
                  label="Missing in QuickBooks"
                  value={formatCount(t.missing)}
                  tone={t.missing ? 'bad' : 'neutral'}
                  testId="recon-missing"
                />
                <StatTile
                  label="Extra in QuickBooks"
                  value={formatCount(t.extra)}
                  tone={t.extra ? 'violet' : 'neutral'}
                  testId="recon-extra"
                />
                <StatTile
                  label="Amount differences"
                  value={formatCount(t.amountDifferences)}
                  tone={t.amountDifferences ? 'warn' : 'neutral'}
                  testId="recon-differences"
                />
              </div>
              <p className={`summary-line${problems ? ' text-warn' : ''}`} data-testid="recon-summary">
                {t.shipped === 0 && t.posted === 0
                  ? `Nothing shipped or posted in ${monthName(month)}.`
                  : problems === 0
                    ? `Everything shipped in ${monthName(month)} is posted in QuickBooks with the same amounts.`
                    : `${plural(problems, 'order needs', 'orders need')} a look: ${[
                        t.missing && `${formatCount(t.missing)} missing`,
                        t.amountDifferences && `${formatCount(t.amountDifferences)} with a different amount`,
                        t.extra && `${formatCount(t.extra)} extra`,
                      ]
                        .filter(Boolean)
                        .join(', ')}. QuickBooks minus ShipStation: ${formatMoney(t.netDifference)}.`}
              </p>
              {rep.byDay.some((d) => d.shippedNotPosted || d.postedNotShipped) ? (
                <Card title="Days with something on one side only">
                  <table className="data-table" data-testid="recon-days">
                    <thead>
                      <tr>
                        <th scope="col">Day</th>
                        <th scope="col">Shipped (net of gift cards)</th>
                        <th scope="col">Posted</th>
                        <th scope="col">Shipped, not posted</th>
                        <th scope="col">Posted, not shipped</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rep.byDay
                        .filter((d) => d.shippedNotPosted || d.postedNotShipped)
                        .map((d) => (
                          <tr key={d.date}>
                            <td>{d.date}</td>
                            <td>{formatMoney(d.shippedAmount)}</td>
                            <td>{formatMoney(d.postedAmount)}</td>
                            <td>{formatMoney(d.shippedNotPosted)}</td>
                            <td>{formatMoney(d.postedNotShipped)}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </Card>
              ) : null}
              {rep.giftCardsByStore.length ? (
                <p className="summary-line" data-testid="recon-gift-cards">
                  {`Redeemed on gift cards or store credit (posted against the liability, not cash): ${rep.giftCardsByStore
                    .map(
                      (g) =>
                        `${storeName(g.storeId)} ${formatMoney(g.amount)} on ${plural(g.orders, 'order', 'orders')}`,
                    )
                    .join('; ')}.`}
                </p>
              ) : null}
              <Card
                title="Orders"
                actions={
                  <div className="segmented" role="group" aria-label="Show">
                    {(['', ...REPORT_KINDS] as const).map((k) => {
                      const n = k === '' ? rep.rows.length : rep.rows.filter((r) => r.kind === k).length;
                      return (
                        <button
                          key={k || 'all'}
                          type="button"
                          className={`segment${kind === k ? ' active' : ''}`}
                          aria-pressed={kind === k}
                          onClick={() => update({ kind: k, page: '' })}
                          data-testid={`recon-filter-${k || 'all'}`}
                        >
                          {k ? KIND[k].label : 'All'} <span className="segment-count">{formatCount(n)}</span>
                        </button>
                      );
                    })}
                  </div>
                }
              >
                <DataTable
                  caption={`Reconciliation rows for ${monthName(month)}`}
                  columns={columns(storeName)}
                  rows={rows.slice(offset, offset + PAGE_SIZE)}
                  rowKey={(r) => `${r.kind}-${r.orderNumber}-${r.i}`}
                  rowTestId={(r) => `recon-row-${r.orderNumber}`}
                  busy={report.loading}
                  testId="recon-table"
                  empty={
                    <EmptyState
                      title={
                        kind
                          ? `No “${KIND[kind].label.toLowerCase()}” rows this month.`
                          : 'No rows this month.'
                      }
                    >
                      {kind
                        ? KIND[kind].text
                        : 'Nothing shipped in ShipStation or posted in QuickBooks in this month.'}
                    </EmptyState>
                  }
                />
                <Pagination
                  offset={offset}
                  limit={PAGE_SIZE}
                  total={rows.length}
                  noun="rows"
                  onChange={(o) => update({ page: o / PAGE_SIZE + 1 })}
                />
              </Card>
            </>
          );
        }}
      </ResourceView>
    </>
  );
}
