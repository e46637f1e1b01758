/** What a V1 or V2 client needs from client.ts: the executor, the shared governor, the clock. */
import type { Clock } from './clock';
import type { HttpExecutor } from './http';
import type { RateGovernor } from './rate-governor';

export interface ClientContext {
  /** Base URL without a trailing slash (may carry a path prefix). */
  baseUrl: string;
  http: HttpExecutor;
  governor: RateGovernor;
  clock: Clock;
  /** Records per page for list calls. */
  pageSize: number;
}

/** `${baseUrl}${path}?query`, skipping undefined query values. */
export function endpoint(baseUrl: string, path: string, query: Record<string, string | undefined> = {}): URL {
  const url = new URL(`${baseUrl}${path}`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

/** Sets a query parameter, replacing any existing spelling of its name (ShipStation mixes storeId/storeID). */
export function setParamIgnoringCase(url: URL, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const key of [...new Set(url.searchParams.keys())]) {
    if (key.toLowerCase() === lower) url.searchParams.delete(key);
  }
  url.searchParams.set(name, value);
}

export function normalizeBaseUrl(baseUrl: string): string {
  const u = new URL(baseUrl);
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new TypeError(`Unsupported base URL protocol: ${u.protocol}`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}
