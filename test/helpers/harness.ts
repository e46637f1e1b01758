import { mkdtempSync } from 'node:fs';
import { Agent } from 'undici';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveConfig, type PartialConfig } from '../../src-main/engine/config';
import { startEngine, type Engine } from '../../src-main/engine/engine';
import { configureLogging } from '../../src-main/engine/log/logger';
import type { EngineOptions } from '../../src-main/engine/engine';
import { ShipStationSim, type ShipStationSimOptions } from '../../src-main/simulators/shipstation/index';
import { companyBackend } from '../../src-main/simulators/qb-backend';
import {
  generateCompanySeed,
  QbCompany,
  type QbCompanyOptions,
} from '../../src-main/simulators/qb-company/index';
import {
  QbwcSoapClient,
  runQbwcSession,
  type QbwcSessionOptions,
  type QbwcSessionReport,
} from '../../src-main/simulators/qbwc-client/index';

configureLogging({ level: 'error' });

export const USER = 'qbwc-user';
export const PASSWORD = 'correct-horse-battery';

export const SS_V1 = { apiKey: 'sim-v1-key-0001', apiSecret: 'sim-v1-secret-0001' };
export const SS_V2 = { apiKey: 'sim-v2-key-000000001' };

export interface Harness {
  engine: Engine;
  /** The ShipStation simulator the engine polls (when started with `shipstation`). */
  ss: ShipStationSim | undefined;
  company: QbCompany;
  dataDir: string;
  qbwcUrl: string;
  session(opts?: Partial<QbwcSessionOptions>): Promise<QbwcSessionReport>;
  soapClient(): QbwcSoapClient;
  api<T = unknown>(
    p: string,
    init?: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T }>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  opts: {
    customers?: number;
    items?: number;
    seed?: number;
    company?: QbCompany;
    companyOptions?: QbCompanyOptions;
    config?: PartialConfig;
    qbxmlVersion?: string;
    dataDir?: string;
    shipstation?: {
      apiVersion?: 'v1' | 'v2';
      sim?: Partial<ShipStationSimOptions>;
      /** Credentials the engine uses, when they should differ from the simulator's. */
      engineKey?: { apiKey: string; apiSecret?: string };
      /**
       * false: the simulator runs but the engine is not told about it; 'base-url-only': only its address
       * (a user enters the key in the UI, the engine still talks to the simulator, not the real API).
       */
      configureEngine?: boolean | 'base-url-only';
    };
    /** false: no QBWC user/password in the environment (a user sets them in the UI). */
    qbwcEnv?: boolean;
    engine?: EngineOptions;
  } = {},
): Promise<Harness> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'mlc-it-'));
  const company =
    opts.company ??
    new QbCompany(
      generateCompanySeed({
        customers: opts.customers ?? 120,
        items: opts.items ?? 150,
        seed: opts.seed ?? 7,
      }),
      opts.companyOptions,
    );
  let ss: ShipStationSim | undefined;
  const ssEnv: Record<string, string> = {};
  if (opts.shipstation) {
    ss = new ShipStationSim({ v1: SS_V1, v2: SS_V2, seed: 11, ...opts.shipstation.sim });
    const base = await ss.listen(0);
    const v = opts.shipstation.apiVersion ?? 'v1';
    if (opts.shipstation.configureEngine === 'base-url-only') ssEnv.MLC_SHIPSTATION_BASE_URL = base;
    else if (opts.shipstation.configureEngine !== false)
      Object.assign(ssEnv, {
        MLC_SHIPSTATION_API_VERSION: v,
        MLC_SHIPSTATION_BASE_URL: base,
        MLC_SHIPSTATION_API_KEY:
          opts.shipstation.engineKey?.apiKey ?? (v === 'v1' ? SS_V1.apiKey : SS_V2.apiKey),
        ...(v === 'v1'
          ? { MLC_SHIPSTATION_API_SECRET: opts.shipstation.engineKey?.apiSecret ?? SS_V1.apiSecret }
          : {}),
      });
  }
  const makeConfig = () =>
    resolveConfig({
      flags: { port: 0, dataDir },
      env: {
        ...(opts.qbwcEnv === false ? {} : { MLC_QBWC_USERNAME: USER, MLC_QBWC_PASSWORD: PASSWORD }),
        ...ssEnv,
      },
      stored: opts.config,
    });
  const engineOptions: EngineOptions = {
    schedules: false,
    ingest: { initialLookbackMs: 90 * 24 * 3_600_000 },
    shipstationClient: { http: { backoffBaseMs: 5, backoffMaxMs: 50 } },
    ...opts.engine,
  };
  let engine = await startEngine(makeConfig(), engineOptions);
  // A fresh connection pool per engine life: QBWC's sockets die with a restarted engine too.
  let dispatcher = new Agent();
  const h: Harness = {
    get engine() {
      return engine;
    },
    company,
    ss,
    dataDir,
    get qbwcUrl() {
      return `${engine.url}/qbwc`;
    },
    session: (o = {}) =>
      runQbwcSession({
        url: `${engine.url}/qbwc`,
        username: USER,
        password: PASSWORD,
        backend: companyBackend(company, opts.qbxmlVersion),
        noOpDelayMs: 10,
        dispatcher,
        ...o,
      }),
    soapClient: () => new QbwcSoapClient({ url: `${engine.url}/qbwc`, dispatcher }),
    async api(p, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      const token = init.token === undefined ? engine.token : init.token;
      if (token) headers.authorization = `Bearer ${token}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${engine.url}${p}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: body as never };
    },
    async restart() {
      const port = engine.port;
      await engine.close();
      await dispatcher.destroy();
      dispatcher = new Agent();
      engine = await startEngine({ ...makeConfig(), port }, engineOptions);
    },
    async close() {
      await engine.close();
      await dispatcher.destroy();
      await ss?.close();
    },
  };
  return h;
}
