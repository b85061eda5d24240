import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { reportToParent, runMain, secondsSince } from './bench-env.js';

/**
 * The import's copy reduced to its file system steps, in a process of its own: no plan, no log, no
 * catalogue, no progress, no names to choose, one flat folder. What is left is the ceiling of the
 * method on this machine, so the import's figure can be split into what the method costs and what
 * Shoebox's bookkeeping adds.
 *
 * argv: durable SOURCE DEST   the kernel copies each file to a temp name (copy_file_range, as the import does on
 *                             Linux; elsewhere the file is read whole and written), fsync, link into place, fsync
 *                             the folder
 *       verified SOURCE DEST  the same, plus what the import adds to prove the copy: the source read whole and its
 *                             SHA-256 taken (on this thread, while the copy and its fsync run on the I/O threads),
 *                             and the copy read back after its fsync and compared byte for byte
 * Four files in flight, each with its buffers reused from file to file, as the import copies.
 */

export interface BareCopyResult {
  files: number;
  bytes: number;
  seconds: number;
  /** CPU time of all the process's threads during the copy (user + system) */
  cpuSeconds: number;
}

const IN_FLIGHT = 4;

async function readWhole(handle: FileHandle, into: Buffer): Promise<void> {
  for (let offset = 0; offset < into.length; ) {
    const { bytesRead } = await handle.read(into, offset, into.length - offset, offset);
    if (bytesRead === 0) throw new Error('the file got shorter while it was read');
    offset += bytesRead;
  }
}

const KERNEL_COPY = process.platform === 'linux';

async function copyOne(source: string, dest: string, verified: boolean, buffers: { read: Buffer; back: Buffer }): Promise<number> {
  const input = await open(source, 'r');
  try {
    const info = await input.stat();
    if (buffers.read.length < info.size) {
      buffers.read = Buffer.allocUnsafeSlow(info.size);
      buffers.back = Buffer.allocUnsafeSlow(info.size);
    }
    const bytes = buffers.read.subarray(0, info.size);
    if (verified || !KERNEL_COPY) await readWhole(input, bytes);
    const temp = `${dest}.partial`;
    if (KERNEL_COPY) await copyFile(`/proc/self/fd/${input.fd}`, temp, constants.COPYFILE_EXCL);
    const out = await open(temp, KERNEL_COPY ? 'r+' : 'wx+');
    try {
      const written = (async () => {
        if (!KERNEL_COPY) for (let offset = 0; offset < bytes.length; ) offset += (await out.write(bytes, offset, bytes.length - offset, offset)).bytesWritten;
        await out.utimes(info.atimeMs / 1000, info.mtimeMs / 1000);
        await out.sync();
        if (verified) await readWhole(out, buffers.back.subarray(0, info.size));
      })();
      if (verified) createHash('sha256').update(bytes).digest('hex');
      await written;
      if (verified && !buffers.back.subarray(0, info.size).equals(bytes)) throw new Error(`${temp} does not read back intact`);
    } finally {
      await out.close();
    }
    await link(temp, dest);
    await unlink(temp);
    return info.size;
  } finally {
    await input.close();
  }
}

async function main(): Promise<void> {
  const [mode, source, dest] = process.argv.slice(2);
  if ((mode !== 'durable' && mode !== 'verified') || source === undefined || dest === undefined) throw new Error('usage: bare-copy-child.ts durable|verified SOURCE DEST');
  const names = (await readdir(source)).sort();
  await mkdir(dest, { recursive: true });
  const start = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      const buffers = { read: Buffer.alloc(0), back: Buffer.alloc(0) };
      for (let name = names[next++]; name !== undefined; name = names[next++]) {
        const size = await copyOne(path.join(source, name), path.join(dest, name), mode === 'verified', buffers);
        bytes += size;
      }
    }),
  );
  const folder = await open(dest, 'r');
  await folder.sync();
  await folder.close();
  const seconds = secondsSince(start);
  const used = process.cpuUsage(cpu);
  reportToParent({ files: names.length, bytes, seconds, cpuSeconds: (used.user + used.system) / 1e6 } satisfies BareCopyResult);
}

runMain(main);
