/**
 * Whether the page shows an element full screen (the Fullscreen API), followed as it changes, Esc included.
 * The viewer asks it for the whole document: a <dialog> cannot be made full screen itself (Chromium refuses
 * it), and the modal viewer already covers the page, so the page full screen is the viewer full screen.
 */
export class FullScreen {
  active = $state(typeof document !== 'undefined' && document.fullscreenElement !== null);

  /** Follows the document's full-screen state; returns the stop. */
  follow(): () => void {
    const update = (): void => {
      this.active = document.fullscreenElement !== null;
    };
    document.addEventListener('fullscreenchange', update);
    update();
    return () => { document.removeEventListener('fullscreenchange', update); };
  }

  async toggle(element: Element | null): Promise<void> {
    if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
    else await element?.requestFullscreen().catch(() => undefined);
  }

  async leave(): Promise<void> {
    if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
  }
}
