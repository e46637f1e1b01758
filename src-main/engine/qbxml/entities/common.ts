import { z } from 'zod';
import { parseQbDateTime } from '../datetime';
import type { RetObject } from '../parse';
import { parseQbNumber } from '../values';

export class QbxmlMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QbxmlMappingError';
  }
}

export interface QbRef {
  listId?: string;
  fullName?: string;
}

export interface QbAddress {
  addr1?: string;
  addr2?: string;
  addr3?: string;
  addr4?: string;
  addr5?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  note?: string;
}

export interface QbDataExt {
  ownerId?: string;
  name: string;
  type: string;
  value: string;
}

// Leaf values arrive as strings. The qbXML simple types allow '' (meaning "no value"), which maps to undefined.

export const zStr = z.string();
export const zOptStr = z.string().optional();

export const zNum = z
  .string()
  .transform((v, ctx) => {
    if (v.trim() === '') return undefined;
    const n = parseQbNumber(v);
    if (n === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a number` });
      return z.NEVER;
    }
    return n;
  })
  .optional();

export const zInt = z
  .string()
  .transform((v, ctx) => {
    if (v.trim() === '') return undefined;
    if (!/^[+-]?\d+$/.test(v.trim())) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not an integer` });
      return z.NEVER;
    }
    return Number(v);
  })
  .optional();

export const zBool = z
  .string()
  .transform((v, ctx) => {
    const t = v.trim().toLowerCase();
    if (t === '') return undefined;
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a boolean` });
    return z.NEVER;
  })
  .optional();

export const zRef = z
  .object({ ListID: zOptStr, FullName: zOptStr })
  .transform((r): QbRef | undefined =>
    r.ListID === undefined && r.FullName === undefined
      ? undefined
      : {
          ...(r.ListID !== undefined && { listId: r.ListID }),
          ...(r.FullName !== undefined && { fullName: r.FullName }),
        },
  )
  .optional();

const ADDRESS_KEYS = [
  ['Addr1', 'addr1'],
  ['Addr2', 'addr2'],
  ['Addr3', 'addr3'],
  ['Addr4', 'addr4'],
  ['Addr5', 'addr5'],
  ['City', 'city'],
  ['State', 'state'],
  ['PostalCode', 'postalCode'],
  ['Country', 'country'],
  ['Note', 'note'],
] as const;

export const zAddress = z
  .object(
    Object.fromEntries(ADDRESS_KEYS.map(([k]) => [k, zOptStr])) as Record<
      (typeof ADDRESS_KEYS)[number][0],
      typeof zOptStr
    >,
  )
  .transform((a): QbAddress | undefined => {
    const out: QbAddress = {};
    for (const [from, to] of ADDRESS_KEYS) if (a[from] !== undefined) out[to] = a[from];
    return Object.keys(out).length > 0 ? out : undefined;
  })
  .optional();

export const zDataExts = z
  .array(z.object({ OwnerID: zOptStr, DataExtName: zStr, DataExtType: zStr, DataExtValue: zStr }))
  .optional()
  .transform((list): QbDataExt[] =>
    (list ?? []).map((d) => ({
      ...(d.OwnerID !== undefined && { ownerId: d.OwnerID }),
      name: d.DataExtName,
      type: d.DataExtType,
      value: d.DataExtValue,
    })),
  );

/** UTC epoch ms of a DATETIMETYPE that carries an offset; undefined when it has none (or is absent). */
export function instantOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseQbDateTime(value);
  } catch {
    return undefined;
  }
}

/** Validates `ret` against `schema`, turning zod issues into one readable QbxmlMappingError. */
export function parseRet<S extends z.ZodType>(
  schema: S,
  ret: RetObject,
  expected: readonly string[],
): z.output<S> {
  if (!expected.includes(ret.retType)) {
    throw new QbxmlMappingError(`Expected ${expected.join(' or ')}, got ${ret.retType}`);
  }
  const result = schema.safeParse(ret.data);
  if (!result.success) {
    const details = result.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new QbxmlMappingError(`${ret.retType} does not have the expected shape: ${details}`);
  }
  return result.data;
}

/** Adds amounts in cents so that 0.1 + 0.2 style float drift cannot appear in totals. */
export function sumAmounts(values: readonly (number | undefined)[]): number {
  return values.reduce<number>((s, v) => s + Math.round((v ?? 0) * 100), 0) / 100;
}
