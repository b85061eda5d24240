import type { GridMove } from './grid-layout.js';

const moves: Record<string, GridMove> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'home',
  End: 'end',
};

/** The grid move a key asks for, or null for keys the grid leaves alone. */
export function moveForKey(event: KeyboardEvent): GridMove | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  return moves[event.key] ?? null;
}

export function isOpenKey(event: KeyboardEvent): boolean {
  return event.key === 'Enter' || event.key === ' ';
}
