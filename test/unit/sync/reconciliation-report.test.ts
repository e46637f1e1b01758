import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/engine/db/open';
import {
  monthEndReport,
  REPORT_CSV_COLUMNS,
  reportToCsv,
  ReportRangeError,
  type ReportRow,
} from '../../../src-main/engine/sync/reconciliation-report';

const NOW = '2024-04-05T12:00:00.000Z';
let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlc-recon-'));
  db = openDatabase(dir);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function order(
  id: string,
  number: string,
  total: number,
  opts: { ssStatus?: string; status?: string; storeId?: string } = {},
): void {
  db.prepare(
    `INSERT INTO orders (order_id, order_number, store_id, ss_status, status, modify_date, order_total, data,
       content_hash, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'h', ?, ?)`,
  ).run(
    id,
    number,
    opts.storeId ?? 'S1',
    opts.ssStatus ?? 'shipped',
    opts.status ?? 'posted',
    NOW,
    total,
    JSON.stringify({ orderId: id, orderNumber: number, items: [] }),
    NOW,
    NOW,
  );
}

let shipmentSeq = 0;
function shipment(
  orderId: string | null,
  shipDate: string,
  opts: { voided?: boolean; orderNumber?: string; source?: 'label' | 'fulfillment' } = {},
): void {
  db.prepare(
    `INSERT INTO shipments (shipment_id, source, order_id, order_number, ship_date, create_date, voided, data,
       content_hash, first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '{}', 'h', ?, ?)`,
  ).run(
    `SH${++shipmentSeq}`,
    opts.source ?? 'label',
    orderId,
    opts.orderNumber ?? null,
    shipDate,
    NOW,
    opts.voided ? 1 : 0,
    NOW,
    NOW,
  );
}

function posting(
  key: string,
  orderId: string,
  txnDate: string | null,
  amount: number | null,
  opts: { state?: string; txnType?: string; lastError?: string } = {},
): void {
  db.prepare(
    `INSERT INTO postings (posting_key, order_id, txn_type, ref_number, state, txn_id, txn_date, amount, updated_at,
       last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    key,
    orderId,
    opts.txnType ?? 'SalesReceipt',
    key,
    opts.state ?? 'posted',
    `TXN-${key}`,
    txnDate,
    amount,
    NOW,
    opts.lastError ?? null,
  );
}

function flag(orderId: string, reason: string, resolved = false): void {
  db.prepare(
    `INSERT INTO order_flags (order_id, reason, detail, created_at, resolved_at) VALUES (?, ?, 'detail', ?, ?)`,
  ).run(orderId, reason, NOW, resolved ? NOW : null);
}

const MARCH = { from: '2024-03-01', to: '2024-03-31' };
const row = (rows: ReportRow[], n: string): ReportRow | undefined => rows.find((r) => r.orderNumber === n);

/** Every kind of row, with boundaries, voids and cancellations around March 2024. */
function seed(): void {
  // Matched, shipped and posted on the first day of the range.
  order('O1', '1001', 50);
  shipment('O1', '2024-03-01');
  posting('1001', 'O1', '2024-03-01', 50);
  // Amount difference, on the last day of the range.
  order('O2', '1002', 75.5);
  shipment('O2', '2024-03-31');
  posting('1002', 'O2', '2024-03-31', 80, { txnType: 'Invoice' });
  // Missing: shipped, flagged (two open flags, one resolved), not posted.
  order('O3', '1003', 20, { status: 'flagged' });
  shipment('O3', '2024-03-15');
  flag('O3', 'unknown_sku');
  flag('O3', 'unknown_customer');
  flag('O3', 'old_problem', true);
  // Extra: first shipped in February (a later re-ship in March does not move it), posted in March.
  order('O4', '1004', 30);
  shipment('O4', '2024-02-29');
  shipment('O4', '2024-03-02');
  posting('1004', 'O4', '2024-03-02', 30);
  // Extra: its only shipment was voided.
  order('O5', '1005', 40, { ssStatus: 'awaiting_shipment' });
  shipment('O5', '2024-03-10', { voided: true });
  posting('1005', 'O5', '2024-03-10', 40);
  // Neither: the March label was voided, it re-shipped in April; not posted.
  order('O6', '1006', 60);
  shipment('O6', '2024-03-10', { voided: true });
  shipment('O6', '2024-04-01');
  // Extra: cancelled in ShipStation, though it has a shipment in range and a posting.
  order('O7', '1007', 12, { ssStatus: 'cancelled', status: 'cancelled' });
  shipment('O7', '2024-03-12');
  posting('1007', 'O7', '2024-03-12', 12);
  // Missing: its posting is still queued.
  order('O8', '1008', 8.25, { status: 'queued' });
  shipment('O8', '2024-03-20');
  posting('1008', 'O8', null, null, { state: 'queued' });
  // Neither: shipped and posted the day after the range / the day before it.
  order('O9', '1009', 9);
  shipment('O9', '2024-04-01');
  posting('1009', 'O9', '2024-04-01', 9);
  order('O10', '1010', 10);
  shipment('O10', '2024-02-29');
  posting('1010', 'O10', '2024-02-29', 10);
  // Missing: shipped in March, posted dated April.
  order('O11', '1011', 11);
  shipment('O11', '2024-03-05');
  posting('1011', 'O11', '2024-04-02', 11);
  // Extra: posted for an order ShipStation never gave us.
  posting('9999', 'O-gone', '2024-03-03', 99.99);
  // Matched to the cent despite binary fractions.
  order('O12', '1012', 19.99);
  shipment('O12', '2024-03-06', { source: 'fulfillment' });
  posting('1012', 'O12', '2024-03-06', 19.990000001);
  // Matched: a split order, two ShipStation orders under one number, one QuickBooks transaction.
  order('O13a', '1013', 10);
  order('O13b', '1013', 15.5);
  shipment('O13a', '2024-03-07');
  shipment('O13b', '2024-03-08');
  posting('1013', 'O13a', '2024-03-08', 25.5);
  // Neither: cancelled in the sync only, shipped in range, never posted.
  order('O14', '1014', 14, { status: 'cancelled' });
  shipment('O14', '2024-03-14');
  // Missing: a shipment known only by order number (no ShipStation order id on it).
  order('O15', '1015', 15, { status: 'failed' });
  shipment(null, '2024-03-16', { orderNumber: '1015' });
  posting('1015', 'O15', null, null, { state: 'failed', lastError: 'QuickBooks said 3140: invalid item' });
}

describe('monthEndReport', () => {
  it('counts shipped vs posted in the range and gives every kind of row with its numbers', () => {
    seed();
    const r = monthEndReport(db, MARCH);
    expect(r.from).toBe('2024-03-01');
    expect(r.to).toBe('2024-03-31');
    expect(r.totals).toEqual({
      shipped: 8, // 1001 1002 1003 1008 1011 1012 1013 1015
      posted: 8, // 1001 1002 1004 1005 1007 9999 1012 1013
      matched: 3,
      missing: 4,
      extra: 4,
      amountDifferences: 1,
      shippedAmount: 225.24,
      postedAmount: 357.48,
      netDifference: 132.24,
      giftCardAmount: 0,
    });
    expect(r.rows.map((x) => [x.kind, x.orderNumber])).toEqual([
      ['missing', '1011'],
      ['missing', '1003'],
      ['missing', '1015'],
      ['missing', '1008'],
      ['amount_difference', '1002'],
      ['extra', '1004'],
      ['extra', '9999'],
      ['extra', '1005'],
      ['extra', '1007'],
      ['matched', '1001'],
      ['matched', '1012'],
      ['matched', '1013'],
    ]);
    // The differences add up to posted − shipped.
    const sum = r.rows.reduce((s, x) => s + Math.round((x.difference ?? 0) * 100), 0) / 100;
    expect(sum).toBe(r.totals.netDifference);
  });

  it('matched: both sides, equal to the cent', () => {
    seed();
    const r = monthEndReport(db, MARCH);
    expect(row(r.rows, '1001')).toEqual({
      kind: 'matched',
      orderNumber: '1001',
      orderId: 'O1',
      storeId: 'S1',
      shipDate: '2024-03-01',
      txnDate: '2024-03-01',
      txnType: 'SalesReceipt',
      txnId: 'TXN-1001',
      shipStationAmount: 50,
      giftCardAmount: null,
      quickBooksAmount: 50,
      difference: 0,
      status: 'posted',
      flags: '',
      note: 'Shipped and posted.',
    });
    expect(row(r.rows, '1012')).toMatchObject({ kind: 'matched', quickBooksAmount: 19.99, difference: 0 });
    expect(row(r.rows, '1013')).toMatchObject({
      kind: 'matched',
      orderId: 'O13a,O13b',
      shipDate: '2024-03-07',
      shipStationAmount: 25.5,
      giftCardAmount: null,
      quickBooksAmount: 25.5,
    });
  });

  it('amount_difference: both amounts and QuickBooks − ShipStation', () => {
    seed();
    expect(row(monthEndReport(db, MARCH).rows, '1002')).toMatchObject({
      kind: 'amount_difference',
      shipDate: '2024-03-31',
      txnDate: '2024-03-31',
      txnType: 'Invoice',
      txnId: 'TXN-1002',
      shipStationAmount: 75.5,
      giftCardAmount: null,
      quickBooksAmount: 80,
      difference: 4.5,
      note: 'QuickBooks holds 80.00, ShipStation 75.50.',
    });
  });

  it('missing: the sync status, the open flag reasons and why it is not posted', () => {
    seed();
    const r = monthEndReport(db, MARCH);
    expect(row(r.rows, '1003')).toEqual({
      kind: 'missing',
      orderNumber: '1003',
      orderId: 'O3',
      storeId: 'S1',
      shipDate: '2024-03-15',
      txnDate: null,
      txnType: null,
      txnId: null,
      shipStationAmount: 20,
      giftCardAmount: null,
      quickBooksAmount: null,
      difference: -20,
      status: 'flagged',
      flags: 'unknown_customer; unknown_sku',
      note: 'Not posted: the order is flagged (unknown_customer; unknown_sku).',
    });
    expect(row(r.rows, '1008')).toMatchObject({
      status: 'queued',
      difference: -8.25,
      note: 'Queued for QuickBooks; not confirmed posted yet.',
    });
    expect(row(r.rows, '1011')).toMatchObject({
      shipDate: '2024-03-05',
      txnDate: null,
      note: 'Posted to QuickBooks dated 2024-04-02, outside this range.',
    });
    expect(row(r.rows, '1015')).toMatchObject({
      orderId: 'O15',
      shipDate: '2024-03-16',
      status: 'failed',
      note: 'Posting to QuickBooks failed: QuickBooks said 3140: invalid item',
    });
  });

  it('extra: posted in the range for an order not shipped in it, cancelled, voided or unknown', () => {
    seed();
    const r = monthEndReport(db, MARCH);
    expect(row(r.rows, '1004')).toEqual({
      kind: 'extra',
      orderNumber: '1004',
      orderId: 'O4',
      storeId: 'S1',
      shipDate: '2024-02-29',
      txnDate: '2024-03-02',
      txnType: 'SalesReceipt',
      txnId: 'TXN-1004',
      shipStationAmount: null,
      giftCardAmount: null,
      quickBooksAmount: 30,
      difference: 30,
      status: 'posted',
      flags: '',
      note: 'Posted in this range, but the order shipped on 2024-02-29, before it.',
    });
    expect(row(r.rows, '1005')).toMatchObject({
      shipDate: null,
      quickBooksAmount: 40,
      note: 'Posted, but every shipment of the order was voided.',
    });
    expect(row(r.rows, '1007')).toMatchObject({
      status: 'cancelled',
      note: 'Posted, but the order is cancelled in ShipStation (order total 12.00).',
    });
    expect(row(r.rows, '9999')).toMatchObject({
      orderId: 'O-gone',
      storeId: null,
      status: null,
      quickBooksAmount: 99.99,
      note: 'Posted, but no ShipStation order with this number is known.',
    });
  });

  it('leaves out what is outside the range, voided to outside it, or cancelled and unposted', () => {
    seed();
    const numbers = monthEndReport(db, MARCH).rows.map((x) => x.orderNumber);
    for (const n of ['1006', '1009', '1010', '1014']) expect(numbers).not.toContain(n);
  });

  it('takes both range ends inclusively', () => {
    seed();
    const firstDay = monthEndReport(db, { from: '2024-03-01', to: '2024-03-01' });
    expect(firstDay.rows.map((x) => [x.kind, x.orderNumber])).toEqual([['matched', '1001']]);
    const lastDay = monthEndReport(db, { from: '2024-03-31', to: '2024-03-31' });
    expect(lastDay.rows.map((x) => [x.kind, x.orderNumber])).toEqual([['amount_difference', '1002']]);
    // A day earlier, 1004's February ship date makes its March posting match.
    const withFeb = monthEndReport(db, { from: '2024-02-29', to: '2024-03-31' });
    expect(row(withFeb.rows, '1004')?.kind).toBe('matched');
    expect(row(withFeb.rows, '1010')?.kind).toBe('matched');
  });

  it('is empty for a range with nothing in it', () => {
    seed();
    expect(monthEndReport(db, { from: '2023-01-01', to: '2023-01-31' })).toEqual({
      from: '2023-01-01',
      to: '2023-01-31',
      totals: {
        shipped: 0,
        posted: 0,
        matched: 0,
        missing: 0,
        extra: 0,
        amountDifferences: 0,
        shippedAmount: 0,
        postedAmount: 0,
        netDifference: 0,
        giftCardAmount: 0,
      },
      byDay: [],
      giftCardsByStore: [],
      rows: [],
    });
  });

  it('refuses a malformed or reversed range', () => {
    expect(() => monthEndReport(db, { from: '2024-3-01', to: '2024-03-31' })).toThrow(ReportRangeError);
    expect(() => monthEndReport(db, { from: '2024-02-30', to: '2024-03-31' })).toThrow(/YYYY-MM-DD/);
    expect(() => monthEndReport(db, { from: '2024-03-31', to: '2024-03-01' })).toThrow(/before it starts/);
  });
});

describe('reportToCsv', () => {
  it('writes the header and one line per row, negative differences as numbers', () => {
    seed();
    const csv = reportToCsv(monthEndReport(db, MARCH));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(REPORT_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(12 + 2); // header, 12 rows, and the empty string after the last CRLF
    expect(lines.at(-1)).toBe('');
    expect(lines).toContain(
      'missing,1003,O3,S1,2024-03-15,,,,20,,,-20,flagged,unknown_customer; unknown_sku,' +
        'Not posted: the order is flagged (unknown_customer; unknown_sku).',
    );
    expect(lines).toContain(
      'matched,1013,"O13a,O13b",S1,2024-03-07,2024-03-08,SalesReceipt,TXN-1013,25.5,,25.5,0,posted,,' +
        'Shipped and posted. (2 ShipStation orders share this number)',
    );
  });

  it('neutralises an order number that looks like a formula', () => {
    order('O1', '=HYPERLINK("http://evil","x")', 5, { status: 'received' });
    shipment('O1', '2024-03-03');
    const lines = reportToCsv(monthEndReport(db, MARCH)).split('\r\n');
    expect(lines[1]).toMatch(
      /^missing,"'=HYPERLINK\(""http:\/\/evil"",""x""\)",O1,S1,2024-03-03,,,,5,,,-5,received,,/,
    );
  });
});
