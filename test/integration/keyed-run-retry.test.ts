import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CONTROL_TASK_QUEUE,
  parseSweepSpec,
  pointRunKey,
  sweepPoints,
  workflowRunKey,
  type SweepResult,
} from '@bcml/core';
import { PARENT_RUN_ID_TAG } from '@bcml/tracking';

import { saveGermanCreditH1 } from '../support/bcml-process.js';
import { experimentRuns } from '../support/experiment-runs.js';
import { germanCreditSweepSpec } from '../support/german-credit-sweep.js';
import { startSweepHarness, type SweepHarness } from '../support/sweep-harness.js';

// A worker killed right after it created a keyed MLflow run (the parent in prepareSweep, a point's in trainPoint or
// trainPack) leaves the run without its params: the retry finds the run by its key and must still log them.

let harness: SweepHarness;
let h1Dir: string;

beforeAll(async () => {
  harness = await startSweepHarness({ prefix: 'bcml-keyed-run-retry-' });
  h1Dir = join(harness.tmp, 'h1');
  await saveGermanCreditH1(h1Dir);
}, 300_000);

afterAll(async () => {
  await harness?.down();
});

describe('a retry that finds its keyed MLflow run created by a killed attempt', () => {
  it('logs the params the killed attempt did not, on the parent and on every point run', async () => {
    const { tracking, client } = harness;
    const name = `keyed-run-retry-${Date.now()}`;
    const workflowId = `${name}-wf`;
    const spec = germanCreditSweepSpec(name, h1Dir, 2);
    const runKey = workflowRunKey(name, workflowId);
    const ids = sweepPoints(parseSweepSpec(spec)).map((p) => p.id);

    // What the killed attempts left: the keyed runs, with their tags, and nothing else.
    const experiment = await tracking.getOrCreateExperiment(name);
    const { run: parent } = await tracking.getOrCreateRun(experiment.experimentId, runKey, { runName: name });
    for (const id of ids) {
      await tracking.getOrCreateRun(experiment.experimentId, pointRunKey(runKey, id), {
        runName: id,
        parentRunId: parent.info.runId,
      });
    }

    const result: SweepResult = await client.workflow.execute('compatibilitySweep', {
      taskQueue: CONTROL_TASK_QUEUE,
      workflowId,
      args: [spec],
    });
    expect(result.counts).toEqual({ total: ids.length, completed: ids.length, failed: 0, cancelled: 0 });
    expect(result.parentRunId).toBe(parent.info.runId);

    const runs = await experimentRuns(tracking, name);
    expect(runs).toHaveLength(1 + ids.length);
    const found = runs.find((r) => r.info.runId === parent.info.runId);
    expect(found?.data.params).toMatchObject({ 'sweep.points': String(ids.length), 'h2.epochs': '2', seed: '3' });
    const children = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === parent.info.runId);
    expect(children.map((r) => r.data.params['point']).sort()).toEqual([...ids].sort());
    for (const child of children) {
      expect(child.data.params).toMatchObject({ epochs: '2', seed: '3', dissonance: 'new-error' });
      expect(child.info.status).toBe('FINISHED');
    }
  });
});
