import { describe, expect, it } from 'vitest';
import {
  formatPacificFilter,
  pacificCalendarDate,
  pacificTimestampToIso,
  pacificWallCandidates,
  pacificWallToUtc,
  parsePacificTimestamp,
  utcToPacificWall,
  type WallTime,
} from '../../../src-main/engine/shipstation/pacific-time';

const wall = (s: string): WallTime => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(s);
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    millisecond: 0,
  };
};
const readings = (filter: string): number[] => pacificWallCandidates(wall(filter));

describe('UTC → Pacific filter values', () => {
  it('uses PST in winter and PDT in summer', () => {
    expect(formatPacificFilter(new Date('2026-01-15T12:00:00Z'), 'lower')).toBe('2026-01-15 04:00:00');
    expect(formatPacificFilter(new Date('2026-07-01T12:00:00Z'), 'lower')).toBe('2026-07-01 05:00:00');
    expect(formatPacificFilter(new Date('2026-01-01T07:59:59Z'), 'lower')).toBe('2025-12-31 23:59:59');
  });

  it('rounds a lower bound down and an upper bound up to the second', () => {
    const t = new Date('2026-07-01T12:00:00.400Z');
    expect(formatPacificFilter(t, 'lower')).toBe('2026-07-01 05:00:00');
    expect(formatPacificFilter(t, 'upper')).toBe('2026-07-01 05:00:01');
  });

  it('spring forward 2026-03-08: 01:59:59 PST is followed by 03:00:00 PDT', () => {
    expect(formatPacificFilter(new Date('2026-03-08T09:59:59Z'), 'lower')).toBe('2026-03-08 01:59:59');
    expect(formatPacificFilter(new Date('2026-03-08T10:00:00Z'), 'lower')).toBe('2026-03-08 03:00:00');
    expect(formatPacificFilter(new Date('2026-03-08T10:00:00Z'), 'upper')).toBe('2026-03-08 03:00:00');
  });

  it('fall back 2026-11-01: a lower bound in the first 01:xx hour moves before the ambiguous hour', () => {
    // 08:30Z is 01:30 PDT; "01:30" could also be read as 01:30 PST = 09:30Z (an hour late): not safe.
    const first = new Date('2026-11-01T08:30:00Z');
    const lower = formatPacificFilter(first, 'lower');
    expect(lower).toBe('2026-11-01 00:59:00');
    expect(Math.max(...readings(lower))).toBeLessThanOrEqual(first.getTime());
    // 09:30Z is the second 01:30 (PST): both readings of "01:30" are at or before it.
    const second = new Date('2026-11-01T09:30:00Z');
    expect(formatPacificFilter(second, 'lower')).toBe('2026-11-01 01:30:00');
    // Upper bounds move the other way.
    expect(formatPacificFilter(first, 'upper')).toBe('2026-11-01 01:30:00');
    const upper = formatPacificFilter(second, 'upper');
    expect(upper).toBe('2026-11-01 02:00:00');
    expect(Math.min(...readings(upper))).toBeGreaterThanOrEqual(second.getTime());
  });

  it('never narrows a window: every minute around both transitions, coarser elsewhere', () => {
    const check = (t: number): void => {
      const d = new Date(t);
      const lo = readings(formatPacificFilter(d, 'lower'));
      const hi = readings(formatPacificFilter(d, 'upper'));
      expect(lo.length).toBeGreaterThan(0);
      expect(hi.length).toBeGreaterThan(0);
      expect(Math.max(...lo)).toBeLessThanOrEqual(t);
      expect(Math.min(...hi)).toBeGreaterThanOrEqual(t);
      // …and widens by at most about an hour.
      expect(t - Math.min(...lo)).toBeLessThanOrEqual(62 * 60_000);
      expect(Math.max(...hi) - t).toBeLessThanOrEqual(62 * 60_000);
    };
    for (const transition of ['2026-03-08T10:00:00Z', '2026-11-01T09:00:00Z']) {
      const at = Date.parse(transition);
      for (let t = at - 3 * 3_600_000; t < at + 3 * 3_600_000; t += 60_000 + 7_000) check(t);
      for (let t = at - 86_400_000; t < at + 86_400_000; t += 13 * 60_000 + 7_000) check(t);
    }
  });
});

describe('Pacific wall time → UTC', () => {
  it('parses V1 timestamps with 7 fractional digits (and 0–3)', () => {
    expect(pacificTimestampToIso('2015-08-17T09:24:16.4800000')).toBe('2015-08-17T16:24:16.480Z');
    expect(pacificTimestampToIso('2015-06-30T15:20:26.7230000')).toBe('2015-06-30T22:20:26.723Z');
    expect(pacificTimestampToIso('2020-06-23T07:12:31.95')).toBe('2020-06-23T14:12:31.950Z');
    expect(pacificTimestampToIso('2017-03-01T13:57:49.033')).toBe('2017-03-01T21:57:49.033Z');
    expect(pacificTimestampToIso('2015-06-02T05:58:00')).toBe('2015-06-02T12:58:00.000Z');
    expect(pacificTimestampToIso('2026-01-15 04:00:00')).toBe('2026-01-15T12:00:00.000Z');
    // Sub-millisecond digits are truncated, never rounded up.
    expect(pacificTimestampToIso('2026-03-08T01:59:59.9999999')).toBe('2026-03-08T09:59:59.999Z');
  });

  it('honours an explicit zone when one is present', () => {
    expect(pacificTimestampToIso('2026-01-15T04:00:00Z')).toBe('2026-01-15T04:00:00.000Z');
    expect(pacificTimestampToIso('2026-01-15T04:00:00+0100')).toBe('2026-01-15T03:00:00.000Z');
  });

  it('keeps two-digit and one-digit years as they are (.NET placeholders)', () => {
    expect(parsePacificTimestamp('0001-01-01T00:00:00')?.getUTCFullYear()).toBe(1);
    expect(parsePacificTimestamp('0099-12-31T23:59:59')?.getUTCFullYear()).toBe(100);
  });

  it('rejects what is not a timestamp', () => {
    for (const bad of [
      '',
      'garbage',
      '2015-13-01T00:00:00',
      '2015-02-30T00:00:00',
      '2015-01-01T24:00:00',
      '15-01-01',
    ]) {
      expect(parsePacificTimestamp(bad)).toBeNull();
    }
    expect(pacificTimestampToIso(null)).toBeNull();
    expect(pacificTimestampToIso('')).toBeNull();
  });

  it('spring gap: a wall time that does not exist resolves to either side as asked', () => {
    expect(pacificWallCandidates(wall('2026-03-08 02:30:00'))).toEqual([]);
    expect(pacificWallToUtc(wall('2026-03-08 02:30:00'), 'earlier').toISOString()).toBe(
      '2026-03-08T09:30:00.000Z',
    );
    expect(pacificWallToUtc(wall('2026-03-08 02:30:00'), 'later').toISOString()).toBe(
      '2026-03-08T10:30:00.000Z',
    );
    expect(pacificTimestampToIso('2026-03-08T03:00:00.0000000')).toBe('2026-03-08T10:00:00.000Z');
    expect(pacificTimestampToIso('2026-03-08T01:59:59.0000000')).toBe('2026-03-08T09:59:59.000Z');
  });

  it('fall overlap: an ambiguous wall time defaults to the earlier instant', () => {
    expect(pacificWallCandidates(wall('2026-11-01 01:30:00')).map((t) => new Date(t).toISOString())).toEqual([
      '2026-11-01T08:30:00.000Z',
      '2026-11-01T09:30:00.000Z',
    ]);
    expect(parsePacificTimestamp('2026-11-01T01:30:00.0000000')?.toISOString()).toBe(
      '2026-11-01T08:30:00.000Z',
    );
    expect(parsePacificTimestamp('2026-11-01T01:30:00', 'later')?.toISOString()).toBe(
      '2026-11-01T09:30:00.000Z',
    );
    expect(pacificTimestampToIso('2026-11-01T02:00:00')).toBe('2026-11-01T10:00:00.000Z');
  });

  it('round-trips every instant outside the ambiguous hour', () => {
    for (
      let t = Date.parse('2026-01-01T00:00:00Z');
      t < Date.parse('2027-01-01T00:00:00Z');
      t += 3_600_000 * 7 + 61_123
    ) {
      const w = utcToPacificWall(t);
      const back = pacificWallCandidates(w);
      expect(back).toContain(t);
    }
  });

  it('reads the calendar day ShipStation states', () => {
    expect(pacificCalendarDate('2015-07-01')).toBe('2015-07-01');
    expect(pacificCalendarDate('2020-06-24T10:32:33.6870000')).toBe('2020-06-24');
    expect(pacificCalendarDate('2015-02-30')).toBeNull();
    expect(pacificCalendarDate(null)).toBeNull();
  });
});
