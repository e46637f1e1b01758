import { describe, expect, it } from 'vitest';
import {
  parseQbxmlResponse,
  pickQbxmlVersion,
  QbxmlMappingError,
  toCompany,
  toCustomer,
  toDeletedList,
  toDeletedTxn,
  toHost,
  toInvoice,
  toItem,
  toJournalEntry,
  toSalesReceipt,
  toTxnDelResult,
  type QbxmlRs,
  type RetObject,
} from '../../../src-main/engine/qbxml';
import { loadQbxmlResponseSample } from '../../helpers/qbxmlSamples';

function firstRs(inner: string): QbxmlRs {
  return parseQbxmlResponse(`<?xml version="1.0" ?><QBXML><QBXMLMsgsRs>${inner}</QBXMLMsgsRs></QBXML>`)
    .responses[0]!;
}
const rets = (rsType: string, body: string): RetObject[] =>
  firstRs(`<${rsType} statusCode="0" statusSeverity="Info" statusMessage="Status OK">${body}</${rsType}>`)
    .rets;

const core = (id: string, name: string, fullName = true) =>
  `<ListID>${id}</ListID><TimeCreated>2024-03-10T01:00:00-08:00</TimeCreated><TimeModified>2024-03-10T03:30:00-07:00</TimeModified><EditSequence>17</EditSequence><Name>${name}</Name>${fullName ? `<FullName>Parent:${name}</FullName>` : ''}<IsActive>true</IsActive>`;

describe('toInvoice', () => {
  it('maps the captured InvoiceAdd response', () => {
    const [ret] = parseQbxmlResponse(loadQbxmlResponseSample('flowlink/invoice_add_rs.xml')).responses[0]!
      .rets;
    const inv = toInvoice(ret!);
    expect(inv).toMatchObject({
      txnId: 'C5-1417118624',
      editSequence: '1417118624',
      txnNumber: 64,
      refNumber: 'R1TT46883',
      txnDate: '2014-02-03',
      customer: { listId: '80000013-1416570432', fullName: 'spree@example.com' },
      arAccount: { listId: '8000001D-1415742793', fullName: 'Accounts Receivable' },
      template: { fullName: 'Intuit Service Invoice' },
      billAddress: {
        addr1: '1234 Awesome Street',
        city: 'Hollywood',
        state: 'CA',
        postalCode: '90210',
        country: 'USA',
      },
      isPending: false,
      dueDate: '2014-02-03',
      shipDate: '2014-02-03',
      subtotal: 206,
      salesTaxPercentage: 0,
      salesTaxTotal: 0,
      totalAmount: 206,
      appliedAmount: 0,
      balanceRemaining: 206,
      isPaid: false,
      timeModified: '2014-11-27T18:03:44-02:00',
      timeModifiedMs: Date.UTC(2014, 10, 27, 20, 3, 44),
      lineGroups: [],
      dataExt: [],
    });
    expect(inv.poNumber).toBeUndefined();
    expect(inv.memo).toBeUndefined();
    expect(inv.lines).toEqual([
      {
        txnLineId: 'C7-1417118624',
        item: { listId: '80000034-1415899267', fullName: 'SPREE-T-SHIRT' },
        quantity: 2,
        rate: 103,
        amount: 206,
        salesTaxCode: { listId: '80000002-1414518221', fullName: 'Non' },
        dataExt: [],
      },
    ]);
  });

  it('computes the total from Subtotal + SalesTaxTotal without float drift, reads groups and custom fields', () => {
    const [ret] = rets(
      'InvoiceQueryRs',
      `<InvoiceRet><TxnID>1-1</TxnID><TimeCreated>2024-01-01T00:00:00</TimeCreated><TimeModified>2024-01-01T00:00:00</TimeModified><EditSequence>5</EditSequence>
        <CustomerRef><FullName>Bob</FullName></CustomerRef><TxnDate>2024-01-01</TxnDate><RefNumber>#0123456789</RefNumber><PONumber>12345-ABCDEFGHIJKL</PONumber>
        <Subtotal>0.10</Subtotal><SalesTaxTotal>0.20</SalesTaxTotal><Memo>ShipStation order 12345-ABCDEFGHIJKL</Memo>
        <InvoiceLineGroupRet><TxnLineID>G1</TxnLineID><ItemGroupRef><FullName>Kit</FullName></ItemGroupRef><IsPrintItemsInGroup>false</IsPrintItemsInGroup><TotalAmount>0.10</TotalAmount>
          <InvoiceLineRet><TxnLineID>L1</TxnLineID><Desc>part</Desc><Amount>0.10</Amount></InvoiceLineRet></InvoiceLineGroupRet>
        <DataExtRet><OwnerID>0</OwnerID><DataExtName>Channel</DataExtName><DataExtType>STR255TYPE</DataExtType><DataExtValue>Amazon</DataExtValue></DataExtRet>
      </InvoiceRet>`,
    );
    const inv = toInvoice(ret!);
    expect(inv.totalAmount).toBe(0.3);
    expect(inv.poNumber).toBe('12345-ABCDEFGHIJKL');
    expect(inv.timeModifiedMs).toBeUndefined();
    expect(inv.lines).toEqual([]);
    expect(inv.lineGroups).toEqual([
      {
        txnLineId: 'G1',
        itemGroup: { fullName: 'Kit' },
        totalAmount: 0.1,
        desc: undefined,
        quantity: undefined,
        lines: [{ txnLineId: 'L1', desc: 'part', amount: 0.1, dataExt: [] }],
      },
    ]);
    expect(inv.dataExt).toEqual([{ ownerId: '0', name: 'Channel', type: 'STR255TYPE', value: 'Amazon' }]);
  });

  it('explains what is missing or malformed', () => {
    const [noCustomer] = rets(
      'InvoiceQueryRs',
      '<InvoiceRet><TxnID>1</TxnID><TimeCreated>x</TimeCreated><TimeModified>x</TimeModified><EditSequence>1</EditSequence><TxnDate>2024-01-01</TxnDate></InvoiceRet>',
    );
    expect(() => toInvoice(noCustomer!)).toThrow(
      /InvoiceRet does not have the expected shape: CustomerRef is required/,
    );
    const [badMoney] = rets(
      'InvoiceQueryRs',
      '<InvoiceRet><TxnID>1</TxnID><TimeCreated>x</TimeCreated><TimeModified>x</TimeModified><EditSequence>1</EditSequence><CustomerRef><ListID>1</ListID></CustomerRef><TxnDate>2024-01-01</TxnDate><Subtotal>12,00</Subtotal></InvoiceRet>',
    );
    expect(() => toInvoice(badMoney!)).toThrow(/Subtotal: "12,00" is not a number/);
    expect(() => toSalesReceipt(noCustomer!)).toThrow(QbxmlMappingError);
  });
});

describe('toSalesReceipt and toJournalEntry', () => {
  it('maps a sales receipt with TotalAmount and payment fields', () => {
    const [ret] = rets(
      'SalesReceiptAddRs',
      `<SalesReceiptRet><TxnID>SR-1</TxnID><TimeCreated>2024-11-03T01:30:00-07:00</TimeCreated><TimeModified>2024-11-03T01:30:00-08:00</TimeModified><EditSequence>9</EditSequence><TxnNumber>3</TxnNumber>
        <TxnDate>2024-11-03</TxnDate><RefNumber>1001</RefNumber><CheckNumber>77</CheckNumber><PaymentMethodRef><FullName>Cash</FullName></PaymentMethodRef>
        <Subtotal>19.98</Subtotal><SalesTaxTotal>1.65</SalesTaxTotal><TotalAmount>21.63</TotalAmount><DepositToAccountRef><FullName>Undeposited Funds</FullName></DepositToAccountRef>
        <SalesReceiptLineRet><TxnLineID>1</TxnLineID><ItemRef><FullName>Mug</FullName></ItemRef><Quantity>2</Quantity><Rate>9.99</Rate><Amount>19.98</Amount></SalesReceiptLineRet>
        <SalesReceiptLineRet><TxnLineID>2</TxnLineID><Desc>Thanks!</Desc></SalesReceiptLineRet>
      </SalesReceiptRet>`,
    );
    const sr = toSalesReceipt(ret!);
    expect(sr).toMatchObject({
      txnId: 'SR-1',
      txnNumber: 3,
      refNumber: '1001',
      checkNumber: '77',
      paymentMethod: { fullName: 'Cash' },
      depositToAccount: { fullName: 'Undeposited Funds' },
      totalAmount: 21.63,
      timeModifiedMs: Date.UTC(2024, 10, 3, 9, 30),
    });
    expect(sr.customer).toBeUndefined();
    expect(
      sr.lines.map((l) => [l.txnLineId, l.item?.fullName, l.quantity, l.rate, l.amount, l.desc]),
    ).toEqual([
      ['1', 'Mug', 2, 9.99, 19.98, undefined],
      ['2', undefined, undefined, undefined, undefined, 'Thanks!'],
    ]);
  });

  it('maps journal entry debit and credit lines with totals', () => {
    const [ret] = rets(
      'JournalEntryQueryRs',
      `<JournalEntryRet><TxnID>JE-1</TxnID><TimeCreated>2024-01-01T00:00:00-05:00</TimeCreated><TimeModified>2024-01-01T00:00:00-05:00</TimeModified><EditSequence>1</EditSequence>
        <TxnDate>2024-01-01</TxnDate><RefNumber>#ABCDEFGHJK</RefNumber><Memo>ShipStation order X</Memo><IsAdjustment>false</IsAdjustment>
        <JournalDebitLine><TxnLineID>D1</TxnLineID><AccountRef><FullName>Undeposited Funds</FullName></AccountRef><Amount>100.10</Amount></JournalDebitLine>
        <JournalCreditLine><TxnLineID>C1</TxnLineID><AccountRef><FullName>Sales</FullName></AccountRef><Amount>90.00</Amount><EntityRef><FullName>Bob</FullName></EntityRef></JournalCreditLine>
        <JournalCreditLine><TxnLineID>C2</TxnLineID><AccountRef><FullName>Sales Tax Payable</FullName></AccountRef><Amount>10.10</Amount></JournalCreditLine>
      </JournalEntryRet>`,
    );
    const je = toJournalEntry(ret!);
    expect(je).toMatchObject({
      txnId: 'JE-1',
      refNumber: '#ABCDEFGHJK',
      isAdjustment: false,
      totalDebit: 100.1,
      totalCredit: 100.1,
    });
    expect(
      je.lines.map((l) => [l.side, l.txnLineId, l.account?.fullName, l.amount, l.entity?.fullName]),
    ).toEqual([
      ['debit', 'D1', 'Undeposited Funds', 100.1, undefined],
      ['credit', 'C1', 'Sales', 90, 'Bob'],
      ['credit', 'C2', 'Sales Tax Payable', 10.1, undefined],
    ]);
  });
});

describe('toCustomer', () => {
  it('maps a captured CustomerRet', () => {
    const rs = parseQbxmlResponse(loadQbxmlResponseSample('hotglue/customer-batch-valid.response.xml'))
      .responses[0]!;
    expect(toCustomer(rs.rets[0]!)).toEqual({
      listId: '80002747-1785964187',
      editSequence: '1785964187',
      name: 'HG-BATCH-OK-1785964184-1',
      fullName: 'HG-BATCH-OK-1785964184-1',
      isActive: true,
      sublevel: 0,
      companyName: 'HG Batch OK 1785964184 1',
      balance: 0,
      totalBalance: 0,
      timeCreated: '2026-08-05T16:43:27-04:00',
      timeModified: '2026-08-05T16:43:27-04:00',
      timeModifiedMs: Date.UTC(2026, 7, 5, 20, 43, 27),
      dataExt: [],
    });
  });

  it('refuses a trimmed CustomerRet (no EditSequence/TimeCreated) with the missing fields named', () => {
    const rs = parseQbxmlResponse(loadQbxmlResponseSample('hotglue/customer-batch-valid.response.xml'))
      .responses[1]!;
    expect(() => toCustomer(rs.rets[0]!)).toThrow(
      /CustomerRet does not have the expected shape: TimeCreated: .*EditSequence/,
    );
  });

  it('maps person, contact and address fields; refuses other Ret types', () => {
    const [ret] = rets(
      'CustomerQueryRs',
      `<CustomerRet>${core('80000001-1', 'Ann')}<ParentRef><FullName>Parent</FullName></ParentRef><Sublevel>1</Sublevel><FirstName>Ann</FirstName><LastName>Lee</LastName>
        <BillAddress><Addr1>1 Main</Addr1><City>Reno</City></BillAddress><Phone>555</Phone><Email>ann@example.com</Email><Balance>-12.50</Balance></CustomerRet>`,
    );
    expect(toCustomer(ret!)).toMatchObject({
      fullName: 'Parent:Ann',
      parent: { fullName: 'Parent' },
      sublevel: 1,
      firstName: 'Ann',
      lastName: 'Lee',
      billAddress: { addr1: '1 Main', city: 'Reno' },
      phone: '555',
      email: 'ann@example.com',
      balance: -12.5,
      timeModifiedMs: Date.UTC(2024, 2, 10, 10, 30),
    });
    const [item] = parseQbxmlResponse(loadQbxmlResponseSample('flowlink/item_query_rs.xml')).responses[0]!
      .rets;
    expect(() => toCustomer(item!)).toThrow(/Expected CustomerRet, got ItemInventoryRet/);
  });
});

describe('toItem', () => {
  it('maps the captured inventory items', () => {
    const items = parseQbxmlResponse(
      loadQbxmlResponseSample('flowlink/item_query_rs.xml'),
    ).responses[0]!.rets.map(toItem);
    expect(
      items.map((i) => [i?.itemType, i?.listId, i?.fullName, i?.salesPrice, i?.quantityOnHand, i?.isActive]),
    ).toEqual([
      ['Inventory', '80000004-1415047582', 'Haskell T-Shirt', 55, 300, true],
      ['Inventory', '80000002-1415025717', 'Ruby T-Shirt', 11, 200, true],
      ['Inventory', '80000003-1415028434', 'Sinatra T-Shirt', 5, 100, true],
      ['Inventory', '80000005-1415103643', 'SPREE-T-SHIRT-1', 0, 0, true],
    ]);
    expect(items[0]).toMatchObject({
      editSequence: '1415047582',
      incomeAccount: { fullName: 'Cost of Goods Sold' },
      timeModified: '2014-11-03T18:46:22-02:00',
    });
    expect(items[0]!.sku).toBeUndefined();
  });

  it('covers all twelve item types, reading price and description where each type keeps them', () => {
    const all = rets(
      'ItemQueryRs',
      [
        `<ItemServiceRet>${core('S', 'Svc')}<SalesAndPurchase><SalesDesc>Install</SalesDesc><SalesPrice>75.00</SalesPrice><IncomeAccountRef><FullName>Services</FullName></IncomeAccountRef><PurchaseDesc>x</PurchaseDesc></SalesAndPurchase></ItemServiceRet>`,
        `<ItemNonInventoryRet>${core('N', 'Mug')}<ManufacturerPartNumber>MUG-001</ManufacturerPartNumber><SalesOrPurchase><Desc>Coffee mug</Desc><Price>9.99</Price><AccountRef><FullName>Sales</FullName></AccountRef></SalesOrPurchase></ItemNonInventoryRet>`,
        `<ItemOtherChargeRet>${core('O', 'Fee')}<SalesOrPurchase><Desc>Handling</Desc><PricePercent>2.5</PricePercent></SalesOrPurchase></ItemOtherChargeRet>`,
        `<ItemInventoryRet>${core('I', 'Shirt')}<ManufacturerPartNumber>SH-1</ManufacturerPartNumber><SalesDesc>T-shirt</SalesDesc><SalesPrice>20.00</SalesPrice><PurchaseDesc>cost</PurchaseDesc><QuantityOnHand>12.5</QuantityOnHand></ItemInventoryRet>`,
        `<ItemInventoryAssemblyRet>${core('A', 'Kit')}<SalesDesc>Kit desc</SalesDesc><SalesPrice>99.00</SalesPrice><QuantityOnHand>3</QuantityOnHand><ItemInventoryAssemblyLine><ItemInventoryRef><FullName>Shirt</FullName></ItemInventoryRef><Quantity>1</Quantity></ItemInventoryAssemblyLine></ItemInventoryAssemblyRet>`,
        `<ItemGroupRet>${core('G', 'Bundle', false)}<ItemDesc>Bundle desc</ItemDesc><IsPrintItemsInGroup>true</IsPrintItemsInGroup></ItemGroupRet>`,
        `<ItemDiscountRet>${core('D', 'Disc')}<ItemDesc>10 off</ItemDesc><DiscountRate>10.00</DiscountRate><AccountRef><FullName>Discounts</FullName></AccountRef></ItemDiscountRet>`,
        `<ItemSalesTaxRet>${core('T', 'CA', false)}<ItemDesc>CA tax</ItemDesc><TaxRate>7.25</TaxRate></ItemSalesTaxRet>`,
        `<ItemSalesTaxGroupRet>${core('TG', 'CA+City', false)}<ItemDesc>Group</ItemDesc><ItemSalesTaxRef><FullName>CA</FullName></ItemSalesTaxRef></ItemSalesTaxGroupRet>`,
        `<ItemSubtotalRet>${core('ST', 'Subtotal', false)}<ItemDesc>Subtotal</ItemDesc></ItemSubtotalRet>`,
        `<ItemPaymentRet>${core('P', 'Paid', false)}<ItemDesc>Payment</ItemDesc></ItemPaymentRet>`,
        `<ItemFixedAssetRet>${core('F', 'Van', false)}<AcquiredAs>New</AcquiredAs><PurchaseDesc>Van</PurchaseDesc><FixedAssetSalesInfo><SalesDesc>Sold van</SalesDesc><SalesDate>2024-01-01</SalesDate><SalesPrice>5000.00</SalesPrice></FixedAssetSalesInfo></ItemFixedAssetRet>`,
      ].join(''),
    );
    expect(all[8]!.data.ItemSalesTaxRef).toEqual([{ FullName: 'CA' }]);
    const mapped = all.map((r) => toItem(r)!);
    expect(
      mapped.map((i) => [
        i.itemType,
        i.fullName,
        i.sku,
        i.description,
        i.salesPrice,
        i.salesPricePercent,
        i.quantityOnHand,
      ]),
    ).toEqual([
      ['Service', 'Parent:Svc', undefined, 'Install', 75, undefined, undefined],
      ['NonInventory', 'Parent:Mug', 'MUG-001', 'Coffee mug', 9.99, undefined, undefined],
      ['OtherCharge', 'Parent:Fee', undefined, 'Handling', undefined, 2.5, undefined],
      ['Inventory', 'Parent:Shirt', 'SH-1', 'T-shirt', 20, undefined, 12.5],
      ['InventoryAssembly', 'Parent:Kit', undefined, 'Kit desc', 99, undefined, 3],
      ['Group', 'Bundle', undefined, 'Bundle desc', undefined, undefined, undefined],
      ['Discount', 'Parent:Disc', undefined, '10 off', 10, undefined, undefined],
      ['SalesTax', 'CA', undefined, 'CA tax', undefined, 7.25, undefined],
      ['SalesTaxGroup', 'CA+City', undefined, 'Group', undefined, undefined, undefined],
      ['Subtotal', 'Subtotal', undefined, 'Subtotal', undefined, undefined, undefined],
      ['Payment', 'Paid', undefined, 'Payment', undefined, undefined, undefined],
      ['FixedAsset', 'Van', undefined, 'Sold van', 5000, undefined, undefined],
    ]);
    expect(mapped[0]!.incomeAccount).toEqual({ fullName: 'Services' });
    expect(mapped[1]!.incomeAccount).toEqual({ fullName: 'Sales' });
  });

  it('returns undefined for a non-item Ret and throws for a broken item Ret', () => {
    const [customer] = rets('CustomerQueryRs', `<CustomerRet>${core('C', 'Ann')}</CustomerRet>`);
    expect(toItem(customer!)).toBeUndefined();
    const [broken] = rets('ItemQueryRs', '<ItemServiceRet><ListID>1</ListID><Name>x</Name></ItemServiceRet>');
    expect(() => toItem(broken!)).toThrow(/ItemServiceRet does not have the expected shape/);
  });
});

describe('deleted objects', () => {
  it('maps TxnDeletedRet and ListDeletedRet, skipping other Ret types', () => {
    const [txn] = rets(
      'TxnDeletedQueryRs',
      '<TxnDeletedRet><TxnDelType>Invoice</TxnDelType><TxnID>C5-1</TxnID><TimeCreated>2024-01-01T00:00:00-05:00</TimeCreated><TimeDeleted>2024-01-02T00:00:00-05:00</TimeDeleted><RefNumber>1001</RefNumber></TxnDeletedRet>',
    );
    expect(toDeletedTxn(txn!)).toEqual({
      txnDelType: 'Invoice',
      txnId: 'C5-1',
      refNumber: '1001',
      timeCreated: '2024-01-01T00:00:00-05:00',
      timeDeleted: '2024-01-02T00:00:00-05:00',
      timeDeletedMs: Date.UTC(2024, 0, 2, 5),
    });
    const [list] = rets(
      'ListDeletedQueryRs',
      '<ListDeletedRet><ListDelType>ItemService</ListDelType><ListID>8-1</ListID><TimeCreated>2024-01-01T00:00:00-05:00</TimeCreated><TimeDeleted>2024-01-02T00:00:00-05:00</TimeDeleted><FullName>Svc</FullName></ListDeletedRet>',
    );
    expect(toDeletedList(list!)).toMatchObject({
      listDelType: 'ItemService',
      listId: '8-1',
      fullName: 'Svc',
    });
    expect(toDeletedList(txn!)).toBeUndefined();
    expect(toDeletedTxn(list!)).toBeUndefined();
    const [bad] = rets(
      'ListDeletedQueryRs',
      '<ListDeletedRet><ListDelType>Spaceship</ListDelType><ListID>1</ListID><TimeDeleted>x</TimeDeleted></ListDeletedRet>',
    );
    expect(() => toDeletedList(bad!)).toThrow(/ListDelType/);
  });

  it('reads a TxnDel result from the Rs itself', () => {
    const rs = firstRs(
      '<TxnDelRs statusCode="0" statusSeverity="Info"><TxnDelType>SalesReceipt</TxnDelType><TxnID>SR-1</TxnID><TimeDeleted>2024-01-02T00:00:00-05:00</TimeDeleted><RefNumber>#0123456789</RefNumber></TxnDelRs>',
    );
    expect(toTxnDelResult(rs)).toEqual({
      txnDelType: 'SalesReceipt',
      txnId: 'SR-1',
      timeDeleted: '2024-01-02T00:00:00-05:00',
      refNumber: '#0123456789',
    });
    const failed = firstRs(
      '<TxnDelRs statusCode="3120" statusSeverity="Error" statusMessage="Object &quot;SR-1&quot; specified in the request cannot be found."/>',
    );
    expect(() => toTxnDelResult(failed)).toThrow(/TxnDelRs \(status 3120\)/);
  });
});

describe('host and company', () => {
  it('maps HostRet and negotiates from its versions', () => {
    const [ret] = rets(
      'HostQueryRs',
      `<HostRet><ProductName>QuickBooks Enterprise Solutions 24.0</ProductName><MajorVersion>34</MajorVersion><MinorVersion>0</MinorVersion><Country>US</Country>
        ${['1.0', '2.0', '12.0', '13.0', '14.0', '16.0'].map((v) => `<SupportedQBXMLVersion>${v}</SupportedQBXMLVersion>`).join('')}
        <IsAutomaticLogin>false</IsAutomaticLogin><QBFileMode>SingleUser</QBFileMode></HostRet>`,
    );
    const host = toHost(ret!);
    expect(host).toEqual({
      productName: 'QuickBooks Enterprise Solutions 24.0',
      majorVersion: '34',
      minorVersion: '0',
      country: 'US',
      supportedQbxmlVersions: ['1.0', '2.0', '12.0', '13.0', '14.0', '16.0'],
      isAutomaticLogin: false,
      qbFileMode: 'SingleUser',
    });
    expect(pickQbxmlVersion(host.supportedQbxmlVersions)).toBe('13.0');
    const [single] = rets(
      'HostQueryRs',
      '<HostRet><SupportedQBXMLVersion>12.0</SupportedQBXMLVersion></HostRet>',
    );
    expect(toHost(single!).supportedQbxmlVersions).toEqual(['12.0']);
  });

  it('maps CompanyRet', () => {
    const [ret] = rets(
      'CompanyQueryRs',
      `<CompanyRet><IsSampleCompany>false</IsSampleCompany><CompanyName>Acme &amp; Sons</CompanyName><LegalCompanyName>Acme and Sons LLC</LegalCompanyName>
        <Address><Addr1>1 Main</Addr1><City>Reno</City><State>NV</State></Address><Phone>555-0100</Phone><Email>books@acme.test</Email><EIN>12-3456789</EIN>
        <FirstMonthFiscalYear>January</FirstMonthFiscalYear></CompanyRet>`,
    );
    expect(toCompany(ret!)).toMatchObject({
      isSampleCompany: false,
      companyName: 'Acme & Sons',
      legalCompanyName: 'Acme and Sons LLC',
      address: { addr1: '1 Main', city: 'Reno', state: 'NV' },
      phone: '555-0100',
      email: 'books@acme.test',
      ein: '12-3456789',
      firstMonthFiscalYear: 'January',
      dataExt: [],
    });
  });
});
