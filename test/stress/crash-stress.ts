import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openRemoteCore } from '../../src-main/cli/remote-core.js';
import type { Core } from '../../src-main/core/core.js';
import { createCore } from '../../src-main/core/create-core.js';
import { readLibraryOwner } from '../../src-main/core/library-lock.js';
import { photoTableRows } from '../helpers/catalogue-rows.js';
import { COLOURS, writePhoto } from '../helpers/photos.js';
import { runCliProcess } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * Issue 10's randomized crash test: a `shoebox watch` process owns a library while photos arrive, an album
 * mirrors (moves and copies) and tags and corrections are made through its API; it is killed with SIGKILL at
 * a random moment, then the library is checked: every photo's bytes are still somewhere in the folder, every
 * acknowledged tag and correction is there, the photos table has one row per id and per path, and the
 * library opens. Kept short in `npm test`; `npm run stress -- --kills 50 --minutes 10` runs it long.
 */
export interface StressOptions {
  kills: number;
  /** stop early (after the kill in progress) once this many minutes have passed */
  minutes?: number;
  log?: (line: string) => void;
  /** a fixed seed makes the kill times and choices repeatable */
  seed?: number;
}

export interface StressReport {
  kills: number;
  photos: number;
  files: number;
  tags: number;
  corrections: number;
  duplicateRows: number;
  /** after the reopened library's scan: rows minus photo files (a row for a file that is not there, or a file without one) */
  strayRows: number;
  lostPhotos: number;
  lostLabels: number;
  seconds: number;
}

const colours = Object.values(COLOURS);

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(file, createHash('sha256').update(await readFile(file)).digest('hex'));
  }
  return out;
}

/** Traffic through the owner's API until it dies; what it acknowledged is recorded. */
interface Acked {
  tags: Set<string>;
  corrections: Map<string, boolean>;
  attempts: Map<string, number>;
}

async function traffic(core: Core, state: Acked, albumId: string, photos: string, round: number, rnd: () => number): Promise<void> {
  const listed = (await core.listPhotos({ limit: 1000 })).photos;
  // Three different photos: two corrections of one photo in flight at once have no order to check.
  const picked = [...listed].sort(() => rnd() - 0.5).slice(0, 3).map((p) => p.id);
  const work: Promise<unknown>[] = [];
  for (const [i, id] of picked.entries()) {
    const tag = `t${round}-${i}`;
    work.push(core.addTag({ photoId: id, tag }).then(() => state.tags.add(`${id}\u0000${tag}`)));
    const include = rnd() < 0.5;
    // Only the newest correction of a photo is checked, and only once acknowledged: one sent before the
    // kill and not answered may have been written, or not.
    state.attempts.set(id, (state.attempts.get(id) ?? 0) + 1);
    const attempt = state.attempts.get(id) ?? 0;
    work.push(
      core.setAlbumMembership({ albumId, photoId: id, include }).then(
        () => (state.attempts.get(id) === attempt ? state.corrections.set(id, include) : undefined),
        () => state.corrections.delete(id),
      ),
    );
  }
  if (round % 3 === 1) {
    const folder = path.join(photos, `Sorted-${round}`);
    const mode = rnd() < 0.5 ? 'move' : 'copy';
    work.push(core.setAlbumMirror({ albumId, folder, mode }).then(() => core.applyAlbumMirror({ albumId })));
  }
  await Promise.allSettled(work);
}

export async function runCrashStress(options: StressOptions): Promise<StressReport> {
  const log = options.log ?? (() => undefined);
  const rnd = random(options.seed ?? Date.now());
  const started = Date.now();
  const deadline = options.minutes === undefined ? Infinity : started + options.minutes * 60_000;
  const { dir, cleanup } = await makeTempDir('shoebox-stress-');
  const report: StressReport = { kills: 0, photos: 0, files: 0, tags: 0, corrections: 0, duplicateRows: 0, strayRows: 0, lostPhotos: 0, lostLabels: 0, seconds: 0 };
  try {
    const photos = path.join(dir, 'photos');
    const library = path.join(dir, 'library');
    const model = await tinyModelDir();
    for (let i = 0; i < 12; i += 1) await writePhoto(path.join(photos, `p${i}.jpg`), colours[i % colours.length] ?? [0, 0, 0], { seed: i + 1 });
    let core = await createCore({ libraryDir: library, modelDir: model });
    await core.addRoot({ path: photos });
    await core.rescan({});
    const albumId = (await core.createAlbum({ name: 'Reds', prompts: ['red'], threshold: 0.5 })).id;
    await core.close();
    const expected = new Set((await filesUnder(photos)).values());
    const acked: Acked = { tags: new Set(), corrections: new Map(), attempts: new Map() };
    // Each lost label counts once, however many rounds find it missing.
    const lostSeen = new Set<string>();
    let seed = 100;

    for (let round = 0; round < options.kills && Date.now() < deadline; round += 1) {
      const owner = runCliProcess(['watch', photos, '--library', library, '--model', model], {
        SHOEBOX_WRITE_STABLE_MS: '300',
        SHOEBOX_TEST_SLOW_FILE_ACTIONS_MS: '40',
      });
      const endpoint = await waitFor('the owner to serve', async () => {
        const lock = await readLibraryOwner(library);
        return lock?.pid === owner.pid ? lock.endpoint : undefined;
      }, 60_000, 50);
      if (!endpoint) throw new Error('unreachable');
      const lockOwner = await readLibraryOwner(library);
      if (!lockOwner) throw new Error('the owner let go of the library');
      const remote = await openRemoteCore(lockOwner, endpoint);
      // Photos arriving (an import into the watched folder) while the rest goes on.
      for (let i = 0; i < 2; i += 1) {
        const file = await writePhoto(path.join(photos, `in-${round}`, `n${i}.jpg`), colours[seed % colours.length] ?? [0, 0, 0], { seed: seed++ });
        expected.add(createHash('sha256').update(await readFile(file)).digest('hex'));
      }
      const killAfter = 200 + rnd() * 2500;
      const running = traffic(remote, acked, albumId, photos, round, rnd).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, killAfter));
      owner.kill('SIGKILL');
      await owner.exited;
      await running;
      await remote.close();
      report.kills += 1;

      // Straight after the kill, before anything heals it: one row per id and per path.
      const rows = await photoTableRows(library);
      report.duplicateRows += rows.rows - Math.min(rows.ids, rows.paths);
      core = await createCore({ libraryDir: library, modelDir: model });
      try {
        const present = new Set((await filesUnder(photos)).values());
        const lost = [...expected].filter((h) => !present.has(h));
        report.lostPhotos += lost.length;
        for (const entry of acked.tags) {
          const [id = '', tag = ''] = entry.split('\u0000');
          const tags = await core.listTags({ photoId: id }).catch(() => []);
          if (!tags.some((t) => t.tag === tag) && !lostSeen.has(entry)) {
            lostSeen.add(entry);
            report.lostLabels += 1;
            const exists = (await core.getPhoto({ id }).catch(() => null)) !== null;
            log(`  lost tag ${tag} of ${id}${exists ? '' : ' (the photo id is gone)'}`);
          }
        }
        const page = await core.albumPhotos({ albumId, limit: 1000 });
        const members = new Set(page.photos.map((p) => p.id));
        for (const [id, include] of acked.corrections) {
          // A correction made later (not yet acknowledged when the kill came) may have replaced it; only the
          // direction of the newest acknowledged one is checked, and only for a photo still in the library.
          if ((await core.getPhoto({ id }).catch(() => null)) === null) continue;
          if (members.has(id) !== include && !lostSeen.has(`${id}\u0000${String(include)}`)) {
            lostSeen.add(`${id}\u0000${String(include)}`);
            report.lostLabels += 1;
            log(`  lost correction ${include ? 'include' : 'exclude'} of ${id}`);
          }
        }
        // The scan a restart runs: afterwards every photo file has exactly one row.
        await core.rescan({});
        report.photos = (await core.listPhotos({ limit: 1000 })).total;
        report.files = [...(await filesUnder(photos)).keys()].filter((f) => f.endsWith('.jpg')).length;
        report.strayRows += Math.abs(report.photos - report.files);
      } finally {
        await core.close();
      }
      log(`kill ${report.kills} after ${Math.round(killAfter)} ms: ${report.photos} photos, ${report.files} files, duplicates ${report.duplicateRows}, stray rows ${report.strayRows}, lost photos ${report.lostPhotos}, lost labels ${report.lostLabels}`);
    }
    report.tags = acked.tags.size;
    report.corrections = acked.corrections.size;
    report.seconds = Math.round((Date.now() - started) / 1000);
    return report;
  } finally {
    await cleanup();
  }
}
