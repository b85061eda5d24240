/**
 * What the UI bench runs inside the page, as browser JavaScript in strings (the Node side's TypeScript has no DOM
 * types, and nothing here may close over Node values).
 *
 * PROBE is given to `addInitScript`, so it starts before the app (and a string is not evaluated by the page,
 * whose CSP forbids eval; the Node side calls the functions PROBE installs, `UiBenchHooks`, with functions): each animation frame it looks at the grid cells
 * inside each grid's viewport and notes, per cell (grid name + item index), how long it stayed blank (no thumbnail
 * decoded yet) while in view; the first thumbnail and the first full screen of thumbnails after navigation start;
 * and the time of the last `input` event in a search box.
 */

export interface ProbeState {
  /** ms since navigation start when the first thumbnail of any grid was painted (decoded, in view) */
  firstThumbMs: number | null;
  /** ms since navigation start when every cell in a grid's viewport first showed its thumbnail */
  firstScreenMs: number | null;
  /** blanks closed so far: [grid label, index, ms blank while in view] */
  blanks: [string, number, number][];
  /** cells blank now ("label\0index"), with the time they went blank */
  open: Record<string, number>;
  /** the last `input` event in a search box, ms since navigation start */
  lastInputMs: number | null;
}

export const PROBE = `(() => {
  const state = { firstThumbMs: null, firstScreenMs: null, blanks: [], open: {}, lastInputMs: null };
  document.addEventListener('input', (event) => {
    if (event.target && event.target.getAttribute && event.target.getAttribute('type') === 'search') state.lastInputMs = performance.now();
  }, true);
  const painted = (img) => img !== null && img.complete && img.naturalWidth > 0;
  const frame = () => {
    const now = performance.now();
    const seen = new Set();
    for (const grid of document.querySelectorAll('[role="grid"]')) {
      const view = grid.getBoundingClientRect();
      if (view.height === 0) continue;
      const label = grid.getAttribute('aria-label') || '';
      let inView = 0;
      let shown = 0;
      for (const cell of grid.querySelectorAll('[role="gridcell"]')) {
        const box = cell.getBoundingClientRect();
        if (box.bottom <= view.top || box.top >= view.bottom) continue;
        inView += 1;
        const key = label + '\\u0000' + cell.dataset.index;
        seen.add(key);
        if (painted(cell.querySelector('img'))) {
          shown += 1;
          if (state.firstThumbMs === null) state.firstThumbMs = now;
          if (key in state.open) {
            state.blanks.push([label, Number(cell.dataset.index), now - state.open[key]]);
            delete state.open[key];
          }
        } else if (!(key in state.open)) {
          state.open[key] = now;
        }
      }
      if (state.firstScreenMs === null && inView > 0 && shown === inView) state.firstScreenMs = now;
    }
    // a cell that left the view still blank: its blank ends where it left
    for (const key of Object.keys(state.open)) {
      if (seen.has(key)) continue;
      const [label, index] = key.split('\\u0000');
      state.blanks.push([label, Number(index), now - state.open[key]]);
      delete state.open[key];
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  const gridNamed = (label, fresh) =>
    [...document.querySelectorAll('[role="grid"]')].find((g) => g.getAttribute('aria-label') === label && !(fresh && g.hasAttribute('data-bench-old')));
  window.__uiBench = {
    read: () => ({ ...state, blanks: [...state.blanks], open: { ...state.open } }),
    // from top to bottom like a flick: fast at first, slowing down (velocity decaying with a time constant of a
    // sixth of the duration), landing on the last row after durationMs; then holds holdMs
    fling: async (label, durationMs, holdMs) => {
      const grid = gridNamed(label, false);
      if (!grid) throw new Error('no grid named ' + label);
      const max = grid.scrollHeight - grid.clientHeight;
      const tau = durationMs / 6;
      const start = performance.now();
      await new Promise((resolve) => {
        const step = () => {
          const t = Math.min(durationMs, performance.now() - start);
          grid.scrollTop = (max * (1 - Math.exp(-t / tau))) / (1 - Math.exp(-durationMs / tau));
          if (t < durationMs) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      });
      const stopped = performance.timeOrigin + performance.now();
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      return stopped;
    },
    // a new search result is a new grid element: the old one is marked to tell them apart
    markOld: (label) => { const grid = gridNamed(label, false); if (grid) grid.setAttribute('data-bench-old', ''); },
    // once a grid named label, not marked old, whose view's heading names the text and has no search pending, shows a
    // thumbnail in every cell in view: the time, and the last keystroke's (a pause mid-word may run a search for part
    // of the text first: its grid does not count)
    screenPainted: (label, text) => {
      const grid = gridNamed(label, true);
      if (!grid || state.lastInputMs === null) return null;
      const section = grid.closest('section');
      const heading = section && section.querySelector('h1');
      if (!section || section.getAttribute('aria-busy') === 'true' || !heading || !heading.textContent.includes(text)) return null;
      const view = grid.getBoundingClientRect();
      const cells = [...grid.querySelectorAll('[role="gridcell"]')].filter((c) => {
        const box = c.getBoundingClientRect();
        return box.bottom > view.top && box.top < view.bottom;
      });
      if (cells.length === 0 || !cells.every((c) => painted(c.querySelector('img')))) return null;
      return { now: performance.now(), lastInput: state.lastInputMs };
    },
  };
})();`;

/** What PROBE leaves on the page's window, as the Node side calls it (through page.evaluate with a function). */
export interface UiBenchHooks {
  read(): ProbeState;
  /** resolves, after the hold, with the wall-clock time (ms since the epoch) the scrolling stopped */
  fling(label: string, durationMs: number, holdMs: number): Promise<number>;
  markOld(label: string): void;
  screenPainted(label: string, text: string): { now: number; lastInput: number } | null;
}


