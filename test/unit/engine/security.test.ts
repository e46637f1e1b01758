import { describe, expect, it } from 'vitest';
import { isAllowedHost, isAllowedOrigin } from '../../../src-main/engine/http/host-check';
import { redact } from '../../../src-main/engine/log/logger';
import { AuthThrottle } from '../../../src-main/engine/qbwc/credentials';
import { hashPassword, safeEqual, verifyPassword } from '../../../src-main/engine/security/password';

describe('passwords', () => {
  it('hashes with a random salt and verifies only the right password', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('compares strings of different lengths without throwing', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('auth throttle', () => {
  it('slows one user name after a few failures (doubling, capped), forgets after the window and on success', () => {
    let now = 0;
    const t = new AuthThrottle(3, 60_000, 4_000, 30, () => now);
    for (let i = 0; i < 3; i++) {
      expect(t.delayFor('qbwc')).toBe(0);
      t.fail('qbwc');
    }
    expect(t.delayFor('QBWC')).toBe(250);
    t.fail('qbwc');
    expect(t.delayFor('qbwc')).toBe(500);
    for (let i = 0; i < 10; i++) t.fail('qbwc');
    expect(t.delayFor('qbwc')).toBe(4_000);
    // Another name is not slowed by this one's failures.
    expect(t.delayFor('someone')).toBe(0);
    now = 60_001;
    expect(t.delayFor('qbwc')).toBe(0);
    for (let i = 0; i < 5; i++) t.fail('qbwc');
    t.succeed('qbwc');
    expect(t.delayFor('qbwc')).toBe(0);
  });

  it('puts a floor under everyone when guesses spread over many names', () => {
    const t = new AuthThrottle(3, 60_000, 4_000, 30, () => 0);
    for (let i = 0; i < 31; i++) t.fail(`name-${i}`);
    expect(t.delayFor('fresh-name')).toBe(1_000);
  });
});

describe('host and origin checks', () => {
  it('accepts localhost forms on our port only', () => {
    expect(isAllowedHost('127.0.0.1:8085', 8085, [])).toBe(true);
    expect(isAllowedHost('localhost:8085', 8085, [])).toBe(true);
    expect(isAllowedHost('[::1]:8085', 8085, [])).toBe(true);
    expect(isAllowedHost('evil.example:8085', 8085, [])).toBe(false);
    expect(isAllowedHost('127.0.0.1:9999', 8085, [])).toBe(false);
    expect(isAllowedHost(undefined, 8085, [])).toBe(false);
    expect(isAllowedHost('office-pc:8085', 8085, ['office-pc'])).toBe(true);
  });

  it('refuses foreign origins', () => {
    expect(isAllowedOrigin(undefined, 8085, [])).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:8085', 8085, [])).toBe(true);
    expect(isAllowedOrigin('https://evil.example', 8085, [])).toBe(false);
    expect(isAllowedOrigin('null', 8085, [])).toBe(false);
  });
});

describe('log redaction', () => {
  it('hides secrets at any depth', () => {
    expect(redact({ user: 'a', password: 'p', nested: { apiKey: 'k', list: [{ token: 't' }] } })).toEqual({
      user: 'a',
      password: '[redacted]',
      nested: { apiKey: '[redacted]', list: [{ token: '[redacted]' }] },
    });
  });
});
