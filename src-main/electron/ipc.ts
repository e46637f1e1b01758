import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ApiHandlers } from '../../shared/api';
import type { BridgeCallResult } from '../../shared/desktop-bridge';
import { apiErrorBody, invokeApi } from '../engine/api/invoke';
import type { EventBus } from '../engine/events/bus';
import { createLogger } from '../engine/log/logger';

const log = createLogger('ipc');

export const CALL_CHANNEL = 'mlc:call';
export const EVENT_CHANNEL = 'mlc:event';

/** What `window.mlc.call` resolves to (the DesktopBridge contract in shared/desktop-bridge.ts). */
export type CallResult = BridgeCallResult;

export interface IpcDeps {
  handlers: ApiHandlers;
  bus: EventBus;
  /** The app origin, e.g. `http://127.0.0.1:8085`: the only page allowed to call. */
  origin: string;
  /** The one window whose page may call (null while it does not exist). */
  window: () => BrowserWindow | null;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Only the app's own top-level page, in the app's own window, may call the engine. */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  deps: Pick<IpcDeps, 'origin' | 'window'>,
): boolean {
  const win = deps.window();
  if (!win || win.isDestroyed() || event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return originOf(frame.url) === deps.origin;
}

/**
 * The desktop transport of the shared API contract: `mlc:call` runs one request through the same
 * validation and error mapping as the HTTP router (invokeApi), and engine events are pushed to
 * the window on `mlc:event`. Returns a function that removes both.
 */
export function registerIpc(deps: IpcDeps): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, input: unknown): Promise<CallResult> => {
    if (!isTrustedSender(event, deps)) {
      log.warn('refused an IPC call from an untrusted frame', { url: event.senderFrame?.url ?? null });
      return {
        ok: false,
        status: 403,
        code: 'forbidden',
        message: 'Only the ml-connector window may call the engine.',
      };
    }
    if (typeof name !== 'string' || name.length > 100) {
      return {
        ok: false,
        status: 400,
        code: 'invalid_request',
        message: 'The request name must be a string.',
      };
    }
    try {
      const value = await invokeApi(deps.handlers, name, input ?? {});
      // Exactly what the HTTP transport would deliver (dates as ISO strings, no undefined fields).
      return { ok: true, value: value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown) };
    } catch (err) {
      const { status, code, message } = apiErrorBody(err);
      return { ok: false, status, code, message };
    }
  });

  const unsubscribe = deps.bus.subscribe((e) => {
    const win = deps.window();
    if (!win || win.isDestroyed()) return;
    const wc = win.webContents;
    // Never push to a page that is not the app (navigation away is refused, but be sure).
    if (wc.isDestroyed() || originOf(wc.getURL()) !== deps.origin) return;
    wc.send(EVENT_CHANNEL, e);
  });

  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    unsubscribe();
  };
}
