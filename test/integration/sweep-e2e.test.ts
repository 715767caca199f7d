import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  CONTROL_TASK_QUEUE,
  parseSweepSpec,
  parseTrainingSpec,
  pointRunKey,
  pointTrainingSpec,
  sweepPoints,
  workflowRunKey,
  type ControlActivities,
  type Evaluation,
  type SweepResult,
  type SweepSummary,
  type TrainerActivities,
  type TrainPointHeartbeat,
  type TrainPointInput,
  type TrainedPoint,
  type PreparedSweep,
} from '@bcml/core';
import { startEphemeralStack, type Stack } from '@bcml/infra';
import { evaluateCompatibility } from '@bcml/metrics';
import { buildModel, loadModel, saveModel } from '@bcml/models';
import {
  PARENT_RUN_ID_TAG,
  createMlflowClient,
  trackingConfigFromEnv,
  type MlflowClient,
  type Run,
} from '@bcml/tracking';
import {
  predict,
  predictionArrays,
  readPredictions,
  selectBackend,
  trainCompatibility,
  type LabelledData,
} from '@bcml/training';
import {
  createArtifactCache,
  createArtifactStore,
  createControlActivities,
  createTrainerActivities,
  datasetResolver,
  localModelStore,
  mlflowArtifactTransport,
  runWorker,
  type ArtifactStore,
  type WorkerLogger,
} from '@bcml/workers';
import { CancelledFailure } from '@temporalio/activity';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { Connection, Client, WorkflowFailedError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';

import { experimentRuns } from '../support/experiment-runs.js';

const quiet: WorkerLogger = { info: () => undefined, warn: (message) => console.warn(message) };
const silent: WorkerLogger = { info: () => undefined, warn: () => undefined };
const tmp = mkdtempSync(join(tmpdir(), 'bcml-sweep-e2e-'));
const abort = new AbortController();
const workers: Promise<void>[] = [];
let stack: Stack | undefined;
let tracking: MlflowClient;
let client: Client;
let connection: Connection | undefined;
let h1Dir: string;
let test: LabelledData;
let control: ControlActivities;
let trainer: TrainerActivities;
/** A second trainer with its own folders, as on another machine: it shares nothing with the first but the stores. */
let otherTrainer: TrainerActivities;
/** A reader with a cache of its own, as the CLI or a test on another machine fetches results. */
let reader: ArtifactStore;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process
  }
  await selectBackend('tensorflow');
  const started = await startEphemeralStack(join(tmp, 'stack'));
  const config = started.config;
  stack = started.stack;
  tracking = createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: config.mlflow.trackingUri }));

  // h1: a logistic regression trained on German credit's training split.
  const resolveDataset = datasetResolver();
  const data = await resolveDataset({ uri: 'bcml:datasets/german-credit', trainSplit: 'train', testSplit: 'test' });
  const train = data.splits['train'] as LabelledData;
  test = data.splits['test'] as LabelledData;
  const h1Spec = parseTrainingSpec({
    model: { kind: 'logistic-regression' },
    optimizer: { kind: 'adam', learningRate: 0.01 },
    epochs: 3,
    batchSize: 64,
    loss: 'new-error/cross-entropy',
    lambda: 0,
    seed: 7,
  });
  const h1 = await trainCompatibility(h1Spec, { data: train });
  h1Dir = join(tmp, 'h1');
  await saveModel(h1.model, h1Dir);
  h1.model.dispose();

  const models = localModelStore();
  /** The data plane of one worker "host": its own scratch folder and cache, MLflow's artifact store in common. */
  const host = (name: string) => ({
    storageDir: join(tmp, name, 'work'),
    artifacts: createArtifactStore({
      transports: [mlflowArtifactTransport(tracking)],
      cache: createArtifactCache({ dir: join(tmp, name, 'cache') }),
    }),
  });
  control = createControlActivities({ tracking, ...host('control'), resolveDataset, models, logger: quiet });
  // checkpointIntervalMs 0: every epoch's checkpoint goes up, as the resume test below needs.
  const perEpoch = { checkpointIntervalMs: 0 };
  trainer = createTrainerActivities({
    tracking,
    ...host('trainer'),
    resolveDataset,
    models,
    logger: silent,
    ...perEpoch,
  });
  otherTrainer = createTrainerActivities({
    tracking,
    ...host('trainer-2'),
    resolveDataset,
    models,
    logger: silent,
    ...perEpoch,
  });
  reader = host('reader').artifacts;
  const temporal = { address: config.temporal.address, namespace: config.temporal.namespace };
  const common = { temporal, signal: abort.signal, shutdownSignals: [], shutdownGraceTimeMs: 1000 } as const;
  workers.push(
    runWorker({
      ...common,
      pool: 'control',
      concurrency: 4,
      activities: control,
    }),
    runWorker({
      ...common,
      pool: 'cpu',
      concurrency: 2,
      activities: trainer,
    }),
  );
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: temporal.namespace });
});

afterAll(async () => {
  abort.abort();
  await Promise.allSettled(workers);
  await connection?.close();
  await stack?.down();
  rmSync(tmp, { recursive: true, force: true });
});

/** Every run of an experiment. */
const runsOf = (experiment: string): Promise<Run[]> => experimentRuns(tracking, experiment);

function sweepSpec(name: string, h1Uri: string): Record<string, unknown> {
  return {
    name,
    dataset: { uri: 'bcml:datasets/german-credit' },
    h1: { uri: h1Uri },
    h2: {
      model: { kind: 'mlp', hidden: [16] },
      optimizer: { kind: 'adam', learningRate: 0.01 },
      epochs: 2,
      batchSize: 64,
    },
    sweep: { lambdas: [0, 0.5, 1], dissonances: ['new-error', 'strict-imitation'], losses: ['cross-entropy'] },
    execution: {
      pool: 'cpu',
      parallelism: 2,
      maxAttempts: 2,
      retryIntervalSeconds: 1,
      heartbeatTimeoutSeconds: 60,
      pointTimeoutSeconds: 600,
    },
    seed: 3,
    tracking: { experiment: name },
  };
}

describe('compatibilitySweep end to end (real workers, Temporal dev server and MLflow)', () => {
  it('trains 2 × 3 points, logs 1 parent + 6 child runs, and its summary matches @bcml/metrics', async () => {
    const name = `e2e-sweep-${Date.now()}`;
    const result: SweepResult = await client.workflow.execute('compatibilitySweep', {
      taskQueue: CONTROL_TASK_QUEUE,
      workflowId: `${name}-wf`,
      args: [sweepSpec(name, h1Dir)],
    });
    expect(result.status).toBe('completed');
    expect(result.counts).toEqual({ total: 6, completed: 6, failed: 0, cancelled: 0 });

    // MLflow: one parent, six children under it, each with params, metrics and model + predictions artifacts.
    const runs = await runsOf(name);
    expect(runs).toHaveLength(7);
    const parents = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === undefined);
    expect(parents.map((r) => r.info.runId)).toEqual([result.parentRunId]);
    const parent = parents[0] as Run;
    expect(parent.info.status).toBe('FINISHED');
    const children = runs.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === result.parentRunId);
    expect(children).toHaveLength(6);
    for (const child of children) {
      expect(child.info.status).toBe('FINISHED');
      expect(Object.keys(child.data.params)).toEqual(
        expect.arrayContaining(['lambda', 'loss', 'dissonance', 'epochs']),
      );
      expect(Object.keys(child.data.metrics)).toEqual(
        expect.arrayContaining(['loss', 'val_accuracy', 'val_btc', 'test_performance', 'test_btc', 'test_nfr']),
      );
      expect((await tracking.getMetricHistory(child.info.runId, 'loss')).map((m) => m.step).sort()).toEqual([1, 2]);
      const files = (await tracking.listArtifactFiles(child.info.artifactUri)).map((f) => f.path);
      expect(files).toEqual(
        expect.arrayContaining([
          'model/model.json',
          'model/MLmodel',
          'predictions/train.arrow',
          'predictions/test.arrow',
          'evaluations/train.json',
          'evaluations/test.json',
        ]),
      );
      // Each epoch's checkpoint went to the point's run before it was heartbeated.
      expect(files.filter((f) => /^checkpoints\/epoch-00000[12]-[0-9a-f]+\/weights\.bin$/.test(f))).toHaveLength(2);
      // The MLflow UI's Datasets panel: the splits it trained and was evaluated on, once each (a retry adds none).
      const inputs = (await tracking.getRun(child.info.runId)).inputs;
      expect(inputs.map((i) => [i.name, i.context, i.sourceType]).sort()).toEqual([
        ['german-credit/test', 'eval', 'code'],
        ['german-credit/train', 'training', 'code'],
      ]);
      expect(inputs[0]!.digest).toBe(parent.data.tags['bcml.dataset.sha256']!.slice(0, 16));
    }
    // The model carries an MLflow signature: one example's features in, 2 logits out.
    const mlmodelDir = join(tmp, 'mlmodel');
    await tracking.downloadArtifact(children[0]!.info.artifactUri, 'model/MLmodel', join(mlmodelDir, 'MLmodel'));
    const signature = /signature:\n {2}inputs: (".*")\n {2}outputs: (".*")\n/.exec(
      readFileSync(join(mlmodelDir, 'MLmodel'), 'utf8'),
    );
    const tensorShape = (text: string | undefined): unknown =>
      (JSON.parse(JSON.parse(text ?? '""') as string) as { 'tensor-spec': { shape: number[] } }[])[0]!['tensor-spec']
        .shape;
    expect(tensorShape(signature?.[1])).toEqual([-1, test.examples.shape[0]]);
    expect(tensorShape(signature?.[2])).toEqual([-1, 2]);
    expect((await tracking.getRun(parent.info.runId)).inputs.map((i) => i.name).sort()).toEqual([
      'german-credit/test',
      'german-credit/train',
    ]);
    expect(new Set(children.map((c) => c.data.params['point'])).size).toBe(6);
    const parentFiles = (await tracking.listArtifactFiles(parent.info.artifactUri)).map((f) => f.path);
    expect(parentFiles).toEqual(
      expect.arrayContaining(['report/index.html', 'report/report.json', 'results/sweep-summary.json']),
    );
    expect(parentFiles.some((p) => p.startsWith('h1-outputs/'))).toBe(true);
    expect(parentFiles.some((p) => p.startsWith('initial-model/'))).toBe(true);

    // Location independence: no local path crossed an activity boundary (inputs, results, heartbeats).
    const history = JSON.stringify(await client.workflow.getHandle(`${name}-wf`).fetchHistory());
    const payloads = [...history.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) =>
      Buffer.from(m[1] ?? '', 'base64').toString('utf8'),
    );
    expect(payloads.length).toBeGreaterThan(10);
    expect(payloads.filter((p) => p.includes('file:'))).toEqual([]);
    // The spec names h1 by a local path (the user's choice, read by the control worker); no other local path travels.
    expect(payloads.filter((p) => p.split(h1Dir).join('').includes(tmp))).toEqual([]);
    expect(result.summaryUri).toMatch(/^mlflow-artifacts:\/.+\/results#folder-sha256=[0-9a-f]{64}$/);
    expect(result.reportUri).toMatch(/^mlflow-artifacts:\/.+\/report#folder-sha256=[0-9a-f]{64}$/);

    // The summary's numbers equal an in-process computation with @bcml/metrics on the predictions and h1.
    const resultsDir = await reader.fetch(result.summaryUri, 'summaryUri');
    const summary = JSON.parse(readFileSync(join(resultsDir, 'sweep-summary.json'), 'utf8')) as SweepSummary;
    expect(summary.points).toHaveLength(6);
    const h1 = await loadModel(h1Dir);
    const h1Test = predictionArrays(await predict(h1, test));
    h1.dispose();
    const h1ById = new Map(Array.from(h1Test.ids, (id, i) => [id, h1Test.predictions[i] as number]));
    for (const point of summary.points) {
      expect(point.status).toBe('completed');
      expect(point.modelUri).toBe(`runs:/${point.mlflowRunId ?? ''}/model`);
      const predictionsDir = join(tmp, 'predictions', ...point.id.split('/'));
      await tracking.downloadArtifacts(
        (await tracking.getRun(point.mlflowRunId ?? '')).info.artifactUri,
        'predictions',
        predictionsDir,
      );
      const h2 = predictionArrays(await readPredictions(join(predictionsDir, 'test.arrow')));
      const { scores } = evaluateCompatibility({
        labels: h2.labels,
        h1: Int32Array.from(h2.ids, (id) => h1ById.get(id) ?? -1),
        h2: h2.predictions,
        numClasses: h2.numClasses,
        ids: h2.ids,
      });
      const reported = point.splits['test'];
      expect(reported?.performance?.value).toBe(scores.accuracyH2?.value);
      expect(reported?.btc?.value).toBe(scores.btc?.value);
      expect(reported?.nfr?.value).toBe(scores.nfr?.value);
      expect(reported?.btc?.denominator).toBe(scores.btc?.denominator);
      // Evaluation files stay small: an error instance is named by its id there (the report describes it, below).
      const evaluation = JSON.parse(readFileSync(join(resultsDir, reported?.evaluation ?? ''), 'utf8')) as Evaluation;
      expect(evaluation.errors.length).toBeGreaterThan(0);
      for (const error of evaluation.errors) expect(error.metadata).toBe(`instance ${error.id}`);
    }
    expect(summary.h1.performance['test']?.value).toBeCloseTo(
      h1Test.predictions.filter((p, i) => p === h1Test.labels[i]).length / h1Test.labels.length,
      12,
    );
    const reportDir = await reader.fetch(result.reportUri, 'reportUri');
    expect(readFileSync(join(reportDir, 'index.html'), 'utf8')).toContain('<html');
    // The report shows each error instance by its raw feature values (German credit's attribute codes), bounded, once
    // per split in a file every point shares.
    const shared = readdirSync(join(reportDir, 'data')).filter((f) => f.startsWith('instances-'));
    expect(shared.sort()).toEqual(['instances-s0.js', 'instances-s1.js']);
    for (const file of shared) {
      const text = readFileSync(join(reportDir, 'data', file), 'utf8');
      const texts = Object.values(JSON.parse(text.slice(text.indexOf('] = ') + 4, text.lastIndexOf(';'))) as object);
      expect(texts.length).toBeGreaterThan(0);
      for (const description of texts as string[]) {
        expect(description).toMatch(/^checking_status A1\d · duration_months \d+ · credit_history A3\d · /);
        expect(description.length).toBeLessThanOrEqual(200);
      }
    }
  });

  /** Runs a sweep that must fail in prepare; returns the failure's message after checking its type and MLflow. */
  async function failsInPrepare(name: string, spec: Record<string, unknown>): Promise<string> {
    const error: unknown = await client.workflow
      .execute('compatibilitySweep', { taskQueue: CONTROL_TASK_QUEUE, workflowId: `${name}-wf`, args: [spec] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect((cause as { type?: string } | undefined)?.type).toBe('InvalidInputError');
    expect(await runsOf(name)).toEqual([]);
    // Before any training: no trainPoint or trainPack was ever scheduled.
    const history = await client.workflow.getHandle(`${name}-wf`).fetchHistory();
    const scheduled = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
    expect(scheduled).not.toContain('trainPoint');
    expect(scheduled).not.toContain('trainPack');
    return cause?.message ?? '';
  }

  it('refuses bad specs at the workflow edge, naming the field, before any activity or MLflow run', async () => {
    const base = (name: string) => sweepSpec(name, h1Dir);
    const cases: [string, (name: string) => Record<string, unknown>, RegExp][] = [
      [
        'loss',
        (n) => ({ ...base(n), sweep: { ...(base(n)['sweep'] as object), losses: ['hinge'] } }),
        /sweep\.losses\[0\]/,
      ],
      [
        'lambda',
        (n) => ({ ...base(n), sweep: { ...(base(n)['sweep'] as object), lambdas: [0, -0.5] } }),
        /sweep\.lambdas\[1\]/,
      ],
      [
        'empty-grid',
        (n) => ({ ...base(n), sweep: { ...(base(n)['sweep'] as object), lambdas: [] } }),
        /sweep\.lambdas/,
      ],
      ['parallelism', (n) => ({ ...base(n), execution: { pool: 'cpu', parallelism: 0 } }), /execution\.parallelism/],
      ['pool', (n) => ({ ...base(n), execution: { pool: 'tpu', parallelism: 1 } }), /execution\.pool/],
      ['mlflow-uri', (n) => ({ ...base(n), tracking: { experiment: n, uri: 'not a url' } }), /tracking\.uri/],
    ];
    for (const [label, spec, field] of cases) {
      const name = `e2e-edge-${label}-${Date.now()}`;
      const message = await failsInPrepare(name, spec(name));
      expect(message, label).toMatch(field);
      const history = await client.workflow.getHandle(`${name}-wf`).fetchHistory();
      expect(
        (history.events ?? []).some(
          (e) =>
            e.activityTaskScheduledEventAttributes !== undefined && e.activityTaskScheduledEventAttributes !== null,
        ),
      ).toBe(false);
    }
  });

  it('refuses datasets that are missing or outside the convention in prepare, naming dataset.uri', async () => {
    const noLabel = join(tmp, 'no-label');
    mkdirSync(noLabel);
    const table = tableFromArrays({ id: Uint32Array.from([0, 1]), age: Float64Array.from([1, 2]) });
    writeFileSync(join(noLabel, 'train.arrow'), tableToIPC(table, 'file'));
    writeFileSync(join(noLabel, 'test.arrow'), tableToIPC(table, 'file'));
    const cases: [string, string, RegExp][] = [
      ['missing-bundled', 'bcml:datasets/no-such-dataset', /dataset\.uri/],
      ['missing-file', join(tmp, 'no-such-folder'), /dataset\.uri/],
      ['no-label', noLabel, /dataset\.uri.*label/],
    ];
    for (const [label, uri, field] of cases) {
      const name = `e2e-data-${label}-${Date.now()}`;
      expect(await failsInPrepare(name, { ...sweepSpec(name, h1Dir), dataset: { uri } }), label).toMatch(field);
    }
  });

  it('refuses an h1 whose output width is not the number of classes in prepare, before any MLflow run', async () => {
    const name = `e2e-bad-h1-${Date.now()}`;
    const badDir = join(tmp, 'h1-three-classes');
    const bad = buildModel(
      { kind: 'logistic-regression' },
      { inputShape: test.examples.shape, numClasses: 3, seed: 0 },
    );
    await saveModel(bad, badDir);
    bad.dispose();
    expect(await failsInPrepare(name, sweepSpec(name, badDir))).toMatch(/prepareSweep failed: .*h1\.outputWidth/);
  });

  it('refuses other specs that do not fit the data or the workers in prepare, naming the field', async () => {
    const shapeDir = join(tmp, 'h1-other-shape');
    const other = buildModel({ kind: 'logistic-regression' }, { inputShape: [3], numClasses: 2, seed: 0 });
    await saveModel(other, shapeDir);
    other.dispose();
    const cases: [string, (name: string) => Record<string, unknown>, RegExp][] = [
      ['h1-shape', (name) => sweepSpec(name, shapeDir), /h1\.inputShape/],
      ['h1-missing', (name) => sweepSpec(name, join(tmp, 'no-such-model')), /h1\.uri/],
      [
        'split',
        (name) => ({ ...sweepSpec(name, h1Dir), dataset: { uri: 'bcml:datasets/german-credit', testSplit: 'dev' } }),
        /dataset\.testSplit/,
      ],
      [
        'tracking',
        (name) => ({ ...sweepSpec(name, h1Dir), tracking: { experiment: name, uri: 'http://127.0.0.1:9/' } }),
        /tracking\.uri/,
      ],
    ];
    for (const [label, spec, field] of cases) {
      const name = `e2e-bad-${label}-${Date.now()}`;
      expect(await failsInPrepare(name, spec(name))).toMatch(field);
    }
  });

  it('trainPoint marks its run KILLED on cancellation and resumes from the heartbeated checkpoint', async () => {
    const name = `e2e-resume-${Date.now()}`;
    const json = sweepSpec(name, h1Dir);
    const spec = parseSweepSpec({ ...json, h2: { ...(json['h2'] as object), epochs: 3 } });
    const runKey = workflowRunKey(name, 'no-workflow');
    const prepared: PreparedSweep = await new MockActivityEnvironment().run(control.prepareSweep, {
      runKey,
      workflowId: 'no-workflow',
      spec,
    });
    const point = sweepPoints(spec)[1];
    if (point === undefined) throw new Error('no point');
    const input: TrainPointInput = {
      runKey: pointRunKey(runKey, point.id),
      sweepRunKey: runKey,
      workflowId: 'no-workflow',
      point,
      training: pointTrainingSpec(spec, point),
      dataset: spec.dataset,
      prepared,
      tracking: spec.tracking,
    };

    // Attempt 1: cancelled right after its first epoch's heartbeat.
    const first = new MockActivityEnvironment({ attempt: 1 });
    let beat: TrainPointHeartbeat | undefined;
    first.on('heartbeat', (details: unknown) => {
      if (details !== undefined && beat === undefined) {
        beat = details as TrainPointHeartbeat;
        first.cancel('CANCELLED');
      }
    });
    await expect(first.run(trainer.trainPoint, input)).rejects.toBeInstanceOf(CancelledFailure);
    expect(beat?.epoch).toBe(1);
    const children = (await runsOf(name)).filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === prepared.parentRunId);
    expect(children.map((r) => r.info.status)).toEqual(['KILLED']);

    // The heartbeat names the checkpoint uploaded to the point's run, not a folder of this trainer's.
    expect(beat?.checkpointUri).toMatch(
      /^mlflow-artifacts:\/.+\/checkpoints\/epoch-000001-[0-9a-f]{8}#folder-sha256=[0-9a-f]{64}$/,
    );

    // Attempt 2, on another trainer (its own folders): resumes from the heartbeat's checkpoint, in the same run.
    const second = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: beat });
    const trained = await second.run<[TrainPointInput], TrainedPoint, TrainerActivities['trainPoint']>(
      otherTrainer.trainPoint,
      input,
    );
    expect(trained.mlflowRunId).toBe(children[0]?.info.runId);
    const after = await runsOf(name);
    expect(after.filter((r) => r.data.tags[PARENT_RUN_ID_TAG] === prepared.parentRunId)).toHaveLength(1);
    expect((await tracking.getRun(trained.mlflowRunId ?? '')).info.status).toBe('FINISHED');
    const steps = (await tracking.getMetricHistory(trained.mlflowRunId ?? '', 'loss')).map((m) => m.step);
    expect(steps.sort()).toEqual([1, 2, 3]);
  });
});
