import { TRACKING_API, type MlflowHttp } from './mlflow-http.js';
import { wireNumber, wireObject, wireObjects, wireString } from './wire-json.js';

/** A logged metric value (NaN reads back as NaN; ±Infinity as ±Number.MAX_VALUE, as MLflow stores it). */
export interface Metric {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

/** Page size of `metrics/get-history` requests. */
const HISTORY_PAGE = 10_000;

/** Every value logged for metric `key` of run `runId`, in MLflow's order (step, then timestamp). */
export async function getMetricHistory(http: MlflowHttp, runId: string, key: string): Promise<Metric[]> {
  const metrics: Metric[] = [];
  let pageToken: string | undefined;
  do {
    const answer = wireObject(
      await http.json('GET', `${TRACKING_API}/metrics/get-history`, {
        query: { run_id: runId, metric_key: key, max_results: HISTORY_PAGE, page_token: pageToken },
      }),
    );
    for (const metric of wireObjects(answer, 'metrics')) {
      metrics.push({
        key: wireString(metric, 'key'),
        value: wireNumber(metric, 'value') ?? Number.NaN,
        timestamp: wireNumber(metric, 'timestamp') ?? 0,
        step: wireNumber(metric, 'step') ?? 0,
      });
    }
    const token = wireString(answer, 'next_page_token');
    pageToken = token === '' ? undefined : token;
  } while (pageToken !== undefined);
  return metrics;
}
