import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_QB_REFERENCE, VENDORED_QB_REFERENCE } from '../helpers/reference';

const pairs = [
  [SHARED_QB_REFERENCE, VENDORED_QB_REFERENCE],
  [
    path.resolve(SHARED_QB_REFERENCE, '../shipstation'),
    path.resolve(VENDORED_QB_REFERENCE, '../shipstation'),
  ],
] as const;

function files(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((f) => {
    const r = path.join(rel, f);
    return statSync(path.join(dir, r)).isDirectory() ? files(dir, r) : [r];
  });
}

describe('vendored reference material', () => {
  it.runIf(existsSync(SHARED_QB_REFERENCE)).each(pairs)(
    '%s is copied byte for byte to %s',
    (shared, vendored) => {
      const ours = files(vendored).sort();
      expect(ours).toEqual(files(shared).sort());
      for (const f of ours) {
        expect(readFileSync(path.join(vendored, f)).equals(readFileSync(path.join(shared, f))), f).toBe(true);
      }
    },
  );
});
