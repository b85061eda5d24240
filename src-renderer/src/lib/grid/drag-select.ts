/** How far the pointer must travel before a press becomes a drag (a click never selects by band). */
const DRAG_THRESHOLD = 8;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box): boolean => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

/**
 * Drag-select in a grid: a press on the grid followed by a drag draws a band, and every cell it touches
 * is picked (added to what is picked already). The click that ends a drag opens nothing. Only cells in
 * view are reachable, as the grid is virtual. Returns the teardown.
 */
export function dragSelect(grid: HTMLElement, pick: (indexes: number[]) => void): () => void {
  let start: { x: number; y: number } | null = null;
  let band: HTMLDivElement | null = null;
  let dragged = false;

  const onmove = (event: PointerEvent): void => {
    if (start === null) return;
    const box = { left: Math.min(start.x, event.clientX), top: Math.min(start.y, event.clientY), right: Math.max(start.x, event.clientX), bottom: Math.max(start.y, event.clientY) };
    if (!dragged && box.right - box.left < DRAG_THRESHOLD && box.bottom - box.top < DRAG_THRESHOLD) return;
    dragged = true;
    band ??= Object.assign(document.createElement('div'), { className: 'drag-band' });
    if (!band.isConnected) document.body.append(band);
    Object.assign(band.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${box.right - box.left}px`, height: `${box.bottom - box.top}px` });
    const touched: number[] = [];
    for (const cell of grid.querySelectorAll<HTMLElement>('[data-index]')) {
      if (overlaps(box, cell.getBoundingClientRect())) touched.push(Number(cell.dataset['index']));
    }
    if (touched.length > 0) pick(touched);
  };
  const onup = (): void => {
    start = null;
    band?.remove();
    window.removeEventListener('pointermove', onmove);
    window.removeEventListener('pointerup', onup);
  };
  const ondown = (event: PointerEvent): void => {
    const onCheckbox = event.target instanceof Element && event.target.closest('[data-select]') !== null;
    if (event.button !== 0 || event.pointerType !== 'mouse' || onCheckbox) return;
    start = { x: event.clientX, y: event.clientY };
    dragged = false;
    window.addEventListener('pointermove', onmove);
    window.addEventListener('pointerup', onup);
  };
  // The click that ends a drag is the drag's, not a request to open the photo under the pointer.
  const onclick = (event: MouseEvent): void => {
    if (!dragged) return;
    dragged = false;
    event.stopPropagation();
    event.preventDefault();
  };
  grid.addEventListener('pointerdown', ondown);
  grid.addEventListener('click', onclick, { capture: true });
  return () => {
    onup();
    grid.removeEventListener('pointerdown', ondown);
    grid.removeEventListener('click', onclick, { capture: true });
  };
}
