import { type CompatibilityInput, validateCompatibilityInput } from './compatibility-input.js';
import { mcnemarExactPValue } from './mcnemar.js';
import { type OutcomeCounts, type OutcomeTally, outcomeCounts, tallyOutcomes } from './outcome-counts.js';
import { type Proportion, proportion } from './proportion.js';

/**
 * Performance and backward-compatibility scores of an update h1 → h2, pooled over the dataset (never averaged
 * over batches). Each proportion carries its counts and a Wilson 95 % interval, or is `null` when its
 * denominator is 0. Notation: N instances, y the label, NF = #(h1 = y ∧ h2 ≠ y), PF = #(h1 ≠ y ∧ h2 = y).
 */
export interface CompatibilityScores {
  /** Instances N. */
  readonly n: number;
  /** The raw counts every score is built from. */
  readonly counts: OutcomeCounts;
  /** #(h1 = y) / N. */
  readonly accuracyH1: Proportion | null;
  /** #(h2 = y) / N. */
  readonly accuracyH2: Proportion | null;
  /** Backward Trust Compatibility: #(h1 = y ∧ h2 = y) / #(h1 = y) = 1 − NFR / accuracyH1. */
  readonly btc: Proportion | null;
  /** Backward Error Compatibility as the reference codes it: #(h1 ≠ y ∧ h2 ≠ y) / #(h1 ≠ y) (h1's errors). */
  readonly bec: Proportion | null;
  /** BEC as the KDD 2020 paper words it: #(h1 ≠ y ∧ h2 ≠ y) / #(h2 ≠ y) (h2's errors) = 1 − NFI. */
  readonly becNew: Proportion | null;
  /** Negative flip rate: NF / N. */
  readonly nfr: Proportion | null;
  /** Positive flip rate: PF / N. */
  readonly pfr: Proportion | null;
  /** Negative flip impact: NF / #(h2 ≠ y), the share of h2's errors that are new. */
  readonly nfi: Proportion | null;
  /** Positive flip impact: PF / #(h2 = y), the share of h2's correct answers that h1 got wrong. */
  readonly pfi: Proportion | null;
  /**
   * Relative NFR (Yan et al., CVPR 2021, eq. 11): NFR / ((1 − ER_h1)·ER_h2) = NFR / (accuracyH1 · (1 − accuracyH2))
   * = NF·N / (#(h1 = y)·#(h2 ≠ y)): observed NFR over the NFR expected were h1's and h2's errors independent.
   * Not a proportion (it can exceed 1), so a plain number, no interval; `null` when h1 is never right or h2
   * never wrong.
   */
  readonly relativeNfr: number | null;
  /** Churn: #(h1 ≠ h2) / N, whatever the label. */
  readonly churn: Proportion | null;
  /** Inconsistency flip rate NFR_mc (MUSCLE, 2024): #(h2 ≠ y ∧ h1 ≠ h2) / N = (NF + both wrong, differently) / N. */
  readonly inconsistentFlipRate: Proportion | null;
  /** Exact two-sided McNemar p-value on (NF, PF): min(1, 2·P(X ≤ min(NF, PF))), X ~ Bin(NF + PF, 1/2); 1 if equal. */
  readonly mcnemarPValue: number;
}

/**
 * Scores an update h1 → h2 on labelled data: accuracy, BTC, both BECs, NFR, PFR, NFI, PFI, relative NFR, churn
 * and McNemar, pooled over the dataset. Validates first (`MetricInputError`), then counts in one pass.
 */
export function computeCompatibility(input: CompatibilityInput): CompatibilityScores {
  return scoresFromTally(tallyOutcomes(validateCompatibilityInput(input)));
}

/** The scores of a tally (shared with `evaluateCompatibility`). */
export function scoresFromTally(tally: OutcomeTally): CompatibilityScores {
  const counts = outcomeCounts(tally);
  const { n, h1Correct, h2Correct, h1Errors, h2Errors, bothCorrect, bothWrong, negativeFlips, positiveFlips } = counts;
  return {
    n,
    counts,
    accuracyH1: proportion(h1Correct, n),
    accuracyH2: proportion(h2Correct, n),
    btc: proportion(bothCorrect, h1Correct),
    bec: proportion(bothWrong, h1Errors),
    becNew: proportion(bothWrong, h2Errors),
    nfr: proportion(negativeFlips, n),
    pfr: proportion(positiveFlips, n),
    nfi: proportion(negativeFlips, h2Errors),
    pfi: proportion(positiveFlips, h2Correct),
    relativeNfr: h1Correct === 0 || h2Errors === 0 ? null : (negativeFlips * n) / (h1Correct * h2Errors),
    churn: proportion(counts.churnCount, n),
    inconsistentFlipRate: proportion(negativeFlips + counts.bothWrongDifferentPrediction, n),
    mcnemarPValue: mcnemarExactPValue(negativeFlips, positiveFlips),
  };
}
