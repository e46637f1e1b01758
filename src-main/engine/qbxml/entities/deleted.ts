import { z } from 'zod';
import type { QbxmlRs, RetObject } from '../parse';
import { LIST_DEL_TYPES, TXN_DEL_TYPES, type ListDelType, type TxnDelType } from '../requests/deletes';
import { instantOf, parseRet, QbxmlMappingError, zOptStr, zStr } from './common';

export interface QbDeletedTxnRecord {
  txnDelType: TxnDelType;
  txnId: string;
  refNumber?: string;
  timeCreated?: string;
  timeDeleted: string;
  timeDeletedMs?: number;
}

export interface QbDeletedListRecord {
  listDelType: ListDelType;
  listId: string;
  fullName?: string;
  timeCreated?: string;
  timeDeleted: string;
  timeDeletedMs?: number;
}

const TxnDeletedRetSchema = z.object({
  TxnDelType: z.enum(TXN_DEL_TYPES),
  TxnID: zStr,
  TimeCreated: zOptStr,
  TimeDeleted: zStr,
  RefNumber: zOptStr,
});

/** undefined for a Ret other than TxnDeletedRet; throws QbxmlMappingError on a malformed one. */
export function toDeletedTxn(ret: RetObject): QbDeletedTxnRecord | undefined {
  if (ret.retType !== 'TxnDeletedRet') return undefined;
  const r = parseRet(TxnDeletedRetSchema, ret, ['TxnDeletedRet']);
  return {
    txnDelType: r.TxnDelType,
    txnId: r.TxnID,
    refNumber: r.RefNumber,
    timeCreated: r.TimeCreated,
    timeDeleted: r.TimeDeleted,
    timeDeletedMs: instantOf(r.TimeDeleted),
  };
}

const ListDeletedRetSchema = z.object({
  ListDelType: z.enum(LIST_DEL_TYPES),
  ListID: zStr,
  TimeCreated: zOptStr,
  TimeDeleted: zStr,
  FullName: zOptStr,
});

/** undefined for a Ret other than ListDeletedRet; throws QbxmlMappingError on a malformed one. */
export function toDeletedList(ret: RetObject): QbDeletedListRecord | undefined {
  if (ret.retType !== 'ListDeletedRet') return undefined;
  const r = parseRet(ListDeletedRetSchema, ret, ['ListDeletedRet']);
  return {
    listDelType: r.ListDelType,
    listId: r.ListID,
    fullName: r.FullName,
    timeCreated: r.TimeCreated,
    timeDeleted: r.TimeDeleted,
    timeDeletedMs: instantOf(r.TimeDeleted),
  };
}

export interface QbTxnDelResult {
  txnDelType: TxnDelType;
  txnId: string;
  timeDeleted?: string;
  refNumber?: string;
}

const TxnDelRsSchema = z.object({
  TxnDelType: z.enum(TXN_DEL_TYPES),
  TxnID: zStr,
  TimeDeleted: zOptStr,
  RefNumber: zOptStr,
});

/** A successful TxnDelRs carries its fields directly (no Ret element): they are in rs.extra. */
export function toTxnDelResult(rs: QbxmlRs): QbTxnDelResult {
  if (rs.type !== 'TxnDelRs') throw new QbxmlMappingError(`Expected TxnDelRs, got ${rs.type}`);
  const r = TxnDelRsSchema.safeParse(rs.extra);
  if (!r.success) {
    throw new QbxmlMappingError(
      `TxnDelRs (status ${rs.statusCode}) does not carry TxnDelType/TxnID: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return {
    txnDelType: r.data.TxnDelType,
    txnId: r.data.TxnID,
    timeDeleted: r.data.TimeDeleted,
    refNumber: r.data.RefNumber,
  };
}
