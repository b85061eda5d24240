import { API_METHODS, type ApiMethod, type PhotoApi } from '$contract/api.js';
import { AppError, isErrorPayload } from '$contract/errors.js';
import type { PhotoEventSource } from '$contract/events.js';
import type { Transport } from './transport.js';

/** Everything the UI gets from a core: the typed API, its events, and the URLs of the photos' bytes. */
export interface Shoebox {
  api: PhotoApi;
  events: PhotoEventSource;
  thumbUrl(id: string): string;
  originalUrl(id: string): string;
  /** the photo at every pixel, for the viewer's 1:1 zoom ([Note: viewer zoom]) */
  fullUrl(id: string): string;
  /** the desktop app's path of a dropped file or folder; absent in a browser, which never tells */
  pathForFile?: ((file: File) => string | null) | undefined;
}

/**
 * The PhotoApi over any transport. The method list comes from the contract's `API_METHODS`
 * (see [Note: one contract]), so a method added there is callable here without an edit.
 */
export function createClient(transport: Transport): PhotoApi {
  const client: Partial<Record<ApiMethod, (input?: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHODS) {
    client[method] = (input?: unknown) => call(transport, method, input ?? {});
  }
  return client as unknown as PhotoApi;
}

async function call(transport: Transport, method: ApiMethod, input: unknown): Promise<unknown> {
  const envelope = await transport.invoke(method, input);
  if (isRecord(envelope) && envelope['ok'] === true) return envelope['value'];
  if (isRecord(envelope) && envelope['ok'] === false && isErrorPayload(envelope['error'])) {
    const { code, message, details } = envelope['error'];
    throw new AppError(code, message, details);
  }
  throw new AppError('INTERNAL', `${method}: the transport answered something that is not a result envelope.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function createEventSource(transport: Transport): PhotoEventSource {
  return {
    on(name, listener) {
      // The payload shape is the contract's promise; the transport only carries JSON.
      return transport.subscribe(name, (payload) => {
        listener(payload as Parameters<typeof listener>[0]);
      });
    },
  };
}

export function connect(transport: Transport): Shoebox {
  return {
    api: createClient(transport),
    events: createEventSource(transport),
    thumbUrl: (id) => transport.imageUrl('thumb', id),
    originalUrl: (id) => transport.imageUrl('original', id),
    fullUrl: (id) => transport.imageUrl('full', id),
    pathForFile: transport.pathForFile?.bind(transport),
  };
}
