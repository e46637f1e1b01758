import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { PostingSettingsInputSchema } from '../../../../shared/api';
import { useApi, useTransport } from '../../api/client';
import { fieldErrors, plainError } from './errors';
import { ItemNameInput } from './pickers';
import { Field } from './ui';

export type PostingSettings = z.infer<typeof PostingSettingsInputSchema>;
type Journal = PostingSettings['journal'];

/** The posting settings as stored, an editable copy, and save(). */
export function usePostingSettings() {
  const t = useTransport();
  const call = useApi();
  const [value, setValue] = useState<PostingSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    try {
      setValue(await t.call('getPostingSettings', {}));
      setLoadError(null);
    } catch (err) {
      setLoadError(plainError(err));
    }
  }, [t]);
  useEffect(() => void load(), [load]);

  /** Returns an error sentence, or null when saved. */
  const save = async (): Promise<string | null> => {
    if (!value) return 'The settings have not loaded yet.';
    setSaving(true);
    setErrors({});
    try {
      setValue(await call('setPostingSettings', value));
      return null;
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      return Object.keys(f).length ? 'Check the fields marked in red.' : plainError(err);
    } finally {
      setSaving(false);
    }
  };
  return { value, setValue, loadError, reload: load, errors, saving, save };
}

const TXN_TYPES: { value: PostingSettings['txnType']; label: string; hint: string }[] = [
  {
    value: 'SalesReceipt',
    label: 'Sales receipt',
    hint: 'The order was paid when placed (most web stores). Each shipped order becomes a sales receipt.',
  },
  {
    value: 'Invoice',
    label: 'Invoice',
    hint: 'The customer pays later. Each shipped order becomes an open invoice in Accounts Receivable.',
  },
  {
    value: 'JournalEntry',
    label: 'Journal entry',
    hint: 'Amounts by account, without item lines, so QuickBooks stock is not changed. For accountants who prefer totals.',
  },
];

const JOURNAL: { key: keyof Journal; label: string; hint: string }[] = [
  {
    key: 'debitAccount',
    label: 'Money in (debit)',
    hint: 'Where the payment lands, e.g. Undeposited Funds.',
  },
  { key: 'revenueAccount', label: 'Product sales', hint: 'Income account, e.g. Sales.' },
  { key: 'shippingAccount', label: 'Shipping charged', hint: 'e.g. Shipping Income.' },
  { key: 'taxAccount', label: 'Sales tax collected', hint: 'e.g. Sales Tax Payable.' },
  { key: 'discountAccount', label: 'Discounts given', hint: 'e.g. Discounts.' },
  {
    key: 'giftCardAccount',
    label: 'Gift cards redeemed',
    hint: 'The gift card / store credit liability, e.g. Gift Certificates Outstanding.',
  },
];

/** Comma-separated words, committed when the field is left (so typing a comma is not undone). */
function TenderPatternsInput({
  ids,
  value,
  onChange,
}: {
  ids: { id: string; 'aria-describedby': string | undefined; 'aria-invalid': boolean };
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const [text, setText] = useState(value.join(', '));
  return (
    <input
      {...ids}
      className="u-input"
      data-testid="tender-patterns"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() =>
        onChange(
          text
            .split(',')
            .map((x) => x.trim())
            .filter((x) => x.length >= 2),
        )
      }
    />
  );
}

function timeZones(current: string): string[] {
  let list: string[] = [];
  try {
    list = Intl.supportedValuesOf('timeZone');
  } catch {
    list = [];
  }
  return list.includes(current) ? list : [current, ...list];
}

/** The posting form's fields (the caller owns Save). `compact` leaves out the rarely changed ones. */
export function PostingFields({
  value,
  onChange,
  errors,
  compact = false,
}: {
  value: PostingSettings;
  onChange: (v: PostingSettings) => void;
  errors: Record<string, string>;
  compact?: boolean;
}) {
  const set = <K extends keyof PostingSettings>(k: K, v: PostingSettings[K]): void =>
    onChange({ ...value, [k]: v });
  const setJournal = (k: keyof Journal, v: string): void =>
    onChange({
      ...value,
      journal: { ...value.journal, [k]: k === 'giftCardAccount' && !v.trim() ? null : v },
    });
  const [zones] = useState(() => timeZones(value.timeZone));
  return (
    <div className="u-form">
      <fieldset className="u-fieldset">
        <legend className="u-label">What a shipped order becomes in QuickBooks</legend>
        <div className="st-choices">
          {TXN_TYPES.map((t) => (
            <label key={t.value} className={`st-choice${value.txnType === t.value ? ' st-choice-on' : ''}`}>
              <input
                type="radio"
                name="txn-type"
                value={t.value}
                checked={value.txnType === t.value}
                onChange={() => set('txnType', t.value)}
              />
              <span className="st-choice-text">
                <span className="st-choice-title">{t.label}</span>
                <span className="u-hint">{t.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="st-grid">
        <Field
          label="Shipping item"
          hint="The QuickBooks item for shipping charged to customers. Empty: orders with shipping are flagged."
          error={errors.shippingItem}
        >
          {(ids) => (
            <ItemNameInput
              id={ids.id}
              describedBy={ids['aria-describedby']}
              invalid={ids['aria-invalid']}
              value={value.shippingItem}
              onChange={(v) => set('shippingItem', v)}
              pickerTitle="Choose the shipping item"
            />
          )}
        </Field>
        <Field
          label="Discount item"
          hint="For coupons and order discounts (usually a Discount item)."
          error={errors.discountItem}
        >
          {(ids) => (
            <ItemNameInput
              id={ids.id}
              describedBy={ids['aria-describedby']}
              invalid={ids['aria-invalid']}
              value={value.discountItem}
              onChange={(v) => set('discountItem', v)}
              pickerTitle="Choose the discount item"
            />
          )}
        </Field>
        <Field
          label="Sales tax item"
          hint="For tax collected on orders (a Sales Tax item)."
          error={errors.taxItem}
        >
          {(ids) => (
            <ItemNameInput
              id={ids.id}
              describedBy={ids['aria-describedby']}
              invalid={ids['aria-invalid']}
              value={value.taxItem}
              onChange={(v) => set('taxItem', v)}
              pickerTitle="Choose the sales tax item"
            />
          )}
        </Field>
        {value.txnType !== 'JournalEntry' ? (
          <Field
            label="Gift card / store credit item"
            optional
            hint="When part of an order was paid by gift card or store credit, that part is posted on this item (its account: the liability), so only what was paid is deposited."
            error={errors.giftCardItem}
          >
            {(ids) => (
              <ItemNameInput
                id={ids.id}
                describedBy={ids['aria-describedby']}
                invalid={ids['aria-invalid']}
                value={value.giftCardItem}
                onChange={(v) => set('giftCardItem', v)}
                pickerTitle="Choose the gift card item"
              />
            )}
          </Field>
        ) : null}
        <Field
          label="Payment methods that are gift cards or store credit"
          hint="Words in ShipStation's payment method, separated by commas (any case)."
          error={errors.tenderPatterns}
        >
          {(ids) => (
            <TenderPatternsInput
              ids={ids}
              value={value.tenderPatterns}
              onChange={(v) => set('tenderPatterns', v)}
            />
          )}
        </Field>
        {value.txnType === 'SalesReceipt' ? (
          <Field
            label="Deposit to"
            optional
            hint="The account sales receipts are deposited to. Empty: QuickBooks' default (Undeposited Funds)."
            error={errors.depositToAccount}
          >
            {(ids) => (
              <input
                {...ids}
                className="u-input"
                value={value.depositToAccount ?? ''}
                maxLength={159}
                placeholder="Undeposited Funds"
                onChange={(e) => set('depositToAccount', e.target.value.trim() ? e.target.value : null)}
              />
            )}
          </Field>
        ) : null}
        {value.txnType === 'Invoice' ? (
          <Field
            label="Accounts receivable account"
            optional
            hint="Empty: QuickBooks' default A/R account."
            error={errors.arAccount}
          >
            {(ids) => (
              <input
                {...ids}
                className="u-input"
                value={value.arAccount ?? ''}
                maxLength={159}
                placeholder="Accounts Receivable"
                onChange={(e) => set('arAccount', e.target.value.trim() ? e.target.value : null)}
              />
            )}
          </Field>
        ) : null}
      </div>

      {value.txnType !== 'JournalEntry' ? (
        <SalesTaxFields value={value} onChange={onChange} errors={errors} />
      ) : null}

      {value.txnType === 'JournalEntry' ? (
        <fieldset className="u-fieldset st-journal">
          <legend className="u-label">
            Journal entry accounts (exactly as named in your chart of accounts)
          </legend>
          <div className="st-grid">
            {JOURNAL.map((j) => (
              <Field key={j.key} label={j.label} hint={j.hint} error={errors[`journal.${j.key}`]}>
                {(ids) => (
                  <input
                    {...ids}
                    className="u-input"
                    value={value.journal[j.key] ?? ''}
                    maxLength={159}
                    onChange={(e) => setJournal(j.key, e.target.value)}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
      ) : null}

      {compact ? null : (
        <div className="st-grid">
          <Field
            label="Start date"
            optional
            hint="Orders shipped before this day are never posted (they are already in QuickBooks)."
            error={errors.startDate}
          >
            {(ids) => (
              <input
                {...ids}
                type="date"
                className="u-input u-input-date"
                value={value.startDate ?? ''}
                onChange={(e) => set('startDate', e.target.value || null)}
              />
            )}
          </Field>
          <Field
            label="Time zone"
            hint="Transactions are dated on the ship date in this time zone."
            error={errors.timeZone}
          >
            {(ids) => (
              <select
                {...ids}
                className="u-select"
                value={value.timeZone}
                onChange={(e) => set('timeZone', e.target.value)}
              >
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}

      <label className="u-switch st-dryrun">
        <input type="checkbox" checked={value.dryRun} onChange={(e) => set('dryRun', e.target.checked)} />
        <span className="u-switch-track" aria-hidden="true" />
        <span>
          <span className="st-choice-title">Practice mode (dry run)</span>
          <span className="u-hint">
            Everything runs and you can see what would be posted, but nothing is written to QuickBooks.
          </span>
        </span>
      </label>
    </div>
  );
}

const TAX_MODES: { value: PostingSettings['taxMode']; label: string; hint: string }[] = [
  {
    value: 'line',
    label: "ShipStation's tax as a line",
    hint: 'The tax the customer paid goes on the sales tax item above; a 0 % tax item on each sale keeps QuickBooks from adding its own.',
  },
  {
    value: 'quickbooks',
    label: 'QuickBooks computes it by ship-to state',
    hint: "Each state's QuickBooks tax item or group applies; an order whose QuickBooks tax differs from ShipStation's is flagged with both figures.",
  },
];

/** How sales tax reaches QuickBooks when the company charges sales tax (README, "Sales tax"). */
function SalesTaxFields({
  value,
  onChange,
  errors,
}: {
  value: PostingSettings;
  onChange: (v: PostingSettings) => void;
  errors: Record<string, string>;
}) {
  const set = <K extends keyof PostingSettings>(k: K, v: PostingSettings[K]): void =>
    onChange({ ...value, [k]: v });
  const states = Object.entries(value.taxByState);
  const setStates = (rows: [string, string][]): void =>
    set('taxByState', Object.fromEntries(rows.filter(([st]) => st.trim() !== '')));
  return (
    <fieldset className="u-fieldset" data-testid="sales-tax-settings">
      <legend className="u-label">Sales tax (when your QuickBooks company charges sales tax)</legend>
      <div className="st-choices">
        {TAX_MODES.map((m) => (
          <label key={m.value} className={`st-choice${value.taxMode === m.value ? ' st-choice-on' : ''}`}>
            <input
              type="radio"
              name="tax-mode"
              value={m.value}
              checked={value.taxMode === m.value}
              onChange={() => set('taxMode', m.value)}
            />
            <span className="st-choice-text">
              <span className="st-choice-title">{m.label}</span>
              <span className="u-hint">{m.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {value.taxMode === 'line' ? (
        <Field
          label="0 % sales tax item"
          hint="A QuickBooks sales tax item at 0 % (e.g. Out of State) named on each sale."
          error={errors.zeroTaxItem}
        >
          {(ids) => (
            <ItemNameInput
              id={ids.id}
              describedBy={ids['aria-describedby']}
              invalid={ids['aria-invalid']}
              value={value.zeroTaxItem}
              onChange={(v) => set('zeroTaxItem', v)}
              pickerTitle="Choose the 0 % sales tax item"
            />
          )}
        </Field>
      ) : (
        <div className="u-form" data-testid="tax-by-state">
          {[...states, ['', ''] as [string, string]].map(([st, item], k) => (
            <div className="st-grid" key={k}>
              <Field label="State" hint="Two letters, e.g. CA." error={errors[`taxByState.${st}`]}>
                {(ids) => (
                  <input
                    {...ids}
                    className="u-input"
                    value={st}
                    maxLength={2}
                    onChange={(e) => {
                      const rows = [...states];
                      rows[k] = [e.target.value.toUpperCase(), item];
                      setStates(rows);
                    }}
                  />
                )}
              </Field>
              <Field label="QuickBooks tax item or group" hint="What QuickBooks charges for that state.">
                {(ids) => (
                  <ItemNameInput
                    id={ids.id}
                    describedBy={ids['aria-describedby']}
                    invalid={ids['aria-invalid']}
                    value={item || null}
                    onChange={(v) => {
                      const rows = [...states];
                      rows[k] = [st, v ?? ''];
                      setStates(rows.filter(([, i]) => i !== ''));
                    }}
                    pickerTitle="Choose the sales tax item or group"
                  />
                )}
              </Field>
            </div>
          ))}
        </div>
      )}
      <Field
        label="Non-taxable code"
        hint="QuickBooks' non-taxable sales tax code (usually Non)."
        error={errors.nonTaxableCode}
      >
        {(ids) => (
          <input
            {...ids}
            className="u-input"
            value={value.nonTaxableCode}
            maxLength={3}
            onChange={(e) => set('nonTaxableCode', e.target.value)}
          />
        )}
      </Field>
    </fieldset>
  );
}
