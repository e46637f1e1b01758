/**
 * ShipStation V1 speaks US Pacific wall time (PST/PDT) without an offset, both in its date filters
 * (`yyyy-mm-dd hh:mm:ss`) and in the timestamps it returns (`2015-08-17T09:24:16.4800000`, up to 7
 * fractional digits). This module converts between UTC instants and America/Los_Angeles wall time
 * with `Intl.DateTimeFormat` only (no date library), correct across both DST transitions:
 *
 * - Spring gap (e.g. 2026-03-08 02:00–02:59 does not exist): a UTC instant never formats into the gap;
 *   a wall time inside it is read with the offset of one side of the gap ('earlier' ⇒ the PDT offset,
 *   giving the earlier instant; 'later' ⇒ the PST offset).
 * - Fall overlap (e.g. 2026-11-01 01:00–01:59 happens twice): a wall time there names two instants;
 *   'earlier' picks the first (PDT), 'later' the second (PST). Parsing a returned timestamp defaults to
 *   'earlier', so a sync cursor derived from it can only lag, never run ahead.
 * - Filters: we cannot know how ShipStation reads an ambiguous wall time, so a LOWER bound is moved
 *   back (in whole minutes) until EVERY reading of the wall time we send is at or before the instant
 *   we mean, and an UPPER bound forward until every reading is at or after it. Windows therefore only
 *   ever widen (by at most about an hour, one night a year): nothing is missed, some records repeat.
 * - Sub-second digits beyond milliseconds are truncated (earlier, never later).
 */

const ZONE = 'America/Los_Angeles';
const DAY_MS = 86_400_000;

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A Pacific wall-clock reading. month is 1–12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export type Disambiguation = 'earlier' | 'later';

/** The Pacific wall time at a UTC instant. */
export function utcToPacificWall(instant: Date | number): WallTime {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('utcToPacificWall: invalid date');
  const out: Record<string, number> = {};
  for (const p of formatter.formatToParts(ms)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? NaN,
    month: out.month ?? NaN,
    day: out.day ?? NaN,
    hour: out.hour ?? NaN,
    minute: out.minute ?? NaN,
    second: out.second ?? NaN,
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/** Date.UTC without its 0–99 ⇒ 1900–1999 quirk (.NET placeholders like 0001-01-01 stay year 1). */
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

function wallAsUtcMs(w: WallTime): number {
  return utcMs(w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond);
}

/** Pacific offset from UTC at an instant, in ms (−8 h in winter, −7 h in summer). */
function offsetAt(ms: number): number {
  return wallAsUtcMs(utcToPacificWall(ms)) - ms;
}

function sameWall(a: WallTime, b: WallTime): boolean {
  return (
    a.year === b.year &&
    a.month === b.month &&
    a.day === b.day &&
    a.hour === b.hour &&
    a.minute === b.minute &&
    a.second === b.second
  );
}

/** Every UTC instant (ms, ascending) whose Pacific wall time is `w`: none in the spring gap, two in the fall overlap. */
export function pacificWallCandidates(w: WallTime): number[] {
  const naive = wallAsUtcMs(w);
  const offsets = new Set([offsetAt(naive - DAY_MS), offsetAt(naive), offsetAt(naive + DAY_MS)]);
  const found = new Set<number>();
  for (const o of offsets) {
    const t = naive - o;
    if (sameWall(utcToPacificWall(t), w)) found.add(t);
  }
  return [...found].sort((a, b) => a - b);
}

/** The UTC instant of a Pacific wall time; see the module comment for gaps and overlaps. */
export function pacificWallToUtc(w: WallTime, disambiguation: Disambiguation = 'earlier'): Date {
  const c = pacificWallCandidates(w);
  if (c.length > 0)
    return new Date(disambiguation === 'earlier' ? (c[0] as number) : (c[c.length - 1] as number));
  // Spring gap: read the wall time with the offsets in force on either side of the transition.
  const naive = wallAsUtcMs(w);
  const a = naive - offsetAt(naive - DAY_MS);
  const b = naive - offsetAt(naive + DAY_MS);
  return new Date(disambiguation === 'earlier' ? Math.min(a, b) : Math.max(a, b));
}

const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validCalendar(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const t = new Date(utcMs(y, m, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Parses a V1 timestamp: Pacific wall time without offset (`2015-08-17T09:24:16.4800000`, 0–7+
 * fractional digits, `T` or space; a bare date means Pacific midnight). A value that does carry `Z` or
 * an offset is honoured as such. Returns null when the text is not a valid timestamp.
 */
export function parsePacificTimestamp(text: string, disambiguation: Disambiguation = 'earlier'): Date | null {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = hs === undefined ? 0 : Number(hs);
  const minute = mis === undefined ? 0 : Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  const millisecond = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  if (!validCalendar(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  if (zone !== undefined) {
    const z = zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const p = (n: number, l = 2): string => String(n).padStart(l, '0');
    const t = Date.parse(
      `${p(year, 4)}-${p(month)}-${p(day)}T${p(hour)}:${p(minute)}:${p(second)}.${p(millisecond, 3)}${z}`,
    );
    return Number.isFinite(t) ? new Date(t) : null;
  }
  return pacificWallToUtc({ year, month, day, hour, minute, second, millisecond }, disambiguation);
}

/** True when `text` is a timestamp parsePacificTimestamp accepts. */
export function isPacificTimestamp(text: string): boolean {
  return parsePacificTimestamp(text) !== null;
}

/** A V1 timestamp as a UTC ISO string (`…Z`), or null when absent/unparseable. */
export function pacificTimestampToIso(text: string | null | undefined): string | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  return parsePacificTimestamp(text)?.toISOString() ?? null;
}

/**
 * The calendar day a V1 date or timestamp names, as ShipStation states it (`2015-07-01`,
 * `2020-06-19T00:00:00.0000000` ⇒ `2020-06-19`): the Pacific day, no conversion.
 */
export function pacificCalendarDate(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (!m || !validCalendar(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function formatWall(w: WallTime): string {
  const p = (n: number, l = 2): string => String(n).padStart(l, '0');
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}

/**
 * A V1 filter value (`yyyy-mm-dd hh:mm:ss`, Pacific) for a UTC instant. `lower` rounds down and
 * `upper` rounds up to the second; across a DST overlap the value moves outward until every reading of
 * it keeps the instant inside the window (see the module comment).
 */
export function formatPacificFilter(instant: Date, bound: 'lower' | 'upper'): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('formatPacificFilter: invalid date');
  const step = bound === 'lower' ? -60_000 : 60_000;
  let t = bound === 'lower' ? Math.floor(ms / 1000) * 1000 : Math.ceil(ms / 1000) * 1000;
  for (let i = 0; i < 180; i++) {
    const w = { ...utcToPacificWall(t), millisecond: 0 };
    const readings = pacificWallCandidates(w);
    const ok =
      readings.length > 0 && (bound === 'lower' ? Math.max(...readings) <= ms : Math.min(...readings) >= ms);
    if (ok) return formatWall(w);
    t += step;
  }
  // Unreachable for America/Los_Angeles (transitions are one hour); keep a safe answer anyway.
  return formatWall(utcToPacificWall(bound === 'lower' ? ms - DAY_MS : ms + DAY_MS));
}
