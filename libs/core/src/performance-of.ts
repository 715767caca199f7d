import type { EvaluationScores, PerformanceRecord } from './evaluation.js';
import type { PerformanceMetric } from './performance-metric.js';

/**
 * A model's performance in an evaluation's scores by `metric`: `accuracyH1`/`accuracyH2` for accuracy, else the
 * `performance` entry written for that metric; `null` when the score is undefined or the file holds no score for
 * the metric (a file written for another metric, or before metrics could be chosen).
 */
export function performanceOf(
  scores: EvaluationScores,
  metric: PerformanceMetric,
  model: 'h1' | 'h2',
): PerformanceRecord | null {
  if (metric === 'accuracy') return model === 'h1' ? scores.accuracyH1 : scores.accuracyH2;
  const { performance } = scores;
  return performance?.metric === metric ? performance[model] : null;
}
