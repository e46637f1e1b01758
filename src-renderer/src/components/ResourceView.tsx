import type { ReactNode } from 'react';
import type { Resource } from '../hooks/useResource';
import { errorText } from '../lib/errors';
import { ErrorState, LoadingState } from './States';

/**
 * The three states of anything loaded: loading (first time), error (with retry), or the content.
 * When a refresh fails but older data is there, the data stays and a slim notice says so.
 */
export function ResourceView<T>({
  resource,
  children,
  loadingLabel,
  errorTitle,
  compact,
}: {
  resource: Resource<T>;
  children: (data: T) => ReactNode;
  loadingLabel?: string;
  errorTitle?: string;
  compact?: boolean;
}) {
  const { data, error, loading, reload } = resource;
  if (data === undefined) {
    if (error) return <ErrorState error={error} title={errorTitle} onRetry={reload} compact={compact} />;
    return <LoadingState label={loadingLabel} compact={compact} />;
  }
  return (
    <>
      {error && !loading && (
        <div className="inline-alert" role="alert">
          <span>Couldn’t refresh: {errorText(error)}</span>
          <button type="button" className="btn btn-small" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {children(data)}
    </>
  );
}
