import { InvalidInputError } from './bcml-error.js';

/**
 * The metric a sweep trades off against BTC and a regression policy guards, computed on h2 (and h1) over a split:
 * `accuracy` (pooled, the default), `balanced-accuracy` (mean recall over the classes present), `macro-f1` (mean
 * F1 over the classes present or predicted) or `roc-auc` (binary tasks only, from the positive-class scores).
 */
export type PerformanceMetric = 'accuracy' | 'balanced-accuracy' | 'macro-f1' | 'roc-auc';

/** The performance metrics a spec may name. */
export const performanceMetrics: readonly PerformanceMetric[] = [
  'accuracy',
  'balanced-accuracy',
  'macro-f1',
  'roc-auc',
];

/**
 * Checks the spec's metric against the dataset's number of classes once it is known (in prepare, before any
 * training): `roc-auc` needs a binary task; an `InvalidInputError` naming `performanceMetric` otherwise.
 */
export function checkPerformanceMetric(metric: PerformanceMetric, classes: number): void {
  if (metric === 'roc-auc' && classes !== 2) {
    throw new InvalidInputError(
      'performanceMetric',
      `accuracy, balanced-accuracy or macro-f1 for a dataset of ${classes} classes (roc-auc needs 2)`,
      metric,
    );
  }
}
