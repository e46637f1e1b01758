import type { ApiInput, ApiName, ApiOutput } from '../../../shared/api';
import type { EngineEvent, EventName } from '../../../shared/events';

/**
 * How the renderer reaches the engine. Two implementations of one contract: HTTP + Server-Sent
 * Events (web mode, token-protected) and Electron IPC (the preload bridge `window.mlc`).
 */
export interface Transport {
  call<N extends ApiName>(name: N, input: Partial<ApiInput<N>>): Promise<ApiOutput<N>>;
  /** Subscribes to pushed events; returns an unsubscribe function. */
  subscribe(listener: (e: EngineEvent) => void): () => void;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The Electron preload exposes exactly this object (see src-main/electron/preload.ts). */
export interface DesktopBridge {
  call(name: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; status: number; code: string; message: string }>;
  onEvent(listener: (e: { name: string; payload: unknown; at: string }) => void): () => void;
}

declare global {
  interface Window {
    mlc?: DesktopBridge;
  }
}

export function isEventName(name: string): name is EventName {
  return ['status', 'orders', 'audit', 'qbwc', 'progress', 'flagged'].includes(name);
}
