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

/**
 * One line of a JournalEntryMod. `txnLineId` is the TxnLineID of an existing line (QbJournalLine.txnLineId from
 * toJournalEntry) or '-1' for a new line. The amount is always required so the builder can check the balance;
 * the account may be omitted on an existing line to keep it, and is required on a new line.
 */
export interface JournalLineModInput extends Omit<JournalLineInput, 'account'> {
  txnLineId: string;
  account?: QbRefInput;
}

/**
 * Fields left undefined are not changed. There is no header `memo`: JournalEntryMod has no Memo element in qbXML
 * 13.0 (only the lines carry one). Lines: give both `debitLines` and `creditLines`, or neither. When given they
 * become the entry's lines (QuickBooks deletes every line not listed), so they must balance to the cent.
 */
export interface JournalEntryModInput extends RequestOptions, RetElementOptions {
  txnId: string;
  editSequence: string;
  txnDate?: string;
  refNumber?: string;
  isAdjustment?: boolean;
  debitLines?: JournalLineModInput[];
  creditLines?: JournalLineModInput[];
}

type JournalLineCore = Omit<JournalLineInput, 'account'> & { account?: QbRefInput };

// AccountRef, Amount, Memo, EntityRef, ClassRef: the order shared by JournalDebitLine/JournalCreditLine and
// JournalLineMod (which puts TxnLineID and JournalLineType in front).
function lineBody(line: JournalLineCore, label: string): XmlBody {
  if (!(line.amount >= 0)) throw new Error(`${label}.amount must be zero or positive, got ${line.amount}`);
  return {
    AccountRef: ref(line.account, 'ListFullName', `${label}.account`),
    Amount: formatAmount(line.amount, `${label}.amount`),
    Memo: text('Memo', line.memo),
    EntityRef: ref(line.entity, 'CustomerFullName', `${label}.entity`),
    ClassRef: ref(line.class, 'ListFullName', `${label}.class`),
  };
}

const cents = (lines: readonly JournalLineCore[]): number =>
  lines.reduce((sum, l) => sum + Math.round(Number(formatAmount(l.amount)) * 100), 0);

function assertBalanced(
  what: string,
  debitLines: readonly JournalLineCore[],
  creditLines: readonly JournalLineCore[],
): void {
  if (debitLines.length === 0 || creditLines.length === 0) {
    throw new Error(`${what}: at least one debit line and one credit line are required`);
  }
  const debitCents = cents(debitLines);
  const creditCents = cents(creditLines);
  if (debitCents !== creditCents) {
    throw new Error(
      `${what}: debits (${(debitCents / 100).toFixed(2)}) and credits (${(creditCents / 100).toFixed(2)}) do not balance`,
    );
  }
}

/** Debit lines are emitted before credit lines (the schema allows any interleaving). Totals must balance. */
export function journalEntryAdd(input: JournalEntryAddInput): QbxmlRequest {
  if (input.debitLines.length === 0 || input.creditLines.length === 0) {
    throw new Error('journalEntryAdd: at least one debit line and one credit line are required');
  }
  const debits = input.debitLines.map((l, i) => lineBody(l, `debitLines[${i}]`));
  const credits = input.creditLines.map((l, i) => lineBody(l, `creditLines[${i}]`));
  assertBalanced('journalEntryAdd', input.debitLines, input.creditLines);
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

function modLines(input: JournalEntryModInput): XmlBody[] | undefined {
  const { debitLines, creditLines } = input;
  if (debitLines === undefined && creditLines === undefined) return undefined;
  if (debitLines === undefined || creditLines === undefined) {
    throw new Error(
      'journalEntryMod: give both debitLines and creditLines (QuickBooks deletes every line not listed), or neither to leave the lines unchanged',
    );
  }
  const seen = new Set<string>();
  const body =
    (type: 'Debit' | 'Credit', list: string) =>
    (line: JournalLineModInput, i: number): XmlBody => {
      const label = `${list}[${i}]`;
      const txnLineId = key('TxnLineID', line.txnLineId, `${label}.txnLineId`);
      if (txnLineId === undefined) {
        throw new Error(
          `${label}.txnLineId is required (an existing line's TxnLineID, or '-1' for a new line)`,
        );
      }
      if (txnLineId === '-1') {
        if (line.account === undefined)
          throw new Error(`${label}: a new line (txnLineId '-1') needs an account`);
      } else if (seen.has(txnLineId)) {
        throw new Error(`${label}: txnLineId ${JSON.stringify(txnLineId)} is listed twice`);
      } else seen.add(txnLineId);
      return { TxnLineID: txnLineId, JournalLineType: type, ...lineBody(line, label) };
    };
  const lines = [
    ...debitLines.map(body('Debit', 'debitLines')),
    ...creditLines.map(body('Credit', 'creditLines')),
  ];
  assertBalanced('journalEntryMod', debitLines, creditLines);
  return lines;
}

/**
 * JournalEntryMod in qbXML 13.0 order: TxnID, EditSequence, TxnDate, RefNumber, IsAdjustment, JournalLineMod*
 * (debit and credit lines share the JournalLineMod element, told apart by JournalLineType; debits are emitted first).
 */
export function journalEntryMod(input: JournalEntryModInput): QbxmlRequest {
  const txnId = key('TxnID', input.txnId, 'txnId');
  const editSequence = key('EditSequence', input.editSequence, 'editSequence');
  if (txnId === undefined || editSequence === undefined)
    throw new Error('journalEntryMod: txnId and editSequence are required');
  if ((input as { memo?: unknown }).memo !== undefined) {
    throw new Error(
      'journalEntryMod: qbXML 13.0 JournalEntryMod has no Memo; set memos on the lines instead',
    );
  }
  const body: XmlBody = {
    TxnID: txnId,
    EditSequence: editSequence,
    TxnDate: date(input.txnDate, 'txnDate'),
    RefNumber: key('RefNumber', input.refNumber, 'refNumber'),
    IsAdjustment: bool(input.isAdjustment),
    JournalLineMod: modLines(input),
  };
  return request(
    'JournalEntryModRq',
    { JournalEntryMod: body, IncludeRetElement: retElements(input.includeRetElements) },
    input,
  );
}
