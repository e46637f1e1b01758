import type { QbCustomer, QbItem } from '../../../shared/api';
import type { Db } from '../db/open';
import type { QbCustomerRecord, QbItemRecord, QbNameEntry } from '../qbxml';

export type MirrorEntity =
  | 'customers'
  | 'items'
  | 'deleted'
  | 'deleted-txns'
  /** The watch for hand edits of the transactions we post, one per type. */
  | 'edited:Invoice'
  | 'edited:SalesReceipt'
  | 'edited:JournalEntry'
  /** Vendor, employee and other names, one watermark per list. */
  | 'names'
  | 'names:Vendor'
  | 'names:Employee'
  | 'names:OtherName';

export interface MirrorState {
  entity: MirrorEntity;
  watermark: string | null;
  pageSize: number | null;
  lastRunAt: string | null;
  lastFullAt: string | null;
  lastCount: number | null;
  lastDurationMs: number | null;
  fullRequested: boolean;
  runCounter: number;
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The local copy of QuickBooks' customers and items, kept fresh by the mirror jobs. */
export class MirrorStore {
  constructor(private readonly db: Db) {}

  upsertCustomer(c: QbCustomerRecord, runId: number): void {
    this.db
      .prepare(
        `INSERT INTO qb_customers (list_id, full_name, name, company_name, email, phone, first_name, last_name,
           is_active, edit_sequence, time_modified, seen_run, deleted_at, raw)
         VALUES (@listId, @fullName, @name, @companyName, @email, @phone, @firstName, @lastName,
           @isActive, @editSequence, @timeModified, @runId, NULL, @raw)
         ON CONFLICT(list_id) DO UPDATE SET full_name = excluded.full_name, name = excluded.name,
           company_name = excluded.company_name, email = excluded.email, phone = excluded.phone,
           first_name = excluded.first_name, last_name = excluded.last_name, is_active = excluded.is_active,
           edit_sequence = excluded.edit_sequence, time_modified = excluded.time_modified,
           seen_run = excluded.seen_run, deleted_at = NULL, raw = excluded.raw`,
      )
      .run({
        listId: c.listId,
        fullName: c.fullName,
        name: c.name,
        companyName: c.companyName ?? null,
        email: c.email ?? null,
        phone: c.phone ?? null,
        firstName: c.firstName ?? null,
        lastName: c.lastName ?? null,
        isActive: c.isActive ? 1 : 0,
        editSequence: c.editSequence,
        timeModified: c.timeModified,
        runId,
        raw: JSON.stringify(c),
      });
  }

  upsertItem(i: QbItemRecord, runId: number): void {
    this.db
      .prepare(
        `INSERT INTO qb_items (list_id, full_name, name, item_type, sku, description, sales_price, quantity_on_hand,
           is_active, edit_sequence, time_modified, seen_run, deleted_at, raw)
         VALUES (@listId, @fullName, @name, @itemType, @sku, @description, @salesPrice, @quantityOnHand,
           @isActive, @editSequence, @timeModified, @runId, NULL, @raw)
         ON CONFLICT(list_id) DO UPDATE SET full_name = excluded.full_name, name = excluded.name,
           item_type = excluded.item_type, sku = excluded.sku, description = excluded.description,
           sales_price = excluded.sales_price, quantity_on_hand = excluded.quantity_on_hand,
           is_active = excluded.is_active, edit_sequence = excluded.edit_sequence,
           time_modified = excluded.time_modified, seen_run = excluded.seen_run, deleted_at = NULL, raw = excluded.raw`,
      )
      .run({
        listId: i.listId,
        fullName: i.fullName,
        name: i.name,
        itemType: i.itemType,
        sku: i.sku ?? null,
        description: i.description ?? null,
        salesPrice: i.salesPrice ?? null,
        quantityOnHand: i.quantityOnHand ?? null,
        isActive: i.isActive ? 1 : 0,
        editSequence: i.editSequence,
        timeModified: i.timeModified,
        runId,
        raw: JSON.stringify(i),
      });
    // Public custom fields (OwnerID 0): one of them may be where the merchant keeps the SKU.
    this.db.prepare('DELETE FROM qb_item_fields WHERE list_id = ?').run(i.listId);
    const field = this.db.prepare(
      'INSERT OR REPLACE INTO qb_item_fields (list_id, name, value) VALUES (?, ?, ?)',
    );
    for (const d of i.dataExt)
      if ((d.ownerId ?? '0') === '0' && d.value.trim()) field.run(i.listId, d.name, d.value.trim());
  }

  upsertName(n: QbNameEntry): void {
    this.db
      .prepare(
        `INSERT INTO qb_names (list_id, kind, name, is_active, time_modified, deleted_at)
         VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT(list_id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
           is_active = excluded.is_active, time_modified = excluded.time_modified, deleted_at = NULL`,
      )
      .run(n.listId, n.kind, n.name, n.isActive ? 1 : 0, n.timeModified);
  }

  markDeleted(kind: 'customer' | 'item' | 'name', listId: string, at: string): boolean {
    const table = kind === 'customer' ? 'qb_customers' : kind === 'item' ? 'qb_items' : 'qb_names';
    return (
      this.db
        .prepare(`UPDATE ${table} SET deleted_at = ? WHERE list_id = ? AND deleted_at IS NULL`)
        .run(at, listId).changes > 0
    );
  }

  /** After a full refresh: whatever QuickBooks no longer returned is gone there. */
  markUnseenDeleted(kind: 'customer' | 'item', runId: number, at: string): number {
    const table = kind === 'customer' ? 'qb_customers' : 'qb_items';
    return this.db
      .prepare(`UPDATE ${table} SET deleted_at = ? WHERE seen_run < ? AND deleted_at IS NULL`)
      .run(at, runId).changes;
  }

  state(entity: MirrorEntity): MirrorState {
    const r = this.db.prepare('SELECT * FROM mirror_state WHERE entity = ?').get(entity) as
      Record<string, unknown> | undefined;
    return {
      entity,
      watermark: (r?.watermark as string | null) ?? null,
      pageSize: (r?.page_size as number | null) ?? null,
      lastRunAt: (r?.last_run_at as string | null) ?? null,
      lastFullAt: (r?.last_full_at as string | null) ?? null,
      lastCount: (r?.last_count as number | null) ?? null,
      lastDurationMs: (r?.last_duration_ms as number | null) ?? null,
      fullRequested: r?.full_requested === 1,
      runCounter: (r?.run_counter as number | undefined) ?? 0,
    };
  }

  saveState(s: MirrorState): void {
    this.db
      .prepare(
        `INSERT INTO mirror_state (entity, watermark, page_size, last_run_at, last_full_at, last_count, last_duration_ms,
           full_requested, run_counter)
         VALUES (@entity, @watermark, @pageSize, @lastRunAt, @lastFullAt, @lastCount, @lastDurationMs, @fullRequested, @runCounter)
         ON CONFLICT(entity) DO UPDATE SET watermark = excluded.watermark, page_size = excluded.page_size,
           last_run_at = excluded.last_run_at, last_full_at = excluded.last_full_at, last_count = excluded.last_count,
           last_duration_ms = excluded.last_duration_ms, full_requested = excluded.full_requested,
           run_counter = excluded.run_counter`,
      )
      .run({ ...s, fullRequested: s.fullRequested ? 1 : 0 });
  }

  /** A new run number, used to tell which rows a full refresh saw. */
  nextRun(entity: MirrorEntity): number {
    const s = this.state(entity);
    const run = s.runCounter + 1;
    this.saveState({ ...s, runCounter: run });
    return run;
  }

  count(kind: 'customer' | 'item'): number {
    const table = kind === 'customer' ? 'qb_customers' : 'qb_items';
    return (
      this.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`).get() as { n: number }
    ).n;
  }

  private listWhere(
    search: string | undefined,
    includeInactive: boolean,
  ): { sql: string; params: unknown[] } {
    const clauses = ['deleted_at IS NULL'];
    const params: unknown[] = [];
    if (!includeInactive) clauses.push('is_active = 1');
    if (search && search.trim()) {
      clauses.push(`full_name LIKE ? ESCAPE '\\'`);
      params.push(`%${likeEscape(search.trim())}%`);
    }
    return { sql: `WHERE ${clauses.join(' AND ')}`, params };
  }

  listItems(opts: { search?: string; limit: number; offset: number; includeInactive?: boolean }): {
    items: QbItem[];
    total: number;
  } {
    const w = this.listWhere(opts.search, opts.includeInactive ?? false);
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM qb_items ${w.sql}`).get(...w.params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT list_id, full_name, name, item_type, sku, description, sales_price, quantity_on_hand, is_active, time_modified
         FROM qb_items ${w.sql} ORDER BY full_name COLLATE NOCASE LIMIT ? OFFSET ?`,
      )
      .all(...w.params, opts.limit, opts.offset) as Record<string, unknown>[];
    return {
      total,
      items: rows.map((r) => ({
        listId: r.list_id as string,
        fullName: r.full_name as string,
        name: r.name as string,
        itemType: r.item_type as string,
        sku: r.sku as string | null,
        description: r.description as string | null,
        salesPrice: r.sales_price as number | null,
        quantityOnHand: r.quantity_on_hand as number | null,
        isActive: r.is_active === 1,
        timeModified: r.time_modified as string,
      })),
    };
  }

  listCustomers(opts: { search?: string; limit: number; offset: number; includeInactive?: boolean }): {
    customers: QbCustomer[];
    total: number;
  } {
    const w = this.listWhere(opts.search, opts.includeInactive ?? false);
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM qb_customers ${w.sql}`).get(...w.params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT list_id, full_name, name, company_name, email, phone, is_active, time_modified
         FROM qb_customers ${w.sql} ORDER BY full_name COLLATE NOCASE LIMIT ? OFFSET ?`,
      )
      .all(...w.params, opts.limit, opts.offset) as Record<string, unknown>[];
    return {
      total,
      customers: rows.map((r) => ({
        listId: r.list_id as string,
        fullName: r.full_name as string,
        name: r.name as string,
        companyName: r.company_name as string | null,
        email: r.email as string | null,
        phone: r.phone as string | null,
        isActive: r.is_active === 1,
        timeModified: r.time_modified as string,
      })),
    };
  }
}
