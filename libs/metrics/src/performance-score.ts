import type { PerformanceMetric, PerformanceRecord } from '@bcml/core';

import { balancedAccuracy } from './balanced-accuracy.js';
import { macroF1 } from './macro-f1.js';
import { type PerformanceInput, validatePerformanceInput } from './performance-input.js';
import { proportion } from './proportion.js';
import { rocAuc } from './roc-auc.js';

/**
 * One model's performance on a split: `{ value, ci95 }`, the `PerformanceRecord` of the result files (@bcml/core).
 * Accuracy is a `Proportion` (Wilson interval, counts); the other metrics carry `ci95: null` (no interval).
 */
export type PerformanceScore = PerformanceRecord;

/**
 * The performance of one model by `metric`: `accuracy` as a `Proportion` #(ŷ = y) / N, `balanced-accuracy`,
 * `macro-f1` and `roc-auc` (see those functions) as `{ value, ci95: null }`. `null` where the metric is undefined
 * (no instances; ROC AUC with one class absent).
 */
export function performanceScore(metric: PerformanceMetric, input: PerformanceInput): PerformanceScore | null {
  const value = metricValue(metric, input);
  return typeof value === 'number' ? { value, ci95: null } : value;
}

function metricValue(metric: PerformanceMetric, input: PerformanceInput): number | PerformanceScore | null {
  switch (metric) {
    case 'accuracy': {
      validatePerformanceInput(input);
      const { labels, predictions } = input;
      let correct = 0;
      for (let i = 0; i < labels.length; i += 1) if (labels[i] === predictions[i]) correct += 1;
      return proportion(correct, labels.length);
    }
    case 'balanced-accuracy':
      return balancedAccuracy(input);
    case 'macro-f1':
      return macroF1(input);
    case 'roc-auc':
      return rocAuc(input);
  }
}
