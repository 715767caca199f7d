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
  pointTrainingSpec,
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
 * The recorded histories of two completed sweeps: one trainPoint per point (the happy path below; the file was
 * recorded before packs, so it also proves that sweeps started then still replay) and packed points (an LR sweep in
 * two packs). They are replayed against the current workflow code, so a change that breaks determinism for running
 * sweeps fails here. After an intended, incompatible change (and only then), re-record them:
 * `BCML_RECORD_HISTORY=1 npx vitest run --project test workflows/compatibility-sweep`.
 */
const HISTORY_FILE = fileURLToPath(new URL('./histories/compatibility-sweep.json', import.meta.url));
const PACKED_HISTORY_FILE = fileURLToPath(new URL('./histories/compatibility-sweep-packed.json', import.meta.url));
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
    const spec = testSweepSpec({ execution: { pack: 1 } });
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
    expect(trainer.packAttempts).toEqual([]);
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
      const handle = await startSweep(testSweepSpec({ execution: { maxAttempts: 2, parallelism: 3, pack: 1 } }));
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
    expect(trainer.packAttempts).toHaveLength(0);
    expect(control.calls.reduceSweep).toHaveLength(0);
  });

  it.each([
    ['execution.parallelism', testSweepSpec({ execution: { parallelism: 0 } })],
    ['execution.pack', testSweepSpec({ execution: { pack: 0 } })],
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
    expect(trainer.packAttempts).toHaveLength(0);
  });

  it('on cancellation stops starting points, cancels running ones, and still reduces and reports', async () => {
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({ epochMs: 150 });
    const { result, atCancel, final } = await withWorkers(testEnv, sweepWorkers(control, trainer), async () => {
      const handle = await startSweep(testSweepSpec({ execution: { pack: 1 } }));
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

  it.each([
    ['one trainPoint per point', HISTORY_FILE],
    ['packed points', PACKED_HISTORY_FILE],
  ])('replays the recorded history of a completed sweep (%s) deterministically', async (_what, file) => {
    const history = historyFromJson(await readFile(file, 'utf8'));
    expect(history.events?.length).toBeGreaterThan(20);
    await Worker.runReplayHistory({ workflowBundle: testEnv.bundle }, history);
  });
});

/** An LR sweep of 2 dissonances × cross-entropy × 5 λs = 10 points, all packable; `execution` patches the fixture's. */
function lrSweepSpec(execution: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return testSweepSpec({
    h2: {
      model: { kind: 'logistic-regression' },
      optimizer: { kind: 'sgd', learningRate: 0.01 },
      epochs: 3,
      batchSize: 64,
    },
    sweep: {
      lambdas: [0, 0.25, 0.5, 0.75, 1],
      dissonances: ['new-error', 'strict-imitation'],
      losses: ['cross-entropy'],
    },
    execution,
  });
}

describe('compatibilitySweep with packed points', () => {
  it('trains packable points in packs: 10 LR points, parallelism 2, pack auto → 2 trainPack calls of 5', async () => {
    const spec = lrSweepSpec();
    const parsed = parseSweepSpec(spec);
    const ids = sweepPoints(parsed).map((p) => p.id);
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({ epochMs: 50 });
    const { handle, result } = await withWorkers(testEnv, sweepWorkers(control, trainer), async () => {
      const handle = await startSweep(spec);
      return { handle, result: await handle.result() };
    });

    const { workflowId } = handle;
    const runKey = `workflow-test/${workflowId}`;
    expect(parsed.execution).toMatchObject({ pack: 'auto', parallelism: 2 });
    expect(result).toMatchObject({
      status: 'completed',
      counts: { total: 10, completed: 10, failed: 0, cancelled: 0 },
    });
    expect(result.failedPoints).toEqual([]);
    expect(trainer.attempts).toEqual([]);
    expect(trainer.packAttempts.map((a) => a.pointIds)).toHaveLength(2);
    expect(trainer.packAttempts.map((a) => a.pointIds)).toEqual(
      expect.arrayContaining([ids.slice(0, 5), ids.slice(5)]),
    );
    expect(trainer.maxConcurrent()).toBe(2);
    for (const { input, attempt } of trainer.packAttempts) {
      expect(attempt).toBe(1);
      expect(input).toMatchObject({
        sweepRunKey: runKey,
        workflowId,
        dataset: { uri: 'bcml:datasets/adult', trainSplit: 'train', testSplit: 'test' },
        prepared: { parentRunId: 'parent-of-workflow-test' },
        tracking: { experiment: 'workflow-tests' },
      });
      for (const { runKey: pointKey, point, training } of input.points) {
        expect(pointKey).toBe(`${runKey}/${point.id}`);
        expect(training).toEqual(pointTrainingSpec(parsed, point));
      }
    }
    const packed = trainer.packAttempts.flatMap((a) => a.input.points);
    expect(packed.find((p) => p.point.id === 'strict-imitation/cross-entropy/0.75')).toMatchObject({
      runKey: `${runKey}/strict-imitation/cross-entropy/0.75`,
      point: { index: 8, lambda: 0.75 },
      training: {
        model: { kind: 'logistic-regression' },
        loss: 'strict-imitation/cross-entropy',
        lambda: 0.75,
        seed: 7,
        epochs: 3,
      },
    });

    const reduced = control.calls.reduceSweep[0]?.points ?? [];
    expect(reduced.map((p) => p.pointId)).toEqual(ids);
    reduced.forEach((p, i) => {
      expect(p).toMatchObject({
        status: 'completed',
        mlflowRunId: `run-${i}`,
        modelUri: `mlflow-artifacts:/0/bcml-fake/${runKey}/points/${p.pointId}/model`,
      });
    });
    expect(control.calls.finishSweep[0]).toMatchObject({ status: 'completed', counts: result.counts });

    if (RECORD_HISTORY) await writeFile(PACKED_HISTORY_FILE, historyToJson(await handle.fetchHistory()));
  });

  it('records every point of a pack that fails after its retries as failed while the other pack completes', async () => {
    const failing = 'strict-imitation/cross-entropy/0.5';
    const ids = sweepPoints(parseSweepSpec(lrSweepSpec())).map((p) => p.id);
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({
      epochMs: 20,
      failPack: (input) =>
        input.points.some((p) => p.point.id === failing) ? new Error('fake trainer ran out of memory') : undefined,
    });
    const result = await withWorkers(testEnv, sweepWorkers(control, trainer), async () =>
      (await startSweep(lrSweepSpec({ maxAttempts: 2 }))).result(),
    );
    expect(result.status).toBe('completed');
    expect(result.counts).toEqual({ total: 10, completed: 5, failed: 5, cancelled: 0 });
    expect(result.failedPoints).toEqual(
      ids.slice(5).map((pointId) => ({ pointId, error: 'fake trainer ran out of memory' })),
    );
    const failedAttempts = trainer.packAttempts.filter((a) => a.pointIds.includes(failing));
    expect(failedAttempts.map((a) => a.attempt)).toEqual([1, 2]); // the pack is retried as a whole
    expect(failedAttempts.every((a) => a.pointIds.join() === ids.slice(5).join())).toBe(true);
    expect([...trainer.completed].sort()).toEqual(ids.slice(0, 5).sort());
    const reduced = control.calls.reduceSweep[0]?.points ?? [];
    expect(reduced.map((p) => p.status)).toEqual([...Array(5).fill('completed'), ...Array(5).fill('failed')]);
    expect(reduced[7]).toMatchObject({
      status: 'failed',
      error: 'fake trainer ran out of memory',
      mlflowRunId: null,
      modelUri: null,
      splits: {},
    });
  });

  it('fails a pack whose result has the wrong length, and only the point whose result is malformed', async () => {
    const ids = sweepPoints(parseSweepSpec(lrSweepSpec())).map((p) => p.id);
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({
      epochMs: 10,
      packResult: (trained, input) =>
        input.points[0]?.point.id === ids[0]
          ? trained.map((t, i): unknown => (i === 1 ? { ...t, modelUri: '/tmp/model' } : t))
          : trained.slice(1),
    });
    const result = await withWorkers(testEnv, sweepWorkers(control, trainer), async () =>
      (await startSweep(lrSweepSpec())).result(),
    );
    expect(result.counts).toEqual({ total: 10, completed: 4, failed: 6, cancelled: 0 });
    const [malformed, ...short] = result.failedPoints;
    expect(malformed?.pointId).toBe(ids[1]);
    expect(malformed?.error).toMatch(/^invalid trainPack result\[1\]\.modelUri: /);
    expect(short.map((f) => f.pointId)).toEqual(ids.slice(5));
    expect(short.map((f) => f.error)).toEqual(
      Array(5).fill('invalid trainPack result: expected an array of 5 trained points, received 4 results'),
    );
    expect(trainer.packAttempts).toHaveLength(2); // a refused result is not retried
  });

  it('trains the points a pack cannot hold alone: a binary-head point next to a multi-class pack', async () => {
    const spec = lrSweepSpec();
    const mixed = {
      ...spec,
      sweep: { lambdas: [0], dissonances: ['new-error'], losses: ['cross-entropy', 'binary-cross-entropy', 'nll'] },
    };
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({ epochMs: 10 });
    const result = await withWorkers(testEnv, sweepWorkers(control, trainer), async () =>
      (await startSweep(mixed)).result(),
    );
    expect(result.counts).toEqual({ total: 3, completed: 3, failed: 0, cancelled: 0 });
    expect(trainer.packAttempts.map((a) => a.pointIds)).toEqual([['new-error/cross-entropy/0', 'new-error/nll/0']]);
    expect(trainer.attempts.map((a) => a.pointId)).toEqual(['new-error/binary-cross-entropy/0']);
    expect(trainer.attempts[0]?.input.training).toMatchObject({ loss: 'new-error/binary-cross-entropy', lambda: 0 });
  });

  it.each([
    [
      'focal distillation (no closed-form gradient)',
      {
        ...lrSweepSpec(),
        sweep: { lambdas: [0, 1], dissonances: ['focal-distillation'], losses: ['kl', 'logit-matching'] },
      },
      4,
    ],
    [
      'an MLP with dropout',
      testSweepSpec({
        h2: {
          model: { kind: 'mlp', hidden: [8], dropout: 0.2 },
          optimizer: { kind: 'sgd', learningRate: 0.01 },
          epochs: 3,
          batchSize: 64,
        },
      }),
      6,
    ],
  ])('trains each point alone with trainPoint for %s, even with pack auto', async (_what, spec, total) => {
    const control = createFakeSweepControl();
    const trainer = createFakeTrainer({ epochMs: 10 });
    const result = await withWorkers(testEnv, sweepWorkers(control, trainer), async () =>
      (await startSweep(spec)).result(),
    );
    expect(result.counts).toEqual({ total, completed: total, failed: 0, cancelled: 0 });
    expect(trainer.packAttempts).toEqual([]);
    expect(trainer.attempts.map((a) => a.pointId).sort()).toEqual(
      sweepPoints(parseSweepSpec(spec))
        .map((p) => p.id)
        .sort(),
    );
  });

  it('shows every point of a running pack as running: epoch 0 until its own pointProgress signal', async () => {
    const spec = lrSweepSpec({ parallelism: 1, pack: 5 });
    const ids = sweepPoints(parseSweepSpec(spec)).map((p) => p.id);
    const control = createFakeSweepControl();
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const trainer = createFakeTrainer({
      epochMs: 300,
      hold: (pointIds) => (pointIds[0] === ids[0] ? released : undefined),
    });
    const { held, trained, result } = await withWorkers(testEnv, sweepWorkers(control, trainer), async () => {
      const handle = await startSweep(spec);
      const held = await progressUntil(handle, (p) => p.running > 0);
      release();
      const trained = await progressUntil(
        handle,
        (p) => p.pending === 5 && p.runningPoints.length === 5 && p.runningPoints.every((r) => r.epoch >= 1),
      );
      return { held, trained, result: await handle.result() };
    });
    expect(held).toMatchObject({ phase: 'training', total: 10, running: 5, pending: 5, completed: 0 });
    expect(held.runningPoints).toEqual(ids.slice(0, 5).map((pointId) => ({ pointId, epoch: 0, epochs: 3 })));
    expect(trained).toMatchObject({ running: 5, pending: 5, completed: 0 });
    expect(trained.runningPoints.map((r) => r.pointId)).toEqual(ids.slice(0, 5));
    expect(result.counts).toEqual({ total: 10, completed: 10, failed: 0, cancelled: 0 });
    expect(trainer.packAttempts.map((a) => a.pointIds)).toEqual([ids.slice(0, 5), ids.slice(5)]);
    expect(trainer.maxConcurrent()).toBe(1);
  });
});
