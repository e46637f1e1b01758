import { useSyncExternalStore } from 'react';

/**
 * Hash routing without a router dependency: `#/orders/123?status=flagged`. The fragment never
 * reaches the engine, so deep links work whether the UI is served over HTTP or loaded from a file.
 */

export type PageName =
  | 'dashboard'
  | 'flagged'
  | 'orders'
  | 'order'
  | 'audit'
  | 'reconciliation'
  | 'settings'
  | 'setup'
  | 'notfound';

export interface Route {
  page: PageName;
  /** `order`: the ShipStation order id. */
  orderId?: string;
  query: URLSearchParams;
  /** The hash as read, without the leading `#`. */
  path: string;
}

const SIMPLE: Record<string, PageName> = {
  '': 'dashboard',
  dashboard: 'dashboard',
  flagged: 'flagged',
  orders: 'orders',
  audit: 'audit',
  reconciliation: 'reconciliation',
  settings: 'settings',
  setup: 'setup',
};

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2) as [string?, string?];
  const query = new URLSearchParams(queryPart);
  const segments = pathPart.replace(/^\/+|\/+$/g, '').split('/');
  const [first = '', second, ...rest] = segments;
  if (first === 'orders' && second && rest.length === 0) {
    let orderId = second;
    try {
      orderId = decodeURIComponent(second);
    } catch {
      // keep it as written
    }
    return { page: 'order', orderId, query, path: raw };
  }
  const page = second === undefined ? SIMPLE[first] : undefined;
  return { page: page ?? 'notfound', query, path: raw };
}

/** `/orders` + `{ status: 'flagged', q: '' }` → `#/orders?status=flagged` (empty values left out). */
export function hrefFor(path: string, query?: Record<string, string | number | null | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export const orderHref = (orderId: string): string => `#/orders/${encodeURIComponent(orderId)}`;

const REPLACED = 'mlc:hashreplace';

/** Goes to a `#/…` address; `replace` rewrites the current history entry (filters, redirects). */
export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  const target = href.startsWith('#') ? href : `#${href}`;
  if (window.location.hash === target) return;
  if (opts.replace) {
    history.replaceState(null, '', window.location.pathname + window.location.search + target);
    window.dispatchEvent(new Event(REPLACED));
  } else {
    window.location.hash = target;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(REPLACED, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(REPLACED, onChange);
  };
}

const snapshot = (): string => window.location.hash;

let cached: { hash: string; route: Route } | null = null;

/** The current route; re-renders when the hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, snapshot, snapshot);
  if (!cached || cached.hash !== hash) cached = { hash, route: parseHash(hash) };
  return cached.route;
}

/** Where "back to orders" goes: the list as last filtered (kept for this window's life). */
export const lastVisited = { orders: '#/orders' };
