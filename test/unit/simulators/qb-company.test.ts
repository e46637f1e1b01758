import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  generateCompanySeed,
  ITEM_TYPES,
  QbCompany,
  QbHresultError,
  QbxmlDocumentError,
  type CompanySeed,
  type QbCompanyOptions,
} from '../../../src-main/simulators/qb-company/index.js';

// Behaviour tests of the QuickBooks company simulator. Requests are literal QBXML (never the
// product's builders) and responses are read with fast-xml-parser, order preserved.

// ---------------------------------------------------------------------------------------------
// helpers

interface N {
  name: string;
  attrs: Record<string, string>;
  children: N[];
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

type Raw = Record<string, unknown>;

function conv(name: string, raw: Raw): N {
  const kids = (raw[name] ?? []) as Raw[];
  const attrs = (raw[':@'] ?? {}) as Record<string, string>;
  const children: N[] = [];
  let text = '';
  for (const k of kids) {
    for (const key of Object.keys(k)) {
      if (key === ':@') continue;
      if (key === '#text') text += String(k[key]);
      else if (!key.startsWith('?')) children.push(conv(key, k));
    }
  }
  return { name, attrs, children, text };
}

function parseXml(xml: string): N {
  const top = parser.parse(xml) as Raw[];
  for (const r of top) {
    const key = Object.keys(r).find((k) => k !== ':@' && !k.startsWith('?'));
    if (key) return conv(key, r);
  }
  throw new Error('no root element');
}

/** The …Rs elements of a response document, in order. */
function responses(xml: string): N[] {
  const root = parseXml(xml);
  const msgs = root.children.find((c) => c.name === 'QBXMLMsgsRs');
  if (!msgs) throw new Error('no QBXMLMsgsRs');
  return msgs.children;
}

function kids(n: N | undefined, name: string): N[] {
  return n ? n.children.filter((c) => c.name === name) : [];
}

/** Text at a slash path below n (first match at each step). */
function text(n: N | undefined, path: string): string | undefined {
  let cur: N | undefined = n;
  for (const part of path.split('/')) cur = cur?.children.find((c) => c.name === part);
  return cur?.text;
}

function doc(
  body: string,
  onError: 'stopOnError' | 'continueOnError' = 'continueOnError',
  extraAttrs = '',
): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<?qbxml version="13.0"?>
<QBXML>
  <QBXMLMsgsRq onError="${onError}"${extraAttrs}>
${body}
  </QBXMLMsgsRq>
</QBXML>`;
}

/** A small company with known quantities, every item type, a job, an inactive customer, & and ' in names. */
function smallSeed(): CompanySeed {
  return {
    companyName: 'Test Goods',
    customers: [
      {
        name: 'Hart & Hollow Goods',
        companyName: 'Hart & Hollow Goods',
        email: 'orders@hartandhollow.com',
        billAddress: { addr1: '1 Main St', city: 'Denver', state: 'CO', postalCode: '80201' },
      },
      { name: "Liam O'Brien", firstName: 'Liam', lastName: "O'Brien", email: 'liam@example.com' },
      { name: 'Online Orders', parent: 'Hart & Hollow Goods' },
      { name: 'Old Customer', isActive: false },
    ],
    items: [
      {
        type: 'Inventory',
        name: 'TSH-BLK-M',
        description: 'Classic Tee - Black / M',
        price: 20,
        cost: 8,
        quantityOnHand: 100,
      },
      {
        type: 'Inventory',
        name: 'MUG-WHT-11OZ',
        description: 'Ceramic Mug - White / 11OZ',
        price: 15,
        cost: 5,
        quantityOnHand: 50,
      },
      {
        type: 'OtherCharge',
        name: 'Shipping',
        description: 'Shipping & handling',
        price: 0,
        incomeAccount: 'Shipping Income',
      },
      { type: 'Service', name: 'Gift Wrapping', price: 4.99 },
      { type: 'NonInventory', name: 'GIFTCARD-25', price: 25 },
      { type: 'Discount', name: 'Discount', incomeAccount: 'Discounts' },
      { type: 'SalesTax', name: 'CA Sales Tax', taxRate: 7.25 },
      {
        type: 'Group',
        name: 'Mug & Tee Bundle',
        components: [
          { item: 'TSH-BLK-M', quantity: 1 },
          { item: 'MUG-WHT-11OZ', quantity: 2 },
        ],
      },
      {
        type: 'InventoryAssembly',
        name: 'KIT-STARTER',
        price: 49,
        cost: 18,
        quantityOnHand: 10,
        components: [{ item: 'TSH-BLK-M', quantity: 1 }],
      },
      { type: 'Inventory', name: 'OLD-SKU', price: 1, quantityOnHand: 0, isActive: false },
    ],
  };
}

const T0 = Date.UTC(2024, 4, 1, 16, 0, 0); // 2024-05-01T12:00:00-04:00

/** A controllable clock for `opts.now`. */
function makeClock(start = T0): { now: () => Date; advance: (ms: number) => void; ms: () => number } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => (t += ms), ms: () => t };
}

// =============================================================================================

const XSD = '/work/shared/reference/quickbooks/qbxml-xsd-13.0/qbxmlops130.xsd';
const XMLLINT = '/usr/bin/xmllint';

function company(seed: CompanySeed = smallSeed(), extra: Partial<QbCompanyOptions> = {}) {
  const clock = makeClock();
  const qb = new QbCompany(seed, { now: clock.now, utcOffsetMinutes: -240, ...extra });
  return { qb, clock };
}

async function run(
  qb: QbCompany,
  body: string,
  onError: 'stopOnError' | 'continueOnError' = 'continueOnError',
  attrs = '',
): Promise<N[]> {
  return responses(await qb.handleRequestXml(doc(body, onError, attrs)));
}

function status(rs: N | undefined): { code: number; severity: string; message: string } {
  return {
    code: Number(rs?.attrs['statusCode']),
    severity: rs?.attrs['statusSeverity'] ?? '',
    message: rs?.attrs['statusMessage'] ?? '',
  };
}

const invoiceAdd = (customer: string, lines: string, extra = '', requestID = '1'): string => `
    <InvoiceAddRq requestID="${requestID}">
      <InvoiceAdd>
        <CustomerRef><FullName>${customer}</FullName></CustomerRef>
        ${extra}
        ${lines}
      </InvoiceAdd>
    </InvoiceAddRq>`;

const line = (item: string, qty: number, rate?: string): string =>
  `<InvoiceLineAdd><ItemRef><FullName>${item}</FullName></ItemRef><Quantity>${qty}</Quantity>${rate ? `<Rate>${rate}</Rate>` : ''}</InvoiceLineAdd>`;

function qoh(qb: QbCompany, name: string): number | undefined {
  return qb.item(name)?.QuantityOnHand;
}

// =============================================================================================

describe('generateCompanySeed', () => {
  it('is deterministic for a seed and different across seeds', () => {
    const a = generateCompanySeed({ customers: 300, items: 120, seed: 42 });
    const b = generateCompanySeed({ customers: 300, items: 120, seed: 42 });
    const c = generateCompanySeed({ customers: 300, items: 120, seed: 43 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    // …and so is the company built from it on a fixed clock.
    const x = new QbCompany(a, { now: () => new Date(T0), utcOffsetMinutes: 0 }).toJSON();
    const y = new QbCompany(b, { now: () => new Date(T0), utcOffsetMinutes: 0 }).toJSON();
    expect(x).toEqual(y);
  });

  it('produces a realistic mix: exact counts, every item type, jobs, inactive, & and apostrophes', () => {
    const seed = generateCompanySeed({ customers: 200, items: 80, seed: 7 });
    expect(seed.customers).toHaveLength(200);
    expect(seed.items).toHaveLength(80);
    expect(new Set(seed.items.map((i) => i.type))).toEqual(new Set(ITEM_TYPES));
    expect(seed.items.find((i) => i.type === 'OtherCharge')?.name).toBe('Shipping');
    expect(
      seed.items.filter((i) => i.type === 'Inventory').every((i) => typeof i.quantityOnHand === 'number'),
    ).toBe(true);
    expect(seed.customers.filter((c) => c.parent).length).toBeGreaterThan(0);
    expect(seed.customers.some((c) => c.isActive === false)).toBe(true);
    expect(seed.items.some((i) => i.isActive === false)).toBe(true);
    expect(seed.customers.some((c) => c.name.includes('&'))).toBe(true);
    expect(seed.customers.some((c) => c.name.includes("'"))).toBe(true);
    expect(seed.customers.every((c) => c.name.length <= 41)).toBe(true);
    expect(seed.items.every((i) => i.name.length <= 31)).toBe(true);
    expect(
      seed.customers.filter((c) => c.email).every((c) => /^[a-z0-9.]+@[a-z0-9.]+\.[a-z]+$/.test(c.email!)),
    ).toBe(true);
    const qb = new QbCompany(seed, { now: () => new Date(T0) });
    const job = qb.customers().find((c) => c.Sublevel === 1);
    expect(job?.FullName).toMatch(/^[^:]+:[^:]+$/);
    expect(qb.customer(job!.FullName.split(':')[0]!)?.ListID).toBe(job!.ParentListID);
    expect(qb.items().find((i) => i.ItemType === 'Group')?.Components?.length).toBeGreaterThan(0);
  });

  it('still covers the types it can with tiny item counts', () => {
    expect(generateCompanySeed({ customers: 1, items: 3, seed: 1 }).items.map((i) => i.type)).toEqual([
      'Inventory',
      'OtherCharge',
      'Service',
    ]);
    expect(
      generateCompanySeed({ customers: 0, items: 9, seed: 1 })
        .items.map((i) => i.type)
        .sort(),
    ).toEqual([...ITEM_TYPES].sort());
  });
});

describe('identifiers, timestamps and response shape', () => {
  it('formats ListID/TxnID/EditSequence/times like QuickBooks and starts with the QBXML prolog', async () => {
    const { qb } = company();
    const xml = await qb.handleRequestXml(doc(invoiceAdd('Hart &amp; Hollow Goods', line('TSH-BLK-M', 2))));
    expect(
      xml.startsWith(
        '<?xml version="1.0" ?>\n<QBXML>\n<QBXMLMsgsRs>\n<InvoiceAddRs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK">',
      ),
    ).toBe(true);
    const ret = kids(responses(xml)[0], 'InvoiceRet')[0];
    expect(text(ret, 'TxnID')).toMatch(/^[0-9A-F]+-\d{10}$/);
    expect(text(ret, 'CustomerRef/ListID')).toMatch(/^8[0-9A-F]{7}-\d{10}$/);
    expect(text(ret, 'TimeCreated')).toBe('2024-05-01T12:00:00-04:00');
    expect(text(ret, 'EditSequence')).toBe(String(T0 / 1000));
    expect(text(ret, 'TxnDate')).toBe('2024-05-01');
    expect(text(ret, 'InvoiceLineRet/TxnLineID')).toMatch(/^[0-9A-F]+-\d{10}$/);
  });

  it('ItemQueryRq returns every item type as its own Ret element, sorted by FullName', async () => {
    const { qb } = company();
    const [rs] = await run(qb, '<ItemQueryRq requestID="9"><ActiveStatus>All</ActiveStatus></ItemQueryRq>');
    const names = rs!.children.map((c) => c.name);
    for (const n of [
      'ItemInventoryRet',
      'ItemNonInventoryRet',
      'ItemServiceRet',
      'ItemOtherChargeRet',
      'ItemInventoryAssemblyRet',
      'ItemGroupRet',
      'ItemDiscountRet',
      'ItemSalesTaxRet',
    ]) {
      expect(names).toContain(n);
    }
    const shown = rs!.children.map((c) => text(c, 'FullName') ?? text(c, 'Name')!);
    expect(shown).toEqual([...shown].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(
      text(
        rs!.children.find((c) => c.name === 'ItemGroupRet'),
        'ItemGroupLine/ItemRef/FullName',
      ),
    ).toBe('TSH-BLK-M');
    // ActiveOnly (default) hides the inactive SKU, ItemInventoryQueryRq only returns inventory.
    const [active, inv] = await run(
      qb,
      '<ItemQueryRq/><ItemInventoryQueryRq><ActiveStatus>InactiveOnly</ActiveStatus></ItemInventoryQueryRq>',
    );
    expect(active!.children.map((c) => text(c, 'Name'))).not.toContain('OLD-SKU');
    expect(inv!.children.map((c) => `${c.name}:${text(c, 'Name')}`)).toEqual(['ItemInventoryRet:OLD-SKU']);
  });

  it('escapes &, apostrophes and < in names, and finds them by FullName', async () => {
    const { qb } = company();
    const [add] = await run(
      qb,
      `<CustomerAddRq><CustomerAdd><Name>Smith &amp; Wesley&apos;s &lt;Shop&gt;</Name></CustomerAdd></CustomerAddRq>`,
    );
    expect(status(add).code).toBe(0);
    const xml = await qb.handleRequestXml(
      doc(`<CustomerQueryRq><FullName>Smith &amp; Wesley's &lt;Shop&gt;</FullName></CustomerQueryRq>`),
    );
    expect(xml).toContain('<Name>Smith &amp; Wesley&apos;s &lt;Shop&gt;</Name>');
    expect(text(kids(responses(xml)[0], 'CustomerRet')[0], 'Name')).toBe("Smith & Wesley's <Shop>");
    expect(qb.customer("smith & wesley's <shop>")?.Name).toBe("Smith & Wesley's <Shop>");
    const [job] = await run(
      qb,
      `<CustomerQueryRq><FullName>Hart &amp; Hollow Goods:Online Orders</FullName></CustomerQueryRq>`,
    );
    expect(text(kids(job, 'CustomerRet')[0], 'ParentRef/FullName')).toBe('Hart & Hollow Goods');
  });

  it('IncludeRetElement trims Ret children; responseData="includeNone" returns statuses only', async () => {
    const { qb } = company();
    const [rs] = await run(
      qb,
      '<CustomerQueryRq><MaxReturned>2</MaxReturned><IncludeRetElement>ListID</IncludeRetElement><IncludeRetElement>Name</IncludeRetElement></CustomerQueryRq>',
    );
    expect(kids(rs, 'CustomerRet').map((r) => r.children.map((c) => c.name))).toEqual([
      ['ListID', 'Name'],
      ['ListID', 'Name'],
    ]);
    const [none] = await run(qb, '<CustomerQueryRq/>', 'continueOnError', ' responseData="includeNone"');
    expect(status(none).code).toBe(0);
    expect(none!.children).toHaveLength(0);
  });
});

describe('iterators', () => {
  const big = generateCompanySeed({ customers: 2500, items: 10, seed: 99 });
  const start =
    '<CustomerQueryRq requestID="it" iterator="Start"><MaxReturned>1000</MaxReturned><ActiveStatus>All</ActiveStatus></CustomerQueryRq>';
  const next = (id: string) =>
    `<CustomerQueryRq requestID="it" iterator="Continue" iteratorID="${id}"><MaxReturned>1000</MaxReturned></CustomerQueryRq>`;

  it('pages 2,500 customers as 1000 + 1000 + 500 with remaining counts, then forgets the iterator', async () => {
    const { qb } = company(big);
    const [p1] = await run(qb, start);
    const id = p1!.attrs['iteratorID']!;
    expect(id).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/);
    expect(kids(p1, 'CustomerRet')).toHaveLength(1000);
    expect(p1!.attrs['iteratorRemainingCount']).toBe('1500');
    const [p2] = await run(qb, next(id));
    expect(kids(p2, 'CustomerRet')).toHaveLength(1000);
    expect(p2!.attrs['iteratorRemainingCount']).toBe('500');
    expect(p2!.attrs['iteratorID']).toBe(id);
    const [p3] = await run(qb, next(id));
    expect(status(p3).code).toBe(0);
    expect(kids(p3, 'CustomerRet')).toHaveLength(500);
    expect(p3!.attrs['iteratorRemainingCount']).toBe('0');
    const all = [p1, p2, p3].flatMap((p) => kids(p, 'CustomerRet').map((r) => text(r, 'ListID')));
    expect(new Set(all).size).toBe(2500);
    expect(qb.openIteratorCount).toBe(0);
    // Exhausted iterator: QuickBooks' 3391.
    const [p4] = await run(qb, next(id));
    expect(status(p4)).toEqual({
      code: 3391,
      severity: 'Error',
      message: `The iteratorID "${id}" is not valid.`,
    });
  });

  it('rejects unknown and expired iterators with 3391, and Stop discards one', async () => {
    const { qb, clock } = company(big, { iteratorTtlMs: 60_000 });
    const [unknown] = await run(qb, next('{00000000-0000-0000-0000-000000000000}'));
    expect(status(unknown).code).toBe(3391);
    expect(status(unknown).message).toContain('{00000000-0000-0000-0000-000000000000}');
    const [p1] = await run(qb, start);
    const id = p1!.attrs['iteratorID']!;
    clock.advance(30_000);
    const [ok] = await run(qb, next(id)); // use keeps it alive
    expect(kids(ok, 'CustomerRet')).toHaveLength(1000);
    clock.advance(60_001);
    const [expired] = await run(qb, next(id));
    expect(status(expired).code).toBe(3391);
    const [s1] = await run(qb, start);
    const [stop] = await run(
      qb,
      `<CustomerQueryRq iterator="Stop" iteratorID="${s1!.attrs['iteratorID']}"/>`,
    );
    expect(status(stop).code).toBe(0);
    expect(qb.openIteratorCount).toBe(0);
  });

  it('iterates transactions too, and an iterator belongs to its request type', async () => {
    const { qb } = company();
    for (let i = 0; i < 5; i++) await run(qb, invoiceAdd("Liam O'Brien", line('GIFTCARD-25', 1)));
    const [p1] = await run(
      qb,
      '<InvoiceQueryRq iterator="Start"><MaxReturned>2</MaxReturned></InvoiceQueryRq>',
    );
    expect(kids(p1, 'InvoiceRet')).toHaveLength(2);
    expect(p1!.attrs['iteratorRemainingCount']).toBe('3');
    const [wrong] = await run(
      qb,
      `<CustomerQueryRq iterator="Continue" iteratorID="${p1!.attrs['iteratorID']}"/>`,
    );
    expect(status(wrong).code).toBe(3391);
  });

  it('MaxReturned without iterator just truncates', async () => {
    const { qb } = company(big);
    const [rs] = await run(qb, '<CustomerQueryRq><MaxReturned>7</MaxReturned></CustomerQueryRq>');
    expect(kids(rs, 'CustomerRet')).toHaveLength(7);
    expect(rs!.attrs['iteratorID']).toBeUndefined();
  });
});

describe('modified-date filters', () => {
  it('FromModifiedDate finds exactly what a bookkeeper changed, with a bumped EditSequence', async () => {
    const { qb, clock } = company();
    const before = qb.item('MUG-WHT-11OZ')!;
    const since = '2024-05-01T12:30:00-04:00';
    const [none] = await run(qb, `<ItemQueryRq><FromModifiedDate>${since}</FromModifiedDate></ItemQueryRq>`);
    expect(status(none)).toEqual({
      code: 1,
      severity: 'Info',
      message: 'A query request did not find a matching object in QuickBooks',
    });
    clock.advance(60 * 60_000); // 13:00 local
    qb.modifyItem('MUG-WHT-11OZ', { price: 16.5 });
    const [hit] = await run(qb, `<ItemQueryRq><FromModifiedDate>${since}</FromModifiedDate></ItemQueryRq>`);
    const rets = hit!.children;
    expect(rets.map((r) => `${r.name}:${text(r, 'Name')}`)).toEqual(['ItemInventoryRet:MUG-WHT-11OZ']);
    expect(text(rets[0], 'SalesPrice')).toBe('16.50');
    expect(text(rets[0], 'TimeModified')).toBe('2024-05-01T13:00:00-04:00');
    expect(Number(text(rets[0], 'EditSequence'))).toBeGreaterThan(Number(before.EditSequence));
    // A second edit in the same second still moves EditSequence forward.
    const e1 = qb.item('MUG-WHT-11OZ')!.EditSequence;
    const e2 = qb.modifyItem('MUG-WHT-11OZ', { description: 'Mug' }).EditSequence;
    expect(Number(e2)).toBe(Number(e1) + 1);
    // ToModifiedDate before the edit excludes it; date-only To includes the whole day.
    const [upTo] = await run(
      qb,
      `<ItemQueryRq><FromModifiedDate>${since}</FromModifiedDate><ToModifiedDate>2024-05-01T12:59:59-04:00</ToModifiedDate></ItemQueryRq>`,
    );
    expect(status(upTo).code).toBe(1);
    const [day] = await run(
      qb,
      `<ItemQueryRq><FromModifiedDate>2024-05-01</FromModifiedDate><ToModifiedDate>2024-05-01</ToModifiedDate></ItemQueryRq>`,
    );
    expect(kids(day, 'ItemInventoryRet').map((r) => text(r, 'Name'))).toEqual(['MUG-WHT-11OZ']);
    const [bad] = await run(
      qb,
      '<CustomerQueryRq><FromModifiedDate>2024-13-45</FromModifiedDate></CustomerQueryRq>',
    );
    expect(status(bad).code).toBe(3020);
  });

  it('ModifiedDateRangeFilter and TxnDateRangeFilter select transactions', async () => {
    const { qb, clock } = company();
    await run(
      qb,
      invoiceAdd(
        "Liam O'Brien",
        line('GIFTCARD-25', 1),
        '<TxnDate>2024-04-15</TxnDate><RefNumber>A-1</RefNumber>',
      ),
    );
    clock.advance(3_600_000);
    await run(
      qb,
      invoiceAdd(
        "Liam O'Brien",
        line('GIFTCARD-25', 1),
        '<TxnDate>2024-04-30</TxnDate><RefNumber>A-2</RefNumber>',
      ),
    );
    const [byMod, byDate, byRef] = await run(
      qb,
      `<InvoiceQueryRq><ModifiedDateRangeFilter><FromModifiedDate>2024-05-01T12:30:00-04:00</FromModifiedDate></ModifiedDateRangeFilter></InvoiceQueryRq>
       <InvoiceQueryRq><TxnDateRangeFilter><FromTxnDate>2024-04-01</FromTxnDate><ToTxnDate>2024-04-20</ToTxnDate></TxnDateRangeFilter></InvoiceQueryRq>
       <InvoiceQueryRq><RefNumber>a-2</RefNumber></InvoiceQueryRq>`,
    );
    expect(kids(byMod, 'InvoiceRet').map((r) => text(r, 'RefNumber'))).toEqual(['A-2']);
    expect(kids(byDate, 'InvoiceRet').map((r) => text(r, 'RefNumber'))).toEqual(['A-1']);
    expect(kids(byRef, 'InvoiceRet').map((r) => text(r, 'RefNumber'))).toEqual(['A-2']);
    expect(kids(byRef, 'InvoiceRet')[0]!.children.some((c) => c.name === 'InvoiceLineRet')).toBe(false); // IncludeLineItems defaults to false
    const [cs] = await run(
      qb,
      '<InvoiceQueryRq><RefNumberCaseSensitive>a-2</RefNumberCaseSensitive><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>',
    );
    expect(status(cs).code).toBe(1);
  });
});

describe('status codes', () => {
  it('EditSequence: a Mod with the current one succeeds and bumps it; a stale one gets 3200', async () => {
    const { qb } = company();
    const [add] = await run(qb, invoiceAdd("Liam O'Brien", line('TSH-BLK-M', 1)));
    const ret = kids(add, 'InvoiceRet')[0];
    const txnId = text(ret, 'TxnID')!;
    const e1 = text(ret, 'EditSequence')!;
    const mod = (es: string, memo: string) =>
      `<InvoiceModRq requestID="m"><InvoiceMod><TxnID>${txnId}</TxnID><EditSequence>${es}</EditSequence><Memo>${memo}</Memo></InvoiceMod></InvoiceModRq>`;
    const [ok] = await run(qb, mod(e1, 'first'));
    expect(status(ok).code).toBe(0);
    const e2 = text(kids(ok, 'InvoiceRet')[0], 'EditSequence')!;
    expect(Number(e2)).toBeGreaterThan(Number(e1)); // same second, still strictly increasing
    const [stale] = await run(qb, mod(e1, 'second'));
    expect(status(stale)).toEqual({
      code: 3200,
      severity: 'Error',
      message: `The provided edit sequence "${e1}" is out-of-date.`,
    });
    expect(qb.invoices()[0]!.Memo).toBe('first');
    // Bookkeeper edits the invoice in QuickBooks: the product's next Mod is stale.
    qb.modifyTxn(txnId, { memo: 'edited by hand' });
    const [stale2] = await run(qb, mod(e2, 'third'));
    expect(status(stale2).code).toBe(3200);
    // Fault knob: exactly one 3200, then the same request goes through.
    const current = qb.txn(txnId)!.EditSequence;
    qb.faults.staleEditSequenceOnce = true;
    expect(status((await run(qb, mod(current, 'x')))[0]).code).toBe(3200);
    expect(status((await run(qb, mod(current, 'x')))[0]).code).toBe(0);
  });

  it('3100 for a name already in use (case-insensitive, across item types)', async () => {
    const { qb } = company();
    const [cust, svc] = await run(
      qb,
      `<CustomerAddRq requestID="c"><CustomerAdd><Name>liam o'brien</Name></CustomerAdd></CustomerAddRq>
       <ItemServiceAddRq requestID="s"><ItemServiceAdd><Name>TSH-BLK-M</Name><SalesOrPurchase><Price>1.00</Price><AccountRef><FullName>Sales</FullName></AccountRef></SalesOrPurchase></ItemServiceAdd></ItemServiceAddRq>`,
    );
    expect(status(cust)).toEqual({
      code: 3100,
      severity: 'Error',
      message: `The name "liam o'brien" of the list element is already in use.`,
    });
    expect(status(svc).code).toBe(3100);
    expect(qb.customers()).toHaveLength(4);
  });

  it('3140 names the missing customer, item or account, and nothing is created', async () => {
    const { qb } = company();
    const [c, cid, i, a] = await run(
      qb,
      `${invoiceAdd('Nobody Inc', line('TSH-BLK-M', 1))}
       <InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>80000004-1700000000</ListID></CustomerRef></InvoiceAdd></InvoiceAddRq>
       <InvoiceAddRq><InvoiceAdd><CustomerRef><FullName>Liam O'Brien</FullName></CustomerRef>
         ${line('TSH-BLK-M', 1)}
         <InvoiceLineAdd><ItemRef><ListID>8000FFFF-1600000000</ListID></ItemRef><Quantity>1</Quantity></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>
       <JournalEntryAddRq><JournalEntryAdd>
         <JournalDebitLine><AccountRef><FullName>Checking</FullName></AccountRef><Amount>5.00</Amount></JournalDebitLine>
         <JournalCreditLine><AccountRef><FullName>Nope Income</FullName></AccountRef><Amount>5.00</Amount></JournalCreditLine>
       </JournalEntryAdd></JournalEntryAddRq>`,
    );
    expect(status(c)).toEqual({
      code: 3140,
      severity: 'Error',
      message:
        'There is an invalid reference to QuickBooks Customer "Nobody Inc" in the Invoice.  QuickBooks error message: Invalid argument.  The specified record does not exist in the list.',
    });
    expect(status(cid).message).toMatch(
      /^There is an invalid reference to QuickBooks Customer "80000004-1700000000" in the Invoice\./,
    );
    expect(status(i).code).toBe(3140);
    expect(status(i).message).toMatch(
      /^There is an invalid reference to QuickBooks Item "8000FFFF-1600000000" in the Invoice line\./,
    );
    expect(status(a).code).toBe(3140);
    expect(status(a).message).toContain('Account "Nope Income"');
    expect(qb.invoices()).toHaveLength(0);
    expect(qb.journalEntries()).toHaveLength(0);
    expect(qoh(qb, 'TSH-BLK-M')).toBe(100);
  });

  it('statusCode 1 for an empty filter query, 500 for a ListID/FullName that does not exist', async () => {
    const { qb } = company();
    const xml = await qb.handleRequestXml(
      doc(
        '<CustomerQueryRq requestID="q"><NameFilter><MatchCriterion>StartsWith</MatchCriterion><Name>zzz</Name></NameFilter></CustomerQueryRq>',
      ),
    );
    expect(xml).toContain(
      '<CustomerQueryRs requestID="q" statusCode="1" statusSeverity="Info" statusMessage="A query request did not find a matching object in QuickBooks" />',
    );
    const [inv, byName] = await run(
      qb,
      '<InvoiceQueryRq><RefNumber>none</RefNumber></InvoiceQueryRq><CustomerQueryRq><FullName>Old Customer</FullName><FullName>Ghost</FullName></CustomerQueryRq>',
    );
    expect(status(inv).code).toBe(1);
    expect(status(byName)).toEqual({
      code: 500,
      severity: 'Warn',
      message:
        'The query request has not been fully completed. There was a required element ("Ghost") that could not be found in QuickBooks.',
    });
    expect(kids(byName, 'CustomerRet').map((r) => text(r, 'IsActive'))).toEqual(['false']); // explicit lookups ignore ActiveStatus
  });

  it('3120 for Mod/Del of an unknown TxnID or a TxnID of another type', async () => {
    const { qb } = company();
    const [add] = await run(qb, invoiceAdd("Liam O'Brien", line('GIFTCARD-25', 1)));
    const id = text(kids(add, 'InvoiceRet')[0], 'TxnID')!;
    const [mod, del, wrongType] = await run(
      qb,
      `<InvoiceModRq><InvoiceMod><TxnID>FFFF-1700000000</TxnID><EditSequence>1</EditSequence></InvoiceMod></InvoiceModRq>
       <TxnDelRq><TxnDelType>Invoice</TxnDelType><TxnID>FFFF-1700000000</TxnID></TxnDelRq>
       <TxnDelRq><TxnDelType>SalesReceipt</TxnDelType><TxnID>${id}</TxnID></TxnDelRq>`,
    );
    expect(status(mod)).toEqual({
      code: 3120,
      severity: 'Error',
      message: 'Object "FFFF-1700000000" specified in the request cannot be found.',
    });
    expect(status(del).code).toBe(3120);
    expect(status(wrongType).code).toBe(3120);
    expect(qb.invoices()).toHaveLength(1);
  });

  it('3180 for an unbalanced journal entry; balanced ones post and move A/R balances', async () => {
    const { qb } = company();
    const je = (
      debit: string,
      credit: string,
    ) => `<JournalEntryAddRq><JournalEntryAdd><TxnDate>2024-04-30</TxnDate><RefNumber>JE-1</RefNumber>
      <JournalDebitLine><AccountRef><FullName>Accounts Receivable</FullName></AccountRef><Amount>${debit}</Amount><EntityRef><FullName>Liam O'Brien</FullName></EntityRef></JournalDebitLine>
      <JournalCreditLine><AccountRef><FullName>Sales</FullName></AccountRef><Amount>${credit}</Amount></JournalCreditLine>
    </JournalEntryAdd></JournalEntryAddRq>`;
    const [bad, good] = await run(qb, je('10.00', '9.99') + je('10.00', '10.00'));
    expect(status(bad)).toEqual({
      code: 3180,
      severity: 'Error',
      message:
        'There was an error when saving a Journal Entry.  QuickBooks error message: Transaction not in balance.',
    });
    expect(status(good).code).toBe(0);
    const ret = kids(good, 'JournalEntryRet')[0];
    expect(ret!.children.filter((c) => c.name.startsWith('Journal')).map((c) => c.name)).toEqual([
      'JournalDebitLine',
      'JournalCreditLine',
    ]);
    expect(qb.customer("Liam O'Brien")?.Balance).toBe(10);
  });

  it('3070 for a string longer than the schema allows (RefNumber is 11 characters)', async () => {
    const { qb } = company();
    const [rs] = await run(
      qb,
      invoiceAdd("Liam O'Brien", line('GIFTCARD-25', 1), '<RefNumber>SS-123456789</RefNumber>'),
    );
    expect(status(rs)).toEqual({
      code: 3070,
      severity: 'Error',
      message: 'The string "SS-123456789" in the field "RefNumber" is too long.',
    });
    expect(qb.invoices()).toHaveLength(0);
  });

  it('an unsupported request type gets an error status, never a crash', async () => {
    const { qb } = company();
    const [vendor, ok] = await run(
      qb,
      '<BillQueryRq requestID="v"/><CustomerQueryRq requestID="c"><MaxReturned>1</MaxReturned></CustomerQueryRq>',
    );
    expect(vendor!.name).toBe('BillQueryRs');
    expect(status(vendor)).toEqual({
      code: 1030,
      severity: 'Error',
      message: 'This request is not supported by this implementation.',
    });
    expect(status(ok).code).toBe(0);
  });
});

describe('JournalEntryModRq', () => {
  /** A posted entry: Dr A/R (Liam) 100.00 = Cr Sales 90.00 + Cr Shipping Income 10.00. */
  async function postedEntry(qb: QbCompany) {
    const [rs] = await run(
      qb,
      `<JournalEntryAddRq><JournalEntryAdd><TxnDate>2024-04-30</TxnDate><RefNumber>JE-1</RefNumber><Memo>order 1</Memo>
        <JournalDebitLine><AccountRef><FullName>Accounts Receivable</FullName></AccountRef><Amount>100.00</Amount><EntityRef><FullName>Liam O'Brien</FullName></EntityRef></JournalDebitLine>
        <JournalCreditLine><AccountRef><FullName>Sales</FullName></AccountRef><Amount>90.00</Amount><Memo>goods</Memo></JournalCreditLine>
        <JournalCreditLine><AccountRef><FullName>Shipping Income</FullName></AccountRef><Amount>10.00</Amount></JournalCreditLine>
      </JournalEntryAdd></JournalEntryAddRq>`,
    );
    const ret = kids(rs, 'JournalEntryRet')[0]!;
    const lineIds = ret.children
      .filter((c) => c.name.startsWith('Journal'))
      .map((c) => text(c, 'TxnLineID')!);
    return { txnId: text(ret, 'TxnID')!, editSequence: text(ret, 'EditSequence')!, lineIds };
  }
  const jeMod = (txnId: string, es: string, body: string, requestID = 'm') =>
    `<JournalEntryModRq requestID="${requestID}"><JournalEntryMod><TxnID>${txnId}</TxnID><EditSequence>${es}</EditSequence>${body}</JournalEntryMod></JournalEntryModRq>`;
  const lineMod = (id: string, type: string, inner: string) =>
    `<JournalLineMod><TxnLineID>${id}</TxnLineID>${type ? `<JournalLineType>${type}</JournalLineType>` : ''}${inner}</JournalLineMod>`;
  const acct = (name: string) => `<AccountRef><FullName>${name}</FullName></AccountRef>`;
  /** [side, account, amount, memo] of each rendered line, in order. */
  const linesOf = (qb: QbCompany, ret: N | undefined) =>
    (ret?.children ?? [])
      .filter((c) => c.name === 'JournalDebitLine' || c.name === 'JournalCreditLine')
      .map((c) => [c.name, text(c, 'AccountRef/FullName'), text(c, 'Amount'), text(c, 'Memo')]);

  it('edits the header, bumps EditSequence and TimeModified, keeps the lines, and answers JournalEntryModRs', async () => {
    const { qb, clock } = company();
    const je = await postedEntry(qb);
    clock.advance(65_000);
    const [rs] = await run(
      qb,
      jeMod(
        je.txnId,
        je.editSequence,
        '<TxnDate>2024-05-01</TxnDate><RefNumber>JE-1B</RefNumber><IsAdjustment>true</IsAdjustment>',
      ),
    );
    expect(rs!.name).toBe('JournalEntryModRs');
    expect(rs!.attrs['requestID']).toBe('m');
    expect(status(rs)).toEqual({ code: 0, severity: 'Info', message: 'Status OK' });
    const ret = kids(rs, 'JournalEntryRet')[0];
    expect(text(ret, 'TxnID')).toBe(je.txnId);
    expect(Number(text(ret, 'EditSequence'))).toBeGreaterThan(Number(je.editSequence));
    expect(text(ret, 'TimeCreated')).toBe('2024-05-01T12:00:00-04:00');
    expect(text(ret, 'TimeModified')).toBe('2024-05-01T12:01:05-04:00');
    expect([
      text(ret, 'TxnDate'),
      text(ret, 'RefNumber'),
      text(ret, 'Memo'),
      text(ret, 'IsAdjustment'),
    ]).toEqual(['2024-05-01', 'JE-1B', 'order 1', 'true']);
    expect(linesOf(qb, ret)).toEqual([
      ['JournalDebitLine', 'Accounts Receivable', '100.00', undefined],
      ['JournalCreditLine', 'Sales', '90.00', 'goods'],
      ['JournalCreditLine', 'Shipping Income', '10.00', undefined],
    ]);
    expect(qb.journalEntries()[0]!.lines.map((l) => l.TxnLineID)).toEqual(je.lineIds);
    expect(qb.customer("Liam O'Brien")?.Balance).toBe(100);
  });

  it('replaces the lines when given: listed lines edited or moved, -1 lines added, the rest deleted', async () => {
    const { qb } = company();
    const je = await postedEntry(qb);
    const [dr, sales, shipping] = je.lineIds as [string, string, string];
    const [rs] = await run(
      qb,
      jeMod(
        je.txnId,
        je.editSequence,
        // A/R drops to 80.00 (customer kept), Sales becomes 75.00 with its memo kept, the shipping line
        // goes, a new credit line appears, and a new debit line for fees is balanced by a credit.
        lineMod(dr, '', '<Amount>80.00</Amount>') +
          lineMod('-1', 'Debit', `${acct('Merchant Fees')}<Amount>2.50</Amount><Memo>fee</Memo>`) +
          lineMod(sales, 'Credit', '<Amount>75.00</Amount>') +
          lineMod('-1', 'Credit', `${acct('Discounts')}<Amount>5.00</Amount>`) +
          lineMod('-1', 'Credit', `${acct('Checking')}<Amount>2.50</Amount>`),
      ),
    );
    expect(status(rs).code).toBe(0);
    const ret = kids(rs, 'JournalEntryRet')[0];
    expect(linesOf(qb, ret)).toEqual([
      ['JournalDebitLine', 'Accounts Receivable', '80.00', undefined],
      ['JournalDebitLine', 'Merchant Fees', '2.50', 'fee'],
      ['JournalCreditLine', 'Sales', '75.00', 'goods'],
      ['JournalCreditLine', 'Discounts', '5.00', undefined],
      ['JournalCreditLine', 'Checking', '2.50', undefined],
    ]);
    const stored = qb.journalEntries()[0]!.lines;
    expect(stored.map((l) => l.TxnLineID).slice(0, 1)).toEqual([dr]);
    expect(stored[2]!.TxnLineID).toBe(sales);
    expect(stored.map((l) => l.TxnLineID)).not.toContain(shipping);
    expect(new Set(stored.map((l) => l.TxnLineID)).size).toBe(5); // new lines got fresh IDs
    expect(
      text(
        ret?.children.find((c) => c.name === 'JournalDebitLine'),
        'EntityRef/FullName',
      ),
    ).toBe("Liam O'Brien");
    expect(qb.customer("Liam O'Brien")?.Balance).toBe(80); // A/R effect re-applied

    // A line can change sides through JournalLineType.
    const es = qb.journalEntries()[0]!.EditSequence;
    const [moved] = await run(
      qb,
      jeMod(
        je.txnId,
        es,
        lineMod(sales, 'Debit', `${acct('Sales')}<Amount>1.00</Amount>`) +
          lineMod('-1', 'Credit', `${acct('Checking')}<Amount>1.00</Amount>`),
      ),
    );
    expect(status(moved).code).toBe(0);
    expect(linesOf(qb, kids(moved, 'JournalEntryRet')[0])).toEqual([
      ['JournalDebitLine', 'Sales', '1.00', 'goods'],
      ['JournalCreditLine', 'Checking', '1.00', undefined],
    ]);
    expect(qb.customer("Liam O'Brien")?.Balance).toBe(0); // the A/R line is gone
  });

  it('3200 for a stale EditSequence (also after a bookkeeper edit), nothing changed', async () => {
    const { qb } = company();
    const je = await postedEntry(qb);
    const [ok] = await run(qb, jeMod(je.txnId, je.editSequence, '<RefNumber>JE-2</RefNumber>'));
    expect(status(ok).code).toBe(0);
    const [stale] = await run(qb, jeMod(je.txnId, je.editSequence, '<RefNumber>JE-3</RefNumber>'));
    expect(stale!.name).toBe('JournalEntryModRs');
    expect(status(stale)).toEqual({
      code: 3200,
      severity: 'Error',
      message: `The provided edit sequence "${je.editSequence}" is out-of-date.`,
    });
    expect(qb.journalEntries()[0]!.RefNumber).toBe('JE-2');
    const current = qb.journalEntries()[0]!.EditSequence;
    qb.modifyTxn(je.txnId, { memo: 'edited by hand' });
    expect(status((await run(qb, jeMod(je.txnId, current, '<RefNumber>JE-4</RefNumber>')))[0]).code).toBe(
      3200,
    );
    expect(qb.journalEntries()[0]!.RefNumber).toBe('JE-2');
  });

  it('3120 for an unknown TxnID, a TxnID of another type, or an unknown TxnLineID', async () => {
    const { qb } = company();
    const je = await postedEntry(qb);
    const [inv] = await run(qb, invoiceAdd("Liam O'Brien", line('GIFTCARD-25', 1)));
    const invId = text(kids(inv, 'InvoiceRet')[0], 'TxnID')!;
    const [unknown, wrongType, badLine] = await run(
      qb,
      jeMod('FFFF-1700000000', '1', '') +
        jeMod(invId, '1', '') +
        jeMod(
          je.txnId,
          je.editSequence,
          lineMod(je.lineIds[0]!, '', '') + lineMod('FFFF-1700000000', 'Credit', '<Amount>100.00</Amount>'),
        ),
    );
    expect(status(unknown)).toEqual({
      code: 3120,
      severity: 'Error',
      message: 'Object "FFFF-1700000000" specified in the request cannot be found.',
    });
    expect(status(wrongType).code).toBe(3120);
    expect(status(badLine)).toMatchObject({
      code: 3120,
      message: expect.stringContaining('FFFF-1700000000'),
    });
    expect(qb.journalEntries()[0]!.lines).toHaveLength(3);
    expect(qb.journalEntries()[0]!.EditSequence).toBe(je.editSequence);
  });

  it('refuses unbalanced lines with the same 3180 as JournalEntryAdd, leaving the entry as it was', async () => {
    const { qb } = company();
    const je = await postedEntry(qb);
    const before = structuredClone(qb.journalEntries()[0]);
    const counterBefore = qb.toJSON();
    const [rs] = await run(
      qb,
      jeMod(
        je.txnId,
        je.editSequence,
        lineMod(je.lineIds[0]!, '', '<Amount>100.00</Amount>') +
          lineMod(je.lineIds[1]!, '', '<Amount>90.00</Amount>') +
          lineMod('-1', 'Credit', `${acct('Shipping Income')}<Amount>9.99</Amount>`),
      ),
    );
    expect(status(rs)).toEqual({
      code: 3180,
      severity: 'Error',
      message:
        'There was an error when saving a Journal Entry.  QuickBooks error message: Transaction not in balance.',
    });
    expect(qb.journalEntries()[0]).toEqual(before);
    expect(qb.toJSON()).toEqual(counterBefore); // no TxnLineID handed out either
    expect(qb.customer("Liam O'Brien")?.Balance).toBe(100);
  });

  it('is schema-checked: a header <Memo> (not in JournalEntryMod) or a JournalDebitLine rejects the document', async () => {
    const { qb } = company();
    const je = await postedEntry(qb);
    for (const body of [
      '<Memo>x</Memo>',
      `<JournalDebitLine><AccountRef><FullName>Sales</FullName></AccountRef><Amount>1.00</Amount></JournalDebitLine>`,
      lineMod(je.lineIds[0]!, 'Both', ''),
      `<JournalLineMod><Amount>1.00</Amount></JournalLineMod>`,
    ]) {
      await expect(qb.handleRequestXml(doc(jeMod(je.txnId, je.editSequence, body)))).rejects.toBeInstanceOf(
        QbxmlDocumentError,
      );
    }
    expect(qb.journalEntries()[0]!.EditSequence).toBe(je.editSequence);
  });

  it.skipIf(!existsSync(XMLLINT) || !existsSync(XSD))(
    'JournalEntryModRs validates against the schema',
    async () => {
      const { qb } = company();
      const je = await postedEntry(qb);
      const xml = await qb.handleRequestXml(
        doc(
          jeMod(
            je.txnId,
            je.editSequence,
            lineMod(je.lineIds[0]!, '', '') +
              lineMod('-1', 'Credit', `${acct('Sales')}<Amount>100.00</Amount>`),
          ) + jeMod(je.txnId, je.editSequence, ''),
        ),
      );
      expect(responses(xml).map((r) => `${r.name}:${r.attrs['statusCode']}`)).toEqual([
        'JournalEntryModRs:0',
        'JournalEntryModRs:3200',
      ]);
      const dir = mkdtempSync(join(tmpdir(), 'qbsim-xsd-'));
      const file = join(dir, 'je-mod.xml');
      writeFileSync(file, xml);
      const r = spawnSync(XMLLINT, ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
      expect(r.stderr.trim(), r.stderr).toBe(`${file} validates`);
    },
  );
});

describe('inventory and sales transactions', () => {
  it('InvoiceAdd sells stock; InvoiceMod adjusts it; TxnDel restores it', async () => {
    const { qb } = company();
    const [add] = await run(
      qb,
      invoiceAdd(
        'Hart &amp; Hollow Goods:Online Orders',
        `${line('TSH-BLK-M', 3)}
         <InvoiceLineAdd><ItemRef><FullName>Shipping</FullName></ItemRef><Amount>7.50</Amount></InvoiceLineAdd>
         <InvoiceLineGroupAdd><ItemGroupRef><FullName>Mug &amp; Tee Bundle</FullName></ItemGroupRef><Quantity>2</Quantity></InvoiceLineGroupAdd>`,
        '<RefNumber>SS-1001</RefNumber>',
      ),
    );
    expect(status(add).code).toBe(0);
    const ret = kids(add, 'InvoiceRet')[0]!;
    // 3×20 + 7.50 + group(2×(1 tee×20 + 2 mugs×15)) = 60 + 7.5 + 100
    expect(text(ret, 'Subtotal')).toBe('167.50');
    expect(text(ret, 'BalanceRemaining')).toBe('167.50');
    expect(text(kids(ret, 'InvoiceLineGroupRet')[0], 'TotalAmount')).toBe('100.00');
    expect(qoh(qb, 'TSH-BLK-M')).toBe(100 - 3 - 2);
    expect(qoh(qb, 'MUG-WHT-11OZ')).toBe(50 - 4);
    expect(qb.customer('Hart & Hollow Goods')?.TotalBalance).toBe(167.5);

    const lines = kids(ret, 'InvoiceLineRet');
    const tee = lines.find((l) => text(l, 'ItemRef/FullName') === 'TSH-BLK-M')!;
    const ship = lines.find((l) => text(l, 'ItemRef/FullName') === 'Shipping')!;
    const group = kids(ret, 'InvoiceLineGroupRet')[0]!;
    // Keep the tee line (quantity 3 → 1), drop shipping and the group, add a new gift-wrap line.
    const [mod] = await run(
      qb,
      `<InvoiceModRq><InvoiceMod><TxnID>${text(ret, 'TxnID')}</TxnID><EditSequence>${text(ret, 'EditSequence')}</EditSequence>
        <InvoiceLineMod><TxnLineID>${text(tee, 'TxnLineID')}</TxnLineID><Quantity>1</Quantity></InvoiceLineMod>
        <InvoiceLineMod><TxnLineID>-1</TxnLineID><ItemRef><FullName>Gift Wrapping</FullName></ItemRef><Quantity>1</Quantity></InvoiceLineMod>
      </InvoiceMod></InvoiceModRq>`,
    );
    expect(status(mod).code).toBe(0);
    const modded = kids(mod, 'InvoiceRet')[0]!;
    const modLines = kids(modded, 'InvoiceLineRet');
    expect(modLines.map((l) => text(l, 'ItemRef/FullName'))).toEqual(['TSH-BLK-M', 'Gift Wrapping']);
    expect(text(modLines[0], 'TxnLineID')).toBe(text(tee, 'TxnLineID'));
    expect(modLines.map((l) => text(l, 'TxnLineID'))).not.toContain(text(ship, 'TxnLineID'));
    expect(kids(modded, 'InvoiceLineGroupRet')).toHaveLength(0);
    expect(text(modded, 'Subtotal')).toBe('24.99');
    expect(group).toBeDefined();
    expect(qoh(qb, 'TSH-BLK-M')).toBe(99);
    expect(qoh(qb, 'MUG-WHT-11OZ')).toBe(50);
    expect(qb.customer('Hart & Hollow Goods')?.TotalBalance).toBe(24.99);

    const [del] = await run(
      qb,
      `<TxnDelRq requestID="d"><TxnDelType>Invoice</TxnDelType><TxnID>${text(ret, 'TxnID')}</TxnID></TxnDelRq>`,
    );
    expect(status(del).code).toBe(0);
    expect(del!.children.map((c) => c.name)).toEqual(['TxnDelType', 'TxnID', 'TimeDeleted', 'RefNumber']);
    expect(qoh(qb, 'TSH-BLK-M')).toBe(100);
    expect(qb.customer('Hart & Hollow Goods')?.TotalBalance).toBe(0);
  });

  it('computes Amount = Quantity × Rate, Rate from Amount, discounts, sales tax and TxnNumber', async () => {
    const { qb } = company();
    const [a, b] = await run(
      qb,
      invoiceAdd(
        "Liam O'Brien",
        `${line('TSH-BLK-M', 3, '19.99')}
         <InvoiceLineAdd><ItemRef><FullName>Discount</FullName></ItemRef><RatePercent>10</RatePercent></InvoiceLineAdd>
         <InvoiceLineAdd><ItemRef><FullName>MUG-WHT-11OZ</FullName></ItemRef><Quantity>4</Quantity><Amount>50.00</Amount></InvoiceLineAdd>
         <InvoiceLineAdd><Desc>Thank you!</Desc></InvoiceLineAdd>`,
        '<ItemSalesTaxRef><FullName>CA Sales Tax</FullName></ItemSalesTaxRef>',
      ) + invoiceAdd("Liam O'Brien", line('GIFTCARD-25', 1), '', '2'),
    );
    const ret = kids(a, 'InvoiceRet')[0]!;
    const lines = kids(ret, 'InvoiceLineRet');
    expect(
      lines.map((l) => [text(l, 'Quantity'), text(l, 'Rate') ?? text(l, 'RatePercent'), text(l, 'Amount')]),
    ).toEqual([
      ['3', '19.99', '59.97'],
      [undefined, '10.00', '-6.00'],
      ['4', '12.50', '50.00'],
      [undefined, undefined, '0.00'],
    ]);
    expect(text(ret, 'Subtotal')).toBe('103.97');
    // Tax on the taxable (Tax-coded) inventory lines only: (59.97 + 50.00) × 7.25% = 7.97
    expect(text(ret, 'SalesTaxPercentage')).toBe('7.25');
    expect(text(ret, 'SalesTaxTotal')).toBe('7.97');
    expect(text(ret, 'BalanceRemaining')).toBe('111.94');
    expect(Number(text(kids(b, 'InvoiceRet')[0], 'TxnNumber'))).toBe(Number(text(ret, 'TxnNumber')) + 1);
    expect(qoh(qb, 'MUG-WHT-11OZ')).toBe(46);
  });

  it('SalesReceiptAdd/Mod move stock, total with TotalAmount and deposit to Undeposited Funds', async () => {
    const { qb } = company();
    const [add] = await run(
      qb,
      `<SalesReceiptAddRq><SalesReceiptAdd><CustomerRef><FullName>Liam O'Brien</FullName></CustomerRef><RefNumber>SR-1</RefNumber>
         <PaymentMethodRef><FullName>Visa</FullName></PaymentMethodRef>
         <SalesReceiptLineAdd><ItemRef><FullName>KIT-STARTER</FullName></ItemRef><Quantity>2</Quantity></SalesReceiptLineAdd>
       </SalesReceiptAdd></SalesReceiptAddRq>`,
    );
    const ret = kids(add, 'SalesReceiptRet')[0]!;
    expect(text(ret, 'TotalAmount')).toBe('98.00');
    expect(text(ret, 'DepositToAccountRef/FullName')).toBe('Undeposited Funds');
    expect(text(ret, 'PaymentMethodRef/FullName')).toBe('Visa');
    expect(qoh(qb, 'KIT-STARTER')).toBe(8);
    const lineId = text(ret, 'SalesReceiptLineRet/TxnLineID');
    const [mod] = await run(
      qb,
      `<SalesReceiptModRq><SalesReceiptMod><TxnID>${text(ret, 'TxnID')}</TxnID><EditSequence>${text(ret, 'EditSequence')}</EditSequence>
         <SalesReceiptLineMod><TxnLineID>${lineId}</TxnLineID><Quantity>5</Quantity></SalesReceiptLineMod>
       </SalesReceiptMod></SalesReceiptModRq>`,
    );
    expect(text(kids(mod, 'SalesReceiptRet')[0], 'TotalAmount')).toBe('245.00');
    expect(qoh(qb, 'KIT-STARTER')).toBe(5);
    expect(qb.customer("Liam O'Brien")?.Balance).toBe(0); // paid on the spot
  });

  it('TxnDeletedQuery lists deleted transactions; ListDeletedQuery lists deleted list objects', async () => {
    const { qb, clock } = company();
    const [add] = await run(
      qb,
      invoiceAdd("Liam O'Brien", line('GIFTCARD-25', 2), '<RefNumber>SS-77</RefNumber>'),
    );
    const id = text(kids(add, 'InvoiceRet')[0], 'TxnID')!;
    const [before] = await run(qb, '<TxnDeletedQueryRq><TxnDelType>Invoice</TxnDelType></TxnDeletedQueryRq>');
    expect(status(before).code).toBe(1);
    clock.advance(5_000);
    await run(qb, `<TxnDelRq><TxnDelType>Invoice</TxnDelType><TxnID>${id}</TxnID></TxnDelRq>`);
    const [after, sr] = await run(
      qb,
      '<TxnDeletedQueryRq requestID="x"><TxnDelType>Invoice</TxnDelType><TxnDelType>JournalEntry</TxnDelType></TxnDeletedQueryRq><TxnDeletedQueryRq><TxnDelType>SalesReceipt</TxnDelType></TxnDeletedQueryRq>',
    );
    const d = kids(after, 'TxnDeletedRet');
    expect(d).toHaveLength(1);
    expect(d[0]!.children.map((c) => [c.name, c.text])).toEqual([
      ['TxnDelType', 'Invoice'],
      ['TxnID', id],
      ['TimeCreated', '2024-05-01T12:00:00-04:00'],
      ['TimeDeleted', '2024-05-01T12:00:05-04:00'],
      ['RefNumber', 'SS-77'],
    ]);
    expect(status(sr).code).toBe(1);
    expect(qb.deletedTxns()).toHaveLength(1);
    const [again] = await run(qb, `<InvoiceQueryRq><TxnID>${id}</TxnID></InvoiceQueryRq>`);
    expect(status(again).code).toBe(500);

    // With its only invoice deleted, the customer is no longer in use and can be deleted.
    expect(qb.deleteList('Customer', "Liam O'Brien").FullName).toBe("Liam O'Brien");
  });

  it('deleteList records ListDeletedQuery entries and refuses objects in use', async () => {
    const { qb } = company();
    await run(qb, invoiceAdd("Liam O'Brien", line('TSH-BLK-M', 1)));
    expect(() => qb.deleteList('Item', 'TSH-BLK-M')).toThrow(/transactions/);
    expect(() => qb.deleteList('Customer', 'Hart & Hollow Goods')).toThrow(/sub-customer/);
    const gift = qb.deleteList('Item', 'Gift Wrapping');
    const old = qb.deleteList('Customer', 'Old Customer');
    const [items, custs] = await run(
      qb,
      '<ListDeletedQueryRq><ListDelType>ItemService</ListDelType><ListDelType>ItemInventory</ListDelType></ListDeletedQueryRq><ListDeletedQueryRq><ListDelType>Customer</ListDelType></ListDeletedQueryRq>',
    );
    expect(
      kids(items, 'ListDeletedRet').map((r) => [
        text(r, 'ListDelType'),
        text(r, 'ListID'),
        text(r, 'FullName'),
      ]),
    ).toEqual([['ItemService', gift.ListID, 'Gift Wrapping']]);
    expect(kids(custs, 'ListDeletedRet').map((r) => text(r, 'ListID'))).toEqual([old.ListID]);
    expect(qb.item('Gift Wrapping')).toBeUndefined();
  });
});

describe('message sets', () => {
  const body = `<CustomerAddRq requestID="1"><CustomerAdd><Name>First Co</Name></CustomerAdd></CustomerAddRq>
    ${invoiceAdd('Nobody', line('TSH-BLK-M', 1), '', '2')}
    <CustomerAddRq requestID="3"><CustomerAdd><Name>Third Co</Name></CustomerAdd></CustomerAddRq>`;

  it('continueOnError runs every request; stopOnError stops after the failing one', async () => {
    const a = company().qb;
    const cont = await run(a, body, 'continueOnError');
    expect(cont.map((r) => [r.name, r.attrs['requestID'], r.attrs['statusCode']])).toEqual([
      ['CustomerAddRs', '1', '0'],
      ['InvoiceAddRs', '2', '3140'],
      ['CustomerAddRs', '3', '0'],
    ]);
    expect(a.customer('Third Co')).toBeDefined();
    const b = company().qb;
    const stop = await run(b, body, 'stopOnError');
    expect(stop.map((r) => r.attrs['requestID'])).toEqual(['1', '2']);
    expect(b.customer('First Co')).toBeDefined();
    expect(b.customer('Third Co')).toBeUndefined();
  });

  it('a repeated newMessageSetID or an oldMessageSetID replays the stored response without re-executing', async () => {
    const { qb } = company();
    const rq = doc(
      invoiceAdd("Liam O'Brien", line('TSH-BLK-M', 2)),
      'stopOnError',
      ' newMessageSetID="set-0001"',
    );
    const first = await qb.handleRequestXml(rq);
    expect(first).toContain('<QBXMLMsgsRs newMessageSetID="set-0001" messageSetStatusCode="0">');
    const again = await qb.handleRequestXml(rq);
    expect(again).toBe(first);
    expect(qb.invoices()).toHaveLength(1);
    expect(qoh(qb, 'TSH-BLK-M')).toBe(98);
    const recovered = await qb.handleRequestXml(
      doc('<CustomerQueryRq/>', 'stopOnError', ' oldMessageSetID="set-0001"'),
    );
    expect(recovered).toBe(first);
    expect(qb.requestLog.map((l) => l.replayed)).toEqual([false, true, true]);
    // Stored message sets survive a snapshot.
    const restored = QbCompany.fromJSON(qb.toJSON(), { now: () => new Date(T0), utcOffsetMinutes: -240 });
    expect(await restored.handleRequestXml(rq)).toBe(first);
    expect(restored.invoices()).toHaveLength(1);
  });
});

describe('document errors (what QBWC reports as hresult 0x80040400)', () => {
  async function rejectsParse(qb: QbCompany, xml: string): Promise<QbxmlDocumentError> {
    const err = await qb.handleRequestXml(xml).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(QbxmlDocumentError);
    const e = err as QbxmlDocumentError;
    expect(e.hresult).toBe('0x80040400');
    expect(e.message).toBe('QuickBooks found an error when parsing the provided XML text stream.');
    return e;
  }

  it('rejects malformed XML', async () => {
    const { qb } = company();
    await rejectsParse(
      qb,
      '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><CustomerQueryRq></QBXMLMsgsRq></QBXML>',
    );
    await rejectsParse(qb, 'not xml at all');
    await rejectsParse(qb, '');
  });

  it('rejects schema violations before running anything: element order, unknown child, missing onError/PI, bad enum', async () => {
    const { qb } = company();
    const outOfOrder = doc(`<CustomerAddRq><CustomerAdd><Name>Runs First?</Name></CustomerAdd></CustomerAddRq>
      <InvoiceAddRq><InvoiceAdd><RefNumber>1</RefNumber><CustomerRef><FullName>Liam O'Brien</FullName></CustomerRef></InvoiceAdd></InvoiceAddRq>`);
    const e = await rejectsParse(qb, outOfOrder);
    expect(e.detail).toMatch(/CustomerRef.*out of schema order/);
    expect(qb.customer('Runs First?')).toBeUndefined();
    await rejectsParse(
      qb,
      doc(
        '<InvoiceAddRq><InvoiceAdd><CustomerRef><FullName>x</FullName></CustomerRef><Bogus/></InvoiceAdd></InvoiceAddRq>',
      ),
    );
    await rejectsParse(
      qb,
      doc(
        '<InvoiceAddRq><InvoiceAdd><InvoiceLineAdd><Amount>1.00</Amount><Desc>late</Desc></InvoiceLineAdd></InvoiceAdd></InvoiceAddRq>',
      ),
    );
    await rejectsParse(qb, doc('<CustomerQueryRq><ActiveStatus>Everything</ActiveStatus></CustomerQueryRq>'));
    await rejectsParse(
      qb,
      doc('<CustomerQueryRq><FullName>a</FullName><MaxReturned>1</MaxReturned></CustomerQueryRq>'),
    );
    await rejectsParse(
      qb,
      '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq><CustomerQueryRq/></QBXMLMsgsRq></QBXML>',
    );
    await rejectsParse(
      qb,
      '<?xml version="1.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><CustomerQueryRq/></QBXMLMsgsRq></QBXML>',
    );
    await rejectsParse(qb, doc('<CustomerQueryRq/>').replace('version="13.0"', 'version="16.0"'));
    expect(qb.requestLog).toHaveLength(0);
  });
});

describe('faults, latency and measurements', () => {
  it('busy (a modal dialog up) refuses documents with 0x80040414; forcedStatuses answer the next matching request', async () => {
    const { qb } = company();
    qb.faults.busy = true;
    await expect(qb.handleRequestXml(doc('<CustomerQueryRq/>'))).rejects.toMatchObject({
      hresult: '0x80040414',
      message:
        'A modal dialog box is showing in the QuickBooks user interface. Your application cannot access QuickBooks until the user dismisses the dialog box.',
    });
    expect(await qb.handleRequestXml(doc('<CustomerQueryRq/>')).catch((e: unknown) => e)).toBeInstanceOf(
      QbHresultError,
    );
    qb.faults.busy = false;
    qb.faults.forcedStatuses = [
      {
        requestType: 'InvoiceAddRq',
        statusCode: 3175,
        statusMessage:
          'There was an error when modifying a Invoice.  QuickBooks error message: Record is in use.',
      },
    ];
    const [q, a1, a2] = await run(
      qb,
      '<CustomerQueryRq><MaxReturned>1</MaxReturned></CustomerQueryRq>' +
        invoiceAdd("Liam O'Brien", line('TSH-BLK-M', 1)) +
        invoiceAdd("Liam O'Brien", line('TSH-BLK-M', 1)),
    );
    expect(status(q).code).toBe(0);
    expect(status(a1)).toMatchObject({ code: 3175, severity: 'Error' });
    expect(status(a2).code).toBe(0);
    expect(qb.invoices()).toHaveLength(1);
    expect(qb.faults.forcedStatuses).toHaveLength(0);
  });

  it('applies requestDelayMs / perRetDelayMs and logs each call', async () => {
    const { qb } = company(generateCompanySeed({ customers: 120, items: 10, seed: 5 }), {
      requestDelayMs: 30,
      perRetDelayMs: 0.2,
    });
    const t = performance.now();
    await qb.handleRequestXml(
      doc('<CustomerQueryRq><MaxReturned>100</MaxReturned></CustomerQueryRq><HostQueryRq/>'),
    );
    expect(performance.now() - t).toBeGreaterThanOrEqual(45);
    const [entry] = qb.requestLog;
    expect(entry).toMatchObject({
      types: ['CustomerQueryRq', 'HostQueryRq'],
      retCount: 101,
      statusCodes: [0, 0],
      replayed: false,
      at: T0,
    });
    expect(entry!.delayMs).toBeCloseTo(30 + 0.2 * 101, 5);
    expect(entry!.bytes).toBeGreaterThan(100);
    expect(entry!.responseBytes).toBeGreaterThan(100 * 300);
    expect(entry!.durationMs).toBeGreaterThanOrEqual(entry!.delayMs - 1);
  });

  it('hostQueryResponseXml is the HCP response: HostQueryRs + CompanyQueryRs + PreferencesQueryRs', () => {
    const { qb } = company();
    const rs = responses(qb.hostQueryResponseXml());
    expect(rs.map((r) => r.name)).toEqual(['HostQueryRs', 'CompanyQueryRs', 'PreferencesQueryRs']);
    expect(
      kids(rs[0], 'HostRet')[0]!
        .children.filter((c) => c.name === 'SupportedQBXMLVersion')
        .map((c) => c.text),
    ).toContain('13.0');
    expect(text(rs[1], 'CompanyRet/CompanyName')).toBe('Test Goods');
    expect(qb.companyFile).toBe(
      'C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Test Goods.QBW',
    );
  });

  it('toJSON/fromJSON round-trips the company', async () => {
    const { qb } = company();
    await run(qb, invoiceAdd("Liam O'Brien", line('TSH-BLK-M', 4)));
    const snap = JSON.parse(JSON.stringify(qb.toJSON())) as ReturnType<QbCompany['toJSON']>;
    const copy = QbCompany.fromJSON(snap, { now: () => new Date(T0 + 1000), utcOffsetMinutes: -240 });
    expect(copy.item('TSH-BLK-M')?.QuantityOnHand).toBe(96);
    expect(copy.invoices()).toEqual(qb.invoices());
    const [add] = await run(
      copy,
      `<CustomerAddRq><CustomerAdd><Name>After Restore</Name></CustomerAdd></CustomerAddRq>`,
    );
    expect(text(kids(add, 'CustomerRet')[0], 'ListID')).not.toBe(qb.customers().at(-1)?.ListID);
    expect(qb.customer('After Restore')).toBeUndefined();
  });
});

describe('schema validity of generated responses (xmllint, qbxmlops130.xsd)', () => {
  it.skipIf(!existsSync(XMLLINT) || !existsSync(XSD))(
    'CustomerQueryRs, ItemQueryRs, InvoiceAddRs and friends validate',
    async () => {
      const { qb } = company(generateCompanySeed({ customers: 80, items: 60, seed: 3 }));
      const sku = qb
        .items()
        .find((i) => i.ItemType === 'Inventory' && i.IsActive && (i.SalesPrice ?? 0) > 0)!.FullName;
      const xml = await qb.handleRequestXml(
        doc(`<CustomerQueryRq requestID="1"><ActiveStatus>All</ActiveStatus></CustomerQueryRq>
        <ItemQueryRq requestID="2"><ActiveStatus>All</ActiveStatus></ItemQueryRq>
        <AccountQueryRq requestID="3"/>
        <InvoiceAddRq requestID="4"><InvoiceAdd><CustomerRef><FullName>Hart &amp; Hollow Goods</FullName></CustomerRef><RefNumber>SS-1</RefNumber>
          <ItemSalesTaxRef><FullName>CA Sales Tax</FullName></ItemSalesTaxRef><Memo>Order #1 &amp; more</Memo>
          <InvoiceLineAdd><ItemRef><FullName>${sku}</FullName></ItemRef><Quantity>2</Quantity></InvoiceLineAdd>
          <InvoiceLineAdd><ItemRef><FullName>Discount</FullName></ItemRef><RatePercent>5</RatePercent></InvoiceLineAdd>
          <InvoiceLineAdd><ItemRef><FullName>Shipping</FullName></ItemRef><Amount>5.99</Amount></InvoiceLineAdd>
          <InvoiceLineGroupAdd><ItemGroupRef><FullName>Mug &amp; Tee Bundle</FullName></ItemGroupRef></InvoiceLineGroupAdd>
        </InvoiceAdd></InvoiceAddRq>
        <SalesReceiptAddRq requestID="5"><SalesReceiptAdd><CustomerRef><FullName>Hart &amp; Hollow Goods</FullName></CustomerRef>
          <SalesReceiptLineAdd><ItemRef><FullName>${sku}</FullName></ItemRef><Quantity>1</Quantity></SalesReceiptLineAdd></SalesReceiptAdd></SalesReceiptAddRq>
        <JournalEntryAddRq requestID="6"><JournalEntryAdd><JournalDebitLine><AccountRef><FullName>Merchant Fees</FullName></AccountRef><Amount>1.50</Amount></JournalDebitLine>
          <JournalCreditLine><AccountRef><FullName>Checking</FullName></AccountRef><Amount>1.50</Amount></JournalCreditLine></JournalEntryAdd></JournalEntryAddRq>
        <InvoiceQueryRq requestID="7" iterator="Start"><MaxReturned>5</MaxReturned><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>
        <CustomerQueryRq requestID="8"><NameFilter><MatchCriterion>Contains</MatchCriterion><Name>no such name</Name></NameFilter></CustomerQueryRq>
        <CompanyQueryRq requestID="9"/><PreferencesQueryRq requestID="10"/><HostQueryRq requestID="11"/>`),
      );
      const rsNames = responses(xml).map((r) => `${r.name}:${r.attrs['statusCode']}`);
      expect(rsNames).toEqual([
        'CustomerQueryRs:0',
        'ItemQueryRs:0',
        'AccountQueryRs:0',
        'InvoiceAddRs:0',
        'SalesReceiptAddRs:0',
        'JournalEntryAddRs:0',
        'InvoiceQueryRs:0',
        'CustomerQueryRs:1',
        'CompanyQueryRs:0',
        'PreferencesQueryRs:0',
        'HostQueryRs:0',
      ]);
      const id = qb.invoices()[0]!.TxnID;
      const del = await qb.handleRequestXml(
        doc(
          `<TxnDelRq><TxnDelType>Invoice</TxnDelType><TxnID>${id}</TxnID></TxnDelRq><TxnDeletedQueryRq><TxnDelType>Invoice</TxnDelType></TxnDeletedQueryRq>`,
        ),
      );
      const dir = mkdtempSync(join(tmpdir(), 'qbsim-xsd-'));
      const lint = (name: string, content: string) => {
        const file = join(dir, name);
        writeFileSync(file, content);
        return spawnSync(XMLLINT, ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
      };
      for (const [name, content] of [
        ['responses.xml', xml],
        ['delete.xml', del],
        ['hcp.xml', qb.hostQueryResponseXml()],
      ] as const) {
        const r = lint(name, content);
        expect(r.stderr.trim(), r.stderr).toBe(`${join(dir, name)} validates`);
        expect(r.status).toBe(0);
      }
      // Control: the same check rejects an out-of-order Ret, so it would catch a rendering regression.
      const broken = xml.replace(
        /<ListID>([^<]*)<\/ListID>\n<TimeCreated>([^<]*)<\/TimeCreated>/,
        '<TimeCreated>$2</TimeCreated>\n<ListID>$1</ListID>',
      );
      expect(broken).not.toBe(xml);
      expect(lint('broken.xml', broken).status).not.toBe(0);
    },
  );
});
