export {
  buildQbxmlDocument,
  negotiateQbxmlVersion,
  pickQbxmlVersion,
  QBXML_VERSION,
  MIN_QBXML_VERSION,
  type QbxmlRequest,
  type QbxmlDocumentOptions,
} from './envelope';
export type { XmlBody, XmlValue, XmlScalar } from './xmlBody';
export * from './requests/index';
export {
  FIELD_LIMITS,
  QbxmlLimitError,
  clampText,
  requireKey,
  requireListName,
  stripInvalidXmlChars,
  charLength,
  truncateChars,
  type LimitedField,
} from './limits';
export { qbRefNumberFor, memoForOrder, type QbRefNumber } from './dedupKey';
export { foldToLatin1, isLatin1 } from './latin1';
export {
  formatAmount,
  formatPrice,
  formatQuantity,
  formatPercent,
  formatBool,
  assertQbDate,
  parseQbNumber,
} from './values';
export {
  formatQbDateTime,
  formatQbDate,
  parseQbDateTime,
  isQbDateTime,
  timeZoneOffsetMinutes,
  qbWatermarkBefore,
  QB_WATERMARK_OVERLAP_SECONDS,
} from './datetime';
export {
  parseQbxmlResponse,
  QbxmlParseError,
  type QbxmlResponseSet,
  type QbxmlRs,
  type RetObject,
  type QbxmlNode,
  type QbxmlValue,
  type StatusSeverity,
} from './parse';
export { QbxmlMappingError, type QbRef, type QbAddress, type QbDataExt } from './entities/common';
export {
  toCustomer,
  toItem,
  toNameEntry,
  type QbNameEntry,
  isItemRet,
  ITEM_RET_TYPES,
  type QbCustomerRecord,
  type QbItemRecord,
  type QbItemType,
} from './entities/lists';
export {
  toInvoice,
  toSalesReceipt,
  toJournalEntry,
  type QbInvoiceRecord,
  type QbSalesReceiptRecord,
  type QbJournalEntryRecord,
  type QbJournalLine,
  type QbSalesLine,
  type QbSalesLineGroup,
} from './entities/txns';
export {
  toDeletedTxn,
  toDeletedList,
  toTxnDelResult,
  type QbDeletedTxnRecord,
  type QbDeletedListRecord,
  type QbTxnDelResult,
} from './entities/deleted';
export {
  toHost,
  toCompany,
  toPreferences,
  type QbHostRecord,
  type QbCompanyRecord,
  type QbPreferencesRecord,
} from './entities/company';
export {
  QB_STATUS,
  statusInfo,
  isOk,
  isEmpty,
  isSuccess,
  isWarning,
  isApplied,
  isError,
  isRetryable,
  type StatusInfo,
  type RetryPolicy,
} from './status';
