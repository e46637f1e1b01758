import type { Db } from '../db/open';
import { foldToLatin1 } from '../qbxml';

/** CustomerAdd's Name holds at most 41 characters (qbXML 13.0, CustomerAdd/Name STRTYPE 41). */
export const QB_NAME_MAX = 41;

export interface NameConflict {
  list: 'customer' | 'vendor' | 'employee' | 'other name';
  name: string;
  active: boolean;
}

export interface CustomerNamePlan {
  /** What the customer will be called in QuickBooks. */
  name: string;
  /** The name asked for was longer than QuickBooks allows: this is the engine's unique short form. */
  shortened: boolean;
  /** Who already holds the name (only for a name that was not shortened: a person chose it). */
  conflict: NameConflict | null;
}

const LIST_OF = { Vendor: 'vendor', Employee: 'employee', OtherName: 'other name' } as const;

/**
 * Who holds a top-level name in QuickBooks: a customer (jobs live under their customer, so only
 * top-level customers count), a vendor, an employee or an other name, active or not. QuickBooks
 * keeps names unique across these four lists and refuses a CustomerAdd with 3100 otherwise.
 */
export function nameConflict(db: Db, name: string): NameConflict | null {
  const c = db
    .prepare(
      `SELECT full_name, is_active FROM qb_customers
       WHERE full_name = ? COLLATE NOCASE AND deleted_at IS NULL LIMIT 1`,
    )
    .get(name) as { full_name: string; is_active: number } | undefined;
  if (c) return { list: 'customer', name: c.full_name, active: c.is_active === 1 };
  const n = db
    .prepare(
      `SELECT kind, name, is_active FROM qb_names WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL LIMIT 1`,
    )
    .get(name) as { kind: keyof typeof LIST_OF; name: string; is_active: number } | undefined;
  return n ? { list: LIST_OF[n.kind], name: n.name, active: n.is_active === 1 } : null;
}

/** The first `max` characters, cut at a word boundary when one is near the end. */
function cut(name: string, max: number): string {
  if (name.length <= max) return name;
  const head = name.slice(0, max);
  const space = head.lastIndexOf(' ');
  return (space >= max - 12 ? head.slice(0, space) : head).replace(/[\s,.;:-]+$/, '');
}

/**
 * The name a new customer gets: as asked when it fits (a conflict is reported, never renamed: the
 * person chose that name); when longer than QuickBooks allows, a short form the engine decides,
 * unique across every name list ("…", then "… 2", "… 3"), shown to the person before creation.
 */
export function planCustomerName(db: Db, wanted: string): CustomerNamePlan {
  // QuickBooks stores ISO-8859-1 and uses ':' for the hierarchy.
  const name = foldToLatin1(wanted).replace(/:/g, '-').replace(/\s+/g, ' ').trim();
  if (name.length <= QB_NAME_MAX) return { name, shortened: false, conflict: nameConflict(db, name) };
  for (let n = 1; n < 1000; n++) {
    const suffix = n === 1 ? '' : ` ${n}`;
    const candidate = `${cut(name, QB_NAME_MAX - suffix.length)}${suffix}`;
    if (!nameConflict(db, candidate)) return { name: candidate, shortened: true, conflict: null };
  }
  throw new Error(`no free short form for "${name}"`);
}
