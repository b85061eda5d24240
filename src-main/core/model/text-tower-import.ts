import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import { digestFile, fsyncPath } from '../util/atomic-file.js';
import { filesOf, getVariant, type ModelRegistry, type RegistryEntry } from './model-registry.js';
import { writeManifest, type ManifestFile, type ModelManifest } from './download/manifest.js';

/** A sentence-transformers folder: the pooling and Dense modules beside the transformer. */
export async function isSentenceTowerFolder(source: string): Promise<boolean> {
  const has = (relative: string): Promise<boolean> =>
    stat(path.join(source, relative)).then(
      (s) => s.isFile(),
      () => false,
    );
  return (
    (await has(path.join('1_Pooling', 'config.json'))) && (await has(path.join('2_Dense', 'config.json')))
  );
}

/**
 * The catalogue's text tower a folder holds: named by the id asked for, else recognised by the hub
 * repository's name in the folder's path (a download or a Hugging Face cache snapshot keeps it).
 */
function entryFor(catalogue: ModelRegistry, source: string, id: string | undefined): RegistryEntry {
  const towers = catalogue.models.filter((m) => m.textOnly);
  const resolved = path.resolve(source).toLowerCase();
  const entry =
    id === undefined
      ? towers.find((m) => {
          const repo = m.source.repo.toLowerCase();
          return (
            resolved.endsWith(`${path.sep}${repo.split('/')[1] ?? repo}`) ||
            resolved.includes(repo.replace('/', '--'))
          );
        })
      : towers.find((m) => m.id === id);
  if (entry === undefined) {
    const known = towers.map((m) => `${m.id} (${m.source.repo})`).join(', ');
    throw new AppError(
      'INVALID_INPUT',
      `${source} is a sentence-transformers text tower, but not one the catalogue describes${id === undefined ? '' : ` as "${id}"`}. Import it with --id set to one of: ${known}.`,
      { source },
    );
  }
  return entry;
}

/**
 * Installs a multilingual text tower from a folder in the hub's layout (the offline route): the files of
 * its catalogue entry's default variant are copied under the names a download gives them, hashed, checked
 * against the catalogue's sha256 where it has one, and renamed into place with a manifest that records
 * the entry, exactly as a download would leave them.
 */
export async function importSentenceTower(
  source: string,
  modelsDir: string,
  catalogue: ModelRegistry,
  id?: string,
): Promise<{ id: string; dir: string; manifest: ModelManifest }> {
  const entry = entryFor(catalogue, source, id);
  const dir = path.join(modelsDir, entry.id);
  if (
    await stat(dir).then(
      () => true,
      () => false,
    )
  ) {
    throw new AppError('ALREADY_EXISTS', `A model "${entry.id}" is already installed: remove it first.`, {
      id: entry.id,
    });
  }
  const variant = getVariant(entry);
  const files = filesOf(entry, variant);
  const pick = async (relative: string, saveAs: string): Promise<string | null> => {
    for (const candidate of [relative, saveAs]) {
      const file = path.join(source, candidate);
      if (
        await stat(file).then(
          (s) => s.isFile(),
          () => false,
        )
      )
        return file;
    }
    return null;
  };
  const found = await Promise.all(files.map((f) => pick(f.path, f.saveAs ?? f.path)));
  const missing = files.filter((_, i) => found[i] === null).map((f) => f.path);
  if (missing.length > 0) {
    throw new AppError('MODEL_INVALID', `${source} lacks ${missing.join(', ')} of ${entry.displayName}.`, {
      source,
      missing,
    });
  }
  const staging = path.join(modelsDir, `.import-${entry.id}`);
  await rm(staging, { recursive: true, force: true });
  try {
    const manifestFiles: ManifestFile[] = [];
    for (const [i, file] of files.entries()) {
      const target = file.saveAs ?? file.path;
      const dest = path.join(staging, target);
      await mkdir(path.dirname(dest), { recursive: true });
      await copyFile(found[i] as string, dest);
      await fsyncPath(dest);
      const digest = await digestFile(dest);
      if (file.sha256 !== null && digest.sha256 !== file.sha256) {
        throw new AppError(
          'CHECKSUM_MISMATCH',
          `${found[i] as string} has sha256 ${digest.sha256}, but ${entry.source.repo} at ${entry.source.revision} publishes ${file.sha256}: it is another version or damaged.`,
          { file: found[i] },
        );
      }
      manifestFiles.push({
        path: target,
        ...digest,
        sha256Source: file.sha256 === null ? 'computed' : 'catalogue',
      });
    }
    const manifest: ModelManifest = {
      formatVersion: 1,
      id: entry.id,
      displayName: entry.displayName,
      variant: variant.name,
      source: { kind: 'import', from: path.resolve(source) },
      installedAt: new Date().toISOString(),
      files: manifestFiles,
      entry,
    };
    await writeManifest(staging, manifest);
    await fsyncPath(staging);
    await rename(staging, dir);
    await fsyncPath(modelsDir);
    return { id: entry.id, dir, manifest };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
