import { describe, expect, it } from 'vitest';
import { QbCompany } from '../../../src-main/simulators/qb-company/index.js';

// QuickBooks writes local wall time with the standard-time offset all year: "The DateTime is
// otherwise accurate (follows DST), but the offset does not follow DST" (jsgoupil/quickbooks-sync
// PR 28; its README shows the raw 2019-03-21T11:37:00-08:00 for a Pacific summer time). Values it
// wrote mean, sent back, what they meant; a value without an offset is local time (issue 19 there).

const doc = (body: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError">${body}</QBXMLMsgsRq></QBXML>`;

function company(startMs: number) {
  let t = startMs;
  const qb = new QbCompany(
    { companyName: 'DST Goods', customers: [{ name: 'Alpha' }, { name: 'Bravo' }], items: [] },
    { now: () => new Date(t), timeZone: 'America/Los_Angeles' },
  );
  return { qb, at: (ms: number) => (t = ms) };
}

const modified = async (qb: QbCompany, from: string): Promise<string[]> => {
  const xml = await qb.handleRequestXml(
    doc(`<CustomerQueryRq><FromModifiedDate>${from}</FromModifiedDate></CustomerQueryRq>`),
  );
  return [...xml.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]!);
};
const timeModified = async (qb: QbCompany, name: string): Promise<string> => {
  const xml = await qb.handleRequestXml(
    doc(`<CustomerQueryRq><FullName>${name}</FullName></CustomerQueryRq>`),
  );
  return /<TimeModified>([^<]+)<\/TimeModified>/.exec(xml)![1]!;
};

describe('QuickBooks times: standard-time offset all year', () => {
  it('writes summer times with the winter offset, and reads its own values back as it meant them', async () => {
    const { qb, at } = company(Date.UTC(2026, 6, 1, 12));
    at(Date.UTC(2026, 6, 1, 17, 0, 0)); // 10:00 PDT
    qb.modifyCustomer('Alpha', { email: 'a@example.com' });
    const tm = await timeModified(qb, 'Alpha');
    expect(tm).toBe('2026-07-01T10:00:00-08:00');
    expect(await modified(qb, tm)).toEqual(['Alpha']);
    // Local wall time without an offset means the same.
    expect(await modified(qb, '2026-07-01T10:00:00')).toEqual(['Alpha']);
    expect(await modified(qb, '2026-07-01T10:00:01-08:00')).toEqual([]);
    // Winter: the offset is right.
    at(Date.UTC(2026, 11, 1, 18, 0, 0));
    qb.modifyCustomer('Bravo', { email: 'b@example.com' });
    expect(await timeModified(qb, 'Bravo')).toBe('2026-12-01T10:00:00-08:00');
  });

  it('in the hour repeated when the clocks go back, a later change is written before an earlier one', async () => {
    const { qb, at } = company(Date.UTC(2026, 10, 1, 8));
    at(Date.UTC(2026, 10, 1, 8, 50)); // 01:50 PDT
    qb.modifyCustomer('Alpha', { email: 'a@example.com' });
    at(Date.UTC(2026, 10, 1, 9, 10)); // 01:10 PST, twenty minutes later
    qb.modifyCustomer('Bravo', { email: 'b@example.com' });
    const a = await timeModified(qb, 'Alpha');
    const b = await timeModified(qb, 'Bravo');
    expect([a, b]).toEqual(['2026-11-01T01:50:00-08:00', '2026-11-01T01:10:00-08:00']);
    // Reading from the newest value seen misses the later change: the trap a watermark must avoid.
    expect(await modified(qb, a)).toEqual(['Alpha']);
  });
});
