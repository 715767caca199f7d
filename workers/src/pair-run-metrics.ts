import { type Evaluation, type PerformanceRecord } from '@bcml/core';
import { type MetricPoint } from '@bcml/tracking';

/**
 * The MLflow metrics of a compared pair, `<split>.<score>` per evaluated split: `n`, `accuracy_h1`, `accuracy_h2`,
 * `btc`, `bec`, `nfr`, `pfr` and `churn` (e.g. `test.btc`), and for a chosen metric other than accuracy its scores
 * `<metric>_h1` and `<metric>_h2` (`test.balanced_accuracy_h2`); an undefined score is left out.
 */
export function pairRunMetrics(evaluations: ReadonlyMap<string, Evaluation>): MetricPoint[] {
  const metrics: MetricPoint[] = [];
  for (const [split, { n, scores }] of evaluations) {
    const proportions: Record<string, PerformanceRecord | null> = {
      accuracy_h1: scores.accuracyH1,
      accuracy_h2: scores.accuracyH2,
      btc: scores.btc,
      bec: scores.bec,
      nfr: scores.nfr,
      pfr: scores.pfr,
      churn: scores.churn,
    };
    metrics.push({ key: `${split}.n`, value: n, step: 0 });
    const { performance } = scores;
    if (performance !== undefined) {
      const name = performance.metric.replaceAll('-', '_');
      proportions[`${name}_h1`] = performance.h1;
      proportions[`${name}_h2`] = performance.h2;
    }
    for (const [key, proportion] of Object.entries(proportions)) {
      if (proportion !== null) metrics.push({ key: `${split}.${key}`, value: proportion.value, step: 0 });
    }
  }
  return metrics;
}
