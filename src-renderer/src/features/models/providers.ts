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

export function providerChoices(backends: readonly { name: string }[], current: string): string[] {
  const names = ['auto', 'cpu', ...backends.map((backend) => backend.name), current];
  return [...new Set(names)];
}
