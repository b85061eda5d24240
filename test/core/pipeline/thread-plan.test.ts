import { describe, expect, it } from 'vitest';
import { planThreads, thisMachine } from '../../../src-main/core/pipeline/thread-plan.js';

describe('planThreads ([Note: thread plan])', () => {
  it('chooses from the machine: 2 cores, 8 physical of 16, 16 of 32', () => {
    expect(planThreads({}, { logical: 2, physical: 2, uvPool: 4 })).toEqual({ inferenceThreads: 2, decodesInFlight: 3, vipsThreads: 1 });
    expect(planThreads({}, { logical: 16, physical: 8, uvPool: 4 })).toEqual({ inferenceThreads: 8, decodesInFlight: 5, vipsThreads: 2 });
    expect(planThreads({}, { logical: 32, physical: 16, uvPool: 8 })).toEqual({ inferenceThreads: 16, decodesInFlight: 9, vipsThreads: 2 });
  });

  it('takes each override as given and ignores ones that are not a count', () => {
    const machine = { logical: 16, physical: 8, uvPool: 4 };
    expect(planThreads({ threads: 3, decodeConcurrency: 7, vipsThreads: 4 }, machine)).toEqual({ inferenceThreads: 3, decodesInFlight: 7, vipsThreads: 4 });
    expect(planThreads({ threads: null, decodeConcurrency: 0 }, machine)).toEqual(planThreads({}, machine));
  });

  it('reads this machine', () => {
    const machine = thisMachine();
    expect(machine.physical).toBeLessThanOrEqual(machine.logical);
    expect(planThreads().inferenceThreads).toBe(machine.physical);
  });
});
