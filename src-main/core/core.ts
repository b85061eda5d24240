import type { PhotoApi } from '../contract/api.js';
import type { PhotoEventSource } from '../contract/events.js';
import type { OwnerEndpoint } from './library-lock.js';
import type { RenditionSize, ServedFile } from './pipeline/engine.js';
import type { PageWarmUpOutcome } from './page-warm-up.js';

export type { RenditionSize, ServedFile } from './pipeline/engine.js';
export type { CoreOptions } from './runtime/core-options.js';
export type { PageWarmUpOutcome } from './page-warm-up.js';

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
  /**
   * Says a person's page is opening on this core (the app's window, browser mode): it prepares the page's first
   * listings at once, and what the first search needs once the grid's first page is answered and the page's calls
   * pause ([Note: warming for the page]). Resolves, once, with what it did ('warmed', 'stopped' by close(), 'no
   * model' yet, or 'failed', said on stderr); never rejects. Only for a core a page opens on: the CLI never calls
   * it, so it never pays for it.
   */
  warmForPage(): Promise<PageWarmUpOutcome>;
  /** Stops watching, drains writes, closes the catalogue, gives up the library lock. Safe to call twice. */
  close(): Promise<void>;
}
