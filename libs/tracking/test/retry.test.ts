import { afterAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import {
  backoffDelayMs,
  createMlflowClient,
  isRetryable,
  isRetryableStatus,
  MlflowError,
  trackingConfigFromEnv,
  type MlflowClientDeps,
} from '@bcml/tracking';

import { deleteCreatedExperiments, requestUrl, trackExperiment, TRACKING_URI, uniqueName } from './helpers.js';

const options = { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 1000 };

/** A network failure shaped like undici's: TypeError('fetch failed') caused by a coded system error. */
function connectionReset(): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
}

/**
 * A fetch that fails its first `failures` calls with `failure()` and then passes through to the real server:
 * only the retry policy is faked, the call itself is real.
 */
function flakyFetch(failures: number, failure: () => Promise<Response>): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: (input, init) => {
      calls += 1;
      return calls <= failures ? failure() : fetch(input, init);
    },
    calls: () => calls,
  };
}

/** Instant sleeps that record their durations, and a fixed random number. */
function fakeClock(random = 0.5): { deps: Pick<MlflowClientDeps, 'sleep' | 'random'>; sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    deps: {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => random,
    },
    sleeps,
  };
}

const config = () => ({ ...trackingConfigFromEnv({ MLFLOW_TRACKING_URI: TRACKING_URI }), retry: options });
afterAll(deleteCreatedExperiments);

describe('backoffDelayMs', () => {
  it('doubles from initialDelayMs, caps at maxDelayMs, and jitters in [cap/2, cap)', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, options, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, options, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelayMs(3, options, Math.random);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  it("raises the delay to a server's Retry-After, never above maxDelayMs", () => {
    expect(backoffDelayMs(1, options, () => 0, 700)).toBe(700);
    expect(backoffDelayMs(1, options, () => 0, 60_000)).toBe(1000);
  });
});

describe('retries inside the client', () => {
  it('retries network errors with backoff and then succeeds against the real server', async () => {
    const clock = fakeClock();
    const flaky = flakyFetch(2, () => Promise.reject(connectionReset()));
    const client = createMlflowClient(config(), { ...clock.deps, fetch: flaky.fetch });
    const experiment = await client.getOrCreateExperiment(uniqueName('bcml-test-retry'));
    trackExperiment(experiment.experimentId);
    expect(experiment.lifecycleStage).toBe('active');
    expect(clock.sleeps).toEqual([75, 150]);
  });

  it('retries 503 and 429 (honouring Retry-After), then succeeds', async () => {
    const clock = fakeClock(0);
    let n = 0;
    const flaky = flakyFetch(2, () => {
      n += 1;
      return Promise.resolve(
        n === 1
          ? new Response('busy', { status: 503 })
          : new Response('{"error_code":"REQUEST_LIMIT_EXCEEDED"}', { status: 429, headers: { 'retry-after': '0.6' } }),
      );
    });
    const client = createMlflowClient(config(), { ...clock.deps, fetch: flaky.fetch });
    expect(await client.getExperimentByName(uniqueName('absent'))).toBeUndefined();
    expect(clock.sleeps).toEqual([50, 600]);
    expect(flaky.calls()).toBe(3);
  });

  it('gives up after maxAttempts with a retryable MlflowError', async () => {
    const clock = fakeClock();
    const flaky = flakyFetch(Number.POSITIVE_INFINITY, () => Promise.reject(connectionReset()));
    const client = createMlflowClient(config(), { ...clock.deps, fetch: flaky.fetch });
    const error = await client.getRun('0123456789abcdef0123456789abcdef').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowError);
    const mlflowError = error as MlflowError;
    expect(mlflowError.retryable).toBe(true);
    expect(isRetryable(mlflowError)).toBe(true);
    expect(mlflowError.status).toBeUndefined();
    expect(mlflowError.attempts).toBe(4);
    expect(mlflowError.message).toContain('network error (ECONNRESET)');
    expect(mlflowError.message).toContain('gave up after 4 attempts');
    expect(flaky.calls()).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
  });

  it('does not retry a 4xx answer of the real server', async () => {
    const clock = fakeClock();
    const flaky = flakyFetch(0, () => Promise.reject(connectionReset()));
    const client = createMlflowClient(config(), { ...clock.deps, fetch: flaky.fetch });
    const error = await client.getRun('not-a-run').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowError);
    expect((error as MlflowError).status).toBeGreaterThanOrEqual(400);
    expect((error as MlflowError).status).toBeLessThan(500);
    expect(isRetryable(error)).toBe(false);
    expect(flaky.calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('treats a request timeout as a retryable network failure', async () => {
    const clock = fakeClock();
    const timeout = (): Promise<Response> =>
      Promise.reject(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }));
    const flaky = flakyFetch(1, timeout);
    const client = createMlflowClient(config(), { ...clock.deps, fetch: flaky.fetch });
    expect(await client.getExperimentByName(uniqueName('absent'))).toBeUndefined();
    expect(clock.sleeps).toHaveLength(1);
  });

  it('retries getOrCreateRun as a whole: search then create, never two runs', async () => {
    const clock = fakeClock();
    const real = createMlflowClient(config());
    const experimentId = trackExperiment(
      (await real.getOrCreateExperiment(uniqueName('bcml-test-retry-run'))).experimentId,
    );
    // The create reaches the server, but its answer is lost: the retry must find the run instead of creating one.
    let lost = false;
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!lost && requestUrl(input).endsWith('/runs/create')) {
        lost = true;
        throw connectionReset();
      }
      return response;
    };
    const client = createMlflowClient(config(), { ...clock.deps, fetch: losingFetch });
    const { run, created } = await client.getOrCreateRun(experimentId, 'point/0.25');
    expect(lost).toBe(true);
    expect(created).toBe(false);
    expect(clock.sleeps).toHaveLength(1);
    const page = await real.searchRunsPage({ experimentIds: [experimentId] });
    expect(page.runs.map((r) => r.info.runId)).toEqual([run.info.runId]);
  });
});

describe('isRetryable', () => {
  it('is true for retryable bcml errors only', () => {
    const error = (status: number | undefined) =>
      new MlflowError('x', {
        method: 'GET',
        endpoint: '/x',
        status,
        errorCode: undefined,
        retryable: status === undefined || isRetryableStatus(status),
      });
    expect([undefined, 429, 500, 502, 503, 504].map((s) => isRetryable(error(s)))).toEqual(Array(6).fill(true));
    expect([400, 401, 403, 404, 409].map((s) => isRetryable(error(s)))).toEqual(Array(5).fill(false));
    expect(isRetryable(new InvalidInputError('x', 'y', 'z'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
    expect(isRetryable('boom')).toBe(false);
  });
});
