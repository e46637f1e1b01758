import type { QbxmlRequest } from '../envelope';
import { formatAmount } from '../values';
import type { XmlBody } from '../xmlBody';
import {
  bool,
  date,
  key,
  ref,
  request,
  retElements,
  text,
  type QbRefInput,
  type RequestOptions,
  type RetElementOptions,
} from './common';

export interface JournalLineInput {
  account: QbRefInput;
  /** Positive amount; the side is given by which list the line is in. */
  amount: number;
  memo?: string;
  /** Customer/vendor/employee/other name of the line (required by QuickBooks on A/R and A/P lines). */
  entity?: QbRefInput;
  class?: QbRefInput;
}

export interface JournalEntryAddInput extends RequestOptions, RetElementOptions {
  txnDate?: string;
  refNumber?: string;
  memo?: string;
  isAdjustment?: boolean;
  debitLines: JournalLineInput[];
  creditLines: JournalLineInput[];
}

function lineBody(line: JournalLineInput, label: string): XmlBody {
  if (!(line.amount >= 0)) throw new Error(`${label}.amount must be zero or positive, got ${line.amount}`);
  return {
    AccountRef: ref(line.account, 'ListFullName', `${label}.account`),
    Amount: formatAmount(line.amount, `${label}.amount`),
    Memo: text('Memo', line.memo),
    EntityRef: ref(line.entity, 'CustomerFullName', `${label}.entity`),
    ClassRef: ref(line.class, 'ListFullName', `${label}.class`),
  };
}

const cents = (lines: JournalLineInput[]): number =>
  lines.reduce((sum, l) => sum + Math.round(Number(formatAmount(l.amount)) * 100), 0);

/** Debit lines are emitted before credit lines (the schema allows any interleaving). Totals must balance. */
export function journalEntryAdd(input: JournalEntryAddInput): QbxmlRequest {
  if (input.debitLines.length === 0 || input.creditLines.length === 0) {
    throw new Error('journalEntryAdd: at least one debit line and one credit line are required');
  }
  const debits = input.debitLines.map((l, i) => lineBody(l, `debitLines[${i}]`));
  const credits = input.creditLines.map((l, i) => lineBody(l, `creditLines[${i}]`));
  const debitCents = cents(input.debitLines);
  const creditCents = cents(input.creditLines);
  if (debitCents !== creditCents) {
    throw new Error(
      `journalEntryAdd: debits (${(debitCents / 100).toFixed(2)}) and credits (${(creditCents / 100).toFixed(2)}) do not balance`,
    );
  }
  const body: XmlBody = {
    TxnDate: date(input.txnDate, 'txnDate'),
    RefNumber: key('RefNumber', input.refNumber, 'refNumber'),
    Memo: text('Memo', input.memo),
    IsAdjustment: bool(input.isAdjustment),
    JournalDebitLine: debits,
    JournalCreditLine: credits,
  };
  return request(
    'JournalEntryAddRq',
    { JournalEntryAdd: body, IncludeRetElement: retElements(input.includeRetElements) },
    input,
  );
}
