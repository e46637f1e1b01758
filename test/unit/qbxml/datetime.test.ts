import { describe, expect, it } from 'vitest';
import {
  formatQbDate,
  formatQbDateTime,
  isQbDateTime,
  parseQbDateTime,
  timeZoneOffsetMinutes,
  qbWatermarkBefore,
} from '../../../src-main/engine/qbxml';

const LA = 'America/Los_Angeles';
const NY = 'America/New_York';
const at = (iso: string): Date => new Date(iso);

describe('formatQbDateTime', () => {
  it.each([
    // Los Angeles, spring forward 2024-03-10 02:00 PST -> 03:00 PDT
    [LA, '2024-03-10T09:59:59Z', '2024-03-10T01:59:59-08:00'],
    [LA, '2024-03-10T10:00:00Z', '2024-03-10T03:00:00-07:00'],
    // Los Angeles, fall back 2024-11-03 02:00 PDT -> 01:00 PST: 01:30 happens twice
    [LA, '2024-11-03T08:30:00Z', '2024-11-03T01:30:00-07:00'],
    [LA, '2024-11-03T09:30:00Z', '2024-11-03T01:30:00-08:00'],
    // New York, spring forward 2024-03-10 02:00 EST -> 03:00 EDT
    [NY, '2024-03-10T06:59:59Z', '2024-03-10T01:59:59-05:00'],
    [NY, '2024-03-10T07:00:00Z', '2024-03-10T03:00:00-04:00'],
    // New York, fall back 2024-11-03
    [NY, '2024-11-03T05:30:00Z', '2024-11-03T01:30:00-04:00'],
    [NY, '2024-11-03T06:30:00Z', '2024-11-03T01:30:00-05:00'],
    // Other shapes: half-hour and 45-minute offsets, UTC, a date line crossing
    ['Asia/Kolkata', '2024-06-30T18:30:00Z', '2024-07-01T00:00:00+05:30'],
    ['Asia/Kathmandu', '2024-01-01T00:00:00Z', '2024-01-01T05:45:00+05:45'],
    ['UTC', '2014-11-27T20:03:44.999Z', '2014-11-27T20:03:44+00:00'],
    ['America/Sao_Paulo', '2014-11-27T20:03:44Z', '2014-11-27T18:03:44-02:00'],
  ])('%s %s -> %s', (tz, iso, expected) => {
    const s = formatQbDateTime(at(iso), tz);
    expect(s).toBe(expected);
    expect(isQbDateTime(s)).toBe(true);
    expect(parseQbDateTime(s)).toBe(Math.floor(Date.parse(iso) / 1000) * 1000);
  });

  it('reports zone offsets across DST', () => {
    expect(timeZoneOffsetMinutes(Date.parse('2024-01-15T12:00:00Z'), LA)).toBe(-480);
    expect(timeZoneOffsetMinutes(Date.parse('2024-07-15T12:00:00Z'), LA)).toBe(-420);
    expect(timeZoneOffsetMinutes(Date.parse('2024-07-15T12:00:00Z'), NY)).toBe(-240);
  });

  it('rejects unknown zones and invalid dates clearly', () => {
    expect(() => formatQbDateTime(new Date(), 'Mars/Olympus_Mons')).toThrow(
      /Unknown IANA time zone "Mars\/Olympus_Mons"/,
    );
    expect(() => formatQbDateTime(new Date('nope'), LA)).toThrow(/invalid Date/);
  });
});

describe('formatQbDate', () => {
  it('gives the calendar date in the business time zone', () => {
    expect(formatQbDate(at('2024-01-01T05:00:00Z'), LA)).toBe('2023-12-31');
    expect(formatQbDate(at('2024-01-01T05:00:00Z'), NY)).toBe('2024-01-01');
    expect(formatQbDate(at('2024-03-10T10:00:00Z'), LA)).toBe('2024-03-10');
  });
});

describe('parseQbDateTime', () => {
  it('parses QuickBooks values with an offset exactly', () => {
    expect(parseQbDateTime('2014-11-27T18:03:44-02:00')).toBe(Date.UTC(2014, 10, 27, 20, 3, 44));
    expect(parseQbDateTime('2026-08-05T16:43:27-04:00')).toBe(Date.UTC(2026, 7, 5, 20, 43, 27));
    expect(parseQbDateTime('2024-01-01T00:00:00+05:45')).toBe(Date.UTC(2023, 11, 31, 18, 15));
    expect(parseQbDateTime('2024-1-2T3:4:5+1:00')).toBe(Date.UTC(2024, 0, 2, 2, 4, 5));
  });

  it('needs the QuickBooks time zone for values without an offset', () => {
    expect(() => parseQbDateTime('2024-07-01T12:00:00')).toThrow(/no UTC offset/);
    expect(parseQbDateTime('2024-07-01T12:00:00', LA)).toBe(Date.UTC(2024, 6, 1, 19));
    expect(parseQbDateTime('2024-01-01T12:00:00', NY)).toBe(Date.UTC(2024, 0, 1, 17));
    expect(parseQbDateTime('2024-07-01', NY)).toBe(Date.UTC(2024, 6, 1, 4));
    expect(parseQbDateTime('2024-07-01T12', NY)).toBe(Date.UTC(2024, 6, 1, 16));
  });

  it('resolves DST-ambiguous wall times to the earlier instant and skipped ones forward', () => {
    expect(parseQbDateTime('2024-11-03T01:30:00', LA)).toBe(Date.parse('2024-11-03T08:30:00Z'));
    expect(parseQbDateTime('2024-11-03T01:30:00', NY)).toBe(Date.parse('2024-11-03T05:30:00Z'));
    expect(parseQbDateTime('2024-03-10T02:30:00', LA)).toBe(Date.parse('2024-03-10T10:30:00Z'));
    expect(parseQbDateTime('2024-03-10T02:30:00', NY)).toBe(Date.parse('2024-03-10T07:30:00Z'));
  });

  it('rejects what is not a date/time', () => {
    for (const bad of [
      '',
      'yesterday',
      '2024-13-01T00:00:00-05:00',
      '2023-02-29',
      '2024-01-01T24:00:00+00:00',
      '2024-01-01 10:00',
    ]) {
      expect(() => parseQbDateTime(bad, LA)).toThrow();
    }
  });
});

describe('qbWatermarkBefore', () => {
  it("moves QuickBooks' wall time back and keeps its offset text, across day and month ends", () => {
    expect(qbWatermarkBefore('2026-11-01T01:50:00-08:00', 3900)).toBe('2026-11-01T00:45:00-08:00');
    expect(qbWatermarkBefore('2026-03-01T00:30:00-08:00', 3600)).toBe('2026-02-28T23:30:00-08:00');
    expect(qbWatermarkBefore('2026-07-01T10:00:00', 60)).toBe('2026-07-01T09:59:00');
    // A bare date is left as it is (already the start of that day).
    expect(qbWatermarkBefore('2026-07-01', 3600)).toBe('2026-07-01');
  });
});
