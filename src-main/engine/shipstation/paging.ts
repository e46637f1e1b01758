/**
 * Pagination over ShipStation's offset pages (V1 `page`/`pages`, V2 `links.next.href`).
 *
 * Offset paging can skip a record: when a record on an earlier page leaves the result set while we
 * page (it was modified after the window's fixed upper bound), every later record slides back by
 * one and the first record of the next page lands on a page we already read. Since our windows have
 * a fixed upper bound, `total` can only shrink while we page, so a shrink is the signal: we step back
 * ceil(shrink / pageSize) pages and read forward again. Records may therefore repeat across pages;
 * consumers dedupe by id (they must anyway: windows overlap by design).
 */
import { createLogger } from '../log/logger';
import type { Page } from './types';

const log = createLogger('shipstation.paging');

/** Stepping back more often than this means the data churns faster than we page: carry on forward. */
const MAX_STEP_BACKS = 10;
/** Hard stop against a server that never ends. */
const MAX_REQUESTS = 10_000;

export interface FetchedPage<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

export interface FetchedLinkPage<T> extends FetchedPage<T> {
  /** links.next.href, when present. */
  next: string | null;
}

function stepBack(previousTotal: number | null, total: number, pageSize: number): number {
  if (previousTotal === null || total >= previousTotal) return 0;
  return Math.max(1, Math.ceil((previousTotal - total) / Math.max(1, pageSize)));
}

/** V1 style: request page 1, 2, … until `pages`. */
export async function* offsetPages<T>(
  fetchPage: (page: number) => Promise<FetchedPage<T>>,
  pageSize: number,
  what: string,
): AsyncGenerator<Page<T>> {
  let page = 1;
  let lastTotal: number | null = null;
  let stepBacks = 0;
  for (let requests = 0; requests < MAX_REQUESTS; requests++) {
    const p = await fetchPage(page);
    yield { items: p.items, page: p.page, pages: p.pages, total: p.total };
    const back = stepBack(lastTotal, p.total, pageSize);
    lastTotal = p.total;
    if (back > 0 && stepBacks < MAX_STEP_BACKS && page > 1) {
      stepBacks++;
      log.info('Result set shrank while paging: re-reading earlier pages so nothing is skipped', {
        what,
        page,
        stepBack: back,
      });
      page = Math.max(1, page - back);
      continue;
    }
    if (p.items.length === 0 || page >= p.pages) return;
    page++;
  }
  log.warn('Stopped paging after too many requests', { what });
}

function withPage(url: URL, page: number): URL {
  const u = new URL(url);
  u.searchParams.set('page', String(page));
  return u;
}

/**
 * V2 style: follow links.next.href. `resolveNext` validates the link (same origin as the base URL) and
 * throws when it must not be followed. Without a next link while page < pages, asks for page + 1.
 */
export async function* linkPages<T>(
  first: URL,
  fetchPage: (url: URL) => Promise<FetchedLinkPage<T>>,
  resolveNext: (href: string, current: URL) => URL,
  pageSize: number,
  what: string,
): AsyncGenerator<Page<T>> {
  let url = first;
  let lastTotal: number | null = null;
  let stepBacks = 0;
  for (let requests = 0; requests < MAX_REQUESTS; requests++) {
    const p = await fetchPage(url);
    yield { items: p.items, page: p.page, pages: p.pages, total: p.total };
    const back = stepBack(lastTotal, p.total, pageSize);
    lastTotal = p.total;
    if (back > 0 && stepBacks < MAX_STEP_BACKS && p.page > 1) {
      stepBacks++;
      log.info('Result set shrank while paging: re-reading earlier pages so nothing is skipped', {
        what,
        page: p.page,
        stepBack: back,
      });
      url = withPage(url, Math.max(1, p.page - back));
      continue;
    }
    if (p.items.length === 0 || p.page >= p.pages) return;
    const nextUrl = p.next ? resolveNext(p.next, url) : withPage(url, p.page + 1);
    if (nextUrl.href === url.href) return;
    url = nextUrl;
  }
  log.warn('Stopped paging after too many requests', { what });
}
