import { describe, expect, it } from 'vitest';
import { QbCompany, QbxmlDocumentError } from '../../../src-main/simulators/qb-company/index.js';

// QuickBooks Desktop refuses a whole document holding text above U+00FF, as QBWC reports it:
// hresult 0x80040400 "QuickBooks found an error when parsing the provided XML text stream."
// (qbwc/qbxml issue 8; NodeGeeks/loopback-connector-quickbooks issue 14). Latin-1 accents pass.

const doc = (memo: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError"><CustomerAddRq><CustomerAdd><Name>Latin One</Name><Notes>${memo}</Notes></CustomerAdd></CustomerAddRq></QBXMLMsgsRq></QBXML>`;

function company(): QbCompany {
  return new QbCompany({ companyName: 'Text Goods', customers: [], items: [] });
}

describe('text QuickBooks can store', () => {
  it('refuses the whole document for one character above U+00FF, written raw or as an entity, applying nothing', async () => {
    for (const memo of ['Men\u2019s Tee', 'gift \u{1F381}', '\u65e5\u672c', 'Men&#8217;s Tee']) {
      const qb = company();
      const err = await qb.handleRequestXml(doc(memo)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QbxmlDocumentError);
      expect((err as QbxmlDocumentError).hresult).toBe('0x80040400');
      expect((err as QbxmlDocumentError).message).toBe(
        'QuickBooks found an error when parsing the provided XML text stream.',
      );
      expect(qb.customers().length).toBe(0);
    }
  });

  it('accepts ISO-8859-1 accents and symbols', async () => {
    const qb = company();
    const xml = await qb.handleRequestXml(doc('Zoë, Ærø, Straße, 5 EUR, ½ ©'));
    expect(xml).toContain('statusCode="0"');
    expect(qb.customers()[0]?.Notes).toBe('Zoë, Ærø, Straße, 5 EUR, ½ ©');
  });
});
