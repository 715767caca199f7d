import { type Evaluation, type PointHeadline } from '@bcml/core';
import { type H1Outputs, type PredictionArrays } from '@bcml/training';

import { type SweepReports } from './sweep-reports.js';

/** The evaluation file of one (point, split): h2's predictions against h1's (from its cached outputs) and the labels. */
export function pointEvaluation(
  reports: Pick<SweepReports, 'buildEvaluation'>,
  pointId: string,
  split: string,
  predictions: PredictionArrays,
  h1: H1Outputs,
  classNames: readonly string[],
): Evaluation {
  return reports.buildEvaluation({
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

/** The headline scores (accuracy, BTC, NFR) of an evaluation, as plain numbers. */
export function pointHeadline(evaluation: Evaluation): PointHeadline {
  const { accuracyH2, btc, nfr } = evaluation.scores;
  return { performance: accuracyH2?.value ?? null, btc: btc?.value ?? null, nfr: nfr?.value ?? null };
}
