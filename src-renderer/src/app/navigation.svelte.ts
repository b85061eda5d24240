export type View = 'library' | 'favourites' | 'album' | 'new-album' | 'edit-album' | 'duplicates' | 'settings' | 'import';

/** Which main view shows; a search in progress covers it until it is cleared. */
export class Navigation {
  view = $state<View>('library');
  /** the album shown by the 'album' and 'edit-album' views */
  albumId = $state<string | null>(null);
  /** true until the library has a folder: the first-run screen replaces the app */
  firstRun = $state(false);
  readonly #left: () => void;

  /** `left` runs when the person leaves a view: the toasts about it (a refused folder) go with it. */
  constructor(left: () => void = () => undefined) {
    this.#left = left;
  }

  go(view: View): void {
    this.#show(view);
  }

  openAlbum(albumId: string): void {
    this.albumId = albumId;
    this.#show('album');
  }

  editAlbum(albumId: string): void {
    this.albumId = albumId;
    this.#show('edit-album');
  }

  #show(view: View): void {
    if (view !== this.view) this.#left();
    this.view = view;
  }
}
