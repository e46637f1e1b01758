import type { AuditRow } from '../db/audit';
import { toCsv } from './csv';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'level',
  'category',
  'event',
  'orderNumber',
  'ssRef',
  'qbRef',
  'statusCode',
  'message',
] as const;

/** The audit trail as CSV (the `data` JSON is left out: the message says what happened). */
export function auditToCsv(entries: readonly AuditRow[]): string {
  return toCsv(
    [...AUDIT_CSV_COLUMNS],
    entries.map((e) => [
      e.id,
      e.at,
      e.level,
      e.category,
      e.event,
      e.orderNumber,
      e.ssRef,
      e.qbRef,
      e.statusCode,
      e.message,
    ]),
  );
}
