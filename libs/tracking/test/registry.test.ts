import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '@bcml/core';
import { MlflowError, modelAliasUri, modelVersionUri, parseModelUri, TFJS_FLAVOR } from '@bcml/tracking';

import {
  deleteCreatedExperiments,
  deleteCreatedRegisteredModels,
  newExperiment,
  newRegisteredModelName,
  stackClient,
  tempDir,
} from './helpers.js';

const client = stackClient();
const work = tempDir('registry');
afterAll(() => work.remove());
afterAll(deleteCreatedExperiments);
afterAll(deleteCreatedRegisteredModels);

/** A saved tfjs layers model as `model.save('file://…')` writes it: model.json + one weight shard. */
function tfjsModelFolder(name: string): { dir: string; weights: Buffer } {
  const dir = join(work.path, name);
  mkdirSync(dir, { recursive: true });
  const weights = randomBytes(4 * 10 * 3 + 4 * 3);
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
    convertedBy: null,
    modelTopology: { class_name: 'Sequential', config: { name: 'h2', layers: [] } },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'dense/kernel', shape: [10, 3], dtype: 'float32' },
          { name: 'dense/bias', shape: [3], dtype: 'float32' },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(join(dir, 'weights.bin'), weights);
  return { dir, weights };
}

describe('logTfjsModel', () => {
  it('uploads model.json, the weights and an MLmodel with the bcml_tfjs flavor, and records it', async () => {
    const experimentId = await newExperiment(client, 'model');
    const run = await client.createRun(experimentId, { runName: 'h2' });
    const { dir } = tfjsModelFolder('h2');
    const logged = await client.logTfjsModel(run.info, dir, {
      flavorConfig: { classes: 3 },
      signature: { inputShape: [10], outputShape: [3] },
    });
    expect(logged).toMatchObject({
      artifactPath: 'model',
      artifactUri: `${run.info.artifactUri}/model`,
      modelUri: `runs:/${run.info.runId}/model`,
      files: ['model/MLmodel', 'model/model.json', 'model/weights.bin'],
      recorded: true,
    });
    const down = join(work.path, 'h2-down');
    await client.downloadArtifact(run.info.artifactUri, 'model/MLmodel', join(down, 'MLmodel'));
    const mlmodel = readFileSync(join(down, 'MLmodel'), 'utf8');
    expect(mlmodel).toContain(`artifact_path: "model"\nflavors:\n  ${TFJS_FLAVOR}:\n    classes: 3\n`);
    expect(mlmodel).toContain('    model_json: "model.json"\n');
    expect(mlmodel).toContain('    weight_files:\n    - "weights.bin"\n');
    expect(mlmodel).toContain(`run_id: "${run.info.runId}"`);
    expect(mlmodel).toMatch(/utc_time_created: "\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}"/);
    const tensor = (shape: number[]): string =>
      JSON.stringify(JSON.stringify([{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape } }]));
    expect(mlmodel).toContain(
      `signature:\n  inputs: ${tensor([-1, 10])}\n  outputs: ${tensor([-1, 3])}\n  params: null\n`,
    );

    const history = (await client.getRun(run.info.runId)).data.tags['mlflow.log-model.history'];
    expect(JSON.parse(history ?? '[]')).toMatchObject([
      { artifact_path: 'model', run_id: run.info.runId, flavors: { [TFJS_FLAVOR]: { model_json: 'model.json' } } },
    ]);
    // `recorded: true`: the server built its Model from this dictionary (ModelSignature.from_dict parses the
    // signature's JSON; malformed tensor specs fail the request). Its history tag leaves signatures out.
  });

  it('refuses a folder whose manifest names a missing weight file', async () => {
    const experimentId = await newExperiment(client, 'model-bad');
    const run = await client.createRun(experimentId);
    const { dir } = tfjsModelFolder('broken');
    writeFileSync(
      join(dir, 'model.json'),
      JSON.stringify({ format: 'layers-model', weightsManifest: [{ paths: ['gone.bin'], weights: [] }] }),
    );
    await expect(client.logTfjsModel(run.info, dir)).rejects.toThrow(InvalidInputError);
    expect(await client.listArtifacts(run.info.artifactUri)).toEqual([]);
  });
});

describe('model registry', () => {
  it('registers versions from run artifacts, moves aliases, resolves models:/ URIs and downloads', async () => {
    const experimentId = await newExperiment(client, 'registry');
    const name = newRegisteredModelName('model');
    const created = await client.createRegisteredModel(name, { description: 'h1 candidates' });
    const again = await client.createRegisteredModel(name);
    expect(again.name).toBe(created.name);
    expect(again.description).toBe('h1 candidates');

    const versions = [];
    const weights: Buffer[] = [];
    for (const label of ['v1', 'v2']) {
      const run = await client.createRun(experimentId, { runName: label });
      const model = tfjsModelFolder(`${name}-${label}`);
      weights.push(model.weights);
      await client.logTfjsModel(run.info, model.dir);
      const version = await client.createModelVersion(name, run.info, 'model', { tags: { label } });
      expect(version.source).toBe(`${run.info.artifactUri}/model`);
      expect(version.runId).toBe(run.info.runId);
      const ready = await client.waitForModelVersion(name, version.version, { pollIntervalMs: 100 });
      expect(ready.status).toBe('READY');
      versions.push(ready);
    }
    const [v1, v2] = versions;
    expect([v1?.version, v2?.version]).toEqual(['1', '2']);

    await client.setModelAlias(name, 'champion', '1');
    await client.setModelAlias(name, 'challenger', '2');
    expect((await client.getRegisteredModel(name)).aliases).toEqual({ champion: '1', challenger: '2' });
    expect((await client.getModelVersionByAlias(name, 'champion')).version).toBe('1');
    expect((await client.resolveModelUri(modelAliasUri(name, 'challenger'))).tags.label).toBe('v2');
    expect((await client.resolveModelUri(modelVersionUri(name, '1'))).aliases).toEqual(['champion']);
    expect((await client.resolveModelUri(`models:/${name}/latest`)).version).toBe('2');

    // Promote: the challenger becomes champion.
    await client.setModelAlias(name, 'champion', '2');
    await client.deleteModelAlias(name, 'challenger');
    expect((await client.getRegisteredModel(name)).aliases).toEqual({ champion: '2' });

    expect(await client.getModelVersionDownloadUri(name, '2')).toBe(v2?.source);
    const dir = join(work.path, `${name}-champion`);
    const files = await client.downloadModel(modelAliasUri(name, 'champion'), dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['MLmodel', 'model.json', 'weights.bin']);
    expect(readFileSync(join(dir, 'weights.bin')).equals(weights[1] ?? Buffer.alloc(0))).toBe(true);
    const byRun = join(work.path, `${name}-run`);
    await client.downloadModel(`runs:/${v1?.runId ?? ''}/model`, byRun);
    expect(readFileSync(join(byRun, 'weights.bin')).equals(weights[0] ?? Buffer.alloc(0))).toBe(true);

    const missing = await client.resolveModelUri(modelAliasUri(name, 'gone')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MlflowError);
    expect((missing as MlflowError).retryable).toBe(false);
  });

  it('deletes a registered model with its versions: the name is free again; a missing one is refused', async () => {
    const experimentId = await newExperiment(client, 'registry-delete');
    const name = newRegisteredModelName('deleted-model');
    await client.createRegisteredModel(name);
    const run = await client.createRun(experimentId);
    await client.logTfjsModel(run.info, tfjsModelFolder(`${name}-v1`).dir);
    const version = await client.createModelVersion(name, run.info, 'model');
    await client.setModelAlias(name, 'champion', version.version);

    await client.deleteRegisteredModel(name);
    // Each request starts only when awaited: a second one rejecting while the first is awaited would be an unhandled
    // rejection for a moment, which fails the Vitest run even though every test passes.
    for (const gone of [() => client.getRegisteredModel(name), () => client.getModelVersion(name, version.version)]) {
      const error = await gone().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MlflowError);
      expect((error as MlflowError).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    }
    // The run's artifacts stay.
    const files = await client.listArtifactFiles(run.info.artifactUri, 'model');
    expect(files.map((f) => f.path)).toContain('model/model.json');
    // A hard delete: the name can be registered again, from version 1.
    await client.createRegisteredModel(name);
    const again = await client.createModelVersion(name, run.info, 'model');
    expect(again.version).toBe('1');

    const refused = await client.deleteRegisteredModel(`${name}-never-created`).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MlflowError);
    expect((refused as MlflowError).errorCode).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((refused as MlflowError).retryable).toBe(false);
  });

  it('parses models:/ URIs as MLflow does', () => {
    expect(parseModelUri('models:/adult@champion')).toEqual({ kind: 'alias', name: 'adult', alias: 'champion' });
    expect(parseModelUri('models:/adult/12')).toEqual({ kind: 'version', name: 'adult', version: '12' });
    expect(parseModelUri('models:/adult/latest')).toEqual({ kind: 'latest', name: 'adult' });
    for (const bad of ['models:/', 'models:/a/b/c', 'models:/a@', 'runs:/x/model', 'models:/a/Production']) {
      expect(() => parseModelUri(bad)).toThrow(InvalidInputError);
    }
  });
});
