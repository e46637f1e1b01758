import { useEffect, useState } from 'react';
import type { Status } from '../../shared/api';
import { createTransport } from './api/client';

const transport = createTransport();
const call = <N extends 'status'>(name: N) => transport.call(name, {});

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

/** Connection status at a glance; the full dashboard, flagged orders and settings come with the desktop UI. */
export function App() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      call('status')
        .then((s) => alive && (setStatus(s as Status), setError(null)))
        .catch((e: Error) => alive && setError(e.message));
    void load();
    const t = setInterval(load, 5000);
    return () => {
      alive = false;
      clearInterval(t);
    };
  }, []);

  if (error)
    return (
      <main className="page">
        <h1>ml-connector</h1>
        <p role="alert">Cannot reach the engine: {error}</p>
      </main>
    );
  if (!status)
    return (
      <main className="page">
        <h1>ml-connector</h1>
        <p>Loading…</p>
      </main>
    );
  return (
    <main className="page">
      <h1>ml-connector</h1>
      <section aria-labelledby="qb">
        <h2 id="qb">QuickBooks</h2>
        <p>
          Company: <strong>{status.company?.companyName ?? 'not connected yet'}</strong>
          {status.qbwc.companyFile ? ` (${status.qbwc.companyFile})` : ''}
        </p>
        <p>Web Connector last seen: {when(status.qbwc.lastContactAt)}</p>
        {status.qbwc.lastConnectionError && <p role="alert">{status.qbwc.lastConnectionError.message}</p>}
        <ul>
          {status.mirror.map((m) => (
            <li key={m.entity}>
              {m.count.toLocaleString()} {m.entity} (refreshed {when(m.lastRunAt)})
            </li>
          ))}
        </ul>
        <p>
          Queue: {status.outbox.pending} waiting, {status.outbox.done} done, {status.outbox.failed} failed
        </p>
      </section>
      <section aria-labelledby="ss">
        <h2 id="ss">ShipStation</h2>
        {status.shipstation.configured ? (
          <>
            <p>
              Connected ({status.shipstation.apiVersion.toUpperCase()}); last poll{' '}
              {when(status.shipstation.lastPollAt)}
            </p>
            {status.shipstation.lastError && <p role="alert">{status.shipstation.lastError}</p>}
            <p>
              {status.shipstation.counts.orders.toLocaleString()} orders,{' '}
              {status.shipstation.counts.shipments.toLocaleString()} labels,{' '}
              {status.shipstation.counts.fulfillments.toLocaleString()} marked shipped elsewhere
            </p>
            {status.shipstation.rateBudget?.limit ? (
              <p>
                Rate budget: {status.shipstation.rateBudget.requestsLastMinute} of{' '}
                {status.shipstation.rateBudget.limit} requests used in the last minute
                {status.shipstation.rateBudget.throttled429 > 0
                  ? ` (${status.shipstation.rateBudget.throttled429} times asked to slow down)`
                  : ''}
              </p>
            ) : null}
          </>
        ) : (
          <p>Not connected: add the ShipStation API key in Settings.</p>
        )}
      </section>
    </main>
  );
}
