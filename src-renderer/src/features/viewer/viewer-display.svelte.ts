import { FullScreen } from './fullscreen.svelte.js';
import { Slideshow } from './slideshow.svelte.js';
import type { ViewerManager } from './viewer-manager.svelte.js';
import { ZoomView } from './zoom-view.svelte.js';

/** The keys the display answers, named once for the key handler and the buttons' labels. */
/**
 * F for full screen as in Lightroom and most players; 0–5 are the stars and "." the favourite (features/selection/mark-keys.ts),
 * so fitting the photo (W, the whole photo) stays off the digits.
 */
export const DISPLAY_KEYS = { fit: 'W', oneToOne: 'Z', fullScreen: 'F' } as const;

/**
 * How the open photo is shown: its zoom ([Note: viewer zoom]), full screen and the slideshow. Kept apart from
 * what is shown (ViewerManager) and from the keys that act on the photo itself, so each grows on its own.
 */
export class ViewerDisplay {
  readonly zoom = new ZoomView();
  readonly fullScreen = new FullScreen();
  readonly slideshow: Slideshow;

  constructor(viewerOf: () => ViewerManager) {
    // from the last photo the slideshow goes on with the first
    this.slideshow = new Slideshow(() => {
      const viewer = viewerOf();
      if (viewer.hasNext) return viewer.next();
      return viewer.sequence ? viewer.open(viewer.sequence, 0) : Promise.resolve();
    });
  }

  /** Answers a key of the display's; false leaves it to the viewer (arrows, Esc when no slideshow runs). */
  key(event: KeyboardEvent, fullScreenElement: Element | null): boolean {
    const slideshow = this.slideshow;
    switch (event.key) {
      case '+':
      case '=':
        this.zoom.zoomIn();
        return true;
      case '-':
      case '_':
        this.zoom.zoomOut();
        return true;
      case 'w':
      case DISPLAY_KEYS.fit:
        this.zoom.fitToStage();
        return true;
      case 'z':
      case DISPLAY_KEYS.oneToOne:
        this.zoom.toggleOneToOne();
        return true;
      case 'f':
      case DISPLAY_KEYS.fullScreen:
        void this.fullScreen.toggle(fullScreenElement);
        return true;
      case ' ':
        if (!slideshow.playing) return false;
        slideshow.togglePause();
        return true;
      case 'Escape':
        if (!slideshow.playing) return false;
        slideshow.stop();
        return true;
      default:
        return false;
    }
  }

  /** The viewer closed: nothing keeps running or covering the screen. */
  closed(): void {
    this.slideshow.stop();
    void this.fullScreen.leave();
  }
}
