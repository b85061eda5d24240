export type View = 'library' | 'album' | 'new-album' | 'edit-album' | 'duplicates' | 'settings' | 'import';

/** Which main view shows; a search in progress covers it until it is cleared. */
export class Navigation {
  view = $state<View>('library');
  /** the album shown by the 'album' and 'edit-album' views */
  albumId = $state<string | null>(null);
  /** true until the library has a folder: the first-run screen replaces the app */
  firstRun = $state(false);

  go(view: View): void {
    this.view = view;
  }

  openAlbum(albumId: string): void {
    this.albumId = albumId;
    this.view = 'album';
  }

  editAlbum(albumId: string): void {
    this.albumId = albumId;
    this.view = 'edit-album';
  }
}
