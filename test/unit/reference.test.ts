import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_QB_REFERENCE, VENDORED_QB_REFERENCE } from '../helpers/reference';

function files(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((f) => {
    const r = path.join(rel, f);
    return statSync(path.join(dir, r)).isDirectory() ? files(dir, r) : [r];
  });
}

describe('vendored reference material', () => {
  it.runIf(existsSync(SHARED_QB_REFERENCE))('is a byte-for-byte copy of ../shared/reference/quickbooks', () => {
    const ours = files(VENDORED_QB_REFERENCE).sort();
    expect(ours).toEqual(files(SHARED_QB_REFERENCE).sort());
    for (const f of ours) {
      expect(readFileSync(path.join(VENDORED_QB_REFERENCE, f)).equals(readFileSync(path.join(SHARED_QB_REFERENCE, f))), f).toBe(
        true,
      );
    }
  });
});
