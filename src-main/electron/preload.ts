/**
 * Runs sandboxed in the renderer before the page (bundled to dist/main/preload.js as CommonJS).
 * Exposes exactly the DesktopBridge as `window.mlc`: two functions, never ipcRenderer itself, so
 * the page can only make contract requests (validated again in the main process) and listen.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeEvent, DesktopBridge } from '../../shared/desktop-bridge';

// Literal copies of CALL_CHANNEL / EVENT_CHANNEL in ipc.ts: importing ipc.ts would pull ipcMain in.
const CALL_CHANNEL = 'mlc:call';
const EVENT_CHANNEL = 'mlc:event';

const bridge: DesktopBridge = {
  call: (name, input) => {
    if (typeof name !== 'string') return Promise.reject(new TypeError('The request name must be a string.'));
    return ipcRenderer.invoke(CALL_CHANNEL, name, input) as ReturnType<DesktopBridge['call']>;
  },
  onEvent: (listener) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function.');
    const handler = (_event: IpcRendererEvent, e: BridgeEvent): void => listener(e);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('mlc', bridge);
