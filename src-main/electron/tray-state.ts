import type { Status } from '../../shared/api';

export type TrayLevel = 'ok' | 'attention' | 'error';

export interface TrayState {
  level: TrayLevel;
  /** One line per finding, most severe first ("all good" when there is none). */
  lines: string[];
  tooltip: string;
  flagged: number;
  /** Minutes since QBWC was last seen, when over the threshold; else null. */
  qbwcSilentMinutes: number | null;
}

export interface TrayInput {
  /** null when the status request failed (then `statusError` says why). */
  status: Status | null;
  statusError?: string;
  flagged: number;
  now: Date;
  /** When the app started: the silence clock for a Web Connector never seen yet. */
  startedAt: Date;
  /** The QBWC schedule (`RunEveryNMinutes` in the .qwc file). */
  qbwcRunEveryMinutes: number;
  syncing?: boolean;
  paused?: boolean;
}

/** Windows truncates tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

/** QBWC counts as silent after three missed runs, and never under 15 minutes. */
export function qbwcSilenceThresholdMinutes(runEveryMinutes: number): number {
  return Math.max(15, 3 * runEveryMinutes);
}

function minutesBetween(from: string | Date, to: Date): number {
  const t = typeof from === 'string' ? Date.parse(from) : from.getTime();
  return Number.isFinite(t) ? Math.floor((to.getTime() - t) / 60_000) : 0;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatDuration(minutes: number): string {
  if (minutes < 120) return plural(minutes, 'minute', 'minutes');
  if (minutes < 48 * 60) return plural(Math.floor(minutes / 60), 'hour', 'hours');
  return plural(Math.floor(minutes / (24 * 60)), 'day', 'days');
}

/** What the tray icon and tooltip say, from the engine status (pure, so it is testable without Electron). */
export function computeTrayState(input: TrayInput): TrayState {
  const errors: string[] = [];
  const attention: string[] = [];
  const s = input.status;
  let qbwcSilentMinutes: number | null = null;

  if (!s) {
    errors.push(`Error: ${input.statusError ?? 'the engine does not answer'}`);
  } else {
    if (s.shipstation.lastError) errors.push(`ShipStation error: ${s.shipstation.lastError}`);
    const connErr = s.qbwc.lastConnectionError;
    if (connErr && (!s.qbwc.lastContactAt || Date.parse(connErr.at) > Date.parse(s.qbwc.lastContactAt))) {
      errors.push(`QuickBooks error: ${connErr.message}`);
    }
    if (s.qbwc.configured) {
      const since = s.qbwc.lastContactAt ?? input.startedAt;
      const silent = minutesBetween(since, input.now);
      if (silent > qbwcSilenceThresholdMinutes(input.qbwcRunEveryMinutes)) {
        qbwcSilentMinutes = silent;
        attention.push(`QuickBooks Web Connector not seen for ${formatDuration(silent)}`);
      }
    }
    if (!s.qbwc.configured || !s.shipstation.configured) attention.push('Setup not finished');
  }
  if (input.flagged > 0) {
    attention.push(`${plural(input.flagged, 'flagged order', 'flagged orders')} waiting`);
  }

  const level: TrayLevel = errors.length > 0 ? 'error' : attention.length > 0 ? 'attention' : 'ok';
  const lines = [...errors, ...attention];
  if (lines.length === 0) lines.push('All good');
  const notes = [input.syncing ? 'syncing…' : null, input.paused ? 'paused' : null].filter(Boolean);
  const head = notes.length > 0 ? `ml-connector (${notes.join(', ')})` : 'ml-connector';
  let tooltip = [head, ...lines].join('\n');
  if (tooltip.length > TOOLTIP_MAX) tooltip = tooltip.slice(0, TOOLTIP_MAX - 1) + '…';
  return { level, lines, tooltip, flagged: input.flagged, qbwcSilentMinutes };
}
