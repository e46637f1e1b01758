import { describe, expect, it } from 'vitest';
import { QbCompany, QbStatusError } from '../../../src-main/simulators/qb-company/index.js';
import { validateQbxml } from '../../helpers/xmllint';

// One name list behind four: customers (top level), vendors, employees and other names share their
// names ("QuickBooks already has an entry in the Customer:Job, Vendor, Employee, or Other names list
// with this contact name", Intuit in-product help, Duplicate name; OnTime360 KB a28: "there cannot be a
// customer, an employee, or another vendor with the name"). qbXML answers the Add with 3100.

const doc = (body: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError">${body}</QBXMLMsgsRq></QBXML>`;

function company(): QbCompany {
  return new QbCompany({
    companyName: 'Names Goods',
    customers: [{ name: 'Acme Corp' }, { name: 'Warehouse 2', parent: 'Acme Corp' }],
    items: [],
    vendors: ['Arnold Oil'],
    employees: ['Pat Lee'],
    otherNames: ['Owner Draw'],
  });
}

const customerAdd = (name: string) =>
  `<CustomerAddRq><CustomerAdd><Name>${name}</Name></CustomerAdd></CustomerAddRq>`;

describe('names are unique across customers, vendors, employees and other names', () => {
  it('a CustomerAdd whose name a vendor, employee or other name holds is refused with 3100 (any case)', async () => {
    const qb = company();
    for (const name of ['Arnold Oil', 'pat lee', 'OWNER DRAW']) {
      const xml = await qb.handleRequestXml(doc(customerAdd(name)));
      expect(xml).toMatch(/statusCode="3100"/);
      expect(xml).toContain('is already in use');
    }
    expect(qb.customers().map((c) => c.FullName)).toEqual(['Acme Corp', 'Acme Corp:Warehouse 2']);
    // A job's name lives under its customer: "Warehouse 2" is free at the top level.
    expect(await qb.handleRequestXml(doc(customerAdd('Warehouse 2')))).toMatch(/statusCode="0"/);
  });

  it("a vendor or employee cannot take a customer's name either", () => {
    const qb = company();
    expect(() => qb.addVendor('acme corp')).toThrow(QbStatusError);
    expect(() => qb.addEmployee('Arnold Oil')).toThrow(QbStatusError);
    expect(qb.addOtherName('Petty Cash').Name).toBe('Petty Cash');
  });

  it('lists vendors, employees and other names as qbXML 13.0 says', async () => {
    const qb = company();
    const xml = await qb.handleRequestXml(
      doc(
        '<VendorQueryRq/><EmployeeQueryRq><ActiveStatus>All</ActiveStatus></EmployeeQueryRq><OtherNameQueryRq/>',
      ),
    );
    expect(validateQbxml(xml).errors).toBe('');
    expect(xml).toMatch(/<VendorRet>[\s\S]*<Name>Arnold Oil<\/Name>/);
    expect(xml).toMatch(/<EmployeeRet>[\s\S]*<Name>Pat Lee<\/Name>/);
    expect(xml).toMatch(/<OtherNameRet>[\s\S]*<Name>Owner Draw<\/Name>/);
  });
});
