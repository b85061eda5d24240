import type { SettingsStore } from '../library/settings.js';
import type { PhotoEventBus } from '../util/typed-emitter.js';
import type { ImportService } from './import-service.js';
import { VolumePoller } from './volumes.js';

/**
 * What a long-running core (the app) watches for imports: camera volumes appearing (announced
 * as `importVolumes`, for the banner) and the import folders, whose new files are imported and
 * filed the same way as a card's. A folder is looked at every few seconds; files still being
 * written wait (the plan's busy window), and a tick is skipped while an import runs.
 */
export function startImportWatch(
  imports: ImportService,
  settings: SettingsStore,
  bus: PhotoEventBus,
  timings: { volumePollMs?: number; importFolderPollMs?: number } = {},
): { close(): Promise<void> } {
  const poller = new VolumePoller((volumes) => bus.emit('importVolumes', { volumes }), timings.volumePollMs);
  poller.start();
  let ticking: Promise<void> | null = null;
  const seen = new Map<string, Map<string, string>>();
  const tick = async (): Promise<void> => {
    for (const folder of settings.get().imports.folders) {
      if (imports.running) return;
      const known = seen.get(folder) ?? new Map<string, string>();
      seen.set(folder, known);
      const plan = await imports.plan({ sources: [folder] }, known);
      if (plan.files.length > 0) await imports.run({ sources: [folder] });
    }
  };
  const timer = setInterval(() => {
    ticking ??= tick()
      .catch((error: unknown) => console.error(`shoebox: importing from an import folder failed: ${String(error)}`))
      .finally(() => (ticking = null));
  }, timings.importFolderPollMs ?? 5000);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await poller.stop();
      await ticking;
    },
  };
}
