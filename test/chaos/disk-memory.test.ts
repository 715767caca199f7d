import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CONTROL_TASK_QUEUE,
  parseSweepSpec,
  pointRunKey,
  pointTrainingSpec,
  sweepPoints,
  trainingHead,
  workflowRunKey,
  type PreparedSweep,
  type SweepSpec,
  type TrainedPoint,
  type TrainerActivities,
  type TrainingSpec,
  type TrainPointHeartbeat,
  type TrainPointInput,
} from '@bcml/core';
import { createDatasetTable, writeDataset } from '@bcml/data';
import { splitArrowFile } from '@bcml/results';
import { PARENT_RUN_ID_TAG, type MlflowClient } from '@bcml/tracking';
import {
  adoptCheckpoint,
  CheckpointWriteError,
  modelWeights,
  readCheckpoint,
  readH1Outputs,
  trainCompatibility,
  type H1Outputs,
  type LabelledData,
  type WeightValues,
} from '@bcml/training';
import {
  createArtifactCache,
  createArtifactStore,
  createControlActivities,
  createTrainerActivities,
  datasetResolver,
  localModelStore,
  mlflowArtifactTransport,
  type ArtifactStore,
  type ModelStore,
  type WorkerLogger,
} from '@bcml/workers';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';

import { saveGermanCreditH1 } from '../support/bcml-process.js';
import { experimentRuns } from '../support/experiment-runs.js';
import { germanCreditSweepSpec } from '../support/german-credit-sweep.js';
import { recordFigure } from '../support/reliability.js';
import { startSweepHarness, type SweepHarness } from '../support/sweep-harness.js';
import { mountTmpfs, type MountedTmpfs } from '../support/tmpfs.js';

// Disk and memory faults. A full disk (a real tmpfs, filled up) during a checkpoint write: the write fails with a
// retryable error naming ENOSPC and the checkpoint folder, the previous checkpoint stays the latest and loads, and
// a retry once space is back resumes from it to the same weights, bit for bit, as an uninterrupted run: in the
// training library, and in the trainer activity (whose scratch folder is on the full disk). A dataset larger than
// the workers' memory budget: the sweep fails in prepare, non-retryably, naming dataset.uri, the estimate, the budget
// and its setting, before any training or MLflow run.

const SUITE = 'disk and memory';
const EPOCHS = 3;
/** The workers' memory budget in the harness: German credit needs about 360 KB read and encoded. */
const TINY_BUDGET = 100_000;
const silent: WorkerLogger = { info: () => undefined, warn: () => undefined };

const tmp = mkdtempSync(join(tmpdir(), 'bcml-disk-memory-'));
let harness: SweepHarness;
let disk: MountedTmpfs | undefined;
let h1Dir: string;

beforeAll(async () => {
  harness = await startSweepHarness({ prefix: 'bcml-disk-memory-stack-', memoryBudgetBytes: TINY_BUDGET });
  h1Dir = join(tmp, 'h1');
  await saveGermanCreditH1(h1Dir);
}, 180_000);

afterAll(async () => {
  disk?.unmount();
  await harness?.down();
  rmSync(tmp, { recursive: true, force: true });
}, 60_000);

/** A bitwise fingerprint of weights: their float32 bytes, hex. */
const bits = (weights: readonly WeightValues[]): string[] =>
  weights.map((w) => Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength).toString('hex'));

/** A store with its own cache, as a host of its own has. */
const storeAt = (tracking: MlflowClient, cacheDir: string): ArtifactStore =>
  createArtifactStore({
    transports: [mlflowArtifactTransport(tracking)],
    cache: createArtifactCache({ dir: cacheDir }),
  });

describe('a full disk during a checkpoint write', () => {
  let spec: SweepSpec;
  let prepared: PreparedSweep;
  let input: TrainPointInput;
  let training: TrainingSpec;
  let models: ModelStore;
  /** What the trainer activity trains on: the train split, h1's outputs, the prepared initial weights. */
  let inputs: {
    train: LabelledData;
    test: LabelledData;
    h1Train: H1Outputs;
    h1Test: H1Outputs;
    initialWeights: WeightValues[];
  };
  /** The weights after `EPOCHS` uninterrupted epochs. */
  let reference: string[];
  let trials = 0;
  let survived = 0;

  beforeAll(async () => {
    // A 4 MiB disk: a checkpoint of the 256-unit MLP (weights and Adam's two slots) takes about 200 KB.
    disk = mountTmpfs(join(tmp, 'disk'), 4 * 1024 * 1024);
    const { tracking } = harness;
    // These workers have the default memory budget (the harness's have a tiny one).
    const resolveDataset = datasetResolver({ tracking });
    models = localModelStore({ tracking });
    const control = createControlActivities({
      tracking,
      storageDir: join(tmp, 'control', 'work'),
      artifacts: storeAt(tracking, join(tmp, 'control', 'cache')),
      resolveDataset,
      models,
      logger: silent,
    });
    const name = `disk-full-${Date.now()}`;
    const json = germanCreditSweepSpec(name, h1Dir, EPOCHS);
    spec = parseSweepSpec({
      ...json,
      h2: { ...(json['h2'] as object), model: { kind: 'mlp', hidden: [256] } },
      sweep: { lambdas: [1], dissonances: ['new-error'], losses: ['cross-entropy'] },
    });
    const runKey = workflowRunKey(name, 'no-workflow');
    prepared = await new MockActivityEnvironment().run(control.prepareSweep, {
      runKey,
      workflowId: 'no-workflow',
      spec,
    });
    const point = sweepPoints(spec)[0]!;
    training = pointTrainingSpec(spec, point);
    input = {
      runKey: pointRunKey(runKey, point.id),
      sweepRunKey: runKey,
      workflowId: 'no-workflow',
      point,
      training,
      dataset: spec.dataset,
      prepared,
      tracking: spec.tracking,
    };
    const reader = storeAt(tracking, join(tmp, 'reader-cache'));
    const data = await resolveDataset(spec.dataset);
    const h1 = await reader.fetch(prepared.h1OutputsUri, 'prepared.h1OutputsUri');
    const initialDir = await reader.fetch(prepared.initialModelUri, 'prepared.initialModelUri');
    const initial = await models.load(join(initialDir, trainingHead(training)));
    inputs = {
      train: data.splits['train']!,
      test: data.splits['test']!,
      h1Train: await readH1Outputs(join(h1, splitArrowFile('train'))),
      h1Test: await readH1Outputs(join(h1, splitArrowFile('test'))),
      initialWeights: modelWeights(initial),
    };
    initial.dispose();
    const uninterrupted = await train();
    reference = bits(modelWeights(uninterrupted.model));
    uninterrupted.model.dispose();
  }, 120_000);

  afterAll(() => {
    recordFigure({
      suite: SUITE,
      figure: 'checkpoint writes failed on a full disk / previous checkpoint usable',
      value: `${survived}/${trials}`,
      target: 'all',
    });
  });

  /** `trainCompatibility` as the trainer activity calls it, checkpointing into `dir` when given. */
  function train(dir?: string, onEpoch?: (epoch: number) => void) {
    return trainCompatibility(training, {
      data: inputs.train,
      h1Outputs: inputs.h1Train,
      validation: { data: inputs.test, h1Outputs: inputs.h1Test },
      initialWeights: inputs.initialWeights,
      ...(dir === undefined ? {} : { checkpoint: { dir } }),
      ...(onEpoch === undefined ? {} : { onEpoch: (report) => onEpoch(report.epoch) }),
    });
  }

  it('in the training library: fails with ENOSPC naming the folder, keeps the last checkpoint, resumes bitwise', async () => {
    const fs = disk!;
    trials += 1;
    const dir = join(fs.dir, 'library', 'checkpoint');
    // Epoch 1's checkpoint is written; then the disk fills up, leaving less than a second checkpoint needs.
    let footprint = 0;
    const before = fs.free();
    const error: unknown = await train(dir, (epoch) => {
      if (epoch !== 1) return;
      footprint = before - fs.free();
      fs.fill(footprint / 2);
    }).then(
      () => expect.fail('expected the checkpoint of epoch 2 to fail on the full disk'),
      (e: unknown) => e,
    );
    expect(footprint).toBeGreaterThan(150_000);
    expect(error).toBeInstanceOf(CheckpointWriteError);
    expect(error).toMatchObject({ code: 'ENOSPC', retryable: true, field: 'checkpoint', epoch: 2, dir });
    expect((error as Error).message).toContain(`could not write the checkpoint of epoch 2 into ${dir} (ENOSPC`);
    // The previous checkpoint is whole and the latest; the failed write left nothing behind.
    const saved = await readCheckpoint(dir);
    expect(saved?.epoch).toBe(1);
    expect(readdirSync(dir).filter((f) => f !== 'latest.json')).toEqual([saved!.path.split('/').pop()]);

    // Still full: the retry fails the same way, and the checkpoint of epoch 1 is still there.
    await expect(train(dir)).rejects.toThrow(CheckpointWriteError);
    expect((await readCheckpoint(dir))?.path).toBe(saved?.path);
    // Adopting a checkpoint (what a retry on another host does with the heartbeated one) fails the same way, and
    // leaves nothing behind.
    const adopted = join(fs.dir, 'library', 'adopted');
    await expect(adoptCheckpoint(adopted, saved!.path)).rejects.toMatchObject({
      name: 'CheckpointWriteError',
      code: 'ENOSPC',
      retryable: true,
    });
    expect(readdirSync(adopted)).toEqual([]);

    // Space is back: the retry resumes from epoch 1 and ends where the uninterrupted run did, bit for bit.
    fs.release();
    const resumed = await train(dir);
    expect(resumed.resumedFrom).toBe(1);
    expect(bits(modelWeights(resumed.model))).toEqual(reference);
    resumed.model.dispose();
    survived += 1;
    recordFigure({ suite: SUITE, figure: 'resumed bitwise after a full disk', value: '1/1', target: '1/1' });
  }, 120_000);

  it('in the trainer activity: a retryable failure, the run kept RUNNING; the retry resumes bitwise', async () => {
    const fs = disk!;
    trials += 1;
    const { tracking } = harness;
    const trainerOn = (name: string): TrainerActivities =>
      createTrainerActivities({
        tracking,
        // Its scratch folder (checkpoints, model, predictions) is on the small disk; its cache is not.
        storageDir: join(fs.dir, name),
        artifacts: storeAt(tracking, join(tmp, name, 'cache')),
        resolveDataset: datasetResolver({ tracking }),
        models,
        logger: silent,
        checkpointIntervalMs: 0,
      });
    // Room for one checkpoint and a half: epoch 1's fits, epoch 2's (written before epoch 1's is removed) does not.
    const footprint = 3 * 4 * inputs.initialWeights.reduce((n, w) => n + w.values.length, 0);
    fs.fill(1.5 * footprint);

    const first = new MockActivityEnvironment({ attempt: 1 });
    const beats: TrainPointHeartbeat[] = [];
    first.on('heartbeat', (details: unknown) => {
      if (details !== undefined) beats.push(details as TrainPointHeartbeat);
    });
    const error: unknown = await first.run(trainerOn('trainer-1').trainPoint, input).then(
      () => expect.fail('expected the first attempt to fail on the full disk'),
      (e: unknown) => e,
    );
    // Retryable (not an ApplicationFailure marked non-retryable), and it says what is full and where.
    expect(error).toBeInstanceOf(CheckpointWriteError);
    expect(error).toMatchObject({ code: 'ENOSPC', retryable: true });
    expect(error instanceof ApplicationFailure && error.nonRetryable).toBe(false);
    expect((error as Error).message).toMatch(
      new RegExp(`could not write the checkpoint of epoch 2 into ${fs.dir}/trainer-1/.*/checkpoint \\(ENOSPC`),
    );
    // Epoch 1's checkpoint went up and was heartbeated before the failure; the run waits for the retry.
    expect(beats.at(-1)?.epoch).toBe(1);
    const children = (await experimentRuns(tracking, spec.tracking.experiment)).filter(
      (r) => r.data.tags[PARENT_RUN_ID_TAG] === prepared.parentRunId,
    );
    expect(children.map((r) => r.info.status)).toEqual(['RUNNING']);

    fs.release();
    const second = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: beats.at(-1) });
    const trained = await second.run<[TrainPointInput], TrainedPoint, TrainerActivities['trainPoint']>(
      trainerOn('trainer-2').trainPoint,
      input,
    );
    expect(trained.mlflowRunId).toBe(children[0]?.info.runId);
    expect((await tracking.getRun(trained.mlflowRunId!)).info.status).toBe('FINISHED');
    const steps = (await tracking.getMetricHistory(trained.mlflowRunId!, 'loss')).map((m) => m.step);
    expect(steps.sort()).toEqual([1, 2, 3]);
    const model = await models.load(trained.modelUri);
    expect(bits(modelWeights(model))).toEqual(reference);
    model.dispose();
    survived += 1;
  }, 180_000);
});

describe('a dataset larger than the workers memory budget', () => {
  let refused = 0;
  let tried = 0;
  afterAll(() => {
    recordFigure({
      suite: SUITE,
      figure: 'oversized datasets refused before training',
      value: `${refused}/${tried}`,
      target: 'all',
    });
  });

  /** Runs the sweep; expects it to fail in prepare, non-retryably, before any training or MLflow run. */
  async function refusedInPrepare(name: string, spec: Record<string, unknown>): Promise<string> {
    const { client, tracking } = harness;
    const error: unknown = await client.workflow
      .execute('compatibilitySweep', { taskQueue: CONTROL_TASK_QUEUE, workflowId: `${name}-wf`, args: [spec] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as (Error & { type?: string }) | undefined;
    expect(cause?.type).toBe('InvalidInputError');
    expect(await experimentRuns(tracking, name)).toEqual([]);
    const history = await client.workflow.getHandle(`${name}-wf`).fetchHistory();
    const events = history.events ?? [];
    const scheduled = events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
    expect(scheduled).not.toContain('trainPoint');
    expect(scheduled).not.toContain('trainPack');
    // Non-retryable: prepare ran once.
    expect(scheduled.filter((n) => n === 'prepareSweep')).toHaveLength(1);
    const attempts = events.flatMap((e) => e.activityTaskStartedEventAttributes?.attempt ?? []);
    expect(attempts).toEqual([1]);
    return cause?.message ?? '';
  }

  it('fails the sweep in prepare, naming dataset.uri, the estimate, the budget and the setting', async () => {
    const folder = join(tmp, 'wide');
    const rows = (n: number) => Array.from({ length: n }, (_, i) => i);
    for (const [split, n] of [
      ['train', 400],
      ['test', 100],
    ] as const) {
      const columns = Object.fromEntries(
        rows(40).map((k) => [`x${k}`, Float32Array.from(rows(n), (i) => Math.sin(i * (k + 1)))]),
      );
      await writeDataset(
        join(folder, `${split}.arrow`),
        createDatasetTable({ ids: rows(n), labels: rows(n).map((i) => i % 2), classes: ['no', 'yes'], columns }),
      );
    }
    const cases: [string, string, RegExp][] = [
      ['bundled', 'bcml:datasets/german-credit', /\(train: 700 rows × \d+ inputs, test: 300 rows × \d+ inputs\)/],
      ['file', folder, /\(test: 100 rows × 40 inputs, train: 400 rows × 40 inputs\)/],
    ];
    for (const [label, uri, splits] of cases) {
      tried += 1;
      const name = `memory-${label}-${Date.now()}`;
      const message = await refusedInPrepare(name, { ...germanCreditSweepSpec(name, h1Dir, 2), dataset: { uri } });
      expect(message, label).toMatch(
        /^prepareSweep failed: invalid dataset\.uri: expected a dataset that fits this worker's memory budget of 100,000 bytes \(BCML_WORKER_MEMORY_BYTES; raise it, or train on a worker with more memory\), but read and encoded its splits take about [\d,]+ bytes/,
      );
      expect(message, label).toMatch(splits);
      expect(message, label).toContain(JSON.stringify(uri).slice(0, 40));
      refused += 1;
    }
  }, 120_000);
});
