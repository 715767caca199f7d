import { describe, expect, it } from 'vitest';

import { createMlflowClient, isTransientDatabaseAnswer, MlflowError, trackingConfigFromEnv } from '@bcml/tracking';

// MLflow's SQL store answers database contention with HTTP 400: found by the load suite (test/chaos/load.test.ts),
// where sweeps submitted at once failed in prepareSweep on the first such answer.
const poolExhausted =
  'QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/21/3o7r)';
const datasetRace =
  '(sqlite3.IntegrityError) UNIQUE constraint failed: datasets.experiment_id, datasets.name, datasets.digest';

/** A fetch that answers 400 with `message` `failures` times, then `{}` (what log-batch answers). */
function fetchFailing(failures: number, message: string): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: () => {
      calls += 1;
      const body = calls <= failures ? JSON.stringify({ error_code: 'BAD_REQUEST', message }) : '{}';
      return Promise.resolve(new Response(body, { status: calls <= failures ? 400 : 200 }));
    },
    calls: () => calls,
  };
}

const config = {
  ...trackingConfigFromEnv({ MLFLOW_TRACKING_URI: 'http://127.0.0.1:1' }),
  retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
};
const instant = { sleep: () => Promise.resolve(), random: () => 0.5 };

describe('transient database answers (HTTP 400 from MLflow under load)', () => {
  it('recognises a pool exhausted, SQLite busy and a concurrent insert of the same row, nothing else', () => {
    expect(isTransientDatabaseAnswer(400, poolExhausted)).toBe(true);
    expect(isTransientDatabaseAnswer(400, datasetRace)).toBe(true);
    expect(isTransientDatabaseAnswer(400, '(sqlite3.OperationalError) database is locked')).toBe(true);
    expect(isTransientDatabaseAnswer(400, "Invalid value 'x' for parameter 'run_id'")).toBe(false);
    expect(isTransientDatabaseAnswer(404, poolExhausted)).toBe(false);
    // A taken experiment name is reported through the same constraint, but no retry frees it.
    const taken = '(sqlite3.IntegrityError) UNIQUE constraint failed: experiments.name';
    expect(isTransientDatabaseAnswer(400, taken, 'RESOURCE_ALREADY_EXISTS')).toBe(false);
    expect(isTransientDatabaseAnswer(400, datasetRace, 'BAD_REQUEST')).toBe(true);
  });

  it.each([
    ['pool exhausted', poolExhausted],
    ['dataset race', datasetRace],
  ])('retries a %s answer and then succeeds', async (_what, message) => {
    const flaky = fetchFailing(2, message);
    const client = createMlflowClient(config, { ...instant, fetch: flaky.fetch });
    await client.logMetrics('run-1', [{ key: 'loss', value: 1, step: 1 }]);
    expect(flaky.calls()).toBe(3);
  });

  it('still fails a plain bad request at once, naming the endpoint', async () => {
    const flaky = fetchFailing(5, "Invalid value 'x' for parameter 'run_id'");
    const client = createMlflowClient(config, { ...instant, fetch: flaky.fetch });
    const error = await client.logMetrics('x', [{ key: 'loss', value: 1, step: 1 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowError);
    expect((error as MlflowError).message).toContain('/api/2.0/mlflow/runs/log-batch: HTTP 400');
    expect((error as MlflowError).retryable).toBe(false);
    expect(flaky.calls()).toBe(1);
  });
});
