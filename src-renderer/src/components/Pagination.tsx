import { formatCount } from '../../../shared/format';

/** "Showing 51–100 of 1,234" with previous/next. `onChange` gets the new offset. */
export function Pagination({
  offset,
  limit,
  total,
  onChange,
  noun = 'rows',
}: {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
  noun?: string;
}) {
  if (total === 0) return null;
  const first = Math.min(offset + 1, total);
  const last = Math.min(offset + limit, total);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pagination" aria-label="Pages" data-testid="pagination">
      <span className="pagination-info" aria-live="polite">
        Showing {formatCount(first)}–{formatCount(last)} of {formatCount(total)} {noun}
      </span>
      <span className="pagination-buttons">
        <button
          type="button"
          className="btn"
          onClick={() => onChange(Math.max(0, offset - limit))}
          disabled={offset === 0}
          data-testid="pagination-prev"
        >
          <span aria-hidden="true">‹</span> Previous
        </button>
        <span className="pagination-page">
          Page {formatCount(page)} of {formatCount(pages)}
        </span>
        <button
          type="button"
          className="btn"
          onClick={() => onChange(offset + limit)}
          disabled={offset + limit >= total}
          data-testid="pagination-next"
        >
          Next <span aria-hidden="true">›</span>
        </button>
      </span>
    </nav>
  );
}
