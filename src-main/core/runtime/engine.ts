import { access, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { IndexProgress, IndexSummary } from '../../contract/library.js';
import type { Catalog } from '../catalog/catalog.js';
import { closeExiftool } from '../imaging/exiftool.js';
import { makeThumbnail, prepareImage, setDecodeThreads } from '../imaging/index.js';
import { isRawFile } from '../imaging/raw.js';
import { motionOf, MOTION_SUFFIX } from '../library/companions.js';
import { LaterHashes } from '../library/full-hash-later.js';
import { Indexer } from '../pipeline/indexer.js';
import type { LibraryPaths } from '../library/library-paths.js';
import { isInside } from '../library/supported-files.js';
import { watchFolders, type FolderWatcher } from '../library/watch-folders.js';
import type { LoadedModel } from '../model/open-model.js';
import type { Engine, RenditionSize, ServedFile } from '../pipeline/engine.js';
import { EmbedQueue } from '../pipeline/embed-queue.js';
import { ProgressTracker } from '../pipeline/progress.js';
import { planThreads } from '../pipeline/thread-plan.js';
import { RowWriter } from '../pipeline/row-writer.js';
import type { SettingsStore } from '../library/settings.js';
import { TextEmbeddingCache } from '../model/text-vector-cache.js';
import { PromptVectors } from '../search/zero-shot.js';
import { TextTowers, type TextTowerHandle } from '../model/text-towers.js';
import { parseProviderChoice } from '../model/providers.js';
import type { TextRoute } from '../model/query-language.js';
import type { TemplateMode } from '../../contract/models.js';
import type { PhotoEventBus } from '../util/typed-emitter.js';
import type { CoreOptions } from './core-options.js';

export interface EngineDeps {
  options: CoreOptions;
  paths: LibraryPaths;
  settings: SettingsStore;
  catalog: Catalog;
  model: LoadedModel;
  bus: PhotoEventBus;
}

const MIME: Record<string, string> = {
  jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif',
  tiff: 'image/tiff', tif: 'image/tiff', avif: 'image/avif', heic: 'image/heic', heif: 'image/heif', jxl: 'image/jxl',
  mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', '3gp': 'video/3gpp', mkv: 'video/x-matroska',
  webm: 'video/webm', avi: 'video/x-msvideo', mts: 'video/mp2t', m2ts: 'video/mp2t',
};

/** What an <img> shows in every browser Shoebox runs in; anything else is served as a JPEG rendition. */
const BROWSER_SHOWS = new Set(['jpeg', 'jpg', 'png', 'webp', 'gif', 'avif']);
const STILL_IMAGE = new Set(['tiff', 'tif', 'heic', 'heif', 'jxl']);
/** Long edge of a rendition: sharp on a 4K screen, a fraction of a RAW file's decode. */
const RENDITION_SIZE = 3072;
/** A bound no photo's long edge reaches: the full rendition keeps every pixel (the resize never enlarges). */
const FULL_SIZE = 100_000;

/** The running parts of a library with a model: catalogue, queue, indexer, watcher, caches. */
export function createEngine(deps: EngineDeps): Engine {
  const { options, paths, settings, catalog, model, bus } = deps;
  const progress = new ProgressTracker();
  const plan = planThreads({ threads: model.threads, decodeConcurrency: options.decodeConcurrency, vipsThreads: options.vipsThreads });
  setDecodeThreads(plan.vipsThreads);
  const stableMs = options.timings?.writeStableMs ?? 1500;
  let indexer: Indexer | null = null;
  const writer = new RowWriter(
    catalog,
    (photos, failures) => {
      indexer?.afterWrite(photos, failures);
      for (const f of failures) bus.emit('photoFailed', { id: f.path, path: f.path, code: f.code, message: f.message });
    },
    (error) => console.error(`shoebox: writing to the catalogue failed: ${String(error)}`),
  );
  const queue = new EmbedQueue({
    embedder: model,
    prepare: (bytes, file, spec, o) => prepareImage(bytes ?? file, spec, { thumbnailPath: o.thumbnailPath, fileName: file }),
    writer,
    progress,
    thumbnailPath: paths.thumbnail,
    batchSize: options.batchSize ?? 8,
    decodeConcurrency: plan.decodesInFlight,
    // one batch queued behind the running one keeps a worker's tower busy; on the main thread it would only wait
    batchesInFlight: options.imageWorker === false ? 1 : 2,
  });
  indexer = new Indexer(
    catalog,
    queue,
    [paths.root],
    {
      removed: (key, mergedInto) =>
        bus.emit('photoRemoved', mergedInto === undefined ? { id: key.id, path: key.path } : { id: key.id, path: key.path, mergedInto }),
      indexed: (row) => bus.emit('photoIndexed', row),
    },
    stableMs + 2500,
  );
  const activeIndexer = indexer;
  const texts = new TextEmbeddingCache();
  const towers = new TextTowers({
    model,
    modelsDir: paths.models,
    choice: () => settings.get().textTower,
    sessionOptions: { provider: parseProviderChoice(model.providerChoice), threads: model.threads },
  });
  const prompts = new Map<string, PromptVectors>();
  const promptsOf = (tower: TextTowerHandle): PromptVectors => {
    let found = prompts.get(tower.id);
    if (!found) {
      found = PromptVectors.forTower(tower, model.embeddingSize, paths.cache);
      prompts.set(tower.id, found);
    }
    return found;
  };
  let watcher: FolderWatcher | null = null;
  // [Note: full hash later]: what indexing left for later is hashed once the queue has been idle a while
  const later = new LaterHashes(catalog.photos, () => !queue.isIdle || queue.isPaused, options.timings?.laterHashMs ?? 2000);
  const ticker = setInterval(() => {
    const snapshot = progress.snapshot();
    if (snapshot.state !== 'idle' || lastState !== 'idle') bus.emit('indexProgress', snapshot);
    lastState = snapshot.state;
  }, 250);
  ticker.unref();
  let lastState: IndexProgress['state'] = 'idle';

  const roots = (): string[] => settings.get().roots.map((r) => r.path);

  return {
    catalog,
    model,
    progress,
    queue,
    indexer: activeIndexer,

    /** The text towers: CLIP's and the multilingual add-on, chosen per text (see [Note: query language routing]). */
    towers,

    /** A text's vector through the tower its language (or `route`) picks; cached per tower. */
    async embedText(text: string, route?: TextRoute): Promise<Float32Array> {
      const tower = await towers.towerFor(text, route);
      return texts.get(tower.id, text, (t) => tower.embedTexts(t));
    },

    /** A label's zero-shot direction: the prompt-template ensemble of its language, embedded once per tower (memory and disk). */
    async promptVector(label: string, mode?: TemplateMode): Promise<Float32Array> {
      return promptsOf(await towers.towerFor(label)).vector(label, mode);
    },

    async scan(only?: readonly string[]): Promise<IndexSummary> {
      progress.resetIfIdle();
      const summary = await activeIndexer.scan(only ?? roots());
      bus.emit('indexProgress', progress.snapshot());
      later.soon();
      return summary;
    },

    async indexFiles(files: readonly string[]): Promise<IndexSummary> {
      progress.resetIfIdle();
      const summary = await activeIndexer.indexFiles(files, roots());
      bus.emit('indexProgress', progress.snapshot());
      later.soon();
      return summary;
    },

    async startWatching(): Promise<void> {
      watcher = watchFolders({
        roots: roots(),
        exclude: [paths.root],
        stableMs,
        onEvent: (event) => {
          const root = Indexer.rootOf(event.path, roots());
          if (root !== undefined) activeIndexer.handleWatchEvent(event, root);
        },
        onError: (error) => console.error(`shoebox: watching failed: ${error.message}`),
      });
      await watcher.ready;
      void this.scan().catch((error: unknown) => console.error(`shoebox: scan failed: ${String(error)}`));
    },

    rootAdded(root: string): void {
      if (!watcher) return;
      watcher.add(root);
      void this.scan([root]).catch((error: unknown) => console.error(`shoebox: scan failed: ${String(error)}`));
    },

    async rootRemoved(root: string): Promise<void> {
      await watcher?.remove(root);
      queue.forget((job) => isInside(job.path, root));
      const gone = [...catalog.photos.keys()].filter((k) => isInside(k.path, root));
      await catalog.photos.remove(gone.map((k) => k.id));
      await catalog.failures.clear([...catalog.failures.paths()].filter((p) => isInside(p, root)));
    },

    async thumbnailFile(id: string): Promise<ServedFile> {
      const key = catalog.photos.key(id);
      if (!key) throw new AppError('NOT_FOUND', `No photo with id ${id}.`);
      // Checked every time, not only when the thumbnail is made: nothing is served of a photo outside the roots.
      const original = await this.checkedPath(key.path);
      const file = paths.thumbnail(id);
      const made = await access(file).then(() => true, () => false);
      if (!made) {
        await mkdir(path.dirname(file), { recursive: true });
        await makeThumbnail(original, file, 320);
      }
      return { path: file, mime: 'image/jpeg' };
    },

    /**
     * The photo for the viewer: the original file when a browser can show it, else a JPEG
     * rendition made once and kept in the cache (a TIFF's, HEIC's or RAW's bytes show as a broken image).
     */
    async originalFile(id: string, size: RenditionSize = 'screen'): Promise<ServedFile> {
      // a Live Photo's motion is served as the original of its id + MOTION_SUFFIX ([Note: Live Photos])
      const motion = id.endsWith(MOTION_SUFFIX);
      const photoId = motion ? id.slice(0, -MOTION_SUFFIX.length) : id;
      const key = catalog.photos.key(photoId);
      if (!key) throw new AppError('NOT_FOUND', `No photo with id ${id}.`);
      const motionPath = motion ? await motionOf(key.path) : null;
      if (motion && motionPath === null) throw new AppError('NOT_FOUND', `${key.path} has no Live Photo motion beside it.`);
      const file = await this.checkedPath(motionPath ?? key.path);
      const ext = path.extname(file).slice(1).toLowerCase();
      if (BROWSER_SHOWS.has(ext) || !(STILL_IMAGE.has(ext) || isRawFile(file))) {
        return { path: file, mime: MIME[ext] ?? 'application/octet-stream' };
      }
      const rendition = size === 'full' ? paths.fullRendition(id) : paths.rendition(id);
      if (!(await access(rendition).then(() => true, () => false))) {
        await mkdir(path.dirname(rendition), { recursive: true });
        // full: as large as the photo is (the resize never enlarges), for the viewer's 1:1 zoom
        await makeThumbnail(file, rendition, size === 'full' ? FULL_SIZE : RENDITION_SIZE);
      }
      return { path: rendition, mime: 'image/jpeg' };
    },

    /** A path is served only while it (after resolving links) lies inside a library root ([Note: links in roots]). */
    async checkedPath(filePath: string): Promise<string> {
      const real = await realpath(filePath).catch(() => {
        throw new AppError('NOT_FOUND', `${filePath} is no longer on disk.`);
      });
      const realRoots = await Promise.all(roots().map((r) => realpath(r).catch(() => r)));
      if (!realRoots.some((r) => isInside(real, r))) {
        throw new AppError('FORBIDDEN', `${filePath} is outside the library's folders.`);
      }
      return real;
    },

    async close(): Promise<void> {
      clearInterval(ticker);
      await later.stop();
      await watcher?.close();
      queue.cancel();
      await activeIndexer.close();
      await writer.flush();
      await Promise.all([...prompts.values()].map((p) => p.saved()));
      await towers.dispose();
      await closeExiftool();
    },
  };
}

export type { Engine } from '../pipeline/engine.js';
