import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  charLength,
  clampText,
  FIELD_LIMITS,
  memoForOrder,
  qbRefNumberFor,
  QbxmlLimitError,
  requireKey,
  stripInvalidXmlChars,
} from '../../../src-main/engine/qbxml';

describe('qbRefNumberFor (dedup key)', () => {
  it('uses order numbers of up to 11 printable ASCII characters unchanged', () => {
    for (const n of ['1', '12345', 'R1TT46883', '12345678901', '#1001', 'A B-C/D_E.F']) {
      expect(qbRefNumberFor(n)).toEqual({ refNumber: n, isShortKey: false });
    }
  });

  it('matches an independent sha256 / Crockford base32 computation', () => {
    // Vectors computed separately (Python hashlib): '#' + top 50 bits of sha256 in Crockford base32.
    expect(qbRefNumberFor('112-1234567-1234567')).toEqual({ refNumber: '#PKQRBPGATZ', isShortKey: true });
    expect(qbRefNumberFor('112-1234567-1234568')).toEqual({ refNumber: '#7KFECPZE0W', isShortKey: true });
    expect(qbRefNumberFor('12345-ABCDEFGHIJKL').refNumber).toBe('#MCYFFTCFAT');
    expect(qbRefNumberFor('123456789012').refNumber).toBe('#58SK97KYC1');
  });

  it('hashes what QuickBooks might not store verbatim: non-ASCII, edge spaces', () => {
    expect(qbRefNumberFor('Ünïcødé')).toEqual({ refNumber: '#QVRMYSRCGS', isShortKey: true });
    expect(qbRefNumberFor('abc ')).toEqual({ refNumber: '#AJ462F22P3', isShortKey: true });
    expect(qbRefNumberFor('a\tb').isShortKey).toBe(true);
  });

  it('keeps verbatim and short keys disjoint: an 11-char order number starting with # is hashed', () => {
    expect(qbRefNumberFor('#1234567890')).toEqual({ refNumber: '#3XQ4KGH9PA', isShortKey: true });
    expect(qbRefNumberFor('#123456789').isShortKey).toBe(false);
  });

  it('is stable, at most 11 characters, Crockford-only and RefNumber-valid for any input', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }), (n) => {
        const a = qbRefNumberFor(n);
        expect(qbRefNumberFor(n)).toEqual(a);
        expect(a.refNumber.length).toBeLessThanOrEqual(11);
        if (a.isShortKey) expect(a.refNumber).toMatch(/^#[0-9A-HJKMNP-TV-Z]{10}$/);
        else expect(a.refNumber).toBe(n);
        expect(() => requireKey('RefNumber', a.refNumber)).not.toThrow();
      }),
    );
  });

  it('gives distinct keys for many distinct long order numbers', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 20_000; i++)
      keys.add(qbRefNumberFor(`112-${String(i).padStart(7, '0')}-1234567`).refNumber);
    expect(keys.size).toBe(20_000);
  });

  it('refuses an empty order number', () => {
    expect(() => qbRefNumberFor('')).toThrow(/must not be empty/);
  });
});

describe('memoForOrder', () => {
  it('names the full order number', () => {
    expect(memoForOrder('12345-ABCDEFGHIJKL')).toBe('ShipStation order 12345-ABCDEFGHIJKL');
    expect(memoForOrder('1001', 'shipped 2024-03-10')).toBe('ShipStation order 1001 - shipped 2024-03-10');
  });

  it('stays within the Memo limit', () => {
    expect(charLength(memoForOrder('1', 'x'.repeat(10_000)))).toBe(FIELD_LIMITS.Memo.max);
  });
});

describe('clampText and requireKey', () => {
  it('truncates by characters, not bytes', () => {
    const v = clampText('Addr', 'é'.repeat(50));
    expect(v).toBe('é'.repeat(41));
    expect(charLength(v)).toBe(41);
  });

  it('folds what QuickBooks cannot store (ISO-8859-1 only) and drops what has no equivalent', () => {
    expect(clampText('Desc', 'Men\u2019s Tee \u2013 \u201cCrew\u201d\u2026 5\u20ac\u2122')).toBe(
      `Men's Tee - "Crew"... 5EUR(TM)`,
    );
    expect(clampText('Desc', 'Zo\u0065\u0308 \u014dkami \u0141\u00f3d\u017a')).toBe('Zoë okami Lódz');
    expect(clampText('Desc', 'Gift \u{1F381} \u65e5\u672c set')).toBe('Gift set');
    expect(clampText('Addr', `${'a'.repeat(40)}😀😀`)).toBe('a'.repeat(40));
  });

  it('flattens line breaks and controls on single-line fields only', () => {
    expect(clampText('City', ' New\r\nYork\t\u0001City ')).toBe('New York City');
    expect(clampText('Memo', 'a\r\nb\u0001c')).toBe('a\r\nbc');
  });

  it('refuses to truncate key fields', () => {
    expect(() => clampText('RefNumber', 'x')).toThrow(/key field/);
  });

  it('validates keys with the field name in the message', () => {
    expect(requireKey('RefNumber', '12345678901')).toBe('12345678901');
    expect(() => requireKey('RefNumber', '123456789012', 'refNumber')).toThrow(QbxmlLimitError);
    expect(() => requireKey('RefNumber', '123456789012', 'refNumber')).toThrow(
      'refNumber "123456789012" is 12 characters long; QuickBooks allows at most 11',
    );
    expect(() => requireKey('ListID', '')).toThrow(/must not be empty/);
    expect(() => requireKey('CustomerName', 'a\nb')).toThrow(/control characters/);
    expect(() => requireKey('SalesTaxCodeFullName', 'Tax ')).toThrow(/whitespace/);
  });

  it('strips only what XML 1.0 forbids', () => {
    expect(stripInvalidXmlChars('a\u0000b\u0008c\td\ne\rf\uFFFEg\uD800h😀')).toBe('abc\td\ne\rfgh😀');
  });
});
