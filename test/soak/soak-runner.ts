import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Agent } from 'undici';
import type { QuickBooksBackend } from '../../src-main/simulators/qbwc-client/index';
import { mulberry32 } from '../../src-main/simulators/prng';
import { DEFAULT_ACCOUNTS, generateCompanySeed, QbCompany } from '../../src-main/simulators/qb-company/index';
import type { SalesTxnRecord } from '../../src-main/simulators/qb-company/model';
import { runQbwcSession, type QbwcSessionOptions } from '../../src-main/simulators/qbwc-client/index';
import { ShipStationSim } from '../../src-main/simulators/shipstation/index';
import type { SimItemSpec, SimOrder } from '../../src-main/simulators/shipstation/model';
import { EngineProcess } from './engine-process';

export interface SoakOptions {
  seed: number;
  rounds: number;
  /** Probability that a round kills the engine (at a request chosen from the seed). */
  killRate: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  seed: number;
  rounds: number;
  kills: number;
  faults: Record<string, number>;
  ordersShipped: number;
  postedExactlyOnce: number;
  duplicates: number;
  lost: number;
  contentMismatches: number;
  unexplained: number;
  /** Shipped orders rightly not posted: held for a person (deleted/edited/entered by hand in QuickBooks, one number in two stores). */
  heldForPerson: number;
  /** Our transactions QuickBooks recorded changes to through qbXML (corrections, voids, restores). */
  correctionsAsUpdates: number;
  zeroedAfterVoid: number;
  /** Posted transactions holding a bundle (line group) whose components and total were checked. */
  bundlesChecked: number;
  /** Posted orders part-paid by gift card whose deposit (the amount paid) was checked. */
  giftCardsChecked: number;
  /** Orders whose shipped lines went out on more than one day: one transaction per ship date checked. */
  shippedOnSeveralDays: number;
  auditComplete: boolean;
  missingAudit: string[];
  dbIntegrity: string;
  problems: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

const USER = 'soak-user';
const PASSWORD = 'soak-password-1';
/** Never fires during a soak: every poll and reconcile is the soak's own, so a seed replays. */
const NEVER = '0 0 1 1 *';

/** What the people in the story did to an order number (the oracle's own record, never the engine's). */
type HandState = 'normal' | 'deleted' | 'edited' | 'foreign';

const cents = (n: number): number => Math.round(n * 100);

/**
 * The crash-and-fault soak: the engine runs as its own process and is SIGKILLed at instants chosen
 * from the seed (the k-th ShipStation request of a sync, or the k-th qbXML request of a session,
 * before or after QuickBooks ran it) while ShipStation creates, ships, voids, edits and cancels
 * orders, a bookkeeper deletes, edits and enters transactions in QuickBooks, a person retries and
 * ignores flagged orders, dry run goes on and off, and both simulators inject faults.
 *
 * The ground truth comes from the simulators' state and the story's own record alone: every order
 * number here is short, so its QuickBooks RefNumber is the number itself (no engine code derives
 * it). For each number QuickBooks must hold exactly what ShipStation says, and every transaction
 * QuickBooks holds must belong to an order.
 */
export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  // The world's draws never depend on what the engine did, so a seed replays the same story; the
  // bookkeeper and the person choose among what the app shows them from streams of their own.
  const rnd = mulberry32(opts.seed);
  const rndHand = mulberry32(opts.seed ^ 0x68616e64);
  const rndPerson = mulberry32(opts.seed ^ 0x70657273);
  const rndTender = mulberry32(opts.seed ^ 0x74656e64);
  const rndShip = mulberry32(opts.seed ^ 0x73686970);
  const rndLabel = mulberry32(opts.seed ^ 0x6c61626c);
  const pickWith = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const pick = <T>(xs: T[]): T => pickWith(rnd, xs);
  const log = opts.log ?? (() => undefined);
  const faults: Record<string, number> = {};
  const count = (k: string): void => void (faults[k] = (faults[k] ?? 0) + 1);

  // A company that charges sales tax (taxable customers with their own tax item, a 0 % item), so a
  // posting that lets QuickBooks add tax on top of ShipStation's shows up as a wrong total.
  const generated = generateCompanySeed({ customers: 40, items: 40, seed: opts.seed });
  const stateTax = generated.items.find((i) => i.type === 'SalesTax')?.name;
  const company = new QbCompany({
    ...generated,
    // A gift card liability and the item that redeems against it.
    accounts: [
      ...(generated.accounts ?? DEFAULT_ACCOUNTS),
      { name: 'Gift Cards Outstanding', type: 'OtherCurrentLiability' },
    ],
    items: [
      ...generated.items,
      { type: 'SalesTax', name: 'Out of State', taxRate: 0 },
      {
        type: 'OtherCharge',
        name: 'Gift Card Redeemed',
        incomeAccount: 'Gift Cards Outstanding',
        taxable: false,
        price: 0,
      },
    ],
    customers: generated.customers.map((c, k) =>
      stateTax && k % 2 === 0 ? { ...c, taxable: true, salesTaxItem: stateTax } : c,
    ),
    salesTax: { enabled: true, ...(stateTax ? { defaultItem: stateTax } : {}) },
  });
  const catalog = company
    .items()
    .filter((i) => i.ItemType === 'Inventory' && i.IsActive)
    .slice(0, 8);
  // Product names as merchants write them: curly quotes, dashes, emoji, CJK (QuickBooks stores none).
  const fancy = [
    'Men\u2019s Tee \u2013 Crew',
    'Gift set \u{1F381}',
    '\u6771\u4eac mug',
    '\u201cClassic\u201d cap\u2122',
  ];
  // A bundle (QuickBooks group item) sold below its components' price: posted as a line group whose
  // components the engine prices to what was paid.
  const bundle = company.addItem({
    type: 'Group',
    name: 'SOAK-BUNDLE',
    description: 'Soak gift bundle',
    components: [
      { item: catalog[0]!.FullName, quantity: 1 },
      { item: catalog[1]!.FullName, quantity: 2 },
    ],
  });
  const bundlePrice = Math.max(
    1,
    Math.round(((catalog[0]!.SalesPrice ?? 0) + 2 * (catalog[1]!.SalesPrice ?? 0)) * 85) / 100,
  );
  const skus = [
    ...catalog.map((i, k) => ({
      sku: i.Name,
      ...(k < fancy.length ? { name: fancy[k]! } : {}),
      unitPrice: 5 + Math.floor(rnd() * 40),
    })),
    { sku: bundle.Name, name: 'Gift bundle \u{1F381}', unitPrice: bundlePrice },
  ];
  const people = company
    .customers()
    .filter((c) => c.Email && c.IsActive && !c.FullName.includes(':'))
    .slice(0, 12);
  const customers = people.map((c) => ({ name: c.FullName, email: c.Email! }));
  const preexisting = new Set(company.salesReceipts().map((t) => t.TxnID));

  const ss = new ShipStationSim({
    v1: { apiKey: 'soak-key-000001', apiSecret: 'soak-secret-0001' },
    v2: { apiKey: 'soak-v2-key-00001' },
    seed: opts.seed,
    orders: 0,
    skus,
    customers,
    windowMs: 1_000,
    rateLimitV1: 200,
  });
  const ssUrl = await ss.listen(0);
  const [mainStore, otherStore] = ss.stores().map((s) => s.storeId) as [number, number];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlc-soak-'));
  const engine = new EngineProcess(await freePort(), dataDir, 'soak-token-0123456789abcdef', {
    MLC_QBWC_USERNAME: USER,
    MLC_QBWC_PASSWORD: PASSWORD,
    MLC_SHIPSTATION_API_VERSION: 'v1',
    MLC_SHIPSTATION_BASE_URL: ssUrl,
    MLC_SHIPSTATION_API_KEY: 'soak-key-000001',
    MLC_SHIPSTATION_API_SECRET: 'soak-secret-0001',
    MLC_POLL_CRON: NEVER,
  });
  await engine.start();
  const api = async <T = unknown>(p: string, body?: unknown): Promise<T | undefined> =>
    engine.api<T>(p, body).catch(() => undefined);
  const configure = async (): Promise<void> => {
    await engine.api('/api/settings/posting', {
      txnType: 'SalesReceipt',
      taxItem: 'CA Sales Tax',
      discountItem: 'Discount',
      shippingItem: 'Shipping',
      taxMode: 'line',
      zeroTaxItem: 'Out of State',
      giftCardItem: 'Gift Card Redeemed',
    });
    await engine.api('/api/settings/schedules', { reconcile: NEVER, nightly: NEVER });
  };
  await configure();

  // Kill points: the k-th request a simulator receives in this round.
  let kill: { at: 'shipstation' | 'qb-before' | 'qb-after'; k: number } | null = null;
  let qbRequests = 0;
  let kills = 0;
  const killNow = async (): Promise<void> => {
    kill = null;
    kills++;
    await engine.kill();
  };
  ss.onRequest = async (n) => {
    if (kill?.at === 'shipstation' && n === kill.k) await killNow();
  };
  const backend: QuickBooksBackend = {
    get companyFile() {
      return company.companyFile;
    },
    qbxmlMajorVersion: 13,
    qbxmlMinorVersion: 0,
    hostQueryResponseXml: () => company.hostQueryResponseXml(),
    handleRequestXml: async (xml) => {
      qbRequests++;
      if (kill?.at === 'qb-before' && qbRequests === kill.k) {
        await killNow();
        throw new Error('the engine died before QuickBooks saw the request');
      }
      const answer = await company.handleRequestXml(xml);
      if (kill?.at === 'qb-after' && qbRequests === kill.k) await killNow();
      return answer;
    },
  };

  let dispatcher = new Agent();
  const session = (o: Partial<QbwcSessionOptions> = {}) =>
    runQbwcSession({
      url: `${engine.url}/qbwc`,
      username: USER,
      password: PASSWORD,
      backend,
      noOpDelayMs: 10,
      dispatcher,
      callTimeoutMs: 20_000,
      ...o,
    }).catch(() => undefined);
  const sync = async (): Promise<void> => void (await api('/api/sync', {}));
  const restartIfKilled = async (): Promise<void> => {
    if (engine.running) return;
    await dispatcher.destroy().catch(() => undefined);
    dispatcher = new Agent();
    await engine.start();
  };

  // The story's record.
  const hand = new Map<string, HandState>();
  // The RefNumber of the transaction a bookkeeper touched (a later ship date's, for a split child).
  const handRef = new Map<string, string>();
  const ignoredOrderIds = new Set<number>();
  const collisionNumbers = new Set<string>();
  let dryRun = false;
  let seq = 0;
  // What ships on a later day: a split child, or the rest of an order a label covered in part.
  const later: { orderId: number; items?: { orderItemId: number; quantity: number }[]; shipDate: string }[] =
    [];
  const pacificDay = (offsetDays: number): string =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(
      new Date(Date.now() + offsetDays * 86_400_000),
    );

  /** Orders the engine shows as posted, with the TxnID it knows (what a bookkeeper would look at). */
  const postedByEngine = async (): Promise<{ orderNumber: string; qbTxnId: string }[]> => {
    const page = await api<{ orders: { orderNumber: string; qbTxnId: string | null; status: string }[] }>(
      '/api/orders?status=posted&limit=5000',
    );
    return (page?.orders ?? []).flatMap((o) =>
      o.qbTxnId ? [{ orderNumber: o.orderNumber, qbTxnId: o.qbTxnId }] : [],
    );
  };

  try {
    for (let round = 0; round < opts.rounds; round++) {
      qbRequests = 0;
      // ShipStation's day goes on.
      ss.createOrders(1 + Math.floor(rnd() * 4), { storeId: mainStore });
      // Now and then part of an order is paid by gift card (posted against the liability) or not
      // paid at all (never posted as cash): its own PRNG, so the rest of the story keeps its seed.
      if (rndTender() < 0.3) {
        const gift = rndTender() < 0.7;
        const [t] = ss.createOrders(1, {
          storeId: mainStore,
          paymentMethod: gift ? 'Credit Card, Gift Card' : 'Credit Card',
        });
        if (t) {
          ss.editOrder(t.orderId, {
            amountPaid: Math.max(
              0,
              Math.round((t.orderTotal - 5 - Math.floor(rndTender() * 10)) * 100) / 100,
            ),
          });
          count(gift ? 'part paid by gift card' : 'part-paid (unpaid balance)');
        }
      }
      // Orders shipping on several days (their own PRNG): what was due ships first, on its own date;
      // then now and then a split whose child ships days later, or a label covering some lines.
      for (const due of later.splice(0)) {
        const o = ss.orders().find((x) => x.orderId === due.orderId);
        if (!o || o.orderStatus === 'cancelled' || (!due.items && o.orderStatus !== 'awaiting_shipment'))
          continue;
        ss.shipOrders([o.orderId], {
          shipDate: due.shipDate,
          reship: true,
          ...(due.items ? { items: due.items } : {}),
        });
      }
      if (rndShip() < 0.25) {
        const [o] = ss.createOrders(1, { storeId: mainStore });
        const goods = o ? o.items.filter((i) => !i.adjustment) : [];
        const days = 1 + Math.floor(rndShip() * 3);
        if (o && goods.reduce((n, i) => n + i.quantity, 0) >= 2) {
          if (rndShip() < 0.5) {
            const { child } = ss.splitOrder(o.orderId);
            ss.shipOrders([o.orderId], { shipDate: pacificDay(0) });
            later.push({ orderId: child.orderId, shipDate: pacificDay(days) });
            count('split, child shipped days later');
          } else {
            // The first unit of the first line now, the rest on a later label.
            const [g, ...rest] = goods;
            ss.shipOrders([o.orderId], {
              items: [{ orderItemId: g!.orderItemId, quantity: 1 }],
              shipDate: pacificDay(0),
            });
            const remaining = [
              ...(g!.quantity > 1 ? [{ orderItemId: g!.orderItemId, quantity: g!.quantity - 1 }] : []),
              ...rest.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
            ];
            later.push({ orderId: o.orderId, items: remaining, shipDate: pacificDay(days) });
            count('label covering some lines, the rest days later');
          }
        }
      }
      // Labels that send nothing out (their own PRNG): one ShipStation could not create, and a return.
      const rl = rndLabel();
      if (rl < 0.06) {
        const [o] = ss.createOrders(1, { storeId: mainStore });
        if (o) {
          ss.shipOrders([o.orderId], { labelStatus: 'error' });
          count('label in error');
        }
      } else if (rl < 0.12) {
        const back = ss.orders().filter((o) => o.orderStatus === 'shipped' && o.storeId === mainStore);
        if (back.length) {
          ss.shipOrders([back[Math.floor(rndLabel() * back.length)]!.orderId], { returnLabel: true });
          count('return label');
        }
      }
      const open = ss
        .orders()
        .filter((o) => o.orderStatus === 'awaiting_shipment' && o.storeId === mainStore);
      if (open.length && rnd() < 0.8)
        ss.shipOrders(
          open.slice(0, 1 + Math.floor(rnd() * 3)).map((o) => o.orderId),
          rnd() < 0.2 ? { split: true } : undefined,
        );
      const live = ss.shipments().filter((s) => !s.voided);
      const r1 = rnd();
      if (live.length && r1 < 0.2) {
        const victim = pick(live);
        ss.voidShipment(victim.shipmentId);
        count('void');
        const order = ss.orders().find((o) => o.orderId === victim.orderId);
        const next = rnd();
        if (order && order.orderStatus === 'awaiting_shipment' && next < 0.6) {
          ss.editOrder(order.orderId, { shippingAmount: Math.round(rnd() * 1500) / 100 });
          count('edit');
          if (rnd() < 0.7) ss.shipOrders([order.orderId]);
        } else if (order && order.orderStatus === 'awaiting_shipment' && next < 0.85) {
          // Voided and then cancelled: what was posted must be zeroed, never left standing.
          ss.cancelOrder(order.orderId);
          count('void, then cancel');
        }
      } else if (live.length && r1 < 0.32) {
        // Same-total correction: another known customer, each SKU swapped for another at the same price, reshipped the same day.
        const victim = pick(live);
        const order = ss.orders().find((o) => o.orderId === victim.orderId)!;
        const labels = ss.shipments().filter((s) => s.orderId === order.orderId && !s.voided);
        if (
          order.orderStatus === 'shipped' &&
          labels.length === 1 &&
          !collisionNumbers.has(order.orderNumber)
        ) {
          ss.voidShipment(labels[0]!.shipmentId);
          const other = pick(customers.filter((c) => c.email !== order.customerEmail));
          const items: SimItemSpec[] = order.items.map((i) =>
            i.adjustment
              ? { sku: i.sku, name: i.name, quantity: i.quantity, unitPrice: i.unitPrice, adjustment: true }
              : {
                  sku: pick(skus.filter((s) => s.sku !== i.sku)).sku,
                  quantity: i.quantity,
                  unitPrice: i.unitPrice,
                },
          );
          ss.editOrder(order.orderId, {
            items,
            customerEmail: other.email,
            billTo: { name: other.name },
            shipTo: { name: other.name },
          });
          ss.shipOrders([order.orderId], { shipDate: labels[0]!.shipDate });
          count('same-total correction');
        }
      }
      const cancellable = ss
        .orders()
        .filter((o) => o.orderStatus === 'awaiting_shipment' && o.storeId === mainStore);
      if (cancellable.length && rnd() < 0.12) {
        ss.cancelOrder(pick(cancellable).orderId);
        count('cancel');
      }

      // One order number in two stores.
      if (rnd() < 0.06) {
        const num = `D${++seq}`;
        const a = ss.createOrderWithNumber(mainStore, num, {});
        const b = ss.createOrderWithNumber(otherStore, num, {});
        ss.shipOrders([a.orderId, b.orderId]);
        collisionNumbers.add(num);
        count('two stores, one number');
      }
      // A bookkeeper enters a sale by hand with an order's number before the order ships.
      if (rnd() < 0.05) {
        const num = `H${++seq}`;
        const o = ss.createOrderWithNumber(mainStore, num, {});
        company.enterSalesReceipt({
          customer: pick(people).ListID,
          refNumber: num,
          lines: [{ item: pick(catalog).ListID, quantity: 1, rate: 10 }],
        });
        hand.set(num, 'foreign');
        if (rnd() < 0.7) ss.shipOrders([o.orderId]);
        count('hand-entered RefNumber');
      }
      // A bookkeeper deletes or edits one of our transactions the app shows as posted.
      const hr = rnd();
      if (hr < 0.1) {
        const candidates = (await postedByEngine()).filter(
          (p) => (hand.get(p.orderNumber) ?? 'normal') === 'normal' && company.txn(p.qbTxnId),
        );
        if (candidates.length) {
          const p = pickWith(rndHand, candidates);
          handRef.set(p.orderNumber, company.txn(p.qbTxnId)?.RefNumber ?? p.orderNumber);
          if (hr < 0.05) {
            company.deleteTxn(p.qbTxnId);
            hand.set(p.orderNumber, 'deleted');
            count('deleted in QuickBooks');
          } else {
            company.modifyTxn(p.qbTxnId, { memo: `Checked by the bookkeeper in round ${round}` });
            hand.set(p.orderNumber, 'edited');
            count('edited in QuickBooks');
          }
        }
      }
      // A person answers flags: Retry a deleted/edited one, Ignore one side of a collision.
      if (rnd() < 0.3) {
        const page = await api<{
          orders: { orderId: string; orderNumber: string; flags: { reason: string }[] }[];
        }>('/api/orders?limit=5000&status=failed');
        const flaggedPage = await api<{
          orders: { orderId: string; orderNumber: string; flags: { reason: string }[] }[];
        }>('/api/orders?limit=5000&status=flagged');
        const all = [...(page?.orders ?? []), ...(flaggedPage?.orders ?? [])];
        const retryable = all.filter(
          (o) =>
            ['deleted', 'edited'].includes(hand.get(o.orderNumber) ?? '') &&
            o.flags.some((f) => f.reason === 'deleted_in_quickbooks' || f.reason === 'edited_in_quickbooks'),
        );
        if (retryable.length) {
          const o = pickWith(rndPerson, retryable);
          const r = await api('/api/orders/resolve', { action: 'retry', orderId: o.orderId });
          if (r) {
            hand.set(o.orderNumber, 'normal');
            handRef.delete(o.orderNumber);
            count('person: retry');
          }
        }
        const collided = all.filter(
          (o) =>
            collisionNumbers.has(o.orderNumber) && o.flags.some((f) => f.reason === 'order_number_collision'),
        );
        if (collided.length && rndPerson() < 0.5) {
          const o = pickWith(rndPerson, collided);
          const r = await api('/api/orders/resolve', { action: 'ignore', orderId: o.orderId });
          if (r) {
            ignoredOrderIds.add(Number(o.orderId));
            count('person: ignore');
          }
        }
      }
      // Dry run switched on for a few rounds, then off.
      if (!dryRun && rnd() < 0.05) {
        if (await api('/api/settings/posting', { dryRun: true })) {
          dryRun = true;
          count('dry run on');
        }
      } else if (dryRun && rnd() < 0.4) {
        if (await api('/api/settings/posting', { dryRun: false })) dryRun = false;
      }

      // Faults on both sides.
      const f = rnd();
      if (f < 0.12) {
        ss.injectFaults({ burst429: 2 });
        count('429 burst');
      } else if (f < 0.24) {
        ss.injectFaults({ fail5xx: { status: pick([500, 502, 503, 504] as const), times: 2 } });
        count('5xx');
      } else if (f < 0.32) {
        ss.injectFaults({ resetConnections: 1 });
        count('reset');
      } else if (f < 0.4) {
        ss.injectFaults({ malformedJson: 1 });
        count('malformed JSON');
      }
      if (rnd() < 0.1) {
        company.faults.staleEditSequenceOnce = true;
        count('3200 stale EditSequence');
      }
      if (rnd() < 0.08) {
        company.faults.busy = true;
        count('QuickBooks busy');
      }
      if (rnd() < 0.1) {
        company.faults.forcedWarnings = [{ requestType: 'SalesReceiptAddRq', statusCode: 530, times: 2 }];
        count('warning on Add');
      }
      const sessionOpts: Partial<QbwcSessionOptions> = {};
      const q = rnd();
      if (q < 0.08) {
        sessionOpts.connectionErrorInsteadOfQuickBooks = {
          hresult: '0x80040408',
          message: 'Could not start QuickBooks.',
        };
        count('QBWC connectionError');
      } else if (q < 0.2) {
        sessionOpts.dropAfterRequests = 1 + Math.floor(rnd() * 3);
        sessionOpts.dropBeforeReceive = rnd() < 0.7;
        count('dropped QBWC session');
      }

      // Work, and maybe a crash in the middle of it, at an instant the seed chose.
      if (rnd() < opts.killRate) {
        const k = rnd();
        kill =
          k < 0.3
            ? { at: 'shipstation', k: ss.stats.requests + 1 + Math.floor(rnd() * 4) }
            : { at: k < 0.65 ? 'qb-before' : 'qb-after', k: 1 + Math.floor(rnd() * 4) };
      }
      await sync();
      await restartIfKilled();
      await session(sessionOpts);
      kill = null;
      await restartIfKilled();
      company.faults.busy = false;
      company.faults.forcedWarnings = [];
      ss.clearFaults();
      if (round % 10 === 0)
        log(
          `round ${round}: ${ss.orders().length} orders, ${company.salesReceipts().length} receipts, ${kills} kills`,
        );
    }

    // Quiesce: no more faults, dry run off; let everything settle.
    ss.clearFaults();
    company.faults.busy = false;
    company.faults.staleEditSequenceOnce = false;
    company.faults.forcedWarnings = [];
    await api('/api/settings/posting', { dryRun: false });
    for (let i = 0; i < 6; i++) {
      await sync();
      await session();
    }
  } finally {
    ss.onRequest = null;
    await engine.stop().catch(() => undefined);
    await dispatcher.destroy().catch(() => undefined);
    await ss.close();
  }

  // ── Ground truth, from the simulators and the story alone ─────────────────────────────────
  const problems: string[] = [...engine.unexpectedExits];
  const itemBySku = new Map(company.items().map((i) => [i.Name.toLowerCase(), i.ListID]));
  const customerByEmail = new Map(people.map((c) => [c.Email!.toLowerCase(), c.ListID]));
  const liveShipDates = new Map<number, string[]>();
  // Live labels and fulfillments per order, with the lines each holds (a fulfillment, or a label
  // naming none: the rest of the order).
  const liveShipments = new Map<
    number,
    { shipDate: string; items: { orderItemId: number; quantity: number }[] }[]
  >();
  const addLive = (orderId: number, shipDate: string, items: { orderItemId: number; quantity: number }[]) => {
    liveShipDates.set(orderId, [...(liveShipDates.get(orderId) ?? []), shipDate]);
    liveShipments.set(orderId, [...(liveShipments.get(orderId) ?? []), { shipDate, items }]);
  };
  // Only a created label sends goods out: not one in error or still processing, nor a return label.
  for (const s of ss.shipments())
    if (!s.voided && s.labelStatus === 'completed' && !s.isReturnLabel)
      addLive(s.orderId, s.shipDate, s.items);
  for (const f of ss.fulfillments()) if (!f.voided) addLive(f.orderId, f.shipDate, []);

  const byNumber = new Map<string, SimOrder[]>();
  for (const o of ss.orders()) byNumber.set(o.orderNumber, [...(byNumber.get(o.orderNumber) ?? []), o]);
  for (const n of byNumber.keys())
    if (n.length > 11 || !/^[\x21-\x7E]+$/.test(n))
      problems.push(`soak set-up: order number ${n} is not its own RefNumber`);

  const receipts = company.salesReceipts().filter((t) => !preexisting.has(t.TxnID));
  // The documented RefNumber scheme: the order number for the first ship date, `<number>-<n>` for
  // ship date n ≥ 2 (the story's numbers never hold a dash, so the two cannot meet).
  const numberOf = (ref: string): string | undefined => {
    const base = ref.replace(/-\d+$/, '');
    return byNumber.has(ref) ? ref : base !== ref && byNumber.has(base) ? base : undefined;
  };
  const byRef = new Map<string, SalesTxnRecord[]>();
  for (const r of receipts) {
    const n = numberOf(r.RefNumber ?? '');
    if (n) byRef.set(n, [...(byRef.get(n) ?? []), r]);
  }

  // What QuickBooks holds: its lines (a line group: its components) plus any sales tax it added.
  const entryTotal = (l: SalesTxnRecord['lines'][number]): number =>
    l.kind === 'line' ? cents(l.Amount) : l.lines.reduce((s, c) => s + cents(c.Amount), 0);
  const lineTotal = (t: SalesTxnRecord): number =>
    t.lines.reduce((s, l) => s + entryTotal(l), 0) + cents(t.SalesTaxTotal);
  // A bundle is its group, quantity, components (the group's own, times the quantity) and what they add up to.
  const bundleLine = (q: number, total: number, comps: string[]): string =>
    `bundle ${bundle.ListID} × ${q} = ${total} [${comps.join(', ')}]`;
  const productLines = (t: SalesTxnRecord): string[] =>
    t.lines
      .flatMap((l) =>
        l.kind === 'group'
          ? [
              bundleLine(
                l.Quantity,
                entryTotal(l),
                l.lines.map((c) => `${c.ItemListID} × ${c.Quantity ?? 0}`),
              ),
            ]
          : l.ItemListID && catalog.some((c) => c.ListID === l.ItemListID)
            ? [`${l.ItemListID} × ${l.Quantity ?? 0} @ ${cents(l.Rate ?? 0)}`]
            : [],
      )
      .sort();

  let shipped = 0;
  let exactlyOnce = 0;
  let lost = 0;
  let duplicates = 0;
  let mismatches = 0;
  let zeroed = 0;
  let bundlesChecked = 0;
  let giftCardsChecked = 0;
  let unexplained = 0;
  let heldForPerson = 0;
  let shippedOnSeveralDays = 0;
  // Zeroed like a QuickBooks void: every line (a group: its components) at nothing.
  const zeroedTxn = (t: SalesTxnRecord): boolean =>
    t.lines.every((l) => (l.kind === 'line' ? cents(l.Amount) === 0 : entryTotal(l) === 0)) &&
    cents(t.SalesTaxTotal) === 0;
  const db = new Database(path.join(dataDir, 'ml-connector.db'), { readonly: true });
  const missingAudit: string[] = [];
  const mismatch = (num: string, what: string): void => {
    mismatches++;
    problems.push(`order ${num}: ${what}`);
  };

  for (const [num, all] of byNumber) {
    const txns = byRef.get(num) ?? [];
    const ours = txns.filter((t) => t.createdVia === 'qbxml');
    // The transaction a bookkeeper touched (or entered by hand): the first ship date's unless said.
    const first = ours.filter((t) => t.RefNumber === (handRef.get(num) ?? num));
    const state = hand.get(num) ?? 'normal';
    const stores = new Set(all.map((o) => o.storeId));
    const inPlay = all.filter((o) => !ignoredOrderIds.has(o.orderId));
    const inPlayStores = new Set(inPlay.map((o) => o.storeId));
    const group = inPlay.filter((o) => o.orderStatus !== 'cancelled');
    const live = group.some((o) => liveShipDates.has(o.orderId));
    if (live) shipped++;

    const personDecides =
      state === 'foreign' ||
      state === 'deleted' ||
      state === 'edited' ||
      (stores.size > 1 && inPlayStores.size > 1);
    if (live && personDecides) heldForPerson++;
    if (state === 'foreign') {
      // The bookkeeper's own transaction holds the number: nothing of ours may join it.
      if (first.length) mismatch(num, `${first.length} transaction(s) posted beside the one entered by hand`);
      continue;
    }
    const refs = new Map<string, number>();
    for (const t of ours) refs.set(t.RefNumber ?? '', (refs.get(t.RefNumber ?? '') ?? 0) + 1);
    const twice = [...refs].filter(([, n]) => n > 1);
    if (twice.length) {
      duplicates++;
      problems.push(
        `order ${num}: ${twice.map(([r, n]) => `${n} transactions with RefNumber ${r}`).join(', ')}`,
      );
      continue;
    }
    const standing = ours.filter((t) => !zeroedTxn(t));
    if (stores.size > 1 && inPlayStores.size > 1) {
      // Two stores still compete for the number: a person decides; nothing posted meanwhile.
      if (standing.length) mismatch(num, 'posted although two stores use the number and no one chose');
      continue;
    }
    if (state === 'deleted') {
      if (first.length) mismatch(num, 'posted again after it was deleted in QuickBooks, without Retry');
      continue;
    }
    // Paid less than the total, and not by gift card: a person decides, nothing is posted as cash.
    const unpaidOf = (o: SimOrder): number => cents(o.orderTotal) - cents(o.amountPaid);
    const giftCard = (o: SimOrder): boolean => /gift card/i.test(o.paymentMethod ?? '');
    if (state === 'normal' && group.some((o) => unpaidOf(o) > 0 && !giftCard(o))) {
      if (live) heldForPerson++;
      const held = standing.reduce((sum, t) => sum + lineTotal(t), 0);
      if (held !== 0) mismatch(num, `part-paid, yet QuickBooks holds ${held / 100} as a sale`);
      continue;
    }
    if (state === 'edited') {
      // The bookkeeper's version stands until Retry.
      const t = first[0];
      if (!t) mismatch(num, 'edited in QuickBooks by hand, then gone');
      else if (!/Checked by the bookkeeper/.test(t.Memo ?? ''))
        mismatch(num, "the bookkeeper's edit was overwritten without Retry");
      continue;
    }
    if (!live) {
      for (const t of ours)
        if (!zeroedTxn(t))
          mismatch(num, `no longer shipped, but QuickBooks still holds ${lineTotal(t) / 100}`);
      if (ours.length && !standing.length) zeroed++;
      continue;
    }
    if (!standing.length) {
      lost++;
      problems.push(`order ${num} shipped but not in QuickBooks`);
      continue;
    }
    exactlyOnce++;
    if (standing.some((t) => productLines(t).some((l) => l.startsWith('bundle ')))) bundlesChecked++;
    // What reaches the bank: the total, less what a gift card paid (posted against the liability).
    const expectTotal = group.reduce(
      (sum, o) => sum + (unpaidOf(o) > 0 && giftCard(o) ? cents(o.amountPaid) : cents(o.orderTotal)),
      0,
    );
    if (group.some((o) => unpaidOf(o) > 0 && giftCard(o))) giftCardsChecked++;
    const held = standing.reduce((sum, t) => sum + lineTotal(t), 0);
    const emails = [...new Set(group.map((o) => (o.customerEmail ?? '').toLowerCase()))];
    const customer = emails.length === 1 ? customerByEmail.get(emails[0]!) : undefined;
    if (customer && standing.some((t) => t.CustomerListID !== customer))
      mismatch(num, 'QuickBooks has another customer');
    // Revenue per ship date: each label takes the lines it names from what is still unshipped of its
    // order (a fulfillment, or a label naming none, takes the rest); each ship date is one transaction.
    const perDate = new Map<string, string[]>();
    let unshippedCents = 0;
    for (const o of group) {
      const goods = o.items.filter((i) => !i.adjustment && i.sku);
      const left = new Map(goods.map((i) => [i.orderItemId, i.quantity]));
      const units = new Map<string, Map<number, number>>();
      const ships = [...(liveShipments.get(o.orderId) ?? [])].sort((a, b) =>
        a.shipDate.localeCompare(b.shipDate),
      );
      for (const sh of ships) {
        const day = units.get(sh.shipDate) ?? new Map<number, number>();
        units.set(sh.shipDate, day);
        const wanted = sh.items.length
          ? sh.items.map((it) => [it.orderItemId, it.quantity] as const)
          : [...left];
        for (const [id, want] of wanted) {
          const q = Math.min(want, left.get(id) ?? 0);
          left.set(id, (left.get(id) ?? 0) - q);
          if (q > 0) day.set(id, (day.get(id) ?? 0) + q);
        }
      }
      for (const i of goods) unshippedCents += (left.get(i.orderItemId) ?? 0) * cents(i.unitPrice);
      for (const [date, day] of units) {
        const lines = perDate.get(date) ?? [];
        for (const [id, q] of day) {
          const i = goods.find((x) => x.orderItemId === id)!;
          lines.push(
            i.sku === bundle.Name
              ? bundleLine(
                  q,
                  cents(q * i.unitPrice),
                  (bundle.Components ?? []).map((c) => `${c.ItemListID} × ${c.Quantity * q}`),
                )
              : `${itemBySku.get(i.sku!.toLowerCase())} × ${q} @ ${cents(i.unitPrice)}`,
          );
        }
        perDate.set(date, lines);
      }
    }
    if (held !== expectTotal - unshippedCents)
      mismatch(
        num,
        `QuickBooks holds ${held / 100}, ShipStation shipped ${(expectTotal - unshippedCents) / 100}`,
      );
    const expected = [...perDate].filter(([, l]) => l.length).sort(([a], [b]) => a.localeCompare(b));
    if (expected.length > 1) shippedOnSeveralDays++;
    const got = standing
      .map((t) => [t.TxnDate, productLines(t)] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    const show = (x: readonly (readonly [string, string[]])[]): string =>
      x.map(([d, l]) => `${d}: ${[...l].sort().join(', ')}`).join(' | ');
    if (show(got) !== show(expected))
      mismatch(num, `QuickBooks holds ${show(got)} instead of ${show(expected)}`);
    const audited = db
      .prepare(
        `SELECT 1 FROM audit_log WHERE order_number = ? AND event IN ('posted','already-posted','corrected') LIMIT 1`,
      )
      .get(num);
    if (!audited) missingAudit.push(num);
  }
  // Every transaction belongs to an order (hand-entered ones to the number they hold).
  for (const t of receipts) {
    if (!numberOf(t.RefNumber ?? '')) {
      unexplained++;
      problems.push(
        `QuickBooks ${t.TxnType} ${t.TxnID} (RefNumber ${t.RefNumber ?? 'none'}) belongs to no order`,
      );
    }
  }
  const corrections = receipts.reduce(
    (s, t) => s + (t.createdVia === 'qbxml' ? t.edits.filter((e) => e.via === 'qbxml').length : 0),
    0,
  );
  const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
  db.close();
  return {
    seed: opts.seed,
    rounds: opts.rounds,
    kills,
    faults,
    ordersShipped: shipped,
    postedExactlyOnce: exactlyOnce,
    bundlesChecked,
    giftCardsChecked,
    shippedOnSeveralDays,
    duplicates,
    lost,
    contentMismatches: mismatches,
    unexplained,
    heldForPerson,
    correctionsAsUpdates: corrections,
    zeroedAfterVoid: zeroed,
    auditComplete: missingAudit.length === 0,
    missingAudit,
    dbIntegrity: integrity,
    problems,
  };
}

export function formatSoak(r: SoakResult): string {
  return [
    `seed ${r.seed}: ${r.rounds} rounds, ${r.kills} SIGKILLs`,
    `  faults injected: ${
      Object.entries(r.faults)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ') || 'none'
    }`,
    `  orders shipped: ${r.ordersShipped}; posted exactly once: ${r.postedExactlyOnce} (${r.bundlesChecked} with a bundle, components and total checked; ${r.giftCardsChecked} part-paid by gift card, deposit = amount paid; ${r.shippedOnSeveralDays} shipped on several days, one transaction per ship date); held for a person: ${r.heldForPerson}; duplicates: ${r.duplicates}; lost: ${r.lost}`,
    `  content mismatches: ${r.contentMismatches}; unexplained QuickBooks transactions: ${r.unexplained}`,
    `  corrections applied as updates (qbXML Mods QuickBooks recorded): ${r.correctionsAsUpdates} (transactions zeroed after a void/cancel: ${r.zeroedAfterVoid})`,
    `  audit trail complete: ${r.auditComplete ? 'yes' : `no (${r.missingAudit.join(', ')})`}; database integrity: ${r.dbIntegrity}`,
    ...r.problems.map((p) => `  PROBLEM: ${p}`),
  ].join('\n');
}
