import type { AuditLog } from '../db/audit';
import type { Db } from '../db/open';
import { SettingsStore } from '../db/settings';
import { matchingSettings } from './posting-settings';
import { resolveSku, skuKey, type SkuCatalog, type SkuField } from './sku-resolver';

/**
 * Inventory reconciliation: for each SKU sold in ShipStation that is a QuickBooks inventory item, is
 * QuickBooks' quantity on hand (from the local mirror) enough for what has shipped but is not yet
 * posted (QuickBooks has not deducted it) plus what open orders still want?
 *
 *   available = onHand − shippedNotPosted − openDemand        (a shortfall when < 0)
 *
 * SKUs are resolved to items by the sync's one rule (sku-resolver.ts); SKUs differing only in case or
 * surrounding spaces are one line. SKUs resolving to a non-inventory item are left out.
 *
 * Order lines come from orders.data (`items[]`); adjustment lines and lines without a SKU are skipped,
 * and so are orders cancelled (in ShipStation or in the sync) or ignored by the sync. An order with a
 * non-voided shipment counts as shipped (posted or not), never as open demand, even if its ShipStation
 * status has not caught up yet. A SKU that is a QuickBooks group item (a bundle) counts for each of
 * its components (component quantity × bundles), merged with the component's own SKU if it sells
 * alone too: QuickBooks deducts the components when a group is sold. "posted" means a posting in state 'posted' under its order number, as an
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
  /** Bundles (group items) whose sales are counted in this line, by full name. */
  viaBundles?: string[];
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
  /** ManufacturerPartNumber. */
  sku: string | null;
  quantity_on_hand: number | null;
  quantity_checked_at: string | null;
  is_active: number;
  deleted_at: string | null;
  /** JSON of a group item's components ({ item: { listId }, quantity }[]). */
  components: string | null;
}

const qty = (n: number): number => Math.round(n * 1e6) / 1e6 + 0;

/** One pass over every order's lines, bucketed per order: open, shipped not posted, or neither. */
const DEMAND_SQL = `
WITH shipped AS (
  SELECT order_id FROM shipments WHERE ships = 1 AND order_id IS NOT NULL
  UNION
  SELECT o.order_id FROM shipments s JOIN orders o ON o.order_number = s.order_number
   WHERE s.ships = 1 AND s.order_id IS NULL
     AND (SELECT count(*) FROM orders x WHERE x.order_number = s.order_number) = 1
),
-- A journal entry books revenue only: QuickBooks deducts stock for invoices and sales receipts.
posted AS (SELECT DISTINCT coalesce(order_number, posting_key) AS num FROM postings WHERE state = 'posted' AND txn_type <> 'JournalEntry'),
lines AS MATERIALIZED (
  SELECT CASE
           WHEN sh.order_id IS NOT NULL THEN CASE WHEN p.num IS NULL THEN 2 ELSE 0 END
           WHEN o.ss_status IN (${OPEN_SS_STATUSES.map((s) => `'${s}'`).join(', ')}) THEN 1
           ELSE 0
         END AS bucket,
         json_extract(i.value, '$.sku') AS sku, json_extract(i.value, '$.quantity') AS quantity,
         json_extract(i.value, '$.adjustment') AS adjustment
    FROM orders o
    LEFT JOIN shipped sh ON sh.order_id = o.order_id
    LEFT JOIN posted p ON p.num = o.order_number
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

const normSku = skuKey;

/**
 * The sync's own rule for a SKU's item (sku-resolver.ts), over an index of the mirror loaded once
 * per run.
 */
function resolver(db: Db): { resolve: (sku: string) => Resolution; byId: Map<string, ItemRow> } {
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
      `SELECT list_id, name, full_name, item_type, sku, quantity_on_hand, quantity_checked_at, is_active, deleted_at,
         json_extract(raw, '$.components') AS components
         FROM qb_items`,
    )
    .all() as ItemRow[];
  const byId = new Map(items.map((i) => [i.list_id, i]));
  const { skuSource, skuCustomField } = matchingSettings(new SettingsStore(db));
  // One index per place a SKU may be kept, active and inactive items apart (deleted ones left out).
  const index = (value: (i: ItemRow) => (string | null)[]) => {
    const on = new Map<string, ItemRow[]>();
    const off = new Map<string, ItemRow[]>();
    for (const i of items) {
      if (i.deleted_at !== null) continue;
      const into = i.is_active === 1 ? on : off;
      for (const v of new Set(
        value(i)
          .filter((x): x is string => !!x)
          .map((x) => x.trim().toLowerCase()),
      )) {
        const list = into.get(v);
        if (list) list.push(i);
        else into.set(v, [i]);
      }
    }
    return { on, off };
  };
  const fields = new Map<string, string[]>();
  if (skuCustomField)
    for (const f of db
      .prepare('SELECT list_id, value FROM qb_item_fields WHERE name = ? COLLATE NOCASE')
      .all(skuCustomField) as { list_id: string; value: string }[])
      fields.set(f.list_id, [...(fields.get(f.list_id) ?? []), f.value]);
  const indexes: Record<SkuField, ReturnType<typeof index>> = {
    name: index((i) => [i.full_name, i.name]),
    full_name: index((i) => [i.full_name]),
    part_number: index((i) => [i.sku]),
    custom_field: index((i) => fields.get(i.list_id) ?? []),
  };
  const catalog: SkuCatalog = {
    mapping: (key) => {
      const m = mappings.get(key);
      if (!m) return undefined;
      const item = byId.get(m.list_id);
      return {
        listId: m.list_id,
        fullName: item?.full_name ?? m.full_name,
        inMirror: item !== undefined,
        deleted: item !== undefined && item.deleted_at !== null,
      };
    },
    lookup: (field, key, active) =>
      ((active ? indexes[field].on : indexes[field].off).get(key) ?? []).map((i) => ({
        listId: i.list_id,
        fullName: i.full_name,
      })),
  };

  const resolve = (sku: string): Resolution => {
    const r = resolveSku(sku, catalog, skuSource);
    const stale = (m: { fullName: string } | null): string =>
      m ? `Mapped to QuickBooks item "${m.fullName}", which is no longer in QuickBooks; ` : '';
    if (r.kind === 'match') {
      const item = byId.get(r.ref.listId);
      if (item) return { kind: 'item', item, matchedBy: r.via === 'mapping' ? 'mapping' : 'name' };
      return {
        kind: 'unresolved',
        matchedBy: 'mapping',
        listId: r.ref.listId,
        reason: `Mapped to QuickBooks item "${r.ref.fullName}", which is not in the local copy of QuickBooks' items yet.`,
      };
    }
    if (r.kind === 'ambiguous')
      return {
        kind: 'unresolved',
        matchedBy: 'name',
        listId: null,
        reason: `${stale(r.staleMapping)}Several QuickBooks items are named like this SKU (${r.candidates.map((c) => c.fullName).join(', ')}); map it to one.`,
      };
    if (r.kind === 'inactive')
      return {
        kind: 'unresolved',
        matchedBy: 'name',
        listId: r.candidates[0]?.listId ?? null,
        reason: `The QuickBooks item ${r.candidates.map((c) => `"${c.fullName}"`).join(', ')} named like this SKU is inactive.`,
      };
    return {
      kind: 'unresolved',
      matchedBy: r.staleMapping ? 'mapping' : null,
      listId: r.staleMapping?.listId ?? null,
      reason: r.staleMapping
        ? `${stale(r.staleMapping)}no item is named like the SKU either.`
        : 'No QuickBooks item matches this SKU (no mapping, no item of that name).',
    };
  };
  return { resolve, byId };
}

/** A group item's components with the quantity in one unit of the group. */
function componentsOf(item: ItemRow): { listId: string; quantity: number }[] {
  if (item.item_type !== 'Group' || !item.components) return [];
  const parsed = JSON.parse(item.components) as { item?: { listId?: string }; quantity?: number }[];
  return parsed.flatMap((c) =>
    c.item?.listId ? [{ listId: c.item.listId, quantity: c.quantity ?? 1 }] : [],
  );
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
  const {
    demand,
    resolve: { resolve, byId },
  } = read();

  const skus: SkuLine[] = [];
  const excluded = { notInventory: 0, unresolvedWithoutDemand: 0 };
  // Bundles sold: their components' share, per component item.
  const viaBundles = new Map<string, { open: number; shipped: number; bundles: Set<string> }>();
  for (const d of mergeVariants(demand)) {
    const openDemand = qty(d.open_demand);
    const shippedNotPosted = qty(d.shipped_not_posted);
    const r = resolve(d.sku);
    if (r.kind === 'item' && r.item.item_type === 'Group') {
      for (const c of componentsOf(r.item)) {
        const v = viaBundles.get(c.listId) ?? { open: 0, shipped: 0, bundles: new Set<string>() };
        v.open += openDemand * c.quantity;
        v.shipped += shippedNotPosted * c.quantity;
        v.bundles.add(r.item.full_name);
        viaBundles.set(c.listId, v);
      }
      excluded.notInventory++;
      continue;
    }
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
  for (const [listId, v] of viaBundles) {
    const item = byId.get(listId);
    if (!item || !INVENTORY_ITEM_TYPES.includes(item.item_type)) continue;
    const own = skus.find((l) => l.listId === listId && l.mismatch === null);
    const line: SkuLine = own ?? {
      sku: item.name,
      listId,
      itemFullName: item.full_name,
      itemType: item.item_type,
      matchedBy: null,
      onHand: item.quantity_on_hand,
      onHandCheckedAt: item.quantity_checked_at,
      openDemand: 0,
      shippedNotPosted: 0,
      available: null,
      shortfall: 0,
      mismatch:
        item.quantity_on_hand === null
          ? `QuickBooks item "${item.full_name}" has no quantity on hand.`
          : null,
    };
    line.openDemand = qty(line.openDemand + v.open);
    line.shippedNotPosted = qty(line.shippedNotPosted + v.shipped);
    line.available = line.onHand === null ? null : qty(line.onHand - line.shippedNotPosted - line.openDemand);
    line.shortfall = line.available !== null && line.available < 0 ? -line.available : 0;
    line.viaBundles = [...v.bundles].sort();
    if (!own) skus.push(line);
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
