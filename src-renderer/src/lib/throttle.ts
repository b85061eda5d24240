/**
 * Runs `work` at most once per `ms`, always once more after the last call: photos are indexed
 * hundreds per second, and the grid needs to catch up with them, not follow each one.
 */
export function throttle(work: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRun = -Infinity;
  const run = (): void => {
    timer = undefined;
    lastRun = Date.now();
    work();
  };
  const throttled = (): void => {
    if (timer !== undefined) return;
    timer = setTimeout(run, Math.max(0, lastRun + ms - Date.now()));
  };
  throttled.cancel = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  return throttled;
}
