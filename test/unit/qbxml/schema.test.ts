import { describe, expect, it } from 'vitest';
import {
  buildQbxmlDocument,
  companyQuery,
  customerAdd,
  customerQuery,
  employeeQuery,
  hostQuery,
  invoiceAdd,
  invoiceMod,
  invoiceQuery,
  itemInventoryQuery,
  itemNonInventoryAdd,
  itemQuery,
  itemServiceAdd,
  journalEntryAdd,
  journalEntryMod,
  journalEntryQuery,
  listDeletedQuery,
  otherNameQuery,
  LIST_DEL_TYPES,
  salesReceiptAdd,
  salesReceiptMod,
  salesReceiptQuery,
  txnDel,
  txnDeletedQuery,
  TXN_DEL_TYPES,
  vendorQuery,
  type QbxmlRequest,
} from '../../../src-main/engine/qbxml';
import { validateQbxml } from '../../helpers/xmllint';
import { GUID, LONG, longAddress, SPECIAL, SPECIAL_KEY } from './fixtures';

const T1 = '2024-03-10T01:59:59-08:00';
const T2 = '2024-11-03T01:30:00-07:00';

const fullSalesLine = {
  item: { listId: '80000034-1415899267', fullName: SPECIAL_KEY },
  desc: LONG,
  quantity: 2.123456,
  rate: 103.123456,
  class: { fullName: 'West:Retail' },
  amount: 218.98,
  serviceDate: '2024-02-29',
  salesTaxCode: { fullName: 'Non' },
  other1: LONG,
  other2: SPECIAL,
};

const header = {
  class: { fullName: 'West' },
  template: { fullName: 'Intuit Product Invoice' },
  txnDate: '2024-03-10',
  refNumber: '#0123456789',
  billAddress: longAddress,
  shipAddress: { addr1: SPECIAL, city: 'Hollywood', state: 'CA', postalCode: '90210', country: 'USA' },
  isPending: false,
  dueDate: '2024-04-09',
  shipDate: '2024-03-11',
  shipMethod: { fullName: 'UPS Ground' },
  fob: LONG,
  itemSalesTax: { fullName: 'CA Sales Tax' },
  memo: LONG,
  customerMsg: { fullName: 'Thank you for your business.' },
  isToBePrinted: true,
  isToBeEmailed: false,
  isTaxIncluded: false,
  customerSalesTaxCode: { fullName: 'Tax' },
  other: LONG,
};

/** Builder calls covering every builder and each option family, named for the report. */
const variants: Array<[string, () => QbxmlRequest]> = [
  ['hostQuery minimal', () => hostQuery()],
  [
    'hostQuery with requestID and IncludeRetElement',
    () => hostQuery({ requestID: 'host-1', includeRetElements: ['ProductName', 'SupportedQBXMLVersion'] }),
  ],
  ['companyQuery minimal', () => companyQuery()],
  [
    'companyQuery with OwnerID 0 and a GUID',
    () => companyQuery({ includeRetElements: ['CompanyName'], ownerID: ['0', GUID] }),
  ],

  ['customerQuery everything', () => customerQuery()],
  // The names mirror: every vendor, employee and other name modified since a watermark, four elements each.
  ...(['vendorQuery', 'employeeQuery', 'otherNameQuery'] as const).map(
    (n) =>
      [
        `${n} names since a watermark`,
        () =>
          ({ vendorQuery, employeeQuery, otherNameQuery })[n]({
            activeStatus: 'All',
            fromModifiedDate: T1,
            includeRetElements: ['ListID', 'Name', 'IsActive', 'TimeModified'],
          }),
      ] as [string, () => QbxmlRequest],
  ),
  [
    'customerQuery by ListID',
    () => customerQuery({ listIds: ['80000013-1416570432', '80000014-1416570433'] }),
  ],
  [
    'customerQuery by FullName (special, 209 chars)',
    () =>
      customerQuery({
        fullNames: [
          SPECIAL_KEY,
          `${'A'.repeat(41)}:${'B'.repeat(41)}:${'C'.repeat(41)}:${'D'.repeat(41)}:${'E'.repeat(41)}`,
        ],
      }),
  ],
  [
    'customerQuery all filters + NameFilter',
    () =>
      customerQuery({
        maxReturned: 500,
        activeStatus: 'All',
        fromModifiedDate: T1,
        toModifiedDate: T2,
        nameFilter: { matchCriterion: 'Contains', name: SPECIAL },
        includeRetElements: ['ListID', 'Name'],
        ownerID: '0',
      }),
  ],
  ['customerQuery NameRangeFilter', () => customerQuery({ nameRangeFilter: { fromName: 'A', toName: 'M' } })],
  [
    'customerQuery iterator Start',
    () =>
      customerQuery({
        iterator: 'Start',
        maxReturned: 100,
        activeStatus: 'All',
        fromModifiedDate: T1,
        ownerID: '0',
        requestID: '42',
      }),
  ],
  [
    'customerQuery iterator Continue',
    () =>
      customerQuery({
        iterator: 'Continue',
        iteratorID: '{e7b2c5b0-0d2c-4f39-9e36-8d3b1f7d6a11}',
        maxReturned: 100,
      }),
  ],
  [
    'customerQuery iterator Stop + metaData',
    () => customerQuery({ iterator: 'Stop', iteratorID: 'abc', metaData: 'MetaDataAndResponseData' }),
  ],

  ['itemQuery everything', () => itemQuery()],
  ['itemQuery by ListID', () => itemQuery({ listIds: ['80000005-1415103643'], ownerID: '0' })],
  ['itemQuery by FullName', () => itemQuery({ fullNames: ['SPREE-T-SHIRT', `Parent:${SPECIAL_KEY}`] })],
  [
    'itemQuery filters',
    () =>
      itemQuery({
        maxReturned: 1,
        activeStatus: 'InactiveOnly',
        fromModifiedDate: '2024-01-01',
        toModifiedDate: '2024-01-31T23:59',
        nameFilter: { matchCriterion: 'StartsWith', name: 'SPREE' },
      }),
  ],
  [
    'itemQuery iterator Start with metaData',
    () => itemQuery({ iterator: 'Start', maxReturned: 250, metaData: 'MetaDataOnly' }),
  ],
  ['itemInventoryQuery by ListID', () => itemInventoryQuery({ listIds: ['80000002-1415025717'] })],
  [
    'itemInventoryQuery filters + iterator',
    () =>
      itemInventoryQuery({
        iterator: 'Start',
        maxReturned: 100,
        activeStatus: 'ActiveOnly',
        fromModifiedDate: T1,
        nameRangeFilter: { toName: 'Z' },
        ownerID: GUID,
      }),
  ],

  ['invoiceQuery by TxnID', () => invoiceQuery({ txnIds: ['C5-1417118624'], includeLineItems: true })],
  ['invoiceQuery by RefNumber', () => invoiceQuery({ refNumbers: ['R1TT46883', '#0123456789'] })],
  [
    'invoiceQuery RefNumberCaseSensitive',
    () =>
      invoiceQuery({
        refNumbers: ['r1tt46883'],
        refNumberCaseSensitive: true,
        includeLineItems: true,
        ownerID: '0',
      }),
  ],
  [
    'invoiceQuery all filters (modified range)',
    () =>
      invoiceQuery({
        maxReturned: 10,
        fromModifiedDate: T1,
        toModifiedDate: T2,
        entity: { fullNames: [SPECIAL_KEY] },
        refNumberFilter: { matchCriterion: 'StartsWith', refNumber: '#' },
        paidStatus: 'NotPaidOnly',
        includeLineItems: true,
        includeLinkedTxns: true,
        includeRetElements: ['TxnID', 'RefNumber'],
        ownerID: '0',
      }),
  ],
  [
    'invoiceQuery txn date range + ref range',
    () =>
      invoiceQuery({
        fromTxnDate: '2024-01-01',
        toTxnDate: '2024-12-31',
        entity: { listIds: ['80000013-1416570432'] },
        refNumberRange: { from: '1000', to: '1999' },
      }),
  ],
  [
    'invoiceQuery iterator',
    () => invoiceQuery({ iterator: 'Start', maxReturned: 50, fromModifiedDate: T1, includeLineItems: false }),
  ],
  ['salesReceiptQuery by TxnID', () => salesReceiptQuery({ txnIds: ['B7-1417040299'] })],
  [
    'salesReceiptQuery filters',
    () =>
      salesReceiptQuery({
        maxReturned: 5,
        fromTxnDate: '2024-03-01',
        entity: { fullNames: ['spree@example.com'] },
        includeLineItems: true,
        ownerID: '0',
      }),
  ],
  [
    'salesReceiptQuery iterator Continue',
    () =>
      salesReceiptQuery({ iterator: 'Continue', iteratorID: 'it-1', maxReturned: 5, fromModifiedDate: T1 }),
  ],
  [
    'journalEntryQuery by RefNumber',
    () =>
      journalEntryQuery({
        refNumbers: ['#ABCDEFGHJK'],
        refNumberCaseSensitive: true,
        includeLineItems: true,
      }),
  ],
  [
    // The hand-edit watch (sync/edited-txns.ts): QuickBooks' own TimeModified as the lower bound.
    'journalEntryQuery edit watch',
    () =>
      journalEntryQuery({
        iterator: 'Start',
        maxReturned: 100,
        fromModifiedDate: '2026-12-07T04:08:32-08:00',
        includeLineItems: true,
      }),
  ],
  [
    'journalEntryQuery filters',
    () => journalEntryQuery({ maxReturned: 100, toModifiedDate: T2, refNumberRange: { from: 'A' } }),
  ],

  [
    'invoiceAdd minimal',
    () =>
      invoiceAdd({
        customer: { listId: '80000013-1416570432' },
        lines: [{ item: { fullName: 'SPREE-T-SHIRT' }, amount: 206 }],
      }),
  ],
  [
    'invoiceAdd full, long and special values',
    () =>
      invoiceAdd({
        ...header,
        requestID: 'inv-1',
        customer: { listId: '80000013-1416570432', fullName: SPECIAL_KEY },
        arAccount: { fullName: 'Accounts Receivable' },
        poNumber: LONG,
        terms: { fullName: 'Net 30' },
        includeRetElements: ['TxnID', 'EditSequence'],
        lines: [
          fullSalesLine,
          { desc: 'comment-only line' },
          { item: { listId: '80000035-1415899268' }, quantity: 1, rate: 0.5 },
          { item: { fullName: 'Discount' }, amount: -5.5 },
        ],
      }),
  ],
  [
    'invoiceMod header only',
    () => invoiceMod({ txnId: 'C5-1417118624', editSequence: '1417118624', memo: SPECIAL }),
  ],
  [
    'invoiceMod full with existing and new lines',
    () =>
      invoiceMod({
        ...header,
        txnId: 'C5-1417118624',
        editSequence: '1417118624',
        customer: { fullName: 'spree@example.com' },
        arAccount: { listId: '8000001D-1415742793' },
        poNumber: LONG,
        terms: { fullName: 'Net 30' },
        lines: [
          { ...fullSalesLine, txnLineId: 'C7-1417118624' },
          { txnLineId: '-1', item: { fullName: 'NEW' }, quantity: 3, rate: 9.99 },
        ],
      }),
  ],
  [
    'salesReceiptAdd minimal',
    () => salesReceiptAdd({ lines: [{ item: { fullName: 'SPREE-T-SHIRT' }, quantity: 1, rate: 20 }] }),
  ],
  [
    'salesReceiptAdd full',
    () =>
      salesReceiptAdd({
        ...header,
        customer: { fullName: SPECIAL_KEY },
        checkNumber: LONG,
        paymentMethod: { fullName: 'Check' },
        depositToAccount: { fullName: 'Undeposited Funds' },
        includeRetElements: ['TxnID'],
        lines: [fullSalesLine, { desc: SPECIAL }],
      }),
  ],
  [
    // Sales tax steered ('line' mode): a 0 % tax item on the transaction, every line coded Non.
    'salesReceiptAdd with its tax item and line tax codes',
    () =>
      salesReceiptAdd({
        customer: { listId: '80000013-1416570432' },
        itemSalesTax: { listId: '80000020-1416570432' },
        lines: [
          {
            item: { listId: '80000001-1416570432' },
            quantity: 2,
            rate: 20,
            salesTaxCode: { fullName: 'Non' },
          },
          { item: { listId: '80000002-1416570432' }, amount: 4.6, salesTaxCode: { fullName: 'Non' } },
        ],
      }),
  ],
  [
    'invoiceMod with its tax item and new lines coded',
    () =>
      invoiceMod({
        txnId: 'B7-1417040299',
        editSequence: '1417040299',
        itemSalesTax: { fullName: 'SF Combined' },
        lines: [
          {
            txnLineId: '-1',
            item: { fullName: 'TEE' },
            quantity: 1,
            rate: 20,
            salesTaxCode: { fullName: 'Tax' },
          },
        ],
      }),
  ],
  [
    // Bundles: line groups interleaved with plain lines (the schema's repeated choice).
    'salesReceiptAdd with line groups between plain lines',
    () =>
      salesReceiptAdd({
        customer: { listId: '80000013-1416570432' },
        lines: [
          { item: { fullName: 'TEE' }, quantity: 1, rate: 20 },
          { kind: 'group', group: { listId: '80000040-1416570432' }, quantity: 2, desc: SPECIAL },
          { item: { fullName: 'Shipping' }, amount: 4.6 },
          { kind: 'group', group: { fullName: 'GIFT-SET' } },
        ],
      }),
  ],
  [
    'invoiceAdd with a line group',
    () =>
      invoiceAdd({
        customer: { fullName: 'Jane Doe' },
        lines: [{ kind: 'group', group: { fullName: 'GIFT-SET' }, quantity: 1, serviceDate: '2024-02-29' }],
      }),
  ],
  [
    'salesReceiptMod with an existing group repriced and a new group',
    () =>
      salesReceiptMod({
        txnId: 'B7-1417040299',
        editSequence: '1417040299',
        lines: [
          { txnLineId: '-1', item: { fullName: 'Shipping' }, amount: 5 },
          {
            kind: 'group',
            txnLineId: 'B9-1417040299',
            quantity: 3,
            lines: [
              { txnLineId: 'BA-1417040299', quantity: 3, amount: 30.01 },
              { txnLineId: 'BB-1417040299', quantity: 6, amount: 44.99 },
            ],
          },
          { kind: 'group', txnLineId: '-1', group: { fullName: 'GIFT-SET' }, quantity: 0 },
        ],
      }),
  ],
  [
    'invoiceMod with an existing group repriced',
    () =>
      invoiceMod({
        txnId: 'C5-1417118624',
        editSequence: '1417118624',
        lines: [
          {
            kind: 'group',
            txnLineId: 'C8-1417118624',
            lines: [{ txnLineId: 'C9-1417118624', amount: 12.5 }],
          },
        ],
      }),
  ],
  [
    'salesReceiptMod header only',
    () => salesReceiptMod({ txnId: 'B7-1417040299', editSequence: '1417040299', shipDate: '2024-03-12' }),
  ],
  [
    'salesReceiptMod full',
    () =>
      salesReceiptMod({
        ...header,
        txnId: 'B7-1417040299',
        editSequence: '1417040299',
        customer: { listId: '80000013-1416570432' },
        checkNumber: '1001',
        paymentMethod: { listId: '80000002-1414518217' },
        depositToAccount: { fullName: 'Checking' },
        lines: [{ ...fullSalesLine, txnLineId: '-1' }],
      }),
  ],
  [
    'journalEntryAdd minimal',
    () =>
      journalEntryAdd({
        debitLines: [{ account: { fullName: 'Undeposited Funds' }, amount: 10 }],
        creditLines: [{ account: { fullName: 'Sales' }, amount: 10 }],
      }),
  ],
  [
    'journalEntryAdd full',
    () =>
      journalEntryAdd({
        txnDate: '2024-03-10',
        refNumber: '12345678901',
        memo: LONG,
        isAdjustment: false,
        includeRetElements: ['TxnID'],
        debitLines: [
          {
            account: { fullName: 'Accounts Receivable' },
            amount: 100.1,
            memo: LONG,
            entity: { fullName: SPECIAL_KEY },
            class: { fullName: 'West' },
          },
          { account: { listId: '8000001E-1416683831' }, amount: 0.2 },
        ],
        creditLines: [{ account: { fullName: 'Sales:Web' }, amount: 100.3, memo: SPECIAL }],
      }),
  ],
  [
    'journalEntryMod header only',
    () => journalEntryMod({ txnId: 'A1-1417118624', editSequence: '1417118624', txnDate: '2024-02-29' }),
  ],
  [
    'journalEntryMod every header field, requestID and IncludeRetElement',
    () =>
      journalEntryMod({
        requestID: 'je-mod-1',
        txnId: 'A1-1417118624',
        editSequence: '1417118624',
        txnDate: '2024-03-10',
        refNumber: '#0123456789',
        isAdjustment: true,
        includeRetElements: ['TxnID', 'EditSequence'],
      }),
  ],
  [
    'journalEntryMod existing lines edited and moved, new lines added',
    () =>
      journalEntryMod({
        txnId: 'A1-1417118624',
        editSequence: '1417118624',
        refNumber: '12345678901',
        debitLines: [
          {
            txnLineId: 'A2-1417118624',
            account: { fullName: 'Accounts Receivable' },
            amount: 100.1,
            memo: LONG,
            entity: { listId: '80000013-1416570432', fullName: SPECIAL_KEY },
            class: { fullName: 'West:Retail' },
          },
          { txnLineId: '-1', account: { listId: '8000001E-1416683831' }, amount: 0.2, memo: SPECIAL },
        ],
        creditLines: [
          { txnLineId: 'A3-1417118624', amount: 80.3 },
          {
            txnLineId: '-1',
            account: { fullName: 'Sales:Web' },
            amount: 20,
            class: { listId: '80000001-1' },
          },
        ],
      }),
  ],
  [
    'journalEntryMod lines only, zero amounts',
    () =>
      journalEntryMod({
        txnId: 'A1-1417118624',
        editSequence: '1',
        debitLines: [{ txnLineId: 'A2-1417118624', amount: 0 }],
        creditLines: [{ txnLineId: '-1', account: { fullName: 'Sales' }, amount: 0 }],
      }),
  ],
  ...TXN_DEL_TYPES.filter((t) => ['Invoice', 'SalesReceipt', 'JournalEntry'].includes(t)).map(
    (t): [string, () => QbxmlRequest] => [
      `txnDel ${t}`,
      () => txnDel({ txnDelType: t, txnID: 'C5-1417118624' }),
    ],
  ),
  ['txnDeletedQuery one type', () => txnDeletedQuery({ txnDelTypes: ['Invoice'] })],
  [
    'txnDeletedQuery all types with range',
    () =>
      txnDeletedQuery({
        txnDelTypes: [...TXN_DEL_TYPES],
        fromDeletedDate: T1,
        toDeletedDate: T2,
        includeRetElements: ['TxnID'],
        metaData: 'NoMetaData',
      }),
  ],
  ['listDeletedQuery one type', () => listDeletedQuery({ listDelTypes: ['Customer'], fromDeletedDate: T1 })],
  [
    'listDeletedQuery all types',
    () => listDeletedQuery({ listDelTypes: [...LIST_DEL_TYPES], toDeletedDate: T2 }),
  ],

  ['customerAdd minimal', () => customerAdd({ name: 'spree@example.com' })],
  [
    'customerAdd full, long and special values',
    () =>
      customerAdd({
        name: `${SPECIAL_KEY} ${'n'.repeat(41 - SPECIAL_KEY.length - 1)}`,
        isActive: true,
        parent: { fullName: 'Marketplaces' },
        companyName: LONG,
        salutation: LONG,
        firstName: LONG,
        middleName: LONG,
        lastName: LONG,
        billAddress: longAddress,
        shipAddress: longAddress,
        phone: LONG,
        altPhone: LONG,
        fax: LONG,
        email: `${'x'.repeat(2000)}@example.com`,
        contact: LONG,
        salesTaxCode: { fullName: 'Non' },
        notes: LONG,
        includeRetElements: ['ListID', 'EditSequence'],
      }),
  ],
  [
    'itemNonInventoryAdd minimal',
    () => itemNonInventoryAdd({ name: 'SPREE-T-SHIRT', sales: { account: { fullName: 'Sales' } } }),
  ],
  [
    'itemNonInventoryAdd full',
    () =>
      itemNonInventoryAdd({
        name: 'x'.repeat(31),
        isActive: true,
        parent: { fullName: 'Apparel' },
        manufacturerPartNumber: 'M'.repeat(31),
        salesTaxCode: { fullName: 'Tax' },
        sales: { desc: LONG, price: 19.99999, account: { listId: '8000001B-1415022649' } },
      }),
  ],
  [
    'itemServiceAdd minimal',
    () => itemServiceAdd({ name: 'Shipping', sales: { account: { fullName: 'Shipping Income' } } }),
  ],
  [
    'itemServiceAdd full',
    () =>
      itemServiceAdd({
        name: SPECIAL_KEY,
        isActive: false,
        parent: { listId: '80000001-1' },
        salesTaxCode: { listId: '80000002-1414518221' },
        sales: { desc: SPECIAL, price: 0, account: { fullName: 'Shipping Income' } },
        requestID: 's',
      }),
  ],
];

describe('every builder validates against the qbXML 13.0 schema', () => {
  it.each(variants)('%s', (_name, build) => {
    const xml = buildQbxmlDocument([build()]);
    const result = validateQbxml(xml);
    expect(result.errors).toBe('');
    expect(result.ok).toBe(true);
  });

  it('a document with every variant at once, stopOnError and message-set IDs', () => {
    const xml = buildQbxmlDocument(
      variants.map(([, build], i) => ({ ...build(), requestID: String(i + 1) })),
      { onError: 'stopOnError', newMessageSetID: 'set-2', oldMessageSetID: 'set-1' },
    );
    expect(validateQbxml(xml)).toEqual({ ok: true, errors: '' });
  });

  it('declares an older qbXML version when negotiated down, still schema-valid', () => {
    const xml = buildQbxmlDocument([customerQuery({ maxReturned: 1 })], { version: '12.0' });
    expect(xml.split('\n')[1]).toBe('<?qbxml version="12.0"?>');
    expect(validateQbxml(xml).ok).toBe(true);
  });
});

describe('the validator itself', () => {
  it('rejects a wrongly ordered request that is valid in the right order', () => {
    const right = buildQbxmlDocument([
      { type: 'CustomerQueryRq', body: { MaxReturned: 5, ActiveStatus: 'All' } },
    ]);
    const wrong = buildQbxmlDocument([
      { type: 'CustomerQueryRq', body: { ActiveStatus: 'All', MaxReturned: 5 } },
    ]);
    expect(validateQbxml(right).ok).toBe(true);
    const result = validateQbxml(wrong);
    expect(result.ok).toBe(false);
    expect(result.errors).toMatch(/MaxReturned/);
  });

  it('rejects a wrongly ordered InvoiceAdd (RefNumber before TxnDate)', () => {
    const wrong = buildQbxmlDocument([
      {
        type: 'InvoiceAddRq',
        body: {
          InvoiceAdd: {
            CustomerRef: { FullName: 'x' },
            RefNumber: '1',
            TxnDate: '2024-01-01',
            InvoiceLineAdd: { Amount: '1.00' },
          },
        },
      },
    ]);
    expect(validateQbxml(wrong)).toMatchObject({ ok: false, errors: expect.stringMatching(/TxnDate/) });
  });

  it('JournalEntryMod: no header Memo, and lines must be JournalLineMod (not JournalDebitLine)', () => {
    const mod = (extra: string, line: string) =>
      buildQbxmlDocument([
        {
          type: 'JournalEntryModRq',
          body: {
            JournalEntryMod: {
              TxnID: 'A1-1',
              EditSequence: '1',
              ...(extra ? { [extra]: 'x' } : {}),
              ...(line ? { [line]: { TxnLineID: '-1', Amount: '1.00' } } : {}),
            },
          },
        },
      ]);
    expect(validateQbxml(mod('', 'JournalLineMod')).ok).toBe(true);
    expect(validateQbxml(mod('Memo', ''))).toMatchObject({
      ok: false,
      errors: expect.stringMatching(/Memo/),
    });
    expect(validateQbxml(mod('', 'JournalDebitLine'))).toMatchObject({
      ok: false,
      errors: expect.stringMatching(/JournalDebitLine/),
    });
  });

  it('enforces maxLength, so the long-value variants above prove the clamping', () => {
    const tooLong = buildQbxmlDocument([
      {
        type: 'InvoiceAddRq',
        body: { InvoiceAdd: { CustomerRef: { FullName: 'x' }, RefNumber: '123456789012' } },
      },
    ]);
    expect(validateQbxml(tooLong)).toMatchObject({ ok: false, errors: expect.stringMatching(/RefNumber/) });
  });

  it('rejects a bad AMTTYPE, so the number formatting is checked too', () => {
    const bad = buildQbxmlDocument([
      {
        type: 'InvoiceAddRq',
        body: {
          InvoiceAdd: { CustomerRef: { FullName: 'x' }, InvoiceLineAdd: { Amount: '0.30000000000000004' } },
        },
      },
    ]);
    expect(validateQbxml(bad).ok).toBe(false);
  });
});
