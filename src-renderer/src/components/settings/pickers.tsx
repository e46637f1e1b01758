import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { QbCustomer, QbItem } from '../../../../shared/api';
import { useApi } from '../../api/client';
import { Dialog } from './Dialog';
import { plainError } from './errors';
import { formatMoney, Pill, Spinner, useDebounced } from './ui';

const PAGE = 50;

/** An entry to offer first (e.g. the items or customers an ambiguous match found). */
export interface PickerCandidate {
  listId: string;
  fullName: string;
}

/** How many candidates missing from a page of results are looked up one by one. */
const MAX_LOOKUPS = 10;

/**
 * Puts the candidates that fit the search (a part of the full name, as the server matches) at the
 * top of a page of results. A candidate the page lacks, because more entries match than a page
 * holds, is looked up by its full name; one no longer active is left out.
 */
async function candidatesFirst<T extends PickerCandidate>(
  search: string,
  page: { rows: T[]; total: number },
  candidates: readonly PickerCandidate[],
  lookup: (fullName: string) => Promise<T[]>,
): Promise<{ rows: T[]; total: number }> {
  const q = search.toLowerCase();
  const wanted = candidates.filter((c) => c.fullName.toLowerCase().includes(q));
  if (!wanted.length) return page;
  let lookups = 0;
  const found: (T | null)[] = await Promise.all(
    wanted.map(async (c): Promise<T | null> => {
      const row = page.rows.find((r) => r.listId === c.listId);
      if (row) return row;
      if (++lookups > MAX_LOOKUPS) return null;
      try {
        return (await lookup(c.fullName)).find((r) => r.listId === c.listId) ?? null;
      } catch {
        return null;
      }
    }),
  );
  const top = found.filter((r): r is T => r !== null);
  const ids = new Set(top.map((r) => r.listId));
  const rows = [...top, ...page.rows.filter((r) => !ids.has(r.listId))];
  return { rows: rows.slice(0, Math.max(page.rows.length, top.length)), total: page.total };
}

function SuggestedMark() {
  return (
    <>
      {' '}
      <Pill tone="info">Suggested</Pill>
    </>
  );
}

/**
 * A search box over a QuickBooks list with the results as a listbox under it. The search matches
 * any part of the full name; arrows move, Enter picks, and the server is asked only after typing pauses.
 */
function SearchPicker<T>({
  label,
  hint,
  initialSearch = '',
  fetchPage,
  keyOf,
  renderOption,
  selectedKey,
  onSelect,
  onChoose,
  searchTestId,
  optionTestIdPrefix,
  noun,
}: {
  label: string;
  hint?: ReactNode;
  initialSearch?: string;
  fetchPage: (search: string) => Promise<{ rows: T[]; total: number }>;
  keyOf: (row: T) => string;
  renderOption: (row: T) => ReactNode;
  selectedKey: string | null;
  onSelect: (row: T) => void;
  /** Enter or double-click: pick and be done (where the caller has no separate confirm). */
  onChoose?: (row: T) => void;
  searchTestId?: string;
  optionTestIdPrefix?: string;
  noun: string;
}) {
  const id = useId();
  const [search, setSearch] = useState(initialSearch);
  const settled = useDebounced(search.trim(), 250);
  const [rows, setRows] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const fetchRef = useRef(fetchPage);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    fetchRef
      .current(settled)
      .then((r) => {
        if (!alive) return;
        setRows(r.rows);
        setTotal(r.total);
        setActive(0);
        setError(null);
      })
      .catch((err: unknown) => alive && setError(plainError(err)))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [settled]);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, rows.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      const row = rows[active];
      if (row) {
        e.preventDefault();
        onSelect(row);
        onChoose?.(row);
      }
    }
  };

  const optionId = (i: number): string => `${id}-opt-${i}`;
  return (
    <div className="u-picker">
      <label htmlFor={`${id}-search`} className="u-label">
        {label}
      </label>
      <div className="u-picker-search">
        <input
          id={`${id}-search`}
          type="search"
          className="u-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={rows.length ? optionId(active) : undefined}
          aria-describedby={`${id}-count`}
          autoComplete="off"
          spellCheck={false}
          placeholder={`Type part of the ${noun} name`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={onKeyDown}
          data-testid={searchTestId}
          data-autofocus
        />
        {loading ? <Spinner label={`Searching ${noun}s`} /> : null}
      </div>
      {hint ? <p className="u-hint">{hint}</p> : null}
      {error ? (
        <p className="u-error" role="alert">
          {error}
        </p>
      ) : null}
      <ul id={`${id}-list`} ref={listRef} className="u-picker-list" role="listbox" aria-label={label}>
        {rows.map((row, i) => {
          const key = keyOf(row);
          const selected = key === selectedKey;
          return (
            <li
              key={key}
              id={optionId(i)}
              data-index={i}
              role="option"
              aria-selected={selected}
              className={`u-option${i === active ? ' u-option-active' : ''}${selected ? ' u-option-selected' : ''}`}
              onMouseEnter={() => setActive(i)}
              onClick={() => onSelect(row)}
              onDoubleClick={() => onChoose?.(row)}
              data-testid={optionTestIdPrefix ? `${optionTestIdPrefix}${key}` : undefined}
            >
              {renderOption(row)}
            </li>
          );
        })}
        {!loading && !error && rows.length === 0 ? (
          <li className="u-option-empty" role="presentation">
            {settled ? `No active QuickBooks ${noun} has “${settled}” in its name.` : `No ${noun}s yet.`}
          </li>
        ) : null}
      </ul>
      <p id={`${id}-count`} className="u-hint" aria-live="polite">
        {loading
          ? 'Searching…'
          : total > rows.length
            ? `Showing ${rows.length} of ${total.toLocaleString()}: type more to narrow the list.`
            : `${total.toLocaleString()} ${noun}${total === 1 ? '' : 's'} found.`}
      </p>
    </div>
  );
}

export function ItemOption({ item, suggested = false }: { item: QbItem; suggested?: boolean }) {
  return (
    <div className="u-option-body">
      <div className="u-option-main">
        <span className="u-option-title">
          {item.fullName}
          {suggested ? <SuggestedMark /> : null}
        </span>
        {item.description && item.description !== item.name ? (
          <span className="u-option-sub">{item.description}</span>
        ) : null}
      </div>
      <dl className="u-option-facts">
        <div>
          <dt>Type</dt>
          <dd>{itemTypeLabel(item.itemType)}</dd>
        </div>
        <div>
          <dt>SKU</dt>
          <dd>{item.sku ?? '—'}</dd>
        </div>
        <div>
          <dt>Price</dt>
          <dd>{formatMoney(item.salesPrice)}</dd>
        </div>
        <div>
          <dt>On hand</dt>
          <dd>{item.quantityOnHand === null ? '—' : item.quantityOnHand.toLocaleString()}</dd>
        </div>
      </dl>
    </div>
  );
}

export function itemTypeLabel(t: string): string {
  const map: Record<string, string> = {
    Inventory: 'Inventory',
    NonInventory: 'Non-inventory',
    Service: 'Service',
    OtherCharge: 'Other charge',
    Discount: 'Discount',
    SalesTax: 'Sales tax',
    SalesTaxGroup: 'Sales tax group',
    InventoryAssembly: 'Assembly',
    Group: 'Group',
    Subtotal: 'Subtotal',
    Payment: 'Payment',
  };
  return map[t] ?? t;
}

export function QbItemPicker({
  label = 'QuickBooks item',
  hint,
  initialSearch,
  selected,
  onSelect,
  onChoose,
  withTestIds = false,
  candidates = [],
}: {
  label?: string;
  hint?: ReactNode;
  initialSearch?: string;
  selected: QbItem | null;
  onSelect: (item: QbItem) => void;
  onChoose?: (item: QbItem) => void;
  withTestIds?: boolean;
  /** Items to offer first, marked as suggested. */
  candidates?: readonly PickerCandidate[];
}) {
  const call = useApi();
  const fetchItems = async (search: string): Promise<{ rows: QbItem[]; total: number }> => {
    const r = await call('qbItems', { search: search || undefined, limit: PAGE });
    return { rows: r.items, total: r.total };
  };
  return (
    <SearchPicker<QbItem>
      label={label}
      hint={hint}
      noun="item"
      initialSearch={initialSearch}
      fetchPage={async (search) => {
        const page = await fetchItems(search);
        if (!candidates.length) return page;
        return candidatesFirst(search, page, candidates, async (name) => (await fetchItems(name)).rows);
      }}
      keyOf={(i) => i.listId}
      renderOption={(i) => <ItemOption item={i} suggested={candidates.some((c) => c.listId === i.listId)} />}
      selectedKey={selected?.listId ?? null}
      onSelect={onSelect}
      onChoose={onChoose}
      searchTestId={withTestIds ? 'item-search' : undefined}
      optionTestIdPrefix={withTestIds ? 'item-option-' : undefined}
    />
  );
}

export function QbCustomerPicker({
  initialSearch,
  selected,
  onSelect,
  candidates = [],
}: {
  initialSearch?: string;
  selected: QbCustomer | null;
  onSelect: (c: QbCustomer) => void;
  /** Customers to offer first, marked as suggested. */
  candidates?: readonly PickerCandidate[];
}) {
  const call = useApi();
  const fetchCustomers = async (search: string): Promise<{ rows: QbCustomer[]; total: number }> => {
    const r = await call('qbCustomers', { search: search || undefined, limit: PAGE });
    return { rows: r.customers, total: r.total };
  };
  return (
    <SearchPicker<QbCustomer>
      label="QuickBooks customer"
      noun="customer"
      initialSearch={initialSearch}
      fetchPage={async (search) => {
        const page = await fetchCustomers(search);
        if (!candidates.length) return page;
        return candidatesFirst(search, page, candidates, async (name) => (await fetchCustomers(name)).rows);
      }}
      keyOf={(c) => c.listId}
      renderOption={(c) => (
        <div className="u-option-body">
          <div className="u-option-main">
            <span className="u-option-title">
              {c.fullName}
              {candidates.some((x) => x.listId === c.listId) ? <SuggestedMark /> : null}
            </span>
            {c.companyName && c.companyName !== c.fullName ? (
              <span className="u-option-sub">{c.companyName}</span>
            ) : null}
          </div>
          <dl className="u-option-facts">
            <div>
              <dt>Email</dt>
              <dd>{c.email ?? '—'}</dd>
            </div>
            <div>
              <dt>Phone</dt>
              <dd>{c.phone ?? '—'}</dd>
            </div>
          </dl>
        </div>
      )}
      selectedKey={selected?.listId ?? null}
      onSelect={onSelect}
      searchTestId="customer-search"
      optionTestIdPrefix="customer-option-"
    />
  );
}

/**
 * A QuickBooks item chosen by full name (settings keep names, not ids): type it, or choose it from
 * the list. Empty means "none".
 */
export function ItemNameInput({
  id,
  value,
  onChange,
  describedBy,
  invalid,
  allowNone = true,
  pickerTitle,
}: {
  id: string;
  value: string | null;
  onChange: (v: string | null) => void;
  describedBy?: string;
  invalid?: boolean;
  allowNone?: boolean;
  pickerTitle: string;
}) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<QbItem | null>(null);
  return (
    <div className="u-inline">
      <input
        id={id}
        className="u-input"
        value={value ?? ''}
        placeholder={allowNone ? 'None' : ''}
        onChange={(e) => onChange(e.target.value.trim() ? e.target.value : null)}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        autoComplete="off"
      />
      <button type="button" className="u-btn" onClick={() => setOpen(true)}>
        Choose…
      </button>
      {open ? (
        <Dialog
          wide
          title={pickerTitle}
          onClose={() => setOpen(false)}
          footer={
            <>
              <button type="button" className="u-btn" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button
                type="button"
                className="u-btn u-btn-primary"
                disabled={!picked}
                onClick={() => {
                  if (picked) onChange(picked.fullName);
                  setOpen(false);
                }}
              >
                Use this item
              </button>
            </>
          }
        >
          <QbItemPicker
            initialSearch={value ?? ''}
            selected={picked}
            onSelect={(i) => setPicked(i)}
            onChoose={(i) => {
              onChange(i.fullName);
              setOpen(false);
            }}
            hint="Pick from the items in your QuickBooks company file. Double-click or Enter uses it at once."
          />
        </Dialog>
      ) : null}
    </div>
  );
}
