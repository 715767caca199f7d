import type { LabelArray } from './compatibility-input.js';

/** Per-class counts of one model's predictions: true positives, true instances and predicted instances per class. */
export interface ClassCounts {
  /** TP_c = #(y = c ∧ ŷ = c). */
  readonly truePositives: Float64Array;
  /** n_c = #(y = c). */
  readonly actual: Float64Array;
  /** #(ŷ = c). */
  readonly predicted: Float64Array;
}

/** Counts TP_c, #(y = c) and #(ŷ = c) in one pass over validated arrays (integers in [0, numClasses)). */
export function classCounts(labels: LabelArray, predictions: LabelArray, numClasses: number): ClassCounts {
  const truePositives = new Float64Array(numClasses);
  const actual = new Float64Array(numClasses);
  const predicted = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i += 1) {
    const y = labels[i] as number;
    const p = predictions[i] as number;
    actual[y] = (actual[y] as number) + 1;
    predicted[p] = (predicted[p] as number) + 1;
    if (p === y) truePositives[y] = (truePositives[y] as number) + 1;
  }
  return { truePositives, actual, predicted };
}
