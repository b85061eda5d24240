import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { parseModelRegistry, type RegistryEntry } from '../../../src-main/core/model/model-registry.js';
import {
  downloadModel,
  type ModelDownloadProgress,
} from '../../../src-main/core/model/download/download-model.js';
import { MANIFEST_FILE, readManifest } from '../../../src-main/core/model/download/manifest.js';
import { listInstalledModels } from '../../../src-main/core/model/model-store.js';
import { HttpTestServer, type Step } from './helpers/http-test-server.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const REPO = 'test-org/tiny-clip';
const REVISION = '0123456789abcdef0123456789abcdef01234567';
/** Fails loudly instead of reaching the internet if a URL were not rewritten onto the loopback mirror. */
const loopbackOnly: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  if (url.hostname !== '127.0.0.1') return Promise.reject(new Error(`test tried to reach ${url.href}`));
  return fetch(input, init);
};
const FAST = { retryBaseDelayMs: 10, stallTimeoutMs: 2000, progressIntervalMs: 0, fetchImpl: loopbackOnly };

/** The files of a small model, served by the loopback server under the hub's URL layout. */
const contents = {
  'config.json': Buffer.from('{"model_type":"clip"}'),
  'tokenizer.json': Buffer.from('{"model":{}}'),
  'onnx/vision_model.onnx': randomBytes(2 * 1024 * 1024 + 5),
  'onnx/text_model.onnx': randomBytes(1024 * 1024 + 3),
  'onnx/vision_model_quantized.onnx': randomBytes(300_001),
  'onnx/text_model_quantized.onnx': randomBytes(200_003),
};
type FileName = keyof typeof contents;
const hubPath = (name: string): string => `/${REPO}/resolve/${REVISION}/${name}`;

function file(
  name: FileName,
  opts: { saveAs?: string; withSha?: boolean; sha?: string } = {},
): Record<string, unknown> {
  const data = contents[name];
  return {
    path: name,
    ...(opts.saveAs === undefined ? {} : { saveAs: opts.saveAs }),
    url: `https://huggingface.co${hubPath(name)}`,
    size: opts.withSha === true ? data.length : null,
    approxSize: data.length,
    sha256: opts.sha ?? (opts.withSha === true ? sha256(data) : null),
  };
}

function makeEntry(overrides: { visionSha?: string } = {}): RegistryEntry {
  const entry = {
    id: 'tiny-clip',
    displayName: 'Tiny CLIP',
    description: 'test model',
    default: true,
    licence: 'MIT',
    imagenetTop1: null,
    imagenetTop1Source: 'none',
    source: { repo: REPO, revision: REVISION, revisionPinned: true },
    files: [file('config.json'), file('tokenizer.json')],
    variants: [
      {
        name: 'fp32',
        description: 'full',
        default: true,
        files: [
          file('onnx/vision_model.onnx', {
            withSha: true,
            ...(overrides.visionSha === undefined ? {} : { sha: overrides.visionSha }),
          }),
          file('onnx/text_model.onnx'),
        ],
      },
      {
        name: 'int8',
        description: 'small',
        default: false,
        files: [
          file('onnx/vision_model_quantized.onnx', { saveAs: 'onnx/vision_model.onnx' }),
          file('onnx/text_model_quantized.onnx', { saveAs: 'onnx/text_model.onnx' }),
        ],
      },
    ],
    embeddingSize: 4,
    scoring: { kind: 'softmax', logitScale: 100 },
    text: {
      contextLength: 77,
      padding: 'longest',
      inputIds: 'input_ids',
      attentionMask: null,
      output: 'text_embeds',
      pooling: 'none',
      projection: null,
    },
    vision: {
      input: 'pixel_values',
      output: 'image_embeds',
      preprocessing: {
        resizeMode: 'shortest-edge',
        shortestEdge: 224,
        cropHeight: 224,
        cropWidth: 224,
        resample: 'bicubic',
        rescaleFactor: 1 / 255,
        mean: null,
        std: null,
      },
    },
    textOnly: false,
    sharesImageSpaceWith: null,
    unverified: [],
  };
  const [parsed] = parseModelRegistry({ schemaVersion: 1, models: [entry] }, 'test catalogue').models;
  if (parsed === undefined) throw new Error('test entry did not parse');
  return parsed;
}

describe('downloadModel through a mirror on a loopback HTTP server', () => {
  const server = new HttpTestServer();
  let modelsDir: string;

  function serveAll(plans: Partial<Record<FileName, Step[]>> = {}): void {
    for (const [name, data] of Object.entries(contents))
      server.serve(hubPath(name), data, plans[name as FileName] ?? []);
  }

  beforeEach(async () => {
    modelsDir = await mkdtemp(path.join(tmpdir(), 'shoebox-models-'));
    server.requests.length = 0;
    await server.start();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.close();
    await rm(modelsDir, { recursive: true, force: true });
  });

  it('installs every file atomically with a manifest, rewriting hub URLs onto SHOEBOX_MODEL_MIRROR', async () => {
    serveAll();
    vi.stubEnv('SHOEBOX_MODEL_MIRROR', `${server.baseUrl}/`);
    const events: ModelDownloadProgress[] = [];
    const result = await downloadModel(makeEntry(), {
      modelsDir,
      onProgress: (p) => events.push(p),
      ...FAST,
    });

    expect(server.requests.map((r) => r.path).sort()).toEqual(
      ['config.json', 'tokenizer.json', 'onnx/vision_model.onnx', 'onnx/text_model.onnx'].map(hubPath).sort(),
    );
    expect(result.dir).toBe(path.join(modelsDir, 'tiny-clip'));
    for (const name of [
      'config.json',
      'tokenizer.json',
      'onnx/vision_model.onnx',
      'onnx/text_model.onnx',
    ] as const) {
      expect((await readFile(path.join(result.dir, name))).equals(contents[name])).toBe(true);
    }
    const manifest = await readManifest(result.dir);
    expect(manifest).toMatchObject({
      id: 'tiny-clip',
      variant: 'fp32',
      source: { kind: 'catalogue', revision: REVISION, mirror: server.baseUrl },
    });
    const vision = manifest.files.find((f) => f.path === 'onnx/vision_model.onnx');
    expect(vision).toEqual({
      path: 'onnx/vision_model.onnx',
      size: contents['onnx/vision_model.onnx'].length,
      sha256: sha256(contents['onnx/vision_model.onnx']),
      sha256Source: 'catalogue',
    });
    expect(manifest.files.find((f) => f.path === 'onnx/text_model.onnx')?.sha256Source).toBe('computed');
    expect(
      result.notices.some(
        (n) => n.includes('onnx/text_model.onnx') && n.includes(sha256(contents['onnx/text_model.onnx'])),
      ),
    ).toBe(true);
    expect((await readdir(modelsDir)).filter((n) => n.startsWith('.'))).toEqual([]);

    const total = ['config.json', 'tokenizer.json', 'onnx/vision_model.onnx', 'onnx/text_model.onnx'].reduce(
      (s, n) => s + contents[n as FileName].length,
      0,
    );
    for (let i = 1; i < events.length; i += 1)
      expect(events[i]?.bytesDone).toBeGreaterThanOrEqual(events[i - 1]?.bytesDone ?? 0);
    expect(events.at(-1)).toMatchObject({
      modelId: 'tiny-clip',
      bytesDone: total,
      bytesTotal: total,
      fileCount: 4,
    });
  });

  it('installs the int8 variant under the canonical tower names', async () => {
    serveAll();
    const result = await downloadModel(makeEntry(), {
      modelsDir,
      variant: 'int8',
      mirror: server.baseUrl,
      ...FAST,
    });
    expect(
      (await readFile(path.join(result.dir, 'onnx/vision_model.onnx'))).equals(
        contents['onnx/vision_model_quantized.onnx'],
      ),
    ).toBe(true);
    expect(result.manifest.variant).toBe('int8');
  });

  it('leaves nothing installed when cancelled, then resumes the partial file on the next run', async () => {
    serveAll({ 'onnx/vision_model.onnx': [{ kind: 'stall', bytes: 512 * 1024 }] });
    const controller = new AbortController();
    const first = downloadModel(makeEntry(), {
      modelsDir,
      mirror: server.baseUrl,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.file === 'onnx/vision_model.onnx' && p.fileBytesDone >= 512 * 1024) controller.abort();
      },
      ...FAST,
      stallTimeoutMs: 10_000,
    });
    const error: unknown = await first.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CANCELLED');
    expect(existsSync(path.join(modelsDir, 'tiny-clip'))).toBe(false);
    expect(await listInstalledModels(modelsDir)).toEqual([]);

    const result = await downloadModel(makeEntry(), { modelsDir, mirror: server.baseUrl, ...FAST });
    const visionRanges = server.requestsFor(hubPath('onnx/vision_model.onnx')).map((r) => r.range);
    expect(visionRanges).toEqual([undefined, `bytes=${(512 * 1024).toString()}-`]);
    expect(server.requestsFor(hubPath('config.json'))).toHaveLength(1);
    expect(
      (await readFile(path.join(result.dir, 'onnx/vision_model.onnx'))).equals(
        contents['onnx/vision_model.onnx'],
      ),
    ).toBe(true);
  });

  it('installs nothing when a file fails its checksum', async () => {
    serveAll();
    const entry = makeEntry({ visionSha: sha256(Buffer.from('not the served file')) });
    const error: unknown = await downloadModel(entry, { modelsDir, mirror: server.baseUrl, ...FAST }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).code).toBe('CHECKSUM_MISMATCH');
    expect(existsSync(path.join(modelsDir, 'tiny-clip'))).toBe(false);
    expect(existsSync(path.join(modelsDir, '.staging-tiny-clip', 'onnx', 'vision_model.onnx.part'))).toBe(
      false,
    );
  });

  it('replaces an existing install and never mixes fp32 parts into an int8 download', async () => {
    serveAll({ 'onnx/text_model.onnx': [{ kind: 'status', status: 404 }] });
    const failed: unknown = await downloadModel(makeEntry(), {
      modelsDir,
      mirror: server.baseUrl,
      ...FAST,
    }).catch((e: unknown) => e);
    expect((failed as AppError).code).toBe('DOWNLOAD_FAILED');
    expect(existsSync(path.join(modelsDir, '.staging-tiny-clip', 'onnx', 'vision_model.onnx'))).toBe(true);

    const int8 = await downloadModel(makeEntry(), {
      modelsDir,
      variant: 'int8',
      mirror: server.baseUrl,
      ...FAST,
    });
    expect(
      (await readFile(path.join(int8.dir, 'onnx/vision_model.onnx'))).equals(
        contents['onnx/vision_model_quantized.onnx'],
      ),
    ).toBe(true);

    const fp32 = await downloadModel(makeEntry(), { modelsDir, mirror: server.baseUrl, ...FAST });
    expect(
      (await readFile(path.join(fp32.dir, 'onnx/vision_model.onnx'))).equals(
        contents['onnx/vision_model.onnx'],
      ),
    ).toBe(true);
    expect(JSON.parse(await readFile(path.join(fp32.dir, MANIFEST_FILE), 'utf8'))).toMatchObject({
      variant: 'fp32',
    });
    expect((await readdir(modelsDir)).sort()).toEqual(['tiny-clip']);
  });

  it('refuses a mirror that is not an http(s) URL', async () => {
    const error: unknown = await downloadModel(makeEntry(), {
      modelsDir,
      mirror: 'ftp://example.invalid',
      ...FAST,
    }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    expect(server.requests).toHaveLength(0);
  });
});
