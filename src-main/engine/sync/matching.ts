import { foldToLatin1 } from '../qbxml';
import type { Db } from '../db/open';
import type { SsOrder } from '../shipstation/types';
import type { MatchingSettings } from './posting-settings';
import { FIELD_LABEL, resolveSku, type SkuCatalog, type SkuField } from './sku-resolver';

export interface QbRefMatch {
  listId: string;
  fullName: string;
}

export type MatchResult =
  | { kind: 'match'; ref: QbRefMatch; via: string }
  /** Only the name matches, and the order's email says it may be someone else: a person confirms. */
  | { kind: 'candidate'; candidates: QbRefMatch[]; via: string; why: string }
  /** Only an inactive QuickBooks entry matches: flagged, never posted to silently. */
  | { kind: 'inactive'; candidates: QbRefMatch[]; via: string }
  | { kind: 'none'; tried: string[] }
  | { kind: 'ambiguous'; candidates: QbRefMatch[]; via: string };

export type MappingKind = 'sku' | 'customer_email' | 'customer_name' | 'store_customer' | 'order_customer';

/** Keys and names as QuickBooks holds them: folded to ISO-8859-1 (latin1.ts), trimmed, any case. */
const norm = (s: string): string => foldToLatin1(s).trim().toLowerCase();

const DEFAULT_SKU = { skuSource: 'name_then_part_number', skuCustomField: null } as const;

/** Customer and item lookups against the local QuickBooks mirror and the remembered mappings. */
export class Matcher {
  constructor(private readonly db: Db) {}

  mapping(kind: MappingKind, key: string): QbRefMatch | undefined {
    const r = this.db
      .prepare(
        `SELECT m.list_id, coalesce(c.full_name, i.full_name, m.full_name) AS full_name,
           coalesce(c.deleted_at, i.deleted_at) AS deleted_at
         FROM mappings m
         LEFT JOIN qb_customers c ON c.list_id = m.list_id
         LEFT JOIN qb_items i ON i.list_id = m.list_id
         WHERE m.kind = ? AND m.key = ?`,
      )
      .get(kind, norm(key)) as { list_id: string; full_name: string; deleted_at: string | null } | undefined;
    // A mapping to something since deleted in QuickBooks no longer counts.
    return r && !r.deleted_at ? { listId: r.list_id, fullName: r.full_name } : undefined;
  }

  setMapping(kind: MappingKind, key: string, ref: QbRefMatch): void {
    this.db
      .prepare(
        `INSERT INTO mappings (kind, key, list_id, full_name, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(kind, key) DO UPDATE SET list_id = excluded.list_id, full_name = excluded.full_name,
           created_at = excluded.created_at`,
      )
      .run(kind, norm(key), ref.listId, ref.fullName, new Date().toISOString());
  }

  private customersWhere(
    column: 'email' | 'full_name' | 'company_name',
    value: string,
    active = true,
  ): QbRefMatch[] {
    return (
      this.db
        .prepare(
          `SELECT list_id, full_name FROM qb_customers
           WHERE ${
             column === 'email'
               ? // QuickBooks' Email field may hold several addresses ("a@x.com; b@y.com" or comma-separated).
                 `(email = @v COLLATE NOCASE OR (';' || replace(replace(lower(email), ' ', ''), ',', ';') || ';') LIKE '%;' || lower(@v) || ';%')`
               : `${column} = @v COLLATE NOCASE`
           } AND is_active = ${active ? 1 : 0} AND deleted_at IS NULL LIMIT 20`,
        )
        .all({ v: foldToLatin1(value).trim() }) as { list_id: string; full_name: string }[]
    ).map((r) => ({ listId: r.list_id, fullName: r.full_name }));
  }

  /** Why a name-only match may be another person (null: no reason to doubt it). */
  private nameOnlyDoubt(orderEmail: string | null | undefined, c: QbRefMatch): string | null {
    const email = (orderEmail ?? '').trim().toLowerCase();
    if (!email) return null;
    const relay = relayMarketplace(email);
    if (relay)
      return `the order's email is a ${relay} relay address, which says nothing about who the buyer is`;
    const qb = (
      this.db.prepare('SELECT email FROM qb_customers WHERE list_id = ?').get(c.listId) as
        { email: string | null } | undefined
    )?.email;
    if (qb && qb.trim()) return `the QuickBooks customer's email is ${qb.trim()}, the order's ${email}`;
    return null;
  }

  customerForOrder(order: SsOrder, s: MatchingSettings): MatchResult {
    const chosen = this.mapping('order_customer', order.orderId);
    if (chosen) return { kind: 'match', ref: chosen, via: 'chosen for this order' };
    // A store rule ("remember for this store") beats the global strategy, whichever it is.
    const storeRule = order.storeId ? this.mapping('store_customer', order.storeId) : undefined;
    if (storeRule) return { kind: 'match', ref: storeRule, via: 'store mapping' };
    if (s.customerStrategy === 'per-store') return { kind: 'none', tried: [`store ${order.storeId ?? '?'}`] };
    const name = order.billTo.name ?? order.shipTo.name ?? null;
    const company = order.billTo.company ?? order.shipTo.company ?? null;
    const tried: string[] = [];
    for (const key of s.customerKeys) {
      const value = key === 'email' ? order.customerEmail : key === 'name' ? name : company;
      if (!value?.trim()) continue;
      tried.push(value);
      const remembered =
        key === 'email'
          ? this.mapping('customer_email', value)
          : key === 'name'
            ? this.mapping('customer_name', value)
            : undefined;
      if (remembered) return { kind: 'match', ref: remembered, via: `saved mapping for ${key}` };
      const found = this.customersWhere(
        key === 'email' ? 'email' : key === 'name' ? 'full_name' : 'company_name',
        value,
      );
      if (found.length === 0) {
        const asleep = this.customersWhere(
          key === 'email' ? 'email' : key === 'name' ? 'full_name' : 'company_name',
          value,
          false,
        );
        if (asleep.length) return { kind: 'inactive', candidates: asleep, via: `${key} "${value}"` };
      }
      if (found.length === 1 && key !== 'email') {
        // A name is not a person: never a silent match when the order's email says otherwise.
        const why = this.nameOnlyDoubt(order.customerEmail, found[0]!);
        if (why) return { kind: 'candidate', candidates: found, via: `${key} "${value}"`, why };
      }
      if (found.length === 1) return { kind: 'match', ref: found[0]!, via: key };
      if (found.length > 1) {
        // A customer and its jobs often share an email: that is the customer, not an ambiguity.
        const roots = new Set(found.map((f) => f.fullName.split(':')[0]));
        const parent = found.find((f) => !f.fullName.includes(':'));
        if (roots.size === 1 && parent)
          return { kind: 'match', ref: parent, via: `${key} (parent of its jobs)` };
        return { kind: 'ambiguous', candidates: found, via: `${key} "${value}"` };
      }
    }
    return { kind: 'none', tried };
  }

  /** An item by SKU, by the one rule (sku-resolver.ts), reading the mirror with one lookup per field. */
  item(sku: string, s: Pick<MatchingSettings, 'skuSource' | 'skuCustomField'> = DEFAULT_SKU): MatchResult {
    const r = resolveSku(sku, this.skuCatalog(s.skuCustomField), s.skuSource);
    if (r.kind === 'match')
      return {
        kind: 'match',
        ref: r.ref,
        via: r.via === 'mapping' ? 'saved mapping' : (FIELD_LABEL[r.via] ?? r.via),
      };
    if (r.kind === 'ambiguous')
      return {
        kind: 'ambiguous',
        candidates: r.candidates,
        via: `SKU "${sku}" (by ${r.field === 'custom_field' ? `custom field "${s.skuCustomField ?? ''}"` : FIELD_LABEL[r.field]})`,
      };
    if (r.kind === 'inactive') return { kind: 'inactive', candidates: r.candidates, via: `SKU "${sku}"` };
    return { kind: 'none', tried: [sku] };
  }

  private skuCatalog(customField: string | null): SkuCatalog {
    return {
      mapping: (key) => {
        const r = this.db
          .prepare(
            `SELECT m.list_id, coalesce(i.full_name, m.full_name) AS full_name, i.list_id IS NOT NULL AS in_mirror,
               i.deleted_at FROM mappings m LEFT JOIN qb_items i ON i.list_id = m.list_id
             WHERE m.kind = 'sku' AND m.key = ?`,
          )
          .get(key) as
          { list_id: string; full_name: string; in_mirror: number; deleted_at: string | null } | undefined;
        return r
          ? {
              listId: r.list_id,
              fullName: r.full_name,
              inMirror: r.in_mirror === 1,
              deleted: r.deleted_at !== null,
            }
          : undefined;
      },
      lookup: (field, key, active) => {
        if (field === 'custom_field' && !customField) return [];
        const where: Record<SkuField, string> = {
          name: 'full_name = @key COLLATE NOCASE OR name = @key COLLATE NOCASE',
          full_name: 'full_name = @key COLLATE NOCASE',
          part_number: 'sku = @key COLLATE NOCASE',
          custom_field: `list_id IN (SELECT list_id FROM qb_item_fields
                           WHERE name = @field COLLATE NOCASE AND value = @key COLLATE NOCASE)`,
        };
        return (
          this.db
            .prepare(
              `SELECT list_id, full_name FROM qb_items
               WHERE (${where[field]}) AND is_active = @active AND deleted_at IS NULL LIMIT 20`,
            )
            .all({
              key,
              active: active ? 1 : 0,
              ...(field === 'custom_field' ? { field: customField } : {}),
            }) as {
            list_id: string;
            full_name: string;
          }[]
        ).map((r) => ({ listId: r.list_id, fullName: r.full_name }));
      },
    };
  }

  /** Whether a mirrored item is a group item (a bundle). */
  isGroup(listId: string): boolean {
    const r = this.db.prepare(`SELECT item_type FROM qb_items WHERE list_id = ?`).get(listId) as
      { item_type: string } | undefined;
    return r?.item_type === 'Group';
  }

  /** Whether a mirrored customer or item is inactive in QuickBooks. */
  isInactive(listId: string): boolean {
    const r = this.db
      .prepare(
        `SELECT is_active FROM qb_customers WHERE list_id = ? UNION ALL SELECT is_active FROM qb_items WHERE list_id = ?`,
      )
      .get(listId, listId) as { is_active: number } | undefined;
    return r?.is_active === 0;
  }

  /** A configured item (shipping, discount, tax) by full name. */
  customerById(listId: string): QbRefMatch | undefined {
    const r = this.db
      .prepare(`SELECT list_id, full_name FROM qb_customers WHERE list_id = ? AND deleted_at IS NULL`)
      .get(listId) as { list_id: string; full_name: string } | undefined;
    return r ? { listId: r.list_id, fullName: r.full_name } : undefined;
  }

  itemById(listId: string): QbRefMatch | undefined {
    const r = this.db
      .prepare(`SELECT list_id, full_name FROM qb_items WHERE list_id = ? AND deleted_at IS NULL`)
      .get(listId) as { list_id: string; full_name: string } | undefined;
    return r ? { listId: r.list_id, fullName: r.full_name } : undefined;
  }

  itemByFullName(fullName: string): QbRefMatch | undefined {
    const r = this.db
      .prepare(
        `SELECT list_id, full_name FROM qb_items WHERE full_name = ? COLLATE NOCASE AND is_active = 1 AND deleted_at IS NULL`,
      )
      .get(fullName.trim()) as { list_id: string; full_name: string } | undefined;
    return r ? { listId: r.list_id, fullName: r.full_name } : undefined;
  }

  mirrorLoaded(): boolean {
    const r = this.db
      .prepare(
        `SELECT count(*) AS n FROM mirror_state WHERE last_run_at IS NOT NULL AND entity IN ('customers','items')`,
      )
      .get() as {
      n: number;
    };
    return r.n === 2;
  }
}

/**
 * Marketplaces that hide the buyer behind a relay address: the address reaches the buyer but names
 * nobody, so it cannot confirm a name match. Amazon (buyer-seller messaging,
 * `…@marketplace.amazon.com` and its country domains), Walmart Marketplace (`…@relay.walmart.com`),
 * eBay (`…@members.ebay.com`).
 */
const RELAY_DOMAINS: [RegExp, string][] = [
  [/@marketplace\.amazon\.[a-z.]+$/, 'Amazon'],
  [/@relay\.walmart\.com$/, 'Walmart'],
  [/@members\.ebay\.[a-z.]+$/, 'eBay'],
];

export function relayMarketplace(email: string): string | null {
  const e = email.trim().toLowerCase();
  return RELAY_DOMAINS.find(([re]) => re.test(e))?.[1] ?? null;
}
