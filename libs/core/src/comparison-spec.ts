import { parseH1Spec, type H1Spec } from './h1-spec.js';
import { datasetColumnsKeys, parseDatasetColumns, type DatasetColumnsSpec } from './dataset-columns-spec.js';
import { arrayAt, distinctAt, nameAt, oneOfAt, splitNameAt } from './json-fields.js';
import { optionalAt, recordAt, rejectUnknownKeys, requiredAt } from './json-object.js';
import { performanceMetrics, type PerformanceMetric } from './performance-metric.js';
import { datasetUriAt, modelUriAt } from './resource-uri.js';
import { parseTrackingSpec, type TrackingSpec } from './tracking-spec.js';

/**
 * A model comparison: two models (h1 the reference, a saved model or its predictions; h2 the candidate, a saved
 * model) evaluated on a dataset, with a report.
 */
export interface ComparisonSpec {
  readonly name: string;
  readonly dataset: DatasetColumnsSpec & {
    readonly uri: string;
    /** The splits to evaluate on, distinct; default `["test"]`. */
    readonly splits: readonly string[];
  };
  /** The reference model (the deployed one): a saved model or a predictions file. */
  readonly h1: H1Spec;
  /** The candidate model. */
  readonly h2: { readonly uri: string };
  /** `accuracy` (default), `balanced-accuracy`, `macro-f1` or `roc-auc` (binary datasets only). */
  readonly performanceMetric: PerformanceMetric;
  /** Default: the experiment named after the comparison. */
  readonly tracking: TrackingSpec;
}

/** The values omitted fields of a comparison spec take. */
export const comparisonSpecDefaults = { splits: ['test'], performanceMetric: 'accuracy' } as const;

/** Validates a comparison spec with defaults applied; errors are `InvalidInputError`s naming the field. */
export function parseComparisonSpec(value: unknown): ComparisonSpec {
  const record = recordAt('spec', value, 'a comparison spec object');
  rejectUnknownKeys('', record, ['name', 'dataset', 'h1', 'h2', 'performanceMetric', 'tracking']);
  const name = nameAt('name', requiredAt('', record, 'name'));
  const datasetRecord = recordAt('dataset', requiredAt('', record, 'dataset'), 'an object with "uri"');
  rejectUnknownKeys('dataset', datasetRecord, ['uri', 'splits', ...datasetColumnsKeys]);
  const splits = optionalAt(
    datasetRecord,
    'splits',
    (v) => arrayAt('dataset.splits', v, (item, at) => splitNameAt(at, item), 16),
    [...comparisonSpecDefaults.splits],
  );
  distinctAt('dataset.splits', splits, 'a split not listed before');
  const model = (key: 'h1' | 'h2'): { uri: string } => {
    const m = recordAt(key, requiredAt('', record, key), 'an object with "uri"');
    rejectUnknownKeys(key, m, ['uri']);
    return { uri: modelUriAt(`${key}.uri`, requiredAt(key, m, 'uri')) };
  };
  return {
    name,
    dataset: {
      uri: datasetUriAt('dataset.uri', requiredAt('dataset', datasetRecord, 'uri')),
      splits,
      ...parseDatasetColumns(datasetRecord, 'dataset'),
    },
    h1: parseH1Spec('h1', requiredAt('', record, 'h1')),
    h2: model('h2'),
    performanceMetric: optionalAt(
      record,
      'performanceMetric',
      (v) => oneOfAt('performanceMetric', v, performanceMetrics),
      comparisonSpecDefaults.performanceMetric,
    ),
    tracking: optionalAt(record, 'tracking', (v) => parseTrackingSpec(v, 'tracking', name), { experiment: name }),
  };
}
