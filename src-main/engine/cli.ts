import { parseArgs } from 'node:util';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, resolveConfig, type ConfigFlags } from './config';
import { startEngine, type Engine } from './engine';
import { FileSecretStore } from './security/file-secret-store';
import { MigrationError } from './db/migrate';
import { ScheduleError } from './sync/schedules';
import { VERSION } from './version';

const USAGE = `ml-connector ${VERSION}

Usage:
  npm run serve -- [--port 8085] [--host 127.0.0.1] [--data-dir ./data]
      The engine against real QuickBooks (through the Web Connector) and ShipStation, headless.
  npm run demo -- [--port 8085] [--orders 200] [--customers 2500] [--items 6000] [--data-dir DIR] [--api v1|v2] [--exit-after-sync]
      The engine with simulated QuickBooks, Web Connector and ShipStation: try it without either
      (--api v2, or MLC_DEMO_API=v2: ShipStation's API V2 instead of V1).
`;

export function parseCli(argv: string[]): {
  command: string;
  flags: ConfigFlags;
  values: Record<string, string | boolean | undefined>;
} {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      orders: { type: 'string' },
      customers: { type: 'string' },
      items: { type: 'string' },
      seed: { type: 'string' },
      'qbwc-every': { type: 'string' },
      'exit-after-sync': { type: 'boolean' },
      api: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const flags: ConfigFlags = {};
  if (values.port !== undefined) {
    const n = Number(values.port);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new ConfigError(`--port: "${values.port}" is not a port number`);
    flags.port = n;
  }
  if (values.host) flags.host = values.host;
  if (values['data-dir']) flags.dataDir = values['data-dir'];
  return { command: positionals[0] ?? (values.help ? 'help' : ''), flags, values };
}

function onShutdown(engine: Engine, extra?: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping…\n`);
    void (async () => {
      await extra?.();
      await engine.close();
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function serve(flags: ConfigFlags): Promise<void> {
  const config = resolveConfig({ flags, env: process.env });
  // Headless: ShipStation's keys kept across restarts, sealed in <data dir>/secrets (see FileSecretStore).
  const engine = await startEngine(config, {
    rendererDir: path.resolve('dist/renderer'),
    secrets: new FileSecretStore(config.dataDir),
  });
  onShutdown(engine);
  process.stdout.write(
    [
      `ml-connector ${VERSION} is running.`,
      `  Dashboard:            ${engine.uiUrl}`,
      `  QuickBooks Web Connector file: ${engine.url}/qbwc/app.qwc (open it in QBWC)`,
      `  Data directory:       ${config.dataDir}`,
      `  ShipStation keys:     ${path.join(config.dataDir, 'secrets')} (encrypted; delete the folder to remove them)`,
      '',
    ].join('\n'),
  );
}

export type CliCommand = (
  flags: ConfigFlags,
  values: Record<string, string | boolean | undefined>,
) => Promise<void>;

/**
 * Runs `serve`, or a command the caller adds: the demo (src-main/demo/cli.ts) brings its own, so
 * the engine never imports the simulators.
 */
export async function main(argv: string[], extra: Record<string, CliCommand> = {}): Promise<void> {
  try {
    const { command, flags, values } = parseCli(argv);
    if (command === 'serve') return await serve(flags);
    const run = Object.hasOwn(extra, command) ? extra[command] : undefined;
    if (run) return await run(flags, values);
    if (command === 'demo') {
      process.stderr.write('ml-connector: the demo runs with `npm run demo`.\n');
      process.exitCode = 2;
      return;
    }
    process.stdout.write(USAGE);
    if (command && command !== 'help') process.exitCode = 2;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof MigrationError || err instanceof ScheduleError) {
      process.stderr.write(`ml-connector: ${err.message}\n`);
      process.exit(2);
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(
        `ml-connector: the port is already in use. Choose another with --port or MLC_PORT.\n`,
      );
      process.exit(2);
    }
    throw err;
  }
}

// Run when started as a program (`npm run serve`), not when imported by the demo's entry point.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  await main(process.argv.slice(2));
