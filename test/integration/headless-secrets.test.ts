/**
 * Issues "ShipStation as it really is" (step 5, headless keys) and "Hardening" (§5, data on disk):
 * `serve` keeps ShipStation's key and secret and the webhook secret across restarts, encrypted at
 * rest in <data dir>/secrets (0700 / 0600), never in the database or the logs; the data folder is
 * 0700 and the database 0600. The engine runs as its own OS process (cli.ts serve), restarted.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShipStationSim } from '../../src-main/simulators/shipstation/index';
import { EngineProcess } from '../soak/engine-process';

const KEY = 'headless-key-0123456789';
const SECRET = 'headless-secret-9876543210';
let engine: EngineProcess | undefined;
let sim: ShipStationSim | undefined;
afterEach(async () => {
  await engine?.stop();
  await sim?.close();
  engine = sim = undefined;
});

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );

describe('headless ShipStation keys', () => {
  it('survive a restart, sealed in a folder only this user can read, and appear nowhere else', async () => {
    sim = new ShipStationSim({
      v1: { apiKey: KEY, apiSecret: SECRET },
      v2: { apiKey: 'unused-v2-key-000' },
      orders: 3,
    });
    const base = await sim.listen();
    // A data folder made readable by others (as `serve --data-dir` once created it): tightened.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'mlc-headless-'));
    chmodSync(dataDir, 0o755);
    engine = new EngineProcess(await freePort(), dataDir, 'headless-token-0123456789', {
      MLC_SHIPSTATION_BASE_URL: base,
      MLC_LOG_LEVEL: 'debug',
    });
    await engine.start();
    await engine.api('/api/settings/shipstation', { apiVersion: 'v1', apiKey: KEY, apiSecret: SECRET });
    expect(await engine.api('/api/shipstation/test', {})).toMatchObject({ ok: true });
    // The webhook target's secret is kept like the other secrets (issue "Hardening" §5).
    await engine.api('/api/settings/webhooks', { enabled: true });
    const hook = await engine.api<{ targetPath: string }>('/api/settings/webhooks');
    const hookSecret = new URL(hook.targetPath, 'http://x').searchParams.get('secret')!;
    expect(hookSecret.length).toBeGreaterThan(20);

    await engine.stop();
    await engine.start();
    expect((await engine.api<{ targetPath: string }>('/api/settings/webhooks')).targetPath).toBe(
      hook.targetPath,
    );
    const status = await engine.api<{ shipstation: { configured: boolean } }>('/api/status');
    expect(status.shipstation.configured).toBe(true);
    expect(await engine.api('/api/shipstation/test', {})).toMatchObject({ ok: true });

    const secrets = path.join(dataDir, 'secrets');
    if (process.platform !== 'win32') {
      // The books themselves: the data folder and the database files for this OS user only.
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      for (const f of readdirSync(dataDir).filter((x) => x.startsWith('ml-connector.db')))
        expect(statSync(path.join(dataDir, f)).mode & 0o777, f).toBe(0o600);
      expect(statSync(secrets).mode & 0o777).toBe(0o700);
      for (const f of readdirSync(secrets)) expect(statSync(path.join(secrets, f)).mode & 0o777).toBe(0o600);
    }
    // Not in plain text anywhere in the data folder (database, WAL, logs, the sealed file itself).
    for (const f of filesUnder(dataDir)) {
      const bytes = readFileSync(f);
      expect(bytes.includes(KEY), f).toBe(false);
      expect(bytes.includes(SECRET), f).toBe(false);
      expect(bytes.includes(hookSecret), f).toBe(false);
    }
  });
});
