import type { ErrorCode } from '$contract/errors.js';
import { t } from '../i18n/i18n.svelte.js';

/**
 * A headline per code, saying what happened in the person's words, in the UI's language (the catalogue
 * has an `error.<CODE>` message for each code, checked by the i18n test); the core's message (which
 * names the file and what to do) is shown under it.
 */
export function headlineFor(code: ErrorCode): string {
  return t(`error.${code}`);
}
