import { describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '$contract/api.js';
import { AppError } from '$contract/errors.js';
import { connect, createClient } from '../../../../src-renderer/src/lib/api/client.js';
import { detectTransport } from '../../../../src-renderer/src/lib/api/detect-transport.js';
import { electronTransport, httpTransport, type Transport } from '../../../../src-renderer/src/lib/api/transport.js';
import { status } from '../../factories.js';

function transportAnswering(envelope: unknown): Transport & { calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  return {
    calls,
    invoke(method, input) {
      calls.push([method, input]);
      return Promise.resolve(envelope);
    },
    subscribe: () => () => undefined,
    imageUrl: (kind, id) => `${kind}:${id}`,
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('createClient', () => {
  it('offers every method of the contract and unwraps the value of an answer', async () => {
    const transport = transportAnswering({ ok: true, value: status() });
    const api = createClient(transport);

    expect(Object.keys(api).sort()).toEqual([...API_METHODS].sort());
    expect(await api.status({})).toEqual(status());
    await api.listPhotos({ offset: 200, limit: 200 });
    expect(transport.calls).toEqual([['status', {}], ['listPhotos', { offset: 200, limit: 200 }]]);
  });

  it('throws the AppError of an error answer, with its code', async () => {
    const api = createClient(transportAnswering({ ok: false, error: { code: 'MODEL_NOT_READY', message: 'no model' } }));
    const error = await rejectionOf(api.search({ text: 'red' }));
    expect([error.code, error.message]).toEqual(['MODEL_NOT_READY', 'no model']);
  });

  it('turns an answer that is not an envelope into INTERNAL', async () => {
    const error = await rejectionOf(createClient(transportAnswering('<html>')).status({}));
    expect(error.code).toBe('INTERNAL');
  });
});

describe('httpTransport', () => {
  const origin = 'http://127.0.0.1:4173';

  it('posts the input as JSON with the token header and builds image URLs with the token', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(new Response(JSON.stringify({ ok: true, value: 3 }))));
    const transport = httpTransport({ origin, token: 't/k n', fetch });

    expect(await transport.invoke('search', { text: 'dog' })).toEqual({ ok: true, value: 3 });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(`${origin}/api/search`);
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('x-shoebox-token')).toBe('t/k n');
    expect(init?.body).toBe('{"text":"dog"}');
    expect(transport.imageUrl('thumb', 'a b')).toBe(`${origin}/thumb/a%20b?token=t%2Fk%20n`);
  });

  it('answers FORBIDDEN when the server refuses the token without an envelope', async () => {
    const fetch = () => Promise.resolve(new Response('forbidden', { status: 403 }));
    const api = createClient(httpTransport({ origin, token: 'x', fetch }));
    expect((await rejectionOf(api.status({}))).code).toBe('FORBIDDEN');
  });

  it('says the server cannot be reached when the request fails', async () => {
    const fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const error = await rejectionOf(createClient(httpTransport({ origin, token: 'x', fetch })).status({}));
    expect(error.message).toMatch(/Cannot reach the Shoebox server \(Failed to fetch\)/);
  });

  it('opens one event stream with the token and delivers each named event to its listeners', () => {
    const listeners = new Map<string, (event: MessageEvent<string>) => void>();
    const created: string[] = [];
    const source = {
      addEventListener: (name: string, listener: (event: MessageEvent<string>) => void) => listeners.set(name, listener),
      removeEventListener: (name: string) => listeners.delete(name),
    };
    const shoebox = connect(
      httpTransport({ origin, token: 'abc', createEventSource: (url) => (created.push(url), source as unknown as EventSource) }),
    );
    const seen: number[] = [];

    const off = shoebox.events.on('indexProgress', (p) => seen.push(p.done));
    shoebox.events.on('photoIndexed', () => seen.push(-1));
    listeners.get('indexProgress')?.(new MessageEvent('indexProgress', { data: '{"done":7}' }));
    off();

    expect(created).toEqual([`${origin}/api/events?token=abc`]);
    expect(seen).toEqual([7]);
    expect(listeners.has('indexProgress')).toBe(false);
  });
});

describe('electronTransport and detectTransport', () => {
  it('uses the preload bridge when present and photo:// URLs', async () => {
    let emit: (name: string, payload: unknown) => void = () => undefined;
    const bridge = {
      invoke: vi.fn(() => Promise.resolve({ ok: true, value: 1 })),
      onEvent: (listener: typeof emit) => ((emit = listener), () => undefined),
      pathForFile: (file: File) => `/dropped/${file.name}`,
    };
    const transport = detectTransport({ location: { search: '', origin: 'null' }, shoebox: bridge });
    const seen: unknown[] = [];
    transport.subscribe('photoRemoved', (payload) => seen.push(payload));

    emit('photoIndexed', { id: 'a' });
    emit('photoRemoved', { id: 'b' });
    await transport.invoke('status', {});

    expect(seen).toEqual([{ id: 'b' }]);
    expect(bridge.invoke).toHaveBeenCalledWith('status', {});
    expect(transport.imageUrl('original', 'x')).toBe('photo://original/x');
    expect(electronTransport(bridge).imageUrl('thumb', 'x')).toBe('photo://thumb/x');
    expect(connect(transport).pathForFile?.(new File([], 'Holidays'))).toBe('/dropped/Holidays');
  });

  it('takes the token of the loopback server from the page URL, and refuses a page without one', () => {
    const transport = detectTransport({ location: { search: '?token=s3cret', origin: 'http://127.0.0.1:9' } });
    expect(transport.imageUrl('thumb', 'p')).toBe('http://127.0.0.1:9/thumb/p?token=s3cret');
    expect(connect(transport).pathForFile).toBeUndefined();
    expect(() => detectTransport({ location: { search: '', origin: 'http://127.0.0.1:9' } })).toThrow(/npm run serve/);
  });
});
