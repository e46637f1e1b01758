import { z } from 'zod';

/**
 * Events the engine pushes to its clients (Server-Sent Events in web mode, IPC in the desktop app).
 * Each says what changed; clients re-fetch what they show through the API contract.
 */
export const events = {
  /** Something on the status page changed (connections, counts, rate budget). */
  status: z.object({ reason: z.string() }),
  /** Orders changed status (ingest, reconcile, posting, resolution). */
  orders: z.object({ reason: z.string(), orderNumbers: z.array(z.string()).max(500).optional() }),
  /** New audit entries were written; `lastId` is the newest. */
  audit: z.object({ lastId: z.number() }),
  /** A QuickBooks Web Connector session started, progressed or ended. */
  qbwc: z.object({
    sessionId: z.number(),
    type: z.enum(['session-started', 'progress', 'session-closed', 'session-error']),
    percent: z.number().optional(),
  }),
  /** A long run's progress (first mirror of a big list, backfill). */
  progress: z.object({ task: z.string(), done: z.number(), total: z.number().nullable(), label: z.string() }),
  /** New flagged orders appeared (desktop notification). */
  flagged: z.object({ count: z.number(), orderNumbers: z.array(z.string()).max(50) }),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.infer<(typeof events)[N]>;
export interface EngineEvent<N extends EventName = EventName> {
  name: N;
  payload: EventPayload<N>;
  at: string;
}
