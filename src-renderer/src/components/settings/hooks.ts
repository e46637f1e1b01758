import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiName, ApiOutput, SetupState, Status } from '../../../../shared/api';
import type { EventName } from '../../../../shared/events';
import { useEngineEvents, useTransport } from '../../api/client';
import { plainError } from './errors';

/**
 * Loads one GET request, keeps it fresh when any of `events` arrives (at most once a second), and
 * optionally every `pollMs` as well.
 */
export function useLive<N extends ApiName>(
  name: N,
  events: EventName[],
  pollMs = 0,
): { data: ApiOutput<N> | null; error: string | null; reload: () => Promise<void> } {
  const t = useTransport();
  const [data, setData] = useState<ApiOutput<N> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const seq = useRef(0);

  const reload = useCallback(async (): Promise<void> => {
    const mine = ++seq.current;
    try {
      const r = await t.call(name, {});
      if (mine !== seq.current) return;
      setData(r);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(plainError(err));
    }
  }, [t, name]);

  useEffect(() => {
    void reload();
    const every = pollMs > 0 ? setInterval(() => void reload(), pollMs) : null;
    return () => {
      if (every) clearInterval(every);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [reload, pollMs]);

  useEngineEvents(events, () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void reload();
    }, 1000);
  });

  return { data, error, reload };
}

export function useStatus(pollMs = 15_000) {
  const r = useLive('status', ['status', 'qbwc'], pollMs);
  return { ...r, status: r.data as Status | null };
}

export function useSetupState(pollMs = 3_000) {
  const r = useLive('setup', ['status', 'qbwc'], pollMs);
  return { ...r, setup: r.data as SetupState | null };
}

/** Saves a file the renderer holds (works in a browser and in the desktop window). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The Web Connector file, fetched from this engine (same origin) and saved as ml-connector.qwc. */
export async function downloadQwc(): Promise<void> {
  let res: Response;
  try {
    res = await fetch('/qbwc/app.qwc', { cache: 'no-store' });
  } catch {
    throw new Error('ml-connector did not answer. Check that it is running, then try again.');
  }
  if (!res.ok) throw new Error(`ml-connector could not make the .qwc file (HTTP ${res.status}).`);
  const text = await res.text();
  saveBlob(new Blob([text], { type: 'application/xml' }), 'ml-connector.qwc');
}
