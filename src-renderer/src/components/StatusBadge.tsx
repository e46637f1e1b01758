import { ORDER_STATUSES } from '../../../shared/api';
import { orderStatusLabel, orderStatusText } from '../../../shared/format';

const KNOWN = new Set<string>(ORDER_STATUSES);

/**
 * One colour and label per order status (received, flagged, validated, queued, posted, cancelled,
 * ignored, failed); the tooltip says what the status means. Colours live in styles.css (`.status-*`).
 */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`badge status-${KNOWN.has(status) ? status : 'unknown'}`}
      title={orderStatusText(status)}
      data-testid="status-badge"
      data-status={status}
    >
      <span className="badge-dot" aria-hidden="true" />
      {orderStatusLabel(status)}
    </span>
  );
}
