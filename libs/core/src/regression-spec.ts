import { InvalidInputError } from './bcml-error.js';
import { datasetColumnsKeys, parseDatasetColumns, type DatasetColumnsSpec } from './dataset-columns-spec.js';
import { nameAt, oneOfAt, splitNameAt } from './json-fields.js';
import { optionalAt, recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import { performanceMetrics, type PerformanceMetric } from './performance-metric.js';
import { parseRegressionPolicy, type RegressionPolicy } from './regression-policy.js';
import { registeredModelNameAt, registryAliasAt } from './registry-names.js';
import { datasetUriAt } from './resource-uri.js';
import { parseTrackingSpec, type TrackingSpec } from './tracking-spec.js';

/**
 * A regression check (nightly): the registry's challenger against its champion (aliases of one registered model) on
 * a dataset split, judged by a policy; the verdict is recorded as an MLflow run with tags.
 */
export interface RegressionSpec {
  readonly name: string;
  readonly dataset: DatasetColumnsSpec & {
    readonly uri: string;
    /** Default `test`. */
    readonly split: string;
  };
  /** The registered model's name in the MLflow model registry. */
  readonly registeredModel: string;
  /** Default `champion`. */
  readonly championAlias: string;
  /** Default `challenger`. */
  readonly challengerAlias: string;
  /** Default `regressionPolicyDefaults`. */
  readonly policy: RegressionPolicy;
  /** `accuracy` (default), `balanced-accuracy`, `macro-f1` or `roc-auc` (binary datasets only). */
  readonly performanceMetric: PerformanceMetric;
  /** Default: the experiment named after the check. */
  readonly tracking: TrackingSpec;
}

/** The values omitted fields of a regression spec take (the policy's are `regressionPolicyDefaults`). */
export const regressionSpecDefaults = {
  split: 'test',
  championAlias: 'champion',
  challengerAlias: 'challenger',
  performanceMetric: 'accuracy',
} as const;

/** Validates a regression spec with defaults applied; errors are `InvalidInputError`s naming the field. */
export function parseRegressionSpec(value: unknown): RegressionSpec {
  const record = recordAt('spec', value, 'a regression spec object');
  rejectUnknownKeys('', record, [
    'name',
    'dataset',
    'registeredModel',
    'championAlias',
    'challengerAlias',
    'policy',
    'performanceMetric',
    'tracking',
  ]);
  const name = nameAt('name', requiredAt('', record, 'name'));
  const datasetRecord = recordAt('dataset', requiredAt('', record, 'dataset'), 'an object with "uri"');
  rejectUnknownKeys('dataset', datasetRecord, ['uri', 'split', ...datasetColumnsKeys]);
  const registeredModel = registeredModelNameAt('registeredModel', requiredAt('', record, 'registeredModel'));
  const championAlias = optionalAt(
    record,
    'championAlias',
    (v) => registryAliasAt('championAlias', v),
    regressionSpecDefaults.championAlias,
  );
  const challengerAlias = optionalAt(
    record,
    'challengerAlias',
    (v) => registryAliasAt('challengerAlias', v),
    regressionSpecDefaults.challengerAlias,
  );
  if (challengerAlias === championAlias) {
    throw new InvalidInputError(
      'challengerAlias',
      `an alias other than championAlias ("${championAlias}")`,
      challengerAlias,
    );
  }
  const spec: RegressionSpec = {
    name,
    dataset: {
      uri: datasetUriAt('dataset.uri', requiredAt('dataset', datasetRecord, 'uri')),
      split: optionalAt(datasetRecord, 'split', (v) => splitNameAt('dataset.split', v), regressionSpecDefaults.split),
      ...parseDatasetColumns(datasetRecord, 'dataset'),
    },
    registeredModel,
    championAlias,
    challengerAlias,
    policy: parseRegressionPolicy(record['policy']),
    performanceMetric: optionalAt(
      record,
      'performanceMetric',
      (v) => oneOfAt('performanceMetric', v, performanceMetrics),
      regressionSpecDefaults.performanceMetric,
    ),
    tracking: optionalAt(record, 'tracking', (v) => parseTrackingSpec(v, 'tracking', name), { experiment: name }),
  };
  const { policy, performanceMetric } = spec;
  if (
    performanceMetric !== 'accuracy' &&
    policy.maxMetricDrop !== undefined &&
    policy.maxMetricDrop.bound !== 'value'
  ) {
    throw new InvalidInputError(
      'policy.maxMetricDrop.bound',
      `"value" (${performanceMetric} has no 95% interval)`,
      policy.maxMetricDrop.bound,
    );
  }
  return spec;
}
