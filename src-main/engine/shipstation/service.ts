import type { SettingsStore } from '../db/settings';
import { createLogger } from '../log/logger';
import { createShipStationClient, type CreateShipStationClientOptions } from './client';
import type { ApiVersion, RateBudget, ShipStationClient } from './types';

const log = createLogger('shipstation');

export interface ShipStationCredentials {
  apiVersion: ApiVersion;
  baseUrl?: string;
  apiKey?: string;
  apiSecret?: string;
}

/**
 * Where ShipStation's key and secret are kept. The desktop app stores them with the OS keychain
 * (safeStorage/DPAPI); headless mode keeps them in memory only, from the environment or the API.
 */
export interface SecretStore {
  get(name: string): string | undefined;
  set(name: string, value: string | undefined): void;
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  get(name: string): string | undefined {
    return this.values.get(name);
  }
  set(name: string, value: string | undefined): void {
    if (value === undefined) this.values.delete(name);
    else this.values.set(name, value);
  }
}

/** Owns the ShipStation client: built from settings + secrets, rebuilt when they change. */
export class ShipStationService {
  private current: ShipStationClient | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly secrets: SecretStore,
    /** From flags/env: these win over stored settings. */
    private readonly overrides: Partial<ShipStationCredentials>,
    private readonly clientOptions: Partial<
      Omit<CreateShipStationClientOptions, 'apiVersion' | 'baseUrl' | 'apiKey' | 'apiSecret'>
    > = {},
  ) {}

  credentials(): Required<Pick<ShipStationCredentials, 'apiVersion'>> & ShipStationCredentials {
    const stored = this.settings.get<{ apiVersion?: ApiVersion; baseUrl?: string }>('shipstation') ?? {};
    return {
      apiVersion: this.overrides.apiVersion ?? stored.apiVersion ?? 'v1',
      baseUrl: this.overrides.baseUrl ?? stored.baseUrl,
      apiKey: this.overrides.apiKey ?? this.secrets.get('shipstation.apiKey'),
      apiSecret: this.overrides.apiSecret ?? this.secrets.get('shipstation.apiSecret'),
    };
  }

  /**
   * The environment variables that set ShipStation's credentials (they win; the UI cannot change
   * them). A base URL from the environment alone (a test double, a proxy) leaves the keys editable.
   */
  setByEnvironment(): string[] {
    const names: [keyof ShipStationCredentials, string][] = [
      ['apiVersion', 'MLC_SHIPSTATION_API_VERSION'],
      ['apiKey', 'MLC_SHIPSTATION_API_KEY'],
      ['apiSecret', 'MLC_SHIPSTATION_API_SECRET'],
    ];
    return names.filter(([k]) => this.overrides[k] !== undefined).map(([, n]) => n);
  }

  isConfigured(): boolean {
    const c = this.credentials();
    return Boolean(c.apiKey && (c.apiVersion === 'v2' || c.apiSecret));
  }

  client(): ShipStationClient | undefined {
    if (this.current) return this.current;
    if (!this.isConfigured()) return undefined;
    const c = this.credentials();
    this.current = createShipStationClient({
      apiVersion: c.apiVersion,
      baseUrl: c.baseUrl,
      apiKey: c.apiKey!,
      apiSecret: c.apiSecret,
      ...this.clientOptions,
    });
    return this.current;
  }

  async setCredentials(c: ShipStationCredentials): Promise<void> {
    this.settings.set('shipstation', { apiVersion: c.apiVersion, baseUrl: c.baseUrl });
    this.secrets.set('shipstation.apiKey', c.apiKey);
    this.secrets.set('shipstation.apiSecret', c.apiSecret);
    await this.reset();
  }

  async reset(): Promise<void> {
    const old = this.current;
    this.current = undefined;
    await old
      ?.close()
      .catch((err: unknown) => log.warn('closing the old client failed', { err: String(err) }));
  }

  rateBudget(): RateBudget | null {
    return this.current?.rateBudget() ?? null;
  }

  /** The "Test connection" button: an interactive call that goes ahead of background polling. */
  async test(): Promise<{ ok: boolean; message: string; stores: number | null }> {
    const client = this.client();
    if (!client)
      return {
        ok: false,
        message: 'ShipStation is not set up: enter the API key (and secret for V1).',
        stores: null,
      };
    try {
      const r = await client.testConnection({ priority: 'interactive' });
      return {
        ok: true,
        message:
          client.apiVersion === 'v1'
            ? `Connected to ShipStation (V1): ${r.stores} store(s).`
            : 'Connected to ShipStation (V2).',
        stores: r.stores,
      };
    } catch (err) {
      return { ok: false, message: (err as Error).message, stores: null };
    }
  }

  async close(): Promise<void> {
    await this.reset();
  }
}
