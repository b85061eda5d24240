import type { SearchFilters } from '$contract/search.js';
import type { Shoebox } from '../lib/api/client.js';
import { ErrorHandler } from '../lib/errors/error-handler.svelte.js';
import { AlbumsManager } from '../features/albums/albums-manager.svelte.js';
import { BrowseManager } from '../features/browse/browse-manager.svelte.js';
import { DuplicatesManager } from '../features/albums/duplicates-manager.svelte.js';
import { IndexingManager } from '../features/indexing/indexing-manager.svelte.js';
import { ImportManager } from '../features/import/import-manager.svelte.js';
import { LibraryManager } from '../features/library/library-manager.svelte.js';
import { ModelsManager } from '../features/models/models-manager.svelte.js';
import { SearchManager, type SearchOptions } from '../features/search/search-manager.svelte.js';
import { RootsManager } from '../features/settings/roots-manager.svelte.js';
import { PhotoExtras } from '../features/viewer/photo-extras.svelte.js';
import { ViewerManager } from '../features/viewer/viewer-manager.svelte.js';
import { Navigation } from './navigation.svelte.js';
import { Selection } from '../lib/grid/selection.svelte.js';
import { BulkActions } from '../features/selection/bulk-actions.svelte.js';
import { FavouritesManager } from '../features/selection/favourites.svelte.js';
import { MarksCache } from '../lib/marks.svelte.js';

/** Every manager of one app instance, each given the same API client and the one error handler. */
export interface AppState {
  shoebox: Shoebox;
  errors: ErrorHandler;
  nav: Navigation;
  albums: AlbumsManager;
  duplicates: DuplicatesManager;
  indexing: IndexingManager;
  library: LibraryManager;
  /** the folder tree, the timeline and the grids' look beside the library grid */
  browse: BrowseManager;
  models: ModelsManager;
  search: SearchManager;
  roots: RootsManager;
  viewer: ViewerManager;
  extras: PhotoExtras;
  imports: ImportManager;
  selection: Selection;
  marks: MarksCache;
  bulk: BulkActions;
  favourites: FavouritesManager;
}

export function createAppState(shoebox: Shoebox, searchOptions: SearchOptions = {}): AppState {
  const errors = new ErrorHandler();
  const { api } = shoebox;
  // one set of filters: a search's, and the library grid's and its timeline's without a query
  const search = new SearchManager(api, errors, searchOptions);
  const filters = (): SearchFilters => search.query.filters;
  const albums = new AlbumsManager(api, errors);
  const library = new LibraryManager(api, errors, filters);
  const selection = new Selection();
  const marks = new MarksCache(api, errors);
  const favourites = new FavouritesManager(api, errors);
  const bulk = new BulkActions(api, errors, selection, marks, {
    async albumsChanged(albumId) {
      await albums.refresh(albumId);
      albums.revisions.set(albumId, (albums.revisions.get(albumId) ?? 0) + 1);
    },
    async photosChanged() {
      await Promise.all([library.refresh(), favourites.ready ? favourites.refresh() : undefined]);
    },
    async marksChanged() {
      if (favourites.ready) await favourites.refresh();
    },
  });
  return {
    shoebox,
    errors,
    nav: new Navigation(() => { errors.clear(); }),
    albums,
    selection,
    marks,
    bulk,
    favourites,
    duplicates: new DuplicatesManager(api, errors),
    indexing: new IndexingManager(api, errors),
    library,
    browse: new BrowseManager(api, errors, filters),
    models: new ModelsManager(api, errors),
    search,
    roots: new RootsManager(api, errors),
    viewer: new ViewerManager(api, errors),
    extras: new PhotoExtras(api, errors),
    imports: new ImportManager(api, errors),
  };
}
