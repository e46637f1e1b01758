/**
 * The desktop app's main process (bundled to dist/main/main.js): one instance, the engine
 * in-process, one window on the engine's own page, a tray icon. Kept thin: everything that is not
 * Electron lives in src-main/engine and runs the same under plain Node.
 */
import path from 'node:path';
import { app, dialog, powerMonitor, type BrowserWindow } from 'electron';
import { ConfigError, resolveConfig } from '../engine/config';
import { MigrationError } from '../engine/db/migrate';
import { startEngine, type Engine } from '../engine/engine';
import { configureLogging, createLogger } from '../engine/log/logger';
import { ScheduleError } from '../engine/sync/schedules';
import { registerIpc } from './ipc';
import { DesktopSettingsFile } from './json-file';
import { RotatingLogFile } from './log-file';
import { SafeStorageSecretStore } from './secrets';
import { AppTray } from './tray';
import { createMainWindow, hardenSessions, WindowStateFile } from './window';

/** Must equal `appId` in electron-builder.yml: Windows ties notifications to it. */
const APP_ID = 'com.ml-connector.app';
/** Passed by the login item: start in the tray without showing the window. */
const HIDDEN_FLAG = '--hidden';
/** Quitting waits this long for the engine to close cleanly. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

const log = createLogger('desktop');

let engine: Engine | null = null;
let win: BrowserWindow | null = null;
let tray: AppTray | null = null;
let disposeIpc: () => void = () => undefined;
let logSink: RotatingLogFile | null = null;
let quitting = false;
let shutdown: 'no' | 'stopping' | 'done' = 'no';

const userData = (): string => app.getPath('userData');
const paths = {
  logFile: () => path.join(userData(), 'logs', 'ml-connector.log'),
  settings: () => path.join(userData(), 'desktop-settings.json'),
  windowState: () => path.join(userData(), 'window-state.json'),
  secrets: () => path.join(userData(), 'secrets.json'),
  /** The packaged app (app.asar) or, under `electron .`, the project root. */
  appRoot: () => app.getAppPath(),
  mainDir: () => path.join(app.getAppPath(), 'dist', 'main'),
  rendererDir: () => path.join(app.getAppPath(), 'dist', 'renderer'),
};

function showWindow(): void {
  if (!win || win.isDestroyed()) {
    if (!engine) return;
    win = openWindow(engine, true);
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function openWindow(e: Engine, show: boolean): BrowserWindow {
  const w = createMainWindow({
    // Desktop mode talks to the engine over IPC (window.mlc), so no token in the URL.
    url: `${e.url}/`,
    preload: path.join(paths.mainDir(), 'preload.js'),
    icon: path.join(paths.mainDir(), 'icon.png'),
    state: new WindowStateFile(paths.windowState()),
    show,
  });
  // Close and minimize go to the tray; only "Quit" (or Windows signing out) ends the app.
  w.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    w.hide();
    tray?.hint();
  });
  w.on('minimize', () => w.hide());
  // Windows is signing out or shutting down: close the database while there is time.
  w.on('session-end', () => {
    quitting = true;
    void engine?.close();
  });
  return w;
}

function setStartAtLogin(on: boolean): void {
  // Under `electron .` this would register electron.exe itself at login.
  if (!app.isPackaged) return;
  app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_FLAG] });
}

async function start(): Promise<void> {
  logSink = new RotatingLogFile(paths.logFile());
  const sink = logSink;
  configureLogging({
    sinks: app.isPackaged ? [sink] : [sink, { write: (line: string) => process.stderr.write(line + '\n') }],
  });
  log.info('desktop app starting', { version: app.getVersion(), userData: userData() });
  app.setAppUserModelId(APP_ID);

  const settings = new DesktopSettingsFile(paths.settings());
  setStartAtLogin(settings.get().startAtLogin);

  // Port: MLC_PORT > desktop-settings.json > 8085. QBWC's .qwc file points at it, so it is fixed.
  const config = resolveConfig({
    flags: { dataDir: userData() },
    env: process.env,
    stored: { port: settings.get().port },
  });
  const e = await startEngine(config, {
    rendererDir: paths.rendererDir(),
    secrets: new SafeStorageSecretStore(paths.secrets()),
  });
  engine = e;
  const origin = new URL(e.url).origin;
  hardenSessions(origin);
  disposeIpc = registerIpc({ handlers: e.handlers, bus: e.bus, origin, window: () => win });

  const startHidden = process.argv.includes(HIDDEN_FLAG);
  win = openWindow(e, !startHidden);
  tray = new AppTray({
    handlers: e.handlers,
    bus: e.bus,
    iconsDir: path.join(paths.mainDir(), 'tray'),
    appIcon: path.join(paths.mainDir(), 'icon.png'),
    qbwcRunEveryMinutes: config.qbwc.runEveryMinutes,
    logFile: paths.logFile(),
    settings,
    startedAt: new Date(),
    showWindow,
    quit: () => app.quit(),
    setStartAtLogin,
    pause: {
      isPaused: () => e.settings.get<boolean>('sync.paused') === true,
      setPaused: (p: boolean) => void e.handlers.setPaused({ paused: p }),
    },
  });
  // After sleep the silence clock and the status are stale.
  powerMonitor.on('resume', () => void tray?.refresh());
  log.info('desktop app ready', { url: e.url, hidden: startHidden });
}

function startupFailed(err: unknown): void {
  log.error('the app could not start', { err: (err as Error | undefined)?.stack ?? String(err) });
  let message: string;
  if ((err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
    message =
      'The port ml-connector listens on is already in use by another program (or another copy of ' +
      'ml-connector running for a different Windows user).\n\nClose that program, or choose another ' +
      `port with "port" in ${paths.settings()} or the MLC_PORT environment variable. After a port ` +
      'change, add the new .qwc file to the QuickBooks Web Connector again.';
  } else if (err instanceof ConfigError || err instanceof MigrationError || err instanceof ScheduleError) {
    message = err.message;
  } else {
    message = `${(err as Error | undefined)?.message ?? String(err)}\n\nDetails are in ${paths.logFile()}.`;
  }
  dialog.showErrorBox('ml-connector could not start', message);
  quitting = true;
  shutdown = 'done';
  logSink?.close();
  app.exit(1);
}

async function stop(): Promise<void> {
  if (shutdown !== 'no') return;
  shutdown = 'stopping';
  const timeout = setTimeout(() => {
    log.error('the engine did not close in time; exiting');
    logSink?.close();
    app.exit(0);
  }, SHUTDOWN_TIMEOUT_MS);
  try {
    disposeIpc();
    tray?.destroy();
    await engine?.close();
    log.info('desktop app stopped');
  } catch (err) {
    log.error('closing the engine failed', { err: (err as Error).message });
  } finally {
    clearTimeout(timeout);
    shutdown = 'done';
    logSink?.close();
    app.quit();
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the engine's port and database; it shows its window (second-instance).
  app.quit();
} else {
  // A forms UI: no need for the GPU, which often misbehaves over Remote Desktop (common with QuickBooks).
  app.disableHardwareAcceleration();
  app.on('second-instance', () => showWindow());
  // The window is only ever hidden; this keeps Electron from quitting if it is ever really closed.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (shutdown === 'done') return;
    event.preventDefault();
    void stop();
  });
  process.on('uncaughtException', (err) => log.error('uncaught exception', { err: err.stack }));
  process.on('unhandledRejection', (reason) =>
    log.error('unhandled rejection', { err: (reason as Error | undefined)?.stack ?? String(reason) }),
  );
  app.whenReady().then(start).catch(startupFailed);
}
