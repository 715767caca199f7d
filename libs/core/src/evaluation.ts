import type { PerformanceMetric } from './performance-metric.js';

/** Schema tag of an evaluation file, `evaluations/<point>/<split>.json` (DESIGN.md, "Result files"). */
export const EVALUATION_SCHEMA = 'bcml.evaluation/1';

/**
 * A proportion k/n as result files store it, with its Wilson 95 % interval. Where n = 0 the file holds `null`
 * instead ("n/a"), never 0. Same shape as `@bcml/metrics`' `Proportion`.
 */
export interface ProportionRecord {
  /** numerator / denominator, in [0, 1]. */
  readonly value: number;
  /** Wilson score 95 % interval [lo, hi], lo ≤ value ≤ hi. */
  readonly ci95: readonly [number, number];
  /** k: the instances counted. */
  readonly numerator: number;
  /** n > 0: the instances the proportion is taken over. */
  readonly denominator: number;
}

/**
 * A performance score as result files store it: `{ value, ci95 }`. Accuracy is a `ProportionRecord` (Wilson
 * interval and counts); balanced accuracy, macro-F1 and ROC AUC carry `ci95: null` (no interval is computed).
 */
export interface PerformanceRecord {
  /** The score, in [0, 1]. */
  readonly value: number;
  /** A 95 % interval [lo, hi] where the metric has one (accuracy: Wilson), else `null`. */
  readonly ci95: readonly [number, number] | null;
}

/** Both models' performance by a metric other than accuracy (whose scores are `accuracyH1` and `accuracyH2`). */
export interface EvaluationPerformance {
  /** The metric: `balanced-accuracy`, `macro-f1` or `roc-auc`. */
  readonly metric: PerformanceMetric;
  /** h1's score; `null` where undefined (no instances, or one class absent for ROC AUC). */
  readonly h1: PerformanceRecord | null;
  /** h2's score; `null` where undefined. */
  readonly h2: PerformanceRecord | null;
}

/** Raw outcome counts of (h1, h2) on one split, pooled over the dataset (`@bcml/metrics`' `OutcomeCounts`). */
export interface EvaluationCounts {
  /** Instances N. */
  readonly n: number;
  /** #(h1 = y). */
  readonly h1Correct: number;
  /** #(h2 = y). */
  readonly h2Correct: number;
  /** #(h1 ≠ y). */
  readonly h1Errors: number;
  /** #(h2 ≠ y). */
  readonly h2Errors: number;
  /** #(h1 = y ∧ h2 = y). */
  readonly bothCorrect: number;
  /** #(h1 ≠ y ∧ h2 ≠ y): the common errors. */
  readonly bothWrong: number;
  /** Common errors where h1 and h2 predict the same wrong class. */
  readonly bothWrongSamePrediction: number;
  /** Common errors where h1 and h2 predict different wrong classes. */
  readonly bothWrongDifferentPrediction: number;
  /** NF = #(h1 = y ∧ h2 ≠ y): new errors, the incompatible instances. */
  readonly negativeFlips: number;
  /** PF = #(h1 ≠ y ∧ h2 = y): h1's errors that h2 fixes. */
  readonly positiveFlips: number;
  /** #(h1 ≠ h2), right or wrong. */
  readonly churnCount: number;
}

/** The scores of (h1, h2) on one split; every proportion is `null` when its denominator is 0. */
export interface EvaluationScores {
  /** #(h1 = y) / N: the performance of h1 (accuracy). */
  readonly accuracyH1: ProportionRecord | null;
  /** #(h2 = y) / N: the performance of h2 (accuracy). */
  readonly accuracyH2: ProportionRecord | null;
  /** Backward Trust Compatibility: #(h1 = y ∧ h2 = y) / #(h1 = y). */
  readonly btc: ProportionRecord | null;
  /** Backward Error Compatibility over h1's errors (the reference's code): #(both wrong) / #(h1 ≠ y). */
  readonly bec: ProportionRecord | null;
  /** Backward Error Compatibility over h2's errors (the KDD 2020 paper's wording): #(both wrong) / #(h2 ≠ y). */
  readonly becNew: ProportionRecord | null;
  /** Negative flip rate NF / N. */
  readonly nfr: ProportionRecord | null;
  /** Positive flip rate PF / N. */
  readonly pfr: ProportionRecord | null;
  /** Negative flip impact NF / #(h2 ≠ y): the share of h2's errors that are new. */
  readonly nfi: ProportionRecord | null;
  /** Positive flip impact PF / #(h2 = y). */
  readonly pfi: ProportionRecord | null;
  /** Churn #(h1 ≠ h2) / N. */
  readonly churn: ProportionRecord | null;
  /** Inconsistency flip rate #(h2 ≠ y ∧ h1 ≠ h2) / N. */
  readonly inconsistentFlipRate: ProportionRecord | null;
  /** Relative NFR NF·N / (#(h1 = y)·#(h2 ≠ y)): not a proportion, no interval; `null` when undefined. */
  readonly relativeNfr: number | null;
  /** Exact two-sided McNemar p-value on (NF, PF); 1 when they are equal. */
  readonly mcnemarPValue: number;
  /**
   * Both models' scores by the spec's `performanceMetric` when it is not accuracy; absent for accuracy (and in
   * files written before metrics could be chosen). Read through `performanceOf`.
   */
  readonly performance?: EvaluationPerformance;
}

/** The Venn diagram of the two models' errors, as instance ids (JSON numbers) in dataset order. */
export interface EvaluationErrorOverlap {
  /** Errors of h1 only (h1 ≠ y ∧ h2 = y): the errors h2 fixed ("Progress"). */
  readonly h1Only: readonly number[];
  /** Errors of both models ("Common"). */
  readonly common: readonly number[];
  /** Errors of h2 only (h1 = y ∧ h2 ≠ y): the new errors ("Regress", the incompatible instances). */
  readonly h2Only: readonly number[];
}

/** Accuracy and incompatibility of one true class c (the instances with y = c). */
export interface EvaluationClass {
  /** The class index c, in [0, number of classes). */
  readonly index: number;
  /** The class's display name from the dataset (shown as text, never as HTML). */
  readonly name: string;
  /** n_c = #(y = c); 0 for a class absent from the split. */
  readonly count: number;
  /** #(y = c ∧ h1 = c) / n_c; `null` when the class is absent. */
  readonly accuracyH1: ProportionRecord | null;
  /** #(y = c ∧ h2 = c) / n_c; `null` when the class is absent. */
  readonly accuracyH2: ProportionRecord | null;
  /** BTC within the class; `null` when h1 never gets c right. */
  readonly btc: ProportionRecord | null;
  /** NF_c = #(y = c ∧ h1 = c ∧ h2 ≠ c); the NF_c sum to NF. */
  readonly incompatibleCount: number;
  /** The ids of those NF_c instances, in dataset order. */
  readonly incompatibleIds: readonly number[];
}

/** One instance that h1 or h2 (or both) gets wrong: a row of the report's error-instance table. */
export interface ErrorInstance {
  /** The instance id within its split (the dataset's id column, else the row position). */
  readonly id: number;
  /** The true class index y. */
  readonly label: number;
  /** h1's predicted class index. */
  readonly h1: number;
  /** h2's predicted class index. */
  readonly h2: number;
  /** A short description of the instance for display (shown as text, never as HTML). */
  readonly metadata: string;
}

/**
 * An evaluation file: everything the report, the CLI and MLflow need about one (sweep point, split). Written by
 * the reduce step from `@bcml/metrics`' `evaluateCompatibility`; pooled over the split, never batch-averaged.
 */
export interface Evaluation {
  /** Always `bcml.evaluation/1`. */
  readonly schema: typeof EVALUATION_SCHEMA;
  /** The sweep point's id (`new-error/cross-entropy/0.25`), or the compared model's id in a comparison. */
  readonly pointId: string;
  /** The split's name (`test`, `train`). */
  readonly split: string;
  /** Instances N in the split. */
  readonly n: number;
  /** The raw counts every score is built from. */
  readonly counts: EvaluationCounts;
  /** Accuracy, BTC, both BECs, flip rates, McNemar. */
  readonly scores: EvaluationScores;
  /** h1-only, common and h2-only error ids. */
  readonly errorOverlap: EvaluationErrorOverlap;
  /** One entry per class 0..C−1 of the dataset, absent classes included. */
  readonly perClass: readonly EvaluationClass[];
  /** Every instance either model gets wrong (h1Only ∪ common ∪ h2Only), in dataset order. */
  readonly errors: readonly ErrorInstance[];
}
