import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomToken } from './password';

export const TOKEN_FILE = 'api-token';

/** MLC_API_TOKEN when given, else a token generated once into the data directory (owner-only). */
export function loadOrCreateApiToken(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, TOKEN_FILE);
  if (existsSync(file)) {
    const t = readFileSync(file, 'utf8').trim();
    if (t.length >= 16) return t;
  }
  const token = randomToken(32);
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}
