/**
 * The one rule for which QuickBooks item a ShipStation SKU is: the posting (Matcher.item) and the
 * inventory reconciliation both ask here, each through its own way of reading the mirror (one SQL
 * lookup per order line; a preloaded index for a whole inventory run).
 *
 * 1. A saved mapping for the SKU, unless its item was deleted in QuickBooks (then it no longer
 *    counts). A mapping to an item the mirror has not read yet still counts: a person chose it
 *    (e.g. an item just created from the flagged-orders page).
 * 2. Else, field by field as the "where the SKU lives" setting says (name; full name; part number;
 *    a custom field; or name, then part number): the one active item whose field is the SKU,
 *    ignoring case and surrounding spaces. By name, several such items and exactly one whose
 *    FullName is the SKU: that one. Several left: ambiguous (a person maps it).
 * 3. None active in any field: an inactive item so named is reported as inactive; else no item.
 */

import { foldToLatin1 } from '../qbxml';

export interface SkuItemRef {
  listId: string;
  fullName: string;
}

export type SkuSource = 'name' | 'full_name' | 'part_number' | 'custom_field' | 'name_then_part_number';
/** One place a SKU may be kept: 'name' is Name or FullName. */
export type SkuField = 'name' | 'full_name' | 'part_number' | 'custom_field';

export const SKU_FIELDS: Record<SkuSource, readonly SkuField[]> = {
  name: ['name'],
  full_name: ['full_name'],
  part_number: ['part_number'],
  custom_field: ['custom_field'],
  name_then_part_number: ['name', 'part_number'],
};

export const FIELD_LABEL: Record<SkuField, string> = {
  name: 'name',
  full_name: 'full name',
  part_number: 'part number',
  custom_field: 'custom field',
};

export interface SkuCatalog {
  /** The saved mapping under this key, with what the mirror knows of its item. */
  mapping(key: string): (SkuItemRef & { inMirror: boolean; deleted: boolean }) | undefined;
  /** Not deleted items, active or inactive as asked, whose field equals the key, ignoring case. */
  lookup(field: SkuField, key: string, active: boolean): SkuItemRef[];
}

export type SkuResolution =
  | { kind: 'match'; ref: SkuItemRef; via: 'mapping' | SkuField; inMirror: boolean }
  | { kind: 'ambiguous'; candidates: SkuItemRef[]; staleMapping: SkuItemRef | null; field: SkuField }
  | { kind: 'inactive'; candidates: SkuItemRef[] }
  | { kind: 'none'; staleMapping: SkuItemRef | null };

/**
 * SKUs differing only in case, surrounding spaces or characters QuickBooks cannot store (folded as
 * it would be, latin1.ts) are one SKU; mappings are stored under this key.
 */
export const skuKey = (sku: string): string => foldToLatin1(sku).trim().toLowerCase();

export function resolveSku(
  sku: string,
  catalog: SkuCatalog,
  source: SkuSource = 'name_then_part_number',
): SkuResolution {
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
  const fields = SKU_FIELDS[source];
  for (const field of fields) {
    const found = catalog.lookup(field, key, true);
    if (found.length === 1) return { kind: 'match', ref: found[0]!, via: field, inMirror: true };
    if (field === 'name') {
      const exact = found.filter((r) => r.fullName.toLowerCase() === key);
      if (exact.length === 1) return { kind: 'match', ref: exact[0]!, via: 'full_name', inMirror: true };
    }
    if (found.length > 1) return { kind: 'ambiguous', candidates: found, staleMapping, field };
  }
  for (const field of fields) {
    const asleep = catalog.lookup(field, key, false);
    if (asleep.length) return { kind: 'inactive', candidates: asleep };
  }
  return { kind: 'none', staleMapping };
}
