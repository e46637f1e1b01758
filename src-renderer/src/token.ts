/**
 * The API token arrives in the URL fragment (`#token=…`), which browsers never send to a server or
 * put in a Referer. It is moved to sessionStorage and removed from the address bar at once.
 */
export function takeToken(): string | null {
  const m = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
  if (m?.[1]) {
    const token = decodeURIComponent(m[1]);
    sessionStorage.setItem('mlc.token', token);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return token;
  }
  return sessionStorage.getItem('mlc.token');
}
