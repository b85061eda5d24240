import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../core/util/atomic-file.js';

/**
 * Settings of the desktop shell itself (not of the library, which the core keeps): for now whether closing
 * the window only hides it so that indexing goes on. Kept in Electron's userData folder.
 */
const ShellSettingsSchema = z.object({
  keepIndexingWhenClosed: z.boolean().default(false),
});

export type ShellSettings = z.infer<typeof ShellSettingsSchema>;

/** A missing or damaged file gives the defaults: these settings are a convenience, never worth failing start-up. */
export async function loadShellSettings(file: string): Promise<ShellSettings> {
  const text = await readFile(file, 'utf8').catch(() => '{}');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = {};
  }
  const parsed = ShellSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : ShellSettingsSchema.parse({});
}

export function saveShellSettings(file: string, settings: ShellSettings): Promise<void> {
  return writeFileAtomic(file, JSON.stringify(settings, null, 2));
}
