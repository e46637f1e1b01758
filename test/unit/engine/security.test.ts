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
  it('locks after five failures in a minute and unlocks after the window', () => {
    let now = 0;
    const t = new AuthThrottle(5, 60_000, () => now);
    for (let i = 0; i < 4; i++) t.fail();
    expect(t.isLocked()).toBe(false);
    t.fail();
    expect(t.isLocked()).toBe(true);
    now = 60_001;
    expect(t.isLocked()).toBe(false);
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
