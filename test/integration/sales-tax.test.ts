/**
 * Issue 10 §1, over real sockets: a QuickBooks company that charges sales tax (customers with their
 * own tax items, a county group, a 0 % item) and ShipStation orders that carry their own tax. In
 * both tax modes QuickBooks must end up holding what the customer paid. The oracle is the
 * QuickBooks simulator's own record of each transaction (Subtotal + SalesTaxTotal).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { QbCompany, type CompanySeed, type SalesTxnRecord } from '../../src-main/simulators/qb-company/index';
import { startHarness, type Harness } from '../helpers/harness';
import { orders, sync } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const CA = { street1: '1 Market St', city: 'San Francisco', state: 'CA', postalCode: '94105', country: 'US' };
const NV = { street1: '2 Fremont St', city: 'Las Vegas', state: 'NV', postalCode: '89101', country: 'US' };

function seed(): CompanySeed {
  return {
    companyName: 'Taxed Trading',
    salesTax: { enabled: true, defaultItem: 'CA Sales Tax' },
    customers: [
      { name: 'Casey Taxed', email: 'casey@example.com', taxable: true, salesTaxItem: 'SF Combined' },
      { name: 'Nova Buyer', email: 'nova@example.com', taxable: true },
    ],
    items: [
      { type: 'Inventory', name: 'TEE-RED', price: 20, quantityOnHand: 100, taxable: true },
      { type: 'Inventory', name: 'MUG-BLU', price: 12, quantityOnHand: 100, taxable: true },
      { type: 'OtherCharge', name: 'Shipping', price: 0, taxable: false },
      { type: 'Discount', name: 'Discount' },
      {
        type: 'OtherCharge',
        name: 'Sales Tax Collected',
        price: 0,
        taxable: false,
        incomeAccount: 'Sales Tax Payable',
      },
      { type: 'SalesTax', name: 'CA Sales Tax', taxRate: 7.25 },
      { type: 'SalesTax', name: 'SF District', taxRate: 1.375 },
      { type: 'SalesTax', name: 'Out of State', taxRate: 0 },
      {
        type: 'SalesTaxGroup',
        name: 'SF Combined',
        components: [
          { item: 'CA Sales Tax', quantity: 1 },
          { item: 'SF District', quantity: 1 },
        ],
      },
    ],
  };
}

async function world(posting: Record<string, unknown>): Promise<Harness> {
  const x = await startHarness({
    company: new QbCompany(seed()),
    shipstation: {
      sim: {
        orders: 0,
        skus: [
          { sku: 'TEE-RED', unitPrice: 20 },
          { sku: 'MUG-BLU', unitPrice: 12 },
        ],
        customers: [
          { name: 'Casey Taxed', email: 'casey@example.com', address: CA },
          { name: 'Nova Buyer', email: 'nova@example.com', address: NV },
        ],
      },
    },
  });
  const r = await x.api('/api/settings/posting', {
    method: 'POST',
    body: { shippingItem: 'Shipping', discountItem: 'Discount', taxItem: 'Sales Tax Collected', ...posting },
  });
  expect(r.status).toBe(200);
  expect((await x.session()).outcome).toBe('completed');
  return x;
}

function held(t: SalesTxnRecord): { subtotal: number; tax: number; total: number } {
  return {
    subtotal: t.Subtotal,
    tax: t.SalesTaxTotal,
    total: Math.round((t.Subtotal + t.SalesTaxTotal) * 100) / 100,
  };
}

async function shipOne(
  x: Harness,
  num: string,
  who: 'Casey Taxed' | 'Nova Buyer',
  tax: number,
): Promise<{ orderTotal: number }> {
  const ss = x.ss!;
  const customer =
    who === 'Casey Taxed'
      ? { name: who, email: 'casey@example.com', address: CA }
      : { name: who, email: 'nova@example.com', address: NV };
  const o = ss.createOrderWithNumber(ss.stores()[0]!.storeId, num, {
    items: [
      { sku: 'TEE-RED', quantity: 2, unitPrice: 20 },
      { sku: 'MUG-BLU', quantity: 1, unitPrice: 12 },
    ],
    customers: [customer],
    taxAmount: tax,
    shippingAmount: 5,
    discount: false,
  });
  ss.shipOrders([o.orderId]);
  await sync(x);
  await x.session();
  return { orderTotal: o.orderTotal };
}

const txn = (x: Harness, type: 'Invoice' | 'SalesReceipt', ref: string): SalesTxnRecord[] =>
  (type === 'Invoice' ? x.company.invoices() : x.company.salesReceipts()).filter((t) => t.RefNumber === ref);

describe('sales tax never charged twice (issue 10)', () => {
  for (const txnType of ['SalesReceipt', 'Invoice'] as const) {
    it(`'line' mode (${txnType}): ShipStation's tax is a line, QuickBooks adds none, and holds exactly what was paid`, async () => {
      h = await world({ txnType, taxMode: 'line', zeroTaxItem: 'Out of State' });
      const { orderTotal } = await shipOne(h, '7101', 'Casey Taxed', 4.6);
      const t = txn(h, txnType, '7101');
      expect(t.length).toBe(1);
      expect(held(t[0]!)).toEqual({ subtotal: orderTotal, tax: 0, total: orderTotal });
      const o = (await orders(h, '&search=7101')).orders[0]!;
      expect(o.status).toBe('posted');
    });

    it(`'quickbooks' mode (${txnType}): the ship-to state's tax item computes it; equal to ShipStation's, it posts`, async () => {
      h = await world({
        txnType,
        taxMode: 'quickbooks',
        taxByState: { CA: 'SF Combined', NV: 'Out of State' },
      });
      // 8.625 % of the taxable 52.00 (shipping is not taxable) = 4.485 → 4.49.
      const { orderTotal } = await shipOne(h, '7201', 'Casey Taxed', 4.49);
      const t = txn(h, txnType, '7201');
      expect(t.length).toBe(1);
      expect(held(t[0]!)).toEqual({ subtotal: 57, tax: 4.49, total: orderTotal });
      expect((await orders(h, '&search=7201')).orders[0]!.status).toBe('posted');
    });
  }

  it("'quickbooks' mode: a state whose QuickBooks tax differs from ShipStation's is flagged tax_mismatch with both figures", async () => {
    h = await world({
      txnType: 'SalesReceipt',
      taxMode: 'quickbooks',
      taxByState: { CA: 'SF Combined', NV: 'Out of State' },
    });
    await shipOne(h, '7301', 'Nova Buyer', 3.12);
    const t = txn(h, 'SalesReceipt', '7301');
    expect(t.length).toBe(1);
    expect(held(t[0]!).tax).toBe(0);
    const o = (await orders(h, '&search=7301')).orders[0]!;
    expect(o.status).toBe('flagged');
    const flag = o.flags.find((f) => f.reason === 'tax_mismatch')!;
    expect(flag.detail).toContain('0.00');
    expect(flag.detail).toContain('3.12');
    // Nothing changes by itself in later sessions.
    await h.session();
    expect(txn(h, 'SalesReceipt', '7301').length).toBe(1);
  });

  it('a missing setting is a flag, never a post: no 0 % item in line mode, no item for the state in QuickBooks mode', async () => {
    h = await world({ txnType: 'SalesReceipt', taxMode: 'line', zeroTaxItem: null });
    await shipOne(h, '7401', 'Casey Taxed', 4.6);
    let o = (await orders(h, '&search=7401')).orders[0]!;
    expect(o.status).toBe('flagged');
    expect(o.flags.map((f) => f.reason)).toContain('missing_setting');
    expect(txn(h, 'SalesReceipt', '7401').length).toBe(0);

    await h.api('/api/settings/posting', {
      method: 'POST',
      body: { taxMode: 'quickbooks', taxByState: { CA: 'SF Combined' } },
    });
    await shipOne(h, '7402', 'Nova Buyer', 1);
    o = (await orders(h, '&search=7402')).orders[0]!;
    expect(o.flags.map((f) => f.detail).join(' ')).toMatch(/ship-to state "NV"/);
    expect(txn(h, 'SalesReceipt', '7402').length).toBe(0);
  });
});
