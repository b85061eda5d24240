/** What a click on a cell asks for: open it (as always), toggle it, or take the range from the last one picked. */
export type Pick = 'open' | 'toggle' | 'range';

/**
 * A plain click opens the photo; ctrl/cmd-click toggles, shift-click ranges, a click on the cell's
 * checkbox toggles, and while photos are picked a plain click adds to them rather than opening.
 */
export function pickFor(event: MouseEvent, picked: number): Pick {
  const onCheckbox = event.target instanceof Element && event.target.closest('[data-select]') !== null;
  if (event.shiftKey) return 'range';
  if (event.ctrlKey || event.metaKey || onCheckbox) return 'toggle';
  return picked > 0 ? 'toggle' : 'open';
}

/** Selection keys of the grid: Ctrl/Cmd+A all, Esc lets go (only while something is picked), x toggles the active one. */
export function selectKeyFor(event: KeyboardEvent, picked: number): 'all' | 'clear' | 'toggle' | null {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') return 'all';
  if (event.key === 'Escape' && picked > 0) return 'clear';
  if (event.key === 'x' && !event.ctrlKey && !event.metaKey && !event.altKey) return 'toggle';
  return null;
}
