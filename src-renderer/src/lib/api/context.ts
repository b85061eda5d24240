import { getContext, setContext } from 'svelte';
import type { ErrorHandler } from '../errors/error-handler.svelte.js';
import type { Shoebox } from './client.js';

const shoeboxKey = Symbol('shoebox');
const errorsKey = Symbol('errors');

/** What every component may reach without props: the core and the one error handler. */
export interface AppServices {
  shoebox: Shoebox;
  errors: ErrorHandler;
}

/** As a Map, so a test can mount any component with `render(C, { context: servicesContext(...) })`. */
export function servicesContext(services: AppServices): Map<symbol, unknown> {
  return new Map<symbol, unknown>([
    [shoeboxKey, services.shoebox],
    [errorsKey, services.errors],
  ]);
}

export function provideServices(services: AppServices): void {
  for (const [key, value] of servicesContext(services)) setContext(key, value);
}

export function useShoebox(): Shoebox {
  const shoebox = getContext<Shoebox | undefined>(shoeboxKey);
  if (!shoebox) throw outsideTheApp('useShoebox');
  return shoebox;
}

export function useErrors(): ErrorHandler {
  const errors = getContext<ErrorHandler | undefined>(errorsKey);
  if (!errors) throw outsideTheApp('useErrors');
  return errors;
}

function outsideTheApp(name: string): Error {
  return new Error(`${name}() outside the app: mount the component with servicesContext().`);
}
