/**
 * ShipStation's official V2 OpenAPI description (reference/shipstation/openapi/
 * shipstation-v2-openapi.yaml, OpenAPI 3.1) as JSON Schema 2020-12 validators, one per documented
 * response (path template, method, status). Independent of the simulator and the engine: what the
 * spec says, read with ajv.
 *
 * Readings of the spec's own dialect (OpenAPI 3.0 habits in a 3.1 file): boolean
 * exclusiveMinimum/Maximum beside minimum/maximum; `nullable: true` / `x-nullable: true` (OpenAPI 3.0 and
 * ShipEngine style) allow null; `additionalProperties: false` beside `allOf` means "nothing beyond
 * what the schema and its allOf define" (2020-12 `unevaluatedProperties: false`), and a schema that
 * is one part of an allOf (e.g. `address` in `shipping_address_to`) does not refuse the other
 * parts' properties — read literally, JSON Schema would refuse every composed address.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { SS_REFERENCE_DIR } from './reference';

export const V2_SPEC_PATH = path.join(SS_REFERENCE_DIR, 'openapi/shipstation-v2-openapi.yaml');

type Json = Record<string, unknown>;

function adapt(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adapt);
  if (!node || typeof node !== 'object') return node;
  const o: Json = {};
  for (const [k, v] of Object.entries(node as Json)) o[k] = adapt(v);
  // OpenAPI 3.0's boolean exclusiveMinimum / exclusiveMaximum beside minimum / maximum.
  if (o.exclusiveMinimum === true) {
    o.exclusiveMinimum = o.minimum;
    delete o.minimum;
  }
  if (o.exclusiveMaximum === true) {
    o.exclusiveMaximum = o.maximum;
    delete o.maximum;
  }
  const nullable = o.nullable === true || o['x-nullable'] === true;
  delete o.nullable;
  delete o.discriminator;
  if (Array.isArray(o.allOf)) {
    // Inline parts of an allOf are parts too: the whole forbids what none of them defines.
    let closed = o.additionalProperties === false;
    for (const part of o.allOf as Json[])
      if (part.additionalProperties === false || part.unevaluatedProperties === false) {
        delete part.additionalProperties;
        delete part.unevaluatedProperties;
        closed = true;
      }
    if (closed) {
      delete o.additionalProperties;
      o.unevaluatedProperties = false;
    }
  } else if (o.additionalProperties === false && (o.anyOf || o.oneOf)) {
    delete o.additionalProperties;
    o.unevaluatedProperties = false;
  }
  if (!nullable) return o;
  if (typeof o.type === 'string')
    return { ...o, type: [o.type, 'null'], ...(o.enum ? { enum: [...(o.enum as unknown[]), null] } : {}) };
  return { anyOf: [o, { type: 'null' }] };
}

export interface V2Spec {
  /** The validator of a documented response, e.g. ('/v2/labels', 'get', 200). */
  response(template: string, method: string, status: number): ValidateFunction | null;
}

/** Names of the component schemas used as a part of some allOf. */
function allOfParts(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const x of node) allOfParts(x, out);
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (Array.isArray(o.allOf))
      for (const part of o.allOf as Json[])
        if (typeof part.$ref === 'string') out.add(part.$ref.split('/').pop()!);
    for (const v of Object.values(o)) allOfParts(v, out);
  }
  return out;
}

export function loadV2Spec(): V2Spec {
  const doc = parse(readFileSync(V2_SPEC_PATH, 'utf8')) as Json;
  const raw = doc.components as Json;
  const schemas = raw.schemas as Record<string, Json>;
  for (const name of allOfParts(raw))
    if (schemas[name]?.additionalProperties === false) delete schemas[name]!.additionalProperties;
  const components = adapt(raw) as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  // ajv-formats' "url" regex refuses hosts without a dot (127.0.0.1 passes, localhost not): any
  // absolute URL is a URL.
  ajv.addFormat('url', (v: string) => URL.canParse(v));
  ajv.addSchema({ $id: 'spec', components }, 'spec');
  const cache = new Map<string, ValidateFunction | null>();
  const paths = doc.paths as Record<string, Record<string, Json>>;
  return {
    response(template, method, status) {
      const key = `${method} ${template} ${status}`;
      if (cache.has(key)) return cache.get(key)!;
      const op = paths[template]?.[method.toLowerCase()] as { responses?: Record<string, Json> } | undefined;
      let r = op?.responses?.[String(status)] as Json | undefined;
      if (r?.$ref) {
        const name = String(r.$ref).split('/').pop()!;
        r = (components.responses as Json)[name] as Json;
      }
      const schema = ((r?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as
        Json | undefined;
      const v = schema
        ? ajv.compile(
            JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"spec#/components/')) as Json,
          )
        : null;
      cache.set(key, v);
      return v;
    },
  };
}

/** ajv's errors in a line each, for an assertion message. */
export const explain = (v: ValidateFunction): string =>
  (v.errors ?? [])
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
