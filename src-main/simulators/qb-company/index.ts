/**
 * QuickBooks company simulator (tests, benchmarks, `npm run demo`).
 * Independent of src-main/engine: it parses QBXML itself and answers like QuickBooks Desktop.
 */
export {
  QbCompany,
  type CustomerPatch,
  type ForcedStatus,
  type ForcedWarning,
  type ItemPatch,
  type ListKind,
  type QbCompanyOptions,
  type QbFaults,
  type RequestLogEntry,
} from './company.js';
export {
  type HandJournalEntryInput,
  type HandJournalLine,
  type HandSalesLine,
  type HandSalesTxnInput,
  type JournalLinePatch,
  type TxnLinePatch,
  type TxnPatch,
} from './hand.js';
export { generateCompanySeed, type GenerateSeedOptions } from './seed.js';
export { mulberry32, type Rng } from '../prng.js';
export {
  COULD_NOT_START_MESSAGE,
  HRESULT_COULD_NOT_START,
  HRESULT_PARSE_ERROR,
  NO_MATCH_MESSAGE,
  PARSE_ERROR_MESSAGE,
  QbHresultError,
  QbStatusError,
  QbxmlDocumentError,
  type StatusSeverity,
} from './errors.js';
export {
  DEFAULT_ACCOUNTS,
  ITEM_TYPES,
  type AccountRecord,
  type AccountType,
  type Address,
  type CompanySeed,
  type CompanySnapshot,
  type CustomerRecord,
  type DeletedListRecord,
  type DeletedTxnRecord,
  type ItemComponent,
  type ItemRecord,
  type ItemType,
  type JournalEntryRecord,
  type JournalLineRecord,
  type NameListKind,
  type NameRecord,
  type SalesLineEntry,
  type SalesLineGroupRecord,
  type SalesLineRecord,
  type SalesTxnRecord,
  type SeedAccount,
  type SeedAddress,
  type SeedCustomer,
  type SeedItem,
  type SimpleListRecord,
  type TxnEdit,
  type TxnOrigin,
  type TxnProvenance,
  type TxnRecord,
} from './model.js';
