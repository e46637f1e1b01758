/**
 * Low-level SOAP client for the QuickBooks Web Connector service (Intuit's QBWebConnectorSvc.wsdl):
 * one method per web method, no session logic. Usable on its own to drive error paths (unknown ticket,
 * calls out of order, malformed envelopes via postRaw).
 *
 * Transport: HTTP/1.1 POST with undici, `Content-Type: text/xml; charset=utf-8`,
 * `SOAPAction: "http://developer.intuit.com/<method>"`, as QBWC (a .NET SoapHttpClientProtocol) does.
 */
import { request, type Dispatcher } from 'undici';
import {
  QBWC_METHOD_PARAMS,
  buildRequestEnvelope,
  leafText,
  parseEnvelope,
  responseElement,
  soapActionFor,
  SoapParseError,
  type QbwcMethod,
  type SoapParamValue,
} from './envelope.js';
import {
  QbwcAbortedError,
  QbwcClientError,
  QbwcHttpError,
  QbwcProtocolError,
  QbwcSoapFault,
  QbwcTimeoutError,
  QbwcTransportError,
} from './errors.js';

/** User-Agent of QBWC 2.x (.NET 4 SoapHttpClientProtocol). */
export const QBWC_USER_AGENT =
  'Mozilla/4.0 (compatible; MSIE 6.0; MS Web Services Client Protocol 4.0.30319.42000)';
export const DEFAULT_CALL_TIMEOUT_MS = 120_000;

export interface QbwcOutgoingRequest {
  /** Web method name (or the label given to postRaw). */
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface QbwcIncomingResponse {
  method: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  durationMs: number;
}

export interface QbwcSoapClientOptions {
  /** Endpoint, e.g. http://127.0.0.1:PORT/qbwc */
  url: string;
  /** Per-call timeout (whole exchange). Default 120 000 ms. */
  timeoutMs?: number;
  /** Aborts any in-flight call (QbwcAbortedError). */
  signal?: AbortSignal;
  /** undici dispatcher (Agent/Pool/MockAgent); default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
  userAgent?: string;
  /** Keep a log of every call with its arguments and result (default true). */
  recordCalls?: boolean;
  /**
   * Called before each POST. Return a string to send that body instead (malformed-envelope tests);
   * headers may be mutated in place.
   */
  onRequest?: (req: QbwcOutgoingRequest) => string | void | Promise<string | void>;
  /** Called with every raw HTTP response before it is parsed. */
  onResponse?: (res: QbwcIncomingResponse) => void | Promise<void>;
}

export interface QbwcCallRecord {
  method: string;
  args: Record<string, string | number>;
  /** Parsed result (string, string[] or number) when the call succeeded. */
  result?: string | string[] | number;
  /** Error message when the call failed. */
  error?: string;
  status?: number;
  durationMs: number;
}

export interface RawSoapResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function sanitizeArgs(params: Record<string, SoapParamValue>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

export class QbwcSoapClient {
  readonly url: string;
  readonly timeoutMs: number;
  /** Bytes of HTTP request bodies sent (UTF-8). */
  bytesSent = 0;
  /** Bytes of HTTP response bodies received (UTF-8). */
  bytesReceived = 0;
  readonly calls: QbwcCallRecord[] = [];
  private readonly opts: QbwcSoapClientOptions;

  constructor(opts: QbwcSoapClientOptions) {
    if (!opts.url) throw new TypeError('QbwcSoapClient: url is required');
    this.opts = opts;
    this.url = opts.url;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  // ---- the eight web methods ------------------------------------------------------------------

  async serverVersion(): Promise<string> {
    return this.callString('serverVersion', {});
  }

  /** "" = OK, "W:<msg>" = warning, "E:<msg>" = error, "O:<version>" = update required. */
  async clientVersion(strVersion: string): Promise<string> {
    return this.callString('clientVersion', { strVersion });
  }

  /** ArrayOfString: [ticket, ""|"none"|"nvu"|"busy"|companyFile, waitSeconds?, minRunEverySeconds?] */
  async authenticate(strUserName: string, strPassword: string): Promise<string[]> {
    return this.record('authenticate', { strUserName, strPassword }, async (el) => {
      const r = el['authenticateResult'];
      if (r === undefined || r === '' || r === null) return [];
      if (typeof r !== 'object' || Array.isArray(r)) {
        throw new SoapParseError('authenticateResult must contain <string> elements');
      }
      const items = (r as Record<string, unknown>)['string'];
      if (items === undefined) return [];
      const arr = Array.isArray(items) ? items : [items];
      return arr.map((it, i) => leafText(it, `authenticateResult/string[${i}]`) ?? '');
    });
  }

  /** "done" or a company file path to retry with. */
  async connectionError(ticket: string, hresult: string, message: string): Promise<string> {
    return this.callString('connectionError', { ticket, hresult, message });
  }

  /** qbXML request, or "" (then call getLastError). */
  async sendRequestXML(
    ticket: string,
    strHCPResponse: string,
    strCompanyFileName: string,
    qbXMLCountry: string,
    qbXMLMajorVers: number,
    qbXMLMinorVers: number,
  ): Promise<string> {
    return this.callString('sendRequestXML', {
      ticket,
      strHCPResponse,
      strCompanyFileName,
      qbXMLCountry,
      qbXMLMajorVers,
      qbXMLMinorVers,
    });
  }

  /** Percent done (0..100), or negative for an error (then call getLastError). */
  async receiveResponseXML(
    ticket: string,
    response: string,
    hresult: string,
    message: string,
  ): Promise<number> {
    return this.record('receiveResponseXML', { ticket, response, hresult, message }, async (el) => {
      const text = leafText(el['receiveResponseXMLResult'], 'receiveResponseXMLResult');
      if (text === undefined) throw new SoapParseError('receiveResponseXMLResult is missing (minOccurs=1)');
      const t = text.trim();
      if (!/^[+-]?\d+$/.test(t))
        throw new SoapParseError(`receiveResponseXMLResult is not an int: ${JSON.stringify(text)}`);
      const n = Number.parseInt(t, 10);
      if (n > 2147483647 || n < -2147483648)
        throw new SoapParseError(`receiveResponseXMLResult out of int range: ${t}`);
      return n;
    });
  }

  /** Error text, or "NoOp" (QBWC waits 5 s and calls sendRequestXML again). */
  async getLastError(ticket: string): Promise<string> {
    return this.callString('getLastError', { ticket });
  }

  async closeConnection(ticket: string): Promise<string> {
    return this.callString('closeConnection', { ticket });
  }

  // ---- generic ----------------------------------------------------------------------------------

  /**
   * Call any method with the given parameters (known methods: written in WSDL order, extra keys
   * appended; null/undefined omitted). Returns the `<method>Response` element as parsed
   * (namespace prefixes stripped). Throws QbwcSoapFault on a Fault.
   */
  async invoke(
    method: QbwcMethod | string,
    params: Record<string, SoapParamValue> = {},
  ): Promise<Record<string, unknown>> {
    const order = (QBWC_METHOD_PARAMS as Record<string, readonly string[] | undefined>)[method] ?? [];
    const entries: Array<[string, SoapParamValue]> = [];
    for (const name of order) if (name in params) entries.push([name, params[name]]);
    for (const [k, v] of Object.entries(params)) if (!order.includes(k)) entries.push([k, v]);
    const envelope = buildRequestEnvelope(method, entries);
    const raw = await this.postRaw(envelope, { method, soapAction: soapActionFor(method) });
    let parsed;
    try {
      parsed = parseEnvelope(raw.body);
    } catch (e) {
      if (raw.status < 200 || raw.status >= 300) throw new QbwcHttpError(method, raw.status, raw.body);
      throw new QbwcProtocolError(method, (e as Error).message, raw.body, { cause: e });
    }
    if (parsed.kind === 'fault') {
      const f = parsed.fault;
      throw new QbwcSoapFault(method, f.faultcode, f.faultstring, raw.status, f.detail, f.faultactor);
    }
    if (raw.status < 200 || raw.status >= 300) throw new QbwcHttpError(method, raw.status, raw.body);
    try {
      return responseElement(parsed.body, method);
    } catch (e) {
      throw new QbwcProtocolError(method, (e as Error).message, raw.body, { cause: e });
    }
  }

  /**
   * POST an arbitrary body (e.g. a malformed envelope). soapAction: the header value without
   * quotes (it is quoted as .NET does); null = no SOAPAction header. Counts bytes; no parsing.
   */
  async postRaw(
    body: string,
    opts: { method?: string; soapAction?: string | null; contentType?: string } = {},
  ): Promise<RawSoapResponse> {
    const method = opts.method ?? 'raw';
    const headers: Record<string, string> = {
      'Content-Type': opts.contentType ?? 'text/xml; charset=utf-8',
      'User-Agent': this.opts.userAgent ?? QBWC_USER_AGENT,
    };
    const soapAction = opts.soapAction === undefined ? soapActionFor(method) : opts.soapAction;
    if (soapAction !== null) headers['SOAPAction'] = `"${soapAction}"`;
    let sendBody = body;
    if (this.opts.onRequest) {
      const replaced = await this.opts.onRequest({ method, url: this.url, headers, body });
      if (typeof replaced === 'string') sendBody = replaced;
    }
    const timeoutSignal = AbortSignal.timeout(this.timeoutMs);
    const signal = this.opts.signal ? AbortSignal.any([this.opts.signal, timeoutSignal]) : timeoutSignal;
    const started = performance.now();
    this.bytesSent += Buffer.byteLength(sendBody, 'utf8');
    let status: number;
    let resHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      if (this.opts.signal?.aborted) throw this.opts.signal.reason ?? new Error('aborted');
      const res = await request(this.url, {
        method: 'POST',
        headers,
        body: sendBody,
        signal,
        ...(this.opts.dispatcher ? { dispatcher: this.opts.dispatcher } : {}),
      });
      status = res.statusCode;
      resHeaders = res.headers;
      text = await res.body.text();
    } catch (e) {
      if (this.opts.signal?.aborted) throw new QbwcAbortedError(method, { cause: e });
      if (timeoutSignal.aborted) throw new QbwcTimeoutError(method, this.timeoutMs);
      throw new QbwcTransportError(method, e);
    }
    this.bytesReceived += Buffer.byteLength(text, 'utf8');
    if (this.opts.onResponse) {
      await this.opts.onResponse({
        method,
        status,
        headers: resHeaders,
        body: text,
        durationMs: performance.now() - started,
      });
    }
    return { status, headers: resHeaders, body: text };
  }

  // ---- internals --------------------------------------------------------------------------------

  private async callString(method: QbwcMethod, params: Record<string, SoapParamValue>): Promise<string> {
    return this.record(
      method,
      params,
      async (el) => leafText(el[`${method}Result`], `${method}Result`) ?? '',
    );
  }

  private async record<T extends string | string[] | number>(
    method: QbwcMethod,
    params: Record<string, SoapParamValue>,
    extract: (el: Record<string, unknown>) => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    const rec: QbwcCallRecord | undefined =
      this.opts.recordCalls === false ? undefined : { method, args: sanitizeArgs(params), durationMs: 0 };
    if (rec) this.calls.push(rec);
    try {
      const el = await this.invoke(method, params);
      let result: T;
      try {
        result = await extract(el);
      } catch (e) {
        if (e instanceof QbwcClientError) throw e;
        throw new QbwcProtocolError(method, (e as Error).message, undefined, { cause: e });
      }
      if (rec) rec.result = result;
      return result;
    } catch (e) {
      if (rec) {
        rec.error = (e as Error).message;
        if (e instanceof QbwcSoapFault) rec.status = e.httpStatus;
        if (e instanceof QbwcHttpError) rec.status = e.status;
      }
      throw e;
    } finally {
      if (rec) rec.durationMs = performance.now() - started;
    }
  }
}
