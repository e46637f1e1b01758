import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { companyBackend } from '../simulators/qb-backend';
import {
  DEFAULT_ACCOUNTS,
  generateCompanySeed,
  QbCompany,
  type CompanySeed,
} from '../simulators/qb-company/index';
import { QbwcScheduler, type QbwcSessionReport } from '../simulators/qbwc-client/index';
import { ShipStationSim } from '../simulators/shipstation/index';
import { ConfigError, resolveConfig, type ConfigFlags } from '../engine/config';
import { startEngine } from '../engine/engine';
import { configureLogging } from '../engine/log/logger';
import { VERSION } from '../engine/version';

const DEMO_USER = 'demo';
const DEMO_PASSWORD = 'demo-password';

const int = (v: string | boolean | undefined, fallback: number, name: string): number => {
  if (v === undefined || typeof v === 'boolean') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: "${v}" is not a whole number`);
  return n;
};

/**
 * `npm run demo`: the engine plus a simulated QuickBooks company and a simulated Web Connector that
 * polls it on a short interval, so the whole sync can be tried without QuickBooks.
 */
export async function runDemo(
  flags: ConfigFlags,
  values: Record<string, string | boolean | undefined>,
): Promise<void> {
  configureLogging({ level: process.env.MLC_LOG_LEVEL === 'debug' ? 'debug' : 'warn' });
  const dataDir = flags.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ml-connector-demo-'));
  const customers = int(values.customers, 2500, 'customers');
  const items = int(values.items, 6000, 'items');
  const seed = int(values.seed, 42, 'seed');
  const everySec = int(values['qbwc-every'], 20, 'qbwc-every');
  const orders = int(values.orders, 200, 'orders');
  const api = String(values.api ?? process.env.MLC_DEMO_API ?? 'v1').toLowerCase();
  if (api !== 'v1' && api !== 'v2') throw new ConfigError(`--api: "${api}" is not v1 or v2`);
  const company = new QbCompany(taxedCompany(generateCompanySeed({ customers, items, seed })), {
    requestDelayMs: 20,
  });

  // ShipStation sells what QuickBooks knows (SKU = item name) plus two SKUs QuickBooks lacks, to customers
  // QuickBooks mostly knows: the sync has real work and a few orders to flag.
  const sellable = company
    .items()
    .filter(
      (i) =>
        i.IsActive &&
        (i.ItemType === 'Inventory' || i.ItemType === 'NonInventory') &&
        !i.FullName.includes(':'),
    )
    .slice(0, 40);
  const ssCustomers = company
    .customers()
    .filter((c) => c.IsActive && c.Email && !c.FullName.includes(':'))
    .slice(0, 60)
    .map((c) => ({ name: c.FullName, email: c.Email!, company: c.CompanyName }));
  // A merchant's lists as they are: a bundle (group item) sold below its components' price, SKUs kept
  // in the item's part number, and a customer made inactive who still orders.
  const bundle = company.addItem({
    type: 'Group',
    name: 'BUNDLE-XMAS',
    description: 'Holiday bundle',
    components: sellable.slice(0, 2).map((i, k) => ({ item: i.FullName, quantity: k + 1 })),
  });
  const byPartNumber = [
    { name: 'Blue Tee', partNumber: 'BT-001', price: 18 },
    { name: 'Red Mug 11oz', partNumber: 'RM-011', price: 9.5 },
  ].map((p) =>
    company.addItem({
      type: 'Inventory',
      name: p.name,
      description: p.name,
      price: p.price,
      quantityOnHand: 60,
      manufacturerPartNumber: p.partNumber,
    }),
  );
  const sleeper = ssCustomers[ssCustomers.length - 1];
  const sleeperRec = sleeper && company.customers().find((c) => c.FullName === sleeper.name);
  if (sleeperRec) company.modifyCustomer(sleeperRec.ListID, { isActive: false });
  const ss = new ShipStationSim({
    v1: { apiKey: 'demo-ss-key', apiSecret: 'demo-ss-secret' },
    v2: { apiKey: 'demo-ss-v2-key' },
    seed,
    orders,
    seedSpanDays: 7,
    skus: [
      // Real product names carry curly apostrophes, dashes and emoji QuickBooks cannot store.
      ...sellable.map((i, k) => ({
        sku: i.Name,
        name: k === 0 ? `Men\u2019s ${i.Desc ?? i.Name} \u2013 gift \u{1F381}` : (i.Desc ?? i.Name),
        unitPrice: i.SalesPrice ?? 19.99,
      })),
      { sku: 'NEW-GADGET-01', name: 'Gadget not yet in QuickBooks', unitPrice: 24.5 },
      { sku: bundle.Name, name: 'Holiday bundle', unitPrice: 59 },
      ...byPartNumber.map((i) => ({
        sku: i.ManufacturerPartNumber!,
        name: i.Desc ?? i.Name,
        unitPrice: i.SalesPrice ?? 10,
      })),
    ],
    customers: ssCustomers.length ? ssCustomers : undefined,
    // The Amazon store's buyers come with relay addresses: a name alone never confirms them.
    amazonRelayEmails: true,
  });
  const ssUrl = await ss.listen(0);
  const config = resolveConfig({
    flags: { ...flags, dataDir },
    env: {
      ...process.env,
      MLC_QBWC_USERNAME: DEMO_USER,
      MLC_QBWC_PASSWORD: DEMO_PASSWORD,
      MLC_SHIPSTATION_API_VERSION: api,
      MLC_SHIPSTATION_BASE_URL: ssUrl,
      MLC_SHIPSTATION_API_KEY: api === 'v2' ? 'demo-ss-v2-key' : 'demo-ss-key',
      ...(api === 'v1' ? { MLC_SHIPSTATION_API_SECRET: 'demo-ss-secret' } : {}),
      MLC_POLL_CRON: process.env.MLC_POLL_CRON ?? `*/${Math.max(5, Math.min(59, everySec))} * * * * *`,
    },
  });
  const engine = await startEngine(config, {
    rendererDir: path.resolve('dist/renderer'),
    ingest: { initialLookbackMs: 8 * 24 * 3_600_000 },
  });
  const print = (s: string): void => void process.stdout.write(s + '\n');
  print(`ml-connector ${VERSION} demo`);
  print(`  Dashboard:  ${engine.uiUrl}`);
  print(`  API token:  ${engine.token}`);
  print(`  Data dir:   ${dataDir}`);
  print(
    `  Simulated QuickBooks company: ${company.customers().length} customers, ${company.items().length} items;`,
  );
  print(`  simulated Web Connector runs every ${everySec}s as user "${DEMO_USER}".`);
  print(
    `  Simulated ShipStation (${api.toUpperCase()}) at ${ssUrl}: ${ss.orders().length} orders in ${ss.stores().length} stores.`,
  );

  // The merchant's day goes on: new orders arrive and some ship, every few seconds.
  const businessDay = setInterval(() => {
    try {
      ss.createOrders(1 + Math.floor(Math.random() * 3));
      const open = ss.orders().filter((o) => o.orderStatus === 'awaiting_shipment');
      if (open.length) ss.shipOrders(open.slice(0, 1 + Math.floor(Math.random() * 2)).map((o) => o.orderId));
      // Now and then a label is voided and the order reshipped with a change: a correction in QuickBooks.
      const live = ss.shipments().filter((x) => !x.voided);
      if (live.length && Math.random() < 0.15) {
        const victim = live[Math.floor(Math.random() * live.length)]!;
        ss.voidShipment(victim.shipmentId);
        const order = ss.orders().find((o) => o.orderId === victim.orderId);
        if (order?.orderStatus === 'awaiting_shipment') {
          ss.editOrder(order.orderId, { shippingAmount: Math.round(Math.random() * 1500) / 100 });
          ss.shipOrders([order.orderId]);
        }
      }
    } catch (err) {
      print(`[ShipStation sim] ${(err as Error).message}`);
    }
  }, 7_000);
  businessDay.unref();
  // Post into the simulated company's own items for shipping, discounts and sales tax.
  const pick = (type: string, prefer?: string) =>
    company.items().find((i) => i.ItemType === type && i.IsActive && (!prefer || i.FullName === prefer))
      ?.FullName ??
    company.items().find((i) => i.ItemType === type && i.IsActive)?.FullName ??
    null;
  // The company charges sales tax: ShipStation's tax goes on its own line, and a 0 % tax item on each
  // sale keeps QuickBooks from adding the customer's own tax on top ('line' mode).
  await engine.handlers.setPostingSettings({
    txnType: 'SalesReceipt',
    shippingItem: pick('OtherCharge', 'Shipping'),
    discountItem: pick('Discount'),
    taxItem: pick('SalesTax'),
    taxMode: 'line',
    zeroTaxItem: ZERO_TAX_ITEM,
    giftCardItem: GIFT_CARD_ITEM,
  });
  // Two customers paid part of their order with a gift card: only what they paid is deposited.
  for (const [k, o] of ss.createOrders(2, { paymentMethod: 'Credit Card, Gift Card' }).entries()) {
    ss.editOrder(o.orderId, { amountPaid: Math.max(0, Math.round((o.orderTotal - 10 - 5 * k) * 100) / 100) });
    ss.shipOrders([o.orderId]);
  }
  // Orders shipped on several days: each ship date is its own sales receipt (RefNumber <number>-2 for
  // the second). Two splits, the parent shipped yesterday and the child today; one split whose child
  // still awaits shipment (never shown as posted); one order whose first label held one unit.
  const pacificDay = (offsetDays: number): string =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(
      new Date(Date.now() + offsetDays * 86_400_000),
    );
  const splittable = ss
    .createOrders(8, { discount: false })
    .filter((o) => o.items.filter((i) => !i.adjustment).reduce((n, i) => n + i.quantity, 0) >= 2);
  for (const [k, o] of splittable.slice(0, 4).entries()) {
    if (k === 3) {
      const [first, ...rest] = o.items.filter((i) => !i.adjustment);
      ss.shipOrders([o.orderId], {
        items: [{ orderItemId: first!.orderItemId, quantity: 1 }],
        shipDate: pacificDay(-1),
      });
      const remaining = [
        ...(first!.quantity > 1 ? [{ orderItemId: first!.orderItemId, quantity: first!.quantity - 1 }] : []),
        ...rest.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
      ];
      ss.shipOrders([o.orderId], { items: remaining, shipDate: pacificDay(0), reship: true });
      continue;
    }
    const { child } = ss.splitOrder(o.orderId);
    ss.shipOrders([o.orderId], { shipDate: pacificDay(-1) });
    if (k < 2) ss.shipOrders([child.orderId], { shipDate: pacificDay(0) });
  }
  const firstPoll = await engine.ingestor.run('startup');
  const r = firstPoll.resources;
  print(
    `[ShipStation] first poll: ${r.orders.new} orders, ${r.labels.new} labels, ${r.fulfillments.new} fulfillments` +
      `${firstPoll.ok ? '' : ' (with errors)'}; polling on "${config.pollCron}".`,
  );

  let sessions = 0;
  const report = (r: QbwcSessionReport): void => {
    sessions++;
    const status = engine.handlers.status({}) as Awaited<ReturnType<typeof engine.handlers.status>>;
    const mirror = status.mirror.map((m) => `${m.count} ${m.entity}`).join(', ');
    print(
      `[QBWC session ${sessions}] ${r.outcome}: ${r.requests} request(s) in ${Math.round(r.durationMs)} ms` +
        `${r.closeMessage ? ` — ${r.closeMessage}` : ''}${r.lastError ? ` — error: ${r.lastError}` : ''}`,
    );
    const count = (st: string) =>
      (engine.db.prepare('SELECT count(*) AS n FROM orders WHERE status = ?').get(st) as { n: number }).n;
    print(`  mirror now holds ${mirror}; outbox ${JSON.stringify(status.outbox)}`);
    print(
      `  orders: ${count('posted')} posted, ${count('queued')} queued, ${count('validated')} validated (awaiting shipment), ` +
        `${count('flagged')} flagged, ${count('cancelled')} cancelled; QuickBooks holds ${company.salesReceipts().length} sales receipts`,
    );
    const receipts = company.salesReceipts();
    const taxedTwice = receipts.filter((t) => t.SalesTaxTotal !== 0).length;
    print(
      `  sales tax on: QuickBooks added its own tax to ${taxedTwice} of ${receipts.length} sales receipts`,
    );
    const bundles = receipts.filter((t) => t.lines.some((l) => l.kind === 'group')).length;
    const later = receipts.filter(
      (t) => /^[^-]+-\d+$/.test(t.RefNumber ?? '') && /shipment \d+/.test(t.Memo ?? ''),
    );
    const giftItem = company.items().find((i) => i.Name === GIFT_CARD_ITEM)?.ListID;
    const giftCards = receipts.filter((t) =>
      t.lines.some((l) => l.kind === 'line' && l.ItemListID === giftItem),
    ).length;
    const flags = engine.db
      .prepare(
        `SELECT reason, count(*) AS n FROM order_flags WHERE resolved_at IS NULL GROUP BY reason ORDER BY n DESC`,
      )
      .all() as { reason: string; n: number }[];
    print(
      `  bundles posted as line groups: ${bundles}; part paid by gift card: ${giftCards}; later ship dates of an order posted on their own: ${later.length}; flagged for: ${flags.map((f) => `${f.reason} ${f.n}`).join(', ') || 'nothing'}`,
    );
    // --exit-after-sync: stop once everything queued is in QuickBooks (or after a few sessions).
    if (values['exit-after-sync'] && (count('queued') === 0 || sessions >= 6)) void stop(0);
  };

  const scheduler = new QbwcScheduler({
    url: `${engine.url}/qbwc`,
    username: DEMO_USER,
    password: DEMO_PASSWORD,
    backend: companyBackend(company),
    everyMs: everySec * 1000,
    noOpDelayMs: 1000,
    onSession: report,
    onError: (err) => print(`[QBWC] session failed: ${(err as Error).message}`),
  });

  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(businessDay);
    await scheduler.stop();
    await engine.close();
    await ss.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  scheduler.start();
}

const ZERO_TAX_ITEM = 'Out of State';
const GIFT_CARD_ITEM = 'Gift Card Redeemed';
const GIFT_CARD_ACCOUNT = 'Gift Cards Outstanding';

/**
 * The demo company charges sales tax, as most US merchants' do: the preference on, taxable customers
 * with the state tax item as their own, and a 0 % item for sales taxed elsewhere.
 */
function taxedCompany(seed: CompanySeed): CompanySeed {
  const stateTax = seed.items.find((i) => i.type === 'SalesTax')?.name;
  return {
    ...seed,
    // A gift card liability and the item that redeems against it.
    accounts: [
      ...(seed.accounts ?? DEFAULT_ACCOUNTS),
      { name: GIFT_CARD_ACCOUNT, type: 'OtherCurrentLiability' },
    ],
    items: [
      ...seed.items,
      { type: 'SalesTax', name: ZERO_TAX_ITEM, description: 'Sales taxed by ShipStation', taxRate: 0 },
      {
        type: 'OtherCharge',
        name: GIFT_CARD_ITEM,
        description: 'Gift card redeemed',
        incomeAccount: GIFT_CARD_ACCOUNT,
        taxable: false,
        price: 0,
      },
    ],
    customers: seed.customers.map((c) => (c.taxable && stateTax ? { ...c, salesTaxItem: stateTax } : c)),
    salesTax: { enabled: true, ...(stateTax ? { defaultItem: stateTax } : {}) },
  };
}
