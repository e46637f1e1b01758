import { formatDateTime, relativeTime, toDate } from '../../../shared/format';
import { useNow } from '../hooks/useNow';

/** "3 minutes ago", kept current; the exact time shows on hover and is in the markup. */
export function RelativeTime({
  value,
  fallback = 'never',
}: {
  value: string | null | undefined;
  fallback?: string;
}) {
  const now = useNow();
  const d = toDate(value);
  if (!d) return <span className="muted">{fallback}</span>;
  return (
    <time dateTime={d.toISOString()} title={formatDateTime(d)}>
      {relativeTime(d, Math.max(now, Date.now() - 15_000))}
    </time>
  );
}
