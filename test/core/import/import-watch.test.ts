import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { ImportRecord, ImportVolume } from '../../../src-main/contract/imports.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { VolumePoller } from '../../../src-main/core/import/volumes.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';
import { filesUnder, sha } from './fake-card.js';

describe('cards and import folders, noticed without a click', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const saved = { ...process.env };
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    process.env['SHOEBOX_MOUNT_ROOTS'] = path.join(dir, 'media');
    await mkdir(path.join(dir, 'media'));
  });
  afterEach(async () => {
    process.env = { ...saved };
    await cleanup();
  });

  it('the poller sees a volume with DCIM appear and disappear, and ignores one without', async () => {
    const seen: ImportVolume[][] = [];
    const poller = new VolumePoller((volumes) => seen.push(volumes), 40);
    poller.start();
    try {
      await waitFor('the first look', () => seen.length === 1);
      expect(seen[0]).toEqual([]);
      await mkdir(path.join(dir, 'media', 'USB_STICK', 'Documents'), { recursive: true });
      await mkdir(path.join(dir, 'media', 'EOS_DIGITAL', 'DCIM', '100CANON'), { recursive: true });
      await waitFor('the card', () => seen.length === 2);
      expect(seen[1]).toEqual([{ path: path.join(dir, 'media', 'EOS_DIGITAL'), name: 'EOS_DIGITAL' }]);
      await rm(path.join(dir, 'media', 'EOS_DIGITAL'), { recursive: true });
      await waitFor('the card to go', () => seen.length === 3);
      expect(seen[2]).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toHaveLength(3);
    } finally {
      await poller.stop();
    }
  });

  it('a running library announces the card, and imports and files what arrives in an import folder', async () => {
    const timings = { volumePollMs: 50, importFolderPollMs: 100, importSettleMs: 500 };
    const core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir(), watch: true, timings });
    try {
      const announced: ImportVolume[][] = [];
      const finished: ImportRecord[] = [];
      core.on('importVolumes', ({ volumes }) => announced.push(volumes));
      core.on('importFinished', (record) => finished.push(record));
      await mkdir(path.join(dir, 'media', 'NIKON_D750', 'DCIM'), { recursive: true });
      await waitFor('the banner event', () => announced.some((v) => v.length === 1));
      expect(await core.listImportVolumes({})).toEqual([{ path: path.join(dir, 'media', 'NIKON_D750'), name: 'NIKON_D750' }]);

      const pictures = path.join(dir, 'Pictures');
      await core.setImportSettings({ folder: pictures });
      const phone = path.join(dir, 'Phone sync');
      await mkdir(phone);
      expect(await core.addImportFolder({ path: phone })).toEqual([phone]);
      const photo = await writePhoto(path.join(phone, 'PXL_20260714.jpg'), COLOURS['green'] ?? [0, 200, 0], { seed: 3, takenAt: '2026:07:14 08:00:00' });
      const old = new Date('2026-07-14T08:00:00Z');
      await utimes(photo, old, old);
      const record = await waitFor('the import folder to be imported', () => finished.at(-1), 30_000);
      expect(record).toMatchObject({ state: 'done', copied: 1, sources: [phone] });
      const copy = path.join(pictures, '2026', '2026-07-14', 'PXL_20260714.jpg');
      expect(await sha(copy)).toBe(await sha(photo));
      // Looked at again and again: never imported twice.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(finished).toHaveLength(1);
      expect((await filesUnder(pictures)).size).toBe(1);
      expect(await core.removeImportFolder({ path: phone })).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
