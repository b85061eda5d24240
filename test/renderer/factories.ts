import { afterEach, beforeEach, vi, type Mock } from 'vitest';
import { API_METHODS, type ApiMethod, type PhotoApi } from '$contract/api.js';
import { AppError } from '$contract/errors.js';
import type { PhotoEventName, PhotoEvents } from '$contract/events.js';
import type { FailedPhoto, IndexProgress, LibraryRoot, LibraryStatus, PhotoDetail, PhotoSummary } from '$contract/library.js';
import type { Album, AlbumPhoto, AlbumPreview } from '$contract/albums.js';
import type { ModelDownloadEvent, ModelInfo, ModelStatus } from '$contract/models.js';
import type { SearchHit, SearchResult } from '$contract/search.js';
import type { Shoebox } from '../../src-renderer/src/lib/api/client.js';

/** Data factories: plausible defaults, overridden per test with only what the test is about. */

export function photo(n: number, overrides: Partial<PhotoSummary> = {}): PhotoSummary {
  const day = String((n % 28) + 1).padStart(2, '0');
  return {
    id: `photo-${n}`,
    path: `/photos/2021/IMG_${String(n).padStart(4, '0')}.jpg`,
    root: '/photos',
    takenAt: `2021-05-${day}T10:00:00`,
    width: 4032,
    height: 3024,
    format: 'jpeg',
    status: 'indexed',
    ...overrides,
  };
}

export function photos(count: number, from = 0): PhotoSummary[] {
  return Array.from({ length: count }, (_, i) => photo(from + i));
}

export function hit(n: number, score: number, overrides: Partial<SearchHit> = {}): SearchHit {
  return { ...photo(n), score, similarity: score, tier: 'best', keywordMatch: false, ...overrides };
}

/** One page of a search: every hit given, best matches counted from their tiers. */
export function searchResult(query: string, hits: SearchHit[], overrides: Partial<SearchResult> = {}): SearchResult {
  const bestCount = hits.filter((h) => h.tier === 'best').length;
  return {
    query,
    terms: query === '' ? [] : [{ text: query, weight: 1 }],
    image: null,
    hits,
    offset: 0,
    total: hits.length,
    bestCount,
    nothingMatched: hits.length > 0 && bestCount === 0,
    resultId: `result-${query}`,
    ...overrides,
  };
}

export function detail(summary: PhotoSummary, overrides: Partial<PhotoDetail> = {}): PhotoDetail {
  return {
    ...summary,
    size: 2_400_000,
    mtime: '2021-05-02T10:00:00.000Z',
    camera: 'Fujifilm X100V',
    gps: { latitude: 48.8584, longitude: 2.2945 },
    error: null,
    modelId: 'tiny-clip',
    ...overrides,
  };
}

export function progress(overrides: Partial<IndexProgress> = {}): IndexProgress {
  return { state: 'idle', queued: 0, done: 0, failed: 0, total: 0, rate: 0, etaSeconds: null, ...overrides };
}

export function root(path = '/photos', photoCount = 20): LibraryRoot {
  return { path, addedAt: '2024-01-01T00:00:00.000Z', photoCount };
}

export function status(overrides: Partial<LibraryStatus> = {}): LibraryStatus {
  return {
    libraryDir: '/home/me/.shoebox',
    roots: [root()],
    photos: { total: 20, indexed: 20, pending: 0, failed: 0 },
    model: { id: 'tiny-clip', dir: '/models/tiny', embeddingSize: 64, provider: 'cpu' },
    indexing: progress(),
    ...overrides,
  };
}

export function failure(n: number, overrides: Partial<FailedPhoto> = {}): FailedPhoto {
  return {
    id: `broken-${n}`,
    path: `/photos/broken-${n}.jpg`,
    code: 'DECODE_FAILED',
    message: `/photos/broken-${n}.jpg could not be decoded: the JPEG data ends early. Re-copy it from the camera.`,
    ...overrides,
  };
}

export function album(n: number, overrides: Partial<Album> = {}): Album {
  return {
    id: `album-${n}`,
    name: `Album ${n}`,
    kind: 'smart',
    prompts: ['dog on a beach'],
    negativePrompts: [],
    threshold: 0.25,
    filters: {},
    mirror: null,
    probe: null,
    memberCount: 3,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function albumPhoto(n: number, overrides: Partial<AlbumPhoto> = {}): AlbumPhoto {
  return { ...photo(n), score: 0.3, probability: 0.8, by: 'prompt', label: null, ...overrides };
}

/** A preview whose scores spread evenly over [0, 0.4] in `bins` bins of `perBin` photos each. */
export function albumPreview(bins = 8, perBin = 5): AlbumPreview {
  const width = 0.4 / bins;
  return {
    total: bins * perBin,
    min: 0,
    max: 0.4,
    bins: Array.from({ length: bins }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: perBin })),
    thresholds: Array.from({ length: bins }, (_, i) => ({ threshold: i * width, count: (bins - i) * perBin })),
    suggestedThreshold: 0.2,
    top: Array.from({ length: 6 }, (_, i) => ({ id: `photo-${i}`, score: 0.39 - i * 0.04 })),
  };
}

export function modelInfo(id: string, overrides: Partial<ModelInfo> = {}): ModelInfo {
  return {
    id,
    displayName: id.toUpperCase(),
    description: `The ${id} model.`,
    source: 'catalogue',
    licence: 'MIT',
    imagenetTop1: 63.2,
    embeddingSize: 512,
    textOnly: false,
    sharesImageSpaceWith: null,
    variants: [{ name: 'fp32', description: 'Full precision.', default: true, sizeBytes: 600 * 1024 * 1024 }],
    installed: null,
    active: false,
    serving: false,
    downloading: false,
    ...overrides,
  };
}

export function modelStatus(overrides: Partial<ModelStatus> = {}): ModelStatus {
  return {
    settings: { model: null, provider: 'auto', threads: null, textTower: 'auto' },
    multilingual: null,
    serving: {
      id: 'tiny-clip',
      dir: '/models/tiny',
      embeddingSize: 64,
      provider: 'cpu',
      providerChoice: 'auto',
      threads: 4,
      scoring: { kind: 'softmax', logitScale: 100 },
    },
    switching: null,
    ...overrides,
  };
}

export function downloadEvent(id: string, overrides: Partial<ModelDownloadEvent> = {}): ModelDownloadEvent {
  return { id, bytesDone: 0, bytesTotal: 600 * 1024 * 1024, ratePerSec: 0, etaSeconds: null, file: '', state: 'running', ...overrides };
}

export type MockApi = { [M in ApiMethod]: Mock<PhotoApi[M]> };

export interface FakeShoebox extends Shoebox {
  api: PhotoApi;
  mock: MockApi;
  emit<K extends PhotoEventName>(name: K, payload: PhotoEvents[K]): void;
}

/**
 * The one seam the renderer tests mock: a Shoebox whose API methods are vi.fn()s. A method a test
 * did not stub rejects, so an unexpected call fails loudly instead of returning undefined.
 */
export function fakeShoebox(stubs: Partial<{ [M in ApiMethod]: PhotoApi[M] }> = {}): FakeShoebox {
  const mock = {} as Record<ApiMethod, Mock>;
  for (const method of API_METHODS) {
    mock[method] = vi.fn(stubs[method] ?? (() => Promise.reject(new AppError('INTERNAL', `${method} was not stubbed`))));
  }
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    api: mock,
    mock,
    events: {
      on(name, listener) {
        const set = listeners.get(name) ?? new Set();
        const untyped = listener as (payload: unknown) => void;
        set.add(untyped);
        listeners.set(name, set);
        return () => set.delete(untyped);
      },
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
    thumbUrl: (id) => `/thumb/${id}`,
    originalUrl: (id) => `/original/${id}`,
    fullUrl: (id) => `/full/${id}`,
  };
}

/**
 * A fake Shoebox for the whole app: what the app asks on its own (albums and models at start, a
 * photo's scores, tags and similar photos in the viewer) answers empty unless stubbed.
 */
export function appShoebox(stubs: Partial<{ [M in ApiMethod]: PhotoApi[M] }> = {}): FakeShoebox {
  return fakeShoebox({
    listAlbums: () => Promise.resolve([]),
    listModels: () => Promise.resolve([]),
    modelStatus: () => Promise.resolve(modelStatus()),
    zeroShot: ({ photoId }) => Promise.resolve({ photoId, albums: [] }),
    listTags: () => Promise.resolve([]),
    similarPhotos: () => Promise.resolve(searchResult('', [])),
    listImportVolumes: () => Promise.resolve([]),
    listImports: () => Promise.resolve([]),
    listImportFolders: () => Promise.resolve([]),
    getKeywordExport: () => Promise.resolve({ auto: false }),
    listFolders: () => Promise.resolve([]),
    listCameras: () => Promise.resolve([]),
    listUnreadable: () => Promise.resolve({ total: 0, files: [] }),
    timeline: () => Promise.resolve([]),
    getMarks: ({ photoIds }) => Promise.resolve(photoIds.map((id) => ({ id, favourite: false, rating: 0, rotation: 0 }))),
    ...stubs,
  });
}

/** A library of `total` photos whose pages are made on request, so 100,000 costs only what is asked. */
export function pagedLibrary(total: number): PhotoApi['listPhotos'] {
  return ({ offset = 0, limit = 200 }) => {
    const end = Math.min(total, offset + limit);
    return Promise.resolve({ total, photos: offset < end ? photos(end - offset, offset) : [] });
  };
}

/** jsdom lays nothing out; give every element the size of a desktop viewport while a test runs. */
export function stubViewport(width: number, height: number): () => void {
  const proto = HTMLElement.prototype;
  const saved = ['clientWidth', 'clientHeight'].map((key) => [key, Object.getOwnPropertyDescriptor(proto, key)] as const);
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height });
  return () => {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(proto, key, descriptor);
      else Reflect.deleteProperty(proto, key);
    }
  };
}

/** Gives every element a desktop viewport's size while each test of the calling file runs. */
export function useViewport(width = 1000, height = 800): void {
  let restore = (): void => undefined;
  beforeEach(() => {
    restore = stubViewport(width, height);
  });
  afterEach(() => {
    restore();
  });
}
