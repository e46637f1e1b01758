/**
 * One function per supported request type. A handler either returns its Ret elements (plus an
 * optional Info/Warn status and iterator attributes) or throws QbStatusError; it validates
 * everything before mutating the company, so a failed request leaves no trace.
 */
import { balanceRemaining, type CompanyCore } from './core.js';
import type { QbStatusError } from './errors.js';
import { Status } from './errors.js';
import {
  formatDateTime,
  parseAmount,
  parseBool,
  parseDate,
  parseDecimal,
  parseIntStrict,
  round2,
} from './format.js';
import { IteratorStore } from './iterators.js';
import type {
  AccountRecord,
  Address,
  CustomerRecord,
  ItemRecord,
  ItemType,
  JournalEntryRecord,
  JournalLineRecord,
  ListRecordBase,
  SalesLineEntry,
  SalesLineGroupRecord,
  NameListKind,
  NameRecord,
  SalesLineRecord,
  SalesTxnRecord,
  SalesTxnType,
  SimpleListKind,
  SimpleListRecord,
  TxnOrigin,
  TxnRecord,
} from './model.js';
import {
  lineEntryTotal,
  renderAccount,
  renderCompany,
  renderCustomer,
  renderHost,
  renderInvoice,
  renderItem,
  renderJournalEntry,
  renderListDeleted,
  renderPreferences,
  renderNameRecord,
  renderSalesReceipt,
  renderTxnDeleted,
  type HostInfo,
} from './render.js';
import { child, childrenNamed, filterRet, textOf, tx, type XElement, type XmlNode } from './xml.js';

export interface RqContext {
  readonly core: CompanyCore;
  readonly iterators: IteratorStore;
  readonly host: HostInfo;
  /** True once if the `staleEditSequenceOnce` fault is armed (and disarms it). */
  consumeStaleFault(): boolean;
  /** Who is making the change: the request processor (default) or a person (scripting API). */
  readonly via?: TxnOrigin;
  /** Status of a RefNumber query matching none of its numbers (QbCompanyOptions.refNumberNoMatchStatus). */
  readonly refNumberNoMatchStatus?: 1 | 500;
}

const originOf = (ctx: RqContext): TxnOrigin => ctx.via ?? 'qbxml';

/** Appends the change a Mod just made (its new EditSequence) to the record's history. */
function recordEdit(ctx: RqContext, t: TxnRecord): void {
  t.edits.push({ at: ctx.core.nowMs(), via: originOf(ctx), editSequence: t.EditSequence });
}

export interface RqResult {
  rets: XmlNode[];
  status?: QbStatusError;
  iterator?: { remaining: number; id: string };
}

export type Handler = (ctx: RqContext, rq: XElement) => RqResult;

const DELETED_RETENTION_MS = 90 * 86_400_000; // TxnDeletedQuery / ListDeletedQuery look back 90 days

// ---------------------------------------------------------------------------------------------
// small parsing helpers

function str(e: XElement | undefined, name: string): string | undefined {
  const v = textOf(e, name);
  return v === undefined || v === '' ? undefined : v;
}
function optBool(e: XElement, name: string): boolean | undefined {
  const v = textOf(e, name);
  return v === undefined ? undefined : parseBool(v, name);
}
function optDate(e: XElement, name: string): string | undefined {
  const v = str(e, name);
  return v === undefined ? undefined : parseDate(v, name);
}
function optAmount(e: XElement, name: string): number | undefined {
  const v = str(e, name);
  return v === undefined ? undefined : parseAmount(v, name);
}
function optDecimal(e: XElement, name: string): number | undefined {
  const v = str(e, name);
  return v === undefined ? undefined : parseDecimal(v, name);
}
function includeRet(rq: XElement): string[] {
  return childrenNamed(rq, 'IncludeRetElement').map((c) => c.text);
}

function parseAddress(e: XElement | undefined): Address | undefined {
  if (!e) return undefined;
  const a: Address = {};
  for (const k of [
    'Addr1',
    'Addr2',
    'Addr3',
    'Addr4',
    'Addr5',
    'City',
    'State',
    'PostalCode',
    'Country',
    'Note',
  ] as const) {
    const v = str(e, k);
    if (v !== undefined) a[k] = v;
  }
  return a;
}

interface RefSpec<T> {
  byId: (id: string) => T | undefined;
  byName: (name: string) => T | undefined;
  missing: (value: string) => QbStatusError;
}

/** `<XRef><ListID/>|<FullName/></XRef>`: ListID wins when both are given, as in QuickBooks. */
function resolveRef<T>(ref: XElement | undefined, spec: RefSpec<T>): T | undefined {
  if (!ref) return undefined;
  const id = str(ref, 'ListID');
  const name = str(ref, 'FullName');
  if (id !== undefined) {
    const hit = spec.byId(id);
    if (!hit) throw spec.missing(id);
    return hit;
  }
  if (name !== undefined) {
    const hit = spec.byName(name);
    if (!hit) throw spec.missing(name);
    return hit;
  }
  return undefined;
}

function customerRef(core: CompanyCore, where: string): RefSpec<CustomerRecord> {
  return {
    byId: (id) => core.customerById(id),
    byName: (n) => core.customerByName(n),
    missing: (v) => Status.invalidRef('Customer', v, where),
  };
}
function itemRef(
  core: CompanyCore,
  where: string,
  listName = 'Item',
  filter?: (i: ItemRecord) => boolean,
): RefSpec<ItemRecord> {
  const ok = (i: ItemRecord | undefined): ItemRecord | undefined =>
    i && (!filter || filter(i)) ? i : undefined;
  return {
    byId: (id) => ok(core.itemById(id)),
    byName: (n) => ok(core.itemByName(n)),
    missing: (v) => Status.invalidRef(listName, v, where),
  };
}
function accountRef(core: CompanyCore, where: string): RefSpec<AccountRecord> {
  return {
    byId: (id) => core.accountById(id),
    byName: (n) => core.accountByName(n),
    missing: (v) => Status.invalidRef('Account', v, where),
  };
}
function simpleRef(core: CompanyCore, kind: SimpleListKind, where: string): RefSpec<SimpleListRecord> {
  return {
    byId: (id) => core.simpleByIdOf(kind, id),
    byName: (n) => core.simpleByNameOf(kind, n),
    missing: (v) => Status.invalidRef(kind, v, where),
  };
}

// ---------------------------------------------------------------------------------------------
// paging (MaxReturned + iterators)

interface QueryMatch {
  keys: string[];
  render: (key: string) => XmlNode | undefined;
  /** Status for an empty result (default statusCode 1). */
  warn?: QbStatusError;
}

function maxReturned(rq: XElement): number | undefined {
  const v = str(rq, 'MaxReturned');
  return v === undefined ? undefined : parseIntStrict(v, 'MaxReturned');
}

function renderKeys(
  keys: readonly string[],
  render: (k: string) => XmlNode | undefined,
  include: string[],
): XmlNode[] {
  const out: XmlNode[] = [];
  for (const k of keys) {
    const node = render(k);
    if (node) out.push(filterRet(node, include));
  }
  return out;
}

function paged(ctx: RqContext, rq: XElement, compute: () => QueryMatch): RqResult {
  const mode = rq.attrs['iterator'];
  const include = includeRet(rq);
  if (mode === 'Continue' || mode === 'Stop') {
    const id = rq.attrs['iteratorID'] ?? '';
    const state = ctx.iterators.get(id);
    if (!state || state.requestName !== rq.name) throw Status.invalidIterator(id);
    if (mode === 'Stop') {
      ctx.iterators.delete(id);
      return { rets: [] };
    }
    const max = maxReturned(rq) ?? state.maxReturned ?? state.keys.length;
    const slice = state.keys.slice(state.pos, state.pos + max);
    state.pos += slice.length;
    const remaining = state.keys.length - state.pos;
    if (remaining === 0) ctx.iterators.delete(id);
    return { rets: renderKeys(slice, state.render, include), iterator: { remaining, id } };
  }
  const match = compute();
  const max = maxReturned(rq);
  if (mode === 'Start') {
    if (match.keys.length === 0) {
      return {
        rets: [],
        status: match.warn ?? Status.noMatch(),
        iterator: { remaining: 0, id: IteratorStore.newId() },
      };
    }
    const state = ctx.iterators.create({
      requestName: rq.name,
      keys: match.keys,
      render: match.render,
      maxReturned: max,
    });
    const first = match.keys.slice(0, max ?? match.keys.length);
    state.pos = first.length;
    const remaining = match.keys.length - state.pos;
    if (remaining === 0) ctx.iterators.delete(state.id);
    return {
      rets: renderKeys(first, match.render, include),
      iterator: { remaining, id: state.id },
      ...(match.warn ? { status: match.warn } : {}),
    };
  }
  const keys = max === undefined ? match.keys : match.keys.slice(0, max);
  const rets = renderKeys(keys, match.render, include);
  if (rets.length === 0) return { rets, status: match.warn ?? Status.noMatch() };
  return { rets, ...(match.warn ? { status: match.warn } : {}) };
}

// ---------------------------------------------------------------------------------------------
// list queries

function nameMatches(fullName: string, rq: XElement): boolean {
  const nf = child(rq, 'NameFilter');
  const name = fullName.toLowerCase();
  if (nf) {
    const crit = textOf(nf, 'MatchCriterion');
    const v = (textOf(nf, 'Name') ?? '').toLowerCase();
    if (crit === 'StartsWith' && !name.startsWith(v)) return false;
    if (crit === 'Contains' && !name.includes(v)) return false;
    if (crit === 'EndsWith' && !name.endsWith(v)) return false;
  }
  const nr = child(rq, 'NameRangeFilter');
  if (nr) {
    const from = str(nr, 'FromName')?.toLowerCase();
    const to = str(nr, 'ToName')?.toLowerCase();
    if (from !== undefined && name < from) return false;
    if (to !== undefined && name > to && !name.startsWith(to)) return false;
  }
  return true;
}

function listMatch<T extends ListRecordBase>(
  ctx: RqContext,
  rq: XElement,
  all: readonly T[],
  byId: (id: string) => T | undefined,
  byName: (n: string) => T | undefined,
  render: (r: T) => XmlNode,
  extra?: (r: T) => boolean,
): QueryMatch {
  const { core } = ctx;
  const renderKey = (id: string): XmlNode | undefined => {
    const r = byId(id);
    return r ? render(r) : undefined;
  };
  const ids = childrenNamed(rq, 'ListID').map((c) => c.text);
  const names = childrenNamed(rq, 'FullName').map((c) => c.text);
  if (ids.length > 0 || names.length > 0) {
    const keys: string[] = [];
    let missing: string | undefined;
    for (const id of ids) {
      const r = byId(id);
      if (r && (!extra || extra(r))) keys.push(r.ListID);
      else missing ??= id;
    }
    for (const n of names) {
      const r = byName(n);
      if (r && (!extra || extra(r))) keys.push(r.ListID);
      else missing ??= n;
    }
    return {
      keys,
      render: renderKey,
      ...(missing !== undefined ? { warn: Status.notAllFound(missing) } : {}),
    };
  }
  const active = textOf(rq, 'ActiveStatus') ?? 'ActiveOnly';
  const fromS = str(rq, 'FromModifiedDate');
  const toS = str(rq, 'ToModifiedDate');
  const from = fromS === undefined ? undefined : core.keyOfValue(fromS, 'FromModifiedDate');
  const to = toS === undefined ? undefined : core.keyOfValue(toS, 'ToModifiedDate', true);
  if (from !== undefined && to !== undefined && from > to) throw Status.invalidDateRange();
  const keys: string[] = [];
  for (const r of all) {
    if (active === 'ActiveOnly' && !r.IsActive) continue;
    if (active === 'InactiveOnly' && r.IsActive) continue;
    // QuickBooks compares whole seconds, inclusive on both ends.
    const mod = core.keyOf(r.TimeModified);
    if (from !== undefined && mod < Math.floor(from / 1000) * 1000) continue;
    if (to !== undefined && mod > to) continue;
    if (!nameMatches(r.FullName, rq)) continue;
    if (extra && !extra(r)) continue;
    keys.push(r.ListID);
  }
  return { keys, render: renderKey };
}

const customerQuery: Handler = (ctx, rq) =>
  paged(ctx, rq, () =>
    listMatch<CustomerRecord>(
      ctx,
      rq,
      ctx.core.sorted<CustomerRecord>('customers'),
      (id) => ctx.core.customerById(id),
      (n) => ctx.core.customerByName(n),
      (c) => renderCustomer(ctx.core, c),
    ),
  );

function nameQuery(kind: NameListKind): Handler {
  return (ctx, rq) => {
    const list = [...ctx.core.nameList(kind)].sort((a, b) => a.Name.localeCompare(b.Name));
    const byName = (n: string) => list.find((r) => r.Name.toLowerCase() === n.trim().toLowerCase());
    return paged(ctx, rq, () =>
      listMatch<NameRecord>(
        ctx,
        rq,
        list,
        (id) => list.find((r) => r.ListID === id),
        byName,
        (r) => renderNameRecord(ctx.core, kind, r),
      ),
    );
  };
}

const accountQuery: Handler = (ctx, rq) => {
  const types = childrenNamed(rq, 'AccountType').map((c) => c.text);
  return paged(ctx, rq, () =>
    listMatch<AccountRecord>(
      ctx,
      rq,
      ctx.core.sorted<AccountRecord>('accounts'),
      (id) => ctx.core.accountById(id),
      (n) => ctx.core.accountByName(n),
      (a) => renderAccount(ctx.core, a),
      types.length > 0 ? (a) => types.includes(a.AccountType) : undefined,
    ),
  );
};

function itemQuery(only?: ItemType): Handler {
  return (ctx, rq) =>
    paged(ctx, rq, () =>
      listMatch<ItemRecord>(
        ctx,
        rq,
        ctx.core.sorted<ItemRecord>('items'),
        (id) => ctx.core.itemById(id),
        (n) => ctx.core.itemByName(n),
        (i) =>
          renderItem(
            ctx.core,
            i,
            childrenNamed(rq, 'OwnerID').some((o) => o.text === '0'),
          ),
        only ? (i) => i.ItemType === only : undefined,
      ),
    );
}

// ---------------------------------------------------------------------------------------------
// transaction queries

function dateMacroRange(macro: string, today: string): [string | undefined, string | undefined] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const iso = (dt: Date): string => dt.toISOString().slice(0, 10);
  const day = (yy: number, mm: number, dd: number): Date => new Date(Date.UTC(yy, mm - 1, dd));
  const t = day(y, m, d);
  const dow = (t.getUTCDay() + 6) % 7; // Monday = 0
  const shift = (dt: Date, days: number): Date => new Date(dt.getTime() + days * 86_400_000);
  switch (macro) {
    case 'Today':
      return [today, today];
    case 'Yesterday':
      return [iso(shift(t, -1)), iso(shift(t, -1))];
    case 'ThisWeek':
      return [iso(shift(t, -dow)), iso(shift(t, 6 - dow))];
    case 'ThisWeekToDate':
      return [iso(shift(t, -dow)), today];
    case 'LastWeek':
      return [iso(shift(t, -dow - 7)), iso(shift(t, -dow - 1))];
    case 'ThisMonth':
      return [iso(day(y, m, 1)), iso(day(y, m + 1, 0))];
    case 'ThisMonthToDate':
      return [iso(day(y, m, 1)), today];
    case 'LastMonth':
      return [iso(day(y, m - 1, 1)), iso(day(y, m, 0))];
    case 'ThisCalendarYear':
    case 'ThisFiscalYear':
      return [`${y}-01-01`, `${y}-12-31`];
    case 'ThisCalendarYearToDate':
    case 'ThisFiscalYearToDate':
      return [`${y}-01-01`, today];
    case 'LastCalendarYear':
    case 'LastFiscalYear':
      return [`${y - 1}-01-01`, `${y - 1}-12-31`];
    default:
      return [undefined, undefined]; // All, and macros the simulator does not model
  }
}

function refNumberCompare(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) - Number(b);
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}

function txnEntityIds(t: TxnRecord): string[] {
  return t.TxnType === 'JournalEntry'
    ? t.lines.map((l) => l.EntityListID).filter((x): x is string => !!x)
    : t.CustomerListID
      ? [t.CustomerListID]
      : [];
}
function txnAccountIds(t: TxnRecord): string[] {
  if (t.TxnType === 'JournalEntry') return t.lines.map((l) => l.AccountListID);
  return [t.ARAccountListID, t.DepositToAccountListID].filter((x): x is string => !!x);
}

function listFilterIds(ctx: RqContext, f: XElement, kind: 'entity' | 'account'): Set<string> {
  const { core } = ctx;
  const out = new Set<string>();
  const byId = (id: string): ListRecordBase | undefined =>
    kind === 'entity' ? core.customerById(id) : core.accountById(id);
  const byName = (n: string): ListRecordBase | undefined =>
    kind === 'entity' ? core.customerByName(n) : core.accountByName(n);
  const all: readonly ListRecordBase[] = kind === 'entity' ? core.s.customers : core.s.accounts;
  for (const c of f.children) {
    const rec = c.name.startsWith('ListID') ? byId(c.text) : byName(c.text);
    if (!rec) continue;
    out.add(rec.ListID);
    if (c.name.endsWith('WithChildren')) {
      const prefix = `${rec.FullName.toLowerCase()}:`;
      for (const r of all) if (r.FullName.toLowerCase().startsWith(prefix)) out.add(r.ListID);
    }
  }
  return out;
}

function txnMatch(
  ctx: RqContext,
  rq: XElement,
  all: readonly TxnRecord[],
  render: (t: TxnRecord, lines: boolean) => XmlNode,
): QueryMatch {
  const { core } = ctx;
  const includeLines = (() => {
    const v = textOf(rq, 'IncludeLineItems');
    return v === undefined ? false : parseBool(v, 'IncludeLineItems');
  })();
  const type = all === core.s.journalEntries ? 'JournalEntry' : rq.name.replace(/QueryRq$/, '');
  const renderKey = (id: string): XmlNode | undefined => {
    const t = core.txnById(id);
    return t && t.TxnType === type ? render(t, includeLines) : undefined;
  };
  const ids = childrenNamed(rq, 'TxnID').map((c) => c.text);
  if (ids.length > 0) {
    const keys: string[] = [];
    let missing: string | undefined;
    for (const id of ids) {
      const t = core.txnById(id);
      if (t && t.TxnType === type) keys.push(id);
      else missing ??= id;
    }
    return {
      keys,
      render: renderKey,
      ...(missing !== undefined ? { warn: Status.notAllFound(missing) } : {}),
    };
  }
  const sorted = [...all].sort((a, b) =>
    a.TxnDate < b.TxnDate ? -1 : a.TxnDate > b.TxnDate ? 1 : a.TxnNumber - b.TxnNumber,
  );
  const refs = childrenNamed(rq, 'RefNumber').map((c) => c.text);
  const refsCs = childrenNamed(rq, 'RefNumberCaseSensitive').map((c) => c.text);
  if (refs.length > 0 || refsCs.length > 0) {
    // A RefNumber list is a lookup, not a filter: every transaction holding a listed number is
    // returned — several when QuickBooks holds the number more than once, since RefNumbers "are not
    // required to be unique and can be arbitrarily changed by the QuickBooks user" (Conductor's QBD
    // API reference, conductor-is/quickbooks-desktop-node src/resources/qbd/{invoices,sales-receipts,
    // journal-entries}.ts, `refNumbers`). Like a ListID/FullName/TxnID list, a number that matches
    // nothing makes the answer statusCode 500 Warn naming it, the others still returned (same file:
    // "If any of the values you specify in this parameter are not found, the request will return an
    // error"; integrators report a by-RefNumber query that finds nothing "throws" 500 '…required
    // element ("164138") that could not be found in QuickBooks.' rather than answering empty).
    // RefNumber compares case-insensitively, RefNumberCaseSensitive exactly (qbXML 13.0 XSD names both).
    const cs = refs.length === 0;
    const wanted = cs ? refsCs : refs;
    const norm = (v: string): string => (cs ? v : v.toLowerCase());
    const wantedSet = new Set(wanted.map(norm));
    const hit = new Set<string>();
    const keys: string[] = [];
    for (const t of sorted) {
      if (t.RefNumber === undefined || !wantedSet.has(norm(t.RefNumber))) continue;
      hit.add(norm(t.RefNumber));
      keys.push(t.TxnID);
    }
    const missing = wanted.find((v) => !hit.has(norm(v)));
    const warn =
      missing !== undefined && (keys.length > 0 || ctx.refNumberNoMatchStatus === 500)
        ? Status.notAllFound(missing)
        : undefined;
    return { keys, render: renderKey, ...(warn ? { warn } : {}) };
  }
  const preds: ((t: TxnRecord) => boolean)[] = [];
  const mod = child(rq, 'ModifiedDateRangeFilter');
  if (mod) {
    // Inclusive on both ends, whole seconds; a bare From date is the start of that local day, a bare
    // To date its end (23:59:59): Conductor's QBD API reference, `updatedAfter`/`updatedBefore`
    // ("updated on or after/before this date/time"), conductor-is/quickbooks-desktop-node invoices.ts.
    const f = str(mod, 'FromModifiedDate');
    const tt = str(mod, 'ToModifiedDate');
    const from = f === undefined ? undefined : core.keyOfValue(f, 'FromModifiedDate');
    const to = tt === undefined ? undefined : core.keyOfValue(tt, 'ToModifiedDate', true);
    if (from !== undefined && to !== undefined && from > to) throw Status.invalidDateRange();
    preds.push((t) => {
      const m = core.keyOf(t.TimeModified);
      return (from === undefined || m >= Math.floor(from / 1000) * 1000) && (to === undefined || m <= to);
    });
  }
  const dr = child(rq, 'TxnDateRangeFilter');
  if (dr) {
    let from = optDate(dr, 'FromTxnDate');
    let to = optDate(dr, 'ToTxnDate');
    const macro = str(dr, 'DateMacro');
    if (macro) [from, to] = dateMacroRange(macro, core.today());
    if (from !== undefined && to !== undefined && from > to) throw Status.invalidDateRange();
    preds.push((t) => (from === undefined || t.TxnDate >= from) && (to === undefined || t.TxnDate <= to));
  }
  const ef = child(rq, 'EntityFilter');
  if (ef) {
    const set = listFilterIds(ctx, ef, 'entity');
    preds.push((t) => txnEntityIds(t).some((id) => set.has(id)));
  }
  const af = child(rq, 'AccountFilter');
  if (af) {
    const set = listFilterIds(ctx, af, 'account');
    preds.push((t) => txnAccountIds(t).some((id) => set.has(id)));
  }
  const rf = child(rq, 'RefNumberFilter');
  if (rf) {
    const crit = textOf(rf, 'MatchCriterion');
    const v = (textOf(rf, 'RefNumber') ?? '').toLowerCase();
    preds.push((t) => {
      const r = (t.RefNumber ?? '').toLowerCase();
      return crit === 'StartsWith' ? r.startsWith(v) : crit === 'EndsWith' ? r.endsWith(v) : r.includes(v);
    });
  }
  const rr = child(rq, 'RefNumberRangeFilter');
  if (rr) {
    const from = str(rr, 'FromRefNumber');
    const to = str(rr, 'ToRefNumber');
    preds.push(
      (t) =>
        t.RefNumber !== undefined &&
        (from === undefined || refNumberCompare(t.RefNumber, from) >= 0) &&
        (to === undefined || refNumberCompare(t.RefNumber, to) <= 0),
    );
  }
  const paid = textOf(rq, 'PaidStatus');
  if (paid === 'PaidOnly' || paid === 'NotPaidOnly') {
    preds.push((t) => t.TxnType === 'Invoice' && (balanceRemaining(t) === 0) === (paid === 'PaidOnly'));
  }
  return {
    keys: sorted.filter((t) => preds.every((p) => p(t))).map((t) => t.TxnID),
    render: renderKey,
  };
}

const invoiceQuery: Handler = (ctx, rq) =>
  paged(ctx, rq, () =>
    txnMatch(ctx, rq, ctx.core.s.invoices, (t, lines) => renderInvoice(ctx.core, t as SalesTxnRecord, lines)),
  );
const salesReceiptQuery: Handler = (ctx, rq) =>
  paged(ctx, rq, () =>
    txnMatch(ctx, rq, ctx.core.s.salesReceipts, (t, lines) =>
      renderSalesReceipt(ctx.core, t as SalesTxnRecord, lines),
    ),
  );
const journalEntryQuery: Handler = (ctx, rq) =>
  paged(ctx, rq, () =>
    txnMatch(ctx, rq, ctx.core.s.journalEntries, (t, lines) =>
      renderJournalEntry(ctx.core, t as JournalEntryRecord, lines),
    ),
  );

// ---------------------------------------------------------------------------------------------
// list adds

const customerAdd: Handler = (ctx, rq) => {
  const { core } = ctx;
  const add = child(rq, 'CustomerAdd') as XElement;
  const name = str(add, 'Name') ?? '';
  const parentEl = child(add, 'ParentRef');
  const parent = parentEl
    ? resolveRef(parentEl, {
        byId: (id) => core.customerById(id),
        byName: (n) => core.customerByName(n),
        missing: (v) => Status.invalidParent(v, 'Customer'),
      })
    : undefined;
  const fullName = parent ? `${parent.FullName}:${name}` : name;
  // Names are unique across customers, vendors, employees and other names (model.ts NameListKind).
  if (core.customerByName(fullName) || (!parent && core.nameOwner(name))) throw Status.nameInUse(fullName);
  const taxCode = resolveRef(child(add, 'SalesTaxCodeRef'), simpleRef(core, 'SalesTaxCode', 'Customer'));
  const taxItem = resolveRef(
    child(add, 'ItemSalesTaxRef'),
    itemRef(
      core,
      'Customer',
      'ItemSalesTax',
      (i) => i.ItemType === 'SalesTax' || i.ItemType === 'SalesTaxGroup',
    ),
  );
  const isActive = optBool(add, 'IsActive') ?? true;
  const creditLimit = optAmount(add, 'CreditLimit');
  const now = core.nowMs();
  const rec: CustomerRecord = {
    ...core.newListCore(now),
    Name: name,
    FullName: fullName,
    IsActive: isActive,
    ...(parent ? { ParentListID: parent.ListID } : {}),
    Sublevel: parent ? parent.Sublevel + 1 : 0,
    Balance: 0,
    TotalBalance: 0,
    SalesTaxCodeListID: taxCode?.ListID ?? core.simpleByNameOf('SalesTaxCode', 'Non')?.ListID,
    ...(taxItem ? { ItemSalesTaxListID: taxItem.ListID } : {}),
    JobStatus: str(add, 'JobStatus') ?? 'None',
    ...(creditLimit !== undefined ? { CreditLimit: creditLimit } : {}),
  };
  const strings = [
    'CompanyName',
    'Salutation',
    'FirstName',
    'MiddleName',
    'LastName',
    'JobTitle',
    'Phone',
    'Mobile',
    'AltPhone',
    'Fax',
    'Email',
    'Cc',
    'Contact',
    'AltContact',
    'ResaleNumber',
    'AccountNumber',
    'Notes',
    'ExternalGUID',
  ] as const;
  for (const k of strings) {
    const v = str(add, k);
    if (v !== undefined) rec[k] = v;
  }
  const bill = parseAddress(child(add, 'BillAddress'));
  const ship = parseAddress(child(add, 'ShipAddress'));
  if (bill) rec.BillAddress = bill;
  if (ship) rec.ShipAddress = ship;
  core.insertCustomer(rec);
  return { rets: [filterRet(renderCustomer(core, rec), includeRet(rq))] };
};

function itemAdd(type: 'NonInventory' | 'Service'): Handler {
  const obj = `Item${type}`;
  return (ctx, rq) => {
    const { core } = ctx;
    const add = child(rq, `${obj}Add`) as XElement;
    const name = str(add, 'Name') ?? '';
    const parent = resolveRef(child(add, 'ParentRef'), {
      byId: (id) => core.itemById(id),
      byName: (n) => core.itemByName(n),
      missing: (v) => Status.invalidParent(v, 'Item'),
    });
    const fullName = parent ? `${parent.FullName}:${name}` : name;
    if (core.itemByName(fullName)) throw Status.nameInUse(fullName);
    const taxCode = resolveRef(child(add, 'SalesTaxCodeRef'), simpleRef(core, 'SalesTaxCode', obj));
    const sop = child(add, 'SalesOrPurchase');
    const sap = child(add, 'SalesAndPurchase');
    const what = `${type === 'Service' ? 'Service' : 'Non-inventory Part'} Items list, element "${fullName}"`;
    const rec: ItemRecord = {
      ...core.newListCore(core.nowMs()),
      Name: name,
      FullName: fullName,
      IsActive: optBool(add, 'IsActive') ?? true,
      ...(parent ? { ParentListID: parent.ListID } : {}),
      Sublevel: parent ? parent.Sublevel + 1 : 0,
      ItemType: type,
      SalesTaxCodeListID:
        taxCode?.ListID ?? core.simpleByNameOf('SalesTaxCode', type === 'Service' ? 'Non' : 'Tax')?.ListID,
    };
    const mpn = str(add, 'ManufacturerPartNumber');
    if (mpn) rec.ManufacturerPartNumber = mpn;
    const bc = str(child(add, 'BarCode'), 'BarCodeValue');
    if (bc) rec.BarCodeValue = bc;
    const guid = str(add, 'ExternalGUID');
    if (guid) rec.ExternalGUID = guid;
    if (sop) {
      const account = resolveRef(child(sop, 'AccountRef'), accountRef(core, obj));
      if (!account) throw Status.saveError(what, 'An account must be specified for this item.');
      const desc = str(sop, 'Desc');
      if (desc) rec.Desc = desc;
      const p = optDecimal(sop, 'Price');
      const pp = optDecimal(sop, 'PricePercent');
      rec.SalesPrice = p ?? 0;
      if (pp !== undefined) rec.PricePercent = pp;
      rec.IncomeAccountListID = account.ListID;
    } else if (sap) {
      const income = resolveRef(child(sap, 'IncomeAccountRef'), accountRef(core, obj));
      const expense = resolveRef(child(sap, 'ExpenseAccountRef'), accountRef(core, obj));
      if (!income || !expense)
        throw Status.saveError(
          what,
          'Both an income account and an expense account must be specified for this item.',
        );
      const sd = str(sap, 'SalesDesc');
      const pd = str(sap, 'PurchaseDesc');
      if (sd) rec.Desc = sd;
      if (pd) rec.PurchaseDesc = pd;
      rec.SalesPrice = optDecimal(sap, 'SalesPrice') ?? 0;
      rec.PurchaseCost = optDecimal(sap, 'PurchaseCost') ?? 0;
      rec.IncomeAccountListID = income.ListID;
      rec.ExpenseAccountListID = expense.ListID;
    }
    core.insertItem(rec);
    return { rets: [filterRet(renderItem(core, rec), includeRet(rq))] };
  };
}

// ---------------------------------------------------------------------------------------------
// sales transactions (Invoice, SalesReceipt)

interface LineContext {
  ctx: RqContext;
  type: SalesTxnType;
  /** Amounts of the lines before this one (discount % applies to the previous line, sales tax % to all before). */
  prior: number[];
  taxPrior: number;
}

function isTaxable(ctx: RqContext, codeId: string | undefined): boolean {
  return !!codeId && ctx.core.simpleByIdOf('SalesTaxCode', codeId)?.IsTaxable === true;
}

function buildLine(lc: LineContext, e: XElement, existing: SalesLineRecord | undefined): SalesLineRecord {
  const { ctx, type } = lc;
  const { core } = ctx;
  const where = `${type} line`;
  const newItem = resolveRef(child(e, 'ItemRef'), itemRef(core, where));
  if (newItem?.ItemType === 'Group') {
    throw Status.saveError(
      `${type}`,
      `The group item "${newItem.FullName}" must be added with ${type}LineGroupAdd.`,
    );
  }
  const item = newItem ?? (existing?.ItemListID ? core.itemById(existing.ItemListID) : undefined);
  const sameItem = !!existing && (!newItem || newItem.ListID === existing.ItemListID);
  const quantity = optDecimal(e, 'Quantity') ?? (sameItem ? existing?.Quantity : undefined);
  const rate = optDecimal(e, 'Rate');
  const ratePercent = optDecimal(e, 'RatePercent');
  const amount = optAmount(e, 'Amount');
  const taxCode = resolveRef(child(e, 'SalesTaxCodeRef'), simpleRef(core, 'SalesTaxCode', where));
  const cls = resolveRef(child(e, 'ClassRef'), simpleRef(core, 'Class', where));
  const serviceDate = optDate(e, 'ServiceDate');
  const isDiscount = item?.ItemType === 'Discount';
  const prevAmount = lc.prior.length > 0 ? (lc.prior[lc.prior.length - 1] as number) : 0;
  const pctOf = (pct: number): number => {
    const base = item?.ItemType === 'SalesTax' ? lc.taxPrior : prevAmount;
    const v = round2((base * pct) / 100);
    return isDiscount ? -Math.abs(v) : v;
  };

  const line: SalesLineRecord = {
    kind: 'line',
    TxnLineID: existing?.TxnLineID ?? core.newTxnID(core.nowMs()),
    Amount: 0,
  };
  if (item) line.ItemListID = item.ListID;
  const desc = str(e, 'Desc') ?? (sameItem ? existing?.Desc : item?.Desc);
  if (desc !== undefined) line.Desc = desc;
  if (quantity !== undefined) line.Quantity = quantity;

  if (amount !== undefined) {
    line.Amount = amount;
    if (ratePercent !== undefined) line.RatePercent = ratePercent;
    else if (rate !== undefined) line.Rate = rate;
    else if (item) line.Rate = quantity ? Number((amount / quantity).toFixed(5)) : amount;
  } else if (rate !== undefined) {
    line.Rate = rate;
    const v = round2((quantity ?? 1) * rate);
    line.Amount = isDiscount ? -Math.abs(v) : v;
  } else if (ratePercent !== undefined) {
    line.RatePercent = ratePercent;
    line.Amount = pctOf(ratePercent);
  } else if (sameItem && existing) {
    // Modified line without new pricing: keep the rate, follow a quantity change.
    if (existing.RatePercent !== undefined) {
      line.RatePercent = existing.RatePercent;
      line.Amount = pctOf(existing.RatePercent);
    } else if (existing.Rate !== undefined) {
      line.Rate = existing.Rate;
      line.Amount =
        quantity !== existing.Quantity
          ? round2((quantity ?? 1) * existing.Rate) * (isDiscount ? -1 : 1)
          : existing.Amount;
    } else line.Amount = existing.Amount;
  } else if (item) {
    if (item.ItemType === 'Discount' && item.DiscountRatePercent !== undefined) {
      line.RatePercent = item.DiscountRatePercent;
      line.Amount = pctOf(item.DiscountRatePercent);
    } else if (item.ItemType === 'Discount') {
      line.Rate = item.DiscountRate ?? 0;
      line.Amount = -Math.abs(round2((quantity ?? 1) * (item.DiscountRate ?? 0)));
    } else if (item.ItemType === 'SalesTax') {
      line.RatePercent = item.TaxRate ?? 0;
      line.Amount = pctOf(item.TaxRate ?? 0);
    } else {
      line.Rate = item.SalesPrice ?? 0;
      line.Amount = round2((quantity ?? 1) * line.Rate);
    }
  }
  const code = taxCode?.ListID ?? (sameItem ? existing?.SalesTaxCodeListID : item?.SalesTaxCodeListID);
  if (code) line.SalesTaxCodeListID = code;
  const clsId = cls?.ListID ?? (sameItem ? existing?.ClassListID : undefined);
  if (clsId) line.ClassListID = clsId;
  const sd = serviceDate ?? existing?.ServiceDate;
  if (sd) line.ServiceDate = sd;
  for (const k of ['Other1', 'Other2'] as const) {
    const v = str(e, k) ?? existing?.[k];
    if (v !== undefined) line[k] = v;
  }
  lc.prior.push(line.Amount);
  if (item?.ItemType !== 'SalesTax') lc.taxPrior += line.Amount;
  return line;
}

function groupComponents(lc: LineContext, group: ItemRecord, qty: number): SalesLineRecord[] {
  const { core } = lc.ctx;
  return (group.Components ?? []).map((c) => {
    const item = core.itemById(c.ItemListID);
    const quantity = c.Quantity * qty;
    const rate = item?.SalesPrice ?? 0;
    const line: SalesLineRecord = {
      kind: 'line',
      TxnLineID: core.newTxnID(core.nowMs()),
      ItemListID: c.ItemListID,
      ...(item?.Desc !== undefined ? { Desc: item.Desc } : {}),
      Quantity: quantity,
      Rate: rate,
      Amount: round2(quantity * rate),
      ...(item?.SalesTaxCodeListID ? { SalesTaxCodeListID: item.SalesTaxCodeListID } : {}),
    };
    lc.prior.push(line.Amount);
    lc.taxPrior += line.Amount;
    return line;
  });
}

function buildGroup(
  lc: LineContext,
  e: XElement,
  existing: SalesLineGroupRecord | undefined,
  lineModName: string,
): SalesLineGroupRecord {
  const { core } = lc.ctx;
  const where = `${lc.type} line`;
  const group =
    resolveRef(
      child(e, 'ItemGroupRef'),
      itemRef(core, where, 'ItemGroup', (i) => i.ItemType === 'Group'),
    ) ?? (existing ? core.itemById(existing.ItemGroupListID) : undefined);
  if (!group) throw Status.saveError(lc.type, 'A group line needs an ItemGroupRef.');
  const qty = optDecimal(e, 'Quantity') ?? existing?.Quantity ?? 1;
  const sameGroup = !!existing && existing.ItemGroupListID === group.ListID;
  const mods = childrenNamed(e, lineModName);
  let lines: SalesLineRecord[];
  if (sameGroup && existing && mods.length > 0) {
    lines = mods.map((m) => {
      const id = str(m, 'TxnLineID') ?? '-1';
      const prev = existing.lines.find((l) => l.TxnLineID === id);
      if (id !== '-1' && !prev) throw Status.notFound(id);
      return buildLine(lc, m, prev);
    });
  } else if (sameGroup && existing) {
    const ratio = existing.Quantity ? qty / existing.Quantity : 1;
    lines = existing.lines.map((l) => {
      const q = l.Quantity !== undefined ? l.Quantity * ratio : undefined;
      const amount = ratio === 1 || l.Rate === undefined ? l.Amount : round2((q ?? 1) * l.Rate);
      lc.prior.push(amount);
      lc.taxPrior += amount;
      return { ...l, ...(q !== undefined ? { Quantity: q } : {}), Amount: amount };
    });
  } else {
    lines = groupComponents(lc, group, qty);
  }
  const out: SalesLineGroupRecord = {
    kind: 'group',
    TxnLineID: existing?.TxnLineID ?? core.newTxnID(core.nowMs()),
    ItemGroupListID: group.ListID,
    Quantity: qty,
    IsPrintItemsInGroup: group.IsPrintItemsInGroup ?? false,
    lines,
  };
  const desc = str(e, 'Desc') ?? (sameGroup ? existing?.Desc : group.Desc);
  if (desc !== undefined) out.Desc = desc;
  const sd = optDate(e, 'ServiceDate') ?? existing?.ServiceDate;
  if (sd) out.ServiceDate = sd;
  return out;
}

/** Header fields shared by Add and Mod (Mod: only the ones present change). */
function applySalesHeader(
  ctx: RqContext,
  type: SalesTxnType,
  e: XElement,
  t: SalesTxnRecord,
  isAdd: boolean,
): void {
  const { core } = ctx;
  const customerEl = child(e, 'CustomerRef');
  if (customerEl) {
    const c = resolveRef(customerEl, customerRef(core, type));
    if (c) t.CustomerListID = c.ListID;
  }
  const refs: [
    string,
    SimpleListKind,
    (
      | 'ClassListID'
      | 'TemplateListID'
      | 'TermsListID'
      | 'SalesRepListID'
      | 'ShipMethodListID'
      | 'CustomerMsgListID'
      | 'PaymentMethodListID'
      | 'CustomerSalesTaxCodeListID'
    ),
  ][] = [
    ['ClassRef', 'Class', 'ClassListID'],
    ['TemplateRef', 'Template', 'TemplateListID'],
    ['TermsRef', 'Terms', 'TermsListID'],
    ['SalesRepRef', 'SalesRep', 'SalesRepListID'],
    ['ShipMethodRef', 'ShipMethod', 'ShipMethodListID'],
    ['CustomerMsgRef', 'CustomerMsg', 'CustomerMsgListID'],
    ['PaymentMethodRef', 'PaymentMethod', 'PaymentMethodListID'],
    ['CustomerSalesTaxCodeRef', 'SalesTaxCode', 'CustomerSalesTaxCodeListID'],
  ];
  for (const [el_, kind, field] of refs) {
    const r = resolveRef(child(e, el_), simpleRef(core, kind, type));
    if (r) t[field] = r.ListID;
  }
  const ar = resolveRef(child(e, 'ARAccountRef'), accountRef(core, type));
  if (ar) {
    if (ar.AccountType !== 'AccountsReceivable') throw Status.invalidRef('Account', ar.FullName, type);
    t.ARAccountListID = ar.ListID;
  }
  const dep = resolveRef(child(e, 'DepositToAccountRef'), accountRef(core, type));
  if (dep) t.DepositToAccountListID = dep.ListID;
  const taxItem = resolveRef(
    child(e, 'ItemSalesTaxRef'),
    itemRef(core, type, 'ItemSalesTax', (i) => i.ItemType === 'SalesTax' || i.ItemType === 'SalesTaxGroup'),
  );
  if (taxItem) t.ItemSalesTaxListID = taxItem.ListID;

  const txnDate = optDate(e, 'TxnDate');
  if (txnDate) t.TxnDate = txnDate;
  const strings = ['RefNumber', 'PONumber', 'FOB', 'Memo', 'Other', 'CheckNumber', 'ExternalGUID'] as const;
  for (const k of strings) {
    const v = textOf(e, k);
    if (v !== undefined) {
      if (v === '') delete t[k];
      else t[k] = v;
    }
  }
  for (const k of ['DueDate', 'ShipDate'] as const) {
    const v = optDate(e, k);
    if (v) t[k] = v;
  }
  for (const k of [
    'IsPending',
    'IsFinanceCharge',
    'IsToBePrinted',
    'IsToBeEmailed',
    'IsTaxIncluded',
  ] as const) {
    const v = optBool(e, k);
    if (v !== undefined) t[k] = v;
  }
  const bill = parseAddress(child(e, 'BillAddress'));
  const ship = parseAddress(child(e, 'ShipAddress'));
  if (bill) t.BillAddress = bill;
  if (ship) t.ShipAddress = ship;

  if (isAdd) {
    const customer = t.CustomerListID ? core.customerById(t.CustomerListID) : undefined;
    if (!bill && customer?.BillAddress) t.BillAddress = { ...customer.BillAddress };
    if (!ship && customer?.ShipAddress) t.ShipAddress = { ...customer.ShipAddress };
    applyTaxDefaults(core, t, customer);
    t.DueDate ??= t.TxnDate;
    t.ShipDate ??= t.TxnDate;
    if (type === 'Invoice') t.ARAccountListID ??= core.firstAccountOfType('AccountsReceivable')?.ListID;
    else
      t.DepositToAccountListID ??= core.firstAccountOfType('OtherCurrentAsset', 'UndepositedFunds')?.ListID;
    t.TemplateListID ??= core.simpleByNameOf(
      'Template',
      type === 'Invoice' ? 'Intuit Product Invoice' : 'Custom Sales Receipt',
    )?.ListID;
  }
}

/**
 * A sale that names no tax item or customer tax code gets QuickBooks' own: the customer's tax item
 * (Customer > Sales Tax Settings), else the company's "most common sales tax item"; the customer's
 * tax code (Tax/Non). Intuit, SalesTaxCodeAdd: "In a Customer message, SalesTaxCodeRef refers to the
 * sales-tax code that will be used for items related to this customer"; ItemSalesTaxAdd: a tax item
 * or group is assigned to the whole invoice (ItemSalesTaxRef) and QuickBooks applies it to every
 * taxable line. Only with the preference on (CompanySnapshot.salesTax).
 */
function applyTaxDefaults(core: CompanyCore, t: SalesTxnRecord, customer: CustomerRecord | undefined): void {
  const pref = core.s.salesTax;
  if (!pref?.enabled) return;
  t.ItemSalesTaxListID ??= customer?.ItemSalesTaxListID ?? pref.defaultItemListID;
  if (customer?.SalesTaxCodeListID) t.CustomerSalesTaxCodeListID ??= customer.SalesTaxCodeListID;
}

function computeTotals(ctx: RqContext, t: SalesTxnRecord): void {
  t.Subtotal = round2(t.lines.reduce((s, e) => s + lineEntryTotal(e), 0));
  const pref = ctx.core.s.salesTax;
  const flat = t.lines.flatMap((e) => (e.kind === 'line' ? [e] : e.lines));
  if (pref && !pref.enabled) {
    // Intuit, SalesTaxCodeAdd: with "Do You Charge Sales Tax?" set to No, QuickBooks assigns the
    // default non-taxable code to all sales.
    const non = ctx.core.simpleByNameOf('SalesTaxCode', 'Non')?.ListID;
    for (const l of flat) if (non) l.SalesTaxCodeListID = non;
    t.SalesTaxPercentage = 0;
    t.SalesTaxTotal = 0;
    return;
  }
  const taxItem = t.ItemSalesTaxListID ? ctx.core.itemById(t.ItemSalesTaxListID) : undefined;
  const rate = taxItem ? ctx.core.taxRateOf(taxItem) : 0;
  const exempt = t.CustomerSalesTaxCodeListID !== undefined && !isTaxable(ctx, t.CustomerSalesTaxCodeListID);
  t.SalesTaxPercentage = rate;
  if (taxItem && !exempt) {
    const base = flat.filter((l) => isTaxable(ctx, l.SalesTaxCodeListID)).reduce((s, l) => s + l.Amount, 0);
    t.SalesTaxTotal = round2((base * rate) / 100);
  } else {
    t.SalesTaxTotal = 0;
  }
}

function nextRefNumber(core: CompanyCore, type: SalesTxnType | 'JournalEntry'): string {
  const list: TxnRecord[] = type === 'JournalEntry' ? core.s.journalEntries : core.salesTxns(type);
  let max = 0;
  for (const t of list)
    if (t.RefNumber && /^\d{1,9}$/.test(t.RefNumber)) max = Math.max(max, Number(t.RefNumber));
  return String(max + 1);
}

function salesAdd(type: SalesTxnType): Handler {
  return (ctx, rq) => {
    const { core } = ctx;
    const add = child(rq, `${type}Add`) as XElement;
    const now = core.nowMs();
    const t: SalesTxnRecord = {
      TxnType: type,
      TxnID: '',
      TimeCreated: now,
      TimeModified: now,
      EditSequence: '',
      TxnNumber: 0,
      TxnDate: core.today(),
      IsPending: false,
      Subtotal: 0,
      SalesTaxPercentage: 0,
      SalesTaxTotal: 0,
      AppliedAmount: 0,
      IsToBePrinted: type === 'Invoice',
      IsToBeEmailed: false,
      lines: [],
      createdVia: originOf(ctx),
      edits: [],
    };
    applySalesHeader(ctx, type, add, t, true);
    const lc: LineContext = { ctx, type, prior: [], taxPrior: 0 };
    const txnIdBefore = core.s.counters.txn;
    t.TxnID = core.newTxnID(now); // QuickBooks numbers the transaction before its lines (C5, then C7…)
    try {
      for (const e of add.children) {
        if (e.name === `${type}LineAdd`) t.lines.push(buildLine(lc, e, undefined));
        else if (e.name === `${type}LineGroupAdd`)
          t.lines.push(buildGroup(lc, e, undefined, `${type}LineMod`));
      }
    } catch (err) {
      core.s.counters.txn = txnIdBefore; // nothing was created: give the line IDs back
      throw err;
    }
    computeTotals(ctx, t);
    t.EditSequence = String(Math.floor(now / 1000));
    t.TxnNumber = core.nextTxnNumber();
    t.RefNumber ??= nextRefNumber(core, type);
    core.insertTxn(t);
    core.applyEffects(t, 1);
    const ret = type === 'Invoice' ? renderInvoice(core, t, true) : renderSalesReceipt(core, t, true);
    return { rets: [filterRet(ret, includeRet(rq))] };
  };
}

function salesMod(type: SalesTxnType): Handler {
  return (ctx, rq) => {
    const { core } = ctx;
    const mod = child(rq, `${type}Mod`) as XElement;
    const id = str(mod, 'TxnID') ?? '';
    const current = core.txnById(id);
    if (!current || current.TxnType !== type) throw Status.notFound(id);
    core.assertNotStale(current, str(mod, 'EditSequence') ?? '', ctx.consumeStaleFault());
    const next: SalesTxnRecord = structuredClone(current);
    applySalesHeader(ctx, type, mod, next, false);
    const lineMods = mod.children.filter(
      (c) => c.name === `${type}LineMod` || c.name === `${type}LineGroupMod`,
    );
    const txnIdBefore = core.s.counters.txn;
    try {
      if (lineMods.length > 0) {
        // QuickBooks semantics: the listed lines become the transaction's lines, in order;
        // TxnLineID -1 adds a line, an existing ID edits it, existing lines left out are deleted.
        const lc: LineContext = { ctx, type, prior: [], taxPrior: 0 };
        next.lines = lineMods.map((m): SalesLineEntry => {
          const lineId = str(m, 'TxnLineID') ?? '-1';
          const prev = current.lines.find((l) => l.TxnLineID === lineId);
          if (lineId !== '-1' && !prev) throw Status.notFound(lineId);
          if (m.name === `${type}LineGroupMod`) {
            if (prev && prev.kind !== 'group') throw Status.notFound(lineId);
            return buildGroup(
              lc,
              m,
              prev?.kind === 'group' ? structuredClone(prev) : undefined,
              `${type}LineMod`,
            );
          }
          if (prev && prev.kind !== 'line') throw Status.notFound(lineId);
          return buildLine(lc, m, prev?.kind === 'line' ? prev : undefined);
        });
      }
    } catch (err) {
      core.s.counters.txn = txnIdBefore;
      throw err;
    }
    computeTotals(ctx, next);
    core.touch(next);
    recordEdit(ctx, next);
    core.applyEffects(current, -1);
    core.replaceTxn(current, next);
    core.applyEffects(next, 1);
    const ret = type === 'Invoice' ? renderInvoice(core, next, true) : renderSalesReceipt(core, next, true);
    return { rets: [filterRet(ret, includeRet(rq))] };
  };
}

// ---------------------------------------------------------------------------------------------
// journal entries

type JournalLineDraft = Omit<JournalLineRecord, 'TxnLineID'> & { TxnLineID?: string };

/**
 * Reads a JournalDebitLine/JournalCreditLine (Add) or a JournalLineMod (Mod). On a Mod of an existing
 * line (`prev`), elements left out keep the line's current values, as in QuickBooks.
 */
function journalLineDraft(
  core: CompanyCore,
  e: XElement,
  side: 'Debit' | 'Credit',
  prev?: JournalLineRecord,
): JournalLineDraft {
  const where = 'JournalEntry line';
  const account =
    resolveRef(child(e, 'AccountRef'), accountRef(core, where)) ??
    (prev ? core.accountById(prev.AccountListID) : undefined);
  if (!account) throw Status.saveError('Journal Entry', 'Every journal line must have an account.');
  const entityId =
    resolveRef(child(e, 'EntityRef'), {
      byId: (id) => core.customerById(id),
      byName: (n) => core.customerByName(n),
      missing: (v) => Status.invalidRef('Entity', v, where),
    })?.ListID ?? prev?.EntityListID;
  if (account.AccountType === 'AccountsReceivable' && !entityId) {
    throw Status.saveError(
      'Journal Entry',
      'You must specify a customer in the Name field of every line that uses an Accounts Receivable account.',
    );
  }
  const classId =
    resolveRef(child(e, 'ClassRef'), simpleRef(core, 'Class', where))?.ListID ?? prev?.ClassListID;
  const amount = optAmount(e, 'Amount') ?? prev?.Amount ?? 0;
  if (amount < 0) throw Status.invalidAmount(String(amount), 'Amount');
  const memoText = textOf(e, 'Memo'); // an empty <Memo/> on a Mod clears the line's memo
  const memo = memoText === undefined ? prev?.Memo : memoText === '' ? undefined : memoText;
  return {
    ...(prev ? { TxnLineID: prev.TxnLineID } : {}),
    side,
    AccountListID: account.ListID,
    Amount: amount,
    ...(memo !== undefined ? { Memo: memo } : {}),
    ...(entityId ? { EntityListID: entityId } : {}),
    ...(classId ? { ClassListID: classId } : {}),
  };
}

function assertJournalBalanced(lines: readonly JournalLineDraft[]): void {
  const cents = (side: 'Debit' | 'Credit'): number =>
    lines.filter((d) => d.side === side).reduce((s, d) => s + Math.round(d.Amount * 100), 0);
  if (cents('Debit') !== cents('Credit'))
    throw Status.saveError('Journal Entry', 'Transaction not in balance.');
}

const journalEntryAdd: Handler = (ctx, rq) => {
  const { core } = ctx;
  const add = child(rq, 'JournalEntryAdd') as XElement;
  const now = core.nowMs();
  const drafts: JournalLineDraft[] = [];
  for (const e of add.children) {
    if (e.name !== 'JournalDebitLine' && e.name !== 'JournalCreditLine') continue;
    drafts.push(journalLineDraft(core, e, e.name === 'JournalDebitLine' ? 'Debit' : 'Credit'));
  }
  assertJournalBalanced(drafts);
  const txnDate = optDate(add, 'TxnDate') ?? core.today();
  const isAdjustment = optBool(add, 'IsAdjustment') ?? false;
  const t: JournalEntryRecord = {
    TxnType: 'JournalEntry',
    TxnID: core.newTxnID(now),
    TimeCreated: now,
    TimeModified: now,
    EditSequence: String(Math.floor(now / 1000)),
    TxnNumber: core.nextTxnNumber(),
    TxnDate: txnDate,
    RefNumber: str(add, 'RefNumber') ?? nextRefNumber(core, 'JournalEntry'),
    IsAdjustment: isAdjustment,
    lines: drafts.map((d) => ({ ...d, TxnLineID: core.newTxnID(now) })),
    createdVia: originOf(ctx),
    edits: [],
  };
  const memo = str(add, 'Memo');
  if (memo !== undefined) t.Memo = memo;
  const guid = str(add, 'ExternalGUID');
  if (guid !== undefined) t.ExternalGUID = guid;
  core.insertTxn(t);
  core.applyEffects(t, 1);
  return { rets: [filterRet(renderJournalEntry(core, t, true), includeRet(rq))] };
};

/**
 * JournalEntryMod (qbXML 13.0 has no header Memo here). With JournalLineMod elements the listed lines
 * become the entry's lines: TxnLineID -1 adds one (its JournalLineType says Debit or Credit), an existing
 * ID edits that line (JournalLineType may move it to the other side), lines left out are deleted. The
 * result must balance, like an Add.
 */
const journalEntryMod: Handler = (ctx, rq) => {
  const { core } = ctx;
  const mod = child(rq, 'JournalEntryMod') as XElement;
  const id = str(mod, 'TxnID') ?? '';
  const current = core.txnById(id);
  if (!current || current.TxnType !== 'JournalEntry') throw Status.notFound(id);
  core.assertNotStale(current, str(mod, 'EditSequence') ?? '', ctx.consumeStaleFault());
  const next: JournalEntryRecord = structuredClone(current);
  const txnDate = optDate(mod, 'TxnDate');
  if (txnDate) next.TxnDate = txnDate;
  const ref = textOf(mod, 'RefNumber');
  if (ref === '') delete next.RefNumber;
  else if (ref !== undefined) next.RefNumber = ref;
  const isAdjustment = optBool(mod, 'IsAdjustment');
  if (isAdjustment !== undefined) next.IsAdjustment = isAdjustment;
  const lineMods = childrenNamed(mod, 'JournalLineMod');
  if (lineMods.length > 0) {
    const used = new Set<string>();
    const drafts = lineMods.map((m): JournalLineDraft => {
      const lineId = str(m, 'TxnLineID') ?? '-1';
      const prev = lineId === '-1' ? undefined : current.lines.find((l) => l.TxnLineID === lineId);
      if (lineId !== '-1' && (!prev || used.has(lineId))) throw Status.notFound(lineId);
      used.add(lineId);
      const type = textOf(m, 'JournalLineType');
      const side = type === 'Debit' || type === 'Credit' ? type : prev?.side;
      if (!side) throw Status.saveError('Journal Entry', 'Every journal line must be a debit or a credit.');
      return journalLineDraft(core, m, side, prev);
    });
    assertJournalBalanced(drafts);
    const now = core.nowMs();
    next.lines = drafts.map((d) => ({ ...d, TxnLineID: d.TxnLineID ?? core.newTxnID(now) }));
  }
  core.touch(next);
  recordEdit(ctx, next);
  core.applyEffects(current, -1);
  core.replaceTxn(current, next);
  core.applyEffects(next, 1);
  return { rets: [filterRet(renderJournalEntry(core, next, true), includeRet(rq))] };
};

// ---------------------------------------------------------------------------------------------
// deletions

export function deleteTxnRecord(
  core: CompanyCore,
  t: TxnRecord,
  via: TxnOrigin = 'qbxml',
): { TimeDeleted: number } {
  const now = core.nowMs();
  core.applyEffects(t, -1);
  core.removeTxn(t);
  core.s.deletedTxns.push({
    TxnDelType: t.TxnType,
    TxnID: t.TxnID,
    TimeCreated: t.TimeCreated,
    TimeDeleted: now,
    ...(t.RefNumber !== undefined ? { RefNumber: t.RefNumber } : {}),
    createdVia: t.createdVia,
    deletedVia: via,
  });
  return { TimeDeleted: now };
}

const txnDel: Handler = (ctx, rq) => {
  const { core } = ctx;
  const type = textOf(rq, 'TxnDelType') ?? '';
  const id = textOf(rq, 'TxnID') ?? '';
  const t = core.txnById(id);
  if (!t || t.TxnType !== type) throw Status.notFound(id);
  const { TimeDeleted } = deleteTxnRecord(core, t, originOf(ctx));
  // TxnDelRs carries the TxnDelRet group directly (no wrapper element).
  return {
    rets: [
      tx('TxnDelType', type),
      tx('TxnID', id),
      tx('TimeDeleted', formatDateTime(TimeDeleted, core.offset, core.stamp)),
      tx('RefNumber', t.RefNumber),
    ].filter((x): x is XmlNode => !!x),
  };
};

/**
 * DeletedDateRangeFilter: inclusive, bare dates = start/end of the local day, and QuickBooks only
 * remembers the last 90 days of deletions (Conductor's QBD API reference, `deletedAfter`/`deletedBefore`
 * "within the last 90 days (QuickBooks limit)", conductor-is/quickbooks-desktop-node deleted-transactions.ts).
 */
function deletedRange(ctx: RqContext, rq: XElement): [number, number | undefined] {
  const { core } = ctx;
  const f = child(rq, 'DeletedDateRangeFilter');
  const floor = core.nowMs() - DELETED_RETENTION_MS;
  const fromS = str(f, 'FromDeletedDate');
  const toS = str(f, 'ToDeletedDate');
  const from =
    fromS === undefined
      ? core.keyOf(floor)
      : Math.max(core.keyOf(floor), core.keyOfValue(fromS, 'FromDeletedDate'));
  const to = toS === undefined ? undefined : core.keyOfValue(toS, 'ToDeletedDate', true);
  return [from, to];
}

const txnDeletedQuery: Handler = (ctx, rq) => {
  const types = new Set(childrenNamed(rq, 'TxnDelType').map((c) => c.text));
  const [from, to] = deletedRange(ctx, rq);
  const rets = ctx.core.s.deletedTxns
    .filter(
      (d) =>
        types.has(d.TxnDelType) &&
        ctx.core.keyOf(d.TimeDeleted) >= from &&
        (to === undefined || ctx.core.keyOf(d.TimeDeleted) <= to),
    )
    .map((d) => filterRet(renderTxnDeleted(ctx.core, d), includeRet(rq)));
  return rets.length > 0 ? { rets } : { rets, status: Status.noMatch() };
};

const listDeletedQuery: Handler = (ctx, rq) => {
  const types = new Set(childrenNamed(rq, 'ListDelType').map((c) => c.text));
  const [from, to] = deletedRange(ctx, rq);
  const rets = ctx.core.s.deletedLists
    .filter(
      (d) =>
        types.has(d.ListDelType) &&
        ctx.core.keyOf(d.TimeDeleted) >= from &&
        (to === undefined || ctx.core.keyOf(d.TimeDeleted) <= to),
    )
    .map((d) => filterRet(renderListDeleted(ctx.core, d), includeRet(rq)));
  return rets.length > 0 ? { rets } : { rets, status: Status.noMatch() };
};

// ---------------------------------------------------------------------------------------------
// host / company / preferences

const hostQuery: Handler = (ctx, rq) => ({ rets: [filterRet(renderHost(ctx.host), includeRet(rq))] });
const companyQuery: Handler = (ctx, rq) => ({ rets: [filterRet(renderCompany(ctx.core), includeRet(rq))] });
const preferencesQuery: Handler = (ctx, rq) => ({
  rets: [filterRet(renderPreferences(ctx.core), includeRet(rq))],
});

// ---------------------------------------------------------------------------------------------

export const HANDLERS: Readonly<Record<string, Handler>> = {
  HostQueryRq: hostQuery,
  CompanyQueryRq: companyQuery,
  PreferencesQueryRq: preferencesQuery,
  AccountQueryRq: accountQuery,
  CustomerQueryRq: customerQuery,
  VendorQueryRq: nameQuery('Vendor'),
  EmployeeQueryRq: nameQuery('Employee'),
  OtherNameQueryRq: nameQuery('OtherName'),
  CustomerAddRq: customerAdd,
  ItemQueryRq: itemQuery(),
  ItemInventoryQueryRq: itemQuery('Inventory'),
  ItemNonInventoryQueryRq: itemQuery('NonInventory'),
  ItemServiceQueryRq: itemQuery('Service'),
  ItemOtherChargeQueryRq: itemQuery('OtherCharge'),
  ItemInventoryAssemblyQueryRq: itemQuery('InventoryAssembly'),
  ItemGroupQueryRq: itemQuery('Group'),
  ItemDiscountQueryRq: itemQuery('Discount'),
  ItemSalesTaxQueryRq: itemQuery('SalesTax'),
  ItemNonInventoryAddRq: itemAdd('NonInventory'),
  ItemServiceAddRq: itemAdd('Service'),
  InvoiceQueryRq: invoiceQuery,
  InvoiceAddRq: salesAdd('Invoice'),
  InvoiceModRq: salesMod('Invoice'),
  SalesReceiptQueryRq: salesReceiptQuery,
  SalesReceiptAddRq: salesAdd('SalesReceipt'),
  SalesReceiptModRq: salesMod('SalesReceipt'),
  JournalEntryQueryRq: journalEntryQuery,
  JournalEntryAddRq: journalEntryAdd,
  JournalEntryModRq: journalEntryMod,
  TxnDelRq: txnDel,
  TxnDeletedQueryRq: txnDeletedQuery,
  ListDeletedQueryRq: listDeletedQuery,
};
