import { XMLValidator } from 'fast-xml-parser';
import * as soap from 'soap';
import { createLogger } from '../log/logger';
import type { QbwcService } from './service';
import { qbwcWsdl } from './wsdl';

const log = createLogger('qbwc-soap');

export interface SoapReply {
  status: number;
  contentType: string;
  body: string;
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Fault texts quote the input they complain about; never echo a megabyte of it back. */
const MAX_FAULT_CHARS = 1000;

/** A SOAP 1.1 Fault envelope (what QBWC and other SOAP clients understand as a failed call). */
export function soapFault(status: number, code: 'soap:Client' | 'soap:Server', message: string): SoapReply {
  if (message.length > MAX_FAULT_CHARS) message = `${message.slice(0, MAX_FAULT_CHARS)}…`;
  return {
    status,
    contentType: 'text/xml; charset=utf-8',
    body:
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
      `<soap:Body><soap:Fault><faultcode>${code}</faultcode><faultstring>${escapeXml(message)}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
  };
}

/** Prolog declarations that enable entity expansion attacks: never needed by QBWC, refused outright. */
const DANGEROUS = /<!DOCTYPE|<!ENTITY/i;

/** The eight QBWC web methods: the only operations the Body may hold. */
const OPERATIONS = new Set([
  'serverVersion',
  'clientVersion',
  'authenticate',
  'connectionError',
  'sendRequestXML',
  'receiveResponseXML',
  'getLastError',
  'closeConnection',
]);

/**
 * Element and attribute names that every plain object already has (`constructor`, `toString`,
 * `hasOwnProperty`, `__proto__`…). The soap package looks operations and message parts up by name in plain objects,
 * so such a name reaches Object.prototype and fails inside it ("… is not a function", HTTP 500).
 * QBWC never sends them; they are refused up front as a client error.
 */
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).join('|');
const PROTO_NAME = new RegExp(
  // an element (<name, </name) or an attribute inside a start tag (<x … name=)
  `<\\/?(?:[A-Za-z_][\\w.-]*:)?(?:${PROTO_NAMES})(?=[\\s/>])|<[A-Za-z_][^<>]*?\\s(?:[A-Za-z_][\\w.-]*:)?(?:${PROTO_NAMES})\\s*=`,
);

/** The local name of the Body's first child element; null when the Body is missing, empty or holds only text. */
function bodyOperation(body: string): string | null {
  const open = /<(?:[A-Za-z_][\w.-]*:)?Body(?:\s[^>]*)?>/.exec(body);
  if (!open || open[0].endsWith('/>')) return null;
  let i = open.index + open[0].length;
  for (;;) {
    while (i < body.length && /\s/.test(body[i]!)) i++;
    if (body.startsWith('<!--', i)) {
      const end = body.indexOf('-->', i + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (body.startsWith('<?', i)) {
      const end = body.indexOf('?>', i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else break;
  }
  const m = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(body.slice(i, i + 300));
  return m ? m[1]! : null;
}

/** The first numeric character reference to a code point XML 1.0 does not allow (e.g. `&#0;`), if any. */
function invalidCharRef(body: string): string | undefined {
  if (!body.includes('&#')) return undefined;
  for (const m of body.matchAll(/&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));/g)) {
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    const ok =
      cp === 0x9 ||
      cp === 0xa ||
      cp === 0xd ||
      (cp >= 0x20 && cp <= 0xd7ff) ||
      (cp >= 0xe000 && cp <= 0xfffd) ||
      (cp >= 0x10000 && cp <= 0x10ffff);
    if (!ok) return m[0];
  }
  return undefined;
}

/** The message of a fault the soap package produced (SOAP 1.1 faultstring or SOAP 1.2 Reason/Text). */
function faultText(xml: string): string | undefined {
  const m = /<(?:\w+:)?(?:faultstring|Text)\b[^>]*>([\s\S]*?)<\/(?:\w+:)?(?:faultstring|Text)>/.exec(xml);
  return m?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * Binds the QBWC service to SOAP with the `soap` package (serverless mode: our HTTP router owns the
 * socket, the body limit and the pre-checks; `soap` does the envelope work against our WSDL).
 */
export async function createQbwcSoapEndpoint(
  service: QbwcService,
  address: string,
): Promise<{ handle(body: string, soapAction?: string): Promise<SoapReply>; wsdl: string }> {
  const wsdl = qbwcWsdl(address);
  const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
  type Args = Record<string, unknown> | undefined;
  const port = {
    serverVersion: () => ({ serverVersionResult: service.serverVersion() }),
    clientVersion: (a: Args) => ({ clientVersionResult: service.clientVersion(str(a?.strVersion)) }),
    authenticate: async (a: Args) => ({
      authenticateResult: { string: await service.authenticate(str(a?.strUserName), str(a?.strPassword)) },
    }),
    connectionError: (a: Args) => ({
      connectionErrorResult: service.connectionError(str(a?.ticket), str(a?.hresult), str(a?.message)),
    }),
    sendRequestXML: (a: Args) => ({
      sendRequestXMLResult: service.sendRequestXML({
        ticket: str(a?.ticket),
        strHCPResponse: str(a?.strHCPResponse),
        strCompanyFileName: str(a?.strCompanyFileName),
        qbXMLCountry: str(a?.qbXMLCountry),
        qbXMLMajorVers: str(a?.qbXMLMajorVers),
        qbXMLMinorVers: str(a?.qbXMLMinorVers),
      }),
    }),
    receiveResponseXML: (a: Args) => ({
      receiveResponseXMLResult: service.receiveResponseXML({
        ticket: str(a?.ticket),
        response: str(a?.response),
        hresult: str(a?.hresult),
        message: str(a?.message),
      }),
    }),
    getLastError: (a: Args) => ({ getLastErrorResult: service.getLastError(str(a?.ticket)) }),
    closeConnection: (a: Args) => ({ closeConnectionResult: service.closeConnection(str(a?.ticket)) }),
  };
  const server = await soap.createServerless({
    path: '/qbwc',
    services: { QBWebConnectorSvc: { QBWebConnectorSvcSoap: port } },
    xml: wsdl,
    suppressStack: true,
  } as soap.IServerOptions);

  return {
    wsdl,
    async handle(body: string, soapAction?: string): Promise<SoapReply> {
      if (DANGEROUS.test(body.slice(0, 4096)) || DANGEROUS.test(body)) {
        return soapFault(400, 'soap:Client', 'DOCTYPE and ENTITY declarations are not accepted.');
      }
      if (!body.trim()) return soapFault(400, 'soap:Client', 'Empty request: a SOAP envelope is required.');
      const valid = XMLValidator.validate(body);
      if (valid !== true) {
        return soapFault(400, 'soap:Client', `Malformed XML: ${valid.err.msg} (line ${valid.err.line}).`);
      }
      // The validator does not check entity references; with no DTD only the five XML ones exist.
      const badRef = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)[^;\s<&]{0,40};?/.exec(
        body,
      );
      if (badRef) {
        return soapFault(400, 'soap:Client', `Malformed XML: undefined entity reference "${badRef[0]}".`);
      }
      const badChar = invalidCharRef(body);
      if (badChar) {
        return soapFault(400, 'soap:Client', `Malformed XML: ${badChar} is not a valid XML character.`);
      }
      if (!/<([A-Za-z_][\w.-]*:)?Envelope[\s>]/.test(body)) {
        return soapFault(400, 'soap:Client', 'Not a SOAP envelope.');
      }
      const operation = bodyOperation(body);
      if (operation === null) {
        return soapFault(
          400,
          'soap:Client',
          'The SOAP Body is missing or empty: it must hold one QuickBooks Web Connector method call.',
        );
      }
      if (!OPERATIONS.has(operation)) {
        return soapFault(
          400,
          'soap:Client',
          'Unknown operation: not one of the QuickBooks Web Connector methods.',
        );
      }
      const proto = PROTO_NAME.exec(body);
      if (proto) {
        const name = /([A-Za-z_][\w.-]*)\s*=?$/.exec(proto[0])?.[1] ?? proto[0];
        return soapFault(400, 'soap:Client', `Element or attribute name not accepted: "${name}".`);
      }
      try {
        const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8' };
        if (soapAction) headers.soapaction = soapAction;
        const r = await server.processRequest(body, { headers, url: '/qbwc' });
        if (r.statusCode >= 500) {
          // Always answer in SOAP 1.1 form (the soap package may use 1.2's Code/Reason inside a 1.1 envelope).
          const text = faultText(r.body) || 'Internal error; see the engine log.';
          // The XML parser's own complaints ("…\nLine: 1\nColumn: 9\nChar: x") are about the request.
          if (/\nLine: \d+\nColumn: \d+/.test(text) || text === 'Invalid XML') {
            return soapFault(400, 'soap:Client', `Malformed XML: ${text.replace(/\s+/g, ' ')}`);
          }
          log.warn('SOAP call failed', { operation, body: r.body.slice(0, 500) });
          return soapFault(500, 'soap:Server', text);
        }
        if (!/<\w*:?Body/.test(r.body) && !/Fault/.test(r.body)) {
          // soap answers an unknown operation with an empty envelope; say so plainly.
          return soapFault(
            400,
            'soap:Client',
            'Unknown operation: not one of the QuickBooks Web Connector methods.',
          );
        }
        return { status: r.statusCode, contentType: 'text/xml; charset=utf-8', body: r.body };
      } catch (err) {
        log.error('SOAP processing failed', { err: (err as Error).message });
        return soapFault(500, 'soap:Server', (err as Error).message);
      }
    },
  };
}
