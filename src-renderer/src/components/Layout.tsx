import { useEffect, useRef, type ReactNode } from 'react';
import { formatCount } from '../../../shared/format';
import { useApi } from '../api/client';
import { useResource } from '../hooks/useResource';
import type { PageName, Route } from '../router';

interface NavItem {
  page: PageName;
  href: string;
  label: string;
  /** Pages that light this item up (the order detail belongs to Orders). */
  also?: PageName[];
}

export const NAV: NavItem[] = [
  { page: 'dashboard', href: '#/dashboard', label: 'Dashboard' },
  { page: 'flagged', href: '#/flagged', label: 'Flagged orders' },
  { page: 'orders', href: '#/orders', label: 'Orders', also: ['order'] },
  { page: 'audit', href: '#/audit', label: 'Audit' },
  { page: 'reconciliation', href: '#/reconciliation', label: 'Reconciliation' },
  { page: 'settings', href: '#/settings', label: 'Settings' },
];

function NavIcon({ page }: { page: PageName }) {
  // Simple line icons (decorative; the label says it all).
  const paths: Partial<Record<PageName, string>> = {
    dashboard: 'M3 3h6v8H3zM11 3h6v5h-6zM11 10h6v7h-6zM3 13h6v4H3z',
    flagged: 'M5 17V3M5 3h10l-2 4 2 4H5',
    orders: 'M4 5h12M4 10h12M4 15h12',
    audit: 'M6 3h8l2 2v12H4V3zM7 8h6M7 11h6M7 14h4',
    reconciliation: 'M3 7h11l-3-3M17 13H6l3 3',
    settings:
      'M10 7a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM10 2v2M10 16v2M2 10h2M16 10h2M4.3 4.3l1.4 1.4M14.3 14.3l1.4 1.4M4.3 15.7l1.4-1.4M14.3 5.7l1.4-1.4',
  };
  return (
    <svg className="nav-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={paths[page] ?? ''} />
    </svg>
  );
}

/** The live number next to "Flagged orders". */
function FlaggedCount() {
  const call = useApi();
  const r = useResource(() => call('orders', { status: 'flagged', limit: 1 }), [], {
    refreshOn: ['orders', 'flagged'],
  });
  const n = r.data?.total;
  return (
    <span className={`nav-count${n ? ' has-items' : ''}`}>
      <span data-testid="flagged-count">{n === undefined ? '' : formatCount(n)}</span>
      {n !== undefined && (
        <span className="sr-only"> {n === 1 ? 'order needs' : 'orders need'} attention</span>
      )}
    </span>
  );
}

function Brand() {
  return (
    <div className="brand">
      <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <rect x="2" y="2" width="20" height="20" rx="6" />
        <path d="M7 12h4M13 12h4M11 9l2 3-2 3" />
      </svg>
      <span className="brand-name">ml-connector</span>
    </div>
  );
}

/** The app frame: navigation on the left, the page on the right. */
export function Layout({
  route,
  children,
  bare,
}: {
  route: Route;
  children: ReactNode;
  /** The page brings its own padding and width (the Flagged and Settings pages). */
  bare?: boolean;
}) {
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // On a page change, move focus to the page so screen readers and keyboard users start there.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo({ top: 0 });
  }, [route.page, route.orderId]);

  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <aside className="sidebar">
        <Brand />
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV.map((item) => {
              const current = route.page === item.page || item.also?.includes(route.page);
              return (
                <li key={item.page}>
                  <a
                    href={item.href}
                    className={`nav-link${current ? ' active' : ''}`}
                    aria-current={current ? 'page' : undefined}
                    data-testid={`nav-${item.page}`}
                  >
                    <NavIcon page={item.page} />
                    <span className="nav-label">{item.label}</span>
                    {item.page === 'flagged' && <FlaggedCount />}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
      </aside>
      <main className="main" id="main" ref={main} tabIndex={-1}>
        <div className={bare ? 'page page-bare' : 'page'}>{children}</div>
      </main>
    </div>
  );
}

/** The first-run frame: no navigation, just the wizard (and a way out). */
export function SetupLayout({ children }: { children: ReactNode }) {
  return (
    <div className="setup-frame">
      <header className="setup-bar">
        <Brand />
        <a className="setup-skip" href="#/dashboard" data-testid="setup-skip">
          Skip setup for now
        </a>
      </header>
      <main className="setup-main" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
