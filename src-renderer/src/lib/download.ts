/**
 * Saves text as a file the way a browser download does: Blob → object URL → a temporary
 * `<a download>` clicked and removed. Works in Chromium (headless too: Playwright sees a `download`
 * event) and in Electron (the session's will-download). The text is saved byte for byte as given.
 */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoking at once can cancel the download before the browser has read the blob.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
