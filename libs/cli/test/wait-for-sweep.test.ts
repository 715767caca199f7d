import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';

import { waitForSweep } from '@bcml/cli';
import type { SweepProgress, SweepResult } from '@bcml/core';

const result: SweepResult = {
  name: 's',
  workflowId: 's-wf',
  runKey: 'k',
  status: 'completed',
  parentRunId: null,
  summaryUri: 'mlflow-artifacts:/1/r/artifacts/results',
  reportUri: 'mlflow-artifacts:/1/r/artifacts/report',
  counts: { total: 4, completed: 4, failed: 0, cancelled: 0 },
  failedPoints: [],
};

/** Progress of a 4-point sweep with `completed` points done and the rest pending. */
function progress(completed: number, phase: SweepProgress['phase']): SweepProgress {
  return {
    phase,
    total: 4,
    completed,
    failed: 0,
    cancelled: 0,
    running: 0,
    pending: 4 - completed,
    cancelRequested: false,
    runningPoints: [],
  };
}

/** A handle whose sweep ends after its first query (answered with 1/4), then answers 4/4 finished. */
function handleEndingBetweenQueries(): WorkflowHandle {
  let queries = 0;
  let finish = (): void => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  return {
    result: () => ended.then(() => result),
    query: () => {
      queries += 1;
      if (queries === 1) {
        finish();
        return Promise.resolve(progress(1, 'training'));
      }
      return Promise.resolve(progress(4, 'finished'));
    },
  } as unknown as WorkflowHandle;
}

describe('waitForSweep', () => {
  it('prints where a sweep ended when it ended between two progress queries', async () => {
    let err = '';
    const io = { out: () => undefined, err: (text: string) => void (err += text), env: {} };
    await expect(waitForSweep(handleEndingBetweenQueries(), io, { intervalMs: 10_000 })).resolves.toEqual(result);
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^training .* 1\/4 points: 1 done/);
    expect(lines[1]).toMatch(/^finished .* 4\/4 points: 4 done, 0 running, 0 failed$/);
  });

  it('returns without a final line when the ended sweep does not answer', async () => {
    let err = '';
    const io = { out: () => undefined, err: (text: string) => void (err += text), env: {} };
    const handle = {
      result: () => Promise.resolve(result),
      query: () => Promise.reject(new Error('no worker')),
    } as unknown as WorkflowHandle;
    await expect(waitForSweep(handle, io, { intervalMs: 10 })).resolves.toEqual(result);
    expect(err).toBe('');
  });
});
