import { t } from '../../lib/i18n/i18n.svelte.js';

/**
 * Names for the execution providers onnxruntime may offer. The list offered is 'auto', 'cpu' and
 * what the diagnosis says this build bundles; a provider the core names that is not here shows as is.
 */
const NAMED = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;

export function providerName(provider: string): string {
  const named = NAMED.find((name) => name === provider);
  return named === undefined ? provider : t(`provider.${named}`);
}

/**
 * The core describes the provider it runs on as `cpu (cuda: why not; webgpu: why not)`: the name
 * first, then why the faster ones were not used. The two are shown apart.
 */
export function splitProvider(described: string): { name: string; fallbacks: string | null } {
  const open = described.indexOf(' (');
  if (open < 0 || !described.endsWith(')')) return { name: described, fallbacks: null };
  return { name: described.slice(0, open), fallbacks: described.slice(open + 2, -1) };
}

export function providerChoices(backends: readonly { name: string }[], current: string): string[] {
  const names = ['auto', 'cpu', ...backends.map((backend) => backend.name), current];
  return [...new Set(names)];
}
