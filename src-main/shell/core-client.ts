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
 * The process that runs the core host: Electron's `UtilityProcess` in the app. Only these methods are used,
 * so the tests drive this client against a forked Node process running the same host code.
 */
export interface HostChild {
  postMessage(message: HostRequest): void;
  on(event: 'message', listener: (message: HostMessage) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface RestartPolicy {
  /** restarts allowed within `windowMs`; one more crash in that time stops the engine for good */
  restarts: number;
  windowMs: number;
}

const DEFAULT_RESTARTS: RestartPolicy = { restarts: 3, windowMs: 60_000 };

/**
 * The main process's handle on the core host ([Note: core host protocol]): correlates requests and replies,
 * and turns a crashed or failed engine into error envelopes instead of promises that never settle. A host
 * that crashes (a native library gone wrong) is started again on the same library, a few times a minute at
 * most; the calls in flight answer INTERNAL and the next ones reach the new host. A core that fails to
 * start (a broken library) is not retried: starting it again would fail the same way.
 */
export class CoreHostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();
  private readonly crashes: number[] = [];
  private stopped: Envelope<never> | null = null;
  private closing = false;
  private child: HostChild;

  private constructor(
    private readonly fork: () => HostChild,
    private readonly options: CoreOptions,
    private readonly policy: RestartPolicy,
  ) {
    this.child = this.launch();
  }

  /** Starts the core with `options` in a host made by `fork` (in the app: `utilityProcess.fork` of core-host.js). */
  static start(fork: () => HostChild, options: CoreOptions, policy: RestartPolicy = DEFAULT_RESTARTS): CoreHostClient {
    return new CoreHostClient(fork, options, policy);
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
    this.closing = true;
    if (this.stopped === null) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS));
      await Promise.race([this.request((id) => ({ kind: 'close', id })), timeout]);
    }
    this.child.kill();
  }

  private launch(): HostChild {
    const child = this.fork();
    // A host that was replaced may still say something on its way out; only the current one is heard.
    child.on('message', (message: HostMessage) => {
      if (child === this.child) this.receive(message);
    });
    child.on('exit', (code) => {
      if (child === this.child) this.exited(code);
    });
    child.postMessage({ kind: 'start', options: this.options });
    return child;
  }

  private exited(code: number): void {
    const now = Date.now();
    this.crashes.push(now);
    while ((this.crashes[0] ?? now) < now - this.policy.windowMs) this.crashes.shift();
    if (this.closing || this.stopped !== null || this.crashes.length > this.policy.restarts) {
      this.stop(new AppError('INTERNAL', `The Shoebox engine stopped (exit code ${code}); restart Shoebox.`));
      return;
    }
    this.failPending(new AppError('INTERNAL', `The Shoebox engine stopped (exit code ${code}) and was started again; try again.`));
    this.child = this.launch();
  }

  private request(make: (id: number) => HostRequest): Promise<Envelope> {
    if (this.stopped !== null) return Promise.resolve(this.stopped);
    const id = this.nextId++;
    return new Promise<Envelope>((resolve) => {
      this.pending.set(id, resolve);
      this.child.postMessage(make(id));
    });
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

  private failPending(error: unknown): void {
    const envelope = errorEnvelope(error);
    for (const resolve of this.pending.values()) resolve(envelope);
    this.pending.clear();
  }

  private stop(error: unknown): void {
    this.stopped ??= errorEnvelope(error);
    this.failPending(error);
  }
}
