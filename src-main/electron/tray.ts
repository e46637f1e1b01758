import path from 'node:path';
import {
  Menu,
  nativeImage,
  Notification,
  shell,
  Tray,
  type MenuItemConstructorOptions,
  type NativeImage,
} from 'electron';
import type { ApiHandlers, Status, SyncSummary } from '../../shared/api';
import type { EngineEvent } from '../../shared/events';
import { invokeApi } from '../engine/api/invoke';
import type { EventBus } from '../engine/events/bus';
import { createLogger } from '../engine/log/logger';
import type { DesktopSettingsFile } from './json-file';
import { computeTrayState, formatDuration, type TrayLevel, type TrayState } from './tray-state';

const log = createLogger('tray');

/** How often the tray re-reads the status with no event (the Web Connector silence clock). */
const REFRESH_MS = 60_000;
/** Flag notifications: gathered for a few seconds, then at most one a minute. */
const FLAG_GATHER_MS = 5_000;
const FLAG_NOTIFY_MIN_INTERVAL_MS = 60_000;
/** A Web Connector that stays silent is reported again once a day. */
const SILENCE_RENOTIFY_MS = 24 * 60 * 60_000;

export interface SyncPauseControl {
  isPaused(): boolean;
  setPaused(paused: boolean): void;
}

export interface TrayDeps {
  handlers: ApiHandlers;
  bus: EventBus;
  /** Holds tray-ok.png, tray-attention.png, tray-error.png (+ @2x). */
  iconsDir: string;
  appIcon?: string;
  qbwcRunEveryMinutes: number;
  logFile: string;
  settings: DesktopSettingsFile;
  startedAt: Date;
  showWindow(): void;
  quit(): void;
  setStartAtLogin(on: boolean): void;
  /**
   * "Pause syncing / Resume": the engine then skips its poll/reconcile/nightly jobs and webhook
   * reconciles, and tells QBWC there is no work. Unset hides the menu item.
   */
  pause?: SyncPauseControl;
}

export class AppTray {
  private readonly tray: Tray;
  private readonly icons: Record<TrayLevel, NativeImage>;
  private state: TrayState | null = null;
  private syncing = false;
  private refreshing = false;
  private refreshAgain = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly interval: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly pendingFlags = new Set<string>();
  private flagTimer: NodeJS.Timeout | undefined;
  private lastFlagNotice = 0;
  private silenceNoticeAt: number | null = null;
  /** Shown notifications are kept referenced: a collected one loses its click handler. */
  private readonly shown: Notification[] = [];

  constructor(private readonly d: TrayDeps) {
    const icon = (level: TrayLevel): NativeImage =>
      nativeImage.createFromPath(path.join(d.iconsDir, `tray-${level}.png`));
    this.icons = { ok: icon('ok'), attention: icon('attention'), error: icon('error') };
    this.tray = new Tray(this.icons.ok);
    this.tray.setToolTip('ml-connector (starting…)');
    this.tray.on('click', () => d.showWindow());
    this.tray.on('double-click', () => d.showWindow());
    this.render();
    this.unsubscribe = d.bus.subscribe((e) => {
      if (e.name === 'flagged') this.onFlagged((e as EngineEvent<'flagged'>).payload.orderNumbers);
      if (e.name === 'status' || e.name === 'orders' || e.name === 'qbwc' || e.name === 'flagged') {
        this.scheduleRefresh(2_000);
      }
    });
    this.interval = setInterval(() => void this.refresh(), REFRESH_MS);
    void this.refresh();
  }

  /** Once, the first time the window is closed to the tray. */
  hint(): void {
    if (this.d.settings.get().trayHintShown) return;
    this.d.settings.update({ trayHintShown: true });
    this.notify(
      'ml-connector is still running',
      'It keeps QuickBooks and ShipStation in sync from the tray. Right-click the icon to quit.',
    );
  }

  destroy(): void {
    clearInterval(this.interval);
    clearTimeout(this.refreshTimer);
    clearTimeout(this.flagTimer);
    this.unsubscribe();
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private scheduleRefresh(ms: number): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, ms);
  }

  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      let status: Status | null = null;
      let statusError: string | undefined;
      let flagged = this.state?.flagged ?? 0;
      try {
        status = (await invokeApi(this.d.handlers, 'status', {})) as Status;
        const page = (await invokeApi(this.d.handlers, 'orders', { status: 'flagged', limit: 1 })) as {
          total: number;
        };
        flagged = page.total;
      } catch (err) {
        statusError = (err as Error).message;
        log.error('tray status refresh failed', { err: statusError });
      }
      this.state = computeTrayState({
        status,
        statusError,
        flagged,
        now: new Date(),
        startedAt: this.d.startedAt,
        qbwcRunEveryMinutes: this.d.qbwcRunEveryMinutes,
        syncing: this.syncing,
        paused: this.d.pause?.isPaused() ?? false,
      });
      this.checkSilence(this.state);
      this.render();
    } finally {
      this.refreshing = false;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        this.scheduleRefresh(500);
      }
    }
  }

  private render(): void {
    if (this.tray.isDestroyed()) return;
    const s = this.state;
    if (s) {
      this.tray.setImage(this.icons[s.level]);
      this.tray.setToolTip(s.tooltip);
    }
    const settings = this.d.settings.get();
    const items: MenuItemConstructorOptions[] = [
      { label: 'Open ml-connector', click: () => this.d.showWindow() },
      ...(s ? s.lines.map((line): MenuItemConstructorOptions => ({ label: line, enabled: false })) : []),
      { type: 'separator' },
      {
        label: this.syncing ? 'Syncing…' : 'Sync now',
        enabled: !this.syncing,
        click: () => void this.syncNow(),
      },
    ];
    const pause = this.d.pause;
    if (pause) {
      const paused = pause.isPaused();
      items.push({
        label: paused ? 'Resume syncing' : 'Pause syncing',
        click: () => {
          pause.setPaused(!paused);
          void this.refresh();
        },
      });
    }
    items.push(
      { type: 'separator' },
      {
        label: 'Start when I sign in to Windows',
        type: 'checkbox',
        checked: settings.startAtLogin,
        click: (item) => {
          this.d.settings.update({ startAtLogin: item.checked });
          this.d.setStartAtLogin(item.checked);
        },
      },
      {
        label: 'Desktop notifications',
        type: 'checkbox',
        checked: settings.notifications,
        click: (item) => {
          this.d.settings.update({ notifications: item.checked });
        },
      },
      {
        label: 'Open log file',
        click: () => {
          void shell.openPath(this.d.logFile).then((err) => {
            if (err) log.warn('opening the log file failed', { err });
          });
        },
      },
      { type: 'separator' },
      { label: 'Quit ml-connector', click: () => this.d.quit() },
    );
    this.tray.setContextMenu(Menu.buildFromTemplate(items));
  }

  private async syncNow(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    this.render();
    try {
      const r = (await invokeApi(this.d.handlers, 'sync', {})) as SyncSummary;
      const errors = Object.entries(r.ingest.resources)
        .filter(([, v]) => v.error)
        .map(([k, v]) => `${k}: ${v.error}`);
      if (r.ok) {
        const n = r.ingest.resources.orders.new;
        const parts = [
          `${n} new order${n === 1 ? '' : 's'}`,
          `${r.reconcile.queued} queued for QuickBooks`,
          `${r.reconcile.flagged} flagged`,
        ];
        this.notify('Sync finished', parts.join(', ') + '.');
      } else {
        this.notify('Sync failed', errors.join('; ') || 'See the log file for details.');
      }
    } catch (err) {
      log.error('sync from the tray failed', { err: (err as Error).message });
      this.notify('Sync failed', (err as Error).message);
    } finally {
      this.syncing = false;
      void this.refresh();
    }
  }

  private onFlagged(orderNumbers: string[]): void {
    for (const n of orderNumbers) this.pendingFlags.add(n);
    if (this.flagTimer) return;
    const wait = Math.max(FLAG_GATHER_MS, this.lastFlagNotice + FLAG_NOTIFY_MIN_INTERVAL_MS - Date.now());
    this.flagTimer = setTimeout(() => {
      this.flagTimer = undefined;
      void this.notifyFlags();
    }, wait);
  }

  private async notifyFlags(): Promise<void> {
    const orders = [...this.pendingFlags];
    this.pendingFlags.clear();
    if (orders.length === 0) return;
    this.lastFlagNotice = Date.now();
    await this.refresh();
    const shown = orders
      .slice(0, 3)
      .map((o) => `#${o}`)
      .join(', ');
    const more = orders.length > 3 ? ` and ${orders.length - 3} more` : '';
    const waiting = this.state?.flagged ?? orders.length;
    this.notify(
      orders.length === 1 ? 'An order needs a decision' : `${orders.length} orders need a decision`,
      `${shown}${more} flagged. ${waiting} flagged order${waiting === 1 ? '' : 's'} waiting in ml-connector.`,
    );
  }

  private checkSilence(s: TrayState): void {
    if (s.qbwcSilentMinutes === null) {
      this.silenceNoticeAt = null;
      return;
    }
    const now = Date.now();
    if (this.silenceNoticeAt !== null && now - this.silenceNoticeAt < SILENCE_RENOTIFY_MS) return;
    this.silenceNoticeAt = now;
    this.notify(
      'QuickBooks Web Connector is silent',
      `Not seen for ${formatDuration(s.qbwcSilentMinutes)}: is QuickBooks open with the Web Connector running? ` +
        'Nothing is posted to QuickBooks meanwhile.',
    );
  }

  private notify(title: string, body: string): void {
    if (!this.d.settings.get().notifications || !Notification.isSupported()) return;
    // A NativeImage, not a path: Windows toasts cannot read an icon file inside app.asar.
    const icon = this.d.appIcon ? nativeImage.createFromPath(this.d.appIcon) : undefined;
    const n = new Notification({ title, body, ...(icon && !icon.isEmpty() ? { icon } : {}) });
    n.on('click', () => this.d.showWindow());
    n.show();
    this.shown.push(n);
    if (this.shown.length > 5) this.shown.shift();
  }
}
