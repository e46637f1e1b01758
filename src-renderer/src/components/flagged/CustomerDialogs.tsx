import { useId, useState } from 'react';
import type { z } from 'zod';
import type { CustomerNamePlanSchema, OrderSummary, QbCustomer } from '../../../../shared/api';
import { useTransport } from '../../api/client';
import { ConfirmDialog, Dialog } from '../settings/Dialog';
import { QbCustomerPicker } from '../settings/pickers';
import { Field } from '../settings/ui';
import type { QbCandidate } from './flags';
import { useOrderFacts, useResolve, type ResolveResult } from './useResolve';

type Remember = 'order' | 'email' | 'name' | 'store';

/** Choose the QuickBooks customer for an order, and how widely to remember the choice. */
export function MapCustomerDialog({
  order,
  ambiguous,
  perStore,
  tried,
  candidates = [],
  onResolved,
  onClose,
  onCreateInstead,
}: {
  order: OrderSummary;
  ambiguous: boolean;
  perStore: boolean;
  tried: string[];
  /** The customers an ambiguous match found: offered first. */
  candidates?: QbCandidate[];
  onResolved: (r: ResolveResult) => void;
  onClose: () => void;
  onCreateInstead: () => void;
}) {
  const [picked, setPicked] = useState<QbCustomer | null>(null);
  const [remember, setRemember] = useState<Remember>(
    perStore && order.storeId ? 'store' : order.customerEmail ? 'email' : 'order',
  );
  const { run, busy, error, again, dismissAgain } = useResolve(order, onResolved);
  // With candidates, start from the whole list so they all show on top (an email match need not
  // share the order's name).
  const initialSearch =
    perStore || candidates.length ? '' : (order.customerName ?? tried.find((t) => !t.includes('@')) ?? '');
  const submit = async (): Promise<void> => {
    if (!picked) return;
    const ok = await run({
      action: 'map_customer',
      orderId: order.orderId,
      listId: picked.listId,
      remember: remember === 'order' ? undefined : remember,
    });
    if (ok) onClose();
  };
  const options: { value: Remember; label: string; disabled: boolean }[] = [
    { value: 'order', label: `This order only (${order.orderNumber})`, disabled: false },
    {
      value: 'email',
      label: order.customerEmail
        ? `Every order from ${order.customerEmail}`
        : 'Every order from this email (none on this order)',
      disabled: !order.customerEmail,
    },
    {
      value: 'name',
      label: order.customerName
        ? `Every order in the name of ${order.customerName}`
        : 'Every order with this name (none on this order)',
      disabled: !order.customerName,
    },
    {
      value: 'store',
      label: order.storeId
        ? `Every order from the store ${order.storeName ?? order.storeId}`
        : 'Every order from this store (no store)',
      disabled: !order.storeId,
    },
  ];
  return (
    <>
      <Dialog
        wide
        testId="map-customer-dialog"
        title={`Who is the QuickBooks customer for order ${order.orderNumber}?`}
        description={
          <p>
            {perStore
              ? `Orders from ${order.storeName ?? 'this store'} go to one QuickBooks customer, and none is assigned yet.`
              : ambiguous
                ? 'More than one QuickBooks customer matches this order: choose the right one.'
                : `No QuickBooks customer matches ${[order.customerName, order.customerEmail].filter(Boolean).join(' / ') || 'this order'}.`}
          </p>
        }
        onClose={onClose}
        footer={
          <>
            {perStore ? (
              <span className="u-hint-inline fl-foot-left">
                No store customer yet? Add one in QuickBooks (e.g. “Amazon Sales”); it appears here after the
                next update.
              </span>
            ) : (
              <button
                type="button"
                className="u-btn u-btn-link fl-foot-left"
                onClick={onCreateInstead}
                disabled={busy}
              >
                Create customer instead…
              </button>
            )}
            <button type="button" className="u-btn" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button
              type="button"
              className="u-btn u-btn-primary"
              disabled={!picked || busy}
              onClick={() => void submit()}
              data-testid="resolve-confirm"
            >
              {busy ? 'Saving…' : 'Use this customer'}
            </button>
          </>
        }
      >
        <QbCustomerPicker
          initialSearch={initialSearch}
          candidates={candidates}
          selected={picked}
          onSelect={setPicked}
        />
        <fieldset className="u-fieldset">
          <legend className="u-label">Remember this for</legend>
          {options.map((o) => (
            <label key={o.value} className={`u-radio${o.disabled ? ' u-radio-disabled' : ''}`}>
              <input
                type="radio"
                name="remember"
                value={o.value}
                checked={remember === o.value}
                disabled={o.disabled}
                onChange={() => setRemember(o.value)}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </fieldset>
        <p className="fl-picked" aria-live="polite">
          {picked ? (
            <>
              Selected: <strong>{picked.fullName}</strong>
              {picked.email ? ` (${picked.email})` : ''}
            </>
          ) : (
            'No customer selected yet.'
          )}
        </p>
        {error ? (
          <p className="u-error" role="alert">
            {error}
          </p>
        ) : null}
      </Dialog>
      {again ? (
        <ConfirmDialog
          title="Use an inactive QuickBooks customer?"
          confirmLabel="Yes, use it as it is"
          busy={busy}
          onConfirm={() => void run(again.confirmed).then((ok) => ok && onClose())}
          onCancel={dismissAgain}
        >
          <p>{again.message}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

const NAME_MAX = 41;
/** What a person may type: QuickBooks keeps 41 characters, the engine shortens a longer name. */
const NAME_INPUT_MAX = 200;
const PHONE_MAX = 21;
type NamePlan = z.infer<typeof CustomerNamePlanSchema>;

/** Create the customer in QuickBooks from the order's details, after an explicit confirmation. */
export function CreateCustomerDialog({
  order,
  onResolved,
  onClose,
}: {
  order: OrderSummary;
  onResolved: (r: ResolveResult) => void;
  onClose: () => void;
}) {
  const facts = useOrderFacts(order.orderId);
  const [edits, setEdits] = useState<Partial<Record<'name' | 'companyName' | 'email' | 'phone', string>>>({});
  const [confirming, setConfirming] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const { run, busy, error, fields } = useResolve(order, onResolved);
  const formId = useId();
  const t = useTransport();
  const [plan, setPlan] = useState<NamePlan | null>(null);

  const value = {
    name: edits.name ?? (order.customerName ?? facts?.billName ?? '').slice(0, NAME_INPUT_MAX),
    companyName: edits.companyName ?? (facts?.company ?? '').slice(0, NAME_MAX),
    email: edits.email ?? order.customerEmail ?? facts?.email ?? '',
    phone: edits.phone ?? (facts?.phone ?? '').slice(0, PHONE_MAX),
  };
  const set = (k: keyof typeof value) => (e: { target: { value: string } }) =>
    setEdits((x) => ({ ...x, [k]: e.target.value }));

  const check = (): boolean => {
    if (!value.name.trim()) {
      setLocalError('Enter the customer name as it should appear in QuickBooks.');
      return false;
    }
    setLocalError(null);
    return true;
  };
  const submit = async (): Promise<void> => {
    const ok = await run({
      action: 'create_customer',
      orderId: order.orderId,
      name: value.name.trim(),
      companyName: value.companyName.trim() || undefined,
      email: value.email.trim() || undefined,
      phone: value.phone.trim() || undefined,
      confirm: true,
    });
    setConfirming(false);
    if (ok) onClose();
  };

  return (
    <>
      <Dialog
        wide
        testId="create-customer-dialog"
        title="Create the customer in QuickBooks"
        description={
          <p>Filled in from order {order.orderNumber}. Check the name: QuickBooks lists customers by it.</p>
        }
        onClose={onClose}
        footer={
          <>
            <button type="button" className="u-btn" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button
              type="submit"
              form={formId}
              className="u-btn u-btn-primary"
              disabled={busy}
              data-testid="create-customer-next"
            >
              Create customer…
            </button>
          </>
        }
      >
        <form
          noValidate
          id={formId}
          className="u-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!check()) return;
            // The name QuickBooks will hold, and who may already hold it: said before anything is created.
            t.call('checkCustomerName', { name: value.name.trim() })
              .then((p) => {
                setPlan(p);
                if (p.conflict)
                  setLocalError(
                    `QuickBooks already has ${p.conflict.list === 'other name' ? 'an' : 'a'} ${p.conflict.list}${p.conflict.active ? '' : ' (inactive)'} named “${p.conflict.name}”. Names are unique across customers, vendors, employees and other names: choose another name.`,
                  );
                else setConfirming(true);
              })
              .catch(() => setConfirming(true));
          }}
        >
          <Field
            label="Customer name"
            hint={`QuickBooks keeps ${NAME_MAX} characters: a longer name gets a short form, shown before it is created. Must not already be a customer, vendor, employee or other name.`}
            error={fields.name ?? null}
          >
            {(ids) => (
              <input
                {...ids}
                className="u-input"
                value={value.name}
                maxLength={NAME_INPUT_MAX}
                onChange={set('name')}
              />
            )}
          </Field>
          <Field label="Company" optional error={fields.companyName ?? null}>
            {(ids) => (
              <input
                {...ids}
                className="u-input"
                value={value.companyName}
                maxLength={NAME_MAX}
                onChange={set('companyName')}
              />
            )}
          </Field>
          <div className="u-row">
            <Field
              label="Email"
              optional
              hint="Later orders from this email find this customer."
              error={fields.email ?? null}
            >
              {(ids) => (
                <input
                  {...ids}
                  type="email"
                  className="u-input"
                  value={value.email}
                  onChange={set('email')}
                />
              )}
            </Field>
            <Field label="Phone" optional error={fields.phone ?? null}>
              {(ids) => (
                <input
                  {...ids}
                  type="tel"
                  className="u-input"
                  value={value.phone}
                  maxLength={PHONE_MAX}
                  onChange={set('phone')}
                />
              )}
            </Field>
          </div>
        </form>
        {localError || (error && !confirming) ? (
          <p className="u-error" role="alert">
            {localError ?? error}
          </p>
        ) : null}
      </Dialog>
      {confirming ? (
        <ConfirmDialog
          title={`Create “${plan?.name ?? value.name.trim()}” in QuickBooks?`}
          confirmLabel="Yes, create the customer"
          busy={busy}
          error={error}
          onConfirm={() => void submit()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            This creates a new customer in your QuickBooks company file:{' '}
            <strong data-testid="create-customer-final-name">{plan?.name ?? value.name.trim()}</strong>
            {value.companyName.trim() ? `, ${value.companyName.trim()}` : ''}
            {value.email.trim() ? `, ${value.email.trim()}` : ''}.
          </p>
          {plan?.shortened ? (
            <p>
              QuickBooks holds at most {NAME_MAX} characters in a customer name, so “{value.name.trim()}” is
              created as “{plan.name}”.
            </p>
          ) : null}
          <p>It is added the next time the Web Connector runs; then order {order.orderNumber} goes ahead.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
