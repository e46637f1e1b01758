import { useId, useState } from 'react';
import type { OrderSummary, QbItem } from '../../../../shared/api';
import { ConfirmDialog, Dialog } from '../settings/Dialog';
import { QbItemPicker } from '../settings/pickers';
import { Field, formatMoney } from '../settings/ui';
import type { QbCandidate } from './flags';
import { useOrderFacts, useResolve, type ResolveResult } from './useResolve';

const QB_ITEM_NAME_MAX = 31;

/** Map an unknown or ambiguous SKU to an existing QuickBooks item: remembered for every order. */
export function MapItemDialog({
  order,
  sku,
  lineName,
  ambiguous,
  candidates = [],
  affectedOrders,
  onResolved,
  onClose,
  onCreateInstead,
}: {
  order: OrderSummary;
  sku: string;
  lineName: string | null;
  ambiguous: boolean;
  /** The items an ambiguous SKU matches: offered first. */
  candidates?: QbCandidate[];
  /** Order numbers (flagged now) that carry this SKU. */
  affectedOrders: string[];
  onResolved: (r: ResolveResult) => void;
  onClose: () => void;
  onCreateInstead: () => void;
}) {
  const [picked, setPicked] = useState<QbItem | null>(null);
  const { run, busy, error, again, dismissAgain } = useResolve(order, onResolved);
  const others = affectedOrders.filter((n) => n !== order.orderNumber);
  const submit = async (): Promise<void> => {
    if (!picked) return;
    if (await run({ action: 'map_item', orderId: order.orderId, sku, listId: picked.listId })) onClose();
  };
  return (
    <>
      <Dialog
        wide
        testId="map-item-dialog"
        title={
          <>
            Which QuickBooks item is SKU <code className="fl-code">{sku}</code>?
          </>
        }
        description={
          <>
            {lineName ? (
              <p>
                Order {order.orderNumber} sells “{lineName}” under this SKU.
                {ambiguous ? ' More than one QuickBooks item matches it: choose the right one.' : ''}
              </p>
            ) : ambiguous ? (
              <p>More than one QuickBooks item matches this SKU: choose the right one.</p>
            ) : null}
            <p className="fl-remember">
              ml-connector remembers your choice for <strong>every order with SKU {sku}</strong>
              {others.length
                ? `, including ${others.length} other flagged order${others.length === 1 ? '' : 's'} (${others
                    .slice(0, 5)
                    .join(', ')}${others.length > 5 ? ', …' : ''}).`
                : ', now and in future.'}
            </p>
          </>
        }
        onClose={onClose}
        footer={
          <>
            <button
              type="button"
              className="u-btn u-btn-link fl-foot-left"
              onClick={onCreateInstead}
              disabled={busy}
            >
              Create it instead…
            </button>
            <button type="button" className="u-btn" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button
              type="button"
              className="u-btn u-btn-primary"
              onClick={() => void submit()}
              disabled={!picked || busy}
              data-testid="resolve-confirm"
            >
              {busy ? 'Saving…' : `Apply to all orders with SKU ${sku}`}
            </button>
          </>
        }
      >
        <QbItemPicker
          withTestIds
          initialSearch={ambiguous ? sku : ''}
          candidates={candidates}
          selected={picked}
          onSelect={setPicked}
          hint="Type any part of the QuickBooks item name, such as part of an item number; sub-items match on their parent too."
        />
        <p className="fl-picked" aria-live="polite">
          {picked ? (
            <>
              Selected: <strong>{picked.fullName}</strong>
              {picked.salesPrice !== null ? ` (${formatMoney(picked.salesPrice)})` : ''}
            </>
          ) : (
            'No item selected yet.'
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
          title="Use an inactive QuickBooks item?"
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

/** Create the missing item in QuickBooks (named by the SKU), after an explicit confirmation. */
export function CreateItemDialog({
  order,
  sku,
  lineName,
  onResolved,
  onClose,
}: {
  order: OrderSummary;
  sku: string;
  lineName: string | null;
  onResolved: (r: ResolveResult) => void;
  onClose: () => void;
}) {
  const facts = useOrderFacts(order.orderId);
  const line = facts?.lines.find((l) => l.sku === sku);
  const [type, setType] = useState<'NonInventory' | 'Service'>('NonInventory');
  const [description, setDescription] = useState<string | null>(null);
  const [price, setPrice] = useState<string | null>(null);
  const [incomeAccount, setIncomeAccount] = useState('Sales');
  const [confirming, setConfirming] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const { run, busy, error, fields } = useResolve(order, onResolved);
  const formId = useId();

  const descValue = description ?? line?.name ?? lineName ?? '';
  const priceValue = price ?? (line ? line.unitPrice.toFixed(2) : '');
  const tooLong = sku.length > QB_ITEM_NAME_MAX;

  const check = (): boolean => {
    if (tooLong) return false;
    if (priceValue.trim() && !(Number(priceValue) >= 0)) {
      setLocalError('Enter the price as a number, like 24.50, or leave it empty.');
      return false;
    }
    if (!incomeAccount.trim()) {
      setLocalError('Enter the income account sales of this item go to (often “Sales”).');
      return false;
    }
    setLocalError(null);
    return true;
  };
  const submit = async (): Promise<void> => {
    const ok = await run({
      action: 'create_item',
      orderId: order.orderId,
      sku,
      type,
      description: descValue.trim() || undefined,
      price: priceValue.trim() ? Number(priceValue) : undefined,
      incomeAccount: incomeAccount.trim(),
      confirm: true,
    });
    setConfirming(false);
    if (ok) onClose();
  };
  const typeWords = type === 'Service' ? 'service item' : 'non-inventory part';

  return (
    <>
      <Dialog
        wide
        testId="create-item-dialog"
        title="Create the item in QuickBooks"
        description={
          <p>
            The new item is named after the SKU, so this order and every later order with SKU{' '}
            <strong>{sku}</strong> match it on their own.
          </p>
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
              disabled={busy || tooLong}
              data-testid="create-item-next"
            >
              Create item…
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
            if (check()) setConfirming(true);
          }}
        >
          <Field
            label="Item name"
            hint={`The SKU as it is in ShipStation. QuickBooks item names hold up to ${QB_ITEM_NAME_MAX} characters.`}
            error={
              tooLong
                ? `SKU ${sku} is ${sku.length} characters long, more than QuickBooks allows. Create a shorter item in QuickBooks yourself, then map the SKU to it.`
                : (fields.sku ?? null)
            }
          >
            {(ids) => <input {...ids} className="u-input" value={sku} readOnly />}
          </Field>
          <fieldset className="u-fieldset">
            <legend className="u-label">Type</legend>
            <label className="u-radio">
              <input
                type="radio"
                name="item-type"
                checked={type === 'NonInventory'}
                onChange={() => setType('NonInventory')}
              />
              <span>
                Non-inventory part <span className="u-hint-inline">(goods you sell but do not count)</span>
              </span>
            </label>
            <label className="u-radio">
              <input
                type="radio"
                name="item-type"
                checked={type === 'Service'}
                onChange={() => setType('Service')}
              />
              <span>
                Service <span className="u-hint-inline">(work or fees)</span>
              </span>
            </label>
          </fieldset>
          <Field label="Description" optional error={fields.description ?? null}>
            {(ids) => (
              <input
                {...ids}
                className="u-input"
                value={descValue}
                maxLength={4095}
                onChange={(e) => setDescription(e.target.value)}
              />
            )}
          </Field>
          <div className="u-row">
            <Field label="Price" optional hint="From this order's line." error={fields.price ?? null}>
              {(ids) => (
                <input
                  {...ids}
                  className="u-input u-input-short"
                  inputMode="decimal"
                  value={priceValue}
                  onChange={(e) => setPrice(e.target.value)}
                />
              )}
            </Field>
            <Field
              label="Income account"
              hint="Exactly as named in your QuickBooks chart of accounts."
              error={fields.incomeAccount ?? null}
            >
              {(ids) => (
                <input
                  {...ids}
                  className="u-input"
                  value={incomeAccount}
                  maxLength={159}
                  onChange={(e) => setIncomeAccount(e.target.value)}
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
          title={`Create “${sku}” in QuickBooks?`}
          confirmLabel="Yes, create the item"
          busy={busy}
          error={error}
          onConfirm={() => void submit()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            This creates a new item in your QuickBooks company file: a {typeWords} named{' '}
            <strong>{sku}</strong>
            {priceValue.trim() ? ` priced ${formatMoney(Number(priceValue))}` : ''}, selling into the{' '}
            <strong>{incomeAccount.trim()}</strong> account.
          </p>
          <p>
            It is added the next time the Web Connector runs. Then order {order.orderNumber} and the other
            orders with this SKU go ahead.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
