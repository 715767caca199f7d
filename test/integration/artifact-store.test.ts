import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createMlflowClient, trackingConfigFromEnv, type MlflowClient } from '@bcml/tracking';
import { createArtifactCache, createArtifactStore, mlflowArtifactTransport, type ArtifactStore } from '@bcml/workers';

import { testMlflowServer, type TestMlflowServer } from './mlflow-test-server.js';

// The data plane on a real MLflow server (`--serve-artifacts`): what one worker puts, another fetches by reference,
// streamed, verified and cached by digest; nothing but the reference travels.

const tmp = mkdtempSync(join(tmpdir(), 'bcml-artifact-store-'));
let server: TestMlflowServer | undefined;
let tracking: MlflowClient;
let artifactUri: string;
let runId: string;

const storeAt = (name: string): ArtifactStore =>
  createArtifactStore({
    transports: [mlflowArtifactTransport(tracking)],
    cache: createArtifactCache({ dir: join(tmp, name) }),
  });

beforeAll(async () => {
  server = await testMlflowServer();
  await server.start();
  tracking = createMlflowClient(trackingConfigFromEnv({ MLFLOW_TRACKING_URI: server.trackingUri }));
  const experiment = await tracking.getOrCreateExperiment('artifact-store');
  const run = await tracking.createRun(experiment.experimentId, { runName: 'data-plane' });
  artifactUri = run.info.artifactUri;
  runId = run.info.runId;
});

afterAll(async () => {
  await server?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the MLflow artifact store as the data plane', () => {
  it('moves a folder from one worker to another through mlflow-artifacts:/ and runs:/ references', async () => {
    const source = join(tmp, 'model');
    mkdirSync(join(source, 'weights'), { recursive: true });
    writeFileSync(join(source, 'model.json'), '{"format":"layers-model"}');
    const weights = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    writeFileSync(join(source, 'weights', 'group1-shard1of1.bin'), weights);

    const ref = await storeAt('cache-control').putFolder(source, `${artifactUri}/initial-model/mlp`);
    expect(ref).toMatch(/^mlflow-artifacts:\/.+\/initial-model\/mlp#folder-sha256=[0-9a-f]{64}$/);
    const listed = await tracking.listArtifactFiles(artifactUri, 'initial-model/mlp');
    expect(listed.map((e) => e.path)).toEqual([
      'initial-model/mlp/.bcml-manifest.json',
      'initial-model/mlp/model.json',
      'initial-model/mlp/weights/group1-shard1of1.bin',
    ]);

    const trainer = storeAt('cache-trainer');
    const local = await trainer.fetch(ref, 'prepared.initialModelUri');
    expect(readFileSync(join(local, 'model.json'), 'utf8')).toBe('{"format":"layers-model"}');
    expect(readFileSync(join(local, 'weights', 'group1-shard1of1.bin')).equals(weights)).toBe(true);

    // The same content by its runs:/ name is the same cache entry.
    const byRun = ref.replace(/^mlflow-artifacts:\/.+?\/initial-model/, `runs:/${runId}/initial-model`);
    expect(await trainer.fetch(byRun, 'h1')).toBe(local);
  });

  it('puts single files and refuses a fetch whose bytes changed after the reference was made', async () => {
    const file = join(tmp, 'train.arrow');
    writeFileSync(file, 'first');
    const store = storeAt('cache-a');
    const ref = await store.putFile(file, `runs:/${runId}/h1-outputs/train.arrow`);
    expect(readFileSync(await storeAt('cache-b').fetch(ref, 'h1'), 'utf8')).toBe('first');
    writeFileSync(file, 'second');
    await tracking.uploadArtifact(artifactUri, file, 'h1-outputs/train.arrow');
    await expect(storeAt('cache-c').fetch(ref, 'h1')).rejects.toThrow(/has SHA-256 [0-9a-f]{64}, expected/);
  });
});
