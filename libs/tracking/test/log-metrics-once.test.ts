import { afterAll, describe, expect, it } from 'vitest';

import { deleteCreatedExperiments, newExperiment, stackClient } from './helpers.js';

const client = stackClient();
afterAll(deleteCreatedExperiments);

describe('logMetricsOnce', () => {
  it('logs only the (key, step) pairs the run lacks, where logMetrics would log a step twice', async () => {
    const experimentId = await newExperiment(client, 'once');
    const runId = (await client.createRun(experimentId, { runName: 'once' })).info.runId;
    await client.logMetrics(runId, [
      { key: 'loss', value: 0.9, step: 1, timestamp: 1000 },
      { key: 'loss', value: 0.5, step: 2, timestamp: 2000 },
    ]);
    // What a retried attempt sends: the steps an earlier attempt logged (with new timestamps) and new ones.
    const retry = [
      { key: 'loss', value: 0.9, step: 1, timestamp: 5000 },
      { key: 'loss', value: 0.5, step: 2, timestamp: 5000 },
      { key: 'loss', value: 0.3, step: 3, timestamp: 5000 },
      { key: 'val_accuracy', value: 0.7, step: 2, timestamp: 5000 },
    ];
    expect(await client.logMetricsOnce(runId, retry)).toEqual([retry[2], retry[3]]);
    expect(await client.logMetricsOnce(runId, retry)).toEqual([]);
    const steps = async (key: string): Promise<number[]> =>
      (await client.getMetricHistory(runId, key)).map((m) => m.step);
    expect(await steps('loss')).toEqual([1, 2, 3]);
    expect(await steps('val_accuracy')).toEqual([2]);
    // Why it exists: MLflow appends a value with another timestamp as a second entry of the same step.
    await client.logMetrics(runId, [{ key: 'loss', value: 0.3, step: 3, timestamp: 6000 }]);
    expect(await steps('loss')).toEqual([1, 2, 3, 3]);
  });
});
