import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { compatibilitySweep } from '@bcml/workflows';

import {
  CONTROL_TASK_QUEUE,
  InvalidInputError,
  parseSweepSpec,
  SWEEP_PROGRESS_QUERY,
  sweepPoints,
  trainTaskQueue,
  type SweepProgress,
  type SweepResult,
} from '@bcml/core';

import {
  createFakeSweepControl,
  createFakeTrainer,
  type FakeSweepControl,
  type FakeTrainer,
} from './fake-sweep-activities.js';
import { historyFromJson, historyToJson } from './history-json.js';
import { testSweepSpec } from './sweep-spec-fixture.js';
import { startWorkflowTestEnv, withWorkers, type TestWorkerSpec, type WorkflowTestEnv } from './workflow-test-env.js';

/**
 * The recorded history of one completed sweep (the happy path below). It is replayed against the current workflow
 * code, so a change that breaks determinism for running sweeps fails here. After an intended, incompatible change
 * (and only then), re-record it: `BCML_RECORD_HISTORY=1 npx vitest run --project test workflows/compatibility-sweep`.
 */
const HISTORY_FILE = fileURLToPath(new URL('./histories/compatibility-sweep.json', import.meta.url));
const RECORD_HISTORY = process.env['BCML_RECORD_HISTORY'] === '1';

let testEnv: WorkflowTestEnv;

beforeAll(async () => {
  testEnv = await startWorkflowTestEnv();
}, 120_000);

afterAll(async () => {
  await testEnv?.env.teardown();
});

/** The control worker (workflows and control activities) and the CPU trainer worker. */
function sweepWorkers(control: FakeSweepControl, trainer: FakeTrainer): TestWorkerSpec[] {
  return [
    { taskQueue: CONTROL_TASK_QUEUE, activities: control.activities, workflows: true },
    {
      taskQueue: trainTaskQueue('cpu'),
      activities: trainer.activities,
      // Heartbeats reach the server (and cancellations the activity) within 50 ms.
      options: { maxHeartbeatThrottleInterval: '50 ms', defaultHeartbeatThrottleInterval: '50 ms' },
    },
  ];
}

async function startSweep(spec: unknown): Promise<WorkflowHandle<typeof compatibilitySweep>> {
  return testEnv.env.client.workflow.start<typeof compatibilitySweep>('compatibilitySweep', {
    taskQueue: CONTROL_TASK_QUEUE,
    workflowId: `sweep-test-${randomUUID()}`,
    args: [spec],
  });
}

/** Queries `progress` until `done` holds (or fails after 20 s). */
async function progressUntil(
  handle: WorkflowHandle<typeof compatibilitySweep>,
  done: (p: SweepProgress) => boolean,
): Promise<SweepProgress> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const progress = await handle.query<SweepProgress>(SWEEP_PROGRESS_QUERY);
    if (done(progress)) return progress;
    if (Date.now() > deadline) throw new Error(`progress never matched: ${JSON.stringify(progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/** The failure a workflow ended with (fails the test when it completed). */
async function workflowFailure(run: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await run.then(
    () => expect.fail('expected the workflow to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

describe('compatibilitySweep', () => {
  it('trains dissonances × losses × λs points within the parallelism bound, with progress, then reduces and reports', async () => {
    const spec = testSweepSpec();
    const expectedIds = sweepPoints(parseSweepSpec(spec)).map((p) => p.id);
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({ epochMs: 100 });
    const { handle, mid, result, final } = await withWorkers(testEnv, sweepWorkers(control, trainer), async () => {
      const handle = await startSweep(spec);
      const mid = await progressUntil(handle, (p) => p.runningPoints.some((r) => r.epoch >= 1));
      const result = await handle.result();
      const final = await handle.query<SweepProgress>(SWEEP_PROGRESS_QUERY);
      return { handle, mid, result, final };
    });

    expect(expectedIds).toHaveLength(2 * 1 * 3);
    expect(mid).toMatchObject({ phase: 'training', total: 6, cancelRequested: false });
    expect(mid.running).toBeGreaterThanOrEqual(1);
    expect(mid.running).toBeLessThanOrEqual(2);
    expect(mid.completed + mid.running + mid.pending).toBe(6);
    expect(mid.runningPoints.every((r) => r.epochs === 3 && r.epoch <= 3)).toBe(true);
    expect(final).toMatchObject({
      phase: 'finished',
      total: 6,
      completed: 6,
      running: 0,
      pending: 0,
      runningPoints: [],
    });

    const workflowId = handle.workflowId;
    const runKey = `workflow-test/${workflowId}`;
    expect(result).toEqual<SweepResult>({
      name: 'workflow-test',
      workflowId,
      runKey,
      status: 'completed',
      parentRunId: 'parent-of-workflow-test',
      summaryUri: `mlflow-artifacts:/0/bcml-fake/${runKey}/sweep-summary.json`,
      reportUri: `mlflow-artifacts:/0/bcml-fake/${runKey}/report/index.html`,
      counts: { total: 6, completed: 6, failed: 0, cancelled: 0 },
      failedPoints: [],
    });

    // One trainPoint per point, never more than `parallelism` at once, each with its business key and spec.
    expect(trainer.attempts.map((a) => a.pointId).sort()).toEqual([...expectedIds].sort());
    expect(trainer.maxConcurrent()).toBe(2);
    const first = trainer.attempts.find((a) => a.pointId === 'strict-imitation/cross-entropy/0.5');
    expect(first?.input).toMatchObject({
      runKey: `${runKey}/strict-imitation/cross-entropy/0.5`,
      sweepRunKey: runKey,
      workflowId,
      training: { loss: 'strict-imitation/cross-entropy', lambda: 0.5, seed: 7, epochs: 3 },
      prepared: { parentRunId: 'parent-of-workflow-test' },
      tracking: { experiment: 'workflow-tests' },
    });

    expect(control.calls.prepareSweep).toHaveLength(1);
    expect(control.calls.prepareSweep[0]).toMatchObject({ runKey, workflowId });
    expect(control.calls.reduceSweep).toHaveLength(1);
    const reduced = control.calls.reduceSweep[0]?.points ?? [];
    expect(reduced.map((p) => p.pointId)).toEqual(expectedIds);
    expect(
      reduced.every((p) => p.status === 'completed' && p.modelUri !== null && p.splits['test'] !== undefined),
    ).toBe(true);
    expect(control.calls.renderReport).toEqual([
      { runKey, summaryUri: result.summaryUri, runId: 'parent-of-workflow-test' },
    ]);
    expect(control.calls.finishSweep).toEqual([
      { runKey, parentRunId: 'parent-of-workflow-test', status: 'completed', counts: result.counts },
    ]);

    if (RECORD_HISTORY) await writeFile(HISTORY_FILE, historyToJson(await handle.fetchHistory()));
  });

  it('records a point that fails after its retries as failed while the rest complete', async () => {
    const failing = 'strict-imitation/cross-entropy/0.5';
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({
      epochMs: 20,
      fail: (input) => (input.point.id === failing ? new Error('fake trainer ran out of memory') : undefined),
    });
    const result = await withWorkers(testEnv, sweepWorkers(control, trainer), async () => {
      const handle = await startSweep(testSweepSpec({ execution: { maxAttempts: 2, parallelism: 3 } }));
      return handle.result();
    });
    expect(result.status).toBe('completed');
    expect(result.counts).toEqual({ total: 6, completed: 5, failed: 1, cancelled: 0 });
    expect(result.failedPoints).toEqual([{ pointId: failing, error: 'fake trainer ran out of memory' }]);
    expect(trainer.attempts.filter((a) => a.pointId === failing).map((a) => a.attempt)).toEqual([1, 2]);
    expect(trainer.completed).toHaveLength(5);
    const reduced = control.calls.reduceSweep[0]?.points ?? [];
    expect(reduced.find((p) => p.pointId === failing)).toMatchObject({
      status: 'failed',
      error: 'fake trainer ran out of memory',
      modelUri: null,
      splits: {},
    });
    expect(control.calls.finishSweep[0]?.status).toBe('completed');
  });

  it('fails before any training when prepareSweep finds invalid input (non-retryable)', async () => {
    const control = createFakeSweepControl({
      prepareError: () => new InvalidInputError('dataset.uri', 'an existing Arrow file', '/nowhere/adult.arrow'),
    });
    const trainer = createFakeTrainer({ epochMs: 10 });
    const failure = await withWorkers(testEnv, sweepWorkers(control, trainer), async () =>
      workflowFailure((await startSweep(testSweepSpec())).result()),
    );
    expect(failure.type).toBe('InvalidInputError');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('invalid dataset.uri: expected an existing Arrow file');
    expect(control.calls.prepareSweep).toHaveLength(1); // not retried
    expect(trainer.attempts).toHaveLength(0);
    expect(control.calls.reduceSweep).toHaveLength(0);
  });

  it.each([
    ['execution.parallelism', testSweepSpec({ execution: { parallelism: 0 } })],
    ['sweep.losses[0]', testSweepSpec({ sweep: { lambdas: [0], dissonances: ['new-error'], losses: ['hinge'] } })],
    ['dataset', testSweepSpec({ dataset: undefined })],
  ])('fails a bad spec at the edge with a non-retryable error naming %s', async (field, spec) => {
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({ epochMs: 10 });
    const failure = await withWorkers(testEnv, sweepWorkers(control, trainer), async () =>
      workflowFailure((await startSweep(spec)).result()),
    );
    expect(failure.type).toBe('InvalidInputError');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(`invalid ${field}:`);
    expect(control.calls.prepareSweep).toHaveLength(0);
    expect(trainer.attempts).toHaveLength(0);
  });

  it('on cancellation stops starting points, cancels running ones, and still reduces and reports', async () => {
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({ epochMs: 150 });
    const { result, atCancel, final } = await withWorkers(testEnv, sweepWorkers(control, trainer), async () => {
      const handle = await startSweep(testSweepSpec());
      const atCancel = await progressUntil(handle, (p) => p.completed >= 2 && p.running >= 1);
      await handle.cancel();
      const result = await handle.result();
      const final = await handle.query<SweepProgress>(SWEEP_PROGRESS_QUERY);
      return { result, atCancel, final };
    });
    expect(result.status).toBe('cancelled');
    expect(result.counts.total).toBe(6);
    expect(result.counts.completed).toBeGreaterThanOrEqual(atCancel.completed);
    expect(result.counts.cancelled).toBeGreaterThanOrEqual(1);
    expect(result.counts.completed + result.counts.failed + result.counts.cancelled).toBe(6);
    expect(result.counts.failed).toBe(0);
    expect(trainer.cancelled.length).toBeGreaterThanOrEqual(1); // running trainers saw the cancellation
    expect(trainer.attempts.length).toBeLessThan(6); // pending points never started
    expect(final).toMatchObject({ phase: 'finished', cancelRequested: true, running: 0 });
    const reduced = control.calls.reduceSweep[0]?.points ?? [];
    expect(reduced).toHaveLength(6);
    expect(reduced.filter((p) => p.status === 'completed')).toHaveLength(result.counts.completed);
    expect(control.calls.renderReport).toHaveLength(1);
    expect(control.calls.finishSweep[0]).toMatchObject({ status: 'cancelled', counts: result.counts });
    expect(result.reportUri).toMatch(/report\/index\.html$/);
  });

  it('replays the recorded history of a completed sweep deterministically', async () => {
    const history = historyFromJson(await readFile(HISTORY_FILE, 'utf8'));
    expect(history.events?.length).toBeGreaterThan(20);
    await Worker.runReplayHistory({ workflowBundle: testEnv.bundle }, history);
  });
});
