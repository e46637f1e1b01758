import type { AuditEntry, AuditLog } from './audit';

/**
 * Audit lines an unauthenticated caller can cause (a made-up ticket, a refused webhook, a client
 * version check) are bounded: one line per kind per window, with its text cut to a few hundred
 * characters; the lines a window swallowed are counted and told by the next line of that kind. The
 * trail stays append-only, and a flood grows it by one short line a minute.
 */
export class AuditFolder {
  private readonly last = new Map<string, { at: number; folded: number; since: string }>();

  constructor(
    private readonly audit: AuditLog,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes the entry unless one of this kind was written within the window (then only counts it). */
  record(kind: string, e: AuditEntry): boolean {
    const t = this.now();
    const prev = this.last.get(kind);
    if (prev && t - prev.at < this.windowMs) {
      prev.folded++;
      return false;
    }
    const folded = prev?.folded ? ` (${prev.folded} more like it since ${prev.since} were not written.)` : '';
    this.audit.record({ ...e, message: clip(e.message, 400) + folded, data: clipData(e.data) });
    this.last.set(kind, { at: t, folded: 0, since: new Date(t).toISOString() });
    return true;
  }
}

export const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max)}… (cut)` : s);

function clipData(d: unknown): unknown {
  if (d === undefined) return undefined;
  const text = JSON.stringify(d);
  return text.length > 1000 ? { cut: clip(text, 1000) } : d;
}
