import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import { isApiMethod } from '../contract/api.js';
import { apiChannel, EVENT_CHANNEL } from './channels.js';

type EventListener = (name: string, payload: unknown) => void;

export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  onEvent(listener: EventListener): () => void;
  /** where a dropped file or folder lies on disk; null for a File not from the disk */
  pathForFile(file: File): string | null;
}

/**
 * The whole bridge the page gets, as `window.shoebox`:
 *   invoke(method, input) → Promise of the wire envelope `{ ok: true, value } | { ok: false, error: { code, message } }`
 *                           ([Note: wire format]), the same JSON the HTTP transport answers;
 *   onEvent(listener)     → calls listener(name, payload) for each core event; returns the unsubscribe function;
 *   pathForFile(file)     → the path of a file or folder dropped on the window (Electron's webUtils), or null.
 *                           The page may only *propose* it: addRoot still asks the person ([Note: paths from the page]).
 * Only the methods of the contract can be invoked, and the page never sees an IpcRendererEvent.
 */
export function createBridge(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
  webUtils: Pick<WebUtils, 'getPathForFile'>,
): PreloadBridge {
  return {
    invoke(method: string, input: unknown): Promise<unknown> {
      if (!isApiMethod(method)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'NOT_FOUND', message: `There is no API method "${method}".` },
        });
      }
      return ipc.invoke(apiChannel(method), input);
    },

    onEvent(listener: EventListener): () => void {
      const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
        if (typeof name === 'string') listener(name, payload);
      };
      ipc.on(EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, forward);
      };
    },

    pathForFile(file: File): string | null {
      const path = webUtils.getPathForFile(file);
      return path === '' ? null : path;
    },
  };
}
