/**
 * Issue 10 §3, over real sockets: QuickBooks writes times with its standard-time offset all year
 * (simulator: CompanyCore.stamp). The mirror's watermarks must miss nothing at either daylight saving
 * edge, above all in the hour repeated when the clocks go back. Oracle: the QuickBooks simulator's
 * customers against the engine's mirror.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function world(startMs: number): Promise<{ x: Harness; at: (ms: number) => void }> {
  let t = startMs;
  const x = await startHarness({
    customers: 20,
    items: 10,
    companyOptions: { now: () => new Date(t), timeZone: 'America/Los_Angeles' },
    config: { qbwc: { mirrorIntervalSeconds: 0 } },
  });
  expect((await x.session()).outcome).toBe('completed');
  return { x, at: (ms) => (t = ms) };
}

const mirrored = (x: Harness, listId: string): string | null =>
  (
    x.engine.db.prepare('SELECT email FROM qb_customers WHERE list_id = ?').get(listId) as {
      email: string | null;
    }
  ).email;

describe('watermarks across daylight saving time (issue 10)', () => {
  for (const edge of [
    // Clocks go back at 09:00Z: 01:50 PDT, then 01:10 PST twenty minutes later.
    {
      name: 'fall back (the repeated hour)',
      first: Date.UTC(2026, 10, 1, 8, 50),
      second: Date.UTC(2026, 10, 1, 9, 10),
    },
    // Clocks go forward at 10:00Z: 01:55 PST, then 03:05 PDT ten minutes later.
    { name: 'spring forward', first: Date.UTC(2026, 2, 8, 9, 55), second: Date.UTC(2026, 2, 8, 10, 5) },
  ]) {
    it(`the mirror misses no change at the ${edge.name} edge`, async () => {
      const { x, at } = await world(edge.first - 3_600_000);
      h = x;
      const [a, b] = x.company.customers().filter((c) => c.IsActive && !c.FullName.includes(':'));
      at(edge.first);
      x.company.modifyCustomer(a!.ListID, { email: 'first@example.com' });
      await x.session();
      expect(mirrored(x, a!.ListID)).toBe('first@example.com');
      at(edge.second);
      x.company.modifyCustomer(b!.ListID, { email: 'second@example.com' });
      await x.session();
      expect(mirrored(x, b!.ListID)).toBe('second@example.com');
      // And later sessions keep up.
      at(edge.second + 3 * 3_600_000);
      x.company.modifyCustomer(a!.ListID, { email: 'third@example.com' });
      await x.session();
      expect(mirrored(x, a!.ListID)).toBe('third@example.com');
    });
  }
});
