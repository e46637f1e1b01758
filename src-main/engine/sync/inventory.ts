import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';

/**
 * Inventory reconciliation: for each SKU sold in ShipStation that is a QuickBooks inventory item, is
 * QuickBooks' quantity on hand (from the local mirror) enough for what has shipped but is not yet
 * posted (QuickBooks has not deducted it) plus what open orders still want?
 *
 *   available = onHand − shippedNotPosted − openDemand        (a shortfall when < 0)
 *
 * SKUs are resolved to items as the sync's matcher does (matching.ts): a saved mapping, unless its item was
 * deleted, else the one active item named like the SKU; SKUs differing only in case or surrounding
 * spaces are one line. SKUs resolving to a non-inventory item are left out.
 *
 * Order lines come from orders.data (`items[]`); adjustment lines and lines without a SKU are skipped,
 * and so are orders cancelled (in ShipStation or in the sync) or ignored by the sync. An order with a
 * non-voided shipment counts as shipped (posted or not), never as open demand, even if its ShipStation
 * status has not caught up yet; "posted" means a posting in state 'posted' under its order number, as an
 * invoice or sales receipt (a journal entry never moves stock, so its lines stay shipped-not-posted).
 */

export const OPEN_SS_STATUSES = ['awaiting_payment', 'awaiting_shipment', 'pending_fulfillment', 'on_hold'];
export const INVENTORY_ITEM_TYPES = ['Inventory', 'InventoryAssembly'];

export interface SkuLine {
  sku: string;
  /** The QuickBooks item the SKU resolved to (null when it resolved to none). */
  listId: string | null;
  itemFullName: string | null;
  itemType: string | null;
  matchedBy: 'mapping' | 'name' | null;
  /** QuickBooks quantity on hand as mirrored; null when unknown. */
  onHand: number | null;
  onHandCheckedAt: string | null;
  openDemand: number;
  shippedNotPosted: number;
  /** onHand − shippedNotPosted − openDemand; null when onHand is unknown. */
  available: number | null;
  /** Units short (−available) when available < 0, else 0. */
  shortfall: number;
  /** Why the SKU cannot be checked against QuickBooks; null when it can. */
  mismatch: string | null;
}

export interface InventoryReport {
  /** inventory_runs.id */
  id: number;
  at: string;
  trigger: string;
  /** Shortfalls first (worst first), then mismatches, then the rest, by SKU. */
  skus: SkuLine[];
  shortfalls: number;
  mismatches: number;
  /** SKUs left out: resolved to a non-inventory item, or resolved to nothing with no open or unposted quantity. */
  excluded: { notInventory: number; unresolvedWithoutDemand: number };
}

interface SkuDemand {
  sku: string;
  open_demand: number;
  shipped_not_posted: number;
}

interface ItemRow {
  list_id: string;
  name: string;
  full_name: string;
  item_type: string;
  quantity_on_hand: number | null;
  quantity_checked_at: string | null;
  is_active: number;
  deleted_at: string | null;
}

const qty = (n: number): number => Math.round(n * 1e6) / 1e6 + 0;

/** One pass over every order's lines, bucketed per order: open, shipped not posted, or neither. */
const DEMAND_SQL = `
WITH shipped AS (
  SELECT order_id FROM shipments WHERE voided = 0 AND order_id IS NOT NULL
  UNION
  SELECT o.order_id FROM shipments s JOIN orders o ON o.order_number = s.order_number
   WHERE s.voided = 0 AND s.order_id IS NULL
     AND (SELECT count(*) FROM orders x WHERE x.order_number = s.order_number) = 1
),
-- A journal entry books revenue only: QuickBooks deducts stock for invoices and sales receipts.
posted AS (SELECT DISTINCT posting_key FROM postings WHERE state = 'posted' AND txn_type <> 'JournalEntry'),
lines AS MATERIALIZED (
  SELECT CASE
           WHEN sh.order_id IS NOT NULL THEN CASE WHEN p.posting_key IS NULL THEN 2 ELSE 0 END
           WHEN o.ss_status IN (${OPEN_SS_STATUSES.map((s) => `'${s}'`).join(', ')}) THEN 1
           ELSE 0
         END AS bucket,
         json_extract(i.value, '$.sku') AS sku, json_extract(i.value, '$.quantity') AS quantity,
         json_extract(i.value, '$.adjustment') AS adjustment
    FROM orders o
    LEFT JOIN shipped sh ON sh.order_id = o.order_id
    LEFT JOIN posted p ON p.posting_key = o.order_number
    JOIN json_each(o.data, '$.items') i
   WHERE o.status NOT IN ('cancelled', 'ignored') AND o.ss_status <> 'cancelled'
)
SELECT sku,
       total(CASE WHEN bucket = 1 THEN quantity END) AS open_demand,
       total(CASE WHEN bucket = 2 THEN quantity END) AS shipped_not_posted
  FROM lines
 WHERE coalesce(adjustment, 0) = 0 AND sku IS NOT NULL AND sku <> ''
 GROUP BY sku`;

type Resolution =
  | { kind: 'item'; item: ItemRow; matchedBy: 'mapping' | 'name' }
  | { kind: 'unresolved'; matchedBy: 'mapping' | 'name' | null; reason: string; listId: string | null };

/** As the sync's matcher keys SKUs: mappings are stored under the trimmed, lower-cased SKU. */
const normSku = (sku: string): string => sku.trim().toLowerCase();

/**
 * The sync's own rule for a SKU's item: a saved mapping (unless its item was deleted in QuickBooks),
 * else the one active item whose FullName, or else whose Name, is the SKU, ignoring case.
 */
function resolver(db: Db): (sku: string) => Resolution {
  const mappings = new Map(
    (
      db.prepare(`SELECT key, list_id, full_name FROM mappings WHERE kind = 'sku'`).all() as {
        key: string;
        list_id: string;
        full_name: string;
      }[]
    ).map((m) => [normSku(m.key), m]),
  );
  const items = db
    .prepare(
      `SELECT list_id, name, full_name, item_type, quantity_on_hand, quantity_checked_at, is_active, deleted_at
         FROM qb_items`,
    )
    .all() as ItemRow[];
  const byId = new Map(items.map((i) => [i.list_id, i]));
  const byFullName = new Map<string, ItemRow[]>();
  const byName = new Map<string, ItemRow[]>();
  const add = (m: Map<string, ItemRow[]>, k: string, i: ItemRow): void => {
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  };
  for (const i of items) {
    if (i.is_active !== 1 || i.deleted_at !== null) continue;
    add(byFullName, i.full_name.toLowerCase(), i);
    add(byName, i.name.toLowerCase(), i);
  }

  return (sku) => {
    const key = normSku(sku);
    const m = mappings.get(key);
    let stale = '';
    if (m) {
      const item = byId.get(m.list_id);
      if (!item)
        return {
          kind: 'unresolved',
          matchedBy: 'mapping',
          listId: m.list_id,
          reason: `Mapped to QuickBooks item "${m.full_name}", which is not in the local copy of QuickBooks' items yet.`,
        };
      if (item.deleted_at === null) return { kind: 'item', item, matchedBy: 'mapping' };
      stale = `Mapped to QuickBooks item "${m.full_name}", which is no longer in QuickBooks; `;
    }
    const candidates = byFullName.get(key) ?? byName.get(key) ?? [];
    const [first] = candidates;
    if (first && candidates.length === 1) return { kind: 'item', item: first, matchedBy: 'name' };
    if (candidates.length > 1)
      return {
        kind: 'unresolved',
        matchedBy: 'name',
        listId: null,
        reason: `${stale}Several QuickBooks items are named like this SKU (${candidates.map((c) => c.full_name).join(', ')}); map it to one.`,
      };
    return {
      kind: 'unresolved',
      matchedBy: m ? 'mapping' : null,
      listId: m?.list_id ?? null,
      reason: stale
        ? `${stale}no item is named like the SKU either.`
        : 'No QuickBooks item matches this SKU (no mapping, no item of that name).',
    };
  };
}

/** SKUs differing only in case or surrounding spaces are one SKU to the sync: merged, shown in their first spelling (code-point order). */
function mergeVariants(rows: SkuDemand[]): SkuDemand[] {
  const merged = new Map<string, SkuDemand>();
  const trimmed = rows.map((r) => ({ ...r, sku: r.sku.trim() }));
  for (const r of trimmed.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))) {
    const key = normSku(r.sku);
    if (key === '') continue;
    const m = merged.get(key);
    if (m) {
      m.open_demand += r.open_demand;
      m.shipped_not_posted += r.shipped_not_posted;
    } else merged.set(key, r);
  }
  return [...merged.values()];
}

const lineOrder = (a: SkuLine, b: SkuLine): number =>
  b.shortfall - a.shortfall ||
  Number(b.mismatch !== null) - Number(a.mismatch !== null) ||
  (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/** Computes the reconciliation, stores it in inventory_runs and writes one audit entry. */
export function runInventoryReconciliation(
  db: Db,
  audit: AuditLog,
  opts: { trigger: string; now?: () => Date },
): InventoryReport {
  const at = (opts.now?.() ?? new Date()).toISOString();
  const read = db.transaction(() => ({
    demand: db.prepare(DEMAND_SQL).all() as SkuDemand[],
    resolve: resolver(db),
  }));
  const { demand, resolve } = read();

  const skus: SkuLine[] = [];
  const excluded = { notInventory: 0, unresolvedWithoutDemand: 0 };
  for (const d of mergeVariants(demand)) {
    const openDemand = qty(d.open_demand);
    const shippedNotPosted = qty(d.shipped_not_posted);
    const r = resolve(d.sku);
    if (r.kind === 'unresolved') {
      if (openDemand === 0 && shippedNotPosted === 0) {
        excluded.unresolvedWithoutDemand++;
        continue;
      }
      skus.push({
        sku: d.sku,
        listId: r.listId,
        itemFullName: null,
        itemType: null,
        matchedBy: r.matchedBy,
        onHand: null,
        onHandCheckedAt: null,
        openDemand,
        shippedNotPosted,
        available: null,
        shortfall: 0,
        mismatch: r.reason,
      });
      continue;
    }
    const { item } = r;
    if (!INVENTORY_ITEM_TYPES.includes(item.item_type)) {
      excluded.notInventory++;
      continue;
    }
    const onHand = item.quantity_on_hand;
    const available = onHand === null ? null : qty(onHand - shippedNotPosted - openDemand);
    skus.push({
      sku: d.sku,
      listId: item.list_id,
      itemFullName: item.full_name,
      itemType: item.item_type,
      matchedBy: r.matchedBy,
      onHand,
      onHandCheckedAt: item.quantity_checked_at,
      openDemand,
      shippedNotPosted,
      available,
      shortfall: available !== null && available < 0 ? -available : 0,
      mismatch: onHand === null ? `QuickBooks item "${item.full_name}" has no quantity on hand.` : null,
    });
  }
  skus.sort(lineOrder);

  const shortfalls = skus.filter((s) => s.shortfall > 0);
  const mismatches = skus.filter((s) => s.mismatch !== null);
  const worst = shortfalls
    .slice(0, 5)
    .map(
      (s) =>
        `${s.sku} short ${s.shortfall} (on hand ${s.onHand ?? '?'}, shipped not posted ${s.shippedNotPosted}, open orders ${s.openDemand})`,
    );
  const message =
    `Inventory reconciliation (${opts.trigger}): ${skus.length} SKU(s) checked, ${shortfalls.length} short, ` +
    `${mismatches.length} mismatch(es).` +
    (worst.length
      ? ` Worst shortfalls: ${worst.join('; ')}${shortfalls.length > worst.length ? `; and ${shortfalls.length - worst.length} more` : ''}.`
      : '') +
    (mismatches.length
      ? ` Mismatched SKUs: ${mismatches
          .slice(0, 5)
          .map((s) => s.sku)
          .join(', ')}${mismatches.length > 5 ? ', …' : ''}.`
      : '');

  const body = {
    at,
    trigger: opts.trigger,
    skus,
    shortfalls: shortfalls.length,
    mismatches: mismatches.length,
    excluded,
  };
  const id = db.transaction(() => {
    const runId = Number(
      db
        .prepare(
          `INSERT INTO inventory_runs (at, trigger, skus, shortfalls, mismatches, report) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(at, opts.trigger, skus.length, body.shortfalls, body.mismatches, JSON.stringify(body))
        .lastInsertRowid,
    );
    audit.record({
      level: shortfalls.length > 0 ? 'warn' : 'info',
      category: 'sync',
      event: 'inventory-reconciliation',
      message,
      data: {
        runId,
        skus: skus.length,
        shortfalls: body.shortfalls,
        mismatches: body.mismatches,
        excluded,
        worst: shortfalls.slice(0, 5).map((s) => ({ sku: s.sku, shortfall: s.shortfall })),
      },
    });
    return runId;
  })();
  return { id, ...body };
}

/** The last stored run, or null when none ran yet. */
export function latestInventoryReport(db: Db): InventoryReport | null {
  const r = db.prepare('SELECT id, report FROM inventory_runs ORDER BY id DESC LIMIT 1').get() as
    { id: number; report: string } | undefined;
  return r ? { ...(JSON.parse(r.report) as Omit<InventoryReport, 'id'>), id: r.id } : null;
}
