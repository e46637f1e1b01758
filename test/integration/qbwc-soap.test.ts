import * as soap from 'soap';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, USER, PASSWORD, type Harness } from '../helpers/harness';
import { INTUIT_WSDL } from '../helpers/reference';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ customers: 40, items: 60 });
});
afterEach(async () => {
  await h.close();
});

const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${h.engine.url}/qbwc`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', ...headers },
    body,
  });

describe('QBWC SOAP endpoint', () => {
  it('is driven end to end by a client built from Intuit’s own WSDL', async () => {
    const client = await soap.createClientAsync(INTUIT_WSDL, { endpoint: `${h.engine.url}/qbwc` });
    // soap exposes both SOAP 1.1 and 1.2 ports; QBWC uses 1.1.
    const port = client.TroubleshootWebServiceFS.TroubleshootWebServiceFSSoap as Record<
      string,
      (args: object, cb: (err: unknown, res: Record<string, unknown>) => void) => void
    >;
    const call = (m: string, args: object) =>
      new Promise<Record<string, unknown>>((resolve, reject) =>
        port[m]!(args, (err, res) => (err ? reject(err) : resolve(res))),
      );
    expect((await call('serverVersion', {})).serverVersionResult).toMatch(/ml-connector/);
    expect((await call('clientVersion', { strVersion: '2.3.0.36' })).clientVersionResult ?? '').toBe('');
    const bad = (await call('authenticate', { strUserName: USER, strPassword: 'nope-nope' }))
      .authenticateResult as {
      string: string[];
    };
    expect(bad.string[1]).toBe('nvu');
    const auth = (await call('authenticate', { strUserName: USER, strPassword: PASSWORD }))
      .authenticateResult as {
      string: string[];
    };
    const ticket = auth.string[0]!;
    expect(auth.string[1] ?? '').toBe('');
    let pct = 0;
    let first = true;
    while (pct < 100) {
      const rq = (
        await call('sendRequestXML', {
          ticket,
          strHCPResponse: first ? h.company.hostQueryResponseXml() : '',
          strCompanyFileName: h.company.companyFile,
          qbXMLCountry: 'US',
          qbXMLMajorVers: 13,
          qbXMLMinorVers: 0,
        })
      ).sendRequestXMLResult as string;
      first = false;
      expect(rq).toMatch(/^<\?xml/);
      const response = await h.company.handleRequestXml(rq);
      pct = Number(
        (await call('receiveResponseXML', { ticket, response, hresult: '', message: '' }))
          .receiveResponseXMLResult,
      );
      expect(pct).toBeGreaterThanOrEqual(0);
    }
    expect((await call('getLastError', { ticket })).getLastErrorResult).toEqual(expect.any(String));
    expect((await call('closeConnection', { ticket })).closeConnectionResult).toMatch(/done/);
    expect(
      (await call('connectionError', { ticket, hresult: '0x80040408', message: 'x' })).connectionErrorResult,
    ).toBe('done');
    expect(h.engine.mirror.count('item')).toBe(h.company.items().length);
  });

  it('serves a WSDL that the soap package can load and that matches Intuit’s operations', async () => {
    const res = await fetch(`${h.engine.url}/qbwc?wsdl`);
    expect(res.status).toBe(200);
    const wsdl = await res.text();
    expect(wsdl).toContain('targetNamespace="http://developer.intuit.com/"');
    expect(wsdl).toContain(`location="http://localhost:${h.engine.port}/qbwc"`);
    const ours = await soap.createClientAsync(`${h.engine.url}/qbwc?wsdl`);
    const intuit = await soap.createClientAsync(INTUIT_WSDL);
    const opsOf = (c: soap.Client) => {
      const d = c.describe() as Record<
        string,
        Record<string, Record<string, { input: unknown; output: unknown }>>
      >;
      const svc = Object.values(d)[0]!;
      return Object.values(svc)[0]!;
    };
    const a = opsOf(ours);
    const b = opsOf(intuit);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const op of Object.keys(b)) {
      expect(a[op]!.input, op).toEqual(b[op]!.input);
      expect(a[op]!.output, op).toEqual(b[op]!.output);
    }
  });

  it('answers malformed XML, non-SOAP and unknown operations with a SOAP Fault and keeps serving', async () => {
    const parser = new XMLParser({ removeNSPrefix: true });
    for (const body of ['<soap:Envelope><unclosed>', 'not xml at all', '<a>fine xml, not soap</a>', '']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      const fault = parser.parse(await res.text()).Envelope.Body.Fault;
      expect(fault.faultcode).toBe('soap:Client');
      expect(fault.faultstring.length).toBeGreaterThan(5);
    }
    const unknownOp = `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><dropTables xmlns="http://developer.intuit.com/"/></soap:Body></soap:Envelope>`;
    const r = await post(unknownOp);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(await r.text()).toMatch(/Fault/);
    expect((await h.session()).outcome).toBe('completed');
  });

  it('refuses DOCTYPE/ENTITY (billion laughs) at once', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><authenticate xmlns="http://developer.intuit.com/"><strUserName>&lol3;</strUserName><strPassword>x</strPassword></authenticate></soap:Body></soap:Envelope>`;
    const res = await post(bomb);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/DOCTYPE/);
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><clientVersion xmlns="http://developer.intuit.com/"><strVersion>&xxe;</strVersion></clientVersion></soap:Body></soap:Envelope>`;
    const res2 = await post(xxe);
    expect(res2.status).toBe(400);
    expect(await res2.text()).not.toContain('root:');
  });

  it('rejects bodies over the limit with 413 and stays up', async () => {
    await h.close();
    h = await startHarness({
      config: { limits: { maxSoapBodyBytes: 64 * 1024, maxApiBodyBytes: 1024 * 1024 } },
    });
    const big = '<x>' + 'a'.repeat(200 * 1024) + '</x>';
    const res = await post(big);
    expect(res.status).toBe(413);
    const health = await h.api<{ ok: boolean }>('/api/health', { token: null });
    expect(health.body.ok).toBe(true);
  });

  it('serves a .qwc file with stable OwnerID/FileID and the localhost AppURL', async () => {
    const a = await (await fetch(`${h.engine.url}/qbwc/app.qwc`)).text();
    const parsed = new XMLParser().parse(a).QBWCXML;
    expect(parsed.AppURL).toBe(`http://localhost:${h.engine.port}/qbwc`);
    expect(parsed.UserName).toBe(USER);
    expect(parsed.QBType).toBe('QBFS');
    expect(parsed.IsReadOnly).toBe(false);
    expect(parsed.Scheduler.RunEveryNMinutes).toBe(5);
    expect(parsed.OwnerID).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(parsed.FileID).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(new URL(parsed.AppSupport).host).toBe(new URL(parsed.AppURL).host);
    await h.restart();
    const b = new XMLParser().parse(await (await fetch(`${h.engine.url}/qbwc/app.qwc`)).text()).QBWCXML;
    expect([b.OwnerID, b.FileID]).toEqual([parsed.OwnerID, parsed.FileID]);
  });
});
