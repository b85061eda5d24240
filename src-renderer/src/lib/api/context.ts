import { getContext, setContext } from 'svelte';
import type { Shoebox } from './client.js';

const shoeboxKey = Symbol('shoebox');

/**
 * Components that show photos reach the core's image URLs through context; everything else gets
 * its manager as a prop. As a Map, so a test mounts any component with
 * `render(C, { context: shoeboxContext(fake) })`.
 */
export function shoeboxContext(shoebox: Shoebox): Map<symbol, unknown> {
  return new Map<symbol, unknown>([[shoeboxKey, shoebox]]);
}

export function provideShoebox(shoebox: Shoebox): void {
  setContext(shoeboxKey, shoebox);
}

export function useShoebox(): Shoebox {
  const shoebox = getContext<Shoebox | undefined>(shoeboxKey);
  if (!shoebox) throw new Error('useShoebox() outside the app: mount the component with shoeboxContext().');
  return shoebox;
}
