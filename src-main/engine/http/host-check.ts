/**
 * Refuses requests whose Host is not ours: a web page the user visits could otherwise reach the
 * localhost API through DNS rebinding. Origin, when sent, must be ours as well (no cross-site calls).
 */
export function isAllowedHost(
  hostHeader: string | undefined,
  port: number,
  extra: readonly string[],
): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  const names = ['localhost', '127.0.0.1', '[::1]', ...extra.map((e) => e.toLowerCase())];
  return names.some((n) => host === n || host === `${n}:${port}`);
}

export function isAllowedOrigin(origin: string | undefined, port: number, extra: readonly string[]): boolean {
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && isAllowedHost(u.host, port, extra);
  } catch {
    return false;
  }
}
