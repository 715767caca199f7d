import { type Evaluation } from '@bcml/core';
import { buildEvaluation } from '@bcml/results';
import { type H1Outputs, type PredictionArrays } from '@bcml/training';

/** The evaluation file of one (point, split): h2's predictions against h1's (from its cached outputs) and the labels. */
export function pointEvaluation(
  pointId: string,
  split: string,
  predictions: PredictionArrays,
  h1: H1Outputs,
  classNames: readonly string[],
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
  });
}
