import { useState } from 'react';
import { ORDER_STATUSES, type OrderStatus, type Status, type SyncSummary } from '../../../shared/api';
import type { EventPayload } from '../../../shared/events';
import {
  auditCategoryLabel,
  formatCount,
  formatDateTime,
  formatDuration,
  orderStatusLabel,
  orderStatusText,
  plural,
  toDate,
} from '../../../shared/format';
import { useApi, useEngineEvents } from '../api/client';
import { Badge } from '../components/Badge';
import { BarChart, type BarDatum } from '../components/BarChart';
import { Card, StatTile } from '../components/Card';
import { DataTable } from '../components/DataTable';
import { PageHeader } from '../components/PageHeader';
import { ProgressBar } from '../components/ProgressBar';
import { RelativeTime } from '../components/RelativeTime';
import { ResourceView } from '../components/ResourceView';
import { EmptyState } from '../components/States';
import { useResource } from '../hooks/useResource';
import { errorText } from '../lib/errors';
import { levelTone, levelLabel } from '../lib/levels';
import { hrefFor } from '../router';

type Call = ReturnType<typeof useApi>;

const STATUS_TILE_TONE: Record<OrderStatus, 'neutral' | 'good' | 'warn' | 'bad' | 'info' | 'violet'> = {
  received: 'neutral',
  flagged: 'warn',
  validated: 'info',
  queued: 'violet',
  posted: 'good',
  cancelled: 'neutral',
  ignored: 'neutral',
  failed: 'bad',
};

const DAYS = 14;

const dayKey = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** Orders per day (by order date, in the user's time zone) for the last 14 days, split by status. */
async function loadDaily(call: Call): Promise<BarDatum[]> {
  const today = new Date();
  const days: Date[] = [];
  for (let i = DAYS - 1; i >= 0; i--)
    days.push(new Date(today.getFullYear(), today.getMonth(), today.getDate() - i));
  const cutoff = days[0]!;
  const buckets = new Map(days.map((d) => [dayKey(d), { posted: 0, flagged: 0, other: 0 }]));
  const limit = 2000;
  // Orders come newest first: read pages until they are older than the chart (at most 20,000 orders).
  for (let offset = 0, page = 0; page < 10; page++) {
    const r = await call('orders', { limit, offset });
    for (const o of r.orders) {
      const d = toDate(o.orderDate);
      const b = d ? buckets.get(dayKey(d)) : undefined;
      if (!b) continue;
      if (o.status === 'posted') b.posted++;
      else if (o.status === 'flagged') b.flagged++;
      else b.other++;
    }
    offset += r.orders.length;
    const oldest = toDate(r.orders.at(-1)?.orderDate ?? null);
    if (r.orders.length < limit || offset >= r.total || (oldest && oldest < cutoff)) break;
  }
  return days.map((d) => ({
    key: dayKey(d),
    label: String(d.getDate()),
    fullLabel: d.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' }),
    values: buckets.get(dayKey(d))!,
  }));
}

async function loadCounts(call: Call): Promise<Record<OrderStatus, number>> {
  const totals = await Promise.all(
    ORDER_STATUSES.map(
      async (status) => [status, (await call('orders', { status, limit: 1 })).total] as const,
    ),
  );
  return Object.fromEntries(totals) as Record<OrderStatus, number>;
}

function sessionResultText(result: string | null, state: string): string {
  if (state === 'open') return 'Running now';
  if (!result) return state === 'expired' ? 'Ended without closing' : 'Finished';
  if (result === 'ok') return 'Finished without errors';
  return result[0]!.toUpperCase() + result.slice(1);
}

function QuickBooksCard({ status }: { status: Status }) {
  const { qbwc, company, mirror, outbox } = status;
  const last = qbwc.recentSessions[0];
  const err = qbwc.lastConnectionError;
  const connected = qbwc.lastContactAt !== null;
  // A problem is history once a later session finished cleanly.
  const errResolved = Boolean(
    err &&
    qbwc.recentSessions.some(
      (x) => x.state === 'closed' && x.result === 'ok' && Date.parse(x.createdAt) > Date.parse(err.at),
    ),
  );
  return (
    <Card
      title="QuickBooks Desktop"
      testId="qb-card"
      actions={
        connected ? (
          <Badge tone={err && !errResolved ? 'warn' : 'good'}>
            {err && !errResolved ? 'Needs attention' : 'Connected'}
          </Badge>
        ) : (
          <Badge tone="muted">Not connected yet</Badge>
        )
      }
    >
      <dl className="facts">
        <div>
          <dt>Company</dt>
          <dd>
            {company?.companyName ?? <span className="muted">Not known yet</span>}
            {company?.productName && <span className="fact-sub">{company.productName}</span>}
            {company?.editionNote && (
              <span className="fact-sub" role="note" data-testid="qb-edition-note">
                {company.editionNote}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Company file</dt>
          <dd className="break">{qbwc.companyFile ?? <span className="muted">Not known yet</span>}</dd>
        </div>
        <div>
          <dt>Web Connector last contact</dt>
          <dd data-testid="qbwc-last-contact">
            <RelativeTime value={qbwc.lastContactAt} fallback="Has not connected yet" />
            {qbwc.username && <span className="fact-sub">as user “{qbwc.username}”</span>}
          </dd>
        </div>
        <div>
          <dt>Last session</dt>
          <dd data-testid="qbwc-last-session">
            {last ? (
              <>
                {sessionResultText(last.result, last.state)}
                <span className="fact-sub">
                  <RelativeTime value={last.closedAt ?? last.createdAt} /> · {plural(last.jobsDone, 'job')}{' '}
                  done
                  {last.jobsFailed ? `, ${formatCount(last.jobsFailed)} failed` : ''}
                </span>
              </>
            ) : (
              <span className="muted">None yet</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Waiting for QuickBooks</dt>
          <dd>
            {plural(outbox.pending + outbox.sent, 'request')}
            {outbox.failed > 0 && (
              <span className="fact-sub text-bad">{formatCount(outbox.failed)} failed</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Lists copied from QuickBooks</dt>
          <dd>
            {mirror.map((m) => `${formatCount(m.count)} ${m.entity}`).join(', ')}
            {mirror[0]?.lastRunAt && (
              <span className="fact-sub">
                refreshed <RelativeTime value={mirror[0].lastRunAt} />
              </span>
            )}
          </dd>
        </div>
      </dl>
      {!qbwc.configured && (
        <p className="note">
          The Web Connector user is not set yet. Add it in <a href="#/settings">Settings</a>.
        </p>
      )}
      {err &&
        (errResolved ? (
          <p className="note" data-testid="qbwc-error-resolved">
            The last connection problem (<RelativeTime value={err.at} />) has been resolved since: later
            sessions worked.
          </p>
        ) : (
          <div className="callout callout-warn" data-testid="qbwc-error">
            <strong>Last connection problem</strong>{' '}
            <span className="muted">
              · <RelativeTime value={err.at} />
            </span>
            <p>{err.message}</p>
          </div>
        ))}
    </Card>
  );
}

function ShipStationCard({ status }: { status: Status }) {
  const ss = status.shipstation;
  const rb = ss.rateBudget;
  return (
    <Card
      title="ShipStation"
      testId="ss-card"
      actions={
        ss.configured ? (
          <Badge tone={ss.lastError ? 'warn' : 'good'}>
            {ss.lastError ? 'Needs attention' : 'Connected'}
          </Badge>
        ) : (
          <Badge tone="muted">Not set up</Badge>
        )
      }
    >
      {ss.configured ? (
        <>
          <dl className="facts">
            <div>
              <dt>API</dt>
              <dd>ShipStation {ss.apiVersion.toUpperCase()}</dd>
            </div>
            <div>
              <dt>Last check for orders</dt>
              <dd data-testid="ss-last-poll">
                <RelativeTime value={ss.lastPollAt} fallback="Not yet" />
              </dd>
            </div>
            <div>
              <dt>Orders seen</dt>
              <dd>
                {formatCount(ss.counts.orders)}
                <span className="fact-sub">
                  {plural(ss.counts.shipments, 'label')}, {formatCount(ss.counts.fulfillments)} marked shipped
                  elsewhere
                  {ss.counts.voided ? `, ${formatCount(ss.counts.voided)} voided` : ''}
                </span>
              </dd>
            </div>
            <div>
              <dt>Request budget</dt>
              <dd data-testid="ss-rate-budget">
                {rb ? (
                  <>
                    {rb.limit !== null
                      ? `${formatCount(rb.requestsLastMinute)} of ${formatCount(rb.limit)} requests in the last minute`
                      : `${plural(rb.requestsLastMinute, 'request')} in the last minute`}
                    {rb.limit !== null && rb.limit > 0 && (
                      <meter
                        className="budget-meter"
                        min={0}
                        max={rb.limit}
                        low={rb.limit * 0.6}
                        high={rb.limit * 0.85}
                        optimum={0}
                        value={Math.min(rb.requestsLastMinute, rb.limit)}
                        aria-label="Requests used in the last minute"
                      />
                    )}
                    {rb.throttled429 > 0 && (
                      <span className="fact-sub">
                        ShipStation asked to slow down {plural(rb.throttled429, 'time')}
                      </span>
                    )}
                  </>
                ) : (
                  <span className="muted">No requests yet</span>
                )}
              </dd>
            </div>
          </dl>
          {ss.counts.collisions > 0 && (
            <p className="note">
              {plural(ss.counts.collisions, 'order')} share an order number with another order; see{' '}
              <a href="#/flagged">Flagged orders</a>.
            </p>
          )}
          {ss.lastError && (
            <div className="callout callout-warn" data-testid="ss-error">
              <strong>The last check for orders had a problem</strong>
              <p>{ss.lastError}</p>
            </div>
          )}
        </>
      ) : (
        <EmptyState
          title="ShipStation is not connected."
          action={
            <a className="btn" href="#/settings">
              Add the API key in Settings
            </a>
          }
        />
      )}
    </Card>
  );
}

function SessionsCard({ status }: { status: Status }) {
  const sessions = status.qbwc.recentSessions.slice(0, 6);
  return (
    <Card title="Recent Web Connector sessions" testId="qbwc-sessions">
      {sessions.length === 0 ? (
        <EmptyState compact title="The Web Connector has not connected yet.">
          Add ml-connector to the QuickBooks Web Connector; see <a href="#/settings">Settings</a>.
        </EmptyState>
      ) : (
        <DataTable
          caption="Recent QuickBooks Web Connector sessions, newest first"
          maxHeight="none"
          columns={[
            {
              key: 'at',
              header: 'Started',
              className: 'nowrap',
              cell: (x) => <RelativeTime value={x.createdAt} />,
            },
            {
              key: 'took',
              header: 'Took',
              className: 'nowrap num',
              cell: (x) =>
                x.closedAt ? formatDuration(Date.parse(x.closedAt) - Date.parse(x.createdAt)) : 'running',
            },
            {
              key: 'req',
              header: 'Requests',
              align: 'right',
              className: 'num',
              cell: (x) => formatCount(x.requests),
            },
            {
              key: 'jobs',
              header: 'Jobs done',
              align: 'right',
              className: 'num',
              cell: (x) => (
                <>
                  {formatCount(x.jobsDone)}
                  {x.jobsFailed > 0 && (
                    <span className="text-bad"> ({formatCount(x.jobsFailed)} failed)</span>
                  )}
                </>
              ),
            },
            {
              key: 'result',
              header: 'Result',
              className: 'wrap',
              cell: (x) => (
                <span className={x.lastError || x.state === 'error' ? 'text-bad' : undefined}>
                  {sessionResultText(x.result, x.state)}
                </span>
              ),
            },
          ]}
          rows={sessions}
          rowKey={(x) => String(x.id)}
        />
      )}
    </Card>
  );
}

function syncLines(s: SyncSummary): string[] {
  const { ingest, reconcile } = s;
  const r = ingest.resources;
  const lines: string[] = [];
  lines.push(
    `ShipStation: ${plural(r.orders.fetched, 'order')} read (${formatCount(r.orders.new)} new, ${formatCount(
      r.orders.changed,
    )} changed), ${plural(r.labels.new, 'new label')}, ${plural(r.fulfillments.new, 'new fulfillment')}` +
      (ingest.voidsApplied ? `, ${plural(ingest.voidsApplied, 'void')} applied` : '') +
      '.',
  );
  const parts = (
    [
      ['validated', reconcile.validated],
      ['flagged', reconcile.flagged],
      ['queued for QuickBooks', reconcile.queued],
      ['posted', reconcile.posted],
      ['cancelled', reconcile.cancelled],
      ['ignored', reconcile.ignored],
      ['previewed (dry run)', reconcile.previews],
      ['with errors', reconcile.errors],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${formatCount(n)} ${label}`);
  lines.push(
    reconcile.examined
      ? `Checked ${plural(reconcile.examined, 'order')}${parts.length ? `: ${parts.join(', ')}` : ''}.`
      : 'No orders needed checking.',
  );
  if (reconcile.waitingForQuickBooks)
    lines.push('Queued work goes to QuickBooks the next time the Web Connector runs.');
  for (const [name, res] of Object.entries(r))
    if (res.error) lines.push(`Problem reading ${name}: ${res.error}`);
  if (ingest.collisions.length)
    lines.push(`Order numbers used by more than one order: ${ingest.collisions.slice(0, 10).join(', ')}.`);
  return lines;
}

function useSyncPanel({ onSynced }: { onSynced: () => void }) {
  const call = useApi();
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'running' }
    | { kind: 'done'; summary: SyncSummary; at: string }
    | { kind: 'error'; message: string }
  >({ kind: 'idle' });

  const run = async () => {
    setState({ kind: 'running' });
    try {
      const summary = await call('sync');
      setState({ kind: 'done', summary, at: new Date().toISOString() });
      onSynced();
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  };

  return {
    button: (
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => void run()}
        disabled={state.kind === 'running'}
        aria-busy={state.kind === 'running' || undefined}
        data-testid="sync-now"
      >
        {state.kind === 'running' && <span className="spinner spinner-inline" aria-hidden="true" />}
        {state.kind === 'running' ? 'Syncing…' : 'Sync now'}
      </button>
    ),
    result: (
      <div aria-live="polite" data-testid="sync-result" className="sync-result-region">
        {state.kind === 'done' && (
          <div className={`callout ${state.summary.ok ? 'callout-good' : 'callout-warn'}`}>
            <div className="callout-head">
              <strong>{state.summary.ok ? 'Sync finished' : 'Sync finished with problems'}</strong>
              <span className="muted">
                {formatDateTime(state.at)} · took {formatDuration(state.summary.ingest.durationMs)}
              </span>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => setState({ kind: 'idle' })}
                aria-label="Dismiss the sync result"
              >
                Dismiss
              </button>
            </div>
            <ul className="plain-list">
              {syncLines(state.summary).map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          </div>
        )}
        {state.kind === 'error' && (
          <div className="callout callout-bad" role="alert">
            <strong>The sync did not run.</strong> {state.message}
          </div>
        )}
      </div>
    ),
  };
}

interface Running {
  sessionId: number;
  percent: number | null;
}

/** Progress of a QuickBooks Web Connector session or another long run, from pushed events. */
function useLiveProgress(status: Status | undefined) {
  const [qb, setQb] = useState<Running | null>(null);
  const [task, setTask] = useState<EventPayload<'progress'> | null>(null);
  const [closed, setClosed] = useState<number | null>(null);
  useEngineEvents(['qbwc', 'progress'], (e) => {
    if (e.name === 'qbwc') {
      const p = e.payload as EventPayload<'qbwc'>;
      if (p.type === 'session-closed' || p.type === 'session-error') {
        setQb(null);
        setClosed(p.sessionId);
      } else {
        setQb((prev) => ({
          sessionId: p.sessionId,
          percent: p.percent ?? (prev?.sessionId === p.sessionId ? prev.percent : null),
        }));
      }
    } else if (e.name === 'progress') {
      const p = e.payload as EventPayload<'progress'>;
      setTask(p.total !== null && p.done >= p.total ? null : p);
    }
  });
  // A session already running when the page opened (no event seen yet).
  const open = status?.qbwc.recentSessions.find((s) => s.state === 'open');
  const running = qb ?? (open && open.id !== closed ? { sessionId: open.id, percent: null } : null);
  return { running, task };
}

export function DashboardPage() {
  const call = useApi();
  const status = useResource(() => call('status'), [], { refreshOn: ['status', 'qbwc'] });
  const counts = useResource(() => loadCounts(call), [], { refreshOn: ['orders'] });
  const daily = useResource(() => loadDaily(call), [], { refreshOn: ['orders'], debounceMs: 1000 });
  const activity = useResource(() => call('audit', { limit: 10 }), [], { refreshOn: ['audit'] });
  const { running, task } = useLiveProgress(status.data);
  const sync = useSyncPanel({
    onSynced: () => {
      status.reload();
      counts.reload();
    },
  });

  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle="QuickBooks Desktop and ShipStation at a glance."
        actions={sync.button}
      />
      {sync.result}
      {(running || task) && (
        <div className="progress-stack" aria-live="polite">
          {running && (
            <ProgressBar
              label="QuickBooks Web Connector session running"
              percent={running.percent}
              detail="Working…"
              testId="qbwc-progress"
            />
          )}
          {task && (
            <ProgressBar
              label={task.label}
              percent={task.total ? (task.done / task.total) * 100 : null}
              detail={
                task.total
                  ? `${formatCount(task.done)} of ${formatCount(task.total)}`
                  : `${formatCount(task.done)} done`
              }
              testId="task-progress"
            />
          )}
        </div>
      )}

      <ResourceView
        resource={status}
        loadingLabel="Loading connections…"
        errorTitle="Couldn’t load the connections"
      >
        {(s) => (
          <div className="grid-2">
            <QuickBooksCard status={s} />
            <ShipStationCard status={s} />
          </div>
        )}
      </ResourceView>

      <Card title="Orders by status" testId="status-counts" className="status-grid-host">
        <ResourceView resource={counts} compact loadingLabel="Counting orders…">
          {(c) => (
            <div className="stat-grid status-grid">
              {ORDER_STATUSES.map((s) => (
                <StatTile
                  key={s}
                  label={orderStatusLabel(s)}
                  value={formatCount(c[s])}
                  title={orderStatusText(s)}
                  tone={c[s] > 0 ? STATUS_TILE_TONE[s] : 'neutral'}
                  href={hrefFor('/orders', { status: s })}
                  testId={`status-count-${s}`}
                />
              ))}
            </div>
          )}
        </ResourceView>
      </Card>

      <div className="grid-2 grid-wide-left">
        <div className="stack">
          <Card
            title="Orders per day"
            actions={<span className="muted small">Last {DAYS} days, by order date</span>}
          >
            <ResourceView resource={daily} compact loadingLabel="Loading orders…">
              {(data) =>
                data.every((d) => d.values.posted! + d.values.flagged! + d.values.other! === 0) ? (
                  <EmptyState compact title="No orders in the last 14 days." />
                ) : (
                  <BarChart
                    title={`Orders per day over the last ${DAYS} days, by status`}
                    series={[
                      { key: 'posted', label: 'Posted', className: 'chart-posted' },
                      { key: 'flagged', label: 'Flagged', className: 'chart-flagged' },
                      { key: 'other', label: 'Other statuses', className: 'chart-other' },
                    ]}
                    data={data}
                    testId="orders-chart"
                  />
                )
              }
            </ResourceView>
          </Card>
          {status.data && <SessionsCard status={status.data} />}
        </div>

        <Card
          title="Recent activity"
          actions={
            <a href="#/audit" className="small">
              View all
            </a>
          }
        >
          <ResourceView resource={activity} compact loadingLabel="Loading activity…">
            {(a) =>
              a.entries.length === 0 ? (
                <EmptyState compact title="Nothing has happened yet." />
              ) : (
                <ol className="activity" data-testid="recent-activity">
                  {a.entries.map((e) => (
                    <li key={e.id} className={`activity-item level-${e.level}`}>
                      <span className={`activity-dot tone-${levelTone(e.level)}`} aria-hidden="true" />
                      <div className="activity-body">
                        <p className="activity-message">
                          <span className="sr-only">{levelLabel(e.level)}: </span>
                          {e.message}
                        </p>
                        <p className="activity-meta">
                          <RelativeTime value={e.at} /> · {auditCategoryLabel(e.category)}
                          {e.orderNumber && (
                            <>
                              {' · '}
                              <a href={hrefFor('/orders', { q: e.orderNumber })}>Order {e.orderNumber}</a>
                            </>
                          )}
                        </p>
                      </div>
                    </li>
                  ))}
                </ol>
              )
            }
          </ResourceView>
        </Card>
      </div>
    </>
  );
}
