import type { QbxmlRequest } from '../envelope';
import {
  dateTime,
  key,
  request,
  retElements,
  type MetaDataOption,
  type RequestOptions,
  type RetElementOptions,
} from './common';

export const TXN_DEL_TYPES = [
  'ARRefundCreditCard',
  'Bill',
  'BillPaymentCheck',
  'BillPaymentCreditCard',
  'BuildAssembly',
  'Charge',
  'Check',
  'CreditCardCharge',
  'CreditCardCredit',
  'CreditMemo',
  'Deposit',
  'Estimate',
  'InventoryAdjustment',
  'Invoice',
  'ItemReceipt',
  'JournalEntry',
  'PurchaseOrder',
  'ReceivePayment',
  'SalesOrder',
  'SalesReceipt',
  'SalesTaxPaymentCheck',
  'TimeTracking',
  'TransferInventory',
  'VehicleMileage',
  'VendorCredit',
] as const;
export type TxnDelType = (typeof TXN_DEL_TYPES)[number];

export const LIST_DEL_TYPES = [
  'Account',
  'BillingRate',
  'Class',
  'Currency',
  'Customer',
  'CustomerMsg',
  'CustomerType',
  'DateDrivenTerms',
  'Employee',
  'InventorySite',
  'ItemDiscount',
  'ItemFixedAsset',
  'ItemGroup',
  'ItemInventory',
  'ItemInventoryAssembly',
  'ItemNonInventory',
  'ItemOtherCharge',
  'ItemPayment',
  'ItemSalesTax',
  'ItemSalesTaxGroup',
  'ItemService',
  'ItemSubtotal',
  'JobType',
  'OtherName',
  'PaymentMethod',
  'PayrollItemNonWage',
  'PayrollItemWage',
  'PriceLevel',
  'SalesRep',
  'SalesTaxCode',
  'ShipMethod',
  'StandardTerms',
  'ToDo',
  'UnitOfMeasureSet',
  'Vehicle',
  'Vendor',
  'VendorType',
  'WorkersCompCode',
] as const;
export type ListDelType = (typeof LIST_DEL_TYPES)[number];

function checkTypes<T extends string>(values: readonly string[], allowed: readonly T[], label: string): T[] {
  if (values.length === 0) throw new Error(`${label} must list at least one type`);
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v))
      throw new Error(`${label}: unknown type ${JSON.stringify(v)}`);
  }
  return [...new Set(values)] as T[];
}

export interface TxnDelInput extends RequestOptions {
  txnDelType: TxnDelType;
  txnID: string;
}

/** Deletes a transaction permanently (QuickBooks keeps no copy; TxnDeletedQuery will report it). */
export function txnDel(input: TxnDelInput): QbxmlRequest {
  const [type] = checkTypes([input.txnDelType], TXN_DEL_TYPES, 'txnDelType');
  return request('TxnDelRq', { TxnDelType: type, TxnID: key('TxnID', input.txnID, 'txnID') }, input);
}

export interface DeletedQueryOptions extends RequestOptions, RetElementOptions {
  /** DATETIMETYPE bounds on when the object was deleted. */
  fromDeletedDate?: string;
  toDeletedDate?: string;
  metaData?: MetaDataOption;
}

function deletedRange(opts: DeletedQueryOptions) {
  if (opts.fromDeletedDate === undefined && opts.toDeletedDate === undefined) return undefined;
  return {
    FromDeletedDate: dateTime(opts.fromDeletedDate, 'fromDeletedDate'),
    ToDeletedDate: dateTime(opts.toDeletedDate, 'toDeletedDate'),
  };
}

const metaAttrs = (opts: DeletedQueryOptions) => (opts.metaData ? { metaData: opts.metaData } : undefined);

export function txnDeletedQuery(opts: DeletedQueryOptions & { txnDelTypes: TxnDelType[] }): QbxmlRequest {
  const body = {
    TxnDelType: checkTypes(opts.txnDelTypes, TXN_DEL_TYPES, 'txnDelTypes'),
    DeletedDateRangeFilter: deletedRange(opts),
    IncludeRetElement: retElements(opts.includeRetElements),
  };
  return request('TxnDeletedQueryRq', body, opts, metaAttrs(opts));
}

export function listDeletedQuery(opts: DeletedQueryOptions & { listDelTypes: ListDelType[] }): QbxmlRequest {
  const body = {
    ListDelType: checkTypes(opts.listDelTypes, LIST_DEL_TYPES, 'listDelTypes'),
    DeletedDateRangeFilter: deletedRange(opts),
    IncludeRetElement: retElements(opts.includeRetElements),
  };
  return request('ListDeletedQueryRq', body, opts, metaAttrs(opts));
}
