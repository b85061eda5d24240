/**
 * [Note: virtual grid]
 * The grid never renders its items: it renders rows. A layout turns groups (a month, "best
 * matches", or a span whose dates are not loaded yet) into rows of fixed height, each with its
 * pixel top, so the rows under the viewport are found by binary search on scrollTop and only
 * they (plus an overscan) are in the DOM, whatever the number of photos.
 */

export interface GridGroup {
  key: string;
  /** null: no header row (a span not loaded yet, or an ungrouped list). */
  label: string | null;
  count: number;
}

export type LayoutRow =
  | { kind: 'header'; top: number; key: string; label: string }
  | { kind: 'items'; top: number; start: number; end: number };

export interface GridMetrics {
  columns: number;
  rowHeight: number;
  headerHeight: number;
}

export interface GridLayout {
  rows: LayoutRow[];
  height: number;
  columns: number;
  count: number;
}

export function computeLayout(groups: readonly GridGroup[], metrics: GridMetrics): GridLayout {
  const columns = Math.max(1, metrics.columns);
  const rows: LayoutRow[] = [];
  let top = 0;
  let index = 0;
  for (const group of groups) {
    if (group.count <= 0) continue;
    if (group.label !== null) {
      rows.push({ kind: 'header', top, key: group.key, label: group.label });
      top += metrics.headerHeight;
    }
    const end = index + group.count;
    for (let start = index; start < end; start += columns) {
      rows.push({ kind: 'items', top, start, end: Math.min(start + columns, end) });
      top += metrics.rowHeight;
    }
    index = end;
  }
  return { rows, height: top, columns, count: index };
}

/** The rows that intersect [scrollTop, scrollTop + viewport), widened by `overscan` rows each side. */
export function visibleRows(layout: GridLayout, scrollTop: number, viewport: number, overscan: number): { first: number; last: number } {
  if (layout.rows.length === 0) return { first: 0, last: -1 };
  const first = Math.max(0, rowAt(layout, scrollTop) - overscan);
  const last = Math.min(layout.rows.length - 1, rowAt(layout, scrollTop + Math.max(0, viewport - 1)) + overscan);
  return { first, last };
}

/** The index of the row that contains the pixel offset y (the last row starting at or before y). */
export function rowAt(layout: GridLayout, y: number): number {
  let low = 0;
  let high = layout.rows.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((layout.rows[mid]?.top ?? Infinity) <= y) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The index of the items row holding item `index`, or -1 outside the layout. */
export function rowOfItem(layout: GridLayout, index: number): number {
  if (index < 0 || index >= layout.count) return -1;
  let low = 0;
  let high = layout.rows.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    const row = layout.rows[mid];
    const start = row?.kind === 'items' ? row.start : headerStart(layout, mid);
    if (start <= index) low = mid;
    else high = mid - 1;
  }
  // A header shares its start with the items row after it; step onto the items row.
  return layout.rows[low]?.kind === 'header' ? low + 1 : low;
}

// A header row starts where the next items row starts (headers are never the last row).
function headerStart(layout: GridLayout, row: number): number {
  const next = layout.rows[row + 1];
  return next?.kind === 'items' ? next.start : layout.count;
}

export type GridMove = 'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** Where the keyboard focus goes from `index`: up and down keep the column, clamped to short rows. */
export function moveIndex(layout: GridLayout, index: number, move: GridMove, rowsPerPage: number): number {
  const last = layout.count - 1;
  if (last < 0) return -1;
  switch (move) {
    case 'left':
      return Math.max(0, index - 1);
    case 'right':
      return Math.min(last, index + 1);
    case 'home':
      return 0;
    case 'end':
      return last;
    case 'up':
      return stepRows(layout, index, -1);
    case 'down':
      return stepRows(layout, index, 1);
    case 'pageUp':
      return stepRows(layout, index, -Math.max(1, rowsPerPage));
    case 'pageDown':
      return stepRows(layout, index, Math.max(1, rowsPerPage));
  }
}

function stepRows(layout: GridLayout, index: number, steps: number): number {
  const here = rowOfItem(layout, index);
  const current = layout.rows[here];
  if (current?.kind !== 'items') return index;
  const column = index - current.start;
  let row = here;
  let remaining = Math.abs(steps);
  const direction = Math.sign(steps);
  let target = current;
  while (remaining > 0) {
    row += direction;
    const candidate = layout.rows[row];
    if (!candidate) break;
    if (candidate.kind === 'items') {
      target = candidate;
      remaining -= 1;
    }
  }
  return Math.min(target.start + column, target.end - 1);
}
