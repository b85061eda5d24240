import { callApiMethod, isApiMethod } from '../contract/api.js';
import { AppError, toErrorPayload } from '../contract/errors.js';
import type { Core, CoreOptions } from '../core/core.js';
import { createCore } from '../core/create-core.js';
import { errorEnvelope, okEnvelope, type Envelope } from '../contract/envelope.js';
import { PHOTO_EVENT_NAMES } from '../contract/events.js';
import type { HostMessage, HostRequest } from './host-protocol.js';

/**
 * The host's end of a message port: `process.parentPort` in Electron's utility process. Anything with the
 * same two methods will do, which is how the tests run this very code in a forked Node process.
 */
export interface HostPort {
  postMessage(message: HostMessage): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

/** Answers [Note: core host protocol] on `port`: starts the core when asked, then serves its calls and events. */
export function serveCoreHost(port: HostPort, create: (options: CoreOptions) => Promise<Core> = createCore): void {
  let started: Promise<Core> | undefined;
  const post = (message: HostMessage): void => {
    port.postMessage(message);
  };

  const forwardEvents = (core: Core): void => {
    for (const name of PHOTO_EVENT_NAMES) {
      core.on(name, (payload) => {
        post({ kind: 'event', name, payload });
      });
    }
  };

  const start = (options: CoreOptions): void => {
    started = create(options);
    started.then((core) => {
      forwardEvents(core);
      // the app's window is opening on this core ([Note: warming for the page])
      void core.warmForPage();
    }, (error: unknown) => {
      post({ kind: 'failed', error: toErrorPayload(error) });
    });
  };

  const running = (): Promise<Core> =>
    started ?? Promise.reject(new AppError('INTERNAL', 'The engine was asked to work before it was started.'));

  const answer = async (request: Exclude<HostRequest, { kind: 'start' }>): Promise<Envelope> => {
    try {
      const core = await running();
      switch (request.kind) {
        case 'call':
          if (!isApiMethod(request.method))
            throw new AppError('NOT_FOUND', `There is no API method "${String(request.method)}".`);
          return okEnvelope(await callApiMethod(core, request.method, request.input));
        case 'file':
          return okEnvelope(
            request.file === 'thumb'
              ? await core.thumbnailFile(request.photoId)
              : await core.originalFile(request.photoId, request.file === 'full' ? 'full' : 'screen'),
          );
        case 'close':
          await core.close();
          return okEnvelope(null);
      }
    } catch (error) {
      return errorEnvelope(error);
    }
  };

  port.on('message', (event) => {
    const request = event.data as HostRequest;
    if (request.kind === 'start') {
      start(request.options);
      return;
    }
    // After the reply to `close`, main ends this process: the core has drained its writes by then.
    void answer(request).then((result) => {
      post({ kind: 'reply', id: request.id, result });
    });
  });
}
