import { statfs } from 'node:fs/promises';
import { AppError } from '../../../contract/errors.js';

/** Room left over after a download, so finishing one model never fills the disk to the last byte. */
const HEADROOM_BYTES = 64 * 1024 * 1024;

export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/** Refuses to start a download that cannot fit, instead of failing at 90 % with a full disk. */
export async function ensureFreeSpace(dir: string, bytesNeeded: number, what: string): Promise<void> {
  if (bytesNeeded <= 0) return;
  const available = await freeBytes(dir);
  if (available < bytesNeeded + HEADROOM_BYTES) {
    throw new AppError(
      'DISK_FULL',
      `Not enough disk space for ${what}: it needs ${formatBytes(bytesNeeded)} and ${dir} has ${formatBytes(available)} free. Free some space or move the library.`,
      { dir, bytesNeeded, bytesAvailable: available },
    );
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit] ?? 'B'}`;
}
