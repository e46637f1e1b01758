/**
 * QBWC client simulator against a fake QBWC SOAP server (node:http + canned envelopes) and a fake
 * QuickBooks backend. The fake server parses requests with its own namespace-aware reader, so what
 * it asserts is what any SOAP server would see.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { QB_REFERENCE_DIR } from '../../helpers/reference';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import * as soap from 'soap';
import {
  QbwcHttpError,
  QbwcProtocolError,
  QbwcScheduler,
  QbwcSoapClient,
  QbwcSoapFault,
  QbwcTimeoutError,
  runQbwcSession,
  type QbwcSessionOptions,
  type QuickBooksBackend,
} from '../../../src-main/simulators/qbwc-client/index.js';

// Intuit's WSDL and real QBWC captures live outside the repo (shared reference set).
const referenceRoot = QB_REFERENCE_DIR;
const WSDL_PATH = path.join(referenceRoot, 'wsdl/QBWebConnectorSvc.wsdl');
const CAPTURED_RRX = path.join(referenceRoot, 'samples/flowlink/invoice_add_rs.xml');

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const QBWC_NS = 'http://developer.intuit.com/';
const COMPANY = 'C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Acme & Sons.QBW';
const HCP =
  '<?xml version="1.0" ?>\n<QBXML><QBXMLMsgsRs><HostQueryRs requestID="0" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><HostRet><ProductName>QuickBooks Enterprise Solutions 24.0</ProductName><MajorVersion>34</MajorVersion><SupportedQBXMLVersion>13.0</SupportedQBXMLVersion></HostRet></HostQueryRs></QBXMLMsgsRs></QBXML>\n';

// ---------------------------------------------------------------------------------------------
// namespace-aware XML reader (test-side, independent of the client's parser)

interface XNode {
  ns: string;
  local: string;
  children: XNode[];
  text: string;
}

const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
});

function resolveNodes(nodes: unknown[], scope: Record<string, string>): XNode[] {
  const out: XNode[] = [];
  for (const raw of nodes) {
    const node = raw as Record<string, unknown>;
    const key = Object.keys(node).find((k) => k !== ':@');
    if (!key || key === '#text' || key.startsWith('?')) continue;
    const attrs = (node[':@'] ?? {}) as Record<string, string>;
    const s = { ...scope };
    for (const [a, v] of Object.entries(attrs)) {
      if (a === '@_xmlns') s[''] = v;
      else if (a.startsWith('@_xmlns:')) s[a.slice(8)] = v;
    }
    const colon = key.indexOf(':');
    const prefix = colon >= 0 ? key.slice(0, colon) : '';
    const local = colon >= 0 ? key.slice(colon + 1) : key;
    const kids = (node[key] ?? []) as unknown[];
    const text = kids
      .map((k) => (k as Record<string, unknown>)['#text'])
      .filter((t) => t !== undefined)
      .map(String)
      .join('');
    out.push({ ns: s[prefix] ?? '', local, children: resolveNodes(kids, s), text });
  }
  return out;
}

function readXml(xml: string): XNode {
  const root = resolveNodes(orderedParser.parse(xml) as unknown[], {})[0];
  if (!root) throw new Error('no root element');
  return root;
}

function child(n: XNode, local: string): XNode {
  const c = n.children.find((x) => x.local === local);
  if (!c) throw new Error(`no <${local}> under <${n.local}>`);
  return c;
}

/** Namespace-resolved shape of an element: {ns}local, children in order, leaf text. */
function shape(n: XNode): unknown {
  return n.children.length
    ? { name: `{${n.ns}}${n.local}`, children: n.children.map(shape) }
    : { name: `{${n.ns}}${n.local}`, text: n.text };
}

// ---------------------------------------------------------------------------------------------
// fake QBWC SOAP server

interface FakeCall {
  method: string;
  ns: string;
  soapAction: string | undefined;
  contentType: string | undefined;
  httpVersion: string;
  /** argument name → decoded text ('' for <x />) */
  args: Record<string, string>;
  argOrder: string[];
  argNamespaces: string[];
  body: string;
}

type Reply =
  string | string[] | number | { raw: string; status?: number; contentType?: string } | { hang: true };

type Handler = (call: FakeCall, n: number) => Reply | Promise<Reply>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Style = 'soap' | 'soapenv' | 'none';

function envelope(inner: string, style: Style = 'soap'): string {
  if (style === 'none') {
    return `<?xml version="1.0" encoding="utf-8"?><Envelope xmlns="${SOAP11}"><Body>${inner}</Body></Envelope>`;
  }
  const p = style;
  return `<?xml version="1.0" encoding="utf-8"?><${p}:Envelope xmlns:${p}="${SOAP11}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><${p}:Body>${inner}</${p}:Body></${p}:Envelope>`;
}

/** ASMX-style document/literal response envelope. */
function okEnvelope(method: string, result: string | string[] | number, style: Style = 'soap'): string {
  const r = `${method}Result`;
  const value = Array.isArray(result)
    ? result.map((s) => `<string>${esc(s)}</string>`).join('')
    : esc(String(result));
  const resultEl = value === '' ? `<${r} />` : `<${r}>${value}</${r}>`;
  const inner = `<${method}Response xmlns="${QBWC_NS}">${resultEl}</${method}Response>`;
  return envelope(inner, style);
}

function faultEnvelope(code: string, str: string, style: Style = 'soap'): string {
  const p = style === 'none' ? '' : `${style}:`;
  return envelope(
    `<${p}Fault><faultcode>${p}${code}</faultcode><faultstring>${esc(str)}</faultstring><detail><info>x</info></detail></${p}Fault>`,
    style,
  );
}

interface FakeServer {
  url: string;
  calls: FakeCall[];
  methods: () => string[];
  maxConcurrent: number;
  close: () => Promise<void>;
}

const openServers: FakeServer[] = [];

afterEach(async () => {
  await Promise.all(openServers.splice(0).map((s) => s.close()));
});

function defaultHandlers(): Record<string, Handler> {
  return {
    serverVersion: () => '1.0.0-fake',
    clientVersion: () => '',
    authenticate: () => ['TICKET-1', ''],
    sendRequestXML: () => '',
    receiveResponseXML: () => 100,
    getLastError: () => 'fake error',
    connectionError: () => 'done',
    closeConnection: () => 'OK',
  };
}

async function startServer(handlers: Record<string, Handler>, style: Style = 'soap'): Promise<FakeServer> {
  const all = { ...defaultHandlers(), ...handlers };
  const calls: FakeCall[] = [];
  const counts: Record<string, number> = {};
  let inflight = 0;
  const state = { maxConcurrent: 0 };
  const sockets = new Set<Socket>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inflight++;
    state.maxConcurrent = Math.max(state.maxConcurrent, inflight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let reply: Reply;
        let op: XNode | undefined;
        try {
          op = child(readXml(body), 'Body').children[0];
        } catch {
          op = undefined;
        }
        if (!op) {
          inflight--;
          res.writeHead(400, { 'content-type': 'text/plain' }).end('bad xml');
          return;
        }
        const call: FakeCall = {
          method: op.local,
          ns: op.ns,
          soapAction: req.headers['soapaction'] as string | undefined,
          contentType: req.headers['content-type'],
          httpVersion: req.httpVersion,
          args: Object.fromEntries(op.children.map((c) => [c.local, c.text])),
          argOrder: op.children.map((c) => c.local),
          argNamespaces: op.children.map((c) => c.ns),
          body,
        };
        calls.push(call);
        const n = (counts[call.method] = (counts[call.method] ?? 0) + 1) - 1;
        const h = all[call.method];
        try {
          reply = h
            ? await h(call, n)
            : { raw: faultEnvelope('Client', `unknown method ${call.method}`), status: 500 };
        } catch (e) {
          reply = {
            raw: faultEnvelope('Server', `test handler threw: ${(e as Error).message}`),
            status: 500,
          };
        }
        if (typeof reply === 'object' && !Array.isArray(reply) && 'hang' in reply) return; // never answer
        inflight--;
        if (typeof reply === 'object' && !Array.isArray(reply)) {
          res
            .writeHead(reply.status ?? 200, {
              'content-type': reply.contentType ?? 'text/xml; charset=utf-8',
            })
            .end(reply.raw);
        } else {
          res
            .writeHead(200, { 'content-type': 'text/xml; charset=utf-8' })
            .end(okEnvelope(call.method, reply, style));
        }
      })();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeServer = {
    url: `http://127.0.0.1:${port}/qbwc`,
    calls,
    methods: () => calls.map((c) => c.method),
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  openServers.push(fake);
  return fake;
}

// ---------------------------------------------------------------------------------------------
// fake QuickBooks

class FakeBackend implements QuickBooksBackend {
  readonly companyFile = COMPANY;
  readonly qbxmlMajorVersion = 13;
  readonly qbxmlMinorVersion = 0;
  readonly received: string[] = [];
  hcpCalls = 0;
  constructor(
    private readonly respond: (rq: string, i: number) => string = (rq, i) =>
      `<QBXML><Rs n="${i}">${rq.length}</Rs></QBXML>`,
  ) {}
  hostQueryResponseXml(): string {
    this.hcpCalls++;
    return HCP;
  }
  async handleRequestXml(requestXml: string): Promise<string> {
    this.received.push(requestXml);
    return this.respond(requestXml, this.received.length - 1);
  }
}

function opts(
  server: FakeServer,
  backend: QuickBooksBackend,
  extra: Partial<QbwcSessionOptions> = {},
): QbwcSessionOptions {
  return { url: server.url, username: 'qbwc-user', password: 'p&ss<w>rd', backend, noOpDelayMs: 1, ...extra };
}

/** Server whose sendRequestXML hands out `requests` then "" (percent = done/total*100). */
function queueHandlers(requests: string[]): Record<string, Handler> {
  let done = 0;
  return {
    sendRequestXML: (_c, n) => requests[n] ?? '',
    receiveResponseXML: () => {
      done++;
      return Math.floor((done / requests.length) * 100);
    },
  };
}

const RQ = (i: number) =>
  `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><CustomerQueryRq requestID="${i}"><MaxReturned>10</MaxReturned></CustomerQueryRq></QBXMLMsgsRq></QBXML>`;

// ---------------------------------------------------------------------------------------------

describe('runQbwcSession: the QBWC call loop', () => {
  it('full session: exact call sequence, arguments, headers; HCP only on the first sendRequestXML', async () => {
    const requests = [RQ(1), RQ(2), RQ(3)];
    const server = await startServer(queueHandlers(requests));
    const backend = new FakeBackend();
    const report = await runQbwcSession(opts(server, backend));

    expect(server.methods()).toEqual([
      'serverVersion',
      'clientVersion',
      'authenticate',
      'sendRequestXML',
      'receiveResponseXML',
      'sendRequestXML',
      'receiveResponseXML',
      'sendRequestXML',
      'receiveResponseXML',
      'closeConnection',
    ]);
    const [sv, cv, auth, s1, r1, s2, , s3, , close] = server.calls;
    for (const c of server.calls) {
      expect(c.soapAction).toBe(`"http://developer.intuit.com/${c.method}"`);
      expect(c.contentType).toBe('text/xml; charset=utf-8');
      expect(c.httpVersion).toBe('1.1');
      expect(c.ns).toBe(QBWC_NS);
      expect(c.argNamespaces.every((ns) => ns === QBWC_NS)).toBe(true);
      expect(
        c.body.startsWith(
          '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>',
        ),
      ).toBe(true);
    }
    expect(sv!.argOrder).toEqual([]);
    expect(cv!.args).toEqual({ strVersion: '2.3.0.36' });
    expect(auth!.argOrder).toEqual(['strUserName', 'strPassword']);
    expect(auth!.args).toEqual({ strUserName: 'qbwc-user', strPassword: 'p&ss<w>rd' });
    expect(s1!.argOrder).toEqual([
      'ticket',
      'strHCPResponse',
      'strCompanyFileName',
      'qbXMLCountry',
      'qbXMLMajorVers',
      'qbXMLMinorVers',
    ]);
    expect(s1!.args).toEqual({
      ticket: 'TICKET-1',
      strHCPResponse: HCP,
      strCompanyFileName: COMPANY,
      qbXMLCountry: 'US',
      qbXMLMajorVers: '13',
      qbXMLMinorVers: '0',
    });
    expect(s2!.args['strHCPResponse']).toBe('');
    expect(s3!.args['strHCPResponse']).toBe('');
    expect(s2!.body).toContain('<strHCPResponse />');
    expect(backend.hcpCalls).toBe(1);
    expect(r1!.argOrder).toEqual(['ticket', 'response', 'hresult', 'message']);
    expect(r1!.args).toEqual({
      ticket: 'TICKET-1',
      response: `<QBXML><Rs n="0">${RQ(1).length}</Rs></QBXML>`,
      hresult: '',
      message: '',
    });
    expect(r1!.body).toContain('<hresult /><message /></receiveResponseXML></soap:Body></soap:Envelope>');
    expect(close!.args).toEqual({ ticket: 'TICKET-1' });
    expect(backend.received).toEqual(requests);

    expect(report).toMatchObject({
      serverVersion: '1.0.0-fake',
      clientVersionResult: '',
      authResult: ['TICKET-1', ''],
      ticket: 'TICKET-1',
      outcome: 'completed',
      requests: 3,
      percents: [33, 66, 100],
      closeMessage: 'OK',
      noOps: 0,
      companyFile: COMPANY,
      warnings: [],
    });
    expect(report.lastError).toBeUndefined();
    expect(report.calls.map((c) => c.method)).toEqual(server.methods());
    const sent = server.calls.reduce((a, c) => a + Buffer.byteLength(c.body), 0);
    expect(report.bytesSent).toBe(sent);
    expect(report.bytesReceived).toBeGreaterThan(0);
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('envelope is byte-for-byte what QBWC 2.x posted (captured receiveResponseXML)', async () => {
    const captured = readFileSync(CAPTURED_RRX, 'utf8').replace(/\r?\n$/, '');
    const rrx = child(child(readXml(captured), 'Body'), 'receiveResponseXML');
    const ticket = child(rrx, 'ticket').text;
    const qbxml = child(rrx, 'response').text;
    const server = await startServer({
      authenticate: () => [ticket, ''],
      sendRequestXML: (_c, n) => (n === 0 ? RQ(1) : ''),
    });
    const report = await runQbwcSession(opts(server, new FakeBackend(() => qbxml)));
    expect(report.outcome).toBe('completed');
    const sent = server.calls.find((c) => c.method === 'receiveResponseXML')!;
    expect(sent.body).toBe(captured);
  });

  it('escaping: & < > quotes, entities-as-text, ]]>, CRLF-free multiline and unicode round-trip exactly', async () => {
    const tricky =
      '<?xml version="1.0" ?>\n<QBXML><QBXMLMsgsRs><CustomerQueryRs statusCode="0" statusMessage="Status &amp; OK"><CustomerRet>' +
      '<Name>Smith &amp; Sons &lt;West&gt; "Q" \'A\' &#x41; ]]> &amp;amp;</Name><Notes>Ünïcødé ✓ 😀\n\ttabbed</Notes>' +
      '</CustomerRet></CustomerQueryRs></QBXMLMsgsRs></QBXML>\n';
    const trickyRq = `<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError"><CustomerAddRq><CustomerAdd><Name>A &amp; B &lt;C&gt; "D"</Name></CustomerAdd></CustomerAddRq></QBXMLMsgsRq></QBXML>`;
    const server = await startServer({ sendRequestXML: (_c, n) => (n === 0 ? trickyRq : '') });
    const backend = new FakeBackend(() => tricky);
    const report = await runQbwcSession(opts(server, backend));
    expect(report.outcome).toBe('completed');
    // server → client direction: the backend got exactly what the server escaped
    expect(backend.received).toEqual([trickyRq]);
    // client → server direction: what the server decodes is exactly the backend's XML
    const rrx = server.calls.find((c) => c.method === 'receiveResponseXML')!;
    expect(rrx.args['response']).toBe(tricky);
    // and it is escaped text, not child elements
    expect(rrx.body).toContain('<response>&lt;?xml version="1.0" ?&gt;\n&lt;QBXML&gt;');
    expect(rrx.body).toContain(
      'Smith &amp;amp; Sons &amp;lt;West&amp;gt; "Q" \'A\' &amp;#x41; ]]&gt; &amp;amp;amp;',
    );
    // HCP and company file (with &) also survive
    const s1 = server.calls.find((c) => c.method === 'sendRequestXML')!;
    expect(s1.args['strHCPResponse']).toBe(HCP);
    expect(s1.args['strCompanyFileName']).toBe(COMPANY);
  });

  it('NoOp: getLastError "NoOp" → wait, sendRequestXML again (no HCP), counts noOps', async () => {
    const server = await startServer({
      sendRequestXML: (_c, n) => (n === 2 ? RQ(1) : ''),
      getLastError: () => 'NoOp',
    });
    const backend = new FakeBackend();
    const report = await runQbwcSession(opts(server, backend, { noOpDelayMs: 5 }));
    expect(server.methods()).toEqual([
      'serverVersion',
      'clientVersion',
      'authenticate',
      'sendRequestXML',
      'getLastError',
      'sendRequestXML',
      'getLastError',
      'sendRequestXML',
      'receiveResponseXML',
      'closeConnection',
    ]);
    const sends = server.calls.filter((c) => c.method === 'sendRequestXML');
    expect(sends.map((c) => c.args['strHCPResponse'])).toEqual([HCP, '', '']);
    expect(
      server.calls.filter((c) => c.method === 'getLastError').every((c) => c.args['ticket'] === 'TICKET-1'),
    ).toBe(true);
    expect(report).toMatchObject({ outcome: 'completed', noOps: 2, requests: 1, percents: [100] });
  });

  it('NoOp forever: capped by maxNoOps → closeConnection, outcome error', async () => {
    const server = await startServer({ getLastError: () => 'NoOp' });
    const report = await runQbwcSession(opts(server, new FakeBackend(), { maxNoOps: 3 }));
    expect(server.methods().filter((m) => m === 'sendRequestXML')).toHaveLength(4);
    expect(server.methods().at(-1)).toBe('closeConnection');
    expect(report.outcome).toBe('error');
    expect(report.noOps).toBe(4);
    expect(report.lastError).toMatch(/maxNoOps/);
  });

  it('sendRequestXML "" with a real error → getLastError message recorded → closeConnection', async () => {
    const server = await startServer({
      getLastError: () => 'Database is locked',
      closeConnection: () => 'Bye',
    });
    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(server.methods().slice(3)).toEqual(['sendRequestXML', 'getLastError', 'closeConnection']);
    expect(report).toMatchObject({
      outcome: 'error',
      lastError: 'Database is locked',
      closeMessage: 'Bye',
      requests: 0,
    });
  });

  it.each([
    ['nvu', 'invalid-user'],
    ['none', 'no-work'],
    ['busy', 'busy'],
  ] as const)('authenticate "%s" → %s, stops without closeConnection', async (status, outcome) => {
    const server = await startServer({ authenticate: () => ['TICKET-X', status, '60', '300'] });
    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(server.methods()).toEqual(['serverVersion', 'clientVersion', 'authenticate']);
    expect(report.outcome).toBe(outcome);
    expect(report.authResult).toEqual(['TICKET-X', status, '60', '300']);
    expect(report.waitBeforeNextUpdateSec).toBe(60);
    expect(report.minRunEverySec).toBe(300);
    expect(report.closeMessage).toBeUndefined();
  });

  it('clientVersion W: → warning and continue; E: / O: → stop before authenticate', async () => {
    const warn = await startServer({ clientVersion: () => 'W:Please upgrade soon' });
    const r1 = await runQbwcSession(opts(warn, new FakeBackend()));
    expect(warn.methods()).toContain('authenticate');
    expect(r1.outcome).toBe('error'); // default handlers: no work then getLastError error
    expect(r1.warnings).toEqual(['clientVersion warning: Please upgrade soon']);

    const err = await startServer({ clientVersion: () => 'E:Unsupported Web Connector' });
    const r2 = await runQbwcSession(opts(err, new FakeBackend(), { clientVersion: '2.1.0.30' }));
    expect(err.calls[1]!.args).toEqual({ strVersion: '2.1.0.30' });
    expect(err.methods()).toEqual(['serverVersion', 'clientVersion']);
    expect(r2).toMatchObject({ outcome: 'client-version-rejected', lastError: 'Unsupported Web Connector' });

    const old = await startServer({ clientVersion: () => 'O:2.3.0.200' });
    const r3 = await runQbwcSession(opts(old, new FakeBackend()));
    expect(old.methods()).toEqual(['serverVersion', 'clientVersion']);
    expect(r3.outcome).toBe('client-version-rejected');
    expect(r3.lastError).toContain('2.3.0.200');
  });

  it('negative percent → getLastError → closeConnection', async () => {
    const server = await startServer({
      sendRequestXML: (_c, n) => RQ(n),
      receiveResponseXML: (_c, n) => (n === 0 ? 50 : -101),
      getLastError: () => 'Customer list could not be saved',
    });
    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(server.methods().slice(3)).toEqual([
      'sendRequestXML',
      'receiveResponseXML',
      'sendRequestXML',
      'receiveResponseXML',
      'getLastError',
      'closeConnection',
    ]);
    expect(report).toMatchObject({
      outcome: 'error',
      percents: [50, -101],
      lastError: 'Customer list could not be saved',
      closeMessage: 'OK',
    });
  });

  it('percent going backwards is allowed but recorded', async () => {
    const server = await startServer({
      sendRequestXML: (_c, n) => RQ(n),
      receiveResponseXML: (_c, n) => [40, 20, 100][n] ?? 100,
    });
    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(report.outcome).toBe('completed');
    expect(report.percents).toEqual([40, 20, 100]);
    expect(report.warnings).toEqual(['percent went backwards: 40 -> 20']);
  });

  it('backend throws (malformed request) → receiveResponseXML("", 0x80040400, parse message)', async () => {
    const server = await startServer({ sendRequestXML: (_c, n) => (n === 0 ? '<QBXML><broken' : '') });
    const backend = new FakeBackend(() => {
      throw new Error('XML parse error at line 1');
    });
    const report = await runQbwcSession(opts(server, backend));
    const rrx = server.calls.find((c) => c.method === 'receiveResponseXML')!;
    expect(rrx.args).toEqual({
      ticket: 'TICKET-1',
      response: '',
      hresult: '0x80040400',
      message: 'QuickBooks found an error when parsing the provided XML text stream.',
    });
    expect(report.backendErrors).toEqual(['XML parse error at line 1']);
    expect(report.outcome).toBe('completed');
  });

  it('company file from authenticate differs → connectionError(0x8004040A) → "done" ends (no send, no close)', async () => {
    const server = await startServer({ authenticate: () => ['T', 'C:\\Other\\Wrong.QBW'] });
    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(server.methods()).toEqual(['serverVersion', 'clientVersion', 'authenticate', 'connectionError']);
    expect(server.calls[3]!.argOrder).toEqual(['ticket', 'hresult', 'message']);
    expect(server.calls[3]!.args).toEqual({
      ticket: 'T',
      hresult: '0x8004040A',
      message: 'QuickBooks company data file is already open and it is different from the one requested.',
    });
    expect(report).toMatchObject({ outcome: 'connection-error', connectionErrorResults: ['done'] });
  });

  it('an empty connectionError reply retries with the company file that is open, not "done"', async () => {
    const server = await startServer({
      authenticate: () => ['T', 'C:\\Other\\Wrong.QBW'],
      connectionError: () => '',
      sendRequestXML: (_c, n) => (n === 0 ? RQ(1) : ''),
    });
    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(server.methods().slice(3)).toEqual([
      'connectionError',
      'sendRequestXML',
      'receiveResponseXML',
      'closeConnection',
    ]);
    expect(report.outcome).toBe('completed');
    expect(server.calls[4]!.args['strCompanyFileName']).toBe(COMPANY);
  });

  it('connectionError returns the right company file → retried, session proceeds', async () => {
    const server = await startServer({
      authenticate: () => ['T', 'C:\\Other\\Wrong.QBW'],
      connectionError: () => COMPANY.toUpperCase(), // Windows paths compare case-insensitively
      sendRequestXML: (_c, n) => (n === 0 ? RQ(1) : ''),
    });
    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(server.methods().slice(3)).toEqual([
      'connectionError',
      'sendRequestXML',
      'receiveResponseXML',
      'closeConnection',
    ]);
    expect(report.outcome).toBe('completed');
    expect(server.calls[4]!.args['strCompanyFileName']).toBe(COMPANY);
  });

  it('authenticate returns the open company file → no connectionError', async () => {
    const server = await startServer({
      authenticate: () => ['T', COMPANY],
      sendRequestXML: (_c, n) => (n === 0 ? RQ(1) : ''),
    });
    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(server.methods()).not.toContain('connectionError');
    expect(report.outcome).toBe('completed');
  });

  it('QuickBooks not running knob: connectionError(hresult,message); a path → one retry → give up', async () => {
    const server = await startServer({ connectionError: () => 'C:\\Somewhere\\Else.QBW' });
    const report = await runQbwcSession(
      opts(server, new FakeBackend(), {
        connectionErrorInsteadOfQuickBooks: {
          hresult: '0x80040420',
          message: 'The QuickBooks user has denied access.',
        },
      }),
    );
    expect(server.methods()).toEqual([
      'serverVersion',
      'clientVersion',
      'authenticate',
      'connectionError',
      'connectionError',
    ]);
    expect(server.calls[3]!.args).toEqual({
      ticket: 'TICKET-1',
      hresult: '0x80040420',
      message: 'The QuickBooks user has denied access.',
    });
    expect(report.outcome).toBe('connection-error');
    expect(report.connectionErrorResults).toHaveLength(2);

    const done = await startServer({});
    const r2 = await runQbwcSession(
      opts(done, new FakeBackend(), {
        connectionErrorInsteadOfQuickBooks: { hresult: '0x80040408', message: 'Could not start QuickBooks.' },
      }),
    );
    expect(done.methods()).toEqual(['serverVersion', 'clientVersion', 'authenticate', 'connectionError']);
    expect(r2.outcome).toBe('connection-error');

    // QuickBooks comes up on the retry (times: 1)
    const retry = await startServer({
      connectionError: () => COMPANY,
      sendRequestXML: (_c, n) => (n === 0 ? RQ(1) : ''),
    });
    const r3 = await runQbwcSession(
      opts(retry, new FakeBackend(), {
        connectionErrorInsteadOfQuickBooks: { hresult: '0x80040408', message: 'x', times: 1 },
      }),
    );
    expect(retry.methods().slice(3)).toEqual([
      'connectionError',
      'sendRequestXML',
      'receiveResponseXML',
      'closeConnection',
    ]);
    expect(r3.outcome).toBe('completed');
  });

  it('drop after N requests: session ends abruptly, no closeConnection', async () => {
    const server = await startServer({
      sendRequestXML: (_c, n) => RQ(n),
      receiveResponseXML: (_c, n) => 10 * (n + 1),
    });
    const backend = new FakeBackend();
    const report = await runQbwcSession(opts(server, backend, { dropAfterRequests: 2 }));
    expect(server.methods().slice(3)).toEqual([
      'sendRequestXML',
      'receiveResponseXML',
      'sendRequestXML',
      'receiveResponseXML',
    ]);
    expect(report).toMatchObject({ outcome: 'dropped', requests: 2, percents: [10, 20] });
    expect(report.closeMessage).toBeUndefined();
  });

  it('drop before receive: QuickBooks processed request N but its response is never delivered', async () => {
    const server = await startServer({ sendRequestXML: (_c, n) => RQ(n), receiveResponseXML: () => 50 });
    const backend = new FakeBackend();
    const report = await runQbwcSession(
      opts(server, backend, { dropAfterRequests: 2, dropBeforeReceive: true }),
    );
    expect(server.methods().slice(3)).toEqual(['sendRequestXML', 'receiveResponseXML', 'sendRequestXML']);
    expect(backend.received).toHaveLength(2);
    expect(report).toMatchObject({ outcome: 'dropped', requests: 2, percents: [50] });
  });

  it('maxRequests caps a server that never reaches 100%', async () => {
    const server = await startServer({ sendRequestXML: (_c, n) => RQ(n), receiveResponseXML: () => 1 });
    const report = await runQbwcSession(opts(server, new FakeBackend(), { maxRequests: 5 }));
    expect(report.requests).toBe(5);
    expect(report.outcome).toBe('error');
    expect(server.methods().at(-1)).toBe('closeConnection');
  });

  it('hooks see every raw exchange; onRequest can replace the body', async () => {
    const server = await startServer({});
    const seen: string[] = [];
    const report = await runQbwcSession(
      opts(server, new FakeBackend(), {
        onRequest: (r) => {
          seen.push(`> ${r.method}`);
          if (r.method === 'clientVersion') return r.body.replace('2.3.0.36', '9.9.9.9');
        },
        onResponse: (r) => {
          seen.push(`< ${r.method} ${r.status}`);
        },
      }),
    );
    expect(server.calls[1]!.args['strVersion']).toBe('9.9.9.9');
    expect(seen.slice(0, 4)).toEqual([
      '> serverVersion',
      '< serverVersion 200',
      '> clientVersion',
      '< clientVersion 200',
    ]);
    expect(report.calls[1]!.args).toEqual({ strVersion: '2.3.0.36' });
  });
});

describe('response parsing and errors', () => {
  it.each(['soap', 'soapenv', 'none'] as const)('accepts %s-prefixed response envelopes', async (style) => {
    const server = await startServer(
      { authenticate: () => ['only-ticket-&-<>', ''], sendRequestXML: (_c, n) => (n === 0 ? RQ(1) : '') },
      style,
    );
    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(report.outcome).toBe('completed');
    expect(report.ticket).toBe('only-ticket-&-<>');
    expect(server.calls.at(-1)!.args['ticket']).toBe('only-ticket-&-<>');
  });

  it('accepts prefixed children, a single <string>, nil elements, numeric char refs and CDATA', async () => {
    const server = await startServer({
      authenticate: () => ({
        raw: envelope(
          `<tns:authenticateResponse xmlns:tns="${QBWC_NS}"><tns:authenticateResult><tns:string>T&#x2D;1</tns:string><tns:string xsi:nil="true" /></tns:authenticateResult></tns:authenticateResponse>`,
        ),
      }),
      sendRequestXML: (_c, n) =>
        n === 0
          ? {
              raw: envelope(
                `<sendRequestXMLResponse xmlns="${QBWC_NS}"><sendRequestXMLResult><![CDATA[${RQ(7)}]]></sendRequestXMLResult></sendRequestXMLResponse>`,
              ),
            }
          : '',
    });
    const backend = new FakeBackend();
    const report = await runQbwcSession(opts(server, backend));
    expect(report.authResult).toEqual(['T-1', '']);
    expect(backend.received).toEqual([RQ(7)]);
    expect(report.outcome).toBe('completed');
  });

  it('SOAP Fault → QbwcSoapFault (client) and outcome error with the fault (session)', async () => {
    const server = await startServer({
      authenticate: () => ({
        raw: faultEnvelope('Server', 'Server was unable to process request. ---> Boom & bust'),
        status: 500,
      }),
    });
    const client = new QbwcSoapClient({ url: server.url });
    const err = await client.authenticate('u', 'p').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QbwcSoapFault);
    const fault = err as QbwcSoapFault;
    expect(fault.faultcode).toBe('soap:Server');
    expect(fault.faultstring).toBe('Server was unable to process request. ---> Boom & bust');
    expect(fault.httpStatus).toBe(500);
    expect(fault.method).toBe('authenticate');
    expect(fault.detail).toEqual({ info: 'x' });

    const report = await runQbwcSession(opts(server, new FakeBackend()));
    expect(report.outcome).toBe('error');
    expect(report.error).toBeInstanceOf(QbwcSoapFault);
    expect(report.lastError).toContain('Boom & bust');
    expect(report.calls.at(-1)).toMatchObject({ method: 'authenticate', status: 500 });
  });

  it('SOAP 1.2-style fault and soapenv prefix are recognised too', async () => {
    const server = await startServer({
      serverVersion: () => ({
        raw: `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en">nope</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>`,
        status: 500,
      }),
      clientVersion: () => ({ raw: faultEnvelope('Client', 'bad version', 'soapenv'), status: 200 }),
    });
    const client = new QbwcSoapClient({ url: server.url });
    await expect(client.serverVersion()).rejects.toMatchObject({
      name: 'QbwcSoapFault',
      faultcode: 'env:Receiver',
      faultstring: 'nope',
    });
    await expect(client.clientVersion('1')).rejects.toMatchObject({
      faultcode: 'soapenv:Client',
      faultstring: 'bad version',
      httpStatus: 200,
    });
  });

  it('protocol errors: non-int percent, unescaped XML in a string result, HTTP error without fault', async () => {
    const server = await startServer({
      receiveResponseXML: () => ({ raw: okEnvelope('receiveResponseXML', 'fifty') }),
      sendRequestXML: () => ({
        raw: envelope(
          `<sendRequestXMLResponse xmlns="${QBWC_NS}"><sendRequestXMLResult><QBXML><QBXMLMsgsRq/></QBXML></sendRequestXMLResult></sendRequestXMLResponse>`,
        ),
      }),
      getLastError: () => ({ raw: 'Not Found', status: 404, contentType: 'text/plain' }),
      closeConnection: () => ({ raw: okEnvelope('getLastError', 'wrong element') }),
    });
    const client = new QbwcSoapClient({ url: server.url });
    await expect(client.receiveResponseXML('t', '', '', '')).rejects.toBeInstanceOf(QbwcProtocolError);
    await expect(client.sendRequestXML('t', '', 'f', 'US', 13, 0)).rejects.toThrow(/element children/);
    const httpErr = await client.getLastError('t').catch((e: unknown) => e);
    expect(httpErr).toBeInstanceOf(QbwcHttpError);
    expect((httpErr as QbwcHttpError).status).toBe(404);
    await expect(client.closeConnection('t')).rejects.toThrow(/expected <closeConnectionResponse>/);
  });

  it('per-call timeout → QbwcTimeoutError; session reports error', async () => {
    const server = await startServer({ sendRequestXML: () => ({ hang: true }) });
    const report = await runQbwcSession(opts(server, new FakeBackend(), { callTimeoutMs: 150 }));
    expect(report.outcome).toBe('error');
    expect(report.error).toBeInstanceOf(QbwcTimeoutError);
    expect(server.methods().at(-1)).toBe('sendRequestXML');
  });

  it('QbwcSoapClient alone drives out-of-order calls and raw (malformed) posts', async () => {
    const server = await startServer({
      sendRequestXML: (c) =>
        c.args['ticket'] === 'TICKET-1'
          ? RQ(1)
          : { raw: faultEnvelope('Client', 'unknown ticket'), status: 500 },
    });
    const client = new QbwcSoapClient({ url: server.url });
    await expect(client.sendRequestXML('bogus', '', '', 'US', 13, 0)).rejects.toMatchObject({
      faultstring: 'unknown ticket',
    });
    expect(await client.sendRequestXML('TICKET-1', '', '', 'US', 13, 0)).toBe(RQ(1));
    const raw = await client.postRaw('<not-soap', { method: 'sendRequestXML' });
    expect(raw.status).toBe(400);
    expect(client.calls.map((c) => [c.method, c.error === undefined])).toEqual([
      ['sendRequestXML', false],
      ['sendRequestXML', true],
    ]);
    expect(client.bytesSent).toBeGreaterThan(0);
  });
});

describe('cross-check against the soap package (Intuit WSDL)', () => {
  it('authenticate (and the other calls) are serialised with the same elements and namespace', async () => {
    const server = await startServer({});
    const wsdlClient = await soap.createClientAsync(WSDL_PATH, { endpoint: server.url });
    // explicitly the SOAP 1.1 port
    type Cb = (err: unknown, res: unknown) => void;
    type PortMethods = Record<string, (args: unknown, cb: Cb) => void>;
    type Services = Record<string, Record<string, PortMethods>>;
    const port = (wsdlClient as unknown as Services)['TroubleshootWebServiceFS']![
      'TroubleshootWebServiceFSSoap'
    ]!;
    const viaSoap = (method: string, args: Record<string, unknown>) =>
      new Promise<unknown>((resolve, reject) =>
        port[method]!(args, (err, res) => (err ? reject(err) : resolve(res))),
      );

    const ours = new QbwcSoapClient({ url: server.url });
    const cases: Array<[string, Record<string, unknown>, () => Promise<unknown>]> = [
      [
        'authenticate',
        { strUserName: 'qbwc-user', strPassword: 'p&ss<w>rd' },
        () => ours.authenticate('qbwc-user', 'p&ss<w>rd'),
      ],
      [
        'sendRequestXML',
        {
          ticket: 'T',
          strHCPResponse: HCP,
          strCompanyFileName: COMPANY,
          qbXMLCountry: 'US',
          qbXMLMajorVers: 13,
          qbXMLMinorVers: 0,
        },
        () => ours.sendRequestXML('T', HCP, COMPANY, 'US', 13, 0),
      ],
      [
        'receiveResponseXML',
        { ticket: 'T', response: '<QBXML>&amp;</QBXML>', hresult: '0x80040400', message: 'm' },
        () => ours.receiveResponseXML('T', '<QBXML>&amp;</QBXML>', '0x80040400', 'm'),
      ],
      ['clientVersion', { strVersion: '2.3.0.36' }, () => ours.clientVersion('2.3.0.36')],
      [
        'connectionError',
        { ticket: 'T', hresult: 'h', message: 'm' },
        () => ours.connectionError('T', 'h', 'm'),
      ],
      ['getLastError', { ticket: 'T' }, () => ours.getLastError('T')],
      ['closeConnection', { ticket: 'T' }, () => ours.closeConnection('T')],
    ];
    for (const [method, args, call] of cases) {
      const soapResult = await viaSoap(method, args);
      const ourResult = await call();
      const [a, b] = server.calls.slice(-2);
      expect(a!.method).toBe(method);
      expect(b!.method).toBe(method);
      const op = (c: FakeCall) => child(child(readXml(c.body), 'Body'), method);
      expect(readXml(b!.body).ns).toBe(SOAP11);
      expect(shape(op(b!))).toEqual(shape(op(a!)));
      expect(b!.soapAction).toBe(a!.soapAction);
      expect(b!.contentType?.split(';')[0]).toBe(a!.contentType?.split(';')[0]);
      if (method === 'authenticate') {
        expect(soapResult).toEqual({ authenticateResult: { string: ['TICKET-1', ''] } });
        expect(ourResult).toEqual(['TICKET-1', '']);
      }
    }
  });
});

describe('QbwcScheduler', () => {
  it('runs sessions periodically, never overlapping; runNow queues behind the running one', async () => {
    const server = await startServer({
      sendRequestXML: async (_c, n) => {
        await new Promise((r) => setTimeout(r, 15));
        return n % 2 === 0 ? RQ(n) : '';
      },
      getLastError: () => 'no more work',
    });
    const reports: string[] = [];
    const scheduler = new QbwcScheduler({
      ...opts(server, new FakeBackend()),
      everyMs: 5,
      onSession: (r) => reports.push(r.outcome),
    });
    scheduler.start();
    const manual = scheduler.runNow();
    await vi.waitFor(() => expect(reports.length).toBeGreaterThanOrEqual(4), { timeout: 5_000 });
    await scheduler.stop();
    const count = reports.length;
    expect((await manual).outcome).toBe('completed');
    expect(server.maxConcurrent).toBe(1);
    // sessions are sequential: each authenticate comes after the previous closeConnection
    const seq = server.methods().filter((m) => m === 'authenticate' || m === 'closeConnection');
    expect(seq.join(',')).toMatch(/^(authenticate,closeConnection,?)+$/);
    await new Promise((r) => setTimeout(r, 30));
    expect(reports.length).toBe(count); // stopped
    expect(scheduler.reports).toHaveLength(count);
  });

  it('honours authenticate wait seconds (element[2]) and minimum run-every (element[3])', async () => {
    let sessions = 0;
    const server = await startServer({
      authenticate: () => {
        sessions++;
        return sessions === 1 ? ['T', 'none', '5', '30'] : ['T', 'none'];
      },
    });
    const scheduler = new QbwcScheduler({
      ...opts(server, new FakeBackend()),
      everyMs: 60_000,
      serverSecondsMs: 10, // 1 server "second" = 10 ms
    });
    scheduler.start();
    // 2nd session after 5 "s" = 50 ms although everyMs is a minute
    await vi.waitFor(() => expect(scheduler.reports.length).toBe(2), { timeout: 5_000 });
    expect(scheduler.currentIntervalMs).toBe(60_000); // 30 s × 10 ms < everyMs
    expect(scheduler.nextRunAt! - Date.now()).toBeGreaterThan(50_000);
    await scheduler.stop();

    const s2 = new QbwcScheduler({
      ...opts(server, new FakeBackend()),
      everyMs: 5,
      serverSecondsMs: 10,
      runImmediately: false,
    });
    sessions = 0;
    s2.start();
    await vi.waitFor(() => expect(s2.reports.length).toBe(1), { timeout: 5_000 });
    expect(s2.currentIntervalMs).toBe(300); // raised by element[3] = 30 "s"
    await s2.stop();
  });

  it('stop({abort:true}) ends an in-flight session as dropped', async () => {
    const server = await startServer({ getLastError: () => 'NoOp' });
    const scheduler = new QbwcScheduler({
      ...opts(server, new FakeBackend(), { noOpDelayMs: 10_000 }),
      everyMs: 1_000,
    });
    const running = scheduler.runNow();
    await vi.waitFor(() => expect(server.methods()).toContain('getLastError'), { timeout: 5_000 });
    await scheduler.stop({ abort: true });
    const report = await running;
    expect(report.outcome).toBe('dropped');
    expect(server.methods()).not.toContain('closeConnection');
  });
});
