import { classCounts } from './class-counts.js';
import { type PerformanceInput, validatePerformanceInput } from './performance-input.js';

/**
 * Balanced accuracy: the mean recall over the classes present in the labels, (1/|K|)·Σ_{c∈K} TP_c / n_c with
 * K = {c : n_c > 0} (scikit-learn's `balanced_accuracy_score`); `null` for an empty input.
 */
export function balancedAccuracy(input: PerformanceInput): number | null {
  validatePerformanceInput(input);
  const { truePositives, actual } = classCounts(input.labels, input.predictions, input.numClasses);
  let sum = 0;
  let present = 0;
  for (let c = 0; c < actual.length; c += 1) {
    const n = actual[c] as number;
    if (n === 0) continue;
    sum += (truePositives[c] as number) / n;
    present += 1;
  }
  return present === 0 ? null : sum / present;
}
