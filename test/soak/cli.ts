/**
 * `npm run soak [-- --seeds 5 --rounds 150 --kill-rate 0.4 --seed 123]`: the long crash-and-fault
 * soak. Every seed is reproducible; a failing one is printed with the command that replays it.
 */
import { parseArgs } from 'node:util';
import { formatSoak, runSoak } from './soak-runner';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '150' },
    'kill-rate': { type: 'string', default: '0.4' },
    seed: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const killRate = Number(values['kill-rate']);
const seeds = values.seed
  ? [Number(values.seed)]
  : Array.from({ length: Number(values.seeds) }, (_, i) => 1000 + i * 7919);

let failed = false;
const totals = {
  kills: 0,
  shipped: 0,
  once: 0,
  duplicates: 0,
  lost: 0,
  mismatches: 0,
  unexplained: 0,
  corrections: 0,
};
for (const seed of seeds) {
  const r = await runSoak({ seed, rounds, killRate, log: (l) => process.stdout.write(`  [${seed}] ${l}\n`) });
  process.stdout.write(formatSoak(r) + '\n');
  totals.kills += r.kills;
  totals.shipped += r.ordersShipped;
  totals.once += r.postedExactlyOnce;
  totals.duplicates += r.duplicates;
  totals.lost += r.lost;
  totals.mismatches += r.contentMismatches;
  totals.unexplained += r.unexplained;
  totals.corrections += r.correctionsAsUpdates;
  if (
    r.duplicates ||
    r.lost ||
    r.contentMismatches ||
    r.unexplained ||
    r.problems.length ||
    !r.auditComplete ||
    r.dbIntegrity !== 'ok'
  ) {
    failed = true;
    process.stdout.write(
      `FAILED seed ${seed}: replay with  npm run soak -- --seed ${seed} --rounds ${rounds}\n`,
    );
  }
}
process.stdout.write(
  `\nSOAK ${failed ? 'FAILED' : 'PASSED'}: ${seeds.length} seed(s) × ${rounds} rounds, ${totals.kills} SIGKILLs; ` +
    `${totals.shipped} orders shipped, ${totals.once} posted exactly once, ${totals.duplicates} duplicates, ${totals.lost} lost, ` +
    `${totals.mismatches} content mismatches, ${totals.unexplained} unexplained QuickBooks transactions, ` +
    `${totals.corrections} corrections applied as updates\n`,
);
process.exitCode = failed ? 1 : 0;
