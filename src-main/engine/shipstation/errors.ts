/**
 * The one error type the ShipStation layer throws. `message` is written for the merchant (shown in
 * the UI as is); `detail` is for the log and support (method, path, status, ShipStation's own words).
 * Neither ever contains a credential.
 */
export type ShipStationErrorKind =
  | 'auth'
  | 'rate_limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'bad_response'
  | 'not_found'
  | 'bad_request'
  | 'forbidden_host';

export interface ShipStationErrorInit {
  kind: ShipStationErrorKind;
  /** Overrides the default merchant-facing message for the kind. */
  message?: string;
  status?: number | null;
  attempts?: number;
  detail?: string;
  requestId?: string | null;
  cause?: unknown;
}

const DEFAULT_MESSAGES: Record<ShipStationErrorKind, string> = {
  auth: 'ShipStation rejected the API key/secret. Check them in Settings (in ShipStation: Settings → Account → API Settings).',
  rate_limit:
    'ShipStation asked us to slow down (rate limit) and kept refusing. The sync will try again shortly.',
  server: 'ShipStation is having trouble right now. The sync will try again later.',
  network: "Could not reach ShipStation. Check this computer's internet connection.",
  timeout: 'ShipStation did not answer in time. The sync will try again later.',
  bad_response: 'ShipStation sent a response the connector could not understand.',
  not_found: 'ShipStation could not find that record.',
  bad_request: 'ShipStation refused the request.',
  forbidden_host: 'Refused to contact an address that is not ShipStation.',
};

export class ShipStationError extends Error {
  override readonly name = 'ShipStationError';
  readonly kind: ShipStationErrorKind;
  readonly status: number | null;
  readonly attempts: number;
  /** Technical detail for logs and support. */
  readonly detail: string;
  /** V2 `request_id`, when ShipStation sent one. */
  readonly requestId: string | null;

  constructor(init: ShipStationErrorInit) {
    super(
      init.message ?? DEFAULT_MESSAGES[init.kind],
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.attempts = init.attempts ?? 0;
    this.detail = init.detail ?? '';
    this.requestId = init.requestId ?? null;
  }

  /** A plain object for log lines and the audit trail. */
  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      status: this.status,
      attempts: this.attempts,
      message: this.message,
      detail: this.detail,
      requestId: this.requestId,
    };
  }
}

export function defaultMessage(kind: ShipStationErrorKind): string {
  return DEFAULT_MESSAGES[kind];
}

export interface ParsedErrorBody {
  /** ShipStation's own explanation, trimmed to something printable, or null. */
  message: string | null;
  requestId: string | null;
}

const MAX_ERROR_TEXT = 300;

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_ERROR_TEXT ? `${t.slice(0, MAX_ERROR_TEXT)}…` : t;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/**
 * Reads an error body whatever its shape: V2 `{request_id, errors:[{message,…}]}`, V1 ASP.NET
 * `{Message, ExceptionMessage}`, `{message}`, HTML, plain text or nothing. Never throws.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return { message: null, requestId: null };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const j: unknown = JSON.parse(trimmed);
      if (j && typeof j === 'object' && !Array.isArray(j)) {
        const o = j as Record<string, unknown>;
        const requestId = str(o.request_id);
        if (Array.isArray(o.errors)) {
          const msgs = o.errors
            .map((e) => (e && typeof e === 'object' ? str((e as Record<string, unknown>).message) : str(e)))
            .filter((m): m is string => m !== null);
          if (msgs.length > 0) return { message: clip(msgs.join('; ')), requestId };
        }
        const main = str(o.Message) ?? str(o.message) ?? str(o.error) ?? str(o.error_description);
        const extra = str(o.ExceptionMessage);
        if (main || extra) {
          const parts = [main, extra && extra !== main ? extra : null].filter((p): p is string => p !== null);
          return { message: clip(parts.join(' — ')), requestId };
        }
        return { message: clip(trimmed), requestId };
      }
    } catch {
      // not JSON after all: fall through to text handling
    }
  }
  if (/^<(!doctype|html|\?xml|head|body)/i.test(trimmed) || /<\/?[a-z][^>]*>/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1];
    const textOnly = (title ?? trimmed.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ''))
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
    const t = clip(textOnly);
    return { message: t === '' ? null : t, requestId: null };
  }
  return { message: clip(trimmed), requestId: null };
}
