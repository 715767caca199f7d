import { describe, expect, it } from 'vitest';

import { mapLimit } from '@bcml/workers';

describe('mapLimit', () => {
  it('keeps input order, never runs more than the limit at once, and starts nothing after a rejection', async () => {
    let inFlight = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 10, 2, 15];
    const out = await mapLimit(delays, 3, async (ms, i) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight -= 1;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(most).toBe(3);
    expect(await mapLimit([], 4, () => Promise.resolve(1))).toEqual([]);

    const started: number[] = [];
    const failing = mapLimit([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (n === 1) throw new Error('boom');
      return n;
    });
    await expect(failing).rejects.toThrow('boom');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(started).toEqual([0, 1, 2]);
  });
});
