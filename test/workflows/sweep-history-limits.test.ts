import { randomUUID } from 'node:crypto';

import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { compatibilitySweep } from '@bcml/workflows';

import {
  CONTROL_TASK_QUEUE,
  MAX_SWEEP_POINTS,
  parseSweepSpec,
  POINT_RESULTS_PER_PART,
  sweepPoints,
  trainTaskQueue,
} from '@bcml/core';

import { historySize, TEMPORAL_LIMITS } from '../support/workflow-history-size.js';
import { createFakeSweepControl, createFakeTrainer } from './fake-sweep-activities.js';
import { testSweepSpec } from './sweep-spec-fixture.js';
import { startWorkflowTestEnv, withWorkers, type WorkflowTestEnv } from './workflow-test-env.js';

let testEnv: WorkflowTestEnv;

beforeAll(async () => {
  testEnv = await startWorkflowTestEnv();
}, 120_000);

afterAll(async () => {
  await testEnv?.env.teardown();
});

/** A `MAX_SWEEP_POINTS` grid of logistic regressions: 2 dissonances × 2 losses × 250 λs. */
function largestSweepSpec(epochs: number, pack: number | 'auto' = 'auto'): Record<string, unknown> {
  return testSweepSpec({
    name: 'history-limits',
    h2: {
      model: { kind: 'logistic-regression' },
      optimizer: { kind: 'sgd', learningRate: 0.01 },
      epochs,
      batchSize: 64,
    },
    sweep: {
      lambdas: { start: 0, stop: 0.996, step: 0.004 },
      dissonances: ['new-error', 'strict-imitation'],
      losses: ['cross-entropy', 'kl-divergence'],
    },
    execution: { parallelism: 4, pack },
  });
}

// Temporal terminates a workflow past 51,200 history events or 50 MB and fails a command whose payload passes 2 MB
// (warning from 10,240 events, 10 MB, 512 KB). A sweep's history grows with its points (activities, results) and
// their epochs (progress signals): the largest sweep must stay below the warnings.
describe('compatibilitySweep history at MAX_SWEEP_POINTS', () => {
  // Packed (16 trainPack activities) and unpacked (1000 trainPoint activities, whose progress signals alone would
  // pass the warning at 20 epochs without the sweep's signal budget, and the limit at 60).
  it.each([
    [1, 'auto'],
    [20, 'auto'],
    [20, 1],
  ] as const)(
    'stays below Temporal limits with %i epoch(s) per point, pack %s',
    async (epochs, pack) => {
      const control = createFakeSweepControl();
      const trainer = createFakeTrainer({ epochMs: 1 });
      const { size, total } = await withWorkers(
        testEnv,
        [
          { taskQueue: CONTROL_TASK_QUEUE, activities: control.activities, workflows: true },
          { taskQueue: trainTaskQueue('cpu'), activities: trainer.activities },
        ],
        async () => {
          const handle = await testEnv.env.client.workflow.start<typeof compatibilitySweep>('compatibilitySweep', {
            taskQueue: CONTROL_TASK_QUEUE,
            workflowId: `history-limits-${randomUUID()}`,
            args: [largestSweepSpec(epochs, pack)],
          });
          const result = await handle.result();
          const history = await handle.fetchHistory();
          // The patched path (stored point results, one progress signal per pack) replays deterministically.
          await Worker.runReplayHistory({ workflowBundle: testEnv.bundle }, history);
          return { size: historySize(history), total: result.counts.completed };
        },
      );
      console.log(
        `history of a ${MAX_SWEEP_POINTS}-point sweep, ${epochs} epoch(s), pack ${pack}: ${JSON.stringify(size)}`,
      );
      expect(total).toBe(MAX_SWEEP_POINTS);
      // The point results reach reduceSweep as stored parts of POINT_RESULTS_PER_PART, in point order.
      const parts = [...control.calls.storePointResults].sort((a, b) => a.part - b.part);
      expect(parts.map((p) => p.part)).toEqual([...Array(MAX_SWEEP_POINTS / POINT_RESULTS_PER_PART).keys()]);
      expect(parts.flatMap((p) => p.points.map((r) => r.pointId))).toEqual(
        sweepPoints(parseSweepSpec(largestSweepSpec(epochs, pack))).map((p) => p.id),
      );
      expect(control.calls.reduceSweep).toHaveLength(1);
      expect(control.calls.reduceSweep[0]?.points).toEqual([]);
      expect(control.calls.reduceSweep[0]?.pointParts).toHaveLength(parts.length);
      expect(size.events).toBeLessThan(TEMPORAL_LIMITS.historyEventsWarn);
      expect(size.bytes).toBeLessThan(TEMPORAL_LIMITS.historyBytesWarn);
      expect(size.largestPayloadBytes).toBeLessThan(TEMPORAL_LIMITS.payloadBytesWarn);
    },
    300_000,
  );
});
