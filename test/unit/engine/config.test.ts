import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../../src-main/engine/config';

describe('config', () => {
  it('uses defaults: port 8085 on 127.0.0.1 only', () => {
    const c = resolveConfig({});
    expect(c.port).toBe(8085);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it('layers flags over env over stored settings', () => {
    const c = resolveConfig({
      stored: { port: 9001, pollCron: '*/10 * * * *', shipstation: { apiVersion: 'v1' } },
      env: {
        MLC_PORT: '9002',
        MLC_SHIPSTATION_API_VERSION: 'v2',
        MLC_QBWC_USERNAME: 'qb',
        MLC_DATA_DIR: '/tmp/x',
      },
      flags: { port: 9003 },
    });
    expect(c.port).toBe(9003);
    expect(c.shipstation.apiVersion).toBe('v2');
    expect(c.pollCron).toBe('*/10 * * * *');
    expect(c.qbwc.username).toBe('qb');
    expect(c.dataDir).toBe('/tmp/x');
  });

  it('rejects bad values with a clear message', () => {
    expect(() => resolveConfig({ env: { MLC_PORT: 'eighty' } })).toThrow(ConfigError);
    expect(() => resolveConfig({ env: { MLC_SHIPSTATION_API_VERSION: 'v3' } })).toThrow(/v1 or v2/);
    expect(() => resolveConfig({ env: { MLC_SHIPSTATION_BASE_URL: 'not a url' } })).toThrow(
      /shipstation.baseUrl/,
    );
    expect(() => resolveConfig({ env: { MLC_API_TOKEN: 'short' } })).toThrow(/apiToken/);
  });
});
