import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { readManifest } from '../../../src-main/core/model/download/manifest.js';
import { requireImageModel, saveModelChoice } from '../../../src-main/core/runtime/active-model.js';
import {
  importModel,
  listInstalledModels,
  modelsDirOf,
  removeModel,
} from '../../../src-main/core/model/model-store.js';
import { SETTINGS_FILE, SettingsStore } from '../../../src-main/core/library/settings.js';
import { makeZip, type ZipInput } from './helpers/zip-writer.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A small model in the Hugging Face layout: random towers, JSON configs, and files the import must skip. */
const modelFiles: Record<string, Buffer> = {
  'onnx/vision_model.onnx': randomBytes(400_000),
  'onnx/text_model.onnx': randomBytes(250_000),
  'tokenizer.json': Buffer.from(JSON.stringify({ model: { vocab: { a: 1 } } }).repeat(200)),
  'tokenizer_config.json': Buffer.from('{"model_max_length":77}'),
  'preprocessor_config.json': Buffer.from('{"size":224,"crop_size":224}'),
  'config.json': Buffer.from('{"model_type":"clip"}'),
  'merges.txt': Buffer.from('#version: 0.2\n'),
};
const skipped: Record<string, Buffer> = {
  'onnx/model.onnx': randomBytes(10_000),
  'onnx/vision_model_fp16.onnx': randomBytes(5000),
};

async function expectCode(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('model store', () => {
  let root: string;
  let libraryDir: string;
  let modelsDir: string;

  async function writeFolder(dir: string, files: Record<string, Buffer>): Promise<void> {
    for (const [name, data] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), data);
    }
  }

  async function expectInstalled(id: string): Promise<void> {
    const dir = path.join(modelsDir, id);
    for (const [name, data] of Object.entries(modelFiles))
      expect((await readFile(path.join(dir, name))).equals(data)).toBe(true);
    for (const name of Object.keys(skipped)) expect(existsSync(path.join(dir, name))).toBe(false);
    const manifest = await readManifest(dir);
    expect(manifest.files.find((f) => f.path === 'onnx/text_model.onnx')?.sha256).toBe(
      sha256(modelFiles['onnx/text_model.onnx'] ?? Buffer.alloc(0)),
    );
    expect(manifest.source.kind).toBe('import');
  }

  async function leftovers(): Promise<string[]> {
    return (await readdir(modelsDir).catch(() => [])).filter((n) => n.startsWith('.'));
  }

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'shoebox-store-'));
    libraryDir = path.join(root, 'library');
    modelsDir = modelsDirOf(libraryDir);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('imports a folder in the Hugging Face layout, following symlinks and skipping unneeded towers', async () => {
    const blobs = path.join(root, 'blobs');
    await writeFolder(blobs, { big: modelFiles['onnx/vision_model.onnx'] ?? Buffer.alloc(0) });
    const source = path.join(root, 'My CLIP Export');
    await writeFolder(source, { ...modelFiles, ...skipped });
    await rm(path.join(source, 'onnx/vision_model.onnx'));
    await symlink(path.join(blobs, 'big'), path.join(source, 'onnx/vision_model.onnx'));

    const installed = await importModel(source, modelsDir);
    expect(installed.id).toBe('my-clip-export');
    await expectInstalled('my-clip-export');
    expect((await listInstalledModels(modelsDir)).map((m) => [m.id, m.status])).toEqual([
      ['my-clip-export', 'ready'],
    ]);
    expect(await leftovers()).toEqual([]);
  });

  it('names the missing file when a folder is not a complete export, and installs nothing', async () => {
    const source = path.join(root, 'incomplete');
    await writeFolder(
      source,
      Object.fromEntries(Object.entries(modelFiles).filter(([name]) => name !== 'tokenizer.json')),
    );
    const error = await expectCode(importModel(source, modelsDir, 'incomplete'), 'MODEL_INVALID');
    expect(error.message).toContain('tokenizer.json');
    expect(error.details).toMatchObject({ missing: ['tokenizer.json'] });
    expect(await listInstalledModels(modelsDir)).toEqual([]);
    expect(await leftovers()).toEqual([]);
  });

  it.each([
    ['deflated, wrapped in a top-level folder', 'deflate' as const, 'clip-export/', false],
    ['stored, at the archive root', 'store' as const, '', false],
    ['zip64 records', 'deflate' as const, 'x/', true],
  ])('imports a zip archive (%s)', async (_label, method, prefix, zip64) => {
    const inputs: ZipInput[] = Object.entries({ ...modelFiles, ...skipped }).map(([name, data]) => ({
      name: `${prefix}${name}`,
      data,
      method,
    }));
    inputs.push({ name: '__MACOSX/._config.json', data: Buffer.from('junk'), method: 'store' });
    const zip = path.join(root, 'Model.zip');
    await writeFile(zip, makeZip(inputs, { zip64 }));
    await importModel(zip, modelsDir, 'zipped');
    await expectInstalled('zipped');
  });

  it('rejects a zip whose data is corrupt, installing nothing', async () => {
    const inputs: ZipInput[] = Object.entries(modelFiles).map(([name, data]) => ({
      name,
      data,
      method: 'store',
    }));
    const zip = makeZip(inputs);
    const at = zip.indexOf(modelFiles['onnx/text_model.onnx'] ?? Buffer.alloc(1)) + 1000;
    zip[at] = (zip[at] ?? 0) ^ 0xff;
    const file = path.join(root, 'bad.zip');
    await writeFile(file, zip);
    const error = await expectCode(importModel(file, modelsDir), 'MODEL_INVALID');
    expect(error.message).toContain('onnx/text_model.onnx');
    expect(await listInstalledModels(modelsDir)).toEqual([]);
    expect(await leftovers()).toEqual([]);
  });

  it('never writes a zip entry outside the model folder', async () => {
    const inputs: ZipInput[] = Object.entries(modelFiles).map(([name, data]) => ({
      name,
      data,
      method: 'deflate',
    }));
    inputs.push({ name: '../escaped.txt', data: Buffer.from('x'), method: 'store' });
    const file = path.join(root, 'slip.zip');
    await writeFile(file, makeZip(inputs));
    await importModel(file, modelsDir, 'slip');
    expect(existsSync(path.join(modelsDir, 'escaped.txt'))).toBe(false);
    expect(existsSync(path.join(root, 'library', 'escaped.txt'))).toBe(false);
  });

  it('refuses to import over an installed model and rejects ids that are not folder-safe', async () => {
    const source = path.join(root, 'export');
    await writeFolder(source, modelFiles);
    await importModel(source, modelsDir, 'dup');
    await expectCode(importModel(source, modelsDir, 'dup'), 'ALREADY_EXISTS');
    await expectCode(importModel(source, modelsDir, '../outside'), 'INVALID_INPUT');
    await expectCode(importModel(path.join(root, 'nope'), modelsDir), 'NOT_FOUND');
  });

  it('lists broken installs and hides work-in-progress folders', async () => {
    await mkdir(path.join(modelsDir, 'half-copied'), { recursive: true });
    await mkdir(path.join(modelsDir, '.staging-clip-vit-b32'), { recursive: true });
    const listed = await listInstalledModels(modelsDir);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      id: 'half-copied',
      status: 'broken',
      problem: expect.stringContaining('shoebox-model.json') as unknown,
    });
  });

  it('removes a model and its partial download', async () => {
    const source = path.join(root, 'export');
    await writeFolder(source, modelFiles);
    await importModel(source, modelsDir, 'gone');
    await mkdir(path.join(modelsDir, '.staging-gone'), { recursive: true });
    await removeModel(modelsDir, 'gone');
    expect(await readdir(modelsDir)).toEqual([]);
    await expectCode(removeModel(modelsDir, 'gone'), 'MODEL_NOT_FOUND');
    await expectCode(removeModel(modelsDir, '../library'), 'INVALID_INPUT');
  });

  it('persists the chosen model in the one settings file, keeping other keys and reading the legacy key', async () => {
    const source = path.join(root, 'export');
    await writeFolder(source, modelFiles);
    await importModel(source, modelsDir, 'chosen');
    await mkdir(libraryDir, { recursive: true });
    const file = path.join(libraryDir, SETTINGS_FILE);
    await writeFile(file, JSON.stringify({ threads: 4, activeModel: 'older', futureKey: { kept: true } }));

    const settings = await SettingsStore.open(libraryDir);
    expect(settings.get()).toMatchObject({ model: 'older', threads: 4, provider: 'auto' });
    await requireImageModel(modelsDir, 'chosen');
    await saveModelChoice(settings, { model: 'chosen', provider: 'cpu' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 1,
      roots: [],
      model: 'chosen',
      provider: 'cpu',
      threads: 4,
      imports: { folder: null, pattern: '{yyyy}/{yyyy}-{mm}-{dd}', folders: [] },
      textTower: 'auto',
      keywordExport: { auto: false },
      futureKey: { kept: true },
    });
    expect((await readdir(libraryDir)).filter((n) => n.includes('.tmp'))).toEqual([]);
    expect((await SettingsStore.open(libraryDir)).get().model).toBe('chosen');

    await expectCode(requireImageModel(modelsDir, 'not-installed'), 'MODEL_NOT_FOUND');
    await expectCode(saveModelChoice(settings, { model: 'chosen', provider: 'gpu' }), 'INVALID_INPUT');
    await removeModel(modelsDir, 'chosen');
    await expectCode(requireImageModel(modelsDir, 'chosen'), 'MODEL_NOT_FOUND');
  });
});
