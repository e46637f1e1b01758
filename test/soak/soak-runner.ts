import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Agent } from 'undici';
import { qbRefNumberFor } from '../../src-main/engine/qbxml';
import { companyBackend } from '../../src-main/simulators/qb-backend';
import { mulberry32 } from '../../src-main/simulators/prng';
import { generateCompanySeed, QbCompany } from '../../src-main/simulators/qb-company/index';
import { runQbwcSession, type QbwcSessionOptions } from '../../src-main/simulators/qbwc-client/index';
import { ShipStationSim } from '../../src-main/simulators/shipstation/index';
import { EngineProcess } from './engine-process';

export interface SoakOptions {
  seed: number;
  rounds: number;
  /** Probability that a round kills the engine with SIGKILL at a random instant. */
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
  correctionsAsUpdates: number;
  zeroedAfterVoid: number;
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

/**
 * The crash-and-fault soak: the engine runs as its own process and is SIGKILLed at random instants
 * (mid-ingest, between a QBXML Add and its stored answer, mid-iterator) while ShipStation keeps
 * creating, shipping, voiding, editing and cancelling orders and both simulators inject faults.
 * At the end, the simulators' ground truth is compared with QuickBooks: nothing lost, nothing twice.
 */
export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const rnd = mulberry32(opts.seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const log = opts.log ?? (() => undefined);
  const faults: Record<string, number> = {};
  const count = (k: string): void => void (faults[k] = (faults[k] ?? 0) + 1);

  const company = new QbCompany(generateCompanySeed({ customers: 40, items: 40, seed: opts.seed }));
  const skus = company
    .items()
    .filter((i) => i.ItemType === 'Inventory' && i.IsActive)
    .slice(0, 8)
    .map((i) => ({ sku: i.Name, unitPrice: 5 + Math.floor(rnd() * 40) }));
  const customers = company
    .customers()
    .filter((c) => c.Email && c.IsActive && !c.FullName.includes(':'))
    .slice(0, 12)
    .map((c) => ({ name: c.FullName, email: c.Email! }));
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
  const store = ss.stores()[0]!.storeId;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlc-soak-'));
  const engine = new EngineProcess(await freePort(), dataDir, 'soak-token-0123456789abcdef', {
    MLC_QBWC_USERNAME: USER,
    MLC_QBWC_PASSWORD: PASSWORD,
    MLC_SHIPSTATION_API_VERSION: 'v1',
    MLC_SHIPSTATION_BASE_URL: ssUrl,
    MLC_SHIPSTATION_API_KEY: 'soak-key-000001',
    MLC_SHIPSTATION_API_SECRET: 'soak-secret-0001',
    // The engine polls by itself too, so kills also land inside scheduled polls.
    MLC_POLL_CRON: '*/3 * * * * *',
  });
  await engine.start();
  await engine.api('/api/settings/posting', {
    txnType: 'SalesReceipt',
    taxItem: 'CA Sales Tax',
    discountItem: 'Discount',
    shippingItem: 'Shipping',
  });

  let dispatcher = new Agent();
  const session = (o: Partial<QbwcSessionOptions> = {}) =>
    runQbwcSession({
      url: `${engine.url}/qbwc`,
      username: USER,
      password: PASSWORD,
      backend: companyBackend(company),
      noOpDelayMs: 10,
      dispatcher,
      callTimeoutMs: 20_000,
      ...o,
    });
  const sync = async (): Promise<void> => {
    await engine.api('/api/sync', {}).catch(() => undefined);
  };
  let kills = 0;
  const restart = async (): Promise<void> => {
    await dispatcher.destroy().catch(() => undefined);
    dispatcher = new Agent();
    await engine.start();
  };

  try {
    for (let round = 0; round < opts.rounds; round++) {
      // ShipStation's day goes on.
      ss.createOrders(1 + Math.floor(rnd() * 4), { storeId: store });
      const open = ss.orders().filter((o) => o.orderStatus === 'awaiting_shipment');
      if (open.length && rnd() < 0.8)
        ss.shipOrders(
          open.slice(0, 1 + Math.floor(rnd() * 3)).map((o) => o.orderId),
          rnd() < 0.2 ? { split: true } : undefined,
        );
      const live = ss.shipments().filter((s) => !s.voided);
      if (live.length && rnd() < 0.25) {
        const victim = pick(live);
        ss.voidShipment(victim.shipmentId);
        count('void');
        // Edited after the void, then shipped again: a correction of a posted order.
        const order = ss.orders().find((o) => o.orderId === victim.orderId);
        if (order && order.orderStatus === 'awaiting_shipment' && rnd() < 0.6) {
          ss.editOrder(order.orderId, { shippingAmount: Math.round(rnd() * 1500) / 100 });
          count('edit');
          if (rnd() < 0.7) ss.shipOrders([order.orderId]);
        }
      }
      const cancellable = ss.orders().filter((o) => o.orderStatus === 'awaiting_shipment');
      if (cancellable.length && rnd() < 0.15) {
        ss.cancelOrder(pick(cancellable).orderId);
        count('cancel');
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

      // Work, and maybe a crash in the middle of it.
      const killAt = rnd() < opts.killRate ? Math.floor(rnd() * 250) : -1;
      const work = Promise.allSettled([sync(), session(sessionOpts)]);
      if (killAt >= 0) {
        await new Promise((r) => setTimeout(r, killAt));
        await engine.kill();
        kills++;
        await work;
        await restart();
      } else {
        await work;
      }
      company.faults.busy = false;
      ss.clearFaults();
      if (round % 10 === 0)
        log(
          `round ${round}: ${ss.orders().length} orders, ${company.salesReceipts().length} receipts, ${kills} kills`,
        );
    }

    // Quiesce: no more faults; let everything settle.
    ss.clearFaults();
    company.faults.busy = false;
    company.faults.staleEditSequenceOnce = false;
    for (let i = 0; i < 6; i++) {
      await sync();
      await session();
    }
  } finally {
    await engine.stop().catch(() => undefined);
    await dispatcher.destroy().catch(() => undefined);
    await ss.close();
  }

  // Ground truth.
  const problems: string[] = [];
  const shippedLive = new Set(
    ss
      .shipments()
      .filter((s) => !s.voided)
      .map((s) => s.orderId),
  );
  for (const f of ss.fulfillments()) if (!f.voided) shippedLive.add(f.orderId);
  const orders = ss.orders();
  const byNumber = new Map<string, typeof orders>();
  for (const o of orders) byNumber.set(o.orderNumber, [...(byNumber.get(o.orderNumber) ?? []), o]);
  const receipts = company.salesReceipts();
  const byRef = new Map<string, typeof receipts>();
  for (const r of receipts) byRef.set(r.RefNumber ?? '', [...(byRef.get(r.RefNumber ?? '') ?? []), r]);
  const duplicates = [...byRef.values()].filter((v) => v.length > 1).length;
  let shipped = 0;
  let exactlyOnce = 0;
  let lost = 0;
  let zeroed = 0;
  const db = new Database(path.join(dataDir, 'ml-connector.db'), { readonly: true });
  const missingAudit: string[] = [];
  for (const [num, group] of byNumber) {
    const live = group.some((o) => o.orderStatus !== 'cancelled' && shippedLive.has(o.orderId));
    const txns = byRef.get(qbRefNumberFor(num).refNumber) ?? [];
    const total =
      Math.round(
        group.filter((o) => o.orderStatus !== 'cancelled').reduce((s, o) => s + o.orderTotal, 0) * 100,
      ) / 100;
    if (live) {
      shipped++;
      const amount = txns[0]
        ? Math.round(
            txns[0].lines.reduce(
              (s, l) => s + ('Amount' in l ? Number((l as { Amount: number }).Amount) : 0),
              0,
            ) * 100,
          ) / 100
        : null;
      if (txns.length === 1 && !/VOID/.test(txns[0]!.Memo ?? '')) {
        exactlyOnce++;
        if (amount !== null && Math.abs(amount - total) > 0.011)
          problems.push(`order ${num}: QuickBooks has ${amount}, ShipStation ${total}`);
      } else if (txns.length === 0) {
        lost++;
        problems.push(`order ${num} shipped but not in QuickBooks`);
      }
      const audited = db
        .prepare(
          `SELECT 1 FROM audit_log WHERE order_number = ? AND event IN ('posted','already-posted','corrected') LIMIT 1`,
        )
        .get(num);
      if (!audited) missingAudit.push(num);
    } else if (txns.length === 1) {
      // Posted once, then voided or cancelled: the same transaction must now be zeroed.
      if (/VOID/.test(txns[0]!.Memo ?? '')) zeroed++;
      else problems.push(`order ${num} no longer shipped but its QuickBooks transaction was not zeroed`);
    }
  }
  const corrections = (
    db.prepare(`SELECT count(*) AS n FROM audit_log WHERE event IN ('corrected', 'voided')`).get() as {
      n: number;
    }
  ).n;
  const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
  db.close();
  return {
    seed: opts.seed,
    rounds: opts.rounds,
    kills,
    faults,
    ordersShipped: shipped,
    postedExactlyOnce: exactlyOnce,
    duplicates,
    lost,
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
    `  orders shipped: ${r.ordersShipped}; posted exactly once: ${r.postedExactlyOnce}; duplicates: ${r.duplicates}; lost: ${r.lost}`,
    `  corrections applied as updates: ${r.correctionsAsUpdates} (transactions zeroed after a void/cancel: ${r.zeroedAfterVoid})`,
    `  audit trail complete: ${r.auditComplete ? 'yes' : `no (${r.missingAudit.join(', ')})`}; database integrity: ${r.dbIntegrity}`,
    ...r.problems.map((p) => `  PROBLEM: ${p}`),
  ].join('\n');
}
