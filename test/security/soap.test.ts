/**
 * Hostile input on the QBWC SOAP endpoint: fuzzed bodies and envelopes, fuzzed QBXML responses for a
 * live ticket, XML bombs and external entities, oversize and slow bodies, stolen/replayed tickets and
 * password brute force. Every case: a clear answer (SOAP response or Fault), the engine still alive,
 * the database intact.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, USER, PASSWORD, type Harness } from '../helpers/harness';
import {
  assertAlive,
  assertDbIntact,
  auditEvents,
  call,
  envelope,
  escapeText,
  expectSoapReply,
  fuzzRuns,
  QBWC_METHODS,
  QBWC_NS,
  rawHttp,
  rawSocket,
  SOAP_NS,
} from './helpers';

const SOAP_LIMIT = 1024 * 1024;

let h: Harness;
/** A local server standing in for anything an XML parser might try to fetch (DTDs, entities). */
let lure: http.Server;
let lureHits: string[] = [];
let lureUrl = '';

beforeAll(async () => {
  h = await startHarness({
    customers: 25,
    items: 25,
    config: { limits: { maxSoapBodyBytes: SOAP_LIMIT, maxApiBodyBytes: 64 * 1024 } },
  });
  lure = http.createServer((req, res) => {
    lureHits.push(`${req.method} ${req.url}`);
    res.end('<!ENTITY x "pwned">');
  });
  await new Promise<void>((r) => lure.listen(0, '127.0.0.1', r));
  lureUrl = `http://127.0.0.1:${(lure.address() as AddressInfo).port}`;
  // A first session mirrors QuickBooks, so later checks compare against a known state.
  expect((await h.session()).outcome).toBe('completed');
});

afterAll(async () => {
  await h?.close();
  await new Promise<void>((r) => lure.close(() => r()));
});

async function post(
  body: string | Buffer | Uint8Array,
  headers: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<{ status: number; body: string }> {
  const res = await fetch(h.qbwcUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: await res.text() };
}

/** Names that exist on every plain object: a SOAP stack that looks operations or parts up by name must not find them. */
const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  '__lookupGetter__',
  'propertyIsEnumerable',
  'toLocaleString',
];

const nameArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,15}$/);
const ALL_PARAMS = [
  'strVersion',
  'strUserName',
  'strPassword',
  'ticket',
  'hresult',
  'message',
  'strHCPResponse',
  'strCompanyFileName',
  'qbXMLCountry',
  'qbXMLMajorVers',
  'qbXMLMinorVers',
  'response',
];

describe('fuzzed request bodies', () => {
  it('answers arbitrary strings and byte sequences with a SOAP Fault, never a crash page', async () => {
    const bodyArb = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
      // Near-misses: fragments of a real envelope, cut anywhere.
      fc.tuple(fc.constantFrom(...QBWC_METHODS), fc.nat(), fc.nat()).map(([m, a, b]) => {
        const full = call(m, { ticket: 'x' });
        const [i, j] = [a % full.length, b % full.length].sort((x, y) => x - y) as [number, number];
        return full.slice(i, j);
      }),
    );
    const headerArb = fc.record(
      {
        'content-type': fc.constantFrom(
          'text/xml; charset=utf-8',
          'application/soap+xml',
          'application/json',
          'text/plain',
          'text/xml; charset=utf-16',
          'multipart/form-data; boundary=x',
        ),
        soapaction: fc.oneof(
          fc.constantFrom(...QBWC_METHODS).map((m) => `"${QBWC_NS}${m}"`),
          fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, headerArb, async (body, headers) => {
        const res = await post(body, headers);
        const r = expectSoapReply(res, JSON.stringify(String(body).slice(0, 80)));
        // Junk from the client is the client's fault.
        expect(r.kind).toBe('fault');
        expect(res.status).toBe(400);
        if (r.kind === 'fault') expect(r.code).toBe('soap:Client');
      }),
      { numRuns: fuzzRuns(150) },
    );
    assertDbIntact(h);
  });

  it('answers structurally valid envelopes with random methods, fields, unicode, CDATA, PIs and namespaces', async () => {
    const text = fc.oneof(
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(escapeText) },
      { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map(escapeText) },
      {
        weight: 1,
        arbitrary: fc.string({ maxLength: 40 }).map((s) => `<![CDATA[${s.replace(/\]\]>/g, '')}]]>`),
      },
      { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 150_000 }).map((n) => 'y'.repeat(n)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '',
          '&amp;&lt;&gt;',
          '&#x1F600;',
          '&#0;',
          '&#xD800;',
          '&bogus;',
          '<?pi data?>',
          '<!-- comment -->',
          '-2147483649',
          '99999999999999999999999',
          'NaN',
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(nameArb, fc.string({ maxLength: 10 }))
          .map(([n, t]) => `<${n}>${escapeText(t)}</${n}>`),
      },
    );
    const fieldName = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ALL_PARAMS) },
      { weight: 2, arbitrary: nameArb },
      { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) },
    );
    const attrs = fc
      .array(
        fc.tuple(
          fc.oneof(nameArb, fc.constantFrom(...PROTO_NAMES, 'xsi:nil', 'xmlns')),
          fc.string({ maxLength: 10 }),
        ),
        {
          maxLength: 3,
        },
      )
      .map((as) => {
        const seen = new Set<string>();
        return as
          .filter(([n]) => (seen.has(n) ? false : (seen.add(n), true)))
          .map(([n, v]) => ` ${n}="${escapeText(v).replace(/"/g, '&quot;')}"`)
          .join('');
      });
    const field = fc
      .tuple(fieldName, attrs, text, fc.boolean())
      .map(([n, a, v, selfClose]) => (selfClose ? `<${n}${a}/>` : `<${n}${a}>${v}</${n}>`));
    const method = fc.oneof(
      // authenticate is left to the targeted tests below: a wrong password there locks QBWC out for a minute.
      { weight: 5, arbitrary: fc.constantFrom(...QBWC_METHODS.filter((m) => m !== 'authenticate')) },
      { weight: 2, arbitrary: fc.constantFrom(...PROTO_NAMES) },
      { weight: 2, arbitrary: nameArb },
    );
    /** Mostly the usual value, sometimes an odd one. */
    const usually = <T>(usual: T, ...odd: T[]) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(usual) },
        { weight: 1, arbitrary: fc.constantFrom(usual, ...odd) },
      );
    const envArb = fc
      .record({
        prefix: usually('soap', 's', 'SOAP-ENV', 'env', 'x1'),
        envNs: usually(SOAP_NS, 'http://www.w3.org/2003/05/soap-envelope', 'urn:evil', ''),
        methodNs: usually(QBWC_NS, '', 'urn:other', 'http://developer.intuit.com'),
        decl: usually(
          '<?xml version="1.0" encoding="utf-8"?>',
          '',
          '<?xml version="1.1"?>',
          '<?xml version="1.0" encoding="utf-16"?>',
          '\uFEFF<?xml version="1.0"?>',
        ),
        beforeRoot: usually('', '<!-- hi -->', '<?php echo 1; ?>', '\n  '),
        header: fc.option(field, { nil: undefined, freq: 3 }),
        method,
        fields: fc.array(field, { maxLength: 5 }),
        bodyExtra: usually('', '<!-- x -->', '<?pi?>', 'text', '<extra/>'),
      })
      .map((e) => {
        const p = e.prefix;
        const ns = e.methodNs ? ` xmlns="${e.methodNs}"` : '';
        return (
          `${e.decl}${e.beforeRoot}<${p}:Envelope xmlns:${p}="${e.envNs}">` +
          (e.header ? `<${p}:Header>${e.header}</${p}:Header>` : '') +
          `<${p}:Body>${e.bodyExtra}<${e.method}${ns}>${e.fields.join('')}</${e.method}></${p}:Body></${p}:Envelope>`
        );
      });
    let faults = 0;
    let answers = 0;
    await fc.assert(
      fc.asyncProperty(envArb, async (body) => {
        const res = await post(body, { soapaction: `"${QBWC_NS}serverVersion"` });
        const r = expectSoapReply(res, body.slice(0, 300));
        // A client's malformed call is a client error: 200 or 4xx, never a 500.
        expect(res.status, body.slice(0, 300)).toBeLessThan(500);
        if (r.kind === 'fault') faults++;
        else answers++;
      }),
      { numRuns: fuzzRuns(200) },
    );
    // Both paths were exercised.
    expect(faults).toBeGreaterThan(10);
    expect(answers).toBeGreaterThan(10);
    assertDbIntact(h);
  });

  it('refuses Object.prototype names as operations or fields with a client fault, not an internal error', async () => {
    for (const name of PROTO_NAMES) {
      const asMethod = await post(envelope(`<${name} xmlns="${QBWC_NS}"/>`));
      const f = expectSoapReply(asMethod, name);
      expect(f.kind, name).toBe('fault');
      expect(asMethod.status, name).toBe(400);
      const asField = await post(
        envelope(`<getLastError xmlns="${QBWC_NS}"><ticket><${name}>x</${name}></ticket></getLastError>`),
      );
      expect(asField.status, name).toBeLessThan(500);
      expectSoapReply(asField, name);
      expect(asField.body).not.toMatch(/is not a function|definitions|TypeError/);
    }
    expect(({} as Record<string, unknown>).ticket).toBeUndefined();
  });

  it('answers a SOAP envelope with no Body, an empty Body or text in the Body with a client fault', async () => {
    for (const body of [
      `<soap:Envelope xmlns:soap="${SOAP_NS}"/>`,
      `<soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Header/></soap:Envelope>`,
      envelope(''),
      envelope('just text'),
      envelope('<![CDATA[<serverVersion/>]]>'),
    ]) {
      const res = await post(body);
      const r = expectSoapReply(res, body);
      expect(r.kind, body).toBe('fault');
      expect(res.status, body).toBe(400);
    }
  });

  it('refuses other HTTP methods and stray GETs on /qbwc with a SOAP Fault', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const body = call('serverVersion');
      const res = await rawHttp(h.engine.port, {
        path: '/qbwc',
        method,
        headers: { 'content-length': Buffer.byteLength(body) },
        body,
      });
      expect(res.status, JSON.stringify(res)).toBe(405);
      expectSoapReply(res, method);
    }
    const get = await rawHttp(h.engine.port, { path: '/qbwc?x=1' });
    expect(get.status).toBe(400);
    expectSoapReply(get, 'GET');
  });
});

// ----------------------------------------------------------------------------------------------

const RS_TYPES = [
  'CustomerQueryRs',
  'ItemQueryRs',
  'HostQueryRs',
  'ListDeletedQueryRs',
  'InvoiceAddRs',
  'TxnDelRs',
];
const RET_TYPES = [
  'CustomerRet',
  'ItemInventoryRet',
  'ItemNonInventoryRet',
  'ItemServiceRet',
  'ItemGroupRet',
  'InvoiceRet',
  'HostRet',
  'ListDeletedRet',
  'SalesReceiptRet',
];

/** Random, mostly well-formed QBXML responses (the strings QBWC hands to receiveResponseXML). */
function qbxmlResponseArb(requestIds: () => string[]) {
  const attrValue = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: undefined });
  const intish = fc.oneof(
    fc.integer({ min: -5, max: 5 }).map(String),
    fc.constantFrom(
      '0',
      '1',
      '500',
      '3100',
      '3120',
      '3200',
      '-1',
      '2147483648',
      '99999999999999999999999999',
    ),
    fc.constantFrom('abc', '', '1.5', '0x10', ' 7 ', '1e9'),
  );
  const text = fc.string({ unit: 'binary', maxLength: 30 }).map(escapeText);
  const iso = fc.oneof(
    fc
      .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().replace(/\.\d+Z$/, '-08:00')),
    fc.constantFrom('2024-02-30T25:61:61', 'yesterday', '', '0000-00-00T00:00:00'),
  );
  const retField = fc.oneof(
    fc.tuple(
      fc.constantFrom('ListID', 'TxnID', 'EditSequence', 'Name', 'FullName', 'Email', 'Sublevel'),
      text,
    ),
    fc.tuple(fc.constantFrom('TimeModified', 'TimeCreated'), iso),
    fc.tuple(fc.constantFrom('IsActive'), fc.constantFrom('true', 'false', 'maybe', '')),
    fc.tuple(
      fc.constantFrom('SalesPrice', 'QuantityOnHand', 'Balance', 'TotalBalance'),
      fc.oneof(intish, fc.double().map(String)),
    ),
    fc.tuple(nameArb, text),
    fc.tuple(fc.constantFrom(...PROTO_NAMES), text),
  );
  const ret = fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...RET_TYPES),
        nameArb.map((n) => `${n}Ret`),
      ),
      fc.array(retField, { maxLength: 8 }),
    )
    .map(([type, fields]) => `<${type}>${fields.map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</${type}>`);
  const rs = fc
    .record({
      type: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...RS_TYPES) },
        nameArb.map((n) => `${n}Rs`),
      ),
      requestID: fc.oneof(
        { weight: 4, arbitrary: fc.constant('*real*') },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('keepalive', '0', '-1', '999999', '1e3', '') },
        { weight: 1, arbitrary: text },
      ),
      statusCode: attrValue(intish),
      statusSeverity: attrValue(fc.constantFrom('Info', 'Warn', 'Error', 'warning', 'Fatal', '')),
      statusMessage: attrValue(text),
      iteratorID: attrValue(
        fc.oneof(
          fc.uuid().map((u) => `{${u}}`),
          text,
        ),
      ),
      iteratorRemainingCount: attrValue(intish),
      retCount: attrValue(intish),
      rets: fc.array(ret, { maxLength: 4 }),
    })
    .map((r) => {
      const ids = requestIds();
      const rid = r.requestID === '*real*' ? (ids[0] ?? '1') : r.requestID;
      const attr = (k: string, v: string | undefined) =>
        v === undefined ? '' : ` ${k}="${v.replace(/"/g, '&quot;')}"`;
      return (
        `<${r.type}${attr('requestID', rid)}${attr('statusCode', r.statusCode)}${attr('statusSeverity', r.statusSeverity)}` +
        `${attr('statusMessage', r.statusMessage)}${attr('iteratorID', r.iteratorID)}` +
        `${attr('iteratorRemainingCount', r.iteratorRemainingCount)}${attr('retCount', r.retCount)}>` +
        `${r.rets.join('')}</${r.type}>`
      );
    });
  const doc = fc
    .record({
      decl: fc.constantFrom('<?xml version="1.0" ?>', '', '\uFEFF<?xml version="1.0"?>'),
      qbxmlVersion: fc.constantFrom('<?qbxml version="13.0"?>', '', '<?qbxml version="99.9"?>'),
      msgsAttrs: fc.constantFrom(
        '',
        ' statusCode="0"',
        ' messageSetStatusCode="9001"',
        ' newMessageSetID="x"',
      ),
      responses: fc.array(rs, { maxLength: 4 }),
    })
    .map(
      (d) =>
        `${d.decl}${d.qbxmlVersion}<QBXML><QBXMLMsgsRs${d.msgsAttrs}>${d.responses.join('')}</QBXMLMsgsRs></QBXML>`,
    );
  const other = fc.oneof(
    fc.constantFrom(
      '',
      '<QBXML/>',
      '<QBXML><QBXMLMsgsRq onError="stopOnError"/></QBXML>',
      '<a><b/></a>',
      '<QBXML><QBXMLMsgsRs><NotAnRsElement/></QBXMLMsgsRs></QBXML>',
      '<!DOCTYPE x [<!ENTITY e "e">]><QBXML><QBXMLMsgsRs/></QBXML>',
      '<QBXML><QBXMLMsgsRs></QBXML>',
    ),
    fc.string({ maxLength: 100 }),
  );
  return fc.record({
    response: fc.oneof({ weight: 6, arbitrary: doc }, { weight: 1, arbitrary: other }),
    hresult: fc.oneof(
      { weight: 6, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constantFrom('0x80040400', '0x80040408', 'junk', '-1') },
    ),
    message: fc.oneof(fc.constant(''), text),
  });
}

describe('fuzzed QBXML responses for a live ticket', () => {
  it('applies or refuses every random response cleanly and loses nothing', async () => {
    const c = h.soapClient();
    const [ticket, status] = await c.authenticate(USER, PASSWORD);
    // Make sure there is work so the ticket is live (not "none").
    if (status === 'none') throw new Error('expected work for the fuzz session');
    let ids: string[] = [];
    let first = true;
    let requests = 0;
    const arb = qbxmlResponseArb(() => ids);
    await fc.assert(
      fc.asyncProperty(arb, async ({ response, hresult, message }) => {
        if (h.engine.outbox.counts().pending === 0) h.engine.handlers.mirrorRefresh({ full: false });
        const rq = await c.sendRequestXML(
          ticket!,
          first ? h.company.hostQueryResponseXml() : '',
          h.company.companyFile,
          'US',
          13,
          0,
        );
        first = false;
        expect(rq).toMatch(/^<\?xml/);
        // Whatever came back before, the next request the engine writes is well-formed QBXML.
        expect(XMLValidator.validate(rq), rq.slice(0, 500)).toBe(true);
        requests++;
        ids = [...rq.matchAll(/requestID="([^"]*)"/g)].map((m) => m[1]!);
        const res = await post(call('receiveResponseXML', { ticket: ticket!, response, hresult, message }));
        const r = expectSoapReply(res, response.slice(0, 300));
        expect(r.kind, res.body).toBe('response');
        const pct = Number(r.kind === 'response' ? r.result : NaN);
        expect(Number.isInteger(pct), `percent ${String(pct)}`).toBe(true);
        expect(pct).toBeGreaterThanOrEqual(-101);
        expect(pct).toBeLessThanOrEqual(100);
        if (requests % 25 === 0) assertDbIntact(h);
      }),
      { numRuns: fuzzRuns(150) },
    );
    expect(await c.getLastError(ticket!)).toEqual(expect.any(String));
    expect(await c.closeConnection(ticket!)).toMatch(/ml-connector/);
    // Nothing is left sent for a closed session, and every job is in a known state.
    expect(h.engine.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'sent'`).get()).toEqual({
      n: 0,
    });
    assertDbIntact(h);
    // Garbage from the fuzz is healed by the next full refresh: the mirror equals QuickBooks again.
    await assertAlive(h);
    assertDbIntact(h);
  });

  it('keeps a response whose handler throws from half-applying: the job fails, its writes roll back', async () => {
    // First page is a good customer, second Ret lacks its ListID: the mirror handler throws on it.
    h.engine.handlers.mirrorRefresh({ full: true });
    const c = h.soapClient();
    const [ticket] = await c.authenticate(USER, PASSWORD);
    const rq = await c.sendRequestXML(
      ticket!,
      h.company.hostQueryResponseXml(),
      h.company.companyFile,
      'US',
      13,
      0,
    );
    const m = /<(CustomerQueryRq|ItemQueryRq|ListDeletedQueryRq)\b[^>]*requestID="([^"]+)"/.exec(rq);
    expect(m).not.toBeNull();
    const [, rqType, rid] = m!;
    const before = h.engine.db.prepare('SELECT count(*) AS n FROM qb_customers').get();
    const beforeItems = h.engine.db.prepare('SELECT count(*) AS n FROM qb_items').get();
    const good =
      rqType === 'ItemQueryRq'
        ? `<ItemServiceRet><ListID>HALF-1</ListID><TimeCreated>2024-01-01T00:00:00-08:00</TimeCreated><TimeModified>2024-01-01T00:00:00-08:00</TimeModified><EditSequence>1</EditSequence><Name>Half applied</Name><FullName>Half applied</FullName><IsActive>true</IsActive></ItemServiceRet>`
        : `<CustomerRet><ListID>HALF-1</ListID><TimeCreated>2024-01-01T00:00:00-08:00</TimeCreated><TimeModified>2024-01-01T00:00:00-08:00</TimeModified><EditSequence>1</EditSequence><Name>Half applied</Name><FullName>Half applied</FullName><IsActive>true</IsActive></CustomerRet>`;
    const bad = good.replace('<ListID>HALF-1</ListID>', '').replace(/Half applied/g, 'Broken');
    const rsType = rqType!.replace(/Rq$/, 'Rs');
    const response = `<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><${rsType} requestID="${rid}" statusCode="0" statusSeverity="Info" statusMessage="Status OK">${good}${bad}</${rsType}></QBXMLMsgsRs></QBXML>`;
    const pct = await c.receiveResponseXML(ticket!, response, '', '');
    expect(pct).toBeGreaterThanOrEqual(0);
    expect(
      h.engine.db.prepare(`SELECT count(*) AS n FROM qb_customers WHERE list_id = 'HALF-1'`).get(),
    ).toEqual({
      n: 0,
    });
    expect(h.engine.db.prepare(`SELECT count(*) AS n FROM qb_items WHERE list_id = 'HALF-1'`).get()).toEqual({
      n: 0,
    });
    expect(h.engine.db.prepare('SELECT count(*) AS n FROM qb_customers').get()).toEqual(before);
    expect(h.engine.db.prepare('SELECT count(*) AS n FROM qb_items').get()).toEqual(beforeItems);
    const failed = auditEvents(h, 'job-failed')[0];
    expect(failed?.message).toMatch(/Could not apply QuickBooks' answer/);
    await c.closeConnection(ticket!);
    assertDbIntact(h);
    await assertAlive(h);
  });
});

// ----------------------------------------------------------------------------------------------

describe('XML bombs and external entities', () => {
  const BILLION_LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>`;

  it('refuses entity-expansion and external-entity envelopes, in any spelling, and fetches nothing', async () => {
    lureHits = [];
    const inner = (ref: string) =>
      `<soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Body><clientVersion xmlns="${QBWC_NS}"><strVersion>${ref}</strVersion></clientVersion></soap:Body></soap:Envelope>`;
    const cases: [string, string][] = [
      ['billion laughs', `<?xml version="1.0"?>${BILLION_LAUGHS}${inner('&lol9;')}`],
      [
        'lower-case doctype',
        `<?xml version="1.0"?>${BILLION_LAUGHS.replace('DOCTYPE', 'doctype')}${inner('&lol9;')}`,
      ],
      ['BOM then doctype', `\uFEFF${BILLION_LAUGHS}${inner('&lol9;')}`],
      ['SYSTEM file', `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${inner('&xxe;')}`],
      ['SYSTEM http', `<!DOCTYPE x [<!ENTITY xxe SYSTEM "${lureUrl}/system">]>${inner('&xxe;')}`],
      ['PUBLIC', `<!DOCTYPE x [<!ENTITY xxe PUBLIC "-//X//Y" "${lureUrl}/public">]>${inner('&xxe;')}`],
      ['external DTD', `<!DOCTYPE x SYSTEM "${lureUrl}/dtd">${inner('&x;')}`],
      ['parameter entity', `<!DOCTYPE x [<!ENTITY % p SYSTEM "${lureUrl}/param"> %p;]>${inner('&x;')}`],
      ['doctype after a comment', `<!-- hi --><!DOCTYPE x [<!ENTITY a "a">]>${inner('&a;')}`],
      ['entity decl without doctype', `${inner('x')}<!ENTITY a "a">`],
      ['doctype deep inside', inner('<![CDATA[ ]]>' + ' '.repeat(10_000) + '<!DOCTYPE x>')],
    ];
    for (const [label, body] of cases) {
      const res = await post(body);
      const r = expectSoapReply(res, label);
      expect(r.kind, label).toBe('fault');
      expect(res.status, label).toBe(400);
      expect(res.body, label).not.toMatch(/root:|pwned|lollol/);
    }
    // XInclude is not processed either: the text stays text and nothing is fetched.
    const xi = await post(
      envelope(
        `<clientVersion xmlns="${QBWC_NS}" xmlns:xi="http://www.w3.org/2001/XInclude"><strVersion><xi:include href="${lureUrl}/xinclude" parse="text"/></strVersion></clientVersion>`,
      ),
    );
    expect(xi.status).toBeLessThan(500);
    expectSoapReply(xi, 'xinclude');
    expect(lureHits).toEqual([]);
    assertDbIntact(h);
  });

  it('refuses DOCTYPE/ENTITY inside the QBXML response QBWC relays, without fetching or expanding', async () => {
    lureHits = [];
    h.engine.handlers.mirrorRefresh({ full: false });
    const c = h.soapClient();
    const [ticket] = await c.authenticate(USER, PASSWORD);
    const rq = await c.sendRequestXML(
      ticket!,
      h.company.hostQueryResponseXml(),
      h.company.companyFile,
      'US',
      13,
      0,
    );
    const rid = /requestID="([^"]+)"/.exec(rq)![1]!;
    for (const dtd of [
      BILLION_LAUGHS,
      `<!DOCTYPE x [<!ENTITY xxe SYSTEM "${lureUrl}/qbxml">]>`,
      `<!DOCTYPE x [<!ENTITY % p SYSTEM "${lureUrl}/qbxml-param"> %p;]>`,
    ]) {
      const response = `<?xml version="1.0"?>${dtd}<QBXML><QBXMLMsgsRs><CustomerQueryRs requestID="${rid}" statusCode="0" statusSeverity="Info" statusMessage="&lol9;&xxe;"/></QBXMLMsgsRs></QBXML>`;
      const pct = await c.receiveResponseXML(ticket!, response, '', '');
      expect(pct).toBeGreaterThanOrEqual(-1);
      expect(await c.getLastError(ticket!)).toMatch(/DOCTYPE or ENTITY/);
      await c.sendRequestXML(ticket!, '', h.company.companyFile, 'US', 13, 0);
    }
    await c.closeConnection(ticket!);
    expect(lureHits).toEqual([]);
    assertDbIntact(h);
  });

  it('parses entity-free blowups close to the limit (huge attribute, repetition, depth, width) and answers', async () => {
    const room = SOAP_LIMIT - 1024;
    const wrap = (x: string) =>
      call('clientVersion', { strVersion: 'x' }).replace('<strVersion>', `${x}<strVersion>`);
    const cases: [string, string][] = [
      [
        'huge attribute',
        envelope(
          `<clientVersion xmlns="${QBWC_NS}" a="${'x'.repeat(room - 400)}"><strVersion>1</strVersion></clientVersion>`,
        ),
      ],
      ['repeated elements', wrap('<a/>'.repeat(Math.floor((room - 600) / 4)))],
      [
        'deep nesting',
        wrap('<a>'.repeat(Math.floor((room - 600) / 7)) + '</a>'.repeat(Math.floor((room - 600) / 7))),
      ],
      [
        'many attributes',
        envelope(
          `<clientVersion xmlns="${QBWC_NS}" ${Array.from({ length: 60_000 }, (_, i) => `a${i}=""`).join(' ')}><strVersion>1</strVersion></clientVersion>`,
        ),
      ],
      [
        'many namespaces',
        envelope(
          `<clientVersion xmlns="${QBWC_NS}" ${Array.from({ length: 40_000 }, (_, i) => `xmlns:p${i}="u${i}"`).join(' ')}><strVersion>1</strVersion></clientVersion>`,
        ),
      ],
      ['long element name', wrap(`<${'n'.repeat(room / 2 - 400)}/>`)],
      ['long invalid name', wrap(`<${'a<'.repeat(room / 4)}/>`)],
      ['huge text field', call('clientVersion', { strVersion: '&'.repeat(Math.floor((room - 600) / 5)) })],
      ['unclosed comments', envelope('<!--'.repeat(Math.floor((room - 400) / 4)))],
    ];
    for (const [label, body] of cases) {
      expect(Buffer.byteLength(body), label).toBeLessThanOrEqual(SOAP_LIMIT);
      const res = await post(body, {}, 20_000);
      expectSoapReply(res, label);
      expect(res.status, label).toBeLessThan(500);
      // The fault never echoes the whole hostile input back.
      expect(res.body.length, label).toBeLessThan(20_000);
    }
    // Meanwhile and afterwards the engine serves.
    await assertAlive(h);
    assertDbIntact(h);
  });
});

// ----------------------------------------------------------------------------------------------

describe('oversize and slow bodies', () => {
  const big = () => call('clientVersion', { strVersion: 'z'.repeat(SOAP_LIMIT + 10) });

  it('refuses a body over the limit with 413 and a SOAP Fault (honest, lying and chunked lengths)', async () => {
    const port = h.engine.port;
    // Honest Content-Length over the limit.
    const honest = await rawHttp(port, {
      path: '/qbwc',
      method: 'POST',
      headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(big()) },
      body: big(),
    });
    expect(honest.status).toBe(413);
    expect(expectSoapReply(honest, 'honest').kind).toBe('fault');
    // A Content-Length claiming more than the limit is refused before any body is read.
    const claims = await rawSocket(
      port,
      `POST /qbwc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/xml\r\nContent-Length: ${SOAP_LIMIT * 50}\r\n\r\n<x/>`,
      { until: /<\/soap:Envelope>/ },
    );
    expect(claims.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(claims.text).toMatch(/faultstring/);
    // A Content-Length claiming less than is sent: only the declared bytes are the body (a malformed
    // envelope), the rest is not a valid next request; either way the answers are errors.
    const body = call('serverVersion');
    const lies = await rawSocket(
      port,
      `POST /qbwc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/xml\r\nContent-Length: 40\r\n\r\n${body}`,
    );
    expect(lies.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(lies.text).not.toMatch(/HTTP\/1\.1 200 /);
    // Chunked, no length: counted as it arrives.
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const chunked = await rawHttp(port, {
      path: '/qbwc',
      method: 'POST',
      headers: { 'content-type': 'text/xml', 'transfer-encoding': 'chunked' },
      body: Array.from({ length: Math.ceil((SOAP_LIMIT * 2) / chunk.length) }, () => chunk),
    });
    expect(chunked.status).toBe(413);
    expect(expectSoapReply(chunked, 'chunked').kind).toBe('fault');
    // Both Content-Length and chunked (request smuggling shape): refused by the HTTP parser.
    const both = await rawSocket(
      port,
      `POST /qbwc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    );
    expect(both.text).toMatch(/^HTTP\/1\.1 400 /);
    await assertAlive(h);
    assertDbIntact(h);
  });

  it('survives slowloris: stalled headers and partial bodies do not block or crash the engine', async () => {
    const port = h.engine.port;
    const { connect } = await import('node:net');
    const stalled = Array.from({ length: 30 }, (_, i) => {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      s.write(
        i % 2 === 0
          ? `POST /qbwc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n<soap:Envelope`
          : `POST /qbwc HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: a`,
      );
      return s;
    });
    // While 30 connections hang mid-request, a full session and the API work.
    await assertAlive(h);
    // Clients that give up mid-body cause no crash and no leftover state.
    for (const s of stalled) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const res = await post(call('serverVersion'));
    expect(expectSoapReply(res, 'after slowloris').kind).toBe('response');
    assertDbIntact(h);
  });
});

// ----------------------------------------------------------------------------------------------

describe('tickets', () => {
  async function expectDeadTicket(ticket: string, why: RegExp): Promise<void> {
    const c = h.soapClient();
    const countsBefore = h.engine.outbox.counts();
    const customersBefore = h.engine.db.prepare('SELECT count(*) AS n FROM qb_customers').get();
    expect(await c.sendRequestXML(ticket, '', h.company.companyFile, 'US', 13, 0)).toBe('');
    expect(await c.getLastError(ticket)).toMatch(why);
    // A forged answer for a dead ticket is not applied.
    const forged = `<?xml version="1.0"?><QBXML><QBXMLMsgsRs><CustomerQueryRs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="ok"><CustomerRet><ListID>FORGED</ListID><TimeCreated>2024-01-01T00:00:00</TimeCreated><TimeModified>2024-01-01T00:00:00</TimeModified><EditSequence>1</EditSequence><Name>Forged</Name><FullName>Forged</FullName><IsActive>true</IsActive></CustomerRet></CustomerQueryRs></QBXMLMsgsRs></QBXML>`;
    expect(await c.receiveResponseXML(ticket, forged, '', '')).toBe(-101);
    expect(await c.getLastError(ticket)).toMatch(why);
    expect(await c.closeConnection(ticket)).toMatch(/Unknown session ticket|already closed/);
    expect(h.engine.outbox.counts()).toEqual(countsBefore);
    expect(h.engine.db.prepare('SELECT count(*) AS n FROM qb_customers').get()).toEqual(customersBefore);
    expect(
      h.engine.db.prepare(`SELECT count(*) AS n FROM qb_customers WHERE list_id = 'FORGED'`).get(),
    ).toEqual({
      n: 0,
    });
  }

  it('refuses guessed tickets, including the stored hash of a real one', async () => {
    const c = h.soapClient();
    h.engine.handlers.mirrorRefresh({ full: false });
    const [live] = await c.authenticate(USER, PASSWORD);
    const hash = (
      h.engine.db.prepare('SELECT ticket_hash FROM qbwc_sessions ORDER BY id DESC LIMIT 1').get() as {
        ticket_hash: string;
      }
    ).ticket_hash;
    const guesses = [
      '00000000-0000-0000-0000-000000000000',
      crypto.randomUUID(),
      live!.toUpperCase(),
      `{${live}}`,
      live!.slice(0, -1),
      hash,
      "' OR 1=1 --",
      '%',
      '*',
      'x'.repeat(5_000),
      '1',
    ];
    for (const g of guesses) await expectDeadTicket(g, /Unknown session ticket/);
    await c.closeConnection(live!);
    assertDbIntact(h);
  });

  it('refuses tickets from a closed session, a failed login, a "none" login and an expired session', async () => {
    const c = h.soapClient();
    // A session closed normally.
    h.engine.handlers.mirrorRefresh({ full: false });
    const [closed] = await c.authenticate(USER, PASSWORD);
    await c.closeConnection(closed!);
    await expectDeadTicket(closed!, /already closed/);
    // The ticket a wrong password got back (never a session: nothing is kept for a refused login).
    const [nvu, nvuStatus] = await c.authenticate(USER, 'not-the-password');
    expect(nvuStatus).toBe('nvu');
    await expectDeadTicket(nvu!, /Unknown session ticket/);
    // The ticket of a login that had no work.
    h.engine.db
      .prepare(`UPDATE outbox SET status = 'done', finished_at = ? WHERE status = 'pending'`)
      .run(new Date().toISOString());
    const originalInterval = h.engine.db.prepare(`SELECT entity, last_run_at FROM mirror_state`).all();
    h.engine.db
      .prepare(`UPDATE mirror_state SET last_run_at = ?`)
      .run(new Date(Date.now() + 3_600_000).toISOString());
    const [none, noneStatus] = await c.authenticate(USER, PASSWORD);
    for (const r of originalInterval as { entity: string; last_run_at: string | null }[]) {
      h.engine.db
        .prepare(`UPDATE mirror_state SET last_run_at = ? WHERE entity = ?`)
        .run(r.last_run_at, r.entity);
    }
    if (noneStatus === 'none') await expectDeadTicket(none!, /already closed/);
    else await c.closeConnection(none!);
    // A live session whose idle deadline passed (time moved on while QBWC was away).
    h.engine.handlers.mirrorRefresh({ full: false });
    const [idle] = await c.authenticate(USER, PASSWORD);
    const rq = await c.sendRequestXML(
      idle!,
      h.company.hostQueryResponseXml(),
      h.company.companyFile,
      'US',
      13,
      0,
    );
    expect(rq).not.toBe('');
    h.engine.db
      .prepare(`UPDATE qbwc_sessions SET expires_at = ? WHERE state = 'open'`)
      .run(new Date(Date.now() - 1000).toISOString());
    await expectDeadTicket(idle!, /expired/);
    // The job it had out is not lost: the next session picks it up.
    assertDbIntact(h);
    await assertAlive(h);
  });

  it('refuses a ticket issued by another engine, and a closed ticket after a restart', async () => {
    const other = await startHarness({ customers: 3, items: 3 });
    try {
      const oc = other.soapClient();
      const [foreign, status] = await oc.authenticate(USER, PASSWORD);
      expect(status).not.toBe('nvu');
      await expectDeadTicket(foreign!, /Unknown session ticket/);
      await oc.closeConnection(foreign!);
    } finally {
      await other.close();
    }
    const c = h.soapClient();
    h.engine.handlers.mirrorRefresh({ full: false });
    const [t] = await c.authenticate(USER, PASSWORD);
    await c.closeConnection(t!);
    await h.restart();
    await expectDeadTicket(t!, /already closed/);
    assertDbIntact(h);
    await assertAlive(h);
  });
});

// ----------------------------------------------------------------------------------------------

describe('password brute force', () => {
  const sessionRows = (x: Harness): number =>
    (x.engine.db.prepare('SELECT count(*) AS n FROM qbwc_sessions').get() as { n: number }).n;

  it('slows wrong guesses without locking the real Web Connector out; audits a line a minute, never the guesses', async () => {
    const x = await startHarness({ customers: 5, items: 5 });
    try {
      const c = x.soapClient();
      const guesses = ['guess-1', 'guess-2', 'guess-3', 'guess-4', 'guess-5'];
      for (const g of guesses) expect((await c.authenticate(USER, g))[1]).toBe('nvu');
      expect((await c.authenticate('someone-else', 'guess-6'))[1]).toBe('nvu');
      // The right password is still checked and accepted (after a short wait), and the count restarts.
      const ok = await c.authenticate(USER, PASSWORD);
      expect(ok[1]).not.toBe('nvu');
      await c.closeConnection(ok[0]!);
      // Folded: one line each a minute, however many attempts; no session row for a refused login.
      expect(auditEvents(x, 'auth-failed')).toHaveLength(1);
      const throttled = auditEvents(x, 'auth-throttled');
      expect(throttled).toHaveLength(1);
      expect(throttled[0]!.message).toMatch(/the right password is still accepted/);
      expect(sessionRows(x)).toBe(1);
      const dump = JSON.stringify(x.engine.db.prepare('SELECT * FROM audit_log').all());
      for (const g of [...guesses, PASSWORD, 'guess-6']) expect(dump).not.toContain(g);
      assertDbIntact(x);
      await assertAlive(x);
    } finally {
      await x.close();
    }
  });

  it('a parallel flood of wrong passwords grows nothing, and the real login still works right after', async () => {
    const x = await startHarness({ customers: 5, items: 5 });
    try {
      const c = x.soapClient();
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) => c.authenticate(USER, `parallel-guess-${i}`)),
      );
      expect(results.every((r) => r[1] === 'nvu')).toBe(true);
      expect(auditEvents(x, 'auth-failed').length).toBe(1);
      expect(sessionRows(x)).toBe(0);
      expect((await c.authenticate(USER, PASSWORD))[1]).not.toBe('nvu');
      assertDbIntact(x);
    } finally {
      await x.close();
    }
  });

  it('huge or odd credentials are refused cleanly, and bounded wherever they are written', async () => {
    const x = await startHarness({ customers: 5, items: 5 });
    try {
      const c = x.soapClient();
      for (const [u, p] of [
        [USER, 'w1'],
        ['x'.repeat(100_000), 'w2'],
        [USER, 'p'.repeat(200_000)],
        ['', ''],
      ] as const) {
        expect((await c.authenticate(u, p))[1]).toBe('nvu');
      }
      const ok = await c.authenticate(USER, PASSWORD);
      expect(ok[1]).not.toBe('nvu');
      await c.closeConnection(ok[0]!);
      const longest = JSON.stringify(x.engine.db.prepare('SELECT message FROM audit_log').all());
      expect(longest).not.toContain('x'.repeat(1_000));
      await assertAlive(x);
      assertDbIntact(x);
    } finally {
      await x.close();
    }
  });
});
