import { stripInvalidXmlChars } from './limits';

/**
 * Request bodies are plain objects whose key order is the element order (the qbXML schema is all xsd:sequence, so
 * order matters). An array value repeats the element; undefined/null values are skipped, so builders can list every
 * optional field in schema order and leave the unused ones undefined.
 */
export type XmlScalar = string | number | boolean;
export type XmlValue =
  XmlScalar | XmlBody | XmlSequence | undefined | null | readonly (XmlScalar | XmlBody | undefined | null)[];

const SEQUENCE = Symbol('xml-sequence');

/**
 * Elements of different names interleaved in the given order, where the schema has a repeated
 * xsd:choice (e.g. `InvoiceLineAdd | InvoiceLineGroupAdd`); the key it is stored under is not emitted.
 */
export interface XmlSequence {
  readonly [SEQUENCE]: readonly (readonly [string, XmlBody])[];
}

export function sequence(items: readonly (readonly [string, XmlBody])[]): XmlSequence {
  return { [SEQUENCE]: items };
}

const isSequence = (v: unknown): v is XmlSequence => typeof v === 'object' && v !== null && SEQUENCE in v;
export interface XmlBody {
  readonly [element: string]: XmlValue;
}

/** fast-xml-parser's preserveOrder node shape. */
export type OrderedNode = { [name: string]: OrderedNode[] | string | Record<string, string> };

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function assertElementName(name: string, where: string): void {
  if (!ELEMENT_NAME.test(name))
    throw new Error(`Invalid XML element name ${JSON.stringify(name)} in ${where}`);
}

function scalarText(value: XmlScalar, where: string): string {
  if (typeof value === 'string') return stripInvalidXmlChars(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Non-integers must go through formatAmount/formatPrice/...: String(0.1 + 0.2) is not a valid AMTTYPE.
  if (Number.isSafeInteger(value)) return String(value);
  throw new Error(`${where}: numbers must be safe integers here (got ${value}); format decimals explicitly`);
}

/** Converts a body into fast-xml-parser's ordered representation, preserving key order. */
export function toOrderedNodes(body: XmlBody, where: string): OrderedNode[] {
  const out: OrderedNode[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    assertElementName(name, where);
    if (isSequence(value)) {
      for (const [el, b] of value[SEQUENCE]) {
        assertElementName(el, where);
        out.push({ [el]: toOrderedNodes(b, `${where}/${el}`) });
      }
      continue;
    }
    const path = `${where}/${name}`;
    const items = Array.isArray(value) ? (value as readonly unknown[]) : [value];
    for (const item of items) {
      if (item === undefined || item === null) continue;
      if (Array.isArray(item)) throw new Error(`${path}: nested arrays are not allowed`);
      if (typeof item === 'object') out.push({ [name]: toOrderedNodes(item as XmlBody, path) });
      else out.push({ [name]: [{ '#text': scalarText(item as XmlScalar, path) }] });
    }
  }
  return out;
}
