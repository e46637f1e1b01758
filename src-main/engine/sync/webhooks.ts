import { createHash } from 'node:crypto';
import type { AuditLog } from '../db/audit';
import { AuditFolder } from '../db/audit-fold';
import type { Db } from '../db/open';
import type { SettingsStore } from '../db/settings';
import { createLogger } from '../log/logger';
import { randomToken, safeEqual } from '../security/password';
import { ShipStationError } from '../shipstation/errors';
import { MemorySecretStore, type SecretStore, type ShipStationService } from '../shipstation/service';
import type { Ingestor } from './ingest';

const log = createLogger('webhooks');

export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
}

export interface WebhookReply {
  status: number;
  body: { ok: boolean; message: string };
}

export type SignatureCheck = (
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
) => Promise<{ ok: true } | { ok: false; reason: string }>;

const SECRET_NAME = 'webhooks.secret';

/** A delivery repeated within this window is acknowledged but not fetched again. */
const REPLAY_WINDOW_MS = 10 * 60_000;

/**
 * `POST /webhooks/shipstation`. Off unless enabled. A delivery carries only a resource_url: it is
 * authenticated (V1: the secret in our target URL; V2: the RSA signature), stored, answered 200 at
 * once, then fetched through the rate governor by the ShipStation client, which refuses any host
 * but ShipStation's (so our credentials never go elsewhere). Stored first, so a crash loses nothing.
 */
export class WebhookIntake {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly folder: AuditFolder;

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsStore,
    private readonly audit: AuditLog,
    private readonly shipstation: ShipStationService,
    private readonly ingestor: Ingestor,
    private readonly verifyV2: SignatureCheck,
    /** Called after a delivery's records are stored (the engine reconciles). */
    private readonly onApplied: () => void = () => undefined,
    private readonly paused: () => boolean = () => false,
    /** Where the target URL's secret is kept: with the other secrets, never in the database. */
    private readonly secrets: SecretStore = new MemorySecretStore(),
  ) {
    this.folder = new AuditFolder(audit);
  }

  enabled(): boolean {
    return this.settings.get<boolean>('webhooks.enabled') === true;
  }

  setEnabled(on: boolean): void {
    this.settings.set('webhooks.enabled', on);
  }

  /** The secret that goes into the target URL we subscribe with (V1 deliveries are unsigned). */
  secret(): string {
    const kept = this.secrets.get(SECRET_NAME);
    if (kept) return kept;
    // Kept in the database by earlier versions: moved out of it, the same value (subscriptions hold it).
    const legacy = this.settings.get<string>(SECRET_NAME);
    const secret = legacy ?? randomToken(24);
    this.secrets.set(SECRET_NAME, secret);
    if (legacy) this.settings.delete(SECRET_NAME);
    return secret;
  }

  targetPath(): string {
    return `/webhooks/shipstation?secret=${encodeURIComponent(this.secret())}`;
  }

  /** Anyone can POST here: refusals are counted into one line a minute per status, never a row each. */
  private refuse(status: number, message: string, detail: Record<string, unknown>): WebhookReply {
    this.folder.record(`refused-${status}`, {
      level: 'warn',
      category: 'shipstation',
      event: 'webhook-refused',
      message,
      data: detail,
    });
    return { status, body: { ok: false, message } };
  }

  async handle(req: WebhookRequest): Promise<WebhookReply> {
    if (!this.enabled()) return { status: 404, body: { ok: false, message: 'Webhooks are not enabled.' } };
    const apiVersion = this.shipstation.credentials().apiVersion;
    if (apiVersion === 'v1') {
      const given = req.query.get('secret') ?? '';
      if (!safeEqual(given, this.secret()))
        return this.refuse(401, 'Webhook refused: wrong or missing secret.', {});
    } else {
      const check = await this.verifyV2(req.rawBody, req.headers);
      // The validation guide: no signature headers → 404, any other failed check → 400.
      if (!check.ok)
        return this.refuse(
          check.reason === 'missing_headers' ? 404 : 400,
          `Webhook refused: ${check.reason}`,
          {},
        );
    }
    let payload: unknown;
    try {
      payload = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      return this.refuse(400, 'Webhook refused: the body is not JSON.', {});
    }
    // JSON.parse accepts `null`, numbers, strings and arrays too: only an object can be a delivery.
    const p = (typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload : {}) as {
      resource_url?: unknown;
      resource_type?: unknown;
    };
    if (
      typeof p.resource_url !== 'string' ||
      typeof p.resource_type !== 'string' ||
      p.resource_url.length > 2048
    ) {
      return this.refuse(400, 'Webhook refused: resource_url and resource_type are required.', {});
    }
    const bodyHash = createHash('sha256').update(req.rawBody).digest('hex');
    const since = new Date(Date.now() - REPLAY_WINDOW_MS).toISOString();
    const seen = this.db
      .prepare(
        `SELECT id FROM webhook_deliveries WHERE body_hash = ? AND received_at >= ? AND status IN ('pending', 'done', 'duplicate') LIMIT 1`,
      )
      .get(bodyHash, since);
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO webhook_deliveries (received_at, api_version, resource_type, resource_url, body_hash, status)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          new Date().toISOString(),
          apiVersion,
          p.resource_type,
          p.resource_url,
          bodyHash,
          seen ? 'duplicate' : 'pending',
        ).lastInsertRowid,
    );
    if (seen) return { status: 200, body: { ok: true, message: 'Already received.' } };
    // Paused: kept, and fetched when syncing resumes (nothing is polled meanwhile).
    if (this.paused())
      return { status: 200, body: { ok: true, message: 'Stored; fetched when syncing resumes.' } };
    this.track(this.process(id, p.resource_url, p.resource_type));
    return { status: 200, body: { ok: true, message: 'Accepted.' } };
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async process(id: number, url: string, type: string): Promise<void> {
    const client = this.shipstation.client();
    const finish = (status: 'done' | 'failed' | 'refused', detail: string): void => {
      this.db
        .prepare('UPDATE webhook_deliveries SET status = ?, detail = ?, processed_at = ? WHERE id = ?')
        .run(status, detail, new Date().toISOString(), id);
    };
    if (!client) {
      finish('failed', 'ShipStation is not connected.');
      return;
    }
    try {
      const resource = await client.fetchResource(url, type, { priority: 'background' });
      const s = this.ingestor.applyResource(resource);
      finish('done', `${s.fetched} record(s): ${s.new} new, ${s.changed} changed`);
      this.onApplied();
      this.audit.record({
        level: 'info',
        category: 'shipstation',
        event: 'webhook',
        message: `Webhook ${type}: ${s.fetched} record(s) fetched, ${s.new} new, ${s.changed} changed.`,
        data: { deliveryId: id },
      });
    } catch (err) {
      const refused = err instanceof ShipStationError && err.kind === 'forbidden_host';
      finish(refused ? 'refused' : 'failed', (err as Error).message);
      this.audit.record({
        level: refused ? 'warn' : 'error',
        category: 'shipstation',
        event: refused ? 'webhook-refused' : 'webhook-failed',
        message: refused
          ? `Webhook refused: its resource_url is not on ShipStation's API host, so it was not fetched (${(err as Error).message}).`
          : `Webhook ${type} could not be fetched: ${(err as Error).message}. The next poll picks the change up.`,
        data: { deliveryId: id, url: refused ? url : undefined },
      });
      log.warn('webhook processing failed', { id, err: (err as Error).message });
    }
  }

  /** Deliveries stored but not processed before a restart. */
  resumePending(): number {
    if (this.paused()) return 0;
    const rows = this.db
      .prepare(
        `SELECT id, resource_url, resource_type FROM webhook_deliveries WHERE status = 'pending' ORDER BY id`,
      )
      .all() as { id: number; resource_url: string; resource_type: string }[];
    for (const r of rows) this.track(this.process(r.id, r.resource_url, r.resource_type));
    return rows.length;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}
