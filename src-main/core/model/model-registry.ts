import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { AppError } from '../../contract/errors.js';
import {
  modelRegistrySchema,
  type ModelRegistry,
  type RegistryEntry,
  type RegistryFile,
  type RegistryVariant,
} from './model-registry-schema.js';

/** The catalogue shipped with the app; a packaged build passes its own resources path instead. */
export const DEFAULT_REGISTRY_PATH = fileURLToPath(
  new URL('../../../resources/models.json', import.meta.url),
);

/** Formats a zod path as `models[2].vision.preprocessing.mean`, the way a person would look it up in the file. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const where = formatPath(issue.path);
  const [first, index] = issue.path;
  const models = (json as { models?: unknown } | null)?.models;
  if (first === 'models' && typeof index === 'number' && Array.isArray(models)) {
    const id = (models[index] as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') return `${where} (model "${id}"): ${issue.message}`;
  }
  return `${where === '' ? '(root)' : where}: ${issue.message}`;
}

/** Validates parsed JSON; the error names the first bad field so the file can be fixed by hand. */
export function parseModelRegistry(json: unknown, sourceName: string): ModelRegistry {
  const result = modelRegistrySchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, json));
  throw new AppError(
    'MODEL_INVALID',
    `${sourceName} is not a valid model catalogue: ${problems.join('; ')}`,
    {
      file: sourceName,
      field: problems[0],
    },
  );
}

/** Names another catalogue file: a test's, or an offline setup's list of models on a local mirror. */
export const REGISTRY_ENV = 'SHOEBOX_CATALOGUE';

/** The catalogue in force: the file SHOEBOX_CATALOGUE names, else the one shipped with the app. */
export function modelRegistryFile(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[REGISTRY_ENV];
  return override !== undefined && override.trim() !== '' ? override : DEFAULT_REGISTRY_PATH;
}

export async function loadModelRegistry(file: string = modelRegistryFile()): Promise<ModelRegistry> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError(
      'FILE_UNREADABLE',
      `Cannot read the model catalogue ${file}: reinstall Shoebox or pass a catalogue path.`,
      { file },
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      'MODEL_INVALID',
      `${file} is not valid JSON: ${(error as Error).message}`,
      { file },
      { cause: error },
    );
  }
  return parseModelRegistry(json, file);
}

export function getRegistryEntry(catalogue: ModelRegistry, id: string): RegistryEntry {
  const entry = catalogue.models.find((m) => m.id === id);
  if (entry === undefined) {
    const known = catalogue.models.map((m) => m.id).join(', ');
    throw new AppError('MODEL_NOT_FOUND', `No model "${id}" in the catalogue. Known models: ${known}.`, {
      id,
    });
  }
  return entry;
}

export function getDefaultEntry(catalogue: ModelRegistry): RegistryEntry {
  const entry = catalogue.models.find((m) => m.default);
  // The schema guarantees exactly one default; this guards a catalogue built by hand in code.
  if (entry === undefined) throw new AppError('MODEL_INVALID', 'The model catalogue has no default model.');
  return entry;
}

export function getVariant(entry: RegistryEntry, name?: string): RegistryVariant {
  const variant =
    name === undefined ? entry.variants.find((v) => v.default) : entry.variants.find((v) => v.name === name);
  if (variant === undefined) {
    const known = entry.variants.map((v) => v.name).join(', ');
    throw new AppError(
      'INVALID_INPUT',
      `Model "${entry.id}" has no variant "${name ?? '(default)'}". Choose one of: ${known}.`,
      { id: entry.id },
    );
  }
  return variant;
}

/** Every file a variant needs, shared files first. */
export function filesOf(entry: RegistryEntry, variant: RegistryVariant): RegistryFile[] {
  return [...entry.files, ...variant.files];
}

/** Bytes a variant takes on disk, exact where the catalogue knows the size. */
export function variantSize(entry: RegistryEntry, variant: RegistryVariant): number {
  return filesOf(entry, variant).reduce((sum, f) => sum + (f.size ?? f.approxSize), 0);
}

export type { ModelRegistry, RegistryEntry, RegistryFile, RegistryVariant };
