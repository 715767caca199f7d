import {
  type Evaluation,
  type PerformanceMetric,
  performanceOf,
  type PointHeadline,
  type PointSplitScores,
} from '@bcml/core';

/** The headline scores of an evaluation for the summary, with the path of its file; performance by `metric`. */
export function pointSplitScores(
  evaluation: Evaluation,
  path: string,
  metric: PerformanceMetric = 'accuracy',
): PointSplitScores {
  const { btc, bec, becNew, nfr } = evaluation.scores;
  return { performance: performanceOf(evaluation.scores, metric, 'h2'), btc, bec, becNew, nfr, evaluation: path };
}

/** The headline scores (performance by `metric`, BTC, NFR) of an evaluation as plain numbers, for MLflow. */
export function pointHeadline(evaluation: Evaluation, metric: PerformanceMetric = 'accuracy'): PointHeadline {
  const { btc, nfr } = evaluation.scores;
  const performance = performanceOf(evaluation.scores, metric, 'h2');
  return { performance: performance?.value ?? null, btc: btc?.value ?? null, nfr: nfr?.value ?? null };
}
