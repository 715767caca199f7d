import { MetricInputError } from './metric-input-error.js';
import { type PerformanceInput, validatePerformanceInput } from './performance-input.js';

/**
 * Area under the ROC curve of a binary task (labels 0 and 1, class 1 positive) from the positive-class scores:
 * the probability that a random positive outscores a random negative, ties counting one half,
 * AUC = Σ_g P_g·(N_<g + N_g/2) / (P·N) over the groups g of equal score (P_g positives and N_g negatives in g,
 * N_<g negatives scored lower). Equals scikit-learn's `roc_auc_score` (trapezoidal ROC, ties as one step).
 * `null` when one class is absent (the curve is undefined). Requires `numClasses` = 2 and `scores`.
 */
export function rocAuc(input: PerformanceInput): number | null {
  validatePerformanceInput(input);
  const { labels, numClasses, scores } = input;
  if (numClasses !== 2) {
    throw new MetricInputError({ argument: 'numClasses' }, '2 (ROC AUC is defined for binary tasks)', numClasses);
  }
  if (scores === undefined) {
    throw new MetricInputError({ argument: 'scores' }, 'the positive-class score of each instance', scores);
  }
  const n = labels.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  order.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let negatives = 0;
  // Twice the numerator, so every term is an integer: Σ P_g·(2·N_<g + N_g).
  let twiceArea = 0;
  for (let start = 0; start < n;) {
    const score = scores[order[start] as number] as number;
    let groupPositives = 0;
    let groupNegatives = 0;
    let end = start;
    for (; end < n && scores[order[end] as number] === score; end += 1) {
      if (labels[order[end] as number] === 1) groupPositives += 1;
      else groupNegatives += 1;
    }
    twiceArea += groupPositives * (2 * negatives + groupNegatives);
    positives += groupPositives;
    negatives += groupNegatives;
    start = end;
  }
  return positives === 0 || negatives === 0 ? null : twiceArea / (2 * positives * negatives);
}
