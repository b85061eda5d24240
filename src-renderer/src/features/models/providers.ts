/**
 * Names for the execution providers onnxruntime may offer. The list offered is 'auto', 'cpu' and
 * what the diagnosis says this build bundles; a provider the core names that is not here shows as is.
 */
const PROVIDER_NAMES: Record<string, string> = {
  auto: 'Automatic (the fastest this computer offers)',
  cpu: 'CPU',
  cuda: 'NVIDIA GPU (CUDA)',
  dml: 'GPU (DirectML)',
  coreml: 'Apple Neural Engine / GPU (Core ML)',
  webgpu: 'GPU (WebGPU)',
};

export function providerName(provider: string): string {
  return PROVIDER_NAMES[provider] ?? provider;
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
