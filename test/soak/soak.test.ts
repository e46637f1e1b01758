import { describe, expect, it } from 'vitest';
import { formatSoak, runSoak } from './soak-runner';

// The short soak in `npm test`; `npm run soak` runs the long one over many seeds.
const SEED = Number(process.env.MLC_SOAK_SEED ?? 20261126);

describe('crash and fault soak (short)', () => {
  it(`loses nothing and posts nothing twice across SIGKILLs and faults (seed ${SEED}; replay with MLC_SOAK_SEED=${SEED})`, async () => {
    const r = await runSoak({ seed: SEED, rounds: 30, killRate: 0.4 });
    const report = formatSoak(r);
    console.log(report);
    expect(r.kills, report).toBeGreaterThanOrEqual(5);
    expect(r.duplicates, report).toBe(0);
    expect(r.lost, report).toBe(0);
    expect(r.contentMismatches, report).toBe(0);
    expect(r.unexplained, report).toBe(0);
    expect(r.problems, report).toEqual([]);
    expect(r.auditComplete, report).toBe(true);
    expect(r.dbIntegrity).toBe('ok');
    expect(r.ordersShipped).toBeGreaterThan(10);
    // The story sells bundles: the oracle checked some.
    expect(r.bundlesChecked, report).toBeGreaterThan(0);
    expect(r.giftCardsChecked, report).toBeGreaterThan(0);
  }, 240_000);
});
