import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../contract/errors.js';
import { writeFileAtomic } from './util/atomic-file.js';

const SettingsSchema = z.object({
  version: z.literal(1).default(1),
  roots: z.array(z.object({ path: z.string(), addedAt: z.string() })).default([]),
  /** Catalogue id or local folder of the model in use. */
  model: z.string().nullable().default(null),
  provider: z.string().default('auto'),
  threads: z.number().int().positive().nullable().default(null),
});

export type Settings = z.infer<typeof SettingsSchema>;

/**
 * The library's small user settings (roots, model, provider) in one JSON file, written
 * atomically, so a crash never leaves half a file. Writes are serialised.
 */
export class SettingsStore {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private current: Settings,
  ) {}

  static async open(libraryDir: string): Promise<SettingsStore> {
    const file = path.join(libraryDir, 'settings.json');
    let raw: unknown = {};
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new AppError('CATALOG_ERROR', `${file} is not readable JSON (${String(error)}). Fix or delete it.`);
      }
    }
    const parsed = SettingsSchema.safeParse(raw);
    if (!parsed.success) {
      throw new AppError('CATALOG_ERROR', `${file} has an invalid field: ${parsed.error.issues[0]?.path.join('.') ?? '?'}`);
    }
    return new SettingsStore(file, parsed.data);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(change: (draft: Settings) => void): Promise<Settings> {
    const next = structuredClone(this.current);
    change(next);
    this.current = next;
    const snapshot = JSON.stringify(next, null, 2);
    this.queue = this.queue.then(() => writeFileAtomic(this.file, snapshot));
    return this.queue.then(() => structuredClone(next));
  }
}
