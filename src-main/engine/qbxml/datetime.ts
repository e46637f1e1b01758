/**
 * QuickBooks date/time values.
 *   DATETIMETYPE  e.g. 2014-11-27T18:03:44-02:00 (QuickBooks returns the offset of the company file's machine;
 *                 a value without offset is local time on that machine)
 *   DATETYPE      YYYY-MM-DD, a calendar date in the business's time zone
 * Time-zone math uses Intl only: the offset of a zone at an instant is read back from Intl.DateTimeFormat.
 */

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        era: 'short',
      });
    } catch (e) {
      throw new Error(`Unknown IANA time zone ${JSON.stringify(timeZone)}: ${(e as Error).message}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClockAt(ms: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  return {
    year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

function wallClockAsUtc(w: WallClock): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime();
}

/** Offset of `timeZone` from UTC at instant `ms`, in whole minutes (e.g. -420 for PDT). */
export function timeZoneOffsetMinutes(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wallClockAsUtc(wallClockAt(whole, timeZone)) - whole) / 60_000);
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function assertDate(date: Date, fn: string): number {
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new Error(`${fn}: invalid Date`);
  return ms;
}

/** DATETIMETYPE with offset, seconds precision: `2014-11-27T18:03:44-02:00` (wall clock of `timeZone`). */
export function formatQbDateTime(date: Date, timeZone: string): string {
  const ms = assertDate(date, 'formatQbDateTime');
  const w = wallClockAt(ms, timeZone);
  const offset = timeZoneOffsetMinutes(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${formatOffset(offset)}`;
}

/** DATETYPE `YYYY-MM-DD`: the calendar date of `date` in `timeZone`. */
export function formatQbDate(date: Date, timeZone: string): string {
  const w = wallClockAt(assertDate(date, 'formatQbDate'), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

// The schema's DATETIMETYPE pattern (1-2 digit fields, optional trailing parts, offset only after seconds),
// plus 'Z', which QuickBooks does not emit but other producers of these strings might.
const DATETIME_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.\d+)?(?:(Z)|([+-])(\d{1,2}):(\d{1,2}))?)?)?)?$/;

/** True when `value` matches the qbXML DATETIMETYPE pattern (no 'Z', no fractional seconds). */
export function isQbDateTime(value: string): boolean {
  return /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(T[0-9]{1,2}(:[0-9]{1,2}(:[0-9]{1,2}([+-][0-9]{1,2}:[0-9]{1,2})?)?)?)?$/.test(
    value,
  );
}

/**
 * Parses a QuickBooks DATETIMETYPE (or a bare date) into UTC epoch milliseconds.
 * With an offset the instant is exact. Without one the value is a wall-clock time in the QuickBooks machine's zone,
 * so `timeZone` is required; ambiguous times (DST fall-back) resolve to the earlier instant, skipped times
 * (spring-forward gap) move forward by the gap, like Temporal's 'compatible' disambiguation.
 */
export function parseQbDateTime(value: string, timeZone?: string): number {
  const m = DATETIME_RE.exec(value.trim());
  if (!m) throw new Error(`Not a QuickBooks date/time: ${JSON.stringify(value)}`);
  const w: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  const asUtc = wallClockAsUtc(w);
  const check = new Date(asUtc);
  if (
    w.month < 1 ||
    w.month > 12 ||
    w.hour > 23 ||
    w.minute > 59 ||
    w.second > 59 ||
    check.getUTCDate() !== w.day ||
    check.getUTCMonth() !== w.month - 1
  ) {
    throw new Error(`Not a valid QuickBooks date/time: ${JSON.stringify(value)}`);
  }
  if (m[7] === 'Z') return asUtc;
  if (m[8]) {
    const offset = (Number(m[9]) * 60 + Number(m[10])) * (m[8] === '-' ? -1 : 1);
    return asUtc - offset * 60_000;
  }
  if (!timeZone)
    throw new Error(
      `QuickBooks date/time ${JSON.stringify(value)} has no UTC offset; pass the QuickBooks machine's time zone`,
    );
  return wallClockToUtc(asUtc, timeZone);
}

function wallClockToUtc(wallAsUtc: number, timeZone: string): number {
  const DAY = 86_400_000;
  const before = timeZoneOffsetMinutes(wallAsUtc - DAY, timeZone);
  const after = timeZoneOffsetMinutes(wallAsUtc + DAY, timeZone);
  const candidates = [...new Set([before, after])]
    .map((off) => wallAsUtc - off * 60_000)
    .filter((t) => wallClockAsUtc(wallClockAt(t, timeZone)) === wallAsUtc)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return first;
  // In a spring-forward gap: interpret with the pre-transition offset, which lands after the gap.
  return wallAsUtc - before * 60_000;
}

/**
 * A watermark for QuickBooks' modified/deleted date filters, `seconds` before `value` in QuickBooks'
 * own terms: the wall time moves back and the offset text stays as QuickBooks wrote it.
 *
 * QuickBooks writes local wall times with the standard-time offset all year ("the DateTime is
 * otherwise accurate (follows DST), but the offset does not follow DST": jsgoupil/quickbooks-sync
 * PR 28), and reads such values back the same way. So its values order correctly except in the
 * hour repeated when daylight saving time ends: a record changed at 01:10 after the clocks went back
 * is written before one changed at 01:50 just earlier. Starting the next read an hour (plus a
 * margin) before the newest value seen reads that hour again: nothing is missed, and what is read
 * twice is applied idempotently.
 */
export function qbWatermarkBefore(value: string, seconds: number): string {
  const m = DATETIME_RE.exec(value.trim());
  if (!m || m[4] === undefined) return value;
  const wall: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  const d = new Date(wallClockAsUtc(wall) - seconds * 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const suffix = m[7] === 'Z' ? 'Z' : m[8] ? `${m[8]}${p(Number(m[9]))}:${p(Number(m[10]))}` : '';
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}` +
    `T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${suffix}`
  );
}

/** How far before the newest QuickBooks time seen each incremental read starts (see qbWatermarkBefore). */
export const QB_WATERMARK_OVERLAP_SECONDS = 65 * 60;
