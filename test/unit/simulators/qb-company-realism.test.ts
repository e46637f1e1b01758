import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  QbCompany,
  QbStatusError,
  QbxmlDocumentError,
  type CompanySeed,
  type CompanySnapshot,
  type JournalEntryRecord,
  type QbCompanyOptions,
  type SalesLineRecord,
  type SalesTxnRecord,
} from '../../../src-main/simulators/qb-company/index.js';

// QuickBooks behaviours issue 9's tests and soak rely on: warnings that were applied, a bookkeeper's
// work in the QuickBooks window (hand entry and hand edits, with provenance), and the queries a
// "what does QuickBooks hold" check uses (many RefNumbers at once, modified-date watches with
// iterators, deleted transactions). Requests are literal QBXML; responses are read with
// fast-xml-parser, order preserved. Ground truth is the simulator's own state.

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

function responses(xml: string): N[] {
  const top = parser.parse(xml) as Raw[];
  for (const r of top) {
    const key = Object.keys(r).find((k) => k !== ':@' && !k.startsWith('?'));
    if (key) return conv(key, r).children.find((c) => c.name === 'QBXMLMsgsRs')?.children ?? [];
  }
  throw new Error('no root element');
}

const kids = (n: N | undefined, name: string): N[] => (n ? n.children.filter((c) => c.name === name) : []);

function text(n: N | undefined, path: string): string | undefined {
  let cur: N | undefined = n;
  for (const part of path.split('/')) cur = cur?.children.find((c) => c.name === part);
  return cur?.text;
}

function doc(body: string, onError: 'stopOnError' | 'continueOnError' = 'continueOnError'): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<?qbxml version="13.0"?>
<QBXML><QBXMLMsgsRq onError="${onError}">
${body}
</QBXMLMsgsRq></QBXML>`;
}

function status(rs: N | undefined): { code: number; severity: string; message: string } {
  return {
    code: Number(rs?.attrs['statusCode']),
    severity: rs?.attrs['statusSeverity'] ?? '',
    message: rs?.attrs['statusMessage'] ?? '',
  };
}

function seed(): CompanySeed {
  return {
    companyName: 'Realism Goods',
    customers: [
      {
        name: 'Hart & Hollow Goods',
        email: 'orders@hartandhollow.com',
        billAddress: { addr1: '1 Main St', city: 'Denver', state: 'CO', postalCode: '80201' },
      },
      {
        name: "Liam O'Brien",
        billAddress: { addr1: '9 Pine Rd', city: 'Albany', state: 'NY', postalCode: '12207' },
        shipAddress: { addr1: '9 Pine Rd', city: 'Albany', state: 'NY', postalCode: '12207' },
      },
      { name: 'Walk-in' },
    ],
    items: [
      {
        type: 'Inventory',
        name: 'TSH-BLK-M',
        description: 'Tee Black M',
        price: 20,
        cost: 8,
        quantityOnHand: 100,
      },
      { type: 'Inventory', name: 'HAT-RED', description: 'Red Cap', price: 20, cost: 6, quantityOnHand: 30 },
      { type: 'Inventory', name: 'MUG-WHT-11OZ', description: 'Mug', price: 15, cost: 5, quantityOnHand: 50 },
      { type: 'OtherCharge', name: 'Shipping', price: 0, incomeAccount: 'Shipping Income' },
      { type: 'SalesTax', name: 'CA Sales Tax', taxRate: 7.25 },
      {
        type: 'Group',
        name: 'Tee & Mug Bundle',
        components: [
          { item: 'TSH-BLK-M', quantity: 1 },
          { item: 'MUG-WHT-11OZ', quantity: 1 },
        ],
      },
    ],
  };
}

const T0 = Date.UTC(2024, 4, 1, 16, 0, 0); // 2024-05-01T12:00:00-04:00

function company(opts: Partial<QbCompanyOptions> = {}) {
  let t = T0;
  const clock = { advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms), ms: () => t };
  const qb = new QbCompany(seed(), { now: () => new Date(t), utcOffsetMinutes: -240, ...opts });
  return { qb, clock };
}

/** The company's local time (UTC-4) as qbXML writes it. */
function local(ms: number): string {
  const d = new Date(ms - 4 * 3_600_000);
  return `${d.toISOString().slice(0, 19)}-04:00`;
}

async function run(qb: QbCompany, body: string): Promise<N[]> {
  return responses(await qb.handleRequestXml(doc(body)));
}

const ref = (name: string, value: string): string => `<${name}><FullName>${value}</FullName></${name}>`;

function salesAdd(
  type: 'Invoice' | 'SalesReceipt',
  customer: string,
  refNumber: string,
  lines: string,
  extra = '',
) {
  return `<${type}AddRq><${type}Add>${ref('CustomerRef', customer.replace('&', '&amp;'))}<RefNumber>${refNumber}</RefNumber>${extra}${lines}</${type}Add></${type}AddRq>`;
}

const sline = (type: 'Invoice' | 'SalesReceipt', item: string, qty?: number, amount?: string): string =>
  `<${type}LineAdd>${ref('ItemRef', item)}${qty !== undefined ? `<Quantity>${qty}</Quantity>` : ''}${amount ? `<Amount>${amount}</Amount>` : ''}</${type}LineAdd>`;

const jeAdd = (
  refNumber: string,
  lines: [side: 'Debit' | 'Credit', account: string, amount: string, entity?: string][],
) =>
  `<JournalEntryAddRq><JournalEntryAdd><RefNumber>${refNumber}</RefNumber>${lines
    .map(
      ([side, account, amount, entity]) =>
        `<Journal${side}Line>${ref('AccountRef', account)}<Amount>${amount}</Amount>${entity ? ref('EntityRef', entity.replace('&', '&amp;')) : ''}</Journal${side}Line>`,
    )
    .join('')}</JournalEntryAdd></JournalEntryAddRq>`;

function qoh(qb: QbCompany, name: string): number | undefined {
  return qb.item(name)?.QuantityOnHand;
}

function lineOf(t: SalesTxnRecord, i: number): SalesLineRecord {
  const l = t.lines[i];
  if (l?.kind !== 'line') throw new Error(`line ${i} is not a plain line`);
  return l;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

// =============================================================================================

describe('forcedWarnings: the request is applied and answered with a Warn status', () => {
  it('an InvoiceAdd answered 530 Warn was applied: Ret returned, invoice, stock and balance in the company', async () => {
    const { qb } = company();
    qb.faults.forcedWarnings = [{ requestType: 'InvoiceAddRq', statusCode: 530 }];
    const [rs] = await run(
      qb,
      salesAdd('Invoice', 'Hart & Hollow Goods', 'SS-1', sline('Invoice', 'TSH-BLK-M', 2)),
    );
    expect(status(rs)).toEqual({
      code: 530,
      severity: 'Warn',
      message: 'The field "IsTaxable" is not supported by this implementation.',
    });
    const ret = kids(rs, 'InvoiceRet')[0];
    expect(text(ret, 'RefNumber')).toBe('SS-1');
    expect(qb.invoices().map((i) => [i.TxnID, i.RefNumber, i.Subtotal])).toEqual([
      [text(ret, 'TxnID'), 'SS-1', 40],
    ]);
    expect(qoh(qb, 'TSH-BLK-M')).toBe(98);
    expect(qb.customer('Hart & Hollow Goods')?.Balance).toBe(40);
    expect(qb.faults.forcedWarnings).toEqual([]); // used up
    const [next] = await run(
      qb,
      salesAdd('Invoice', 'Hart & Hollow Goods', 'SS-2', sline('Invoice', 'TSH-BLK-M', 1)),
    );
    expect(status(next).code).toBe(0);
    expect(qb.requestLog.map((e) => e.statusCodes)).toEqual([[530], [0]]);
  });

  it('a Mod answered 550 was applied too, and the default message names the object', async () => {
    const { qb } = company();
    const [add] = await run(
      qb,
      salesAdd('SalesReceipt', 'Walk-in', 'SR-1', sline('SalesReceipt', 'MUG-WHT-11OZ', 1)),
    );
    const id = text(kids(add, 'SalesReceiptRet')[0], 'TxnID')!;
    const es = text(kids(add, 'SalesReceiptRet')[0], 'EditSequence')!;
    qb.faults.forcedWarnings = [{ statusCode: 550 }];
    const [mod] = await run(
      qb,
      `<SalesReceiptModRq><SalesReceiptMod><TxnID>${id}</TxnID><EditSequence>${es}</EditSequence><Memo>changed</Memo></SalesReceiptMod></SalesReceiptModRq>`,
    );
    expect(status(mod)).toEqual({
      code: 550,
      severity: 'Warn',
      message:
        'The "SalesReceipt" object was saved successfully, but its corresponding Notes record could not be saved.',
    });
    expect(text(kids(mod, 'SalesReceiptRet')[0], 'Memo')).toBe('changed');
    expect(qb.txn(id)?.Memo).toBe('changed');
    expect(qb.txn(id)?.EditSequence).not.toBe(es);
  });

  it('list queries (CustomerQuery, ItemQuery) keep their Rets under a warning; requestType and times select which', async () => {
    const { qb } = company();
    qb.faults.forcedWarnings = [
      {
        requestType: 'CustomerQueryRq',
        statusCode: 510,
        statusMessage: 'Unable to return object.',
        times: 2,
      },
      { requestType: 'ItemQueryRq', statusCode: 560 },
    ];
    const [c1, i1, c2, i2, c3] = await run(
      qb,
      '<CustomerQueryRq/><ItemQueryRq/><CustomerQueryRq/><ItemQueryRq/><CustomerQueryRq/>',
    );
    expect([c1, i1, c2, i2, c3].map((r) => status(r).code)).toEqual([510, 560, 510, 0, 0]);
    expect(status(i1).message).toBe(
      'Use of this field is no longer recommended. Although it is currently supported, it may be removed from a future release.',
    );
    for (const c of [c1, c2, c3]) expect(kids(c, 'CustomerRet')).toHaveLength(3);
    expect(i1!.children.length).toBe(qb.items().length);
    expect(i1!.children.length).toBe(i2!.children.length);
  });

  it('an iterator page can carry a warning with its iteratorID and remaining count', async () => {
    const { qb } = company();
    qb.faults.forcedWarnings = [{ requestType: 'CustomerQueryRq', statusCode: 500 }];
    const [rs] = await run(
      qb,
      '<CustomerQueryRq iterator="Start"><MaxReturned>2</MaxReturned></CustomerQueryRq>',
    );
    expect(status(rs).code).toBe(500);
    expect(rs!.attrs['iteratorRemainingCount']).toBe('1');
    expect(rs!.attrs['iteratorID']).toMatch(/^\{[0-9a-f-]{36}\}$/);
    expect(kids(rs, 'CustomerRet')).toHaveLength(2);
  });

  it('a request that fails does not use up a warning; forcedStatuses (not executed) win over forcedWarnings', async () => {
    const { qb } = company();
    qb.faults.forcedWarnings = [{ statusCode: 530 }];
    qb.faults.forcedStatuses = [
      { requestType: 'InvoiceAddRq', statusCode: 3175, statusMessage: 'busy record' },
    ];
    const [forced, unknown, ok] = await run(
      qb,
      salesAdd('Invoice', 'Walk-in', 'SS-1', sline('Invoice', 'MUG-WHT-11OZ', 1)) +
        salesAdd('Invoice', 'Nobody', 'SS-2', sline('Invoice', 'MUG-WHT-11OZ', 1)) +
        salesAdd('Invoice', 'Walk-in', 'SS-3', sline('Invoice', 'MUG-WHT-11OZ', 1)),
    );
    expect([forced, unknown, ok].map((r) => status(r).code)).toEqual([3175, 3140, 530]);
    expect(qb.invoices().map((i) => i.RefNumber)).toEqual(['SS-3']);
    expect(qb.faults.forcedWarnings).toEqual([]);
  });

  it('refuses a configured code that is not a warning', async () => {
    const { qb } = company();
    qb.faults.forcedWarnings = [{ statusCode: 3100 }];
    await expect(qb.handleRequestXml(doc('<CustomerQueryRq/>'))).rejects.toThrow(/not a warning/);
    expect(qb.customers()).toHaveLength(3);
  });
});

// =============================================================================================

describe('a bookkeeper editing a transaction in QuickBooks (modifyTxn)', () => {
  async function postedInvoice(qb: QbCompany) {
    const [rs] = await run(
      qb,
      salesAdd(
        'Invoice',
        'Hart & Hollow Goods',
        'SS-100',
        sline('Invoice', 'TSH-BLK-M', 2) + sline('Invoice', 'Shipping', undefined, '5.99'),
        `${ref('ItemSalesTaxRef', 'CA Sales Tax')}<Memo>order 100</Memo>`,
      ),
    );
    return kids(rs, 'InvoiceRet')[0]!;
  }

  it('changes customer, swaps a SKU at the same price, adds a line: totals, tax, stock, A/R, EditSequence move', async () => {
    const { qb, clock } = company();
    const ret = await postedInvoice(qb);
    const id = text(ret, 'TxnID')!;
    const oldEs = text(ret, 'EditSequence')!;
    const before = qb.txn(id) as SalesTxnRecord;
    expect([before.Subtotal, before.SalesTaxTotal]).toEqual([45.99, 2.9]);
    expect(qb.customer('Hart & Hollow Goods')?.Balance).toBe(48.89);

    clock.advance(65_000);
    const after = qb.modifyTxn(id, {
      customer: "Liam O'Brien",
      memo: 'fixed by hand',
      txnDate: '2024-04-29',
      lines: [
        { txnLineId: lineOf(before, 0).TxnLineID, item: 'HAT-RED' },
        { txnLineId: lineOf(before, 1).TxnLineID },
        { item: 'MUG-WHT-11OZ', quantity: 1 },
      ],
    }) as SalesTxnRecord;

    expect(after.CustomerListID).toBe(qb.customer("Liam O'Brien")!.ListID);
    expect(after.BillAddress?.City).toBe('Albany'); // the form fills the new customer's address
    expect(after.Memo).toBe('fixed by hand');
    expect(after.TxnDate).toBe('2024-04-29');
    expect(after.TxnNumber).toBe(before.TxnNumber);
    expect(
      after.lines.map((l) =>
        l.kind === 'line'
          ? [l.TxnLineID, qb.item(l.ItemListID!)?.Name, l.Quantity, l.Rate, l.Amount, l.Desc]
          : [],
      ),
    ).toEqual([
      [lineOf(before, 0).TxnLineID, 'HAT-RED', 2, 20, 40, 'Red Cap'], // quantity kept, rate/desc from the new item
      [lineOf(before, 1).TxnLineID, 'Shipping', undefined, 5.99, 5.99, undefined],
      [expect.any(String), 'MUG-WHT-11OZ', 1, 15, 15, 'Mug'],
    ]);
    expect(after.Subtotal).toBe(60.99);
    expect(after.SalesTaxTotal).toBe(3.99); // (40 + 15) × 7.25 %, shipping not taxable
    expect(Number(after.EditSequence)).toBeGreaterThan(Number(oldEs));
    expect(after.TimeModified).toBe(clock.ms());
    expect([qoh(qb, 'TSH-BLK-M'), qoh(qb, 'HAT-RED'), qoh(qb, 'MUG-WHT-11OZ')]).toEqual([100, 28, 49]);
    expect(qb.customer('Hart & Hollow Goods')?.Balance).toBe(0);
    expect(qb.customer("Liam O'Brien")?.Balance).toBe(64.98);
    expect(after.createdVia).toBe('qbxml');
    expect(after.edits).toEqual([{ at: clock.ms(), via: 'user', editSequence: after.EditSequence }]);

    // What QuickBooks now answers is the edited content; the product's next Mod with the old EditSequence is stale.
    const [q, stale] = await run(
      qb,
      `<InvoiceQueryRq><RefNumberCaseSensitive>SS-100</RefNumberCaseSensitive><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>
       <InvoiceModRq><InvoiceMod><TxnID>${id}</TxnID><EditSequence>${oldEs}</EditSequence><Memo>x</Memo></InvoiceMod></InvoiceModRq>`,
    );
    const got = kids(q, 'InvoiceRet')[0];
    expect(text(got, 'CustomerRef/FullName')).toBe("Liam O'Brien");
    expect(kids(got, 'InvoiceLineRet').map((l) => text(l, 'ItemRef/FullName'))).toEqual([
      'HAT-RED',
      'Shipping',
      'MUG-WHT-11OZ',
    ]);
    expect([text(got, 'Subtotal'), text(got, 'SalesTaxTotal'), text(got, 'BalanceRemaining')]).toEqual([
      '60.99',
      '3.99',
      '64.98',
    ]);
    expect(text(got, 'TimeModified')).toBe(local(clock.ms()));
    expect(status(stale).code).toBe(3200);
    expect(qb.txn(id)?.Memo).toBe('fixed by hand');
  });

  it('lines left out are deleted; quantity and amount edits follow the rate; tax and TotalAmount follow', async () => {
    const { qb, clock } = company();
    const [add] = await run(
      qb,
      salesAdd(
        'SalesReceipt',
        'Walk-in',
        'SR-9',
        sline('SalesReceipt', 'TSH-BLK-M', 1) + sline('SalesReceipt', 'MUG-WHT-11OZ', 2),
        ref('ItemSalesTaxRef', 'CA Sales Tax'),
      ),
    );
    const sr = qb.txn(text(kids(add, 'SalesReceiptRet')[0], 'TxnID')!) as SalesTxnRecord;
    expect([sr.Subtotal, sr.SalesTaxTotal, qoh(qb, 'MUG-WHT-11OZ')]).toEqual([50, 3.63, 48]);
    clock.advance(1000);
    const edited = qb.modifyTxn(sr.TxnID, {
      lines: [{ txnLineId: lineOf(sr, 0).TxnLineID, quantity: 3 }],
    }) as SalesTxnRecord;
    expect(edited.lines.map((l) => (l.kind === 'line' ? [l.Quantity, l.Amount] : []))).toEqual([[3, 60]]);
    expect([edited.Subtotal, edited.SalesTaxTotal]).toEqual([60, 4.35]);
    expect([qoh(qb, 'TSH-BLK-M'), qoh(qb, 'MUG-WHT-11OZ')]).toEqual([97, 50]); // the mug line's stock came back
    clock.advance(1000);
    const repriced = qb.modifyTxn(sr.TxnID, {
      lines: [{ txnLineId: lineOf(sr, 0).TxnLineID, amount: 45.5 }],
    });
    const [q] = await run(
      qb,
      `<SalesReceiptQueryRq><TxnID>${sr.TxnID}</TxnID><IncludeLineItems>true</IncludeLineItems></SalesReceiptQueryRq>`,
    );
    const r = kids(q, 'SalesReceiptRet')[0];
    expect([text(r, 'Subtotal'), text(r, 'SalesTaxTotal'), text(r, 'TotalAmount')]).toEqual([
      '45.50',
      '3.30',
      '48.80',
    ]);
    expect(text(r, 'EditSequence')).toBe(repriced.EditSequence);
    expect(repriced.edits.map((e) => e.via)).toEqual(['user', 'user']);
  });

  it('a group line is kept by its TxnLineID; a new group item expands into its components', () => {
    const { qb } = company();
    const sr = qb.enterSalesReceipt({
      customer: 'Walk-in',
      lines: [{ item: 'Tee & Mug Bundle', quantity: 2 }],
    });
    expect(sr.lines[0]?.kind).toBe('group');
    expect([qoh(qb, 'TSH-BLK-M'), qoh(qb, 'MUG-WHT-11OZ')]).toEqual([98, 48]);
    const edited = qb.modifyTxn(sr.TxnID, {
      lines: [{ txnLineId: sr.lines[0]!.TxnLineID }, { item: 'Tee & Mug Bundle', quantity: 1 }],
    }) as SalesTxnRecord;
    expect(edited.lines.map((l) => l.kind)).toEqual(['group', 'group']);
    expect(edited.Subtotal).toBe(105);
    expect([qoh(qb, 'TSH-BLK-M'), qoh(qb, 'MUG-WHT-11OZ')]).toEqual([97, 47]);
  });

  it('a journal entry: line amounts, accounts and header memo change, A/R follows, it must stay balanced', async () => {
    const { qb, clock } = company();
    await run(
      qb,
      jeAdd('JE-1', [
        ['Debit', 'Accounts Receivable', '100.00', 'Hart & Hollow Goods'],
        ['Credit', 'Sales', '95.00'],
        ['Credit', 'Shipping Income', '5.00'],
      ]),
    );
    const je = qb.journalEntries()[0]!;
    expect(qb.customer('Hart & Hollow Goods')?.Balance).toBe(100);
    const [d, c1, c2] = je.lines;
    clock.advance(2000);
    const edited = qb.modifyTxn(je.TxnID, {
      memo: 'corrected by the bookkeeper',
      journalLines: [
        { txnLineId: d!.TxnLineID, amount: 80 },
        { txnLineId: c1!.TxnLineID, amount: 72.5, account: 'Discounts', memo: 'moved' },
        { txnLineId: c2!.TxnLineID, amount: 7.5 },
      ],
    }) as JournalEntryRecord;
    expect(edited.Memo).toBe('corrected by the bookkeeper');
    expect(edited.lines.map((l) => [l.side, qb.account(l.AccountListID)?.Name, l.Amount, l.Memo])).toEqual([
      ['Debit', 'Accounts Receivable', 80, undefined],
      ['Credit', 'Discounts', 72.5, 'moved'],
      ['Credit', 'Shipping Income', 7.5, undefined],
    ]);
    expect(qb.customer('Hart & Hollow Goods')?.Balance).toBe(80);
    expect(edited.edits).toEqual([{ at: clock.ms(), via: 'user', editSequence: edited.EditSequence }]);

    // Unbalanced: QuickBooks refuses to save (3180) and nothing changes.
    const err = thrown(() =>
      qb.modifyTxn(je.TxnID, {
        journalLines: [
          { txnLineId: d!.TxnLineID, amount: 90 },
          { txnLineId: c1!.TxnLineID },
          { txnLineId: c2!.TxnLineID },
        ],
      }),
    );
    expect(err).toBeInstanceOf(QbStatusError);
    expect((err as QbStatusError).statusCode).toBe(3180);
    expect(qb.txn(je.TxnID)).toEqual(edited);
    expect(qb.customer('Hart & Hollow Goods')?.Balance).toBe(80);

    const [q] = await run(
      qb,
      '<JournalEntryQueryRq><RefNumber>JE-1</RefNumber><IncludeLineItems>true</IncludeLineItems></JournalEntryQueryRq>',
    );
    const r = kids(q, 'JournalEntryRet')[0];
    expect(text(r, 'Memo')).toBe('corrected by the bookkeeper');
    expect(
      kids(r, 'JournalCreditLine').map((l) => [text(l, 'AccountRef/FullName'), text(l, 'Amount')]),
    ).toEqual([
      ['Discounts', '72.50'],
      ['Shipping Income', '7.50'],
    ]);
  });

  it('what QuickBooks would refuse leaves the transaction unchanged (unknown item 3140, unknown line)', async () => {
    const { qb } = company();
    const ret = await postedInvoice(qb);
    const id = text(ret, 'TxnID')!;
    const before = qb.txn(id) as SalesTxnRecord;
    const err = thrown(() =>
      qb.modifyTxn(id, { lines: [{ txnLineId: lineOf(before, 0).TxnLineID, item: 'NO-SUCH-SKU' }] }),
    );
    expect((err as QbStatusError).statusCode).toBe(3140);
    expect(() => qb.modifyTxn(id, { lines: [{ txnLineId: 'ZZ-1' }] })).toThrow(/no line "ZZ-1"/);
    expect(() => qb.modifyTxn(id, { journalLines: [] })).toThrow(/journalLines/);
    expect(qb.txn(id)).toEqual(before);
    expect(qoh(qb, 'TSH-BLK-M')).toBe(98);
  });

  it('header-only edits still work as before (memo, RefNumber, date) and move EditSequence', async () => {
    const { qb, clock } = company();
    const ret = await postedInvoice(qb);
    const id = text(ret, 'TxnID')!;
    clock.advance(1000);
    const t = qb.modifyTxn(id, { memo: '', refNumber: 'SS-100B', txnDate: '2024-04-01' });
    expect([t.Memo, t.RefNumber, t.TxnDate]).toEqual([undefined, 'SS-100B', '2024-04-01']);
    expect(t.EditSequence).not.toBe(text(ret, 'EditSequence'));
    expect(qoh(qb, 'TSH-BLK-M')).toBe(98); // no double counting of the unchanged lines
  });
});

// =============================================================================================

describe('provenance: posted through qbXML or entered by a person', () => {
  it('records createdVia and every edit with its origin; transactions() filters on them', async () => {
    const { qb, clock } = company();
    const [posted] = await run(
      qb,
      salesAdd('SalesReceipt', 'Walk-in', 'SS-1', sline('SalesReceipt', 'MUG-WHT-11OZ', 1)),
    );
    const postedId = text(kids(posted, 'SalesReceiptRet')[0], 'TxnID')!;
    clock.advance(1000);
    const hand = qb.enterSalesReceipt({
      customer: 'Walk-in',
      refNumber: 'SS-1', // QuickBooks does not enforce unique RefNumbers
      txnDate: '2024-04-30',
      memo: 'counter sale',
      lines: [{ item: 'MUG-WHT-11OZ', quantity: 2 }],
    });
    expect(hand.createdVia).toBe('user');
    expect([hand.RefNumber, hand.TxnDate, hand.Memo, hand.Subtotal, hand.edits]).toEqual([
      'SS-1',
      '2024-04-30',
      'counter sale',
      30,
      [],
    ]);
    expect(qb.account(hand.DepositToAccountListID!)?.Name).toBe('Undeposited Funds');
    expect(qoh(qb, 'MUG-WHT-11OZ')).toBe(47);
    expect(qb.txn(postedId)?.createdVia).toBe('qbxml');

    // a Mod through QBWC is recorded as qbxml, a hand edit as user
    clock.advance(1000);
    const es = qb.txn(postedId)!.EditSequence;
    await run(
      qb,
      `<SalesReceiptModRq><SalesReceiptMod><TxnID>${postedId}</TxnID><EditSequence>${es}</EditSequence><Memo>m</Memo></SalesReceiptMod></SalesReceiptModRq>`,
    );
    clock.advance(1000);
    qb.modifyTxn(postedId, { memo: 'by hand' });
    expect(qb.txn(postedId)?.edits.map((e) => e.via)).toEqual(['qbxml', 'user']);

    const inv = qb.enterInvoice({
      customer: "Liam O'Brien",
      poNumber: 'PO-7',
      lines: [{ item: 'TSH-BLK-M', quantity: 1 }],
    });
    expect(inv.RefNumber).toBe('1'); // the form proposes the next invoice number
    expect(inv.PONumber).toBe('PO-7');
    expect(qb.customer("Liam O'Brien")?.Balance).toBe(20);
    const je = qb.enterJournalEntry({
      memo: 'fees',
      lines: [
        { side: 'Debit', account: 'Merchant Fees', amount: 2.5 },
        { side: 'Credit', account: 'Checking', amount: 2.5 },
      ],
    });
    expect([je.createdVia, je.Memo, je.lines.length]).toEqual(['user', 'fees', 2]);

    expect(
      qb
        .transactions({ createdVia: 'user' })
        .map((t) => t.TxnID)
        .sort(),
    ).toEqual([hand.TxnID, inv.TxnID, je.TxnID].sort());
    expect(qb.transactions({ createdVia: 'qbxml' }).map((t) => t.TxnID)).toEqual([postedId]);
    expect(qb.transactions({ editedVia: 'user' }).map((t) => t.TxnID)).toEqual([postedId]);
    expect(qb.transactions({ txnType: 'JournalEntry' }).map((t) => t.TxnID)).toEqual([je.TxnID]);

    // Both SS-1 sales receipts answer a query by RefNumber: the posted one and the hand-entered one.
    const [q] = await run(
      qb,
      '<SalesReceiptQueryRq><RefNumberCaseSensitive>SS-1</RefNumberCaseSensitive></SalesReceiptQueryRq>',
    );
    expect(status(q).code).toBe(0);
    expect(kids(q, 'SalesReceiptRet').map((r) => text(r, 'TxnID'))).toEqual([hand.TxnID, postedId]); // by TxnDate
  });

  it('hand entry is refused where the form would refuse it (unbalanced entry, no lines, P.O. on a receipt)', () => {
    const { qb } = company();
    const err = thrown(() =>
      qb.enterJournalEntry({
        lines: [
          { side: 'Debit', account: 'Merchant Fees', amount: 2.5 },
          { side: 'Credit', account: 'Checking', amount: 2 },
        ],
      }),
    );
    expect((err as QbStatusError).statusCode).toBe(3180);
    expect(() => qb.enterSalesReceipt({ customer: 'Walk-in', lines: [] })).toThrow(/at least one line/);
    expect(() =>
      qb.enterSalesReceipt({ customer: 'Walk-in', poNumber: 'x', lines: [{ item: 'HAT-RED' }] }),
    ).toThrow(/P\.O\./);
    expect(
      (thrown(() => qb.enterInvoice({ customer: 'Nobody', lines: [{ item: 'HAT-RED' }] })) as QbStatusError)
        .statusCode,
    ).toBe(3140);
    expect(
      (
        thrown(() =>
          qb.enterInvoice({ customer: 'Walk-in', refNumber: 'SS-123456789', lines: [{ item: 'HAT-RED' }] }),
        ) as QbStatusError
      ).statusCode,
    ).toBe(3070);
    expect(qb.transactions()).toEqual([]);
  });

  it('hand entry and hand edits accept ListIDs as well as FullNames', () => {
    const { qb } = company();
    const walkIn = qb.customer('Walk-in')!.ListID;
    const t = qb.enterInvoice({
      customer: walkIn,
      lines: [{ item: qb.item('HAT-RED')!.ListID, quantity: 2 }],
    });
    expect([t.CustomerListID, t.Subtotal]).toEqual([walkIn, 40]);
    const liam = qb.customer("Liam O'Brien")!.ListID;
    const edited = qb.modifyTxn(t.TxnID, {
      customer: liam,
      lines: [{ txnLineId: t.lines[0]!.TxnLineID, item: qb.item('MUG-WHT-11OZ')!.ListID }],
    }) as SalesTxnRecord;
    expect([edited.CustomerListID, edited.Subtotal, qoh(qb, 'HAT-RED'), qoh(qb, 'MUG-WHT-11OZ')]).toEqual([
      liam,
      30,
      30,
      48,
    ]);
  });

  it('deletions record who deleted (TxnDel vs a person) and how the transaction was created', async () => {
    const { qb } = company();
    const hand = qb.enterInvoice({ customer: 'Walk-in', refNumber: 'H-1', lines: [{ item: 'HAT-RED' }] });
    const [posted] = await run(qb, salesAdd('Invoice', 'Walk-in', 'P-1', sline('Invoice', 'HAT-RED', 1)));
    const postedId = text(kids(posted, 'InvoiceRet')[0], 'TxnID')!;
    qb.deleteTxn(postedId);
    await run(qb, `<TxnDelRq><TxnDelType>Invoice</TxnDelType><TxnID>${hand.TxnID}</TxnID></TxnDelRq>`);
    expect(qb.deletedTxns().map((d) => [d.RefNumber, d.createdVia, d.deletedVia])).toEqual([
      ['P-1', 'qbxml', 'user'],
      ['H-1', 'user', 'qbxml'],
    ]);
    expect(qoh(qb, 'HAT-RED')).toBe(30);
  });

  it('provenance survives toJSON/fromJSON; an older snapshot without it reads as qbXML-created', () => {
    const { qb } = company();
    const hand = qb.enterInvoice({ customer: 'Walk-in', lines: [{ item: 'HAT-RED' }] });
    qb.modifyTxn(hand.TxnID, { memo: 'x' });
    const snap = qb.toJSON();
    const copy = QbCompany.fromJSON(snap, { now: () => new Date(T0) });
    expect(copy.txn(hand.TxnID)).toEqual(qb.txn(hand.TxnID));
    const legacy = structuredClone(snap) as CompanySnapshot;
    for (const t of legacy.invoices as Partial<SalesTxnRecord>[]) {
      delete t.createdVia;
      delete t.edits;
    }
    const old = QbCompany.fromJSON(legacy, { now: () => new Date(T0) });
    expect([old.txn(hand.TxnID)?.createdVia, old.txn(hand.TxnID)?.edits]).toEqual(['qbxml', []]);
  });
});

// =============================================================================================

describe('queries by many RefNumbers (the batched "does QuickBooks already hold it?" check)', () => {
  const types = [
    {
      type: 'Invoice' as const,
      add: (r: string) => salesAdd('Invoice', 'Walk-in', r, sline('Invoice', 'HAT-RED', 1)),
      ret: 'InvoiceRet',
      lineRet: 'InvoiceLineRet',
    },
    {
      type: 'SalesReceipt' as const,
      add: (r: string) => salesAdd('SalesReceipt', 'Walk-in', r, sline('SalesReceipt', 'HAT-RED', 1)),
      ret: 'SalesReceiptRet',
      lineRet: 'SalesReceiptLineRet',
    },
    {
      type: 'JournalEntry' as const,
      add: (r: string) =>
        jeAdd(r, [
          ['Debit', 'Undeposited Funds', '20.00'],
          ['Credit', 'Sales', '20.00'],
        ]),
      ret: 'JournalEntryRet',
      lineRet: 'JournalDebitLine',
    },
  ];

  for (const t of types) {
    it(`${t.type}Query with 60 RefNumberCaseSensitive: every match (duplicates too), lines, 500 naming a missing one`, async () => {
      const { qb } = company();
      const posted = Array.from({ length: 40 }, (_, i) => `SS-${i + 1}`);
      await run(qb, posted.map(t.add).join('\n'));
      await run(qb, t.add('SS-7')); // a second transaction holding SS-7 (RefNumbers are not unique)
      const wanted = [...posted, ...Array.from({ length: 20 }, (_, i) => `NEW-${i + 1}`)];
      const q = (els: string[], name = 'RefNumberCaseSensitive') =>
        `<${t.type}QueryRq>${els.map((r) => `<${name}>${r}</${name}>`).join('')}<IncludeLineItems>true</IncludeLineItems></${t.type}QueryRq>`;
      const [partial, all, none, caseMismatch, caseInsensitive] = await run(
        qb,
        [
          q(wanted),
          q(posted.slice(0, 50)),
          q(['NEW-1', 'NEW-2']),
          q(['ss-1']),
          q(['ss-1', 'SS-2'], 'RefNumber'),
        ].join('\n'),
      );
      expect(status(partial)).toEqual({
        code: 500,
        severity: 'Warn',
        message:
          'The query request has not been fully completed. There was a required element ("NEW-1") that could not be found in QuickBooks.',
      });
      const rets = kids(partial, t.ret);
      expect(rets).toHaveLength(41);
      expect(rets.filter((r) => text(r, 'RefNumber') === 'SS-7')).toHaveLength(2);
      expect(new Set(rets.map((r) => text(r, 'RefNumber')))).toEqual(new Set(posted));
      expect(rets.every((r) => kids(r, t.lineRet).length === 1)).toBe(true); // IncludeLineItems honoured
      expect(status(all).code).toBe(0);
      expect(kids(all, t.ret)).toHaveLength(41);
      expect(status(none).code).toBe(1); // default refNumberNoMatchStatus (see the next test)
      expect(status(caseMismatch).code).toBe(1);
      expect(kids(caseInsensitive, t.ret).map((r) => text(r, 'RefNumber'))).toEqual(['SS-1', 'SS-2']);
      expect(status(caseInsensitive).code).toBe(0);
    });
  }

  it('refNumberNoMatchStatus: 500 answers a lookup that finds none of its numbers like QuickBooks does', async () => {
    const { qb } = company({ refNumberNoMatchStatus: 500 });
    const [none] = await run(
      qb,
      '<InvoiceQueryRq><RefNumberCaseSensitive>SS-404</RefNumberCaseSensitive><RefNumberCaseSensitive>SS-405</RefNumberCaseSensitive></InvoiceQueryRq>',
    );
    expect(status(none)).toEqual({
      code: 500,
      severity: 'Warn',
      message:
        'The query request has not been fully completed. There was a required element ("SS-404") that could not be found in QuickBooks.',
    });
    expect(none!.children).toEqual([]);
    // Filters (not lookups) still answer 1 for nothing found.
    const [filter] = await run(
      qb,
      '<InvoiceQueryRq><RefNumberFilter><MatchCriterion>StartsWith</MatchCriterion><RefNumber>SS-</RefNumber></RefNumberFilter></InvoiceQueryRq>',
    );
    expect(status(filter).code).toBe(1);
  });

  it('the schema keeps a RefNumber list apart from MaxReturned, other filters and RefNumberCaseSensitive (0x80040400)', async () => {
    const { qb } = company();
    for (const body of [
      '<InvoiceQueryRq><RefNumber>A</RefNumber><MaxReturned>5</MaxReturned></InvoiceQueryRq>',
      '<SalesReceiptQueryRq><RefNumber>A</RefNumber><RefNumberCaseSensitive>A</RefNumberCaseSensitive></SalesReceiptQueryRq>',
      '<JournalEntryQueryRq><RefNumberCaseSensitive>A</RefNumberCaseSensitive><ModifiedDateRangeFilter><FromModifiedDate>2024-05-01</FromModifiedDate></ModifiedDateRangeFilter></JournalEntryQueryRq>',
    ]) {
      await expect(qb.handleRequestXml(doc(body))).rejects.toBeInstanceOf(QbxmlDocumentError);
    }
  });
});

// =============================================================================================

describe('"what changed since T": ModifiedDateRangeFilter with iterators', () => {
  it('is inclusive to the second on both ends; a bare To date means the end of that day', async () => {
    const { qb, clock } = company();
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const [rs] = await run(
        qb,
        salesAdd('SalesReceipt', 'Walk-in', `SR-${i}`, sline('SalesReceipt', 'HAT-RED', 1)),
      );
      ids.push(text(kids(rs, 'SalesReceiptRet')[0], 'TxnID')!);
      clock.advance(10_000);
    }
    // SR-1 at 12:00:00, SR-2 at 12:00:10, SR-3 at 12:00:20 (local)
    const range = (from?: string, to?: string) =>
      `<SalesReceiptQueryRq><ModifiedDateRangeFilter>${from ? `<FromModifiedDate>${from}</FromModifiedDate>` : ''}${to ? `<ToModifiedDate>${to}</ToModifiedDate>` : ''}</ModifiedDateRangeFilter></SalesReceiptQueryRq>`;
    const refs = (rs: N | undefined) => kids(rs, 'SalesReceiptRet').map((r) => text(r, 'RefNumber'));
    const [fromExact, toExact, both, afterLast] = await run(
      qb,
      [
        range('2024-05-01T12:00:10-04:00'),
        range(undefined, '2024-05-01T12:00:10'),
        range('2024-05-01T12:00:10', '2024-05-01T12:00:10'),
        range('2024-05-01T12:00:21-04:00'),
      ].join(''),
    );
    expect(refs(fromExact)).toEqual(['SR-2', 'SR-3']);
    expect(refs(toExact)).toEqual(['SR-1', 'SR-2']);
    expect(refs(both)).toEqual(['SR-2']);
    expect(status(afterLast).code).toBe(1);

    // A hand edit at 23:59:59 local is still "2024-05-01"; midnight is the next day.
    clock.set(Date.UTC(2024, 4, 2, 3, 59, 59));
    qb.modifyTxn(ids[0]!, { memo: 'late edit' });
    clock.set(Date.UTC(2024, 4, 2, 4, 0, 0));
    qb.modifyTxn(ids[1]!, { memo: 'after midnight' });
    const [day, nextDay] = await run(qb, range('2024-05-01T23:00:00', '2024-05-01') + range('2024-05-02'));
    expect(refs(day)).toEqual(['SR-1']);
    expect(refs(nextDay)).toEqual(['SR-2']);
  });

  it('pages a watch of posted transactions with MaxReturned + iterator, seeing edits made by hand', async () => {
    const { qb, clock } = company();
    for (let i = 1; i <= 5; i++) {
      await run(qb, salesAdd('Invoice', 'Walk-in', `SS-${i}`, sline('Invoice', 'HAT-RED', 1)));
      clock.advance(1000);
    }
    const since = local(clock.ms());
    clock.advance(1000);
    for (const r of ['SS-2', 'SS-4', 'SS-5'])
      qb.modifyTxn(qb.invoices().find((t) => t.RefNumber === r)!.TxnID, { memo: 'by hand' });
    await run(qb, salesAdd('Invoice', 'Walk-in', 'SS-6', sline('Invoice', 'HAT-RED', 1)));

    const start = `<InvoiceQueryRq iterator="Start"><MaxReturned>2</MaxReturned><ModifiedDateRangeFilter><FromModifiedDate>${since}</FromModifiedDate></ModifiedDateRangeFilter><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>`;
    const [p1] = await run(qb, start);
    const id = p1!.attrs['iteratorID']!;
    expect([status(p1).code, p1!.attrs['iteratorRemainingCount']]).toEqual([0, '2']);
    const next = `<InvoiceQueryRq iterator="Continue" iteratorID="${id}"><MaxReturned>2</MaxReturned></InvoiceQueryRq>`;
    const [p2] = await run(qb, next);
    expect(p2!.attrs['iteratorRemainingCount']).toBe('0');
    const seen = [...kids(p1, 'InvoiceRet'), ...kids(p2, 'InvoiceRet')];
    expect(seen.map((r) => text(r, 'RefNumber'))).toEqual(['SS-2', 'SS-4', 'SS-5', 'SS-6']);
    expect(seen.map((r) => text(r, 'Memo'))).toEqual(['by hand', 'by hand', 'by hand', undefined]);
    expect(seen.every((r) => kids(r, 'InvoiceLineRet').length === 1)).toBe(true);
    const [gone] = await run(qb, next);
    expect(status(gone).code).toBe(3391); // exhausted iterators are forgotten
    // The simulator's own record tells which of them were edited by hand.
    expect(qb.transactions({ editedVia: 'user' }).map((t) => t.RefNumber)).toEqual(['SS-2', 'SS-4', 'SS-5']);
  });
});

// =============================================================================================

describe('TxnDeletedQuery with DeletedDateRangeFilter', () => {
  it('is inclusive to the second, selects by TxnDelType, remembers 90 days, answers 1 when none', async () => {
    const { qb, clock } = company();
    const inv = qb.enterInvoice({ customer: 'Walk-in', refNumber: 'OLD', lines: [{ item: 'HAT-RED' }] });
    qb.deleteTxn(inv.TxnID); // deleted at T0
    clock.advance(91 * 86_400_000);
    const a = qb.enterInvoice({ customer: 'Walk-in', refNumber: 'A', lines: [{ item: 'HAT-RED' }] });
    const b = qb.enterSalesReceipt({ customer: 'Walk-in', refNumber: 'B', lines: [{ item: 'HAT-RED' }] });
    const c = qb.enterJournalEntry({
      refNumber: 'C',
      lines: [
        { side: 'Debit', account: 'Merchant Fees', amount: 1 },
        { side: 'Credit', account: 'Checking', amount: 1 },
      ],
    });
    const deletedAt = clock.ms();
    qb.deleteTxn(a.TxnID);
    clock.advance(5000);
    qb.deleteTxn(b.TxnID);
    qb.deleteTxn(c.TxnID);
    const q = (from: string, to?: string) =>
      `<TxnDeletedQueryRq><TxnDelType>Invoice</TxnDelType><TxnDelType>SalesReceipt</TxnDelType><DeletedDateRangeFilter><FromDeletedDate>${from}</FromDeletedDate>${to ? `<ToDeletedDate>${to}</ToDeletedDate>` : ''}</DeletedDateRangeFilter></TxnDeletedQueryRq>`;
    const refs = (rs: N | undefined) => kids(rs, 'TxnDeletedRet').map((r) => text(r, 'RefNumber'));
    const [all, exact, later, none] = await run(
      qb,
      q('2024-01-01') +
        q(local(deletedAt), local(deletedAt)) +
        q(local(deletedAt + 1000)) +
        q(local(clock.ms() + 1000)),
    );
    expect(refs(all)).toEqual(['A', 'B']); // OLD is past QuickBooks' 90 days; C is a JournalEntry
    expect(refs(exact)).toEqual(['A']);
    expect(refs(later)).toEqual(['B']);
    expect(status(none).code).toBe(1);
    expect(kids(all, 'TxnDeletedRet')[0]!.children.map((x) => x.name)).toEqual([
      'TxnDelType',
      'TxnID',
      'TimeCreated',
      'TimeDeleted',
      'RefNumber',
    ]);
  });
});

// =============================================================================================

const XSD = resolve(__dirname, '../../reference/quickbooks/qbxml-xsd-13.0/qbxmlops130.xsd');
const XMLLINT = '/usr/bin/xmllint';

describe('what QuickBooks answers about a transaction (the witness)', () => {
  it('SalesReceiptRet/InvoiceRet/JournalEntryRet carry totals, EditSequence, TimeModified, refs and lines in 13.0 order', async () => {
    const { qb } = company();
    await run(
      qb,
      salesAdd(
        'SalesReceipt',
        'Hart & Hollow Goods',
        'SR-1',
        sline('SalesReceipt', 'TSH-BLK-M', 2) + sline('SalesReceipt', 'Shipping', undefined, '4.00'),
        ref('ItemSalesTaxRef', 'CA Sales Tax'),
      ) +
        salesAdd(
          'Invoice',
          'Hart & Hollow Goods',
          'IN-1',
          sline('Invoice', 'TSH-BLK-M', 1),
          ref('ItemSalesTaxRef', 'CA Sales Tax'),
        ) +
        jeAdd('JE-1', [
          ['Debit', 'Accounts Receivable', '24.00', 'Hart & Hollow Goods'],
          ['Credit', 'Sales', '24.00'],
        ]),
    );
    const xml = await qb.handleRequestXml(
      doc(`<SalesReceiptQueryRq requestID="1"><RefNumberCaseSensitive>SR-1</RefNumberCaseSensitive><IncludeLineItems>true</IncludeLineItems></SalesReceiptQueryRq>
        <InvoiceQueryRq requestID="2"><RefNumberCaseSensitive>IN-1</RefNumberCaseSensitive><RefNumberCaseSensitive>IN-2</RefNumberCaseSensitive><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>
        <JournalEntryQueryRq requestID="3"><RefNumberCaseSensitive>JE-1</RefNumberCaseSensitive><IncludeLineItems>true</IncludeLineItems></JournalEntryQueryRq>`),
    );
    const [srq, inq, jeq] = responses(xml);
    const sr = kids(srq, 'SalesReceiptRet')[0]!;
    const names = (n: N) => n.children.map((c) => c.name);
    const order = (n: N, want: string[]) => names(n).filter((x) => want.includes(x));
    expect(
      order(sr, [
        'TxnID',
        'TimeModified',
        'EditSequence',
        'CustomerRef',
        'RefNumber',
        'Subtotal',
        'SalesTaxTotal',
        'TotalAmount',
        'SalesReceiptLineRet',
      ]),
    ).toEqual([
      'TxnID',
      'TimeModified',
      'EditSequence',
      'CustomerRef',
      'RefNumber',
      'Subtotal',
      'SalesTaxTotal',
      'TotalAmount',
      'SalesReceiptLineRet',
      'SalesReceiptLineRet',
    ]);
    expect([text(sr, 'Subtotal'), text(sr, 'SalesTaxTotal'), text(sr, 'TotalAmount')]).toEqual([
      '44.00',
      '2.90',
      '46.90',
    ]);
    const srRec = qb.salesReceipts()[0]!;
    expect([text(sr, 'EditSequence'), text(sr, 'TimeModified')]).toEqual([
      srRec.EditSequence,
      local(srRec.TimeModified),
    ]);
    expect(names(kids(sr, 'SalesReceiptLineRet')[0]!)).toEqual([
      'TxnLineID',
      'ItemRef',
      'Desc',
      'Quantity',
      'Rate',
      'Amount',
      'SalesTaxCodeRef',
    ]);

    const inv = kids(inq, 'InvoiceRet')[0]!;
    expect(status(inq).code).toBe(500); // IN-2 does not exist
    expect(names(inv)).not.toContain('TotalAmount'); // InvoiceRet has none in qbXML 13.0: Subtotal + SalesTaxTotal = BalanceRemaining before payments
    expect([text(inv, 'Subtotal'), text(inv, 'SalesTaxTotal'), text(inv, 'BalanceRemaining')]).toEqual([
      '20.00',
      '1.45',
      '21.45',
    ]);

    const je = kids(jeq, 'JournalEntryRet')[0]!;
    expect(names(je).filter((x) => x.startsWith('Journal'))).toEqual([
      'JournalDebitLine',
      'JournalCreditLine',
    ]);
    expect(
      kids(je, 'JournalDebitLine')[0]!.children.map((c) => [
        c.name,
        c.name.endsWith('Ref') ? text(c, 'FullName') : c.text,
      ]),
    ).toEqual([
      ['TxnLineID', qb.journalEntries()[0]!.lines[0]!.TxnLineID],
      ['AccountRef', 'Accounts Receivable'],
      ['Amount', '24.00'],
      ['EntityRef', 'Hart & Hollow Goods'],
    ]);
  });

  it.skipIf(!existsSync(XMLLINT) || !existsSync(XSD))(
    'warning responses, RefNumber lookups and hand-edited transactions validate against the XSD',
    async () => {
      const { qb } = company();
      qb.enterInvoice({
        customer: 'Hart & Hollow Goods',
        refNumber: 'IN-1',
        memo: 'a & b',
        lines: [{ item: 'Tee & Mug Bundle' }, { item: 'HAT-RED', quantity: 2 }],
      });
      const t = qb.invoices()[0]!;
      qb.modifyTxn(t.TxnID, {
        customer: "Liam O'Brien",
        lines: [{ txnLineId: t.lines[0]!.TxnLineID }, { item: 'Shipping', amount: 3 }],
      });
      qb.enterJournalEntry({
        refNumber: 'JE-1',
        memo: 'm',
        lines: [
          { side: 'Debit', account: 'Accounts Receivable', amount: 5, entity: 'Walk-in', memo: 'x' },
          { side: 'Credit', account: 'Sales', amount: 5 },
        ],
      });
      qb.faults.forcedWarnings = [
        { requestType: 'SalesReceiptAddRq', statusCode: 530 },
        { requestType: 'CustomerQueryRq', statusCode: 510 },
      ];
      const xml = await qb.handleRequestXml(
        doc(`${salesAdd('SalesReceipt', 'Walk-in', 'SR-1', sline('SalesReceipt', 'HAT-RED', 1))}
        <CustomerQueryRq requestID="c"/>
        <InvoiceQueryRq><RefNumberCaseSensitive>IN-1</RefNumberCaseSensitive><RefNumberCaseSensitive>NOPE</RefNumberCaseSensitive><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>
        <JournalEntryQueryRq><RefNumber>je-1</RefNumber><IncludeLineItems>true</IncludeLineItems></JournalEntryQueryRq>`),
      );
      expect(responses(xml).map((r) => `${r.name}:${r.attrs['statusCode']}`)).toEqual([
        'SalesReceiptAddRs:530',
        'CustomerQueryRs:510',
        'InvoiceQueryRs:500',
        'JournalEntryQueryRs:0',
      ]);
      const dir = mkdtempSync(join(tmpdir(), 'qbsim-realism-'));
      const file = join(dir, 'rs.xml');
      writeFileSync(file, xml);
      const r = spawnSync(XMLLINT, ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
      expect(r.stderr.trim(), r.stderr).toBe(`${file} validates`);
    },
  );
});
