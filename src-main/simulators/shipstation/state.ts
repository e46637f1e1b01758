/**
 * The simulator's single source of truth and its scripting operations. Every change bumps the
 * order's modifyDate to "now" (the `now` option), as ShipStation does. Shipped and cancelled orders
 * refuse edits (SimStateError); voiding the last live label of a shipped order puts it back to
 * awaiting_shipment, which makes it editable again.
 */

import {
  COMPANIES,
  defaultCatalog,
  FIRST_NAMES,
  INTL_CITIES,
  LAST_NAMES,
  makeStores,
  normaliseSku,
} from './catalog.js';
import { SERVICES, STREETS, US_CITIES, WAREHOUSE_ID, type ServiceChoice } from './catalog.js';
import {
  cents,
  dollars,
  ORDER_STATUSES,
  SimStateError,
  type FulfillmentRec,
  type ItemRec,
  type LabelBatchRec,
  type LabelRec,
  type OrderRec,
  type OrderStatus,
  type SimAddress,
  type SimCustomerSpec,
  type SimEvent,
  type SimFulfillment,
  type SimItemSpec,
  type SimOrder,
  type SimShipment,
  type SimSkuSpec,
  type SimStore,
  type StoreRec,
} from './model.js';
import { pacificDate } from './pacific.js';
import { chance, digits, guid, hex, mulberry32, pick, randInt, type Rng } from '../prng.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface CreateOrdersOptions {
  /** Store to import into; default: spread over the active stores. */
  storeId?: number;
  /** Catalog to draw lines from (default: the simulator's `skus`). */
  skus?: (string | SimSkuSpec)[];
  /** Customers to draw from (default: the simulator's `customers`, else generated people). */
  customers?: SimCustomerSpec[];
  /** Prefix for generated order numbers, e.g. `TEST-` → `TEST-1001`. */
  orderNumberPrefix?: string;
  /** Initial status (default awaiting_shipment). `shipped` imports an order already shipped elsewhere: no label, no fulfillment. */
  status?: OrderStatus;
  /** Exact lines for every created order (otherwise 1–4 random catalog lines, sometimes a discount line). */
  items?: SimItemSpec[];
  /** dollars; overrides the generated amount */
  taxAmount?: number;
  /** dollars; overrides the generated amount */
  shippingAmount?: number;
  /** true: always add a discount (adjustment) line; false: never; a number: that many dollars off. Default: 15 % of orders. */
  discount?: boolean | number;
  /** Marketplace order date (default: shortly before the import). */
  orderDate?: Date;
  /**
   * dollars: what the customer paid, independent of the order total (V1 `amountPaid`, V2
   * `amount_paid`), e.g. the rest was on a gift card or is still owed. Default: the total once paid.
   */
  amountPaid?: number;
  /** V1 `paymentMethod` as the store reported it (default "Credit Card", Amazon "Other"). */
  paymentMethod?: string;
}

export interface SimOrderPatch {
  items?: SimItemSpec[];
  taxAmount?: number;
  shippingAmount?: number;
  customerEmail?: string | null;
  customerNotes?: string | null;
  internalNotes?: string | null;
  shipTo?: Partial<SimAddress>;
  billTo?: Partial<SimAddress>;
  orderStatus?: 'awaiting_payment' | 'awaiting_shipment' | 'pending_fulfillment' | 'on_hold';
  requestedShippingService?: string | null;
  customField1?: string | null;
  customField2?: string | null;
  customField3?: string | null;
  /** dollars, or null for "paid in full" (see CreateOrdersOptions.amountPaid). */
  amountPaid?: number | null;
  paymentMethod?: string | null;
}

/** What may change on a shipped order (ShipStation keeps notes, tags and custom fields editable). */
export interface SimOrderAnnotation {
  internalNotes?: string | null;
  customerNotes?: string | null;
  customField1?: string | null;
  customField2?: string | null;
  customField3?: string | null;
}

export interface ShipOrdersOptions {
  /** Two labels for each order (items divided between them). */
  split?: boolean;
  /** Pacific date `YYYY-MM-DD` (default: today in Pacific time). */
  shipDate?: string;
  carrierCode?: string;
  serviceCode?: string;
  /** dollars per label */
  shipmentCost?: number;
  /** Allow another label on an order that is already shipped (a reship, or the rest of a partial shipment). */
  reship?: boolean;
  /**
   * One label covering only these lines (orderItemId and quantity): a partial shipment, the rest
   * shipped by a later label (`reship: true`), possibly on another day. Its `shipmentItems` say what
   * it holds.
   */
  items?: { orderItemId: number; quantity: number }[];
  /** A label not created (yet): `processing` (a batch still being bought) or `error`. The order does not ship. */
  labelStatus?: 'processing' | 'error';
  /** A return label (V1 isReturnLabel, V2 is_return_label): the customer sends goods back; nothing ships. */
  returnLabel?: boolean;
}

export interface MarkShippedOptions {
  trackingNumber?: string;
  carrierCode?: string | null;
  /** Pacific date `YYYY-MM-DD` (default: today in Pacific time). */
  shipDate?: string;
  notifyErrorMessage?: string | null;
  /** An instant (ISO) it shipped: V2's fulfillment ship_date carries the time; the day is its Pacific date. */
  shippedAt?: string;
  /** Set to mark the order fulfilled by a fulfillment provider (externallyFulfilled, FULFILLMENT_SHIPPED webhook). */
  fulfillmentProviderCode?: string;
}

export interface SeedMix {
  awaiting_shipment: number;
  awaiting_payment: number;
  on_hold: number;
  cancelled: number;
  /** shipped with a label (appears in /shipments) */
  shipped_label: number;
  /** marked as shipped (appears in /fulfillments) */
  shipped_external: number;
}

export const DEFAULT_SEED_MIX: SeedMix = {
  awaiting_shipment: 70,
  awaiting_payment: 4,
  on_hold: 4,
  cancelled: 4,
  shipped_label: 14,
  shipped_external: 4,
};

export interface StateOptions {
  seed: number;
  stores: number;
  now: () => Date;
  skus?: (string | SimSkuSpec)[];
  customers?: SimCustomerSpec[];
  /** Amazon orders carry the buyer's relay address even when drawn from the customer pool. */
  amazonRelayEmails?: boolean;
}

interface Customer {
  customerId: number;
  name: string;
  email: string;
  company: string | null;
  phone: string | null;
  address: Partial<SimAddress> | undefined;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export class ShipStationState {
  readonly rng: Rng;
  readonly stores: StoreRec[];
  readonly orders = new Map<number, OrderRec>();
  readonly labels = new Map<number, LabelRec>();
  readonly fulfillments = new Map<number, FulfillmentRec>();
  readonly labelBatches = new Map<number, LabelBatchRec>();
  readonly labelsByOrder = new Map<number, number[]>();
  readonly fulfillmentsByOrder = new Map<number, number[]>();
  /** orderNumbers in use per store (to keep generated marketplace numbers unique) */
  private readonly numbersByStore = new Map<number, Set<string>>();
  private readonly customerIds = new Map<string, number>();
  private readonly listeners: ((e: SimEvent) => void)[] = [];
  private readonly catalog: Required<SimSkuSpec>[];
  private readonly customerPool: SimCustomerSpec[] | undefined;
  private generatedPeople: SimCustomerSpec[] | undefined;
  private nextOrderId = 120_000_001;
  private nextItemId = 180_000_001;
  private nextShipmentId = 30_000_001;
  private nextFulfillmentId = 12_000_001;
  private nextBatchId = 100_301;
  private nextCustomerId = 63_000_001;
  private nextProductId = 11_780_001;
  private readonly productIds = new Map<string, number>();
  private readonly userId: string;

  constructor(private readonly opts: StateOptions) {
    this.rng = mulberry32(opts.seed);
    this.stores = makeStores(Math.max(1, opts.stores), this.nowMs());
    for (const s of this.stores) this.numbersByStore.set(s.storeId, new Set());
    this.catalog = opts.skus && opts.skus.length > 0 ? opts.skus.map(normaliseSku) : defaultCatalog();
    this.customerPool = opts.customers && opts.customers.length > 0 ? opts.customers : undefined;
    this.userId = guid(this.rng);
  }

  nowMs(): number {
    return this.opts.now().getTime();
  }

  onEvent(listener: (e: SimEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: SimEvent): void {
    for (const l of this.listeners) l(e);
  }

  // -------------------------------------------------------------------------------------------
  // lookups

  store(storeId: number): StoreRec {
    const s = this.stores.find((x) => x.storeId === storeId);
    if (!s) throw new SimStateError(`no store ${storeId}`);
    return s;
  }

  order(orderId: number): OrderRec {
    const o = this.orders.get(orderId);
    if (!o) throw new SimStateError(`no order ${orderId}`);
    return o;
  }

  /** A label being created (`processing`) is now created: the order ships. */
  completeLabel(shipmentId: number): SimShipment {
    const l = this.labels.get(shipmentId);
    if (!l) throw new SimStateError(`no shipment ${shipmentId}`);
    if (l.labelStatus !== 'processing') throw new SimStateError(`shipment ${shipmentId} is ${l.labelStatus}`);
    const at = this.nowMs();
    l.labelStatus = 'completed';
    l.modifiedAt = at;
    const o = this.order(l.orderId);
    if (!l.isReturnLabel && o.status !== 'cancelled') {
      o.status = 'shipped';
      o.holdUntilDate = null;
      o.shipDate = l.shipDate;
      this.recomputePaid(o);
    }
    this.touch(o, at);
    return this.snapshotShipment(l);
  }

  liveLabels(orderId: number): LabelRec[] {
    return (this.labelsByOrder.get(orderId) ?? [])
      .map((id) => this.labels.get(id))
      .filter((l): l is LabelRec => !!l && !l.voided && l.labelStatus === 'completed' && !l.isReturnLabel);
  }

  liveFulfillments(orderId: number): FulfillmentRec[] {
    return (this.fulfillmentsByOrder.get(orderId) ?? [])
      .map((id) => this.fulfillments.get(id))
      .filter((f): f is FulfillmentRec => !!f && !f.voided);
  }

  // -------------------------------------------------------------------------------------------
  // generation helpers

  private people(): SimCustomerSpec[] {
    if (this.customerPool) return this.customerPool;
    if (!this.generatedPeople) {
      const r = mulberry32(this.opts.seed ^ 0x5eed);
      const list: SimCustomerSpec[] = [];
      for (let i = 0; i < 60; i++) {
        const first = pick(r, FIRST_NAMES);
        const last = pick(r, LAST_NAMES);
        const local = `${first}.${last}`
          .normalize('NFD')
          .replace(/[^A-Za-z.]/g, '')
          .toLowerCase();
        list.push({
          name: `${first} ${last}`,
          email: `${local}${i + 1}@example.com`,
          company: chance(r, 0.2) ? pick(r, COMPANIES) : null,
          phone: `555-${digits(r, 3)}-${digits(r, 4)}`,
        });
      }
      this.generatedPeople = list;
    }
    return this.generatedPeople;
  }

  private customerFor(spec: SimCustomerSpec): Customer {
    const key = spec.email.toLowerCase();
    let id = this.customerIds.get(key);
    if (id === undefined) {
      id = this.nextCustomerId++;
      this.customerIds.set(key, id);
    }
    return {
      customerId: id,
      name: spec.name,
      email: spec.email,
      company: spec.company ?? null,
      // V2 requires a phone on every address (spec `address.required`): one without gets a 555 number.
      phone: spec.phone ?? `555-01${String(id % 100).padStart(2, '0')}`,
      address: spec.address,
    };
  }

  private makeAddress(c: Customer): { address: SimAddress; taxRate: number } {
    const r = this.rng;
    let taxRate = 0;
    let base: SimAddress;
    if (chance(r, 0.92)) {
      const city = pick(r, US_CITIES);
      taxRate = city.taxRate;
      base = {
        name: c.name,
        company: c.company,
        street1: `${randInt(r, 10, 9999)} ${pick(r, STREETS)}`,
        street2: chance(r, 0.2) ? `Apt ${randInt(r, 1, 40)}` : '',
        street3: null,
        city: city.city,
        state: city.state,
        postalCode: chance(r, 0.5) ? city.zip : `${city.zip}-${digits(r, 4)}`,
        country: 'US',
        phone: c.phone,
        residential: c.company ? false : true,
        addressVerified: 'Address validated successfully',
      };
    } else {
      const city = pick(r, INTL_CITIES);
      base = {
        name: c.name,
        company: c.company ?? '',
        street1: `${randInt(r, 1, 300)} ${pick(r, STREETS)}`,
        street2: '',
        street3: null,
        city: city.city,
        state: city.state,
        postalCode: city.zip,
        country: city.country,
        phone: c.phone,
        residential: true,
        addressVerified: 'Address not yet validated',
      };
    }
    return { address: { ...base, ...(c.address ?? {}) }, taxRate };
  }

  private productId(sku: string): number {
    let id = this.productIds.get(sku);
    if (id === undefined) {
      id = this.nextProductId++;
      this.productIds.set(sku, id);
    }
    return id;
  }

  private makeItem(spec: SimItemSpec, at: number, store: StoreRec): ItemRec {
    const adjustment = spec.adjustment ?? false;
    return {
      orderItemId: this.nextItemId++,
      lineItemKey:
        spec.lineItemKey !== undefined
          ? spec.lineItemKey
          : adjustment
            ? null
            : store.numberStyle === 'amazon'
              ? digits(this.rng, 14)
              : store.numberStyle === 'ebay'
                ? `${digits(this.rng, 12)}-${digits(this.rng, 13)}`
                : digits(this.rng, 11),
      sku: spec.sku,
      name: spec.name ?? (spec.sku ? `Item ${spec.sku}` : 'Item'),
      imageUrl: null,
      weightOz: spec.weightOz ?? (adjustment ? 0 : 8),
      quantity: spec.quantity,
      unitPriceCents: cents(spec.unitPrice),
      warehouseLocation: adjustment
        ? null
        : `Aisle ${randInt(this.rng, 1, 12)}, Bin ${randInt(this.rng, 1, 40)}`,
      options: [],
      productId: spec.sku && !adjustment ? this.productId(spec.sku) : null,
      fulfillmentSku: null,
      adjustment,
      upc: null,
      createDate: at,
      modifyDate: at,
    };
  }

  private generatedLines(opts: CreateOrdersOptions): SimItemSpec[] {
    const r = this.rng;
    const catalog = opts.skus && opts.skus.length > 0 ? opts.skus.map(normaliseSku) : this.catalog;
    const n = Math.min(catalog.length, pick(r, [1, 1, 1, 2, 2, 3, 4]));
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(Math.floor(r() * catalog.length));
    const lines: SimItemSpec[] = [...chosen].map((i) => {
      const c = catalog[i] as Required<SimSkuSpec>;
      return {
        sku: c.sku,
        name: c.name,
        quantity: pick(r, [1, 1, 1, 2, 2, 3]),
        unitPrice: c.unitPrice,
        weightOz: c.weightOz,
      };
    });
    const wantDiscount = opts.discount === undefined ? chance(r, 0.15) : opts.discount !== false;
    if (wantDiscount) {
      const goods = lines.reduce((s, l) => s + cents(l.unitPrice) * l.quantity, 0);
      const off =
        typeof opts.discount === 'number' ? cents(opts.discount) : Math.max(100, Math.round(goods * 0.1));
      lines.push(
        chance(r, 0.5)
          ? { sku: 'DISCOUNT CODE', name: '10% OFF', quantity: 1, unitPrice: -dollars(off), adjustment: true }
          : { sku: null, name: 'Discount: SAVE10', quantity: 1, unitPrice: -dollars(off), adjustment: true },
      );
    }
    return lines;
  }

  private nextOrderNumber(store: StoreRec, prefix: string): string {
    const used = this.numbersByStore.get(store.storeId) ?? new Set<string>();
    for (let attempt = 0; attempt < 1000; attempt++) {
      let n: string;
      if (store.numberStyle === 'amazon') {
        n = `1${digits(this.rng, 2)}-${digits(this.rng, 7)}-${digits(this.rng, 7)}`;
      } else if (store.numberStyle === 'ebay') {
        n = `${randInt(this.rng, 10, 29)}-${digits(this.rng, 5)}-${digits(this.rng, 5)}`;
      } else {
        n = String(store.nextSequential++);
      }
      n = `${prefix}${n}`;
      if (!used.has(n)) return n;
    }
    throw new SimStateError('could not find a free order number');
  }

  private pickStore(opts: { storeId?: number }): StoreRec {
    if (opts.storeId !== undefined) return this.store(opts.storeId);
    const active = this.stores.filter((s) => s.active);
    // The first (web) store takes about half of the volume, like a typical account.
    return chance(this.rng, 0.5) ? (active[0] ?? this.stores[0]!) : pick(this.rng, active);
  }

  private service(): ServiceChoice {
    return pick(this.rng, SERVICES);
  }

  /** Build and register one order created at `at`. */
  private buildOrder(
    store: StoreRec,
    at: number,
    importBatch: string,
    opts: CreateOrdersOptions,
    orderNumber?: string,
  ): OrderRec {
    const r = this.rng;
    const people = opts.customers && opts.customers.length > 0 ? opts.customers : this.people();
    const spec = pick(r, people);
    const customer = this.customerFor(spec);
    const { address, taxRate } = this.makeAddress(customer);
    const lines = opts.items ? opts.items : this.generatedLines(opts);
    const items = lines.map((l) => this.makeItem(l, at, store));
    const goods = items.reduce((s, i) => s + i.unitPriceCents * i.quantity, 0);
    const taxCents =
      opts.taxAmount !== undefined
        ? cents(opts.taxAmount)
        : chance(r, 0.6)
          ? Math.round(Math.max(0, goods) * taxRate)
          : 0;
    const shippingCents =
      opts.shippingAmount !== undefined
        ? cents(opts.shippingAmount)
        : chance(r, 0.45)
          ? 0
          : pick(r, [495, 795, 999, 1295, 1995]);
    const svc = this.service();
    const status = opts.status ?? 'awaiting_shipment';
    const orderDate = opts.orderDate ? opts.orderDate.getTime() : at - randInt(r, 5 * 60_000, 6 * HOUR_MS);
    const amazon = store.numberStyle === 'amazon';
    const email =
      amazon && !opts.customers && (!this.customerPool || this.opts.amazonRelayEmails)
        ? `${hex(r, 15)}@marketplace.amazon.com`
        : customer.email;
    const number = orderNumber ?? this.nextOrderNumber(store, opts.orderNumberPrefix ?? '');
    const rec: OrderRec = {
      orderId: this.nextOrderId++,
      orderNumber: number,
      orderKey: hex(r, 32),
      storeId: store.storeId,
      orderDate,
      createDate: at,
      modifyDate: at,
      paymentDate: status === 'awaiting_payment' ? null : orderDate,
      shipByDate: at + 3 * DAY_MS,
      status,
      customerId: customer.customerId,
      customerUsername: email,
      customerEmail: email,
      billTo: {
        name: customer.name,
        company: null,
        street1: null,
        street2: null,
        street3: null,
        city: null,
        state: null,
        postalCode: null,
        country: null,
        phone: null,
        residential: null,
        addressVerified: null,
      },
      shipTo: address,
      items,
      taxCents,
      shippingCents,
      amountPaidCents: 0,
      paidOverrideCents: opts.amountPaid !== undefined ? cents(opts.amountPaid) : null,
      customerNotes: chance(r, 0.1) ? 'Please leave at the side door.' : null,
      internalNotes: null,
      gift: false,
      giftMessage: null,
      paymentMethod: opts.paymentMethod ?? (amazon ? 'Other' : 'Credit Card'),
      requestedShippingService: svc.requested,
      carrierCode: svc.carrierCode,
      serviceCode: svc.serviceCode,
      packageCode: 'package',
      confirmation: 'none',
      shipDate: null,
      holdUntilDate: status === 'on_hold' ? pacificDate(at + 7 * DAY_MS) : null,
      dimensions: null,
      warehouseId: WAREHOUSE_ID,
      mergedOrSplit: false,
      mergedIds: [],
      parentId: null,
      customField1: null,
      customField2: null,
      customField3: null,
      source: store.numberStyle === 'sequential' ? 'web' : null,
      tagIds: null,
      userId: null,
      externallyFulfilled: false,
      externallyFulfilledBy: null,
      importBatch,
    };
    this.recomputePaid(rec);
    if (status === 'shipped') rec.shipDate = pacificDate(at);
    this.orders.set(rec.orderId, rec);
    this.numbersByStore.get(store.storeId)?.add(rec.orderNumber);
    return rec;
  }

  private recomputePaid(o: OrderRec): void {
    o.amountPaidCents = o.status === 'awaiting_payment' ? 0 : (o.paidOverrideCents ?? orderTotalCents(o));
  }

  // -------------------------------------------------------------------------------------------
  // scripting API

  /** Import `n` new orders now (one import batch per store; ORDER_NOTIFY per batch). */
  createOrders(n: number, opts: CreateOrdersOptions = {}): SimOrder[] {
    if (!Number.isInteger(n) || n < 0) throw new SimStateError(`createOrders: bad count ${n}`);
    if (opts.status && !ORDER_STATUSES.includes(opts.status))
      throw new SimStateError(`bad status ${opts.status}`);
    const at = this.nowMs();
    const batches = new Map<number, { guid: string; ids: number[] }>();
    const out: OrderRec[] = [];
    for (let i = 0; i < n; i++) {
      const store = this.pickStore(opts);
      let b = batches.get(store.storeId);
      if (!b) {
        b = { guid: guid(this.rng), ids: [] };
        batches.set(store.storeId, b);
      }
      const rec = this.buildOrder(store, at, b.guid, opts);
      b.ids.push(rec.orderId);
      out.push(rec);
    }
    for (const [storeId, b] of batches) {
      this.emit({ kind: 'orders_imported', storeId, importBatch: b.guid, orderIds: b.ids, from: at, to: at });
    }
    return out.map((o) => this.snapshotOrder(o));
  }

  /** Import one order with an exact order number (cross-store collisions, prefix cases like "1001" / "10010"). */
  createOrderWithNumber(storeId: number, orderNumber: string, opts: CreateOrdersOptions = {}): SimOrder {
    const store = this.store(storeId);
    const at = this.nowMs();
    const batch = guid(this.rng);
    const rec = this.buildOrder(store, at, batch, opts, orderNumber);
    this.emit({
      kind: 'orders_imported',
      storeId,
      importBatch: batch,
      orderIds: [rec.orderId],
      from: at,
      to: at,
    });
    return this.snapshotOrder(rec);
  }

  private assertMutable(o: OrderRec, what: string): void {
    if (o.status === 'shipped' || o.status === 'cancelled') {
      throw new SimStateError(`${what}: order ${o.orderId} is ${o.status} and cannot be changed`);
    }
  }

  private touch(o: OrderRec, at = this.nowMs()): void {
    o.modifyDate = at;
  }

  editOrder(orderId: number, patch: SimOrderPatch): SimOrder {
    const o = this.order(orderId);
    this.assertMutable(o, 'editOrder');
    const at = this.nowMs();
    if (patch.items) {
      const store = this.store(o.storeId);
      const oldBySku = new Map(o.items.map((i) => [i.sku ?? `\u0000${i.name}`, i]));
      o.items = patch.items.map((spec) => {
        const item = this.makeItem(spec, at, store);
        const prev = oldBySku.get(spec.sku ?? `\u0000${item.name}`);
        if (prev) {
          oldBySku.delete(spec.sku ?? `\u0000${item.name}`);
          item.orderItemId = prev.orderItemId;
          item.lineItemKey = spec.lineItemKey !== undefined ? spec.lineItemKey : prev.lineItemKey;
          item.createDate = prev.createDate;
        }
        return item;
      });
    }
    if (patch.taxAmount !== undefined) o.taxCents = cents(patch.taxAmount);
    if (patch.shippingAmount !== undefined) o.shippingCents = cents(patch.shippingAmount);
    if (patch.customerEmail !== undefined) {
      o.customerEmail = patch.customerEmail;
      o.customerUsername = patch.customerEmail;
    }
    if (patch.customerNotes !== undefined) o.customerNotes = patch.customerNotes;
    if (patch.internalNotes !== undefined) o.internalNotes = patch.internalNotes;
    if (patch.shipTo) o.shipTo = { ...o.shipTo, ...patch.shipTo };
    if (patch.billTo) o.billTo = { ...o.billTo, ...patch.billTo };
    if (patch.requestedShippingService !== undefined)
      o.requestedShippingService = patch.requestedShippingService;
    if (patch.customField1 !== undefined) o.customField1 = patch.customField1;
    if (patch.customField2 !== undefined) o.customField2 = patch.customField2;
    if (patch.customField3 !== undefined) o.customField3 = patch.customField3;
    if (patch.amountPaid !== undefined)
      o.paidOverrideCents = patch.amountPaid === null ? null : cents(patch.amountPaid);
    if (patch.paymentMethod !== undefined) o.paymentMethod = patch.paymentMethod;
    if (patch.orderStatus !== undefined) {
      if (
        !['awaiting_payment', 'awaiting_shipment', 'pending_fulfillment', 'on_hold'].includes(
          patch.orderStatus,
        )
      ) {
        throw new SimStateError(`editOrder: status ${String(patch.orderStatus)} is not settable by edit`);
      }
      if (o.status === 'awaiting_payment' && patch.orderStatus !== 'awaiting_payment') o.paymentDate = at;
      if (patch.orderStatus === 'awaiting_payment') o.paymentDate = null;
      o.status = patch.orderStatus;
      o.holdUntilDate =
        patch.orderStatus === 'on_hold' ? (o.holdUntilDate ?? pacificDate(at + 7 * DAY_MS)) : null;
    }
    this.recomputePaid(o);
    this.touch(o, at);
    return this.snapshotOrder(o);
  }

  /**
   * Notes and custom fields edited on any order, shipped ones included (ShipStation leaves them
   * editable after shipping); modifyDate moves, the sale does not change.
   */
  annotateOrder(orderId: number, patch: SimOrderAnnotation): SimOrder {
    const o = this.order(orderId);
    for (const k of [
      'internalNotes',
      'customerNotes',
      'customField1',
      'customField2',
      'customField3',
    ] as const)
      if (patch[k] !== undefined) o[k] = patch[k];
    this.touch(o);
    return this.snapshotOrder(o);
  }

  /** Bump modifyDate without a visible change (ShipStation does this for internal reasons, shipped orders included). */
  touchOrder(orderId: number): SimOrder {
    const o = this.order(orderId);
    this.touch(o);
    return this.snapshotOrder(o);
  }

  cancelOrder(orderId: number): SimOrder {
    const o = this.order(orderId);
    this.assertMutable(o, 'cancelOrder');
    o.status = 'cancelled';
    o.holdUntilDate = null;
    this.touch(o);
    return this.snapshotOrder(o);
  }

  /** Put on hold until a Pacific date (default: a week from now). */
  holdOrder(orderId: number, until?: string): SimOrder {
    const o = this.order(orderId);
    this.assertMutable(o, 'holdOrder');
    if (until !== undefined && !DATE_RE.test(until)) throw new SimStateError(`holdOrder: bad date ${until}`);
    const at = this.nowMs();
    o.status = 'on_hold';
    o.holdUntilDate = until ?? pacificDate(at + 7 * DAY_MS);
    this.touch(o, at);
    return this.snapshotOrder(o);
  }

  releaseHold(orderId: number): SimOrder {
    const o = this.order(orderId);
    if (o.status !== 'on_hold') throw new SimStateError(`releaseHold: order ${orderId} is ${o.status}`);
    o.status = 'awaiting_shipment';
    o.holdUntilDate = null;
    this.touch(o);
    return this.snapshotOrder(o);
  }

  /**
   * Create label shipments. `target` is a count (the oldest awaiting_shipment orders) or order ids.
   * One label batch per store per call (SHIP_NOTIFY per batch); `split` makes two labels per order.
   */
  shipOrders(target: number | number[], opts: ShipOrdersOptions = {}): SimShipment[] {
    const at = this.nowMs();
    let targets: OrderRec[];
    if (typeof target === 'number') {
      targets = [...this.orders.values()].filter((o) => o.status === 'awaiting_shipment').slice(0, target);
      if (targets.length < target) {
        throw new SimStateError(
          `shipOrders: only ${targets.length} awaiting_shipment orders, ${target} asked`,
        );
      }
    } else {
      targets = target.map((id) => this.order(id));
    }
    if (opts.shipDate !== undefined && !DATE_RE.test(opts.shipDate)) {
      throw new SimStateError(`shipOrders: bad shipDate ${opts.shipDate}`);
    }
    for (const o of targets) {
      if (o.status === 'cancelled') throw new SimStateError(`shipOrders: order ${o.orderId} is cancelled`);
      if (o.status === 'shipped' && !opts.reship && !opts.returnLabel) {
        throw new SimStateError(`shipOrders: order ${o.orderId} is already shipped (pass reship: true)`);
      }
    }
    const batchByStore = new Map<number, LabelBatchRec>();
    const made: LabelRec[] = [];
    for (const o of targets) {
      let batch = batchByStore.get(o.storeId);
      if (!batch) {
        batch = { batchId: this.nextBatchId++, storeId: o.storeId, createdAt: at, shipmentIds: [] };
        batchByStore.set(o.storeId, batch);
        this.labelBatches.set(batch.batchId, batch);
      }
      const parts = opts.items ? [this.chosenItems(o, opts.items)] : this.divideItems(o, opts.split ? 2 : 1);
      for (const part of parts) {
        const label = this.makeLabel(o, at, batch.batchId, part, opts);
        batch.shipmentIds.push(label.shipmentId);
        made.push(label);
      }
      // A label not created, or a return label, ships nothing.
      if (opts.labelStatus || opts.returnLabel) {
        this.touch(o, at);
        continue;
      }
      o.status = 'shipped';
      o.holdUntilDate = null;
      o.shipDate = made[made.length - 1]?.shipDate ?? pacificDate(at);
      o.carrierCode = opts.carrierCode ?? o.carrierCode;
      o.serviceCode = opts.serviceCode ?? o.serviceCode;
      this.recomputePaid(o);
      this.touch(o, at);
    }
    for (const b of batchByStore.values()) {
      this.emit({
        kind: 'labels_created',
        storeId: b.storeId,
        batchId: b.batchId,
        shipmentIds: [...b.shipmentIds],
      });
    }
    return made.map((l) => this.snapshotShipment(l));
  }

  private chosenItems(
    o: OrderRec,
    items: { orderItemId: number; quantity: number }[],
  ): { orderItemId: number; quantity: number }[] {
    for (const it of items) {
      const line = o.items.find((x) => x.orderItemId === it.orderItemId && !x.adjustment);
      if (!line) throw new SimStateError(`shipOrders: order ${o.orderId} has no item ${it.orderItemId}`);
      if (!(it.quantity > 0 && it.quantity <= line.quantity))
        throw new SimStateError(`shipOrders: bad quantity ${it.quantity} for item ${it.orderItemId}`);
    }
    return items.map((it) => ({ ...it }));
  }

  private divideItems(o: OrderRec, parts: number): { orderItemId: number; quantity: number }[][] {
    const goods = o.items
      .filter((i) => !i.adjustment)
      .map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity }));
    if (parts === 1) return [goods];
    if (goods.length >= 2) {
      const half = Math.ceil(goods.length / 2);
      return [goods.slice(0, half), goods.slice(half)];
    }
    const only = goods[0];
    if (only && only.quantity >= 2) {
      const a = Math.ceil(only.quantity / 2);
      return [
        [{ orderItemId: only.orderItemId, quantity: a }],
        [{ orderItemId: only.orderItemId, quantity: only.quantity - a }],
      ];
    }
    return [goods, []]; // a second package with nothing itemised
  }

  private trackingNumber(carrierCode: string): string {
    const r = this.rng;
    if (carrierCode === 'ups') return `1Z${hex(r, 6).toUpperCase()}03${digits(r, 8)}`;
    if (carrierCode === 'fedex') return digits(r, 12);
    return `9400${digits(r, 18)}`;
  }

  private makeLabel(
    o: OrderRec,
    at: number,
    batchId: number,
    items: { orderItemId: number; quantity: number }[],
    opts: ShipOrdersOptions,
  ): LabelRec {
    const carrierCode = opts.carrierCode ?? o.carrierCode ?? 'stamps_com';
    const weightOz = items.reduce((s, it) => {
      const item = o.items.find((x) => x.orderItemId === it.orderItemId);
      return s + (item ? item.weightOz * it.quantity : 0);
    }, 0);
    const label: LabelRec = {
      shipmentId: this.nextShipmentId++,
      orderId: o.orderId,
      userId: this.userId,
      createDate: at,
      modifiedAt: at,
      shipDate: opts.shipDate ?? pacificDate(at),
      shipmentCostCents:
        opts.shipmentCost !== undefined ? cents(opts.shipmentCost) : randInt(this.rng, 350, 1899),
      insuranceCostCents: 0,
      trackingNumber: this.trackingNumber(carrierCode),
      isReturnLabel: opts.returnLabel === true,
      labelStatus: opts.labelStatus ?? 'completed',
      batchId,
      carrierCode,
      serviceCode: opts.serviceCode ?? o.serviceCode ?? 'usps_priority_mail',
      packageCode: 'package',
      confirmation: 'delivery',
      warehouseId: o.warehouseId,
      voided: false,
      voidDate: null,
      marketplaceNotified: true,
      notifyErrorMessage: null,
      // The spec's weight is `exclusiveMinimum: 1` (read literally in OpenAPI 3.1: above 1).
      weightOz: Math.max(2, weightOz),
      items,
    };
    this.labels.set(label.shipmentId, label);
    const list = this.labelsByOrder.get(o.orderId) ?? [];
    list.push(label.shipmentId);
    this.labelsByOrder.set(o.orderId, list);
    return label;
  }

  /** Mark shipped without a label: a fulfillment (in /fulfillments, never in /shipments). */
  markShippedExternally(orderId: number, opts: MarkShippedOptions = {}): SimFulfillment {
    const o = this.order(orderId);
    this.assertMutable(o, 'markShippedExternally');
    if (opts.shipDate !== undefined && !DATE_RE.test(opts.shipDate)) {
      throw new SimStateError(`markShippedExternally: bad shipDate ${opts.shipDate}`);
    }
    const at = this.nowMs();
    const carrierCode = opts.carrierCode === undefined ? (o.carrierCode ?? null) : opts.carrierCode;
    const f: FulfillmentRec = {
      fulfillmentId: this.nextFulfillmentId++,
      orderId,
      userId: this.userId,
      createDate: at,
      modifiedAt: at,
      shipDate: opts.shipDate ?? pacificDate(opts.shippedAt ? Date.parse(opts.shippedAt) : at),
      shippedAt: opts.shippedAt ? Date.parse(opts.shippedAt) : null,
      trackingNumber: opts.trackingNumber ?? (carrierCode ? this.trackingNumber(carrierCode) : ''),
      carrierCode,
      fulfillmentProviderCode: opts.fulfillmentProviderCode ?? null,
      fulfillmentServiceCode: null,
      fulfillmentFeeCents: 0,
      voidRequested: false,
      voided: false,
      voidDate: null,
      deliveryDate: null,
      marketplaceNotified: opts.notifyErrorMessage ? false : true,
      notifyErrorMessage: opts.notifyErrorMessage ?? null,
    };
    this.fulfillments.set(f.fulfillmentId, f);
    const list = this.fulfillmentsByOrder.get(orderId) ?? [];
    list.push(f.fulfillmentId);
    this.fulfillmentsByOrder.set(orderId, list);
    o.status = 'shipped';
    o.holdUntilDate = null;
    o.shipDate = f.shipDate;
    if (opts.fulfillmentProviderCode) {
      o.externallyFulfilled = true;
      o.externallyFulfilledBy = opts.fulfillmentProviderCode;
    }
    this.recomputePaid(o);
    this.touch(o, at);
    this.emit({
      kind: 'fulfillment_shipped',
      storeId: o.storeId,
      fulfillmentId: f.fulfillmentId,
      byProvider: !!opts.fulfillmentProviderCode,
    });
    return this.snapshotFulfillment(f);
  }

  /** Void a label. The order returns to awaiting_shipment when nothing else ships it. */
  voidShipment(shipmentId: number): SimShipment {
    const l = this.labels.get(shipmentId);
    if (!l) throw new SimStateError(`no shipment ${shipmentId}`);
    if (l.voided) throw new SimStateError(`shipment ${shipmentId} is already voided`);
    const at = this.nowMs();
    l.voided = true;
    l.voidDate = at;
    l.modifiedAt = at;
    const o = this.order(l.orderId);
    if (
      o.status === 'shipped' &&
      this.liveLabels(o.orderId).length === 0 &&
      this.liveFulfillments(o.orderId).length === 0
    ) {
      o.status = 'awaiting_shipment';
      o.shipDate = null;
    }
    this.touch(o, at);
    return this.snapshotShipment(l);
  }

  /**
   * Split an order: a child order with the same orderNumber takes some lines (given orderItemIds, or
   * the second half; a single line with quantity ≥ 2 is divided). Tax and shipping stay on the parent.
   */
  splitOrder(orderId: number, opts: { orderItemIds?: number[] } = {}): { parent: SimOrder; child: SimOrder } {
    const p = this.order(orderId);
    this.assertMutable(p, 'splitOrder');
    const at = this.nowMs();
    const goods = p.items.filter((i) => !i.adjustment);
    let moved: ItemRec[];
    if (opts.orderItemIds) {
      moved = opts.orderItemIds.map((id) => {
        const it = p.items.find((i) => i.orderItemId === id);
        if (!it) throw new SimStateError(`splitOrder: order ${orderId} has no item ${id}`);
        return it;
      });
      if (moved.length === 0 || moved.length >= p.items.length) {
        throw new SimStateError('splitOrder: must move some but not all lines');
      }
      p.items = p.items.filter((i) => !moved.includes(i));
    } else if (goods.length >= 2) {
      moved = goods.slice(Math.ceil(goods.length / 2));
      p.items = p.items.filter((i) => !moved.includes(i));
    } else if (goods[0] && goods[0].quantity >= 2) {
      const g = goods[0];
      const keep = Math.ceil(g.quantity / 2);
      moved = [
        { ...g, orderItemId: this.nextItemId++, quantity: g.quantity - keep, createDate: at, modifyDate: at },
      ];
      g.quantity = keep;
      g.modifyDate = at;
    } else {
      throw new SimStateError(`splitOrder: order ${orderId} has a single unit; nothing to split`);
    }
    const child: OrderRec = {
      ...structuredClone(p),
      orderId: this.nextOrderId++,
      orderKey: hex(this.rng, 32),
      createDate: at,
      modifyDate: at,
      items: moved.map((m) => ({ ...m, modifyDate: at })),
      taxCents: 0,
      shippingCents: 0,
      mergedOrSplit: true,
      mergedIds: [],
      parentId: p.orderId,
      importBatch: guid(this.rng),
    };
    p.mergedOrSplit = true;
    this.recomputePaid(p);
    this.recomputePaid(child);
    this.touch(p, at);
    this.orders.set(child.orderId, child);
    return { parent: this.snapshotOrder(p), child: this.snapshotOrder(child) };
  }

  setStoreActive(storeId: number, active: boolean): SimStore {
    const s = this.store(storeId);
    s.active = active;
    s.modifyDate = this.nowMs();
    return this.snapshotStore(s);
  }

  // -------------------------------------------------------------------------------------------
  // seeded history (no webhook events)

  seedHistory(n: number, spanDays: number, mix: SeedMix): void {
    if (n <= 0) return;
    const now = this.nowMs();
    const span = Math.max(1, spanDays) * DAY_MS;
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(now - HOUR_MS - Math.floor(this.rng() * span));
    times.sort((a, b) => a - b);
    const entries = Object.entries(mix) as [keyof SeedMix, number][];
    const total = entries.reduce((s, [, w]) => s + Math.max(0, w), 0) || 1;
    const batches = new Map<number, string>();
    for (const at of times) {
      const store = this.pickStore({});
      const day = Math.floor(at / DAY_MS) * 1000 + store.storeId;
      let batch = batches.get(day);
      if (!batch) {
        batch = guid(this.rng);
        batches.set(day, batch);
      }
      let roll = this.rng() * total;
      let kind: keyof SeedMix = 'awaiting_shipment';
      for (const [k, w] of entries) {
        roll -= Math.max(0, w);
        if (roll < 0) {
          kind = k;
          break;
        }
      }
      const initial: OrderStatus = kind === 'awaiting_payment' ? 'awaiting_payment' : 'awaiting_shipment';
      const o = this.buildOrder(store, at, batch, { status: initial });
      const later = Math.min(now, at + randInt(this.rng, HOUR_MS, 3 * DAY_MS));
      if (kind === 'on_hold') {
        o.status = 'on_hold';
        o.holdUntilDate = pacificDate(later + 7 * DAY_MS);
        o.modifyDate = later;
      } else if (kind === 'cancelled') {
        o.status = 'cancelled';
        o.modifyDate = later;
      } else if (kind === 'shipped_label') {
        const batchId = this.nextBatchId++;
        const label = this.makeLabel(o, later, batchId, this.divideItems(o, 1)[0] ?? [], {});
        this.labelBatches.set(batchId, {
          batchId,
          storeId: o.storeId,
          createdAt: later,
          shipmentIds: [label.shipmentId],
        });
        o.status = 'shipped';
        o.shipDate = label.shipDate;
        o.modifyDate = later;
      } else if (kind === 'shipped_external') {
        const f: FulfillmentRec = {
          fulfillmentId: this.nextFulfillmentId++,
          orderId: o.orderId,
          userId: this.userId,
          createDate: later,
          modifiedAt: later,
          shipDate: pacificDate(later),
          shippedAt: null,
          trackingNumber: this.trackingNumber(o.carrierCode ?? 'stamps_com'),
          carrierCode: o.carrierCode,
          fulfillmentProviderCode: null,
          fulfillmentServiceCode: null,
          fulfillmentFeeCents: 0,
          voidRequested: false,
          voided: false,
          voidDate: null,
          deliveryDate: null,
          marketplaceNotified: true,
          notifyErrorMessage: null,
        };
        this.fulfillments.set(f.fulfillmentId, f);
        this.fulfillmentsByOrder.set(o.orderId, [f.fulfillmentId]);
        o.status = 'shipped';
        o.shipDate = f.shipDate;
        o.modifyDate = later;
      }
      this.recomputePaid(o);
    }
  }

  // -------------------------------------------------------------------------------------------
  // snapshots

  snapshotOrder(o: OrderRec): SimOrder {
    const subtotal = o.items.reduce((s, i) => s + i.unitPriceCents * i.quantity, 0);
    return {
      orderId: o.orderId,
      v2ShipmentId: `se-${o.orderId}`,
      orderNumber: o.orderNumber,
      orderKey: o.orderKey,
      storeId: o.storeId,
      orderStatus: o.status,
      orderDate: new Date(o.orderDate).toISOString(),
      createDate: new Date(o.createDate).toISOString(),
      modifyDate: new Date(o.modifyDate).toISOString(),
      paymentDate: o.paymentDate === null ? null : new Date(o.paymentDate).toISOString(),
      customerId: o.customerId,
      customerEmail: o.customerEmail,
      customerName: o.shipTo.name,
      company: o.shipTo.company || null,
      shipTo: { ...o.shipTo },
      items: o.items.map((i) => ({
        orderItemId: i.orderItemId,
        lineItemKey: i.lineItemKey,
        sku: i.sku,
        name: i.name,
        quantity: i.quantity,
        unitPrice: dollars(i.unitPriceCents),
        adjustment: i.adjustment,
      })),
      subtotal: dollars(subtotal),
      taxAmount: dollars(o.taxCents),
      shippingAmount: dollars(o.shippingCents),
      orderTotal: dollars(orderTotalCents(o)),
      amountPaid: dollars(o.amountPaidCents),
      paymentMethod: o.paymentMethod,
      shipDate: o.shipDate,
      holdUntilDate: o.holdUntilDate,
      mergedOrSplit: o.mergedOrSplit,
      parentId: o.parentId,
      importBatch: o.importBatch,
    };
  }

  snapshotShipment(l: LabelRec): SimShipment {
    const o = this.order(l.orderId);
    return {
      shipmentId: l.shipmentId,
      v2LabelId: `se-${l.shipmentId}`,
      orderId: l.orderId,
      orderNumber: o.orderNumber,
      storeId: o.storeId,
      createDate: new Date(l.createDate).toISOString(),
      shipDate: l.shipDate,
      trackingNumber: l.trackingNumber,
      carrierCode: l.carrierCode,
      serviceCode: l.serviceCode,
      shipmentCost: dollars(l.shipmentCostCents),
      voided: l.voided,
      voidDate: l.voidDate === null ? null : new Date(l.voidDate).toISOString(),
      batchId: l.batchId,
      labelStatus: l.labelStatus,
      isReturnLabel: l.isReturnLabel,
      items: l.items.map((it) => ({
        orderItemId: it.orderItemId,
        sku: o.items.find((x) => x.orderItemId === it.orderItemId)?.sku ?? null,
        quantity: it.quantity,
      })),
    };
  }

  snapshotFulfillment(f: FulfillmentRec): SimFulfillment {
    const o = this.order(f.orderId);
    return {
      fulfillmentId: f.fulfillmentId,
      v2FulfillmentId: `se-${f.fulfillmentId}`,
      orderId: f.orderId,
      orderNumber: o.orderNumber,
      storeId: o.storeId,
      createDate: new Date(f.createDate).toISOString(),
      shipDate: f.shipDate,
      trackingNumber: f.trackingNumber,
      carrierCode: f.carrierCode,
      fulfillmentProviderCode: f.fulfillmentProviderCode,
      voided: f.voided,
    };
  }

  snapshotStore(s: StoreRec): SimStore {
    return {
      storeId: s.storeId,
      v2StoreId: `se-${s.storeId}`,
      storeName: s.storeName,
      marketplaceId: s.marketplaceId,
      marketplaceName: s.marketplaceName,
      active: s.active,
    };
  }
}

export function orderTotalCents(o: OrderRec): number {
  return o.items.reduce((s, i) => s + i.unitPriceCents * i.quantity, 0) + o.taxCents + o.shippingCents;
}
