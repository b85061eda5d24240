import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CACHE_DIR, progress, runChild } from './bench-env.js';
import type { PeerChildResult } from './peer-child.js';

/**
 * transformers.js is installed for the benchmark only, in its own folder under the cache, so the
 * app's own install stays lean. Pinned: 4.3.1 uses onnxruntime-node 1.30.0, the app's version, so
 * the comparison is of the two pipelines, not of two onnxruntime builds.
 */
export const PEER_PACKAGE = '@huggingface/transformers';
export const PEER_VERSION = '4.3.1';
export const PEER_DIR = path.join(CACHE_DIR, 'peer');

async function installed(): Promise<boolean> {
  return access(path.join(PEER_DIR, 'node_modules', PEER_PACKAGE, 'package.json')).then(
    () => true,
    () => false,
  );
}

export async function ensurePeerInstalled(): Promise<void> {
  if (await installed()) return;
  await mkdir(PEER_DIR, { recursive: true });
  progress(`installing ${PEER_PACKAGE}@${PEER_VERSION} into ${PEER_DIR} (once)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await promisify(execFile)(
    npm,
    ['install', '--prefix', PEER_DIR, '--no-audit', '--no-fund', '--save-exact', `${PEER_PACKAGE}@${PEER_VERSION}`],
    // onnxruntime-node's install step fetches GPU libraries from outside the registry; the CPU build ships in the package
    { env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' }, maxBuffer: 16 * 2 ** 20 },
  );
}

/** E_peer: the peer's throughput on the same photos and the same fp32 model files, warmed up on a photo outside them. */
export async function measurePeer(modelDir: string, warmupPhoto: string, photos: readonly string[]): Promise<PeerChildResult> {
  await ensurePeerInstalled();
  return runChild<PeerChildResult>('peer-child.ts', [PEER_DIR, modelDir, warmupPhoto, ...photos]);
}
