import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { createMlflowClient, MlflowError, Secret, trackingConfigFromEnv } from '@bcml/tracking';
import { BcmlError, InvalidInputError } from '@bcml/core';

import { requestUrl, TRACKING_URI } from './helpers.js';

const PASSWORD = 's3cr3t-Pa55word-do-not-leak';
const TOKEN = 'tok-0123456789-do-not-leak';

describe('trackingConfigFromEnv', () => {
  it('defaults to the local stack and MLflow-like retry settings', () => {
    const config = trackingConfigFromEnv({});
    expect(config.trackingUri).toBe('http://127.0.0.1:5000');
    expect(config.auth).toBeUndefined();
    expect(config.retry).toEqual({ maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 10_000 });
    expect(config.requestTimeoutMs).toBe(120_000);
  });

  it('reads basic auth, bearer tokens, retries and timeouts with MLflow names', () => {
    const basic = trackingConfigFromEnv({
      MLFLOW_TRACKING_URI: 'https://mlflow.example.com:8443/base/',
      MLFLOW_TRACKING_USERNAME: 'alice',
      MLFLOW_TRACKING_PASSWORD: PASSWORD,
      MLFLOW_TRACKING_TOKEN: TOKEN,
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2',
      MLFLOW_HTTP_REQUEST_TIMEOUT: '1.5',
    });
    expect(basic.trackingUri).toBe('https://mlflow.example.com:8443/base');
    expect(basic.auth?.kind).toBe('basic');
    expect(basic.auth?.kind === 'basic' && basic.auth.password.reveal()).toBe(PASSWORD);
    expect(basic.retry.maxAttempts).toBe(3);
    expect(basic.requestTimeoutMs).toBe(1500);

    const bearer = trackingConfigFromEnv({ MLFLOW_TRACKING_URI: 'https://h', MLFLOW_TRACKING_TOKEN: TOKEN });
    expect(bearer.auth?.kind === 'bearer' && bearer.auth.token.reveal()).toBe(TOKEN);
  });

  it('moves credentials out of the URI into basic auth', () => {
    const config = trackingConfigFromEnv({ MLFLOW_TRACKING_URI: `https://bob:${PASSWORD}@mlflow.example.com/?x=1` });
    expect(config.trackingUri).toBe('https://mlflow.example.com');
    expect(config.auth?.kind === 'basic' && [config.auth.username, config.auth.password.reveal()]).toEqual([
      'bob',
      PASSWORD,
    ]);
  });

  it('names the variable of a bad setting, never its secret', () => {
    const bad = (env: Record<string, string>): InvalidInputError => {
      try {
        trackingConfigFromEnv(env);
      } catch (error) {
        if (error instanceof InvalidInputError) return error;
      }
      throw new Error('expected an InvalidInputError');
    };
    expect(bad({ MLFLOW_TRACKING_URI: 'file:///tmp/mlruns' }).message).toContain('MLFLOW_TRACKING_URI');
    expect(bad({ MLFLOW_TRACKING_URI: `not a url ${PASSWORD}` }).message).not.toContain(PASSWORD);
    expect(bad({ MLFLOW_TRACKING_PASSWORD: PASSWORD }).field).toBe('MLFLOW_TRACKING_USERNAME');
    expect(bad({ MLFLOW_TRACKING_PASSWORD: PASSWORD }).message).not.toContain(PASSWORD);
    expect(bad({ MLFLOW_TRACKING_USERNAME: 'alice' }).field).toBe('MLFLOW_TRACKING_PASSWORD');
    expect(bad({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: '-1' }).field).toBe('MLFLOW_HTTP_REQUEST_MAX_RETRIES');
    expect(bad({ MLFLOW_HTTP_REQUEST_TIMEOUT: '0' }).field).toBe('MLFLOW_HTTP_REQUEST_TIMEOUT');
  });
});

describe('secrets', () => {
  it('never appear in toString, JSON or inspect of the config', () => {
    const basic = trackingConfigFromEnv({ MLFLOW_TRACKING_USERNAME: 'alice', MLFLOW_TRACKING_PASSWORD: PASSWORD });
    const bearer = trackingConfigFromEnv({ MLFLOW_TRACKING_TOKEN: TOKEN });
    for (const config of [basic, bearer]) {
      const renderings = [
        JSON.stringify(config),
        inspect(config, { depth: 10, showHidden: true }),
        String(config.auth?.kind === 'basic' ? config.auth.password : config.auth?.token),
        `${JSON.stringify({ ...config })}`,
        JSON.stringify(Object.entries(config.auth ?? {})),
      ];
      for (const text of renderings) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(TOKEN);
      }
    }
    expect(JSON.stringify(basic)).toContain('"password":"***"');
    expect(String(new Secret(TOKEN))).toBe('***');
  });

  it('never appear in errors from the server (endpoint is the path only)', async () => {
    const config = trackingConfigFromEnv({
      MLFLOW_TRACKING_URI: TRACKING_URI,
      MLFLOW_TRACKING_USERNAME: 'alice',
      MLFLOW_TRACKING_PASSWORD: PASSWORD,
    });
    const client = createMlflowClient(config);
    const error = await client.getRun('0123456789abcdef0123456789abcdef').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlflowError);
    const mlflowError = error as MlflowError;
    expect(mlflowError).toBeInstanceOf(BcmlError);
    expect(mlflowError.status).toBe(404);
    expect(mlflowError.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(mlflowError.retryable).toBe(false);
    expect(mlflowError.endpoint).toBe('/api/2.0/mlflow/runs/get');
    const text = [mlflowError.message, mlflowError.stack ?? '', JSON.stringify(mlflowError), inspect(mlflowError)];
    for (const rendering of text) expect(rendering).not.toContain(PASSWORD);
  });

  it('travel only in the Authorization header, to an https base path', async () => {
    // A recording fetch: checks what the client sends to an https server with a base path (no such server here).
    const seen: { url: string; authorization: string | null }[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      seen.push({ url: requestUrl(input), authorization: new Headers(init?.headers).get('authorization') });
      return Promise.resolve(new Response(JSON.stringify({ experiment: { experiment_id: '7', name: 'x' } })));
    };
    const config = trackingConfigFromEnv({
      MLFLOW_TRACKING_URI: 'https://mlflow.example.com/base',
      MLFLOW_TRACKING_TOKEN: TOKEN,
    });
    const experiment = await createMlflowClient(config, { fetch: recordingFetch }).getExperimentByName('a b');
    expect(experiment?.experimentId).toBe('7');
    expect(seen).toEqual([
      {
        url: 'https://mlflow.example.com/base/api/2.0/mlflow/experiments/get-by-name?experiment_name=a+b',
        authorization: `Bearer ${TOKEN}`,
      },
    ]);
  });
});
