import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { AuditEntrySchema } from '../../../shared/api';
import {
  AUDIT_CATEGORIES,
  auditCategoryLabel,
  eventLabel,
  formatCount,
  formatDateTime,
  plural,
} from '../../../shared/format';
import { useApi } from '../api/client';
import { Badge } from '../components/Badge';
import { Card } from '../components/Card';
import { DataTable, type Column } from '../components/DataTable';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { Pagination } from '../components/Pagination';
import { RelativeTime } from '../components/RelativeTime';
import { ResourceView } from '../components/ResourceView';
import { EmptyState } from '../components/States';
import { useResource } from '../hooks/useResource';
import { useCsvExport } from '../components/CsvExport';
import { levelLabel, levelTone } from '../lib/levels';
import { hrefFor, navigate, type Route } from '../router';

type AuditEntry = z.output<typeof AuditEntrySchema>;
type Level = AuditEntry['level'];

const PAGE_SIZE = 50;
const LEVELS: Level[] = ['info', 'warn', 'error'];
const isLevel = (v: string | null): v is Level => (LEVELS as (string | null)[]).includes(v);

function Details({ e }: { e: AuditEntry }) {
  const refs = [
    e.ssRef && `ShipStation ${e.ssRef}`,
    e.qbRef && `QuickBooks ${e.qbRef}`,
    e.statusCode !== null && `HTTP ${e.statusCode}`,
  ].filter(Boolean);
  const hasData = e.data !== null && e.data !== undefined;
  if (!refs.length && !hasData) return null;
  return (
    <details className="audit-details">
      <summary>Details</summary>
      {refs.length > 0 && <p className="mono small">{refs.join(' · ')}</p>}
      {hasData && <pre className="json">{JSON.stringify(e.data, null, 2)}</pre>}
    </details>
  );
}

const columns: Column<AuditEntry>[] = [
  {
    key: 'at',
    header: 'When',
    className: 'nowrap',
    cell: (e) => (
      <span className="two-line">
        <span>{formatDateTime(e.at)}</span>
        <span className="sub">
          <RelativeTime value={e.at} />
        </span>
      </span>
    ),
  },
  {
    key: 'level',
    header: 'Level',
    cell: (e) => <Badge tone={levelTone(e.level)}>{levelLabel(e.level)}</Badge>,
  },
  {
    key: 'what',
    header: 'Area',
    className: 'nowrap',
    cell: (e) => (
      <span className="two-line">
        <span>{auditCategoryLabel(e.category)}</span>
        <span className="sub">{eventLabel(e.event)}</span>
      </span>
    ),
  },
  {
    key: 'order',
    header: 'Order',
    className: 'nowrap',
    cell: (e) =>
      e.orderNumber ? (
        <a href={hrefFor('/orders', { q: e.orderNumber })} title={`Find order ${e.orderNumber}`}>
          {e.orderNumber}
        </a>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    key: 'message',
    header: 'What happened',
    className: 'wrap',
    cell: (e) => (
      <>
        {e.message}
        <Details e={e} />
      </>
    ),
  },
];

export function AuditPage({ route }: { route: Route }) {
  const call = useApi();
  const rawLevel = route.query.get('level');
  const level = isLevel(rawLevel) ? rawLevel : '';
  const category = route.query.get('category') ?? '';
  const order = route.query.get('order') ?? '';
  const page = Math.max(1, Math.floor(Number(route.query.get('page'))) || 1);
  const offset = (page - 1) * PAGE_SIZE;

  const update = (patch: Record<string, string | number>) =>
    navigate(hrefFor('/audit', { level, category, order, page: page > 1 ? page : '', ...patch }), {
      replace: true,
    });

  const [orderInput, setOrderInput] = useState(order);
  const pushed = useRef(order);
  useEffect(() => {
    if (order !== pushed.current) {
      pushed.current = order;
      setOrderInput(order);
    }
  }, [order]);
  useEffect(() => {
    if (orderInput === pushed.current) return;
    const t = setTimeout(() => {
      pushed.current = orderInput;
      update({ order: orderInput.trim(), page: '' });
    }, 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only typing restarts the wait
  }, [orderInput]);

  const filters = {
    level: level || undefined,
    category: category || undefined,
    orderNumber: order.trim() || undefined,
  };
  const entries = useResource(
    () => call('audit', { ...filters, limit: PAGE_SIZE, offset }),
    [level, category, order, offset],
    {
      refreshOn: ['audit'],
    },
  );

  const exporter = useCsvExport('audit-export', async () => {
    const r = await call('auditExport', filters);
    return { filename: r.filename, csv: r.csv, saved: plural(r.rows, 'entry', 'entries') };
  });

  const filtered = Boolean(level || category || order);
  const clear = () => {
    pushed.current = '';
    setOrderInput('');
    navigate('#/audit', { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Audit"
        subtitle="Everything the connector did and why, newest first."
        actions={exporter.button}
      />
      {exporter.result}
      <Card>
        <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <Field label="Level">
            <select
              value={level}
              onChange={(e) => update({ level: e.target.value, page: '' })}
              data-testid="audit-level"
            >
              <option value="">All levels</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(l)}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Area">
            <select
              value={category}
              onChange={(e) => update({ category: e.target.value, page: '' })}
              data-testid="audit-category"
            >
              <option value="">All areas</option>
              {AUDIT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {auditCategoryLabel(c)}
                </option>
              ))}
              {category && !AUDIT_CATEGORIES.includes(category) && (
                <option value={category}>{category}</option>
              )}
            </select>
          </Field>
          <Field label="Order number">
            <input
              type="search"
              value={orderInput}
              onChange={(e) => setOrderInput(e.target.value)}
              placeholder="Exact order number"
              autoComplete="off"
              data-testid="audit-order"
            />
          </Field>
          {filtered && (
            <button type="button" className="btn btn-ghost filters-clear" onClick={clear}>
              Clear filters
            </button>
          )}
        </form>
        <ResourceView
          resource={entries}
          loadingLabel="Loading the audit trail…"
          errorTitle="Couldn’t load the audit trail"
        >
          {(data) => (
            <>
              <DataTable
                caption={`Audit entries, ${formatCount(data.total)} in all`}
                columns={columns}
                rows={data.entries}
                rowKey={(e) => String(e.id)}
                rowTestId={(e) => `audit-row-${e.id}`}
                rowClassName={(e) => `level-${e.level}`}
                busy={entries.loading}
                testId="audit-table"
                empty={
                  data.total > 0 ? (
                    <EmptyState
                      title="This page is past the end of the list."
                      action={
                        <a className="btn" href={hrefFor('/audit', { level, category, order })}>
                          Go to the first page
                        </a>
                      }
                    />
                  ) : filtered ? (
                    <EmptyState
                      title="No entries match these filters."
                      action={
                        <button type="button" className="btn" onClick={clear}>
                          Clear filters
                        </button>
                      }
                    />
                  ) : (
                    <EmptyState title="The audit trail is empty." />
                  )
                }
              />
              <Pagination
                offset={offset}
                limit={PAGE_SIZE}
                total={data.total}
                noun="entries"
                onChange={(o) => update({ page: o / PAGE_SIZE + 1 })}
              />
            </>
          )}
        </ResourceView>
      </Card>
    </>
  );
}
