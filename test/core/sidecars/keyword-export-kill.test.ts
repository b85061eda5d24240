import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, chown, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { exiftool } from '../../../src-main/core/imaging/exiftool.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { repoRoot, runCliProcess } from '../../helpers/processes.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** A library of `count` tagged photos, each with a sidecar another tool (ExifTool) wrote; the core is closed. */
async function taggedLibrary(dir: string, count: number): Promise<{ photos: string; library: string; model: string; files: string[] }> {
  const photos = path.join(dir, 'photos');
  const files: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const file = await writePhoto(path.join(photos, `IMG_${String(i).padStart(4, '0')}.jpg`), COLOURS['red'] ?? [0, 0, 0], { seed: i + 1, width: 96, height: 64 });
    await exiftool().write(path.join(photos, `IMG_${String(i).padStart(4, '0')}.xmp`), { Subject: ['Old'], Title: `from another tool ${i}` });
    files.push(file);
  }
  const library = path.join(dir, 'library');
  const model = await tinyModelDir();
  const core: Core = await createCore({ libraryDir: library, modelDir: model });
  await core.addRoot({ path: photos });
  await core.rescan({});
  for (const p of (await core.listPhotos({})).photos) await core.addTag({ photoId: p.id, tag: 'kept' });
  // the sidecars' keyword ('Old') is read in as a tag in the background: wait for every photo's
  await waitFor('the sidecars to be read', async () => (await core.listTags({})).find((t) => t.tag === 'old')?.count === count);
  await core.close();
  return { photos, library, model, files };
}

describe('a keyword export in a process of its own', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('killed with SIGKILL leaves every sidecar old or new, never half; the next open tidies up and undo restores', async () => {
    const total = 12;
    const { photos, library, model, files } = await taggedLibrary(dir, total);
    const sidecars = files.map((f) => f.replace(/\.jpg$/, '.xmp'));
    const before = await Promise.all(sidecars.map((f) => readFile(f)));
    const photoHashes = await Promise.all(files.map(sha));

    // Test-only hook: each sidecar waits before its rename, so the kill lands between a temp file and its rename.
    // ('Old' was read in as the tag 'old' when the photos were indexed, so it is exported back under Shoebox's branch.)
    const child = runCliProcess(['tag', 'export', '--library', library, '--model', model], { SHOEBOX_TEST_SLOW_SIDECARS_MS: '250' });
    const changed = async (): Promise<number> => {
      let n = 0;
      for (const [i, f] of sidecars.entries()) if (!(await readFile(f)).equals(before[i] ?? Buffer.alloc(0))) n += 1;
      return n;
    };
    const tempPresent = async (): Promise<boolean> => (await readdir(photos)).some((n) => n.startsWith('.') && n.endsWith('.tmp'));
    // killed while a temp file waits beside its sidecar: the next open must take it away
    await waitFor('a few sidecars exported and the next one staged', async () => (await changed()) >= 3 && (await tempPresent()), 60_000, 10);
    child.kill('SIGKILL');
    expect(await child.exited, `the export finished before the kill:\n${child.output()}`).toBeNull();

    let fresh = 0;
    for (const [i, f] of sidecars.entries()) {
      const bytes = await readFile(f);
      if (bytes.equals(before[i] ?? Buffer.alloc(0))) continue;
      const tags: Record<string, unknown> = await exiftool().read(f, { readArgs: ['-XMP:all'] });
      expect(tags['Subject'], f).toEqual(['Old', 'kept']);
      expect(tags['HierarchicalSubject'], f).toEqual(['Shoebox|Tags|kept', 'Shoebox|Tags|old']);
      expect(tags['Title'], f).toBe(`from another tool ${i}`);
      fresh += 1;
    }
    expect(fresh).toBeGreaterThanOrEqual(3);
    expect(fresh).toBeLessThan(total);
    expect(await Promise.all(files.map(sha))).toEqual(photoHashes);

    const core = await createCore({ libraryDir: library, modelDir: model });
    try {
      expect((await readdir(photos)).filter((n) => n.startsWith('.'))).toEqual([]);
      const undo = await core.undoKeywordExport({});
      expect(undo).toMatchObject({ restored: fresh, removed: 0, kept: [] });
      const after = await Promise.all(sidecars.map((f) => readFile(f)));
      expect(after.every((bytes, i) => bytes.equals(before[i] ?? Buffer.alloc(0)))).toBe(true);
    } finally {
      await core.close();
    }
  });

  it('reports a read-only folder as a coded error naming the sidecar, and writes nothing there', async () => {
    const { photos, library, model } = await taggedLibrary(dir, 2);
    const readOnly = path.join(dir, 'read-only');
    await mkdir(readOnly);
    const locked = await writePhoto(path.join(readOnly, 'locked.jpg'), COLOURS['blue'] ?? [0, 0, 0]);
    const core = await createCore({ libraryDir: library, modelDir: model });
    await core.addRoot({ path: readOnly });
    await core.rescan({});
    const id = (await core.listPhotos({})).photos.find((p) => p.path === locked)?.id ?? '';
    await core.addTag({ photoId: id, tag: 'kept' });
    await core.close();
    await chmod(readOnly, 0o555);

    // root may write anywhere: the export then runs as an ordinary user, for whom the folder is read-only
    const asOther = process.getuid?.() === 0;
    if (asOther) {
      for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) if ((await stat(d)).uid === 0) await chmod(d, (await stat(d)).mode | 0o755);
      await chownTree(library, 65534);
      await chownTree(photos, 65534);
    }
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src-main/cli/bin.ts'), 'tag', 'export', '--json', '--library', library, '--model', model], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: dir },
      ...(asOther ? { uid: 65534, gid: 65534 } : {}),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, err).toBe(1);
    const report = JSON.parse(out) as { written: number; failed: { code: string; path: string; message: string }[] };
    expect(report.written).toBe(2);
    expect(report.failed).toEqual([
      { photoId: id, code: 'FILE_OPERATION_FAILED', path: `${locked}.xmp`, message: expect.stringContaining('not writable') as unknown },
    ]);
    expect(await readdir(readOnly)).toEqual(['locked.jpg']);
  });
});

async function chownTree(root: string, uid: number): Promise<void> {
  await chown(root, uid, uid);
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) await chown(path.join(entry.parentPath, entry.name), uid, uid);
}
