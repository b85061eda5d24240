import type { PhotoApi } from '../contract/api.js';
import type { PhotoEventSource } from '../contract/events.js';
import type { OwnerEndpoint } from './library-lock.js';
import type { RenditionSize, ServedFile } from './pipeline/engine.js';

export type { RenditionSize, ServedFile } from './pipeline/engine.js';
export type { CoreOptions } from './runtime/core-options.js';

/**
 * The engine as every adapter sees it: the PhotoApi, its events, and the two byte routes
 * (thumbnails and originals) that travel by protocol instead of IPC.
 */
export interface Core extends PhotoApi, PhotoEventSource {
  /** The cached thumbnail of a photo (made on demand); NOT_FOUND for an unknown id. */
  thumbnailFile(id: string): Promise<ServedFile>;
  /**
   * The original file of a photo, checked to lie inside a library root; FORBIDDEN otherwise. A format a
   * browser cannot show comes as a JPEG rendition: screen-sized, or at full resolution for 1:1 zoom.
   */
  originalFile(id: string, size?: RenditionSize): Promise<ServedFile>;
  /** Writes where this process serves the API into the library lock, so CLI commands work through it. */
  announce(endpoint: OwnerEndpoint | null): Promise<void>;
  /** Stops watching, drains writes, closes the catalogue, gives up the library lock. Safe to call twice. */
  close(): Promise<void>;
}
