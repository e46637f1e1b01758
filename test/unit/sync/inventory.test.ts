import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/engine/db/audit';
import { openDatabase, type Db } from '../../../src-main/engine/db/open';
import {
  latestInventoryReport,
  runInventoryReconciliation,
  type SkuLine,
} from '../../../src-main/engine/sync/inventory';
import { Matcher } from '../../../src-main/engine/sync/matching';

const NOW = '2024-04-05T12:00:00.000Z';
let dir: string;
let db: Db;
let audit: AuditLog;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mlc-inventory-'));
  db = openDatabase(dir);
  audit = new AuditLog(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function item(
  listId: string,
  fullName: string,
  type: string,
  onHand: number | null,
  opts: { active?: boolean; deleted?: boolean } = {},
): void {
  const name = fullName.split(':').at(-1) ?? fullName;
  db.prepare(
    `INSERT INTO qb_items (list_id, full_name, name, item_type, quantity_on_hand, is_active, edit_sequence,
       time_modified, deleted_at, raw, quantity_checked_at) VALUES (?, ?, ?, ?, ?, ?, '1', ?, ?, '{}', ?)`,
  ).run(
    listId,
    fullName,
    name,
    type,
    onHand,
    opts.active === false ? 0 : 1,
    NOW,
    opts.deleted ? NOW : null,
    NOW,
  );
}

function mapSku(sku: string, listId: string, fullName: string): void {
  db.prepare(
    `INSERT INTO mappings (kind, key, list_id, full_name, created_at) VALUES ('sku', ?, ?, ?, ?)`,
  ).run(sku, listId, fullName, NOW);
}

type Line = [sku: string | null, quantity: number, adjustment?: boolean];

function order(id: string, ssStatus: string, lines: Line[], status = 'validated'): void {
  const items = lines.map(([sku, quantity, adjustment]) => ({
    lineId: null,
    lineItemKey: null,
    sku,
    name: sku ?? 'no sku',
    quantity,
    unitPrice: 1,
    taxAmount: 0,
    shippingAmount: 0,
    adjustment: adjustment ?? false,
  }));
  db.prepare(
    `INSERT INTO orders (order_id, order_number, store_id, ss_status, status, modify_date, order_total, data,
       content_hash, first_seen_at, updated_at) VALUES (?, ?, 'S1', ?, ?, ?, 0, ?, 'h', ?, ?)`,
  ).run(
    id,
    `N-${id}`,
    ssStatus,
    status,
    NOW,
    JSON.stringify({ orderId: id, orderNumber: `N-${id}`, items }),
    NOW,
    NOW,
  );
}

let shipmentSeq = 0;
function ship(orderId: string | null, opts: { voided?: boolean; orderNumber?: string } = {}): void {
  db.prepare(
    `INSERT INTO shipments (shipment_id, source, order_id, order_number, ship_date, create_date, voided, data,
       content_hash, first_seen_at, updated_at) VALUES (?, 'label', ?, ?, '2024-04-01', ?, ?, '{}', 'h', ?, ?)`,
  ).run(`SH${++shipmentSeq}`, orderId, opts.orderNumber ?? null, NOW, opts.voided ? 1 : 0, NOW, NOW);
}

function post(orderId: string, state = 'posted'): void {
  db.prepare(
    `INSERT INTO postings (posting_key, order_id, txn_type, ref_number, state, txn_date, amount, updated_at)
     VALUES (?, ?, 'SalesReceipt', ?, ?, '2024-04-01', 0, ?)`,
  ).run(`N-${orderId}`, orderId, `N-${orderId}`, state, NOW);
}

function seed(): void {
  item('L-W', 'WIDGET', 'Inventory', 10);
  item('L-G', 'GADGET', 'InventoryAssembly', 2);
  item('L-SVC', 'SVC', 'Service', null);
  item('L-NQ', 'NOQTY', 'Inventory', null);
  item('L-M', 'Parent:Mapped', 'Inventory', 100);
  item('L-A', 'ALIAS', 'Inventory', 0); // same name as a mapped SKU: the mapping wins
  item('L-GONE', 'GONE', 'Inventory', 5, { deleted: true });
  item('L-SLEEP', 'SLEEP', 'Inventory', 5, { active: false });
  item('L-STALE', 'Stale item', 'Inventory', 5, { deleted: true });
  // Saved as the sync's matcher saves them: trimmed, lower-cased.
  mapSku('alias', 'L-M', 'Parent:Mapped');
  mapSku('stale', 'L-STALE', 'Stale item');
  item('L-OLD', 'Old renamed', 'Inventory', 1, { deleted: true });
  item('L-REN', 'RENAMED', 'Inventory', 7);
  mapSku('renamed', 'L-OLD', 'Old renamed');
  mapSku('ghost', 'L-NOT-MIRRORED', 'Ghost');

  // Open demand; the adjustment line and the line without a SKU are skipped.
  order('O1', 'awaiting_shipment', [
    ['WIDGET', 4],
    ['GADGET', 2],
    ['WIDGET', 100, true],
    [null, 7],
  ]);
  order('O2', 'awaiting_payment', [
    ['WIDGET', 3],
    ['mapped', 2],
  ]);
  // Shipped, not posted: QuickBooks has not deducted it.
  order('O3', 'shipped', [
    ['WIDGET', 3],
    [' widget', 2], // the same SKU to the sync
    ['GADGET', 2],
  ]);
  ship('O3');
  // Shipped and posted: already out of QuickBooks' quantity.
  order('O4', 'shipped', [['WIDGET', 50]]);
  ship('O4');
  post('O4');
  // Its label was voided: back to open demand.
  order('O5', 'awaiting_shipment', [['WIDGET', 1]]);
  ship('O5', { voided: true });
  // Cancelled or ignored by the sync: counted nowhere.
  order('O6', 'on_hold', [['WIDGET', 100]], 'cancelled');
  order('O7', 'on_hold', [['WIDGET', 100]], 'ignored');
  // Cancelled in ShipStation.
  order('O7b', 'cancelled', [['WIDGET', 100]]);
  // Every way a SKU can fail to reach a QuickBooks inventory quantity, and two that do.
  order('O8', 'pending_fulfillment', [
    ['noqty', 1],
    ['UNKNOWN', 2],
    ['SVC', 1],
    ['ALIAS', 1],
    ['GONE', 1],
    ['SLEEP', 1],
    ['STALE', 1],
    ['RENAMED', 1],
    ['GHOST', 1],
  ]);
  // Sold long ago, posted, SKU no longer anywhere: not worth a mismatch.
  order('O9', 'shipped', [['OLDSKU', 1]]);
  ship('O9');
  post('O9');
  // Shipped, its posting failed: still not deducted.
  order('O10', 'shipped', [['GADGET', 1]]);
  ship('O10');
  post('O10', 'failed');
  // Status not caught up yet, but a label exists (known by order number only): shipped, not open.
  order('O11', 'awaiting_shipment', [['GADGET', 1]]);
  ship(null, { orderNumber: 'N-O11' });
}

const line = (skus: SkuLine[], sku: string): SkuLine | undefined => skus.find((s) => s.sku === sku);

describe('runInventoryReconciliation', () => {
  it('computes available = on hand − shipped not posted − open demand, shortfalls worst first', () => {
    seed();
    const r = runInventoryReconciliation(db, audit, { trigger: 'manual', now: () => new Date(NOW) });
    expect(r.at).toBe(NOW);
    expect(r.trigger).toBe('manual');
    expect(line(r.skus, 'WIDGET')).toEqual({
      sku: 'WIDGET',
      listId: 'L-W',
      itemFullName: 'WIDGET',
      itemType: 'Inventory',
      matchedBy: 'name',
      onHand: 10,
      onHandCheckedAt: NOW,
      openDemand: 8, // O1 4 + O2 3 + O5 1 (adjustment line of 100 skipped)
      shippedNotPosted: 5, // O3, as "WIDGET" and " widget" (O4 is posted)
      available: -3,
      shortfall: 3,
      mismatch: null,
    });
    expect(line(r.skus, 'GADGET')).toMatchObject({
      itemType: 'InventoryAssembly',
      onHand: 2,
      openDemand: 2, // O1
      shippedNotPosted: 4, // O3 2 + O10 1 (failed posting) + O11 1 (label by order number)
      available: -4,
      shortfall: 4,
    });
    expect(r.shortfalls).toBe(2);
    expect(r.skus.slice(0, 2).map((s) => s.sku)).toEqual(['GADGET', 'WIDGET']);
  });

  it('prefers a remembered mapping to a name match, and matches names case-insensitively', () => {
    seed();
    const r = runInventoryReconciliation(db, audit, { trigger: 'manual' });
    expect(line(r.skus, 'ALIAS')).toMatchObject({
      listId: 'L-M',
      itemFullName: 'Parent:Mapped',
      matchedBy: 'mapping',
      onHand: 100,
      openDemand: 1,
      available: 99,
      shortfall: 0,
      mismatch: null,
    });
    // A mapping whose item was deleted no longer counts: the name match takes over.
    expect(line(r.skus, 'RENAMED')).toMatchObject({
      listId: 'L-REN',
      matchedBy: 'name',
      onHand: 7,
      available: 6,
    });
    expect(line(r.skus, 'mapped')).toMatchObject({
      listId: 'L-M',
      matchedBy: 'name',
      openDemand: 2,
      available: 98,
    });
  });

  it('reports mismatches: no item, deleted or inactive item, stale mapping, no quantity on hand', () => {
    seed();
    const r = runInventoryReconciliation(db, audit, { trigger: 'manual' });
    const mismatched = r.skus.filter((s) => s.mismatch !== null);
    expect(mismatched.map((s) => s.sku)).toEqual(['GHOST', 'GONE', 'SLEEP', 'STALE', 'UNKNOWN', 'noqty']);
    expect(r.mismatches).toBe(6);
    expect(line(r.skus, 'noqty')).toMatchObject({
      listId: 'L-NQ',
      matchedBy: 'name',
      onHand: null,
      available: null,
      shortfall: 0,
      openDemand: 1,
      mismatch: 'QuickBooks item "NOQTY" has no quantity on hand.',
    });
    expect(line(r.skus, 'UNKNOWN')).toMatchObject({
      listId: null,
      matchedBy: null,
      openDemand: 2,
      mismatch: 'No QuickBooks item matches this SKU (no mapping, no item of that name).',
    });
    expect(line(r.skus, 'STALE')).toMatchObject({
      listId: 'L-STALE',
      matchedBy: 'mapping',
      mismatch:
        'Mapped to QuickBooks item "Stale item", which is no longer in QuickBooks; no item is named like the SKU either.',
    });
    expect(line(r.skus, 'GHOST')).toMatchObject({
      listId: 'L-NOT-MIRRORED',
      matchedBy: 'mapping',
      mismatch: `Mapped to QuickBooks item "Ghost", which is not in the local copy of QuickBooks' items yet.`,
    });
    expect(line(r.skus, 'GONE')?.mismatch).toMatch(/^No QuickBooks item matches/);
    expect(line(r.skus, 'SLEEP')?.mismatch).toMatch(/is inactive/);
    // Non-inventory items are not inventory's business; an unknown SKU with nothing pending is history.
    expect(line(r.skus, 'SVC')).toBeUndefined();
    expect(line(r.skus, 'OLDSKU')).toBeUndefined();
    expect(r.excluded).toEqual({ notInventory: 1, unresolvedWithoutDemand: 1 });
    expect(r.skus.map((s) => s.sku)).toEqual([
      'GADGET',
      'WIDGET',
      'GHOST',
      'GONE',
      'SLEEP',
      'STALE',
      'UNKNOWN',
      'noqty',
      'ALIAS',
      'RENAMED',
      'mapped',
    ]);
  });

  it('flags a name shared by several active items as a mismatch', () => {
    item('L-1', 'A:BOLT', 'Inventory', 5);
    item('L-2', 'B:BOLT', 'Inventory', 5);
    order('O1', 'awaiting_shipment', [['bolt', 1]]);
    const r = runInventoryReconciliation(db, audit, { trigger: 'manual' });
    expect(r.skus).toHaveLength(1);
    expect(r.skus[0]?.mismatch).toMatch(/Several QuickBooks items .*A:BOLT, B:BOLT/);
  });

  it('stores the run and writes exactly one audit entry, a warning naming the worst shortfalls', () => {
    seed();
    const r = runInventoryReconciliation(db, audit, { trigger: 'schedule' });
    const entries = audit.list().entries;
    expect(entries).toHaveLength(1);
    const [e] = entries;
    expect(e).toMatchObject({ level: 'warn', category: 'sync', event: 'inventory-reconciliation' });
    expect(e?.message).toContain('11 SKU(s) checked, 2 short, 6 mismatch(es)');
    expect(e?.message).toContain('GADGET short 4 (on hand 2, shipped not posted 4, open orders 2)');
    expect(e?.message).toContain('WIDGET short 3');
    expect(e?.message.indexOf('GADGET')).toBeLessThan(e?.message.indexOf('WIDGET') ?? -1);
    expect(e?.data).toMatchObject({ runId: r.id, skus: 11, shortfalls: 2, mismatches: 6 });

    const run = db.prepare('SELECT * FROM inventory_runs').all() as Record<string, unknown>[];
    expect(run).toHaveLength(1);
    expect(run[0]).toMatchObject({ id: r.id, trigger: 'schedule', skus: 11, shortfalls: 2, mismatches: 6 });
    expect(latestInventoryReport(db)).toEqual(r);
  });

  it('logs info when nothing is short, and the latest report is the last run', () => {
    expect(latestInventoryReport(db)).toBeNull();
    item('L-W', 'WIDGET', 'Inventory', 10);
    order('O1', 'awaiting_shipment', [['WIDGET', 10]]);
    const first = runInventoryReconciliation(db, audit, { trigger: 'manual' });
    expect(first.skus[0]).toMatchObject({ available: 0, shortfall: 0 });
    order('O2', 'on_hold', [['WIDGET', 1]]);
    const second = runInventoryReconciliation(db, audit, { trigger: 'manual' });
    expect(second.skus[0]).toMatchObject({ openDemand: 11, available: -1, shortfall: 1 });
    expect(audit.list().entries.map((x) => x.level)).toEqual(['warn', 'info']);
    expect(latestInventoryReport(db)).toEqual(second);
    expect(second.id).toBeGreaterThan(first.id);
  });
});

describe('one SKU rule for posting and inventory', () => {
  it('resolves every SKU to the same item (or to none) in the posting matcher and the inventory run', () => {
    item('I1', 'Mug', 'Inventory', 5);
    item('I2', 'Drinkware:Mug', 'Inventory', 7); // Name "Mug" again: FullName "Mug" wins
    item('I3', 'Tee', 'Inventory', 3);
    item('I4', 'Kitchen:Cup', 'Inventory', 1);
    item('I5', 'Bar:Cup', 'Inventory', 2); // two items named "Cup": ambiguous
    item('I6', 'Old Cap', 'Inventory', 4, { deleted: true });
    item('I7', 'Cap', 'Inventory', 9);
    item('I8', 'Hat', 'Inventory', 2, { active: false });
    mapSku('red-tee', 'I3', 'Tee');
    mapSku('cap', 'I6', 'Old Cap'); // mapping to a deleted item: falls back to the name
    mapSku('new-sku', 'I99', 'Just Created'); // a person's choice the mirror has not read yet
    const skus = ['Mug', ' mug ', 'Drinkware:Mug', 'RED-TEE', 'Cup', 'CAP', 'Hat', 'Nothing', 'New-SKU'];
    order(
      '1',
      'awaiting_shipment',
      skus.map((s): Line => [s, 1]),
    );
    const matcher = new Matcher(db);
    const report = runInventoryReconciliation(db, audit, { trigger: 'manual' });
    const expected: Record<string, string | null> = {
      mug: 'I1',
      'drinkware:mug': 'I2',
      'red-tee': 'I3',
      cup: null,
      cap: 'I7',
      hat: null,
      nothing: null,
      'new-sku': 'I99',
    };
    for (const [sku, listId] of Object.entries(expected)) {
      const m = matcher.item(sku);
      expect(m.kind === 'match' ? m.ref.listId : null, `posting: ${sku}`).toBe(listId);
      const line = report.skus.find((l) => l.sku.toLowerCase() === sku);
      expect(line, `inventory line for ${sku}`).toBeDefined();
      // An inactive item is named (matched, never posted to silently) on both sides.
      if (sku === 'hat') {
        expect(m.kind).toBe('inactive');
        expect(line!.listId).toBe('I8');
        expect(line!.mismatch).toMatch(/inactive/);
        continue;
      }
      expect(line!.listId, `inventory: ${sku}`).toBe(listId);
      // Stock is checked only for items the mirror holds.
      expect(line!.mismatch === null, `inventory checks ${sku}`).toBe(listId !== null && listId !== 'I99');
    }
  });
});
