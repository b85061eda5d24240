import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isApiMethod } from '../contract/api.js';
import { apiChannel, EVENT_CHANNEL } from './channels.js';

/**
 * The whole bridge the page gets, as `window.shoebox`:
 *   invoke(method, input) → Promise of the wire envelope `{ ok: true, value } | { ok: false, error: { code, message } }`
 *                           ([Note: wire format]), the same JSON the HTTP transport answers;
 *   onEvent(listener)     → calls listener(name, payload) for each core event; returns the unsubscribe function.
 * Only the methods of the contract can be invoked. The preload runs sandboxed, so it is bundled into one
 * CommonJS file (electron.vite.config.ts) and uses nothing from Node.
 */
type EventListener = (name: string, payload: unknown) => void;

const bridge = {
  invoke(method: string, input: unknown): Promise<unknown> {
    if (!isApiMethod(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'NOT_FOUND', message: `There is no API method "${method}".` },
      });
    }
    return ipcRenderer.invoke(apiChannel(method), input);
  },

  onEvent(listener: EventListener): () => void {
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('shoebox', bridge);
