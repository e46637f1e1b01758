import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { EventName } from '../../../shared/events';
import { useEngineEvents } from '../api/client';

export interface Resource<T> {
  /** The last value loaded (kept while a reload runs, so a live refresh never blanks the page). */
  data: T | undefined;
  /** The last load's error; cleared by the next successful load. */
  error: Error | null;
  /** True while a load runs (the first one, after `deps` changed, or a retry). */
  loading: boolean;
  /** Loads again now. */
  reload: () => void;
}

export interface ResourceOptions {
  /** Engine events that make the data stale: each burst triggers one re-fetch after `debounceMs`. */
  refreshOn?: EventName[];
  debounceMs?: number;
}

const NO_EVENTS: EventName[] = [];

/**
 * Loads data through the API and keeps it fresh: `loader` runs on mount and whenever `deps` change,
 * and again (debounced) when one of the `refreshOn` engine events arrives. Out-of-order answers are
 * dropped: only the newest request's result is shown.
 *
 *   const orders = useResource(() => call('orders', { status }), [status], { refreshOn: ['orders'] });
 */
export function useResource<T>(
  loader: () => Promise<T>,
  deps: DependencyList,
  opts: ResourceOptions = {},
): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: Error | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const loaderRef = useRef(loader);
  loaderRef.current = loader;
  const seq = useRef(0);
  const alive = useRef(true);

  const run = useCallback((showLoading: boolean) => {
    const id = ++seq.current;
    if (showLoading) setState((s) => (s.loading ? s : { ...s, loading: true }));
    let p: Promise<T>;
    try {
      p = loaderRef.current();
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(
      (data) => {
        if (alive.current && id === seq.current) setState({ data, error: null, loading: false });
      },
      (err: unknown) => {
        if (alive.current && id === seq.current)
          setState((s) => ({
            data: s.data,
            error: err instanceof Error ? err : new Error(String(err)),
            loading: false,
          }));
      },
    );
  }, []);

  useEffect(() => {
    alive.current = true;
    run(true);
    return () => {
      alive.current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's `deps` say when to reload
  }, deps);

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const debounceMs = opts.debounceMs ?? 300;
  useEngineEvents(opts.refreshOn ?? NO_EVENTS, () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => run(false), debounceMs);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const reload = useCallback(() => run(true), [run]);
  return { ...state, reload };
}
