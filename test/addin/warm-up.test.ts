import { describe, expect, it } from 'vitest';
import { WARM_UP_MEASURE, stopWarmUp, warmUpEngine, warmUpNow } from '../../addin/warm-up.js';

describe('the engine warm-up (the pane after start)', () => {
  it('runs the engine on its made-up plan without an error', () => {
    expect(() => warmUpNow()).not.toThrow();
  });

  it('works in steps in the idle time, then leaves a User Timing measure; a command stops it', async () => {
    warmUpEngine();
    await expect
      .poll(() => performance.getEntriesByName(WARM_UP_MEASURE).length, { timeout: 30_000 })
      .toBe(1);
    // Once only, and a command starting afterwards changes nothing.
    warmUpEngine();
    stopWarmUp();
    await new Promise((done) => setTimeout(done, 50));
    expect(performance.getEntriesByName(WARM_UP_MEASURE)).toHaveLength(1);
  });
});
