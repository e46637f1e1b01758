/**
 * Issue "Revenue as it really ships" §2 (revenue step 3, tenders), over real sockets: the part of an
 * order paid by gift card or store credit is not cash; an unpaid balance is never posted as cash.
 * The oracle is the QuickBooks simulator's own transactions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNTS } from '../../src-main/simulators/qb-company/index';
import type { SalesTxnRecord } from '../../src-main/simulators/qb-company/model';
import type { Harness } from '../helpers/harness';
import { orders, sync, world } from '../helpers/sync-world';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const GIFT_ACCOUNT = 'Gift Cards Outstanding';
const GIFT_ITEM = 'Gift Card Redeemed';

async function giftWorld(
  opts: { txnType?: 'SalesReceipt' | 'Invoice' | 'JournalEntry'; apiVersion?: 'v1' | 'v2' } = {},
) {
  const x = await world({
    ...opts,
    seed: (s) => ({
      ...s,
      accounts: [...(s.accounts ?? DEFAULT_ACCOUNTS), { name: GIFT_ACCOUNT, type: 'OtherCurrentLiability' }],
      items: [
        ...s.items,
        { type: 'OtherCharge', name: GIFT_ITEM, incomeAccount: GIFT_ACCOUNT, taxable: false, price: 0 },
      ],
    }),
  });
  const item = x.company.items().find((i) => i.ItemType === 'Inventory' && i.IsActive)!;
  const person = x.company.customers().find((c) => c.Email && c.IsActive && !c.FullName.includes(':'))!;
  const place = (n: string, paymentMethod: string) =>
    x.ss!.createOrderWithNumber(x.ss!.stores()[0]!.storeId, n, {
      items: [{ sku: item.Name, quantity: 1, unitPrice: 50 }],
      customers: [{ name: person.FullName, email: person.Email! }],
      discount: false,
      taxAmount: 0,
      shippingAmount: 0,
      amountPaid: 30,
      paymentMethod,
    });
  return { x, place, item };
}

const row = async (x: Harness, n: string) =>
  (await orders(x, `&search=${n}`)).orders.find((o) => o.orderNumber === n)!;
const receipt = (x: Harness, n: string): SalesTxnRecord | undefined =>
  x.company.salesReceipts().find((t) => t.RefNumber === n);
const total = (t: SalesTxnRecord): number =>
  Math.round(t.lines.reduce((s, l) => s + (l.kind === 'line' ? l.Amount : 0), 0) * 100) / 100;
const resolve = async (x: Harness, orderId: number | string, action: string) => {
  const r = await x.api('/api/orders/resolve', {
    method: 'POST',
    body: { action, orderId: String(orderId) },
  });
  expect(r.status).toBe(200);
};

describe('tenders', () => {
  it('V1: 20.00 of a 50.00 order on a gift card is posted against the gift card item; the sale deposits 30.00', async () => {
    const g = await giftWorld();
    h = g.x;
    const o = g.place('9101', 'Credit Card, Gift Card');
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    // No gift card item chosen yet: said so, nothing posted.
    let r = await row(h, '9101');
    expect(r.status).toBe('flagged');
    expect(r.flags.find((f) => f.reason === 'missing_setting')?.detail).toMatch(/gift card/);
    expect(
      (await h.api('/api/settings/posting', { method: 'POST', body: { giftCardItem: GIFT_ITEM } })).status,
    ).toBe(200);
    await sync(h);
    await h.session();
    r = await row(h, '9101');
    expect(r.status).toBe('posted');
    const t = receipt(h, '9101')!;
    expect(total(t)).toBe(30);
    const gift = h.company.items().find((i) => i.Name === GIFT_ITEM)!;
    const giftLines = t.lines.flatMap((l) =>
      l.kind === 'line' && l.ItemListID === gift.ListID ? [l.Amount] : [],
    );
    expect(giftLines).toEqual([-20]);

    // Month end: matched (QuickBooks holds what was paid), the gift card amount per store, per day.
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const rep = await h.api<{
      report: {
        totals: { giftCardAmount: number; matched: number };
        rows: { orderNumber: string; kind: string; giftCardAmount: number | null; shipDate: string }[];
        giftCardsByStore: { storeId: string | null; orders: number; amount: number }[];
        byDay: { date: string; shippedAmount: number; postedAmount: number; shippedNotPosted: number }[];
      };
    }>(
      `/api/reports/reconciliation?from=${day(Date.now() - 3 * 86_400_000)}&to=${day(Date.now() + 3 * 86_400_000)}`,
    );
    expect(rep.status).toBe(200);
    const line = rep.body.report.rows.find((x) => x.orderNumber === '9101')!;
    expect([line.kind, line.giftCardAmount]).toEqual(['matched', 20]);
    expect(rep.body.report.totals.giftCardAmount).toBe(20);
    expect(rep.body.report.giftCardsByStore).toEqual([
      { storeId: String(h.ss!.stores()[0]!.storeId), orders: 1, amount: 20 },
    ]);
    const today = rep.body.report.byDay.find((d) => d.date === line.shipDate)!;
    expect([today.shippedAmount, today.postedAmount, today.shippedNotPosted]).toEqual([30, 30, 0]);
  });

  it('V1: an unpaid balance is flagged with both figures and never posted as cash, even when amounts are accepted', async () => {
    const g = await giftWorld();
    h = g.x;
    await h.api('/api/settings/posting', { method: 'POST', body: { giftCardItem: GIFT_ITEM } });
    const o = g.place('9102', 'Credit Card');
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    const r = await row(h, '9102');
    expect(r.status).toBe('flagged');
    const f = r.flags.find((x) => x.reason === 'part_paid')!;
    expect(f.detail).toContain('50.00');
    expect(f.detail).toContain('30.00');
    expect(f.detail).toContain('20.00');
    expect(f.detail).toContain('Credit Card');
    await resolve(h, o.orderId, 'accept_amount');
    await sync(h);
    await h.session();
    expect((await row(h, '9102')).status).toBe('flagged');
    expect(receipt(h, '9102')).toBeUndefined();
    // Month end: shipped, not posted, that day.
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const rep = await h.api<{
      report: {
        rows: { orderNumber: string; kind: string; shipDate: string; flags: string }[];
        byDay: { date: string; shippedNotPosted: number }[];
      };
    }>(
      `/api/reports/reconciliation?from=${day(Date.now() - 3 * 86_400_000)}&to=${day(Date.now() + 3 * 86_400_000)}`,
    );
    const line = rep.body.report.rows.find((x) => x.orderNumber === '9102')!;
    expect([line.kind, line.flags]).toEqual(['missing', 'part_paid']);
    expect(rep.body.report.byDay.find((d) => d.date === line.shipDate)?.shippedNotPosted).toBe(50);
  });

  it('journal entry: the gift card liability is debited for what was redeemed, the bank for what was paid', async () => {
    const g = await giftWorld({ txnType: 'JournalEntry' });
    h = g.x;
    const set = await h.api<{ journal: Record<string, unknown> }>('/api/settings/posting', { method: 'GET' });
    await h.api('/api/settings/posting', {
      method: 'POST',
      body: { journal: { ...set.body.journal, giftCardAccount: GIFT_ACCOUNT } },
    });
    const o = g.place('9103', 'gift_card');
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    await h.session();
    expect((await row(h, '9103')).status).toBe('posted');
    const je = h.company.journalEntries().find((t) => t.RefNumber === '9103')!;
    const acct = (id: string | undefined) => h!.company.accounts().find((a) => a.ListID === id)?.FullName;
    const debits = je.lines
      .filter((l) => l.side === 'Debit')
      .map((l) => [acct(l.AccountListID), l.Amount])
      .sort();
    expect(debits).toEqual([
      [GIFT_ACCOUNT, 20],
      ['Undeposited Funds', 30],
    ]);
  });

  it('V2: no order total in the API, so a difference is flagged as such; accepting posts what was paid', async () => {
    const g = await giftWorld({ apiVersion: 'v2' });
    h = g.x;
    const o = g.place('9104', 'Credit Card, Gift Card');
    h.ss!.shipOrders([o.orderId]);
    await sync(h);
    const r = await row(h, '9104');
    const f = r.flags.find((x) => x.reason === 'amount_mismatch')!;
    expect(f.detail).toMatch(/V2 gives no order total/);
    await resolve(h, r.orderId, 'accept_amount');
    await sync(h);
    await h.session();
    expect((await row(h, '9104')).status).toBe('posted');
    expect(total(receipt(h, '9104')!)).toBe(30);
  });
});
