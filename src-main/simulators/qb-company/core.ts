/**
 * State, indexes, clock and identifiers of the simulated company, plus the mutations shared by the
 * QBXML handlers and the scripting API (a "bookkeeper" editing in QuickBooks).
 */
import { parseDateTime } from './format.js';
import { QbStatusError, Status } from './errors.js';
import { formatDate, unixSeconds, type OffsetFn } from './format.js';
import {
  type NameListKind,
  type NameRecord,
  DEFAULT_ACCOUNTS,
  type AccountRecord,
  type Address,
  type CompanySeed,
  type CompanySnapshot,
  type CustomerRecord,
  type ItemRecord,
  type ItemType,
  type ListRecordBase,
  type SalesLineRecord,
  type SalesTxnRecord,
  type SeedAddress,
  type SeedCustomer,
  type SeedItem,
  type SimpleListKind,
  type SimpleListRecord,
  type TxnProvenance,
  type TxnRecord,
} from './model.js';

export const SIMPLE_LIST_KINDS: readonly SimpleListKind[] = [
  'SalesTaxCode',
  'Template',
  'PaymentMethod',
  'Terms',
  'ShipMethod',
  'Class',
  'SalesRep',
  'CustomerMsg',
];

/** ListDelType / item query Ret name per item type. */
export const ITEM_LIST_DEL_TYPE: Readonly<Record<ItemType, string>> = {
  Inventory: 'ItemInventory',
  NonInventory: 'ItemNonInventory',
  Service: 'ItemService',
  OtherCharge: 'ItemOtherCharge',
  InventoryAssembly: 'ItemInventoryAssembly',
  Group: 'ItemGroup',
  Discount: 'ItemDiscount',
  SalesTax: 'ItemSalesTax',
  SalesTaxGroup: 'ItemSalesTaxGroup',
};

export const isInventoryType = (t: ItemType): boolean => t === 'Inventory' || t === 'InventoryAssembly';

const DAY_MS = 86_400_000;

export function addressFromSeed(a: SeedAddress | undefined): Address | undefined {
  if (!a) return undefined;
  const out: Address = {};
  if (a.addr1) out.Addr1 = a.addr1;
  if (a.addr2) out.Addr2 = a.addr2;
  if (a.addr3) out.Addr3 = a.addr3;
  if (a.city) out.City = a.city;
  if (a.state) out.State = a.state;
  if (a.postalCode) out.PostalCode = a.postalCode;
  if (a.country) out.Country = a.country;
  return out;
}

/** Hierarchical, case-insensitive order QuickBooks lists use ("A", "A:Job", "A B"). */
export function compareFullName(a: string, b: string): number {
  const sa = a.toLowerCase().split(':');
  const sb = b.toLowerCase().split(':');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] as string;
    const y = sb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return sa.length - sb.length;
}

export interface CoreOptions {
  now: () => Date;
  offset: OffsetFn;
  /** The offset written after wall-clock times (default: `offset`). */
  stamp?: OffsetFn;
}

export class CompanyCore {
  readonly s: CompanySnapshot;
  readonly now: () => Date;
  readonly offset: OffsetFn;
  /**
   * The offset QuickBooks writes after its local wall-clock times. Real QuickBooks writes the
   * standard-time offset all year: "The DateTime is otherwise accurate (follows DST), but the offset
   * does not follow DST" (jsgoupil/quickbooks-sync PR 28; its README's raw value
   * `2019-03-21T11:37:00-08:00` is a Pacific summer time). A value without an offset is local time on
   * the QuickBooks machine (same project, issue 19).
   */
  readonly stamp: OffsetFn;

  private readonly customersById = new Map<string, CustomerRecord>();
  private readonly customersByName = new Map<string, CustomerRecord>();
  private readonly itemsById = new Map<string, ItemRecord>();
  private readonly itemsByName = new Map<string, ItemRecord>();
  private readonly accountsById = new Map<string, AccountRecord>();
  private readonly accountsByName = new Map<string, AccountRecord>();
  private readonly simpleById = new Map<string, { kind: SimpleListKind; rec: SimpleListRecord }>();
  private readonly simpleByName = new Map<string, SimpleListRecord>();
  private readonly txnsById = new Map<string, TxnRecord>();
  private sortedCache = new Map<string, ListRecordBase[]>();

  constructor(snapshot: CompanySnapshot, opts: CoreOptions) {
    this.s = snapshot;
    this.now = opts.now;
    this.offset = opts.offset;
    this.stamp = opts.stamp ?? opts.offset;
    // Snapshots written before provenance was recorded: everything in them came through qbXML.
    for (const t of [...snapshot.invoices, ...snapshot.salesReceipts, ...snapshot.journalEntries]) {
      const legacy = t as Partial<TxnProvenance>;
      legacy.createdVia ??= 'qbxml';
      legacy.edits ??= [];
    }
    this.reindex();
  }

  /**
   * Where an instant sits among QuickBooks' own time values: the instant its DATETIMETYPE string
   * names (wall time read with the stamped offset). Modified/deleted date filters compare in this
   * space, so a value QuickBooks wrote means, sent back, exactly what it meant; in summer it is an
   * hour ahead of the real instant, and the hour repeated at the fall-back edge collides.
   */
  keyOf(ms: number): number {
    return Math.floor(ms / 1000) * 1000 + (this.offset(ms) - this.stamp(ms)) * 60_000;
  }

  /** A DATETIMETYPE a client sent, in the same space (bare values are local time, stamped offset). */
  keyOfValue(value: string, field: string, endOfDay = false): number {
    return parseDateTime(value, field, this.stamp, endOfDay);
  }

  // -------------------------------------------------------------------------------------------
  // construction

  static fromSeed(seed: CompanySeed, companyFile: string, opts: CoreOptions): CompanyCore {
    const snapshot: CompanySnapshot = {
      format: 'qb-company-sim/1',
      companyName: seed.companyName,
      ...(seed.legalName ? { legalName: seed.legalName } : {}),
      ...(seed.address ? { address: addressFromSeed(seed.address)! } : {}),
      ...(seed.email ? { email: seed.email } : {}),
      ...(seed.phone ? { phone: seed.phone } : {}),
      companyFile,
      counters: { list: 0, txn: 0, txnNumber: 0 },
      accounts: [],
      customers: [],
      items: [],
      simpleLists: {
        SalesTaxCode: [],
        Template: [],
        PaymentMethod: [],
        Terms: [],
        ShipMethod: [],
        Class: [],
        SalesRep: [],
        CustomerMsg: [],
      },
      invoices: [],
      salesReceipts: [],
      journalEntries: [],
      deletedTxns: [],
      deletedLists: [],
      messageSets: {},
    };
    const core = new CompanyCore(snapshot, opts);
    const nowMs = opts.now().getTime();
    const fileCreated = nowMs - 1200 * DAY_MS;

    const simple = (kind: SimpleListKind, name: string, extra: Partial<SimpleListRecord> = {}): void => {
      const rec: SimpleListRecord = {
        ListID: core.newListID(fileCreated),
        Name: name,
        TimeCreated: fileCreated,
        ...extra,
      };
      snapshot.simpleLists[kind].push(rec);
    };
    simple('SalesTaxCode', 'Tax', { IsTaxable: true });
    simple('SalesTaxCode', 'Non', { IsTaxable: false });
    simple('Template', 'Intuit Product Invoice');
    simple('Template', 'Intuit Service Invoice');
    simple('Template', 'Custom Sales Receipt');
    for (const pm of ['Cash', 'Check', 'Visa', 'MasterCard', 'American Express', 'Discover', 'PayPal'])
      simple('PaymentMethod', pm);
    for (const t of ['Due on receipt', 'Net 15', 'Net 30']) simple('Terms', t);
    for (const sm of ['UPS', 'FedEx', 'USPS', 'DHL']) simple('ShipMethod', sm);
    simple('CustomerMsg', 'Thank you for your business.');

    for (const a of seed.accounts ?? DEFAULT_ACCOUNTS) {
      const rec: AccountRecord = {
        ...core.newListCore(fileCreated),
        Name: a.name,
        FullName: a.name,
        IsActive: true,
        Sublevel: 0,
        AccountType: a.type,
        ...(a.special ? { SpecialAccountType: a.special } : {}),
        ...(a.number ? { AccountNumber: a.number } : {}),
        ...(a.description ? { Desc: a.description } : {}),
        Balance: 0,
      };
      snapshot.accounts.push(rec);
    }
    core.reindex();

    for (const it of seed.items) core.createItem(it, nowMs - (it.createdDaysAgo ?? 30) * DAY_MS);
    for (const c of seed.customers) core.createCustomer(c, nowMs - (c.createdDaysAgo ?? 30) * DAY_MS);
    for (const [kind, names] of [
      ['Vendor', seed.vendors],
      ['Employee', seed.employees],
      ['OtherName', seed.otherNames],
    ] as const)
      for (const n of names ?? []) core.addName(kind, n, nowMs - 30 * DAY_MS);
    if (seed.salesTax) {
      const def = seed.salesTax.defaultItem ? core.taxItemByName(seed.salesTax.defaultItem) : undefined;
      snapshot.salesTax = {
        enabled: seed.salesTax.enabled,
        ...(def ? { defaultItemListID: def.ListID } : {}),
      };
    }
    return core;
  }

  // -------------------------------------------------------------------------------------------
  // creation from seed-style input (constructor and scripting API)

  private accountIdFor(name: string | undefined, fallback: string): string {
    const n = name ?? fallback;
    const rec = this.accountByName(n);
    if (!rec) throw new Error(`unknown account "${n}"`);
    return rec.ListID;
  }

  private taxCodeId(taxable: boolean | undefined): string | undefined {
    return this.simpleByNameOf('SalesTaxCode', taxable ? 'Tax' : 'Non')?.ListID;
  }

  createItem(it: SeedItem, created: number): ItemRecord {
    const parent = it.parent ? this.itemByName(it.parent) : undefined;
    if (it.parent && !parent) throw new Error(`parent item "${it.parent}" of "${it.name}" does not exist`);
    const fullName = parent ? `${parent.FullName}:${it.name}` : it.name;
    if (this.itemByName(fullName)) throw Status.nameInUse(fullName);
    const base: ItemRecord = {
      ...this.newListCore(created),
      Name: it.name,
      FullName: fullName,
      IsActive: it.isActive ?? true,
      ...(parent ? { ParentListID: parent.ListID } : {}),
      Sublevel: parent ? parent.Sublevel + 1 : 0,
      ItemType: it.type,
      ...(it.description ? { Desc: it.description } : {}),
      ...(it.customFields
        ? { CustomFields: Object.entries(it.customFields).map(([name, value]) => ({ name, value })) }
        : {}),
    };
    switch (it.type) {
      case 'Inventory':
      case 'InventoryAssembly':
        Object.assign(base, {
          SalesPrice: it.price ?? 0,
          IncomeAccountListID: this.accountIdFor(it.incomeAccount, 'Sales'),
          ...(it.description ? { PurchaseDesc: it.description } : {}),
          PurchaseCost: it.cost ?? 0,
          COGSAccountListID: this.accountIdFor(undefined, 'Cost of Goods Sold'),
          AssetAccountListID: this.accountIdFor(undefined, 'Inventory Asset'),
          QuantityOnHand: it.quantityOnHand ?? 0,
          AverageCost: it.cost ?? 0,
          QuantityOnSalesOrder: 0,
          ...(it.reorderPoint !== undefined ? { ReorderPoint: it.reorderPoint } : {}),
          ...(it.manufacturerPartNumber ? { ManufacturerPartNumber: it.manufacturerPartNumber } : {}),
          SalesTaxCodeListID: this.taxCodeId(it.taxable ?? true),
        });
        break;
      case 'NonInventory':
      case 'Service':
      case 'OtherCharge':
        Object.assign(base, {
          SalesPrice: it.price ?? 0,
          IncomeAccountListID: this.accountIdFor(
            it.incomeAccount,
            it.type === 'OtherCharge' ? 'Shipping Income' : 'Sales',
          ),
          SalesTaxCodeListID: this.taxCodeId(it.taxable ?? it.type === 'NonInventory'),
          ...(it.cost !== undefined
            ? {
                ...(it.description ? { PurchaseDesc: it.description } : {}),
                PurchaseCost: it.cost,
                ExpenseAccountListID: this.accountIdFor(it.expenseAccount, 'Cost of Goods Sold'),
              }
            : {}),
          ...(it.manufacturerPartNumber && it.type === 'NonInventory'
            ? { ManufacturerPartNumber: it.manufacturerPartNumber }
            : {}),
        });
        break;
      case 'Discount':
        Object.assign(base, {
          IncomeAccountListID: this.accountIdFor(it.incomeAccount, 'Discounts'),
          SalesTaxCodeListID: this.taxCodeId(false),
          ...(it.discountPercent !== undefined ? { DiscountRatePercent: it.discountPercent } : {}),
          ...(it.discountRate !== undefined ? { DiscountRate: it.discountRate } : {}),
        });
        break;
      case 'SalesTax':
        Object.assign(base, { TaxRate: it.taxRate ?? 0 });
        break;
      case 'Group':
        Object.assign(base, { IsPrintItemsInGroup: false });
        break;
      case 'SalesTaxGroup':
        break;
    }
    if (it.barCode) base.BarCodeValue = it.barCode;
    if (
      it.components &&
      (it.type === 'Group' || it.type === 'InventoryAssembly' || it.type === 'SalesTaxGroup')
    ) {
      base.Components = it.components.map((c) => {
        const comp = this.itemByName(c.item);
        if (!comp) throw new Error(`component "${c.item}" of "${it.name}" does not exist`);
        if (it.type === 'SalesTaxGroup' && comp.ItemType !== 'SalesTax')
          throw new Error(`sales tax group "${it.name}" can only hold sales tax items, not "${c.item}"`);
        return { ItemListID: comp.ListID, Quantity: c.quantity };
      });
    }
    this.insertItem(base);
    return base;
  }

  /** A vendor, employee or other name list (created empty for older snapshots). */
  nameList(kind: NameListKind): NameRecord[] {
    const lists = (this.s.nameLists ??= {});
    return (lists[kind] ??= []);
  }

  /** Which name list already holds this name (customers: top level), ignoring case. */
  nameOwner(name: string): 'Customer' | NameListKind | undefined {
    const n = name.trim().toLowerCase();
    const customer = this.customerByName(name.trim());
    if (customer && customer.Sublevel === 0) return 'Customer';
    for (const kind of ['Vendor', 'Employee', 'OtherName'] as const)
      if (this.nameList(kind).some((r) => r.Name.toLowerCase() === n)) return kind;
    return undefined;
  }

  addName(kind: NameListKind, name: string, created: number): NameRecord {
    if (this.nameOwner(name)) throw Status.nameInUse(name);
    const rec: NameRecord = {
      ...this.newListCore(created),
      Name: name,
      FullName: name,
      IsActive: true,
      Sublevel: 0,
    };
    this.nameList(kind).push(rec);
    return rec;
  }

  /** A sales tax item or group by FullName. */
  taxItemByName(name: string): ItemRecord | undefined {
    const i = this.itemByName(name);
    return i && (i.ItemType === 'SalesTax' || i.ItemType === 'SalesTaxGroup') ? i : undefined;
  }

  private requireTaxItem(name: string, owner: string): ItemRecord {
    const i = this.taxItemByName(name);
    if (!i) throw new Error(`sales tax item "${name}" of "${owner}" does not exist`);
    return i;
  }

  /** A tax item's rate in percent; a group's is the sum of its items' rates. */
  taxRateOf(i: ItemRecord): number {
    if (i.ItemType === 'SalesTaxGroup')
      return (i.Components ?? []).reduce((s, c) => s + (this.itemById(c.ItemListID)?.TaxRate ?? 0), 0);
    return i.TaxRate ?? 0;
  }

  createCustomer(c: SeedCustomer, created: number): CustomerRecord {
    const parent = c.parent ? this.customerByName(c.parent) : undefined;
    if (c.parent && !parent) throw new Error(`parent customer "${c.parent}" of "${c.name}" does not exist`);
    const fullName = parent ? `${parent.FullName}:${c.name}` : c.name;
    if (this.customerByName(fullName) || (!parent && this.nameOwner(c.name)))
      throw Status.nameInUse(fullName);
    const rec: CustomerRecord = {
      ...this.newListCore(created),
      Name: c.name,
      FullName: fullName,
      IsActive: c.isActive ?? true,
      ...(parent ? { ParentListID: parent.ListID } : {}),
      Sublevel: parent ? parent.Sublevel + 1 : 0,
      ...(c.companyName ? { CompanyName: c.companyName } : {}),
      ...(c.firstName ? { FirstName: c.firstName } : {}),
      ...(c.lastName ? { LastName: c.lastName } : {}),
      ...(c.billAddress ? { BillAddress: addressFromSeed(c.billAddress)! } : {}),
      ...(c.shipAddress ? { ShipAddress: addressFromSeed(c.shipAddress)! } : {}),
      ...(c.phone ? { Phone: c.phone } : {}),
      ...(c.email ? { Email: c.email } : {}),
      ...(c.notes ? { Notes: c.notes } : {}),
      Balance: 0,
      TotalBalance: 0,
      ...(this.taxCodeId(c.taxable ?? false)
        ? { SalesTaxCodeListID: this.taxCodeId(c.taxable ?? false)! }
        : {}),
      ...(c.salesTaxItem ? { ItemSalesTaxListID: this.requireTaxItem(c.salesTaxItem, c.name).ListID } : {}),
      JobStatus: 'None',
    };
    this.insertCustomer(rec);
    return rec;
  }

  reindex(): void {
    this.customersById.clear();
    this.customersByName.clear();
    for (const c of this.s.customers) {
      this.customersById.set(c.ListID, c);
      this.customersByName.set(c.FullName.toLowerCase(), c);
    }
    this.itemsById.clear();
    this.itemsByName.clear();
    for (const i of this.s.items) {
      this.itemsById.set(i.ListID, i);
      this.itemsByName.set(i.FullName.toLowerCase(), i);
    }
    this.accountsById.clear();
    this.accountsByName.clear();
    for (const a of this.s.accounts) {
      this.accountsById.set(a.ListID, a);
      this.accountsByName.set(a.FullName.toLowerCase(), a);
    }
    this.simpleById.clear();
    this.simpleByName.clear();
    for (const kind of SIMPLE_LIST_KINDS) {
      for (const rec of this.s.simpleLists[kind]) {
        this.simpleById.set(rec.ListID, { kind, rec });
        this.simpleByName.set(`${kind}:${rec.Name.toLowerCase()}`, rec);
      }
    }
    this.txnsById.clear();
    for (const t of [...this.s.invoices, ...this.s.salesReceipts, ...this.s.journalEntries])
      this.txnsById.set(t.TxnID, t);
    this.sortedCache.clear();
  }

  // -------------------------------------------------------------------------------------------
  // clock & identifiers

  nowMs(): number {
    return this.now().getTime();
  }

  today(): string {
    return formatDate(this.nowMs(), this.offset);
  }

  newListID(createdMs: number): string {
    this.s.counters.list += 1;
    return `${(0x80000000 + this.s.counters.list).toString(16).toUpperCase()}-${unixSeconds(createdMs)}`;
  }

  newTxnID(createdMs: number): string {
    this.s.counters.txn += 1;
    return `${this.s.counters.txn.toString(16).toUpperCase()}-${unixSeconds(createdMs)}`;
  }

  nextTxnNumber(): number {
    this.s.counters.txnNumber += 1;
    return this.s.counters.txnNumber;
  }

  newListCore(
    createdMs: number,
  ): Pick<ListRecordBase, 'ListID' | 'TimeCreated' | 'TimeModified' | 'EditSequence'> {
    return {
      ListID: this.newListID(createdMs),
      TimeCreated: createdMs,
      TimeModified: createdMs,
      EditSequence: String(unixSeconds(createdMs)),
    };
  }

  /** New EditSequence + TimeModified: unix seconds, strictly increasing per object even within one second. */
  touch(rec: { EditSequence: string; TimeModified: number }): void {
    const t = this.nowMs();
    const prev = Number(rec.EditSequence);
    rec.EditSequence = String(Math.max(unixSeconds(t), Number.isFinite(prev) ? prev + 1 : 0));
    rec.TimeModified = Math.max(t, rec.TimeModified);
  }

  // -------------------------------------------------------------------------------------------
  // lookups

  customerById(id: string): CustomerRecord | undefined {
    return this.customersById.get(id);
  }
  customerByName(fullName: string): CustomerRecord | undefined {
    return this.customersByName.get(fullName.toLowerCase());
  }
  itemById(id: string): ItemRecord | undefined {
    return this.itemsById.get(id);
  }
  itemByName(fullName: string): ItemRecord | undefined {
    return this.itemsByName.get(fullName.toLowerCase());
  }
  accountById(id: string): AccountRecord | undefined {
    return this.accountsById.get(id);
  }
  accountByName(fullName: string): AccountRecord | undefined {
    return this.accountsByName.get(fullName.toLowerCase());
  }
  simpleByIdOf(kind: SimpleListKind, id: string): SimpleListRecord | undefined {
    const hit = this.simpleById.get(id);
    return hit && hit.kind === kind ? hit.rec : undefined;
  }
  simpleByNameOf(kind: SimpleListKind, name: string): SimpleListRecord | undefined {
    return this.simpleByName.get(`${kind}:${name.toLowerCase()}`);
  }
  txnById(id: string): TxnRecord | undefined {
    return this.txnsById.get(id);
  }
  firstAccountOfType(
    type: AccountRecord['AccountType'],
    special?: AccountRecord['SpecialAccountType'],
  ): AccountRecord | undefined {
    return this.s.accounts.find(
      (a) => a.AccountType === type && (!special || a.SpecialAccountType === special) && a.IsActive,
    );
  }

  /** FullName for a ListID of any list (for <…Ref> rendering). */
  fullNameOf(id: string | undefined): string | undefined {
    if (!id) return undefined;
    return (
      this.customersById.get(id)?.FullName ??
      this.itemsById.get(id)?.FullName ??
      this.accountsById.get(id)?.FullName ??
      this.simpleById.get(id)?.rec.Name
    );
  }

  sorted<T extends ListRecordBase>(list: 'customers' | 'items' | 'accounts'): T[] {
    let cached = this.sortedCache.get(list);
    if (!cached) {
      cached = [...(this.s[list] as ListRecordBase[])].sort((a, b) =>
        compareFullName(a.FullName, b.FullName),
      );
      this.sortedCache.set(list, cached);
    }
    return cached as T[];
  }

  salesTxns(type: 'Invoice' | 'SalesReceipt'): SalesTxnRecord[] {
    return type === 'Invoice' ? this.s.invoices : this.s.salesReceipts;
  }

  // -------------------------------------------------------------------------------------------
  // mutations

  insertCustomer(rec: CustomerRecord): void {
    this.s.customers.push(rec);
    this.customersById.set(rec.ListID, rec);
    this.customersByName.set(rec.FullName.toLowerCase(), rec);
    this.sortedCache.delete('customers');
  }

  insertItem(rec: ItemRecord): void {
    this.s.items.push(rec);
    this.itemsById.set(rec.ListID, rec);
    this.itemsByName.set(rec.FullName.toLowerCase(), rec);
    this.sortedCache.delete('items');
  }

  insertAccount(rec: AccountRecord): void {
    this.s.accounts.push(rec);
    this.accountsById.set(rec.ListID, rec);
    this.accountsByName.set(rec.FullName.toLowerCase(), rec);
    this.sortedCache.delete('accounts');
  }

  /** Renames a list object (and the FullName of its descendants, which QuickBooks also touches). */
  rename(list: 'customers' | 'items', rec: ListRecordBase, newName: string): void {
    const byName = (list === 'customers' ? this.customersByName : this.itemsByName) as Map<
      string,
      ListRecordBase
    >;
    const all = this.s[list] as ListRecordBase[];
    const oldFull = rec.FullName;
    const parentFull = rec.ParentListID ? this.fullNameOf(rec.ParentListID) : undefined;
    const newFull = parentFull ? `${parentFull}:${newName}` : newName;
    const clash = byName.get(newFull.toLowerCase());
    if (clash && clash !== rec) throw Status.nameInUse(newFull);
    for (const r of all) {
      if (r === rec || r.FullName.toLowerCase().startsWith(`${oldFull.toLowerCase()}:`)) {
        byName.delete(r.FullName.toLowerCase());
        r.FullName = r === rec ? newFull : newFull + r.FullName.slice(oldFull.length);
        if (r === rec) r.Name = newName;
        else this.touch(r);
        byName.set(r.FullName.toLowerCase(), r);
      }
    }
    this.sortedCache.delete(list);
  }

  removeListRecord(list: 'customers' | 'items' | 'accounts', rec: ListRecordBase): void {
    const arr = this.s[list] as ListRecordBase[];
    const i = arr.indexOf(rec);
    if (i >= 0) arr.splice(i, 1);
    if (list === 'customers') {
      this.customersById.delete(rec.ListID);
      this.customersByName.delete(rec.FullName.toLowerCase());
    } else if (list === 'items') {
      this.itemsById.delete(rec.ListID);
      this.itemsByName.delete(rec.FullName.toLowerCase());
    } else {
      this.accountsById.delete(rec.ListID);
      this.accountsByName.delete(rec.FullName.toLowerCase());
    }
    this.sortedCache.delete(list);
  }

  insertTxn(t: TxnRecord): void {
    if (t.TxnType === 'JournalEntry') this.s.journalEntries.push(t);
    else this.salesTxns(t.TxnType).push(t);
    this.txnsById.set(t.TxnID, t);
  }

  replaceTxn(old: TxnRecord, next: TxnRecord): void {
    const arr: TxnRecord[] =
      old.TxnType === 'JournalEntry' ? this.s.journalEntries : this.salesTxns(old.TxnType);
    const i = arr.indexOf(old);
    if (i >= 0) arr[i] = next;
    this.txnsById.set(next.TxnID, next);
  }

  removeTxn(t: TxnRecord): void {
    const arr: TxnRecord[] = t.TxnType === 'JournalEntry' ? this.s.journalEntries : this.salesTxns(t.TxnType);
    const i = arr.indexOf(t);
    if (i >= 0) arr.splice(i, 1);
    this.txnsById.delete(t.TxnID);
  }

  /** Customer Balance moves with open invoices / A/R journal lines; TotalBalance rolls up to parents. */
  adjustCustomerBalance(listID: string | undefined, delta: number): void {
    if (!listID || delta === 0) return;
    const c = this.customersById.get(listID);
    if (!c) return;
    c.Balance = Math.round((c.Balance + delta) * 100) / 100;
    for (
      let p: CustomerRecord | undefined = c;
      p;
      p = p.ParentListID ? this.customersById.get(p.ParentListID) : undefined
    ) {
      p.TotalBalance = Math.round((p.TotalBalance + delta) * 100) / 100;
    }
  }

  /**
   * Applies (sign=+1) or reverts (sign=-1) a transaction's effects: inventory leaves stock when sold
   * (QuantityOnHand −= Quantity for Inventory/InventoryAssembly lines with a quantity), invoices
   * raise the customer's open balance, A/R journal lines move it. Like QuickBooks, stock may go negative.
   */
  applyEffects(t: TxnRecord, sign: 1 | -1): void {
    if (t.TxnType === 'JournalEntry') {
      for (const l of t.lines) {
        const a = this.accountsById.get(l.AccountListID);
        if (a?.AccountType === 'AccountsReceivable' && l.EntityListID) {
          this.adjustCustomerBalance(l.EntityListID, sign * (l.side === 'Debit' ? l.Amount : -l.Amount));
        }
      }
      return;
    }
    const each = (l: SalesLineRecord): void => {
      if (!l.ItemListID || l.Quantity === undefined) return;
      const item = this.itemsById.get(l.ItemListID);
      if (item && isInventoryType(item.ItemType)) {
        item.QuantityOnHand = Math.round(((item.QuantityOnHand ?? 0) - sign * l.Quantity) * 100000) / 100000;
      }
    };
    for (const entry of t.lines) {
      if (entry.kind === 'line') each(entry);
      else entry.lines.forEach(each);
    }
    if (t.TxnType === 'Invoice') this.adjustCustomerBalance(t.CustomerListID, sign * balanceRemaining(t));
  }

  hasTransactions(listID: string): boolean {
    for (const t of this.txnsById.values()) {
      if (t.TxnType === 'JournalEntry') {
        if (t.lines.some((l) => l.AccountListID === listID || l.EntityListID === listID)) return true;
        continue;
      }
      if (
        t.CustomerListID === listID ||
        t.ARAccountListID === listID ||
        t.DepositToAccountListID === listID ||
        t.ItemSalesTaxListID === listID
      )
        return true;
      for (const e of t.lines) {
        if (
          e.kind === 'line'
            ? e.ItemListID === listID
            : e.ItemGroupListID === listID || e.lines.some((l) => l.ItemListID === listID)
        )
          return true;
      }
    }
    return false;
  }

  assertNotStale(rec: { EditSequence: string }, given: string, forceStale: boolean): void {
    if (forceStale || rec.EditSequence !== given) throw Status.staleEditSequence(given);
  }
}

export function balanceRemaining(t: SalesTxnRecord): number {
  return Math.round((t.Subtotal + t.SalesTaxTotal - t.AppliedAmount) * 100) / 100;
}

export function isStatusError(e: unknown): e is QbStatusError {
  return e instanceof QbStatusError;
}
