import { createContext, useContext, useEffect, useRef } from 'react';
import type { ApiInput, ApiName, ApiOutput } from '../../../shared/api';
import type { EngineEvent, EventName } from '../../../shared/events';
import { httpTransport } from './http-transport';
import { ipcTransport } from './ipc-transport';
import type { Transport } from './transport';

export { ApiError } from './transport';

/**
 * The API token arrives in the URL fragment (`#token=…`), which browsers never send to a server or
 * put in a Referer. It is moved to sessionStorage and removed from the address bar at once.
 */
export function takeToken(): string | null {
  const m = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
  if (m?.[1]) {
    const token = decodeURIComponent(m[1]);
    sessionStorage.setItem('mlc.token', token);
    const rest = window.location.hash.replace(/(?:^#|&)token=[^&]+/, '').replace(/^&/, '');
    history.replaceState(
      null,
      '',
      window.location.pathname + window.location.search + (rest ? `#${rest.replace(/^#/, '')}` : ''),
    );
    return token;
  }
  return sessionStorage.getItem('mlc.token');
}

/** IPC inside the desktop app, HTTP + SSE in a browser. */
export function createTransport(): Transport {
  return window.mlc ? ipcTransport(window.mlc) : httpTransport(takeToken());
}

export const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('TransportContext missing');
  return t;
}

/** `const call = useApi(); await call('orders', { status: 'flagged' })` */
export function useApi(): <N extends ApiName>(
  name: N,
  input?: Partial<ApiInput<N>>,
) => Promise<ApiOutput<N>> {
  const t = useTransport();
  return (name, input = {}) => t.call(name, input);
}

/** Runs `handler` for each pushed event of the given names (all when omitted). */
export function useEngineEvents(names: EventName[] | null, handler: (e: EngineEvent) => void): void {
  const t = useTransport();
  const ref = useRef(handler);
  ref.current = handler;
  const key = names ? names.join(',') : '*';
  useEffect(
    () =>
      t.subscribe((e) => {
        if (!names || names.includes(e.name)) ref.current(e);
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `names`
    [t, key],
  );
}
