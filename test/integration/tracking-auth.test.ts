import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMlflowClient, isRetryable, MlflowError, trackingConfigFromEnv } from '@bcml/tracking';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';

import { testMlflowServer, type AdminCredentials, type TestMlflowServer } from './mlflow-test-server.js';

let server: TestMlflowServer;
let admin: AdminCredentials;
const work = mkdtempSync(join(tmpdir(), 'bcml-auth-'));

beforeAll(async () => {
  const made = await testMlflowServer({ basicAuth: true });
  server = made;
  if (made.admin === undefined) throw new Error('the basic-auth server has no admin credentials');
  admin = made.admin;
  await server.start();
});

afterAll(async () => {
  await server.dispose();
  rmSync(work, { recursive: true, force: true });
});

const clientWith = (env: Record<string, string>) =>
  createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: server.trackingUri, ...env }));

describe('@bcml/tracking against the basic-auth app', () => {
  it('gives a clear, non-retryable 401 for a wrong password or none, without leaking it', async () => {
    const wrong = 'wrong-password-0123456789';
    for (const env of [{ MLFLOW_TRACKING_USERNAME: admin.username, MLFLOW_TRACKING_PASSWORD: wrong }, {}]) {
      const error = await clientWith(env)
        .getOrCreateExperiment('bcml-auth')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MlflowError);
      const failure = error as MlflowError;
      expect(failure.status).toBe(401);
      expect(isRetryable(failure)).toBe(false);
      expect(failure.attempts).toBe(1);
      expect(failure.message).toContain('HTTP 401 (not authenticated: check MLFLOW_TRACKING_USERNAME');
      for (const text of [failure.message, failure.stack ?? '', inspect(failure), JSON.stringify(failure)]) {
        expect(text).not.toContain(wrong);
        expect(text).not.toContain(admin.password);
      }
    }
  });

  it('works with the right password: runs, logging and proxied artifacts', async () => {
    const client = clientWith({ MLFLOW_TRACKING_USERNAME: admin.username, MLFLOW_TRACKING_PASSWORD: admin.password });
    const experiment = await client.getOrCreateExperiment('bcml-auth');
    const run = await client.createRun(experiment.experimentId, { runName: 'authenticated' });
    await client.logBatch(run.info.runId, { params: { lambda: 0.5 }, metrics: [{ key: 'loss', value: 0.1 }] });
    const file = join(work, 'note.txt');
    writeFileSync(file, 'behind basic auth');
    await client.uploadArtifact(run.info.artifactUri, file);
    await client.downloadArtifact(run.info.artifactUri, 'note.txt', join(work, 'back.txt'));
    expect(readFileSync(join(work, 'back.txt'), 'utf8')).toBe('behind basic auth');
    const fetched = await client.getRun(run.info.runId);
    expect(fetched.data.params).toEqual({ lambda: '0.5' });
    expect(fetched.data.metrics).toEqual({ loss: 0.1 });
  });
});
