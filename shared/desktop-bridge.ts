/**
 * The object the Electron preload exposes to the renderer as `window.mlc`: exactly two functions,
 * carrying the same API contract (shared/api.ts) and events (shared/events.ts) as HTTP + SSE.
 * Implemented by src-main/electron/preload.ts; used by src-renderer/src/api/ipc-transport.ts.
 */

/** What `call` resolves to: the handler's value, or the error the HTTP API would have answered. */
export type BridgeCallResult =
  { ok: true; value: unknown } | { ok: false; status: number; code: string; message: string };

/** One pushed event as it crosses the bridge. */
export interface BridgeEvent {
  name: string;
  payload: unknown;
  at: string;
}

export interface DesktopBridge {
  call(name: string, input: unknown): Promise<BridgeCallResult>;
  onEvent(listener: (e: BridgeEvent) => void): () => void;
}
