import { createHash } from 'node:crypto';
import { clampText, FIELD_LIMITS } from './limits';

/**
 * Dedup key: the RefNumber we write on every transaction posted for a ShipStation order, so that before posting we
 * can ask QuickBooks "does a transaction with this RefNumber already exist?" and post each order exactly once.
 *
 * RefNumber holds at most 11 characters. Order numbers that fit (and are plain printable ASCII, so QuickBooks stores
 * them byte-for-byte) are used verbatim: that is what a bookkeeper expects to see. Anything else gets a short key:
 * '#' + the first 50 bits of sha256(orderNumber) in Crockford base32 (10 chars) = 11 chars.
 *
 * Why a hash and not a counter or a truncation:
 * - deterministic: the key is a pure function of the order number, so it can always be recomputed (after a crash,
 *   on another machine, from a fresh database) and queried with RefNumber, no mapping table needed;
 * - truncation collides for marketplaces whose numbers share long prefixes, a 50-bit hash practically never does;
 * - the two spaces are disjoint: a verbatim key is never 11 chars starting with '#', and every short key is, so a
 *   short key can never equal another order's verbatim number.
 * Because a short key is meaningless to a human, the full order number also goes into Memo (memoForOrder) and into
 * PONumber where the transaction has one, so it can be found with QuickBooks' search.
 *
 * Query existing transactions with RefNumberCaseSensitive: QuickBooks' plain RefNumber filter ignores case, and
 * verbatim order numbers may differ only by case.
 */
export interface QbRefNumber {
  refNumber: string;
  /** true when refNumber is the hashed short key rather than the order number itself. */
  isShortKey: boolean;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const REF_MAX = FIELD_LIMITS.RefNumber.max;
const PRINTABLE_ASCII_NO_EDGE_SPACE = /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/;

export function qbRefNumberFor(orderNumber: string): QbRefNumber {
  if (orderNumber.length === 0) throw new Error('qbRefNumberFor: order number must not be empty');
  const fitsVerbatim =
    orderNumber.length <= REF_MAX &&
    PRINTABLE_ASCII_NO_EDGE_SPACE.test(orderNumber) &&
    !(orderNumber.length === REF_MAX && orderNumber.startsWith('#'));
  if (fitsVerbatim) return { refNumber: orderNumber, isShortKey: false };
  return {
    refNumber: `#${crockford50(createHash('sha256').update(orderNumber, 'utf8').digest())}`,
    isShortKey: true,
  };
}

/** First 50 bits of `bytes` as 10 Crockford base32 characters (big-endian, most significant bits first). */
function crockford50(bytes: Buffer): string {
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(bytes[i] ?? 0);
  bits >>= 6n; // 56 bits read, keep the top 50
  let out = '';
  for (let i = 9; i >= 0; i--) out += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

/** Memo text that lets a human find the order in QuickBooks, e.g. `ShipStation order 12345-ABCDEFGHIJKL`. */
export function memoForOrder(orderNumber: string, extra?: string): string {
  const base = `ShipStation order ${orderNumber}`;
  return clampText('Memo', extra ? `${base} - ${extra}` : base);
}
