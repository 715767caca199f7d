import { describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { MlflowError, type MlflowClient } from '@bcml/tracking';
import { registryModelLoader } from '@bcml/workers';

/** A tracking client whose model downloads fail with `error`. */
function failingDownloads(error: Error): MlflowClient {
  return {
    trackingUri: 'http://mlflow.test',
    downloadModel: () => Promise.reject(error),
  } as unknown as MlflowClient;
}

const mlflowError = (
  status: number,
  errorCode: string,
  message: string,
  endpoint = '/api/2.0/mlflow/registered-models/alias',
): MlflowError =>
  new MlflowError(`MLflow GET ${endpoint}: HTTP ${status} ${errorCode}: ${message}`, {
    method: 'GET',
    endpoint,
    status,
    errorCode,
    retryable: status >= 500,
  });

describe('registryModelLoader', () => {
  it('turns an unknown alias (MLflow answers 400) into an InvalidInputError naming the URI and the reason', async () => {
    const loader = registryModelLoader(
      failingDownloads(mlflowError(400, 'INVALID_PARAMETER_VALUE', 'Registered model alias production not found.')),
    );
    const error = await loader.load('models:/credit@production').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toBe(
      'invalid model URI: expected a model that http://mlflow.test has (INVALID_PARAMETER_VALUE: Registered model ' +
        'alias production not found.), received "models:/credit@production"',
    );
  });

  it('passes a server failure and other 400s unchanged, for retry or as they are', async () => {
    const down = mlflowError(503, 'TEMPORARILY_UNAVAILABLE', 'try later');
    expect(
      await registryModelLoader(failingDownloads(down))
        .load('models:/credit@champion')
        .catch((e: unknown) => e),
    ).toBe(down);
    const other = mlflowError(400, 'INVALID_PARAMETER_VALUE', 'bad page token', '/api/2.0/mlflow/model-versions/get');
    expect(
      await registryModelLoader(failingDownloads(other))
        .load('models:/credit/1')
        .catch((e: unknown) => e),
    ).toBe(other);
  });
});
