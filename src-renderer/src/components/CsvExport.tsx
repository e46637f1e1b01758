import { useState, type ReactNode } from 'react';
import { downloadText } from '../lib/download';
import { errorText } from '../lib/errors';

/**
 * An "Export CSV" button and its live result message, for pages that export through the API.
 * `run` fetches the CSV and says what was saved; the browser saves it under the engine's file name.
 */
export function useCsvExport(
  testId: string,
  run: () => Promise<{ filename: string; csv: string; saved: string }>,
): { button: ReactNode; result: ReactNode } {
  const [exporting, setExporting] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    setMsg(null);
    try {
      const r = await run();
      downloadText(r.filename, r.csv);
      setMsg({ ok: true, text: `Saved ${r.saved} as ${r.filename}.` });
    } catch (err) {
      setMsg({ ok: false, text: `The export failed: ${errorText(err)}` });
    } finally {
      setExporting(false);
    }
  };
  return {
    button: (
      <button
        type="button"
        className="btn"
        onClick={() => void exportCsv()}
        disabled={exporting}
        data-testid={testId}
      >
        {exporting ? 'Exporting…' : 'Export CSV'}
      </button>
    ),
    result: (
      <div aria-live="polite" data-testid={`${testId}-result`}>
        {msg && (
          <div
            className={`callout ${msg.ok ? 'callout-good' : 'callout-bad'}`}
            role={msg.ok ? undefined : 'alert'}
          >
            {msg.text}
          </div>
        )}
      </div>
    ),
  };
}
