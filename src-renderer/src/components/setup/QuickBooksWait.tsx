import { useState } from 'react';
import type { SetupState, Status } from '../../../../shared/api';
import type { EventPayload } from '../../../../shared/events';
import { useEngineEvents } from '../../api/client';
import { formatWhen, Pill, Spinner } from '../settings/ui';

type QbwcEvent = EventPayload<'qbwc'>;

/**
 * What is happening with QuickBooks while the wizard waits: the Web Connector's sessions as they
 * start, progress and end, and what ml-connector has read so far.
 */
export function QuickBooksWait({ setup, status }: { setup: SetupState | null; status: Status | null }) {
  const [last, setLast] = useState<{ e: QbwcEvent; at: string } | null>(null);
  useEngineEvents(['qbwc'], (e) => setLast({ e: e.payload as QbwcEvent, at: e.at }));

  const connected = setup?.quickBooksConnected ?? false;
  const customers = status?.mirror.find((m) => m.entity === 'customers');
  const items = status?.mirror.find((m) => m.entity === 'items');
  const error = status?.qbwc.lastConnectionError ?? null;
  const contacted = Boolean(status?.qbwc.lastContactAt) || last !== null;

  if (connected) {
    return (
      <div className="wz-wait wz-wait-ok" data-testid="wizard-qb-connected" role="status">
        <div className="wz-wait-mark" aria-hidden="true">
          ✓
        </div>
        <div>
          <p className="wz-wait-title">QuickBooks is connected</p>
          <p className="u-hint">
            {status?.company?.companyName ? `${status.company.companyName}` : 'Your company file'}
            {status?.qbwc.companyFile ? ` (${status.qbwc.companyFile})` : ''}:{' '}
            {customers ? `${customers.count.toLocaleString()} customers` : ''}
            {items ? `, ${items.count.toLocaleString()} items read so far` : ''}. Last contact{' '}
            {formatWhen(status?.qbwc.lastContactAt)}.
          </p>
        </div>
      </div>
    );
  }

  let headline: string;
  let detail: string;
  if (last?.e.type === 'session-error') {
    headline = 'The Web Connector reported a problem';
    detail =
      error?.message ?? 'See the Web Connector window for the message, then press Update Selected there.';
  } else if (last?.e.type === 'progress' || last?.e.type === 'session-started') {
    headline = 'QuickBooks is connected and sending its lists…';
    detail =
      last.e.percent !== undefined
        ? `About ${Math.round(last.e.percent)}% of this update done.`
        : 'Reading customers and items. A large company file can take a few minutes the first time.';
  } else if (contacted) {
    headline = 'The Web Connector has been in touch; waiting for the customer list…';
    detail = `Last contact ${formatWhen(status?.qbwc.lastContactAt ?? last?.at)}. The next update finishes the first read.`;
  } else {
    headline = 'Waiting for the Web Connector…';
    detail =
      'Follow the steps above. Once you enter the password and tick Auto-Run (or press Update Selected), QuickBooks connects here.';
  }

  return (
    <div className="wz-wait" role="status" aria-live="polite" data-testid="wizard-qb-waiting">
      <Spinner label="Waiting for QuickBooks" />
      <div>
        <p className="wz-wait-title">{headline}</p>
        <p className="u-hint">{detail}</p>
        {error && last?.e.type !== 'session-error' ? (
          <p className="wz-wait-error">
            Last problem ({formatWhen(error.at)}): {error.message}
          </p>
        ) : null}
        {customers && customers.count > 0 ? (
          <p className="u-hint">
            <Pill tone="info">{customers.count.toLocaleString()} customers</Pill>{' '}
            {items ? <Pill tone="info">{items.count.toLocaleString()} items</Pill> : null}
          </p>
        ) : null}
      </div>
    </div>
  );
}
