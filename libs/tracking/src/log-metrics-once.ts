import { logBatch, type MetricPoint } from './log-batch.js';
import { getMetricHistory } from './metric-history.js';
import type { MlflowHttp } from './mlflow-http.js';

/**
 * Logs the values of `metrics` whose (key, step) run `runId` does not hold yet, and resolves them. What a retried
 * attempt logs: MLflow appends a metric value with a new timestamp as a second entry of the same step, so an attempt
 * that logs again what an earlier attempt already logged (its answer lost, or the attempt failed afterwards) would
 * duplicate it. Reads each key's history once (one request per key), so use it where a run is found again, not for
 * every batch of a first attempt.
 */
export async function logMetricsOnce(
  http: MlflowHttp,
  runId: string,
  metrics: readonly MetricPoint[],
): Promise<MetricPoint[]> {
  const logged = new Map<string, Set<number>>();
  for (const key of new Set(metrics.map((m) => m.key))) {
    logged.set(key, new Set((await getMetricHistory(http, runId, key)).map((m) => m.step)));
  }
  const missing = metrics.filter((m) => logged.get(m.key)?.has(m.step ?? 0) !== true);
  if (missing.length > 0) await logBatch(http, runId, { metrics: missing });
  return missing;
}
