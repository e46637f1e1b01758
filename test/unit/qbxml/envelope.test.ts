import { describe, expect, it } from 'vitest';
import {
  buildQbxmlDocument,
  customerAdd,
  customerQuery,
  hostQuery,
  invoiceAdd,
  MIN_QBXML_VERSION,
  negotiateQbxmlVersion,
  pickQbxmlVersion,
  QBXML_VERSION,
} from '../../../src-main/engine/qbxml';

describe('buildQbxmlDocument', () => {
  it('writes the two processing instructions and a continueOnError message set by default', () => {
    expect(buildQbxmlDocument([hostQuery({ requestID: '1' })])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="13.0"?>\n<QBXML><QBXMLMsgsRq onError="continueOnError"><HostQueryRq requestID="1"></HostQueryRq></QBXMLMsgsRq></QBXML>',
    );
  });

  it('sets version, onError and message-set IDs', () => {
    const xml = buildQbxmlDocument([hostQuery()], {
      version: '12.0',
      onError: 'stopOnError',
      oldMessageSetID: 'a',
      newMessageSetID: 'b',
    });
    expect(xml).toContain('<?qbxml version="12.0"?>');
    expect(xml).toContain('<QBXMLMsgsRq oldMessageSetID="a" newMessageSetID="b" onError="stopOnError">');
  });

  it('keeps requests in the given order, even interleaved types', () => {
    const xml = buildQbxmlDocument([
      { ...customerAdd({ name: 'A' }), requestID: '1' },
      { ...invoiceAdd({ customer: { fullName: 'A' }, lines: [{ amount: 1 }] }), requestID: '2' },
      { ...customerQuery({ fullNames: ['A'] }), requestID: '3' },
      { ...customerAdd({ name: 'B' }), requestID: '4' },
    ]);
    const order = [...xml.matchAll(/<(\w+Rq) requestID="(\d)"/g)].map((m) => `${m[2]}:${m[1]}`);
    expect(order).toEqual(['1:CustomerAddRq', '2:InvoiceAddRq', '3:CustomerQueryRq', '4:CustomerAddRq']);
  });

  it('skips undefined fields and repeats array values', () => {
    expect(
      buildQbxmlDocument([
        { type: 'CustomerQueryRq', body: { ListID: ['1', '2'], FullName: undefined, MaxReturned: null } },
      ]),
    ).toContain('<CustomerQueryRq><ListID>1</ListID><ListID>2</ListID></CustomerQueryRq>');
  });

  it.each([
    ['no requests', [], {}, /at least one request/],
    ['a type not ending in Rq', [{ type: 'CustomerQuery', body: {} }], {}, /ending in 'Rq'/],
    [
      'an element name with markup',
      [{ type: 'CustomerQueryRq', body: { 'A><B': '1' } }],
      {},
      /Invalid XML element name/,
    ],
    [
      'a long requestID',
      [{ type: 'HostQueryRq', requestID: 'x'.repeat(51), body: {} }],
      {},
      /requestID must be 1-50/,
    ],
    [
      'requestID in attrs',
      [{ type: 'HostQueryRq', attrs: { requestID: '1' }, body: {} }],
      {},
      /invalid attribute name/,
    ],
    ['a decimal number', [{ type: 'InvoiceAddRq', body: { Amount: 0.1 } }], {}, /format decimals explicitly/],
    ['a nested array', [{ type: 'HostQueryRq', body: { A: [['x']] as never } }], {}, /nested arrays/],
    ['a bad version', [hostQuery()], { version: '13' }, /invalid qbXML version/],
    ['a bad onError', [hostQuery()], { onError: 'rollbackOnError' as never }, /invalid onError/],
  ])('rejects %s', (_name, requests, opts, message) => {
    expect(() => buildQbxmlDocument(requests, opts)).toThrow(message);
  });
});

describe('qbXML version negotiation', () => {
  it('authors 13.0 and accepts 8.0 and up', () => {
    expect(QBXML_VERSION).toBe('13.0');
    expect(MIN_QBXML_VERSION).toBe('8.0');
    expect(negotiateQbxmlVersion(16, 0)).toBe('13.0');
    expect(negotiateQbxmlVersion(13, 0)).toBe('13.0');
    expect(negotiateQbxmlVersion(13, 1)).toBe('13.0');
    expect(negotiateQbxmlVersion(12, 0)).toBe('12.0');
    expect(negotiateQbxmlVersion(8, 0)).toBe('8.0');
  });

  it('refuses QuickBooks older than qbXML 8.0 with a clear message', () => {
    expect(() => negotiateQbxmlVersion(7, 0)).toThrow(
      'This QuickBooks supports qbXML only up to 7.0; ml-connector needs at least qbXML 8.0 (QuickBooks 2009 or newer)',
    );
    expect(() => negotiateQbxmlVersion(Number.NaN, 0)).toThrow(/invalid version/);
  });

  it('picks from HostRet/SupportedQBXMLVersion lists', () => {
    expect(pickQbxmlVersion(['1.0', '2.0', '13.0', '14.0', 'CA3.0'])).toBe('13.0');
    expect(pickQbxmlVersion(['10.0', '11.0', '12.0'])).toBe('12.0');
    expect(() => pickQbxmlVersion(['6.0', '7.0'])).toThrow(/at least qbXML 8.0/);
    expect(() => pickQbxmlVersion([])).toThrow(/no usable/);
  });
});
