import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, USER, PASSWORD, type Harness } from '../helpers/harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const activeCounts = (x: Harness) => ({
  customers: x.company.customers().length,
  items: x.company.items().length,
});
const mirrorCounts = (x: Harness) => ({
  customers: (
    x.engine.db.prepare('SELECT count(*) AS n FROM qb_customers WHERE deleted_at IS NULL').get() as {
      n: number;
    }
  ).n,
  items: (
    x.engine.db.prepare('SELECT count(*) AS n FROM qb_items WHERE deleted_at IS NULL').get() as { n: number }
  ).n,
});

describe('restarts and faults lose nothing', () => {
  it('continues the same QBWC session after the engine restarts between send and receive', async () => {
    h = await startHarness({ customers: 900, items: 1200 });
    let c = h.soapClient();
    const [ticket] = await c.authenticate(USER, PASSWORD);
    let first = true;
    let pct = 0;
    let restarted = false;
    let rounds = 0;
    while (pct < 100 && rounds++ < 100) {
      const xml = await c.sendRequestXML(
        ticket!,
        first ? h.company.hostQueryResponseXml() : '',
        h.company.companyFile,
        'US',
        13,
        0,
      );
      first = false;
      expect(xml).not.toBe('');
      const response = await h.company.handleRequestXml(xml);
      if (!restarted && rounds === 2) {
        // The engine dies while QuickBooks is working on our request (mid-iterator).
        await h.restart();
        restarted = true;
        c = h.soapClient();
      }
      pct = await c.receiveResponseXML(ticket!, response, '', '');
      expect(pct).toBeGreaterThanOrEqual(0);
    }
    expect(pct).toBe(100);
    expect(restarted).toBe(true);
    expect(await c.closeConnection(ticket!)).toMatch(/0 failed/);
    expect(mirrorCounts(h)).toEqual(activeCounts(h));
  });

  it('recovers jobs from a session that was dropped (PC asleep), in the next session, even after a restart', async () => {
    h = await startHarness({ customers: 900, items: 1200 });
    const dropped = await h.session({ dropAfterRequests: 2, dropBeforeReceive: true });
    expect(dropped.outcome).toBe('dropped');
    expect(h.engine.outbox.counts().sent).toBeGreaterThan(0);
    await h.restart();
    const next = await h.session();
    expect(next.outcome).toBe('completed');
    expect(h.engine.outbox.counts()).toMatchObject({ pending: 0, sent: 0, failed: 0 });
    expect(mirrorCounts(h)).toEqual(activeCounts(h));
    const audit = await h.api<{ entries: { event: string }[] }>('/api/audit?category=outbox');
    expect(audit.body.entries.some((e) => e.event === 'job-recovered')).toBe(true);
  });

  it('ends the session with getLastError when QuickBooks keeps refusing, then catches up next time', async () => {
    h = await startHarness();
    h.company.faults.busy = true;
    const r = await h.session();
    expect(r.outcome).toBe('error');
    expect(r.percents.at(-1)).toBeLessThan(0);
    // A modal dialog in QuickBooks: the hresult and what to do about it reach the user.
    expect(r.lastError).toMatch(/0x80040414/);
    expect(r.lastError).toMatch(/Close the open QuickBooks window/);
    expect(h.engine.outbox.counts().failed).toBe(0);
    h.company.faults.busy = false;
    const ok = await h.session();
    expect(ok.outcome).toBe('completed');
    expect(mirrorCounts(h)).toEqual(activeCounts(h));
  });

  it('marks a job that keeps failing as failed, records why, and the rest of the queue goes on', async () => {
    h = await startHarness();
    h.company.faults.forcedStatuses = [
      {
        requestType: 'ItemQueryRq',
        statusCode: 3250,
        statusMessage: 'This feature is not enabled or not available in this version of QuickBooks.',
        times: 10,
      },
    ];
    const r = await h.session();
    expect(r.outcome).toBe('completed');
    const counts = h.engine.outbox.counts();
    expect(counts.failed).toBe(1);
    expect(counts.pending).toBe(0);
    // Attempts are bounded: the item query went out exactly max_attempts (3) times.
    expect(h.company.requestLog.filter((e) => e.types.includes('ItemQueryRq')).length).toBe(3);
    expect(mirrorCounts(h).customers).toBe(activeCounts(h).customers);
    const failed = h.engine.outbox.list({ status: 'failed' })[0]!;
    expect(failed.kind).toBe('mirror.items');
    const audit = await h.api<{ entries: { event: string; message: string; statusCode: number | null }[] }>(
      '/api/audit?level=error',
    );
    const entry = audit.body.entries.find((e) => e.event === 'job-failed')!;
    expect(entry.statusCode).toBe(3250);
    expect(entry.message).toMatch(/not enabled/);
  });

  it('fails an unknown job kind without blocking the others', async () => {
    h = await startHarness();
    h.engine.outbox.enqueue({ kind: 'no.such.kind', payload: {}, priority: 1 });
    const r = await h.session();
    expect(r.outcome).toBe('completed');
    expect(h.engine.outbox.counts()).toMatchObject({ failed: 1, pending: 0, sent: 0 });
    expect(mirrorCounts(h)).toEqual(activeCounts(h));
  });

  it('survives a response QuickBooks garbled: the job is retried, nothing is half-applied', async () => {
    h = await startHarness({ customers: 50, items: 50 });
    const c = h.soapClient();
    const [ticket] = await c.authenticate(USER, PASSWORD);
    const xml = await c.sendRequestXML(
      ticket!,
      h.company.hostQueryResponseXml(),
      h.company.companyFile,
      'US',
      13,
      0,
    );
    const good = await h.company.handleRequestXml(xml);
    const pct = await c.receiveResponseXML(ticket!, good.slice(0, Math.floor(good.length / 2)), '', '');
    expect(pct).toBeGreaterThanOrEqual(0);
    expect(mirrorCounts(h).customers + mirrorCounts(h).items).toBe(0);
    const again = await c.sendRequestXML(ticket!, '', h.company.companyFile, 'US', 13, 0);
    expect(again).not.toBe('');
    await c.closeConnection(ticket!);
    expect((await h.session()).outcome).toBe('completed');
    expect(mirrorCounts(h)).toEqual(activeCounts(h));
  });
});
