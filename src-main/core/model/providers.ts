import { listSupportedBackends } from 'onnxruntime-node';
import { AppError } from '../../contract/errors.js';
import { hasVulkanLoader, NO_VULKAN } from './vulkan.js';

/** What the person may ask for; 'auto' picks the best provider this machine and build offer. */
export const PROVIDER_CHOICES = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number];

export interface ProviderAttempt {
  name: string;
  /** why this provider was not used */
  error: string;
}

/** The provider a session runs on, and every one tried before it with the reason it failed. */
export interface ProviderResult {
  provider: string;
  tried: ProviderAttempt[];
}

export interface Backend {
  name: string;
  bundled: boolean;
}

/** One candidate: try it, or skip it with a reason known in advance. */
export interface ProviderCandidate {
  name: string;
  skip?: string;
  /** set when the build lists the provider but ships without its library */
  notBundled?: boolean;
}

/** Best first, per platform. CPU always ends the list, so there is always somewhere to fall back to. */
const AUTO_ORDER: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['cuda', 'webgpu'],
  win32: ['cuda', 'dml', 'webgpu'],
  darwin: ['coreml', 'webgpu'],
};

export function parseProviderChoice(value: string): ProviderChoice {
  const found = PROVIDER_CHOICES.find((choice) => choice === value);
  if (found === undefined) {
    throw new AppError(
      'INVALID_INPUT',
      `Unknown execution provider "${value}"; choose one of ${PROVIDER_CHOICES.join(', ')}.`,
    );
  }
  return found;
}

/**
 * The providers to try, in order. 'auto' takes what the build bundles for this OS; an explicit
 * choice is tried even when not bundled (its library may have been installed separately), and both
 * end on CPU. 'auto' skips WebGPU on a Linux without Vulkan: [Note: quiet WebGPU probe].
 */
export function providerCandidates(
  choice: ProviderChoice,
  platform: NodeJS.Platform = process.platform,
  backends: Backend[] = listSupportedBackends(),
  vulkan: () => boolean = hasVulkanLoader,
): ProviderCandidate[] {
  const wanted = choice === 'auto' ? (AUTO_ORDER[platform] ?? []) : choice === 'cpu' ? [] : [choice];
  const candidates = wanted.flatMap((name): ProviderCandidate[] => {
    const backend = backends.find((b) => b.name === name);
    if (backend === undefined) {
      return choice === 'auto'
        ? []
        : [{ name, skip: `not available in onnxruntime-node on ${platform}/${process.arch}` }];
    }
    if (!backend.bundled && choice === 'auto') {
      return [{ name, skip: 'not bundled with this onnxruntime-node build' }];
    }
    if (name === 'webgpu' && platform === 'linux' && choice === 'auto' && !vulkan()) {
      return [{ name, skip: NO_VULKAN }];
    }
    return [backend.bundled ? { name } : { name, notBundled: true }];
  });
  return [...candidates, { name: 'cpu' }];
}

/** onnxruntime's messages start with a source path and a C++ signature; keep what a person can act on. */
function readableError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.trim().split('\n')[0] ?? message;
  return firstLine.replace(/^.*? was false\.\s*/, '').trim();
}

/**
 * Tries each candidate with `attempt` until one works. Every failure is recorded with its reason;
 * if even CPU fails, the model itself is at fault and the error says so.
 */
export async function withProviderFallback<T>(
  candidates: ProviderCandidate[],
  attempt: (provider: string) => Promise<T>,
  what: string,
): Promise<{ value: T; result: ProviderResult }> {
  const tried: ProviderAttempt[] = [];
  for (const candidate of candidates) {
    if (candidate.skip !== undefined) {
      tried.push({ name: candidate.name, error: candidate.skip });
      continue;
    }
    try {
      const value = await attempt(candidate.name);
      return { value, result: { provider: candidate.name, tried } };
    } catch (error) {
      const reason = readableError(error);
      tried.push({
        name: candidate.name,
        error:
          candidate.notBundled === true ? `not bundled with this onnxruntime-node build (${reason})` : reason,
      });
    }
  }
  const last = tried.at(-1)?.error ?? 'no provider to try';
  throw new AppError('MODEL_INVALID', `Cannot load ${what}: ${last}. Download the model again.`, { tried });
}

/** "cpu (cuda: not bundled ...; webgpu: No supported adapters)": for logs, `doctor` and status lines. */
export function describeProviders(result: ProviderResult): string {
  if (result.tried.length === 0) return result.provider;
  return `${result.provider} (${result.tried.map((t) => `${t.name}: ${t.error}`).join('; ')})`;
}
