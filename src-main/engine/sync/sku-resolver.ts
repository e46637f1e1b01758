/**
 * The one rule for which QuickBooks item a ShipStation SKU is: the posting (Matcher.item) and the
 * inventory reconciliation both ask here, each through its own way of reading the mirror (one SQL
 * lookup per order line; a preloaded index for a whole inventory run).
 *
 * 1. A saved mapping for the SKU, unless its item was deleted in QuickBooks (then it no longer
 *    counts). A mapping to an item the mirror has not read yet still counts: a person chose it
 *    (e.g. an item just created from the flagged-orders page).
 * 2. Else the one active item whose Name or FullName is the SKU, ignoring case and surrounding
 *    spaces; several such items and exactly one whose FullName is the SKU: that one.
 * 3. Several left: ambiguous (a person maps it); none: no item.
 */

import { foldToLatin1 } from '../qbxml';

export interface SkuItemRef {
  listId: string;
  fullName: string;
}

export interface SkuCatalog {
  /** The saved mapping under this key, with what the mirror knows of its item. */
  mapping(key: string): (SkuItemRef & { inMirror: boolean; deleted: boolean }) | undefined;
  /** Active, not deleted items whose FullName or Name equals the key, ignoring case. */
  named(key: string): SkuItemRef[];
  /** Inactive (not deleted) items named so: matched, but never posted to silently. */
  inactive?(key: string): SkuItemRef[];
}

export type SkuResolution =
  | { kind: 'match'; ref: SkuItemRef; via: 'mapping' | 'name' | 'full name'; inMirror: boolean }
  | { kind: 'ambiguous'; candidates: SkuItemRef[]; staleMapping: SkuItemRef | null }
  | { kind: 'inactive'; candidates: SkuItemRef[] }
  | { kind: 'none'; staleMapping: SkuItemRef | null };

/**
 * SKUs differing only in case, surrounding spaces or characters QuickBooks cannot store (folded as
 * it would be, latin1.ts) are one SKU; mappings are stored under this key.
 */
export const skuKey = (sku: string): string => foldToLatin1(sku).trim().toLowerCase();

export function resolveSku(sku: string, catalog: SkuCatalog): SkuResolution {
  const key = skuKey(sku);
  const m = catalog.mapping(key);
  if (m && !m.deleted)
    return {
      kind: 'match',
      ref: { listId: m.listId, fullName: m.fullName },
      via: 'mapping',
      inMirror: m.inMirror,
    };
  const staleMapping = m ? { listId: m.listId, fullName: m.fullName } : null;
  const named = catalog.named(key);
  if (named.length === 1) return { kind: 'match', ref: named[0]!, via: 'name', inMirror: true };
  const exact = named.filter((r) => r.fullName.toLowerCase() === key);
  if (exact.length === 1) return { kind: 'match', ref: exact[0]!, via: 'full name', inMirror: true };
  if (named.length > 1) return { kind: 'ambiguous', candidates: named, staleMapping };
  const asleep = catalog.inactive?.(key) ?? [];
  if (asleep.length) return { kind: 'inactive', candidates: asleep };
  return { kind: 'none', staleMapping };
}
