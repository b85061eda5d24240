import { utilityProcess, type UtilityProcess } from 'electron';
import type { ApiMethod } from '../contract/api.js';
import { AppError } from '../contract/errors.js';
import type { PhotoEventName } from '../contract/events.js';
import type { CoreOptions } from '../core/core.js';
import { errorEnvelope, type Envelope } from '../contract/envelope.js';
import type { FileEnvelope, HostMessage, HostRequest, PhotoFileKind } from './host-protocol.js';

type EventListener = (name: PhotoEventName, payload: unknown) => void;
type Pending = (result: Envelope) => void;

/** How long `close` waits for the core to drain its writes before the process is ended anyway. */
const CLOSE_TIMEOUT_MS = 15_000;

/**
 * The main process's handle on the core host ([Note: core host protocol]): correlates requests and replies,
 * and turns a crashed or failed engine into error envelopes instead of promises that never settle.
 */
export class CoreHostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();
  private stopped: Envelope<never> | null = null;

  private constructor(private readonly child: UtilityProcess) {
    child.on('message', (message: HostMessage) => {
      this.receive(message);
    });
    child.on('exit', (code) => {
      this.stop(new AppError('INTERNAL', `The Shoebox engine stopped (exit code ${code}); restart Shoebox.`));
    });
  }

  /** Forks `entry` (the built core-host.js) and starts the core there with `options`. */
  static start(entry: string, options: CoreOptions): CoreHostClient {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Shoebox engine', stdio: 'inherit' });
    const client = new CoreHostClient(child);
    client.send({ kind: 'start', options });
    return client;
  }

  call(method: ApiMethod, input: unknown): Promise<Envelope> {
    return this.request((id) => ({ kind: 'call', id, method, input }));
  }

  file(file: PhotoFileKind, photoId: string): Promise<FileEnvelope> {
    return this.request((id) => ({ kind: 'file', id, file, photoId })) as Promise<FileEnvelope>;
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the core to drain and close, then ends the process; safe to call twice. */
  async close(): Promise<void> {
    if (this.stopped === null) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS));
      await Promise.race([this.request((id) => ({ kind: 'close', id })), timeout]);
    }
    this.child.kill();
  }

  private request(make: (id: number) => HostRequest): Promise<Envelope> {
    if (this.stopped !== null) return Promise.resolve(this.stopped);
    const id = this.nextId++;
    return new Promise<Envelope>((resolve) => {
      this.pending.set(id, resolve);
      this.send(make(id));
    });
  }

  private send(request: HostRequest): void {
    this.child.postMessage(request);
  }

  private receive(message: HostMessage): void {
    switch (message.kind) {
      case 'reply':
        this.pending.get(message.id)?.(message.result);
        this.pending.delete(message.id);
        break;
      case 'event':
        for (const listener of this.listeners) listener(message.name, message.payload);
        break;
      case 'failed':
        this.stop(message.error);
        break;
    }
  }

  private stop(error: unknown): void {
    this.stopped ??= errorEnvelope(error);
    for (const resolve of this.pending.values()) resolve(this.stopped);
    this.pending.clear();
  }
}
