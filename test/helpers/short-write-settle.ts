import { afterEach, beforeEach } from 'vitest';

/** Watching waits until a file's size settles (1.5 s by default); watch tests shorten that to stay quick. */
export function useShortWriteSettle(ms = 600): void {
  const previous = process.env['SHOEBOX_WRITE_STABLE_MS'];
  beforeEach(() => {
    process.env['SHOEBOX_WRITE_STABLE_MS'] = String(ms);
  });
  afterEach(() => {
    if (previous === undefined) delete process.env['SHOEBOX_WRITE_STABLE_MS'];
    else process.env['SHOEBOX_WRITE_STABLE_MS'] = previous;
  });
}
