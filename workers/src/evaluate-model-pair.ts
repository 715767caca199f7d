import { createHash } from 'node:crypto';

import {
  checkPerformanceMetric,
  InvalidInputError,
  sweepSpecDefaults,
  type DatasetColumnsSpec,
  type Evaluation,
  type H1OnnxSpec,
  type H1SavedModelSpec,
  type H1PredictionsSpec,
  type PerformanceMetric,
} from '@bcml/core';
import { dataSize, predict, predictionArrays, type LabelledData } from '@bcml/training';
import { type DatasetInput } from '@bcml/tracking';

import { cancellationSignal, heartbeat } from './activity-context.js';
import { datasetInputs } from './dataset-inputs.js';
import { datasetReadParams } from './dataset-params.js';
import { openH1Source, type H1FileReader } from './h1-source.js';
import { loadModelAt } from './load-model-at.js';
import { type LayersModelLike, type ModelStore } from './model-store.js';
import { pointEvaluation } from './point-evaluation.js';
import { splitOf, type DatasetResolver, type SweepData } from './sweep-data.js';

/** The id of the one point of a comparison's (or a regression check's) summary: the compared model h2. */
export const PAIR_POINT_ID = 'h2';

/** One model of a compared pair: where it is, and how errors name it. */
export interface PairModel {
  readonly uri: string;
  /** The spec field its URI comes from, named when it cannot be loaded (`h1.uri`, `championAlias`). */
  readonly field: string;
  /** Its name in shape errors: `h1` gives `h1.inputShape`, `h1.outputWidth`. */
  readonly name: string;
}

/**
 * The reference of a compared pair given as its predictions files (`h1.predictions`), an ONNX model (`h1.onnx`)
 * or a TF SavedModel (`h1.savedModel`), named `name` in errors.
 */
export type PairH1File = (H1PredictionsSpec | H1OnnxSpec | H1SavedModelSpec) & { readonly name: string };

/** Which two models `evaluateModelPair` compares, on which dataset and splits. */
export interface ModelPairRequest {
  readonly datasetUri: string;
  /** How the dataset's columns are read (the spec's `dataset.label`, `dataset.imageShape`). */
  readonly datasetColumns?: DatasetColumnsSpec;
  /** The splits to evaluate on, each with the spec field that names it (`dataset.splits[0]`, `dataset.split`). */
  readonly splits: readonly { readonly name: string; readonly field: string }[];
  /** The reference model (the deployed one, the champion): a saved model, its predictions files or an ONNX model. */
  readonly h1: PairModel | PairH1File;
  /** The candidate (the challenger). */
  readonly h2: PairModel;
  /** The spec's performance metric the evaluations score both models by (default accuracy). */
  readonly performanceMetric?: PerformanceMetric;
}

/** What `evaluateModelPair` found: the dataset's identity and h2's evaluation against h1 per split. */
export interface EvaluatedModelPair {
  /**
   * SHA-256 (hex) of the dataset's content as the resolver reports it; when it reports a different one per split
   * (a URI with `{split}`), the SHA-256 of the `<split> <sha256>` lines.
   */
  readonly sha256: string;
  /** The evaluated splits as MLflow dataset inputs (context `eval`), for the pair's run. */
  readonly datasetInputs: readonly DatasetInput[];
  /** Class names by class index. */
  readonly classes: readonly string[];
  /** Instances per evaluated split. */
  readonly sizes: Readonly<Record<string, number>>;
  /** The evaluation file of each split (point `PAIR_POINT_ID`), in request order. */
  readonly evaluations: ReadonlyMap<string, Evaluation>;
  /** Wall-clock time of loading, predicting and evaluating, ms. */
  readonly durationMs: number;
  /** How the dataset was read, as run params (`datasetReadParams`: `dataset.ids`, `dataset.label`, …). */
  readonly datasetParams: Readonly<Record<string, string>>;
}

/** What `evaluateModelPair` reads with. */
export interface ModelPairDeps {
  readonly resolveDataset: DatasetResolver;
  readonly models: ModelStore;
  /** Reads h1's predictions or ONNX files (needed only for a `PairH1File` h1). */
  readonly h1Files?: H1FileReader;
}

/**
 * Evaluates h2 against h1 on each split the way a sweep evaluates its points: h1's outputs with `computeH1Outputs`,
 * h2's predictions with `predict`, the evaluation file with `pointEvaluation`. Each split is resolved as the test
 * split of a sweep dataset whose training split (the one a file dataset's encoding comes from) is the default
 * `train`. Bad input (an unknown split, a model that cannot be loaded or does not fit the data) is an
 * `InvalidInputError` naming the field. Heartbeats after each model's pass over a split and honours the activity's
 * cancellation.
 */
export async function evaluateModelPair(deps: ModelPairDeps, request: ModelPairRequest): Promise<EvaluatedModelPair> {
  const started = Date.now();
  const resolved: { name: string; data: LabelledData; from: SweepData }[] = [];
  for (const { name, field } of request.splits) {
    const trainSplit = sweepSpecDefaults.dataset.trainSplit;
    const from = await deps
      .resolveDataset({ uri: request.datasetUri, trainSplit, testSplit: name, ...request.datasetColumns })
      .catch((error: unknown) => {
        // A comparison names no training split: a file dataset without one cannot be encoded as the models were.
        if (error instanceof InvalidInputError && error.field === 'dataset.trainSplit') {
          throw new InvalidInputError(
            'dataset.uri',
            `a dataset with a "${trainSplit}" split (a file dataset's encoding is fitted on it, as for training)`,
            request.datasetUri,
            { cause: error },
          );
        }
        throw error;
      });
    resolved.push({ name, data: splitOf(from, name, field), from });
  }
  const [first] = resolved;
  if (first === undefined) throw new Error('internal: a model pair is evaluated on at least one split');
  const { classes } = first.from;
  const metric = request.performanceMetric ?? 'accuracy';
  checkPerformanceMetric(metric, first.data.numClasses);
  const { name: h1Name, ...h1Spec } = request.h1;
  const h1 = await openH1Source(
    { models: deps.models, files: deps.h1Files ?? noH1Files },
    'uri' in h1Spec ? { uri: h1Spec.uri } : h1Spec,
    { name: h1Name, ...('field' in h1Spec ? { field: h1Spec.field } : {}) },
  );
  let h2: LayersModelLike;
  try {
    h2 = await loadModelAt(deps.models, request.h2.uri, request.h2.field);
  } catch (error) {
    await h1.dispose();
    throw error;
  }
  const signal = cancellationSignal();
  const cancel = signal === undefined ? {} : { signal };
  const evaluations = new Map<string, Evaluation>();
  try {
    for (const split of resolved) {
      const h1Outputs = await h1.outputs(split.name, split.data, cancel);
      heartbeat();
      const table = await predict(h2, split.data, { field: request.h2.name, ...cancel });
      const predictions = predictionArrays(table, `${request.h2.name} predictions`);
      evaluations.set(split.name, pointEvaluation(PAIR_POINT_ID, split.name, predictions, h1Outputs, classes, metric));
      heartbeat();
    }
  } finally {
    await h1.dispose();
    h2.dispose();
  }
  const hashes = new Set(resolved.map((split) => split.from.sha256));
  const sha256 =
    hashes.size === 1
      ? first.from.sha256
      : createHash('sha256')
          .update(resolved.map((split) => `${split.name} ${split.from.sha256}\n`).join(''))
          .digest('hex');
  return {
    sha256,
    datasetInputs: resolved.flatMap((split) =>
      datasetInputs({ uri: request.datasetUri, trainSplit: '', testSplit: split.name }, split.from, [
        { name: split.name, context: 'eval' },
      ]),
    ),
    classes,
    sizes: Object.fromEntries(resolved.map((split) => [split.name, dataSize(split.data)])),
    evaluations,
    durationMs: Date.now() - started,
    datasetParams: datasetReadParams(
      request.datasetColumns ?? {},
      {
        ...first.from,
        idSources: Object.fromEntries(resolved.map((s) => [s.name, s.from.idSources?.[s.name] ?? 'column'])),
      },
      resolved.map((s) => s.name),
    ),
  };
}

/** The reader of callers that never pass h1 files (a regression check's champion is a model). */
const noH1Files: H1FileReader = {
  splitFile: (uri, _split, field) =>
    Promise.reject(new InvalidInputError(field, 'a saved model (no h1 files here)', uri)),
  file: (uri, field) => Promise.reject(new InvalidInputError(field, 'a saved model (no h1 files here)', uri)),
  folder: (uri, field) => Promise.reject(new InvalidInputError(field, 'a saved model (no h1 files here)', uri)),
};
