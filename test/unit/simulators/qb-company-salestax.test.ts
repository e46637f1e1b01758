import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { QbCompany, type CompanySeed } from '../../../src-main/simulators/qb-company/index.js';
import { validateQbxml } from '../../helpers/xmllint';

// Sales tax as QuickBooks Desktop (US) computes it, issue 10 §1. Sources:
// - Intuit, SalesTaxCodeAdd: "If the 'Do You Charge Sales Tax?' preference within QuickBooks is set to
//   No, QuickBooks will assign the default non-taxable sales-tax code to all sales." and "In a
//   Customer message, SalesTaxCodeRef refers to the sales-tax code that will be used for items related
//   to this customer. In an ItemInventory message, SalesTaxCodeRef refers to the type of sales tax that
//   will be charged for this item, if it is a taxable item".
//   https://developer.intuit.com/app/developer/qbdesktop/docs/api-reference/qbdesktop/salestaxcodeadd
// - Intuit, ItemSalesTaxAdd: a tax item or group is assigned to the whole invoice (ItemSalesTaxRef)
//   and QuickBooks applies it to all taxable items; a group (ItemSalesTaxGroupAdd) charges several
//   tax items together. https://developer.intuit.com/app/developer/qbdesktop/docs/api-reference/qbdesktop/itemsalestaxadd
// - QuickBooks' customer record (Sales Tax Settings: tax code and tax item) fills a new sale's tax
//   item; without one, the company's "most common sales tax item" (Preferences > Sales Tax) does
//   (PreferencesRet/SalesTaxPreferences/DefaultItemSalesTaxRef).

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false });

function seed(enabled: boolean): CompanySeed {
  return {
    companyName: 'Tax Goods',
    salesTax: { enabled, defaultItem: 'CA Sales Tax' },
    customers: [
      { name: 'Taxed Tina', email: 'tina@example.com', taxable: true, salesTaxItem: 'Bay Area' },
      { name: 'Default Dan', email: 'dan@example.com', taxable: true },
      { name: 'Reseller Rita', email: 'rita@example.com', taxable: false, salesTaxItem: 'CA Sales Tax' },
    ],
    items: [
      { type: 'Inventory', name: 'TEE', price: 20, quantityOnHand: 50, taxable: true },
      { type: 'Service', name: 'Gift Wrap', price: 5, taxable: false },
      { type: 'OtherCharge', name: 'Shipping', price: 0, taxable: false },
      { type: 'SalesTax', name: 'CA Sales Tax', taxRate: 7.25 },
      { type: 'SalesTax', name: 'Alameda County', taxRate: 1.5 },
      { type: 'SalesTax', name: 'Zero Tax', taxRate: 0 },
      {
        type: 'SalesTaxGroup',
        name: 'Bay Area',
        components: [
          { item: 'CA Sales Tax', quantity: 1 },
          { item: 'Alameda County', quantity: 1 },
        ],
      },
    ],
  };
}

const doc = (body: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError">${body}</QBXMLMsgsRq></QBXML>`;

const ref = (name: string, v: string): string => `<${name}><FullName>${v}</FullName></${name}>`;

function receipt(customer: string, lines: string, extra = ''): string {
  return `<SalesReceiptAddRq><SalesReceiptAdd>${ref('CustomerRef', customer)}${extra}${lines}</SalesReceiptAdd></SalesReceiptAddRq>`;
}
const line = (item: string, qty: number, code?: string): string =>
  `<SalesReceiptLineAdd>${ref('ItemRef', item)}<Quantity>${qty}</Quantity>${code ? ref('SalesTaxCodeRef', code) : ''}</SalesReceiptLineAdd>`;

async function add(qb: QbCompany, body: string): Promise<Record<string, string>> {
  const xml = await qb.handleRequestXml(doc(body));
  const v = validateQbxml(xml);
  expect(v.errors).toBe('');
  const rs = (
    parser.parse(xml) as {
      QBXML: {
        QBXMLMsgsRs: Record<string, { statusCode: string; SalesReceiptRet?: Record<string, string> }>;
      };
    }
  ).QBXML.QBXMLMsgsRs.SalesReceiptAddRs!;
  expect(rs.statusCode).toBe('0');
  return rs.SalesReceiptRet!;
}

describe('sales tax as QuickBooks computes it (preference on)', () => {
  it("a sale naming no tax item takes the customer's (a group: rates summed) and taxes only taxable lines", async () => {
    const qb = new QbCompany(seed(true));
    const r = await add(
      qb,
      receipt('Taxed Tina', line('TEE', 2) + line('Gift Wrap', 1) + line('Shipping', 1)),
    );
    // 2 × 20 taxable at 7.25 % + 1.5 % = 8.75 %; gift wrap and shipping coded Non.
    expect(r['Subtotal']).toBe('45.00');
    expect(r['SalesTaxPercentage']).toBe('8.75');
    expect(r['SalesTaxTotal']).toBe('3.50');
    expect(r['TotalAmount']).toBe('48.50');
    expect(qb.salesReceipts()[0]!.ItemSalesTaxListID).toBe(qb.item('Bay Area')!.ListID);
  });

  it("without a customer tax item the company's most common one applies; the request's own item wins", async () => {
    const qb = new QbCompany(seed(true));
    const dflt = await add(qb, receipt('Default Dan', line('TEE', 1)));
    expect(dflt['SalesTaxTotal']).toBe('1.45');
    expect(dflt['TotalAmount']).toBe('21.45');
    const own = await add(qb, receipt('Taxed Tina', line('TEE', 1), ref('ItemSalesTaxRef', 'Zero Tax')));
    expect(own['SalesTaxTotal']).toBe('0.00');
    expect(own['TotalAmount']).toBe('20.00');
  });

  it('a customer coded Non pays none, unless the sale says otherwise; a line coded Non is left out', async () => {
    const qb = new QbCompany(seed(true));
    const exempt = await add(qb, receipt('Reseller Rita', line('TEE', 1)));
    expect(exempt['SalesTaxTotal']).toBe('0.00');
    const coded = await add(
      qb,
      receipt('Reseller Rita', line('TEE', 1) + line('TEE', 1, 'Non'), ref('CustomerSalesTaxCodeRef', 'Tax')),
    );
    expect(coded['SalesTaxTotal']).toBe('1.45');
    expect(coded['TotalAmount']).toBe('41.45');
  });

  it('lists the group and the customer tax item as qbXML 13.0 says (ItemSalesTaxGroupRet, CustomerRet/ItemSalesTaxRef)', async () => {
    const qb = new QbCompany(seed(true));
    const xml = await qb.handleRequestXml(
      doc(
        '<ItemQueryRq><FullName>Bay Area</FullName></ItemQueryRq><CustomerQueryRq><FullName>Taxed Tina</FullName></CustomerQueryRq>',
      ),
    );
    expect(validateQbxml(xml).errors).toBe('');
    expect(xml).toMatch(
      /<ItemSalesTaxGroupRet>[\s\S]*<ItemSalesTaxRef>[\s\S]*CA Sales Tax[\s\S]*Alameda County[\s\S]*<\/ItemSalesTaxGroupRet>/,
    );
    expect(xml).toMatch(/<CustomerRet>[\s\S]*<ItemSalesTaxRef>[\s\S]*Bay Area[\s\S]*<\/CustomerRet>/);
    const prefs = await qb.handleRequestXml(doc('<PreferencesQueryRq/>'));
    expect(prefs).toMatch(/<DefaultItemSalesTaxRef>[\s\S]*CA Sales Tax/);
  });
});

describe('sales tax preference off', () => {
  it('no sale is taxed, whatever it names, and every line is coded non-taxable', async () => {
    const qb = new QbCompany(seed(false));
    const r = await add(qb, receipt('Taxed Tina', line('TEE', 2), ref('ItemSalesTaxRef', 'CA Sales Tax')));
    expect(r['SalesTaxTotal']).toBe('0.00');
    expect(r['TotalAmount']).toBe('40.00');
    const non = qb.toJSON().simpleLists.SalesTaxCode.find((c) => c.Name === 'Non')!.ListID;
    const lines = qb.salesReceipts()[0]!.lines;
    expect(lines.every((l) => l.kind === 'line' && l.SalesTaxCodeListID === non)).toBe(true);
    const prefs = await qb.handleRequestXml(doc('<PreferencesQueryRq/>'));
    expect(prefs).not.toMatch(/SalesTaxPreferences/);
  });
});
