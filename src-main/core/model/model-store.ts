import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import { isSafeRelativePath, MODEL_ID_PATTERN } from './model-registry-schema.js';
import { stagingDirFor } from './download/download-model.js';
import { digestFile, fsyncPath } from '../util/atomic-file.js';
import {
  MANIFEST_FILE,
  readManifest,
  writeManifest,
  type ManifestFile,
  type ModelManifest,
} from './download/manifest.js';
import { extractZipEntry, readZipEntries, type ZipEntry } from './download/zip-reader.js';

/**
 * Where models live: `<library>/models/<id>/`, each with the Hugging Face layout plus a
 * `shoebox-model.json` manifest written last (see [Note: atomic writes] in util/atomic-file.ts).
 * Folders starting with "." are work in progress (staging, imports, trash) and never listed.
 */
export const MODELS_FOLDER = 'models';

/** The files a CLIP-style export must have; readModelFolder checks the ONNX signatures on load. */
export const REQUIRED_MODEL_FILES = [
  'onnx/vision_model.onnx',
  'onnx/text_model.onnx',
  'tokenizer.json',
  'tokenizer_config.json',
  'preprocessor_config.json',
  'config.json',
] as const;

export type InstalledModel =
  | { id: string; dir: string; status: 'ready'; manifest: ModelManifest }
  | { id: string; dir: string; status: 'broken'; problem: string };

export function modelsDirOf(libraryDir: string): string {
  return path.join(libraryDir, MODELS_FOLDER);
}

export function checkId(id: string): void {
  if (!MODEL_ID_PATTERN.test(id)) {
    throw new AppError(
      'INVALID_INPUT',
      `"${id}" is not a valid model id: use lower-case letters, digits, ".", "_" or "-" (at most 64).`,
      { id },
    );
  }
}

export async function listInstalledModels(modelsDir: string): Promise<InstalledModel[]> {
  const names = await readdir(modelsDir, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const models: InstalledModel[] = [];
  for (const dirent of names) {
    if (!dirent.isDirectory() || dirent.name.startsWith('.')) continue;
    const dir = path.join(modelsDir, dirent.name);
    try {
      models.push({ id: dirent.name, dir, status: 'ready', manifest: await readManifest(dir) });
    } catch (error) {
      models.push({ id: dirent.name, dir, status: 'broken', problem: (error as Error).message });
    }
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
}

/** Deletes a model (and any half-finished download of it); the folder vanishes in one rename. */
export async function removeModel(modelsDir: string, id: string): Promise<void> {
  checkId(id);
  const dir = path.join(modelsDir, id);
  const staging = stagingDirFor(modelsDir, id);
  const installed = await stat(dir).then(
    () => true,
    () => false,
  );
  const partial = await stat(staging).then(
    () => true,
    () => false,
  );
  if (!installed && !partial)
    throw new AppError('MODEL_NOT_FOUND', `No model "${id}" is installed in ${modelsDir}.`, { id });
  if (installed) {
    const trash = path.join(modelsDir, `.trash-${id}-${Date.now().toString(36)}`);
    await rename(dir, trash);
    await rm(trash, { recursive: true, force: true });
  }
  await rm(staging, { recursive: true, force: true });
}

/** Root-level files (configs, tokenizer) and the two towers with any external-data file beside them. */
function isModelFile(relative: string): boolean {
  return (
    (!relative.includes('/') && relative !== MANIFEST_FILE) ||
    /^onnx\/(vision|text)_model\.onnx(_data|\.data)?$/.test(relative)
  );
}

function checkRequired(present: Set<string>, source: string): void {
  const missing = REQUIRED_MODEL_FILES.filter((f) => !present.has(f));
  if (missing.length > 0) {
    throw new AppError(
      'MODEL_INVALID',
      `${source} is not a CLIP export in the Hugging Face layout: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`,
      { source, missing },
    );
  }
}

async function filesIn(dir: string, prefix: string): Promise<string[]> {
  const dirents = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const dirent of dirents) {
    // stat follows symlinks: a Hugging Face cache snapshot is a folder of links to blobs.
    const isFile =
      dirent.isFile() || (dirent.isSymbolicLink() && (await stat(path.join(dir, dirent.name))).isFile());
    if (isFile) files.push(`${prefix}${dirent.name}`);
  }
  return files;
}

async function copyFolder(source: string, staging: string): Promise<string[]> {
  const files = [
    ...(await filesIn(source, '')),
    ...(await filesIn(path.join(source, 'onnx'), 'onnx/')),
  ].filter(isModelFile);
  checkRequired(new Set(files), source);
  for (const relative of files) {
    const dest = path.join(staging, relative);
    await mkdir(path.dirname(dest), { recursive: true });
    await copyFile(path.join(source, relative), dest);
  }
  return files;
}

/** The folder inside the zip that holds the model: archives often wrap it in a top-level folder. */
function zipRoot(entries: ZipEntry[]): string {
  const suffix = 'onnx/vision_model.onnx';
  const roots = entries
    .filter((e) => !e.name.startsWith('__MACOSX/') && (e.name === suffix || e.name.endsWith(`/${suffix}`)))
    .map((e) => e.name.slice(0, e.name.length - suffix.length))
    .sort((a, b) => a.length - b.length);
  return roots[0] ?? '';
}

async function extractZip(source: string, staging: string): Promise<string[]> {
  const entries = await readZipEntries(source);
  const root = zipRoot(entries);
  const selected = entries
    .filter((e) => !e.isDirectory && e.name.startsWith(root))
    .map((e) => ({ entry: e, relative: e.name.slice(root.length) }))
    .filter(({ relative }) => isSafeRelativePath(relative) && isModelFile(relative));
  checkRequired(new Set(selected.map((s) => s.relative)), source);
  for (const { entry, relative } of selected)
    await extractZipEntry(source, entry, path.join(staging, relative));
  return selected.map((s) => s.relative);
}

function idFromSource(source: string): string {
  const base = path
    .basename(source)
    .replace(/\.zip$/i, '')
    .toLowerCase();
  return base
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
}

/**
 * Installs a model from a folder or a .zip laid out like a Hugging Face CLIP export (the offline route
 * when the hub cannot be reached). Files are copied into a hidden folder, hashed into a manifest and
 * renamed into place, exactly like a download.
 */
export async function importModel(source: string, modelsDir: string, id?: string): Promise<InstalledModel> {
  const info = await stat(source).catch((error: unknown) => {
    throw new AppError(
      'NOT_FOUND',
      `${source} does not exist: give the path of a model folder or .zip file.`,
      { source },
      { cause: error },
    );
  });
  const isZip = info.isFile() && source.toLowerCase().endsWith('.zip');
  if (!info.isDirectory() && !isZip)
    throw new AppError('INVALID_INPUT', `${source} is neither a folder nor a .zip file.`, { source });
  const modelId = id ?? idFromSource(source);
  checkId(modelId);
  const dir = path.join(modelsDir, modelId);
  if (
    await stat(dir).then(
      () => true,
      () => false,
    )
  ) {
    throw new AppError(
      'ALREADY_EXISTS',
      `A model "${modelId}" is already installed: remove it first or import under another id.`,
      { id: modelId },
    );
  }
  const staging = path.join(modelsDir, `.import-${modelId}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const relatives = isZip ? await extractZip(source, staging) : await copyFolder(source, staging);
    const files: ManifestFile[] = [];
    for (const relative of relatives) {
      const file = path.join(staging, relative);
      await fsyncPath(file);
      files.push({ path: relative, ...(await digestFile(file)), sha256Source: 'computed' });
    }
    const manifest: ModelManifest = {
      formatVersion: 1,
      id: modelId,
      displayName: modelId,
      variant: null,
      source: { kind: 'import', from: path.resolve(source) },
      installedAt: new Date().toISOString(),
      files,
      entry: null,
    };
    await writeManifest(staging, manifest);
    await fsyncPath(staging);
    await rename(staging, dir);
    await fsyncPath(modelsDir);
    return { id: modelId, dir, status: 'ready', manifest };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
