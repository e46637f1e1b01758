/**
 * Data of the simulated company. Everything here is plain JSON (times are epoch ms) so a company
 * can be snapshotted with `toJSON()` and restored with `QbCompany.fromJSON()`.
 */

// ---------------------------------------------------------------------------------------------
// Seed (input of QbCompany; produced by generateCompanySeed or written by hand)

export const ITEM_TYPES = [
  'Inventory',
  'NonInventory',
  'Service',
  'OtherCharge',
  'InventoryAssembly',
  'Group',
  'Discount',
  'SalesTax',
  /** Several sales tax items charged together (e.g. state + county); its rate is their sum. */
  'SalesTaxGroup',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export type AccountType =
  | 'AccountsPayable'
  | 'AccountsReceivable'
  | 'Bank'
  | 'CostOfGoodsSold'
  | 'CreditCard'
  | 'Equity'
  | 'Expense'
  | 'FixedAsset'
  | 'Income'
  | 'LongTermLiability'
  | 'NonPosting'
  | 'OtherAsset'
  | 'OtherCurrentAsset'
  | 'OtherCurrentLiability'
  | 'OtherExpense'
  | 'OtherIncome';

export type SpecialAccountType =
  | 'AccountsReceivable'
  | 'CostOfGoodsSold'
  | 'InventoryAssets'
  | 'OpeningBalanceEquity'
  | 'SalesTaxPayable'
  | 'UndepositedFunds'
  | 'RetainedEarnings';

export interface SeedAddress {
  addr1?: string;
  addr2?: string;
  addr3?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface SeedCustomer {
  /** Leaf name (≤ 41 chars). */
  name: string;
  /** FullName of the parent customer (must come earlier in the list): makes a `Parent:Child` job. */
  parent?: string;
  isActive?: boolean;
  companyName?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  billAddress?: SeedAddress;
  shipAddress?: SeedAddress;
  /** Sales tax code Tax (true) / Non (false, default). */
  taxable?: boolean;
  /** The customer's sales tax item or group (FullName): QuickBooks uses it when a sale names none. */
  salesTaxItem?: string;
  notes?: string;
  /** Created this many days before the company's clock at construction (default 30). */
  createdDaysAgo?: number;
}

export interface SeedItem {
  type: ItemType;
  /** Leaf name (≤ 31 chars) — for products this is the SKU. */
  name: string;
  /** FullName of the parent item (must come earlier): makes a `Parent:Child` sub-item. */
  parent?: string;
  isActive?: boolean;
  description?: string;
  price?: number;
  cost?: number;
  /** Inventory / InventoryAssembly. */
  quantityOnHand?: number;
  reorderPoint?: number;
  manufacturerPartNumber?: string;
  barCode?: string;
  taxable?: boolean;
  /** Account names; defaults per type (Sales, Shipping Income, Discounts, …). */
  incomeAccount?: string;
  expenseAccount?: string;
  /** Group / InventoryAssembly components, by item FullName. */
  components?: { item: string; quantity: number }[];
  discountRate?: number;
  discountPercent?: number;
  /** SalesTax: percent, e.g. 7.25. */
  taxRate?: number;
  /** Public custom fields by name (OwnerID 0). */
  customFields?: Record<string, string>;
  createdDaysAgo?: number;
}

export interface SeedAccount {
  name: string;
  type: AccountType;
  special?: SpecialAccountType;
  number?: string;
  description?: string;
}

export interface CompanySeed {
  companyName: string;
  legalName?: string;
  address?: SeedAddress;
  email?: string;
  phone?: string;
  customers: SeedCustomer[];
  items: SeedItem[];
  /** Chart of accounts; defaults to DEFAULT_ACCOUNTS. */
  accounts?: SeedAccount[];
  /** Names on the vendor, employee and other-name lists (unique across them and the customers). */
  vendors?: string[];
  employees?: string[];
  otherNames?: string[];
  /** The "Do you charge sales tax?" preference (see CompanySnapshot.salesTax). */
  salesTax?: { enabled: boolean; /** "Your most common sales tax item" (FullName). */ defaultItem?: string };
}

export const DEFAULT_ACCOUNTS: readonly SeedAccount[] = [
  { name: 'Checking', type: 'Bank', number: '10100' },
  { name: 'Accounts Receivable', type: 'AccountsReceivable', special: 'AccountsReceivable', number: '11000' },
  { name: 'Undeposited Funds', type: 'OtherCurrentAsset', special: 'UndepositedFunds', number: '12000' },
  { name: 'Inventory Asset', type: 'OtherCurrentAsset', special: 'InventoryAssets', number: '12100' },
  { name: 'Sales Tax Payable', type: 'OtherCurrentLiability', special: 'SalesTaxPayable', number: '25500' },
  { name: 'Opening Balance Equity', type: 'Equity', special: 'OpeningBalanceEquity', number: '30000' },
  { name: 'Sales', type: 'Income', number: '46000' },
  { name: 'Shipping Income', type: 'Income', number: '46100' },
  { name: 'Discounts', type: 'Income', number: '46200', description: 'Discounts given to customers' },
  { name: 'Cost of Goods Sold', type: 'CostOfGoodsSold', special: 'CostOfGoodsSold', number: '50000' },
  { name: 'Merchant Fees', type: 'Expense', number: '60500' },
  { name: 'Shipping Expense', type: 'Expense', number: '60600' },
];

// ---------------------------------------------------------------------------------------------
// Records (the company's state)

export interface Address {
  Addr1?: string;
  Addr2?: string;
  Addr3?: string;
  Addr4?: string;
  Addr5?: string;
  City?: string;
  State?: string;
  PostalCode?: string;
  Country?: string;
  Note?: string;
}

export interface ListRecordBase {
  ListID: string;
  TimeCreated: number;
  TimeModified: number;
  EditSequence: string;
  Name: string;
  FullName: string;
  IsActive: boolean;
  ParentListID?: string;
  Sublevel: number;
}

/**
 * The other name lists. QuickBooks keeps customers (and jobs), vendors, employees and other names in
 * one name list: a name used in one cannot be used in another ("QuickBooks already has an entry in
 * the Customer:Job, Vendor, Employee, or Other names list with this contact name", Intuit in-product
 * help, Duplicate name; "there cannot be a customer, an employee, or another vendor with the name",
 * OnTime360 KB a28). qbXML answers such an Add with 3100.
 */
export type NameListKind = 'Vendor' | 'Employee' | 'OtherName';
export type NameRecord = ListRecordBase;

export interface CustomerRecord extends ListRecordBase {
  CompanyName?: string;
  Salutation?: string;
  FirstName?: string;
  MiddleName?: string;
  LastName?: string;
  JobTitle?: string;
  BillAddress?: Address;
  ShipAddress?: Address;
  Phone?: string;
  Mobile?: string;
  AltPhone?: string;
  Fax?: string;
  Email?: string;
  Cc?: string;
  Contact?: string;
  AltContact?: string;
  /** Open invoice balance of this customer alone / including its jobs. */
  Balance: number;
  TotalBalance: number;
  SalesTaxCodeListID?: string;
  /** The customer's sales tax item or group. */
  ItemSalesTaxListID?: string;
  ResaleNumber?: string;
  AccountNumber?: string;
  CreditLimit?: number;
  JobStatus?: string;
  Notes?: string;
  ExternalGUID?: string;
}

export interface AccountRecord extends ListRecordBase {
  AccountType: AccountType;
  SpecialAccountType?: SpecialAccountType;
  AccountNumber?: string;
  Desc?: string;
  Balance: number;
}

export interface ItemComponent {
  ItemListID: string;
  Quantity: number;
}

export interface ItemRecord extends ListRecordBase {
  ItemType: ItemType;
  /** Sales description (SalesDesc / Desc / ItemDesc depending on type). */
  Desc?: string;
  SalesPrice?: number;
  PricePercent?: number;
  IncomeAccountListID?: string;
  /** Purchase side present → SalesAndPurchase block (NonInventory/Service/OtherCharge). */
  PurchaseDesc?: string;
  PurchaseCost?: number;
  ExpenseAccountListID?: string;
  COGSAccountListID?: string;
  AssetAccountListID?: string;
  QuantityOnHand?: number;
  AverageCost?: number;
  QuantityOnSalesOrder?: number;
  ReorderPoint?: number;
  ManufacturerPartNumber?: string;
  BarCodeValue?: string;
  SalesTaxCodeListID?: string;
  Components?: ItemComponent[];
  IsPrintItemsInGroup?: boolean;
  DiscountRate?: number;
  DiscountRatePercent?: number;
  TaxRate?: number;
  ExternalGUID?: string;
  /**
   * Public custom fields (Lists > Item List > Edit Item > Custom Fields; OwnerID 0 in qbXML), e.g. a
   * "SKU" field some merchants keep there.
   */
  CustomFields?: { name: string; value: string }[];
}

/** Small fixed lists only referenced by transactions (sales tax codes, templates, terms, …). */
export interface SimpleListRecord {
  ListID: string;
  Name: string;
  TimeCreated: number;
  IsTaxable?: boolean;
}

export type SimpleListKind =
  | 'SalesTaxCode'
  | 'Template'
  | 'PaymentMethod'
  | 'Terms'
  | 'ShipMethod'
  | 'Class'
  | 'SalesRep'
  | 'CustomerMsg';

export interface SalesLineRecord {
  kind: 'line';
  TxnLineID: string;
  ItemListID?: string;
  Desc?: string;
  Quantity?: number;
  Rate?: number;
  RatePercent?: number;
  Amount: number;
  ClassListID?: string;
  ServiceDate?: string;
  SalesTaxCodeListID?: string;
  Other1?: string;
  Other2?: string;
}

export interface SalesLineGroupRecord {
  kind: 'group';
  TxnLineID: string;
  ItemGroupListID: string;
  Desc?: string;
  Quantity: number;
  IsPrintItemsInGroup: boolean;
  ServiceDate?: string;
  lines: SalesLineRecord[];
}

export type SalesLineEntry = SalesLineRecord | SalesLineGroupRecord;

export type SalesTxnType = 'Invoice' | 'SalesReceipt';

/**
 * Who made a change: the qbXML request processor (an integration, through QBWC) or a person working
 * in the QuickBooks window (the scripting API). Real QuickBooks keeps this in its audit trail, not in
 * qbXML; the simulator records it so a test oracle can tell hand work from posted work without
 * asking the product.
 */
export type TxnOrigin = 'qbxml' | 'user';

/** One change after creation (a Mod, or a hand edit), oldest first. `at` is the company clock (epoch ms). */
export interface TxnEdit {
  at: number;
  via: TxnOrigin;
  /** EditSequence the change produced. */
  editSequence: string;
}

/** Simulator-only bookkeeping on every transaction record (never rendered in qbXML). */
export interface TxnProvenance {
  createdVia: TxnOrigin;
  edits: TxnEdit[];
}

export interface SalesTxnRecord extends TxnProvenance {
  TxnType: SalesTxnType;
  TxnID: string;
  TimeCreated: number;
  TimeModified: number;
  EditSequence: string;
  TxnNumber: number;
  CustomerListID?: string;
  ClassListID?: string;
  ARAccountListID?: string;
  TemplateListID?: string;
  TxnDate: string;
  RefNumber?: string;
  BillAddress?: Address;
  ShipAddress?: Address;
  IsPending: boolean;
  IsFinanceCharge?: boolean;
  PONumber?: string;
  TermsListID?: string;
  DueDate?: string;
  SalesRepListID?: string;
  FOB?: string;
  ShipDate?: string;
  ShipMethodListID?: string;
  ItemSalesTaxListID?: string;
  Subtotal: number;
  SalesTaxPercentage: number;
  SalesTaxTotal: number;
  AppliedAmount: number;
  Memo?: string;
  CustomerMsgListID?: string;
  IsToBePrinted: boolean;
  IsToBeEmailed: boolean;
  IsTaxIncluded?: boolean;
  CustomerSalesTaxCodeListID?: string;
  Other?: string;
  ExternalGUID?: string;
  CheckNumber?: string;
  PaymentMethodListID?: string;
  DepositToAccountListID?: string;
  lines: SalesLineEntry[];
}

export interface JournalLineRecord {
  side: 'Debit' | 'Credit';
  TxnLineID: string;
  AccountListID: string;
  Amount: number;
  Memo?: string;
  EntityListID?: string;
  ClassListID?: string;
}

export interface JournalEntryRecord extends TxnProvenance {
  TxnType: 'JournalEntry';
  TxnID: string;
  TimeCreated: number;
  TimeModified: number;
  EditSequence: string;
  TxnNumber: number;
  TxnDate: string;
  RefNumber?: string;
  Memo?: string;
  IsAdjustment: boolean;
  ExternalGUID?: string;
  lines: JournalLineRecord[];
}

export type TxnRecord = SalesTxnRecord | JournalEntryRecord;

export interface DeletedTxnRecord {
  TxnDelType: string;
  TxnID: string;
  TimeCreated: number;
  TimeDeleted: number;
  RefNumber?: string;
  /** Simulator-only: how the deleted transaction was created, and who deleted it (TxnDel or a person). */
  createdVia?: TxnOrigin;
  deletedVia?: TxnOrigin;
}

export interface DeletedListRecord {
  ListDelType: string;
  ListID: string;
  TimeCreated: number;
  TimeDeleted: number;
  FullName: string;
}

/** Serializable state: what `toJSON()` returns and `fromJSON()` accepts. */
export interface CompanySnapshot {
  format: 'qb-company-sim/1';
  companyName: string;
  legalName?: string;
  address?: Address;
  email?: string;
  phone?: string;
  companyFile: string;
  counters: { list: number; txn: number; txnNumber: number };
  accounts: AccountRecord[];
  customers: CustomerRecord[];
  items: ItemRecord[];
  simpleLists: Record<SimpleListKind, SimpleListRecord[]>;
  invoices: SalesTxnRecord[];
  salesReceipts: SalesTxnRecord[];
  journalEntries: JournalEntryRecord[];
  deletedTxns: DeletedTxnRecord[];
  deletedLists: DeletedListRecord[];
  /** newMessageSetID → stored response document (error recovery). */
  messageSets: Record<string, string>;
  /**
   * The sales tax preference. Absent: the simulator's earlier model (tax only when a sale names its
   * tax item). `enabled: false`: no sale is ever taxed. `enabled: true`: QuickBooks' own rules (a
   * sale without ItemSalesTaxRef takes the customer's tax item, else the most common one; without
   * CustomerSalesTaxCodeRef, the customer's code) — see handlers.ts `applyTaxDefaults`.
   */
  salesTax?: { enabled: boolean; defaultItemListID?: string };
  /** Vendors, employees and other names (absent in older snapshots: empty). */
  nameLists?: Partial<Record<NameListKind, NameRecord[]>>;
}
