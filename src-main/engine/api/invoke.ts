import { api, type ApiHandlers, type ApiName } from '../../../shared/api';
import { HttpError } from '../http/body';
import { createLogger } from '../log/logger';

const log = createLogger('api');

/** True for the names of the shared API contract (own keys only: never `constructor`, `__proto__`…). */
export function isApiName(name: unknown): name is ApiName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

/**
 * Calls one request of the shared API contract, whatever the transport (HTTP router, Electron IPC):
 * the name must be in the contract and the raw input must pass its zod schema (400 `invalid_input`
 * otherwise); the handler gets the parsed input (defaults applied, values coerced).
 */
export async function invokeApi(handlers: ApiHandlers, name: string, raw: unknown): Promise<unknown> {
  if (!isApiName(name)) throw new HttpError(404, 'not_found', `No API request named "${name}".`);
  const parsed = api[name].input.safeParse(raw);
  if (!parsed.success) {
    throw new HttpError(
      400,
      'invalid_input',
      parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
      parsed.error.issues,
    );
  }
  const handler = handlers[name] as (input: unknown) => unknown;
  return await handler(parsed.data);
}

export interface ApiErrorBody {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/**
 * What a client is told about a failure: an HttpError as it is, anything else as a 500 whose
 * details stay in the engine log.
 */
export function apiErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof HttpError) {
    return { status: err.status, code: err.code, message: err.message, details: err.details };
  }
  log.error('unhandled API error', { err: (err as Error | undefined)?.stack ?? String(err) });
  return { status: 500, code: 'internal', message: 'Internal error; see the engine log.' };
}
