import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/*
 * [Note: ffmpeg binaries]
 * Videos are read by a real ffmpeg and ffprobe from the registry: @ffmpeg-installer/ffmpeg and
 * @ffprobe-installer/ffprobe pull in the build for the platform as an optional dependency
 * (@ffmpeg-installer/linux-x64 and so on) and report its path. Inside an Electron app the binaries must lie
 * outside the asar archive to be executable, so electron-builder.yml unpacks those packages (asarUnpack) and
 * the path is rewritten from app.asar to app.asar.unpacked. Every run has a time limit and is killed past it:
 * a damaged file cannot stall indexing.
 */

const require = createRequire(import.meta.url);

function unpacked(binary: string): string {
  return binary.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

export function ffmpegPath(): string {
  return unpacked((require('@ffmpeg-installer/ffmpeg') as { path: string }).path);
}

export function ffprobePath(): string {
  return unpacked((require('@ffprobe-installer/ffprobe') as { path: string }).path);
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
  timedOut: boolean;
}

/** Runs a binary to completion (or to `timeoutMs`, then kills it), collecting its output. */
export function runBinary(binary: string, args: readonly string[], timeoutMs: number, maxStdout = 512 * 2 ** 20): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxStdout) child.kill('SIGKILL');
      else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // the tail is what explains a failure; keep it bounded
      stderr = (stderr + chunk.toString('utf8')).slice(-200_000);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(chunks), stderr, code, timedOut });
    });
  });
}
