import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../contract/errors.js';
import { TEXT_TOWER_CHOICES } from '../model/query-language.js';
import { writeFileAtomic } from '../util/atomic-file.js';

export const SETTINGS_FILE = 'settings.json';

const SettingsSchema = z.object({
  version: z.literal(1).default(1),
  roots: z.array(z.object({ path: z.string(), addedAt: z.string() })).default([]),
  /** The model in use: the id of a model installed under `<library>/models/`, or a folder path. */
  model: z.string().min(1).nullable().default(null),
  /** An execution provider choice ('auto', 'cpu', 'cuda', ...), see model/providers.ts. */
  provider: z.string().default('auto'),
  /** onnxruntime intra-op threads; null: one per physical core. */
  threads: z.number().int().positive().nullable().default(null),
  /** Camera imports: where they go (null: Pictures/Shoebox in the home folder), the folder pattern, the import folders. */
  imports: z
    .object({
      folder: z.string().nullable().default(null),
      pattern: z.string().default('{yyyy}/{yyyy}-{mm}-{dd}'),
      folders: z.array(z.string()).default([]),
    })
    .default({ folder: null, pattern: '{yyyy}/{yyyy}-{mm}-{dd}', folders: [] }),
  /** Which text tower reads queries and prompts: by language, or always one (see [Note: query language routing]). */
  textTower: z.enum(TEXT_TOWER_CHOICES).default('auto'),
  /** Tags and album names written to XMP sidecars as they change (see [Note: keywords written to sidecars]). */
  keywordExport: z.object({ auto: z.boolean().default(false) }).default({ auto: false }),
});

export type Settings = z.infer<typeof SettingsSchema>;

/** Keys this version does not know (written by a newer Shoebox) are kept, so a downgrade never loses them. */
type UnknownKeys = Record<string, unknown>;

/**
 * Earlier builds of the model store wrote the chosen model as `activeModel`; it is read as `model`
 * and replaced by it on the next write.
 */
function upgradeLegacyKeys(raw: Record<string, unknown>): Record<string, unknown> {
  const { activeModel, ...rest } = raw;
  if (rest['model'] === undefined && typeof activeModel === 'string') rest['model'] = activeModel;
  return rest;
}

function splitUnknown(raw: Record<string, unknown>): UnknownKeys {
  const known = new Set(Object.keys(SettingsSchema.shape));
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !known.has(key)));
}

async function readRaw(file: string): Promise<Record<string, unknown>> {
  let json: unknown = {};
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AppError('CATALOG_ERROR', `${file} is not readable JSON (${String(error)}). Fix or delete it.`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError('CATALOG_ERROR', `${file} must hold a JSON object. Fix it, or delete it to start from defaults.`);
  }
  return upgradeLegacyKeys(json as Record<string, unknown>);
}

/**
 * The library's one settings file (roots, model, provider, threads): JSON written atomically, so a
 * crash never leaves half a file, and writes serialised, so two changes never interleave.
 */
export class SettingsStore {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private current: Settings,
    private readonly unknown: UnknownKeys,
  ) {}

  static async open(libraryDir: string): Promise<SettingsStore> {
    const file = path.join(libraryDir, SETTINGS_FILE);
    const raw = await readRaw(file);
    const parsed = SettingsSchema.safeParse(raw);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? '?';
      throw new AppError('CATALOG_ERROR', `${file} has an invalid field: ${field}. Fix it, or delete the field.`);
    }
    return new SettingsStore(file, parsed.data, splitUnknown(raw));
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(change: (draft: Settings) => void): Promise<Settings> {
    const next = structuredClone(this.current);
    change(next);
    const checked = SettingsSchema.parse(next);
    this.current = checked;
    const snapshot = JSON.stringify({ ...this.unknown, ...checked }, null, 2);
    const write = this.queue.then(() => writeFileAtomic(this.file, snapshot));
    // One failed write (a full disk) must not fail every later one.
    this.queue = write.catch(() => undefined);
    return write.then(() => structuredClone(checked));
  }
}
