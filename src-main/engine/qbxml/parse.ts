import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed element: text for leaf elements, objects for elements with children, arrays for repeated elements. */
export type QbxmlValue = string | QbxmlNode | QbxmlValue[];
export interface QbxmlNode {
  [name: string]: QbxmlValue | undefined;
}

export interface RetObject {
  /** Element name, e.g. 'ItemInventoryRet'. */
  retType: string;
  data: QbxmlNode;
}

export type StatusSeverity = 'Info' | 'Warn' | 'Error';

export interface QbxmlRs {
  /** Response element name, e.g. 'CustomerQueryRs'. */
  type: string;
  requestID?: string;
  statusCode: number;
  statusSeverity: StatusSeverity;
  statusMessage: string;
  iteratorID?: string;
  iteratorRemainingCount?: number;
  retCount?: number;
  /** Every child element whose name ends in 'Ret', in document order. */
  rets: RetObject[];
  /** Other children (e.g. TxnDelRs's TxnDelType/TxnID, ErrorRecovery). */
  extra: QbxmlNode;
}

export interface QbxmlResponseSet {
  responses: QbxmlRs[];
  /** Message-set level status (error recovery), when QuickBooks sends one. */
  messageSetStatusCode?: number;
  newMessageSetID?: string;
}

export class QbxmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QbxmlParseError';
  }
}

type OrderedNode = Record<string, unknown>;

// Entity expansion is done by us, in one pass, so that '&amp;#233;' stays the text '&#233;' (a second pass would
// turn it into 'é') and nothing but the five XML entities and numeric character references is ever expanded.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: false,
});

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw: string, where: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{0,32});?/g, (match, name: string) => {
    if (!match.endsWith(';')) throw new QbxmlParseError(`Malformed QBXML: bare '&' in ${where}`);
    const named = XML_ENTITIES[name];
    if (named !== undefined) return named;
    const num = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    if (num) {
      const cp = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
      const valid =
        cp === 0x9 ||
        cp === 0xa ||
        cp === 0xd ||
        (cp >= 0x20 && cp <= 0xd7ff) ||
        (cp >= 0xe000 && cp <= 0xfffd) ||
        (cp >= 0x10000 && cp <= 0x10ffff);
      if (!valid)
        throw new QbxmlParseError(
          `Malformed QBXML: character reference ${match} in ${where} is not a valid XML character`,
        );
      return String.fromCodePoint(cp);
    }
    throw new QbxmlParseError(
      `Malformed QBXML: undefined entity ${match} in ${where} (only the five XML entities are allowed)`,
    );
  });
}

// Which child elements are lists (maxOccurs > 1) inside Ret data, derived from the qbXML 13.0 schema: every '...Ret'
// element except the few single ones below, plus these non-Ret names.
const SINGLE_RETS = new Set([
  'CashBackInfoRet',
  'DiscountLineRet',
  'SalesTaxLineRet',
  'ShippingLineRet',
  'TaxLineInfoRet',
]);
const LIST_ELEMENTS = new Set([
  'AdditionalContactRef',
  'AssignToObject',
  'CategoryAccountMapping',
  'ColData',
  'ColDesc',
  'ColTitle',
  'DataExt',
  'DataRow',
  'DefaultUnit',
  'Earnings',
  'ItemGroupLine',
  'ItemInventoryAssemblyLine',
  'JournalCreditLine',
  'JournalDebitLine',
  'LinkedTxn',
  'PrefillAccountRef',
  'RateHistory',
  'RelatedUnit',
  'Service',
  'ShipToAddress',
  'SubtotalRow',
  'SupportedQBXMLVersion',
  'TextRow',
  'TotalRow',
  'TxnLineDetail',
]);
// Names that are lists only under a particular parent.
const LIST_UNDER: Record<string, string> = {
  ItemSalesTaxRef: 'ItemSalesTaxGroupRet',
  AccountRef: 'CategoryAccountMapping',
};

function isListElement(name: string, parent: string): boolean {
  if (name.endsWith('Ret')) return !SINGLE_RETS.has(name);
  return LIST_ELEMENTS.has(name) || LIST_UNDER[name] === parent;
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function attributesOf(node: OrderedNode, where: string): Record<string, string> {
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = decodeEntities(String(v), `${where}@${k}`);
  return out;
}

function children(node: OrderedNode, name: string): OrderedNode[] {
  const c = node[name];
  return Array.isArray(c) ? (c as OrderedNode[]) : [];
}

/** Converts an element's content: its text when it has no child elements, else an object of its children. */
function convertContent(node: OrderedNode, name: string, where: string): QbxmlValue {
  const kids = children(node, name);
  const attrs = attributesOf(node, where);
  const elements = kids.filter((k) => elementName(k) !== '#text');
  const text = kids
    .filter((k) => elementName(k) === '#text')
    .map((k) => decodeEntities(String(k['#text']), where))
    .join('');
  if (elements.length === 0 && Object.keys(attrs).length === 0) return text;
  const obj: QbxmlNode = {};
  for (const [k, v] of Object.entries(attrs)) obj[`@${k}`] = v;
  if (text) obj['#text'] = text;
  for (const child of elements) {
    const childName = elementName(child)!;
    const value = convertContent(child, childName, `${where}/${childName}`);
    const existing = obj[childName];
    if (existing === undefined) obj[childName] = isListElement(childName, name) ? [value] : value;
    else if (Array.isArray(existing) && isListElement(childName, name)) existing.push(value);
    else obj[childName] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return obj;
}

function intAttr(
  attrs: Record<string, string>,
  name: string,
  where: string,
  required: boolean,
): number | undefined {
  const v = attrs[name];
  if (v === undefined) {
    if (required) throw new QbxmlParseError(`${where} has no ${name} attribute`);
    return undefined;
  }
  if (!/^[+-]?\d+$/.test(v.trim())) throw new QbxmlParseError(`${where}: ${name}="${v}" is not an integer`);
  return Number(v.trim());
}

const SEVERITIES: Record<string, StatusSeverity> = {
  info: 'Info',
  warn: 'Warn',
  warning: 'Warn',
  error: 'Error',
};

function convertRs(node: OrderedNode, type: string, index: number): QbxmlRs {
  const where = `${type} (response #${index + 1})`;
  const attrs = attributesOf(node, where);
  const statusCode = intAttr(attrs, 'statusCode', where, true)!;
  const severity = SEVERITIES[(attrs.statusSeverity ?? '').trim().toLowerCase()];
  if (severity === undefined)
    throw new QbxmlParseError(
      `${where}: statusSeverity="${attrs.statusSeverity ?? ''}" is not Info, Warn or Error`,
    );
  const rs: QbxmlRs = {
    type,
    statusCode,
    statusSeverity: severity,
    statusMessage: attrs.statusMessage ?? '',
    rets: [],
    extra: {},
  };
  if (attrs.requestID !== undefined) rs.requestID = attrs.requestID;
  if (attrs.iteratorID !== undefined) rs.iteratorID = attrs.iteratorID;
  const remaining = intAttr(attrs, 'iteratorRemainingCount', where, false);
  if (remaining !== undefined) rs.iteratorRemainingCount = remaining;
  const retCount = intAttr(attrs, 'retCount', where, false);
  if (retCount !== undefined) rs.retCount = retCount;

  for (const child of children(node, type)) {
    const name = elementName(child);
    if (name === undefined || name === '#text') continue;
    const value = convertContent(child, name, `${type}/${name}`);
    if (name.endsWith('Ret')) {
      rs.rets.push({
        retType: name,
        data: typeof value === 'string' ? { '#text': value } : (value as QbxmlNode),
      });
    } else {
      const existing = rs.extra[name];
      rs.extra[name] =
        existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
  }
  return rs;
}

/**
 * Parses the QBXML that QuickBooks returns (the string QBWC passes to receiveResponseXML). Throws QbxmlParseError
 * for anything that is not a well-formed QBXML response document. DOCTYPE and ENTITY declarations are refused
 * outright: QuickBooks never sends them and they are the vector for entity-expansion attacks.
 */
export function parseQbxmlResponse(xml: string): QbxmlResponseSet {
  if (typeof xml !== 'string') throw new QbxmlParseError('QBXML response must be a string');
  // QBWC hands us a string; a BOM or leading whitespace before the XML declaration is harmless, drop it.
  const doc = xml.replace(/^\uFEFF/, '').trimStart();
  if (doc.length === 0) throw new QbxmlParseError('QBXML response is empty');
  if (/<!DOCTYPE/i.test(doc) || /<!ENTITY/i.test(doc)) {
    throw new QbxmlParseError(
      'QBXML response contains a DOCTYPE or ENTITY declaration, which is not allowed',
    );
  }
  const valid = XMLValidator.validate(doc);
  if (valid !== true) {
    throw new QbxmlParseError(
      `Malformed QBXML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    );
  }
  let tree: OrderedNode[];
  try {
    tree = parser.parse(doc) as OrderedNode[];
  } catch (e) {
    throw new QbxmlParseError(`Malformed QBXML: ${(e as Error).message}`);
  }
  const roots = tree.filter((n) => elementName(n) !== '#text');
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || elementName(root) !== 'QBXML') {
    throw new QbxmlParseError(
      `Expected a single <QBXML> root element, found ${roots.map(elementName).join(', ') || 'none'}`,
    );
  }
  const sections = children(root, 'QBXML').filter((n) => elementName(n) !== '#text');
  const msgs = sections.find((n) => elementName(n) === 'QBXMLMsgsRs');
  if (!msgs) {
    const found = sections.map(elementName).join(', ') || 'nothing';
    const hint = sections.some((n) => elementName(n) === 'QBXMLMsgsRq')
      ? ' (this is a request document, not a response)'
      : '';
    throw new QbxmlParseError(`<QBXML> has no <QBXMLMsgsRs>; found ${found}${hint}`);
  }
  const set: QbxmlResponseSet = { responses: [] };
  const msgAttrs = attributesOf(msgs, 'QBXMLMsgsRs');
  const setStatus =
    intAttr(msgAttrs, 'messageSetStatusCode', 'QBXMLMsgsRs', false) ??
    intAttr(msgAttrs, 'statusCode', 'QBXMLMsgsRs', false);
  if (setStatus !== undefined) set.messageSetStatusCode = setStatus;
  if (msgAttrs.newMessageSetID !== undefined) set.newMessageSetID = msgAttrs.newMessageSetID;

  for (const child of children(msgs, 'QBXMLMsgsRs')) {
    const name = elementName(child);
    if (name === undefined || name === '#text') continue;
    if (!name.endsWith('Rs'))
      throw new QbxmlParseError(
        `Unexpected <${name}> in <QBXMLMsgsRs>: expected response elements ending in 'Rs'`,
      );
    set.responses.push(convertRs(child, name, set.responses.length));
  }
  return set;
}
