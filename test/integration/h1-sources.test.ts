import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importKeras } from '@bcml/cli';
import {
  CONTROL_TASK_QUEUE,
  parseSweepSpec,
  type ControlActivities,
  type SweepResult,
  type SweepSummary,
} from '@bcml/core';
import { repoRoot } from '@bcml/infra';
import { evaluateCompatibility } from '@bcml/metrics';
import { type MlflowClient } from '@bcml/tracking';
import { predict, predictionArrays, type LabelledData } from '@bcml/training';
import { localModelStore } from '@bcml/workers';
import { type Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';

import { runBcml } from '../support/bcml-process.js';
import { startSweepHarness, type SweepHarness } from '../support/sweep-harness.js';

// h1 from another framework, through real workers: scikit-learn's predictions on iris
// (test/golden/h1-predictions/generate.py) as the h1 of a sweep (probabilities keyed by id) and of `bcml compare`
// (logits in row order); an MLP exported to ONNX (test/golden/h1-onnx/generate.py) as the h1 of a sweep.

const golden = join(repoRoot, 'test', 'golden', 'h1-predictions');
const datasetUri = join(golden, 'dataset');
const expected = JSON.parse(readFileSync(join(golden, 'expected.json'), 'utf8')) as {
  accuracy: Record<string, number>;
  testPredictions: Record<string, number>;
};
const onnxGolden = join(repoRoot, 'test', 'golden', 'h1-onnx');
// A Keras 3 model exported as a SavedModel (test/golden/h1-savedmodel/generate.py) on the same iris files.
const savedModelGolden = join(repoRoot, 'test', 'golden', 'h1-savedmodel');
const savedModelExpected = JSON.parse(readFileSync(join(savedModelGolden, 'expected.json'), 'utf8')) as {
  accuracy: Record<string, number>;
};
const onnxExpected = JSON.parse(readFileSync(join(onnxGolden, 'expected.json'), 'utf8')) as {
  accuracy: Record<string, number>;
};
/** The stack and workers (`startSweepHarness`). */
let harness: SweepHarness;
let tmp: string;
let client: Client;
let tracking: MlflowClient;
let control: ControlActivities;
let env: Record<string, string | undefined>;
let test: LabelledData;
/** An MLflow run holding h1's files as artifacts: `h1-predictions/<split>.arrow` and `h1/model.onnx`. */
let h1RunId: string;

beforeAll(async () => {
  harness = await startSweepHarness({ prefix: 'bcml-h1-sources-', trainerConcurrency: 2 });
  ({ tmp, client, tracking, control, env } = harness);
  test = (await harness.resolveDataset({ uri: datasetUri, trainSplit: 'train', testSplit: 'test' })).splits[
    'test'
  ] as LabelledData;
  // h1's files travel like any artifact: from an MLflow run, by `runs:/` URI.
  const experiment = await tracking.getOrCreateExperiment('it-h1-files');
  const run = await tracking.createRun(experiment.experimentId, { runName: 'h1-files' });
  h1RunId = run.info.runId;
  await tracking.uploadArtifacts(run.info.artifactUri, join(golden, 'logits'), 'h1-predictions');
  await tracking.uploadArtifact(run.info.artifactUri, join(onnxGolden, 'model.onnx'), 'h1/model.onnx');
  await tracking.uploadArtifacts(run.info.artifactUri, join(savedModelGolden, 'savedmodel'), 'h1/savedmodel');
});

afterAll(async () => {
  await harness?.down();
});

function sweepSpec(name: string, h1: Record<string, unknown>, dataset = datasetUri): Record<string, unknown> {
  return {
    name,
    dataset: { uri: dataset },
    h1,
    h2: {
      model: { kind: 'logistic-regression' },
      optimizer: { kind: 'adam', learningRate: 0.05 },
      epochs: 2,
      batchSize: 32,
    },
    sweep: { lambdas: [0, 1], dissonances: ['new-error'], losses: ['cross-entropy'] },
    execution: { parallelism: 2, maxAttempts: 1, heartbeatTimeoutSeconds: 60, pointTimeoutSeconds: 600 },
    seed: 5,
  };
}

/** A tfjs `model.json`, as far as these tests read it. */
interface ModelJson {
  readonly modelTopology: { readonly config: { readonly layers: { class_name: string; config: { name: string } }[] } };
}

/**
 * A sweep that completed both its points, whose summary names h1 by `uri` with `accuracy` (the generator's, per split)
 * and whose parent run records `params`.
 */
async function expectH1Sweep(
  result: SweepResult,
  summary: SweepSummary,
  uri: string,
  accuracy: Record<string, number>,
  params: Record<string, string>,
): Promise<void> {
  expect(result.status).toBe('completed');
  expect(result.counts).toEqual({ total: 2, completed: 2, failed: 0, cancelled: 0 });
  expect(summary.h1.uri).toBe(uri);
  for (const split of ['train', 'test']) {
    expect(summary.h1.performance[split]?.value).toBeCloseTo(accuracy[split]!, 12);
  }
  expect((await tracking.getRun(result.parentRunId ?? '')).data.params).toMatchObject(params);
}

/** The layers of the first point's trained h2, from its MLflow run's `model/model.json`. */
async function trainedLayers(
  summary: SweepSummary,
  folder: string,
): Promise<ModelJson['modelTopology']['config']['layers']> {
  const runId = summary.points[0]?.mlflowRunId ?? '';
  const files = await tracking.downloadArtifacts(
    (await tracking.getRun(runId)).info.artifactUri,
    'model',
    join(tmp, folder),
  );
  const modelJson = files.find((f) => f.endsWith('model.json')) ?? 'model.json missing';
  return (JSON.parse(readFileSync(modelJson, 'utf8')) as ModelJson).modelTopology.config.layers;
}

/** Runs a sweep to its end and reads its summary back. */
async function runSweep(spec: Record<string, unknown>): Promise<{ result: SweepResult; summary: SweepSummary }> {
  const name = spec['name'] as string;
  const result: SweepResult = await client.workflow.execute('compatibilitySweep', {
    taskQueue: CONTROL_TASK_QUEUE,
    workflowId: `${name}-wf`,
    args: [spec],
  });
  const summaryDir = await harness.reader.fetch(result.summaryUri, 'summaryUri');
  const summary = JSON.parse(readFileSync(join(summaryDir, 'sweep-summary.json'), 'utf8')) as SweepSummary;
  return { result, summary };
}

/** The error `control.prepareSweep` fails with on `spec`, as Temporal would see it. */
async function prepareError(spec: Record<string, unknown>): Promise<Error & { nonRetryable?: boolean }> {
  const parsed = parseSweepSpec(spec);
  const error = await new MockActivityEnvironment()
    .run(control.prepareSweep, { runKey: `bad-${parsed.name}`, workflowId: 'no-workflow', spec: parsed })
    .then(
      () => new Error('prepareSweep succeeded'),
      (e: unknown) => e as Error,
    );
  // Nothing was recorded: prepare fails before any MLflow run.
  expect(await tracking.getExperimentByName(parsed.tracking.experiment)).toBeUndefined();
  return error;
}

describe('h1 as a predictions file (real workers, Temporal and MLflow)', () => {
  let h2Uri: string;

  it('a sweep against scikit-learn probabilities completes, with the generator’s h1 accuracy', async () => {
    const name = `it-h1-predictions-${Date.now()}`;
    const h1 = { predictions: join(golden, 'probabilities'), outputs: 'probabilities' };
    const { result, summary } = await runSweep(sweepSpec(name, h1));
    await expectH1Sweep(result, summary, h1.predictions, expected.accuracy, {
      'h1.predictions': h1.predictions,
      'h1.outputs': 'probabilities',
    });
    // Each point's BTC is against the generator's h1 classes.
    for (const point of summary.points) {
      expect(point.status).toBe('completed');
      const h2 = await localModelStore({ tracking }).load(point.modelUri ?? '');
      const p2 = predictionArrays(await predict(h2, test));
      h2.dispose();
      const { scores } = evaluateCompatibility({
        labels: p2.labels,
        h1: Int32Array.from(p2.ids, (id) => expected.testPredictions[String(id)]!),
        h2: p2.predictions,
        numClasses: 3,
        ids: p2.ids,
      });
      expect(point.splits['test']?.btc?.value).toBeCloseTo(scores.btc?.value ?? Number.NaN, 12);
    }
    h2Uri = summary.points[0]!.modelUri ?? '';
  });

  it('bcml compare takes scikit-learn logits in row order as h1, from an MLflow run', async () => {
    const name = `it-h1-predictions-compare-${Date.now()}`;
    const spec = join(tmp, 'compare.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name,
        dataset: { uri: datasetUri },
        h1: { predictions: `runs:/${h1RunId}/h1-predictions`, outputs: 'logits' },
        h2: { uri: h2Uri },
      }),
    );
    const { code, out, err } = await runBcml(['compare', spec, '--wait'], env);
    expect(code, `${out}\n${err}`).toBe(0);
    const h2 = await localModelStore({ tracking }).load(h2Uri);
    const p2 = predictionArrays(await predict(h2, test));
    h2.dispose();
    const { scores } = evaluateCompatibility({
      labels: p2.labels,
      h1: Int32Array.from(p2.ids, (id) => expected.testPredictions[String(id)]!),
      h2: p2.predictions,
      numClasses: 3,
      ids: p2.ids,
    });
    expect(out).toContain(
      `  test: accuracy ${scores.accuracyH2?.value.toFixed(4)}, BTC ${scores.btc?.value.toFixed(4)}, ` +
        `NFR ${scores.nfr?.value.toFixed(4)}`,
    );
  });

  it('refuses predictions that break the data before any run, naming the field and the row', async () => {
    // Logits read as probabilities: negative values are not probabilities.
    const name = `it-h1-predictions-bad-${Date.now()}`;
    const error = await prepareError(
      sweepSpec(name, { predictions: join(golden, 'logits'), outputs: 'probabilities' }),
    );
    expect(error.message).toMatch(
      /^invalid h1\.predictions \(train\.arrow row \d+\): expected probabilities in \[0, 1\], received -?\d/,
    );
    expect(error.nonRetryable).toBe(true);
  });
});

describe('h1 as an ONNX model (real workers, Temporal and MLflow)', () => {
  it('a sweep against an ONNX MLP (from an MLflow run) completes, with the generator’s h1 accuracy', async () => {
    const name = `it-h1-onnx-${Date.now()}`;
    const h1 = { onnx: `runs:/${h1RunId}/h1/model.onnx` };
    const { result, summary } = await runSweep(sweepSpec(name, h1, join(onnxGolden, 'dataset')));
    await expectH1Sweep(result, summary, h1.onnx, onnxExpected.accuracy, {
      'h1.onnx': h1.onnx,
      'h1.outputs': 'logits',
    });
  });

  it('refuses an ONNX model with the wrong input shape before any run, naming h1.inputShape', async () => {
    const name = `it-h1-onnx-bad-${Date.now()}`;
    const error = await prepareError(
      sweepSpec(name, { onnx: join(onnxGolden, 'wrong-input.onnx') }, join(onnxGolden, 'dataset')),
    );
    expect(error.message).toBe(
      'invalid h1.inputShape: expected [batch, 4] (a batch of the data\'s examples), received "[batch, 3]"',
    );
    expect(error.nonRetryable).toBe(true);
  });
});

describe('h1 as a TF SavedModel (real workers, Temporal and MLflow)', () => {
  it('a sweep of a layer-list h2 against a Keras SavedModel (from an MLflow run) completes, with Keras’ h1 accuracy', async () => {
    const name = `it-h1-savedmodel-${Date.now()}`;
    const h1 = { savedModel: `runs:/${h1RunId}/h1/savedmodel` };
    const spec = sweepSpec(name, h1, join(onnxGolden, 'dataset'));
    const layers = [
      { type: 'dense', units: 8, activation: 'relu', name: 'hidden' },
      { type: 'batchNormalization' },
      { type: 'dropout', rate: 0.1 },
    ];
    const h2 = { ...(spec['h2'] as Record<string, unknown>), model: { kind: 'layers', layers } };
    const { result, summary } = await runSweep({ ...spec, h2 });
    await expectH1Sweep(result, summary, h1.savedModel, savedModelExpected.accuracy, {
      'h1.savedModel': h1.savedModel,
      'h1.outputs': 'logits',
    });
    // h2 is the layer list plus bcml's logits layer: its saved model has those layers, named as the list names them.
    const layersOfH2 = await trainedLayers(summary, `${name}-h2`);
    expect(layersOfH2.map((l) => l.class_name)).toEqual(expect.arrayContaining(['Dense', 'BatchNormalization']));
    expect(layersOfH2.map((l) => l.config.name)).toEqual(expect.arrayContaining(['hidden', 'logits']));
  });

  it('a sweep against the same Keras model as a .keras file, converted by bcml model import-keras, agrees', async () => {
    const name = `it-h1-keras-${Date.now()}`;
    const folder = join(tmp, 'keras-h1');
    await importKeras(join(savedModelGolden, 'model.keras'), folder, process.env);
    const { result, summary } = await runSweep(sweepSpec(name, { uri: folder }, join(onnxGolden, 'dataset')));
    await expectH1Sweep(result, summary, folder, savedModelExpected.accuracy, { 'h1.uri': folder });
  });

  it('trains the converted Keras model itself as h2 (kind "tfjs"), from its own weights', async () => {
    const name = `it-h2-keras-${Date.now()}`;
    const folder = join(tmp, 'keras-h2');
    await importKeras(join(savedModelGolden, 'model.keras'), folder, process.env);
    const spec = sweepSpec(name, { savedModel: join(savedModelGolden, 'savedmodel') }, join(onnxGolden, 'dataset'));
    const h2 = { ...(spec['h2'] as Record<string, unknown>), model: { kind: 'tfjs', uri: folder } };
    const { result, summary } = await runSweep({ ...spec, h2 });
    expect(result.status).toBe('completed');
    expect(result.counts.completed).toBe(2);
    // Packing is for the zoo's dense chains: each point of a loaded model trains alone, from the Keras weights.
    const parent = await tracking.getRun(result.parentRunId ?? '');
    expect(JSON.parse(parent.data.params['h2.model'] ?? '{}')).toEqual({ kind: 'tfjs', uri: folder });
    const trained = (await trainedLayers(summary, `${name}-h2`)).map((l) => l.config.name);
    const keras = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as ModelJson;
    expect(trained).toEqual(expect.arrayContaining(keras.modelTopology.config.layers.map((l) => l.config.name)));
    expect(trained).not.toContain('logits');
  });

  it('refuses a folder that is not a SavedModel before any run, naming h1.savedModel', async () => {
    const name = `it-h1-savedmodel-bad-${Date.now()}`;
    const error = await prepareError(sweepSpec(name, { savedModel: onnxGolden }, join(onnxGolden, 'dataset')));
    expect(error.message).toMatch(/^invalid h1\.savedModel: expected a SavedModel folder holding saved_model\.pb/);
    expect(error.nonRetryable).toBe(true);
  });
});
