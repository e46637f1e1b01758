import { useState } from 'react';
import { useStatus } from '../components/settings/hooks';
import { QbwcConnectionFacts, QbwcForm } from '../components/settings/QbwcForm';
import {
  MatchingSection,
  PostingSection,
  SchedulesSection,
  StoresList,
  WebhooksSection,
} from '../components/settings/Sections';
import { ShipStationForm } from '../components/settings/ShipStationForm';
import { Banner, Section } from '../components/settings/ui';
import '../components/settings/ui.css';
import '../components/settings/settings.css';

const NAV = [
  { id: 'st-shipstation', label: 'ShipStation' },
  { id: 'st-qbwc', label: 'QuickBooks' },
  { id: 'st-posting', label: 'Posting' },
  { id: 'st-matching', label: 'Matching' },
  { id: 'st-schedules', label: 'Schedules' },
  { id: 'st-webhooks', label: 'Webhooks' },
];

export function SettingsPage() {
  const { status, error } = useStatus();
  const [storesKey, setStoresKey] = useState(0);

  /** In-page navigation without touching the URL fragment (the router owns it). */
  const jump = (id: string): void => {
    const el = document.getElementById(id);
    if (!el) return;
    el.scrollIntoView({ behavior: 'smooth', block: 'start' });
    el.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
  };

  return (
    <div className="st-page">
      <header className="u-page-head">
        <div>
          <h1>Settings</h1>
          <p className="u-page-sub">
            The connections to ShipStation and QuickBooks, and how orders are posted. Each section saves on
            its own.
          </p>
        </div>
      </header>
      {error ? <Banner tone="error">Could not read the connection status: {error}</Banner> : null}
      <div className="st-layout">
        <nav className="st-nav" aria-label="Settings sections">
          <ul>
            {NAV.map((n) => (
              <li key={n.id}>
                <button type="button" className="st-nav-link" onClick={() => jump(n.id)}>
                  {n.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="st-sections">
          <Section
            id="st-shipstation"
            title="ShipStation"
            intro="The API key lets ml-connector read orders and shipments. It is kept in this PC's secure store and never shown again."
          >
            <ShipStationForm
              status={status}
              mode="settings"
              onTested={(ok) => ok && setStoresKey((k) => k + 1)}
            />
            <StoresList refreshKey={storesKey} />
          </Section>

          <Section
            id="st-qbwc"
            title="QuickBooks Web Connector"
            intro="QuickBooks talks to ml-connector through Intuit's Web Connector, which runs next to QuickBooks on this PC."
            aside={null}
          >
            <QbwcConnectionFacts status={status} />
            <QbwcForm status={status} mode="settings" />
          </Section>

          <PostingSection />
          <MatchingSection />
          <SchedulesSection />
          <WebhooksSection />
        </div>
      </div>
    </div>
  );
}
