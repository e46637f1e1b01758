import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { companyBackend } from '../simulators/qb-backend';
import { generateCompanySeed, QbCompany } from '../simulators/qb-company/index';
import { QbwcScheduler, type QbwcSessionReport } from '../simulators/qbwc-client/index';
import { resolveConfig, type ConfigFlags } from './config';
import { startEngine } from './engine';
import { configureLogging } from './log/logger';
import { VERSION } from './version';

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
  const config = resolveConfig({
    flags: { ...flags, dataDir },
    env: { ...process.env, MLC_QBWC_USERNAME: DEMO_USER, MLC_QBWC_PASSWORD: DEMO_PASSWORD },
  });
  const customers = int(values.customers, 2500, 'customers');
  const items = int(values.items, 6000, 'items');
  const seed = int(values.seed, 42, 'seed');
  const everySec = int(values['qbwc-every'], 20, 'qbwc-every');
  // --orders sizes the ShipStation simulator once the ShipStation side is in (issue 3); accepted now.
  int(values.orders, 200, 'orders');

  const engine = await startEngine(config, { rendererDir: path.resolve('dist/renderer') });
  const company = new QbCompany(generateCompanySeed({ customers, items, seed }), { requestDelayMs: 20 });
  const print = (s: string): void => void process.stdout.write(s + '\n');
  print(`ml-connector ${VERSION} demo`);
  print(`  Dashboard:  ${engine.uiUrl}`);
  print(`  API token:  ${engine.token}`);
  print(`  Data dir:   ${dataDir}`);
  print(
    `  Simulated QuickBooks company: ${company.customers().length} customers, ${company.items().length} items;`,
  );
  print(`  simulated Web Connector runs every ${everySec}s as user "${DEMO_USER}".`);

  let sessions = 0;
  const report = (r: QbwcSessionReport): void => {
    sessions++;
    const status = engine.handlers.status({}) as Awaited<ReturnType<typeof engine.handlers.status>>;
    const mirror = status.mirror.map((m) => `${m.count} ${m.entity}`).join(', ');
    print(
      `[QBWC session ${sessions}] ${r.outcome}: ${r.requests} request(s) in ${Math.round(r.durationMs)} ms` +
        `${r.closeMessage ? ` — ${r.closeMessage}` : ''}${r.lastError ? ` — error: ${r.lastError}` : ''}`,
    );
    print(`  mirror now holds ${mirror}; outbox ${JSON.stringify(status.outbox)}`);
    if (values['exit-after-sync']) void stop(0);
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
    await scheduler.stop();
    await engine.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  scheduler.start();
}
