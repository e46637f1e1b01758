import type { Db } from '../db/open';
import type { Matcher } from './matching';
import type { MatchingSettings } from './posting-settings';

/** Orders whose revenue is still to be posted: what a new SKU setting would change. */
const OPEN = ['received', 'flagged', 'validated', 'queued', 'failed'];

export interface SkuPreview {
  orders: number;
  ordersMatched: number;
  lines: number;
  matched: number;
  unknown: number;
  ambiguous: number;
  inactive: number;
  examples: { sku: string; outcome: 'unknown' | 'ambiguous' | 'inactive' }[];
}

/**
 * How the open orders' SKUs would resolve under a "where the SKU lives" setting, before it is saved:
 * the same rule the sync uses (Matcher.item), over every open order's product lines.
 */
export function previewSkuMatching(
  db: Db,
  matcher: Matcher,
  s: Pick<MatchingSettings, 'skuSource' | 'skuCustomField'>,
): SkuPreview {
  const rows = db
    .prepare(
      `SELECT o.order_id, json_extract(i.value, '$.sku') AS sku
         FROM orders o JOIN json_each(o.data, '$.items') i
        WHERE o.status IN (${OPEN.map(() => '?').join(', ')})
          AND coalesce(json_extract(i.value, '$.adjustment'), 0) = 0`,
    )
    .all(...OPEN) as { order_id: string; sku: string | null }[];
  const bySku = new Map<string, 'match' | 'unknown' | 'ambiguous' | 'inactive'>();
  const out: SkuPreview = {
    orders: 0,
    ordersMatched: 0,
    lines: 0,
    matched: 0,
    unknown: 0,
    ambiguous: 0,
    inactive: 0,
    examples: [],
  };
  const orderOk = new Map<string, boolean>();
  for (const r of rows) {
    const sku = r.sku?.trim() ?? '';
    let outcome = sku ? bySku.get(sku.toLowerCase()) : 'unknown';
    if (!outcome) {
      const m = matcher.item(sku, s);
      outcome =
        m.kind === 'match' ? 'match' : m.kind === 'ambiguous' || m.kind === 'inactive' ? m.kind : 'unknown';
      bySku.set(sku.toLowerCase(), outcome);
      if (outcome !== 'match' && out.examples.length < 10)
        out.examples.push({ sku: sku || '(no SKU)', outcome });
    }
    out.lines++;
    if (outcome === 'match') out.matched++;
    else out[outcome]++;
    orderOk.set(r.order_id, (orderOk.get(r.order_id) ?? true) && outcome === 'match');
  }
  out.orders = orderOk.size;
  out.ordersMatched = [...orderOk.values()].filter(Boolean).length;
  return out;
}
