import type { ErrorPayload } from '$contract/errors.js';

/** What every transport answers for one call: the value, or an error as a code plus a readable message. */
export type Envelope = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

export type ImageKind = 'thumb' | 'original' | 'full';

/**
 * The one seam between the renderer and a core. The client, the event source and the image
 * URLs are all derived from it, so the Electron and the loopback HTTP transports differ only here.
 */
export interface Transport {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(name: string, listener: (payload: unknown) => void): () => void;
  imageUrl(kind: ImageKind, id: string): string;
  /** where a dropped file or folder lies; only the desktop app knows, a browser never tells */
  pathForFile?(file: File): string | null;
}

/** The bridge the Electron preload exposes as `window.shoebox`. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  pathForFile(file: File): string | null;
}

export function electronTransport(bridge: PreloadBridge): Transport {
  return {
    invoke: (method, input) => bridge.invoke(method, input),
    subscribe(name, listener) {
      return bridge.onEvent((eventName, payload) => {
        if (eventName === name) listener(payload);
      });
    },
    imageUrl: (kind, id) => `photo://${kind}/${encodeURIComponent(id)}`,
    pathForFile: (file) => bridge.pathForFile(file),
  };
}

export interface HttpTransportOptions {
  /** e.g. `http://127.0.0.1:5173`; the page's own origin in the served UI. */
  origin: string;
  token: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSource;
}

export function httpTransport(options: HttpTransportOptions): Transport {
  const { origin, token } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const tokenQuery = `token=${encodeURIComponent(token)}`;
  let events: EventSource | null = null;

  // One EventSource per page, opened on the first subscription: listeners attach per event name.
  function eventSource(): EventSource {
    events ??= (options.createEventSource ?? ((url) => new EventSource(url)))(`${origin}/api/events?${tokenQuery}`);
    return events;
  }

  return {
    async invoke(method, input) {
      return postJson(doFetch, `${origin}/api/${encodeURIComponent(method)}`, token, input);
    },
    subscribe(name, listener) {
      const source = eventSource();
      const onMessage = (event: MessageEvent<string>): void => {
        listener(JSON.parse(event.data));
      };
      source.addEventListener(name, onMessage);
      return () => {
        source.removeEventListener(name, onMessage);
      };
    },
    imageUrl: (kind, id) => `${origin}/${kind}/${encodeURIComponent(id)}?${tokenQuery}`,
  };
}

async function postJson(doFetch: typeof fetch, url: string, token: string, input: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shoebox-token': token },
      body: JSON.stringify(input),
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const message = `Cannot reach the Shoebox server (${reason}). Is \`npm run serve\` still running?`;
    return { ok: false, error: { code: 'INTERNAL', message } } satisfies Envelope;
  }
  return readEnvelope(response, url);
}

// A refused token or a proxy page answers without an envelope; turn that into one the client understands.
async function readEnvelope(response: Response, url: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    const code = response.status === 401 || response.status === 403 ? 'FORBIDDEN' : 'INTERNAL';
    const error: ErrorPayload = {
      code,
      message: `${url}: the server answered ${response.status} without a result. Reopen the link that \`npm run serve\` printed.`,
    };
    return { ok: false, error } satisfies Envelope;
  }
}
