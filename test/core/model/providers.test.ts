import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listSupportedBackends } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeProviders,
  parseProviderChoice,
  providerCandidates,
  type Backend,
} from '../../../src-main/core/model/providers.js';
import { createSession } from '../../../src-main/core/model/session.js';
import { hasVulkanLoader, loaderSearchDirs, NO_VULKAN } from '../../../src-main/core/model/vulkan.js';
import { writeTinyClipModel } from '../../fixtures/tiny-clip.js';

const LINUX_BUILD: Backend[] = [
  { name: 'cpu', bundled: true },
  { name: 'webgpu', bundled: true },
  { name: 'cuda', bundled: false },
  { name: 'tensorrt', bundled: false },
];

describe('providerCandidates', () => {
  it('auto on Linux: CUDA skipped as not bundled, then WebGPU, then CPU', () => {
    expect(providerCandidates('auto', 'linux', LINUX_BUILD, () => true)).toEqual([
      { name: 'cuda', skip: 'not bundled with this onnxruntime-node build' },
      { name: 'webgpu' },
      { name: 'cpu' },
    ]);
  });

  it('auto on a Linux without a Vulkan loader skips WebGPU with the reason; asking for it still tries it', () => {
    expect(providerCandidates('auto', 'linux', LINUX_BUILD, () => false)).toEqual([
      { name: 'cuda', skip: 'not bundled with this onnxruntime-node build' },
      { name: 'webgpu', skip: NO_VULKAN },
      { name: 'cpu' },
    ]);
    expect(providerCandidates('webgpu', 'linux', LINUX_BUILD, () => false)).toEqual([{ name: 'webgpu' }, { name: 'cpu' }]);
    const windows: Backend[] = [{ name: 'webgpu', bundled: true }];
    expect(providerCandidates('auto', 'win32', windows, () => false)).toEqual([{ name: 'webgpu' }, { name: 'cpu' }]);
  });

  it('finds a Vulkan loader in LD_LIBRARY_PATH and in the folders ld.so.conf.d lists', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shoebox-vulkan-'));
    try {
      const conf = path.join(dir, 'ld.so.conf.d');
      const [fromEnv, fromConf] = [path.join(dir, 'env-lib'), path.join(dir, 'conf-lib')];
      await mkdir(conf);
      await mkdir(fromEnv);
      await mkdir(fromConf);
      await writeFile(path.join(conf, 'gpu.conf'), `# a comment\n${fromConf}\ninclude other/*.conf\n`);
      const dirs = loaderSearchDirs({ LD_LIBRARY_PATH: `${fromEnv}:` }, conf);
      expect(dirs.slice(0, 2)).toEqual([fromEnv, fromConf]);
      expect(hasVulkanLoader([fromEnv, fromConf])).toBe(false);
      await writeFile(path.join(fromConf, 'libvulkan.so.1'), '');
      expect(hasVulkanLoader([fromEnv, fromConf])).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('auto on Windows prefers CUDA, then DirectML, then WebGPU; on macOS CoreML', () => {
    const windows: Backend[] = [
      { name: 'cpu', bundled: true },
      { name: 'dml', bundled: true },
      { name: 'webgpu', bundled: true },
      { name: 'cuda', bundled: true },
    ];
    expect(providerCandidates('auto', 'win32', windows).map((c) => c.name)).toEqual([
      'cuda',
      'dml',
      'webgpu',
      'cpu',
    ]);
    const mac: Backend[] = [
      { name: 'cpu', bundled: true },
      { name: 'coreml', bundled: true },
    ];
    expect(providerCandidates('auto', 'darwin', mac)).toEqual([{ name: 'coreml' }, { name: 'cpu' }]);
  });

  it('an explicit choice is tried even when not bundled, and one the build lacks is skipped with a reason', () => {
    expect(providerCandidates('cuda', 'linux', LINUX_BUILD)).toEqual([
      { name: 'cuda', notBundled: true },
      { name: 'cpu' },
    ]);
    const [coreml] = providerCandidates('coreml', 'linux', LINUX_BUILD);
    expect(coreml?.skip).toMatch(/not available in onnxruntime-node on linux/);
    expect(providerCandidates('cpu', 'linux', LINUX_BUILD)).toEqual([{ name: 'cpu' }]);
  });

  it('parses settings strings, rejecting unknown providers', () => {
    expect(parseProviderChoice('dml')).toBe('dml');
    expect(() => parseProviderChoice('gpu')).toThrow(/Unknown execution provider "gpu"/);
  });

  it('describes where a session runs and why the others were not used', () => {
    const text = describeProviders({ provider: 'cpu', tried: [{ name: 'cuda', error: 'not bundled' }] });
    expect(text).toBe('cpu (cuda: not bundled)');
    expect(describeProviders({ provider: 'cpu', tried: [] })).toBe('cpu');
  });
});

describe('createSession with real onnxruntime', () => {
  let work: string;
  let visionPath: string;
  const cudaBundled = listSupportedBackends().some((b) => b.name === 'cuda' && b.bundled);

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'shoebox-providers-'));
    visionPath = path.join(
      (await writeTinyClipModel(path.join(work, 'tiny'))).dir,
      'onnx',
      'vision_model.onnx',
    );
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('runs on CPU when asked, with nothing tried before', async () => {
    const { session, providers } = await createSession(visionPath, { provider: 'cpu', threads: 1 });
    expect(providers).toEqual({ provider: 'cpu', tried: [] });
    expect(session.inputNames).toEqual(['pixel_values']);
    await session.release();
  });

  it.skipIf(cudaBundled)('falls back from CUDA to CPU, recording that CUDA is not bundled', async () => {
    const { session, providers } = await createSession(visionPath, { provider: 'cuda' });
    expect(providers.provider).toBe('cpu');
    expect(providers.tried).toHaveLength(1);
    expect(providers.tried[0]?.name).toBe('cuda');
    expect(providers.tried[0]?.error).toMatch(/^not bundled with this onnxruntime-node build \(.+\)$/);
    await session.release();
  });

  it('falls back from WebGPU to CPU with the adapter error when the machine has no adapter', async () => {
    const { session, providers } = await createSession(visionPath, { provider: 'webgpu' });
    if (providers.provider === 'webgpu') {
      expect(providers.tried).toEqual([]);
    } else {
      expect(providers.provider).toBe('cpu');
      expect(providers.tried.map((t) => t.name)).toEqual(['webgpu']);
      expect(providers.tried[0]?.error).toMatch(/adapter/i);
      // the readable part only, not onnxruntime's source path
      expect(providers.tried[0]?.error).not.toMatch(/onnxruntime_src|\.cc:/);
    }
    await session.release();
  });

  it('answers MODEL_INVALID, with every attempt, when even CPU cannot load the file', async () => {
    const broken = path.join(work, 'broken.onnx');
    await writeFile(broken, 'not a model');
    const error: unknown = await createSession(broken, { provider: 'cpu' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEL_INVALID', details: { tried: [{ name: 'cpu' }] } });
    expect((error as Error).message).toContain(broken);
  });
});
