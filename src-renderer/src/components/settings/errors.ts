import { ApiError } from '../../api/client';

/** Zod's messages, said the way a person would say them. */
function humanize(message: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^Too small: expected string to have >=?(\d+) characters?/i.exec(message)))
    return m[1] === '1' ? 'This is required.' : `Use at least ${m[1]} characters.`;
  if ((m = /^Too big: expected string to have <=?(\d+) characters?/i.exec(message)))
    return `Use at most ${m[1]} characters.`;
  if ((m = /^Too small: expected array to have >=?(\d+) items?/i.exec(message)))
    return m[1] === '1' ? 'Choose at least one.' : `Choose at least ${m[1]}.`;
  if ((m = /^Too small: expected number to be >=?(-?[\d.]+)/i.exec(message))) return `Use ${m[1]} or more.`;
  if (/^Invalid URL/i.test(message)) return 'Enter a full web address, starting with https://';
  if (/^Invalid input: expected \w+, received undefined/i.test(message)) return 'This is required.';
  if (/^Invalid input: expected number/i.test(message)) return 'Enter a number.';
  if (/^Invalid option/i.test(message)) return 'Choose one of the options.';
  return message;
}

/**
 * The API's 400 `invalid_input` message is `field: problem; other.field: problem`. Returns the
 * problems by field (top-level name and full dotted path both work as keys).
 */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.status !== 400) return {};
  const out: Record<string, string> = {};
  for (const part of err.message.split('; ')) {
    const m = /^([\w.]+): (.+)$/.exec(part);
    if (!m) continue;
    const path = m[1]!;
    const text = humanize(m[2]!);
    out[path] ??= text;
    const top = path.split('.')[0]!;
    out[top] ??= text;
  }
  return out;
}

/** Any failure, in plain words for the person at the screen. */
export function plainError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return 'ml-connector is not responding. Check that it is running, then try again.';
    if (err.status === 401)
      return 'This window is no longer signed in to ml-connector. Reopen it from the tray.';
    if (err.status === 400 && err.code === 'invalid_input') {
      const fields = Object.entries(fieldErrors(err)).filter(([k]) => !k.includes('.'));
      if (fields.length) return fields.map(([k, v]) => `${labelFor(k)}: ${v}`).join(' ');
    }
    if (err.status >= 500)
      return `Something went wrong inside ml-connector (${err.message}). Try again in a moment.`;
    return err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

const LABELS: Record<string, string> = {
  apiKey: 'API key',
  apiSecret: 'API secret',
  baseUrl: 'Address',
  username: 'User name',
  password: 'Password',
  name: 'Name',
  sku: 'Item name',
  incomeAccount: 'Income account',
  price: 'Price',
  companyName: 'Company',
  email: 'Email',
  phone: 'Phone',
  publicUrl: 'Public address',
  startDate: 'Start date',
  timeZone: 'Time zone',
  customerKeys: 'Match customers by',
  input: 'Request',
};

export function labelFor(field: string): string {
  return LABELS[field] ?? field;
}
