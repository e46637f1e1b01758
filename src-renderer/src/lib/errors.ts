import { ApiError } from '../api/client';

/** An error as one sentence for the person at the screen. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return err.message;
    if (err.status === 401 || err.status === 403)
      return 'The engine did not accept this window’s access token. Open the dashboard again from ml-connector.';
    if (err.status === 404) return err.message || 'Not found.';
    return err.message || `The engine answered with an error (HTTP ${err.status}).`;
  }
  if (err instanceof Error) {
    if (err.name === 'ZodError')
      return 'The engine answered with data this window does not understand. Is the app up to date?';
    return err.message;
  }
  return String(err);
}
