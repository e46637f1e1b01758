/**
 * `…Ret` elements, children in the exact order of the qbXML 13.0 schema sequences
 * (qbxml130.xsd: CustomerRet, AccountRet, Item*Ret, InvoiceRet, SalesReceiptRet, JournalEntryRet,
 * HostRet, CompanyRet, PreferencesRet, TxnDeletedRet, ListDeletedRet).
 */
import { balanceRemaining, type CompanyCore } from './core.js';
import { fmtAmount, fmtPrice, fmtQty, formatDateTime } from './format.js';
import type {
  NameListKind,
  NameRecord,
  AccountRecord,
  Address,
  CustomerRecord,
  DeletedListRecord,
  DeletedTxnRecord,
  ItemRecord,
  JournalEntryRecord,
  ListRecordBase,
  SalesLineEntry,
  SalesLineRecord,
  SalesTxnRecord,
} from './model.js';
import { el, nodeChildren, nodeName, tx, type XmlNode } from './xml.js';

export function refNode(core: CompanyCore, name: string, listID: string | undefined): XmlNode | undefined {
  if (!listID) return undefined;
  return el(name, [tx('ListID', listID), tx('FullName', core.fullNameOf(listID))]);
}

const bool = (b: boolean | undefined): string | undefined =>
  b === undefined ? undefined : b ? 'true' : 'false';
const amt = (n: number | undefined): string | undefined => (n === undefined ? undefined : fmtAmount(n));
const price = (n: number | undefined): string | undefined => (n === undefined ? undefined : fmtPrice(n));
const qty = (n: number | undefined): string | undefined => (n === undefined ? undefined : fmtQty(n));

function time(core: CompanyCore, ms: number): string {
  return formatDateTime(ms, core.offset, core.stamp);
}

export function addressNode(name: string, a: Address | undefined): XmlNode | undefined {
  if (!a || Object.values(a).every((v) => !v)) return undefined;
  return el(name, [
    tx('Addr1', a.Addr1),
    tx('Addr2', a.Addr2),
    tx('Addr3', a.Addr3),
    tx('Addr4', a.Addr4),
    tx('Addr5', a.Addr5),
    tx('City', a.City),
    tx('State', a.State),
    tx('PostalCode', a.PostalCode),
    tx('Country', a.Country),
    tx('Note', a.Note),
  ]);
}

/** The printable block QuickBooks derives from an address: street lines, "City, ST Zip", country. */
export function addressBlockNode(name: string, a: Address | undefined): XmlNode | undefined {
  if (!a) return undefined;
  const lines = [a.Addr1, a.Addr2, a.Addr3, a.Addr4, a.Addr5].filter((x): x is string => !!x);
  const cityLine = [
    a.City ? `${a.City}${a.State || a.PostalCode ? ',' : ''}` : undefined,
    a.State,
    a.PostalCode,
  ]
    .filter(Boolean)
    .join(' ');
  if (cityLine) lines.push(cityLine);
  if (a.Country) lines.push(a.Country);
  if (lines.length === 0) return undefined;
  return el(
    name,
    lines.slice(0, 5).map((l, i) => tx(`Addr${i + 1}`, l.slice(0, 41))),
  );
}

function listCore(core: CompanyCore, r: ListRecordBase): XmlNode[] {
  return [
    tx('ListID', r.ListID)!,
    tx('TimeCreated', time(core, r.TimeCreated))!,
    tx('TimeModified', time(core, r.TimeModified))!,
    tx('EditSequence', r.EditSequence)!,
  ];
}

export function renderCustomer(core: CompanyCore, c: CustomerRecord): XmlNode {
  return el('CustomerRet', [
    ...listCore(core, c),
    tx('Name', c.Name),
    tx('FullName', c.FullName),
    tx('IsActive', bool(c.IsActive)),
    refNode(core, 'ParentRef', c.ParentListID),
    tx('Sublevel', c.Sublevel),
    tx('CompanyName', c.CompanyName),
    tx('Salutation', c.Salutation),
    tx('FirstName', c.FirstName),
    tx('MiddleName', c.MiddleName),
    tx('LastName', c.LastName),
    tx('JobTitle', c.JobTitle),
    addressNode('BillAddress', c.BillAddress),
    addressBlockNode('BillAddressBlock', c.BillAddress),
    addressNode('ShipAddress', c.ShipAddress),
    addressBlockNode('ShipAddressBlock', c.ShipAddress),
    tx('Phone', c.Phone),
    tx('Mobile', c.Mobile),
    tx('AltPhone', c.AltPhone),
    tx('Fax', c.Fax),
    tx('Email', c.Email),
    tx('Cc', c.Cc),
    tx('Contact', c.Contact),
    tx('AltContact', c.AltContact),
    tx('Balance', amt(c.Balance)),
    tx('TotalBalance', amt(c.TotalBalance)),
    refNode(core, 'SalesTaxCodeRef', c.SalesTaxCodeListID),
    refNode(core, 'ItemSalesTaxRef', c.ItemSalesTaxListID),
    tx('ResaleNumber', c.ResaleNumber),
    tx('AccountNumber', c.AccountNumber),
    tx('CreditLimit', amt(c.CreditLimit)),
    tx('JobStatus', c.JobStatus ?? 'None'),
    tx('Notes', c.Notes),
    tx('PreferredDeliveryMethod', 'None'),
    tx('ExternalGUID', c.ExternalGUID),
  ]);
}

export function renderAccount(core: CompanyCore, a: AccountRecord): XmlNode {
  return el('AccountRet', [
    ...listCore(core, a),
    tx('Name', a.Name),
    tx('FullName', a.FullName),
    tx('IsActive', bool(a.IsActive)),
    refNode(core, 'ParentRef', a.ParentListID),
    tx('Sublevel', a.Sublevel),
    tx('AccountType', a.AccountType),
    tx('SpecialAccountType', a.SpecialAccountType),
    tx('AccountNumber', a.AccountNumber),
    tx('Desc', a.Desc),
    tx('Balance', amt(a.Balance)),
    tx('TotalBalance', amt(a.Balance)),
    tx(
      'CashFlowClassification',
      a.AccountType === 'Income' || a.AccountType === 'Expense' || a.AccountType === 'CostOfGoodsSold'
        ? 'NotApplicable'
        : 'Operating',
    ),
  ]);
}

/** SalesOrPurchase (sell-only item) or SalesAndPurchase (bought and sold) block. */
function salesBlock(core: CompanyCore, i: ItemRecord): XmlNode {
  if (i.ExpenseAccountListID) {
    return el('SalesAndPurchase', [
      tx('SalesDesc', i.Desc),
      tx('SalesPrice', price(i.SalesPrice)),
      refNode(core, 'IncomeAccountRef', i.IncomeAccountListID),
      tx('PurchaseDesc', i.PurchaseDesc),
      tx('PurchaseCost', price(i.PurchaseCost)),
      refNode(core, 'ExpenseAccountRef', i.ExpenseAccountListID),
    ]);
  }
  return el('SalesOrPurchase', [
    tx('Desc', i.Desc),
    i.PricePercent !== undefined
      ? tx('PricePercent', price(i.PricePercent))
      : tx('Price', price(i.SalesPrice)),
    refNode(core, 'AccountRef', i.IncomeAccountListID),
  ]);
}

function itemHead(core: CompanyCore, i: ItemRecord, withFullName: boolean): XmlNode[] {
  return [...listCore(core, i), tx('Name', i.Name)!, ...(withFullName ? [tx('FullName', i.FullName)!] : [])];
}

export const ITEM_RET_NAME: Readonly<Record<ItemRecord['ItemType'], string>> = {
  Inventory: 'ItemInventoryRet',
  NonInventory: 'ItemNonInventoryRet',
  Service: 'ItemServiceRet',
  OtherCharge: 'ItemOtherChargeRet',
  InventoryAssembly: 'ItemInventoryAssemblyRet',
  Group: 'ItemGroupRet',
  Discount: 'ItemDiscountRet',
  SalesTax: 'ItemSalesTaxRet',
  SalesTaxGroup: 'ItemSalesTaxGroupRet',
};

/**
 * Public custom fields, last in every item Ret (qbXML 13 schema: `DataExtRet` after ExternalGUID),
 * and only when the query names OwnerID 0: Intuit, qbXML OSR, OwnerID on queries ("If you want
 * custom field data returned, specify 0 for public data extensions").
 */
function withCustomFields(node: XmlNode, i: ItemRecord, ownerZero: boolean): XmlNode {
  if (!ownerZero || !i.CustomFields?.length) return node;
  const ext = i.CustomFields.map((f) =>
    el('DataExtRet', [
      tx('OwnerID', '0')!,
      tx('DataExtName', f.name)!,
      tx('DataExtType', 'STR255TYPE')!,
      tx('DataExtValue', f.value)!,
    ]),
  );
  const name = nodeName(node);
  return { ...node, [name]: [...nodeChildren(node), ...ext] };
}

export function renderItem(core: CompanyCore, i: ItemRecord, ownerZero = false): XmlNode {
  return withCustomFields(renderItemCore(core, i), i, ownerZero);
}

function renderItemCore(core: CompanyCore, i: ItemRecord): XmlNode {
  const name = ITEM_RET_NAME[i.ItemType];
  const hier = (): XmlNode[] =>
    [
      tx('BarCodeValue', i.BarCodeValue),
      tx('IsActive', bool(i.IsActive)),
      refNode(core, 'ParentRef', i.ParentListID),
      tx('Sublevel', i.Sublevel),
    ].filter((x): x is XmlNode => !!x);
  switch (i.ItemType) {
    case 'Inventory':
    case 'InventoryAssembly': {
      const isAsm = i.ItemType === 'InventoryAssembly';
      return el(name, [
        ...itemHead(core, i, true),
        ...hier(),
        tx('ManufacturerPartNumber', i.ManufacturerPartNumber),
        refNode(core, 'SalesTaxCodeRef', i.SalesTaxCodeListID),
        tx('SalesDesc', i.Desc),
        tx('SalesPrice', price(i.SalesPrice ?? 0)),
        refNode(core, 'IncomeAccountRef', i.IncomeAccountListID),
        tx('PurchaseDesc', i.PurchaseDesc),
        tx('PurchaseCost', price(i.PurchaseCost ?? 0)),
        refNode(core, 'COGSAccountRef', i.COGSAccountListID),
        refNode(core, 'AssetAccountRef', i.AssetAccountListID),
        tx(isAsm ? 'BuildPoint' : 'ReorderPoint', qty(i.ReorderPoint)),
        tx('QuantityOnHand', qty(i.QuantityOnHand ?? 0)),
        tx('AverageCost', price(i.AverageCost ?? 0)),
        tx('QuantityOnOrder', '0'),
        tx('QuantityOnSalesOrder', qty(i.QuantityOnSalesOrder ?? 0)),
        tx('ExternalGUID', i.ExternalGUID),
        ...(isAsm
          ? (i.Components ?? []).map((c) =>
              el('ItemInventoryAssemblyLine', [
                refNode(core, 'ItemInventoryRef', c.ItemListID),
                tx('Quantity', qty(c.Quantity)),
              ]),
            )
          : []),
      ]);
    }
    case 'NonInventory':
      return el(name, [
        ...itemHead(core, i, true),
        ...hier(),
        tx('ManufacturerPartNumber', i.ManufacturerPartNumber),
        refNode(core, 'SalesTaxCodeRef', i.SalesTaxCodeListID),
        salesBlock(core, i),
        tx('ExternalGUID', i.ExternalGUID),
      ]);
    case 'Service':
    case 'OtherCharge':
      return el(name, [
        ...itemHead(core, i, true),
        ...hier(),
        refNode(core, 'SalesTaxCodeRef', i.SalesTaxCodeListID),
        salesBlock(core, i),
        tx('ExternalGUID', i.ExternalGUID),
      ]);
    case 'Group':
      return el(name, [
        ...itemHead(core, i, false),
        tx('BarCodeValue', i.BarCodeValue),
        tx('IsActive', bool(i.IsActive)),
        tx('ItemDesc', i.Desc),
        tx('IsPrintItemsInGroup', bool(i.IsPrintItemsInGroup ?? false)),
        tx('ExternalGUID', i.ExternalGUID),
        ...(i.Components ?? []).map((c) =>
          el('ItemGroupLine', [refNode(core, 'ItemRef', c.ItemListID), tx('Quantity', qty(c.Quantity))]),
        ),
      ]);
    case 'Discount':
      return el(name, [
        ...itemHead(core, i, true),
        ...hier(),
        tx('ItemDesc', i.Desc),
        refNode(core, 'SalesTaxCodeRef', i.SalesTaxCodeListID),
        i.DiscountRatePercent !== undefined
          ? tx('DiscountRatePercent', price(i.DiscountRatePercent))
          : tx('DiscountRate', price(i.DiscountRate)),
        refNode(core, 'AccountRef', i.IncomeAccountListID),
        tx('ExternalGUID', i.ExternalGUID),
      ]);
    case 'SalesTax':
      return el(name, [
        ...itemHead(core, i, false),
        tx('BarCodeValue', i.BarCodeValue),
        tx('IsActive', bool(i.IsActive)),
        tx('ItemDesc', i.Desc),
        tx('TaxRate', price(i.TaxRate ?? 0)),
        tx('ExternalGUID', i.ExternalGUID),
      ]);
    case 'SalesTaxGroup':
      return el(name, [
        ...itemHead(core, i, false),
        tx('BarCodeValue', i.BarCodeValue),
        tx('IsActive', bool(i.IsActive)),
        tx('ItemDesc', i.Desc),
        tx('ExternalGUID', i.ExternalGUID),
        ...(i.Components ?? []).map((c) => refNode(core, 'ItemSalesTaxRef', c.ItemListID)),
      ]);
  }
}

// ---------------------------------------------------------------------------------------------
// transactions

function txnCore(
  core: CompanyCore,
  t: { TxnID: string; TimeCreated: number; TimeModified: number; EditSequence: string; TxnNumber: number },
): XmlNode[] {
  return [
    tx('TxnID', t.TxnID)!,
    tx('TimeCreated', time(core, t.TimeCreated))!,
    tx('TimeModified', time(core, t.TimeModified))!,
    tx('EditSequence', t.EditSequence)!,
    tx('TxnNumber', t.TxnNumber)!,
  ];
}

function salesLine(core: CompanyCore, prefix: 'Invoice' | 'SalesReceipt', l: SalesLineRecord): XmlNode {
  return el(`${prefix}LineRet`, [
    tx('TxnLineID', l.TxnLineID),
    refNode(core, 'ItemRef', l.ItemListID),
    tx('Desc', l.Desc),
    tx('Quantity', qty(l.Quantity)),
    l.RatePercent !== undefined ? tx('RatePercent', price(l.RatePercent)) : tx('Rate', price(l.Rate)),
    refNode(core, 'ClassRef', l.ClassListID),
    tx('Amount', amt(l.Amount)),
    tx('ServiceDate', l.ServiceDate),
    refNode(core, 'SalesTaxCodeRef', l.SalesTaxCodeListID),
    tx('Other1', l.Other1),
    tx('Other2', l.Other2),
  ]);
}

export function lineEntryTotal(e: SalesLineEntry): number {
  return e.kind === 'line' ? e.Amount : Math.round(e.lines.reduce((s, l) => s + l.Amount, 0) * 100) / 100;
}

function salesLines(core: CompanyCore, prefix: 'Invoice' | 'SalesReceipt', t: SalesTxnRecord): XmlNode[] {
  return t.lines.map((e) =>
    e.kind === 'line'
      ? salesLine(core, prefix, e)
      : el(`${prefix}LineGroupRet`, [
          tx('TxnLineID', e.TxnLineID),
          refNode(core, 'ItemGroupRef', e.ItemGroupListID),
          tx('Desc', e.Desc),
          tx('Quantity', qty(e.Quantity)),
          tx('IsPrintItemsInGroup', bool(e.IsPrintItemsInGroup)),
          tx('TotalAmount', amt(lineEntryTotal(e))),
          tx('ServiceDate', e.ServiceDate),
          ...e.lines.map((l) => salesLine(core, prefix, l)),
        ]),
  );
}

export function renderInvoice(core: CompanyCore, t: SalesTxnRecord, includeLines: boolean): XmlNode {
  const balance = balanceRemaining(t);
  return el('InvoiceRet', [
    ...txnCore(core, t),
    refNode(core, 'CustomerRef', t.CustomerListID),
    refNode(core, 'ClassRef', t.ClassListID),
    refNode(core, 'ARAccountRef', t.ARAccountListID),
    refNode(core, 'TemplateRef', t.TemplateListID),
    tx('TxnDate', t.TxnDate),
    tx('RefNumber', t.RefNumber),
    addressNode('BillAddress', t.BillAddress),
    addressBlockNode('BillAddressBlock', t.BillAddress),
    addressNode('ShipAddress', t.ShipAddress),
    addressBlockNode('ShipAddressBlock', t.ShipAddress),
    tx('IsPending', bool(t.IsPending)),
    tx('IsFinanceCharge', bool(t.IsFinanceCharge ?? false)),
    tx('PONumber', t.PONumber),
    refNode(core, 'TermsRef', t.TermsListID),
    tx('DueDate', t.DueDate),
    refNode(core, 'SalesRepRef', t.SalesRepListID),
    tx('FOB', t.FOB),
    tx('ShipDate', t.ShipDate),
    refNode(core, 'ShipMethodRef', t.ShipMethodListID),
    tx('Subtotal', amt(t.Subtotal)),
    refNode(core, 'ItemSalesTaxRef', t.ItemSalesTaxListID),
    tx('SalesTaxPercentage', price(t.SalesTaxPercentage)),
    tx('SalesTaxTotal', amt(t.SalesTaxTotal)),
    tx('AppliedAmount', amt(-t.AppliedAmount)),
    tx('BalanceRemaining', amt(balance)),
    tx('Memo', t.Memo),
    tx('IsPaid', bool(balance === 0)),
    refNode(core, 'CustomerMsgRef', t.CustomerMsgListID),
    tx('IsToBePrinted', bool(t.IsToBePrinted)),
    tx('IsToBeEmailed', bool(t.IsToBeEmailed)),
    tx('IsTaxIncluded', bool(t.IsTaxIncluded)),
    refNode(core, 'CustomerSalesTaxCodeRef', t.CustomerSalesTaxCodeListID),
    tx('Other', t.Other),
    tx('ExternalGUID', t.ExternalGUID),
    ...(includeLines ? salesLines(core, 'Invoice', t) : []),
  ]);
}

export function renderSalesReceipt(core: CompanyCore, t: SalesTxnRecord, includeLines: boolean): XmlNode {
  return el('SalesReceiptRet', [
    ...txnCore(core, t),
    refNode(core, 'CustomerRef', t.CustomerListID),
    refNode(core, 'ClassRef', t.ClassListID),
    refNode(core, 'TemplateRef', t.TemplateListID),
    tx('TxnDate', t.TxnDate),
    tx('RefNumber', t.RefNumber),
    addressNode('BillAddress', t.BillAddress),
    addressBlockNode('BillAddressBlock', t.BillAddress),
    addressNode('ShipAddress', t.ShipAddress),
    addressBlockNode('ShipAddressBlock', t.ShipAddress),
    tx('IsPending', bool(t.IsPending)),
    tx('CheckNumber', t.CheckNumber),
    refNode(core, 'PaymentMethodRef', t.PaymentMethodListID),
    tx('DueDate', t.DueDate),
    refNode(core, 'SalesRepRef', t.SalesRepListID),
    tx('ShipDate', t.ShipDate),
    refNode(core, 'ShipMethodRef', t.ShipMethodListID),
    tx('FOB', t.FOB),
    tx('Subtotal', amt(t.Subtotal)),
    refNode(core, 'ItemSalesTaxRef', t.ItemSalesTaxListID),
    tx('SalesTaxPercentage', price(t.SalesTaxPercentage)),
    tx('SalesTaxTotal', amt(t.SalesTaxTotal)),
    tx('TotalAmount', amt(t.Subtotal + t.SalesTaxTotal)),
    tx('Memo', t.Memo),
    refNode(core, 'CustomerMsgRef', t.CustomerMsgListID),
    tx('IsToBePrinted', bool(t.IsToBePrinted)),
    tx('IsToBeEmailed', bool(t.IsToBeEmailed)),
    tx('IsTaxIncluded', bool(t.IsTaxIncluded)),
    refNode(core, 'CustomerSalesTaxCodeRef', t.CustomerSalesTaxCodeListID),
    refNode(core, 'DepositToAccountRef', t.DepositToAccountListID),
    tx('Other', t.Other),
    tx('ExternalGUID', t.ExternalGUID),
    ...(includeLines ? salesLines(core, 'SalesReceipt', t) : []),
  ]);
}

export function renderJournalEntry(core: CompanyCore, t: JournalEntryRecord, includeLines: boolean): XmlNode {
  return el('JournalEntryRet', [
    ...txnCore(core, t),
    tx('TxnDate', t.TxnDate),
    tx('RefNumber', t.RefNumber),
    tx('Memo', t.Memo),
    tx('IsAdjustment', bool(t.IsAdjustment)),
    tx('IsHomeCurrencyAdjustment', 'false'),
    tx('IsAmountsEnteredInHomeCurrency', 'false'),
    tx('ExternalGUID', t.ExternalGUID),
    ...(includeLines
      ? t.lines.map((l) =>
          el(l.side === 'Debit' ? 'JournalDebitLine' : 'JournalCreditLine', [
            tx('TxnLineID', l.TxnLineID),
            refNode(core, 'AccountRef', l.AccountListID),
            tx('Amount', amt(l.Amount)),
            tx('Memo', l.Memo),
            refNode(core, 'EntityRef', l.EntityListID),
            refNode(core, 'ClassRef', l.ClassListID),
          ]),
        )
      : []),
  ]);
}

export function renderTxnDeleted(core: CompanyCore, d: DeletedTxnRecord): XmlNode {
  return el('TxnDeletedRet', [
    tx('TxnDelType', d.TxnDelType),
    tx('TxnID', d.TxnID),
    tx('TimeCreated', time(core, d.TimeCreated)),
    tx('TimeDeleted', time(core, d.TimeDeleted)),
    tx('RefNumber', d.RefNumber),
  ]);
}

export function renderListDeleted(core: CompanyCore, d: DeletedListRecord): XmlNode {
  return el('ListDeletedRet', [
    tx('ListDelType', d.ListDelType),
    tx('ListID', d.ListID),
    tx('TimeCreated', time(core, d.TimeCreated)),
    tx('TimeDeleted', time(core, d.TimeDeleted)),
    tx('FullName', d.FullName),
  ]);
}

// ---------------------------------------------------------------------------------------------
// host, company, preferences (also the HCP response QBWC passes to the first sendRequestXML)

export interface HostInfo {
  productName: string;
  qbxmlVersion: string;
  /** HostRet/Country: US, CA or UK (QuickBooks' editions). */
  country: 'US' | 'CA' | 'UK';
}

export function supportedVersions(max: string): string[] {
  const all = [
    '1.0',
    '1.1',
    '2.0',
    '2.1',
    '3.0',
    '4.0',
    '4.1',
    '5.0',
    '6.0',
    '7.0',
    '8.0',
    '9.0',
    '10.0',
    '11.0',
    '12.0',
    '13.0',
    '14.0',
    '15.0',
    '16.0',
  ];
  const limit = Number(max);
  return all.filter((v) => Number(v) <= limit);
}

export function renderHost(host: HostInfo): XmlNode {
  const major = Math.floor(Number(host.qbxmlVersion)) + 11; // qbXML 13.0 shipped with QuickBooks 2014 (major version 24)
  return el('HostRet', [
    tx('ProductName', host.productName),
    tx('MajorVersion', major),
    tx('MinorVersion', 0),
    tx('Country', host.country),
    ...supportedVersions(host.qbxmlVersion).map((v) => tx('SupportedQBXMLVersion', v)),
    tx('IsAutomaticLogin', 'false'),
    tx('QBFileMode', 'SingleUser'),
  ]);
}

export function renderCompany(core: CompanyCore): XmlNode {
  const s = core.s;
  return el('CompanyRet', [
    tx('IsSampleCompany', 'false'),
    tx('CompanyName', s.companyName),
    tx('LegalCompanyName', s.legalName ?? s.companyName),
    addressNode('Address', s.address),
    addressBlockNode('AddressBlock', s.address),
    addressNode('LegalAddress', s.address),
    addressNode('CompanyAddressForCustomer', s.address),
    addressBlockNode('CompanyAddressBlockForCustomer', s.address),
    tx('Phone', s.phone),
    tx('Email', s.email),
    tx('CompanyEmailForCustomer', s.email),
    tx('FirstMonthFiscalYear', 'January'),
    tx('FirstMonthIncomeTaxYear', 'January'),
    tx('TaxForm', 'OtherOrNone'),
    el('SubscribedServices', [
      el('Service', [
        tx('Name', 'QuickBooks Online Banking'),
        tx('Domain', 'banking.qb'),
        tx('ServiceStatus', 'Never'),
      ]),
      el('Service', [
        tx('Name', 'QuickBooks Payroll Service'),
        tx('Domain', 'payroll.qb'),
        tx('ServiceStatus', 'Never'),
      ]),
    ]),
  ]);
}

export function renderPreferences(core: CompanyCore): XmlNode {
  // With the preference off QuickBooks returns no SalesTaxPreferences at all. A company seeded
  // without the option (the earlier model) reports it off too.
  const pref = core.s.salesTax;
  const salesTaxItem =
    pref?.enabled && pref.defaultItemListID ? core.itemById(pref.defaultItemListID) : undefined;
  const tax = core.simpleByNameOf('SalesTaxCode', 'Tax');
  const non = core.simpleByNameOf('SalesTaxCode', 'Non');
  return el('PreferencesRet', [
    el('AccountingPreferences', [
      tx('IsUsingAccountNumbers', 'false'),
      tx('IsRequiringAccounts', 'true'),
      tx('IsUsingClassTracking', 'false'),
      tx('IsUsingAuditTrail', 'true'),
      tx('IsAssigningJournalEntryNumbers', 'true'),
    ]),
    el('FinanceChargePreferences', [
      tx('AnnualInterestRate', '0.00'),
      tx('MinFinanceCharge', '0.00'),
      tx('GracePeriod', 0),
      tx('IsAssessingForOverdueCharges', 'false'),
      tx('CalculateChargesFrom', 'DueDate'),
      tx('IsMarkedToBePrinted', 'false'),
    ]),
    el('JobsAndEstimatesPreferences', [
      tx('IsUsingEstimates', 'true'),
      tx('IsUsingProgressInvoicing', 'false'),
      tx('IsPrintingItemsWithZeroAmounts', 'false'),
    ]),
    el('MultiCurrencyPreferences', [tx('IsMultiCurrencyOn', 'false')]),
    el('MultiLocationInventoryPreferences', [
      tx('IsMultiLocationInventoryAvailable', 'false'),
      tx('IsMultiLocationInventoryEnabled', 'false'),
    ]),
    el('PurchasesAndVendorsPreferences', [
      tx('IsUsingInventory', 'true'),
      tx('DaysBillsAreDue', 10),
      tx('IsAutomaticallyUsingDiscounts', 'false'),
    ]),
    el('ReportsPreferences', [tx('AgingReportBasis', 'AgeFromDueDate'), tx('SummaryReportBasis', 'Accrual')]),
    el('SalesAndCustomersPreferences', [
      tx('IsTrackingReimbursedExpensesAsIncome', 'false'),
      tx('IsAutoApplyingPayments', 'true'),
      el('PriceLevels', [tx('IsUsingPriceLevels', 'true'), tx('IsRoundingSalesPriceUp', 'true')]),
    ]),
    salesTaxItem && tax && non
      ? el('SalesTaxPreferences', [
          refNode(core, 'DefaultItemSalesTaxRef', salesTaxItem.ListID),
          tx('PaySalesTax', 'Monthly'),
          refNode(core, 'DefaultTaxableSalesTaxCodeRef', tax.ListID),
          refNode(core, 'DefaultNonTaxableSalesTaxCodeRef', non.ListID),
        ])
      : undefined,
    el('TimeTrackingPreferences', [tx('FirstDayOfWeek', 'Monday')]),
    el('CurrentAppAccessRights', [
      tx('IsAutomaticLoginAllowed', 'true'),
      tx('AutomaticLoginUserName', 'Admin'),
      tx('IsPersonalDataAccessAllowed', 'true'),
    ]),
  ]);
}

/** VendorRet, EmployeeRet, OtherNameRet: the name-list core the simulator keeps. */
export function renderNameRecord(core: CompanyCore, kind: NameListKind, r: NameRecord): XmlNode {
  return el(`${kind}Ret`, [...listCore(core, r), tx('Name', r.Name), tx('IsActive', bool(r.IsActive))]);
}
