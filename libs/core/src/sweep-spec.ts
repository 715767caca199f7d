import { InvalidInputError } from './bcml-error.js';
import type { CompatibilityLossName } from './compatibility-loss-names.js';
import { datasetColumnsKeys, parseDatasetColumns, type DatasetColumnsSpec } from './dataset-columns-spec.js';
import { formatLambda } from './format-lambda.js';
import { parseH1Spec, type H1Spec } from './h1-spec.js';
import { arrayAt, distinctAt, nameAt, oneOfAt, splitNameAt } from './json-fields.js';
import { integerAt, numberAt, seedAt } from './json-numbers.js';
import { fieldOf, isPresent, optionalAt, presentKeys, recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import { expandRange, lambdaGrid, MAX_LAMBDA, MAX_LAMBDAS, type LambdaGridSpec } from './lambda-grid.js';
import {
  baseLossesOf,
  baseLossNames,
  compatibilityLossOf,
  dissonanceNames,
  type BaseLoss,
  type Dissonance,
} from './loss-grid.js';
import { lossOptionKeys, parseLossOptionValues, type TrainingLossOptions } from './loss-options.js';
import { MAX_PACK } from './point-pack.js';
import { performanceMetrics, type PerformanceMetric } from './performance-metric.js';
import { datasetUriAt } from './resource-uri.js';
import type { WorkerPool } from './task-queues.js';
import { parseTrackingSpec, type TrackingSpec } from './tracking-spec.js';
import { parseTrainingShape, trainingShapeKeys, type TrainingShape } from './training-shape.js';

/** The dataset a sweep trains on (its `trainSplit`) and evaluates on (both splits), and how its columns are read. */
export interface SweepDatasetSpec extends DatasetColumnsSpec {
  /** `bcml:datasets/<name>`, a path, `file://`, `http(s)://` or an MLflow artifact URI. */
  readonly uri: string;
  /** Default `train`. */
  readonly trainSplit: string;
  /** Default `test`; differs from `trainSplit`. */
  readonly testSplit: string;
}

/** The deployed model h1 a sweep keeps compatible with: a saved model or a predictions file (`H1Spec`). */
export type SweepH1Spec = H1Spec;

/**
 * How every h2 of the sweep is trained: `TrainingSpec` without the loss and λ (the grid's) and the seed (the spec's).
 * `lossOptions` go to the grid losses that take them (`pivot` to the binary ones, `alpha`/`beta`/`temperature` to
 * focal distillation); the head follows each loss (`trainingHead`).
 */
export interface SweepH2Spec extends TrainingShape {
  readonly lossOptions?: TrainingLossOptions;
}

/** The grid: one point per (dissonance, base loss, λ). */
export interface SweepGridSpec {
  /** Explicit λ values (distinct, ≥ 0) or a range; expand with `lambdaGrid`. */
  readonly lambdas: LambdaGridSpec;
  readonly dissonances: readonly Dissonance[];
  /** Base losses; every dissonance must take every one (`baseLossesOf`). */
  readonly losses: readonly BaseLoss[];
}

/** Where and how the points train. */
export interface SweepExecutionSpec {
  /** The trainer pool: task queue `bcml-train-<pool>`. Default `cpu`. */
  readonly pool: WorkerPool;
  /** Trainer activities (a point alone or a pack, `pack`) running at once, 1 to 1000. Default 1. */
  readonly parallelism: number;
  /** Attempts per activity before its points are recorded as failed (1 = no retry; a pack retries whole). Default 3. */
  readonly maxAttempts: number;
  /** Seconds before the first retry (doubling after each). Default 10. */
  readonly retryIntervalSeconds: number;
  /** An activity attempt that does not heartbeat for this long is retried (trainers beat every epoch). Default 300. */
  readonly heartbeatTimeoutSeconds: number;
  /** Upper bound of one activity attempt (a point or a whole pack), seconds start to close. Default 21600 (6 h). */
  readonly pointTimeoutSeconds: number;
  /**
   * Points one trainer activity trains together, as one stacked model in the same steps (`sweepPacks`), 1 to
   * `MAX_PACK`; 1 trains each point alone. Default `auto`: the packable points (`isPackable`) shared evenly over
   * `parallelism` activities, at most `MAX_PACK` each.
   */
  readonly pack: number | 'auto';
}

/** A compatibility sweep: train one h2 per grid point against h1 on a dataset, evaluate, report (DESIGN.md). */
export interface SweepSpec {
  /** Names the sweep in MLflow, result files and run keys. */
  readonly name: string;
  readonly dataset: SweepDatasetSpec;
  readonly h1: SweepH1Spec;
  readonly h2: SweepH2Spec;
  readonly sweep: SweepGridSpec;
  /** `accuracy` (default), `balanced-accuracy`, `macro-f1` or `roc-auc` (binary datasets only). */
  readonly performanceMetric: PerformanceMetric;
  readonly execution: SweepExecutionSpec;
  /** Seed of h2's initial weights, dropout masks and batch order (shared by every point). Default 0. */
  readonly seed: number;
  /** Default: the experiment named after the sweep. */
  readonly tracking: TrackingSpec;
}

/** The most points (dissonances × losses × λs) one sweep may have: keeps history and payloads small. */
export const MAX_SWEEP_POINTS = 1000;

/** The values omitted fields of a sweep spec take (`tracking.experiment` defaults to the sweep's `name`). */
export const sweepSpecDefaults = {
  dataset: { trainSplit: 'train', testSplit: 'test' },
  performanceMetric: 'accuracy',
  execution: {
    pool: 'cpu',
    parallelism: 1,
    maxAttempts: 3,
    retryIntervalSeconds: 10,
    heartbeatTimeoutSeconds: 300,
    pointTimeoutSeconds: 21_600,
    pack: 'auto',
  },
  seed: 0,
} as const satisfies {
  readonly dataset: Omit<SweepDatasetSpec, 'uri'>;
  readonly performanceMetric: PerformanceMetric;
  readonly execution: SweepExecutionSpec;
  readonly seed: number;
};

const specKeys = ['name', 'dataset', 'h1', 'h2', 'sweep', 'performanceMetric', 'execution', 'seed', 'tracking'];
const h2Keys = [...trainingShapeKeys, 'lossOptions'];
const executionKeys = [
  'pool',
  'parallelism',
  'maxAttempts',
  'retryIntervalSeconds',
  'heartbeatTimeoutSeconds',
  'pointTimeoutSeconds',
  'pack',
];

/**
 * Validates a sweep spec (parsed JSON) at the edge and returns it with defaults applied (`sweepSpecDefaults`).
 * Unknown keys, unknown dissonances and losses, combinations the registry lacks, bad λ grids and out-of-range values
 * throw an `InvalidInputError` naming the field, e.g. `invalid sweep.lambdas[2]: expected a number from 0 to 1000000,
 * received -1`. What needs the data (files, columns, shapes) is checked by the `prepareSweep` activity.
 */
export function parseSweepSpec(value: unknown): SweepSpec {
  const record = recordAt('spec', value, 'a sweep spec object');
  rejectUnknownKeys('', record, specKeys);
  const name = nameAt('name', requiredAt('', record, 'name'));
  const dataset = parseSweepDatasetSpec(requiredAt('', record, 'dataset'));
  const h1 = parseH1Spec('h1', requiredAt('', record, 'h1'));
  const sweep = parseGrid(requiredAt('', record, 'sweep'));
  const seed = optionalAt(record, 'seed', (v) => seedAt('seed', v), sweepSpecDefaults.seed);
  const h2 = parseH2(requiredAt('', record, 'h2'), sweep);
  const performanceMetric = optionalAt(
    record,
    'performanceMetric',
    (v) => oneOfAt('performanceMetric', v, performanceMetrics),
    sweepSpecDefaults.performanceMetric,
  );
  const execution = optionalAt(record, 'execution', parseExecution, { ...sweepSpecDefaults.execution });
  const tracking = optionalAt(record, 'tracking', (v) => parseTrackingSpec(v, 'tracking', name), {
    experiment: name,
  });
  return { name, dataset, h1, h2, sweep, performanceMetric, execution, seed, tracking };
}

/** The grid's compatibility losses, dissonance-major (`new-error/cross-entropy`, `strict-imitation/cross-entropy`). */
export function sweepLosses(grid: Pick<SweepGridSpec, 'dissonances' | 'losses'>): CompatibilityLossName[] {
  return grid.dissonances.flatMap((d) => grid.losses.flatMap((l) => compatibilityLossOf(d, l) ?? []));
}

/**
 * Validates a spec's `dataset` object (`uri`, `trainSplit`, `testSplit`, `label`, `imageShape`) with defaults
 * applied; errors name `dataset.<key>`. Shared by the sweep spec and `bcml train`'s spec.
 */
export function parseSweepDatasetSpec(value: unknown): SweepDatasetSpec {
  const record = recordAt('dataset', value, 'an object with "uri"');
  rejectUnknownKeys('dataset', record, ['uri', 'trainSplit', 'testSplit', ...datasetColumnsKeys]);
  const uri = datasetUriAt('dataset.uri', requiredAt('dataset', record, 'uri'));
  const { trainSplit: defaultTrain, testSplit: defaultTest } = sweepSpecDefaults.dataset;
  const trainSplit = optionalAt(record, 'trainSplit', (v) => splitNameAt('dataset.trainSplit', v), defaultTrain);
  const testSplit = optionalAt(record, 'testSplit', (v) => splitNameAt('dataset.testSplit', v), defaultTest);
  if (testSplit === trainSplit) {
    throw new InvalidInputError('dataset.testSplit', `a split other than trainSplit ("${trainSplit}")`, testSplit);
  }
  return { uri, trainSplit, testSplit, ...parseDatasetColumns(record, 'dataset') };
}

function parseGrid(value: unknown): SweepGridSpec {
  const record = recordAt('sweep', value, 'an object with "lambdas", "dissonances" and "losses"');
  rejectUnknownKeys('sweep', record, ['lambdas', 'dissonances', 'losses']);
  const lambdas = parseLambdas(requiredAt('sweep', record, 'lambdas'));
  const dissonances = distinctAt(
    'sweep.dissonances',
    arrayAt('sweep.dissonances', requiredAt('sweep', record, 'dissonances'), (v, at) =>
      oneOfAt(at, v, dissonanceNames),
    ),
  );
  const losses = distinctAt(
    'sweep.losses',
    arrayAt('sweep.losses', requiredAt('sweep', record, 'losses'), (v, at) => oneOfAt(at, v, baseLossNames)),
  );
  for (const dissonance of dissonances) {
    losses.forEach((loss, i) => {
      if (compatibilityLossOf(dissonance, loss) === undefined) {
        throw new InvalidInputError(
          `sweep.losses[${i}]`,
          `a base loss that every dissonance takes (${dissonance} takes ${baseLossesOf(dissonance).join(', ')})`,
          loss,
        );
      }
    });
  }
  const points = dissonances.length * losses.length * lambdaGrid(lambdas).length;
  if (points > MAX_SWEEP_POINTS) {
    throw new InvalidInputError(
      'sweep',
      `a grid of at most ${MAX_SWEEP_POINTS} points (dissonances × losses × λs; this one has ${points})`,
      record,
    );
  }
  return { lambdas, dissonances, losses };
}

function parseLambdas(value: unknown): LambdaGridSpec {
  const field = 'sweep.lambdas';
  if (Array.isArray(value)) {
    const lambdas = arrayAt(field, value, (v, at) => Number(formatLambda(numberAt(at, v, 0, MAX_LAMBDA))), MAX_LAMBDAS);
    distinctAt(field, lambdas.map(formatLambda));
    return lambdas;
  }
  const record = recordAt(field, value, 'an array of λ values or a range { start, stop, step }');
  rejectUnknownKeys(field, record, ['start', 'stop', 'step']);
  const range = {
    start: numberAt(`${field}.start`, requiredAt(field, record, 'start'), 0, MAX_LAMBDA),
    stop: numberAt(`${field}.stop`, requiredAt(field, record, 'stop'), 0, MAX_LAMBDA),
    step: numberAt(`${field}.step`, requiredAt(field, record, 'step'), 0, MAX_LAMBDA),
  };
  expandRange(range, field);
  return {
    start: Number(formatLambda(range.start)),
    stop: Number(formatLambda(range.stop)),
    step: Number(formatLambda(range.step)),
  };
}

function parseH2(value: unknown, grid: SweepGridSpec): SweepH2Spec {
  const record = recordAt('h2', value, 'an object with "model", "optimizer", "epochs" and "batchSize"');
  for (const key of ['loss', 'lambda', 'seed', 'head']) {
    if (isPresent(record, key)) {
      throw new InvalidInputError(
        `h2.${key}`,
        'no such key (the sweep grid sets each point’s loss and λ, the spec its seed; the head follows the loss)',
        record[key],
      );
    }
  }
  rejectUnknownKeys('h2', record, h2Keys);
  const losses = sweepLosses(grid);
  const options = optionalAt(record, 'lossOptions', (v) => recordAt('h2.lossOptions', v, 'an object of loss options'));
  for (const key of options === undefined ? [] : presentKeys(options)) {
    if (!losses.some((loss) => (lossOptionKeys[loss] as readonly string[]).includes(key))) {
      throw new InvalidInputError(
        `h2.lossOptions.${key}`,
        `an option a loss of the grid takes (${losses.map((l) => `${l}: ${lossOptionKeys[l].join(', ') || 'none'}`).join('; ')})`,
        options?.[key],
      );
    }
  }
  const shape = parseTrainingShape(record, 'h2');
  if (options === undefined) return shape;
  const keys = losses.flatMap((loss) => lossOptionKeys[loss]).filter((key, i, all) => all.indexOf(key) === i);
  return { ...shape, lossOptions: parseLossOptionValues(options, keys, 'h2.lossOptions') };
}

/** `auto` or an integer from 1 to `MAX_PACK`. */
function parsePack(field: string, value: unknown): number | 'auto' {
  if (value === 'auto') return 'auto';
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PACK) {
    throw new InvalidInputError(field, `"auto" or an integer from 1 to ${MAX_PACK}`, value);
  }
  return value;
}

function parseExecution(value: unknown): SweepExecutionSpec {
  const field = 'execution';
  const record = recordAt(field, value, 'an object');
  rejectUnknownKeys(field, record, executionKeys);
  const defaults = sweepSpecDefaults.execution;
  const at = (key: string): string => fieldOf(field, key);
  const execution: SweepExecutionSpec = {
    pool: optionalAt(record, 'pool', (v) => oneOfAt<WorkerPool>(at('pool'), v, ['cpu', 'gpu']), defaults.pool),
    parallelism: optionalAt(
      record,
      'parallelism',
      (v) => integerAt(at('parallelism'), v, 1, 1000),
      defaults.parallelism,
    ),
    maxAttempts: optionalAt(
      record,
      'maxAttempts',
      (v) => integerAt(at('maxAttempts'), v, 1, 100),
      defaults.maxAttempts,
    ),
    retryIntervalSeconds: optionalAt(
      record,
      'retryIntervalSeconds',
      (v) => numberAt(at('retryIntervalSeconds'), v, 0.1, 3600),
      defaults.retryIntervalSeconds,
    ),
    heartbeatTimeoutSeconds: optionalAt(
      record,
      'heartbeatTimeoutSeconds',
      (v) => numberAt(at('heartbeatTimeoutSeconds'), v, 1, 86_400),
      defaults.heartbeatTimeoutSeconds,
    ),
    pointTimeoutSeconds: optionalAt(
      record,
      'pointTimeoutSeconds',
      (v) => numberAt(at('pointTimeoutSeconds'), v, 1, 7 * 86_400),
      defaults.pointTimeoutSeconds,
    ),
    pack: optionalAt(record, 'pack', (v) => parsePack(at('pack'), v), defaults.pack),
  };
  if (execution.pointTimeoutSeconds <= execution.heartbeatTimeoutSeconds) {
    throw new InvalidInputError(
      at('pointTimeoutSeconds'),
      `more seconds than heartbeatTimeoutSeconds (${execution.heartbeatTimeoutSeconds})`,
      execution.pointTimeoutSeconds,
    );
  }
  return execution;
}
