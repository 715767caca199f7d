import { type Evaluation, type PerformanceMetric } from '@bcml/core';
import { buildEvaluation } from '@bcml/results';
import { classProbabilities, type H1Outputs, type PredictionArrays } from '@bcml/training';

/**
 * The evaluation file of one (point, split): h2's predictions against h1's (from its cached outputs) and the labels,
 * with both models' scores by `performanceMetric` (default accuracy). For `roc-auc` the positive-class
 * probabilities are h2's predicted probabilities of class 1 and h1's, from its logits the same way. Error instances
 * keep `instance <id>` as metadata: the report describes them from the dataset at render time (`reportImages`).
 */
export function pointEvaluation(
  pointId: string,
  split: string,
  predictions: PredictionArrays,
  h1: H1Outputs,
  classNames: readonly string[],
  performanceMetric: PerformanceMetric = 'accuracy',
): Evaluation {
  return buildEvaluation({
    pointId,
    split,
    input: {
      labels: predictions.labels,
      h1: h1.predictions(predictions.ids),
      h2: predictions.predictions,
      numClasses: predictions.numClasses,
      ids: predictions.ids,
    },
    classNames,
    performanceMetric,
    ...(performanceMetric === 'roc-auc' ? { positiveScores: positiveScores(predictions, h1) } : {}),
  });
}

/** Class 1's probability per instance, h2's from its predictions and h1's from its logits, in `predictions` order. */
function positiveScores(predictions: PredictionArrays, h1: H1Outputs): { h1: Float32Array; h2: Float32Array } {
  const { ids, probabilities, numClasses } = predictions;
  const logits = new Float32Array(ids.length * h1.width);
  h1.gather(ids, logits);
  const h1Probabilities = classProbabilities(logits, h1.width);
  return {
    h1: column(h1Probabilities.values, h1Probabilities.numClasses, 1),
    h2: column(probabilities, numClasses, 1),
  };
}

/** Column `k` of a row-major `rows × width` matrix (empty when k ≥ width: the metric then refuses the input). */
function column(values: Float32Array, width: number, k: number): Float32Array {
  if (k >= width) return new Float32Array(0);
  const out = new Float32Array(values.length / width);
  for (let i = 0; i < out.length; i += 1) out[i] = values[i * width + k]!;
  return out;
}
