import { openWithOs } from '../core/util/os-open.js';

export { openCommandFor, type OpenCommand } from '../core/util/os-open.js';

/**
 * Asks the person's default browser to open `url`. Resolves true once the opener started, false when there
 * is none (no xdg-open on a bare server, say): the address is printed either way, so this never fails.
 */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return openWithOs(url, env);
}
