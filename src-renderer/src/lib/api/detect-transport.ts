import { electronTransport, httpTransport, type PreloadBridge, type Transport } from './transport.js';

/**
 * Picks the transport the page was opened with: the Electron preload bridge when present,
 * otherwise the loopback server whose token arrived in the page's URL. The token stays in
 * memory and in the URL only, so a reload keeps working and nothing writes it to storage.
 */
export interface PageWindow {
  location: Pick<Location, 'search' | 'origin'>;
  shoebox?: PreloadBridge | undefined;
}

export function detectTransport(win: PageWindow): Transport {
  if (win.shoebox) return electronTransport(win.shoebox);
  const token = new URLSearchParams(win.location.search).get('token');
  if (token === null || token === '') {
    throw new Error('This page needs the link that `npm run serve` printed (it carries ?token=…).');
  }
  return httpTransport({ origin: win.location.origin, token });
}
