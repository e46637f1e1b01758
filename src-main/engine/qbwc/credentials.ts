import type { SettingsStore } from '../db/settings';
import { hashPassword, safeEqual, verifyPassword } from '../security/password';

const USER_KEY = 'qbwc.username';
const HASH_KEY = 'qbwc.passwordHash';

/**
 * The one QBWC user this connector accepts. The password is kept only as a salted scrypt hash; a
 * password given in the environment (MLC_QBWC_PASSWORD) overrides the stored one and is hashed in
 * memory, never written.
 */
export class QbwcCredentials {
  private envHash: Promise<string> | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly env: { username?: string; password?: string },
  ) {
    if (env.password) this.envHash = hashPassword(env.password);
  }

  /** The environment variables that set the QBWC user (they win; the UI cannot change them). */
  setByEnvironment(): string[] {
    return [
      ...(this.env.username ? ['MLC_QBWC_USERNAME'] : []),
      ...(this.env.password ? ['MLC_QBWC_PASSWORD'] : []),
    ];
  }

  username(): string | undefined {
    return this.env.username ?? this.settings.get<string>(USER_KEY);
  }

  isConfigured(): boolean {
    return Boolean(this.username() && (this.envHash || this.settings.get<string>(HASH_KEY)));
  }

  async set(username: string, password: string): Promise<void> {
    if (!username.trim()) throw new Error('The QBWC user name cannot be empty.');
    if (password.length < 8) throw new Error('The QBWC password must be at least 8 characters.');
    this.settings.set(USER_KEY, username.trim());
    this.settings.set(HASH_KEY, await hashPassword(password));
  }

  async verify(username: string, password: string): Promise<boolean> {
    const expectedUser = this.username();
    const hash = this.envHash ? await this.envHash : this.settings.get<string>(HASH_KEY);
    // Always run the scrypt comparison, so a wrong user name costs the same time as a wrong password.
    const pwOk = await verifyPassword(password, hash ?? (await dummyHash()));
    return Boolean(expectedUser && hash) && safeEqual(username, expectedUser ?? '') && pwOk;
  }
}

let dummy: Promise<string> | undefined;
const dummyHash = (): Promise<string> => (dummy ??= hashPassword('not-a-real-password'));

/**
 * Slows brute force on the authenticate call: after `maxFailures` in the window, answers
 * "invalid user" without checking, until the window passes.
 */
export class AuthThrottle {
  private failures: number[] = [];
  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  isLocked(): boolean {
    const t = this.clock();
    this.failures = this.failures.filter((f) => t - f < this.windowMs);
    return this.failures.length >= this.maxFailures;
  }

  fail(): void {
    this.failures.push(this.clock());
  }

  /**
   * Checks the lock and counts this attempt as a failure in one synchronous step, before the (slow,
   * asynchronous) password check: guesses sent in parallel cannot all pass `isLocked()` before the
   * first of them is counted. A correct password then calls `succeed()`. False when locked.
   */
  tryAttempt(): boolean {
    if (this.isLocked()) return false;
    this.fail();
    return true;
  }

  succeed(): void {
    this.failures = [];
  }
}
