import type { MessageEvent } from 'electron';
import { callApiMethod, isApiMethod } from '../contract/api.js';
import { AppError, toErrorPayload } from '../contract/errors.js';
import type { Core, CoreOptions } from '../core/core.js';
import { createCore } from '../core/create-core.js';
import { errorEnvelope, okEnvelope, type Envelope } from '../contract/envelope.js';
import { PHOTO_EVENT_NAMES } from '../contract/events.js';
import type { HostMessage, HostRequest } from './host-protocol.js';

/**
 * The utility process entry: runs the core off the main process (sharp and onnxruntime keep their threads
 * here, the window never stutters) and answers [Note: core host protocol] over its parent port.
 */
const port = process.parentPort;
let started: Promise<Core> | undefined;

function post(message: HostMessage): void {
  port.postMessage(message);
}

function forwardEvents(core: Core): void {
  for (const name of PHOTO_EVENT_NAMES) {
    core.on(name, (payload) => {
      post({ kind: 'event', name, payload });
    });
  }
}

function start(options: CoreOptions): void {
  started = createCore(options);
  started.then(forwardEvents, (error: unknown) => {
    post({ kind: 'failed', error: toErrorPayload(error) });
  });
}

function running(): Promise<Core> {
  if (started === undefined) {
    return Promise.reject(new AppError('INTERNAL', 'The engine was asked to work before it was started.'));
  }
  return started;
}

async function answer(request: Exclude<HostRequest, { kind: 'start' }>): Promise<Envelope> {
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
            : await core.originalFile(request.photoId),
        );
      case 'close':
        await core.close();
        return okEnvelope(null);
    }
  } catch (error) {
    return errorEnvelope(error);
  }
}

port.on('message', (event: MessageEvent) => {
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
