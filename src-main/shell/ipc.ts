import type { IpcMain, WebContents } from 'electron';
import { API_METHODS } from '../contract/api.js';
import { AppError } from '../contract/errors.js';
import { parseInput } from '../contract/parse.js';
import { guardPagePaths, type ChoosePath } from '../contract/page-guard.js';
import { errorEnvelope, type Envelope } from '../contract/envelope.js';
import { apiChannel, EVENT_CHANNEL } from './channels.js';
import type { CoreHostClient } from './core-client.js';
import { isTrustedFrame } from './security.js';
import type { SystemActions } from './system-actions.js';

/**
 * One `ipcMain.handle` per PhotoApi method ([Note: one contract]). Each call checks that it comes from the
 * app's own top frame, parses its argument with the method's schema, and forwards it to the core host.
 * Handlers resolve to the wire envelope ([Note: wire format]) and never throw, because Electron reduces a
 * thrown error to a message and the page needs the code.
 */
export function registerApiHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  host: Pick<CoreHostClient, 'call'>,
  appOrigin: string,
  choosePath: ChoosePath | null = null,
  system: SystemActions = {},
): void {
  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), async (event, input: unknown): Promise<Envelope> => {
      if (!isTrustedFrame(event.senderFrame, appOrigin)) {
        return errorEnvelope(
          new AppError('FORBIDDEN', `${method}: only the Shoebox window may call the engine.`),
        );
      }
      try {
        // A folder the page names is only the OS dialog's starting point: [Note: paths from the page].
        const parsed = await guardPagePaths(method, parseInput(method, input), choosePath);
        // trash and "show in folder" go through the OS here, around the core (see system-actions.ts)
        const own = system[method];
        return await (own ? own(host, parsed) : host.call(method, parsed));
      } catch (error) {
        return errorEnvelope(error);
      }
    });
  }
}

/** Pushes every core event to the window, as (name, payload): the page never sees an IpcRendererEvent. */
export function forwardEvents(
  host: Pick<CoreHostClient, 'onEvent'>,
  target: () => Pick<WebContents, 'isDestroyed' | 'send'> | null,
): () => void {
  return host.onEvent((name, payload) => {
    const contents = target();
    if (contents !== null && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
  });
}
