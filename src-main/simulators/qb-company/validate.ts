/**
 * Schema checks QuickBooks performs before running anything. Real QuickBooks rejects the whole
 * document (hresult 0x80040400) when an element is out of schema order, unknown, missing when
 * required, or carries a value outside its enumeration — the classic qbXML integration bug, so the
 * simulator must catch it rather than be lenient. Over-long strings, on the other hand, are a
 * per-request statusCode 3070.
 */
import type { QbStatusError } from './errors.js';
import { QbxmlDocumentError, Status } from './errors.js';
import { GRAMMAR, type ElementRule } from './grammar.js';
import type { XElement } from './xml.js';

const REF_RULE: ElementRule = { order: [['ListID'], ['FullName']] };

/** Choices with minOccurs=1 the generator does not express as `required`. */
const AT_LEAST_ONE_OF: Readonly<Record<string, readonly string[]>> = {
  SalesReceiptAdd: ['SalesReceiptLineAdd', 'SalesReceiptLineGroupAdd'],
  JournalEntryAdd: ['JournalDebitLine', 'JournalCreditLine'],
  TxnDeletedQueryRq: ['TxnDelType'],
  ListDeletedQueryRq: ['ListDelType'],
};

const ITERATOR_VALUES = new Set(['Start', 'Continue', 'Stop']);

function ruleFor(name: string): ElementRule | undefined {
  return GRAMMAR[name] ?? (name.endsWith('Ref') ? REF_RULE : undefined);
}

const rankCache = new Map<ElementRule, Map<string, number>>();
function ranks(rule: ElementRule): Map<string, number> {
  let m = rankCache.get(rule);
  if (!m) {
    m = new Map();
    rule.order.forEach((bucket, i) => bucket.forEach((n) => m!.set(n, i)));
    rankCache.set(rule, m);
  }
  return m;
}

interface Ctx {
  tooLong?: QbStatusError;
}

function check(el: XElement, path: string, ctx: Ctx): void {
  const rule = ruleFor(el.name);
  if (!rule) return;
  const rankOf = ranks(rule);
  let last = -1;
  let lastName = '';
  const present = new Set<string>();
  for (const c of el.children) {
    const r = rankOf.get(c.name);
    if (r === undefined) throw new QbxmlDocumentError(`${path}: unexpected element <${c.name}>`);
    if (r < last) {
      throw new QbxmlDocumentError(
        `${path}: element <${c.name}> is out of schema order (it must come before <${lastName}>)`,
      );
    }
    last = r;
    lastName = c.name;
    present.add(c.name);
    const facet = rule.leaf?.[c.name];
    if (facet && c.children.length === 0) {
      if (facet.enum && !facet.enum.includes(c.text)) {
        throw new QbxmlDocumentError(
          `${path}/${c.name}: value "${c.text}" is not one of ${facet.enum.join('|')}`,
        );
      }
      if (facet.max !== undefined && [...c.text].length > facet.max && !ctx.tooLong) {
        ctx.tooLong = Status.tooLong(c.text, c.name);
      }
    }
    check(c, `${path}/${c.name}`, ctx);
  }
  for (const req of rule.required ?? []) {
    if (!present.has(req)) throw new QbxmlDocumentError(`${path}: missing required element <${req}>`);
  }
  for (const group of rule.exclusive ?? []) {
    const used = group.alts.filter((alt) => alt.some((n) => present.has(n)));
    if (used.length > 1) {
      throw new QbxmlDocumentError(
        `${path}: <${used[0]?.[0]}> and <${used[1]?.[0]}> cannot be combined (xsd:choice)`,
      );
    }
    if (group.required && used.length === 0) {
      throw new QbxmlDocumentError(
        `${path}: one of ${group.alts.map((a) => `<${a[0]}>`).join(', ')} is required`,
      );
    }
  }
  const oneOf = AT_LEAST_ONE_OF[el.name];
  if (oneOf && !oneOf.some((n) => present.has(n))) {
    throw new QbxmlDocumentError(
      `${path}: at least one of ${oneOf.map((n) => `<${n}>`).join(', ')} is required`,
    );
  }
}

/**
 * Validates one request element (`…Rq`). Throws QbxmlDocumentError for schema violations; returns the
 * first per-request error (3070 too long) to report when the request's turn comes.
 */
export function validateRequest(rq: XElement): QbStatusError | undefined {
  const iterator = rq.attrs['iterator'];
  if (iterator !== undefined && !ITERATOR_VALUES.has(iterator)) {
    throw new QbxmlDocumentError(`${rq.name}: iterator="${iterator}" is not Start|Continue|Stop`);
  }
  const ctx: Ctx = {};
  check(rq, `QBXML/QBXMLMsgsRq/${rq.name}`, ctx);
  return ctx.tooLong;
}

export function hasGrammar(name: string): boolean {
  return GRAMMAR[name] !== undefined;
}
