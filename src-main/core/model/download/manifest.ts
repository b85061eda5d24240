import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../contract/errors.js';
import { registryEntrySchema, isSafeRelativePath, MODEL_ID_PATTERN } from '../model-registry-schema.js';
import { writeJsonAtomic } from '../../util/atomic-file.js';

/** Written last into an installed model folder: its presence means every file listed here is complete. */
export const MANIFEST_FILE = 'shoebox-model.json';

const manifestFileSchema = z.object({
  path: z.string().refine(isSafeRelativePath),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** 'catalogue': matched the published hash; 'computed': none was published, recorded at install */
  sha256Source: z.enum(['catalogue', 'computed']),
});

export const manifestSchema = z.object({
  formatVersion: z.literal(1),
  id: z.string().regex(MODEL_ID_PATTERN),
  displayName: z.string().min(1),
  variant: z.string().nullable(),
  source: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('catalogue'),
      repo: z.string(),
      revision: z.string(),
      mirror: z.string().nullable(),
    }),
    z.object({ kind: z.literal('import'), from: z.string() }),
  ]),
  installedAt: z.string(),
  files: z.array(manifestFileSchema),
  /** the catalogue entry as it was at install time, so the model keeps working if the catalogue changes */
  entry: registryEntrySchema.nullable(),
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export async function writeManifest(dir: string, manifest: ModelManifest): Promise<void> {
  await writeJsonAtomic(path.join(dir, MANIFEST_FILE), manifest);
}

export async function readManifest(dir: string): Promise<ModelManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new AppError(
      'MODEL_INVALID',
      missing
        ? `${dir} has no ${MANIFEST_FILE}: it is not a finished install. Remove it and download or import the model again.`
        : `${file} is unreadable: ${(error as Error).message}`,
      { dir },
      { cause: error },
    );
  }
  const result = manifestSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError(
      'MODEL_INVALID',
      `${file} is damaged (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}). Remove the model and install it again.`,
      { dir },
    );
  }
  return result.data;
}
