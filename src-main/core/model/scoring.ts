import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RegistryEntry } from './model-registry.js';
import { readManifest } from './download/manifest.js';

/** How a model turns cosines into zero-shot scores, as its paper and training define it. */
export type ZeroShotScoring = RegistryEntry['scoring'];

/** What OpenAI CLIP learnt (it clamps logit_scale at 100), and what most CLIP-style exports end near. */
export const DEFAULT_SCORING: ZeroShotScoring = { kind: 'softmax', logitScale: 100 };

async function configLogitScale(dir: string): Promise<number | null> {
  try {
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    const stored = config['logit_scale'];
    return typeof stored === 'number' && Number.isFinite(stored) ? Math.exp(stored) : null;
  } catch {
    return null;
  }
}

/**
 * The scoring of the model in `dir`: the catalogue entry recorded in its manifest when it was installed
 * from the catalogue; else a learnt `logit_scale` (stored as a log, as CLIP trains it) in config.json;
 * else CLIP's 100. config.json's `logit_scale_init_value` is deliberately not used: it is the value
 * training starts from (ln(1/0.07), so 14.3), not the learnt one, and would flatten every probability.
 */
export async function resolveScoring(dir: string): Promise<ZeroShotScoring> {
  const entry = await readManifest(dir).then(
    (manifest) => manifest.entry,
    () => null,
  );
  if (entry) return entry.scoring;
  const scale = await configLogitScale(dir);
  return scale === null ? DEFAULT_SCORING : { kind: 'softmax', logitScale: scale };
}
