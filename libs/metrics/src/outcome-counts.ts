import type { EvaluationCounts } from '@bcml/core';

import type { ValidCompatibilityInput } from './compatibility-input.js';

/**
 * Raw counts of the outcomes of a paired (h1, h2) evaluation, pooled over the dataset: the `counts` of the
 * evaluation file contract (`EvaluationCounts` in @bcml/core), declared there once. h1Errors = N − h1Correct,
 * h2Errors = N − h2Correct, churnCount = NF + PF + bothWrongDifferentPrediction.
 */
export type OutcomeCounts = EvaluationCounts;

/**
 * The one-pass tally behind every metric: for each true class c and outcome code o, the number of instances, at
 * `byClass[8c + o]`. The code is o = 4·[h1 ≠ h2] + 2·[h1 = y] + [h2 = y], so 3 = both correct, 6 = negative
 * flip, 5 = positive flip, 0 = both wrong with the same class, 4 = both wrong with different classes (1, 2 and 7
 * cannot occur). One counter update per instance; every count is a sum of these cells.
 */
export interface OutcomeTally {
  readonly numClasses: number;
  readonly byClass: Float64Array;
}

const BOTH_WRONG_SAME = 0;
const BOTH_CORRECT = 3;
const BOTH_WRONG_DIFFERENT = 4;
const POSITIVE_FLIP = 5;
const NEGATIVE_FLIP = 6;

/**
 * Counts outcomes in one pass over validated arrays, with no allocation per instance: one increment of a
 * `Float64Array` cell (exact up to 2^53) per instance.
 */
export function tallyOutcomes({ labels, h1, h2, numClasses, n }: ValidCompatibilityInput): OutcomeTally {
  const byClass = new Float64Array(8 * numClasses);
  for (let i = 0; i < n; i += 1) {
    // Validated: every element is an integer in [0, numClasses).
    const y = labels[i] as number;
    const a = h1[i] as number;
    const b = h2[i] as number;
    const cell = 8 * y + ((a === b ? 0 : 4) | (a === y ? 2 : 0) | (b === y ? 1 : 0));
    byClass[cell] = (byClass[cell] as number) + 1;
  }
  return { numClasses, byClass };
}

/** The raw counts pooled over all classes. */
export function outcomeCounts(tally: OutcomeTally): OutcomeCounts {
  const cells = new Float64Array(8);
  for (let c = 0; c < tally.numClasses; c += 1) {
    for (let o = 0; o < 8; o += 1) cells[o] = (cells[o] as number) + (tally.byClass[8 * c + o] as number);
  }
  return countsFromCells(cells, 0);
}

/** The raw counts of the instances of true class c. */
export function classOutcomeCounts(tally: OutcomeTally, classIndex: number): OutcomeCounts {
  return countsFromCells(tally.byClass, 8 * classIndex);
}

function countsFromCells(cells: Float64Array, at: number): OutcomeCounts {
  const bothCorrect = cells[at + BOTH_CORRECT] as number;
  const negativeFlips = cells[at + NEGATIVE_FLIP] as number;
  const positiveFlips = cells[at + POSITIVE_FLIP] as number;
  const bothWrongSamePrediction = cells[at + BOTH_WRONG_SAME] as number;
  const bothWrongDifferentPrediction = cells[at + BOTH_WRONG_DIFFERENT] as number;
  const bothWrong = bothWrongSamePrediction + bothWrongDifferentPrediction;
  const n = bothCorrect + negativeFlips + positiveFlips + bothWrong;
  const h1Correct = bothCorrect + negativeFlips;
  const h2Correct = bothCorrect + positiveFlips;
  return {
    n,
    h1Correct,
    h2Correct,
    h1Errors: n - h1Correct,
    h2Errors: n - h2Correct,
    bothCorrect,
    bothWrong,
    bothWrongSamePrediction,
    bothWrongDifferentPrediction,
    negativeFlips,
    positiveFlips,
    churnCount: negativeFlips + positiveFlips + bothWrongDifferentPrediction,
  };
}
