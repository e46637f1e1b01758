import { useState } from 'react';
import type { Status } from '../../../../shared/api';
import { useApi } from '../../api/client';
import { fieldErrors, plainError } from './errors';
import { Banner, Field, Pill } from './ui';

type Result = { tone: 'success' | 'error' | 'info'; text: string };

/**
 * ShipStation's API version, key and secret, saved to the engine (kept in the OS keychain in the
 * desktop app, never shown again), and a Test connection that really calls ShipStation.
 */
export function ShipStationForm({
  status,
  mode,
  onTested,
}: {
  status: Status | null;
  mode: 'settings' | 'wizard';
  /** After each test: whether ShipStation answered. */
  onTested?: (ok: boolean) => void;
}) {
  const call = useApi();
  const configured = status?.shipstation.configured ?? false;
  // Set by environment variables (they win): shown, not editable here.
  const envVars = status?.shipstation.setByEnvironment ?? [];
  const fromEnv = envVars.length > 0;
  const [apiVersion, setApiVersion] = useState<'v1' | 'v2' | null>(null);
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [apiSecret, setApiSecret] = useState('');
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result | null>(null);
  const version = apiVersion ?? status?.shipstation.apiVersion ?? 'v1';
  const tid = (wizard: string, settings: string): string => (mode === 'wizard' ? wizard : settings);

  const pickVersion = (v: 'v1' | 'v2'): void => {
    setApiVersion(v);
    setErrors({});
  };

  const save = async (): Promise<boolean> => {
    setErrors({});
    try {
      await call('setShipStation', {
        apiVersion: version,
        baseUrl: baseUrl.trim() || undefined,
        apiKey: apiKey.trim(),
        apiSecret: version === 'v1' ? apiSecret.trim() || undefined : undefined,
      });
      setApiKey('');
      setApiSecret('');
      return true;
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      setResult({
        tone: 'error',
        text: Object.keys(f).length ? 'Check the fields marked in red.' : plainError(err),
      });
      return false;
    }
  };

  const onSave = async (): Promise<void> => {
    if (!apiKey.trim()) {
      setErrors({ apiKey: 'Enter the API key from ShipStation.' });
      return;
    }
    setBusy('save');
    setResult(null);
    if (await save())
      setResult({ tone: 'success', text: 'Saved. Press Test connection to check that ShipStation answers.' });
    setBusy(null);
  };

  const onTest = async (): Promise<void> => {
    setBusy('test');
    setResult(null);
    try {
      if (apiKey.trim() || apiSecret.trim()) {
        if (!(await save())) return;
      } else if (!configured) {
        setErrors({ apiKey: 'Enter the API key from ShipStation.' });
        return;
      }
      const r = await call('testShipStation', {});
      setResult({
        tone: r.ok ? 'success' : 'error',
        text: r.ok ? r.message : `The connection test failed: ${r.message}`,
      });
      onTested?.(r.ok);
    } catch (err) {
      setResult({ tone: 'error', text: plainError(err) });
      onTested?.(false);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form
      noValidate
      className="u-form"
      onSubmit={(e) => {
        e.preventDefault();
        void (mode === 'wizard' ? onTest() : onSave());
      }}
      aria-label="ShipStation connection"
    >
      {fromEnv ? (
        <Banner tone="info" testId="settings-shipstation-env">
          The ShipStation connection is set by the environment ({envVars.join(', ')}): change it there and
          restart.
        </Banner>
      ) : null}
      <fieldset className="u-fieldset">
        <legend className="u-label">API version</legend>
        <div className="u-segmented">
          <label>
            <input
              disabled={fromEnv}
              type="radio"
              name={`ss-version-${mode}`}
              checked={version === 'v1'}
              onChange={() => pickVersion('v1')}
            />
            V1 (key + secret)
          </label>
          <label>
            <input
              disabled={fromEnv}
              type="radio"
              name={`ss-version-${mode}`}
              checked={version === 'v2'}
              onChange={() => pickVersion('v2')}
            />
            V2 (key only)
          </label>
        </div>
        <p className="u-hint">
          {version === 'v1'
            ? 'In ShipStation: Settings → Account → API Settings. Copy the API Key and API Secret.'
            : 'In ShipStation (ShipEngine API): Settings → API. Create an API key and copy it.'}
        </p>
      </fieldset>
      <div className="u-row">
        <Field
          label="API key"
          error={errors.apiKey}
          hint={
            configured && !apiKey
              ? version === 'v1'
                ? 'Saved. To change them, enter the new key and secret together.'
                : 'Saved. Enter a new key only to change it.'
              : undefined
          }
        >
          {(ids) => (
            <input
              disabled={fromEnv}
              {...ids}
              className="u-input u-input-mono"
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder={configured ? '•••••••• saved' : ''}
              data-testid={tid('wizard-ss-key', 'settings-ss-key')}
            />
          )}
        </Field>
        {version === 'v1' ? (
          <Field label="API secret" error={errors.apiSecret}>
            {(ids) => (
              <input
                disabled={fromEnv}
                {...ids}
                type="password"
                className="u-input u-input-mono"
                value={apiSecret}
                onChange={(e) => setApiSecret(e.target.value)}
                autoComplete="new-password"
                spellCheck={false}
                placeholder={configured ? '•••••••• saved' : ''}
                data-testid={tid('wizard-ss-secret', 'settings-ss-secret')}
              />
            )}
          </Field>
        ) : null}
      </div>
      <details className="u-advanced" open={Boolean(errors.baseUrl) || undefined}>
        <summary>Advanced</summary>
        <Field
          label="API address"
          optional
          error={errors.baseUrl}
          hint="Leave empty for ShipStation's own address. Only for a proxy or a test server."
        >
          {(ids) => (
            <input
              disabled={fromEnv}
              {...ids}
              type="url"
              className="u-input u-input-mono"
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
              placeholder={version === 'v1' ? 'https://ssapi.shipstation.com' : 'https://api.shipstation.com'}
              spellCheck={false}
            />
          )}
        </Field>
      </details>
      {result ? (
        <Banner tone={result.tone} testId={tid('wizard-ss-result', 'settings-ss-result')}>
          {result.text}
        </Banner>
      ) : null}
      <div className="u-actions">
        {mode === 'settings' ? (
          <button
            type="submit"
            className="u-btn u-btn-primary"
            disabled={busy !== null}
            data-testid="settings-save-shipstation"
          >
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
        ) : null}
        <button
          type={mode === 'wizard' ? 'submit' : 'button'}
          className={mode === 'wizard' ? 'u-btn u-btn-primary' : 'u-btn'}
          disabled={busy !== null}
          onClick={mode === 'wizard' ? undefined : () => void onTest()}
          data-testid={tid('wizard-ss-test', 'settings-test-shipstation')}
        >
          {busy === 'test' ? 'Testing…' : apiKey.trim() ? 'Save and test connection' : 'Test connection'}
        </button>
        {status ? (
          configured ? (
            <Pill tone={status.shipstation.lastError ? 'warning' : 'success'}>
              {status.shipstation.lastError
                ? 'Saved, last poll had errors'
                : `Saved (${status.shipstation.apiVersion.toUpperCase()})`}
            </Pill>
          ) : (
            <Pill tone="neutral">Not set up yet</Pill>
          )
        ) : null}
      </div>
    </form>
  );
}
