import { api, type ApiName, type ApiInput, type ApiOutput } from '../../shared/api';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the engine over the same typed contract the Electron bridge serves, via HTTP. */
export function createHttpApi(token: string | null) {
  return async function call<N extends ApiName>(
    name: N,
    input: Partial<ApiInput<N>> = {},
  ): Promise<ApiOutput<N>> {
    const spec = api[name];
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    let url = `/api${spec.path}`;
    let body: string | undefined;
    if (spec.method === 'GET') {
      const qs = new URLSearchParams(
        Object.entries(input).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
      ).toString();
      if (qs) url += `?${qs}`;
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(input);
    }
    const res = await fetch(url, { method: spec.method, headers, body });
    const json = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!res.ok) throw new ApiError(res.status, json.error?.message ?? `HTTP ${res.status}`);
    return spec.output.parse(json) as ApiOutput<N>;
  };
}
