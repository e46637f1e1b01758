import { useEffect, useState } from 'react';
import { useApi } from './api/client';
import { Layout, SetupLayout } from './components/Layout';
import { PageHeader } from './components/PageHeader';
import { EmptyState, LoadingState } from './components/States';
import { AuditPage } from './pages/Audit';
import { DashboardPage } from './pages/Dashboard';
import { FlaggedPage } from './pages/Flagged';
import { OrderDetailPage } from './pages/OrderDetail';
import { OrdersPage } from './pages/Orders';
import { ReconciliationPage } from './pages/Reconciliation';
import { SettingsPage } from './pages/Settings';
import { SetupWizardPage } from './pages/SetupWizard';
import { navigate, useRoute, type Route } from './router';

const FALLBACK_TITLES: Partial<Record<Route['page'], string>> = {
  flagged: 'Flagged orders',
  settings: 'Settings',
  setup: 'Setup',
};

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        title="There is no page at this address."
        action={
          <a className="btn" href="#/dashboard">
            Go to the dashboard
          </a>
        }
      />
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'flagged':
      return <FlaggedPage />;
    case 'orders':
      return <OrdersPage route={route} />;
    case 'order':
      return <OrderDetailPage key={route.orderId} orderId={route.orderId ?? ''} />;
    case 'audit':
      return <AuditPage route={route} />;
    case 'reconciliation':
      return <ReconciliationPage route={route} />;
    case 'settings':
      return <SettingsPage />;
    default:
      return <NotFound />;
  }
}

/**
 * The app: hash routes (`#/dashboard`, `#/flagged`, `#/orders`, `#/orders/<orderId>`, `#/audit`,
 * `#/reconciliation`, `#/settings`, `#/setup`). On start, an unfinished first-run setup opens the wizard.
 */
export function App() {
  const call = useApi();
  const route = useRoute();
  const [checked, setChecked] = useState(false);

  // Pages without the shell's PageHeader still get a window title.
  const fallbackTitle = FALLBACK_TITLES[route.page];
  useEffect(() => {
    if (fallbackTitle) document.title = `${fallbackTitle} · ml-connector`;
  }, [fallbackTitle]);

  useEffect(() => {
    let alive = true;
    call('setup')
      .then((s) => {
        if (alive && !s.completed) navigate('#/setup', { replace: true });
      })
      .catch(() => {
        // The engine is unreachable: the pages say so themselves.
      })
      .finally(() => alive && setChecked(true));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on start
  }, []);

  if (!checked) return <LoadingState label="Starting ml-connector…" />;

  if (route.page === 'setup')
    return (
      <SetupLayout>
        <SetupWizardPage onDone={() => navigate('#/dashboard')} />
      </SetupLayout>
    );

  return (
    <Layout route={route} bare={route.page === 'flagged' || route.page === 'settings'}>
      <Page route={route} />
    </Layout>
  );
}
