import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { MatchingSettingsInputSchema, SkuPreviewSchema, StoreSchema } from '../../../../shared/api';
import { useApi, useTransport } from '../../api/client';
import { describeCron } from './cron';
import { fieldErrors, plainError } from './errors';
import { PostingFields, usePostingSettings } from './PostingFields';
import { Banner, Field, Section, Spinner } from './ui';

type Result = { tone: 'success' | 'error'; text: string } | null;

function SaveRow({
  section,
  busy,
  result,
  disabled,
  label = 'Save',
}: {
  section: string;
  busy: boolean;
  result: Result;
  disabled?: boolean;
  label?: string;
}) {
  return (
    <>
      {result ? <Banner tone={result.tone}>{result.text}</Banner> : null}
      <div className="u-actions">
        <button
          type="submit"
          className="u-btn u-btn-primary"
          disabled={busy || disabled}
          data-testid={`settings-save-${section}`}
        >
          {busy ? 'Saving…' : label}
        </button>
      </div>
    </>
  );
}

/** ShipStation stores, each synced or not. */
export function StoresList({ refreshKey }: { refreshKey: number }) {
  const t = useTransport();
  const [stores, setStores] = useState<z.infer<typeof StoreSchema>[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await t.call('stores', {});
      setStores(r.stores);
      setNote(r.note ?? null);
      setError(null);
    } catch (err) {
      setError(plainError(err));
    }
  }, [t]);
  useEffect(() => void load(), [load, refreshKey]);

  const toggle = async (storeId: string, enabled: boolean): Promise<void> => {
    setPending(storeId);
    setStores((s) => s?.map((x) => (x.storeId === storeId ? { ...x, syncEnabled: enabled } : x)) ?? null);
    try {
      await t.call('setStoreSync', { storeId, enabled });
      setError(null);
    } catch (err) {
      setError(plainError(err));
      await load();
    } finally {
      setPending(null);
    }
  };

  return (
    <div className="st-stores">
      <h3>Stores</h3>
      {error ? <Banner tone="error">{error}</Banner> : null}
      {note ? (
        <p className="u-hint" data-testid="settings-stores-note">
          {note}
        </p>
      ) : null}
      {stores === null ? (
        error ? null : (
          <div className="u-loading">
            <Spinner /> Loading stores…
          </div>
        )
      ) : stores.length === 0 ? (
        <p className="u-hint">
          No stores yet. They appear after the first successful connection and sync with ShipStation.
        </p>
      ) : (
        <ul className="st-store-list" aria-label="ShipStation stores">
          {stores.map((s) => (
            <li key={s.storeId} className="st-store">
              <span className="st-store-name">
                {s.storeName}
                <span className="u-hint-inline">
                  {' '}
                  {[s.marketplaceName, s.active ? null : 'inactive in ShipStation']
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </span>
              <label className="u-switch">
                <input
                  type="checkbox"
                  checked={s.syncEnabled}
                  disabled={pending === s.storeId}
                  onChange={(e) => void toggle(s.storeId, e.target.checked)}
                  data-testid={`settings-store-sync-${s.storeId}`}
                />
                <span className="u-switch-track" aria-hidden="true" />
                <span className="u-hint-inline">
                  {s.syncEnabled ? 'Synced' : 'Not synced'}
                  <span className="u-visually-hidden"> ({s.storeName})</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function PostingSection() {
  const p = usePostingSettings();
  const [result, setResult] = useState<Result>(null);
  return (
    <Section
      id="st-posting"
      title="Posting"
      intro="How shipped orders are written to QuickBooks. Changing these checks waiting and flagged orders again."
    >
      {p.loadError ? <Banner tone="error">Could not load the posting settings: {p.loadError}</Banner> : null}
      {p.value ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setResult(null);
            void p
              .save()
              .then((err) =>
                setResult(
                  err ? { tone: 'error', text: err } : { tone: 'success', text: 'Posting settings saved.' },
                ),
              );
          }}
        >
          <PostingFields value={p.value} onChange={p.setValue} errors={p.errors} />
          <SaveRow section="posting" busy={p.saving} result={result} />
        </form>
      ) : p.loadError ? null : (
        <div className="u-loading">
          <Spinner /> Loading…
        </div>
      )}
    </Section>
  );
}

type Matching = z.infer<typeof MatchingSettingsInputSchema>;
type Key = Matching['customerKeys'][number];
const KEY_LABELS: Record<Key, string> = { email: 'Email address', name: 'Name', company: 'Company name' };
type SkuSource = Matching['skuSource'];
const SKU_SOURCES: { value: SkuSource; label: string }[] = [
  { value: 'name_then_part_number', label: 'Item name, then manufacturer’s part number' },
  { value: 'name', label: 'Item name (or full name, e.g. Drinkware:Mug)' },
  { value: 'full_name', label: 'Full name only (Parent:Child)' },
  { value: 'part_number', label: 'Manufacturer’s part number' },
  { value: 'custom_field', label: 'A custom field' },
];
type SkuPreview = z.infer<typeof SkuPreviewSchema>;

/** Where the SKU lives, with a count of what it would match before it is saved. */
function SkuSourceFields({ value, onChange }: { value: Matching; onChange: (m: Matching) => void }) {
  const t = useTransport();
  const [preview, setPreview] = useState<SkuPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const check = async (): Promise<void> => {
    setChecking(true);
    setPreviewError(null);
    try {
      setPreview(
        await t.call('previewSkuMatching', {
          skuSource: value.skuSource,
          skuCustomField: value.skuCustomField,
        }),
      );
    } catch (err) {
      setPreview(null);
      setPreviewError(plainError(err));
    } finally {
      setChecking(false);
    }
  };
  return (
    <fieldset className="u-fieldset">
      <legend className="u-label">Products: where your QuickBooks items keep ShipStation's SKU</legend>
      <Field label="SKU is in">
        {(ids) => (
          <select
            {...ids}
            className="u-input"
            data-testid="sku-source"
            value={value.skuSource}
            onChange={(e) => {
              setPreview(null);
              onChange({ ...value, skuSource: e.target.value as SkuSource });
            }}
          >
            {SKU_SOURCES.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {value.skuSource === 'custom_field' ? (
        <Field label="Custom field name" hint="As in QuickBooks: Edit Item → Custom Fields.">
          {(ids) => (
            <input
              {...ids}
              className="u-input"
              data-testid="sku-custom-field"
              maxLength={31}
              value={value.skuCustomField ?? ''}
              onChange={(e) => {
                setPreview(null);
                onChange({ ...value, skuCustomField: e.target.value.trim() ? e.target.value : null });
              }}
            />
          )}
        </Field>
      ) : null}
      <div className="u-actions">
        <button
          type="button"
          className="u-btn"
          data-testid="sku-preview"
          onClick={() => void check()}
          disabled={checking || (value.skuSource === 'custom_field' && !value.skuCustomField)}
        >
          {checking ? 'Checking…' : 'Check against open orders'}
        </button>
      </div>
      {previewError ? <Banner tone="error">{previewError}</Banner> : null}
      {preview ? (
        <p className="u-hint" data-testid="sku-preview-result" role="status">
          {preview.orders === 0
            ? 'No open orders to check.'
            : `${preview.ordersMatched} of ${preview.orders} open orders would find all their items (${preview.matched} of ${preview.lines} lines).`}
          {preview.unknown + preview.ambiguous + preview.inactive > 0
            ? ` Not matched: ${preview.examples.map((e) => `${e.sku} (${e.outcome})`).join(', ')}${
                preview.unknown + preview.ambiguous + preview.inactive > preview.examples.length ? ', …' : ''
              }.`
            : ''}
        </p>
      ) : null}
    </fieldset>
  );
}

export function MatchingSection() {
  const t = useTransport();
  const [value, setValue] = useState<Matching | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  useEffect(() => {
    t.call('getMatchingSettings', {})
      .then(setValue)
      .catch((err: unknown) => setError(plainError(err)));
  }, [t]);

  const save = async (): Promise<void> => {
    if (!value) return;
    setBusy(true);
    setResult(null);
    try {
      setValue(await t.call('setMatchingSettings', value));
      setResult({ tone: 'success', text: 'Matching saved. Flagged orders are checked again.' });
    } catch (err) {
      const f = fieldErrors(err);
      setResult({ tone: 'error', text: f.customerKeys ?? f.skuCustomField ?? plainError(err) });
    } finally {
      setBusy(false);
    }
  };

  const keys = value?.customerKeys ?? [];
  const allKeys: Key[] = ['email', 'name', 'company'];
  const toggleKey = (k: Key, on: boolean): void => {
    if (value) setValue({ ...value, customerKeys: on ? [...keys, k] : keys.filter((x) => x !== k) });
  };
  const move = (k: Key, dir: -1 | 1): void => {
    if (!value) return;
    const i = keys.indexOf(k);
    const j = i + dir;
    if (i < 0 || j < 0 || j >= keys.length) return;
    const next = [...keys];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setValue({ ...value, customerKeys: next });
  };
  const ordered: Key[] = [...keys, ...allKeys.filter((k) => !keys.includes(k))];

  return (
    <Section
      id="st-matching"
      title="Matching"
      intro="How each order finds its QuickBooks customer and items."
    >
      {error ? <Banner tone="error">{error}</Banner> : null}
      {value ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset className="u-fieldset">
            <legend className="u-label">Customers</legend>
            <div className="st-choices st-choices-2">
              <label className={`st-choice${value.customerStrategy === 'per-order' ? ' st-choice-on' : ''}`}>
                <input
                  type="radio"
                  name="strategy"
                  checked={value.customerStrategy === 'per-order'}
                  onChange={() => setValue({ ...value, customerStrategy: 'per-order' })}
                />
                <span className="st-choice-text">
                  <span className="st-choice-title">Match each order's customer</span>
                  <span className="u-hint">Find the buyer in your QuickBooks customer list.</span>
                </span>
              </label>
              <label className={`st-choice${value.customerStrategy === 'per-store' ? ' st-choice-on' : ''}`}>
                <input
                  type="radio"
                  name="strategy"
                  checked={value.customerStrategy === 'per-store'}
                  onChange={() => setValue({ ...value, customerStrategy: 'per-store' })}
                />
                <span className="st-choice-text">
                  <span className="st-choice-title">One customer per store</span>
                  <span className="u-hint">
                    All orders from a store go to one customer, e.g. “Amazon Sales”. You choose it on the
                    first flagged order of each store.
                  </span>
                </span>
              </label>
            </div>
          </fieldset>
          {value.customerStrategy === 'per-order' ? (
            <fieldset className="u-fieldset st-keys">
              <legend className="u-label">Match by, in this order</legend>
              <ol className="st-key-list">
                {ordered.map((k) => {
                  const on = keys.includes(k);
                  const i = keys.indexOf(k);
                  return (
                    <li key={k} className={on ? '' : 'st-key-off'}>
                      <label className="u-check">
                        <input
                          type="checkbox"
                          checked={on}
                          onChange={(e) => toggleKey(k, e.target.checked)}
                        />
                        <span>{KEY_LABELS[k]}</span>
                      </label>
                      {on ? (
                        <span className="st-key-move">
                          <button
                            type="button"
                            className="u-btn u-btn-sm"
                            onClick={() => move(k, -1)}
                            disabled={i === 0}
                            aria-label={`Try ${KEY_LABELS[k]} earlier`}
                          >
                            ↑
                          </button>
                          <button
                            type="button"
                            className="u-btn u-btn-sm"
                            onClick={() => move(k, 1)}
                            disabled={i === keys.length - 1}
                            aria-label={`Try ${KEY_LABELS[k]} later`}
                          >
                            ↓
                          </button>
                        </span>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
              <p className="u-hint">
                The first field that finds exactly one QuickBooks customer wins. Several matches flag the
                order for you to choose.
              </p>
            </fieldset>
          ) : null}
          <SkuSourceFields value={value} onChange={setValue} />
          <SaveRow section="matching" busy={busy} result={result} disabled={keys.length === 0} />
          {keys.length === 0 ? <p className="u-field-error">Choose at least one field to match by.</p> : null}
        </form>
      ) : error ? null : (
        <div className="u-loading">
          <Spinner /> Loading…
        </div>
      )}
    </Section>
  );
}

type Schedules = { poll: string; reconcile: string; nightly: string };
const SCHEDULES: { key: keyof Schedules; label: string; hint: string }[] = [
  { key: 'poll', label: 'Check ShipStation for new and shipped orders', hint: 'Usually every 5 minutes.' },
  { key: 'reconcile', label: 'Re-check flagged and waiting orders', hint: 'Usually every 5 minutes.' },
  { key: 'nightly', label: 'Nightly full check (stock on hand, missed changes)', hint: 'Usually 2:00 AM.' },
];

export function SchedulesSection() {
  const t = useTransport();
  const [value, setValue] = useState<Schedules | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  useEffect(() => {
    t.call('getSchedules', {})
      .then(setValue)
      .catch((err: unknown) => setError(plainError(err)));
  }, [t]);

  const save = async (): Promise<void> => {
    if (!value) return;
    setBusy(true);
    setResult(null);
    setErrors({});
    try {
      setValue(await t.call('setSchedules', value));
      setResult({ tone: 'success', text: 'Schedules saved and applied.' });
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      setResult({
        tone: 'error',
        text: Object.keys(f).length ? 'Check the schedules marked in red.' : plainError(err),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section
      id="st-schedules"
      title="Schedules"
      intro={
        <>
          When ml-connector does its routine work, as cron schedules: minute, hour, day of month, month, day
          of week (e.g. <code className="u-code">*/5 * * * *</code> is every 5 minutes).
        </>
      }
    >
      {error ? <Banner tone="error">{error}</Banner> : null}
      {value ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="u-form">
            {SCHEDULES.map((s) => {
              const words = describeCron(value[s.key]);
              return (
                <Field
                  key={s.key}
                  label={s.label}
                  error={errors[s.key]}
                  hint={
                    words
                      ? `Runs ${words}.`
                      : `${s.hint} Not a pattern described here; it is checked when you save.`
                  }
                >
                  {(ids) => (
                    <input
                      {...ids}
                      className="u-input u-input-mono st-cron"
                      value={value[s.key]}
                      maxLength={100}
                      spellCheck={false}
                      onChange={(e) => setValue({ ...value, [s.key]: e.target.value })}
                    />
                  )}
                </Field>
              );
            })}
          </div>
          <SaveRow section="schedules" busy={busy} result={result} />
        </form>
      ) : error ? null : (
        <div className="u-loading">
          <Spinner /> Loading…
        </div>
      )}
    </Section>
  );
}

type WebhookState = { enabled: boolean; targetPath: string; apiVersion: 'v1' | 'v2' };

export function WebhooksSection() {
  const call = useApi();
  const t = useTransport();
  /** What the engine has now; null while loading. */
  const [current, setCurrent] = useState<WebhookState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [publicUrl, setPublicUrl] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);

  useEffect(() => {
    let alive = true;
    t.call('getWebhooks', {})
      .then((w) => {
        if (!alive) return;
        setCurrent(w);
        setEnabled(w.enabled);
      })
      .catch((err: unknown) => alive && setLoadError(plainError(err)));
    return () => {
      alive = false;
    };
  }, [t]);

  const save = async (): Promise<void> => {
    if (!current) return;
    setBusy(true);
    setResult(null);
    setErrors({});
    try {
      const r = await call('setWebhooks', {
        enabled,
        publicUrl: enabled && publicUrl.trim() ? publicUrl.trim() : undefined,
      });
      setCurrent({ ...current, enabled });
      setResult({
        tone: 'success',
        text: !enabled
          ? 'Webhooks are off. ml-connector checks ShipStation on its schedule.'
          : r.subscribed.length
            ? `Webhooks are on: ShipStation now notifies ${r.targetUrl} (${r.subscribed.length} subscriptions).`
            : 'Webhooks are on. Without a public address ShipStation cannot reach this PC, so scheduled checks continue.',
      });
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      setResult({ tone: 'error', text: f.publicUrl ? 'Check the public address.' : plainError(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section
      id="st-webhooks"
      title="Webhooks (advanced)"
      intro="Off by default: ml-connector checks ShipStation on a schedule, which needs nothing else. Webhooks let ShipStation notify this PC at once, but only if it can be reached from the internet."
    >
      <details className="u-advanced">
        <summary>
          Show webhook settings
          {current ? ` (now ${current.enabled ? 'on' : 'off'})` : ''}
        </summary>
        {loadError ? <Banner tone="error">Could not load the webhook settings: {loadError}</Banner> : null}
        {current ? (
          <form
            noValidate
            className="u-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <label className="u-switch">
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              <span className="u-switch-track" aria-hidden="true" />
              <span>Receive ShipStation webhooks</span>
            </label>
            <p className="u-hint">
              ShipStation notifies <code className="u-code">{current.targetPath}</code> under the public
              address.{' '}
              {current.apiVersion === 'v1'
                ? 'With the V1 API, the secret in that path proves a notification comes from ShipStation.'
                : 'With the V2 API, each notification is checked against ShipStation’s signature.'}
            </p>
            <Field
              label="Public address of this PC"
              optional
              error={errors.publicUrl}
              hint="A tunnel or port-forward address ShipStation can reach, e.g. https://shop-pc.example.com. Saving with an address subscribes to order and shipment notifications."
            >
              {(ids) => (
                <input
                  {...ids}
                  type="url"
                  className="u-input u-input-mono"
                  value={publicUrl}
                  disabled={!enabled}
                  spellCheck={false}
                  placeholder="https://"
                  onChange={(e) => setPublicUrl(e.target.value)}
                />
              )}
            </Field>
            <SaveRow section="webhooks" busy={busy} result={result} />
          </form>
        ) : loadError ? null : (
          <div className="u-loading">
            <Spinner /> Loading…
          </div>
        )}
      </details>
    </Section>
  );
}
