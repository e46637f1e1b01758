import { app, BrowserWindow, screen, session, shell, type Rectangle } from 'electron';
import { createLogger } from '../engine/log/logger';
import { readJsonFile, writeJsonFile, WindowStateSchema, type WindowState } from './json-file';

const log = createLogger('window');

/**
 * The app's pages get this Content-Security-Policy header (on top of the one in index.html): own
 * scripts only, no inline script, no plugins, no framing, no form posts, no foreign connections.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Links out of the app open in the user's browser, https only; everything else is dropped. */
function openExternally(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') {
      void shell.openExternal(url);
      return;
    }
  } catch {
    // not a URL
  }
  log.warn('refused to open a non-https link', { url: url.slice(0, 200) });
}

/**
 * Session-wide hardening, once, before any window exists: the CSP header on the app origin,
 * permissions (camera, geolocation, notifications from pages…) denied, downloads only from the app,
 * no <webview>, no pop-ups, no navigation away from the app in any web contents.
 */
export function hardenSessions(origin: string): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(details.responseHeaders ?? {})) {
      if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  // Every permission is refused, except writing to the clipboard ("Copy" buttons) from the app itself.
  const allowed = (permission: string, url: string | undefined): boolean =>
    permission === 'clipboard-sanitized-write' && originOf(url ?? '') === origin;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl)),
  );
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  // Downloads (CSV exports, the .qwc file: blob: URLs of the app page) only from the app origin.
  ses.on('will-download', (event, item) => {
    if (originOf(item.getURL()) === origin) return;
    event.preventDefault();
    log.warn('refused a download from outside the app', { url: item.getURL().slice(0, 200) });
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternally(url);
      return { action: 'deny' };
    });
    const guard = (event: { preventDefault(): void }, url: string): void => {
      if (originOf(url) === origin) return;
      event.preventDefault();
      openExternally(url);
    };
    contents.on('will-navigate', (event) => guard(event, event.url));
    contents.on('will-redirect', (event) => guard(event, event.url));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/** Window bounds and maximized state, remembered in a small JSON file. */
export class WindowStateFile {
  private state: WindowState;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly file: string) {
    this.state = readJsonFile(file, WindowStateSchema);
  }

  /** Saved bounds, dropping the position when it is on no current display (a monitor went away). */
  initial(): WindowState {
    const s = { ...this.state };
    if (s.x !== undefined && s.y !== undefined) {
      const r: Rectangle = { x: s.x, y: s.y, width: s.width, height: s.height };
      const visible = screen.getAllDisplays().some((d) => {
        const a = d.workArea;
        const w = Math.min(r.x + r.width, a.x + a.width) - Math.max(r.x, a.x);
        const h = Math.min(r.y + r.height, a.y + a.height) - Math.max(r.y, a.y);
        return w >= 100 && h >= 50;
      });
      if (!visible) {
        delete s.x;
        delete s.y;
      }
    }
    return s;
  }

  track(win: BrowserWindow): void {
    const capture = (): void => {
      if (win.isDestroyed() || win.isMinimized()) return;
      const maximized = win.isMaximized();
      // Keep the normal bounds while maximized, so un-maximizing next time restores them.
      const b = maximized ? win.getNormalBounds() : win.getBounds();
      this.state = { x: b.x, y: b.y, width: b.width, height: b.height, maximized };
    };
    const later = (): void => {
      capture();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.save(), 1000);
    };
    win.on('resize', later);
    win.on('move', later);
    win.on('maximize', later);
    win.on('unmaximize', later);
    win.on('close', () => {
      capture();
      this.save();
    });
  }

  save(): void {
    clearTimeout(this.timer);
    try {
      writeJsonFile(this.file, this.state);
    } catch (err) {
      log.warn('saving the window state failed', { err: (err as Error).message });
    }
  }
}

export interface MainWindowOptions {
  url: string;
  preload: string;
  icon?: string;
  state: WindowStateFile;
  /** False when started at login: the app stays in the tray until opened. */
  show: boolean;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const s = opts.state.initial();
  const win = new BrowserWindow({
    ...(s.x !== undefined && s.y !== undefined ? { x: s.x, y: s.y } : {}),
    width: s.width,
    height: s.height,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'ml-connector',
    icon: opts.icon,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.removeMenu();
  // maximize() would show a hidden window: apply the saved state when it is first shown.
  win.once('show', () => {
    if (s.maximized) win.maximize();
  });
  opts.state.track(win);
  win.once('ready-to-show', () => {
    if (opts.show) win.show();
  });
  const crashes: number[] = [];
  win.webContents.on('render-process-gone', (_e, details) => {
    log.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode });
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0]! < now - 10 * 60_000) crashes.shift();
    // Reload, but not in a loop: at most three times in ten minutes (the tray keeps working).
    if (details.reason !== 'clean-exit' && crashes.length <= 3 && !win.isDestroyed()) {
      void win.loadURL(opts.url).catch(() => undefined);
    }
  });
  void win.loadURL(opts.url).catch((err: unknown) => {
    log.error('loading the app page failed', { url: opts.url, err: (err as Error).message });
  });
  return win;
}
