/**
 * A webhook delivery's body (V1 and V2 alike): `{resource_url, resource_type[, data]}`. Parse it, then
 * hand both fields to `client.fetchResource`, which checks the host before sending anything.
 */
import { z } from 'zod';

export const webhookPayload = z.looseObject({
  resource_url: z.string().min(1),
  resource_type: z.string().min(1),
});

export interface WebhookPayload {
  resourceUrl: string;
  resourceType: string;
  raw: unknown;
}

/** The payload, or null when the body is not JSON of that shape. */
export function parseWebhookPayload(body: string | Uint8Array): WebhookPayload | null {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch {
    return null;
  }
  const r = webhookPayload.safeParse(json);
  return r.success
    ? { resourceUrl: r.data.resource_url, resourceType: r.data.resource_type, raw: json }
    : null;
}
