export type {
  QbRefInput,
  QbAddressInput,
  IteratorOptions,
  MetaDataOption,
  RequestOptions,
  RetElementOptions,
  QueryOptionsBase,
} from './common';
export { hostQuery, companyQuery } from './company';
export {
  customerQuery,
  itemQuery,
  itemInventoryQuery,
  vendorQuery,
  employeeQuery,
  otherNameQuery,
  type ListQueryOptions,
  type ListQueryFields,
  type ActiveStatus,
  type MatchCriterion,
} from './listQueries';
export {
  invoiceQuery,
  salesReceiptQuery,
  journalEntryQuery,
  type TxnQueryOptions,
  type TxnQueryFields,
  type InvoiceQueryOptions,
  type InvoiceQueryFields,
} from './txnQueries';
export {
  invoiceAdd,
  invoiceMod,
  salesReceiptAdd,
  salesReceiptMod,
  type SalesLineInput,
  type SalesLineModInput,
  type SalesTxnHeaderInput,
  type InvoiceAddInput,
  type InvoiceModInput,
  type SalesReceiptAddInput,
  type SalesReceiptModInput,
} from './salesTxns';
export {
  journalEntryAdd,
  journalEntryMod,
  type JournalEntryAddInput,
  type JournalEntryModInput,
  type JournalLineInput,
  type JournalLineModInput,
} from './journalEntry';
export {
  txnDel,
  txnDeletedQuery,
  listDeletedQuery,
  TXN_DEL_TYPES,
  LIST_DEL_TYPES,
  type TxnDelType,
  type ListDelType,
  type TxnDelInput,
  type DeletedQueryOptions,
} from './deletes';
export {
  customerAdd,
  itemNonInventoryAdd,
  itemServiceAdd,
  type CustomerAddInput,
  type ItemSalesInput,
  type ItemNonInventoryAddInput,
  type ItemServiceAddInput,
} from './listAdds';
