import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  filesOf,
  getVariant,
  type RegistryEntry,
  type RegistryFile,
  type RegistryVariant,
} from '../model-registry.js';
import { ensureFreeSpace } from './disk-space.js';
import { downloadFile, type DownloadFileResult } from './download-file.js';
import { digestFile, fsyncPath, replaceDirectory, writeFileAtomic } from '../../util/atomic-file.js';
import { writeManifest, type ManifestFile, type ModelManifest } from './manifest.js';
import { applyMirror, resolveMirror } from './mirror.js';
import { ProgressMeter, type DownloadProgress } from './progress.js';
import { cancelledError } from './retry.js';

export interface ModelDownloadProgress extends DownloadProgress {
  modelId: string;
  /** the file being fetched, as it will be named in the installed folder */
  file: string;
  fileIndex: number;
  fileCount: number;
  fileBytesDone: number;
  fileBytesTotal: number | null;
}

export interface DownloadModelOptions {
  modelsDir: string;
  /** variant name from the catalogue; the entry's default when omitted */
  variant?: string;
  /** base URL replacing https://huggingface.co; SHOEBOX_MODEL_MIRROR when omitted */
  mirror?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ModelDownloadProgress) => void;
  retries?: number;
  retryBaseDelayMs?: number;
  stallTimeoutMs?: number;
  progressIntervalMs?: number;
  fetchImpl?: typeof fetch;
}

export interface DownloadModelResult {
  dir: string;
  manifest: ModelManifest;
  /** things the person should know, e.g. checksums recorded because the catalogue had none */
  notices: string[];
}

const STAGING_INFO = '.staging-info.json';

export function stagingDirFor(modelsDir: string, id: string): string {
  return path.join(modelsDir, `.staging-${id}`);
}

/**
 * Downloads every file of a catalogue entry into `<modelsDir>/.staging-<id>/`, then writes the
 * manifest and renames the folder to `<modelsDir>/<id>/` (see [Note: atomic writes] in util/atomic-file.ts).
 * An interrupted or cancelled download leaves only the staging folder, which the next call resumes.
 */
export async function downloadModel(
  entry: RegistryEntry,
  options: DownloadModelOptions,
): Promise<DownloadModelResult> {
  const variant = getVariant(entry, options.variant);
  const files = filesOf(entry, variant);
  const mirror = resolveMirror(options.mirror);
  const staging = stagingDirFor(options.modelsDir, entry.id);
  await prepareStaging(staging, entry, variant);
  await ensureFreeSpace(options.modelsDir, await bytesStillNeeded(staging, files), entry.displayName);

  const sizes = files.map((f) => f.size ?? f.approxSize);
  let current = {
    modelId: entry.id,
    file: '',
    fileIndex: 0,
    fileCount: files.length,
    fileBytesDone: 0,
    fileBytesTotal: null as number | null,
  };
  const { onProgress } = options;
  const meter = new ProgressMeter(
    onProgress &&
      ((p) => {
        onProgress({ ...p, ...current });
      }),
    options.progressIntervalMs ?? 250,
  );
  const manifestFiles: ManifestFile[] = [];
  const notices: string[] = [];
  for (const [index, file] of files.entries()) {
    const target = file.saveAs ?? file.path;
    current = { ...current, file: target, fileIndex: index, fileBytesDone: 0, fileBytesTotal: file.size };
    meter.restartWindow();
    const doneBefore = sizes.slice(0, index).reduce((a, b) => a + b, 0);
    const result = await fetchOrReuse(path.join(staging, target), file, mirror, options, (p) => {
      if (p.bytesTotal !== null) sizes[index] = p.bytesTotal;
      current = { ...current, fileBytesDone: p.bytesDone, fileBytesTotal: p.bytesTotal };
      meter.update(
        doneBefore + p.bytesDone,
        sizes.reduce((a, b) => a + b, 0),
      );
    });
    sizes[index] = result.size;
    manifestFiles.push({
      path: target,
      size: result.size,
      sha256: result.sha256,
      sha256Source: result.sha256Source,
    });
    if (result.sha256Source === 'computed') {
      notices.push(
        `The catalogue has no checksum for ${target}; recorded sha256 ${result.sha256} from this first download.`,
      );
    }
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  meter.update(total, total, true);
  const manifest: ModelManifest = {
    formatVersion: 1,
    id: entry.id,
    displayName: entry.displayName,
    variant: variant.name,
    source: { kind: 'catalogue', repo: entry.source.repo, revision: entry.source.revision, mirror },
    installedAt: new Date().toISOString(),
    files: manifestFiles,
    entry,
  };
  const dir = await install(staging, path.join(options.modelsDir, entry.id), manifest);
  return { dir, manifest, notices };
}

/** The manifest goes in last, then the whole folder is renamed into place. */
async function install(staging: string, dir: string, manifest: ModelManifest): Promise<string> {
  await rm(path.join(staging, STAGING_INFO), { force: true });
  await writeManifest(staging, manifest);
  await fsyncPath(staging);
  await replaceDirectory(staging, dir);
  return dir;
}

/**
 * Keeps a staging folder only if it was started for the same revision and variant: the int8 and fp32
 * towers are saved under the same name, so parts of one must never be resumed into the other.
 */
async function prepareStaging(
  staging: string,
  entry: RegistryEntry,
  variant: RegistryVariant,
): Promise<void> {
  const info = JSON.stringify({ revision: entry.source.revision, variant: variant.name });
  const infoFile = path.join(staging, STAGING_INFO);
  const previous = await readFile(infoFile, 'utf8').then(
    (text) => JSON.stringify(JSON.parse(text)),
    () => null,
  );
  if (previous === info) return;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFileAtomic(infoFile, info);
}

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

async function bytesStillNeeded(staging: string, files: RegistryFile[]): Promise<number> {
  let needed = 0;
  for (const file of files) {
    const dest = path.join(staging, file.saveAs ?? file.path);
    const have = Math.max(await sizeOf(dest), await sizeOf(`${dest}.part`));
    needed += Math.max(0, (file.size ?? file.approxSize) - have);
  }
  return needed;
}

/** A file finished by an earlier run (renamed from its .part, so it passed its checks) is kept. */
async function fetchOrReuse(
  dest: string,
  file: RegistryFile,
  mirror: string | null,
  options: DownloadModelOptions,
  onProgress: (progress: DownloadProgress) => void,
): Promise<Pick<DownloadFileResult, 'size' | 'sha256' | 'sha256Source'>> {
  if ((await sizeOf(dest)) > 0) {
    const digest = await digestFile(dest);
    const matches =
      (file.size === null || digest.size === file.size) &&
      (file.sha256 === null || digest.sha256 === file.sha256);
    if (matches) {
      onProgress({ bytesDone: digest.size, bytesTotal: digest.size, ratePerSec: 0, etaSeconds: 0 });
      return { ...digest, sha256Source: file.sha256 === null ? 'computed' : 'catalogue' };
    }
    await rm(dest, { force: true });
  }
  const url = applyMirror(file.url, mirror);
  if (options.signal?.aborted === true) throw cancelledError(url);
  return downloadFile({
    url,
    dest,
    expectedSize: file.size,
    sha256: file.sha256,
    onProgress,
    // The model-level meter throttles; every file-level update feeds it.
    progressIntervalMs: 0,
    signal: options.signal,
    retries: options.retries,
    retryBaseDelayMs: options.retryBaseDelayMs,
    stallTimeoutMs: options.stallTimeoutMs,
    fetchImpl: options.fetchImpl,
  });
}
