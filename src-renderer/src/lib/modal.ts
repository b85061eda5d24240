/**
 * An attachment for <dialog>: opens it modal (focus trap, inert page, Esc), focuses the element
 * marked `data-initial-focus` if there is one, and gives the focus back to where it was when it
 * closes. jsdom has no showModal, so tests get a plain open dialog.
 */
export function modal(dialog: HTMLDialogElement): () => void {
  const previous = document.activeElement;
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  dialog.querySelector<HTMLElement>('[data-initial-focus]')?.focus();
  return () => {
    if (previous instanceof HTMLElement) previous.focus();
  };
}
