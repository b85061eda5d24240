import type { ApiMethod } from '../contract/api.js';
import type { ErrorPayload } from '../contract/errors.js';
import type { PhotoEventName } from '../contract/events.js';
import type { CoreOptions, ServedFile } from '../core/core.js';
import type { Envelope } from '../contract/envelope.js';

/**
 * [Note: core host protocol]
 * The messages between the main process and the utility process that runs the core (`core-host.ts`).
 * Main parses every renderer argument before it sends a `call`, so the host trusts what it receives;
 * replies use the same envelope as the HTTP transport ([Note: wire format]).
 */
export type PhotoFileKind = 'thumb' | 'original' | 'full';

export type HostRequest =
  | { kind: 'start'; options: CoreOptions }
  | { kind: 'call'; id: number; method: ApiMethod; input: unknown }
  | { kind: 'file'; id: number; file: PhotoFileKind; photoId: string }
  | { kind: 'close'; id: number };

export type HostMessage =
  | { kind: 'failed'; error: ErrorPayload }
  | { kind: 'reply'; id: number; result: Envelope }
  | { kind: 'event'; name: PhotoEventName; payload: unknown };

export type FileEnvelope = Envelope<ServedFile>;
