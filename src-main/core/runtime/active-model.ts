import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { Settings, SettingsStore } from '../library/settings.js';
import { readManifest, type ModelManifest } from '../model/download/manifest.js';
import { checkId } from '../model/model-store.js';
import { parseProviderChoice } from '../model/providers.js';

/**
 * `settings.model` names either a model installed under `<library>/models/<id>` (what the catalogue
 * and `model import` install) or any folder with the Hugging Face layout, by absolute path.
 */
export function modelDirFor(value: string, modelsDir: string): string {
  return path.isAbsolute(value) ? value : path.join(modelsDir, value);
}

/** The manifest of an installed model that can embed photos; a text-only tower cannot be the library's model. */
export async function requireImageModel(modelsDir: string, id: string): Promise<ModelManifest> {
  checkId(id);
  const manifest = await readManifest(path.join(modelsDir, id)).catch((error: unknown) => {
    throw new AppError(
      'MODEL_NOT_FOUND',
      `Model "${id}" is not installed: download it (shoebox model download ${id}) or import it first.`,
      { id },
      { cause: error },
    );
  });
  if (manifest.entry?.textOnly === true) {
    throw new AppError(
      'INVALID_INPUT',
      `"${id}" is a text tower for ${String(manifest.entry.sharesImageSpaceWith)}; choose an image model.`,
      { id },
    );
  }
  return manifest;
}

export interface ModelChoice {
  /** an installed id or an absolute folder path */
  model: string;
  provider?: string | undefined;
  threads?: number | null | undefined;
}

/** Persists the model (and, when given, the provider and thread count) in the library's settings. */
export async function saveModelChoice(settings: SettingsStore, choice: ModelChoice): Promise<Settings> {
  if (choice.provider !== undefined) parseProviderChoice(choice.provider);
  return await settings.update((draft) => {
    draft.model = choice.model;
    if (choice.provider !== undefined) draft.provider = choice.provider;
    if (choice.threads !== undefined) draft.threads = choice.threads;
  });
}
