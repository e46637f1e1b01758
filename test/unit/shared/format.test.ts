import { describe, expect, it } from 'vitest';
import {
  FLAG_REASONS,
  flagReasonLabel,
  flagReasonText,
  formatCount,
  formatDate,
  formatDuration,
  formatMoney,
  orderStatusLabel,
  plural,
  relativeTime,
  toDate,
} from '../../../shared/format';
import { ORDER_STATUSES } from '../../../shared/api';

describe('shared/format', () => {
  it('formats money in a locale, never as minus zero', () => {
    expect(formatMoney(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(-0, 'USD', 'en-US')).toBe('$0.00');
    expect(formatMoney(-5.24, 'USD', 'en-US')).toBe('-$5.24');
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(10, 'not-a-currency', 'en-US')).toBe('10.00');
  });

  it('counts and plurals', () => {
    expect(formatCount(12345, 'en-US')).toBe('12,345');
    expect(plural(1, 'order', undefined, 'en-US')).toBe('1 order');
    expect(plural(3, 'entry', 'entries', 'en-US')).toBe('3 entries');
  });

  it('reads a bare day as that day in the local time zone', () => {
    const d = toDate('2025-03-04')!;
    expect([d.getFullYear(), d.getMonth(), d.getDate()]).toEqual([2025, 2, 4]);
    expect(formatDate('2025-03-04', 'en-US')).toBe('Mar 4, 2025');
    expect(toDate('nonsense')).toBeNull();
    expect(formatDate(null)).toBe('—');
  });

  it('says relative times in words', () => {
    const now = Date.parse('2025-03-04T12:00:00Z');
    expect(relativeTime('2025-03-04T11:59:50Z', now, 'en-US')).toBe('just now');
    expect(relativeTime('2025-03-04T11:57:00Z', now, 'en-US')).toBe('3 minutes ago');
    expect(relativeTime('2025-03-04T09:00:00Z', now, 'en-US')).toBe('3 hours ago');
    expect(relativeTime('2025-03-03T12:00:00Z', now, 'en-US')).toBe('yesterday');
    expect(relativeTime('2025-03-04T14:00:00Z', now, 'en-US')).toBe('in 2 hours');
    expect(relativeTime(null, now)).toBe('never');
  });

  it('formats durations', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
  });

  it('has a plain sentence and label for every flag reason, and a fallback', () => {
    for (const r of FLAG_REASONS) {
      expect(flagReasonText(r)).toMatch(/^[A-Z].*[.]$/);
      expect(flagReasonText(r)).not.toContain('_');
      expect(flagReasonLabel(r)).not.toContain('_');
    }
    expect(flagReasonText('something_new')).toBe(
      'Something new: this order needs a look before it can be posted.',
    );
    expect(flagReasonLabel('something_new')).toBe('Something new');
  });

  it('labels every order status', () => {
    for (const s of ORDER_STATUSES) expect(orderStatusLabel(s)).toMatch(/^[A-Z][a-z]+$/);
  });
});
