import type { ModelInfo } from '../../contract/models.js';
import { variantSize, type ModelRegistry, type RegistryEntry } from './model-registry.js';
import type { InstalledModel } from './model-store.js';

/** What the listing needs to know besides the catalogue and the models folder. */
export interface ListingState {
  chosen: string | null;
  serving: string | null;
  isDownloading: (id: string) => boolean;
}

function installedInfo(model: InstalledModel | undefined): ModelInfo['installed'] {
  if (model === undefined) return null;
  return model.status === 'ready'
    ? { dir: model.dir, variant: model.manifest.variant, status: 'ready', problem: null }
    : { dir: model.dir, variant: null, status: 'broken', problem: model.problem };
}

function fromEntry(entry: RegistryEntry, installed: InstalledModel | undefined, state: ListingState): ModelInfo {
  return {
    id: entry.id,
    displayName: entry.displayName,
    description: entry.description,
    source: 'catalogue',
    licence: entry.licence,
    imagenetTop1: entry.imagenetTop1,
    embeddingSize: entry.embeddingSize,
    textOnly: entry.textOnly,
    sharesImageSpaceWith: entry.sharesImageSpaceWith,
    variants: entry.variants.map((v) => ({
      name: v.name,
      description: v.description,
      default: v.default,
      sizeBytes: variantSize(entry, v),
    })),
    installed: installedInfo(installed),
    active: state.chosen === entry.id,
    serving: state.serving === entry.id,
    downloading: state.isDownloading(entry.id),
  };
}

/** A model imported from a folder or zip: what its manifest knows (the entry it was installed from, if any). */
function fromImport(model: InstalledModel, state: ListingState): ModelInfo {
  const manifest = model.status === 'ready' ? model.manifest : null;
  const size = manifest?.files.reduce((sum, f) => sum + f.size, 0) ?? 0;
  return {
    id: model.id,
    displayName: manifest?.displayName ?? model.id,
    description: manifest?.source.kind === 'import' ? `Imported from ${manifest.source.from}` : 'Installed model',
    source: 'import',
    licence: manifest?.entry?.licence ?? null,
    imagenetTop1: manifest?.entry?.imagenetTop1 ?? null,
    embeddingSize: manifest?.entry?.embeddingSize ?? null,
    textOnly: manifest?.entry?.textOnly ?? false,
    sharesImageSpaceWith: manifest?.entry?.sharesImageSpaceWith ?? null,
    variants: [{ name: manifest?.variant ?? 'fp32', description: 'as imported', default: true, sizeBytes: size }],
    installed: installedInfo(model),
    active: state.chosen === model.id,
    serving: state.serving === model.id,
    downloading: false,
  };
}

/** The catalogue's models in its order, then the other installed (imported) models by id. */
export function listModelInfos(catalogue: ModelRegistry, installed: InstalledModel[], state: ListingState): ModelInfo[] {
  const byId = new Map(installed.map((m) => [m.id, m]));
  const listed = catalogue.models.map((entry) => fromEntry(entry, byId.get(entry.id), state));
  const known = new Set(catalogue.models.map((m) => m.id));
  return [...listed, ...installed.filter((m) => !known.has(m.id)).map((m) => fromImport(m, state))];
}
