import { electronTransport, httpTransport, type PreloadBridge, type Transport } from './transport.js';

/**
 * Picks the transport the page was opened with: the Electron preload bridge when present,
 * otherwise the loopback server whose token arrived in the page's URL. The token stays in
 * memory and in the URL only, so a reload keeps working and nothing writes it to storage.
 */
export function detectTransport(win: Window & { shoebox?: PreloadBridge }): Transport {
  if (win.shoebox) return electronTransport(win.shoebox);
  const token = new URLSearchParams(win.location.search).get('token');
  if (token === null || token === '') {
    throw new Error('This page needs the link that `npm run serve` printed (it carries ?token=…).');
  }
  return httpTransport({ origin: win.location.origin, token });
}
