import { render, screen } from '@testing-library/svelte';
import App from '../../src-renderer/src/app/App.svelte';
import type { SearchOptions } from '../../src-renderer/src/features/search/search-manager.svelte.js';
import type { FakeShoebox } from './factories.js';

/** Mounts the whole app over a fake Shoebox and waits until the library has loaded. */
export async function renderApp(shoebox: FakeShoebox, searchOptions: SearchOptions = {}): Promise<void> {
  render(App, { props: { shoebox, searchOptions } });
  await screen.findByRole('heading', { name: 'Library' });
}
