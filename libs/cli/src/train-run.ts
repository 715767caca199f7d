import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { formatFixed, formatLambda, h1SourceUri, trainingHead, type TrainRunSpec } from '@bcml/core';
import { buildModel, checkLoadedModel } from '@bcml/models';
import { RESULT_FILES } from '@bcml/results';
import { type MetricPoint, type MlflowClient } from '@bcml/tracking';
import { checkTrainingInputs, dataSize, trainCompatibility, type H1Outputs, type HeldOutScores } from '@bcml/training';
import {
  datasetInputs,
  epochMetrics,
  idSourceOf,
  loadModelAt,
  openH1Source,
  splitOf,
  type DatasetResolver,
  type H1FileReader,
  type ModelStore,
} from '@bcml/workers';

/** Where `trainRun` reads, logs and writes: injected, so that tests pass local servers and stores. */
export interface TrainRunDeps {
  readonly tracking: MlflowClient;
  /** Reads `spec.dataset` (the workers' `datasetResolver`). */
  readonly resolveDataset: DatasetResolver;
  /** Loads a model h1 and saves the trained model (the workers' `localModelStore`, with MLflow's URIs). */
  readonly models: ModelStore;
  /** Reads h1's predictions or ONNX files (the workers' `h1FileReader`). */
  readonly h1Files: H1FileReader;
  /** Progress lines: the data, h1, each epoch. */
  readonly log: (line: string) => void;
  /** Stops training between batches (`TrainingCancelledError`); the run ends `KILLED`. */
  readonly signal?: AbortSignal;
}

/** A finished `bcml train` run. */
export interface TrainRunResult {
  readonly runId: string;
  /** `runs:/<run>/model`: loads as a sweep's or a comparison's h1, registers with `bcml model register`. */
  readonly modelUri: string;
  /** Epochs trained. */
  readonly epochs: number;
  /** The test split's scores after the last epoch (BTC, BEC, NFR only with h1). */
  readonly test: HeldOutScores;
}

/** The training spec's place in error messages of checks that need the data (`spec.head`). */
const FIELD = 'spec';

/**
 * Trains one model as `spec` says and logs it to a new MLflow run: the data, h1 (its outputs on both splits, from
 * whatever the spec names: a model run once, predictions files read and checked) and the architecture are checked
 * first, so that bad input fails before any run exists; then the run gets the spec's fields and the dataset's identity as params, both splits as MLflow dataset inputs, each epoch's loss and
 * held-out scores (the keys of a sweep point's run), `<testSplit>_accuracy` (and `_btc`, `_bec`, `_nfr`,
 * `_accuracy_h1` with h1) at the end, and the model under `model/` with an MLmodel file and signature, as a sweep
 * point logs it. A failure after the run exists ends it `FAILED` (`KILLED` when `signal` stopped it).
 */
export async function trainRun(spec: TrainRunSpec, deps: TrainRunDeps): Promise<TrainRunResult> {
  const { tracking, resolveDataset, models, h1Files, log, signal } = deps;
  const { dataset, training } = spec;
  const data = await resolveDataset(dataset);
  const train = splitOf(data, dataset.trainSplit, 'dataset.trainSplit');
  const test = splitOf(data, dataset.testSplit, 'dataset.testSplit');
  log(
    `dataset ${dataset.uri}: ${dataSize(train)} ${dataset.trainSplit} and ${dataSize(test)} ${dataset.testSplit} ` +
      `instances, ${data.classes.length} classes, features [${train.examples.shape.join(', ')}]`,
  );
  const ids = idSourceOf(data, [dataset.trainSplit, dataset.testSplit]);
  if (ids !== 'column') {
    log(`dataset ${dataset.uri}: no id column, so the ids are the row positions in each split file`);
  }
  let h1: { readonly train: H1Outputs; readonly test: H1Outputs } | undefined;
  if (spec.h1 === undefined) {
    checkTrainingInputs(training, { data: train, validation: { data: test } }, FIELD);
  } else {
    const source = await openH1Source({ models, files: h1Files }, spec.h1, { name: 'h1' });
    try {
      const options = {
        ...(training.evalBatchSize === undefined ? {} : { batchSize: training.evalBatchSize }),
        ...(signal === undefined ? {} : { signal }),
      };
      h1 = {
        train: await source.outputs(dataset.trainSplit, train, options),
        test: await source.outputs(dataset.testSplit, test, options),
      };
      checkTrainingInputs(
        training,
        { data: train, h1Outputs: h1.train, validation: { data: test, h1Outputs: h1.test }, h1: source.model },
        FIELD,
      );
    } finally {
      await source.dispose();
    }
    log(`h1 ${h1SourceUri(spec.h1)}: outputs on both splits`);
  }
  // The architecture against the data's shape and classes (`model.*` errors), before the run exists; a model of the
  // user's own (`tfjs`) is loaded, checked, and trained in place.
  let own: Awaited<ReturnType<typeof loadModelAt>> | undefined;
  if (training.model.kind === 'tfjs') {
    own = await loadModelAt(models, training.model.uri, 'model.uri');
    try {
      checkLoadedModel(own, {
        inputShape: train.examples.shape,
        numClasses: train.numClasses,
        head: trainingHead(training),
        field: 'model',
      });
    } catch (error) {
      own.dispose();
      throw error;
    }
  } else {
    buildModel(training.model, {
      inputShape: train.examples.shape,
      numClasses: train.numClasses,
      seed: training.seed,
      head: trainingHead(training),
      field: 'model',
    }).dispose();
  }

  const { experimentId } = await tracking.getOrCreateExperiment(spec.tracking.experiment);
  const run = await tracking.createRun(experimentId, {
    runName: spec.name,
    tags: { 'bcml.kind': 'train', 'bcml.dataset.sha256': data.sha256 },
  });
  const { runId } = run.info;
  try {
    await tracking.logBatch(runId, { params: trainRunParams(spec, data.sha256, ids) });
    await tracking.logInputs(
      runId,
      datasetInputs(dataset, data, [
        { name: dataset.trainSplit, context: 'training' },
        { name: dataset.testSplit, context: 'eval' },
      ]),
    );
    const result = await trainCompatibility(training, {
      data: train,
      ...(h1 === undefined ? {} : { h1Outputs: h1.train }),
      validation: { data: test, ...(h1 === undefined ? {} : { h1Outputs: h1.test }) },
      logger: { info: (message) => log(message) },
      onEpoch: (report) => tracking.logMetrics(runId, epochMetrics(report)),
      ...(signal === undefined ? {} : { signal }),
      ...(own === undefined ? {} : { model: own }),
      field: FIELD,
    });
    let modelUri: string;
    const scratch = await mkdtemp(join(tmpdir(), 'bcml-train-'));
    try {
      const modelDir = join(scratch, RESULT_FILES.model);
      await models.save(result.model, modelDir);
      modelUri = (
        await tracking.logTfjsModel(run.info, modelDir, {
          artifactPath: RESULT_FILES.model,
          flavorConfig: { classes: train.numClasses },
          signature: {
            inputShape: [...train.examples.shape],
            outputShape: result.model.outputs[0]?.shape.slice(1) as number[],
          },
        })
      ).modelUri;
    } finally {
      result.model.dispose();
      await rm(scratch, { recursive: true, force: true });
    }
    const scores = result.history.at(-1)?.validation ?? null;
    if (scores === null) throw new Error(`training ${spec.name} reported no held-out scores`);
    await tracking.logMetrics(runId, finalMetrics(dataset.testSplit, scores, training.epochs));
    await tracking.endRun(runId, 'FINISHED');
    return { runId, modelUri, epochs: training.epochs, test: scores };
  } catch (error) {
    await tracking.endRun(runId, signal?.aborted === true ? 'KILLED' : 'FAILED').catch(() => undefined);
    throw error;
  }
}

/**
 * The run's params: the spec's fields flattened as a sweep's and its points' (objects as JSON), the dataset's identity
 * and, when they are not an `id` column, where its ids come from (`ids`, `idSourceOf`).
 */
export function trainRunParams(spec: TrainRunSpec, sha256: string, ids = 'column'): Record<string, string | number> {
  const { training, dataset, h1 } = spec;
  const [dissonance = '', loss = ''] = training.loss.split('/');
  return {
    name: spec.name,
    'dataset.uri': dataset.uri,
    'dataset.sha256': sha256,
    'dataset.trainSplit': dataset.trainSplit,
    'dataset.testSplit': dataset.testSplit,
    ...(dataset.label === undefined ? {} : { 'dataset.label': dataset.label }),
    ...(dataset.imageShape === undefined ? {} : { 'dataset.imageShape': JSON.stringify(dataset.imageShape) }),
    ...(ids === 'column' ? {} : { 'dataset.ids': ids }),
    // h1 whatever its kind: the URI it comes from (a model's as a sweep logs it) and the whole spec as JSON.
    ...(h1 === undefined ? {} : { 'h1.uri': h1SourceUri(h1), h1: JSON.stringify(h1) }),
    dissonance,
    loss,
    lossName: training.loss,
    lambda: formatLambda(training.lambda),
    model: JSON.stringify(training.model),
    optimizer: JSON.stringify(training.optimizer),
    epochs: training.epochs,
    batchSize: training.batchSize,
    ...(training.evalBatchSize === undefined ? {} : { evalBatchSize: training.evalBatchSize }),
    seed: training.seed,
    head: trainingHead(training),
    ...(training.lossOptions === undefined ? {} : { lossOptions: JSON.stringify(training.lossOptions) }),
  };
}

/** The last epoch's scores on the test split as `<split>_accuracy`, `_accuracy_h1`, `_btc`, `_bec`, `_nfr`. */
function finalMetrics(split: string, scores: HeldOutScores, step: number): MetricPoint[] {
  const named = {
    accuracy: scores.accuracy,
    accuracy_h1: scores.accuracyH1,
    btc: scores.btc,
    bec: scores.bec,
    nfr: scores.nfr,
  };
  return Object.entries(named).flatMap(([key, value]) =>
    value === null ? [] : [{ key: `${split}_${key}`, value, step }],
  );
}

/** The human line of a finished run: its test scores. */
export function trainRunText(spec: TrainRunSpec, result: TrainRunResult): string {
  const { test } = result;
  const f = (x: number | null): string => formatFixed(x, 4);
  const vsH1 = spec.h1 === undefined ? '' : `, BTC ${f(test.btc)}, NFR ${f(test.nfr)} against h1`;
  return `trained ${spec.name} (${result.epochs} epochs): ${spec.dataset.testSplit} accuracy ${f(test.accuracy)}${vsH1}`;
}
