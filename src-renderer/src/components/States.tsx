import type { ReactNode } from 'react';
import { errorText } from '../lib/errors';

/** Nothing to show, said plainly, with an optional next step. */
export function EmptyState({
  title,
  children,
  action,
  compact,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  /** Less space around it (inside a small card). */
  compact?: boolean;
}) {
  return (
    <div className={`state state-empty${compact ? ' compact' : ''}`} data-testid="empty-state">
      <p className="state-title">{title}</p>
      {children && <div className="state-text">{children}</div>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}

/** A quiet spinner with a label screen readers announce. */
export function LoadingState({ label = 'Loading…', compact }: { label?: string; compact?: boolean }) {
  return (
    <div
      className={`state state-loading${compact ? ' compact' : ''}`}
      role="status"
      data-testid="loading-state"
    >
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** What went wrong in plain words, and a way to try again. */
export function ErrorState({
  error,
  title = 'Something went wrong',
  onRetry,
  compact,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  compact?: boolean;
}) {
  return (
    <div className={`state state-error${compact ? ' compact' : ''}`} role="alert" data-testid="error-state">
      <p className="state-title">{title}</p>
      <p className="state-text">{errorText(error)}</p>
      {onRetry && (
        <div className="state-action">
          <button type="button" className="btn" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}
