import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { createDatasetTable, writeDataset } from '@bcml/data';
import { createMlflowClient, trackingConfigFromEnv, type MlflowClient } from '@bcml/tracking';
import { datasetResolver } from '@bcml/workers';

import { testMlflowServer, type TestMlflowServer } from './mlflow-test-server.js';

// Datasets kept as MLflow run artifacts (`runs:/<run>/<path>`), read by the workers' resolver from a real server.

const tmp = mkdtempSync(join(tmpdir(), 'bcml-dataset-artifacts-'));
let server: TestMlflowServer | undefined;
let tracking: MlflowClient;
let runId: string;
const folder = join(tmp, 'credit');

function table(ids: number[], ages: number[], labels: number[]) {
  return createDatasetTable({ ids, labels, classes: ['no', 'yes'], columns: { age: Float64Array.from(ages) } });
}

beforeAll(async () => {
  server = await testMlflowServer();
  await server.start();
  tracking = createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: server.trackingUri }));
  mkdirSync(folder);
  await writeDataset(join(folder, 'train.arrow'), table([0, 1, 2, 3], [20, 30, 40, 50], [0, 1, 0, 1]));
  await writeDataset(join(folder, 'test.arrow'), table([7, 8], [25, 45], [1, 0]));
  const experiment = await tracking.getOrCreateExperiment('datasets');
  const run = await tracking.createRun(experiment.experimentId, { runName: 'credit-data' });
  runId = run.info.runId;
  await tracking.uploadArtifacts(run.info.artifactUri, folder, 'data');
});

afterAll(async () => {
  await server?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

const spec = (uri: string) => ({ uri, trainSplit: 'train', testSplit: 'test' });

describe('datasetResolver: runs:/ artifact datasets on a real MLflow server', () => {
  it('reads a run’s folder of split files, and a {split} template, exactly as the local folder', async () => {
    const local = await datasetResolver()(spec(folder));
    const resolve = datasetResolver({ tracking });
    for (const uri of [`runs:/${runId}/data`, `runs:/${runId}/data/{split}.arrow`]) {
      const remote = await resolve(spec(uri));
      expect(remote.sha256, uri).toBe(local.sha256);
      expect(remote.classes).toEqual(['no', 'yes']);
      for (const split of ['train', 'test']) {
        const a = local.splits[split]!.examples;
        const b = remote.splits[split]!.examples;
        expect(Array.from(b.ids)).toEqual(Array.from(a.ids));
        const rowsA = new Float32Array(a.size * a.width);
        const rowsB = new Float32Array(b.size * b.width);
        a.gather(
          Array.from({ length: a.size }, (_, i) => i),
          rowsA,
        );
        b.gather(
          Array.from({ length: b.size }, (_, i) => i),
          rowsB,
        );
        expect(Array.from(rowsB)).toEqual(Array.from(rowsA));
      }
    }
  });

  it('names dataset.uri for a missing run or artifact, or when the worker has no tracking server', async () => {
    const resolve = datasetResolver({ tracking });
    for (const uri of [`runs:/${runId}/no-such-folder`, 'runs:/0123456789abcdef0123456789abcdef/data']) {
      const error = await resolve(spec(uri)).catch((e: unknown) => e);
      expect(error, uri).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe('dataset.uri');
    }
    const untracked = await datasetResolver()(spec(`runs:/${runId}/data`)).catch((e: unknown) => e);
    expect((untracked as InvalidInputError).field).toBe('dataset.uri');
    expect((untracked as Error).message).toContain('no tracking server');
  });
});
