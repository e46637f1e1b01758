import { api, type ApiInput, type ApiName, type ApiOutput } from '../../../shared/api';
import type { EngineEvent } from '../../../shared/events';
import type { DesktopBridge } from '../../../shared/desktop-bridge';
import { ApiError, isEventName, type Transport } from './transport';

/** Desktop mode: the same requests through the preload bridge (Electron IPC). */
export function ipcTransport(bridge: DesktopBridge): Transport {
  return {
    async call<N extends ApiName>(name: N, input: Partial<ApiInput<N>>): Promise<ApiOutput<N>> {
      const r = await bridge.call(name, input);
      if (!r.ok) throw new ApiError(r.status, r.code, r.message);
      return api[name].output.parse(r.value) as ApiOutput<N>;
    },
    subscribe(listener: (e: EngineEvent) => void): () => void {
      return bridge.onEvent((e) => {
        if (isEventName(e.name)) listener(e as EngineEvent);
      });
    },
  };
}
