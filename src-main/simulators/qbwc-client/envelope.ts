/**
 * SOAP 1.1 envelopes exactly as QuickBooks Web Connector 2.x posts them, and a tolerant parser for
 * whatever the server answers.
 *
 * Request format (byte-for-byte the style of the captured QBWC envelopes in
 * shared/reference/quickbooks/samples/flowlink/*_rs.xml):
 *
 *   <?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="…/soap/envelope/"
 *   xmlns:xsi="…/XMLSchema-instance" xmlns:xsd="…/XMLSchema"><soap:Body><receiveResponseXML
 *   xmlns="http://developer.intuit.com/"><ticket>…</ticket><response>&lt;?xml …</response><hresult />
 *   <message /></receiveResponseXML></soap:Body></soap:Envelope>
 *
 * - text content escapes only `&`, `<`, `>` (like .NET's XmlTextWriter; quotes stay literal);
 * - empty strings are written as `<name />`; null/undefined parameters are omitted (.NET XmlSerializer
 *   omits null strings for minOccurs="0" elements);
 * - carriage returns are written raw, so a conforming XML parser on the server normalises CRLF to LF,
 *   exactly as with the real Web Connector.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const SOAP11_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
/** targetNamespace of Intuit's QBWebConnectorSvc.wsdl. */
export const QBWC_NS = 'http://developer.intuit.com/';
export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** The eight web methods of QBWebConnectorSvc.wsdl. */
export type QbwcMethod =
  | 'serverVersion'
  | 'clientVersion'
  | 'authenticate'
  | 'connectionError'
  | 'sendRequestXML'
  | 'receiveResponseXML'
  | 'getLastError'
  | 'closeConnection';

/** Parameter element names of each method's input element, in WSDL sequence order. */
export const QBWC_METHOD_PARAMS: Readonly<Record<QbwcMethod, readonly string[]>> = {
  serverVersion: [],
  clientVersion: ['strVersion'],
  authenticate: ['strUserName', 'strPassword'],
  connectionError: ['ticket', 'hresult', 'message'],
  sendRequestXML: [
    'ticket',
    'strHCPResponse',
    'strCompanyFileName',
    'qbXMLCountry',
    'qbXMLMajorVers',
    'qbXMLMinorVers',
  ],
  receiveResponseXML: ['ticket', 'response', 'hresult', 'message'],
  getLastError: ['ticket'],
  closeConnection: ['ticket'],
};

export const QBWC_METHODS = Object.keys(QBWC_METHOD_PARAMS) as QbwcMethod[];

export function soapActionFor(method: string): string {
  return `${QBWC_NS}${method}`;
}

export type SoapParamValue = string | number | null | undefined;

/** Escape text content the way .NET's XmlTextWriter does (element content only: & < >). */
export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  // Escaping is done by tagValueProcessor so that only & < > are entitised (QBWC style).
  processEntities: false,
  tagValueProcessor: (_name: string, value: unknown) =>
    typeof value === 'string' ? escapeXmlText(value) : value,
});

/**
 * Build a SOAP 1.1 document/literal request envelope for `method`.
 * `params` are written in the given order; pass them in WSDL order (see QBWC_METHOD_PARAMS).
 */
export function buildRequestEnvelope(
  method: string,
  params: ReadonlyArray<readonly [name: string, value: SoapParamValue]>,
): string {
  const body: Record<string, unknown> = { '@_xmlns': QBWC_NS };
  for (const [name, value] of params) {
    if (value === null || value === undefined) continue;
    body[name] = typeof value === 'number' ? String(value) : value;
  }
  const doc = {
    'soap:Envelope': {
      '@_xmlns:soap': SOAP11_ENV_NS,
      '@_xmlns:xsi': XSI_NS,
      '@_xmlns:xsd': XSD_NS,
      'soap:Body': { [method]: body },
    },
  };
  const xml = builder.build(doc) as string;
  // .NET writes empty elements as `<name />` (with a space). Text content never contains a literal
  // `<` (it is escaped), so every `/>` found here closes a tag.
  return XML_DECLARATION + xml.replace(/(<[^<>]*?)\/>/g, '$1 />');
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: false,
  // decode numeric character references (&#xD; &#39; …) as well as the five XML entities
  htmlEntities: true,
  isArray: (tagName: string) => tagName === 'string',
});

export interface ParsedFault {
  faultcode: string;
  faultstring: string;
  faultactor?: string;
  detail?: unknown;
}

export type ParsedEnvelope =
  { kind: 'body'; body: Record<string, unknown> } | { kind: 'fault'; fault: ParsedFault };

export class SoapParseError extends Error {
  override readonly name = 'SoapParseError';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstRecord(v: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(v)) return firstRecord(v[0]);
  return isRecord(v) ? v : undefined;
}

/** Text of a parsed leaf; '' for empty/nil elements; undefined when absent. Child elements → throws. */
export function leafText(v: unknown, what: string): string | undefined {
  if (v === undefined) return undefined;
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) throw new SoapParseError(`${what} occurs more than once`);
  if (isRecord(v)) {
    const keys = Object.keys(v).filter((k) => k !== '#text');
    if (keys.length > 0) {
      throw new SoapParseError(
        `${what} has element children (${keys.join(', ')}): a string result must be escaped text`,
      );
    }
    const t = v['#text'];
    return typeof t === 'string' ? t : '';
  }
  return String(v);
}

function faultText(v: unknown): string {
  try {
    return (leafText(v, 'fault field') ?? '').trim();
  } catch {
    return '';
  }
}

/** Parse a SOAP envelope (1.1 or 1.2, any namespace prefix or none). */
export function parseEnvelope(xml: string): ParsedEnvelope {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (e) {
    throw new SoapParseError(`response is not well-formed XML: ${(e as Error).message}`);
  }
  const root = firstRecord(doc);
  const envelope = root ? firstRecord(root['Envelope']) : undefined;
  if (!envelope) throw new SoapParseError('response has no SOAP Envelope element');
  const body = firstRecord(envelope['Body']);
  if (!body) throw new SoapParseError('SOAP Envelope has no Body element');
  if ('Fault' in body) {
    const f = firstRecord(body['Fault']) ?? {};
    // SOAP 1.1: faultcode/faultstring; SOAP 1.2: Code/Value, Reason/Text
    const code11 = faultText(f['faultcode']);
    const code12 = faultText(firstRecord(f['Code'])?.['Value']);
    const str11 = faultText(f['faultstring']);
    const str12 = faultText(firstRecord(f['Reason'])?.['Text']);
    const fault: ParsedFault = {
      faultcode: code11 || code12,
      faultstring: str11 || str12,
    };
    const actor = faultText(f['faultactor'] ?? f['Role']);
    if (actor) fault.faultactor = actor;
    const detail = f['detail'] ?? f['Detail'];
    if (detail !== undefined) fault.detail = detail;
    return { kind: 'fault', fault };
  }
  return { kind: 'body', body };
}

/**
 * The `<method>Response` element of a parsed body; throws if missing.
 */
export function responseElement(body: Record<string, unknown>, method: string): Record<string, unknown> {
  const name = `${method}Response`;
  const v = body[name];
  if (v === undefined) {
    const found = Object.keys(body).filter((k) => k !== '#text');
    throw new SoapParseError(
      `expected <${name}> in SOAP Body, found ${found.length ? found.join(', ') : 'nothing'}`,
    );
  }
  if (v === '' || v === null) return {};
  const r = firstRecord(v);
  if (!r) throw new SoapParseError(`<${name}> must be an element with children`);
  return r;
}
