import { describe, expect, it } from 'vitest';
import { QbCompany } from '../../../src-main/simulators/qb-company/index.js';
import { validateQbxml } from '../../helpers/xmllint';

// Public custom fields on items (OwnerID 0): returned as DataExtRet, last in each item Ret, only when
// the query names OwnerID 0 (Intuit, qbXML OSR: OwnerID on list queries).

const doc = (body: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError">${body}</QBXMLMsgsRq></QBXML>`;

function company(): QbCompany {
  return new QbCompany({
    companyName: 'Fields Goods',
    customers: [],
    items: [
      {
        type: 'Inventory',
        name: 'Red Mug 11oz',
        price: 9,
        customFields: { SKU: 'MUG-RED-11', Color: 'red' },
      },
      { type: 'Service', name: 'Engraving', price: 5 },
      {
        type: 'Group',
        name: 'Mug Pair',
        components: [{ item: 'Red Mug 11oz', quantity: 2 }],
        customFields: { SKU: 'PAIR' },
      },
    ],
  });
}

describe('item custom fields', () => {
  it('are returned with OwnerID 0 and validate against qbXML 13.0; not without it', async () => {
    const qb = company();
    const withOwner = await qb.handleRequestXml(doc('<ItemQueryRq><OwnerID>0</OwnerID></ItemQueryRq>'));
    expect(validateQbxml(withOwner).errors).toBe('');
    expect(withOwner).toMatch(
      /<DataExtRet>\s*<OwnerID>0<\/OwnerID>\s*<DataExtName>SKU<\/DataExtName>\s*<DataExtType>STR255TYPE<\/DataExtType>\s*<DataExtValue>MUG-RED-11<\/DataExtValue>/,
    );
    expect(withOwner.match(/<DataExtRet>/g)?.length).toBe(3);
    const without = await qb.handleRequestXml(doc('<ItemQueryRq/>'));
    expect(without).not.toContain('DataExtRet');
  });

  it('a hand edit sets or clears a field and counts as a modification', async () => {
    const qb = company();
    const mug = qb.items().find((i) => i.Name === 'Red Mug 11oz')!;
    const after = qb.modifyItem(mug.ListID, { customFields: { SKU: '', Size: '11oz' } });
    expect(after.CustomFields).toEqual([
      { name: 'Color', value: 'red' },
      { name: 'Size', value: '11oz' },
    ]);
    expect(after.EditSequence).not.toBe(mug.EditSequence);
  });
});
