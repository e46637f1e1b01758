import type { OrderSummary } from '../../../../shared/api';
import { formatDate, formatMoney, Pill } from '../settings/ui';
import { fixFor, reasonLabel, type FlagFix, type QbCandidate } from './flags';

export type RowAction =
  | { kind: 'map-item'; sku: string; lineName: string | null; ambiguous: boolean; candidates: QbCandidate[] }
  | { kind: 'create-item'; sku: string; lineName: string | null }
  | { kind: 'map-customer'; fix: Extract<FlagFix, { kind: 'customer' }> }
  | { kind: 'create-customer' }
  | { kind: 'accept-amount' }
  | { kind: 'ignore' }
  | { kind: 'retry' };

function FlagActions({
  fix,
  busy,
  creating,
  onAction,
}: {
  fix: FlagFix;
  busy: boolean;
  /** A create for this flag's item/customer was asked for and waits for the Web Connector. */
  creating: boolean;
  onAction: (a: RowAction) => void;
}) {
  const waiting = (
    <span className="fl-creating" data-testid="resolve-creating">
      <Pill tone="info">Being created in QuickBooks</Pill>
      <span className="u-hint-inline">at the next Web Connector update</span>
    </span>
  );
  switch (fix.kind) {
    case 'item':
      return (
        <div className="fl-flag-actions">
          <button
            type="button"
            className="u-btn u-btn-primary u-btn-sm"
            disabled={busy}
            onClick={() =>
              onAction({
                kind: 'map-item',
                sku: fix.sku,
                lineName: fix.lineName,
                ambiguous: fix.ambiguous,
                candidates: fix.candidates,
              })
            }
            data-testid="resolve-map-item"
          >
            Choose QuickBooks item…
          </button>
          {fix.ambiguous ? null : creating ? (
            waiting
          ) : (
            <button
              type="button"
              className="u-btn u-btn-sm"
              disabled={busy}
              onClick={() => onAction({ kind: 'create-item', sku: fix.sku, lineName: fix.lineName })}
              data-testid="resolve-create-item"
            >
              Create in QuickBooks…
            </button>
          )}
        </div>
      );
    case 'customer':
      return (
        <div className="fl-flag-actions">
          <button
            type="button"
            className="u-btn u-btn-primary u-btn-sm"
            disabled={busy}
            onClick={() => onAction({ kind: 'map-customer', fix })}
            data-testid="resolve-map-customer"
          >
            Choose customer…
          </button>
          {fix.ambiguous || fix.perStore ? null : creating ? (
            waiting
          ) : (
            <button
              type="button"
              className="u-btn u-btn-sm"
              disabled={busy}
              onClick={() => onAction({ kind: 'create-customer' })}
              data-testid="resolve-create-customer"
            >
              Create customer…
            </button>
          )}
        </div>
      );
    case 'amount':
      return (
        <div className="fl-flag-actions">
          {fix.computed !== null && fix.orderTotal !== null ? (
            <dl className="fl-amounts">
              <div>
                <dt>Lines + shipping + tax</dt>
                <dd>{formatMoney(fix.computed)}</dd>
              </div>
              <div>
                <dt>Order total</dt>
                <dd>{formatMoney(fix.orderTotal)}</dd>
              </div>
              <div>
                <dt>Difference</dt>
                <dd>{formatMoney(fix.orderTotal - fix.computed)}</dd>
              </div>
            </dl>
          ) : null}
          <button
            type="button"
            className="u-btn u-btn-primary u-btn-sm"
            disabled={busy}
            onClick={() => onAction({ kind: 'accept-amount' })}
            data-testid="resolve-accept-amount"
          >
            Accept amounts
          </button>
        </div>
      );
    case 'setting':
    case 'setting-item':
      return (
        <div className="fl-flag-actions">
          <a className="u-btn u-btn-sm" href="#/settings" data-testid="resolve-open-settings">
            Open Settings
          </a>
          <span className="u-hint-inline">
            {fix.kind === 'setting'
              ? `Choose the ${fix.setting ?? ''} item under Posting, then the order is checked again.`
              : 'Choose an item that exists in QuickBooks under Posting.'}
          </span>
        </div>
      );
    case 'no-sku':
      return <p className="fl-flag-hint">Give this line a SKU in ShipStation, then press Retry.</p>;
    case 'collision':
      return (
        <p className="fl-flag-hint">
          QuickBooks can hold only one of them. Ignore the order that should not be posted, or renumber one in
          ShipStation and press Retry.
        </p>
      );
    default:
      return <p className="fl-flag-hint">Fix the cause (often in QuickBooks), then press Retry.</p>;
  }
}

export function FlaggedRow({
  order,
  busy,
  creatingSkus,
  creatingCustomer,
  onAction,
}: {
  order: OrderSummary;
  busy: boolean;
  creatingSkus: string[];
  creatingCustomer: boolean;
  onAction: (order: OrderSummary, a: RowAction) => void;
}) {
  const act = (a: RowAction): void => onAction(order, a);
  const headingId = `fl-order-${order.orderId}`;
  return (
    <li
      className="fl-row"
      data-testid={`flagged-row-${order.orderNumber}`}
      aria-labelledby={headingId}
      aria-busy={busy}
    >
      <div className="fl-row-head">
        <h3 id={headingId} className="fl-order-no">
          Order {order.orderNumber}
        </h3>
        <Pill tone={order.status === 'failed' ? 'error' : 'warning'}>
          {order.status === 'failed' ? 'Failed' : 'Needs attention'}
        </Pill>
        {order.collision ? <Pill tone="neutral">Number also used in another store</Pill> : null}
        <span className="fl-total">{formatMoney(order.orderTotal)}</span>
      </div>
      <p className="fl-meta">
        {[
          order.customerName ?? 'No customer name',
          order.customerEmail,
          order.storeName ?? order.storeId,
          order.orderDate ? `ordered ${formatDate(order.orderDate)}` : null,
          order.shipDate
            ? `shipped ${formatDate(order.shipDate)}`
            : `ShipStation: ${order.shipStationStatus.replace(/_/g, ' ')}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {order.flags.length ? (
        <ul className="fl-flags" aria-label={`Problems with order ${order.orderNumber}`}>
          {order.flags.map((f, i) => {
            const fix = fixFor(f);
            return (
              <li key={`${f.reason}-${i}`} className={`fl-flag fl-flag-${f.reason}`}>
                <div className="fl-flag-text">
                  <span className="fl-flag-reason">{reasonLabel(f.reason)}</span>
                  <span className="fl-flag-detail">{f.detail}</span>
                </div>
                <FlagActions
                  fix={fix}
                  busy={busy}
                  creating={
                    (fix.kind === 'item' && creatingSkus.includes(fix.sku)) ||
                    (fix.kind === 'customer' && creatingCustomer)
                  }
                  onAction={act}
                />
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="fl-flag-hint">
          {order.status === 'failed'
            ? 'Posting to QuickBooks failed; the Audit page has the details. Retry once the cause is fixed.'
            : 'No problem is recorded any more. Retry to check it again.'}
        </p>
      )}
      <div className="fl-row-foot">
        <button
          type="button"
          className="u-btn u-btn-sm"
          disabled={busy}
          onClick={() => act({ kind: 'retry' })}
          data-testid="resolve-retry"
        >
          {busy ? 'Working…' : 'Retry'}
        </button>
        <button
          type="button"
          className="u-btn u-btn-sm u-btn-quiet-danger"
          disabled={busy}
          onClick={() => act({ kind: 'ignore' })}
          data-testid="resolve-ignore"
        >
          Ignore…
        </button>
      </div>
    </li>
  );
}
