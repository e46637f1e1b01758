import { afterEach, describe, expect, it } from 'vitest';
import { parseQbxmlResponse } from '../../src-main/engine/qbxml';
import { companyBackend } from '../../src-main/simulators/qb-backend';
import { startHarness, USER, PASSWORD, type Harness } from '../helpers/harness';
import { validateQbxml } from '../helpers/xmllint';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a QBWC session over HTTP against the simulated company', () => {
  it('mirrors every customer and item (paged by iterators), then lists them through the API', async () => {
    h = await startHarness({ customers: 1300, items: 1700 });
    const report = await h.session();
    expect(report.outcome).toBe('completed');
    expect(report.authResult[1]).toBe('');
    expect(report.percents.at(-1)).toBe(100);
    // Iterators: more than one page per list.
    expect(report.requests).toBeGreaterThan(3);
    const iterRequests = h.company.requestLog.filter((r) => r.types.some((t) => t === 'CustomerQueryRq'));
    expect(iterRequests.length).toBeGreaterThan(1);

    const activeCustomers = h.company.customers().filter((c) => c.IsActive).length;
    const activeItems = h.company.items().filter((i) => i.IsActive).length;
    const customers = await h.api<{ customers: { fullName: string; listId: string }[]; total: number }>(
      '/api/qb/customers?limit=5',
    );
    expect(customers.status).toBe(200);
    expect(customers.body.total).toBe(activeCustomers);
    const items = await h.api<{ items: unknown[]; total: number }>(
      '/api/qb/items?limit=1000&includeInactive=true',
    );
    expect(items.body.total).toBe(h.company.items().length);
    expect((await h.api<{ total: number }>('/api/qb/items')).body.total).toBe(activeItems);

    // Search matches any part of the full name, case-insensitively.
    const sample = h.company.items().find((i) => i.IsActive && i.FullName.length > 6)!;
    const part = sample.FullName.slice(2, 6).toLowerCase();
    const found = await h.api<{ items: { fullName: string }[]; total: number }>(
      `/api/qb/items?search=${encodeURIComponent(part)}&limit=1000`,
    );
    const expected = h.company.items().filter((i) => i.IsActive && i.FullName.toLowerCase().includes(part));
    expect(found.body.total).toBe(expected.length);
    expect(found.body.items.map((i) => i.fullName)).toContain(sample.FullName);

    // The company file is now bound and the status page shows the session.
    const status = await h.api<{ qbwc: { companyFile: string; recentSessions: { state: string }[] } }>(
      '/api/status',
    );
    expect(status.body.qbwc.companyFile).toBe(h.company.companyFile);
    expect(status.body.qbwc.recentSessions[0]!.state).toBe('closed');
  });

  it('fetches only what changed since the last run, and applies deletions', async () => {
    h = await startHarness({ config: { qbwc: { mirrorIntervalSeconds: 0 } } });
    await h.session();
    const before = h.company.requestLog.length;
    const item = h.company.items().find((i) => i.IsActive && i.ItemType === 'Service')!;
    h.company.modifyItem(item.ListID, { price: 123.45 });
    const victim = h.company.customers().find((c) => c.IsActive && !c.FullName.includes(':'))!;
    h.company.deleteList('Customer', victim.ListID);
    const r = await h.session();
    expect(r.outcome).toBe('completed');
    const log = h.company.requestLog.slice(before);
    const itemRetCount = log
      .filter((e) => e.types.includes('ItemQueryRq'))
      .reduce((n, e) => n + e.retCount, 0);
    // Inclusive watermark: the changed item plus at most the few sharing the newest timestamp.
    expect(itemRetCount).toBeGreaterThanOrEqual(1);
    expect(itemRetCount).toBeLessThan(10);
    const got = await h.api<{ items: { listId: string; salesPrice: number }[] }>(
      `/api/qb/items?search=${encodeURIComponent(item.FullName)}&includeInactive=true`,
    );
    expect(got.body.items.find((i) => i.listId === item.ListID)?.salesPrice).toBe(123.45);
    // ListDeletedQuery ran in the second session and removed the customer from the mirror.
    expect(log.some((e) => e.types.includes('ListDeletedQueryRq'))).toBe(true);
    const c = await h.api<{ customers: { listId: string }[] }>(
      `/api/qb/customers?search=${encodeURIComponent(victim.FullName)}&includeInactive=true`,
    );
    expect(c.body.customers.some((x) => x.listId === victim.ListID)).toBe(false);
  });

  it('answers "none" when there is no work, and "nvu" for a wrong password', async () => {
    h = await startHarness({ config: { qbwc: { mirrorIntervalSeconds: 3600 } } });
    expect((await h.session()).outcome).toBe('completed');
    const idle = await h.session();
    expect(idle.outcome).toBe('no-work');
    expect(idle.authResult[1]).toBe('none');
    const bad = await h.session({ password: 'wrong-password' });
    expect(bad.outcome).toBe('invalid-user');
    expect(bad.authResult[1]).toBe('nvu');
    const badUser = await h.session({ username: 'someone-else' });
    expect(badUser.authResult[1]).toBe('nvu');
    // Two refusals within a minute: one audit line (folded), as any caller can cause them.
    const audit = await h.api<{ entries: { event: string }[] }>('/api/audit?level=warn');
    expect(audit.body.entries.filter((e) => e.event === 'auth-failed').length).toBe(1);
  });

  it('slows brute force without locking the real Web Connector out: after wrong guesses the right password still works', async () => {
    h = await startHarness();
    const c = h.soapClient();
    for (let i = 0; i < 6; i++) expect((await c.authenticate(USER, `guess-${i}`))[1]).toBe('nvu');
    const [ticket, answer] = await c.authenticate(USER, PASSWORD);
    expect(answer).not.toBe('nvu');
    expect(ticket).toMatch(/^[0-9a-f-]{36}$/);
    const audit = await h.api<{ entries: { event: string }[] }>('/api/audit?level=warn');
    expect(audit.body.entries.filter((e) => e.event === 'auth-throttled').length).toBe(1);
    // A refused login leaves no session row and one audit line a minute, not one each.
    expect(audit.body.entries.filter((e) => e.event === 'auth-failed').length).toBe(1);
  });

  it('warns about an old Web Connector and refuses a too-old one', async () => {
    h = await startHarness();
    const c = h.soapClient();
    expect(await c.clientVersion('2.3.0.36')).toBe('');
    expect(await c.clientVersion('2.0.1.5')).toMatch(/^W:/);
    expect(await c.clientVersion('1.5.0.0')).toMatch(/^E:/);
    const old = await h.session({ clientVersion: '1.0.0.0' });
    expect(old.outcome).toBe('client-version-rejected');
  });

  it('handles unknown, closed and expired tickets without crashing', async () => {
    h = await startHarness({ config: { qbwc: { sessionIdleMinutes: 1 } } });
    const c = h.soapClient();
    const fake = '00000000-0000-4000-8000-000000000000';
    expect(await c.sendRequestXML(fake, '', 'x.qbw', 'US', 13, 0)).toBe('');
    expect(await c.getLastError(fake)).toMatch(/Unknown session ticket/);
    expect(await c.receiveResponseXML(fake, '<QBXML/>', '', '')).toBeLessThan(0);
    expect(await c.closeConnection(fake)).toMatch(/Unknown/);
    expect(await c.connectionError(fake, '0x80040408', 'x')).toBe('done');

    const [ticket, file] = await c.authenticate(USER, PASSWORD);
    expect(file).toBe('');
    expect(ticket).toMatch(/^[0-9a-f-]{36}$/);
    expect(await c.closeConnection(ticket!)).toMatch(/done/);
    expect(await c.sendRequestXML(ticket!, '', 'x.qbw', 'US', 13, 0)).toBe('');
    expect(await c.getLastError(ticket!)).toMatch(/already closed/);

    // Expiry: push the session's deadline into the past.
    const [t2] = await c.authenticate(USER, PASSWORD);
    h.engine.db
      .prepare(`UPDATE qbwc_sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE state = 'open'`)
      .run();
    expect(await c.sendRequestXML(t2!, '', 'x.qbw', 'US', 13, 0)).toBe('');
    expect(await c.getLastError(t2!)).toMatch(/expired/);
    // The engine still serves.
    expect((await h.api('/api/health', { token: null })).status).toBe(200);
  });

  it.each([
    ['0x8004041A', /Integrated Applications/],
    ['0x80040418', /administrator, in single-user mode/],
    ['0x8004041D', /login automatically/],
    ['0x8004040A', /Open the company file ml-connector is set up for/],
  ])('explains connectionError %s with what to do about it', async (hresult, fix) => {
    h = await startHarness();
    const r = await h.session({
      connectionErrorInsteadOfQuickBooks: { hresult, message: 'QuickBooks said no.' },
    });
    expect(r.outcome).toBe('connection-error');
    const status = await h.api<{ qbwc: { lastConnectionError: { message: string } | null } }>('/api/status');
    expect(status.body.qbwc.lastConnectionError?.message).toContain(hresult);
    expect(status.body.qbwc.lastConnectionError?.message).toMatch(fix);
  });

  it('reads the edition from HostQuery: the US edition needs no note, the Canadian one says what differs', async () => {
    h = await startHarness();
    expect((await h.session()).outcome).toBe('completed');
    type S = { company: { country: string | null; editionNote: string | null } | null };
    let status = await h.api<S>('/api/status');
    expect(status.body.company).toMatchObject({ country: 'US', editionNote: null });
    await h.close();
    h = await startHarness({ companyOptions: { country: 'CA' } });
    expect((await h.session()).outcome).toBe('completed');
    status = await h.api<S>('/api/status');
    expect(status.body.company?.country).toBe('CA');
    expect(status.body.company?.editionNote).toMatch(/Canadian edition[\s\S]*GST\/HST\/PST/);
  });

  it('records connectionError (QuickBooks not running) and shows it in the status', async () => {
    h = await startHarness();
    const r = await h.session({
      connectionErrorInsteadOfQuickBooks: { hresult: '0x80040408', message: 'Could not start QuickBooks.' },
    });
    expect(r.outcome).toBe('connection-error');
    expect(r.connectionErrorResults).toEqual(['done']);
    const status = await h.api<{ qbwc: { lastConnectionError: { message: string } | null } }>('/api/status');
    expect(status.body.qbwc.lastConnectionError?.message).toMatch(/0x80040408/);
    expect(status.body.qbwc.lastConnectionError?.message).toMatch(/Open QuickBooks/);
    // The interrupted mirror job was not lost: the next session completes it.
    const next = await h.session();
    expect(next.outcome).toBe('completed');
    expect(h.engine.mirror.count('customer')).toBe(h.company.customers().length);
  });

  it('negotiates down to the qbXML version QuickBooks supports', async () => {
    h = await startHarness({ qbxmlVersion: '12.0' });
    const sent: string[] = [];
    const c = h.soapClient();
    const [ticket] = await c.authenticate(USER, PASSWORD);
    const xml = await c.sendRequestXML(
      ticket!,
      h.company.hostQueryResponseXml(),
      h.company.companyFile,
      'US',
      12,
      0,
    );
    sent.push(xml);
    expect(xml).toContain('<?qbxml version="12.0"?>');
    await c.closeConnection(ticket!);
  });

  it('binds the first company file and refuses another one later', async () => {
    h = await startHarness({ config: { qbwc: { mirrorIntervalSeconds: 0 } } });
    await h.session();
    const c = h.soapClient();
    const [ticket, file] = await c.authenticate(USER, PASSWORD);
    expect(file).toBe(h.company.companyFile);
    expect(await c.sendRequestXML(ticket!, '', 'C:\\Other\\Company.QBW', 'US', 13, 0)).toBe('');
    expect(await c.getLastError(ticket!)).toMatch(/set up for the company file/);
    await c.closeConnection(ticket!);
  });

  it('never answers sendRequestXML with an empty string while it has a live session', async () => {
    h = await startHarness({ config: { qbwc: { mirrorIntervalSeconds: 3600 } } });
    const c = h.soapClient();
    const [ticket] = await c.authenticate(USER, PASSWORD);
    // Drain the queue behind QBWC's back: the next request must still be valid QBXML.
    h.engine.db.prepare(`UPDATE outbox SET status = 'done' WHERE status = 'pending'`).run();
    const xml = await c.sendRequestXML(ticket!, '', h.company.companyFile, 'US', 13, 0);
    expect(xml).toContain('HostQueryRq');
    const response = await h.company.handleRequestXml(xml);
    expect(parseQbxmlResponse(response).responses[0]!.statusCode).toBe(0);
    expect(await c.receiveResponseXML(ticket!, response, '', '')).toBe(100);
    expect(await c.closeConnection(ticket!)).toMatch(/0 done/);
  });

  it('sends only QBXML that validates against the qbXML 13.0 schema', async () => {
    h = await startHarness({ customers: 700, items: 900, config: { qbwc: { mirrorIntervalSeconds: 0 } } });
    const sent: string[] = [];
    const inner = companyBackend(h.company);
    const backend = {
      ...inner,
      companyFile: inner.companyFile,
      handleRequestXml: (xml: string) => {
        sent.push(xml);
        return inner.handleRequestXml(xml);
      },
    };
    await h.session({ backend });
    h.company.modifyItem(h.company.items()[0]!.ListID, { price: 9.99 });
    await h.session({ backend });
    // First page, continuation pages, incremental (FromModifiedDate) and ListDeletedQuery requests.
    expect(sent.some((x) => x.includes('iterator="Continue"'))).toBe(true);
    expect(sent.some((x) => x.includes('<FromModifiedDate>'))).toBe(true);
    expect(sent.some((x) => x.includes('ListDeletedQueryRq'))).toBe(true);
    for (const xml of sent) {
      const v = validateQbxml(xml);
      expect(v.errors, xml.slice(0, 300)).toBe('');
      expect(v.ok).toBe(true);
    }
  });
});
