import { classCounts } from './class-counts.js';
import { type PerformanceInput, validatePerformanceInput } from './performance-input.js';

/**
 * Macro-averaged F1: the mean over the classes present in the labels or the predictions of
 * F1_c = 2·TP_c / (2·TP_c + FP_c + FN_c) = 2·TP_c / (n_c + #(ŷ = c)); a class never predicted right scores 0
 * (scikit-learn's `f1_score(average='macro', zero_division=0)`, whose label set is the union of both arrays'
 * classes). `null` for an empty input.
 */
export function macroF1(input: PerformanceInput): number | null {
  validatePerformanceInput(input);
  const { truePositives, actual, predicted } = classCounts(input.labels, input.predictions, input.numClasses);
  let sum = 0;
  let present = 0;
  for (let c = 0; c < actual.length; c += 1) {
    const support = (actual[c] as number) + (predicted[c] as number);
    if (support === 0) continue;
    sum += (2 * (truePositives[c] as number)) / support;
    present += 1;
  }
  return present === 0 ? null : sum / present;
}
