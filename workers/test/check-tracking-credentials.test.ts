import { describe, expect, it } from 'vitest';

import { isRetryable, MlflowError, trackingConfigFromEnv } from '@bcml/tracking';
import { checkTrackingCredentials, startWorker } from '@bcml/workers';

const config = trackingConfigFromEnv({
  MLFLOW_TRACKING_URI: 'http://127.0.0.1:15000',
  MLFLOW_TRACKING_USERNAME: 'alice',
  MLFLOW_TRACKING_PASSWORD: 'wrong-password-1234',
});

/** A logger that keeps warnings, and a fake fetch that answers every request with `answer`, counting them. */
function setup(answer: () => Response) {
  const warnings: string[] = [];
  const requests: string[] = [];
  const fetch = ((input: string | URL) => {
    requests.push(String(input));
    return Promise.resolve(answer());
  }) as typeof globalThis.fetch;
  return { warnings, requests, logger: { info: () => undefined, warn: (m: string) => void warnings.push(m) }, fetch };
}

describe('checkTrackingCredentials', () => {
  it('refuses credentials the server rejects with a non-retryable 401 naming the variables, once', async () => {
    const { logger, fetch, requests } = setup(() => new Response('You are not authenticated.', { status: 401 }));
    const error = await checkTrackingCredentials(config, logger, { fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowError);
    expect((error as MlflowError).status).toBe(401);
    expect(isRetryable(error)).toBe(false);
    expect((error as Error).message).toContain('MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD');
    expect((error as Error).message).not.toContain('wrong-password-1234');
    expect(requests).toHaveLength(1);
  });

  it('only warns when the server is down or the user may not read the default experiment', async () => {
    for (const status of [503, 403]) {
      const { logger, fetch, warnings, requests } = setup(() => new Response('{}', { status }));
      await checkTrackingCredentials(config, logger, { fetch });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`could not check MLflow at http://127.0.0.1:15000 at start: `);
      expect(requests).toHaveLength(1);
    }
  });

  it('passes when the server answers', async () => {
    const { logger, fetch, warnings } = setup(
      () => new Response(JSON.stringify({ error_code: 'RESOURCE_DOES_NOT_EXIST' }), { status: 404 }),
    );
    await checkTrackingCredentials(config, logger, { fetch });
    expect(warnings).toEqual([]);
  });

  it('startWorker refuses to start when the check fails: no backend, no worker', async () => {
    const started: string[] = [];
    const refused = new MlflowError('HTTP 401', {
      method: 'GET',
      endpoint: '/api/2.0/mlflow/experiments/get-by-name',
      status: 401,
      errorCode: undefined,
      retryable: false,
    });
    const error = await startWorker(
      {
        pool: 'control',
        concurrency: 1,
        temporal: { address: '127.0.0.1:17233', namespace: 'bcml-test' },
        tracking: config,
        storageDir: '/tmp/bcml-check-tracking-test',
        cacheDir: '/tmp/bcml-check-tracking-test/cache',
        logger: { info: () => undefined, warn: () => undefined },
      },
      {
        checkTracking: () => Promise.reject(refused),
        selectBackend: () => Promise.reject(new Error(`${started.push('backend')}`)),
        runWorker: () => Promise.reject(new Error(`${started.push('worker')}`)),
      },
    ).catch((e: unknown) => e);
    expect(error).toBe(refused);
    expect(started).toEqual([]);
  });
});
