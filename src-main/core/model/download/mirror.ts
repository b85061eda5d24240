import { AppError } from '../../../contract/errors.js';

export const HUGGING_FACE_BASE = 'https://huggingface.co';
export const MIRROR_ENV = 'SHOEBOX_MODEL_MIRROR';

/**
 * The mirror in force: the explicit option wins, then SHOEBOX_MODEL_MIRROR, else none.
 * A mirror is a base URL laid out like the hub (`<base>/<repo>/resolve/<revision>/<path>`),
 * e.g. a company proxy or a folder served on the local network.
 */
export function resolveMirror(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const raw = option ?? env[MIRROR_ENV];
  if (raw === undefined || raw.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      `${MIRROR_ENV}="${raw}" is not a URL: use a base URL such as https://hf-mirror.example.com.`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('INVALID_INPUT', `${MIRROR_ENV}="${raw}" must be an http(s) URL.`);
  }
  return parsed.href.replace(/\/+$/, '');
}

/** Rewrites a Hugging Face URL onto the mirror; other URLs are left alone. */
export function applyMirror(url: string, mirror: string | null): string {
  if (mirror === null) return url;
  return url.startsWith(`${HUGGING_FACE_BASE}/`) ? `${mirror}${url.slice(HUGGING_FACE_BASE.length)}` : url;
}
