import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApi } from '../api/client';
import { plainError } from '../components/settings/errors';
import { useSetupState, useStatus } from '../components/settings/hooks';
import { PostingFields, usePostingSettings } from '../components/settings/PostingFields';
import { QbwcForm } from '../components/settings/QbwcForm';
import { ShipStationForm } from '../components/settings/ShipStationForm';
import { Banner, Pill, Spinner } from '../components/settings/ui';
import { QuickBooksWait } from '../components/setup/QuickBooksWait';
import { suggestPostingItems } from '../components/setup/suggest';
import '../components/settings/ui.css';
import '../components/settings/settings.css';
import '../components/setup/setup.css';

const STEPS = ['Welcome', 'ShipStation', 'QuickBooks', 'Posting', 'Done'] as const;

function StepHeading({ children, focusKey }: { children: ReactNode; focusKey: number }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // Move focus to the new step for keyboard and screen-reader users (not on first load).
    if (first.current) {
      first.current = false;
      return;
    }
    ref.current?.focus();
  }, [focusKey]);
  return (
    <h2 ref={ref} tabIndex={-1} className="wz-step-title">
      {children}
    </h2>
  );
}

function Check({ ok, children, pending }: { ok: boolean; children: ReactNode; pending?: ReactNode }) {
  return (
    <li className={`wz-check${ok ? ' wz-check-ok' : ''}`}>
      <span className="wz-check-mark" aria-hidden="true">
        {ok ? '✓' : ''}
      </span>
      <span>
        {children}
        <span className="u-visually-hidden">{ok ? ' (done)' : ' (not done yet)'}</span>
        {!ok && pending ? <span className="u-hint"> {pending}</span> : null}
      </span>
    </li>
  );
}

export function SetupWizardPage({ onDone }: { onDone: () => void }) {
  const call = useApi();
  const { setup, reload: reloadSetup } = useSetupState(3_000);
  const { status, reload: reloadStatus } = useStatus(5_000);
  const posting = usePostingSettings();
  const [step, setStep] = useState(0);
  const [furthest, setFurthest] = useState(0);
  const [ssOk, setSsOk] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [suggested, setSuggested] = useState<string[] | null>(null);

  const go = (n: number): void => {
    setError(null);
    setStep(n);
    setFurthest((f) => Math.max(f, n));
    void reloadSetup();
  };

  const qbConnected = setup?.quickBooksConnected ?? false;
  const ssConnected = ssOk || (setup?.shipStationConnected ?? false);

  // Entering the posting step with QuickBooks connected: suggest items that exist in the company file.
  const postingValue = posting.value;
  const setPostingValue = posting.setValue;
  useEffect(() => {
    if (step !== 3 || !qbConnected || !postingValue || suggested !== null) return;
    let alive = true;
    suggestPostingItems(postingValue, async (search) => (await call('qbItems', { search, limit: 100 })).items)
      .then((r) => {
        if (!alive) return;
        setSuggested(r.notes);
        if (r.notes.length) setPostingValue(r.next);
      })
      .catch(() => alive && setSuggested([]));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per visit, when the values are in
  }, [step, qbConnected, postingValue === null, suggested]);

  const next = async (): Promise<void> => {
    if (step === 3) {
      setBusy(true);
      const err = await posting.save();
      setBusy(false);
      if (err) {
        setError(err);
        return;
      }
      void reloadSetup();
    }
    go(step + 1);
  };

  const finish = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await call('completeSetup', {});
      onDone();
    } catch (err) {
      setError(plainError(err));
    } finally {
      setBusy(false);
    }
  };

  const done = [
    furthest > 0,
    ssConnected,
    Boolean(setup?.qbwcCredentials && qbConnected),
    setup?.postingConfigured ?? false,
    setup?.completed ?? false,
  ];

  const canNext =
    step === 1 ? ssConnected : step === 2 ? qbConnected : step === 3 ? Boolean(posting.value) : true;

  let body: ReactNode;
  switch (step) {
    case 0:
      body = (
        <>
          <StepHeading focusKey={step}>Welcome to ml-connector</StepHeading>
          <p className="wz-lead">
            ml-connector keeps QuickBooks Desktop and ShipStation in step. Each order you ship is posted to
            QuickBooks once, with the right customer and items. Anything it cannot match is set aside for you
            to decide.
          </p>
          <p>Setup takes about five minutes. You will:</p>
          <ol className="u-steps">
            <li>connect your ShipStation account with its API key,</li>
            <li>connect QuickBooks through the Web Connector (QuickBooks must be open on this PC),</li>
            <li>choose how orders appear in QuickBooks.</li>
          </ol>
          <p className="u-hint">Nothing is written to QuickBooks until setup is finished.</p>
        </>
      );
      break;
    case 1:
      body = (
        <>
          <StepHeading focusKey={step}>Connect ShipStation</StepHeading>
          <p className="wz-lead">
            Enter your ShipStation API details and test the connection. ml-connector only reads orders and
            shipments.
          </p>
          <ShipStationForm
            status={status}
            mode="wizard"
            onTested={(ok) => {
              setSsOk(ok);
              void reloadSetup();
              void reloadStatus();
            }}
          />
        </>
      );
      break;
    case 2:
      body = (
        <>
          <StepHeading focusKey={step}>Connect QuickBooks</StepHeading>
          <p className="wz-lead">
            Choose a password for the Web Connector, download the connection file, and add it to the Web
            Connector on the PC where QuickBooks runs.
          </p>
          <QbwcForm status={status} mode="wizard" onSaved={() => void reloadSetup()} />
          <QuickBooksWait setup={setup} status={status} />
        </>
      );
      break;
    case 3:
      body = (
        <>
          <StepHeading focusKey={step}>How orders appear in QuickBooks</StepHeading>
          <p className="wz-lead">These suit most stores. You can change them any time in Settings.</p>
          {posting.loadError ? <Banner tone="error">{posting.loadError}</Banner> : null}
          {suggested && suggested.length ? (
            <Banner tone="info">
              Suggested from your QuickBooks items: {suggested.join('; ')}. Check they are right.
            </Banner>
          ) : null}
          {posting.value ? (
            <PostingFields
              compact
              value={posting.value}
              onChange={posting.setValue}
              errors={posting.errors}
            />
          ) : posting.loadError ? null : (
            <div className="u-loading">
              <Spinner /> Loading…
            </div>
          )}
        </>
      );
      break;
    default:
      body = (
        <>
          <StepHeading focusKey={step}>{ssConnected && qbConnected ? 'All set' : 'Almost done'}</StepHeading>
          <div className="wz-conns">
            <div className="wz-conn">
              <span className="wz-conn-name">ShipStation</span>
              <Pill tone={ssConnected ? 'success' : 'warning'}>
                {ssConnected ? 'Connected' : 'Not connected'}
              </Pill>
              <span className="u-hint">
                {status?.shipstation.lastPollAt
                  ? `Last checked ${new Date(status.shipstation.lastPollAt).toLocaleString()}`
                  : ''}
              </span>
            </div>
            <div className="wz-conn">
              <span className="wz-conn-name">QuickBooks</span>
              <Pill tone={qbConnected ? 'success' : 'warning'}>
                {qbConnected ? 'Connected' : 'Not connected'}
              </Pill>
              <span className="u-hint">{status?.company?.companyName ?? status?.qbwc.companyFile ?? ''}</span>
            </div>
          </div>
          <ul className="wz-checklist" aria-label="Setup checklist">
            <Check ok={ssConnected} pending="Go back to step 2, or set it later in Settings.">
              ShipStation answers with your API key
            </Check>
            <Check ok={setup?.qbwcCredentials ?? false} pending="Go back to step 3.">
              Web Connector password chosen
            </Check>
            <Check ok={qbConnected} pending="It connects once the Web Connector has run.">
              QuickBooks lists read
            </Check>
            <Check ok={setup?.postingConfigured ?? false} pending="Go back to step 4.">
              Posting settings saved
            </Check>
          </ul>
          <p className="wz-lead">
            From now on ml-connector runs in the tray. Orders it cannot post appear under{' '}
            <strong>Flagged</strong>, where one click resolves them.
          </p>
        </>
      );
  }

  return (
    <div className="wz-page">
      <header className="wz-head">
        <ol className="wz-stepper" aria-label="Setup steps">
          {STEPS.map((label, i) => {
            const reachable = i <= furthest;
            const state = i === step ? 'current' : done[i] ? 'done' : 'todo';
            return (
              <li key={label} className={`wz-stepper-item wz-${state}`}>
                <button
                  type="button"
                  className="wz-stepper-btn"
                  disabled={!reachable || i === step}
                  aria-current={i === step ? 'step' : undefined}
                  onClick={() => go(i)}
                >
                  <span className="wz-stepper-dot" aria-hidden="true">
                    {done[i] && i !== step ? '✓' : i + 1}
                  </span>
                  <span className="wz-stepper-label">
                    {label}
                    <span className="u-visually-hidden">{done[i] ? ' (done)' : ''}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </header>

      <section className="wz-card" aria-label={`Step ${step + 1} of ${STEPS.length}: ${STEPS[step]}`}>
        <div className="wz-body">{body}</div>
        {error ? <Banner tone="error">{error}</Banner> : null}
        <div className="wz-foot">
          {step > 0 ? (
            <button
              type="button"
              className="u-btn"
              onClick={() => go(step - 1)}
              disabled={busy}
              data-testid="wizard-back"
            >
              Back
            </button>
          ) : (
            <span />
          )}
          <div className="wz-foot-right">
            {(step === 1 && !ssConnected) || (step === 2 && !qbConnected) ? (
              <button
                type="button"
                className="u-btn u-btn-link"
                onClick={() => go(step + 1)}
                data-testid="wizard-skip"
              >
                Skip for now
              </button>
            ) : null}
            {step < STEPS.length - 1 ? (
              <button
                type="button"
                className="u-btn u-btn-primary"
                disabled={!canNext || busy}
                onClick={() => void next()}
                data-testid="wizard-next"
                aria-describedby={!canNext ? 'wz-next-why' : undefined}
              >
                {busy
                  ? 'Saving…'
                  : step === 0
                    ? 'Get started'
                    : step === 3
                      ? 'Save and continue'
                      : 'Continue'}
              </button>
            ) : (
              <button
                type="button"
                className="u-btn u-btn-primary"
                disabled={busy}
                onClick={() => void finish()}
                data-testid="wizard-finish"
              >
                {busy ? 'Finishing…' : 'Finish and open ml-connector'}
              </button>
            )}
          </div>
        </div>
        {!canNext ? (
          <p id="wz-next-why" className="u-hint wz-why">
            {step === 1
              ? 'Continue unlocks when the connection test passes.'
              : step === 2
                ? 'Continue unlocks when QuickBooks has connected.'
                : ''}
          </p>
        ) : null}
      </section>
    </div>
  );
}
