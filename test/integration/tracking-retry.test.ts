import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMlflowClient, isRetryable, MlflowError, trackingConfigFromEnv } from '@bcml/tracking';

import { testMlflowServer, type TestMlflowServer } from './mlflow-test-server.js';

let server: TestMlflowServer;

beforeAll(async () => {
  server = await testMlflowServer();
  await server.start();
});

afterAll(async () => {
  await server.dispose();
});

describe('@bcml/tracking against a server that goes away and comes back', () => {
  it('fails after its bounded retries with a retryable MlflowError, then the same call succeeds', async () => {
    const config = {
      ...trackingConfigFromEnv({ MLFLOW_TRACKING_URI: server.trackingUri }),
      retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 400 },
    };
    const client = createMlflowClient(config);
    const experiment = await client.getOrCreateExperiment('bcml-retry');
    const run = await client.createRun(experiment.experimentId, { runName: 'survives-restart' });
    await client.logMetrics(run.info.runId, [{ key: 'loss', value: 0.5, step: 0 }]);

    await server.stop();
    const started = Date.now();
    const error = await client.getRun(run.info.runId).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(MlflowError);
    const failure = error as MlflowError;
    expect(isRetryable(failure)).toBe(true);
    expect(failure.status).toBeUndefined();
    expect(failure.attempts).toBe(3);
    expect(failure.endpoint).toBe('/api/2.0/mlflow/runs/get');
    expect(failure.message).toMatch(/network error \(ECONNREFUSED\).*gave up after 3 attempts/);
    // Two backoff delays: 50..100 ms, then 100..200 ms.
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(5000);

    // A patient call issued while the server is down succeeds once it is back.
    const patient = createMlflowClient({
      ...config,
      retry: { maxAttempts: 200, initialDelayMs: 100, maxDelayMs: 500 },
    });
    const pending = patient.getRun(run.info.runId);
    await server.start();
    expect((await pending).info.runId).toBe(run.info.runId);

    const again = await client.getRun(run.info.runId);
    expect(again.info.runId).toBe(run.info.runId);
    expect(again.data.metrics).toEqual({ loss: 0.5 });
  });
});
