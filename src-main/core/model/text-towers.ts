import { stat } from 'node:fs/promises';
import { AppError } from '../../contract/errors.js';
import { routeText, type TextRoute, type TextTowerChoice } from './query-language.js';
import { listInstalledModels } from './model-store.js';
import type { LoadedModel } from './open-model.js';
import { loadSentenceTower, type SentenceTower } from './sentence-tower.js';
import type { SessionOptions } from './session.js';

/** One text tower as search and zero-shot use it: an id for caches, and the embedding call. */
export interface TextTowerHandle {
  /** the installed model's id: keys the text caches, so two towers never share a vector */
  id: string;
  route: TextRoute;
  /** the ONNX file, whose size and time fingerprint the on-disk prompt cache */
  textPath: string;
  embedTexts(texts: string[]): Promise<Float32Array[]>;
}

export interface TextTowersDeps {
  model: LoadedModel;
  modelsDir: string;
  choice: () => TextTowerChoice;
  sessionOptions?: SessionOptions;
}

/**
 * The text towers of the serving model (see [Note: query language routing]): CLIP's own, and the
 * multilingual add-on installed under the models folder whose catalogue entry shares this model's image
 * space. The add-on is found again whenever the models folder changes (an install or removal renames a
 * folder in it), so installing it takes effect on the next query, with no restart and no re-embedding.
 */
export class TextTowers {
  private scannedAt = -1;
  private addOn: Promise<SentenceTower | null> = Promise.resolve(null);
  private closed = false;

  constructor(private readonly deps: TextTowersDeps) {}

  get clip(): TextTowerHandle {
    const { model } = this.deps;
    return {
      id: model.modelId,
      route: 'clip',
      textPath: model.textPath,
      embedTexts: (texts) => model.embedTexts(texts),
    };
  }

  /** The installed multilingual tower for this model, or null. */
  async multilingual(): Promise<SentenceTower | null> {
    const mtime = await stat(this.deps.modelsDir).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (mtime !== this.scannedAt && !this.closed) {
      this.scannedAt = mtime;
      const previous = this.addOn;
      this.addOn = this.find(await previous.catch(() => null));
    }
    return this.addOn.catch(() => null);
  }

  /** The tower one text goes through; forcing the multilingual tower without one installed is MODEL_NOT_READY. */
  async towerFor(text: string, route?: TextRoute): Promise<TextTowerHandle> {
    const tower = await this.multilingual();
    const chosen = route ?? routeText(text, this.deps.choice(), tower !== null);
    if (chosen === 'clip') return this.clip;
    if (tower === null) {
      throw new AppError(
        'MODEL_NOT_READY',
        'Search is set to read every text with the multilingual text tower, which is not installed: download clip-multilingual-b32 or set the text tower back to automatic.',
      );
    }
    const { id, textPath } = tower;
    return { id, route: 'multilingual', textPath, embedTexts: (texts) => tower.embedTexts(texts) };
  }

  /** A key that changes when the towers a query would use change (for caches of ranked lists). */
  async key(): Promise<string> {
    const tower = await this.multilingual();
    return `${this.deps.choice()}:${tower === null ? '-' : `${tower.id}@${tower.dir}`}`;
  }

  async dispose(): Promise<void> {
    this.closed = true;
    const tower = await this.addOn.catch(() => null);
    await tower?.dispose();
  }

  private async find(current: SentenceTower | null): Promise<SentenceTower | null> {
    const { model, modelsDir } = this.deps;
    const installed = await listInstalledModels(modelsDir);
    const match = installed.find(
      (m) =>
        m.status === 'ready' &&
        m.manifest.entry?.textOnly === true &&
        m.manifest.entry.sharesImageSpaceWith === model.modelId &&
        m.manifest.entry.embeddingSize === model.embeddingSize,
    );
    if (current !== null && match?.dir === current.dir) return current;
    await current?.dispose();
    if (match === undefined) return null;
    try {
      return await loadSentenceTower(match.dir, this.deps.sessionOptions ?? {});
    } catch (error) {
      console.error(`shoebox: the text tower in ${match.dir} cannot be used: ${String(error)}`);
      return null;
    }
  }
}
