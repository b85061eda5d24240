import type { ApiService } from '../../contract/api.js';
import type { TagsApi } from '../../contract/tags.js';
import type { AlbumsRuntime } from '../albums/albums-runtime.js';
import type { SettingsStore } from '../library/settings.js';
import type { PhotoEventBus } from '../util/typed-emitter.js';
import { KeywordExporter, type KeywordSource } from './keyword-export.js';
import type { ShoeboxKeywords } from './keyword-merge.js';

/** Changes are gathered this long before an automatic export writes them: a burst of tagging is one export. */
const AUTO_EXPORT_DELAY_MS = 1000;

/** The library's photos, tags and album members, as the exporter reads them. */
function keywordSource(rt: AlbumsRuntime): KeywordSource {
  return {
    photos(ids) {
      const store = rt.photos;
      if (ids === undefined) return [...store.keys()].map((k) => ({ id: k.id, path: k.path }));
      return ids.flatMap((id) => {
        const key = store.key(id);
        return key ? [{ id, path: key.path }] : [];
      });
    },
    async keywords(ids) {
      const albums = rt.tables.albums.list();
      const members = await rt.index.run(() => albums.map((a) => ({ name: a.name, members: rt.index.members(a.id) })));
      const out = new Map<string, ShoeboxKeywords>();
      for (const id of ids) {
        out.set(id, { tags: rt.tables.labels.tagsOf(id), albums: members.filter((a) => a.members.has(id)).map((a) => a.name) });
      }
      return out;
    },
  };
}

export interface KeywordExportFeature {
  api: ApiService<keyof TagsApi>;
  close(): Promise<void>;
}

/**
 * `shoebox tag export` and its undo, and the automatic export: while `keywordExport.auto` is on, the photos
 * whose tags or album membership change are exported a moment later ([Note: keywords written to sidecars]).
 */
export async function keywordExportFeature(deps: {
  libraryDir: string;
  settings: SettingsStore;
  albums: AlbumsRuntime;
  bus: PhotoEventBus;
  /** test-only: a pause before each sidecar's rename (CoreOptions.timings.sidecarPauseMs) */
  pauseMs?: number;
}): Promise<KeywordExportFeature> {
  const exporter = new KeywordExporter(deps.libraryDir, keywordSource(deps.albums), deps.pauseMs, (progress) =>
    deps.bus.emit('keywordExportProgress', progress),
  );
  await exporter.recover();
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const flush = (): void => {
    timer = null;
    const ids = [...dirty];
    dirty.clear();
    if (ids.length === 0 || closed) return;
    void exporter.export(ids).then(
      (report) => {
        for (const f of report.failed) console.error(`shoebox: exporting keywords to ${f.path} failed: ${f.message}`);
      },
      (error: unknown) => console.error(`shoebox: exporting keywords failed: ${String(error)}`),
    );
  };
  const changed = (ids: readonly string[]): void => {
    if (closed || !deps.settings.get().keywordExport.auto || ids.length === 0) return;
    for (const id of ids) dirty.add(id);
    timer ??= setTimeout(flush, AUTO_EXPORT_DELAY_MS);
  };
  const unsubscribe = [
    deps.bus.on('albumUpdated', ({ added, removed }) => changed([...added, ...removed])),
    deps.albums.tables.labels.onChange((rows) => changed(rows.filter((r) => r.target_kind === 'tag').map((r) => r.photo_id))),
    // a renamed album changes the keyword of every member; its members are known once the album index has run
    deps.albums.tables.albums.onPut((row, before) => {
      if (before === undefined || before.name === row.name || !deps.settings.get().keywordExport.auto) return;
      void deps.albums.index
        .run(() => deps.albums.index.members(row.id))
        .then((members) => changed([...members]), (error: unknown) => console.error(`shoebox: exporting keywords failed: ${String(error)}`));
    }),
  ];

  return {
    api: {
      exportKeywords: ({ photoIds }) => exporter.export(photoIds),
      undoKeywordExport: () => exporter.undoLast(),
      cancelKeywordExport: () => Promise.resolve({ cancelled: exporter.cancel() }),
      getKeywordExport: () => Promise.resolve({ auto: deps.settings.get().keywordExport.auto }),
      async setKeywordExport({ auto }) {
        const settings = await deps.settings.update((draft) => {
          draft.keywordExport.auto = auto;
        });
        return { auto: settings.keywordExport.auto };
      },
    },
    async close() {
      for (const off of unsubscribe) off();
      if (timer) clearTimeout(timer);
      flush();
      closed = true;
      await exporter.idle();
    },
  };
}
