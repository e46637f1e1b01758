import { api, type ApiInput, type ApiName, type ApiOutput } from '../../../shared/api';
import type { EngineEvent } from '../../../shared/events';
import { ApiError, isEventName, type Transport } from './transport';

/** Web mode: JSON over HTTP under /api with the bearer token; events by SSE read with fetch (token in a header). */
export function httpTransport(token: string | null, base = ''): Transport {
  const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  return {
    async call<N extends ApiName>(name: N, input: Partial<ApiInput<N>>): Promise<ApiOutput<N>> {
      const spec = api[name];
      let url = `${base}/api${spec.path}`;
      const init: RequestInit = { method: spec.method, headers: headers() };
      if (spec.method === 'GET') {
        const qs = new URLSearchParams(
          Object.entries(input as Record<string, unknown>).flatMap(([k, v]) =>
            v === undefined || v === null ? [] : [[k, String(v)]],
          ),
        ).toString();
        if (qs) url += `?${qs}`;
      } else {
        init.headers = { ...headers(), 'content-type': 'application/json' };
        init.body = JSON.stringify(input);
      }
      let res: Response;
      try {
        res = await fetch(url, init);
      } catch {
        throw new ApiError(0, 'network', 'Cannot reach the ml-connector engine. Is it running?');
      }
      const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      if (!res.ok)
        throw new ApiError(
          res.status,
          json.error?.code ?? 'http',
          json.error?.message ?? `HTTP ${res.status}`,
        );
      return spec.output.parse(json) as ApiOutput<N>;
    },

    subscribe(listener: (e: EngineEvent) => void): () => void {
      const ac = new AbortController();
      let retryMs = 1000;
      const run = async (): Promise<void> => {
        while (!ac.signal.aborted) {
          try {
            const res = await fetch(`${base}/api/events`, { headers: headers(), signal: ac.signal });
            if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
            retryMs = 1000;
            const reader = res.body.getReader();
            const decoder = new TextDecoder();
            let buf = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              buf += decoder.decode(value, { stream: true });
              let idx: number;
              while ((idx = buf.indexOf('\n\n')) >= 0) {
                const block = buf.slice(0, idx);
                buf = buf.slice(idx + 2);
                const name = /^event: (.+)$/m.exec(block)?.[1];
                const data = /^data: (.+)$/m.exec(block)?.[1];
                if (name && data && isEventName(name)) {
                  const payload = JSON.parse(data) as { at?: string };
                  listener({ name, payload, at: payload.at ?? new Date().toISOString() } as EngineEvent);
                }
              }
            }
          } catch {
            if (ac.signal.aborted) return;
          }
          await new Promise((r) => setTimeout(r, retryMs));
          retryMs = Math.min(retryMs * 2, 30_000);
        }
      };
      void run();
      return () => ac.abort();
    },
  };
}
