/** Small null-safe conversions shared by the V1 and V2 normalizers. */

export function idOrNull(v: number | string | null | undefined): string | null {
  return v === null || v === undefined || v === '' ? null : String(v);
}

export function blankToNull(v: string | null | undefined): string | null {
  return v === null || v === undefined || v.trim() === '' ? null : v;
}

/** A number from a number or numeric string; absent or unparseable ⇒ `fallback`. */
export function amountOr<T extends number | null>(
  v: number | string | null | undefined,
  fallback: T,
): number | T {
  if (v === null || v === undefined) return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : fallback;
}
