export type View = 'library' | 'duplicates' | 'settings';

/** Which main view shows; a search in progress covers it until it is cleared. */
export class Navigation {
  view = $state<View>('library');
  /** true until the library has a folder: the first-run screen replaces the app */
  firstRun = $state(false);

  go(view: View): void {
    this.view = view;
  }
}
