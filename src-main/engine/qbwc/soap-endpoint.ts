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

/** A SOAP 1.1 Fault envelope (what QBWC and other SOAP clients understand as a failed call). */
export function soapFault(status: number, code: 'soap:Client' | 'soap:Server', message: string): SoapReply {
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
      if (!/<([A-Za-z_][\w.-]*:)?Envelope[\s>]/.test(body)) {
        return soapFault(400, 'soap:Client', 'Not a SOAP envelope.');
      }
      try {
        const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8' };
        if (soapAction) headers.soapaction = soapAction;
        const r = await server.processRequest(body, { headers, url: '/qbwc' });
        if (r.statusCode >= 500 && !/Envelope/.test(r.body)) {
          return soapFault(500, 'soap:Server', r.body || 'Internal error');
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
