import type { ApiInput, ApiName, ApiOutput } from '../../../shared/api';
import type { DesktopBridge } from '../../../shared/desktop-bridge';
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

declare global {
  interface Window {
    mlc?: DesktopBridge;
  }
}

export function isEventName(name: string): name is EventName {
  return ['status', 'orders', 'audit', 'qbwc', 'progress', 'flagged'].includes(name);
}
