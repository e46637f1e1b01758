/**
 * XML plumbing of the simulator, deliberately independent of the product's QBXML code:
 * requests are parsed with fast-xml-parser (order preserved, since a message set mixes request
 * types and a transaction interleaves line kinds), responses are built with its XMLBuilder.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { QbxmlDocumentError } from './errors.js';

/** A parsed request element. `text` is the trimmed, entity-decoded text content. */
export interface XElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XElement[];
  readonly text: string;
}

export interface ParsedDocument {
  /** `version` of the `<?qbxml version="…"?>` processing instruction, if any. */
  readonly qbxmlVersion: string | undefined;
  readonly root: XElement;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: false,
  ignorePiTags: false,
  processEntities: true,
  htmlEntities: true, // decodes numeric character references (&#39; &#x41;)
});

type OrderedNode = Record<string, unknown>;

function toElement(name: string, node: OrderedNode): XElement {
  const rawChildren = (node[name] ?? []) as OrderedNode[];
  const attrs: Record<string, string> = {};
  const rawAttrs = node[':@'] as Record<string, unknown> | undefined;
  if (rawAttrs) for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v);
  const children: XElement[] = [];
  let text = '';
  for (const child of rawChildren) {
    for (const key of Object.keys(child)) {
      if (key === ':@') continue;
      if (key === '#text') text += String(child[key]);
      else if (!key.startsWith('?') && !key.startsWith('!')) children.push(toElement(key, child));
    }
  }
  return { name, attrs, children, text: text.trim() };
}

/** Well-formedness check + parse. Throws QbxmlDocumentError like QuickBooks' request processor. */
export function parseDocument(input: string): ParsedDocument {
  if (typeof input !== 'string' || input.trim() === '')
    throw new QbxmlDocumentError('empty request document');
  const xml = input.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new QbxmlDocumentError(
      `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, col ${valid.err.col})`,
    );
  }
  let top: OrderedNode[];
  try {
    top = parser.parse(xml) as OrderedNode[];
  } catch (err) {
    throw new QbxmlDocumentError(`not well-formed XML: ${(err as Error).message}`);
  }
  let qbxmlVersion: string | undefined;
  const roots: XElement[] = [];
  for (const node of top) {
    for (const key of Object.keys(node)) {
      if (key === ':@') continue;
      if (key === '?qbxml') {
        const a = node[':@'] as Record<string, unknown> | undefined;
        qbxmlVersion = a?.['version'] === undefined ? '' : String(a['version']);
      } else if (!key.startsWith('?') && !key.startsWith('!') && key !== '#text') {
        roots.push(toElement(key, node));
      }
    }
  }
  if (roots.length !== 1)
    throw new QbxmlDocumentError(`expected exactly one root element, found ${roots.length}`);
  return { qbxmlVersion, root: roots[0] as XElement };
}

export function child(el: XElement, name: string): XElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XElement, name: string): XElement[] {
  return el.children.filter((c) => c.name === name);
}

export function textOf(el: XElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const c = child(el, name);
  return c ? c.text : undefined;
}

// ---------------------------------------------------------------------------------------------
// Response building (fast-xml-parser "preserveOrder" node format)

export type XmlNode = Record<string, unknown>;
export type Attrs = Record<string, string | number | undefined>;
type Maybe<T> = T | undefined | null | false;

function cleanAttrs(attrs: Attrs | undefined): Record<string, string> | undefined {
  if (!attrs) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out[k] = String(v);
  return out;
}

/** Element with children (undefined/false children are skipped, so optional fields read naturally). */
export function el(name: string, children: readonly Maybe<XmlNode>[], attrs?: Attrs): XmlNode {
  const node: XmlNode = { [name]: children.filter((c): c is XmlNode => !!c) };
  const a = cleanAttrs(attrs);
  if (a) node[':@'] = a;
  return node;
}

/** Text element; omitted (undefined) when the value is undefined or an empty string. */
export function tx(name: string, value: string | number | boolean | undefined | null): XmlNode | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return { [name]: [{ '#text': String(value) }] };
}

export function nodeName(node: XmlNode): string {
  for (const k of Object.keys(node)) if (k !== ':@') return k;
  return '';
}

export function nodeChildren(node: XmlNode): XmlNode[] {
  return (node[nodeName(node)] ?? []) as XmlNode[];
}

/** IncludeRetElement: keep only the named top-level children of a Ret (QuickBooks semantics). */
export function filterRet(ret: XmlNode, include: readonly string[]): XmlNode {
  if (include.length === 0) return ret;
  const name = nodeName(ret);
  const keep = new Set(include);
  return { ...ret, [name]: nodeChildren(ret).filter((c) => keep.has(nodeName(c))) };
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  format: true,
  indentBy: '',
  suppressEmptyNode: true,
  processEntities: true,
});

/**
 * Serialises like QuickBooks does: `<?xml version="1.0" ?>`, one element per line, no indentation,
 * `<XRs … />` for a response without data.
 */
export function serializeDocument(root: XmlNode): string {
  const body = (builder.build([root]) as string).replace(/"\/>/g, '" />').trim();
  return `<?xml version="1.0" ?>\n${body}\n`;
}
