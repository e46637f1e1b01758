import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  buildQbxmlDocument,
  companyQuery,
  customerAdd,
  customerQuery,
  invoiceAdd,
  invoiceMod,
  invoiceQuery,
  itemNonInventoryAdd,
  itemQuery,
  journalEntryAdd,
  journalEntryMod,
  journalEntryQuery,
  listDeletedQuery,
  QbxmlLimitError,
  salesReceiptAdd,
  salesReceiptMod,
  salesReceiptQuery,
  txnDel,
  txnDeletedQuery,
  type QbxmlRequest,
  type TxnDelType,
} from '../../../src-main/engine/qbxml';
import { LONG, SPECIAL } from './fixtures';

const xmlOf = (rq: QbxmlRequest): string => buildQbxmlDocument([rq]);
/** The request element of a one-request document, parsed back with a standard XML parser. */
function parsedRequest(rq: QbxmlRequest): Record<string, unknown> {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    trimValues: false,
  }).parse(xmlOf(rq)) as {
    QBXML: { QBXMLMsgsRq: Record<string, Record<string, unknown>> };
  };
  return doc.QBXML.QBXMLMsgsRq[rq.type]!;
}

describe('list queries', () => {
  it('emits the iterator attributes and filters in schema order', () => {
    const rq = customerQuery({
      iterator: 'Start',
      maxReturned: 100,
      activeStatus: 'All',
      fromModifiedDate: '2024-01-01T00:00:00-08:00',
      ownerID: '0',
    });
    expect(rq).toMatchObject({ type: 'CustomerQueryRq', attrs: { iterator: 'Start' } });
    expect(xmlOf(rq)).toContain(
      '<CustomerQueryRq iterator="Start"><MaxReturned>100</MaxReturned><ActiveStatus>All</ActiveStatus><FromModifiedDate>2024-01-01T00:00:00-08:00</FromModifiedDate><OwnerID>0</OwnerID></CustomerQueryRq>',
    );
  });

  it('continues an iterator with its ID', () => {
    expect(itemQuery({ iterator: 'Continue', iteratorID: 'it-7', maxReturned: 10 }).attrs).toEqual({
      iterator: 'Continue',
      iteratorID: 'it-7',
    });
  });

  it.each([
    ['listIds with fullNames', { listIds: ['1'], fullNames: ['a'] }, /listIds and fullNames/],
    ['listIds with maxReturned', { listIds: ['1'], maxReturned: 5 }, /listIds and filters/],
    [
      'fullNames with activeStatus',
      { fullNames: ['a'], activeStatus: 'All' as const },
      /fullNames and filters/,
    ],
    [
      'fullNames with fromModifiedDate',
      { fullNames: ['a'], fromModifiedDate: '2024-01-01' },
      /fullNames and filters/,
    ],
    [
      'nameFilter with nameRangeFilter',
      { nameFilter: { matchCriterion: 'Contains' as const, name: 'a' }, nameRangeFilter: { fromName: 'a' } },
      /nameFilter and nameRangeFilter/,
    ],
    ['an empty listIds', { listIds: [] }, /must not be an empty list/],
    [
      'a bad modified date',
      { fromModifiedDate: '2024-01-01 10:00' },
      /fromModifiedDate must be a QuickBooks date\/time/,
    ],
    ['a zero maxReturned', { maxReturned: 0 }, /positive integer/],
    ['an invalid OwnerID', { ownerID: 'abc' }, /ownerID must be '0' or a GUID/],
    ['an over-long FullName', { fullNames: ['x'.repeat(210)] }, /at most 209/],
    [
      'Continue without iteratorID',
      { iterator: 'Continue', iteratorID: '' } as const,
      /requires the iteratorID/,
    ],
  ])('rejects %s', (_name, opts, message) => {
    expect(() => customerQuery(opts as Parameters<typeof customerQuery>[0])).toThrow(message);
  });

  it('rejects Start with an iteratorID and an iteratorID without iterator', () => {
    expect(() =>
      itemQuery({ iterator: 'Start', iteratorID: 'x' } as unknown as Parameters<typeof itemQuery>[0]),
    ).toThrow(/must not carry/);
    expect(() => itemQuery({ iteratorID: 'x' } as unknown as Parameters<typeof itemQuery>[0])).toThrow(
      /without iterator/,
    );
  });
});

describe('transaction queries', () => {
  it('puts the modified range in ModifiedDateRangeFilter and the txn dates in TxnDateRangeFilter', () => {
    expect(xmlOf(invoiceQuery({ fromModifiedDate: '2024-01-01T00:00:00+00:00' }))).toContain(
      '<ModifiedDateRangeFilter><FromModifiedDate>2024-01-01T00:00:00+00:00</FromModifiedDate></ModifiedDateRangeFilter>',
    );
    expect(xmlOf(salesReceiptQuery({ toTxnDate: '2024-02-29' }))).toContain(
      '<TxnDateRangeFilter><ToTxnDate>2024-02-29</ToTxnDate></TxnDateRangeFilter>',
    );
  });

  it('sends the dedup lookup as RefNumberCaseSensitive', () => {
    expect(
      xmlOf(
        invoiceQuery({ refNumbers: ['#0AB', 'x'], refNumberCaseSensitive: true, includeLineItems: true }),
      ),
    ).toContain(
      '<RefNumberCaseSensitive>#0AB</RefNumberCaseSensitive><RefNumberCaseSensitive>x</RefNumberCaseSensitive><IncludeLineItems>true</IncludeLineItems>',
    );
  });

  it.each([
    ['txnIds with refNumbers', { txnIds: ['1'], refNumbers: ['a'] }, /txnIds and refNumbers/],
    ['txnIds with a date range', { txnIds: ['1'], fromTxnDate: '2024-01-01' }, /txnIds and filters/],
    ['refNumbers with maxReturned', { refNumbers: ['a'], maxReturned: 1 }, /refNumbers and filters/],
    [
      'both date ranges',
      { fromModifiedDate: '2024-01-01', toTxnDate: '2024-01-02' },
      /from\/toModifiedDate and from\/toTxnDate/,
    ],
    [
      'refNumberFilter with refNumberRange',
      {
        refNumberFilter: { matchCriterion: 'StartsWith' as const, refNumber: 'A' },
        refNumberRange: { from: 'A' },
      },
      /refNumberFilter and refNumberRange/,
    ],
    [
      'refNumberCaseSensitive alone',
      { refNumberCaseSensitive: true },
      /only applies together with refNumbers/,
    ],
    ['a RefNumber longer than 11', { refNumbers: ['123456789012'] }, /at most 11/],
    ['an impossible txn date', { fromTxnDate: '2023-02-29' }, /calendar date/],
    ['paidStatus with txnIds', { txnIds: ['1'], paidStatus: 'All' as const }, /txnIds and filters/],
  ])('rejects %s', (_name, opts, message) => {
    expect(() => invoiceQuery(opts as Parameters<typeof invoiceQuery>[0])).toThrow(message);
  });

  it('keeps invoice-only options off the other queries', () => {
    expect(() => salesReceiptQuery({ paidStatus: 'All' } as Parameters<typeof salesReceiptQuery>[0])).toThrow(
      /only on InvoiceQuery/,
    );
    expect(() =>
      journalEntryQuery({ includeLinkedTxns: true } as Parameters<typeof journalEntryQuery>[0]),
    ).toThrow(/only on InvoiceQuery/);
  });
});

describe('transaction adds and mods', () => {
  const line = { item: { fullName: 'SPREE-T-SHIRT' }, quantity: 2, rate: 103, amount: 206 };

  it('formats AMTTYPE with two decimals and PRICETYPE/QUANTYPE with up to five', () => {
    const x = xmlOf(
      invoiceAdd({
        customer: { fullName: 'c' },
        lines: [{ quantity: 1.234567, rate: 0.1 + 0.2, amount: 1.005 }],
      }),
    );
    expect(x).toContain('<Quantity>1.23457</Quantity><Rate>0.3</Rate><Amount>1.01</Amount>');
  });

  it('truncates free text to its limit and keeps key fields intact', () => {
    const rq = parsedRequest(
      invoiceAdd({
        customer: { fullName: 'Cust' },
        refNumber: '12345678901',
        poNumber: `PO-${'9'.repeat(40)}`,
        memo: LONG,
        fob: 'F'.repeat(20),
        lines: [line],
      }),
    );
    const add = rq.InvoiceAdd as Record<string, unknown>;
    expect(add.RefNumber).toBe('12345678901');
    expect(add.PONumber).toBe(`PO-${'9'.repeat(22)}`);
    expect([...(add.Memo as string)].length).toBeLessThanOrEqual(4095);
    expect(add.FOB).toBe('F'.repeat(13));
  });

  it('throws for an over-long RefNumber (the dedup key) instead of truncating', () => {
    expect(() =>
      invoiceAdd({ customer: { fullName: 'c' }, refNumber: '123456789012', lines: [line] }),
    ).toThrow(QbxmlLimitError);
  });

  it('throws for over-long or malformed references', () => {
    expect(() => invoiceAdd({ customer: { fullName: 'x'.repeat(210) }, lines: [line] })).toThrow(
      /customer.fullName .* at most 209/,
    );
    expect(() =>
      invoiceAdd({
        customer: { fullName: 'c' },
        shipMethod: { fullName: 'Sixteen chars!!!' },
        lines: [line],
      }),
    ).toThrow(/at most 15/);
    expect(() => invoiceAdd({ customer: {}, lines: [line] })).toThrow(
      /customer needs a listId or a fullName/,
    );
    expect(() => invoiceAdd({ customer: { listId: ' 8000' }, lines: [line] })).toThrow(/whitespace/);
  });

  it('requires lines on adds and refuses an empty line list on mods', () => {
    expect(() => invoiceAdd({ customer: { fullName: 'c' }, lines: [] })).toThrow(/at least one line/);
    expect(() => salesReceiptAdd({ lines: [] })).toThrow(/at least one line/);
    expect(() => invoiceMod({ txnId: '1-1', editSequence: '1', lines: [] })).toThrow(
      /omit it to leave the lines unchanged/,
    );
  });

  it('puts TxnID and EditSequence first on mods and TxnLineID first on line mods', () => {
    const x = xmlOf(
      invoiceMod({
        txnId: 'C5-1',
        editSequence: '99',
        memo: 'm',
        lines: [{ txnLineId: '-1', item: { fullName: 'A' }, amount: 1 }],
      }),
    );
    expect(x).toContain(
      '<InvoiceMod><TxnID>C5-1</TxnID><EditSequence>99</EditSequence><Memo>m</Memo><InvoiceLineMod><TxnLineID>-1</TxnLineID><ItemRef>',
    );
    expect(() => salesReceiptMod({ txnId: 'B7-1', editSequence: '' })).toThrow(
      /editSequence must not be empty/,
    );
  });

  it('interleaves line groups with plain lines in the order given, and a new group in a Mod names its item', () => {
    const xml = xmlOf(
      salesReceiptAdd({
        lines: [
          { item: { fullName: 'TEE' }, quantity: 1, rate: 20 },
          { kind: 'group', group: { fullName: 'GIFT-SET' }, quantity: 2 },
          { item: { fullName: 'Shipping' }, amount: 4.6 },
        ],
      }),
    );
    expect(xml.match(/<SalesReceiptLine(Group)?Add>/g)).toEqual([
      '<SalesReceiptLineAdd>',
      '<SalesReceiptLineGroupAdd>',
      '<SalesReceiptLineAdd>',
    ]);
    expect(xml).toContain(
      '<SalesReceiptLineGroupAdd><ItemGroupRef><FullName>GIFT-SET</FullName></ItemGroupRef><Quantity>2</Quantity></SalesReceiptLineGroupAdd>',
    );
    expect(() =>
      invoiceMod({
        txnId: 'A-1',
        editSequence: '1',
        lines: [{ kind: 'group', txnLineId: '-1', quantity: 1 }],
      }),
    ).toThrow(/new line group needs its group item/);
  });

  it('uses the sales-receipt order (ShipDate, ShipMethodRef, FOB) that differs from invoices (FOB, ShipDate, ShipMethodRef)', () => {
    const fields = { fob: 'F', shipDate: '2024-01-02', shipMethod: { fullName: 'UPS' }, lines: [line] };
    expect(xmlOf(salesReceiptAdd(fields))).toContain(
      '<ShipDate>2024-01-02</ShipDate><ShipMethodRef><FullName>UPS</FullName></ShipMethodRef><FOB>F</FOB>',
    );
    expect(xmlOf(invoiceAdd({ ...fields, customer: { fullName: 'c' } }))).toContain(
      '<FOB>F</FOB><ShipDate>2024-01-02</ShipDate><ShipMethodRef>',
    );
  });

  it('balances journal entries to the cent', () => {
    const ok = journalEntryAdd({
      debitLines: [
        { account: { fullName: 'A' }, amount: 0.1 },
        { account: { fullName: 'A' }, amount: 0.2 },
      ],
      creditLines: [{ account: { fullName: 'B' }, amount: 0.3 }],
    });
    expect(xmlOf(ok)).toContain(
      '<JournalCreditLine><AccountRef><FullName>B</FullName></AccountRef><Amount>0.30</Amount></JournalCreditLine>',
    );
    expect(() =>
      journalEntryAdd({
        debitLines: [{ account: { fullName: 'A' }, amount: 10 }],
        creditLines: [{ account: { fullName: 'B' }, amount: 9.99 }],
      }),
    ).toThrow(/10.00.*9.99.*do not balance/);
    expect(() =>
      journalEntryAdd({ debitLines: [], creditLines: [{ account: { fullName: 'B' }, amount: 1 }] }),
    ).toThrow(/at least one debit/);
    expect(() =>
      journalEntryAdd({
        debitLines: [{ account: { fullName: 'A' }, amount: -1 }],
        creditLines: [{ account: { fullName: 'B' }, amount: -1 }],
      }),
    ).toThrow(/zero or positive/);
  });
});

describe('journalEntryMod', () => {
  const ids = { txnId: 'A1-1417118624', editSequence: '1417118624' };

  it('emits TxnID, EditSequence, header fields, then one JournalLineMod per line with its JournalLineType', () => {
    const x = xmlOf(
      journalEntryMod({
        ...ids,
        txnDate: '2024-03-10',
        refNumber: 'JE-7',
        isAdjustment: false,
        debitLines: [{ txnLineId: 'A2-1', amount: 10, memo: 'm' }],
        creditLines: [
          { txnLineId: 'A3-1', account: { fullName: 'Sales' }, amount: 9.9 },
          { txnLineId: '-1', account: { fullName: 'Shipping Income' }, amount: 0.1 },
        ],
      }),
    );
    expect(x).toContain(
      '<JournalEntryModRq><JournalEntryMod><TxnID>A1-1417118624</TxnID><EditSequence>1417118624</EditSequence>' +
        '<TxnDate>2024-03-10</TxnDate><RefNumber>JE-7</RefNumber><IsAdjustment>false</IsAdjustment>' +
        '<JournalLineMod><TxnLineID>A2-1</TxnLineID><JournalLineType>Debit</JournalLineType><Amount>10.00</Amount><Memo>m</Memo></JournalLineMod>' +
        '<JournalLineMod><TxnLineID>A3-1</TxnLineID><JournalLineType>Credit</JournalLineType><AccountRef><FullName>Sales</FullName></AccountRef><Amount>9.90</Amount></JournalLineMod>' +
        '<JournalLineMod><TxnLineID>-1</TxnLineID><JournalLineType>Credit</JournalLineType><AccountRef><FullName>Shipping Income</FullName></AccountRef><Amount>0.10</Amount></JournalLineMod>' +
        '</JournalEntryMod></JournalEntryModRq>',
    );
  });

  it('leaves the lines alone when none are given', () => {
    expect(xmlOf(journalEntryMod({ ...ids, refNumber: 'R' }))).toContain(
      '<JournalEntryMod><TxnID>A1-1417118624</TxnID><EditSequence>1417118624</EditSequence><RefNumber>R</RefNumber></JournalEntryMod>',
    );
  });

  it('balances the given lines to the cent', () => {
    expect(() =>
      journalEntryMod({
        ...ids,
        debitLines: [
          { txnLineId: 'A2-1', amount: 0.1 },
          { txnLineId: '-1', account: { fullName: 'A' }, amount: 0.2 },
        ],
        creditLines: [{ txnLineId: 'A3-1', amount: 0.3 }],
      }),
    ).not.toThrow();
    expect(() =>
      journalEntryMod({
        ...ids,
        debitLines: [{ txnLineId: 'A2-1', amount: 10 }],
        creditLines: [{ txnLineId: 'A3-1', amount: 9.99 }],
      }),
    ).toThrow(/journalEntryMod: debits \(10.00\) and credits \(9.99\) do not balance/);
    expect(() =>
      journalEntryMod({
        ...ids,
        debitLines: [{ txnLineId: 'A2-1', amount: 0.005 }],
        creditLines: [{ txnLineId: 'A3-1', amount: 0 }],
      }),
    ).toThrow(/0.01.*0.00.*do not balance/);
    expect(() =>
      journalEntryMod({ ...ids, debitLines: [], creditLines: [{ txnLineId: 'A3-1', amount: 0 }] }),
    ).toThrow(/at least one debit line and one credit line/);
  });

  it('needs both line lists or neither, since QuickBooks deletes the lines not listed', () => {
    expect(() => journalEntryMod({ ...ids, debitLines: [{ txnLineId: 'A2-1', amount: 1 }] })).toThrow(
      /give both debitLines and creditLines/,
    );
    expect(() => journalEntryMod({ ...ids, creditLines: [{ txnLineId: 'A3-1', amount: 1 }] })).toThrow(
      /give both debitLines and creditLines/,
    );
  });

  it('checks the line IDs: required, an account on new lines, no existing line twice', () => {
    const credit = [{ txnLineId: 'A3-1', amount: 1 }];
    expect(() =>
      journalEntryMod({ ...ids, debitLines: [{ txnLineId: '-1', amount: 1 }], creditLines: credit }),
    ).toThrow(/debitLines\[0\]: a new line \(txnLineId '-1'\) needs an account/);
    expect(() =>
      journalEntryMod({
        ...ids,
        debitLines: [{ txnLineId: 'A3-1', amount: 1 }],
        creditLines: [{ txnLineId: 'A3-1', amount: 1 }],
      }),
    ).toThrow(/creditLines\[0\]: txnLineId "A3-1" is listed twice/);
    expect(() =>
      journalEntryMod({ ...ids, debitLines: [{ txnLineId: '', amount: 1 }], creditLines: credit }),
    ).toThrow(/debitLines\[0\].txnLineId must not be empty/);
    expect(() =>
      journalEntryMod({
        ...ids,
        debitLines: [{ amount: 1 } as unknown as { txnLineId: string; amount: number }],
        creditLines: credit,
      }),
    ).toThrow(/debitLines\[0\].txnLineId is required/);
    expect(() =>
      journalEntryMod({ ...ids, debitLines: [{ txnLineId: 'A2-1', amount: -1 }], creditLines: credit }),
    ).toThrow(/zero or positive/);
  });

  it('requires txnId and editSequence', () => {
    expect(() => journalEntryMod({ editSequence: '1' } as Parameters<typeof journalEntryMod>[0])).toThrow(
      /journalEntryMod: txnId and editSequence are required/,
    );
    expect(() => journalEntryMod({ txnId: 'A1-1' } as Parameters<typeof journalEntryMod>[0])).toThrow(
      /journalEntryMod: txnId and editSequence are required/,
    );
    expect(() => journalEntryMod({ txnId: '', editSequence: '1' })).toThrow(/txnId must not be empty/);
    expect(() => journalEntryMod({ txnId: 'A1-1', editSequence: '' })).toThrow(
      /editSequence must not be empty/,
    );
    expect(() => journalEntryMod({ txnId: 'A1-1', editSequence: '1'.repeat(17) })).toThrow(QbxmlLimitError);
  });

  it('refuses a header memo, which JournalEntryMod does not have in qbXML 13.0', () => {
    expect(() => journalEntryMod({ ...ids, memo: 'x' } as Parameters<typeof journalEntryMod>[0])).toThrow(
      /has no Memo/,
    );
  });
});

describe('deletes and list adds', () => {
  it('builds TxnDel and validates its type', () => {
    expect(xmlOf(txnDel({ txnDelType: 'Invoice', txnID: 'C5-1417118624', requestID: 'd1' }))).toContain(
      '<TxnDelRq requestID="d1"><TxnDelType>Invoice</TxnDelType><TxnID>C5-1417118624</TxnID></TxnDelRq>',
    );
    expect(() => txnDel({ txnDelType: 'Customer' as TxnDelType, txnID: '1' })).toThrow(
      /unknown type "Customer"/,
    );
  });

  it('builds deleted queries with a DeletedDateRangeFilter only when bounded', () => {
    expect(xmlOf(txnDeletedQuery({ txnDelTypes: ['Invoice', 'SalesReceipt', 'Invoice'] }))).toContain(
      '<TxnDeletedQueryRq><TxnDelType>Invoice</TxnDelType><TxnDelType>SalesReceipt</TxnDelType></TxnDeletedQueryRq>',
    );
    expect(
      xmlOf(listDeletedQuery({ listDelTypes: ['Customer'], fromDeletedDate: '2024-01-01T00:00:00-05:00' })),
    ).toContain(
      '<DeletedDateRangeFilter><FromDeletedDate>2024-01-01T00:00:00-05:00</FromDeletedDate></DeletedDateRangeFilter>',
    );
    expect(() => listDeletedQuery({ listDelTypes: [] })).toThrow(/at least one type/);
  });

  it('treats list names as keys: too long, ":" or padding throws', () => {
    expect(() => customerAdd({ name: 'x'.repeat(42) })).toThrow(/at most 41/);
    expect(() => customerAdd({ name: 'Parent:Child' })).toThrow(/must not contain ':'/);
    expect(() => customerAdd({ name: ' padded' })).toThrow(/whitespace/);
    expect(() =>
      itemNonInventoryAdd({ name: 'x'.repeat(32), sales: { account: { fullName: 'Sales' } } }),
    ).toThrow(/at most 31/);
    expect(() =>
      itemNonInventoryAdd({
        name: 'ok',
        manufacturerPartNumber: 'M'.repeat(32),
        sales: { account: { fullName: 'Sales' } },
      }),
    ).toThrow(/at most 31/);
    expect(() => itemNonInventoryAdd({ name: 'ok', sales: { account: {} } })).toThrow(
      /sales.account needs a listId or a fullName/,
    );
  });

  it('flattens line breaks in single-line fields and keeps them in notes', () => {
    const rq = parsedRequest(customerAdd({ name: 'N', companyName: 'A\r\nB\tC', notes: 'line1\nline2' }));
    const add = rq.CustomerAdd as Record<string, unknown>;
    expect(add.CompanyName).toBe('A B C');
    expect(add.Notes).toBe('line1\nline2');
  });
});

describe('escaping', () => {
  it('round-trips &<>"\' and non-ASCII through a standard XML parser', () => {
    const value = `Tom & Jerry's <"Cheese"> Café 日本 😀`;
    const rq = parsedRequest(customerQuery({ nameFilter: { matchCriterion: 'Contains', name: value } }));
    expect((rq.NameFilter as Record<string, unknown>).Name).toBe(value);
    const x = xmlOf(customerQuery({ nameFilter: { matchCriterion: 'Contains', name: value } }));
    expect(x).toContain('Tom &amp; Jerry&apos;s &lt;&quot;Cheese&quot;&gt; Café 日本 😀');
  });

  it('escapes attribute values and strips characters XML cannot carry', () => {
    const x = buildQbxmlDocument([{ ...companyQuery(), requestID: `a"b<c>&'\u0000` }]);
    expect(x).toContain('<CompanyQueryRq requestID="a&quot;b&lt;c&gt;&amp;&apos;">');
    const memo = parsedRequest(
      invoiceAdd({ customer: { fullName: 'c' }, memo: SPECIAL, lines: [{ amount: 1 }] }),
    );
    // XML-invalid characters stripped; what QuickBooks cannot store folded (— → -) or dropped (日本, 😀).
    expect((memo.InvoiceAdd as Record<string, unknown>).Memo).toBe(`A&B <C> "D" 'E' - é ü`);
  });
});
