import { type Evaluation, type PointHeadline, type PointSplitScores } from '@bcml/core';

/** The headline scores of an evaluation for the summary, with the path of its file. */
export function pointSplitScores(evaluation: Evaluation, path: string): PointSplitScores {
  const { accuracyH2, btc, bec, becNew, nfr } = evaluation.scores;
  return { performance: accuracyH2, btc, bec, becNew, nfr, evaluation: path };
}

/** The headline scores (accuracy, BTC, NFR) of an evaluation, as plain numbers, for progress and MLflow. */
export function pointHeadline(evaluation: Evaluation): PointHeadline {
  const { accuracyH2, btc, nfr } = evaluation.scores;
  return { performance: accuracyH2?.value ?? null, btc: btc?.value ?? null, nfr: nfr?.value ?? null };
}
