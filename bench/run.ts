/**
 * Benchmarks. Every figure is printed as a ratio against a bound or a baseline measured in the same
 * run on the same machine, so results compare across machines. Results also go to bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import {
  buildQbxmlDocument,
  invoiceAdd,
  parseQbxmlResponse,
  qbRefNumberFor,
  toItem,
} from '../src-main/engine/qbxml';
import { MAX_PAGE } from '../src-main/engine/mirror/list-mirror';
import { generateCompanySeed, QbCompany } from '../src-main/simulators/qb-company/index';
import { RateGovernor } from '../src-main/engine/shipstation/rate-governor';
import { startHarness } from '../test/helpers/harness';

interface Result {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  note: string;
}
const results: Result[] = [];

function record(name: string, value: number, unit: string, baseline: number, note: string): void {
  const ratio = value / baseline;
  results.push({ name, value, unit, baseline, ratio, note });
  process.stdout.write(
    `${name.padEnd(46)} ${value.toFixed(2).padStart(10)} ${unit.padEnd(6)} baseline ${baseline.toFixed(2).padStart(10)}  ratio ${ratio.toFixed(2).padStart(6)}  (${note})\n`,
  );
}

/** Median wall time of `runs` runs, after one warm-up. */
function time(fn: () => void, runs = 5): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function qbxmlParsing(): Promise<void> {
  const company = new QbCompany(generateCompanySeed({ customers: 10, items: 10_000, seed: 1 }));
  const xml = await company.handleRequestXml(
    '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="continueOnError"><ItemQueryRq><ActiveStatus>All</ActiveStatus></ItemQueryRq></QBXMLMsgsRq></QBXML>',
  );
  let count = 0;
  const ours = time(() => {
    const rs = parseQbxmlResponse(xml).responses[0]!;
    count = 0;
    for (const ret of rs.rets) if (toItem(ret)) count++;
  });
  if (count !== 10_000) throw new Error(`expected 10,000 items, parsed ${count}`);
  const rawParser = new XMLParser({ ignoreAttributes: false });
  const raw = time(() => rawParser.parse(xml));
  record(
    'parse 10,000-item ItemQueryRs (ours vs raw)',
    ours,
    'ms',
    raw,
    `ours typed + mapped; raw fast-xml-parser; ${(xml.length / 1e6).toFixed(1)} MB`,
  );
}

function invoiceBuilding(): void {
  const n = 10_000;
  const inputs = Array.from({ length: n }, (_, i) => ({
    customer: { fullName: `Customer ${i % 500}` },
    txnDate: '2026-11-20',
    refNumber: qbRefNumberFor(`SS-${100000 + i}`).refNumber,
    memo: `ShipStation order SS-${100000 + i}`,
    lines: [
      { item: { fullName: `SKU-${i % 900}` }, desc: 'Widget & co <b>', quantity: 2, rate: 19.99 },
      { item: { fullName: 'Shipping' }, amount: 7.5 },
    ],
  }));
  const ours = time(() => {
    for (let i = 0; i < n; i += 50) buildQbxmlDocument(inputs.slice(i, i + 50).map((x) => invoiceAdd(x)));
  }, 3);
  const builder = new XMLBuilder({});
  const raw = time(() => {
    for (let i = 0; i < n; i += 50) {
      builder.build({
        QBXML: {
          QBXMLMsgsRq: {
            InvoiceAddRq: inputs.slice(i, i + 50).map((x) => ({
              InvoiceAdd: {
                CustomerRef: { FullName: x.customer.fullName },
                TxnDate: x.txnDate,
                RefNumber: x.refNumber,
                Memo: x.memo,
                InvoiceLineAdd: x.lines.map((l) => ({
                  ItemRef: { FullName: l.item.fullName },
                  Desc: l.desc,
                  Quantity: l.quantity,
                  Rate: l.rate,
                  Amount: l.amount,
                })),
              },
            })),
          },
        },
      });
    }
  }, 3);
  record(
    'build 10,000 InvoiceAdd (ours vs raw builder)',
    ours,
    'ms',
    raw,
    'ours validates limits, formats amounts, orders by schema',
  );
}

async function mirrorRoundTrips(): Promise<void> {
  for (const n of [10_000]) {
    const h = await startHarness({ customers: 10, items: n });
    const t = performance.now();
    const r = await h.session();
    const ms = performance.now() - t;
    if (r.outcome !== 'completed') throw new Error(`mirror session ended ${r.outcome}`);
    const itemRequests = h.company.requestLog.filter((e) => e.types.includes('ItemQueryRq'));
    const bound = Math.ceil(n / MAX_PAGE);
    record(
      `QBWC round trips to mirror ${n} items`,
      itemRequests.length,
      'trips',
      bound,
      `bound ceil(N/${MAX_PAGE}); ramps up from 500/page`,
    );
    const bytes = itemRequests.reduce((s, e) => s + e.responseBytes, 0) / itemRequests.length;
    record(`bytes per item-page round trip`, bytes / 1024, 'KiB', 1024, 'vs 1 MiB');
    record(`mirror ${n} items: wall time per item`, (ms * 1000) / n, 'µs', 1000, 'vs 1 ms per item');
    await h.close();
  }
}

async function shipStationIngest(): Promise<void> {
  for (const n of [1_000, 10_000, 100_000]) await shipStationIngestOf(n);
}

async function shipStationIngestOf(n: number): Promise<void> {
  const limit = 40;
  const windowMs = 1_000; // ShipStation's minute, shrunk to a second so the run is short; ratios are unchanged.
  const h = await startHarness({
    shipstation: { sim: { orders: n, seedSpanDays: 30, rateLimitV1: limit, windowMs } },
    engine: {
      shipstationClient: {
        governor: new RateGovernor({ defaultLimit: limit, windowMs, resetMarginMs: 50, maxJitterMs: 20 }),
      },
    },
  });
  const ss = h.ss!;
  const labels = ss.shipments().length;
  const fulfillments = ss.fulfillments().length;
  const t = performance.now();
  const summary = await h.engine.ingestor.run('bench');
  const ms = performance.now() - t;
  if (!summary.ok || h.engine.orders.counts().orders !== n)
    throw new Error('ShipStation ingest benchmark lost orders');
  const calls = ss.stats.requests;
  const lower =
    1 /* stores */ +
    Math.ceil(n / 500) +
    Math.max(1, Math.ceil(labels / 500)) +
    1 /* voids */ +
    Math.max(1, Math.ceil(fulfillments / 500));
  record(
    `ShipStation calls to ingest ${n} orders + ${labels + fulfillments} shipments`,
    calls,
    'calls',
    lower,
    'bound: ceil(N/500) per resource',
  );
  const floorMs = (calls / limit) * windowMs;
  record(
    'ShipStation ingest wall time vs rate-limit floor',
    ms,
    'ms',
    floorMs,
    `floor = calls / (${limit} per ${windowMs} ms); includes storing every order`,
  );
  record('ShipStation 429 responses during ingest', ss.stats.rateLimited, '429s', 1, 'goal 0');
  await h.close();
}

async function postingRoundTrips(): Promise<void> {
  for (const n of [1_000, 10_000]) {
    const company = new QbCompany(generateCompanySeed({ customers: 30, items: 40, seed: 7 }));
    const skus = company
      .items()
      .filter((i) => i.ItemType === 'Inventory' && i.IsActive)
      .slice(0, 6)
      .map((i) => ({ sku: i.Name, unitPrice: 12 }));
    const customers = company
      .customers()
      .filter((c) => c.Email && c.IsActive && !c.FullName.includes(':'))
      .slice(0, 10)
      .map((c) => ({ name: c.FullName, email: c.Email! }));
    const h = await startHarness({
      company,
      shipstation: { sim: { orders: 0, skus, customers, windowMs: 1_000 } },
      config: { qbwc: { mirrorIntervalSeconds: 3600, maxJobsPerRequest: 50 } },
      engine: {
        shipstationClient: {
          governor: new RateGovernor({
            defaultLimit: 40,
            windowMs: 1_000,
            resetMarginMs: 50,
            maxJitterMs: 20,
          }),
        },
      },
    });
    await h.api('/api/settings/posting', {
      method: 'POST',
      body: { taxItem: 'CA Sales Tax', discountItem: 'Discount' },
    });
    await h.session(); // mirror
    const ss = h.ss!;
    const made = ss.createOrders(n);
    ss.shipOrders(made.map((o) => o.orderId));
    const before = ss.stats.requests;
    await h.api('/api/sync', { method: 'POST', body: {} });
    const ssCalls = ss.stats.requests - before;
    const labels = ss.shipments().length;
    const ssBound = 1 + Math.ceil(n / 500) + Math.ceil(labels / 500) + 1 + 1;
    const queued = (
      h.engine.db.prepare(`SELECT count(*) AS n FROM orders WHERE status = 'queued'`).get() as { n: number }
    ).n;
    const logStart = h.company.requestLog.length;
    const t = performance.now();
    const r = await h.session();
    const ms = performance.now() - t;
    const posted = h.company.salesReceipts().length;
    if (r.outcome !== 'completed' || posted !== queued)
      throw new Error(`posting benchmark: ${posted} of ${queued} posted (${r.outcome})`);
    // Every request of the session counts: the RefNumber queries before the Adds, the Adds, and the
    // session's own checks (deleted and hand-edited transactions).
    const trips = h.company.requestLog.slice(logStart).length;
    const bytes =
      h.company.requestLog.slice(logStart).reduce((a, e) => a + e.bytes + e.responseBytes, 0) /
      Math.max(1, trips);
    record(
      `ShipStation calls to ingest ${n} shipped orders`,
      ssCalls,
      'calls',
      ssBound,
      'bound: ceil(N/500) per resource',
    );
    record(
      `QBWC round trips to post ${queued} orders`,
      trips,
      'trips',
      2 * Math.ceil(queued / 50) + 2,
      'bound: 2 x ceil(N/50) + 2 (query, then add, per 50)',
    );
    record(`QBWC bytes per posting round trip (N=${n})`, bytes / 1024, 'KiB', 1024, 'vs 1 MiB');
    record(
      `posting ${queued} orders: wall time per order`,
      (ms * 1000) / queued,
      'µs',
      1000,
      'vs 1 ms per order',
    );
    await h.close();
  }
}

async function bigMirror(): Promise<void> {
  const n = Number(process.env.MLC_BENCH_MIRROR_ITEMS ?? 100_000);
  const h = await startHarness({ customers: 10, items: n });
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t = performance.now();
  const r = await h.session();
  const ms = performance.now() - t;
  clearInterval(sampler);
  if (r.outcome !== 'completed' || h.engine.mirror.count('item') !== h.company.items().length)
    throw new Error('big mirror incomplete');
  record(
    `mirror ${n} items: wall time per item`,
    (ms * 1000) / n,
    'µs',
    1000,
    'vs 1 ms per item; simulator and engine in one process',
  );
  record(`mirror ${n} items: peak RSS growth`, (peak - rss0) / 2 ** 20, 'MiB', 512, 'vs 512 MiB');
  await h.close();
}

async function bigAuditTrail(): Promise<void> {
  const { openDatabase } = await import('../src-main/engine/db/open');
  const { listOrders } = await import('../src-main/engine/sync/orders-store');
  const { monthEndReport } = await import('../src-main/engine/sync/reconciliation-report');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const db = openDatabase(mkdtempSync(path.join(tmpdir(), 'mlc-bench-audit-')));
  const nOrders = 100_000;
  const nAudit = 1_000_000;
  const now = Date.now();
  db.transaction(() => {
    const o = db.prepare(
      `INSERT INTO orders (order_id, order_number, store_id, ss_status, status, modify_date, order_date, order_total, data, content_hash, first_seen_at, updated_at, dirty)
       VALUES (?, ?, '1', 'shipped', 'posted', ?, ?, ?, ?, 'h', ?, ?, 0)`,
    );
    const sh = db.prepare(
      `INSERT INTO shipments (shipment_id, source, order_id, order_number, ship_date, create_date, data, content_hash, first_seen_at, updated_at)
       VALUES (?, 'label', ?, ?, ?, ?, '{}', 'h', ?, ?)`,
    );
    const po = db.prepare(
      `INSERT INTO postings (posting_key, order_id, txn_type, ref_number, state, txn_id, txn_date, amount, updated_at)
       VALUES (?, ?, 'SalesReceipt', ?, 'posted', ?, ?, ?, ?)`,
    );
    for (let i = 0; i < nOrders; i++) {
      const at = new Date(now - (i % 365) * 86_400_000).toISOString();
      const day = at.slice(0, 10);
      const data = JSON.stringify({
        orderId: String(i),
        orderNumber: `B${i}`,
        items: [{ sku: `SKU-${i % 50}`, quantity: 1, unitPrice: 10, adjustment: false }],
      });
      o.run(String(i), `B${i}`, at, at, 10, data, at, at);
      sh.run(`S${i}`, String(i), `B${i}`, day, at, at, at);
      po.run(`B${i}`, String(i), `B${i}`, `T${i}`, day, 10, at);
    }
    const a = db.prepare(
      `INSERT INTO audit_log (at, level, category, event, order_number, message) VALUES (?, 'info', 'sync', 'posted', ?, 'Order posted to QuickBooks')`,
    );
    for (let i = 0; i < nAudit; i++)
      a.run(new Date(now - (i % 365) * 86_400_000).toISOString(), `B${i % nOrders}`);
  })();
  const baseline = time(() => db.prepare('SELECT count(*) FROM audit_log').get(), 3);
  const page = time(() => listOrders(db, { limit: 500, offset: 0 }), 3);
  record(
    'orders page (500 of 100k orders, 1M audit rows)',
    page,
    'ms',
    baseline,
    'baseline: counting the 1M-row audit trail',
  );
  const month = new Date(now - 40 * 86_400_000);
  const from = `${month.toISOString().slice(0, 7)}-01`;
  const to = `${month.toISOString().slice(0, 7)}-28`;
  const report = time(() => monthEndReport(db, { from, to }), 3);
  record(
    'month-end report (100k orders, 1M audit rows)',
    report,
    'ms',
    baseline,
    'baseline: counting the 1M-row audit trail',
  );
  const timeline = time(
    () => db.prepare('SELECT * FROM audit_log WHERE order_number = ? ORDER BY id DESC LIMIT 200').all('B42'),
    3,
  );
  record(
    'order timeline from the 1M-row audit trail',
    timeline,
    'ms',
    baseline,
    'baseline: counting the 1M-row audit trail',
  );
  db.close();
}

async function idleEngine(): Promise<void> {
  const seconds = Number(process.env.MLC_BENCH_IDLE_SECONDS ?? 60);
  const { spawn } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { ShipStationSim } = await import('../src-main/simulators/shipstation/index');
  const ss = new ShipStationSim({
    v1: { apiKey: 'idle-key-00001', apiSecret: 'idle-secret-0001' },
    v2: { apiKey: 'x-idle-00000001' },
    orders: 50,
  });
  const ssUrl = await ss.listen(0);
  const port = 18_000 + Math.floor(Math.random() * 2000);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/engine/cli.ts',
      'serve',
      '--port',
      String(port),
      '--data-dir',
      mkdtempSync(path.join(tmpdir(), 'mlc-idle-')),
    ],
    {
      env: {
        ...process.env,
        MLC_SHIPSTATION_BASE_URL: ssUrl,
        MLC_SHIPSTATION_API_KEY: 'idle-key-00001',
        MLC_SHIPSTATION_API_SECRET: 'idle-secret-0001',
        MLC_POLL_CRON: '*/5 * * * * *',
        MLC_LOG_LEVEL: 'error',
      },
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stat = async (): Promise<{ cpuMs: number; rssMiB: number }> => {
    const { readFileSync } = await import('node:fs');
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    const rssPages = Number(f[21]);
    return { cpuMs: (ticks * 1000) / 100, rssMiB: (rssPages * 4096) / 2 ** 20 };
  };
  await new Promise((r) => setTimeout(r, 3000));
  const a = await stat();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const b = await stat();
  child.kill('SIGTERM');
  await ss.close();
  const cpuPct = ((b.cpuMs - a.cpuMs) / (seconds * 1000)) * 100;
  record(`idle engine CPU over ${seconds}s (polling every 5 s)`, cpuPct, '%', 1, 'vs 1% of one core');
  record('idle engine RSS', b.rssMiB, 'MiB', 200, 'vs 200 MiB');
}

const suites: Record<string, () => Promise<void> | void> = {
  qbxml: qbxmlParsing,
  invoices: invoiceBuilding,
  mirror: mirrorRoundTrips,
  shipstation: shipStationIngest,
  posting: postingRoundTrips,
  'big-mirror': bigMirror,
  audit: bigAuditTrail,
  idle: idleEngine,
};
// MLC_BENCH_ONLY=audit,idle runs a subset.
const only = process.env.MLC_BENCH_ONLY?.split(',');
for (const [name, run] of Object.entries(suites)) {
  if (!only || only.includes(name)) await run();
}
writeFileSync(
  new URL('./results.json', import.meta.url),
  JSON.stringify({ at: new Date().toISOString(), results }, null, 2),
);
process.stdout.write(`\nwrote bench/results.json (${results.length} results)\n`);
