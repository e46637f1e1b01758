import { XMLBuilder } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { isEmpty, isError, isOk, parseQbxmlResponse, QbxmlParseError } from '../../../src-main/engine/qbxml';
import { loadQbxmlResponseSample, readSample } from '../../helpers/qbxmlSamples';

const rsDoc = (inner: string, msgsAttrs = ''): string =>
  `<?xml version="1.0" ?>\n<QBXML>\n<QBXMLMsgsRs${msgsAttrs}>\n${inner}\n</QBXMLMsgsRs>\n</QBXML>\n`;

describe('real QuickBooks responses (samples/flowlink, samples/hotglue)', () => {
  it('invoice_add_rs.xml: escaped QBXML inside the SOAP envelope', () => {
    const { responses } = parseQbxmlResponse(loadQbxmlResponseSample('flowlink/invoice_add_rs.xml'));
    expect(responses).toHaveLength(1);
    const rs = responses[0]!;
    expect(rs).toMatchObject({
      type: 'InvoiceAddRs',
      statusCode: 0,
      statusSeverity: 'Info',
      statusMessage: 'Status OK',
    });
    expect(rs.requestID).toBeUndefined();
    expect(rs.rets).toHaveLength(1);
    const inv = rs.rets[0]!;
    expect(inv.retType).toBe('InvoiceRet');
    expect(inv.data).toMatchObject({
      TxnID: 'C5-1417118624',
      EditSequence: '1417118624',
      TxnNumber: '64',
      RefNumber: 'R1TT46883',
      CustomerRef: { ListID: '80000013-1416570432', FullName: 'spree@example.com' },
      BillAddress: {
        Addr1: '1234 Awesome Street',
        City: 'Hollywood',
        State: 'CA',
        PostalCode: '90210',
        Country: 'USA',
      },
      Subtotal: '206.00',
    });
    // A single line still comes back as a list.
    expect(inv.data.InvoiceLineRet).toEqual([
      {
        TxnLineID: 'C7-1417118624',
        ItemRef: { ListID: '80000034-1415899267', FullName: 'SPREE-T-SHIRT' },
        Quantity: '2',
        Rate: '103.00',
        Amount: '206.00',
        SalesTaxCodeRef: { ListID: '80000002-1414518221', FullName: 'Non' },
      },
    ]);
  });

  it('item_inventory_add_rs.xml: literal QBXML inside <response>', () => {
    const [rs] = parseQbxmlResponse(loadQbxmlResponseSample('flowlink/item_inventory_add_rs.xml')).responses;
    expect(rs).toMatchObject({ type: 'ItemInventoryAddRs', statusCode: 0 });
    expect(rs!.rets.map((r) => [r.retType, r.data.ListID, r.data.Name, r.data.QuantityOnHand])).toEqual([
      ['ItemInventoryRet', '80000005-1415103643', 'SPREE-T-SHIRT-1', '0'],
    ]);
  });

  it('item_inventory_query_rs.xml: requestID and a declaration after whitespace', () => {
    const [rs] = parseQbxmlResponse(
      loadQbxmlResponseSample('flowlink/item_inventory_query_rs.xml'),
    ).responses;
    expect(rs).toMatchObject({ type: 'ItemInventoryQueryRs', requestID: '1', statusCode: 0 });
    expect(rs!.rets).toHaveLength(1);
    expect(rs!.rets[0]!.data).toMatchObject({
      ListID: '80000002-1415025717',
      Name: 'Ruby T-Shirt',
      SalesPrice: '11.00',
      QuantityOnHand: '200',
    });
    expect(rs!.iteratorRemainingCount).toBeUndefined();
  });

  it('item_inventory_query_rs_multiple.xml and item_query_rs.xml: several Rets in order', () => {
    const [multi] = parseQbxmlResponse(
      loadQbxmlResponseSample('flowlink/item_inventory_query_rs_multiple.xml'),
    ).responses;
    expect(multi!.rets.map((r) => r.data.ListID)).toEqual(['80000002-1415025717', '80000003-1415028434']);
    const [all] = parseQbxmlResponse(loadQbxmlResponseSample('flowlink/item_query_rs.xml')).responses;
    expect(all!.rets.map((r) => r.data.Name)).toEqual([
      'Haskell T-Shirt',
      'Ruby T-Shirt',
      'Sinatra T-Shirt',
      'SPREE-T-SHIRT-1',
    ]);
    expect(all!.rets.every((r) => r.retType === 'ItemInventoryRet')).toBe(true);
  });

  it('item_inventory_query_rs_empty.xml: status 1 is an empty result, not an error', () => {
    const [rs] = parseQbxmlResponse(
      loadQbxmlResponseSample('flowlink/item_inventory_query_rs_empty.xml'),
    ).responses;
    expect(rs).toEqual({
      type: 'ItemInventoryQueryRs',
      requestID: '1',
      statusCode: 1,
      statusSeverity: 'Info',
      statusMessage: 'A query request did not find a matching object in QuickBooks',
      rets: [],
      extra: {},
    });
    expect(isEmpty(rs!)).toBe(true);
    expect(isError(rs!)).toBe(false);
    expect(isOk(rs!)).toBe(false);
  });

  it('receive_payment_add_rs.xml', () => {
    const [rs] = parseQbxmlResponse(loadQbxmlResponseSample('flowlink/receive_payment_add_rs.xml')).responses;
    expect(rs).toMatchObject({
      type: 'ReceivePaymentAddRs',
      requestID: '0bb737ee-2862-4ab7-8d35-f551f84793c9',
      statusCode: 0,
    });
    expect(rs!.rets[0]!.data).toMatchObject({
      TxnID: 'B7-1417040299',
      RefNumber: 'R154817935',
      TotalAmount: '210.00',
    });
  });

  it('sales_order_add_rs_invalid_record_ref.xml: the 3140 error with its entity-escaped message', () => {
    const [rs] = parseQbxmlResponse(
      loadQbxmlResponseSample('flowlink/sales_order_add_rs_invalid_record_ref.xml'),
    ).responses;
    expect(rs).toMatchObject({
      type: 'SalesOrderAddRs',
      statusCode: 3140,
      statusSeverity: 'Error',
      statusMessage:
        'There is an invalid reference to QuickBooks Customer "Joe Smith" in the SalesOrder.  QuickBooks error message: Invalid argument.  The specified record does not exist in the list.',
      rets: [],
    });
    expect(isError(rs!)).toBe(true);
  });

  it('hotglue account-add.response.xml: empty requestID is kept', () => {
    const [rs] = parseQbxmlResponse(loadQbxmlResponseSample('hotglue/account-add.response.xml')).responses;
    expect(rs).toMatchObject({ type: 'AccountAddRs', requestID: '', statusCode: 0 });
    expect(rs!.rets[0]!.data).toMatchObject({
      ListID: '80000035-1785958998',
      AccountType: 'Income',
      CurrencyRef: { FullName: 'US Dollar' },
    });
  });

  it('hotglue customer-batch-valid.response.xml: five Rs in order with their requestIDs', () => {
    const { responses } = parseQbxmlResponse(
      loadQbxmlResponseSample('hotglue/customer-batch-valid.response.xml'),
    );
    expect(responses.map((r) => [r.type, r.requestID, r.statusCode, r.rets[0]?.data.ListID])).toEqual([
      ['CustomerAddRs', 'ext-ok-1', 0, '80002747-1785964187'],
      ['CustomerAddRs', 'ext-ok-2', 0, '80002748-1785964187'],
      ['CustomerAddRs', 'ext-ok-3', 0, '80002749-1785964187'],
      ['CustomerAddRs', 'ext-ok-4', 0, '8000274A-1785964187'],
      ['CustomerAddRs', 'ext-ok-5', 0, '8000274B-1785964187'],
    ]);
  });

  it('sales_order_add_rs.xml is not a response document (QBXMLMsgsRq wrapper): clear error; its body parses once rewrapped', () => {
    const text = readSample('flowlink/sales_order_add_rs.xml');
    expect(() => parseQbxmlResponse(text)).toThrow(/no <QBXMLMsgsRs>.*request document/);
    const repaired = text
      .replace(/<QBXMLMsgsRq[^>]*>\s*<\?xml[^>]*\?>/, '<QBXMLMsgsRs>')
      .replace('</QBXMLMsgsRq>', '</QBXMLMsgsRs>');
    const [rs] = parseQbxmlResponse(repaired).responses;
    expect(rs!.rets[0]!.data).toMatchObject({
      TxnID: '31-1415936002',
      RefNumber: '4',
      PONumber: 'R154085346875',
      TotalAmount: '200.00',
    });
    expect(rs!.rets[0]!.data.SalesOrderLineRet).toHaveLength(1);
  });

  it.each(['flowlink/sales_order_query_rs.xml', 'flowlink/sales_receipt_query_rs.xml'])(
    '%s is an OSR template (placeholders such as statusCode="INTTYPE"): rejected with QbxmlParseError',
    (file) => {
      expect(() => parseQbxmlResponse(readSample(file))).toThrow(QbxmlParseError);
      const asResponse = readSample(file).replace(/QBXMLMsgsRq[^>]*>/g, (m) =>
        m.replace('Rq', 'Rs').replace(/ onError="[^"]*"/, ''),
      );
      expect(() => parseQbxmlResponse(asResponse)).toThrow(/statusCode="INTTYPE" is not an integer/);
    },
  );
});

describe('response shapes', () => {
  it('reads iterator attributes and retCount', () => {
    const [rs] = parseQbxmlResponse(
      rsDoc(
        '<CustomerQueryRs requestID="7" statusCode="0" statusSeverity="Info" statusMessage="Status OK" retCount="1" iteratorRemainingCount="1234" iteratorID="{6a1c1e4a-45f5-4a14-9e3d-6f6e1b0d4a2b}"><CustomerRet><ListID>1-1</ListID></CustomerRet></CustomerQueryRs>',
      ),
    ).responses;
    expect(rs).toMatchObject({
      iteratorRemainingCount: 1234,
      iteratorID: '{6a1c1e4a-45f5-4a14-9e3d-6f6e1b0d4a2b}',
      retCount: 1,
    });
  });

  it('keeps mixed response types in document order (continueOnError batch with a 3100)', () => {
    const { responses } = parseQbxmlResponse(
      rsDoc(
        [
          '<CustomerAddRs requestID="1" statusCode="3100" statusSeverity="Error" statusMessage="The name &quot;Bob&quot; of the list element is already in use." />',
          '<InvoiceAddRs requestID="2" statusCode="3140" statusSeverity="Error" statusMessage="There is an invalid reference to QuickBooks Customer &quot;Bob&quot; in the Invoice." />',
          '<CustomerAddRs requestID="3" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><CustomerRet><ListID>8-1</ListID></CustomerRet></CustomerAddRs>',
        ].join('\n'),
      ),
    );
    expect(responses.map((r) => [r.requestID, r.type, r.statusCode])).toEqual([
      ['1', 'CustomerAddRs', 3100],
      ['2', 'InvoiceAddRs', 3140],
      ['3', 'CustomerAddRs', 0],
    ]);
    expect(responses[0]!.statusMessage).toBe('The name "Bob" of the list element is already in use.');
  });

  it('makes list elements arrays even when single, and keeps single ones scalar', () => {
    const [rs] = parseQbxmlResponse(
      rsDoc(
        `<InvoiceQueryRs statusCode="0" statusSeverity="Info" statusMessage="Status OK"><InvoiceRet><TxnID>1</TxnID>
          <LinkedTxn><TxnID>9</TxnID></LinkedTxn><ShippingLineRet><Amount>5.00</Amount></ShippingLineRet>
          <DataExtRet><OwnerID>0</OwnerID><DataExtName>Channel</DataExtName><DataExtType>STR255TYPE</DataExtType><DataExtValue>Amazon</DataExtValue></DataExtRet>
        </InvoiceRet></InvoiceQueryRs>
        <HostQueryRs statusCode="0" statusSeverity="Info"><HostRet><SupportedQBXMLVersion>13.0</SupportedQBXMLVersion></HostRet></HostQueryRs>`,
      ),
    ).responses;
    expect(rs!.rets[0]!.data).toEqual({
      TxnID: '1',
      LinkedTxn: [{ TxnID: '9' }],
      ShippingLineRet: { Amount: '5.00' },
      DataExtRet: [
        { OwnerID: '0', DataExtName: 'Channel', DataExtType: 'STR255TYPE', DataExtValue: 'Amazon' },
      ],
    });
  });

  it('puts non-Ret children (TxnDelRs fields, ErrorRecovery) in extra', () => {
    const [rs] = parseQbxmlResponse(
      rsDoc(
        '<TxnDelRs requestID="d" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><TxnDelType>Invoice</TxnDelType><TxnID>C5-1</TxnID><TimeDeleted>2024-01-01T10:00:00-05:00</TimeDeleted></TxnDelRs>',
      ),
    ).responses;
    expect(rs).toMatchObject({
      rets: [],
      extra: { TxnDelType: 'Invoice', TxnID: 'C5-1', TimeDeleted: '2024-01-01T10:00:00-05:00' },
    });
  });

  it('reads a message-set level status and an empty message set', () => {
    expect(parseQbxmlResponse(rsDoc('', ' newMessageSetID="set-2" messageSetStatusCode="9001"'))).toEqual({
      responses: [],
      messageSetStatusCode: 9001,
      newMessageSetID: 'set-2',
    });
  });

  it('accepts a BOM, leading whitespace, a <?qbxml?> PI and comments', () => {
    const doc = `\uFEFF\n  <?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="13.0"?>\n<!-- hi -->${rsDoc('<HostQueryRs statusCode="0" statusSeverity="Info"/>').replace('<?xml version="1.0" ?>\n', '')}`;
    expect(parseQbxmlResponse(doc).responses[0]).toMatchObject({ type: 'HostQueryRs', statusMessage: '' });
  });
});

describe('escaping and entities', () => {
  it('round-trips &<>"\' and non-ASCII produced by an XML writer', () => {
    const value = `Tom & Jerry's <"Cheese"> Café 日本 😀`;
    const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' }).build({
      QBXML: {
        QBXMLMsgsRs: {
          CustomerQueryRs: {
            '@_statusCode': '0',
            '@_statusSeverity': 'Info',
            '@_statusMessage': value,
            CustomerRet: { Name: value },
          },
        },
      },
    }) as string;
    const [rs] = parseQbxmlResponse(xml).responses;
    expect(rs!.statusMessage).toBe(value);
    expect(rs!.rets[0]!.data.Name).toBe(value);
  });

  it('decodes numeric character references exactly once', () => {
    const [rs] = parseQbxmlResponse(
      rsDoc(
        '<CustomerQueryRs statusCode="0" statusSeverity="Info"><CustomerRet><Name>Caf&#233; &#x263A; &amp;#233;</Name></CustomerRet></CustomerQueryRs>',
      ),
    ).responses;
    expect(rs!.rets[0]!.data.Name).toBe('Café ☺ &#233;');
  });

  it('rejects DOCTYPE and ENTITY declarations before parsing', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE QBXML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><QBXML><QBXMLMsgsRs><HostQueryRs statusCode="0" statusSeverity="Info" statusMessage="&b;"/></QBXMLMsgsRs></QBXML>`;
    expect(() => parseQbxmlResponse(bomb)).toThrow(QbxmlParseError);
    expect(() => parseQbxmlResponse(bomb)).toThrow(/DOCTYPE or ENTITY declaration/);
    expect(() => parseQbxmlResponse(rsDoc('<!ENTITY x "y">'))).toThrow(/DOCTYPE or ENTITY/);
  });

  it('rejects undefined entities and bare ampersands', () => {
    expect(() =>
      parseQbxmlResponse(rsDoc('<HostQueryRs statusCode="0" statusSeverity="Info" statusMessage="&nbsp;"/>')),
    ).toThrow(/undefined entity &nbsp;/);
    expect(() =>
      parseQbxmlResponse(
        rsDoc(
          '<HostQueryRs statusCode="0" statusSeverity="Info"><HostRet><ProductName>A & B</ProductName></HostRet></HostQueryRs>',
        ),
      ),
    ).toThrow(QbxmlParseError);
  });
});

describe('malformed documents', () => {
  it.each([
    ['an empty string', '', /empty/],
    [
      'a truncated document',
      '<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><HostQueryRs statusCode="0"',
      /Malformed QBXML/,
    ],
    [
      'mismatched tags',
      rsDoc('<HostQueryRs statusCode="0" statusSeverity="Info"></HostQueryRx>'),
      /Malformed QBXML at line 4/,
    ],
    ['a non-QBXML root', '<foo/>', /single <QBXML> root/],
    [
      'a missing statusCode',
      rsDoc('<HostQueryRs statusSeverity="Info"/>'),
      /HostQueryRs \(response #1\) has no statusCode/,
    ],
    [
      'an unknown severity',
      rsDoc('<HostQueryRs statusCode="0" statusSeverity="Fatal"/>'),
      /not Info, Warn or Error/,
    ],
    ['a non-Rs child', rsDoc('<HostQueryRq/>'), /Unexpected <HostQueryRq>/],
    [
      'a SOAP envelope',
      readSample('flowlink/invoice_add_rs.xml'),
      /single <QBXML> root element, found soap:Envelope/,
    ],
  ])('%s', (_name, xml, message) => {
    let error: unknown;
    try {
      parseQbxmlResponse(xml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QbxmlParseError);
    expect((error as Error).message).toMatch(message);
  });
});
