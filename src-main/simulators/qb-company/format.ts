/** Value formats of qbXML: dates/times with local offset, amounts, quantities, prices. */
import { Status } from './errors.js';

export type OffsetFn = (epochMs: number) => number; // minutes east of UTC

const pad = (n: number, w = 2): string => String(Math.abs(Math.trunc(n))).padStart(w, '0');

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/**
 * `2014-11-27T18:03:44-02:00` — QuickBooks' DATETIMETYPE: the company's local wall time, followed by
 * `stamp`'s offset (real QuickBooks writes the standard-time offset all year: see CompanyCore.stamp).
 */
export function formatDateTime(ms: number, offset: OffsetFn, stamp: OffsetFn = offset): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offset(ms) * 60_000);
  const off = stamp(ms);
  const sign = off < 0 ? '-' : '+';
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  );
}

/** `YYYY-MM-DD` of the instant in the company's local time. */
export function formatDate(ms: number, offset: OffsetFn): string {
  const d = new Date(ms + offset(ms) * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATETIME_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:([+-])(\d{1,2}):(\d{1,2}))?)?)?)?$/;

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** DATETYPE → canonical `YYYY-MM-DD`; QbStatusError 3020 when invalid. */
export function parseDate(value: string, field: string): string {
  const m = DATE_RE.exec(value.trim());
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  const d = Number(m?.[3]);
  if (!m || !validYmd(y, mo, d)) throw Status.invalidDate(value, field);
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/**
 * DATETIMETYPE → epoch ms. Without an explicit offset the value is company-local time. A bare date
 * means the start of that day, or its end when `endOfDay` (QuickBooks includes the whole "To" day).
 */
export function parseDateTime(value: string, field: string, offset: OffsetFn, endOfDay = false): number {
  const m = DATETIME_RE.exec(value.trim());
  if (!m) throw Status.invalidDate(value, field);
  const [, ys, mos, ds, hs, mis, ss, sign, oh, om] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  if (!validYmd(y, mo, d)) throw Status.invalidDate(value, field);
  const dateOnly = hs === undefined;
  const h = dateOnly ? (endOfDay ? 23 : 0) : Number(hs);
  const mi = dateOnly ? (endOfDay ? 59 : 0) : Number(mis ?? 0);
  const s = dateOnly ? (endOfDay ? 59 : 0) : Number(ss ?? 0);
  if (h > 23 || mi > 59 || s > 59) throw Status.invalidDate(value, field);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s) + (dateOnly && endOfDay ? 999 : 0);
  if (sign) {
    const off = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    return wall - off * 60_000;
  }
  // Local wall time: the offset in force at that instant (second pass handles DST edges).
  const guess = wall - offset(wall) * 60_000;
  return wall - offset(guess) * 60_000;
}

/** Half away from zero to cents, as QuickBooks rounds line amounts. */
export function round2(x: number): number {
  const r = Math.round(Math.abs(x) * 100 + 1e-7) / 100;
  return x < 0 ? -r : r;
}

export function fmtAmount(n: number): string {
  const s = round2(n).toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** Quantities: no trailing zeros (`2`, `1.5`), up to 5 decimals. */
export function fmtQty(n: number): string {
  const s = String(Number(n.toFixed(5)));
  return s === '-0' ? '0' : s;
}

/** Prices/rates/percentages: at least 2 decimals, up to 5 (`103.00`, `1.23456`). */
export function fmtPrice(n: number): string {
  const fixed5 = Number(n.toFixed(5));
  const two = fixed5.toFixed(2);
  return Number(two) === fixed5 ? two : String(fixed5);
}

const AMOUNT_RE = /^[+-]?\d{1,13}(?:\.\d{0,2})?$/;
const DECIMAL_RE = /^[+-]?\d{1,10}(?:\.\d{0,5})?$/;

/** AMTTYPE (at most 2 decimals) → number; 3040 otherwise. */
export function parseAmount(value: string, field: string): number {
  const v = value.trim();
  if (!AMOUNT_RE.test(v)) throw Status.invalidAmount(value, field);
  return Number(v);
}

/** QUANTYPE / PRICETYPE / PERCENTTYPE (at most 5 decimals) → number; 3040 otherwise. */
export function parseDecimal(value: string, field: string): number {
  const v = value.trim();
  if (!DECIMAL_RE.test(v)) throw Status.invalidAmount(value, field);
  return Number(v);
}

export function parseBool(value: string, field: string): boolean {
  const v = value.trim();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw Status.invalidBoolean(value, field);
}

export function parseIntStrict(value: string, field: string): number {
  const v = value.trim();
  if (!/^\d{1,9}$/.test(v)) throw Status.invalidAmount(value, field);
  return Number(v);
}
