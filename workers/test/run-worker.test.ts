import { describe, expect, it } from 'vitest';

import { runWorker } from '@bcml/workers';

describe('runWorker', () => {
  it('refuses a concurrency below 1 before connecting', async () => {
    const trainPoint = () => Promise.reject(new Error('unused'));
    await expect(
      runWorker({
        pool: 'cpu',
        concurrency: 0,
        activities: { trainPoint, trainPack: trainPoint },
        temporal: { address: '127.0.0.1:1', namespace: 'default' },
        shutdownSignals: [],
      }),
    ).rejects.toThrow(/concurrency/);
  });
});
