import { type CompatibilityInput, validateCompatibilityInput } from './compatibility-input.js';
import { collectInstanceIds, type InstanceIds } from './instance-ids.js';
import { classOutcomeCounts, type OutcomeTally, tallyOutcomes } from './outcome-counts.js';
import { type Proportion, proportion } from './proportion.js';

/** Accuracy and incompatibility of one true class c (instances with y = c). */
export interface ClassCompatibility {
  /** The class index c, in [0, numClasses). */
  readonly classIndex: number;
  /** n_c = #(y = c); 0 for a class absent from the data. */
  readonly count: number;
  /** #(y = c ∧ h1 = c) / n_c; `null` when the class is absent. */
  readonly accuracyH1: Proportion | null;
  /** #(y = c ∧ h2 = c) / n_c; `null` when the class is absent. */
  readonly accuracyH2: Proportion | null;
  /** BTC within the class: #(y = c ∧ h1 = c ∧ h2 = c) / #(y = c ∧ h1 = c); `null` when h1 never gets c right. */
  readonly btc: Proportion | null;
  /** NF_c = #(y = c ∧ h1 = c ∧ h2 ≠ c): the class's incompatible instances; the NF_c sum to NF. */
  readonly incompatibleCount: number;
  /** Ids of those instances, in dataset order (a view into a buffer shared by all classes). */
  readonly incompatibleIds: Uint32Array;
}

/**
 * Per-class accuracy of h1 and h2 and incompatible (h1 right, h2 wrong) ids, for every class 0..numClasses−1
 * (from the argument, not inferred from the data). Absent classes get `null` accuracies, never an error.
 */
export function perClassCompatibility(input: CompatibilityInput): ClassCompatibility[] {
  const valid = validateCompatibilityInput(input);
  const tally = tallyOutcomes(valid);
  return classesFromTally(tally, collectInstanceIds(valid, tally));
}

/** Per-class results of a tally and its ids (shared with `evaluateCompatibility`). */
export function classesFromTally(tally: OutcomeTally, { incompatibleByClass }: InstanceIds): ClassCompatibility[] {
  return incompatibleByClass.map((incompatibleIds, classIndex) => {
    const { n, h1Correct, h2Correct, bothCorrect, negativeFlips } = classOutcomeCounts(tally, classIndex);
    return {
      classIndex,
      count: n,
      accuracyH1: proportion(h1Correct, n),
      accuracyH2: proportion(h2Correct, n),
      btc: proportion(bothCorrect, h1Correct),
      incompatibleCount: negativeFlips,
      incompatibleIds,
    };
  });
}
