import { createMlflowClient, MlflowError, type MlflowClientDeps, type TrackingConfig } from '@bcml/tracking';

import { type WorkerLogger } from './worker-logger.js';

/**
 * Checks the worker's MLflow credentials once at start (one request, no retries): credentials the server refuses
 * (HTTP 401) are a non-retryable `MlflowError` naming MLFLOW_TRACKING_USERNAME/PASSWORD, so a worker with a wrong
 * password refuses to start instead of failing every sweep's prepare. Any other failure (the server down, a
 * permission the user lacks) is a warning only: activities retry, and need other permissions than this check.
 */
export async function checkTrackingCredentials(
  config: TrackingConfig,
  logger: WorkerLogger,
  deps: MlflowClientDeps = {},
): Promise<void> {
  const probe = createMlflowClient(
    {
      ...config,
      retry: { ...config.retry, maxAttempts: 1 },
      requestTimeoutMs: Math.min(config.requestTimeoutMs, 10_000),
    },
    deps,
  );
  try {
    await probe.getExperimentByName('Default');
  } catch (error) {
    if (error instanceof MlflowError && error.status === 401) throw error;
    logger.warn(`could not check MLflow at ${probe.trackingUri} at start: ${(error as Error).message}`);
  }
}
