import { safeStorage } from 'electron';
import { z } from 'zod';
import { HttpError } from '../engine/http/body';
import { createLogger } from '../engine/log/logger';
import type { SecretStore } from '../engine/shipstation/service';
import { readJsonFile, writeJsonFile } from './json-file';

const log = createLogger('secrets');

const SecretsFileSchema = z.object({
  version: z.literal(1).default(1),
  /** name → base64 of the safeStorage (DPAPI) ciphertext. Never plaintext. */
  values: z.record(z.string(), z.string()).default({}),
});

/**
 * Storing a secret without OS encryption is refused. An HttpError, so both transports tell the
 * user what is wrong instead of a bare "internal error".
 */
export class SecureStorageUnavailableError extends HttpError {
  constructor(detail: string) {
    super(
      503,
      'secure_storage_unavailable',
      `The ShipStation credentials cannot be saved: ${detail} ` +
        'ml-connector never stores them unencrypted. Sign in to Windows with your own account and try again.',
    );
  }
}

/**
 * The engine's SecretStore for the desktop app (ShipStation API key and secret): values encrypted
 * with Electron safeStorage (DPAPI on Windows: only this Windows user on this PC can decrypt),
 * kept as base64 blobs in `secrets.json` in userData. Use after `app.whenReady()`.
 */
export class SafeStorageSecretStore implements SecretStore {
  private readonly blobs: Map<string, string>;
  /** Decrypted values, so status polling does not call DPAPI every few seconds. */
  private readonly plain = new Map<string, string>();

  constructor(readonly file: string) {
    this.blobs = new Map(Object.entries(readJsonFile(file, SecretsFileSchema).values));
  }

  get(name: string): string | undefined {
    const cached = this.plain.get(name);
    if (cached !== undefined) return cached;
    const blob = this.blobs.get(name);
    if (blob === undefined) return undefined;
    try {
      const value = safeStorage.decryptString(Buffer.from(blob, 'base64'));
      this.plain.set(name, value);
      return value;
    } catch (err) {
      // E.g. the file was copied from another user or PC: DPAPI cannot decrypt it there.
      log.warn('a stored secret cannot be decrypted; enter it again', {
        name,
        err: (err as Error).message,
      });
      return undefined;
    }
  }

  set(name: string, value: string | undefined): void {
    if (value === undefined || value === '') {
      if (!this.blobs.has(name)) return;
      this.blobs.delete(name);
      this.plain.delete(name);
      this.save();
      return;
    }
    assertEncryptionAvailable();
    const blob = safeStorage.encryptString(value).toString('base64');
    this.blobs.set(name, blob);
    this.plain.set(name, value);
    this.save();
  }

  private save(): void {
    writeJsonFile(this.file, { version: 1, values: Object.fromEntries(this.blobs) });
  }
}

function assertEncryptionAvailable(): void {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new SecureStorageUnavailableError('the operating system’s encryption (DPAPI) is not available.');
  }
  // On Linux without a keyring, safeStorage "encrypts" with a hard-coded key: not encryption.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new SecureStorageUnavailableError('no OS keyring is available (basic_text backend).');
  }
}
