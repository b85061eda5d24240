import { describe, expect, it } from 'vitest';
import { runCrashStress } from '../../stress/crash-stress.js';

describe('random kills of the owner during watch, import, mirror and label traffic (short; npm run stress runs it long)', () => {
  it('loses no photo, tag or correction, leaves no duplicate row, and the library opens', async () => {
    const report = await runCrashStress({ kills: 3, seed: 7, log: (line) => console.log(line) });
    expect(report.kills).toBe(3);
    expect(report).toMatchObject({ lostPhotos: 0, lostLabels: 0, duplicateRows: 0, strayRows: 0 });
    expect(report.tags).toBeGreaterThan(0);
  }, 240_000);
});
