/** QBWC versions older than this cannot run us at all (no iterator-safe session handling). */
export const MIN_QBWC_VERSION = '2.0.0.0';
/** Versions below this work, but have known bugs with long sessions; the user is warned. */
export const RECOMMENDED_QBWC_VERSION = '2.1.0.30';

function compare(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** clientVersion's answer: "" (fine), "W:<message>" (QBWC asks the user to continue) or "E:<message>" (stop). */
export function checkClientVersion(version: string | undefined): string {
  if (!version || !/^\d+(\.\d+){0,3}$/.test(version.trim())) return '';
  const v = version.trim();
  if (compare(v, MIN_QBWC_VERSION) < 0) {
    return `E:ml-connector needs QuickBooks Web Connector ${MIN_QBWC_VERSION} or later (you have ${v}). Download the latest Web Connector from Intuit.`;
  }
  if (compare(v, RECOMMENDED_QBWC_VERSION) < 0) {
    return `W:QuickBooks Web Connector ${v} is old; version ${RECOMMENDED_QBWC_VERSION} or later is recommended. Click OK to continue anyway.`;
  }
  return '';
}
