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
 * Slows brute force on the authenticate call without locking the real Web Connector out. Every
 * attempt is checked (the right password is always accepted); what grows with failures is a wait
 * before the check: per user name — after `free` failures in the window, 250 ms doubling up to
 * `maxDelayMs` — and, against guesses spread over many names, a floor for everyone once the window
 * holds more than `globalFree` failures. A flood on the real user name delays the real Web
 * Connector's next login by at most `maxDelayMs`; every caller is local, so the source adds nothing
 * the user name does not.
 */
export class AuthThrottle {
  private readonly byUser = new Map<string, number[]>();
  private all: number[] = [];

  constructor(
    private readonly free = 3,
    private readonly windowMs = 60_000,
    private readonly maxDelayMs = 4_000,
    private readonly globalFree = 30,
    private readonly clock: () => number = Date.now,
  ) {}

  private recent(list: number[] | undefined): number[] {
    const t = this.clock();
    return (list ?? []).filter((f) => t - f < this.windowMs);
  }

  /** How long to wait before checking this user's password (ms). */
  delayFor(username: string): number {
    const key = username.toLowerCase();
    const mine = this.recent(this.byUser.get(key));
    if (mine.length) this.byUser.set(key, mine);
    else this.byUser.delete(key);
    this.all = this.recent(this.all);
    const own = mine.length < this.free ? 0 : Math.min(this.maxDelayMs, 250 * 2 ** (mine.length - this.free));
    const floor = this.all.length > this.globalFree ? 1_000 : 0;
    return Math.max(own, floor);
  }

  fail(username: string): void {
    const key = username.toLowerCase();
    const t = this.clock();
    this.byUser.set(key, [...this.recent(this.byUser.get(key)), t]);
    this.all.push(t);
    // Bounded memory under a flood of made-up names.
    if (this.byUser.size > 1_000) this.byUser.delete(this.byUser.keys().next().value!);
  }

  succeed(username: string): void {
    this.byUser.delete(username.toLowerCase());
  }
}
