import { readdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { ImportVolume } from '../../contract/imports.js';

/**
 * Where removable volumes are mounted, per OS, without a native module: the folders whose
 * children are mount points (Linux: udisks' /media/$USER and /run/media/$USER, plus /media and
 * /mnt; macOS: /Volumes). Windows has drive letters instead, each a volume itself.
 * SHOEBOX_MOUNT_ROOTS (path-list) replaces the parents: tests use a temp folder.
 */
export function mountParents(): string[] {
  const override = process.env['SHOEBOX_MOUNT_ROOTS'];
  if (override !== undefined) return override.split(path.delimiter).filter((p) => p !== '');
  let user = process.env['USER'] ?? '';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): the environment's name is the best there is
  }
  if (process.platform === 'darwin') return ['/Volumes'];
  if (process.platform === 'win32') return [];
  return [`/media/${user}`, `/run/media/${user}`, '/media', '/mnt'];
}

/** The folders that may be volumes: the children of the mount parents, and on Windows the drive letters. */
export async function volumeCandidates(parents: readonly string[] = mountParents()): Promise<string[]> {
  const out: string[] = [];
  if (process.platform === 'win32' && process.env['SHOEBOX_MOUNT_ROOTS'] === undefined) {
    for (const letter of 'DEFGHIJKLMNOPQRSTUVWXYZ') out.push(`${letter}:\\`);
  }
  for (const parent of parents) {
    const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isDirectory() || entry.isSymbolicLink()) out.push(path.join(parent, entry.name));
  }
  return out;
}

async function isDir(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The candidates that hold a DCIM folder (a camera card, a phone mounted as a drive): what an import offers. */
export async function findVolumes(candidates: readonly string[] | Promise<string[]>): Promise<ImportVolume[]> {
  const found: ImportVolume[] = [];
  const seen = new Set<string>();
  for (const dir of await candidates) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    if ((await isDir(path.join(dir, 'DCIM'))) || (await isDir(path.join(dir, 'dcim')))) {
      found.push({ path: dir, name: path.basename(dir) || dir });
    }
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Polls the mount points and reports when the set of camera volumes changes (a card inserted or
 * pulled). Polling, not OS notifications: it needs no native module and costs a few readdirs a tick.
 */
export class VolumePoller {
  private timer: NodeJS.Timeout | null = null;
  private last: string | null = null;
  private running: Promise<void> | null = null;
  volumes: ImportVolume[] = [];

  constructor(
    private readonly onChange: (volumes: ImportVolume[]) => void,
    private readonly everyMs = 3000,
  ) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
  }

  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        const volumes = await findVolumes(volumeCandidates());
        const key = volumes.map((v) => v.path).join('\n');
        if (key !== this.last) {
          this.last = key;
          this.volumes = volumes;
          this.onChange(volumes);
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
