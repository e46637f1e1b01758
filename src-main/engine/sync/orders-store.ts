import { createHash } from 'node:crypto';
import type { Db } from '../db/open';
import type { SsFulfillment, SsOrder, SsShipment, SsStore } from '../shipstation/types';

export type OrderSyncStatus =
  'received' | 'flagged' | 'validated' | 'queued' | 'posted' | 'cancelled' | 'ignored' | 'failed';

/** Hash of what matters in a record (not ShipStation's raw JSON, not its modifyDate): a change means a real edit. */
function contentHash(value: Record<string, unknown>, omit: string[]): string {
  const copy: Record<string, unknown> = { ...value };
  for (const k of omit) delete copy[k];
  return createHash('sha256').update(JSON.stringify(copy)).digest('hex');
}

export type UpsertResult = 'new' | 'changed' | 'unchanged';

export interface StoredOrder {
  orderId: string;
  orderNumber: string;
  storeId: string | null;
  ssStatus: string;
  status: OrderSyncStatus;
  modifyDate: string;
  revision: number;
  collision: boolean;
  order: SsOrder;
}

/** Orders and shipments as ingested from ShipStation, keyed by ShipStation's own ids. */
export class OrdersStore {
  constructor(private readonly db: Db) {}

  upsertStore(s: SsStore): void {
    this.db
      .prepare(
        `INSERT INTO ss_stores (store_id, name, marketplace, active, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(store_id) DO UPDATE SET name = excluded.name, marketplace = excluded.marketplace,
           active = excluded.active, updated_at = excluded.updated_at`,
      )
      .run(s.storeId, s.storeName, s.marketplaceName, s.active ? 1 : 0, new Date().toISOString());
  }

  /**
   * A store known only from its orders (ShipStation V2 lists no stores): kept by id, named by it,
   * until a list of stores says more.
   */
  ensureStore(storeId: string, marketplace: string | null): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO ss_stores (store_id, name, marketplace, active, updated_at) VALUES (?, ?, ?, 1, ?)`,
      )
      .run(storeId, `Store ${storeId}`, marketplace, new Date().toISOString());
  }

  stores(): (SsStore & { syncEnabled: boolean })[] {
    return (
      this.db.prepare('SELECT * FROM ss_stores ORDER BY name').all() as {
        store_id: string;
        name: string;
        marketplace: string | null;
        active: number;
        sync_enabled: number;
      }[]
    ).map((r) => ({
      storeId: r.store_id,
      storeName: r.name,
      marketplaceName: r.marketplace,
      active: r.active === 1,
      syncEnabled: r.sync_enabled === 1,
    }));
  }

  setStoreSync(storeId: string, enabled: boolean): boolean {
    return (
      this.db
        .prepare('UPDATE ss_stores SET sync_enabled = ? WHERE store_id = ?')
        .run(enabled ? 1 : 0, storeId).changes > 0
    );
  }

  isStoreSynced(storeId: string | null): boolean {
    if (!storeId) return true;
    const r = this.db.prepare('SELECT sync_enabled FROM ss_stores WHERE store_id = ?').get(storeId) as
      { sync_enabled: number } | undefined;
    return r ? r.sync_enabled === 1 : true;
  }

  upsertOrder(o: SsOrder): UpsertResult {
    const now = new Date().toISOString();
    const hash = contentHash(o as unknown as Record<string, unknown>, ['raw', 'modifyDate']);
    const existing = this.db
      .prepare('SELECT content_hash, modify_date FROM orders WHERE order_id = ?')
      .get(o.orderId) as { content_hash: string; modify_date: string } | undefined;
    const customerName = o.billTo.name ?? o.shipTo.name ?? o.customerUsername;
    const data = JSON.stringify(o);
    if (!existing) {
      this.db
        .prepare(
          `INSERT INTO orders (order_id, order_number, store_id, ss_status, status, modify_date, order_date, customer_email,
             customer_name, order_total, data, content_hash, first_seen_at, updated_at)
           VALUES (?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          o.orderId,
          o.orderNumber,
          o.storeId,
          o.status,
          o.modifyDate,
          o.orderDate,
          o.customerEmail,
          customerName,
          o.orderTotal,
          data,
          hash,
          now,
          now,
        );
      return 'new';
    }
    if (existing.content_hash === hash) {
      if (existing.modify_date !== o.modifyDate) {
        this.db
          .prepare('UPDATE orders SET modify_date = ?, data = ? WHERE order_id = ?')
          .run(o.modifyDate, data, o.orderId);
      }
      return 'unchanged';
    }
    this.db
      .prepare(
        `UPDATE orders SET order_number = ?, store_id = ?, ss_status = ?, modify_date = ?, order_date = ?, customer_email = ?,
           customer_name = ?, order_total = ?, data = ?, content_hash = ?, revision = revision + 1, dirty = 1, updated_at = ?
         WHERE order_id = ?`,
      )
      .run(
        o.orderNumber,
        o.storeId,
        o.status,
        o.modifyDate,
        o.orderDate,
        o.customerEmail,
        customerName,
        o.orderTotal,
        data,
        hash,
        now,
        o.orderId,
      );
    return 'changed';
  }

  /**
   * Order numbers are not unique across stores. Other orders with this number in another store
   * make a collision (the number is the QuickBooks dedup key); split children in the same store are not.
   */
  markCollisions(orderNumber: string): string[] {
    const rows = this.db
      .prepare('SELECT order_id, store_id FROM orders WHERE order_number = ?')
      .all(orderNumber) as { order_id: string; store_id: string | null }[];
    const storeIds = new Set(rows.map((r) => r.store_id ?? ''));
    const collided = storeIds.size > 1;
    this.db
      .prepare('UPDATE orders SET collision = ? WHERE order_number = ?')
      .run(collided ? 1 : 0, orderNumber);
    return collided ? rows.map((r) => r.order_id) : [];
  }

  getOrder(orderId: string): StoredOrder | undefined {
    const r = this.db.prepare('SELECT * FROM orders WHERE order_id = ?').get(orderId) as
      Record<string, unknown> | undefined;
    return r ? toStored(r) : undefined;
  }

  ordersByNumber(orderNumber: string): StoredOrder[] {
    return (
      this.db
        .prepare('SELECT * FROM orders WHERE order_number = ? ORDER BY order_id')
        .all(orderNumber) as Record<string, unknown>[]
    ).map(toStored);
  }

  upsertShipment(s: SsShipment | SsFulfillment, source: 'label' | 'fulfillment'): UpsertResult | 'voided' {
    const now = new Date().toISOString();
    const id = source === 'label' ? (s as SsShipment).shipmentId : `F-${(s as SsFulfillment).fulfillmentId}`;
    const hash = contentHash(s as unknown as Record<string, unknown>, ['raw']);
    const existing = this.db
      .prepare('SELECT content_hash, voided FROM shipments WHERE shipment_id = ?')
      .get(id) as { content_hash: string; voided: number } | undefined;
    const row = {
      id,
      source,
      orderId: s.orderId,
      orderNumber: s.orderNumber,
      shipDate: s.shipDate,
      createDate: s.createDate,
      voided: s.voided ? 1 : 0,
      voidDate: s.voidDate,
      tracking: s.trackingNumber,
      carrier: s.carrierCode,
      service: source === 'label' ? (s as SsShipment).serviceCode : null,
      cost: source === 'label' ? (s as SsShipment).shipmentCost : null,
      labelStatus: s.voided ? 'voided' : source === 'label' ? (s as SsShipment).labelStatus : 'completed',
      isReturn: source === 'label' && (s as SsShipment).isReturnLabel ? 1 : 0,
      data: JSON.stringify(s),
      hash,
      now,
    };
    if (!existing) {
      this.db
        .prepare(
          `INSERT INTO shipments (shipment_id, source, order_id, order_number, ship_date, create_date, voided, void_date,
             tracking_number, carrier_code, service_code, cost, data, content_hash, first_seen_at, updated_at,
             label_status, is_return)
           VALUES (@id, @source, @orderId, @orderNumber, @shipDate, @createDate, @voided, @voidDate, @tracking, @carrier,
             @service, @cost, @data, @hash, @now, @now, @labelStatus, @isReturn)`,
        )
        .run(row);
      this.markDirty(s.orderId);
      return 'new';
    }
    if (existing.content_hash === hash) return 'unchanged';
    this.markDirty(s.orderId);
    this.db
      .prepare(
        `UPDATE shipments SET order_id = @orderId, order_number = @orderNumber, ship_date = @shipDate, voided = @voided,
           void_date = @voidDate, tracking_number = @tracking, carrier_code = @carrier, service_code = @service, cost = @cost,
           data = @data, content_hash = @hash, updated_at = @now, label_status = @labelStatus, is_return = @isReturn
           WHERE shipment_id = @id`,
      )
      .run(row);
    return existing.voided === 0 && s.voided ? 'voided' : 'changed';
  }

  /**
   * Asks the next reconcile to look again at every order in these sync statuses (a mapping, a
   * setting or QuickBooks' lists changed). Orders a person chose to ignore stay ignored.
   */
  markDirtyByStatus(statuses: OrderSyncStatus[]): number {
    return this.db
      .prepare(
        `UPDATE orders SET dirty = 1 WHERE ignored_by_user = 0 AND status IN (SELECT value FROM json_each(?))`,
      )
      .run(JSON.stringify(statuses)).changes;
  }

  markNumberDirty(orderNumber: string): void {
    this.db.prepare('UPDATE orders SET dirty = 1 WHERE order_number = ?').run(orderNumber);
  }

  markDirty(orderId: string | null): void {
    if (orderId) this.db.prepare('UPDATE orders SET dirty = 1 WHERE order_id = ?').run(orderId);
  }

  shipmentsForOrder(orderId: string): {
    shipmentId: string;
    source: string;
    shipDate: string | null;
    voided: boolean;
    labelStatus: string;
    isReturn: boolean;
    trackingNumber: string | null;
  }[] {
    return (
      this.db
        .prepare(
          `SELECT shipment_id, source, ship_date, voided, label_status, is_return, tracking_number FROM shipments
           WHERE order_id = ? ORDER BY create_date`,
        )
        .all(orderId) as {
        shipment_id: string;
        source: string;
        ship_date: string | null;
        voided: number;
        label_status: string;
        is_return: number;
        tracking_number: string | null;
      }[]
    ).map((r) => ({
      shipmentId: r.shipment_id,
      source: r.source,
      shipDate: r.ship_date,
      voided: r.voided === 1,
      labelStatus: r.label_status,
      isReturn: r.is_return === 1,
      trackingNumber: r.tracking_number,
    }));
  }

  counts(): { orders: number; shipments: number; fulfillments: number; voided: number; collisions: number } {
    const one = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      orders: one('SELECT count(*) AS n FROM orders'),
      shipments: one(`SELECT count(*) AS n FROM shipments WHERE source = 'label'`),
      fulfillments: one(`SELECT count(*) AS n FROM shipments WHERE source = 'fulfillment'`),
      voided: one('SELECT count(*) AS n FROM shipments WHERE voided = 1'),
      collisions: one('SELECT count(*) AS n FROM orders WHERE collision = 1'),
    };
  }
}

function toStored(r: Record<string, unknown>): StoredOrder {
  return {
    orderId: r.order_id as string,
    orderNumber: r.order_number as string,
    storeId: r.store_id as string | null,
    ssStatus: r.ss_status as string,
    status: r.status as OrderSyncStatus,
    modifyDate: r.modify_date as string,
    revision: r.revision as number,
    collision: r.collision === 1,
    order: JSON.parse(r.data as string) as SsOrder,
  };
}

export interface OrderListRow {
  orderId: string;
  orderNumber: string;
  storeId: string | null;
  storeName: string | null;
  status: OrderSyncStatus;
  ssStatus: string;
  orderDate: string | null;
  modifyDate: string;
  customerName: string | null;
  customerEmail: string | null;
  orderTotal: number;
  shipDate: string | null;
  collision: boolean;
}

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The orders page: filtered, newest first, with the first live shipment's date. */
export function listOrders(
  db: Db,
  q: {
    status?: OrderSyncStatus;
    storeId?: string;
    search?: string;
    orderId?: string;
    limit: number;
    offset: number;
  },
): { orders: OrderListRow[]; total: number } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
  if (q.status) {
    where.push('o.status = @status');
    params.status = q.status;
  }
  if (q.orderId) {
    where.push('o.order_id = @orderId');
    params.orderId = q.orderId;
  }
  if (q.storeId) {
    where.push('o.store_id = @storeId');
    params.storeId = q.storeId;
  }
  if (q.search?.trim()) {
    where.push(
      `(o.order_number LIKE @search ESCAPE '\\' OR o.customer_name LIKE @search ESCAPE '\\' OR o.customer_email LIKE @search ESCAPE '\\')`,
    );
    params.search = `%${likeEscape(q.search.trim())}%`;
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM orders o ${w}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT o.order_id, o.order_number, o.store_id, s.name AS store_name, o.status, o.ss_status, o.order_date,
         o.modify_date, o.customer_name, o.customer_email, o.order_total, o.collision,
         (SELECT min(sh.ship_date) FROM shipments sh WHERE sh.order_id = o.order_id AND sh.ships = 1) AS ship_date
       FROM orders o LEFT JOIN ss_stores s ON s.store_id = o.store_id
       ${w} ORDER BY coalesce(o.order_date, o.modify_date) DESC, o.order_id DESC LIMIT @limit OFFSET @offset`,
    )
    .all(params) as Record<string, unknown>[];
  return {
    total,
    orders: rows.map((r) => ({
      orderId: r.order_id as string,
      orderNumber: r.order_number as string,
      storeId: r.store_id as string | null,
      storeName: r.store_name as string | null,
      status: r.status as OrderSyncStatus,
      ssStatus: r.ss_status as string,
      orderDate: r.order_date as string | null,
      modifyDate: r.modify_date as string,
      customerName: r.customer_name as string | null,
      customerEmail: r.customer_email as string | null,
      orderTotal: r.order_total as number,
      shipDate: r.ship_date as string | null,
      collision: r.collision === 1,
    })),
  };
}
