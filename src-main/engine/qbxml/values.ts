/**
 * Formatting of numbers, booleans and dates into the qbXML simple types (qbxmltypes130.xsd):
 *   AMTTYPE    [+-]?[0-9]{1,13}(\.[0-9]{2})?
 *   PRICETYPE / QUANTYPE / PERCENTTYPE   [+-]?[0-9]{1,10}(\.[0-9]{1,5})?
 *   DATETYPE   xsd:date (we emit YYYY-MM-DD)
 * Rounding is half away from zero on the decimal representation, so 1.005 -> "1.01" (not binary-float "1.00").
 */

function roundDecimal(value: number, places: number): number {
  const sign = value < 0 ? -1 : 1;
  const abs = String(Math.abs(value));
  // Shift via the exponent notation to round the decimal digits JS prints, not the binary approximation.
  const shifted = abs.includes('e')
    ? Math.round(Math.abs(value) * 10 ** places)
    : Math.round(Number(`${abs}e${places}`));
  const result = sign * Number(`${shifted}e-${places}`);
  return Object.is(result, -0) ? 0 : result;
}

function assertFinite(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${field} must be a finite number, got ${String(value)}`);
}

/** AMTTYPE: exactly two decimals. */
export function formatAmount(value: number, field = 'amount'): string {
  assertFinite(value, field);
  const s = roundDecimal(value, 2).toFixed(2);
  if (!/^-?\d{1,13}\.\d{2}$/.test(s))
    throw new Error(`${field} ${value} is outside the QuickBooks amount range (13 integer digits)`);
  return s;
}

function formatDecimal5(value: number, field: string): string {
  assertFinite(value, field);
  const s = roundDecimal(value, 5)
    .toFixed(5)
    .replace(/\.?0+$/, '');
  if (!/^-?\d{1,10}(\.\d{1,5})?$/.test(s))
    throw new Error(`${field} ${value} is outside the QuickBooks range (10 integer digits)`);
  return s;
}

/** PRICETYPE: up to five decimals, trailing zeros dropped. */
export const formatPrice = (value: number, field = 'price'): string => formatDecimal5(value, field);
/** QUANTYPE: up to five decimals, trailing zeros dropped. */
export const formatQuantity = (value: number, field = 'quantity'): string => formatDecimal5(value, field);
/** PERCENTTYPE: up to five decimals, trailing zeros dropped. */
export const formatPercent = (value: number, field = 'percent'): string => formatDecimal5(value, field);

export function formatBool(value: boolean): 'true' | 'false' {
  return value ? 'true' : 'false';
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a calendar date written as YYYY-MM-DD and returns it. */
export function assertQbDate(value: string, field = 'date'): string {
  const m = DATE_RE.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d) return value;
  }
  throw new Error(`${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/** Parses an AMTTYPE/PRICETYPE/QUANTYPE/PERCENTTYPE string as QuickBooks returns it. */
export function parseQbNumber(value: string): number | undefined {
  const v = value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) return undefined;
  return Number(v);
}
