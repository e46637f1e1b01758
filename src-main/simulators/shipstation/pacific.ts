/**
 * US Pacific time (America/Los_Angeles) without a date library: ShipStation V1 takes request
 * filters as Pacific wall-clock strings and answers with Pacific wall-clock timestamps that carry
 * no offset. Internally everything is UTC milliseconds.
 *
 * DST rules are taken from Intl (the runtime's tz database), never hard-coded.
 *  - Ambiguous wall time (the repeated hour at the fall-back change, e.g. 2026-11-01 01:30) resolves
 *    to the FIRST occurrence (the daylight-time instant, 08:30Z).
 *  - Non-existent wall time (the skipped hour at the spring-forward change, e.g. 2026-03-08 02:30)
 *    is read with the offset in force before the change (PST), i.e. it lands one hour later on the
 *    wall clock (10:30Z = 03:30 PDT). This is what java.time / Temporal "compatible" do.
 */

export const PACIFIC_TZ = 'America/Los_Angeles';

const HOUR_MS = 3_600_000;

const dtf = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC_TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

// Offsets only change on whole hours in this zone, so an hour bucket is an exact cache key.
const offsetCache = new Map<number, number>();

/** Offset of Pacific time from UTC at the given instant, in ms (e.g. -7h during PDT). */
export function pacificOffsetMs(utcMs: number): number {
  const bucket = Math.floor(utcMs / HOUR_MS);
  const cached = offsetCache.get(bucket);
  if (cached !== undefined) return cached;
  const probe = bucket * HOUR_MS;
  const parts: Record<string, number> = {};
  for (const p of dtf.formatToParts(new Date(probe))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wallAsUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const offset = wallAsUtc - probe;
  if (offsetCache.size > 200_000) offsetCache.clear();
  offsetCache.set(bucket, offset);
  return offset;
}

/** The Pacific wall-clock reading of an instant, expressed as "wall time treated as UTC" ms. */
export function pacificWallMs(utcMs: number): number {
  return utcMs + pacificOffsetMs(utcMs);
}

/** Pacific wall clock → UTC instant, with the DST rules described at the top of this file. */
export function pacificWallToUtc(wallMs: number): number {
  const before = pacificOffsetMs(wallMs - 14 * HOUR_MS);
  const after = pacificOffsetMs(wallMs + 14 * HOUR_MS);
  const valid: number[] = [];
  for (const off of before === after ? [before] : [before, after]) {
    const t = wallMs - off;
    if (pacificOffsetMs(t) === off) valid.push(t);
  }
  if (valid.length > 0) return Math.min(...valid);
  return wallMs - before; // skipped hour: read with the pre-transition offset
}

/** `2015-08-17T09:24:16.4800000`: Pacific, no offset, 7 fractional digits (V1 resources). */
export function formatV1(utcMs: number): string {
  const iso = new Date(pacificWallMs(utcMs)).toISOString(); // 2015-08-17T09:24:16.480Z
  return `${iso.slice(0, 23)}0000`;
}

/** .NET round-trip style with trailing zeros trimmed (`2015-08-17T09:24:14.78`), as in V1 items and stores. */
export function formatV1Trimmed(utcMs: number): string {
  const iso = new Date(pacificWallMs(utcMs)).toISOString();
  const base = iso.slice(0, 19);
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return frac ? `${base}.${frac}` : base;
}

/** Pacific calendar date `YYYY-MM-DD` of an instant. */
export function pacificDate(utcMs: number): string {
  return new Date(pacificWallMs(utcMs)).toISOString().slice(0, 10);
}

/** UTC ISO-8601 with milliseconds (`2025-03-12T19:24:13.657Z`), as V2 answers. */
export function formatIsoUtc(utcMs: number): string {
  return new Date(utcMs).toISOString();
}

const V1_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/;

/**
 * Parse a V1 request date (`yyyy-mm-dd hh:mm:ss`, also `yyyy-mm-dd`, `yyyy-mm-dd hh:mm`, a `T`
 * separator and up to 7 fractional digits) as a Pacific wall-clock time. Returns the Pacific wall
 * time as "wall treated as UTC" ms, or null when malformed or out of range. Strings with a zone
 * designator (`Z`, `+02:00`) are rejected: the V1 contract is Pacific wall time.
 */
export function parseV1Wall(text: string): number | null {
  const m = V1_DATE_RE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fracDigits = m[7] ?? '';
  const ms = fracDigits ? Math.floor(Number(`0.${fracDigits}`) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return wall;
}

/** Parse a V1 request date as a UTC instant (Pacific wall time → UTC), or null when malformed. */
export function parseV1Date(text: string): number | null {
  const wall = parseV1Wall(text);
  return wall === null ? null : pacificWallToUtc(wall);
}

const ISO_DT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parse a V2 ISO-8601 date-time with an explicit zone (the spec's `date_time` pattern); null when malformed. */
export function parseIsoDateTime(text: string): number | null {
  const m = ISO_DT_RE.exec(text.trim());
  if (!m) return null;
  const t = Date.parse(text.trim());
  if (Number.isNaN(t)) return null;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) {
    return null;
  }
  return t;
}
