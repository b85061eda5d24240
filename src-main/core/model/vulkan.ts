import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * [Note: quiet WebGPU probe]
 * onnxruntime-node's WebGPU provider runs on Dawn, which on Linux needs the Vulkan loader. Without it,
 * trying WebGPU prints "Warning: Couldn't load Vulkan: libvulkan.so.1 …" from native code straight to
 * the process's stderr (once per model tower, so twice per command), where no JS can catch it, before it
 * fails. 'auto' therefore skips WebGPU on Linux when no libvulkan.so.1 is where the dynamic loader looks,
 * with that reason recorded for `doctor`; an explicit `--provider webgpu` still tries it.
 */
const LOADER = 'libvulkan.so.1';

const STANDARD_DIRS = [
  '/lib',
  '/usr/lib',
  '/lib64',
  '/usr/lib64',
  '/usr/local/lib',
  `/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
  `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
];

/** The folders listed in /etc/ld.so.conf.d/*.conf (one per line, comments and includes left out). */
function configuredDirs(confDir: string): string[] {
  try {
    return readdirSync(confDir)
      .filter((name) => name.endsWith('.conf'))
      .flatMap((name) => readFileSync(path.join(confDir, name), 'utf8').split('\n'))
      .map((line) => line.trim())
      .filter((line) => line.startsWith('/'));
  } catch {
    return [];
  }
}

/** The folders the dynamic loader searches for a library, roughly in its order. */
export function loaderSearchDirs(env: NodeJS.ProcessEnv = process.env, confDir = '/etc/ld.so.conf.d'): string[] {
  const fromEnv = (env['LD_LIBRARY_PATH'] ?? '').split(':').filter((dir) => dir !== '');
  return [...fromEnv, ...configuredDirs(confDir), ...STANDARD_DIRS];
}

/** Whether a Vulkan loader is installed where the dynamic loader finds it. */
export function hasVulkanLoader(dirs: string[] = loaderSearchDirs()): boolean {
  return dirs.some((dir) => existsSync(path.join(dir, LOADER)));
}

export const NO_VULKAN = `no Vulkan loader (${LOADER}) on this machine; WebGPU on Linux runs on Vulkan`;
