import { useState } from 'react';
import type { Status } from '../../../../shared/api';
import { useApi } from '../../api/client';
import { fieldErrors, plainError } from './errors';
import { downloadQwc } from './hooks';
import { Banner, Field, formatWhen, Pill } from './ui';

type Result = { tone: 'success' | 'error'; text: string };

/**
 * The one Web Connector user ml-connector accepts (the password is stored only as a hash), and the
 * .qwc file that points QuickBooks Web Connector at this PC.
 */
export function QbwcForm({
  status,
  mode,
  onSaved,
  onDownloaded,
}: {
  status: Status | null;
  mode: 'settings' | 'wizard';
  onSaved?: () => void;
  onDownloaded?: () => void;
}) {
  const call = useApi();
  const configured = status?.qbwc.configured ?? false;
  // Set by environment variables (they win): shown, not editable here.
  const envVars = status?.qbwc.setByEnvironment ?? [];
  const fromEnv = envVars.length > 0;
  const [username, setUsername] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<'save' | 'download' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result | null>(null);
  const user = username ?? status?.qbwc.username ?? 'ml-connector';
  const tid = (wizard: string, settings: string): string => (mode === 'wizard' ? wizard : settings);

  const save = async (): Promise<boolean> => {
    setErrors({});
    try {
      await call('setQbwcCredentials', { username: user.trim(), password });
      setPassword('');
      onSaved?.();
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
    if (!password) {
      setErrors({ password: 'Choose a password of at least 8 characters.' });
      return;
    }
    setBusy('save');
    setResult(null);
    if (await save())
      setResult({
        tone: 'success',
        text: 'Saved. Enter the same password in the Web Connector when it asks.',
      });
    setBusy(null);
  };

  const onDownload = async (): Promise<void> => {
    setBusy('download');
    setResult(null);
    try {
      if (password) {
        if (!(await save())) return;
      } else if (!configured) {
        setErrors({ password: 'Choose the password first: the Web Connector asks for it.' });
        return;
      }
      await downloadQwc();
      setResult({
        tone: 'success',
        text: 'ml-connector.qwc is saved in your Downloads folder. Now add it to the Web Connector (steps below).',
      });
      onDownloaded?.();
    } catch (err) {
      setResult({ tone: 'error', text: plainError(err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="st-qbwc">
      <form
        noValidate
        className="u-form"
        aria-label="Web Connector user"
        onSubmit={(e) => {
          e.preventDefault();
          void (mode === 'wizard' ? onDownload() : onSave());
        }}
      >
        {fromEnv ? (
          <Banner tone="info" testId="settings-qbwc-env">
            The Web Connector user is set by the environment ({envVars.join(', ')}): change it there and
            restart.
          </Banner>
        ) : null}
        <div className="u-row">
          <Field
            label="User name"
            error={errors.username}
            hint="Goes into the .qwc file; you do not type it again."
          >
            {(ids) => (
              <input
                disabled={fromEnv}
                {...ids}
                className="u-input"
                value={user}
                maxLength={64}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setUsername(e.target.value)}
                data-testid={tid('wizard-qbwc-user', 'settings-qbwc-user')}
              />
            )}
          </Field>
          <Field
            label="Password"
            error={errors.password}
            hint={
              configured && !password
                ? 'A password is saved. Enter a new one only to change it.'
                : 'At least 8 characters. You type it once into the Web Connector.'
            }
          >
            {(ids) => (
              <input
                disabled={fromEnv}
                {...ids}
                type="password"
                className="u-input"
                value={password}
                minLength={8}
                maxLength={200}
                autoComplete="new-password"
                placeholder={configured ? '•••••••• saved' : ''}
                onChange={(e) => setPassword(e.target.value)}
                data-testid={tid('wizard-qbwc-password', 'settings-qbwc-password')}
              />
            )}
          </Field>
        </div>
        {result ? <Banner tone={result.tone}>{result.text}</Banner> : null}
        <div className="u-actions">
          {mode === 'settings' ? (
            <button
              type="submit"
              className="u-btn u-btn-primary"
              disabled={busy !== null}
              data-testid="settings-save-qbwc"
            >
              {busy === 'save' ? 'Saving…' : 'Save'}
            </button>
          ) : null}
          <button
            type={mode === 'wizard' ? 'submit' : 'button'}
            className={mode === 'wizard' ? 'u-btn u-btn-primary' : 'u-btn'}
            disabled={busy !== null}
            onClick={mode === 'wizard' ? undefined : () => void onDownload()}
            data-testid={tid('wizard-qwc-download', 'settings-qwc-download')}
          >
            {busy === 'download' ? 'Preparing…' : password ? 'Save and download .qwc' : 'Download .qwc'}
          </button>
        </div>
      </form>
      <QbwcSteps />
    </div>
  );
}

/** How to add the .qwc file to QuickBooks Web Connector, in the order the screens appear. */
export function QbwcSteps() {
  return (
    <div className="st-steps">
      <h3>Add it to the Web Connector (on the QuickBooks PC)</h3>
      <ol className="u-steps">
        <li>Open QuickBooks and the company file, logged in as the Admin user.</li>
        <li>
          Open <strong>QuickBooks Web Connector</strong> (Start menu, or in QuickBooks: File → Update Web
          Services).
        </li>
        <li>
          Choose <strong>Add an application</strong> and pick the{' '}
          <code className="u-code">ml-connector.qwc</code> file.
        </li>
        <li>
          QuickBooks asks whether to allow access: choose{' '}
          <strong>“Yes, always; allow access even if QuickBooks is not running”</strong>, then Continue and
          Done.
        </li>
        <li>
          Back in the Web Connector, enter the <strong>password</strong> from above in the ml-connector row,
          and save it when asked.
        </li>
        <li>
          Tick <strong>Auto-Run</strong> on the ml-connector row. It then updates by itself every few minutes.
        </li>
      </ol>
    </div>
  );
}

/** Which company file the Web Connector last opened, and when. */
export function QbwcConnectionFacts({ status }: { status: Status | null }) {
  if (!status) return null;
  const q = status.qbwc;
  return (
    <div className="st-conn">
      <dl className="u-facts">
        <dt>Status</dt>
        <dd>
          {q.lastContactAt ? (
            <Pill tone={q.lastConnectionError ? 'warning' : 'success'}>
              {q.lastConnectionError ? 'Connected, with an error' : 'Connected'}
            </Pill>
          ) : (
            <Pill tone="neutral">Not connected yet</Pill>
          )}
        </dd>
        <dt>Company</dt>
        <dd>{status.company?.companyName ?? '—'}</dd>
        <dt>Company file</dt>
        <dd>{q.companyFile ?? '—'}</dd>
        <dt>Last contact</dt>
        <dd>{formatWhen(q.lastContactAt)}</dd>
        {q.lastConnectionError ? (
          <>
            <dt>Last problem</dt>
            <dd className="st-problem">
              {q.lastConnectionError.message} ({formatWhen(q.lastConnectionError.at)})
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
