import { checkClassIndices, checkContainer, checkLength, type LabelArray, MAX_CLASSES } from './compatibility-input.js';
import { MetricInputError } from './metric-input-error.js';

/** Per-instance real scores: a plain array or a float typed array. */
export type ScoreArray = readonly number[] | Float32Array | Float64Array;

/** What the performance metrics of one model read: true labels, its predicted classes, and optional scores. */
export interface PerformanceInput {
  /** True class of each instance, an integer in [0, numClasses). */
  readonly labels: LabelArray;
  /** The model's predicted class of each instance (argmax of its output), in [0, numClasses). */
  readonly predictions: LabelArray;
  /** Number of classes C. */
  readonly numClasses: number;
  /**
   * The model's score of the positive class 1 per instance (a probability, a logit or any monotone transform of
   * them), finite; read by `roc-auc` only, which needs it and C = 2.
   */
  readonly scores?: ScoreArray | undefined;
}

/**
 * Checks a performance input before anything is computed: labels and predictions as the compatibility metrics
 * check them, scores (when given) of the same length and finite. The first fault is a `MetricInputError`.
 */
export function validatePerformanceInput(input: PerformanceInput): void {
  if (typeof input !== 'object' || (input as unknown) === null) {
    throw new MetricInputError({ argument: 'input' }, 'an object { labels, predictions, numClasses, scores? }', input);
  }
  const { labels, predictions, numClasses, scores } = input;
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > MAX_CLASSES) {
    throw new MetricInputError({ argument: 'numClasses' }, `a positive integer (at most ${MAX_CLASSES})`, numClasses);
  }
  checkContainer('labels', labels);
  checkContainer('predictions', predictions);
  checkLength('predictions', predictions, labels.length);
  if (scores !== undefined) {
    checkContainer('scores', scores);
    checkLength('scores', scores, labels.length);
  }
  checkClassIndices('labels', labels, numClasses);
  checkClassIndices('predictions', predictions, numClasses);
  if (scores !== undefined) checkScores(scores);
}

/** Every score a finite number. */
export function checkScores(scores: ScoreArray): void {
  for (let i = 0; i < scores.length; i += 1) {
    const v = scores[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new MetricInputError({ argument: 'scores', index: i }, 'a finite number', v);
    }
  }
}
