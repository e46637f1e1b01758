/**
 * Issue "ShipStation as it really is" (step 5, settings the environment sets): what the environment
 * sets (MLC_SHIPSTATION_*, MLC_QBWC_*) wins over the UI, so the API says so and refuses to "save" a
 * value that would be ignored; the status tells the settings page which ones. Over real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface StatusBody {
  shipstation: { setByEnvironment?: string[] };
  qbwc: { setByEnvironment?: string[] };
}

describe('settings set by the environment', () => {
  it('are reported, and a change through the API is refused with the variable to change instead', async () => {
    h = await startHarness({ shipstation: { sim: { orders: 0 } } });
    const status = await h.api<StatusBody>('/api/status');
    expect(status.body.shipstation.setByEnvironment).toEqual(
      expect.arrayContaining(['MLC_SHIPSTATION_API_VERSION', 'MLC_SHIPSTATION_API_KEY']),
    );
    expect(status.body.qbwc.setByEnvironment).toEqual(['MLC_QBWC_USERNAME', 'MLC_QBWC_PASSWORD']);

    const ss = await h.api<{ error: { code: string; message: string } }>('/api/settings/shipstation', {
      method: 'POST',
      body: { apiVersion: 'v1', apiKey: 'a-wrong-key-0000', apiSecret: 'a-wrong-secret-0000' },
    });
    expect([ss.status, ss.body.error.code]).toEqual([409, 'set_by_environment']);
    expect(ss.body.error.message).toMatch(/MLC_SHIPSTATION_API_KEY/);
    // Nothing changed: the connection still answers with the environment's key.
    const test = await h.api<{ ok: boolean }>('/api/shipstation/test', { method: 'POST', body: {} });
    expect(test.body.ok).toBe(true);

    const qb = await h.api<{ error: { code: string } }>('/api/settings/qbwc-credentials', {
      method: 'POST',
      body: { username: 'someone-else', password: 'another-password' },
    });
    expect([qb.status, qb.body.error.code]).toEqual([409, 'set_by_environment']);
    expect((await h.session()).outcome).toBe('completed');
  });

  it('a base URL alone from the environment leaves the keys to the settings page', async () => {
    h = await startHarness({
      shipstation: { configureEngine: 'base-url-only', sim: { orders: 0 } },
      qbwcEnv: false,
    });
    const status = await h.api<StatusBody>('/api/status');
    expect(status.body.shipstation.setByEnvironment).toEqual([]);
    expect(status.body.qbwc.setByEnvironment).toEqual([]);
  });
});
