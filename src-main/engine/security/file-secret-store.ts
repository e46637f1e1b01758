import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../shipstation/service';

/**
 * Secrets for the headless engine (`npm run serve`), kept across restarts and encrypted at rest:
 * `<data dir>/secrets/secrets.key` holds a random 256-bit key that only this OS user can read
 * (0600, folder 0700), and `<data dir>/secrets/secrets.json` each value sealed with AES-256-GCM
 * under it. Neither the database nor the logs ever hold them. Deleting the `secrets` folder
 * removes them (the connection then has to be set up again). The desktop app uses the OS keychain
 * instead (safeStorage). On Windows the per-user profile protects the folder; the modes are POSIX.
 */
export class FileSecretStore implements SecretStore {
  private readonly dir: string;
  private readonly keyFile: string;
  private readonly file: string;
  private values: Record<string, string>;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'secrets');
    this.keyFile = path.join(this.dir, 'secrets.key');
    this.file = path.join(this.dir, 'secrets.json');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    tighten(this.dir, 0o700);
    this.values = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>)
      : {};
  }

  private key(): Buffer {
    if (!existsSync(this.keyFile)) writeFileSync(this.keyFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
    tighten(this.keyFile, 0o600);
    const key = readFileSync(this.keyFile);
    if (key.length !== 32)
      throw new Error(`${this.keyFile} is not a 256-bit key: remove the secrets folder and set up again.`);
    return key;
  }

  get(name: string): string | undefined {
    const sealed = this.values[name];
    if (!sealed) return undefined;
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key(), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  set(name: string, value: string | undefined): void {
    if (value === undefined) delete this.values[name];
    else {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
      // The name is bound in: a sealed value cannot be moved to another name.
      cipher.setAAD(Buffer.from(name, 'utf8'));
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      this.values[name] = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    }
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.values), { mode: 0o600 });
    renameSync(tmp, this.file);
    tighten(this.file, 0o600);
  }
}

/** Files found looser than they should be are tightened (POSIX; a no-op where modes do not apply). */
function tighten(p: string, mode: number): void {
  if (process.platform === 'win32') return;
  chmodSync(p, mode);
}
